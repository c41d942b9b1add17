# One PayDesk per store database: DatabaseLock alone, across processes (the
# test runs itself as the child that holds the lock) and in PaymentTerminal.
paydesk_add_qtest(NAME tst_databaselock
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_databaselock.cpp
    LABELS unit
    TIMEOUT 120)
