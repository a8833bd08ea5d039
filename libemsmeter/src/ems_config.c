#define _POSIX_C_SOURCE 200809L
/* The installation's JSON configuration: buses, devices, groups, virtual devices.
 * Every refusal says file:line:column, the JSON path and why. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ems_inst.h"
#include "ems/error.h"

char *ems_read_file(const char *path, size_t max);

typedef struct cfgctx {
	const char *file;
	const ems_jsonpos *pos;
	ems_config_error *err;
	ems_installation *inst;
	char path[128];
} cfgctx;

#define FAIL(c, ...)                                                           \
	do {                                                                   \
		ems_cfg_fail((c)->err, (c)->pos, (c)->file, (c)->path, __VA_ARGS__); \
		return EMS_ECONFIG;                                            \
	} while (0)
#define AT(c, ...) snprintf((c)->path, sizeof (c)->path, __VA_ARGS__)

static const char *const load_types[] = {
	"grid", "pv", "battery", "ev", "heat_pump", "water_heater", "heating", "hvac",
	"cooking", "lighting", "appliance", "pool", "other", NULL};

/* Unknown keys are refused: a typo must not silently drop a setting. */
static int check_keys(cfgctx *c, json_t *obj, const char *where, const char *const *allowed)
{
	const char *k;
	json_t *v;
	json_object_foreach(obj, k, v) {
		int ok = 0;
		for (size_t i = 0; allowed[i]; i++)
			if (strcmp(allowed[i], k) == 0)
				ok = 1;
		if (!ok) {
			AT(c, "%s.%s", where, k);
			FAIL(c, "unknown key \"%s\"", k);
		}
	}
	return EMS_OK;
}

static int get_int(cfgctx *c, json_t *obj, const char *key, const char *where, long min, long max,
		   long def, long *out)
{
	json_t *v = json_object_get(obj, key);
	if (!v) {
		*out = def;
		return EMS_OK;
	}
	AT(c, "%s.%s", where, key);
	if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max)
		FAIL(c, "\"%s\" must be an integer in %ld..%ld", key, min, max);
	*out = (long)json_integer_value(v);
	return EMS_OK;
}

static int get_str(cfgctx *c, json_t *obj, const char *key, const char *where, int required,
		   char *out, size_t size)
{
	json_t *v = json_object_get(obj, key);
	AT(c, "%s.%s", where, key);
	if (!v) {
		if (required) {
			AT(c, "%s", where);
			FAIL(c, "missing \"%s\"", key);
		}
		return EMS_OK;
	}
	if (!json_is_string(v) || json_string_length(v) == 0 || json_string_length(v) >= size)
		FAIL(c, "\"%s\" must be a non-empty string of at most %zu characters", key, size - 1);
	ems_strlcpy(out, json_string_value(v), size);
	return EMS_OK;
}

static int get_bool(cfgctx *c, json_t *obj, const char *key, const char *where, int def, int *out)
{
	json_t *v = json_object_get(obj, key);
	*out = def;
	if (!v)
		return EMS_OK;
	AT(c, "%s.%s", where, key);
	if (!json_is_boolean(v))
		FAIL(c, "\"%s\" must be true or false", key);
	*out = json_is_true(v);
	return EMS_OK;
}

