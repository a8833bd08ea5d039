/**
 * @file tariff/schedule.h
 * @brief The tariff model: commodities, tariffs with dated prices or price series, cost
 *        rules, the meter's own tariff periods, VAT, the gas conversion factor.
 *
 * Everything here is plain data the caller owns: arrays of structs pointed to by a
 * tariff_set. Fill them from C (static tables in flash work), or let the JSON loader
 * (tariff/json.h) build them. libtariff never copies, allocates or frees them; they must
 * outlive every object that uses them and stay unchanged while in use.
 *
 * Dates are local calendar dates as days since 1970-01-01 (tariff_date_from_ymd()).
 *
 * @par Thread-safety
 * A tariff_set is only read: any number of threads may share one.
 */
#ifndef TARIFF_SCHEDULE_H
#define TARIFF_SCHEDULE_H

#include <stddef.h>
#include <stdint.h>
#include "tariff/export.h"
#include "tariff/error.h"
#include "tariff/tz.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Commodities. Quantities: Wh for electricity and export, dm³ for gas and water. */
typedef enum tariff_commodity {
	TARIFF_ELECTRICITY = 0, /**< imported electricity (a cost) */
	TARIFF_EXPORT = 1,      /**< exported electricity, feed-in (a revenue) */
	TARIFF_GAS = 2,         /**< gas, priced per m³, shown in kWh through the conversion factor */
	TARIFF_WATER = 3        /**< water, priced per m³ */
} tariff_commodity;

/** Number of commodities. */
#define TARIFF_COMMODITIES 4
/** Most tariffs per commodity (the fixed size of the per-tariff totals). */
#define TARIFF_MAX_TARIFFS 16
/** "No date": a price or factor in force since always; a rule bound absent. */
#define TARIFF_DATE_NONE INT32_MIN

/** Weekday bits of tariff_rule::days (bit n is weekday n, 0 = Sunday). */
#define TARIFF_DAY_SUN (1u << 0) /**< Sunday */
#define TARIFF_DAY_MON (1u << 1) /**< Monday */
#define TARIFF_DAY_TUE (1u << 2) /**< Tuesday */
#define TARIFF_DAY_WED (1u << 3) /**< Wednesday */
#define TARIFF_DAY_THU (1u << 4) /**< Thursday */
#define TARIFF_DAY_FRI (1u << 5) /**< Friday */
#define TARIFF_DAY_SAT (1u << 6) /**< Saturday */

/** Condition flags of a tariff_rule (a condition whose flag is clear always holds). */
#define TARIFF_RULE_FROM 0x01u   /**< from is set */
#define TARIFF_RULE_TO 0x02u     /**< to is set */
#define TARIFF_RULE_YEARLY 0x04u /**< from/to are MMDD (month × 100 + day), every year */
#define TARIFF_RULE_WINDOW 0x08u /**< start_min..end_min daily window */
#define TARIFF_RULE_DAYS 0x10u   /**< days weekday mask */

/** A price in force from a local date on. */
typedef struct tariff_price {
	int32_t from;       /**< first local date (days since 1970-01-01) or TARIFF_DATE_NONE */
	int64_t price_nano; /**< price excluding VAT, 1e-9 currency units per kWh or m³ */
} tariff_price;

/** A slot of a dynamic price series: [start, end) in UTC. */
typedef struct tariff_slot {
	int64_t start;      /**< first second (UTC) */
	int64_t end;        /**< one past the last second (UTC) */
	int64_t price_nano; /**< price, 1e-9 currency units per kWh or m³ (may be negative) */
} tariff_slot;

