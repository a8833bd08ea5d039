# libevcharge fuzz harness: evsim's scenario loader and a short simulation. Seeds: the scenario
# suite (tests/evcharge/scenarios) and broken scenarios (tests/fuzz/evcharge/corpus).
pkg_check_modules(EVC_FUZZ_JANSSON IMPORTED_TARGET jansson)
if(EVC_FUZZ_JANSSON_FOUND AND HEMS_BUILD_JSON)
  set(_evsim "${PROJECT_SOURCE_DIR}/examples/evsim")
  hems_add_fuzzer(evcharge_scenario
    SOURCES "${CMAKE_CURRENT_SOURCE_DIR}/evcharge/fuzz_scenario.c"
            "${_evsim}/evsim_scenario.c" "${_evsim}/evsim_sim.c"
    LIBRARIES evcharge PkgConfig::EVC_FUZZ_JANSSON m
    CORPUS "${PROJECT_SOURCE_DIR}/tests/evcharge/scenarios"
           "${CMAKE_CURRENT_SOURCE_DIR}/evcharge/corpus")
  target_include_directories(evcharge_scenario_replay PRIVATE "${_evsim}")
  if(TARGET evcharge_scenario_fuzzer)
    target_include_directories(evcharge_scenario_fuzzer PRIVATE "${_evsim}")
  endif()
endif()
