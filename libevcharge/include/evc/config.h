/**
 * @file evc/config.h
 * @brief Configuration of a site, its circuits, charging stations and switched loads.
 *
 * All units are integers and named: mA, W, VA, Wh, mAh, seconds, percent. Each config
 * struct has an initialiser function (evc_*_config_init()) that fills the documented
 * defaults; change the fields you need afterwards. The site config carries a
 * @c version field (::EVC_SITE_CONFIG_VERSION) so that a later release can grow it.
 *
 * @par Thread-safety
 * The functions here only touch the struct passed to them.
 */
#ifndef EVC_CONFIG_H
#define EVC_CONFIG_H

#include <stdint.h>
#include "evc/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Size of an id buffer (station, circuit, load), NUL included. */
#define EVC_ID_MAX 16
/** Size of the reason text buffer in every result, NUL included. */
#define EVC_TEXT_MAX 160
/** Index meaning "no circuit": the station or circuit hangs directly on the main breaker. */
#define EVC_NO_CIRCUIT (-1)
/** No deadline weekday. */
#define EVC_NO_DEADLINE (-1)
/** Current version of ::evc_site_config. */
#define EVC_SITE_CONFIG_VERSION 1u
/** Largest number of stations one step accepts (indexes are kept in 20 bits). */
#define EVC_MAX_STATIONS 1000000u

/** Allocation strategy of a site. */
typedef enum evc_strategy {
	EVC_STRATEGY_PROTECT = 0, /**< protection only: every car at its maximum within limits */
	EVC_STRATEGY_GREENUP = 1, /**< Legrand Green'Up load management (zones, steps) */
	EVC_STRATEGY_FLOW = 2     /**< Hager flow: per-station modes, PV surplus */
} evc_strategy;

/** How current is shared between stations competing for it. */
typedef enum evc_fairness {
	EVC_FAIR_EQUAL = 0, /**< equal current for all (max-min fair), above each minimum */
	EVC_FAIR_FCFS = 1   /**< first connected first served: the earlier car gets its maximum */
} evc_fairness;

/** Station mode under the flow strategy (ignored by the others). */
typedef enum evc_mode {
	EVC_MODE_BOOST = 0,          /**< full current, grid or PV; protection only */
	EVC_MODE_PV = 1,             /**< PV surplus only */
	EVC_MODE_PV_MIN = 2,         /**< min_energy_wh as soon as possible, then PV surplus */
	EVC_MODE_PV_MIN_DEADLINE = 3 /**< min_energy_wh by the deadline, PV first */
} evc_mode;

/** Kind of switched load (informative: all behave as a relay). */
typedef enum evc_load_kind {
	EVC_LOAD_RELAY = 0,       /**< any relay load (I/O interface) */
	EVC_LOAD_HEAT_PUMP = 1,   /**< heat pump (SG Ready input) */
	EVC_LOAD_WATER_HEATER = 2 /**< water heater */
} evc_load_kind;

/** Greenup thresholds (Legrand Green'Up load management). */
typedef struct evc_greenup_config {
	/** Yellow/red threshold: maximum phase current of the site, mA (default 40000). */
	int32_t max_current_ma;
	/** Green/yellow threshold: maximum phase current for charging, mA (default 32000). */
	int32_t max_charging_current_ma;
	/** Hysteresis to leave a zone, % of max_current_ma (default 0). */
	int32_t hysteresis_pct;
	/** First reduction step, % of each station's rated current (default 75). */
	int32_t step1_pct;
	/** Second reduction step, % of each station's rated current (default 50). */
	int32_t step2_pct;
	/** Charge a station receives before it may be stopped first, mAh (default 32000). */
	int32_t min_guaranteed_mah;
	/** Minimum time between two greenup actions, s (default 0: one action per step). */
	int32_t action_interval_s;
} evc_greenup_config;

/** Flow settings (Hager flow): PV surplus, phase switching, battery, hold delay. */
typedef struct evc_flow_config {
	/** Surplus from which a switchable station goes to three phases, W (default 4100). */
	int32_t three_phase_on_w;
	/** Hysteresis between the up and down switching thresholds, W (default 500). */
	int32_t switch_hysteresis_w;
	/** Default hold delay for starts, stops and phase switches, s (default 300). */
	int32_t hold_s;
	/** The home battery takes the surplus before the EVs (1) or after (0, default). */
	int32_t battery_priority;
	/** Home battery's maximum charge power, W (0, default: no battery). */
	int32_t battery_max_charge_w;
	/** Place of the EVs in the surplus priority order (default 1; battery is 0 or 2). */
	int32_t ev_rank;
} evc_flow_config;

/** Site: mains, limits and strategy. */
typedef struct evc_site_config {
	uint32_t version;        /**< ::EVC_SITE_CONFIG_VERSION */
	int32_t phases;          /**< 1 or 3 (default 3) */
	int32_t voltage_v;       /**< phase-to-neutral voltage, V (default 230) */
	int32_t main_breaker_ma; /**< main breaker rating per phase, mA (default 40000) */
	int32_t derating_pct;    /**< usable share of the breaker rating, % (default 80) */
	int32_t contract_va;     /**< contract power limit (PCOUP), VA; 0 = none (default) */
	int32_t unbalance_ma;    /**< max difference between phase currents, mA; 0 = none */
	int32_t stale_after_s;   /**< grid measurement older than this is stale, s (default 30) */
	int32_t strategy;        /**< ::evc_strategy (default EVC_STRATEGY_PROTECT) */
	int32_t fairness;        /**< ::evc_fairness (default EVC_FAIR_EQUAL) */
	/** A car drawing this much less than offered is capped at its draw + this, mA
	 *  (default 2000); the rest goes to the others. 0 disables redistribution. */
	int32_t redistribute_margin_ma;
	evc_greenup_config greenup; /**< greenup thresholds */
	evc_flow_config flow;       /**< flow settings */
} evc_site_config;

