/**
 * @file tariff/tariff.h
 * @brief libtariff: Energy cost rules: tariffs, dated prices, exact money, local time.
 *
 * Include this header to get the whole public API of libtariff:
 * - tariff/money.h: exact decimal money (fixed point, 128-bit amounts, ISO 4217 digits);
 * - tariff/tz.h: local civil time from POSIX TZ rule strings, ISO 8601 instants;
 * - tariff/schedule.h: the model (tariffs, dated prices, price series, rules, meter periods);
 * - tariff/cost.h: the costing engine, totals per tariff and per local period, the bill;
 * - tariff/csv.h: CSV rows of consumption and of price series;
 * - tariff/json.h: the JSON config loader (when built with jansson; TARIFF_HAVE_JSON).
 *
 * The core (all but tariff/json.h) has no dependency, never allocates and does no I/O.
 *
 * @par Thread-safety
 * libtariff has no global mutable state. Every function works only on the objects
 * passed to it: distinct objects may be used from distinct threads at once; one
 * object must not be used from two threads at the same time.
 */
#ifndef TARIFF_TARIFF_H
#define TARIFF_TARIFF_H

#include "tariff/export.h"
#include "tariff/version.h"
#include "tariff/error.h"
#include "tariff/money.h"
#include "tariff/tz.h"
#include "tariff/schedule.h"
#include "tariff/cost.h"
#include "tariff/csv.h"
#if defined(TARIFF_HAVE_JSON) || defined(TARIFF_DOXYGEN)
#include "tariff/json.h"
#endif

#endif /* TARIFF_TARIFF_H */
