# PayDesk HQ's sync ingest and a till's catch-up, against a private
# PostgreSQL cluster the benchmark starts itself. Not a test: run
# build/<preset>/tests/hq_sync_bench [orders] [sales] by hand (it prints
# ratios against a bare INSERT ... ON CONFLICT in the same run). A small smoke
# run is in ctest, labelled "bench", so a broken benchmark is noticed.
if(PAYDESK_BUILD_BENCHMARKS AND TARGET paydesk_hq AND UNIX)
    add_executable(hq_sync_bench ${CMAKE_CURRENT_LIST_DIR}/hq_sync_bench.cpp)
    target_link_libraries(hq_sync_bench PRIVATE paydesk::hq Qt6::Network Qt6::Sql)
    target_include_directories(hq_sync_bench PRIVATE ${PROJECT_SOURCE_DIR}/tests/common)
    paydesk_set_warnings(hq_sync_bench)
    add_test(NAME bench_hq_sync_smoke COMMAND hq_sync_bench 600 100)
    set_tests_properties(bench_hq_sync_smoke PROPERTIES LABELS bench TIMEOUT 300)
endif()