static int parse_bus(cfgctx *c, json_t *jb, size_t i, ems_bus *b)
{
	static const char *const keys[] = {"id", "type", "host", "port", "gateway", "baud", "parity",
		"data_bits", "stop_bits", "rs485", "frame_delay_ms", "slave_gap_ms", "timeout_ms",
		"backoff_max_ms", NULL};
	char where[32];
	snprintf(where, sizeof where, "buses[%zu]", i);
	AT(c, "%s", where);
	if (!json_is_object(jb))
		FAIL(c, "a bus must be an object");
	int rc;
	if ((rc = check_keys(c, jb, where, keys)))
		return rc;
	if ((rc = get_str(c, jb, "id", where, 1, b->id, sizeof b->id)))
		return rc;
	char type[16] = "";
	if ((rc = get_str(c, jb, "type", where, 1, type, sizeof type)))
		return rc;
	long v;
	b->last_slave = -1;
	if (strcmp(type, "tcp") == 0) {
		b->type = BUS_TCP;
		if ((rc = get_str(c, jb, "host", where, 1, b->host, sizeof b->host)))
			return rc;
		if ((rc = get_int(c, jb, "port", where, 1, 65535, 502, &v)))
			return rc;
		b->port = (int)v;
		if ((rc = get_bool(c, jb, "gateway", where, 0, &b->serial_like)))
			return rc;
		static const char *const serial_only[] = {"baud", "parity", "data_bits", "stop_bits", "rs485", NULL};
		for (size_t k = 0; serial_only[k]; k++)
			if (json_object_get(jb, serial_only[k])) {
				AT(c, "%s.%s", where, serial_only[k]);
				FAIL(c, "\"%s\" belongs to an \"rtu\" bus, not a \"tcp\" one", serial_only[k]);
			}
	} else if (strcmp(type, "rtu") == 0) {
		b->type = BUS_RTU;
		b->serial_like = 1;
		json_t *p = json_object_get(jb, "port");
		AT(c, "%s.port", where);
		if (!json_is_string(p) || !json_string_length(p) || json_string_length(p) >= sizeof b->device)
			FAIL(c, "an \"rtu\" bus needs \"port\": the serial device (\"/dev/ttyUSB0\")");
		ems_strlcpy(b->device, json_string_value(p), sizeof b->device);
		if ((rc = get_int(c, jb, "baud", where, 300, 4000000, 19200, &v)))
			return rc;
		b->baud = (int)v;
		char par[4] = "E";
		if ((rc = get_str(c, jb, "parity", where, 0, par, sizeof par)))
			return rc;
		if (strcmp(par, "N") && strcmp(par, "E") && strcmp(par, "O")) {
			AT(c, "%s.parity", where);
			FAIL(c, "parity must be \"N\", \"E\" or \"O\"");
		}
		b->parity = par[0];
		if ((rc = get_int(c, jb, "data_bits", where, 7, 8, 8, &v)))
			return rc;
		b->data_bits = (int)v;
		if ((rc = get_int(c, jb, "stop_bits", where, 1, 2, 1, &v)))
			return rc;
		b->stop_bits = (int)v;
		if ((rc = get_bool(c, jb, "rs485", where, 0, &b->rs485)))
			return rc;
		if (json_object_get(jb, "host") || json_object_get(jb, "gateway")) {
			AT(c, "%s", where);
			FAIL(c, "\"host\"/\"gateway\" belong to a \"tcp\" bus (an RS485/IP gateway is a \"tcp\" bus with \"gateway\": true)");
		}
	} else {
		AT(c, "%s.type", where);
		FAIL(c, "bus type must be \"tcp\" (Modbus TCP, also RS485/IP gateways) or \"rtu\" (serial); "
			"RTU-over-TCP framing is not supported by libmodbus 3.1");
	}
	/* inter-frame delay: 3.5 characters at least on serial; default a little more */
	long fd_def = b->type == BUS_RTU ? (long)(3.5 * 11 * 1000 / b->baud) + 2 : (b->serial_like ? 5 : 0);
	if ((rc = get_int(c, jb, "frame_delay_ms", where, 0, 10000, fd_def, &v)))
		return rc;
	b->frame_delay_ms = (int)v;
	if ((rc = get_int(c, jb, "slave_gap_ms", where, 0, 10000, b->serial_like ? 10 : 0, &v)))
		return rc;
	b->slave_gap_ms = (int)v;
	if ((rc = get_int(c, jb, "timeout_ms", where, 10, 60000, 2000, &v)))
		return rc;
	b->connect_timeout_ms = (int)v;
	if ((rc = get_int(c, jb, "backoff_max_ms", where, 0, 600000, 30000, &v)))
		return rc;
	b->backoff_max_ms = (int)v;
	return EMS_OK;
}

/* Find a map: maps_dir/<model>.json first, then the built-in ones. */
static int load_map(cfgctx *c, const char *model, ems_regmap **out)
{
	ems_installation *inst = c->inst;
	if (inst->maps_dir[0]) {
		char p[768];
		snprintf(p, sizeof p, "%s/%s.json", inst->maps_dir, model);
		FILE *f = fopen(p, "rb");
		if (f) {
			fclose(f);
			int rc = ems_regmap_load_file(p, out, c->err);
			return rc;
		}
	}
	int rc = ems_regmap_load_builtin(model, out);
	if (rc == EMS_ENOTFOUND)
		FAIL(c, "unknown model \"%s\" (no built-in map and no %s%s%s.json); use \"generic\" or add a map",
		     model, inst->maps_dir[0] ? inst->maps_dir : "", inst->maps_dir[0] ? "/" : "maps_dir/", model);
	if (rc)
		FAIL(c, "the built-in map of \"%s\" cannot be loaded (%s)", model, ems_strerror(rc));
	return EMS_OK;
}

/* Address: 1..247, or the Legrand "device-interface" form "12-3". */
static int parse_address(cfgctx *c, json_t *v, const char *where, ems_device *d)
{
	AT(c, "%s.address", where);
	/* a Modbus TCP server takes unit ids 0..255; serial slaves (also behind a gateway) 1..247 */
	int direct_tcp = d->bus->type == BUS_TCP && !d->bus->serial_like;
	if (json_is_integer(v)) {
		json_int_t a = json_integer_value(v);
		if (direct_tcp ? (a < 0 || a > 255) : (a < 1 || a > 247))
			FAIL(c, "address must be %s (got %lld)", direct_tcp ? "0..255 (Modbus TCP unit id)" : "1..247", (long long)a);
		d->slave = (int)a;
		return EMS_OK;
	}
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		char *end;
		long dev = strtol(s, &end, 10);
		if (end != s && *end == '-' && isdigit((unsigned char)end[1])) {
			long itf = strtol(end + 1, &end, 10);
			if (!*end && dev >= 1 && dev <= 247 && itf >= 1 && itf <= 99) {
				d->slave = (int)dev;
				d->interface_no = (int)itf;
				return EMS_OK;
			}
		}
	}
	FAIL(c, "address must be 1..247 or the \"device-interface\" form (\"12-3\")");
}

