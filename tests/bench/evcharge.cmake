# libevcharge benchmark: allocation steps per second for 3, 100 and 10 000 stations.
add_executable(bench_evcharge "${CMAKE_CURRENT_SOURCE_DIR}/evcharge/bench_evcharge.c")
target_link_libraries(bench_evcharge PRIVATE evcharge)
hems_warnings(bench_evcharge)
