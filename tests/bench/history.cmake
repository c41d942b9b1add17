# The history screen's lazy model over a million orders, against the bare
# OrderRepository::history call on the same file. Not a test: run
# build/<preset>/tests/history_model_bench [orders] by hand (it prints ratios).
# A small smoke run is in ctest, labelled "bench", so a broken benchmark is noticed.
if(PAYDESK_BUILD_BENCHMARKS)
    add_executable(history_model_bench ${CMAKE_CURRENT_LIST_DIR}/history_model_bench.cpp)
    target_link_libraries(history_model_bench PRIVATE paydesk::ui)
    paydesk_set_warnings(history_model_bench)
    add_test(NAME bench_history_model_smoke COMMAND history_model_bench 20000)
    set_tests_properties(bench_history_model_smoke PROPERTIES LABELS bench TIMEOUT 300
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen")
endif()
