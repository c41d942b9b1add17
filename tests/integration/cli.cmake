# paydesk-cli as a process: arguments and exit codes, yuan parsing, notify
# decode, the API commands against a scripted fake WeChat Pay, and (when
# paydesk-sandbox is built) every command end to end against a real sandbox.
if(NOT TARGET paydesk-cli)
    return()
endif()

paydesk_add_qtest(NAME tst_cli
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_cli.cpp ${PROJECT_SOURCE_DIR}/app/cli/amount.cpp
    LABELS integration
    LIBS Qt6::Network
    TIMEOUT 300)
target_include_directories(tst_cli PRIVATE ${PROJECT_SOURCE_DIR}/app/cli)
target_compile_definitions(tst_cli PRIVATE PAYDESK_CLI_PATH="$<TARGET_FILE:paydesk-cli>")
add_dependencies(tst_cli paydesk-cli)
if(TARGET paydesk-sandbox)
    target_compile_definitions(tst_cli PRIVATE PAYDESK_SANDBOX_PATH="$<TARGET_FILE:paydesk-sandbox>")
    add_dependencies(tst_cli paydesk-sandbox)
endif()
