# PayDesk HQ (hq/, app/hq) against a private PostgreSQL cluster that the test
# starts and stops itself (tests/common/pgcluster.h), with real tills
# (paydesk-cli processes and the in-process sync worker) and a real sandbox.
if(NOT TARGET paydesk-cli OR NOT TARGET paydesk-sandbox OR NOT TARGET paydesk-hq OR NOT UNIX)
    return()
endif()

paydesk_add_qtest(NAME tst_hq
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_hq.cpp
    LABELS integration
    LIBS paydesk::hq Qt6::Network Qt6::Sql
    TIMEOUT 600)
target_compile_definitions(tst_hq PRIVATE
    PAYDESK_CLI_PATH="$<TARGET_FILE:paydesk-cli>"
    PAYDESK_SANDBOX_PATH="$<TARGET_FILE:paydesk-sandbox>"
    PAYDESK_HQ_PATH="$<TARGET_FILE:paydesk-hq>")
add_dependencies(tst_hq paydesk-cli paydesk-sandbox paydesk-hq)