/** A circuit (sub-board) with its own per-phase limit, under the main breaker or another. */
typedef struct evc_circuit_config {
	char id[EVC_ID_MAX]; /**< name used in reason texts */
	int32_t parent;      /**< index of the parent circuit, or ::EVC_NO_CIRCUIT (main) */
	int32_t limit_ma;    /**< per-phase limit of this circuit, mA (already derated) */
} evc_circuit_config;

/** A charging station. */
typedef struct evc_station_config {
	char id[EVC_ID_MAX];        /**< name used in reason texts ("A") */
	int32_t phases;             /**< 1 or 3: how the station is wired (default 3) */
	int32_t phase;              /**< 1..3: site phase of a single-phase station, and the
	                                 phase a three-phase station uses in one-phase mode */
	int32_t rated_ma;           /**< rated current, mA (default 32000) */
	int32_t min_ma;             /**< minimum current, mA (default 6000) */
	int32_t priority;           /**< 1: priority station (greenup: started first, never
	                                 reduced, stopped last) */
	int32_t switch_phases;      /**< 1: may switch between 1 and 3 phases (flow) */
	int32_t max_phase_switches; /**< cap of phase switches per session; 0 = no cap */
	int32_t mode;               /**< ::evc_mode (flow strategy; default EVC_MODE_BOOST) */
	int32_t hold_s;             /**< hold delay, s; -1 = the site's flow.hold_s (default) */
	int32_t min_energy_wh;      /**< minimum energy of pv_min / pv_min_deadline, Wh */
	int32_t deadline_wday;      /**< deadline weekday, 0 = Monday .. 6 = Sunday, or
	                                 ::EVC_NO_DEADLINE */
	int32_t deadline_sod;       /**< deadline local time, second of the day (0..86399) */
	int32_t fallback_ma;        /**< current when data is stale, mA; -1 = the station's
	                                 minimum (default), 0 = stop */
	int32_t circuit;            /**< index of its circuit, or ::EVC_NO_CIRCUIT */
} evc_station_config;

/** A switched load (heat pump, water heater, relay) sharing the PV surplus. */
typedef struct evc_load_config {
	char id[EVC_ID_MAX]; /**< name used in reason texts */
	int32_t kind;        /**< ::evc_load_kind */
	int32_t power_w;     /**< trigger power: what the load draws when on, W */
	int32_t on_w;        /**< switch on when the surplus left for it reaches this, W */
	int32_t off_w;       /**< switch off when the surplus left for it falls below this, W
	                          (must be below on_w; the surplus counts its own draw) */
	int32_t min_on_s;    /**< minimum on time, s */
	int32_t min_off_s;   /**< minimum off time, s */
	int32_t rank;        /**< place in the surplus priority order (lower first; EVs are
	                          flow.ev_rank, the battery 0 or 2); default 3 */
	int32_t phases;      /**< 1 or 3 */
	int32_t phase;       /**< 1..3 for a single-phase load */
} evc_load_config;

/**
 * @brief Fill @p cfg with the defaults documented on each field. NULL is ignored.
 * @param cfg the config to fill (NULL: nothing done).
 */
EVC_API void evc_site_config_init(evc_site_config *cfg);
/**
 * @brief Fill @p cfg with the defaults (no parent, no limit). NULL is ignored.
 * @param cfg the config to fill (NULL: nothing done).
 */
EVC_API void evc_circuit_config_init(evc_circuit_config *cfg);
/**
 * @brief Fill @p cfg with the defaults documented on each field. NULL is ignored.
 * @param cfg the config to fill (NULL: nothing done).
 */
EVC_API void evc_station_config_init(evc_station_config *cfg);
/**
 * @brief Fill @p cfg with the defaults (relay, rank 3, three-phase). NULL is ignored.
 * @param cfg the config to fill (NULL: nothing done).
 */
EVC_API void evc_load_config_init(evc_load_config *cfg);

/**
 * @brief Copy @p id into an id buffer of ::EVC_ID_MAX bytes, truncating, always terminated.
 * @param dst a buffer of ::EVC_ID_MAX bytes (NULL: nothing done).
 * @param id the text (NULL: empty).
 */
EVC_API void evc_id_set(char *dst, const char *id);

/** Where evc_site_check() found an invalid setting. */
typedef struct evc_check_error {
	const char *object; /**< "site", "circuit", "station" or "load" (static) */
	long index;         /**< index of the object in its array; -1 for the site */
	const char *field;  /**< name of the field (static string) */
	const char *why;    /**< what is wrong (static string) */
} evc_check_error;

#ifdef __cplusplus
}
#endif

#endif /* EVC_CONFIG_H */
