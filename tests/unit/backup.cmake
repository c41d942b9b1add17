# Scheduled database backups and the PaymentTerminal that runs them.
paydesk_add_qtest(NAME tst_backup SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_backup.cpp LABELS unit TIMEOUT 120)
