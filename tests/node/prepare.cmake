# Shared by run_crosscheck.cmake and run_sandbox.cmake (cmake -P scripts):
# copies package.json, package-lock.json and the test script into WORK_DIR, so
# the source tree never gets a node_modules, and runs `npm ci` only when
# node_modules is missing or package-lock.json changed: idempotent, and offline
# once installed.
function(paydesk_prepare_node script)
    file(MAKE_DIRECTORY "${WORK_DIR}")
    foreach(f package.json package-lock.json ${script})
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
            message(FATAL_ERROR "npm ci failed (${rc}). The node tests download wechatpay-axios-plugin "
                "from the npm registry the first time: check the network or npm's registry/proxy settings, "
                "then run the test again.")
        endif()
        file(WRITE "${stamp}" "${lock_hash}")
    endif()
endfunction()
