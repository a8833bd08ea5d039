/**
 * @file tariff/cost.h
 * @brief Costing quantities over time: split at every change, totals per tariff and per
 *        local day, month or year, the meter's own periods, the bill view.
 *
 * A tariff_cost lives in caller memory (no allocation): initialise it with a tariff_set, a
 * commodity, an optional breakdown and an optional caller array of period totals, then add
 * intervals. Each interval [start, end) with its quantity is spread uniformly over its seconds
 * and split wherever something changes inside it: a rule's window edge, local midnight (dates,
 * price dates, the day/month/year breakdown), a DST change, a price slot of a series.
 *
 * Quantities are whole milli-units (1/1000 Wh or 1/1000 dm³). The split of one interval's
 * quantity among its pieces is done by cumulative rounding to one milli-unit, so the pieces
 * always sum exactly to the quantity given (nothing lost or created); each piece is then priced
 * exactly (tariff_money). Money is rounded only when shown.
 *
 * A quantity for which no rule holds, or whose tariff has no price in force, is counted as
 * unpriced (tariff_totals::unpriced_mu), never priced silently.
 *
 * @par Errors
 * Invalid arguments are refused before anything is counted. An overflow or a full period
 * array met while counting leaves the object failed: every later call returns
 * TARIFF_EFAILED and its totals must not be used (the error is sticky, like a stream's).
 *
 * @par Thread-safety
 * One tariff_cost, one thread at a time; the tariff_set may be shared.
 */
#ifndef TARIFF_COST_H
#define TARIFF_COST_H

#include <stddef.h>
#include <stdint.h>
#include "tariff/export.h"
#include "tariff/error.h"
#include "tariff/money.h"
#include "tariff/schedule.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Breakdown by local calendar period. */
typedef enum tariff_by {
	TARIFF_BY_NONE = 0,  /**< totals only */
	TARIFF_BY_DAY = 1,   /**< per local day: period key YYYYMMDD */
	TARIFF_BY_MONTH = 2, /**< per local month: YYYYMM */
	TARIFF_BY_YEAR = 3   /**< per local year: YYYY */
} tariff_by;

/** Totals of a commodity (whole run or one period). */
typedef struct tariff_totals {
	int64_t quantity_mu;                           /**< all quantity counted, milli-units */
	int64_t unpriced_mu;                           /**< part with no rule or no price in force */
	tariff_money cost;                             /**< exact cost of the priced part, excl. VAT */
	int64_t tariff_quantity_mu[TARIFF_MAX_TARIFFS]; /**< quantity per tariff (priced) */
	tariff_money tariff_cost[TARIFF_MAX_TARIFFS];   /**< cost per tariff */
	tariff_money energy_kwh;                       /**< gas only: equivalent energy, 1e-15 kWh units */
	int64_t unconverted_mu;                        /**< gas only: quantity with no factor in force */
} tariff_totals;

/** Totals of one local calendar period. */
typedef struct tariff_period_totals {
	int32_t period;       /**< YYYYMMDD, YYYYMM or YYYY (see tariff_by) */
	tariff_totals totals; /**< its totals */
} tariff_period_totals;

/**
 * @brief A costing run, in caller memory. Fields are private: use the functions.
 */
typedef struct tariff_cost {
	const tariff_set *set_;           /**< private */
	const tariff_schedule *sched_;    /**< private */
	int commodity_;                   /**< private */
	int by_;                          /**< private */
	int failed_;                      /**< private: sticky error code, 0 if none */
	tariff_period_totals *periods_;   /**< private */
	size_t n_periods_;                /**< private */
	size_t cap_periods_;              /**< private */
	tariff_totals totals_;            /**< private */
	int64_t tz_from_;                 /**< private: offset cache, valid from */
	int64_t tz_until_;                /**< private: offset cache, valid until */
	int32_t tz_utoff_;                /**< private: cached offset */
	int tz_dst_;                      /**< private: cached DST flag */
} tariff_cost;

/**
 * @brief Start a costing run.
 * @param c the object (caller memory).
 * @param set the set (checked with tariff_set_validate()); it must outlive @p c and stay unchanged.
 * @param commodity a tariff_commodity.
 * @param by a tariff_by breakdown.
 * @param periods caller array for the breakdown (may be NULL when @p by is TARIFF_BY_NONE);
 *        kept sorted by period; must outlive @p c.
 * @param capacity entries in @p periods (a year by day needs 366; a partial day at each end
 *        of a run counts as a period).
 * @return 0; TARIFF_EINVAL on NULL, a bad commodity or breakdown, or no array for a breakdown;
 *         TARIFF_ECONFIG if @p set does not pass tariff_set_validate().
 */
TARIFF_API TARIFF_WARN_UNUSED int tariff_cost_init(tariff_cost *c, const tariff_set *set, int commodity, int by,
						   tariff_period_totals *periods, size_t capacity);

/**
 * @brief Count a quantity consumed over [start, end), priced by the commodity's rules.
 * @param c the run.
 * @param start first second (UTC).
 * @param end one past the last second (UTC), > start.
 * @param quantity_mu quantity, milli-units, >= 0.
 * @return 0; TARIFF_EINVAL on NULL, end <= start or a negative quantity; TARIFF_ERANGE for
 *         instants out of range; TARIFF_EOVERFLOW / TARIFF_ENOSPC (then the run is failed);
 *         TARIFF_EFAILED if the run failed before.
 */
