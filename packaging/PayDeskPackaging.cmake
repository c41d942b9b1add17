# SPDX-License-Identifier: MIT
# Packages (docs/packaging.md): a Debian package and a tarball on Linux, an
# NSIS installer (and a zip) on Windows. Included once from the root
# CMakeLists.txt, after app/, so every install rule exists when CPack reads them.
#
#   cmake --build build/release && cd build/release && cpack -G DEB   (or TGZ; NSIS on Windows)
#
# The executables install themselves (app/*/CMakeLists.txt: bin/); translations
# are compiled into them. This file adds the desktop integration, the runtime
# the Windows installer must carry, and the CPack settings.

set(PAYDESK_APP_ID "io.paydesk.PayDesk")
set(_paydesk_resources "${PROJECT_SOURCE_DIR}/resources")

include(GNUInstallDirs)

# --- desktop integration (freedesktop: Linux and the BSDs) -----------------
if(UNIX AND NOT APPLE)
    install(FILES "${_paydesk_resources}/paydesk.desktop"
            DESTINATION "${CMAKE_INSTALL_DATADIR}/applications"
            RENAME "${PAYDESK_APP_ID}.desktop")
    install(FILES "${_paydesk_resources}/${PAYDESK_APP_ID}.metainfo.xml"
            DESTINATION "${CMAKE_INSTALL_DATADIR}/metainfo")
    foreach(size 48 128 256)
        install(FILES "${_paydesk_resources}/icons/paydesk-${size}.png"
                DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps"
                RENAME "${PAYDESK_APP_ID}.png")
    endforeach()
    install(FILES "${_paydesk_resources}/icons/paydesk.svg"
            DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps"
            RENAME "${PAYDESK_APP_ID}.svg")
endif()