/* The generic meter: fc, register (hex), words, factor -> energy_import (field definition of
 * the energy web server manual), plus optional more quantities. */
static int build_generic(cfgctx *c, json_t *jd, const char *where, ems_device *d, int pulse)
{
	json_t *more = json_object_get(jd, "quantities");
	size_t nmore = json_is_array(more) ? json_array_size(more) : 0;
	if (more && !json_is_array(more)) {
		AT(c, "%s.quantities", where);
		FAIL(c, "\"quantities\" must be an array of {\"quantity\", \"fc\", \"register\", \"words\", \"factor\"}");
	}
	if (nmore > 32) {
		AT(c, "%s.quantities", where);
		FAIL(c, "at most 32 extra quantities");
	}
	d->map = ems_regmap_new_empty(d->model, pulse ? EMS_KIND_PULSE : EMS_KIND_METER, 1 + nmore);
	if (!d->map)
		FAIL(c, "out of memory");
	d->map->verified = 1;
	d->map->n = 1 + nmore;
	for (size_t i = 0; i <= nmore; i++) {
		json_t *o = i == 0 ? jd : json_array_get(more, i - 1);
		char w[64];
		if (i == 0)
			snprintf(w, sizeof w, "%s", where);
		else
			snprintf(w, sizeof w, "%s.quantities[%zu]", where, i - 1);
		AT(c, "%s", w);
		if (!json_is_object(o))
			FAIL(c, "must be an object");
		ems_field *f = &d->map->fields[i];
		f->sf_offset = -1;
		f->check_sentinel = 0; /* a generic counter may legitimately hold any value */
		f->verified = 1;
		if (i == 0) {
			if (pulse) {
				char medium[16] = "electricity";
				int rc = get_str(c, o, "medium", w, 0, medium, sizeof medium);
				if (rc)
					return rc;
				if (strcmp(medium, "electricity") == 0)
					f->quantity = EMS_Q_ENERGY_IMPORT;
				else if (strcmp(medium, "gas") == 0)
					f->quantity = EMS_Q_GAS_VOLUME;
				else if (strcmp(medium, "water") == 0)
					f->quantity = EMS_Q_WATER_VOLUME;
				else {
					AT(c, "%s.medium", w);
					FAIL(c, "medium must be \"electricity\" (weight in Wh/pulse), \"gas\" or \"water\" (m3/pulse)");
				}
			} else {
				f->quantity = EMS_Q_ENERGY_IMPORT;
			}
		} else {
			json_t *q = json_object_get(o, "quantity");
			AT(c, "%s.quantity", w);
			if (!json_is_string(q) || ems_quantity_from_name(json_string_value(q), &f->quantity))
				FAIL(c, "unknown quantity");
			for (size_t k = 0; k < i; k++)
				if (d->map->fields[k].quantity == f->quantity)
					FAIL(c, "quantity %s appears twice", ems_quantity_name(f->quantity));
		}
		unsigned long u;
		AT(c, "%s.fc", w);
		json_t *x = json_object_get(o, "fc");
		if (!x)
			FAIL(c, "missing \"fc\" (3: holding registers, 4: input registers)");
		if (ems_json_uint(x, 4, &u) || (u != 3 && u != 4))
			FAIL(c, "\"fc\" must be 3 or 4");
		f->fc = (uint8_t)u;
		AT(c, "%s.register", w);
		x = json_object_get(o, "register");
		if (!x || ems_json_uint(x, 0xFFFF, &u))
			FAIL(c, "\"register\" must be a register number, in hex as \"0x0100\" or decimal");
		f->address = (uint16_t)u;
		AT(c, "%s.words", w);
		x = json_object_get(o, "words");
		unsigned long words = 2;
		if (x && (ems_json_uint(x, 4, &words) || words == 3 || words == 0))
			FAIL(c, "\"words\" must be 1, 2 or 4");
		f->type = words == 1 ? EMS_TYPE_U16 : words == 2 ? EMS_TYPE_U32 : EMS_TYPE_U64;
		if ((x = json_object_get(o, "type"))) {
			AT(c, "%s.type", w);
			if (!json_is_string(x) || ems_type_from_name(json_string_value(x), &f->type) ||
			    f->type == EMS_TYPE_BIT)
				FAIL(c, "type must be u16, s16, u32, s32, u64, s64 or float32");
		}
		if (u + ems_type_words(f->type) > 0x10000) {
			AT(c, "%s.register", w);
			FAIL(c, "the value runs past register 0xFFFF");
		}
		f->order = EMS_ORDER_ABCD;
		if ((x = json_object_get(o, "order"))) {
			AT(c, "%s.order", w);
			if (!json_is_string(x) || ems_word_order_from_name(json_string_value(x), &f->order))
				FAIL(c, "order must be abcd, cdab, badc or dcba");
		}
		double factor = 1;
		const char *fk = pulse && i == 0 ? "weight" : "factor";
		if ((x = json_object_get(o, fk))) {
			AT(c, "%s.%s", w, fk);
			if (ems_json_number(x, &factor) || factor == 0)
				FAIL(c, "\"%s\" must be a non-zero number (JSON number or string \"10\")", fk);
		} else if (pulse && i == 0) {
			AT(c, "%s", w);
			FAIL(c, "a pulse counter needs \"weight\" (Wh, or m3, per pulse)");
		}
		f->scale = factor;
	}
	if (pulse) {
		/* the raw count as well, from the same registers */
		ems_field *f0 = &d->map->fields[0];
		ems_regmap *m2 = ems_regmap_new_empty(d->model, EMS_KIND_PULSE, d->map->n + 1);
		if (!m2)
			FAIL(c, "out of memory");
		memcpy(m2->fields, d->map->fields, d->map->n * sizeof *m2->fields);
		m2->fields[d->map->n] = *f0;
		m2->fields[d->map->n].quantity = EMS_Q_PULSE_COUNT;
		m2->fields[d->map->n].scale = 1;
		m2->n = d->map->n + 1;
		ems_regmap_free(d->map);
		d->map = m2;
	}
	return EMS_OK;
}

