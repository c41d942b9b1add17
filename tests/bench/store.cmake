# Store timings over a million orders: a measurement, not a ctest test.
add_executable(store_timing ${CMAKE_CURRENT_LIST_DIR}/store_timing.cpp)
target_link_libraries(store_timing PRIVATE paydesk::core)
paydesk_set_warnings(store_timing)
