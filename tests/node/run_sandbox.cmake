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

include(${CMAKE_CURRENT_LIST_DIR}/prepare.cmake)
paydesk_prepare_node(sandbox.mjs)

execute_process(COMMAND "${NODE}" sandbox.mjs "${SANDBOX}"
    WORKING_DIRECTORY "${WORK_DIR}"
    TIMEOUT 280
    RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "sandbox.mjs reported failures (${rc}): see the 'not ok' lines above")
endif()
