#define _POSIX_C_SOURCE 200809L
/* Register maps: loading and validating the JSON description of a model. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ems_internal.h"
#include "ems/error.h"

#define FAIL(...)                                                              \
	do {                                                                   \
		ems_cfg_fail(err, pos, file, path, __VA_ARGS__);               \
		goto fail;                                                     \
	} while (0)

int ems_json_uint(const json_t *v, unsigned long max, unsigned long *out)
{
	unsigned long x;
	if (json_is_integer(v)) {
		json_int_t i = json_integer_value(v);
		if (i < 0)
			return EMS_ERANGE;
		x = (unsigned long)i;
	} else if (json_is_string(v)) {
		const char *s = json_string_value(v);
		char *end;
		if (!*s || *s == '-' || *s == '+' || *s == ' ')
			return EMS_EINVAL;
		errno = 0;
		x = strtoul(s, &end, 0);
		if (errno || *end)
			return EMS_EINVAL;
	} else {
		return EMS_EINVAL;
	}
	if (x > max)
		return EMS_ERANGE;
	*out = x;
	return EMS_OK;
}

int ems_json_number(const json_t *v, double *out)
{
	double x;
	if (json_is_number(v)) {
		x = json_number_value(v);
	} else if (json_is_string(v)) {
		const char *s = json_string_value(v);
		char *end;
		if (!*s)
			return EMS_EINVAL;
		errno = 0;
		x = strtod(s, &end);
		if (errno || *end)
			return EMS_EINVAL;
	} else {
		return EMS_EINVAL;
	}
	if (!isfinite(x))
		return EMS_EINVAL;
	*out = x;
	return EMS_OK;
}

/* unit given in a map -> factor to the quantity's canonical unit */
static int unit_factor(const char *canon, const char *unit, double *f)
{
	static const struct { const char *canon, *unit; double f; } tab[] = {
		{"V", "V", 1}, {"V", "mV", 1e-3}, {"V", "kV", 1e3},
		{"A", "A", 1}, {"A", "mA", 1e-3},
		{"W", "W", 1}, {"W", "kW", 1e3}, {"W", "mW", 1e-3},
		{"var", "var", 1}, {"var", "kvar", 1e3},
		{"VA", "VA", 1}, {"VA", "kVA", 1e3},
		{"Hz", "Hz", 1}, {"Hz", "mHz", 1e-3},
		{"Wh", "Wh", 1}, {"Wh", "kWh", 1e3}, {"Wh", "MWh", 1e6},
		{"varh", "varh", 1}, {"varh", "kvarh", 1e3},
		{"%", "%", 1}, {"m3", "m3", 1}, {"m3", "L", 1e-3}, {"", "", 1},
	};
	for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
		if (strcmp(tab[i].canon, canon) == 0 && strcmp(tab[i].unit, unit) == 0) {
			*f = tab[i].f;
			return 0;
		}
	return -1;
}

static int kind_from_name(const char *s, ems_device_kind *k)
{
	static const char *const names[] = {"meter", "charger", "inverter", "battery", "io", "pulse", "controller"};
	for (int i = 0; i < 7; i++)
		if (strcmp(names[i], s) == 0) {
			*k = (ems_device_kind)i;
			return 0;
		}
	return -1;
}

ems_regmap *ems_regmap_new_empty(const char *model, ems_device_kind kind, size_t n)
{
	ems_regmap *m = calloc(1, sizeof *m);
	if (!m)
		return NULL;
	m->fields = calloc(n ? n : 1, sizeof *m->fields);
	if (!m->fields) {
		free(m);
		return NULL;
	}
	ems_strlcpy(m->model, model, sizeof m->model);
	m->kind = kind;
	m->verified = 1;
	m->max_read = 100;
	m->max_gap = 16;
	return m;
}

static int parse_state_map(json_t *st, ems_field *f)
{
	if (json_is_string(st)) {
		if (strcmp(json_string_value(st), "ascii") == 0)
			f->state_ascii = 1;
		else if (strcmp(json_string_value(st), "ascii2") == 0)
			f->state_ascii = 2;
		else
			return -1;
		return 0;
	}
	if (!json_is_object(st))
		return -1;
	const char *k;
	json_t *v;
	json_object_foreach(st, k, v) {
		char *end;
		long raw = strtol(k, &end, 0);
		const char *letter = json_string_value(v);
		if (*end || raw < 0 || raw > 15 || !letter || strlen(letter) != 1 || letter[0] < 'A' || letter[0] > 'F')
			return -1;
		f->state_map[raw] = (uint8_t)(letter[0] - 'A' + 1);
	}
	f->has_state_map = 1;
	return 0;
}

