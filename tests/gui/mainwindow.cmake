# The whole cashier window in training mode: real widgets, the in-process
# sandbox over loopback, a real SQLite store.
paydesk_add_qtest(NAME tst_mainwindow
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_mainwindow.cpp
    LABELS gui
    LIBS paydesk::ui
    TIMEOUT 300)
