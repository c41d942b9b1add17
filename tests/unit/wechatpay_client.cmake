# The protocol client (core/wechatpay): typed requests/results, ApiClient against
# a fake WeChat Pay (QHttpServer on loopback, in the test process), notifications.
paydesk_add_qtest(NAME tst_apitypes
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_apitypes.cpp
    LABELS unit)
paydesk_add_qtest(NAME tst_apiclient
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_apiclient.cpp
    LABELS unit
    LIBS Qt6::HttpServer ZLIB::ZLIB)
paydesk_add_qtest(NAME tst_notificationdecoder
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_notificationdecoder.cpp
    LABELS unit)
