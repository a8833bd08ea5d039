/* Internal to the Envoy driver: shared between ems_envoy.c (HTTP, tokens) and
 * ems_envoy_json.c (parsing). Not installed. */
#ifndef EMS_ENVOY_INTERNAL_H
#define EMS_ENVOY_INTERNAL_H

#include <stdarg.h>

#include "ems/envoy.h"

/* priv_.seen bits */
#define ENVOY_SEEN_INVERTERS 0x0001u   /* production.json inverters section */
#define ENVOY_SEEN_PROD_CT 0x0002u     /* production.json eim production section */
#define ENVOY_SEEN_NET_WH 0x0004u      /* net-consumption whLifetime */
#define ENVOY_SEEN_METERS 0x0008u      /* /ivp/meters parsed */
#define ENVOY_SEEN_PROD_DISABLED 0x0010u /* /ivp/meters: production CT present, not enabled */
#define ENVOY_SEEN_CONS_NET 0x0020u    /* consumption CT is a net-consumption CT */
#define ENVOY_SEEN_CONS_TOTAL 0x0040u  /* consumption CT is a total-consumption CT */
#define ENVOY_SEEN_ENCHARGE 0x0080u    /* inventory listed ENCHARGE batteries */

/* Fill an error record (err may be NULL). Returns code. */
int envoy_err_set(ems_envoy_error *err, int code, const char *where, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;

#endif
