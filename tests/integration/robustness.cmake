# Issue #7: a full disk, a read-only or locked database and clock jumps,
# against the real store and the in-process sandbox: clear messages, nothing lost.
paydesk_add_qtest(NAME tst_robustness SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_robustness.cpp
                  LABELS integration LIBS paydesk_sandbox Qt6::Sql TIMEOUT 300)
