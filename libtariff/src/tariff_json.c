/* The JSON config loader (jansson). This file allocates and reads files; the core does not. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "tariff/json.h"
#include "tariff/money.h"
#include "tariff/csv.h"
#include "tariff_internal.h"

struct tariff_config {
	tariff_set set;
	void **allocs; /* every block the set points to */
	size_t n_allocs, cap_allocs;
};

/* ---- allocation ---- */

static void *cfg_alloc(tariff_config *cfg, size_t size)
{
	if (cfg->n_allocs == cfg->cap_allocs) {
		size_t nc = cfg->cap_allocs ? cfg->cap_allocs * 2 : 32;
		void **na = realloc(cfg->allocs, nc * sizeof *na);
		if (!na)
			return NULL;
		cfg->allocs = na;
		cfg->cap_allocs = nc;
	}
	void *p = calloc(1, size ? size : 1);
	if (p)
		cfg->allocs[cfg->n_allocs++] = p;
	return p;
}

static char *cfg_strdup(tariff_config *cfg, const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = cfg_alloc(cfg, n);
	if (p)
		memcpy(p, s, n);
	return p;
}

void tariff_config_free(tariff_config *cfg)
{
	if (!cfg)
		return;
	for (size_t i = 0; i < cfg->n_allocs; i++)
		free(cfg->allocs[i]);
	free(cfg->allocs);
	free(cfg);
}

const tariff_set *tariff_config_set(const tariff_config *cfg)
{
	return cfg ? &cfg->set : NULL;
}

/* ---- diagnostics: JSON paths located in the text ---- */

#define MAX_DEPTH 8

typedef struct step {
	const char *key; /* NULL: an array index */
	size_t index;
} step;

typedef struct ctx {
	tariff_config *cfg;
	const char *text;
	size_t len;
	const char *source;
	const char *base_dir;
	tariff_diag *diag;
	step path[MAX_DEPTH];
	int depth;
} ctx;

static void push_key(ctx *c, const char *k)
{
	if (c->depth < MAX_DEPTH) {
		c->path[c->depth].key = k;
		c->path[c->depth].index = 0;
	}
	c->depth++;
}

static void push_index(ctx *c, size_t i)
{
	if (c->depth < MAX_DEPTH) {
		c->path[c->depth].key = NULL;
		c->path[c->depth].index = i;
	}
	c->depth++;
}

static void pop(ctx *c)
{
	c->depth--;
}