int ems_regmap_from_json(json_t *root, const char *file, const ems_jsonpos *pos,
			 ems_regmap **out, ems_config_error *err)
{
	char path[128] = "";
	ems_regmap *m = NULL;
	if (!json_is_object(root))
		FAIL("a register map must be a JSON object");
	json_t *model = json_object_get(root, "model");
	snprintf(path, sizeof path, "model");
	if (!json_is_string(model) || !json_string_length(model) || json_string_length(model) >= sizeof m->model)
		FAIL("\"model\" must be a non-empty string of at most 63 characters");
	json_t *fields = json_object_get(root, "fields");
	snprintf(path, sizeof path, "fields");
	if (!json_is_array(fields) || json_array_size(fields) == 0)
		FAIL("\"fields\" must be a non-empty array");
	if (json_array_size(fields) > 1024)
		FAIL("too many fields (at most 1024)");
	ems_device_kind kind = EMS_KIND_METER;
	json_t *jk = json_object_get(root, "kind");
	snprintf(path, sizeof path, "kind");
	if (jk && (!json_is_string(jk) || kind_from_name(json_string_value(jk), &kind)))
		FAIL("\"kind\" must be one of meter, charger, inverter, battery, io, pulse, controller");
	m = ems_regmap_new_empty(json_string_value(model), kind, json_array_size(fields));
	if (!m) {
		ems_cfg_fail(err, pos, file, "", "out of memory");
		return EMS_ENOMEM;
	}
	m->n = json_array_size(fields);
	json_t *jv = json_object_get(root, "verified");
	snprintf(path, sizeof path, "verified");
	if (jv && !json_is_boolean(jv))
		FAIL("\"verified\" must be true or false");
	m->verified = jv ? json_is_true(jv) : 0;
	unsigned long u;
	json_t *x;
	if ((x = json_object_get(root, "sunspec_id"))) {
		snprintf(path, sizeof path, "sunspec_id");
		if (ems_json_uint(x, 65534, &u) || u == 0)
			FAIL("\"sunspec_id\" must be a SunSpec model number (1..65534)");
		m->sunspec_id = (int)u;
	}
	if ((x = json_object_get(root, "max_read"))) {
		snprintf(path, sizeof path, "max_read");
		if (ems_json_uint(x, 125, &u) || u == 0)
			FAIL("\"max_read\" must be 1..125 registers");
		m->max_read = (unsigned)u;
	}
	if ((x = json_object_get(root, "max_gap"))) {
		snprintf(path, sizeof path, "max_gap");
		if (ems_json_uint(x, 125, &u))
			FAIL("\"max_gap\" must be 0..125 registers");
		m->max_gap = (unsigned)u;
	}
	if ((x = json_object_get(root, "interface_stride"))) {
		snprintf(path, sizeof path, "interface_stride");
		if (ems_json_uint(x, 0x8000, &u))
			FAIL("\"interface_stride\" must be 0..32768 registers");
		m->interface_stride = (unsigned)u;
	}
	/* defaults */
	unsigned long dfc = 3;
	ems_type dtype = EMS_TYPE_U16;
	ems_word_order dorder = EMS_ORDER_ABCD;
	json_t *defs = json_object_get(root, "defaults");
	if (defs) {
		snprintf(path, sizeof path, "defaults");
		if (!json_is_object(defs))
			FAIL("\"defaults\" must be an object");
		if ((x = json_object_get(defs, "fc"))) {
			snprintf(path, sizeof path, "defaults.fc");
			if (ems_json_uint(x, 4, &dfc) || dfc == 0)
				FAIL("function code must be 1, 2, 3 or 4");
		}
		if ((x = json_object_get(defs, "type"))) {
			snprintf(path, sizeof path, "defaults.type");
			if (!json_is_string(x) || ems_type_from_name(json_string_value(x), &dtype))
				FAIL("type must be u16, s16, u32, s32, u64, s64, float32 or bit");
		}
		if ((x = json_object_get(defs, "order"))) {
			snprintf(path, sizeof path, "defaults.order");
			if (!json_is_string(x) || ems_word_order_from_name(json_string_value(x), &dorder))
				FAIL("order must be abcd, cdab, badc or dcba");
		}
	}
	size_t i;
	json_t *jf;
	json_array_foreach(fields, i, jf) {
		ems_field *f = &m->fields[i];
		snprintf(path, sizeof path, "fields[%zu]", i);
		if (!json_is_object(jf))
			FAIL("a field must be an object");
		x = json_object_get(jf, "quantity");
		snprintf(path, sizeof path, "fields[%zu].quantity", i);
		if (!json_is_string(x) || ems_quantity_from_name(json_string_value(x), &f->quantity))
			FAIL("unknown quantity \"%s\"", json_is_string(x) ? json_string_value(x) : "(not a string)");
		for (size_t k = 0; k < i; k++)
			if (m->fields[k].quantity == f->quantity)
				FAIL("quantity %s appears twice", ems_quantity_name(f->quantity));
		unsigned long fc = dfc;
		if ((x = json_object_get(jf, "fc"))) {
			snprintf(path, sizeof path, "fields[%zu].fc", i);
			if (ems_json_uint(x, 4, &fc) || fc == 0)
				FAIL("function code must be 1, 2, 3 or 4");
		}
		f->fc = (uint8_t)fc;
		f->type = dtype;
		f->order = dorder;
		f->sf_offset = -1;
		if ((x = json_object_get(jf, "type"))) {
			snprintf(path, sizeof path, "fields[%zu].type", i);
			if (!json_is_string(x) || ems_type_from_name(json_string_value(x), &f->type))
				FAIL("type must be u16, s16, u32, s32, u64, s64, float32 or bit");
		}
		if ((fc <= 2) != (f->type == EMS_TYPE_BIT)) {
			snprintf(path, sizeof path, "fields[%zu]", i);
			FAIL("type \"bit\" goes with function codes 1 and 2, and only with them");
		}
		if ((x = json_object_get(jf, "order"))) {
			snprintf(path, sizeof path, "fields[%zu].order", i);
			if (!json_is_string(x) || ems_word_order_from_name(json_string_value(x), &f->order))
				FAIL("order must be abcd, cdab, badc or dcba");
		}
		json_t *ja = json_object_get(jf, "address");
		json_t *jo = json_object_get(jf, "offset");
		if (m->sunspec_id) {
			snprintf(path, sizeof path, "fields[%zu].offset", i);
			if (!jo || ems_json_uint(jo, 1000, &u))
				FAIL("a SunSpec field needs \"offset\" (0..1000, from the first register after ID and L)");
			f->address = (uint16_t)u;
			if ((x = json_object_get(jf, "sf_offset"))) {
				snprintf(path, sizeof path, "fields[%zu].sf_offset", i);
				if (ems_json_uint(x, 1000, &u))
					FAIL("\"sf_offset\" must be 0..1000");
				f->sf_offset = (int)u;
			}
		} else {
			snprintf(path, sizeof path, "fields[%zu].address", i);
			if (!ja || ems_json_uint(ja, 0xFFFF, &u))
				FAIL("\"address\" must be a register number 0..0xFFFF (number or \"0x...\" string)");
			if (u + ems_type_words(f->type) > 0x10000)
				FAIL("the value runs past register 0xFFFF");
			f->address = (uint16_t)u;
		}
		double scale = 1.0, uf = 1.0;
		if ((x = json_object_get(jf, "scale"))) {
			snprintf(path, sizeof path, "fields[%zu].scale", i);
			if (ems_json_number(x, &scale) || scale == 0)
				FAIL("\"scale\" must be a non-zero number");
		}
		const char *canon = ems_quantity_unit(f->quantity);
		if ((x = json_object_get(jf, "unit"))) {
			snprintf(path, sizeof path, "fields[%zu].unit", i);
			if (!json_is_string(x) || unit_factor(canon, json_string_value(x), &uf))
				FAIL("unit \"%s\" does not fit quantity %s (%s)",
				     json_is_string(x) ? json_string_value(x) : "?", ems_quantity_name(f->quantity),
				     canon[0] ? canon : "no unit");
		}
		f->scale = scale * uf;
		if ((x = json_object_get(jf, "value_offset"))) {
			snprintf(path, sizeof path, "fields[%zu].value_offset", i);
			if (ems_json_number(x, &f->offset))
				FAIL("\"value_offset\" must be a number");
		}
		f->check_sentinel = 1;
		if ((x = json_object_get(jf, "sentinel"))) {
			snprintf(path, sizeof path, "fields[%zu].sentinel", i);
			if (!json_is_boolean(x))
				FAIL("\"sentinel\" must be true or false");
			f->check_sentinel = json_is_true(x);
		}
		if ((x = json_object_get(jf, "not_available"))) {
			snprintf(path, sizeof path, "fields[%zu].not_available", i);
			unsigned long na;
			if (ems_json_uint(x, 0xFFFFFFFFul, &na))
				FAIL("\"not_available\" must be a raw unsigned value (\"0x7FFFFFFF\")");
			f->has_na = 1;
			f->na_raw = (double)na;
		}
		if ((x = json_object_get(jf, "state"))) {
			snprintf(path, sizeof path, "fields[%zu].state", i);
			if (f->quantity != EMS_Q_CHARGER_STATE || parse_state_map(x, f))
				FAIL("\"state\" is \"ascii\", \"ascii2\" or an object {\"raw\": \"A\".. \"F\"} on charger_state only");
		}
		f->verified = m->verified;
		if ((x = json_object_get(jf, "verified"))) {
			snprintf(path, sizeof path, "fields[%zu].verified", i);
			if (!json_is_boolean(x))
				FAIL("\"verified\" must be true or false");
			f->verified = json_is_true(x);
			if (!f->verified)
				m->verified = 0;
		}
		json_t *jw = json_object_get(jf, "write");
		if (jw) {
			snprintf(path, sizeof path, "fields[%zu].write", i);
			if (!json_is_object(jw))
				FAIL("\"write\" must be an object {\"fc\", \"address\", \"type\", \"scale\"}");
			unsigned long wfc = 0;
			snprintf(path, sizeof path, "fields[%zu].write.fc", i);
			if (ems_json_uint(json_object_get(jw, "fc"), 16, &wfc) || (wfc != 5 && wfc != 6 && wfc != 16))
				FAIL("write function code must be 5 (coil), 6 or 16 (registers)");
			f->write_fc = (uint8_t)wfc;
			f->write_address = f->address;
			if ((x = json_object_get(jw, "address"))) {
				snprintf(path, sizeof path, "fields[%zu].write.address", i);
				if (ems_json_uint(x, 0xFFFF, &u))
					FAIL("\"address\" must be 0..0xFFFF");
				f->write_address = (uint16_t)u;
			}
			f->write_type = wfc == 5 ? EMS_TYPE_BIT : (f->type == EMS_TYPE_BIT ? EMS_TYPE_U16 : f->type);
			if ((x = json_object_get(jw, "type"))) {
				snprintf(path, sizeof path, "fields[%zu].write.type", i);
				if (!json_is_string(x) || ems_type_from_name(json_string_value(x), &f->write_type) ||
				    (wfc == 5) != (f->write_type == EMS_TYPE_BIT) ||
				    (wfc == 6 && ems_type_words(f->write_type) != 1))
					FAIL("write type does not fit the function code (5: bit, 6: u16/s16, 16: any register type)");
			}
			f->write_scale = f->scale;
			if ((x = json_object_get(jw, "scale"))) {
				snprintf(path, sizeof path, "fields[%zu].write.scale", i);
				double ws;
				if (ems_json_number(x, &ws) || ws == 0)
					FAIL("\"scale\" must be a non-zero number");
				f->write_scale = ws * uf;
			}
		}
	}
	*out = m;
	return EMS_OK;
fail:
	ems_regmap_free(m);
	return EMS_ECONFIG;
}

