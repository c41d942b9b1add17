# The X/Z report of a day and the recovery sweep over a million orders, against
# the indexed sum of the day's payments, then with schema 3's indexes (same
# run, same file). Not a
# test: run build/<preset>/tests/report_bench [orders] by hand (it prints
# ratios). A small smoke run is in ctest, labelled "bench".
if(PAYDESK_BUILD_BENCHMARKS)
    add_executable(report_bench ${CMAKE_CURRENT_LIST_DIR}/report_bench.cpp)
    target_link_libraries(report_bench PRIVATE paydesk::core)
    paydesk_set_warnings(report_bench)
    add_test(NAME bench_report_smoke COMMAND report_bench 20000)
    set_tests_properties(bench_report_smoke PROPERTIES LABELS bench TIMEOUT 300)
endif()
