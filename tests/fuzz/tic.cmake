# libtic fuzz harness: the decoder (all modes and options, random chunking), the
# meter view and every typed accessor on what it decodes. Seeds: the real captures
# and the inputs that once crashed it (tic/regressions).
hems_add_fuzzer(fuzz_tic_decoder
  SOURCES "${CMAKE_CURRENT_SOURCE_DIR}/tic/fuzz_tic_decoder.c"
  LIBRARIES tic
  CORPUS "${HEMS_CORPUS_DIR}/tic" "${CMAKE_CURRENT_SOURCE_DIR}/tic/regressions")
