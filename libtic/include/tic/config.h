/**
 * @file tic/config.h
 * @brief Compile-time configuration of libtic's core (firmware tunables).
 *
 * Every tunable has a default guarded by `#ifndef`. Firmware builds override them
 * with a user header named by `TIC_CONFIG_FILE` (e.g.
 * `-DTIC_CONFIG_FILE='"my_tic_config.h"'`), in the manner of lwIP's `lwipopts.h`
 * and Mbed TLS's `MBEDTLS_USER_CONFIG_FILE`. The same values must be seen by the
 * library and by every file that includes its headers, since they size the
 * public structs.
 *
 * @par Vendoring the core
 * The core (decoder, encoder, dictionary, meter view, errors) is plain C99 with no
 * dependency. Copy `include/tic/{config,error,decoder,encoder,dict,meter}.h` and
 * `src/tic_{error,decoder,encoder,dict,value,meter}.c` plus `src/tic_dict_index.h`
 * into the firmware tree and compile them with `-DTIC_VENDORED`: the headers then
 * do not include the CMake-generated `tic/export.h` (TIC_API and TIC_WARN_UNUSED
 * are defined here instead) and `tic/tic.h` skips `tic/version.h`.
 */
#ifndef TIC_CONFIG_H
#define TIC_CONFIG_H

#ifdef TIC_CONFIG_FILE
#include TIC_CONFIG_FILE
#endif

#ifdef TIC_VENDORED
#ifndef TIC_API
/** Export marker: empty when the sources are compiled into the firmware. */
#define TIC_API
#endif
#ifndef TIC_WARN_UNUSED
#if defined(__GNUC__) && !defined(SWIG)
/** The returned error code must be checked. */
#define TIC_WARN_UNUSED __attribute__((warn_unused_result))
#else
#define TIC_WARN_UNUSED
#endif
#endif
#else
#include "tic/export.h"
#endif

#ifndef TIC_GROUP_MAX
/**
 * @brief Longest information group the decoder accepts, in bytes between LF and CR.
 *
 * The longest group of the specifications is PJOURF+1/PPOINTE in standard mode:
 * 8 (label) + 1 + 98 (data) + 1 + 1 (checksum) = 109 bytes. A longer group is
 * counted as overlong and reported, never overflows. Must be 16..255.
 */
#define TIC_GROUP_MAX 128
#endif

#if TIC_GROUP_MAX < 16 || TIC_GROUP_MAX > 255
#error "TIC_GROUP_MAX must be between 16 and 255"
#endif

#endif /* TIC_CONFIG_H */
