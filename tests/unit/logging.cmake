paydesk_add_qtest(NAME tst_logging SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_logging.cpp LABELS unit)
