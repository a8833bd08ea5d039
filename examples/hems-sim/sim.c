/* hems-sim core: Modbus TCP servers (libmodbus, server side) whose registers follow a
 * simple physical model, from libemsmeter's device maps; faults injected per device. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <jansson.h>
#include <modbus.h>
#include "ems/ems.h"
#include "sim.h"

#define MAX_CLIENTS 64

typedef struct sim_ss { /* one SunSpec model in a device's image */
	ems_regmap *map;
	uint16_t base; /* first data register */
	uint16_t len;
} sim_ss;

typedef struct sim_dev {
	int unit;
	char model[64];
	ems_regmap *map;          /* register map (owned); NULL for sunspec */
	sim_ss ss[8];
	size_t nss;
	modbus_mapping_t *mb;
	sim_fault fault;
	/* physical model */
	double power_w;           /* total active power (negative: export) */
	int phases;
	double voltage;
	double energy_in_wh, energy_out_wh;
	double pulses, pulse_rate;
	double soc, battery_w;
	uint32_t rng;
	double last_t;
	int charger_enabled_init;
} sim_dev;

typedef struct sim_server {
	int port;
	int listen_fd;
	modbus_t *ctx;
	sim_dev *devs;
	size_t ndevs;
	pthread_t thread;
	int running;
	uint64_t requests;
} sim_server;

struct hems_sim {
	sim_server *servers;
	size_t nservers;
	pthread_mutex_t lock;
	volatile int stop;
	int started;
};

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double jitter(sim_dev *d, double amplitude)
{
	d->rng = d->rng * 1103515245u + 12345u;
	return ((double)((d->rng >> 8) & 0xFFFF) / 65535.0 - 0.5) * 2 * amplitude;
}

int hems_sim_fault_from_name(const char *name)
{
	static const char *const names[] = {"none", "timeout", "exception", "garbage", "drop", "stale"};
	for (int i = 0; i < 6; i++)
		if (name && strcmp(name, names[i]) == 0)
			return i;
	return -1;
}

/* --- register image ---------------------------------------------------------- */

static int put_value(sim_dev *d, const ems_field *f, uint16_t addr, double value, double sfpow)
{
	double raw;
	if (ems_field_raw(f, value, &raw) != EMS_OK)
		return -1;
	raw /= sfpow;
	modbus_mapping_t *m = d->mb;
	if (f->fc == 1 || f->fc == 2) {
		uint8_t *bits = f->fc == 1 ? m->tab_bits : m->tab_input_bits;
		int start = f->fc == 1 ? m->start_bits : m->start_input_bits;
		int nb = f->fc == 1 ? m->nb_bits : m->nb_input_bits;
		if (addr < start || addr >= start + nb)
			return -1;
		bits[addr - start] = raw != 0;
		return 0;
	}
	uint16_t *regs = f->fc == 3 ? m->tab_registers : m->tab_input_registers;
	int start = f->fc == 3 ? m->start_registers : m->start_input_registers;
	int nb = f->fc == 3 ? m->nb_registers : m->nb_input_registers;
	size_t w = ems_type_words(f->type);
	if (addr < start || addr + w > (size_t)(start + nb))
		return -1;
	if (ems_encode(raw, f->type, f->order, regs + (addr - start), w) != EMS_OK)
		return -1;
	return 0;
}

