# Code pay (付款码) in the protocol client: the request's checks and JSON, and
# how ApiClient reads the codepay and reverse answers from a small fake.
paydesk_add_qtest(NAME tst_codepay_client
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_codepay_client.cpp
    LABELS unit
    LIBS Qt6::HttpServer)
