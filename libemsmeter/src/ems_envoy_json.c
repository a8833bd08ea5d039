/* Envoy driver: parsing of the gateway's JSON documents into an ems_envoy_reading, the
 * quirk corrections that need no history, the inverter list and panel monitoring.
 * No I/O here. Rules: a missing field (or JSON null) is "not provided"; a field present
 * with the wrong type is EMS_EPARSE with the JSON path in err->where. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "ems_envoy_internal.h"

int envoy_err_set(ems_envoy_error *err, int code, const char *where, const char *fmt, ...)
{
	if (!err)
		return code;
	err->code = code;
	snprintf(err->where, sizeof err->where, "%s", where ? where : "");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->text, sizeof err->text, fmt, ap);
	va_end(ap);
	return code;
}

static const char *doc_name(ems_envoy_doc doc)
{
	switch (doc) {
	case EMS_ENVOY_DOC_PRODUCTION: return "/production.json";
	case EMS_ENVOY_DOC_METERS: return "/ivp/meters";
	case EMS_ENVOY_DOC_METER_READINGS: return "/ivp/meters/readings";
	case EMS_ENVOY_DOC_INVENTORY: return "/ivp/ensemble/inventory";
	case EMS_ENVOY_DOC_POWER: return "/ivp/ensemble/power";
	}
	return "?";
}

static const char *type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: return "an integer";
	case JSON_REAL: return "a number";
	case JSON_TRUE:
	case JSON_FALSE: return "a boolean";
	case JSON_NULL: return "null";
	}
	return "?";
}

/* The parsing context: the document's name and the error record. */
typedef struct pctx {
	const char *doc;
	ems_envoy_error *err;
} pctx;

static int type_error(pctx *c, const char *path, const char *key, const char *want,
		      const json_t *got)
{
	char where[128];
	if (key)
		snprintf(where, sizeof where, "%s: %s.%s", c->doc, path, key);
	else
		snprintf(where, sizeof where, "%s: %s", c->doc, path);
	return envoy_err_set(c->err, EMS_EPARSE, where, "expected %s, got %s", want,
			     type_name(got));
}

static int range_error(pctx *c, const char *path, const char *key, const char *why)
{
	char where[128];
	snprintf(where, sizeof where, "%s: %s.%s", c->doc, path, key);
	return envoy_err_set(c->err, EMS_EPARSE, where, "%s", why);
}

/* A number field: *present = 0 when absent or null. */
static int get_num(pctx *c, const json_t *obj, const char *path, const char *key, double *out,
		   int *present)
{
	json_t *v = json_object_get(obj, key);
	*present = 0;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_number(v))
		return type_error(c, path, key, "a number", v);
	double d = json_number_value(v);
	if (!isfinite(d))
		return range_error(c, path, key, "not a finite number");
	*out = d;
	*present = 1;
	return 0;
}

static int get_int(pctx *c, const json_t *obj, const char *path, const char *key,
		   long long min, long long max, long long *out, int *present)
{
	json_t *v = json_object_get(obj, key);
	*present = 0;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_integer(v))
		return type_error(c, path, key, "an integer", v);
	long long i = (long long)json_integer_value(v);
	if (i < min || i > max)
		return range_error(c, path, key, "integer out of range");
	*out = i;
	*present = 1;
	return 0;
}

static int get_str(pctx *c, const json_t *obj, const char *path, const char *key,
		   const char **out)
{
	json_t *v = json_object_get(obj, key);
	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return type_error(c, path, key, "a string", v);
	*out = json_string_value(v);
	return 0;
}

/* An array field; *out NULL when absent or null. */
static int get_arr(pctx *c, const json_t *obj, const char *path, const char *key,
		   json_t **out)
{
	json_t *v = json_object_get(obj, key);
	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_array(v))
		return type_error(c, path, key, "an array", v);
	*out = v;
	return 0;
}

/* Element i of an array, which must be an object. */
static int elem_obj(pctx *c, json_t *arr, size_t i, const char *path, char *epath, size_t n,
		    json_t **out)
{
	if (snprintf(epath, n, "%s[%zu]", path, i) < 0)
		epath[0] = '\0';
	*out = json_array_get(arr, i);
	if (!json_is_object(*out))
		return type_error(c, epath, NULL, "an object", *out);
	return 0;
}

#define TRY(x)                                                                                     \
	do {                                                                                       \
		int rc_ = (x);                                                                     \
		if (rc_ != 0)                                                                      \
			return rc_;                                                                \
	} while (0)

/* ---- /production.json?details=1 ------------------------------------------------------ */

