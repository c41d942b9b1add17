# paydesk-cli with the merchant keys moved into the encrypted secrets file:
# secrets import, then config check and a paid sale read the keys from there.
if(NOT TARGET paydesk-cli OR NOT TARGET paydesk-sandbox OR NOT UNIX)
    return()
endif()

paydesk_add_qtest(NAME tst_secrets_cli
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_secrets_cli.cpp
    LABELS integration
    LIBS Qt6::Network
    TIMEOUT 300)
target_compile_definitions(tst_secrets_cli PRIVATE
    PAYDESK_CLI_PATH="$<TARGET_FILE:paydesk-cli>"
    PAYDESK_SANDBOX_PATH="$<TARGET_FILE:paydesk-sandbox>")
add_dependencies(tst_secrets_cli paydesk-cli paydesk-sandbox)
# The GUI's start-up path with the keys in the store (paydesk --measure-startup).
if(TARGET paydesk)
    target_compile_definitions(tst_secrets_cli PRIVATE PAYDESK_GUI_PATH="$<TARGET_FILE:paydesk>")
    add_dependencies(tst_secrets_cli paydesk)
endif()
