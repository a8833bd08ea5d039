/**
 * @file tic/tic.h
 * @brief libtic: decoder of the Enedis TIC (télé-information client) stream.
 *
 * Include this header to get the whole public API of libtic.
 *
 * @par Thread-safety
 * libtic has no global mutable state. Every function works only on the objects
 * passed to it: distinct objects may be used from distinct threads at once; one
 * object must not be used from two threads at the same time.
 */
#ifndef TIC_TIC_H
#define TIC_TIC_H

#include "tic/export.h"
#include "tic/version.h"
#include "tic/error.h"

#endif /* TIC_TIC_H */