/* The per-phase "lines" of an eim section: wNow into dst[], rmsVoltage into voltage. */
static int parse_lines(pctx *c, const json_t *sec, const char *path, double *dst,
		       unsigned *nphases, int *all_w, ems_envoy_reading *r, int want_voltage)
{
	json_t *lines;
	TRY(get_arr(c, sec, path, "lines", &lines));
	*nphases = 0;
	*all_w = 0;
	if (!lines || json_array_size(lines) == 0)
		return 0;
	char lpath[96];
	snprintf(lpath, sizeof lpath, "%s.lines", path);
	size_t n = json_array_size(lines);
	int ok = 1;
	double v[EMS_ENVOY_MAX_PHASES];
	int vok = 1;
	for (size_t i = 0; i < n; i++) {
		char epath[112];
		json_t *l;
		TRY(elem_obj(c, lines, i, lpath, epath, sizeof epath, &l));
		double w = 0, volt = 0;
		int pw, pv;
		TRY(get_num(c, l, epath, "wNow", &w, &pw));
		TRY(get_num(c, l, epath, "rmsVoltage", &volt, &pv));
		if (i >= EMS_ENVOY_MAX_PHASES)
			continue; /* checked for types, not stored */
		if (!pw)
			ok = 0;
		else
			dst[i] = w;
		if (!pv)
			vok = 0;
		else
			v[i] = volt;
	}
	*nphases = n > EMS_ENVOY_MAX_PHASES ? EMS_ENVOY_MAX_PHASES : (unsigned)n;
	*all_w = ok;
	if (want_voltage && vok && !(r->provided & EMS_ENVOY_HAS_VOLTAGE_V)) {
		for (unsigned i = 0; i < *nphases; i++)
			r->voltage_v[i] = v[i];
		r->provided |= EMS_ENVOY_HAS_VOLTAGE_V;
	}
	return 0;
}

static void set_phase_count(ems_envoy_reading *r, unsigned n)
{
	if (n > r->phase_count)
		r->phase_count = n;
}

static int parse_eim(pctx *c, const json_t *sec, const char *path, const char *mtype,
		     ems_envoy_reading *r)
{
	double w = 0, wh = 0, rt = 0;
	int pw, pwh, prt;
	long long active = 0;
	int pact;
	TRY(get_num(c, sec, path, "wNow", &w, &pw));
	TRY(get_num(c, sec, path, "whLifetime", &wh, &pwh));
	TRY(get_num(c, sec, path, "readingTime", &rt, &prt));
	TRY(get_int(c, sec, path, "activeCount", 0, 100000, &active, &pact));
	if (prt && rt > 0 && rt < 1e12) {
		r->time = (int64_t)rt;
		r->provided |= EMS_ENVOY_HAS_TIME;
	}
	double ph[EMS_ENVOY_MAX_PHASES] = {0};
	unsigned np;
	int all;
	if (!mtype)
		return 0; /* an eim section without measurementType: nothing to attribute */
	if (strcmp(mtype, "production") == 0) {
		TRY(parse_lines(c, sec, path, ph, &np, &all, r, 1));
		r->priv_.seen |= ENVOY_SEEN_PROD_CT;
		r->priv_.prod_ct_active = pact ? (unsigned)active : 1u;
		if (pw) {
			r->production_w = w;
			r->provided |= EMS_ENVOY_HAS_PRODUCTION_W;
		}
		if (pwh) {
			r->production_wh = wh;
			r->provided |= EMS_ENVOY_HAS_PRODUCTION_WH;
		}
		if (np && all) {
			memcpy(r->production_phase_w, ph, sizeof ph);
			r->provided |= EMS_ENVOY_HAS_PRODUCTION_PHASE_W;
			set_phase_count(r, np);
		}
	} else if (strcmp(mtype, "total-consumption") == 0) {
		TRY(parse_lines(c, sec, path, ph, &np, &all, r, 0));
		if (pact && active == 0)
			return 0; /* no consumption CT reporting */
		if (pw) {
			r->consumption_w = w;
			r->provided |= EMS_ENVOY_HAS_CONSUMPTION_W;
		}
		if (pwh) {
			r->consumption_wh = wh;
			r->provided |= EMS_ENVOY_HAS_CONSUMPTION_WH;
		}
		if (np && all) {
			memcpy(r->consumption_phase_w, ph, sizeof ph);
			r->provided |= EMS_ENVOY_HAS_CONSUMPTION_PHASE_W;
			set_phase_count(r, np);
		}
	} else if (strcmp(mtype, "net-consumption") == 0) {
		TRY(parse_lines(c, sec, path, ph, &np, &all, r, 1));
		if (pact && active == 0)
			return 0;
		if (pw) {
			r->net_w = w;
			r->provided |= EMS_ENVOY_HAS_NET_W;
		}
		if (pwh) {
			r->priv_.net_wh = wh;
			r->priv_.seen |= ENVOY_SEEN_NET_WH;
		}
		if (np && all) {
			memcpy(r->net_phase_w, ph, sizeof ph);
			r->provided |= EMS_ENVOY_HAS_NET_PHASE_W;
			set_phase_count(r, np);
		}
	}
	return 0;
}

