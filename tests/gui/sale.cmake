paydesk_add_qtest(NAME tst_salewidgets SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_salewidgets.cpp
                  LABELS gui LIBS paydesk::ui TIMEOUT 300)
