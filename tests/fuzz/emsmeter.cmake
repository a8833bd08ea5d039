# libemsmeter fuzz harnesses: the installation config loader and the register-map loader.
hems_add_fuzzer(emsmeter_config
  SOURCES "${CMAKE_CURRENT_SOURCE_DIR}/emsmeter/fuzz_config.c"
  LIBRARIES emsmeter
  CORPUS "${PROJECT_SOURCE_DIR}/tests/emsmeter/config/valid" "${PROJECT_SOURCE_DIR}/tests/emsmeter/config/invalid")
hems_add_fuzzer(emsmeter_regmap
  SOURCES "${CMAKE_CURRENT_SOURCE_DIR}/emsmeter/fuzz_regmap.c"
  LIBRARIES emsmeter
  CORPUS "${PROJECT_SOURCE_DIR}/libemsmeter/devices" "${PROJECT_SOURCE_DIR}/tests/emsmeter/maps")
