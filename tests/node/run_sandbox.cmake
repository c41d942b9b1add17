# Runs sandbox.mjs: wechatpay-axios-plugin as the merchant client against a real
# paydesk-sandbox process (the script inits a temporary training merchant, starts
# `paydesk-sandbox serve` on a free port and always kills it at the end).
# Invoked by ctest (tests/integration/node.cmake) as
#   cmake -DNODE=... -DNPM=... -DSOURCE_DIR=tests/node -DWORK_DIR=... -DSANDBOX=... -P run_sandbox.cmake
# Same pattern as run_crosscheck.cmake: it works in a copy of tests/node inside the
# build tree and runs `npm ci` only when node_modules is missing or package-lock.json
# changed.
cmake_minimum_required(VERSION 3.25)

foreach(var NODE NPM SOURCE_DIR WORK_DIR SANDBOX)
    if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
        message(FATAL_ERROR "run_sandbox.cmake: -D${var}=... is required")
    endif()
endforeach()

file(MAKE_DIRECTORY "${WORK_DIR}")
foreach(f package.json package-lock.json sandbox.mjs)
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
        message(FATAL_ERROR "npm ci failed (${rc}). The sandbox test downloads wechatpay-axios-plugin "
            "from the npm registry the first time: check the network or npm's registry/proxy settings, "
            "then run the test again.")
    endif()
    file(WRITE "${stamp}" "${lock_hash}")
endif()

execute_process(COMMAND "${NODE}" sandbox.mjs "${SANDBOX}"
    WORKING_DIRECTORY "${WORK_DIR}"
    TIMEOUT 280
    RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "sandbox.mjs reported failures (${rc}): see the 'not ok' lines above")
endif()