/* Generic I/O module: "inputs": {"fc": 2, "register": "0x0000", "count": 4},
 * "outputs": {"fc": 1, "register": "0x0000", "count": 2} (written with fc 5). */
static int build_io(cfgctx *c, json_t *jd, const char *where, ems_device *d)
{
	d->map = ems_regmap_new_empty(d->model, EMS_KIND_IO, 16);
	if (!d->map)
		FAIL(c, "out of memory");
	d->map->n = 0;
	static const char *const names[2] = {"inputs", "outputs"};
	for (int io = 0; io < 2; io++) {
		json_t *o = json_object_get(jd, names[io]);
		if (!o)
			continue;
		char w[64];
		snprintf(w, sizeof w, "%s.%s", where, names[io]);
		AT(c, "%s", w);
		if (!json_is_object(o))
			FAIL(c, "must be an object {\"fc\", \"register\", \"count\"}");
		unsigned long fc, reg, count;
		AT(c, "%s.fc", w);
		if (ems_json_uint(json_object_get(o, "fc"), 4, &fc) || (io == 0 ? (fc != 1 && fc != 2) : fc != 1))
			FAIL(c, io == 0 ? "inputs: \"fc\" must be 2 (discrete inputs) or 1 (coils)"
				       : "outputs: \"fc\" must be 1 (coils, written with function code 5)");
		AT(c, "%s.register", w);
		if (ems_json_uint(json_object_get(o, "register"), 0xFFFF, &reg))
			FAIL(c, "\"register\" must be 0..0xFFFF");
		AT(c, "%s.count", w);
		if (ems_json_uint(json_object_get(o, "count"), 8, &count) || count == 0 || reg + count > 0x10000)
			FAIL(c, "\"count\" must be 1..8");
		for (unsigned long k = 0; k < count; k++) {
			ems_field *f = &d->map->fields[d->map->n++];
			f->quantity = (ems_quantity)((io == 0 ? EMS_Q_INPUT_1 : EMS_Q_OUTPUT_1) + (int)k);
			f->fc = (uint8_t)fc;
			f->address = (uint16_t)(reg + k);
			f->type = EMS_TYPE_BIT;
			f->scale = 1;
			f->sf_offset = -1;
			f->verified = 1;
			if (io == 1) {
				f->write_fc = 5;
				f->write_address = f->address;
				f->write_type = EMS_TYPE_BIT;
				f->write_scale = 1;
			}
		}
	}
	if (!d->map->n) {
		AT(c, "%s", where);
		FAIL(c, "a generic-io device needs \"inputs\" and/or \"outputs\"");
	}
	return EMS_OK;
}

static ems_bus *find_bus(ems_installation *inst, const char *id)
{
	for (size_t i = 0; i < inst->nbuses; i++)
		if (strcmp(inst->buses[i].id, id) == 0)
			return &inst->buses[i];
	return NULL;
}

static int add_group(cfgctx *c, const char *name, int declared_only)
{
	ems_installation *inst = c->inst;
	for (size_t i = 0; i < inst->ngroups; i++)
		if (strcmp(inst->groups[i], name) == 0)
			return EMS_OK;
	if (declared_only)
		FAIL(c, "group \"%s\" is not declared in the top-level \"groups\"", name);
	char(*ng)[64] = realloc(inst->groups, (inst->ngroups + 1) * sizeof *ng);
	if (!ng)
		FAIL(c, "out of memory");
	inst->groups = ng;
	ems_strlcpy(inst->groups[inst->ngroups++], name, 64);
	return EMS_OK;
}

static int is_modbus_model(const char *model)
{
	return strcmp(model, "virtual") != 0;
}

