paydesk_add_qtest(NAME tst_reconcile SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_reconcile.cpp
                  LABELS integration LIBS paydesk_sandbox paydesk_ui TIMEOUT 300)