/** A tariff: dated prices, or a series of price slots (exactly one of the two). */
typedef struct tariff_tariff {
	const char *id;             /**< identifier, unique in its commodity ("HP") */
	const char *name;           /**< display name, may be NULL */
	const char *color;          /**< display colour ("#e4572e"), may be NULL */
	const tariff_price *prices; /**< sorted by from, strictly increasing; only the first may be TARIFF_DATE_NONE */
	size_t n_prices;            /**< number of prices (0 when slots are used) */
	const tariff_slot *slots;   /**< sorted, non-overlapping price slots */
	size_t n_slots;             /**< number of slots (0 when prices are used) */
} tariff_tariff;

/**
 * @brief A cost rule. At an instant the first rule whose conditions all hold names the tariff.
 *
 * Dates are inclusive local dates; with TARIFF_RULE_YEARLY they are MMDD and the period may
 * wrap the year end (1230 to 0102); 0229 exists only in leap years. The window is judged on
 * each instant's own local minute and the end minute is included (0..1139 is 00:00–18:59);
 * start > end wraps midnight. The weekday is the instant's own local weekday.
 */
typedef struct tariff_rule {
	unsigned tariff;   /**< index of the tariff in its commodity */
	unsigned flags;    /**< TARIFF_RULE_* conditions present */
	int32_t from;      /**< first date (day number, or MMDD when yearly) */
	int32_t to;        /**< last date, inclusive */
	int start_min;     /**< window start, minute of the day 0..1439 */
	int end_min;       /**< window end, minute included, 0..1439 */
	unsigned days;     /**< TARIFF_DAY_* mask */
} tariff_rule;

/**
 * @brief The meter's own tariff period: a label the meter shows mapped to a tariff.
 *
 * Labels are compared after removing trailing spaces and dots, so the TIC's "HC.." (PTEC),
 * "HEURE CREUSE    " (LTARF), "02" (NTARF, as the meter sends it), "EASF02" or "HCHC" (index names) all work.
 */
typedef struct tariff_period_map {
	const char *label; /**< meter label */
	unsigned tariff;   /**< index of the tariff */
} tariff_period_map;

/** A gas conversion factor in force from a local date on. */
typedef struct tariff_factor {
	int32_t from;        /**< first local date, or TARIFF_DATE_NONE */
	int64_t factor_nano; /**< kWh per m³ × 1e9 ("11.2" is 11200000000) */
} tariff_factor;

/** Everything about one commodity. */
typedef struct tariff_schedule {
	const tariff_tariff *tariffs;     /**< the tariffs, in display order */
	size_t n_tariffs;                 /**< number of tariffs (0..TARIFF_MAX_TARIFFS); 0: commodity unused */
	const tariff_rule *rules;         /**< the cost rules, in order */
	size_t n_rules;                   /**< number of rules */
	const tariff_period_map *periods; /**< meter labels → tariffs */
	size_t n_periods;                 /**< number of labels */
	const tariff_factor *factors;     /**< gas: conversion factors, sorted by from */
	size_t n_factors;                 /**< number of factors */
	int64_t vat_ppm;                  /**< VAT rate × 1e6 (20 % = 200000), or -1 for none */
} tariff_schedule;

/** A complete tariff set: currency, time zone, and the four commodities. */
typedef struct tariff_set {
	char currency[4];                             /**< ISO 4217 code, NUL-terminated */
	int currency_digits;                          /**< minor-unit digits (tariff_currency_digits()) */
	tariff_tz tz;                                 /**< local time of the rules */
	tariff_schedule commodity[TARIFF_COMMODITIES]; /**< indexed by tariff_commodity */
} tariff_set;

/**
 * @brief Check a set: indices, sort orders, ranges, unique ids.
 * @param set the set.
 * @param[out] diag optional: the JSON-like path ("electricity.rules[1]") and reason.
 * @return 0; TARIFF_EINVAL on NULL; TARIFF_ECONFIG if something is wrong.
 */
TARIFF_API TARIFF_WARN_UNUSED int tariff_set_validate(const tariff_set *set, tariff_diag *diag);

/**
 * @brief The commodity's name ("electricity", "export", "gas", "water").
 * @param commodity a tariff_commodity.
 * @return a static string, or NULL for a value out of range.
 */