/* The value the model gives a quantity now; 0 if the model has nothing for it. */
static int model_value(sim_dev *d, ems_quantity q, double *v)
{
	int ph = d->phases > 0 ? d->phases : 1;
	double pphase = d->power_w / ph;
	double vj = d->voltage + jitter(d, 0.4);
	switch (q) {
	case EMS_Q_VOLTAGE_L1: case EMS_Q_VOLTAGE_L2: case EMS_Q_VOLTAGE_L3:
		*v = vj + ((int)q - EMS_Q_VOLTAGE_L1) * 0.7;
		return (int)q - EMS_Q_VOLTAGE_L1 < ph;
	case EMS_Q_CURRENT_L1: case EMS_Q_CURRENT_L2: case EMS_Q_CURRENT_L3:
		*v = fabs(pphase) / (vj * 0.95);
		return (int)q - EMS_Q_CURRENT_L1 < ph;
	case EMS_Q_POWER: *v = d->power_w + jitter(d, 1); return 1;
	case EMS_Q_POWER_L1: case EMS_Q_POWER_L2: case EMS_Q_POWER_L3:
		*v = pphase;
		return (int)q - EMS_Q_POWER_L1 < ph;
	case EMS_Q_APPARENT_POWER: *v = fabs(d->power_w) / 0.95; return 1;
	case EMS_Q_REACTIVE_POWER: *v = fabs(d->power_w) * 0.33; return 1;
	case EMS_Q_APPARENT_POWER_L1: case EMS_Q_APPARENT_POWER_L2: case EMS_Q_APPARENT_POWER_L3:
		*v = fabs(pphase) / 0.95;
		return (int)q - EMS_Q_APPARENT_POWER_L1 < ph;
	case EMS_Q_REACTIVE_POWER_L1: case EMS_Q_REACTIVE_POWER_L2: case EMS_Q_REACTIVE_POWER_L3:
		*v = fabs(pphase) * 0.33;
		return (int)q - EMS_Q_REACTIVE_POWER_L1 < ph;
	case EMS_Q_REACTIVE_ENERGY_IMPORT: *v = floor(d->energy_in_wh * 0.3); return 1;
	case EMS_Q_REACTIVE_ENERGY_EXPORT: *v = floor(d->energy_out_wh * 0.3); return 1;
	case EMS_Q_POWER_FACTOR: *v = 0.95; return 1;
	case EMS_Q_POWER_FACTOR_L1: case EMS_Q_POWER_FACTOR_L2: case EMS_Q_POWER_FACTOR_L3:
		*v = 0.95;
		return 1;
	case EMS_Q_FREQUENCY: *v = 50.0 + jitter(d, 0.02); return 1;
	case EMS_Q_ENERGY_IMPORT: *v = floor(d->energy_in_wh); return 1;
	case EMS_Q_ENERGY_EXPORT: *v = floor(d->energy_out_wh); return 1;
	case EMS_Q_ENERGY_IMPORT_L1: case EMS_Q_ENERGY_IMPORT_L2: case EMS_Q_ENERGY_IMPORT_L3:
		*v = floor(d->energy_in_wh / ph);
		return 1;
	case EMS_Q_BATTERY_SOC: *v = d->soc; return 1;
	case EMS_Q_BATTERY_POWER: *v = d->battery_w; return 1;
	case EMS_Q_PULSE_COUNT: *v = floor(d->pulses); return 1;
	default: return 0;
	}
}

static const ems_field *find_field(const ems_regmap *m, ems_quantity q)
{
	return ems_regmap_find(m, q);
}

static double read_back(sim_dev *d, const ems_regmap *m, ems_quantity q, double def)
{
	const ems_field *f = find_field(m, q);
	if (!f)
		return def;
	modbus_mapping_t *mb = d->mb;
	if (f->fc == 1)
		return mb->tab_bits[f->address - mb->start_bits];
	if (f->fc == 3) {
		double raw, v;
		if (ems_decode(mb->tab_registers + (f->address - mb->start_registers), 4, f->type, f->order, 0, &raw) ||
		    ems_field_value(f, raw, &v))
			return def;
		return v;
	}
	return def;
}

