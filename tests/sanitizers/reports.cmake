# Sanitizer reports of every process a sanitized test run starts: the tests
# themselves and the paydesk-cli, paydesk-sandbox and paydesk processes they
# start. CMakePresets.json's fuzz preset sends ASan, UBSan and LSan reports to
# files (log_path=build/fuzz/sanitizer-reports/report.<pid>) instead of stderr,
# so a report is never lost in a child's output that a test reads as JSON,
# cuts to fit a failure message, or ignores because it expected a failure.
#
# Included by tests/CMakeLists.txt in a sanitized build: a ctest fixture clears
# the folder before the first test and fails after the last one if any process
# wrote a report, printing each in full.
#
# Run as a script: cmake -DMODE=clear|check -DDIR=<folder> -P reports.cmake

if(CMAKE_SCRIPT_MODE_FILE)
    if(MODE STREQUAL "clear")
        file(REMOVE_RECURSE "${DIR}")
        file(MAKE_DIRECTORY "${DIR}")
    elseif(MODE STREQUAL "check")
        file(GLOB reports "${DIR}/report.*")
        list(LENGTH reports count)
        if(count EQUAL 0)
            message(STATUS "no sanitizer reports in ${DIR}")
            return()
        endif()
        foreach(report IN LISTS reports)
            file(READ "${report}" text)
            message("---- ${report}\n${text}")
        endforeach()
        message(FATAL_ERROR "${count} sanitizer report(s) in ${DIR} (above); the test that started the "
                            "process usually failed too (exit 23)")
    else()
        message(FATAL_ERROR "MODE must be clear or check")
    endif()
    return()
endif()

set(_paydesk_reports_dir ${CMAKE_BINARY_DIR}/sanitizer-reports)
get_property(_paydesk_sanitized_tests DIRECTORY PROPERTY TESTS)
add_test(NAME sanitizer_reports_clear
         COMMAND ${CMAKE_COMMAND} -DMODE=clear -DDIR=${_paydesk_reports_dir} -P ${CMAKE_CURRENT_LIST_FILE})
add_test(NAME sanitizer_reports
         COMMAND ${CMAKE_COMMAND} -DMODE=check -DDIR=${_paydesk_reports_dir} -P ${CMAKE_CURRENT_LIST_FILE})
set_tests_properties(sanitizer_reports_clear PROPERTIES FIXTURES_SETUP sanitizer_reports LABELS sanitizers)
set_tests_properties(sanitizer_reports PROPERTIES FIXTURES_CLEANUP sanitizer_reports LABELS sanitizers)
if(_paydesk_sanitized_tests)
    set_tests_properties(${_paydesk_sanitized_tests} PROPERTIES FIXTURES_REQUIRED sanitizer_reports)
endif()
