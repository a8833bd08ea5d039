#!/bin/sh
# Install test: install the build tree into a fresh prefix, then build and run a
# consumer program with find_package(hems) and with pkg-config.
# usage: run-install-test.sh BUILD_DIR CONSUMER_SRC WORK_DIR CC CMAKE [EXTRA_CFLAGS]
# (EXTRA_CFLAGS: the sanitizer flags of a Sanitize build, which consumers must share.)
set -eu
build=$1; src=$2; work=$3; cc=$4; cmake=$5; xflags=${6:-}
rm -rf "$work"; mkdir -p "$work"
prefix="$work/prefix"

echo "== cmake --install into $prefix"
"$cmake" --install "$build" --prefix "$prefix" > "$work/install.log"

libdir=$(find "$prefix" -name 'libtic.pc' -path '*pkgconfig*' -exec dirname {} \; | head -n 1)
[ -n "$libdir" ] || { echo "FAIL: libtic.pc not installed"; exit 1; }
libdir=$(dirname "$libdir")
for f in libtic.pc libemsmeter.pc libevcharge.pc libtariff.pc; do
  [ -f "$libdir/pkgconfig/$f" ] || { echo "FAIL: $f not installed in $libdir/pkgconfig"; exit 1; }
done
for f in hemsConfig.cmake hemsConfigVersion.cmake hems-tic-targets.cmake hems-emsmeter-targets.cmake \
         hems-evcharge-targets.cmake hems-tariff-targets.cmake; do
  [ -f "$libdir/cmake/hems/$f" ] || { echo "FAIL: $f not installed in $libdir/cmake/hems"; exit 1; }
done
export LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

echo "== consumer with find_package(hems COMPONENTS ...)"
"$cmake" -S "$src" -B "$work/cmake-build" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_C_COMPILER="$cc" \
  -DCMAKE_C_FLAGS="$xflags" -DCMAKE_EXE_LINKER_FLAGS="$xflags" \
  > "$work/cmake-configure.log" || { cat "$work/cmake-configure.log"; echo "FAIL: consumer configure"; exit 1; }
"$cmake" --build "$work/cmake-build" > "$work/cmake-build.log" 2>&1 || { cat "$work/cmake-build.log"; echo "FAIL: consumer build (cmake)"; exit 1; }
"$work/cmake-build/hems-consumer" || { echo "FAIL: consumer (cmake) did not run"; exit 1; }

echo "== consumer with pkg-config"
export PKG_CONFIG_PATH="$libdir/pkgconfig"
static=""
[ -e "$libdir/libtic.so" ] || static="--static"
pcflags=$(pkg-config $static --cflags --libs libtic libemsmeter libevcharge libtariff)
# shellcheck disable=SC2086
"$cc" -std=c99 -Wall -Wextra -Werror $xflags -o "$work/hems-consumer-pc" "$src/consumer.c" $pcflags \
  || { echo "FAIL: consumer build (pkg-config: $pcflags)"; exit 1; }
"$work/hems-consumer-pc" || { echo "FAIL: consumer (pkg-config) did not run"; exit 1; }
echo "install test: ok"
