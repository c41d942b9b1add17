# Manager and cashier PINs (core/config/pinvault).
paydesk_add_qtest(NAME tst_pinvault
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_pinvault.cpp
    LABELS unit TIMEOUT 120)
