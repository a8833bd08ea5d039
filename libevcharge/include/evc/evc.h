/**
 * @file evc/evc.h
 * @brief libevcharge: EV charging current allocation: protection, load management, PV surplus.
 *
 * Include this header to get the whole public API of libevcharge:
 * - evc/config.h: site, circuit, station and switched-load settings with their defaults;
 * - evc/site.h: the objects the caller owns and the one call, evc_site_step();
 * - evc/reason.h: reason codes, station states, greenup zones;
 * - evc/error.h: error codes.
 *
 * The library is pure C99: no allocation, no clock, no I/O, no dependency, integer units.
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
#include "evc/reason.h"
#include "evc/config.h"
#include "evc/site.h"

#endif /* EVC_EVC_H */
