# libtariff fuzz harnesses: the JSON config loader (then costing with what it loaded) and the
# text parsers of the core (CSV rows, ISO 8601 instants, decimals, POSIX TZ strings).
set(_tf "${CMAKE_CURRENT_SOURCE_DIR}/tariff")
if(TARIFF_HAVE_JSON)
  # seeds: its own folder and the data-driven test folders of the loader
  hems_add_fuzzer(tariff_json SOURCES "${_tf}/fuzz_json.c" LIBRARIES tariff CORPUS "${_tf}/json_seeds"
    "${PROJECT_SOURCE_DIR}/libtariff/tests/configs/valid" "${PROJECT_SOURCE_DIR}/libtariff/tests/configs/invalid")
endif()
hems_add_fuzzer(tariff_text SOURCES "${_tf}/fuzz_text.c" LIBRARIES tariff CORPUS "${_tf}/csv_seeds")