int ems_regmap_load_string(const char *json, const char *name, ems_regmap **out, ems_config_error *err)
{
	if (!json || !out)
		return EMS_EINVAL;
	*out = NULL;
	json_error_t je;
	json_t *root = json_loads(json, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		ems_cfg_parse_fail(err, name, &je);
		return EMS_EPARSE;
	}
	ems_jsonpos *pos = ems_jsonpos_build(json);
	int rc = ems_regmap_from_json(root, name ? name : "<string>", pos, out, err);
	ems_jsonpos_free(pos);
	json_decref(root);
	return rc;
}

/* Read a whole file (at most 4 MiB) into a NUL-terminated string. */
char *ems_read_file(const char *path, size_t max);
char *ems_read_file(const char *path, size_t max)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	while (buf) {
		if (n + 1 >= cap) {
			if (cap >= max) {
				free(buf);
				buf = NULL;
				break;
			}
			char *nb = realloc(buf, cap * 2);
			if (!nb) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
			cap *= 2;
		}
		size_t r = fread(buf + n, 1, cap - 1 - n, f);
		n += r;
		if (r == 0)
			break;
	}
	if (buf) {
		if (ferror(f) || memchr(buf, '\0', n)) {
			free(buf);
			buf = NULL;
		} else {
			buf[n] = '\0';
		}
	}
	fclose(f);
	return buf;
}

