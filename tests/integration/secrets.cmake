paydesk_add_qtest(NAME tst_secrets_scan SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_secrets_scan.cpp
                  LABELS integration LIBS paydesk_sandbox TIMEOUT 300)
