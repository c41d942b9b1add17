paydesk_add_qtest(NAME tst_history SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_history.cpp
    LABELS gui LIBS paydesk::ui TIMEOUT 300)
