/**
 * @file evc/evc.h
 * @brief libevcharge: EV charging current allocation: protection, load management, PV surplus.
 *
 * Include this header to get the whole public API of libevcharge.
 *
 * @par Thread-safety
 * libevcharge has no global mutable state. Every function works only on the objects
 * passed to it: distinct objects may be used from distinct threads at once; one
 * object must not be used from two threads at the same time.
 */
#ifndef EVC_EVC_H
#define EVC_EVC_H

#include "evc/export.h"
#include "evc/version.h"
#include "evc/error.h"

#endif /* EVC_EVC_H */
