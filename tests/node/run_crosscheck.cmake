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

include(${CMAKE_CURRENT_LIST_DIR}/prepare.cmake)
paydesk_prepare_node(crosscheck.mjs)

execute_process(COMMAND "${NODE}" crosscheck.mjs "${TOOL}"
    WORKING_DIRECTORY "${WORK_DIR}"
    RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "crosscheck.mjs reported failures (exit ${rc}): see the 'not ok' lines above")
endif()
