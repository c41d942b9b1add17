# The cashier's window and the customer display on two screens (the offscreen
# platform given two screens by tst_twoscreens itself).
paydesk_add_qtest(NAME tst_twoscreens
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_twoscreens.cpp
    LABELS gui
    LIBS paydesk::ui
    TIMEOUT 120)
