/* libevcharge internals shared by the modules (not installed). */
#ifndef EVC_INTERNAL_H
#define EVC_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include "evc/config.h"
#include "evc/error.h"
#include "evc/reason.h"
#include "evc/site.h"

/* ---- text builder (evc_text.c): no libc formatting, no allocation ---- */
typedef struct evc_txt {
	char *buf;
	size_t cap;
	size_t len;
} evc_txt;

void evc_txt_init(evc_txt *t, char *buf, size_t cap);
void evc_txt_s(evc_txt *t, const char *s);
void evc_txt_i(evc_txt *t, int64_t v);
/* mA as amperes with one decimal: "12.5 A" */
void evc_txt_a(evc_txt *t, int64_t ma);
/* W as "1234 W" */
void evc_txt_w(evc_txt *t, int64_t w);
/* mAh as whole Ah: "32 Ah" */
void evc_txt_ah(evc_txt *t, int64_t mah);
/* seconds as "45 s" or "5 min" */
void evc_txt_dur(evc_txt *t, int64_t s);
/* phase name "L1".."L3" */
void evc_txt_phase(evc_txt *t, int phase_index);

/* ---- station scratch flags (priv.flags) ---- */
enum {
	EVC_F_ACTIVE = 1,       /* connected, not full, can charge */
	EVC_F_RUNNING = 2,      /* was charging at the previous step */
	EVC_F_SWITCHING = 4,    /* phase switch at this step: current paused */
	EVC_F_REDIST = 8,       /* want capped by redistribution */
	EVC_F_HELD = 16,        /* flow: want kept by a hold delay */
	EVC_F_CUT_BREAKER = 32, /* allocation cut by the main breaker */
	EVC_F_CUT_CIRCUIT = 64,
	EVC_F_CUT_CONTRACT = 128,
	EVC_F_CUT_UNBALANCE = 256,
	EVC_F_ZERO_PHASE = 512,     /* a phase over the limit even with zero EV current */
	EVC_F_REDUCED = 1024,       /* strategy reduced it below hi */
	EVC_F_STOPPED = 2048,       /* strategy stopped it */
	EVC_F_STRATEGY_TEXT = 4096, /* the strategy wrote the text already */
	EVC_F_ADMITTED = 8192       /* flow: admitted to the PV share */
};

/* strategy states (priv.gstate) */
enum { EVC_G_WAIT = 0, EVC_G_RUN = 1, EVC_G_STOPPED = 2 };

/* pending flow decisions (priv.pend) */
enum { EVC_PEND_NONE = 0, EVC_PEND_START = 1, EVC_PEND_STOP = 2 };

/* internal context of one step */
typedef struct evc_ctx {
	evc_site *site;
	evc_circuit *circuits;
	size_t nc;
	evc_station *st;
	size_t ns;
	evc_load *loads;
	size_t nl;
	int64_t now;
	int64_t dt;
	int nphases;
	int64_t volt;
	int64_t limit_ma[3];
	int64_t base_ma[3]; /* non-EV current per phase */
	int64_t ev_w;       /* EV power measured now */
	int64_t loads_w;    /* switched loads' power now */
	int64_t pool_w;     /* surplus before any controlled consumer */
} evc_ctx;

int evc_station_hold_s(const evc_ctx *c, const evc_station *s);
/* most phases the station and its vehicle can use (1 or 3) */
int evc_station_max_phases(const evc_ctx *c, const evc_station *s);
int64_t evc_power_w(const evc_ctx *c, int64_t ma, int nph);
/* current to plan a deadline with: the station's maximum, capped by the main breaker's
 * headroom over the non-EV load on the phases it uses now, never below its minimum */
int64_t evc_station_plan_ma(const evc_ctx *c, const evc_station *s, int nph);
int evc_popcount3(int mask);

/* modules */
void evc_strategy_protect(evc_ctx *c);
void evc_greenup_run(evc_ctx *c);
void evc_flow_run(evc_ctx *c);
void evc_protect_allocate(evc_ctx *c);
void evc_loads_run(evc_ctx *c);
/* order stations (priv.ord permutation): priority, running, arrival, index; both fairness
 * policies admit in this order (FCFS also fills in it) */
void evc_order_stations(evc_station *st, size_t n);

#endif