static int parse_production_section(pctx *c, const json_t *root, const char *key,
				    ems_envoy_reading *r)
{
	json_t *arr;
	char path[32];
	snprintf(path, sizeof path, "$.%s", key);
	TRY(get_arr(c, root, "$", key, &arr));
	if (!arr)
		return 0;
	for (size_t i = 0; i < json_array_size(arr); i++) {
		char epath[64];
		json_t *sec;
		const char *type, *mtype;
		TRY(elem_obj(c, arr, i, path, epath, sizeof epath, &sec));
		TRY(get_str(c, sec, epath, "type", &type));
		TRY(get_str(c, sec, epath, "measurementType", &mtype));
		if (!type)
			continue;
		if (strcmp(type, "inverters") == 0) {
			double w = 0, wh = 0, rt = 0;
			int pw, pwh, pact, prt;
			long long active = 0;
			TRY(get_num(c, sec, epath, "wNow", &w, &pw));
			TRY(get_num(c, sec, epath, "whLifetime", &wh, &pwh));
			TRY(get_int(c, sec, epath, "activeCount", 0, 100000, &active, &pact));
			TRY(get_num(c, sec, epath, "readingTime", &rt, &prt));
			/* the inverters' time only when no meter gives one */
			if (prt && rt > 0 && rt < 1e12 && !(r->provided & EMS_ENVOY_HAS_TIME)) {
				r->time = (int64_t)rt;
				r->provided |= EMS_ENVOY_HAS_TIME;
			}
			if (pact) {
				r->inverters_active = (unsigned)active;
				r->provided |= EMS_ENVOY_HAS_INVERTERS_ACTIVE;
			}
			if (pw && pwh) {
				r->priv_.inv_w = w;
				r->priv_.inv_wh = wh;
				r->priv_.seen |= ENVOY_SEEN_INVERTERS;
			}
		} else if (strcmp(type, "eim") == 0) {
			TRY(parse_eim(c, sec, epath, mtype, r));
		} else if (strcmp(type, "acb") == 0) {
			/* AC Battery (legacy storage) section. */
			double w = 0, soc = 0;
			int pw, psoc, pact;
			long long active = 0;
			TRY(get_num(c, sec, epath, "wNow", &w, &pw));
			TRY(get_num(c, sec, epath, "percentFull", &soc, &psoc));
			TRY(get_int(c, sec, epath, "activeCount", 0, 100000, &active, &pact));
			if (!pact || active == 0)
				continue; /* no AC battery installed */
			if (pw) {
				r->storage_w = w;
				r->provided |= EMS_ENVOY_HAS_STORAGE_W;
			}
			if (psoc) {
				if (soc < 0 || soc > 100)
					return range_error(c, epath, "percentFull",
							   "not within 0..100");
				r->storage_soc_pct = soc;
				r->provided |= EMS_ENVOY_HAS_STORAGE_SOC;
			}
		}
	}
	return 0;
}

static int parse_production(pctx *c, const json_t *root, ems_envoy_reading *r)
{
	if (!json_is_object(root))
		return type_error(c, "$", NULL, "an object", root);
	TRY(parse_production_section(c, root, "production", r));
	TRY(parse_production_section(c, root, "consumption", r));
	TRY(parse_production_section(c, root, "storage", r));
	return 0;
}

/* ---- /ivp/meters ----------------------------------------------------------------------- */

