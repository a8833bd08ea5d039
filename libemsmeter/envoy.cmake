# The Enphase IQ Gateway (Envoy) driver of libemsmeter: HTTPS with libcurl, JSON with
# jansson. Included by libemsmeter/CMakeLists.txt right after hems_add_library(emsmeter).
if(NOT HEMS_BUILD_HTTP)
  return()
endif()

pkg_check_modules(CURL REQUIRED IMPORTED_TARGET libcurl)
if(NOT TARGET PkgConfig::JANSSON)
  pkg_check_modules(JANSSON REQUIRED IMPORTED_TARGET GLOBAL jansson)
endif()

target_sources(emsmeter PRIVATE
  src/ems_envoy.c
  src/ems_envoy_json.c)
# In the build tree: the pkg-config targets. In the installed export (what a static
# consumer links): the plain library names, so that find_package(hems) needs no
# PkgConfig::CURL/JANSSON targets of its own. Shared builds export neither.
target_link_libraries(emsmeter PRIVATE
  $<BUILD_INTERFACE:PkgConfig::CURL> $<BUILD_INTERFACE:PkgConfig::JANSSON>
  $<INSTALL_INTERFACE:${CURL_LIBRARIES}> $<INSTALL_INTERFACE:${JANSSON_LIBRARIES}>)
# For libemsmeter.pc (hems_install_library(... PC_REQUIRES_PRIVATE ${EMS_ENVOY_PC_REQUIRES}))
set(EMS_ENVOY_PC_REQUIRES libcurl jansson)
# PUBLIC: programs built against this libemsmeter can test for the driver.
target_compile_definitions(emsmeter PUBLIC EMS_HAVE_ENVOY)
target_link_libraries(emsmeter PRIVATE m)

# The HTTPS gateway simulator (libmicrohttpd + GnuTLS), for the tests and for hems-sim:
# static library target envoy_sim, header tests/sim/envoy_sim.h. Not installed.
if(BUILD_TESTING OR HEMS_BUILD_EXAMPLES)
  find_package(Threads REQUIRED)
  if(BUILD_TESTING)
    pkg_check_modules(MHD REQUIRED IMPORTED_TARGET GLOBAL libmicrohttpd)
  else()
    pkg_check_modules(MHD IMPORTED_TARGET GLOBAL libmicrohttpd)
  endif()
  if(TARGET PkgConfig::MHD AND NOT TARGET envoy_sim)
    add_library(envoy_sim STATIC "${PROJECT_SOURCE_DIR}/tests/sim/envoy_sim.c")
    target_include_directories(envoy_sim PUBLIC "${PROJECT_SOURCE_DIR}/tests/sim")
    target_link_libraries(envoy_sim PUBLIC PkgConfig::MHD PkgConfig::JANSSON Threads::Threads)
    hems_warnings(envoy_sim)
  endif()
endif()

if(BUILD_TESTING)
  hems_header_test(emsmeter_envoy LIBRARY emsmeter HEADERS ems/envoy.h)

  hems_add_check_test(check_envoy PREFIX emsmeter_envoy
    SOURCES tests/test_envoy_main.c tests/test_envoy_json.c tests/test_envoy_http.c
    LIBRARIES emsmeter envoy_sim PkgConfig::JANSSON PkgConfig::CURL Threads::Threads m
    SUITES envoy_parse envoy_panels envoy_read envoy_auth envoy_tls envoy_faults envoy_quirks)

  # Fuzz harness of the JSON parsing: replayed over the fixtures as a test (same
  # pattern as tests/fuzz's hems_add_fuzzer, which is defined after the libraries).
  set(_envoy_corpus "${CMAKE_CURRENT_SOURCE_DIR}/tests/envoy/json/valid"
                    "${CMAKE_CURRENT_SOURCE_DIR}/tests/envoy/json/invalid")
  add_executable(envoy_json_replay "${PROJECT_SOURCE_DIR}/tests/fuzz/envoy/envoy_json.c"
    "${PROJECT_SOURCE_DIR}/tests/fuzz/standalone_driver.c")
  target_link_libraries(envoy_json_replay PRIVATE emsmeter)
  hems_warnings(envoy_json_replay)
  add_test(NAME fuzz.envoy_json COMMAND envoy_json_replay ${_envoy_corpus})
  set_tests_properties(fuzz.envoy_json PROPERTIES LABELS "fuzz")
  if(HEMS_BUILD_FUZZERS)
    # The parser is compiled into the harness so that libFuzzer's coverage sees it.
    add_executable(envoy_json_fuzzer "${PROJECT_SOURCE_DIR}/tests/fuzz/envoy/envoy_json.c"
      src/ems_envoy_json.c)
    target_include_directories(envoy_json_fuzzer PRIVATE
      $<TARGET_PROPERTY:emsmeter,INCLUDE_DIRECTORIES>)
    target_compile_definitions(envoy_json_fuzzer PRIVATE EMS_STATIC)
    target_link_libraries(envoy_json_fuzzer PRIVATE PkgConfig::JANSSON m)
    target_compile_options(envoy_json_fuzzer PRIVATE -fsanitize=fuzzer,address,undefined)
    target_link_options(envoy_json_fuzzer PRIVATE -fsanitize=fuzzer,address,undefined)
    # scripts/fuzz runs build/tests/fuzz/<name> with the seed folders split on spaces.
    set_target_properties(envoy_json_fuzzer PROPERTIES
      RUNTIME_OUTPUT_DIRECTORY "${PROJECT_BINARY_DIR}/tests/fuzz")
    list(JOIN _envoy_corpus " " _envoy_corpus_s)
    set_property(GLOBAL APPEND PROPERTY HEMS_FUZZERS "envoy_json_fuzzer|${_envoy_corpus_s}")
  endif()
endif()

# Benchmark (scripts/bench envoy): parsing throughput and readings over loopback HTTPS.
if(HEMS_BUILD_BENCH AND TARGET envoy_sim)
  add_executable(bench_envoy "${PROJECT_SOURCE_DIR}/tests/bench/envoy/bench_envoy.c")
  target_link_libraries(bench_envoy PRIVATE emsmeter envoy_sim PkgConfig::CURL)
  target_compile_definitions(bench_envoy PRIVATE HEMS_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  set_target_properties(bench_envoy PROPERTIES
    RUNTIME_OUTPUT_DIRECTORY "${PROJECT_BINARY_DIR}/tests/bench")
  hems_warnings(bench_envoy)
endif()
