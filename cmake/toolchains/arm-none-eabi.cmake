# Cross-compiling hems' MCU cores (libtic core; libevcharge and libtariff cores) for
# bare-metal ARM with Debian's gcc-arm-none-eabi + libnewlib-arm-none-eabi.
#
#   cmake -S . -B build-m0 -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/arm-none-eabi.cmake \
#     -DHEMS_MCU_FLAGS="-mcpu=cortex-m0 -mthumb" -DBUILD_SHARED_LIBS=OFF -DBUILD_TESTING=OFF \
#     -DHEMS_BUILD_EMSMETER=OFF -DHEMS_BUILD_TIC_SERIAL=OFF -DHEMS_BUILD_JSON=OFF \
#     -DHEMS_BUILD_EXAMPLES=OFF -DHEMS_BUILD_PYTHON=OFF -DHEMS_BUILD_BENCH=OFF
#   cmake --build build-m0 --target tic
#
# HEMS_MCU_FLAGS picks the core (default Cortex-M0, thumb). Static libraries only;
# try-compiles build a static library instead of linking a program (no startup code).
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_AR arm-none-eabi-ar CACHE FILEPATH "")
set(CMAKE_RANLIB arm-none-eabi-ranlib CACHE FILEPATH "")
set(CMAKE_SIZE arm-none-eabi-size CACHE FILEPATH "")

set(HEMS_MCU_FLAGS "-mcpu=cortex-m0 -mthumb" CACHE STRING "CPU flags for the MCU build")
set(CMAKE_C_FLAGS_INIT "${HEMS_MCU_FLAGS} -ffunction-sections -fdata-sections -ffreestanding")
set(CMAKE_C_FLAGS_MINSIZEREL_INIT "-Os -DNDEBUG")
if(NOT CMAKE_BUILD_TYPE)
  set(CMAKE_BUILD_TYPE MinSizeRel CACHE STRING "Build type")
endif()
set(BUILD_SHARED_LIBS OFF CACHE BOOL "MCU builds are static" FORCE)
# No position-independent code on bare metal.
set(CMAKE_POSITION_INDEPENDENT_CODE OFF)

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
