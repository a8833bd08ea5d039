/**
 * @file tariff/money.h
 * @brief Exact money: decimal strings, fixed-point integers, 128-bit amounts, currencies.
 *
 * libtariff never uses binary floating point for money. The units are:
 * - quantities in milli-units (`_mu`): 1/1000 Wh for electricity and export,
 *   1/1000 dm³ (one cm³) for gas and water;
 * - prices in nano-units of the currency per kWh or per m³ (`price_nano`,
 *   "0.2516" EUR/kWh is 251600000);
 * - amounts (costs, revenues) as a tariff_money: an exact signed 128-bit count of
 *   1e-15 currency units (quantity_mu × price_nano), rounded only when shown.
 *
 * Rounding, where it happens, is half away from zero, to a number of decimals the caller
 * picks (usually the currency's minor unit, tariff_currency_digits()).
 *
 * @par Thread-safety
 * Every function here is pure (no state).
 */
#ifndef TARIFF_MONEY_H
#define TARIFF_MONEY_H

#include <stddef.h>
#include <stdint.h>
#include "tariff/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Decimals of a price_nano (prices are in 1e-9 currency units). */
#define TARIFF_PRICE_SCALE 9
/** Decimals of a quantity in milli-units (1/1000 Wh or 1/1000 dm³). */
#define TARIFF_QUANTITY_SCALE 3
/** Decimals of a tariff_money (amounts are in 1e-15 currency units). */
#define TARIFF_MONEY_SCALE 15
/** A buffer of this size holds any formatted tariff_money or decimal (sign, 39 digits, point, NUL). */
#define TARIFF_MONEY_STRLEN 48

/**
 * @brief An exact amount of money: a signed 128-bit two's-complement integer count of
 *        1e-15 currency units, stored as two 64-bit halves (portable to 32-bit MCUs).
 *
 * The value is hi × 2^64 + lo. Zero is {0, 0}. Use the functions below rather than
 * the fields.
 */
typedef struct tariff_money {
	int64_t hi;  /**< high 64 bits (signed) */
	uint64_t lo; /**< low 64 bits */
} tariff_money;

/**
 * @brief Parse a decimal string ("-12.3400") into a fixed-point integer with @p scale decimals.
 *
 * Accepted: an optional sign, digits, an optional '.' followed by digits (at least one digit
 * in all). No exponent, no spaces, no thousands separator. Digits beyond @p scale are accepted
 * only when they are zeros: a value is never rounded silently.
 * @param s the text (need not be NUL-terminated).
 * @param len its length in bytes.
 * @param scale decimals of the result (0..18).
 * @param[out] out the value × 10^scale.
 * @return 0; TARIFF_EINVAL if an argument is NULL or @p scale > 18; TARIFF_EPARSE if the text
 *         is not a decimal; TARIFF_ERANGE if it has non-zero digits beyond @p scale;
 *         TARIFF_EOVERFLOW if it does not fit an int64_t.
 */
TARIFF_API TARIFF_WARN_UNUSED int tariff_decimal_parse(const char *s, size_t len, unsigned scale, int64_t *out);

/**
 * @brief Format a fixed-point integer as a decimal string with exactly @p scale decimals.
 * @param value the value × 10^scale.
 * @param scale decimals (0..18); 0 prints no decimal point.
 * @param[out] buf the text, NUL-terminated.
 * @param size size of @p buf (TARIFF_MONEY_STRLEN always suffices).
 * @return the length written (without the NUL); TARIFF_EINVAL on a NULL buffer or a bad scale;
 *         TARIFF_ENOSPC if @p size is too small (buf then holds an empty string if size > 0).
 */
TARIFF_API int tariff_decimal_format(int64_t value, unsigned scale, char *buf, size_t size);

/**
 * @brief An amount from a whole number of 1e-15 units.
 * @param femto the amount in 1e-15 currency units.
 * @return the amount.
 */