/* Advance the physical model and write every mapped quantity into the registers. */
static void update(sim_dev *d)
{
	double t = now_s();
	double dt = d->last_t > 0 ? t - d->last_t : 0;
	d->last_t = t;
	if (d->map && ems_regmap_kind(d->map) == EMS_KIND_CHARGER) {
		int en = (int)read_back(d, d->map, EMS_Q_CHARGER_ENABLED, 1);
		double amps = read_back(d, d->map, EMS_Q_CHARGER_SET_CURRENT, 16);
		d->power_w = en ? amps * d->voltage * (d->phases > 0 ? d->phases : 1) : 0;
	}
	if (d->power_w > 0)
		d->energy_in_wh += d->power_w * dt / 3600.0;
	else
		d->energy_out_wh += -d->power_w * dt / 3600.0;
	d->pulses += d->pulse_rate * dt;
	if (d->map) {
		for (size_t i = 0; i < ems_regmap_field_count(d->map); i++) {
			const ems_field *f = ems_regmap_field(d->map, i);
			double v;
			if (f->quantity == EMS_Q_CHARGER_SET_CURRENT || f->quantity == EMS_Q_CHARGER_ENABLED ||
			    (f->quantity >= EMS_Q_OUTPUT_1 && f->quantity <= EMS_Q_OUTPUT_8))
				continue; /* written by the client, kept */
			if (f->quantity == EMS_Q_CHARGER_STATE) {
				int en = (int)read_back(d, d->map, EMS_Q_CHARGER_ENABLED, 1);
				v = en ? EMS_CHARGER_C : EMS_CHARGER_B;
			} else if (f->quantity == EMS_Q_SESSION_ENERGY) {
				v = floor(d->energy_in_wh);
			} else if (f->quantity >= EMS_Q_INPUT_1 && f->quantity <= EMS_Q_INPUT_8) {
				v = (f->quantity - EMS_Q_INPUT_1) % 2 == 0;
			} else if (f->quantity == EMS_Q_GAS_VOLUME || f->quantity == EMS_Q_WATER_VOLUME) {
				v = floor(d->pulses) * f->scale; /* raw = pulses */
			} else if (!model_value(d, f->quantity, &v)) {
				continue;
			}
			put_value(d, f, f->address, v, 1.0);
		}
	}
	for (size_t s = 0; s < d->nss; s++) {
		const ems_regmap *m = d->ss[s].map;
		const uint16_t *regs = d->mb->tab_registers;
		int start = d->mb->start_registers;
		for (size_t i = 0; i < ems_regmap_field_count(m); i++) {
			const ems_field *f = ems_regmap_field(m, i);
			double v;
			if (!model_value(d, f->quantity, &v))
				continue;
			double sfp = 1;
			if (f->sf_offset >= 0)
				sfp = pow(10.0, (int16_t)regs[d->ss[s].base + f->sf_offset - start]);
			put_value(d, f, (uint16_t)(d->ss[s].base + f->address), v, sfp);
		}
	}
}

/* --- building devices --------------------------------------------------------- */

static int extent(const ems_regmap *m, int fc, int *lo, int *hi)
{
	*lo = 0x10000;
	*hi = -1;
	for (size_t i = 0; i < ems_regmap_field_count(m); i++) {
		const ems_field *f = ems_regmap_field(m, i);
		int w = (int)ems_type_words(f->type);
		int a = f->address;
		if (f->fc == fc) {
			if (a < *lo) *lo = a;
			if (a + w > *hi) *hi = a + w;
		}
		if (f->write_fc && ((fc == 1 && f->write_fc == 5) || (fc == 3 && f->write_fc != 5))) {
			int wa = f->write_address;
			if (wa < *lo) *lo = wa;
			if (wa + w > *hi) *hi = wa + w;
		}
	}
	if (*hi < 0) {
		*lo = 0;
		*hi = 0;
	}
	return *hi - *lo;
}

static int sunspec_len(int id, const ems_regmap *m)
{
	switch (id) {
	case 201: case 202: case 203: case 204: return 105;
	case 701: return 153;
	case 802: return 62;
	}
	int len = 0;
	for (size_t i = 0; i < ems_regmap_field_count(m); i++) {
		const ems_field *f = ems_regmap_field(m, i);
		int e = f->address + (int)ems_type_words(f->type);
		if (e > len) len = e;
		if (f->sf_offset + 1 > len) len = f->sf_offset + 1;
	}
	return len;
}

static int sf_for(ems_quantity q)
{
	switch (q) {
	case EMS_Q_VOLTAGE_L1: case EMS_Q_VOLTAGE_L2: case EMS_Q_VOLTAGE_L3: return -1;
	case EMS_Q_CURRENT_L1: case EMS_Q_CURRENT_L2: case EMS_Q_CURRENT_L3: return -2;
	case EMS_Q_FREQUENCY: return -2;
	case EMS_Q_POWER_FACTOR: return -1;
	default: return 0;
	}
}

static int load_map(const char *model, const char *maps_dir, ems_regmap **out, char *err, size_t errlen)
{
	if (maps_dir) {
		char p[768];
		snprintf(p, sizeof p, "%s/%s.json", maps_dir, model);
		if (access(p, R_OK) == 0) {
			ems_config_error e;
			if (ems_regmap_load_file(p, out, &e) == EMS_OK)
				return 0;
			snprintf(err, errlen, "%.100s: %.100s", p, e.reason);
			return -1;
		}
	}
	if (ems_regmap_load_builtin(model, out) != EMS_OK) {
		snprintf(err, errlen, "unknown model \"%s\"", model);
		return -1;
	}
	return 0;
}

