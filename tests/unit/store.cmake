paydesk_add_qtest(NAME tst_store SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_store.cpp LABELS unit)
