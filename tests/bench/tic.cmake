# libtic benchmark: decode throughput per mode on the corpus repeated to 64 MiB.
add_executable(bench_tic tic/bench_tic.c)
target_link_libraries(bench_tic PRIVATE tic)
target_compile_definitions(bench_tic PRIVATE HEMS_CORPUS_DIR="${HEMS_CORPUS_DIR}")
hems_warnings(bench_tic)