static const char *ws(const char *p, const char *e)
{
	while (p < e && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

static const char *skip_string(const char *p, const char *e)
{
	p++; /* opening quote */
	while (p < e && *p != '"') {
		if (*p == '\\')
			p++;
		p++;
	}
	return p < e ? p + 1 : e;
}

static const char *skip_value(const char *p, const char *e)
{
	p = ws(p, e);
	if (p >= e)
		return e;
	if (*p == '"')
		return skip_string(p, e);
	if (*p == '{' || *p == '[') {
		int depth = 0;
		while (p < e) {
			if (*p == '"') {
				p = skip_string(p, e);
				continue;
			}
			if (*p == '{' || *p == '[')
				depth++;
			else if (*p == '}' || *p == ']') {
				if (--depth == 0)
					return p + 1;
			}
			p++;
		}
		return e;
	}
	while (p < e && *p != ',' && *p != '}' && *p != ']' && *p != ' ' && *p != '\n' && *p != '\t' && *p != '\r')
		p++;
	return p;
}

/* Position of the value at path[0..n) below the value at p (the deepest found). */
static const char *locate(const char *p, const char *e, const step *s, int n)
{
	p = ws(p, e);
	if (n == 0 || p >= e)
		return p;
	if (s->key && *p == '{') {
		const char *q = ws(p + 1, e);
		size_t kl = strlen(s->key);
		while (q < e && *q == '"') {
			const char *ke = skip_string(q, e);
			int match = (size_t)(ke - q) == kl + 2 && memcmp(q + 1, s->key, kl) == 0;
			q = ws(ke, e);
			if (q < e && *q == ':')
				q++;
			if (match)
				return locate(q, e, s + 1, n - 1);
			q = ws(skip_value(q, e), e);
			if (q < e && *q == ',')
				q = ws(q + 1, e);
		}
		return p;
	}
	if (!s->key && *p == '[') {
		const char *q = ws(p + 1, e);
		for (size_t i = 0; q < e && *q != ']'; i++) {
			if (i == s->index)
				return locate(q, e, s + 1, n - 1);
			q = ws(skip_value(q, e), e);
			if (q < e && *q == ',')
				q = ws(q + 1, e);
		}
		return p;
	}
	return p;
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int fail(ctx *c, int code, const char *fmt, ...);

static int fail(ctx *c, int code, const char *fmt, ...)
{
	if (!c->diag)
		return code;
	tariff_diag *d = c->diag;
	tariff_diag_clear(d);
	tariff_internal_copy(d->source, sizeof d->source, c->source);
	size_t o = 0;
	int depth = c->depth < MAX_DEPTH ? c->depth : MAX_DEPTH;
	for (int i = 0; i < depth && o + 1 < sizeof d->path; i++) {
		int w;
		if (c->path[i].key)
			w = snprintf(d->path + o, sizeof d->path - o, "%s%s", i ? "." : "", c->path[i].key);
		else
			w = snprintf(d->path + o, sizeof d->path - o, "[%zu]", c->path[i].index);
		if (w < 0)
			break;
		o += (size_t)w;
	}
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(d->reason, sizeof d->reason, fmt, ap);
	va_end(ap);
	if (c->text) {
		const char *at = locate(c->text, c->text + c->len, c->path, depth);
		int line = 1, col = 1;
		for (const char *p = c->text; p < at; p++) {
			if (*p == '\n') {
				line++;
				col = 1;
			} else {
				col++;
			}
		}
		d->line = line;
		d->column = col;
	}
	return code;
}

/* ---- typed getters ---- */

static int check_keys(ctx *c, json_t *obj, const char *const *allowed)
{
	const char *k;
	json_t *v;
	json_object_foreach(obj, k, v) {
		int ok = k[0] == '_'; /* "_comment" and the like are free */
		for (const char *const *a = allowed; !ok && *a; a++)
			ok = strcmp(k, *a) == 0;
		if (!ok) {
			push_key(c, k);
			return fail(c, TARIFF_ECONFIG, "unknown key \"%s\"", k);
		}
	}
	return 0;
}

/* A string member (optional unless required); *out NULL when absent. */
static int get_string(ctx *c, json_t *obj, const char *key, int required, const char **out)
{
	json_t *v = json_object_get(obj, key);
	*out = NULL;
	if (!v) {
		if (required)
			return fail(c, TARIFF_ECONFIG, "missing \"%s\"", key);
		return 0;
	}
	if (!json_is_string(v)) {
		push_key(c, key);
		int rc = fail(c, TARIFF_ECONFIG,
			      json_is_number(v) ? "must be a string: write decimals in quotes (\"0.2516\"), "
						  "binary floating point is not exact"
						: "must be a string");
		pop(c);
		return rc;
	}
	*out = json_string_value(v);
	return 0;
}

static int parse_decimal(ctx *c, const char *key, const char *s, unsigned scale, int64_t *out)
{
	int rc = tariff_decimal_parse(s, strlen(s), scale, out);
	if (rc == 0)
		return 0;
	push_key(c, key);
	if (rc == TARIFF_ERANGE)
		rc = fail(c, TARIFF_ECONFIG, "\"%s\" has more than %u decimals", s, scale);
	else if (rc == TARIFF_EOVERFLOW)
		rc = fail(c, TARIFF_ECONFIG, "\"%s\" is too large", s);
	else
		rc = fail(c, TARIFF_ECONFIG, "\"%s\" is not a decimal number", s);
	pop(c);
	return rc;
}

static int two(const char *s, int *v)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return -1;
	*v = (s[0] - '0') * 10 + (s[1] - '0');
	return 0;
}

/* "YYYY-MM-DD" → day number. */
static int parse_date(const char *s, int32_t *out)
{
	int a, b, m, d;
	if (strlen(s) != 10 || two(s, &a) || two(s + 2, &b) || s[4] != '-' || two(s + 5, &m) || s[7] != '-' ||
	    two(s + 8, &d))
		return -1;
	int32_t y = a * 100 + b;
	if (!tariff_date_valid(y, m, d))
		return -1;
	*out = tariff_date_from_ymd(y, m, d);
	return 0;
}

/* "MM-DD" → MMDD (02-29 allowed). */
static int parse_mmdd(const char *s, int32_t *out)
{
	int m, d;
	if (strlen(s) != 5 || two(s, &m) || s[2] != '-' || two(s + 3, &d) || !tariff_date_valid(2000, m, d))
		return -1;
	*out = m * 100 + d;
	return 0;
}

/* "HH:MM" → minute of the day. */
static int parse_hhmm(const char *s, int *out)
{
	int h, m;
	if (strlen(s) != 5 || two(s, &h) || s[2] != ':' || two(s + 3, &m) || h > 23 || m > 59)
		return -1;
	*out = h * 60 + m;
	return 0;
}

static int get_date(ctx *c, json_t *obj, const char *key, int32_t *out, int *present)
{
	const char *s;
	int rc = get_string(c, obj, key, 0, &s);
	*present = s != NULL;
	if (rc || !s)
		return rc;
	if (parse_date(s, out)) {
		push_key(c, key);
		rc = fail(c, TARIFF_ECONFIG, "\"%s\" is not a date YYYY-MM-DD", s);
		pop(c);
	}
	return rc;
}

/* ---- series CSV files ---- */

static int load_series(ctx *c, const char *name, tariff_tariff *t)
{
	if (!c->base_dir)
		return fail(c, TARIFF_ECONFIG, "series files need a config loaded from a file");
	char path[4096];
	if (name[0] == '/')
		snprintf(path, sizeof path, "%s", name);
	else
		snprintf(path, sizeof path, "%s/%s", c->base_dir, name);
	FILE *f = fopen(path, "r");
	if (!f)
		return fail(c, TARIFF_EIO, "cannot open series file %s: %s", path, strerror(errno));
	char *line = NULL;
	size_t cap = 0, n = 0, slots_cap = 0;
	tariff_slot *slots = NULL;
	ssize_t got;
	int lineno = 0, rc = 0;
	while ((got = getline(&line, &cap, f)) > 0) {
		lineno++;
		size_t len = (size_t)got;
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			len--;
		if (tariff_csv_is_blank(line, len) || (lineno == 1 && tariff_csv_is_header(line, len, "start,end,price")))
			continue;
		if (n == slots_cap) {
			slots_cap = slots_cap ? slots_cap * 2 : 256;
			tariff_slot *ns = realloc(slots, slots_cap * sizeof *ns);
			if (!ns) {
				rc = TARIFF_ENOMEM;
				break;
			}
			slots = ns;
		}
		tariff_diag d;
		rc = tariff_csv_slot_parse(line, len, &slots[n], &d);
		if (!rc && n > 0 && slots[n].start < slots[n - 1].end) {
			rc = TARIFF_ECONFIG;
			tariff_diag_clear(&d);
			d.column = 1;
			tariff_internal_copy(d.reason, sizeof d.reason,
					     "slots must be in time order and must not overlap");
		}
		if (rc) {
			if (c->diag) {
				*c->diag = d;
				c->diag->line = lineno;
				tariff_internal_copy(c->diag->source, sizeof c->diag->source, path);
			}
			break;
		}
		n++;
	}
	if (!rc && ferror(f))
		rc = fail(c, TARIFF_EIO, "cannot read series file %s", path);
	free(line);
	fclose(f);
	if (!rc && n == 0)
		rc = fail(c, TARIFF_ECONFIG, "series file %s has no slot", path);
	if (!rc) {
		tariff_slot *keep = cfg_alloc(c->cfg, n * sizeof *keep);
		if (!keep)
			rc = TARIFF_ENOMEM;
		else {
			memcpy(keep, slots, n * sizeof *keep);
			t->slots = keep;
			t->n_slots = n;
		}
	}
	free(slots);
	return rc;
}

static int inline_series(ctx *c, json_t *arr, tariff_tariff *t)
{
	size_t n = json_array_size(arr);
	if (n == 0)
		return fail(c, TARIFF_ECONFIG, "an empty series");
	tariff_slot *slots = cfg_alloc(c->cfg, n * sizeof *slots);
	if (!slots)
		return TARIFF_ENOMEM;
	static const char *const keys[] = {"start", "end", "price", NULL};
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_array_get(arr, i);
		push_index(c, i);
		int rc = 0;
		const char *s, *e, *p;
		if (!json_is_object(o))
			rc = fail(c, TARIFF_ECONFIG, "a slot is an object {\"start\", \"end\", \"price\"}");
		if (!rc)
			rc = check_keys(c, o, keys);
		if (!rc && !(rc = get_string(c, o, "start", 1, &s)) && !(rc = get_string(c, o, "end", 1, &e)) &&
		    !(rc = get_string(c, o, "price", 1, &p))) {
			if (tariff_time_parse(s, strlen(s), &slots[i].start)) {
				push_key(c, "start");
				rc = fail(c, TARIFF_ECONFIG, "\"%s\" is not an ISO 8601 instant with an offset", s);
				pop(c);
			} else if (tariff_time_parse(e, strlen(e), &slots[i].end) || slots[i].end <= slots[i].start) {
				push_key(c, "end");
				rc = fail(c, TARIFF_ECONFIG, "\"%s\" is not an instant after start", e);
				pop(c);
			} else if (!(rc = parse_decimal(c, "price", p, TARIFF_PRICE_SCALE, &slots[i].price_nano)) &&
				   i > 0 && slots[i].start < slots[i - 1].end) {
				rc = fail(c, TARIFF_ECONFIG, "slots must be in time order and must not overlap");
			}
		}
		pop(c);
		if (rc)
			return rc;
	}
	t->slots = slots;
	t->n_slots = n;
	return 0;
}

/* ---- the model ---- */

static int load_tariff(ctx *c, json_t *o, tariff_tariff *t)
{
	static const char *const keys[] = {"id", "name", "color", "prices", "series", NULL};
	int rc;
	const char *s;
	if (!json_is_object(o))
		return fail(c, TARIFF_ECONFIG, "a tariff is an object");
	if ((rc = check_keys(c, o, keys)) != 0)
		return rc;
	if ((rc = get_string(c, o, "id", 1, &s)) != 0)
		return rc;
	if (!s[0]) {
		push_key(c, "id");
		rc = fail(c, TARIFF_ECONFIG, "an empty tariff id");
		pop(c);
		return rc;
	}
	if (!(t->id = cfg_strdup(c->cfg, s)))
		return TARIFF_ENOMEM;
	if ((rc = get_string(c, o, "name", 0, &s)) != 0)
		return rc;
	if (s && !(t->name = cfg_strdup(c->cfg, s)))
		return TARIFF_ENOMEM;
	if ((rc = get_string(c, o, "color", 0, &s)) != 0)
		return rc;
	if (s) {
		int ok = strlen(s) == 7 && s[0] == '#';
		for (int i = 1; ok && i < 7; i++)
			ok = (s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') || (s[i] >= 'A' && s[i] <= 'F');
		if (!ok) {
			push_key(c, "color");
			rc = fail(c, TARIFF_ECONFIG, "a colour is \"#rrggbb\"");
			pop(c);
			return rc;
		}
		if (!(t->color = cfg_strdup(c->cfg, s)))
			return TARIFF_ENOMEM;
	}
	json_t *prices = json_object_get(o, "prices"), *series = json_object_get(o, "series");
	if (!!prices == !!series)
		return fail(c, TARIFF_ECONFIG, "a tariff needs \"prices\" or \"series\" (one of the two)");
	if (series) {
		push_key(c, "series");
		if (json_is_string(series))
			rc = load_series(c, json_string_value(series), t);
		else if (json_is_array(series))
			rc = inline_series(c, series, t);
		else
			rc = fail(c, TARIFF_ECONFIG, "\"series\" is a CSV file name or an array of slots");
		pop(c);
		return rc;
	}
	push_key(c, "prices");
	size_t n = json_array_size(prices);
	if (!json_is_array(prices) || n == 0) {
		rc = fail(c, TARIFF_ECONFIG, "\"prices\" is a non-empty array");
		pop(c);
		return rc;
	}
	tariff_price *p = cfg_alloc(c->cfg, n * sizeof *p);
	if (!p)
		return TARIFF_ENOMEM;
	static const char *const pkeys[] = {"from", "price", NULL};
	for (size_t i = 0; i < n && !rc; i++) {
		json_t *po = json_array_get(prices, i);
		push_index(c, i);
		int present = 0;
		if (!json_is_object(po))
			rc = fail(c, TARIFF_ECONFIG, "a price is an object {\"from\", \"price\"}");
		if (!rc)
			rc = check_keys(c, po, pkeys);
		if (!rc)
			rc = get_date(c, po, "from", &p[i].from, &present);
		if (!rc && !present) {
			p[i].from = TARIFF_DATE_NONE;
			if (n > 1 && i > 0)
				rc = fail(c, TARIFF_ECONFIG, "only the first of several prices may have no \"from\"");
		}
		if (!rc && i > 0 && p[i].from <= p[i - 1].from) {
			push_key(c, "from");
			rc = fail(c, TARIFF_ECONFIG, "prices must be sorted by \"from\", each date once");
			pop(c);
		}
		if (!rc && !(rc = get_string(c, po, "price", 1, &s)))
			rc = parse_decimal(c, "price", s, TARIFF_PRICE_SCALE, &p[i].price_nano);
		pop(c);
	}
	pop(c);
	t->prices = p;
	t->n_prices = n;
	return rc;
}

static const char *const day_names[7] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

static int load_rule(ctx *c, json_t *o, const tariff_schedule *s, tariff_rule *r)
{
	static const char *const keys[] = {"tariff", "date", "from", "to", "repeat_yearly", "start", "end", "days", NULL};
	int rc;
	const char *str;
	if (!json_is_object(o))
		return fail(c, TARIFF_ECONFIG, "a rule is an object");
	if ((rc = check_keys(c, o, keys)) != 0)
		return rc;
	if ((rc = get_string(c, o, "tariff", 1, &str)) != 0)
		return rc;
	if (tariff_schedule_find(s, str, &r->tariff) != 0) {
		push_key(c, "tariff");
		rc = fail(c, TARIFF_ECONFIG, "no tariff with id \"%s\"", str);
		pop(c);
		return rc;
	}
	json_t *yv = json_object_get(o, "repeat_yearly");
	int yearly = 0;
	if (yv) {
		if (!json_is_boolean(yv)) {
			push_key(c, "repeat_yearly");
			rc = fail(c, TARIFF_ECONFIG, "\"repeat_yearly\" is true or false");
			pop(c);
			return rc;
		}
		yearly = json_is_true(yv);
	}
	if (json_object_get(o, "date") && (json_object_get(o, "from") || json_object_get(o, "to")))
		return fail(c, TARIFF_ECONFIG, "give \"date\" or \"from\"/\"to\", not both");
	static const char *const dkeys[] = {"date", "from", "to"};
	for (int k = 0; k < 3; k++) {
		if ((rc = get_string(c, o, dkeys[k], 0, &str)) != 0)
			return rc;
		if (!str)
			continue;
		int32_t v;
		int bad = yearly ? parse_mmdd(str, &v) : parse_date(str, &v);
		if (bad) {
			push_key(c, dkeys[k]);
			rc = fail(c, TARIFF_ECONFIG,
				  yearly ? "\"%s\" is not a date MM-DD (with repeat_yearly)"
					 : "\"%s\" is not a date YYYY-MM-DD (MM-DD needs \"repeat_yearly\": true)",
				  str);
			pop(c);
			return rc;
		}
		if (k == 0 || k == 1) {
			r->from = v;
			r->flags |= TARIFF_RULE_FROM;
		}
		if (k == 0 || k == 2) {
			r->to = v;
			r->flags |= TARIFF_RULE_TO;
		}
	}
	if (yearly)
		r->flags |= TARIFF_RULE_YEARLY;
	else if ((r->flags & TARIFF_RULE_FROM) && (r->flags & TARIFF_RULE_TO) && r->to < r->from) {
		push_key(c, "to");
		rc = fail(c, TARIFF_ECONFIG, "\"to\" is before \"from\"");
		pop(c);
		return rc;
	}
	const char *st, *en;
	if ((rc = get_string(c, o, "start", 0, &st)) != 0 || (rc = get_string(c, o, "end", 0, &en)) != 0)
		return rc;
	if (st || en) {
		r->flags |= TARIFF_RULE_WINDOW;
		r->start_min = 0;
		r->end_min = 1439;
		if (st && parse_hhmm(st, &r->start_min)) {
			push_key(c, "start");
			rc = fail(c, TARIFF_ECONFIG, "\"%s\" is not a time HH:MM (00:00..23:59)", st);
			pop(c);
			return rc;
		}
		if (en && parse_hhmm(en, &r->end_min)) {
			push_key(c, "end");
			rc = fail(c, TARIFF_ECONFIG, "\"%s\" is not a time HH:MM (00:00..23:59; the end minute is included)", en);
			pop(c);
			return rc;
		}
	}
	json_t *days = json_object_get(o, "days");
	if (days) {
		push_key(c, "days");
		if (!json_is_array(days) || json_array_size(days) == 0) {
			rc = fail(c, TARIFF_ECONFIG, "\"days\" is a non-empty array of \"mon\"..\"sun\"");
			pop(c);
			return rc;
		}
		for (size_t i = 0; i < json_array_size(days); i++) {
			json_t *d = json_array_get(days, i);
			int w = -1;
			for (int k = 0; json_is_string(d) && k < 7; k++)
				if (strcmp(json_string_value(d), day_names[k]) == 0)
					w = k;
			push_index(c, i);
			if (w < 0)
				rc = fail(c, TARIFF_ECONFIG, "a day is one of \"mon\" \"tue\" \"wed\" \"thu\" \"fri\" \"sat\" \"sun\"");
			else if (r->days & (1u << w))
				rc = fail(c, TARIFF_ECONFIG, "day \"%s\" given twice", day_names[w]);
			pop(c);
			if (rc) {
				pop(c);
				return rc;
			}
			r->days |= 1u << w;
		}
		pop(c);
		r->flags |= TARIFF_RULE_DAYS;
	}
	return 0;
}

static int load_factors(ctx *c, json_t *v, tariff_schedule *s)
{
	int rc = 0;
	tariff_factor *f;
	if (json_is_string(v)) {
		if (!(f = cfg_alloc(c->cfg, sizeof *f)))
			return TARIFF_ENOMEM;
		f->from = TARIFF_DATE_NONE;
		pop(c);
		rc = parse_decimal(c, "kwh_per_m3", json_string_value(v), TARIFF_PRICE_SCALE, &f->factor_nano);
		push_key(c, "kwh_per_m3");
		s->factors = f;
		s->n_factors = 1;
	} else if (json_is_array(v) && json_array_size(v) > 0) {
		size_t n = json_array_size(v);
		if (!(f = cfg_alloc(c->cfg, n * sizeof *f)))
			return TARIFF_ENOMEM;
		static const char *const keys[] = {"from", "value", NULL};
		for (size_t i = 0; i < n && !rc; i++) {
			json_t *o = json_array_get(v, i);
			const char *str;
			int present;
			push_index(c, i);
			if (!json_is_object(o))
				rc = fail(c, TARIFF_ECONFIG, "a factor is an object {\"from\", \"value\"}");
			if (!rc)
				rc = check_keys(c, o, keys);
			if (!rc)
				rc = get_date(c, o, "from", &f[i].from, &present);
			if (!rc && !present) {
				f[i].from = TARIFF_DATE_NONE;
				if (i > 0)
					rc = fail(c, TARIFF_ECONFIG, "only the first factor may have no \"from\"");
			}
			if (!rc && i > 0 && f[i].from <= f[i - 1].from)
				rc = fail(c, TARIFF_ECONFIG, "factors must be sorted by \"from\", each date once");
			if (!rc && !(rc = get_string(c, o, "value", 1, &str)))
				rc = parse_decimal(c, "value", str, TARIFF_PRICE_SCALE, &f[i].factor_nano);
			if (!rc && f[i].factor_nano <= 0)
				rc = fail(c, TARIFF_ECONFIG, "a conversion factor must be positive");
			pop(c);
		}
		s->factors = f;
		s->n_factors = n;
	} else {
		rc = fail(c, TARIFF_ECONFIG, "\"kwh_per_m3\" is a decimal string or an array of {\"from\", \"value\"}");
	}
	if (!rc && s->n_factors == 1 && s->factors[0].factor_nano <= 0)
		rc = fail(c, TARIFF_ECONFIG, "a conversion factor must be positive");
	return rc;
}

static int load_commodity(ctx *c, json_t *o, int com, tariff_schedule *s)
{
	static const char *const keys[] = {"tariffs", "rules", "vat_percent", "meter_periods", "kwh_per_m3", NULL};
	int rc;
	s->vat_ppm = -1;
	if (!json_is_object(o))
		return fail(c, TARIFF_ECONFIG, "a commodity is an object");
	if ((rc = check_keys(c, o, keys)) != 0)
		return rc;
	json_t *tariffs = json_object_get(o, "tariffs");
	if (!tariffs)
		return fail(c, TARIFF_ECONFIG, "missing \"tariffs\"");
	push_key(c, "tariffs");
	size_t n = json_array_size(tariffs);
	if (!json_is_array(tariffs) || n == 0 || n > TARIFF_MAX_TARIFFS) {
		rc = fail(c, TARIFF_ECONFIG, "\"tariffs\" is an array of 1 to %d tariffs", TARIFF_MAX_TARIFFS);
		pop(c);
		return rc;
	}
	tariff_tariff *t = cfg_alloc(c->cfg, n * sizeof *t);
	if (!t)
		return TARIFF_ENOMEM;
	s->tariffs = t;
	for (size_t i = 0; i < n; i++) {
		push_index(c, i);
		rc = load_tariff(c, json_array_get(tariffs, i), &t[i]);
		for (size_t j = 0; !rc && j < i; j++) {
			if (strcmp(t[j].id, t[i].id) == 0) {
				push_key(c, "id");
				rc = fail(c, TARIFF_ECONFIG, "duplicate tariff id \"%s\"", t[i].id);
				pop(c);
			}
		}
		pop(c);
		if (rc)
			return rc;
		s->n_tariffs = i + 1;
	}
	pop(c);

	json_t *rules = json_object_get(o, "rules"), *mp = json_object_get(o, "meter_periods");
	if (rules) {
		push_key(c, "rules");
		size_t nr = json_array_size(rules);
		if (!json_is_array(rules) || nr == 0) {
			rc = fail(c, TARIFF_ECONFIG, "\"rules\" is a non-empty array");
			pop(c);
			return rc;
		}
		tariff_rule *r = cfg_alloc(c->cfg, nr * sizeof *r);
		if (!r)
			return TARIFF_ENOMEM;
		for (size_t i = 0; i < nr; i++) {
			push_index(c, i);
			rc = load_rule(c, json_array_get(rules, i), s, &r[i]);
			pop(c);
			if (rc)
				return rc;
		}
		pop(c);
		s->rules = r;
		s->n_rules = nr;
	} else if (n == 1) {
		/* One tariff and no rule: it applies at every instant. */
		tariff_rule *r = cfg_alloc(c->cfg, sizeof *r);
		if (!r)
			return TARIFF_ENOMEM;
		s->rules = r;
		s->n_rules = 1;
	} else if (!mp) {
		return fail(c, TARIFF_ECONFIG, "several tariffs need \"rules\" (or \"meter_periods\")");
	}
	if (mp) {
		push_key(c, "meter_periods");
		if (!json_is_object(mp) || json_object_size(mp) == 0) {
			rc = fail(c, TARIFF_ECONFIG, "\"meter_periods\" is an object {\"label\": \"tariff id\"}");
			pop(c);
			return rc;
		}
		tariff_period_map *pm = cfg_alloc(c->cfg, json_object_size(mp) * sizeof *pm);
		if (!pm)
			return TARIFF_ENOMEM;
		const char *k;
		json_t *v;
		size_t i = 0;
		json_object_foreach(mp, k, v) {
			push_key(c, k);
			if (!json_is_string(v) || tariff_schedule_find(s, json_string_value(v), &pm[i].tariff) != 0)
				rc = fail(c, TARIFF_ECONFIG, "\"%s\" must name a tariff id of this commodity", k);
			else if (!k[0])
				rc = fail(c, TARIFF_ECONFIG, "an empty meter label");
			pop(c);
			if (rc)
				return rc;
			if (!(pm[i].label = cfg_strdup(c->cfg, k)))
				return TARIFF_ENOMEM;
			i++;
		}
		pop(c);
		s->periods = pm;
		s->n_periods = i;
	}
	const char *vat;
	if ((rc = get_string(c, o, "vat_percent", 0, &vat)) != 0)
		return rc;
	if (vat) {
		if ((rc = parse_decimal(c, "vat_percent", vat, 4, &s->vat_ppm)) != 0)
			return rc;
		if (s->vat_ppm < 0 || s->vat_ppm > 1000000000) {
			push_key(c, "vat_percent");
			rc = fail(c, TARIFF_ECONFIG, "VAT percent out of range (0..1000)");
			pop(c);
			return rc;
		}
	}
	json_t *kf = json_object_get(o, "kwh_per_m3");
	if (kf) {
		if (com != TARIFF_GAS)
			return fail(c, TARIFF_ECONFIG, "\"kwh_per_m3\" is for gas only");
		push_key(c, "kwh_per_m3");
		rc = load_factors(c, kf, s);
		pop(c);
		if (rc)
			return rc;
	}
	return 0;
}

static int load_root(ctx *c, json_t *root)
{
	static const char *const keys[] = {"currency", "timezone", "electricity", "export", "gas", "water", NULL};
	tariff_set *set = &c->cfg->set;
	int rc;
	const char *s;
	if (!json_is_object(root))
		return fail(c, TARIFF_ECONFIG, "the config is a JSON object");
	if ((rc = check_keys(c, root, keys)) != 0)
		return rc;
	if ((rc = get_string(c, root, "currency", 1, &s)) != 0)
		return rc;
	int digits = tariff_currency_digits(s);
	if (digits < 0) {
		push_key(c, "currency");
		rc = fail(c, TARIFF_ECONFIG, "\"%s\" is not an ISO 4217 currency code with a minor unit", s);
		pop(c);
		return rc;
	}
	memcpy(set->currency, s, 4);
	set->currency_digits = digits;
	if ((rc = get_string(c, root, "timezone", 1, &s)) != 0)
		return rc;
	tariff_diag tzd;
	tariff_diag_clear(&tzd);
	if (tariff_tz_parse(&set->tz, s, &tzd) != 0) {
		push_key(c, "timezone");
		rc = fail(c, TARIFF_ECONFIG, "bad POSIX TZ rule string at character %d: %s", tzd.column, tzd.reason);
		pop(c);
		return rc;
	}
	for (int com = 0; com < TARIFF_COMMODITIES; com++) {
		set->commodity[com].vat_ppm = -1;
		json_t *o = json_object_get(root, tariff_commodity_name(com));
		if (!o)
			continue;
		push_key(c, tariff_commodity_name(com));
		rc = load_commodity(c, o, com, &set->commodity[com]);
		pop(c);
		if (rc)
			return rc;
	}
	tariff_diag vd;
	if (tariff_set_validate(set, &vd) != 0)
		return fail(c, TARIFF_ECONFIG, "%s: %s", vd.path, vd.reason);
	return 0;
}

int tariff_config_load_string(const char *text, size_t len, const char *source, const char *base_dir,
			      tariff_config **out, tariff_diag *diag)
{
	if (out)
		*out = NULL;
	if (!text || !out)
		return TARIFF_EINVAL;
	if (diag)
		tariff_diag_clear(diag);
	ctx c;
	memset(&c, 0, sizeof c);
	c.text = text;
	c.len = len;
	c.source = source ? source : "<string>";
	c.base_dir = base_dir;
	c.diag = diag;
	json_error_t je;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		if (diag) {
			tariff_internal_copy(diag->source, sizeof diag->source, c.source);
			diag->line = je.line > 0 ? je.line : 0;
			diag->column = je.column > 0 ? je.column : 0;
			tariff_internal_copy(diag->reason, sizeof diag->reason, je.text);
		}
		return TARIFF_EPARSE;
	}
	c.cfg = calloc(1, sizeof *c.cfg);
	if (!c.cfg) {
		json_decref(root);
		return TARIFF_ENOMEM;
	}
	int rc = load_root(&c, root);
	json_decref(root);
	if (rc == TARIFF_ENOMEM && diag)
		fail(&c, rc, "out of memory");
	if (rc) {
		tariff_config_free(c.cfg);
		return rc;
	}
	*out = c.cfg;
	return 0;
}

int tariff_config_load_file(const char *path, tariff_config **out, tariff_diag *diag)
{
	if (out)
		*out = NULL;
	if (!path || !out)
		return TARIFF_EINVAL;
	if (diag)
		tariff_diag_clear(diag);
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int rc = 0;
	if (!f) {
		rc = TARIFF_EIO;
	} else {
		for (;;) {
			if (len == cap) {
				cap = cap ? cap * 2 : 8192;
				char *nb = realloc(buf, cap);
				if (!nb) {
					rc = TARIFF_ENOMEM;
					break;
				}
				buf = nb;
			}
			size_t got = fread(buf + len, 1, cap - len, f);
			len += got;
			if (got == 0) {
				if (ferror(f))
					rc = TARIFF_EIO;
				break;
			}
		}
	}
	if (rc) {
		if (diag) {
			tariff_internal_copy(diag->source, sizeof diag->source, path);
			snprintf(diag->reason, sizeof diag->reason, "cannot read: %s",
				 rc == TARIFF_ENOMEM ? "out of memory" : strerror(errno));
		}
		if (f)
			fclose(f);
		free(buf);
		return rc;
	}
	fclose(f);
	char dir[4096];
	const char *slash = strrchr(path, '/');
	if (slash)
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - path) ? (int)(slash - path) : 1, path);
	else
		snprintf(dir, sizeof dir, ".");
	rc = tariff_config_load_string(buf ? buf : "", len, path, dir, out, diag);
	free(buf);
	return rc;
}