static int parse_device(cfgctx *c, json_t *jd, size_t i, ems_device *d, size_t nbus_explicit,
			long def_timeout, long def_retries, long def_interval, int groups_declared)
{
	static const char *const keys[] = {"name", "model", "bus", "address", "host", "port", "enabled",
		"timeout_ms", "retries", "interval_s", "load_type", "groups", "exclude_from_totals",
		"stale_after_s", "fc", "register", "words", "factor", "type", "order", "quantities",
		"weight", "medium", "inputs", "outputs", "sum", "subtract", "terms", "sunspec_models",
		"unit_id", NULL};
	char where[32];
	snprintf(where, sizeof where, "devices[%zu]", i);
	AT(c, "%s", where);
	if (!json_is_object(jd))
		FAIL(c, "a device must be an object");
	int rc;
	if ((rc = check_keys(c, jd, where, keys)))
		return rc;
	if ((rc = get_str(c, jd, "name", where, 1, d->name, sizeof d->name)))
		return rc;
	for (size_t k = 0; k < i; k++)
		if (strcmp(c->inst->devs[k].name, d->name) == 0) {
			AT(c, "%s.name", where);
			FAIL(c, "device name \"%s\" is already used by devices[%zu]", d->name, k);
		}
	if ((rc = get_str(c, jd, "model", where, 1, d->model, sizeof d->model)))
		return rc;
	long v;
	if ((rc = get_bool(c, jd, "enabled", where, 1, &d->enabled)))
		return rc;
	if ((rc = get_int(c, jd, "timeout_ms", where, 10, 60000, def_timeout, &v)))
		return rc;
	d->timeout_ms = (int)v;
	if ((rc = get_int(c, jd, "retries", where, 0, 10, def_retries, &v)))
		return rc;
	d->retries = (int)v;
	if ((rc = get_int(c, jd, "interval_s", where, 0, 86400, def_interval, &v)))
		return rc;
	d->interval_s = (int)v;
	if ((rc = get_int(c, jd, "stale_after_s", where, 0, 86400, 0, &v)))
		return rc;
	d->stale_after_s = (int)v;
	if ((rc = get_bool(c, jd, "exclude_from_totals", where, 0, &d->exclude)))
		return rc;
	if ((rc = get_str(c, jd, "load_type", where, 0, d->load_type, sizeof d->load_type)))
		return rc;
	if (d->load_type[0]) {
		int ok = 0;
		for (size_t k = 0; load_types[k]; k++)
			if (strcmp(load_types[k], d->load_type) == 0)
				ok = 1;
		if (!ok) {
			AT(c, "%s.load_type", where);
			FAIL(c, "unknown load type \"%s\" (grid, pv, battery, ev, heat_pump, water_heater, heating, "
				"hvac, cooking, lighting, appliance, pool, other)", d->load_type);
		}
	}
	json_t *jg = json_object_get(jd, "groups");
	if (jg) {
		AT(c, "%s.groups", where);
		if (!json_is_array(jg))
			FAIL(c, "\"groups\" must be an array of group names");
		if (json_array_size(jg) > EMS_MAX_GROUPS_PER_DEVICE)
			FAIL(c, "a device belongs to at most %d measure groups", EMS_MAX_GROUPS_PER_DEVICE);
		size_t k;
		json_t *g;
		json_array_foreach(jg, k, g) {
			AT(c, "%s.groups[%zu]", where, k);
			if (!json_is_string(g) || !json_string_length(g) || json_string_length(g) >= 64)
				FAIL(c, "a group name is a non-empty string of at most 63 characters");
			for (int m = 0; m < d->ngroups; m++)
				if (strcmp(d->groups[m], json_string_value(g)) == 0)
					FAIL(c, "group \"%s\" listed twice", json_string_value(g));
			if ((rc = add_group(c, json_string_value(g), groups_declared)))
				return rc;
			ems_strlcpy(d->groups[d->ngroups++], json_string_value(g), 64);
		}
	}
	if (strcmp(d->model, "virtual") == 0) {
		d->is_virtual = 1;
		d->drv = &ems_virtual_driver;
		return EMS_OK; /* terms are resolved once every name is known */
	}
	if (!is_modbus_model(d->model))
		FAIL(c, "unsupported model");
	/* the bus: "bus": id, or "host"/"port" for a Modbus TCP device of its own */
	json_t *jbus = json_object_get(jd, "bus");
	json_t *jhost = json_object_get(jd, "host");
	if (jbus && jhost) {
		AT(c, "%s.host", where);
		FAIL(c, "give either \"bus\" or \"host\", not both");
	}
	if (jbus) {
		AT(c, "%s.bus", where);
		if (!json_is_string(jbus) || !(d->bus = find_bus(c->inst, json_string_value(jbus))))
			FAIL(c, "no bus with id \"%s\" in \"buses\"", json_is_string(jbus) ? json_string_value(jbus) : "?");
	} else if (jhost) {
		AT(c, "%s.host", where);
		if (!json_is_string(jhost) || !json_string_length(jhost) || json_string_length(jhost) >= 256)
			FAIL(c, "\"host\" must be a host name or address");
		if ((rc = get_int(c, jd, "port", where, 1, 65535, 502, &v)))
			return rc;
		/* one implicit bus per host:port (one connection, one request at a time) */
		ems_installation *inst = c->inst;
		ems_bus *b = NULL;
		for (size_t k = nbus_explicit; k < inst->nbuses; k++)
			if (strcmp(inst->buses[k].host, json_string_value(jhost)) == 0 && inst->buses[k].port == v)
				b = &inst->buses[k];
		if (!b) {
			b = &inst->buses[inst->nbuses++];
			memset(b, 0, sizeof *b);
			snprintf(b->id, sizeof b->id, "tcp:%.40s:%ld", json_string_value(jhost), v);
			b->type = BUS_TCP;
			b->implicit = 1;
			ems_strlcpy(b->host, json_string_value(jhost), sizeof b->host);
			b->port = (int)v;
			b->last_slave = -1;
			b->connect_timeout_ms = 2000;
			b->backoff_max_ms = 30000;
		}
		d->bus = b;
	} else {
		AT(c, "%s", where);
		FAIL(c, "a Modbus device needs \"bus\" (a bus id) or \"host\" (Modbus TCP)");
	}
	json_t *ja = json_object_get(jd, "address");
	if (!ja)
		ja = json_object_get(jd, "unit_id");
	if (ja) {
		if ((rc = parse_address(c, ja, where, d)))
			return rc;
	} else if (d->bus->type == BUS_TCP && !d->bus->serial_like) {
		d->slave = 1;
	} else {
		AT(c, "%s", where);
		FAIL(c, "a device on a serial bus or gateway needs \"address\" (1..247)");
	}
	int generic = strcmp(d->model, "generic") == 0;
	int pulse = strcmp(d->model, "pulse-counter") == 0;
	int io = strcmp(d->model, "generic-io") == 0;
	static const char *const generic_keys[] = {"fc", "register", "words", "factor", "type", "order", "quantities", NULL};
	if (!generic && !pulse) {
		for (size_t k = 0; generic_keys[k]; k++)
			if (json_object_get(jd, generic_keys[k])) {
				AT(c, "%s.%s", where, generic_keys[k]);
				FAIL(c, "\"%s\" is for the \"generic\" and \"pulse-counter\" models only", generic_keys[k]);
			}
	}
	if ((json_object_get(jd, "weight") || json_object_get(jd, "medium")) && !pulse) {
		AT(c, "%s", where);
		FAIL(c, "\"weight\"/\"medium\" are for the \"pulse-counter\" model only");
	}
	if ((json_object_get(jd, "inputs") || json_object_get(jd, "outputs")) && !io) {
		AT(c, "%s", where);
		FAIL(c, "\"inputs\"/\"outputs\" are for the \"generic-io\" model only");
	}
	AT(c, "%s.model", where);
	if (generic || pulse) {
		if ((rc = build_generic(c, jd, where, d, pulse)))
			return rc;
		d->drv = &ems_modbus_driver;
	} else if (io) {
		if ((rc = build_io(c, jd, where, d)))
			return rc;
		d->drv = &ems_modbus_driver;
	} else if (strcmp(d->model, "sunspec") == 0) {
		d->drv = &ems_sunspec_driver;
		json_t *only = json_object_get(jd, "sunspec_models");
		for (size_t k = 0; k < ems_regmap_builtin_count(); k++) {
			const char *bn = ems_regmap_builtin_name(k);
			if (strncmp(bn, "sunspec-", 8) != 0 || d->nss_cand >= EMS_MAX_SUNSPEC)
				continue;
			if (only) {
				int want = 0;
				size_t m;
				json_t *x;
				json_array_foreach(only, m, x) if (json_is_integer(x) && json_integer_value(x) == atoi(bn + 8)) want = 1;
				if (!want)
					continue;
			}
			if ((rc = load_map(c, bn, &d->ss_cand[d->nss_cand])))
				return rc;
			d->nss_cand++;
		}
		if (only && (!json_is_array(only) || d->nss_cand == 0)) {
			AT(c, "%s.sunspec_models", where);
			FAIL(c, "\"sunspec_models\" must list supported SunSpec models (201, 202, 203, 204, 701, 802)");
		}
	} else {
		if ((rc = load_map(c, d->model, &d->map)))
			return rc;
		if (d->map->sunspec_id) {
			AT(c, "%s.model", where);
			FAIL(c, "\"%s\" is a SunSpec model map: use \"model\": \"sunspec\" (found by discovery)", d->model);
		}
		d->drv = &ems_modbus_driver;
	}
	if (d->interface_no > 0 && d->map && d->map->interface_stride == 0 && d->interface_no != 1) {
		AT(c, "%s.address", where);
		FAIL(c, "model \"%s\" has no \"interface_stride\": only interface 1 can be addressed", d->model);
	}
	if (d->map && (rc = ems_plan_blocks(d, c->inst->opts.coalesce)))
		FAIL(c, "out of memory");
	return EMS_OK;
}

