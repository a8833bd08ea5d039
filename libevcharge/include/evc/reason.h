/**
 * @file evc/reason.h
 * @brief Reason codes of libevcharge decisions, station states and zones.
 *
 * Every setpoint evc_site_step() returns carries one ::evc_reason code (machine-readable,
 * stable numbers) and a text built into the result struct (human-readable, such as
 * "red zone: stopped B, longest connected non-priority with 32 Ah delivered").
 * Codes are never renumbered; new ones are added at the end of the table.
 *
 * @par Thread-safety
 * Every function here is pure and reentrant.
 */
#ifndef EVC_REASON_H
#define EVC_REASON_H

#include "evc/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/** X-macro table of reason codes: XX(NAME, value). */
#define EVC_REASON_MAP(XX)                                                                         \
	XX(NONE, 0)                /* no decision yet */                                           \
	XX(IDLE, 1)                /* no vehicle connected */                                      \
	XX(FULL, 2)                /* the vehicle reports it is full */                            \
	XX(VEHICLE_LIMITS, 3)      /* vehicle minimum above the maximum: cannot charge */          \
	XX(STALE, 4)               /* grid measurement too old: safe fallback current */           \
	XX(PROTECT_ZERO, 5)        /* non-EV load alone exceeds a limit: station at zero */        \
	XX(PROTECT_LIMIT, 6)       /* current cut by the main breaker limit */                    \
	XX(CIRCUIT_LIMIT, 7)       /* current cut by a circuit (sub-board) limit */                \
	XX(CONTRACT_LIMIT, 8)      /* current cut by the contract power (kVA) */                   \
	XX(UNBALANCE_LIMIT, 9)     /* current cut by the unbalanced-load limit */                  \
	XX(NO_ROOM, 10)            /* the limits leave less than the minimum current: zero */      \
	XX(PROTECT_FULL, 11)       /* strategy "protect": full current within the limits */       \
	XX(GU_CHARGING, 12)        /* greenup: charging at full current */                        \
	XX(GU_STARTED, 13)         /* greenup: request started */                                 \
	XX(GU_WAIT_YELLOW, 14)     /* greenup: waiting, yellow zone */                             \
	XX(GU_WAIT_RED, 15)        /* greenup: waiting, red zone */                                \
	XX(GU_WAIT_ROOM, 16)       /* greenup: waiting, starting would leave the green zone */     \
	XX(GU_REDUCED, 17)         /* greenup: charge reduced to a reduction step */              \
	XX(GU_STOPPED, 18)         /* greenup: charge stopped (red zone) */                        \
	XX(GU_RAISED, 19)          /* greenup: reduced charge raised one step */                   \
	XX(GU_RESUMED, 20)         /* greenup: stopped charge resumed */                           \
	XX(FLOW_BOOST, 21)         /* flow boost: full current, grid or PV */                      \
	XX(FLOW_PV, 22)            /* flow pv: charging on PV surplus */                           \
	XX(FLOW_PV_WAIT, 23)       /* flow pv: not enough surplus to start */                      \
	XX(FLOW_PV_STARTING, 24)   /* flow pv: enough surplus, hold delay before starting */       \
	XX(FLOW_PV_STOPPING, 25)   /* flow pv: surplus too low, hold delay before stopping */      \
	XX(FLOW_PV_STOPPED, 26)    /* flow pv: stopped, surplus too low for the hold delay */      \
	XX(FLOW_MIN_ENERGY, 27)    /* flow pv_min: charging the minimum energy */                  \
	XX(FLOW_DEADLINE_PV, 28)   /* flow pv_min_deadline: PV now, the deadline can wait */       \
	XX(FLOW_DEADLINE_GRID, 29) /* flow pv_min_deadline: full current to meet the deadline */  \
	XX(FLOW_DEADLINE_MISS, 30) /* flow pv_min_deadline: the deadline cannot be met */          \
	XX(PHASE_SWITCH, 31)       /* switching between 1 and 3 phases (current paused) */        \
	XX(PHASE_PENDING, 32)      /* a phase switch waits for its hold delay */                   \
	XX(REDISTRIBUTED, 33)      /* the car takes less than offered; the rest went to others */ \
	XX(HOLD_RESTART, 34)       /* stopped recently; restart held back by the hold delay */     \
	XX(LOAD_ON, 35)            /* switched load on: surplus above its on threshold */          \
	XX(LOAD_OFF, 36)           /* switched load off: surplus below its off threshold */        \
	XX(LOAD_MIN_ON, 37)        /* switched load kept on: minimum on time */                    \
	XX(LOAD_MIN_OFF, 38)       /* switched load kept off: minimum off time */                  \
	XX(LOAD_PROTECT, 39)       /* switched load off: its phase is over the limit */            \
	XX(BATTERY_FIRST, 40)      /* surplus goes to the home battery first */                    \
	XX(EV_FIRST, 41)           /* surplus goes to the EVs before the home battery */

/** Reason codes (stable numbers). */
typedef enum evc_reason {
	/** @cond */
#define EVC_REASON_ENUM_(name, value) EVC_R_##name = (value),
	EVC_REASON_MAP(EVC_REASON_ENUM_)
#undef EVC_REASON_ENUM_
	/** @endcond */
	EVC_R_END_ /**< not a code: one above the highest */
} evc_reason;

/** Station states reported in results. */
typedef enum evc_state {
	EVC_STATE_IDLE = 0,     /**< no vehicle connected */
	EVC_STATE_WAITING = 1,  /**< vehicle connected, wants to charge, not started */
	EVC_STATE_CHARGING = 2, /**< charging at the full current the strategy wants */
	EVC_STATE_REDUCED = 3,  /**< charging, below what the vehicle could take */
	EVC_STATE_STOPPED = 4,  /**< stopped by load management after having charged */
	EVC_STATE_FULL = 5      /**< the vehicle is full */
} evc_state;

/** Greenup zones (EVC_ZONE_NONE under other strategies). */
typedef enum evc_zone {
	EVC_ZONE_NONE = 0,   /**< not the greenup strategy */
	EVC_ZONE_GREEN = 1,  /**< below the charging threshold */
	EVC_ZONE_YELLOW = 2, /**< between the charging threshold and the maximum */
	EVC_ZONE_RED = 3     /**< above the maximum current */
} evc_zone;

/**
 * @brief The symbolic name of a reason code ("GU_STOPPED").
 * @param reason an ::evc_reason value (any int accepted).
 * @return a static string; "UNKNOWN" for a value outside the table. Never NULL.
 */
EVC_API const char *evc_reason_name(int reason);

/**
 * @brief The name of a station state as evsim prints it ("charging").
 * @param state an ::evc_state value (any int accepted).
 * @return a static string; "unknown" for a value outside the enum. Never NULL.
 */
EVC_API const char *evc_state_name(int state);

/**
 * @brief The name of a zone ("green", "yellow", "red"; "none").
 * @param zone an ::evc_zone value (any int accepted).
 * @return a static string; "unknown" for a value outside the enum. Never NULL.
 */
EVC_API const char *evc_zone_name(int zone);

#ifdef __cplusplus
}
#endif

#endif /* EVC_REASON_H */
