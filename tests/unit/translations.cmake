# Every interface string has a Chinese translation with the same placeholders.
paydesk_add_qtest(NAME tst_translations
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_translations.cpp
    LABELS unit)
target_compile_definitions(tst_translations PRIVATE
    PAYDESK_TRANSLATIONS_DIR="${PROJECT_SOURCE_DIR}/translations")
