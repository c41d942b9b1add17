# libFuzzer targets for what arrives from outside: notification bodies, API
# JSON results and trade bills.
#
# With -DPAYDESK_BUILD_FUZZERS=ON (the `fuzz` preset: clang, ASan, UBSan,
# -fsanitize=fuzzer-no-link on everything) each target is a real libFuzzer
# binary and ctest runs it for a short while on its seed corpus (label fuzz).
# In every other build the same target is linked with replay_main.cpp and
# ctest replays the seed corpus through it (label unit), so a broken target or
# a seed that crashes is noticed by the ordinary suite.
set(_paydesk_fuzz_dir ${CMAKE_CURRENT_LIST_DIR})

function(paydesk_add_fuzzer name source corpus)
    if(PAYDESK_BUILD_FUZZERS)
        add_executable(${name} ${_paydesk_fuzz_dir}/${source})
        target_link_libraries(${name} PRIVATE paydesk::core Qt6::Test)
        target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests/common)
        target_link_options(${name} PRIVATE -fsanitize=fuzzer)
        add_test(NAME ${name}_short
            COMMAND ${CMAKE_COMMAND} -DFUZZER=$<TARGET_FILE:${name}> -DSEEDS=${_paydesk_fuzz_dir}/corpus/${corpus}
                    -DWORK=${CMAKE_CURRENT_BINARY_DIR}/fuzz-work/${name} -DSECONDS=$ENV{PAYDESK_FUZZ_SECONDS}
                    -P ${PROJECT_SOURCE_DIR}/cmake/PayDeskRunFuzzer.cmake)
        set_tests_properties(${name}_short PROPERTIES LABELS fuzz TIMEOUT 300)
    else()
        add_executable(${name}_replay ${_paydesk_fuzz_dir}/${source} ${_paydesk_fuzz_dir}/replay_main.cpp)
        target_link_libraries(${name}_replay PRIVATE paydesk::core Qt6::Test)
        target_include_directories(${name}_replay PRIVATE ${PROJECT_SOURCE_DIR}/tests/common)
        paydesk_set_warnings(${name}_replay)
        add_test(NAME ${name}_replay COMMAND ${name}_replay ${_paydesk_fuzz_dir}/corpus/${corpus})
        set_tests_properties(${name}_replay PROPERTIES LABELS unit TIMEOUT 120)
    endif()
endfunction()

paydesk_add_fuzzer(fuzz_notification fuzz_notification.cpp notification)
paydesk_add_fuzzer(fuzz_apiresults fuzz_apiresults.cpp apiresults)
paydesk_add_fuzzer(fuzz_tradebill fuzz_tradebill.cpp tradebill)
