# libtariff benchmark: priced samples per second, a year of 1-minute data, 1 and 100 meters.
add_executable(bench_tariff "${CMAKE_CURRENT_SOURCE_DIR}/tariff/bench_tariff.c")
target_link_libraries(bench_tariff PRIVATE tariff)
hems_warnings(bench_tariff)