int ems_regmap_load_file(const char *path, ems_regmap **out, ems_config_error *err)
{
	if (!path || !out)
		return EMS_EINVAL;
	*out = NULL;
	char *text = ems_read_file(path, 4u << 20);
	if (!text) {
		ems_cfg_fail(err, NULL, path, "", "cannot read the file (missing, unreadable, too big or binary)");
		return EMS_ENOTFOUND;
	}
	int rc = ems_regmap_load_string(text, path, out, err);
	free(text);
	return rc;
}

int ems_regmap_load_builtin(const char *model, ems_regmap **out)
{
	if (!model || !out)
		return EMS_EINVAL;
	*out = NULL;
	for (size_t i = 0; i < ems_builtin_maps_count; i++)
		if (strcmp(ems_builtin_maps[i].model, model) == 0) {
			ems_config_error e;
			int rc = ems_regmap_load_string(ems_builtin_maps[i].json, "<builtin>", out, &e);
			return rc == EMS_ENOMEM ? rc : (rc ? EMS_ECONFIG : EMS_OK);
		}
	return EMS_ENOTFOUND;
}

size_t ems_regmap_builtin_count(void) { return ems_builtin_maps_count; }

const char *ems_regmap_builtin_name(size_t i)
{
	return i < ems_builtin_maps_count ? ems_builtin_maps[i].model : NULL;
}

