# The whole cashier window in training mode: real widgets, the in-process
# sandbox over loopback, a real SQLite store.
paydesk_add_qtest(NAME tst_mainwindow
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_mainwindow.cpp
    LABELS gui
    LIBS paydesk::ui
    TIMEOUT 300)
# The real program: SIGTERM ends it cleanly (its store and lock closed).
if(TARGET paydesk AND UNIX)
    target_compile_definitions(tst_mainwindow PRIVATE PAYDESK_GUI_PATH="$<TARGET_FILE:paydesk>")
    add_dependencies(tst_mainwindow paydesk)
endif()