TARIFF_API TARIFF_WARN_UNUSED int tariff_cost_add(tariff_cost *c, int64_t start, int64_t end, int64_t quantity_mu);

/**
 * @brief Count a quantity under the meter's own tariff period (its label) instead of the rules.
 *
 * The label is mapped with tariff_period_lookup(); the price is the tariff's price in force
 * (split at local midnight as usual).
 * @param c the run.
 * @param start first second (UTC).
 * @param end one past the last second, > start.
 * @param quantity_mu quantity, milli-units, >= 0.
 * @param label the meter label (PTEC, LTARF, NTARF or index name).
 * @return as tariff_cost_add(); TARIFF_ENOTFOUND for an unmapped label (nothing counted).
 */
TARIFF_API TARIFF_WARN_UNUSED int tariff_cost_add_label(tariff_cost *c, int64_t start, int64_t end,
							int64_t quantity_mu, const char *label);

/**
 * @brief Count the delta of a per-period energy index (EASF01..10, HCHC, HCHP, BBRHCJB ...).
 *
 * The quantity is index_end − index_start in whole units (Wh, or dm³ for gas and water),
 * attributed to the label's tariff over [start, end): exact by construction, whatever the
 * sample rate, since the meter did the splitting.
 * @param c the run.
 * @param start instant of the first reading.
 * @param end instant of the second reading, > start.
 * @param label the index name or period label.
 * @param index_start first reading.
 * @param index_end second reading, >= @p index_start (a meter index never goes back).
 * @return as tariff_cost_add_label(); TARIFF_ERANGE if the index went back or the delta overflows.
 */
TARIFF_API TARIFF_WARN_UNUSED int tariff_cost_add_index(tariff_cost *c, int64_t start, int64_t end,
							const char *label, int64_t index_start, int64_t index_end);

/**
 * @brief The run's totals.
 * @param c the run.
 * @return its totals (owned by @p c), or NULL on NULL.
 */
TARIFF_API const tariff_totals *tariff_cost_totals(const tariff_cost *c);

/**
 * @brief How many periods the breakdown holds.
 * @param c the run.
 * @return the count (0 on NULL).
 */
TARIFF_API size_t tariff_cost_period_count(const tariff_cost *c);

/**
 * @brief One period of the breakdown, in period order.
 * @param c the run.
 * @param i 0..tariff_cost_period_count()-1.
 * @return the entry (in the caller's array), or NULL out of range.
 */
TARIFF_API const tariff_period_totals *tariff_cost_period(const tariff_cost *c, size_t i);

/**
 * @brief The run's error state.
 * @param c the run.
 * @return 0 if usable, else the code that failed it (TARIFF_EINVAL on NULL).
 */
TARIFF_API int tariff_cost_error(const tariff_cost *c);

/**
 * @brief An amount including the commodity's VAT (rounded half away from zero to 1e-15).
 * @param set the set.
 * @param commodity a tariff_commodity.
 * @param excl the amount excluding VAT.
 * @param[out] incl the amount including VAT (equal to @p excl when no VAT rate is set).
 * @return 0; TARIFF_EINVAL on NULL or a bad commodity; TARIFF_EOVERFLOW.
 */
TARIFF_API TARIFF_WARN_UNUSED int tariff_vat_apply(const tariff_set *set, int commodity, tariff_money excl,
						   tariff_money *incl);

/** The bill view: import, export, net, PV self-consumption saving (exact amounts). */
typedef struct tariff_bill {
	tariff_money import_cost;        /**< electricity imported, excl. VAT */
	tariff_money import_cost_vat;    /**< the same incl. VAT */
	tariff_money export_revenue;     /**< feed-in revenue, excl. VAT */
	tariff_money export_revenue_vat; /**< the same incl. the export VAT rate (if any) */
	tariff_money net;                /**< import_cost − export_revenue */
	tariff_money net_vat;            /**< import_cost_vat − export_revenue_vat */
	tariff_money pv_saving;          /**< self-consumed PV at the import price in force, excl. VAT */
	tariff_money pv_saving_vat;      /**< the same incl. the import VAT */
	int64_t unpriced_mu;             /**< unpriced quantity of the three inputs together */
} tariff_bill;

/**
 * @brief Make the bill view from three runs over the same time span.
 *
 * @p self_consumed is a TARIFF_ELECTRICITY run fed with the self-consumed PV energy (PV
 * production minus export), so it is priced at the import price in force at each instant.
 * @param set the set.
 * @param import electricity import totals (may be NULL: zero).
 * @param exported export totals (may be NULL: zero).
 * @param self_consumed self-consumption totals priced as import (may be NULL: zero).
 * @param[out] out the bill.
 * @return 0; TARIFF_EINVAL on NULL @p set or @p out; TARIFF_EOVERFLOW.
 */
TARIFF_API TARIFF_WARN_UNUSED int tariff_bill_make(const tariff_set *set, const tariff_totals *import,
						   const tariff_totals *exported, const tariff_totals *self_consumed,
						   tariff_bill *out);

#ifdef __cplusplus
}
#endif

#endif /* TARIFF_COST_H */
