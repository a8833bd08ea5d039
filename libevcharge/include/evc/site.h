/**
 * @file evc/site.h
 * @brief The allocation step: measurements and time in, setpoints and reasons out.
 *
 * The caller owns every object: one ::evc_site, and arrays of ::evc_circuit,
 * ::evc_station and ::evc_load (any length, possibly 0, kept in the same order from one
 * step to the next). Each object holds its @c config (set once), its @c input (updated
 * by the caller before each step), its @c result (written by the step) and private
 * state (@c priv: zeroed by evc_site_init() and friends, never touched by the caller).
 * The library never allocates, reads no clock and does no I/O: evc_site_step() is a
 * pure function of the objects and the time passed in, identical on every platform.
 *
 * @code
 * evc_site site; evc_station st[2];
 * evc_site_init(&site);                  // defaults: 3 phases, 40 A x 80 %
 * site.config.strategy = EVC_STRATEGY_FLOW;
 * for (int i = 0; i < 2; i++) evc_station_init(&st[i]);
 * evc_id_set(st[0].config.id, "A"); evc_id_set(st[1].config.id, "B");
 * for (;;) {                              // every few seconds
 *     site.input.time_s = meter_time; site.input.grid_ma[0] = ...;
 *     st[0].input.connected = 1; st[0].input.current_ma = ...;
 *     if (evc_site_step(&site, NULL, 0, st, 2, NULL, 0, now) == 0)
 *         apply(st[0].result.current_ma, st[0].result.phases);  // + result.text
 * }
 * @endcode
 *
 * @par Thread-safety
 * No global state: steps on distinct sites may run in parallel; the objects of one site
 * must not be used by two threads at once.
 */
#ifndef EVC_SITE_H
#define EVC_SITE_H

#include <stddef.h>
#include <stdint.h>
#include "evc/export.h"
#include "evc/config.h"
#include "evc/reason.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Event flags of a station result (what changed at this step). */
enum evc_event {
	EVC_EVENT_START = 1,  /**< setpoint went from 0 to charging */
	EVC_EVENT_STOP = 2,   /**< setpoint went from charging to 0 (vehicle still there) */
	EVC_EVENT_SWITCH = 4, /**< phase count changed */
	EVC_EVENT_FORCED = 8  /**< the stop was forced by protection or stale data (exempt
	                           from the hold delay) */
};

/** Latest measurements of the site, set by the caller before each step. */
typedef struct evc_site_input {
	int64_t time_s;          /**< UTC instant of the grid measurement, s */
	int32_t grid_ma[3];      /**< current per phase at the grid connection, mA; positive =
	                              import, negative = export. Only [0] on a 1-phase site */
	int32_t meter_ok;        /**< 0: the meter reports a failure (treated as stale) */
	int32_t battery_w;       /**< home battery power, W; positive = charging */
	int32_t battery_soc_pct; /**< home battery state of charge, % (100 = full) */
	int32_t utc_offset_s;    /**< local time minus UTC, s (for deadlines; the library has
	                              no time zone database) */
} evc_site_input;

/** What the step decided for the site. */
typedef struct evc_site_result {
	int32_t zone;            /**< ::evc_zone (greenup) */
	int32_t stale;           /**< 1 when the measurement was stale */
	int32_t limit_ma[3];     /**< per-phase limit applied (breaker x derating), mA */
	int32_t headroom_ma[3];  /**< limit minus non-EV current, mA (negative: over) */
	int32_t surplus_w;       /**< surplus before any controlled consumer, W */
	int32_t battery_share_w; /**< surplus the battery is expected to take, W */
	int32_t ev_share_w;      /**< surplus left for the EVs, W */
	int32_t reason;          /**< ::evc_reason of the site-level decision */
	char text[EVC_TEXT_MAX]; /**< reason text */
} evc_site_result;

/** Private state of a site (do not touch; zeroed by evc_site_init()). */
typedef struct evc_site_priv {
	int32_t started;       /**< a step has run */
	int32_t zone;          /**< greenup zone of the last step */
	int64_t last_step_s;   /**< time of the last step */
	int64_t last_action_s; /**< greenup: time of the last action */
	uint32_t seq;          /**< greenup reduction sequence counter */
} evc_site_priv;

/** A site: config, input, result, private state. */
typedef struct evc_site {
	evc_site_config config; /**< set once (evc_site_init() fills the defaults) */
	evc_site_input input;   /**< measurements, before each step */
	evc_site_result result; /**< written by evc_site_step() */
	evc_site_priv priv;     /**< private */
} evc_site;

/** Measurements of a circuit (optional). */
typedef struct evc_circuit_input {
	int32_t measured;      /**< 1 when current_ma holds a measurement of this circuit */
	int32_t current_ma[3]; /**< measured current per phase of the circuit, mA */
} evc_circuit_input;