static int parse_meters(pctx *c, json_t *root, ems_envoy_reading *r)
{
	if (!json_is_array(root))
		return type_error(c, "$", NULL, "an array", root);
	r->priv_.seen |= ENVOY_SEEN_METERS;
	for (size_t i = 0; i < json_array_size(root); i++) {
		char epath[32];
		json_t *m;
		const char *state, *mtype;
		long long eid = 0, phases = 0;
		int peid, pph;
		TRY(elem_obj(c, root, i, "$", epath, sizeof epath, &m));
		TRY(get_int(c, m, epath, "eid", 0, 0xFFFFFFFFll, &eid, &peid));
		TRY(get_str(c, m, epath, "state", &state));
		TRY(get_str(c, m, epath, "measurementType", &mtype));
		TRY(get_int(c, m, epath, "phaseCount", 0, 1000, &phases, &pph));
		if (!mtype || !peid)
			continue;
		int enabled = state && strcmp(state, "enabled") == 0;
		int slot = -1;
		if (strcmp(mtype, "production") == 0) {
			slot = 0;
			if (!enabled)
				r->priv_.seen |= ENVOY_SEEN_PROD_DISABLED;
		} else if (strcmp(mtype, "net-consumption") == 0) {
			slot = 1;
			if (enabled)
				r->priv_.seen |= ENVOY_SEEN_CONS_NET;
		} else if (strcmp(mtype, "total-consumption") == 0) {
			slot = 1;
			if (enabled)
				r->priv_.seen |= ENVOY_SEEN_CONS_TOTAL;
		} else if (strcmp(mtype, "storage") == 0) {
			slot = 2;
		}
		if (slot < 0 || !enabled)
			continue;
		r->priv_.eid[slot] = (uint32_t)eid;
		if (pph && phases > 0) {
			unsigned p = phases > EMS_ENVOY_MAX_PHASES ? EMS_ENVOY_MAX_PHASES
								   : (unsigned)phases;
			if (p > r->priv_.phases)
				r->priv_.phases = p;
		}
	}
	return 0;
}

/* ---- /ivp/meters/readings -------------------------------------------------------------- */

static int parse_readings(pctx *c, json_t *root, ems_envoy_reading *r)
{
	if (!json_is_array(root))
		return type_error(c, "$", NULL, "an array", root);
	for (size_t i = 0; i < json_array_size(root); i++) {
		char epath[32];
		json_t *m, *channels;
		long long eid = 0;
		int peid;
		TRY(elem_obj(c, root, i, "$", epath, sizeof epath, &m));
		TRY(get_int(c, m, epath, "eid", 0, 0xFFFFFFFFll, &eid, &peid));
		double p = 0, dl = 0, rc = 0, f = 0;
		int pp, pdl, prc, pf;
		TRY(get_num(c, m, epath, "activePower", &p, &pp));
		TRY(get_num(c, m, epath, "actEnergyDlvd", &dl, &pdl));
		TRY(get_num(c, m, epath, "actEnergyRcvd", &rc, &prc));
		TRY(get_num(c, m, epath, "freq", &f, &pf));
		TRY(get_arr(c, m, epath, "channels", &channels));
		/* the channels: types checked for all, values kept for the first phases */
		double cw[EMS_ENVOY_MAX_PHASES] = {0}, cv[EMS_ENVOY_MAX_PHASES] = {0};
		unsigned nch = 0;
		int allw = 1, allv = 1;
		if (channels) {
			char cpath[48];
			snprintf(cpath, sizeof cpath, "%s.channels", epath);
			for (size_t k = 0; k < json_array_size(channels); k++) {
				char chpath[64];
				json_t *ch;
				double w = 0, v = 0;
				int pw2, pv2;
				TRY(elem_obj(c, channels, k, cpath, chpath, sizeof chpath, &ch));
				TRY(get_num(c, ch, chpath, "activePower", &w, &pw2));
				TRY(get_num(c, ch, chpath, "voltage", &v, &pv2));
				if (k >= EMS_ENVOY_MAX_PHASES)
					continue;
				if (pw2)
					cw[k] = w;
				else
					allw = 0;
				if (pv2)
					cv[k] = v;
				else
					allv = 0;
				nch = (unsigned)k + 1;
			}
		}
		/* Firmware reports three channels even on a single-phase site (pyenphase
		 * #477): keep the phases /ivp/meters announced. */
		if (r->priv_.phases && nch > r->priv_.phases)
			nch = r->priv_.phases;
		if (!peid || eid == 0)
			continue;
		uint32_t e = (uint32_t)eid;
		if (e == r->priv_.eid[0]) { /* production CT */
			if (pp && !(r->provided & EMS_ENVOY_HAS_PRODUCTION_W)) {
				r->production_w = p;
				r->provided |= EMS_ENVOY_HAS_PRODUCTION_W;
			}
			if (nch && allw && !(r->provided & EMS_ENVOY_HAS_PRODUCTION_PHASE_W)) {
				memcpy(r->production_phase_w, cw, sizeof cw);
				r->provided |= EMS_ENVOY_HAS_PRODUCTION_PHASE_W;
				set_phase_count(r, nch);
			}
		} else if (e == r->priv_.eid[1]) { /* consumption CT */
			int net = (r->priv_.seen & ENVOY_SEEN_CONS_NET) != 0;
			if (net) {
				if (pp && !(r->provided & EMS_ENVOY_HAS_NET_W)) {
					r->net_w = p;
					r->provided |= EMS_ENVOY_HAS_NET_W;
				}
				if (nch && allw && !(r->provided & EMS_ENVOY_HAS_NET_PHASE_W)) {
					memcpy(r->net_phase_w, cw, sizeof cw);
					r->provided |= EMS_ENVOY_HAS_NET_PHASE_W;
					set_phase_count(r, nch);
				}
				if (pdl) {
					r->net_import_wh = dl;
					r->provided |= EMS_ENVOY_HAS_NET_IMPORT_WH;
				}
				if (prc) {
					r->net_export_wh = rc;
					r->provided |= EMS_ENVOY_HAS_NET_EXPORT_WH;
				}
			} else {
				if (pp && !(r->provided & EMS_ENVOY_HAS_CONSUMPTION_W)) {
					r->consumption_w = p;
					r->provided |= EMS_ENVOY_HAS_CONSUMPTION_W;
				}
				if (nch && allw &&
				    !(r->provided & EMS_ENVOY_HAS_CONSUMPTION_PHASE_W)) {
					memcpy(r->consumption_phase_w, cw, sizeof cw);
					r->provided |= EMS_ENVOY_HAS_CONSUMPTION_PHASE_W;
					set_phase_count(r, nch);
				}
			}
			if (nch && allv) {
				memcpy(r->voltage_v, cv, sizeof cv);
				r->provided |= EMS_ENVOY_HAS_VOLTAGE_V;
			}
			if (pf) {
				r->frequency_hz = f;
				r->provided |= EMS_ENVOY_HAS_FREQUENCY_HZ;
			}
		} else if (e == r->priv_.eid[2]) { /* storage CT */
			if (pp && !(r->provided & EMS_ENVOY_HAS_STORAGE_W)) {
				r->storage_w = p;
				r->provided |= EMS_ENVOY_HAS_STORAGE_W;
			}
		}
		if (e == r->priv_.eid[0] && !(r->provided & EMS_ENVOY_HAS_FREQUENCY_HZ) && pf) {
			r->frequency_hz = f;
			r->provided |= EMS_ENVOY_HAS_FREQUENCY_HZ;
		}
	}
	return 0;
}

