paydesk_add_qtest(NAME tst_payments SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_payments.cpp
                  LABELS integration LIBS paydesk_sandbox TIMEOUT 600)
