/* A simulated Enphase IQ Gateway (firmware 7 shape) and Enlighten/Entrez cloud over HTTPS,
 * built on libmicrohttpd with TLS. Used by libemsmeter's Envoy tests and by hems-sim.
 *
 * One envoy_sim serves both roles on one port (start two, with different certificates,
 * for a gateway and a cloud): gateway endpoints (/production.json, /ivp/meters,
 * /ivp/meters/readings, /ivp/ensemble/inventory, /ivp/ensemble/power,
 * /api/v1/production/inverters, /auth/check_jwt) rendered from an envoy_sim_model and
 * guarded by a bearer token; cloud endpoints (/login/login.json, /tokens) issuing tokens.
 * Faults are injected per path. Thread-safe: the server runs in its own threads and every
 * setter takes the simulator's lock. Not part of the installed library. */
#ifndef HEMS_ENVOY_SIM_H
#define HEMS_ENVOY_SIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ENVOY_SIM_MAX_INVERTERS 64
#define ENVOY_SIM_MAX_BATTERIES 8

typedef struct envoy_sim envoy_sim;

typedef struct envoy_sim_inverter {
	char serial[16];
	double power_w, max_power_w;
} envoy_sim_inverter;

typedef struct envoy_sim_battery {
	char serial[16];
	double soc_pct, capacity_wh, power_w; /* power: + discharge */
} envoy_sim_battery;

/* What the gateway measures. Derived values (net, totals) are computed when rendering. */
typedef struct envoy_sim_model {
	unsigned phases;                  /* 1..3 */
	int has_ct;                       /* production + net-consumption CTs installed */
	double production_w[3];           /* per phase (CT) */
	double consumption_w[3];          /* house load per phase */
	double voltage_v[3], frequency_hz;
	double production_wh;             /* CT lifetime production */
	double consumption_wh;            /* lifetime house consumption */
	double import_wh, export_wh;      /* grid lifetime energies */
	double inverters_wh;              /* the inverters' own lifetime sum */
	int64_t reading_time;             /* gateway time of the readings (0: now) */
	size_t n_inverters;
	envoy_sim_inverter inverters[ENVOY_SIM_MAX_INVERTERS];
	size_t n_batteries;
	envoy_sim_battery batteries[ENVOY_SIM_MAX_BATTERIES];
	/* quirks */
	int quirk_total_is_net; /* 8.3.5433: total-consumption section carries the net values */
	int quirk_no_ct;        /* metered gateway, CTs not installed: eim activeCount 0,
				   production meter disabled, frozen lifetime, odd power */
} envoy_sim_model;

/* A three-phase metered site with 4 inverters, producing and consuming. */
void envoy_sim_model_default(envoy_sim_model *m);

typedef enum envoy_sim_fault {
	ENVOY_SIM_FAULT_NONE = 0,
	ENVOY_SIM_FAULT_401,       /* HTTP 401 */
	ENVOY_SIM_FAULT_500,       /* HTTP 500 */
	ENVOY_SIM_FAULT_404,       /* HTTP 404 */
	ENVOY_SIM_FAULT_MALFORMED, /* a truncated JSON body with status 200 */
	ENVOY_SIM_FAULT_SLOW,      /* answer after slow_ms (beyond the client's timeout) */
	ENVOY_SIM_FAULT_DROP       /* close the connection without an answer */
} envoy_sim_fault;

typedef struct envoy_sim_options {
	const char *cert_file; /* PEM certificate the server presents */
	const char *key_file;  /* its PEM private key */
	uint16_t port;         /* 0: a free port chosen by the system */
	/* cloud role */
	const char *username, *password, *serial;
	unsigned token_lifetime_s; /* lifetime of issued tokens; 0: one year */
} envoy_sim_options;

/* Start on 127.0.0.1. Returns NULL on failure (message on stderr). */
envoy_sim *envoy_sim_start(const envoy_sim_options *o);
void envoy_sim_stop(envoy_sim *s);
uint16_t envoy_sim_port(const envoy_sim *s);

void envoy_sim_set_model(envoy_sim *s, const envoy_sim_model *m);
void envoy_sim_get_model(envoy_sim *s, envoy_sim_model *m);

/* Gateway: accept this bearer token too (up to 8; expired tokens are refused anyway). */
void envoy_sim_accept_token(envoy_sim *s, const char *token);
/* Cloud: the gateway that must accept the tokens this cloud issues (may be NULL). */
void envoy_sim_link_gateway(envoy_sim *cloud, envoy_sim *gateway);
/* The last token this cloud issued (copied into out, "" if none). */
void envoy_sim_last_token(envoy_sim *s, char *out, size_t n);

/* Fault on requests whose path (without query) equals path (NULL: every path), for the
 * next count requests (0: until cleared with ENVOY_SIM_FAULT_NONE). */
void envoy_sim_set_fault(envoy_sim *s, const char *path, envoy_sim_fault f, unsigned count);
void envoy_sim_set_slow_ms(envoy_sim *s, unsigned ms);
/* Serve this body (status 200) for path instead of the rendered one; NULL restores. */
void envoy_sim_set_body(envoy_sim *s, const char *path, const char *body);
/* Requests received on path (without query); NULL: all. */
unsigned envoy_sim_hits(envoy_sim *s, const char *path);

/* A token shaped like Entrez's (header.payload.signature, base64url), expiring at exp. */
void envoy_sim_make_token(int64_t exp, const char *serial, const char *jti, char *out,
			  size_t n);

#ifdef __cplusplus
}
#endif

#endif
