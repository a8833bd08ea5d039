#!/bin/sh
# Builds libtic's core for a Cortex-M0 (arm-none-eabi-gcc -mcpu=cortex-m0 -mthumb -Os,
# C99, -Wall -Wextra -Werror -ffreestanding, vendored without the CMake-generated
# headers), checks that it references no heap and no stdio, and prints its size.
# usage: cortex_m0.sh <libtic source dir> <work dir>. Exit 77 (skip) without the compiler.
set -eu
src=$1
out=$2
cc=${ARM_CC:-arm-none-eabi-gcc}
if ! command -v "$cc" >/dev/null 2>&1; then
  echo "SKIP: $cc not found"
  exit 77
fi
prefix=${cc%gcc}
mkdir -p "$out"
objs=""
for f in tic_error tic_decoder tic_dict tic_value tic_meter tic_encoder; do
  "$cc" -mcpu=cortex-m0 -mthumb -Os -std=c99 -Wall -Wextra -Werror -Wconversion \
    -Wsign-conversion -ffreestanding -ffunction-sections -fdata-sections \
    -DTIC_VENDORED -DTIC_NO_DESCRIPTIONS -I"$src/include" -I"$src/src" \
    -c "$src/src/$f.c" -o "$out/$f.o"
  objs="$objs $out/$f.o"
done
rm -f "$out/libtic-m0.a"
"${prefix}ar" rcs "$out/libtic-m0.a" $objs
# Undefined symbols: only freestanding helpers (memcpy, memset, memcmp, memchr,
# strlen and libgcc's division) are allowed.
"$cc" -mcpu=cortex-m0 -mthumb -r -nostdlib $objs -o "$out/libtic-m0.o"
undef=$("${prefix}nm" -u "$out/libtic-m0.o" | awk 'NF==2 && $1=="U" {print $2}' | sort -u)
echo "undefined symbols: $(echo $undef)"
bad=$(echo "$undef" | grep -E -x 'malloc|calloc|realloc|free|printf|fprintf|sprintf|snprintf|vsnprintf|puts|putchar|fputs|fwrite|fopen|stdout|stderr|_impure_ptr|__errno|abort|exit|time|gettimeofday' || true)
if [ -n "$bad" ]; then
  echo "FAIL: the core references $bad"
  exit 1
fi
other=$(echo "$undef" | grep -v -E -x 'memcpy|memset|memcmp|memchr|strlen|__aeabi_.*|__gnu_thumb1_case_.*|' || true)
if [ -n "$other" ]; then
  echo "FAIL: unexpected external symbols: $other"
  exit 1
fi
echo "arm-none-eabi-size (text = flash, data+bss = RAM; decoder and meter live in caller memory):"
"${prefix}size" -t $objs
cat > "$out/sizes.c" <<'EOC'
#include "tic/tic.h"
char tic_decoder_bytes[sizeof(tic_decoder)];
char tic_meter_bytes[sizeof(tic_meter)];
EOC
"$cc" -mcpu=cortex-m0 -mthumb -Os -std=c99 -fno-common -DTIC_VENDORED -I"$src/include" -c "$out/sizes.c" -o "$out/sizes.o"
"${prefix}nm" -S "$out/sizes.o" | while read -r addr size type name; do
  echo "sizeof(${name%_bytes}) on Cortex-M0: $((0x$size)) bytes"
done