/* "+name", "-name", "+name.quantity" (to the same quantity) or "+name.src>dst". */
static int parse_term(cfgctx *c, const char *s, ems_device *d, size_t self, ems_quantity dst, int has_dst)
{
	ems_installation *inst = c->inst;
	if (d->nterms >= EMS_MAX_TERMS)
		FAIL(c, "at most %d terms in a virtual device", EMS_MAX_TERMS);
	ems_term *t = &d->terms[d->nterms];
	t->sign = 1;
	if (*s == '+' || *s == '-')
		t->sign = *s++ == '-' ? -1 : 1;
	char name[64], qn[64] = "";
	const char *dot = strchr(s, '.');
	size_t nl = dot ? (size_t)(dot - s) : strlen(s);
	if (nl == 0 || nl >= sizeof name)
		FAIL(c, "a term is \"[+-]device[.quantity]\"");
	memcpy(name, s, nl);
	name[nl] = '\0';
	if (dot)
		ems_strlcpy(qn, dot + 1, sizeof qn);
	size_t k;
	for (k = 0; k < inst->ndevs; k++)
		if (strcmp(inst->devs[k].name, name) == 0)
			break;
	if (k == inst->ndevs)
		FAIL(c, "no device named \"%s\"", name);
	if (k == self)
		FAIL(c, "a virtual device cannot use itself");
	if (inst->devs[k].is_virtual && k > self)
		FAIL(c, "virtual device \"%s\" must be defined before \"%s\" uses it", name, d->name);
	t->dev = k;
	if (qn[0]) {
		if (ems_quantity_from_name(qn, &t->src))
			FAIL(c, "unknown quantity \"%s\"", qn);
		t->dst = has_dst ? dst : t->src;
		t->all = 0;
	} else {
		if (has_dst) {
			t->src = dst;
			t->dst = dst;
			t->all = 0;
		} else {
			t->all = 1;
		}
	}
	d->nterms++;
	return EMS_OK;
}

