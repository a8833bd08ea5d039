#define _POSIX_C_SOURCE 200809L
/* Quantities: names, units, readings and their JSON form. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "ems/quantity.h"
#include "ems/error.h"
#include "ems_internal.h"

static const struct {
	const char *json;
	int phase;
	const char *unit;
	const char *id;
} qinfo[EMS_Q_COUNT] = {
#define EMS_Q_INFO_(name, json, phase, unit) {json, phase, unit, #name},
	EMS_QUANTITY_MAP(EMS_Q_INFO_)
#undef EMS_Q_INFO_
};

/* Lower-case identifiers, in the order of EMS_QUANTITY_MAP. */
static const char *const qid_lc[EMS_Q_COUNT] = {
	"voltage_l1", "voltage_l2", "voltage_l3",
	"current_l1", "current_l2", "current_l3",
	"power", "power_l1", "power_l2", "power_l3",
	"reactive_power", "reactive_power_l1", "reactive_power_l2", "reactive_power_l3",
	"apparent_power", "apparent_power_l1", "apparent_power_l2", "apparent_power_l3",
	"power_factor", "power_factor_l1", "power_factor_l2", "power_factor_l3",
	"frequency", "energy_import", "energy_export",
	"energy_import_l1", "energy_import_l2", "energy_import_l3",
	"energy_import_t1", "energy_import_t2", "energy_import_t3", "energy_import_t4",
	"energy_import_t5", "energy_import_t6", "energy_import_t7", "energy_import_t8",
	"energy_import_t9", "energy_import_t10",
	"reactive_energy_import", "reactive_energy_export",
	"pv_power", "battery_power", "battery_soc",
	"charger_state", "charger_set_current", "charger_enabled", "session_energy",
	"input_1", "input_2", "input_3", "input_4", "input_5", "input_6", "input_7", "input_8",
	"output_1", "output_2", "output_3", "output_4", "output_5", "output_6", "output_7", "output_8",
	"gas_volume", "water_volume", "pulse_count",
};

static int q_ok(ems_quantity q)
{
	return (int)q >= 0 && (int)q < EMS_Q_COUNT;
}

const char *ems_quantity_json_name(ems_quantity q)
{
	return q_ok(q) ? qinfo[q].json : NULL;
}

int ems_quantity_phase(ems_quantity q)
{
	return q_ok(q) ? qinfo[q].phase : -1;
}

const char *ems_quantity_unit(ems_quantity q)
{
	return q_ok(q) ? qinfo[q].unit : NULL;
}

const char *ems_quantity_name(ems_quantity q)
{
	return q_ok(q) ? qid_lc[q] : NULL;
}

int ems_quantity_from_name(const char *name, ems_quantity *out)
{
	if (!name || !out)
		return EMS_EINVAL;
	for (int i = 0; i < EMS_Q_COUNT; i++) {
		if (strcmp(qid_lc[i], name) == 0 ||
		    (qinfo[i].phase == 0 && strcmp(qinfo[i].json, name) == 0)) {
			*out = (ems_quantity)i;
			return EMS_OK;
		}
	}
	return EMS_ENOTFOUND;
}

const char *ems_status_name(ems_status s)
{
	switch (s) {
	case EMS_STATUS_OK: return "ok";
	case EMS_STATUS_OFF: return "off";
	case EMS_STATUS_COMM_ERROR: return "comm_error";
	case EMS_STATUS_UNKNOWN: return "unknown";
	}
	return "invalid";
}

void ems_reading_clear(ems_reading *r)
{
	if (!r)
		return;
	memset(r, 0, sizeof *r);
	r->status = EMS_STATUS_UNKNOWN;
}

int ems_reading_get(const ems_reading *r, ems_quantity q, double *out)
{
	if (!r || !q_ok(q))
		return EMS_EINVAL;
	if (!r->provided[q])
		return EMS_ENOTFOUND;
	if (out)
		*out = r->value[q];
	return EMS_OK;
}

int ems_reading_set(ems_reading *r, ems_quantity q, double value)
{
	if (!r || !q_ok(q) || !isfinite(value))
		return EMS_EINVAL;
	r->value[q] = value;
	r->provided[q] = 1;
	return EMS_OK;
}

void ems_reading_put(ems_reading *r, ems_quantity q, double v)
{
	if (ems_reading_set(r, q, v) != EMS_OK)
		return; /* a non-finite value stays not provided */
}

