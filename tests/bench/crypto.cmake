# Sign + verify of a Native order: PayDesk's path against raw OpenSSL EVP calls.
# Not a test: run build/<preset>/tests/sign_verify_bench by hand (it prints the
# PayDesk/raw ratio; the goal is <= 1.2). Only a one-iteration smoke run is in
# ctest, labelled "bench", so a broken benchmark is noticed without timing noise.
if(PAYDESK_BUILD_BENCHMARKS)
    find_package(benchmark 1.7 QUIET)
    if(benchmark_FOUND)
        add_executable(sign_verify_bench ${CMAKE_CURRENT_LIST_DIR}/sign_verify_bench.cpp)
        target_link_libraries(sign_verify_bench PRIVATE paydesk::core benchmark::benchmark OpenSSL::Crypto)
        paydesk_set_warnings(sign_verify_bench)
        add_test(NAME bench_sign_verify_smoke COMMAND sign_verify_bench --smoke)
        set_tests_properties(bench_sign_verify_smoke PROPERTIES LABELS bench TIMEOUT 120)
    else()
        message(STATUS "Google Benchmark not found: tests/bench skipped "
                       "(sudo apt-get install libbenchmark-dev, or -DPAYDESK_BUILD_BENCHMARKS=OFF)")
    endif()
endif()