static int num(json_t *o, const char *k, double def, double *out)
{
	json_t *v = json_object_get(o, k);
	if (!v) {
		*out = def;
		return 0;
	}
	if (json_is_number(v)) {
		*out = json_number_value(v);
		return 0;
	}
	if (json_is_string(v)) {
		char *end;
		*out = strtod(json_string_value(v), &end);
		return *end ? -1 : 0;
	}
	return -1;
}

static int build_device(sim_dev *d, json_t *jd, const char *maps_dir, char *err, size_t errlen)
{
	double x;
	const char *model = json_string_value(json_object_get(jd, "model"));
	if (!model || num(jd, "unit", 1, &x) || x < 0 || x > 255) {
		snprintf(err, errlen, "a device needs \"model\" and \"unit\" (0..255)");
		return -1;
	}
	d->unit = (int)x;
	snprintf(d->model, sizeof d->model, "%s", model);
	num(jd, "power_w", 1000, &d->power_w);
	num(jd, "phases", 3, &x);
	d->phases = (int)x;
	num(jd, "voltage", 230, &d->voltage);
	num(jd, "energy_wh", 1234567, &d->energy_in_wh);
	num(jd, "energy_export_wh", 4321, &d->energy_out_wh);
	num(jd, "pulses", 1000, &d->pulses);
	num(jd, "pulse_rate", 0.5, &d->pulse_rate);
	num(jd, "soc_pct", 55, &d->soc);
	num(jd, "battery_w", -800, &d->battery_w);
	d->rng = (uint32_t)d->unit * 2654435761u + 1;
	const char *fault = json_string_value(json_object_get(jd, "fault"));
	if (fault) {
		int f = hems_sim_fault_from_name(fault);
		if (f < 0) {
			snprintf(err, errlen, "unknown fault \"%s\"", fault);
			return -1;
		}
		d->fault = (sim_fault)f;
	}
	if (strcmp(model, "sunspec") == 0) {
		json_t *ms = json_object_get(jd, "sunspec_models");
		int ids[8] = {203};
		size_t n = 1;
		if (json_is_array(ms)) {
			n = 0;
			size_t i;
			json_t *v;
			json_array_foreach(ms, i, v) if (n < 8 && json_is_integer(v)) ids[n++] = (int)json_integer_value(v);
		}
		/* SunS, a common model 1 (skipped by the reader), then the models, then the end marker */
		int total = 2 + 2 + 66;
		for (size_t i = 0; i < n; i++) {
			char name[32];
			snprintf(name, sizeof name, "sunspec-%d", ids[i]);
			if (load_map(name, maps_dir, &d->ss[i].map, err, errlen))
				return -1;
			d->ss[i].len = (uint16_t)sunspec_len(ids[i], d->ss[i].map);
			total += 2 + d->ss[i].len;
			d->nss++;
		}
		total += 2;
		d->mb = modbus_mapping_new_start_address(0, 0, 0, 0, 40000, (unsigned)total, 0, 0);
		if (!d->mb) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		uint16_t *r = d->mb->tab_registers;
		int a = 0;
		r[a++] = 0x5375;
		r[a++] = 0x6E53;
		r[a++] = 1;
		r[a++] = 66;
		a += 66;
		for (size_t i = 0; i < d->nss; i++) {
			r[a++] = (uint16_t)ids[i];
			r[a++] = d->ss[i].len;
			d->ss[i].base = (uint16_t)(40000 + a);
			for (size_t k = 0; k < ems_regmap_field_count(d->ss[i].map); k++) {
				const ems_field *f = ems_regmap_field(d->ss[i].map, k);
				if (f->sf_offset >= 0)
					r[a + f->sf_offset] = (uint16_t)(int16_t)sf_for(f->quantity);
			}
			a += d->ss[i].len;
		}
		r[a++] = 0xFFFF;
		r[a++] = 0;
		update(d);
		return 0;
	}
	if (strcmp(model, "generic") == 0 || strcmp(model, "pulse-counter") == 0 || strcmp(model, "generic-io") == 0) {
		/* the same shape as the installation's definition of such a device */
		json_t *fake = json_pack("{s:s, s:s}", "model", "x", "kind", "meter");
		json_t *fields = json_array();
		json_object_set_new(fake, "fields", fields);
		if (strcmp(model, "generic-io") == 0) {
			static const char *const io[2] = {"inputs", "outputs"};
			for (int k = 0; k < 2; k++) {
				json_t *o = json_object_get(jd, io[k]);
				double fc, reg, cnt;
				if (!o)
					continue;
				num(o, "fc", k ? 1 : 2, &fc);
				num(o, "register", 0, &reg);
				num(o, "count", 1, &cnt);
				for (int b = 0; b < (int)cnt && b < 8; b++) {
					char q[16];
					snprintf(q, sizeof q, "%s_%d", k ? "output" : "input", b + 1);
					json_array_append_new(fields, json_pack("{s:s, s:i, s:i, s:s}", "quantity", q,
						"fc", (int)fc, "address", (int)reg + b, "type", "bit"));
					if (k)
						json_object_set_new(json_array_get(fields, json_array_size(fields) - 1), "write",
								    json_pack("{s:i}", "fc", 5));
				}
			}
		} else {
			double fc, reg, words, factor;
			num(jd, "fc", 3, &fc);
			num(jd, "register", 0, &reg);
			num(jd, "words", 2, &words);
			num(jd, strcmp(model, "pulse-counter") == 0 ? "weight" : "factor", 1, &factor);
			const char *q = "energy_import";
			if (strcmp(model, "pulse-counter") == 0)
				q = "pulse_count", factor = 1;
			json_array_append_new(fields, json_pack("{s:s, s:i, s:i, s:s, s:f}", "quantity", q, "fc", (int)fc,
				"address", (int)reg, "type", words == 1 ? "u16" : words == 4 ? "u64" : "u32", "scale", factor));
		}
		char *txt = json_dumps(fake, 0);
		json_decref(fake);
		ems_config_error e;
		int rc = txt ? ems_regmap_load_string(txt, "<sim>", &d->map, &e) : EMS_ENOMEM;
		free(txt);
		if (rc) {
			snprintf(err, errlen, "device %d: %.200s", d->unit, rc == EMS_ENOMEM ? "out of memory" : e.reason);
			return -1;
		}
	} else if (load_map(model, maps_dir, &d->map, err, errlen)) {
		return -1;
	}
	int lo1, hi1, lo2, hi2, lo3, hi3, lo4, hi4;
	extent(d->map, 1, &lo1, &hi1);
	extent(d->map, 2, &lo2, &hi2);
	extent(d->map, 3, &lo3, &hi3);
	extent(d->map, 4, &lo4, &hi4);
	d->mb = modbus_mapping_new_start_address((unsigned)lo1, (unsigned)(hi1 - lo1), (unsigned)lo2,
		(unsigned)(hi2 - lo2), (unsigned)lo3, (unsigned)(hi3 - lo3), (unsigned)lo4, (unsigned)(hi4 - lo4));
	if (!d->mb) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	/* writable values start at sensible defaults */
	const ems_field *f;
	if ((f = ems_regmap_find(d->map, EMS_Q_CHARGER_SET_CURRENT)))
		put_value(d, f, f->address, 16, 1);
	if ((f = ems_regmap_find(d->map, EMS_Q_CHARGER_ENABLED)))
		put_value(d, f, f->address, 1, 1);
	update(d);
	return 0;
}

