# Settings, first-run wizard and PIN prompt (ui/settings).
paydesk_add_qtest(NAME tst_settings
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_settings.cpp
    LABELS gui LIBS paydesk::ui TIMEOUT 180)
