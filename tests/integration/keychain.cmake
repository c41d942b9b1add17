# KeychainSecretStore, the locator and `paydesk-cli secrets import` against a
# real Secret Service: the test starts a private dbus-daemon and
# gnome-keyring-daemon of its own (tests/common/privatesecretservice.h) and
# skips when they, or QtKeychain, are missing.
if(NOT TARGET paydesk-cli OR NOT TARGET paydesk-sandbox OR NOT UNIX OR APPLE)
    return()
endif()
find_package(Qt6 QUIET COMPONENTS DBus)
if(NOT Qt6DBus_FOUND)
    return()
endif()

paydesk_add_qtest(NAME tst_keychain
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_keychain.cpp
    LABELS integration
    LIBS Qt6::Network Qt6::DBus
    TIMEOUT 300)
target_compile_definitions(tst_keychain PRIVATE
    PAYDESK_CLI_PATH="$<TARGET_FILE:paydesk-cli>"
    PAYDESK_SANDBOX_PATH="$<TARGET_FILE:paydesk-sandbox>")
add_dependencies(tst_keychain paydesk-cli paydesk-sandbox)