static int parse_virtual(cfgctx *c, json_t *jd, size_t i, ems_device *d)
{
	int rc;
	size_t k;
	json_t *x;
	static const char *const lists[2] = {"sum", "subtract"};
	for (int l = 0; l < 2; l++) {
		json_t *a = json_object_get(jd, lists[l]);
		if (!a)
			continue;
		AT(c, "devices[%zu].%s", i, lists[l]);
		if (!json_is_array(a))
			FAIL(c, "\"%s\" must be an array of device names", lists[l]);
		json_array_foreach(a, k, x) {
			AT(c, "devices[%zu].%s[%zu]", i, lists[l], k);
			if (!json_is_string(x))
				FAIL(c, "must be a device name");
			char t[80];
			snprintf(t, sizeof t, "%c%s", l ? '-' : '+', json_string_value(x));
			if ((rc = parse_term(c, t, d, i, EMS_Q_POWER, 0)))
				return rc;
		}
	}
	json_t *terms = json_object_get(jd, "terms");
	if (terms) {
		AT(c, "devices[%zu].terms", i);
		if (!json_is_object(terms))
			FAIL(c, "\"terms\" must be an object {\"quantity\": [\"+dev.quantity\", ...]}");
		const char *qk;
		json_t *arr;
		json_object_foreach(terms, qk, arr) {
			ems_quantity dst;
			AT(c, "devices[%zu].terms.%s", i, qk);
			if (ems_quantity_from_name(qk, &dst))
				FAIL(c, "unknown quantity \"%s\"", qk);
			if (!json_is_array(arr) || !json_array_size(arr))
				FAIL(c, "must be a non-empty array of \"+device.quantity\" terms");
			json_array_foreach(arr, k, x) {
				AT(c, "devices[%zu].terms.%s[%zu]", i, qk, k);
				if (!json_is_string(x))
					FAIL(c, "a term is a string \"+device.quantity\"");
				if ((rc = parse_term(c, json_string_value(x), d, i, dst, 1)))
					return rc;
			}
		}
	}
	if (!d->nterms) {
		AT(c, "devices[%zu]", i);
		FAIL(c, "a virtual device needs \"sum\"/\"subtract\" or \"terms\"");
	}
	static const char *const not_virtual[] = {"bus", "host", "address", NULL};
	for (size_t m = 0; not_virtual[m]; m++)
		if (json_object_get(jd, not_virtual[m])) {
			AT(c, "devices[%zu].%s", i, not_virtual[m]);
			FAIL(c, "a virtual device has no \"%s\"", not_virtual[m]);
		}
	return EMS_OK;
}

int ems_installation_from_json(ems_installation *inst, json_t *root, const char *file,
			       const ems_jsonpos *pos, ems_config_error *err);