TARIFF_API const char *tariff_commodity_name(int commodity);

/**
 * @brief The commodity of a name.
 * @param name "electricity", "export", "gas" or "water".
 * @return the tariff_commodity, or TARIFF_ENOTFOUND (TARIFF_EINVAL on NULL).
 */
TARIFF_API int tariff_commodity_from_name(const char *name);

/**
 * @brief Whether a rule's conditions all hold at a local time.
 * @param rule the rule.
 * @param local the local time (from tariff_tz_local()).
 * @return 1 if they hold, 0 if not or on NULL.
 */
TARIFF_API int tariff_rule_matches(const tariff_rule *rule, const tariff_local *local);

/**
 * @brief The tariff decided by the first matching rule.
 * @param sched the commodity's schedule.
 * @param local the local time.
 * @param[out] tariff the tariff index.
 * @return 0; TARIFF_ENOTFOUND when no rule holds (the quantity is unpriced); TARIFF_EINVAL on NULL.
 */
TARIFF_API TARIFF_WARN_UNUSED int tariff_schedule_match(const tariff_schedule *sched, const tariff_local *local,
							unsigned *tariff);

/**
 * @brief The price of a tariff at an instant.
 *
 * With dated prices: the price with the latest from not after @p date. With slots: the slot
 * containing @p utc.
 * @param t the tariff.
 * @param date the local date of @p utc.
 * @param utc the instant.
 * @param[out] price_nano the price.
 * @return 0; TARIFF_ENOTFOUND when no price is in force; TARIFF_EINVAL on NULL.
 */
TARIFF_API TARIFF_WARN_UNUSED int tariff_tariff_price(const tariff_tariff *t, int32_t date, int64_t utc,
						      int64_t *price_nano);

/**
 * @brief The tariff and price in force at an instant (rules, then price).
 * @param set the set.
 * @param commodity a tariff_commodity.
 * @param utc the instant.
 * @param[out] tariff the tariff index (may be NULL).
 * @param[out] price_nano the price (may be NULL).
 * @return 0; TARIFF_ENOTFOUND if no rule holds or no price is in force; TARIFF_EINVAL on NULL
 *         or a bad commodity; TARIFF_ERANGE for an instant out of range.
 */
TARIFF_API TARIFF_WARN_UNUSED int tariff_set_price_at(const tariff_set *set, int commodity, int64_t utc,
						      unsigned *tariff, int64_t *price_nano);

/**
 * @brief The gas conversion factor in force on a local date.
 * @param sched the schedule.
 * @param date local date.
 * @param[out] factor_nano kWh per m³ × 1e9.
 * @return 0; TARIFF_ENOTFOUND if none; TARIFF_EINVAL on NULL.
 */
TARIFF_API TARIFF_WARN_UNUSED int tariff_schedule_factor(const tariff_schedule *sched, int32_t date,
							 int64_t *factor_nano);

/**
 * @brief The tariff of a meter period label (see tariff_period_map).
 * @param sched the schedule.
 * @param label the label as the meter shows it (NUL-terminated).
 * @param[out] tariff the tariff index.
 * @return 0; TARIFF_ENOTFOUND for an unmapped label; TARIFF_EINVAL on NULL.
 */
TARIFF_API TARIFF_WARN_UNUSED int tariff_period_lookup(const tariff_schedule *sched, const char *label,
						       unsigned *tariff);

/**
 * @brief The index of a tariff by id.
 * @param sched the schedule.
 * @param id the id.
 * @param[out] tariff the index.
 * @return 0; TARIFF_ENOTFOUND; TARIFF_EINVAL on NULL.
 */
TARIFF_API TARIFF_WARN_UNUSED int tariff_schedule_find(const tariff_schedule *sched, const char *id, unsigned *tariff);

#ifdef __cplusplus
}
#endif

#endif /* TARIFF_SCHEDULE_H */
