# Reconciliation of a 100,000-row trade bill: PayDesk (parse + compare) against
# wechatpay-axios-plugin's Formatter.castCsvBill on the same file, in the same
# run (tests/bench/bill_bench.cpp, bill_bench.mjs). A measurement, not a ctest
# test: build the target bill_bench and run it, or `cmake --build ... --target
# run_bill_bench`, which passes node and npm (the pinned plugin is installed
# with npm ci into the build tree on first use).
add_executable(bill_bench ${CMAKE_CURRENT_LIST_DIR}/bill_bench.cpp)
target_link_libraries(bill_bench PRIVATE paydesk::core paydesk::sandbox)
paydesk_set_warnings(bill_bench)

find_program(PAYDESK_NODE NAMES node nodejs)
find_program(PAYDESK_NPM NAMES npm)
if(PAYDESK_NODE AND PAYDESK_NPM)
    add_custom_target(run_bill_bench
        COMMAND bill_bench --node ${PAYDESK_NODE} --npm ${PAYDESK_NPM}
                --node-source ${PROJECT_SOURCE_DIR}/tests/node
                --work-dir ${CMAKE_CURRENT_BINARY_DIR}/node-bench
                --script ${CMAKE_CURRENT_LIST_DIR}/bill_bench.mjs
        DEPENDS bill_bench
        USES_TERMINAL
        COMMENT "100,000-row bill: PayDesk reconcile vs wechatpay-axios-plugin castCsvBill")
else()
    add_custom_target(run_bill_bench COMMAND bill_bench DEPENDS bill_bench USES_TERMINAL)
endif()