int ems_installation_from_json(ems_installation *inst, json_t *root, const char *file,
			       const ems_jsonpos *pos, ems_config_error *err)
{
	cfgctx cc = {file, pos, err, inst, ""};
	cfgctx *c = &cc;
	static const char *const keys[] = {"buses", "devices", "groups", "timeout_ms", "retries",
		"interval_s", "maps_dir", "description", NULL};
	if (!json_is_object(root))
		FAIL(c, "the installation must be a JSON object {\"buses\": [...], \"devices\": [...]}");
	int rc;
	if ((rc = check_keys(c, root, "", keys))) {
		/* paths of top-level keys start with '.', drop it */
		if (err && err->path[0] == '.')
			memmove(err->path, err->path + 1, strlen(err->path));
		return rc;
	}
	if (!inst->maps_dir[0])
		(void)get_str(c, root, "maps_dir", "", 0, inst->maps_dir, sizeof inst->maps_dir);
	json_t *buses = json_object_get(root, "buses");
	json_t *devs = json_object_get(root, "devices");
	AT(c, "buses");
	if (buses && !json_is_array(buses))
		FAIL(c, "\"buses\" must be an array");
	AT(c, "devices");
	if (!json_is_array(devs) || !json_array_size(devs))
		FAIL(c, "\"devices\" must be a non-empty array");
	if (json_array_size(devs) > 4096)
		FAIL(c, "too many devices (at most 4096)");
	size_t nb = buses ? json_array_size(buses) : 0;
	size_t nd = json_array_size(devs);
	if (nb > 256) {
		AT(c, "buses");
		FAIL(c, "too many buses (at most 256)");
	}
	inst->buses = calloc(nb + nd + 1, sizeof *inst->buses);
	inst->devs = calloc(nd, sizeof *inst->devs);
	if (!inst->buses || !inst->devs)
		FAIL(c, "out of memory");
	size_t i;
	json_t *x;
	for (i = 0; i < nb; i++) {
		if ((rc = parse_bus(c, json_array_get(buses, i), i, &inst->buses[i])))
			return rc;
		for (size_t k = 0; k < i; k++)
			if (strcmp(inst->buses[k].id, inst->buses[i].id) == 0) {
				AT(c, "buses[%zu].id", i);
				FAIL(c, "bus id \"%s\" is already used by buses[%zu]", inst->buses[i].id, k);
			}
		inst->nbuses++;
	}
	long def_timeout, def_retries, def_interval;
	if ((rc = get_int(c, root, "timeout_ms", "", 10, 60000, 1000, &def_timeout)) ||
	    (rc = get_int(c, root, "retries", "", 0, 10, 1, &def_retries)) ||
	    (rc = get_int(c, root, "interval_s", "", 0, 86400, 0, &def_interval)))
		return rc;
	json_t *groups = json_object_get(root, "groups");
	if (groups) {
		AT(c, "groups");
		if (!json_is_array(groups))
			FAIL(c, "\"groups\" must be an array of names");
		json_array_foreach(groups, i, x) {
			AT(c, "groups[%zu]", i);
			if (!json_is_string(x) || !json_string_length(x) || json_string_length(x) >= 64)
				FAIL(c, "a group name is a non-empty string of at most 63 characters");
			for (size_t k = 0; k < inst->ngroups; k++)
				if (strcmp(inst->groups[k], json_string_value(x)) == 0)
					FAIL(c, "group \"%s\" declared twice", json_string_value(x));
			if ((rc = add_group(c, json_string_value(x), 0)))
				return rc;
		}
	}
	for (i = 0; i < nd; i++) {
		ems_device *d = &inst->devs[i];
		inst->ndevs = i + 1;
		rc = parse_device(c, json_array_get(devs, i), i, d, nb, def_timeout, def_retries,
				  def_interval, groups != NULL);
		if (rc)
			return rc;
		ems_reading_clear(&d->reading);
		d->stats.status = d->enabled ? EMS_STATUS_UNKNOWN : EMS_STATUS_OFF;
		d->reading.status = d->stats.status;
	}
	/* devices sharing bus and address would be mixed up, unless they are channels
	 * of one concentrator or I/O module defined register by register */
	for (i = 0; i < nd; i++)
		for (size_t k = 0; k < i; k++) {
			ems_device *a = &inst->devs[i], *b = &inst->devs[k];
			if (a->is_virtual || b->is_virtual || a->bus != b->bus || a->slave != b->slave ||
			    a->interface_no != b->interface_no)
				continue;
			int a_regs = !strcmp(a->model, "generic") || !strcmp(a->model, "pulse-counter") || !strcmp(a->model, "generic-io");
			int b_regs = !strcmp(b->model, "generic") || !strcmp(b->model, "pulse-counter") || !strcmp(b->model, "generic-io");
			if (a_regs && b_regs)
				continue;
			AT(c, "devices[%zu].address", i);
			FAIL(c, "bus \"%s\" address %d is already used by device \"%s\"", a->bus->id, a->slave, b->name);
		}
	for (i = 0; i < nd; i++)
		if (inst->devs[i].is_virtual && (rc = parse_virtual(c, json_array_get(devs, i), i, &inst->devs[i])))
			return rc;
	return EMS_OK;
}
