# paydesk-cli killed (SIGKILL) at random points of sales and refunds against a
# separate paydesk-sandbox process, recovered each time; then the store must
# equal the sandbox's ledger and no log may hold a secret.
if(NOT TARGET paydesk-cli OR NOT TARGET paydesk-sandbox)
    return()
endif()

paydesk_add_qtest(NAME tst_crash
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_crash.cpp
    LABELS integration
    LIBS Qt6::Network Qt6::Sql
    TIMEOUT 900)
target_compile_definitions(tst_crash PRIVATE
    PAYDESK_CLI_PATH="$<TARGET_FILE:paydesk-cli>"
    PAYDESK_SANDBOX_PATH="$<TARGET_FILE:paydesk-sandbox>")
add_dependencies(tst_crash paydesk-cli paydesk-sandbox)