void ems_regmap_free(ems_regmap *map)
{
	if (!map)
		return;
	free(map->fields);
	free(map);
}

const char *ems_regmap_model(const ems_regmap *map) { return map ? map->model : ""; }
ems_device_kind ems_regmap_kind(const ems_regmap *map) { return map ? map->kind : EMS_KIND_METER; }
int ems_regmap_verified(const ems_regmap *map) { return map ? map->verified : 0; }
int ems_regmap_sunspec_id(const ems_regmap *map) { return map ? map->sunspec_id : 0; }
unsigned ems_regmap_max_read(const ems_regmap *map) { return map ? map->max_read : 0; }
unsigned ems_regmap_max_gap(const ems_regmap *map) { return map ? map->max_gap : 0; }
size_t ems_regmap_field_count(const ems_regmap *map) { return map ? map->n : 0; }

const ems_field *ems_regmap_field(const ems_regmap *map, size_t i)
{
	return map && i < map->n ? &map->fields[i] : NULL;
}

const ems_field *ems_regmap_find(const ems_regmap *map, ems_quantity q)
{
	if (!map)
		return NULL;
	for (size_t i = 0; i < map->n; i++)
		if (map->fields[i].quantity == q)
			return &map->fields[i];
	return NULL;
}

int ems_field_value(const ems_field *f, double raw, double *out)
{
	if (!f || !out || !isfinite(raw))
		return EMS_EINVAL;
	if (f->has_na && raw == f->na_raw)
		return EMS_ENOTFOUND;
	if (f->quantity == EMS_Q_CHARGER_STATE && (f->state_ascii || f->has_state_map)) {
		if (raw < 0 || raw > 4294967295.0)
			return EMS_ENOTFOUND; /* no state code; and the cast below would be undefined */
		unsigned r = (unsigned)raw;
		int st = 0;
		if (f->state_ascii == 2) {
			/* two characters, letter first: "A1", "B2", "C2", "E " ... */
			unsigned c = (r >> 8) & 0xFFu, d = r & 0xFFu;
			if (r <= 0xFFFFu && c >= 'A' && c <= 'F' && ((d >= '0' && d <= '9') || d == ' ' || d == 0))
				st = (int)(c - 'A' + 1);
		} else if (f->state_ascii) {
			unsigned c = r & 0xFFu;
			if (c >= 'A' && c <= 'F')
				st = (int)(c - 'A' + 1);
		} else if (r < 16) {
			st = f->state_map[r];
		}
		if (!st)
			return EMS_ENOTFOUND;
		*out = st;
		return EMS_OK;
	}
	*out = raw * f->scale + f->offset;
	return EMS_OK;
}

int ems_field_raw(const ems_field *f, double value, double *raw)
{
	if (!f || !raw || !isfinite(value))
		return EMS_EINVAL;
	if (f->quantity == EMS_Q_CHARGER_STATE && (f->state_ascii || f->has_state_map)) {
		int st = (int)value;
		if (st < 1 || st > 6)
			return EMS_EINVAL;
		if (f->state_ascii == 2) {
			/* A1 (no PWM), B2/C2/D2 (PWM on), E and F without a digit */
			unsigned d = st == 1 ? '1' : st <= 4 ? '2' : ' ';
			*raw = (double)((unsigned)('A' + st - 1) << 8 | d);
			return EMS_OK;
		}
		if (f->state_ascii) {
			*raw = 'A' + st - 1;
			return EMS_OK;
		}
		for (int r = 0; r < 16; r++)
			if (f->state_map[r] == st) {
				*raw = r;
				return EMS_OK;
			}
		return EMS_EINVAL;
	}
	*raw = (value - f->offset) / f->scale;
	return EMS_OK;
}
