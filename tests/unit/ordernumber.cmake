paydesk_add_qtest(NAME tst_ordernumber SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_ordernumber.cpp LABELS unit)