static void free_devices(sim_server *s)
{
	for (size_t i = 0; i < s->ndevs; i++) {
		ems_regmap_free(s->devs[i].map);
		for (size_t k = 0; k < s->devs[i].nss; k++)
			ems_regmap_free(s->devs[i].ss[k].map);
		if (s->devs[i].mb)
			modbus_mapping_free(s->devs[i].mb);
	}
	free(s->devs);
}

hems_sim *hems_sim_load_string(const char *json, const char *maps_dir, char *err, size_t errlen)
{
	json_error_t je;
	json_t *root = json_loads(json, 0, &je);
	if (!root) {
		snprintf(err, errlen, "line %d: %s", je.line, je.text);
		return NULL;
	}
	hems_sim *sim = calloc(1, sizeof *sim);
	json_t *servers = json_object_get(root, "servers");
	if (!sim || !json_is_array(servers) || !json_array_size(servers)) {
		snprintf(err, errlen, "\"servers\" must be a non-empty array");
		goto fail;
	}
	pthread_mutex_init(&sim->lock, NULL);
	sim->servers = calloc(json_array_size(servers), sizeof *sim->servers);
	if (!sim->servers)
		goto fail;
	size_t i;
	json_t *js;
	json_array_foreach(servers, i, js) {
		sim_server *s = &sim->servers[sim->nservers++];
		s->listen_fd = -1;
		double port;
		if (num(js, "port", 0, &port) || port < 0 || port > 65535) {
			snprintf(err, errlen, "servers[%zu].port must be 0..65535", i);
			goto fail;
		}
		s->port = (int)port;
		json_t *devs = json_object_get(js, "devices");
		if (!json_is_array(devs) || !json_array_size(devs)) {
			snprintf(err, errlen, "servers[%zu].devices must be a non-empty array", i);
			goto fail;
		}
		s->devs = calloc(json_array_size(devs), sizeof *s->devs);
		if (!s->devs)
			goto fail;
		size_t k;
		json_t *jd;
		json_array_foreach(devs, k, jd) {
			char e2[256];
			sim_dev *d = &s->devs[s->ndevs++];
			if (build_device(d, jd, maps_dir, e2, sizeof e2)) {
				snprintf(err, errlen, "servers[%zu].devices[%zu]: %s", i, k, e2);
				goto fail;
			}
		}
	}
	json_decref(root);
	return sim;
fail:
	json_decref(root);
	hems_sim_free(sim);
	return NULL;
}