TARIFF_API tariff_money tariff_money_from_femto(int64_t femto);

/**
 * @brief The exact product quantity_mu × price_nano (never overflows).
 * @param quantity_mu a quantity in milli-units.
 * @param price_nano a price in 1e-9 currency units per kWh or m³.
 * @return the amount in 1e-15 currency units.
 */
TARIFF_API tariff_money tariff_money_mul(int64_t quantity_mu, int64_t price_nano);

/**
 * @brief Add two amounts, detecting overflow.
 * @param a first amount.
 * @param b second amount.
 * @param[out] out a + b (left unchanged on overflow).
 * @return 0; TARIFF_EINVAL if @p out is NULL; TARIFF_EOVERFLOW if the sum does not fit 128 bits.
 */
TARIFF_API TARIFF_WARN_UNUSED int tariff_money_add(tariff_money a, tariff_money b, tariff_money *out);

/**
 * @brief Subtract, detecting overflow.
 * @param a first amount.
 * @param b amount taken away.
 * @param[out] out a − b (left unchanged on overflow).
 * @return 0; TARIFF_EINVAL if @p out is NULL; TARIFF_EOVERFLOW on overflow.
 */
TARIFF_API TARIFF_WARN_UNUSED int tariff_money_sub(tariff_money a, tariff_money b, tariff_money *out);

/**
 * @brief Multiply an amount by a rate in parts per million, rounding half away from zero
 *        to 1e-15 units (used for VAT: 20 % is 200000).
 * @param a the amount.
 * @param ppm the rate × 1e6 (0..1e9).
 * @param[out] out a × ppm / 1e6.
 * @return 0; TARIFF_EINVAL on a NULL @p out or a rate out of range; TARIFF_EOVERFLOW on overflow.
 */
TARIFF_API TARIFF_WARN_UNUSED int tariff_money_mul_ppm(tariff_money a, int64_t ppm, tariff_money *out);

/**
 * @brief Compare two amounts.
 * @param a first amount.
 * @param b second amount.
 * @return -1, 0 or 1 as @p a is less than, equal to or greater than @p b.
 */
TARIFF_API int tariff_money_cmp(tariff_money a, tariff_money b);

/**
 * @brief Round an amount once, half away from zero, to @p digits decimals.
 * @param a the amount (1e-15 units).
 * @param digits decimals kept (0..15); the result counts 10^-digits units.
 * @param[out] out the rounded amount (e.g. cents for digits = 2).
 * @return 0; TARIFF_EINVAL on a NULL @p out or digits > 15; TARIFF_EOVERFLOW if the rounded
 *         value does not fit an int64_t.
 */
TARIFF_API TARIFF_WARN_UNUSED int tariff_money_round(tariff_money a, unsigned digits, int64_t *out);

/**
 * @brief Format an amount rounded half away from zero to @p digits decimals ("12.34").
 *
 * Works over the whole 128-bit range (it does not go through int64_t).
 * @param a the amount.
 * @param digits decimals shown (0..15).
 * @param[out] buf the text, NUL-terminated.
 * @param size size of @p buf (TARIFF_MONEY_STRLEN always suffices).
 * @return the length written; TARIFF_EINVAL on NULL or digits > 15; TARIFF_ENOSPC if too small.
 */
TARIFF_API int tariff_money_format(tariff_money a, unsigned digits, char *buf, size_t size);

/**
 * @brief The minor-unit digits of an ISO 4217 currency (EUR 2, JPY 0, KWD 3, CLF 4).
 * @param code three upper-case letters (NUL-terminated).
 * @return the number of digits (0..4), or TARIFF_ENOTFOUND for a code not in the table
 *         (funds and metals without a minor unit such as XAU are not in it),
 *         TARIFF_EINVAL on NULL.
 */
TARIFF_API int tariff_currency_digits(const char *code);

#ifdef __cplusplus
}
#endif

#endif /* TARIFF_MONEY_H */