/** Private state of a circuit (scratch of the step). */
typedef struct evc_circuit_priv {
	int64_t base_ma[3]; /**< scratch: non-EV current on the circuit, then growth demand */
	int64_t room_ma[3]; /**< headroom during allocation */
	int64_t use_ma[3];  /**< usage during allocation */
	int64_t ev_ma[3];   /**< EV current measured under the circuit */
	int32_t depth;      /**< depth in the hierarchy */
} evc_circuit_priv;

/** A circuit (sub-board). */
typedef struct evc_circuit {
	evc_circuit_config config; /**< limits */
	evc_circuit_input input;   /**< measurements */
	evc_circuit_priv priv;     /**< private */
} evc_circuit;

/** What the station and its vehicle report, set by the caller before each step. */
typedef struct evc_station_input {
	int32_t connected;         /**< a vehicle is plugged in */
	int32_t vehicle_full;      /**< the vehicle stopped asking (charge complete) */
	int32_t current_ma;        /**< current drawn now per active phase (largest), mA */
	int32_t active_phases;     /**< phases drawing now (1 or 3); 0 = as last commanded */
	int32_t vehicle_max_ma;    /**< the vehicle's maximum current, mA; 0 = unknown */
	int32_t vehicle_min_ma;    /**< the vehicle's minimum current, mA; 0 = unknown */
	int32_t vehicle_phases;    /**< phases the vehicle can charge on (1 or 3); 0 = 3 */
	int32_t vehicle_no_switch; /**< 1: the vehicle refuses phase switching */
	int64_t energy_wh;         /**< session energy from the station's meter, Wh; negative:
	                                unknown, the library integrates current x voltage */
} evc_station_input;

/** What the step decided for a station. */
typedef struct evc_station_result {
	int32_t current_ma;      /**< setpoint: 0 or in [min, min(rated, vehicle max)], mA */
	int32_t phases;          /**< phases to use (1 or 3) */
	int32_t state;           /**< ::evc_state */
	int32_t reason;          /**< ::evc_reason */
	int32_t events;          /**< ::evc_event flags of this step */
	int64_t energy_wh;       /**< session energy (input, or integrated), Wh */
	int64_t delivered_mah;   /**< session charge delivered, mAh */
	char text[EVC_TEXT_MAX]; /**< reason text */
} evc_station_result;

/** Private state of a station (do not touch; zeroed by evc_station_init()). */
typedef struct evc_station_priv {
	int32_t session;      /**< a session is open (vehicle was connected) */
	int32_t gstate;       /**< strategy state */
	int32_t level;        /**< greenup reduction level 0..2 */
	uint32_t reduced_seq; /**< greenup: sequence of the first reduction */
	int32_t phases;       /**< phases commanded */
	int32_t setpoint_ma;  /**< last setpoint */
	int32_t switches;     /**< phase switches this session */
	int32_t forced;       /**< flow: minimum/deadline charge latched */
	int32_t pend;         /**< flow: pending start/stop */
	int32_t pend_sw;      /**< flow: pending phase switch target (0 none) */
	int32_t paused;       /**< current paused for a phase switch at the last step */
	int64_t connected_s;  /**< session start */
	int64_t waiting_s;    /**< waiting since */
	int64_t event_s;      /**< last start/stop/switch */
	int64_t stop_s;       /**< last stop */
	int64_t pend_s;       /**< pending start/stop since */
	int64_t pend_sw_s;    /**< pending switch since */
	int64_t deadline_s;   /**< UTC deadline of the session */
	int64_t charge_mas;   /**< charge delivered, mA*s */
	int64_t energy_mj;    /**< energy integrated, mJ */
	int32_t lo;           /**< scratch: minimum current of this step */
	int32_t hi;           /**< scratch: maximum current of this step */
	int32_t want;         /**< scratch: what the strategy wants */
	int32_t alloc;        /**< scratch: what protection allows */
	int32_t nph;          /**< scratch: phases decided */
	int32_t mask;         /**< scratch: site phases used (bits) */
	int32_t meas_mask;    /**< scratch: site phases drawing now (bits) */
	int32_t limit;        /**< scratch: allocation bookkeeping */
	int32_t flags;        /**< scratch: decision flags */
	uint32_t ord;         /**< scratch: admission order (a permutation across stations) */
	int32_t reason;       /**< scratch: reason chosen by the strategy */
} evc_station_priv;

/** A charging station: config, input, result, private state. */
typedef struct evc_station {
	evc_station_config config; /**< set once */
	evc_station_input input;   /**< before each step */
	evc_station_result result; /**< written by evc_site_step() */
	evc_station_priv priv;     /**< private */
} evc_station;

/** What a switched load reports (optional). */
typedef struct evc_load_input {
	int32_t power_w;   /**< measured draw, W; negative = unknown (power_w of config) */
	int32_t available; /**< 0: the load cannot be switched now (it stays off) */
} evc_load_input;

