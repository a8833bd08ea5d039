/**
 * @file tariff/tariff.h
 * @brief libtariff: Energy cost rules: tariffs, dated prices, exact money, local time.
 *
 * Include this header to get the whole public API of libtariff.
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

#endif /* TARIFF_TARIFF_H */