/* ---- /ivp/ensemble/inventory, /ivp/ensemble/power --------------------------------------- */

static int parse_inventory(pctx *c, json_t *root, ems_envoy_reading *r)
{
	if (!json_is_array(root))
		return type_error(c, "$", NULL, "an array", root);
	double cap_sum = 0, soc_wh = 0;
	int any = 0, all_cap = 1;
	double soc_plain = 0;
	unsigned nsoc = 0;
	for (size_t i = 0; i < json_array_size(root); i++) {
		char epath[32];
		json_t *g, *devs;
		const char *type;
		TRY(elem_obj(c, root, i, "$", epath, sizeof epath, &g));
		TRY(get_str(c, g, epath, "type", &type));
		TRY(get_arr(c, g, epath, "devices", &devs));
		if (!type || strcmp(type, "ENCHARGE") != 0 || !devs)
			continue;
		char dpath[48];
		snprintf(dpath, sizeof dpath, "%s.devices", epath);
		for (size_t k = 0; k < json_array_size(devs); k++) {
			char bpath[64];
			json_t *b;
			double soc = 0, cap = 0;
			int psoc, pcap;
			TRY(elem_obj(c, devs, k, dpath, bpath, sizeof bpath, &b));
			TRY(get_num(c, b, bpath, "percentFull", &soc, &psoc));
			TRY(get_num(c, b, bpath, "encharge_capacity", &cap, &pcap));
			if (psoc && (soc < 0 || soc > 100))
				return range_error(c, bpath, "percentFull", "not within 0..100");
			if (pcap && cap < 0)
				return range_error(c, bpath, "encharge_capacity", "negative");
			r->priv_.seen |= ENVOY_SEEN_ENCHARGE;
			if (!psoc)
				continue;
			any = 1;
			soc_plain += soc;
			nsoc++;
			if (pcap) {
				cap_sum += cap;
				soc_wh += cap * soc / 100.0;
			} else {
				all_cap = 0;
			}
		}
	}
	if (!any)
		return 0;
	if (all_cap && cap_sum > 0) {
		r->storage_soc_pct = soc_wh * 100.0 / cap_sum;
		r->storage_capacity_wh = cap_sum;
		r->provided |= EMS_ENVOY_HAS_STORAGE_CAPACITY_WH;
	} else {
		r->storage_soc_pct = soc_plain / nsoc;
	}
	r->provided |= EMS_ENVOY_HAS_STORAGE_SOC;
	return 0;
}

