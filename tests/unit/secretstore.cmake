paydesk_add_qtest(NAME tst_secretstore SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_secretstore.cpp
                  LABELS unit TIMEOUT 300)
