# Merchant profiles and the profile store (core/config).
paydesk_add_qtest(NAME tst_merchantprofile
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_merchantprofile.cpp
    LABELS unit)
