/**
 * @file tic/tic.h
 * @brief libtic: decoder of the Enedis TIC (télé-information client) stream.
 *
 * Include this header to get the whole public API of libtic's core: the push
 * decoder (tic/decoder.h), the encoder (tic/encoder.h), the label dictionary and
 * typed accessors (tic/dict.h) and the meter view (tic/meter.h). Serial I/O is in
 * tic/serial.h (library `tic_serial`, built with HEMS_BUILD_TIC_SERIAL).
 *
 * @par Thread-safety
 * libtic has no global mutable state. Every function works only on the objects
 * passed to it: distinct objects may be used from distinct threads at once; one
 * object must not be used from two threads at the same time.
 */
#ifndef TIC_TIC_H
#define TIC_TIC_H

#include "tic/config.h"
#ifndef TIC_VENDORED
#include "tic/version.h"
#endif
#include "tic/error.h"
#include "tic/dict.h"
#include "tic/decoder.h"
#include "tic/encoder.h"
#include "tic/meter.h"

#endif /* TIC_TIC_H */
