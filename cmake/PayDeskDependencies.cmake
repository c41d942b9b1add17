# Finds every dependency the ordinary way and, when one is missing, names the
# Debian package that provides it (scripts/install-deps.sh installs them all).

function(paydesk_missing what debian_package)
    message(FATAL_ERROR
        "PayDesk needs ${what}, which was not found.\n"
        "On Debian/Ubuntu: sudo apt-get install ${debian_package}\n"
        "(or run scripts/install-deps.sh, which installs everything PayDesk needs).")
endfunction()

set(_paydesk_qt_components
    Core:qt6-base-dev
    Network:qt6-base-dev
    Sql:qt6-base-dev
    Concurrent:qt6-base-dev
    Gui:qt6-base-dev
    Widgets:qt6-base-dev
    PrintSupport:qt6-base-dev
    HttpServer:qt6-httpserver-dev
    Test:qt6-base-dev
    LinguistTools:qt6-tools-dev)

foreach(entry IN LISTS _paydesk_qt_components)
    string(REPLACE ":" ";" parts "${entry}")
    list(GET parts 0 component)
    list(GET parts 1 package)
    find_package(Qt6 QUIET COMPONENTS ${component})
    if(NOT Qt6${component}_FOUND)
        paydesk_missing("Qt 6 ${component}" "${package}")
    endif()
endforeach()
if(Qt6Core_VERSION VERSION_LESS 6.4)
    message(FATAL_ERROR "PayDesk needs Qt 6.4 or newer (found ${Qt6Core_VERSION}).")
endif()

find_package(OpenSSL 3.0 QUIET)
if(NOT OPENSSL_FOUND)
    paydesk_missing("OpenSSL 3 (libcrypto)" "libssl-dev")
endif()

# Secrets in the OS keychain (Windows Credential Manager, Secret Service).
# Optional: without it secrets live in the encrypted file store (docs/secrets.md).
option(PAYDESK_USE_KEYCHAIN "Keep secrets in the OS keychain through QtKeychain" ON)
set(PAYDESK_HAVE_KEYCHAIN OFF)
if(PAYDESK_USE_KEYCHAIN)
    find_package(Qt6Keychain QUIET)
    if(Qt6Keychain_FOUND)
        set(PAYDESK_HAVE_KEYCHAIN ON)
    else()
        message(WARNING
            "QtKeychain for Qt 6 was not found: secrets will only be kept in the encrypted file store.\n"
            "On Debian/Ubuntu: sudo apt-get install qtkeychain-qt6-dev\n"
            "(or configure with -DPAYDESK_USE_KEYCHAIN=OFF to silence this).")
    endif()
endif()

find_package(ZLIB QUIET)
if(NOT ZLIB_FOUND)
    paydesk_missing("zlib (gzip bill downloads)" "zlib1g-dev")
endif()

find_package(SQLite3 QUIET)
if(NOT SQLite3_FOUND)
    paydesk_missing("SQLite 3" "libsqlite3-dev")
endif()

find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
    pkg_check_modules(QRCODEGEN QUIET IMPORTED_TARGET qrcodegencpp)
endif()
if(QRCODEGEN_FOUND)
    add_library(paydesk::qrcodegen ALIAS PkgConfig::QRCODEGEN)
else()
    # Windows/vcpkg: a plain library + header search.
    find_path(QRCODEGEN_INCLUDE_DIR qrcodegen.hpp PATH_SUFFIXES qrcodegen)
    find_library(QRCODEGEN_LIBRARY NAMES qrcodegencpp nayuki-qr-code-generator qrcodegen)
    if(NOT QRCODEGEN_INCLUDE_DIR OR NOT QRCODEGEN_LIBRARY)
        paydesk_missing("nayuki QR-Code-generator (C++)" "libqrcodegencpp-dev")
    endif()
    add_library(paydesk_qrcodegen INTERFACE)
    target_include_directories(paydesk_qrcodegen INTERFACE "${QRCODEGEN_INCLUDE_DIR}")
    target_link_libraries(paydesk_qrcodegen INTERFACE "${QRCODEGEN_LIBRARY}")
    add_library(paydesk::qrcodegen ALIAS paydesk_qrcodegen)
endif()
