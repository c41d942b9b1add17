# Cross-check of the signing layer against wechatpay-axios-plugin (tests/node):
# PayDesk signs and the plugin verifies, the plugin signs/encrypts and PayDesk
# verifies/decrypts, and both reject the same tamperings. Needs node and npm;
# the first run installs the pinned plugin with `npm ci` inside the build tree.
# node_sandbox drives a real paydesk-sandbox process with the plugin as the client.
add_executable(crosscheck_tool ${CMAKE_CURRENT_LIST_DIR}/../node/crosscheck_tool.cpp)
target_link_libraries(crosscheck_tool PRIVATE paydesk::core)
paydesk_set_warnings(crosscheck_tool)

find_program(PAYDESK_NODE NAMES node nodejs)
find_program(PAYDESK_NPM NAMES npm)
if(PAYDESK_NODE)
    execute_process(COMMAND ${PAYDESK_NODE} --version OUTPUT_VARIABLE _paydesk_node_version
                    OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    string(REGEX REPLACE "^v" "" _paydesk_node_version "${_paydesk_node_version}")
endif()
if(NOT PAYDESK_NODE OR NOT PAYDESK_NPM)
    message(WARNING "node or npm not found: the wechatpay-axios-plugin cross-check (ctest node_crosscheck) "
        "is not registered.\nOn Debian/Ubuntu: sudo apt-get install nodejs npm "
        "(or run scripts/install-deps.sh), then re-run cmake.")
elseif(_paydesk_node_version VERSION_LESS 16)
    message(WARNING "node ${_paydesk_node_version} is too old for tests/node/crosscheck.mjs (needs 16 or newer): "
        "node_crosscheck is not registered.")
else()
    add_test(NAME node_crosscheck
        COMMAND ${CMAKE_COMMAND}
            -DNODE=${PAYDESK_NODE} -DNPM=${PAYDESK_NPM}
            -DSOURCE_DIR=${CMAKE_CURRENT_LIST_DIR}/../node
            -DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/node-crosscheck
            -DTOOL=$<TARGET_FILE:crosscheck_tool>
            -P ${CMAKE_CURRENT_LIST_DIR}/../node/run_crosscheck.cmake)
    set_tests_properties(node_crosscheck PROPERTIES LABELS integration TIMEOUT 600)

    # wechatpay-axios-plugin as the merchant client against a real paydesk-sandbox
    # process (tests/node/sandbox.mjs): orders, refunds, combined orders, certificates,
    # trade bill, tampered signatures; every answer verified by the plugin.
    if(TARGET paydesk-sandbox)
        add_test(NAME node_sandbox
            COMMAND ${CMAKE_COMMAND}
                -DNODE=${PAYDESK_NODE} -DNPM=${PAYDESK_NPM}
                -DSOURCE_DIR=${CMAKE_CURRENT_LIST_DIR}/../node
                -DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/node-sandbox
                -DSANDBOX=$<TARGET_FILE:paydesk-sandbox>
                -P ${CMAKE_CURRENT_LIST_DIR}/../node/run_sandbox.cmake)
        set_tests_properties(node_sandbox PROPERTIES LABELS integration TIMEOUT 300)
    elseif(PAYDESK_BUILD_APPS)
        message(WARNING "target paydesk-sandbox is not defined: node_sandbox is not registered.")
    endif()
endif()
