# The sandbox (sandbox/) over real loopback sockets: every /v3 endpoint,
# authentication, the control API, faults, notifications, bills, restarts.
foreach(_sandbox_test tst_sandbox tst_sandbox_refunds tst_sandbox_faults)
    paydesk_add_qtest(NAME ${_sandbox_test}
        SOURCES ${CMAKE_CURRENT_LIST_DIR}/${_sandbox_test}.cpp ${CMAKE_CURRENT_LIST_DIR}/tst_sandbox_support.h
        LABELS integration
        LIBS paydesk_sandbox Qt6::HttpServer ZLIB::ZLIB)
endforeach()