static int parse_power(pctx *c, const json_t *root, ems_envoy_reading *r)
{
	if (!json_is_object(root))
		return type_error(c, "$", NULL, "an object", root);
	json_t *devs;
	/* The gateway spells the key "devices:" (with the colon); accept both. */
	const char *key = json_object_get(root, "devices:") ? "devices:" : "devices";
	TRY(get_arr(c, root, "$", key, &devs));
	if (!devs)
		return 0;
	double sum_mw = 0;
	int any = 0;
	char path[24];
	snprintf(path, sizeof path, "$.%s", key);
	for (size_t i = 0; i < json_array_size(devs); i++) {
		char epath[48];
		json_t *d;
		double mw = 0;
		int pmw;
		TRY(elem_obj(c, devs, i, path, epath, sizeof epath, &d));
		TRY(get_num(c, d, epath, "real_power_mw", &mw, &pmw));
		if (pmw) {
			sum_mw += mw;
			any = 1;
		}
	}
	if (any) {
		r->storage_w = sum_mw / 1000.0;
		r->provided |= EMS_ENVOY_HAS_STORAGE_W;
	}
	return 0;
}

int ems_envoy_parse(ems_envoy_doc doc, const char *json, size_t len, ems_envoy_reading *r,
		    ems_envoy_error *err)
{
	if (err)
		memset(err, 0, sizeof *err);
	if (!json || !r)
		return envoy_err_set(err, EMS_EINVAL, "ems_envoy_parse", "NULL argument");
	if ((unsigned)doc > EMS_ENVOY_DOC_POWER)
		return envoy_err_set(err, EMS_EINVAL, "ems_envoy_parse", "unknown document %d",
				     (int)doc);
	pctx c = {doc_name(doc), err};
	json_error_t je;
	json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		char where[128];
		snprintf(where, sizeof where, "%s: line %d column %d", c.doc, je.line, je.column);
		return envoy_err_set(err, EMS_EPARSE, where, "%s", je.text);
	}
	/* Parse into a copy: a malformed document leaves *r as it was. */
	ems_envoy_reading tmp = *r;
	int rc = 0;
	switch (doc) {
	case EMS_ENVOY_DOC_PRODUCTION: rc = parse_production(&c, root, &tmp); break;
	case EMS_ENVOY_DOC_METERS: rc = parse_meters(&c, root, &tmp); break;
	case EMS_ENVOY_DOC_METER_READINGS: rc = parse_readings(&c, root, &tmp); break;
	case EMS_ENVOY_DOC_INVENTORY: rc = parse_inventory(&c, root, &tmp); break;
	case EMS_ENVOY_DOC_POWER: rc = parse_power(&c, root, &tmp); break;
	}
	json_decref(root);
	if (rc == 0)
		*r = tmp;
	return rc;
}

/* ---- corrections that need no history ----------------------------------------------------- */

static double sum3(const double *v, unsigned n)
{
	double s = 0;
	for (unsigned i = 0; i < n; i++)
		s += v[i];
	return s;
}

static int phases_disagree(double total, const double *ph, unsigned n)
{
	double d = fabs(total - sum3(ph, n));
	return d > 10.0 && d > 0.02 * fabs(total);
}

