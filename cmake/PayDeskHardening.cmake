# Hardening of what PayDesk ships, per target (paydesk_set_hardening), as
# KeePassXC and Debian's own packages build: stack protector, _FORTIFY_SOURCE=2
# (it needs optimisation, so only in optimised configurations), full RELRO and
# immediate binding, position-independent executables. The sanitizer presets
# (asan, fuzz) switch it off: ASan replaces the checked libc functions and
# reports stack errors itself, and FORTIFY's wrappers hide accesses from it.
# scripts/package-test.sh checks the .deb's binaries with hardening-check.
option(PAYDESK_HARDENING "Build with -fstack-protector-strong, -D_FORTIFY_SOURCE=2, -z relro -z now and PIE" ON)

set(PAYDESK_HARDENING_ACTIVE OFF)
if(PAYDESK_HARDENING AND UNIX AND NOT APPLE AND CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    include(CheckPIESupported)
    check_pie_supported(OUTPUT_VARIABLE _paydesk_pie_output LANGUAGES CXX)
    if(NOT CMAKE_CXX_LINK_PIE_SUPPORTED)
        message(FATAL_ERROR "PAYDESK_HARDENING: the linker cannot make position-independent executables "
                            "(${_paydesk_pie_output}); configure with -DPAYDESK_HARDENING=OFF to build without")
    endif()
    set(PAYDESK_HARDENING_ACTIVE ON)
endif()

function(paydesk_set_hardening target)
    if(NOT PAYDESK_HARDENING_ACTIVE)
        return()
    endif()
    # PIE for executables (-fPIE and -pie), PIC for the libraries linked into them.
    set_target_properties(${target} PROPERTIES POSITION_INDEPENDENT_CODE ON)
    target_compile_options(${target} PRIVATE -fstack-protector-strong
        $<$<CONFIG:Release,RelWithDebInfo,MinSizeRel>:-U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=2>)
    get_target_property(_type ${target} TYPE)
    if(_type STREQUAL "EXECUTABLE" OR _type STREQUAL "SHARED_LIBRARY" OR _type STREQUAL "MODULE_LIBRARY")
        target_link_options(${target} PRIVATE LINKER:-z,relro,-z,now)
    endif()
endfunction()
