# Code pay from the charge screen: a scanner gun "typed" by QTest (the code and
# Enter, fast), the in-process training sandbox, the real main window.
paydesk_add_qtest(NAME tst_codepay_gui
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_codepay_gui.cpp
    LABELS gui
    LIBS paydesk::ui
    TIMEOUT 300)