int ems_envoy_reading_finish(ems_envoy_reading *r)
{
	if (!r)
		return EMS_EINVAL;
	struct ems_envoy_reading_priv_ *p = &r->priv_;
	if (p->phases && r->phase_count > p->phases)
		r->phase_count = p->phases;

	/* Production CT present but not measuring: production from the inverters. */
	int prod_ct_dead = (p->seen & ENVOY_SEEN_PROD_CT) &&
			   (p->prod_ct_active == 0 || (p->seen & ENVOY_SEEN_PROD_DISABLED));
	if (prod_ct_dead) {
		r->quirks |= EMS_ENVOY_QUIRK_PROD_NO_CT;
		r->provided &= ~(uint32_t)(EMS_ENVOY_HAS_PRODUCTION_W | EMS_ENVOY_HAS_PRODUCTION_WH |
					   EMS_ENVOY_HAS_PRODUCTION_PHASE_W);
	}
	if ((prod_ct_dead || !(p->seen & ENVOY_SEEN_PROD_CT)) &&
	    (p->seen & ENVOY_SEEN_INVERTERS)) {
		r->production_w = p->inv_w;
		r->production_wh = p->inv_wh;
		r->provided |= EMS_ENVOY_HAS_PRODUCTION_W | EMS_ENVOY_HAS_PRODUCTION_WH;
	}

	uint32_t prod = EMS_ENVOY_HAS_PRODUCTION_W | EMS_ENVOY_HAS_PRODUCTION_WH;
	/* Total consumption carrying the net values (firmware 8.3.5433). With a production
	 * counter above zero, total = net + production cannot equal net. */
	if ((r->provided & (EMS_ENVOY_HAS_CONSUMPTION_W | EMS_ENVOY_HAS_CONSUMPTION_WH)) ==
		    (EMS_ENVOY_HAS_CONSUMPTION_W | EMS_ENVOY_HAS_CONSUMPTION_WH) &&
	    (r->provided & EMS_ENVOY_HAS_NET_W) && (p->seen & ENVOY_SEEN_NET_WH) &&
	    (r->provided & prod) == prod && !prod_ct_dead && r->production_wh > 0 &&
	    r->consumption_w == r->net_w && r->consumption_wh == p->net_wh) {
		r->quirks |= EMS_ENVOY_QUIRK_TOTAL_IS_NET;
		r->consumption_w = r->net_w + r->production_w;
		r->consumption_wh = p->net_wh + r->production_wh;
		r->provided &= ~(uint32_t)EMS_ENVOY_HAS_CONSUMPTION_PHASE_W;
	}

	/* Only a net CT: the house consumption is net + production. */
	if (!(r->provided & EMS_ENVOY_HAS_CONSUMPTION_W) && (r->provided & EMS_ENVOY_HAS_NET_W) &&
	    (r->provided & EMS_ENVOY_HAS_PRODUCTION_W)) {
		r->consumption_w = r->net_w + r->production_w;
		r->provided |= EMS_ENVOY_HAS_CONSUMPTION_W;
		if ((p->seen & ENVOY_SEEN_NET_WH) && (r->provided & EMS_ENVOY_HAS_PRODUCTION_WH)) {
			r->consumption_wh = p->net_wh + r->production_wh;
			r->provided |= EMS_ENVOY_HAS_CONSUMPTION_WH;
		}
	}
	uint32_t phases3 = EMS_ENVOY_HAS_NET_PHASE_W | EMS_ENVOY_HAS_PRODUCTION_PHASE_W;
	if (!(r->provided & EMS_ENVOY_HAS_CONSUMPTION_PHASE_W) &&
	    (r->provided & phases3) == phases3 && r->phase_count) {
		for (unsigned i = 0; i < r->phase_count; i++)
			r->consumption_phase_w[i] = r->net_phase_w[i] + r->production_phase_w[i];
		r->provided |= EMS_ENVOY_HAS_CONSUMPTION_PHASE_W;
	}

	/* Phases that do not add up to the total: reported only. */
	unsigned n = r->phase_count;
	if (n >= 2 &&
	    (((r->provided & EMS_ENVOY_HAS_PRODUCTION_PHASE_W) &&
	      (r->provided & EMS_ENVOY_HAS_PRODUCTION_W) &&
	      phases_disagree(r->production_w, r->production_phase_w, n)) ||
	     ((r->provided & EMS_ENVOY_HAS_CONSUMPTION_PHASE_W) &&
	      (r->provided & EMS_ENVOY_HAS_CONSUMPTION_W) &&
	      phases_disagree(r->consumption_w, r->consumption_phase_w, n)) ||
	     ((r->provided & EMS_ENVOY_HAS_NET_PHASE_W) && (r->provided & EMS_ENVOY_HAS_NET_W) &&
	      phases_disagree(r->net_w, r->net_phase_w, n))))
		r->quirks |= EMS_ENVOY_QUIRK_PHASE_SUM;
	return 0;
}

/* ---- /api/v1/production/inverters --------------------------------------------------------- */

