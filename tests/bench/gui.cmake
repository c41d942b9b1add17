# The cashier's view of speed: charge (Enter) → QR visible, cold start to a
# usable window, idle memory. A measurement, not a ctest test.
add_executable(gui_timing ${CMAKE_CURRENT_LIST_DIR}/gui_timing.cpp)
target_link_libraries(gui_timing PRIVATE paydesk::ui Qt6::Test)
target_include_directories(gui_timing PRIVATE ${PROJECT_SOURCE_DIR}/tests/common)
paydesk_set_warnings(gui_timing)