# --- Windows runtime: Qt (windeployqt), OpenSSL, MSVC, other DLLs ----------
if(WIN32 AND TARGET paydesk)
    # Qt's libraries and plugins (platforms, sqldrivers\qsqlite, tls,
    # printsupport, styles, imageformats) beside the executables. paydesk links
    # a superset of what paydesk-cli and paydesk-sandbox use, and all three
    # live in bin\, so deploying for paydesk serves them all.
    if(COMMAND qt_generate_deploy_app_script)
        if(Qt6Core_VERSION VERSION_GREATER_EQUAL 6.5)
            qt_generate_deploy_app_script(TARGET paydesk OUTPUT_SCRIPT _paydesk_deploy_script
                                          NO_UNSUPPORTED_PLATFORM_ERROR)
        else()
            qt_generate_deploy_app_script(TARGET paydesk FILENAME_VARIABLE _paydesk_deploy_script
                                          NO_UNSUPPORTED_PLATFORM_ERROR)
        endif()
        install(SCRIPT "${_paydesk_deploy_script}")
    else()
        get_target_property(_paydesk_qmake Qt6::qmake IMPORTED_LOCATION)
        get_filename_component(_paydesk_qt_bin "${_paydesk_qmake}" DIRECTORY)
        find_program(PAYDESK_WINDEPLOYQT windeployqt HINTS "${_paydesk_qt_bin}" REQUIRED)
        install(CODE "
            execute_process(COMMAND \"${PAYDESK_WINDEPLOYQT}\" --release --no-compiler-runtime
                                    --dir \"\${CMAKE_INSTALL_PREFIX}/bin\"
                                    \"\${CMAKE_INSTALL_PREFIX}/bin/paydesk.exe\"
                            RESULT_VARIABLE _rc)
            if(NOT _rc EQUAL 0)
                message(FATAL_ERROR \"windeployqt failed (\${_rc})\")
            endif()")
    endif()

    # PayDesk links libcrypto itself, and Qt's TLS plugin loads libssl and
    # libcrypto at run time: ship OpenSSL 3's DLLs from the installation
    # FindOpenSSL used (Qt online installer's Tools\OpenSSLv3, slproweb or vcpkg).
    get_filename_component(_paydesk_openssl_root "${OPENSSL_INCLUDE_DIR}" DIRECTORY)
    file(GLOB _paydesk_openssl_dlls
         "${_paydesk_openssl_root}/bin/libcrypto-3*.dll" "${_paydesk_openssl_root}/bin/libssl-3*.dll"
         "${_paydesk_openssl_root}/libcrypto-3*.dll" "${_paydesk_openssl_root}/libssl-3*.dll")
    if(NOT _paydesk_openssl_dlls)
        message(FATAL_ERROR
            "The Windows installer needs OpenSSL 3's DLLs (libcrypto-3-x64.dll, libssl-3-x64.dll), looked for "
            "in ${_paydesk_openssl_root}/bin. Point OPENSSL_ROOT_DIR at an OpenSSL 3 installation that has them "
            "(docs/packaging.md, \"Building on Windows\").")
    endif()
    install(FILES ${_paydesk_openssl_dlls} DESTINATION bin)

    # Other DLLs the executables import (qrcodegen or QtKeychain from vcpkg
    # when built shared); Qt's own are already there and are skipped.
    install(CODE "
        set(_dlls \"$<TARGET_RUNTIME_DLLS:paydesk>;$<TARGET_RUNTIME_DLLS:paydesk-cli>\")
        foreach(_dll IN LISTS _dlls)
            get_filename_component(_name \"\${_dll}\" NAME)
            if(_dll AND NOT _name MATCHES \"^Qt6\" AND NOT EXISTS \"\${CMAKE_INSTALL_PREFIX}/bin/\${_name}\")
                file(INSTALL \"\${_dll}\" DESTINATION \"\${CMAKE_INSTALL_PREFIX}/bin\")
            endif()
        endforeach()")

    # The MSVC runtime (vcruntime140.dll, msvcp140.dll, ...), app-local.
    set(CMAKE_INSTALL_SYSTEM_RUNTIME_DESTINATION bin)
    include(InstallRequiredSystemLibraries)
endif()

# --- CPack -------------------------------------------------------------------
set(CPACK_PACKAGE_NAME "paydesk")
set(CPACK_PACKAGE_VENDOR "PayDesk")
set(CPACK_PACKAGE_CONTACT "PayDesk maintainers <maintainers@paydesk.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
string(CONCAT CPACK_PACKAGE_DESCRIPTION
    "PayDesk is a desktop cashier for stores that take WeChat Pay: a cashier rings up a sale, the\n"
    "screen shows a QR code, the customer scans and pays, PayDesk sees the payment, keeps the receipt\n"
    "and prints it. Managers refund, reconcile the day against WeChat Pay's bill and print reports.\n"
    "Ships paydesk (the cashier), paydesk-cli (a headless tool for installers and support: run\n"
    "`paydesk-cli selftest` after installing), paydesk-sandbox (a local WeChat Pay APIv3 server\n"
    "for training) and paydesk-hq (PayDesk HQ: every till's sales of a store or chain in one\n"
    "PostgreSQL database). Chinese and English.")
set(CPACK_PACKAGE_HOMEPAGE_URL "${PROJECT_HOMEPAGE_URL}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "PayDesk")
set(CPACK_PACKAGE_EXECUTABLES "paydesk;PayDesk")
set(CPACK_PACKAGE_CHECKSUM SHA256)
set(CPACK_STRIP_FILES ON)
set(CPACK_SOURCE_IGNORE_FILES "/build/;/\\\\.git/;/node_modules/")

if(WIN32)
    set(CPACK_GENERATOR "NSIS;ZIP")
else()
    set(CPACK_GENERATOR "DEB;TGZ")
    set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
endif()

# .tar.gz: paydesk-<version>-Linux/{bin,share}; unpack anywhere, or into /usr/local.
set(CPACK_ARCHIVE_FILE_NAME "paydesk-${PROJECT_VERSION}-${CMAKE_SYSTEM_NAME}")

# .deb (Debian 12): library dependencies (Qt, libssl3, libqrcodegencpp1, zlib,
# ...) come from dpkg-shlibdeps; what is loaded at run time and so invisible
# to it is listed by hand: Qt's SQLite driver, the platform plugins (xcb,
# offscreen) and the CJK font that receipts and the Chinese interface need.
set(CPACK_DEBIAN_PACKAGE_NAME "paydesk")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CPACK_PACKAGE_CONTACT}")
set(CPACK_DEBIAN_PACKAGE_SECTION "misc")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${PROJECT_HOMEPAGE_URL}")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6sql6-sqlite (>= 6.4), qt6-qpa-plugins (>= 6.4), fonts-noto-cjk")
# QtKeychain opens libsecret at run time (shlibdeps cannot see it); without it
# there is no Secret Service backend and the keys go to the encrypted file.
# paydesk-hq needs Qt's PostgreSQL driver; a till alone does not.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libqt6svg6, qt6-translations-l10n, libsecret-1-0, libqt6sql6-psql")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "cups")
set(CPACK_DEBIAN_COMPRESSION_TYPE "xz")

# NSIS (Windows). Upgrading in place: the same registry key for every version
# lets the new installer find and run the old uninstaller first, which removes
# only what it installed. Data and logs live in %LOCALAPPDATA%\PayDesk\ (the
# store database, backups, logs) and %APPDATA%\PayDesk\ (profiles, settings),
# never under Program Files, so neither the upgrade nor an uninstall touches them.
set(CPACK_PACKAGE_INSTALL_REGISTRY_KEY "PayDesk")
set(CPACK_NSIS_PACKAGE_NAME "PayDesk")
set(CPACK_NSIS_DISPLAY_NAME "PayDesk ${PROJECT_VERSION}")
set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\\\paydesk.exe")
set(CPACK_NSIS_MUI_ICON "${_paydesk_resources}/icons/paydesk.ico")
set(CPACK_NSIS_MUI_UNIICON "${_paydesk_resources}/icons/paydesk.ico")
set(CPACK_NSIS_EXECUTABLES_DIRECTORY "bin")
set(CPACK_NSIS_MUI_FINISHPAGE_RUN "paydesk.exe")
set(CPACK_NSIS_URL_INFO_ABOUT "${PROJECT_HOMEPAGE_URL}")
set(CPACK_NSIS_CONTACT "${CPACK_PACKAGE_CONTACT}")
set(CPACK_NSIS_MODIFY_PATH OFF)
set(CPACK_NSIS_UNINSTALL_NAME "Uninstall PayDesk")
# A second Start-menu entry straight into training mode (new staff practise
# there before they touch real money).
set(CPACK_NSIS_EXTRA_INSTALL_COMMANDS
    "CreateShortCut '$SMPROGRAMS\\\\$STARTMENU_FOLDER\\\\PayDesk training.lnk' '$INSTDIR\\\\bin\\\\paydesk.exe' '--training'")
set(CPACK_NSIS_EXTRA_UNINSTALL_COMMANDS "Delete '$SMPROGRAMS\\\\$MUI_TEMP\\\\PayDesk training.lnk'")

include(CPack)

if(PAYDESK_BUILD_TESTS)
    enable_testing()
    # `paydesk-cli selftest` from the build tree, wherever the suite runs (no root needed).
    add_test(NAME cli_selftest COMMAND paydesk-cli selftest --timeout-s 120)
    set_tests_properties(cli_selftest PROPERTIES LABELS integration TIMEOUT 180)
endif()

# CI: build the .deb, install it with apt, run the installed self-test, remove
# it. Needs root and apt; elsewhere the script exits 77 and ctest reports the
# test as skipped. Alone (RUN_SERIAL): cpack's compression and apt would
# otherwise slow the timing-sensitive tests running beside it.
if(PAYDESK_BUILD_TESTS AND UNIX AND NOT APPLE)
    add_test(NAME package COMMAND "${PROJECT_SOURCE_DIR}/scripts/package-test.sh" "${CMAKE_BINARY_DIR}")
    set_tests_properties(package PROPERTIES LABELS package TIMEOUT 1200 SKIP_RETURN_CODE 77 RUN_SERIAL TRUE)
endif()