/* A growing output into a caller buffer, counting the full length like snprintf. */
typedef struct jout {
	char *buf;
	size_t size;
	size_t len;
} jout;

static void jput(jout *o, const char *s, size_t n)
{
	if (o->len < o->size) {
		size_t room = o->size - o->len - 1;
		size_t c = n < room ? n : room;
		memcpy(o->buf + o->len, s, c);
		o->buf[o->len + c] = '\0';
	}
	o->len += n;
}

static void jputs(jout *o, const char *s)
{
	jput(o, s, strlen(s));
}

static void jstr(jout *o, const char *s)
{
	jput(o, "\"", 1);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		char esc[8];
		if (*p == '"' || *p == '\\') {
			esc[0] = '\\';
			esc[1] = (char)*p;
			jput(o, esc, 2);
		} else if (*p < 0x20) {
			snprintf(esc, sizeof esc, "\\u%04x", *p);
			jputs(o, esc);
		} else {
			jput(o, (const char *)p, 1);
		}
	}
	jput(o, "\"", 1);
}

static void jnum(jout *o, double v)
{
	char tmp[64];
	if (fabs(v) >= 1e15) {
		snprintf(tmp, sizeof tmp, "%.17g", v);
	} else {
		/* micro-unit resolution: enough for every quantity, and no float32 noise
		 * ("0.9499999881") in the output */
		snprintf(tmp, sizeof tmp, "%.6f", v);
		char *e = tmp + strlen(tmp) - 1;
		while (*e == '0')
			*e-- = '\0';
		if (*e == '.')
			*e = '\0';
		if (strcmp(tmp, "-0") == 0)
			strcpy(tmp, "0");
	}
	jputs(o, tmp);
}

static void jvalue(jout *o, ems_quantity q, double v)
{
	if (q == EMS_Q_CHARGER_STATE) {
		char s[2] = {'?', 0};
		int k = (int)v;
		if (k >= 1 && k <= 6)
			s[0] = (char)('A' + k - 1);
		jstr(o, s);
	} else if (q == EMS_Q_CHARGER_ENABLED) {
		jputs(o, v != 0 ? "true" : "false");
	} else {
		jnum(o, v);
	}
}

int ems_reading_to_json(const ems_reading *r, const char *device, const char *error,
			char *buf, size_t size)
{
	if (!r)
		return EMS_EINVAL;
	jout o = {buf, buf ? size : 0, 0};
	if (o.size)
		o.buf[0] = '\0';
	jputs(&o, "{");
	if (device) {
		jputs(&o, "\"device\": ");
		jstr(&o, device);
		jputs(&o, ", ");
	}
	jputs(&o, "\"status\": ");
	jstr(&o, ems_status_name(r->status));
	if (r->time > 0) {
		time_t t = (time_t)r->time;
		struct tm tmv;
		char ts[32];
		if (gmtime_r(&t, &tmv) && strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tmv) > 0) {
			jputs(&o, ", \"time\": ");
			jstr(&o, ts);
		}
	}
	if (error && *error) {
		jputs(&o, ", \"error\": ");
		jstr(&o, error);
	}
	jputs(&o, ", \"quantities\": {");
	int first = 1;
	for (int i = 0; i < EMS_Q_COUNT;) {
		const char *name = qinfo[i].json;
		int j = i;
		while (j < EMS_Q_COUNT && strcmp(qinfo[j].json, name) == 0)
			j++;
		/* [i, j) share one JSON name */
		int last = -1;
		for (int k = i; k < j; k++)
			if (r->provided[k])
				last = k;
		if (last >= 0) {
			if (!first)
				jputs(&o, ", ");
			first = 0;
			jstr(&o, name);
			jputs(&o, ": ");
			if (qinfo[i].phase == 0) {
				jvalue(&o, (ems_quantity)i, r->value[i]);
			} else {
				jputs(&o, "[");
				for (int k = i; k <= last; k++) {
					if (k > i)
						jputs(&o, ", ");
					if (r->provided[k])
						jvalue(&o, (ems_quantity)k, r->value[k]);
					else
						jputs(&o, "null");
				}
				jputs(&o, "]");
			}
		}
		i = j;
	}
	jputs(&o, "}}");
	return o.len > (size_t)0x7fffffff ? EMS_ERANGE : (int)o.len;
}