/** What the step decided for a switched load. */
typedef struct evc_load_result {
	int32_t on;              /**< 1: switch on */
	int32_t reason;          /**< ::evc_reason */
	int32_t surplus_w;       /**< surplus left for it at its rank, W */
	char text[EVC_TEXT_MAX]; /**< reason text */
} evc_load_result;

/** Private state of a switched load. */
typedef struct evc_load_priv {
	int32_t on;      /**< on now */
	int32_t started; /**< a decision was made */
	int64_t since_s; /**< last switch */
} evc_load_priv;

/** A switched load. */
typedef struct evc_load {
	evc_load_config config; /**< set once */
	evc_load_input input;   /**< before each step */
	evc_load_result result; /**< written by evc_site_step() */
	evc_load_priv priv;     /**< private */
} evc_load;

/**
 * @brief Zero @p site and fill its config with the defaults (NULL is ignored).
 * @param site the object to initialise (NULL: nothing done).
 */
EVC_API void evc_site_init(evc_site *site);
/**
 * @brief Zero @p circuit and fill its config with the defaults (NULL is ignored).
 * @param circuit the object to initialise (NULL: nothing done).
 */
EVC_API void evc_circuit_init(evc_circuit *circuit);
/**
 * @brief Zero @p station, fill its config with defaults; input energy_wh = -1 (NULL ignored).
 * @param station the object to initialise (NULL: nothing done).
 */
EVC_API void evc_station_init(evc_station *station);
/**
 * @brief Zero @p load, fill its config with defaults; input power -1, available (NULL ignored).
 * @param load the object to initialise (NULL: nothing done).
 */
EVC_API void evc_load_init(evc_load *load);

/**
 * @brief Check every setting of a site and its objects.
 * @param site the site (NULL: EVC_EINVAL).
 * @param circuits array of @p n_circuits circuits (NULL allowed when 0).
 * @param n_circuits number of circuits.
 * @param stations array of @p n_stations stations (NULL allowed when 0).
 * @param n_stations number of stations (at most ::EVC_MAX_STATIONS).
 * @param loads array of @p n_loads loads (NULL allowed when 0).
 * @param n_loads number of loads.
 * @param err where to say what is wrong (NULL allowed).
 * @return 0, EVC_EINVAL (a NULL array with a count, a version mismatch) or EVC_ERANGE
 * (a value out of range; @p err names the object, index, field and why).
 */
EVC_API EVC_WARN_UNUSED int evc_site_check(const evc_site *site, const evc_circuit *circuits,
                                           size_t n_circuits, const evc_station *stations,
                                           size_t n_stations, const evc_load *loads, size_t n_loads,
                                           evc_check_error *err);

/**
 * @brief One allocation step: read the inputs, write every result.
 *
 * Checks the configuration (as evc_site_check()), then: tracks sessions (connect,
 * disconnect), integrates the charge delivered since the last step, falls back to safe
 * currents when the grid measurement is stale, applies the strategy (protect, greenup or
 * flow), redistributes current cars do not take, applies protection (main breaker x
 * derating, circuits, contract power, unbalance) and decides the switched loads.
 * Deterministic: the same objects and @p now_s give the same results.
 *
 * @param site the site; its input must hold the latest measurement.
 * @param circuits circuits (NULL when @p n_circuits is 0).
 * @param n_circuits number of circuits.
 * @param stations stations (NULL when @p n_stations is 0); same order at every step.
 * @param n_stations number of stations.
 * @param loads switched loads (NULL when @p n_loads is 0).
 * @param n_loads number of loads.
 * @param now_s the current UTC time, s; must not go backwards between steps.
 * @return 0; EVC_EINVAL/EVC_ERANGE for a bad argument or setting (results untouched),
 * EVC_ERANGE also when @p now_s is earlier than the previous step.
 */
EVC_API EVC_WARN_UNUSED int evc_site_step(evc_site *site, evc_circuit *circuits, size_t n_circuits,
                                          evc_station *stations, size_t n_stations, evc_load *loads,
                                          size_t n_loads, int64_t now_s);

/**
 * @brief The next UTC instant, at or after @p from_s, at which local time is weekday
 * @p wday and second of day @p sod.
 * @param from_s UTC instant, s.
 * @param utc_offset_s local time minus UTC, s (e.g. 7200 for CEST).
 * @param wday 0 = Monday .. 6 = Sunday.
 * @param sod second of the day, 0..86399.
 * @param out receives the instant.
 * @return 0, or EVC_EINVAL (NULL @p out) / EVC_ERANGE (wday, sod or offset out of range).
 */
EVC_API EVC_WARN_UNUSED int evc_deadline_next(int64_t from_s, int32_t utc_offset_s, int32_t wday,
                                              int32_t sod, int64_t *out);

#ifdef __cplusplus
}
#endif

#endif /* EVC_SITE_H */
