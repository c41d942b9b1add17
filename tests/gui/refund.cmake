# The manager's refund dialog against an in-process sandbox (real sockets,
# real signatures) and a real store: partial, repeated, over the remainder,
# per sub-order, ABNORMAL, wrong PIN.
paydesk_add_qtest(NAME tst_refunddialog
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_refunddialog.cpp
    LABELS gui
    LIBS paydesk::ui
    TIMEOUT 300)
# The refund test also adds a named manager with `paydesk-cli user add` and
# changes the PIN with `user pin`, then authorises a refund as that manager.
if(TARGET paydesk-cli AND UNIX)
    target_compile_definitions(tst_refunddialog PRIVATE PAYDESK_CLI_PATH="$<TARGET_FILE:paydesk-cli>")
    add_dependencies(tst_refunddialog paydesk-cli)
endif()
