# Runs crosscheck.mjs (wechatpay-axios-plugin against PayDesk's crosscheck_tool).
# Invoked by ctest (tests/integration/node.cmake) as
#   cmake -DNODE=... -DNPM=... -DSOURCE_DIR=tests/node -DWORK_DIR=... -DTOOL=... -P run_crosscheck.cmake
# It works in a copy of tests/node inside the build tree, so the source tree never
# gets a node_modules, and runs `npm ci` only when node_modules is missing or
# package-lock.json changed: idempotent, and offline once installed.
cmake_minimum_required(VERSION 3.25)

foreach(var NODE NPM SOURCE_DIR WORK_DIR TOOL)
    if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
        message(FATAL_ERROR "run_crosscheck.cmake: -D${var}=... is required")
    endif()
endforeach()

file(MAKE_DIRECTORY "${WORK_DIR}")
foreach(f package.json package-lock.json crosscheck.mjs)
    file(COPY_FILE "${SOURCE_DIR}/${f}" "${WORK_DIR}/${f}" ONLY_IF_DIFFERENT)
endforeach()

file(SHA256 "${WORK_DIR}/package-lock.json" lock_hash)
set(stamp "${WORK_DIR}/node_modules/.paydesk-lock-sha256")
set(installed "")
if(EXISTS "${stamp}")
    file(READ "${stamp}" installed)
endif()
if(NOT installed STREQUAL lock_hash)
    message(STATUS "npm ci --no-audit --no-fund in ${WORK_DIR} (wechatpay-axios-plugin as pinned in package-lock.json)")
    execute_process(COMMAND "${NPM}" ci --no-audit --no-fund
        WORKING_DIRECTORY "${WORK_DIR}"
        RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "npm ci failed (${rc}). The cross-check downloads wechatpay-axios-plugin "
            "from the npm registry the first time: check the network or npm's registry/proxy settings, "
            "then run the test again.")
    endif()
    file(WRITE "${stamp}" "${lock_hash}")
endif()

execute_process(COMMAND "${NODE}" crosscheck.mjs "${TOOL}"
    WORKING_DIRECTORY "${WORK_DIR}"
    RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "crosscheck.mjs reported failures (exit ${rc}): see the 'not ok' lines above")
endif()
