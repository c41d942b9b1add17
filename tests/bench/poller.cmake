# Poll-schedule simulation: not a ctest test, a measurement (docs/polling.md).
add_executable(poller_schedule ${CMAKE_CURRENT_LIST_DIR}/poller_schedule.cpp)
target_link_libraries(poller_schedule PRIVATE paydesk::core)
paydesk_set_warnings(poller_schedule)
