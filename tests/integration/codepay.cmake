paydesk_add_qtest(NAME tst_codepay SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_codepay.cpp
                  LABELS integration LIBS paydesk_sandbox TIMEOUT 300)
