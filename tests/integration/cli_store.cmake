# paydesk-cli's store-backed commands (sale, order wait, recover, db check,
# db backup, audit verify, notify listen, history) as a process against a
# paydesk-sandbox process.
if(NOT TARGET paydesk-cli OR NOT TARGET paydesk-sandbox OR NOT UNIX)
    return()
endif()

paydesk_add_qtest(NAME tst_cli_store
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_cli_store.cpp
    LABELS integration
    LIBS Qt6::Network Qt6::Sql
    TIMEOUT 300)
target_compile_definitions(tst_cli_store PRIVATE
    PAYDESK_CLI_PATH="$<TARGET_FILE:paydesk-cli>"
    PAYDESK_SANDBOX_PATH="$<TARGET_FILE:paydesk-sandbox>")
add_dependencies(tst_cli_store paydesk-cli paydesk-sandbox)