int ems_envoy_parse_inverters(const char *json, size_t len, ems_envoy_inverter *inv, size_t cap,
			      size_t *count, ems_envoy_error *err)
{
	if (err)
		memset(err, 0, sizeof *err);
	if (!json || !count || (cap && !inv))
		return envoy_err_set(err, EMS_EINVAL, "ems_envoy_parse_inverters",
				     "NULL argument");
	*count = 0;
	pctx c = {"/api/v1/production/inverters", err};
	json_error_t je;
	json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		char where[128];
		snprintf(where, sizeof where, "%s: line %d column %d", c.doc, je.line, je.column);
		return envoy_err_set(err, EMS_EPARSE, where, "%s", je.text);
	}
	int rc = 0;
	if (!json_is_array(root)) {
		rc = type_error(&c, "$", NULL, "an array", root);
		goto out;
	}
	size_t n = json_array_size(root), stored = 0;
	for (size_t i = 0; i < n; i++) {
		char epath[32];
		json_t *o;
		const char *serial;
		double w = 0, maxw = 0;
		long long last = 0;
		int pw, pmax, plast;
		if ((rc = elem_obj(&c, root, i, "$", epath, sizeof epath, &o)) != 0 ||
		    (rc = get_str(&c, o, epath, "serialNumber", &serial)) != 0 ||
		    (rc = get_num(&c, o, epath, "lastReportWatts", &w, &pw)) != 0 ||
		    (rc = get_num(&c, o, epath, "maxReportWatts", &maxw, &pmax)) != 0 ||
		    (rc = get_int(&c, o, epath, "lastReportDate", 0, 1000000000000ll, &last,
				  &plast)) != 0)
			goto out;
		if (!serial || !pw) {
			rc = range_error(&c, epath, serial ? "lastReportWatts" : "serialNumber",
					 "required field missing");
			goto out;
		}
		if (stored < cap) {
			ems_envoy_inverter *d = &inv[stored++];
			memset(d, 0, sizeof *d);
			snprintf(d->serial, sizeof d->serial, "%s", serial);
			d->power_w = w;
			d->max_power_w = pmax ? maxw : w;
			d->last_report = plast ? (int64_t)last : 0;
		}
	}
	*count = n;
	if (n > cap)
		rc = envoy_err_set(err, EMS_ENOSPC, c.doc, "%zu inverters, room for %zu", n, cap);
out:
	json_decref(root);
	return rc;
}

/* ---- JWT expiry (the token's payload is base64url JSON) -------------------------------- */

#define ENVOY_MAX_JWT 16384u

static int b64url_val(int ch)
{
	if (ch >= 'A' && ch <= 'Z')
		return ch - 'A';
	if (ch >= 'a' && ch <= 'z')
		return ch - 'a' + 26;
	if (ch >= '0' && ch <= '9')
		return ch - '0' + 52;
	if (ch == '-' || ch == '+')
		return 62;
	if (ch == '_' || ch == '/')
		return 63;
	return -1;
}

int ems_envoy_jwt_exp(const char *token, int64_t *exp)
{
	if (!token || !exp)
		return EMS_EINVAL;
	const char *d1 = strchr(token, '.');
	if (!d1)
		return EMS_EPARSE;
	const char *p = d1 + 1, *d2 = strchr(p, '.');
	if (!d2 || strchr(d2 + 1, '.'))
		return EMS_EPARSE;
	size_t n = (size_t)(d2 - p);
	while (n && p[n - 1] == '=') /* tolerate padding */
		n--;
	if (n == 0 || n % 4 == 1 || n > ENVOY_MAX_JWT)
		return EMS_EPARSE;
	unsigned char *out = malloc(n * 3 / 4 + 3);
	if (!out)
		return EMS_ENOMEM;
	size_t o = 0;
	uint32_t acc = 0;
	int bits = 0;
	for (size_t i = 0; i < n; i++) {
		int v = b64url_val((unsigned char)p[i]);
		if (v < 0) {
			free(out);
			return EMS_EPARSE;
		}
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (unsigned char)(acc >> bits);
			acc &= (1u << bits) - 1u;
		}
	}
	json_t *root = json_loadb((const char *)out, o, 0, NULL);
	free(out);
	if (!root)
		return EMS_EPARSE;
	json_t *x = json_object_get(root, "exp");
	int rc = EMS_EPARSE;
	if (json_is_integer(x) && json_integer_value(x) > 0) {
		*exp = (int64_t)json_integer_value(x);
		rc = 0;
	}
	json_decref(root);
	return rc;
}

/* ---- panel monitoring ------------------------------------------------------------------- */

int ems_envoy_panels_low(const ems_envoy_inverter *inv, size_t n, const int *group,
			 double ratio, size_t *low, size_t cap, size_t *nlow)
{
	if (!nlow || (n && (!inv || !group)) || (cap && !low) || !(ratio > 0 && ratio <= 1))
		return EMS_EINVAL;
	*nlow = 0;
	for (size_t i = 0; i < n; i++) {
		if (group[i] < 0)
			continue;
		double sum = 0;
		size_t members = 0;
		for (size_t k = 0; k < n; k++) {
			if (group[k] == group[i]) {
				sum += inv[k].power_w;
				members++;
			}
		}
		if (members < 2)
			continue;
		double mean = sum / (double)members;
		if (!(mean > 0))
			continue;
		if (inv[i].power_w < ratio * mean) {
			if (*nlow < cap)
				low[*nlow] = i;
			(*nlow)++;
		}
	}
	return *nlow > cap ? EMS_ENOSPC : 0;
}
