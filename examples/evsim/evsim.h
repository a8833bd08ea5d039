/* evsim: scenario loading (JSON, jansson) and the simulated site that drives libevcharge.
 * Shared by the evsim CLI, the scenario test runner and the loader's fuzz harness. */
#ifndef EVSIM_H
#define EVSIM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "evc/evc.h"

#define EVSIM_MAX_STATIONS 64
#define EVSIM_MAX_LOADS    16
#define EVSIM_MAX_CIRCUITS 16

/* what the scenario says about a vehicle at a station (change points merge into this) */
typedef struct evsim_ev {
	int connected;
	int32_t max_ma;        /* vehicle limit the station knows */
	int32_t min_ma;        /* vehicle minimum (0: none) */
	int32_t draw_ma;       /* what the car really takes at most (default max_ma) */
	int phases;            /* phases the vehicle charges on (1 or 3) */
	int can_switch;        /* accepts phase switching */
	int64_t full_after_wh; /* session energy at which it is full (0: never) */
} evsim_ev;

typedef struct evsim_change {
	int64_t t;
	int has_house, has_pv, has_meter;
	int32_t house_ma[3];
	int32_t pv_w;
	int meter_ok;
	int has_ev[EVSIM_MAX_STATIONS];
	evsim_ev ev[EVSIM_MAX_STATIONS];
	int has_ev_field[EVSIM_MAX_STATIONS]; /* bit mask of fields given */
} evsim_change;

typedef struct evsim_battery {
	int present;
	int64_t capacity_wh;
	int32_t max_charge_w, max_discharge_w;
	int64_t energy_mwh; /* state, mWh */
} evsim_battery;

typedef struct evsim_scenario {
	evc_site site;
	evc_circuit circuits[EVSIM_MAX_CIRCUITS];
	size_t n_circuits;
	evc_station stations[EVSIM_MAX_STATIONS];
	size_t n_stations;
	evc_load loads[EVSIM_MAX_LOADS];
	size_t n_loads;
	evsim_battery battery;
	int64_t start_utc;
	int32_t utc_offset_s;
	int64_t step_s, duration_s;
	evsim_change *timeline;
	size_t n_timeline;
	void *json; /* the parsed document (json_t *), for the expectations */
} evsim_scenario;

typedef struct evsim_error {
	char text[256];
	int line, column;
} evsim_error;

/* Loading: 0 or -1 with err filled ("stations[0].rated_a: expected a number"). */
int evsim_load_file(evsim_scenario *sc, const char *path, evsim_error *err);
int evsim_load_buffer(evsim_scenario *sc, const char *buf, size_t len, evsim_error *err);
void evsim_free(evsim_scenario *sc);

/* per-station simulation state and totals */
typedef struct evsim_station_sim {
	evsim_ev ev;
	int full;
	int64_t session_mwh; /* energy of the session, mWh */
	int64_t energy_mwh;  /* whole run */
	int64_t pv_mwh;      /* from PV */
	int32_t draw_ma;     /* drawing now per phase */
	int draw_phases;
	int starts, stops, switches;
} evsim_station_sim;

typedef struct evsim_load_sim {
	int64_t on_s, energy_mwh;
	int switches;
} evsim_load_sim;

typedef struct evsim {
	evsim_scenario *sc;
	int64_t t; /* seconds since start */
	int32_t house_ma[3];
	int32_t pv_w;
	int meter_ok;
	int32_t grid_ma[3]; /* physical grid during [t, t+step] */
	int32_t battery_w;  /* + charging */
	int64_t peak_ma;    /* largest phase current seen */
	int64_t peak_t;
	int64_t bat_in_mwh, bat_out_mwh;
	evsim_station_sim st[EVSIM_MAX_STATIONS];
	evsim_load_sim ld[EVSIM_MAX_LOADS];
	size_t next_change;
	int rc; /* last evc_site_step return */
} evsim;

typedef int (*evsim_step_fn)(const evsim *sim, void *user);

/* Runs the scenario; calls fn after every step (a non-zero return stops). 0, or the
 * libevcharge error code of a failing step. */
int evsim_run(evsim *sim, evsim_scenario *sc, evsim_step_fn fn, void *user);

/* Printing */
void evsim_print_step(FILE *out, const evsim *sim, int json);
void evsim_print_summary(FILE *out, const evsim *sim, int json);

#endif
