/**
 * @file ems/ems.h
 * @brief libemsmeter: Energy-management device drivers: Modbus meters, chargers, batteries, I/O, TIC, Enphase.
 *
 * Include this header to get the whole public API of libemsmeter:
 * - ems/quantity.h: normalised quantities and readings;
 * - ems/decode.h: register word decoding and encoding;
 * - ems/regmap.h: register maps (one JSON per device model);
 * - ems/installation.h: the installation (buses, devices, polling, totals).
 *
 * @par Thread-safety
 * libemsmeter has no global mutable state. Every function works only on the objects
 * passed to it: distinct objects may be used from distinct threads at once; one
 * object must not be used from two threads at the same time.
 */
#ifndef EMS_EMS_H
#define EMS_EMS_H

#include "ems/export.h"
#include "ems/version.h"
#include "ems/error.h"
#include "ems/quantity.h"
#include "ems/decode.h"
#include "ems/regmap.h"
#include "ems/installation.h"

#endif /* EMS_EMS_H */
