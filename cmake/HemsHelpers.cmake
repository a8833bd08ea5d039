# Helpers shared by every part of the suite. One function per job; each library's
# CMakeLists.txt calls them so that all four are built, tested and installed alike.

# pkg-config finds the optional dependencies; the pure cores build without it.
find_package(PkgConfig QUIET)

# Warnings: every target of ours gets these. -Wconversion is added by the parts
# that build for MCUs (libtic's core, libevcharge, libtariff's core); see CONTRIBUTING.md.
set(HEMS_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes
    -Wmissing-prototypes -Wformat=2 -Wvla -Wundef -Wcast-qual -Wpointer-arith)

function(hems_warnings target)
  target_compile_options(${target} PRIVATE ${HEMS_WARNINGS})
  if(HEMS_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# Check (unit tests), found once.
macro(hems_find_check)
  if(NOT TARGET PkgConfig::CHECK)
    pkg_check_modules(CHECK REQUIRED IMPORTED_TARGET GLOBAL check)
  endif()
endmacro()

# hems_add_library(<name> PREFIX <TIC> INCDIR <tic> SOURCES ... [PUBLIC_LIBS ...] [PRIVATE_LIBS ...])
# Creates target <name> (file lib<name>), alias hems::<name>, with the generated
# headers <incdir>/version.h and <incdir>/export.h and the runtime
# <prefix>_version() / <prefix>_version_string() functions.
function(hems_add_library name)
  cmake_parse_arguments(A "" "PREFIX;INCDIR" "SOURCES;PUBLIC_LIBS;PRIVATE_LIBS" ${ARGN})
  string(TOLOWER "${A_PREFIX}" prefix_lc)
  set(HEMS_LIB_PREFIX "${A_PREFIX}")
  set(HEMS_LIB_PREFIX_LC "${prefix_lc}")
  set(HEMS_LIB_INCDIR "${A_INCDIR}")
  set(HEMS_LIB_NAME "lib${name}")
  set(gen "${CMAKE_CURRENT_BINARY_DIR}/include")
  configure_file("${PROJECT_SOURCE_DIR}/cmake/version.h.in" "${gen}/${A_INCDIR}/version.h" @ONLY)
  configure_file("${PROJECT_SOURCE_DIR}/cmake/export.h.in"  "${gen}/${A_INCDIR}/export.h" @ONLY)
  configure_file("${PROJECT_SOURCE_DIR}/cmake/version.c.in" "${CMAKE_CURRENT_BINARY_DIR}/${prefix_lc}_version.c" @ONLY)

  add_library(${name} ${A_SOURCES} "${CMAKE_CURRENT_BINARY_DIR}/${prefix_lc}_version.c")
  add_library(hems::${name} ALIAS ${name})
  target_include_directories(${name} PUBLIC
    "$<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>"
    "$<BUILD_INTERFACE:${gen}>"
    "$<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>")
  target_include_directories(${name} PRIVATE "${CMAKE_CURRENT_SOURCE_DIR}/src")
  target_compile_definitions(${name} PRIVATE ${A_PREFIX}_BUILDING)
  if(NOT BUILD_SHARED_LIBS)
    target_compile_definitions(${name} PUBLIC ${A_PREFIX}_STATIC)
  endif()
  target_link_libraries(${name} PUBLIC ${A_PUBLIC_LIBS} PRIVATE ${A_PRIVATE_LIBS})
  set_target_properties(${name} PROPERTIES
    OUTPUT_NAME ${name}
    VERSION ${PROJECT_VERSION}
    SOVERSION ${PROJECT_VERSION_MAJOR}
    EXPORT_NAME ${name})
  hems_warnings(${name})
endfunction()

# hems_install_library(<name> INCDIR <tic> [PC_REQUIRES ...] [PC_REQUIRES_PRIVATE ...]
#                      [PC_LIBS_PRIVATE ...] [CONFIG_DEPS <cmake code>] [EXTRA_TARGETS ...])
# Installs the library, its public headers, its export set hems-<name>-targets.cmake
# and lib<name>.pc generated from pkgconfig/lib<name>.pc.in.
function(hems_install_library name)
  cmake_parse_arguments(A "" "INCDIR;CONFIG_DEPS"
    "PC_REQUIRES;PC_REQUIRES_PRIVATE;PC_LIBS_PRIVATE;EXTRA_TARGETS" ${ARGN})
  install(TARGETS ${name} ${A_EXTRA_TARGETS} EXPORT hems-${name}-targets
    RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} NAMELINK_COMPONENT dev
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
    INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  install(DIRECTORY include/${A_INCDIR} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
    FILES_MATCHING PATTERN "*.h")
  install(DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}/include/${A_INCDIR}"
    DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} FILES_MATCHING PATTERN "*.h")
  install(EXPORT hems-${name}-targets NAMESPACE hems::
    DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/hems)
  # Dependencies the package config must find again for this component.
  file(WRITE "${PROJECT_BINARY_DIR}/hems-${name}-deps.cmake" "${A_CONFIG_DEPS}\n")
  install(FILES "${PROJECT_BINARY_DIR}/hems-${name}-deps.cmake"
    DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/hems)

  list(JOIN A_PC_REQUIRES " " PC_REQUIRES)
  list(JOIN A_PC_REQUIRES_PRIVATE " " PC_REQUIRES_PRIVATE)
  list(JOIN A_PC_LIBS_PRIVATE " " PC_LIBS_PRIVATE)
  set(PC_VERSION ${PROJECT_VERSION})
  # Relocatable: the prefix is found from the .pc file's own place.
  file(RELATIVE_PATH HEMS_PC_RELPREFIX "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix")
  get_target_property(_defs ${name} INTERFACE_COMPILE_DEFINITIONS)
  set(PC_CFLAGS "")
  if(_defs)
    foreach(d IN LISTS _defs)
      string(APPEND PC_CFLAGS " -D${d}")
    endforeach()
  endif()
  configure_file("${PROJECT_SOURCE_DIR}/pkgconfig/lib${name}.pc.in"
                 "${PROJECT_BINARY_DIR}/pkgconfig/lib${name}.pc" @ONLY)
  install(FILES "${PROJECT_BINARY_DIR}/pkgconfig/lib${name}.pc"
    DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
  set_property(GLOBAL APPEND PROPERTY HEMS_COMPONENTS ${name})
endfunction()

# hems_header_test(<target-prefix> HEADERS <paths relative to an include dir> LIBRARY <lib>)
# Every public header must compile alone with -Wall -Wextra -pedantic -Werror (C99).
function(hems_header_test name)
  cmake_parse_arguments(A "" "LIBRARY" "HEADERS" ${ARGN})
  set(srcs "")
  foreach(h IN LISTS A_HEADERS)
    string(MAKE_C_IDENTIFIER "${h}" id)
    set(f "${CMAKE_CURRENT_BINARY_DIR}/headertest/${id}.c")
    file(WRITE "${f}.tmp" "#include <${h}>\n#include <${h}> /* include guard */\nint headertest_${id}(void);\nint headertest_${id}(void) { return 0; }\n")
    configure_file("${f}.tmp" "${f}" COPYONLY)
    list(APPEND srcs "${f}")
  endforeach()
  add_library(${name}_headertest OBJECT ${srcs})
  target_link_libraries(${name}_headertest PRIVATE ${A_LIBRARY})
  target_compile_options(${name}_headertest PRIVATE -Wall -Wextra -pedantic -Werror)
  set_target_properties(${name}_headertest PROPERTIES C_STANDARD 99 C_EXTENSIONS OFF)
endfunction()

# hems_add_check_test(<runner> SOURCES ... LIBRARIES ... SUITES <suite names>)
# One Check runner per library; one CTest test per suite, selected with CK_RUN_SUITE.
function(hems_add_check_test runner)
  cmake_parse_arguments(A "" "PREFIX" "SOURCES;LIBRARIES;SUITES;ENVIRONMENT" ${ARGN})
  hems_find_check()
  add_executable(${runner} ${A_SOURCES})
  target_link_libraries(${runner} PRIVATE ${A_LIBRARIES} PkgConfig::CHECK)
  target_include_directories(${runner} PRIVATE "${PROJECT_SOURCE_DIR}/tests/common")
  hems_warnings(${runner})
  if(NOT A_PREFIX)
    set(A_PREFIX ${runner})
  endif()
  foreach(s IN LISTS A_SUITES)
    add_test(NAME ${A_PREFIX}.${s} COMMAND ${runner})
    set_tests_properties(${A_PREFIX}.${s} PROPERTIES
      ENVIRONMENT "CK_RUN_SUITE=${s};CK_DEFAULT_TIMEOUT=60;HEMS_CORPUS_DIR=${HEMS_CORPUS_DIR};HEMS_SOURCE_DIR=${PROJECT_SOURCE_DIR};${A_ENVIRONMENT}"
      LABELS "unit")
  endforeach()
endfunction()

# hems_check_exports(<lib> <file>): the shared library exports exactly the symbols
# listed in <file> (one per line, sorted), no more, no less.
function(hems_check_exports name listfile)
  if(BUILD_SHARED_LIBS)
    add_test(NAME ${name}.exports
      COMMAND ${CMAKE_COMMAND} -DLIB=$<TARGET_FILE:${name}> -DLIST=${listfile}
              -P "${PROJECT_SOURCE_DIR}/cmake/check-exports.cmake")
    set_tests_properties(${name}.exports PROPERTIES LABELS "unit")
  endif()
endfunction()

# Where the shared field captures live (../shared/corpus beside the checkout).
set(HEMS_CORPUS_DIR "${PROJECT_SOURCE_DIR}/../shared/corpus" CACHE PATH
    "Folder of real field captures (../shared/corpus)")

# The package config (find_package(hems COMPONENTS ...)).
function(hems_install_package)
  get_property(HEMS_INSTALLED_COMPONENTS GLOBAL PROPERTY HEMS_COMPONENTS)
  configure_package_config_file("${PROJECT_SOURCE_DIR}/cmake/hemsConfig.cmake.in"
    "${PROJECT_BINARY_DIR}/hemsConfig.cmake"
    INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/hems)
  write_basic_package_version_file("${PROJECT_BINARY_DIR}/hemsConfigVersion.cmake"
    VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
  install(FILES "${PROJECT_BINARY_DIR}/hemsConfig.cmake"
                "${PROJECT_BINARY_DIR}/hemsConfigVersion.cmake"
    DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/hems)
endfunction()