hems_sim *hems_sim_load_file(const char *path, const char *maps_dir, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	char *buf = NULL;
	size_t n = 0, cap = 0;
	for (;;) {
		if (n + 4096 > cap) {
			char *nb = realloc(buf, cap = cap * 2 + 8192);
			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		size_t r = fread(buf + n, 1, cap - n - 1, f);
		n += r;
		if (!r)
			break;
	}
	fclose(f);
	buf[n] = 0;
	hems_sim *s = hems_sim_load_string(buf, maps_dir, err, errlen);
	free(buf);
	return s;
}

/* --- serving -------------------------------------------------------------- */

static sim_dev *find_dev(sim_server *s, int unit)
{
	for (size_t i = 0; i < s->ndevs; i++)
		if (s->devs[i].unit == unit)
			return &s->devs[i];
	return NULL;
}

typedef struct srv_arg {
	hems_sim *sim;
	sim_server *s;
} srv_arg;

static void *serve(void *arg)
{
	srv_arg *a = arg;
	hems_sim *sim = a->sim;
	sim_server *s = a->s;
	free(a);
	int clients[MAX_CLIENTS];
	int nc = 0;
	uint8_t query[MODBUS_TCP_MAX_ADU_LENGTH];
	while (!sim->stop) {
		fd_set rd;
		FD_ZERO(&rd);
		FD_SET(s->listen_fd, &rd);
		int maxfd = s->listen_fd;
		for (int i = 0; i < nc; i++) {
			FD_SET(clients[i], &rd);
			if (clients[i] > maxfd)
				maxfd = clients[i];
		}
		struct timeval tv = {0, 50000};
		int r = select(maxfd + 1, &rd, NULL, NULL, &tv);
		if (r <= 0)
			continue;
		if (FD_ISSET(s->listen_fd, &rd)) {
			int fd = accept(s->listen_fd, NULL, NULL);
			if (fd >= 0) {
				if (nc < MAX_CLIENTS)
					clients[nc++] = fd;
				else
					close(fd);
			}
		}
		for (int i = 0; i < nc; i++) {
			if (!FD_ISSET(clients[i], &rd))
				continue;
			modbus_set_socket(s->ctx, clients[i]);
			int rc = modbus_receive(s->ctx, query);
			int drop = rc < 0;
			if (rc > 0) {
				pthread_mutex_lock(&sim->lock);
				s->requests++;
				int unit = query[6];
				sim_dev *d = find_dev(s, unit);
				if (!d) {
					modbus_reply_exception(s->ctx, query, MODBUS_EXCEPTION_GATEWAY_TARGET);
				} else {
					switch (d->fault) {
					case SIM_FAULT_TIMEOUT:
						break;
					case SIM_FAULT_EXCEPTION:
						modbus_reply_exception(s->ctx, query, MODBUS_EXCEPTION_SLAVE_OR_SERVER_FAILURE);
						break;
					case SIM_FAULT_GARBAGE: {
						/* same transaction id, wrong protocol id and nonsense: not a Modbus answer */
						uint8_t g[12] = {query[0], query[1], 0xDE, 0xAD, 0x00, 0x06, (uint8_t)unit, 0x99, 0x42, 0x42, 0x42, 0x42};
						if (write(clients[i], g, sizeof g) < 0)
							drop = 1;
						break;
					}
					case SIM_FAULT_DROP:
						drop = 1;
						break;
					case SIM_FAULT_STALE:
						modbus_reply(s->ctx, query, rc, d->mb);
						break;
					case SIM_FAULT_NONE:
						update(d);
						modbus_reply(s->ctx, query, rc, d->mb);
						break;
					}
				}
				pthread_mutex_unlock(&sim->lock);
			}
			if (drop) {
				close(clients[i]);
				clients[i--] = clients[--nc];
			}
		}
	}
	for (int i = 0; i < nc; i++)
		close(clients[i]);
	return NULL;
}

int hems_sim_start(hems_sim *sim, char *err, size_t errlen)
{
	for (size_t i = 0; i < sim->nservers; i++) {
		sim_server *s = &sim->servers[i];
		s->ctx = modbus_new_tcp("127.0.0.1", s->port);
		if (!s->ctx) {
			snprintf(err, errlen, "server %zu: %s", i, modbus_strerror(errno));
			return -1;
		}
		s->listen_fd = modbus_tcp_listen(s->ctx, 16);
		if (s->listen_fd < 0) {
			snprintf(err, errlen, "server %zu: listen on 127.0.0.1:%d: %s", i, s->port, modbus_strerror(errno));
			return -1;
		}
		struct sockaddr_in sa;
		socklen_t sl = sizeof sa;
		if (getsockname(s->listen_fd, (struct sockaddr *)&sa, &sl) == 0)
			s->port = ntohs(sa.sin_port);
		srv_arg *a = malloc(sizeof *a);
		if (!a)
			return -1;
		a->sim = sim;
		a->s = s;
		if (pthread_create(&s->thread, NULL, serve, a)) {
			free(a);
			snprintf(err, errlen, "cannot start a thread");
			return -1;
		}
		s->running = 1;
	}
	sim->started = 1;
	return 0;
}

void hems_sim_free(hems_sim *sim)
{
	if (!sim)
		return;
	sim->stop = 1;
	for (size_t i = 0; i < sim->nservers; i++) {
		sim_server *s = &sim->servers[i];
		if (s->running)
			pthread_join(s->thread, NULL);
		if (s->listen_fd >= 0)
			close(s->listen_fd);
		if (s->ctx)
			modbus_free(s->ctx);
		free_devices(s);
	}
	free(sim->servers);
	pthread_mutex_destroy(&sim->lock);
	free(sim);
}

size_t hems_sim_server_count(const hems_sim *sim) { return sim ? sim->nservers : 0; }

int hems_sim_port(const hems_sim *sim, size_t server)
{
	return sim && server < sim->nservers ? sim->servers[server].port : -1;
}

const char *hems_sim_serial_path(const hems_sim *sim, size_t server)
{
	(void)sim;
	(void)server;
	return NULL;
}

int hems_sim_set_fault(hems_sim *sim, size_t server, int unit, sim_fault fault)
{
	if (!sim || server >= sim->nservers)
		return -1;
	pthread_mutex_lock(&sim->lock);
	sim_dev *d = find_dev(&sim->servers[server], unit);
	if (d)
		d->fault = fault;
	pthread_mutex_unlock(&sim->lock);
	return d ? 0 : -1;
}

int hems_sim_set_value(hems_sim *sim, size_t server, int unit, const char *quantity, double value)
{
	if (!sim || server >= sim->nservers || !quantity)
		return -1;
	pthread_mutex_lock(&sim->lock);
	sim_dev *d = find_dev(&sim->servers[server], unit);
	int rc = -1;
	if (d) {
		rc = 0;
		if (strcmp(quantity, "power") == 0)
			d->power_w = value;
		else if (strcmp(quantity, "battery_soc") == 0)
			d->soc = value;
		else if (strcmp(quantity, "battery_power") == 0)
			d->battery_w = value;
		else if (strcmp(quantity, "energy_import") == 0)
			d->energy_in_wh = value;
		else
			rc = -1;
		if (rc == 0)
			update(d);
	}
	pthread_mutex_unlock(&sim->lock);
	return rc;
}

uint64_t hems_sim_requests(const hems_sim *sim, size_t server)
{
	if (!sim || server >= sim->nservers)
		return 0;
	hems_sim *m = (hems_sim *)(uintptr_t)sim;
	pthread_mutex_lock(&m->lock);
	uint64_t n = sim->servers[server].requests;
	pthread_mutex_unlock(&m->lock);
	return n;
}
