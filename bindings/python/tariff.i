/* hems._tariff: SWIG wrapping of libtariff (the Pythonic layer is hems/tariff.py).
 *
 * The C core works on caller-owned structs; here small helpers own that memory (the binding
 * may allocate) and exchange exact values as decimal strings, which hems/tariff.py turns into
 * decimal.Decimal. Every failure raises hems.Error(code, name, message), the message carrying
 * the file, line, column and JSON path when the library gave them. */
%module(package="hems") _tariff
%include "hems_common.i"
%{
#include <stdlib.h>
#include <string.h>
#include "tariff/tariff.h"
#ifdef TARIFF_HAVE_JSON
#define TARIFF_PY_HAVE_JSON 1
#else
#define TARIFF_PY_HAVE_JSON 0
/* libtariff built without jansson (HEMS_BUILD_JSON=OFF): loading a config raises. */
typedef struct tariff_config tariff_config;
static int no_json(tariff_diag *d)
{
	if (d)
		snprintf(d->reason, sizeof d->reason, "libtariff was built without its JSON loader (jansson)");
	return TARIFF_EINVAL;
}
static int tariff_config_load_file(const char *p, tariff_config **o, tariff_diag *d)
{
	(void)p, (void)o;
	return no_json(d);
}
static int tariff_config_load_string(const char *t, size_t n, const char *s, const char *b, tariff_config **o,
				     tariff_diag *d)
{
	(void)t, (void)n, (void)s, (void)b, (void)o;
	return no_json(d);
}
static void tariff_config_free(tariff_config *c)
{
	(void)c;
}
static const tariff_set *tariff_config_set(const tariff_config *c)
{
	(void)c;
	return NULL;
}
#endif
%}
%include <stdint.i>

%rename("%(regex:/^(tariff_|TARIFF_)(.+)$/\\2/)s") "";

%include "tariff/version.h"
%include "tariff/error.h"

%constant int HAVE_JSON = TARIFF_PY_HAVE_JSON;
%constant int ELECTRICITY = TARIFF_ELECTRICITY;
%constant int EXPORT = TARIFF_EXPORT;
%constant int GAS = TARIFF_GAS;
%constant int WATER = TARIFF_WATER;
%constant int BY_NONE = TARIFF_BY_NONE;
%constant int BY_DAY = TARIFF_BY_DAY;
%constant int BY_MONTH = TARIFF_BY_MONTH;
%constant int BY_YEAR = TARIFF_BY_YEAR;

int tariff_currency_digits(const char *code);
const char *tariff_commodity_name(int commodity);

/* Helpers set a Python exception and return NULL / -1; this turns that into a raise. */
%exception {
	$action
	if (PyErr_Occurred())
		SWIG_fail;
}

%{
static void py_fail(int rc, const tariff_diag *d)
{
	char msg[4 * TARIFF_DIAG_TEXT + 64];
	const char *text = tariff_strerror(rc);
	if (d && (d->reason[0] || d->source[0])) {
		if (d->line)
			snprintf(msg, sizeof msg, "%s:%d:%d: %s%s%s", d->source, d->line, d->column, d->path,
				 d->path[0] ? ": " : "", d->reason);
		else if (d->column)
			snprintf(msg, sizeof msg, "column %d: %s", d->column, d->reason);
		else
			snprintf(msg, sizeof msg, "%s%s%s%s%s", d->source, d->source[0] ? ": " : "", d->path,
				 d->path[0] ? ": " : "", d->reason);
		text = msg;
	}
	hems_raise(rc, tariff_err_name(rc), text);
}

static PyObject *money_str(tariff_money m, unsigned digits)
{
	char b[TARIFF_MONEY_STRLEN];
	(void)tariff_money_format(m, digits, b, sizeof b);
	return PyUnicode_FromString(b);
}

static PyObject *qty_str(int64_t mu)
{
	char b[TARIFF_MONEY_STRLEN];
	(void)tariff_decimal_format(mu, TARIFF_QUANTITY_SCALE, b, sizeof b);
	return PyUnicode_FromString(b);
}

/* A costing run and the memory the core needs. */
typedef struct tariff_py_cost {
	tariff_cost c;
	const tariff_set *set;
	int commodity;
	tariff_period_totals *periods;
} tariff_py_cost;

static PyObject *totals_dict(const tariff_set *set, int com, const tariff_totals *t)
{
	const tariff_schedule *s = &set->commodity[com];
	PyObject *by = PyList_New(0);
	for (size_t i = 0; by && i < s->n_tariffs; i++) {
		if (!t->tariff_quantity_mu[i])
			continue;
		PyObject *q = qty_str(t->tariff_quantity_mu[i]), *c = money_str(t->tariff_cost[i], TARIFF_MONEY_SCALE);
		PyObject *e = Py_BuildValue("(sOO)", s->tariffs[i].id, q, c);
		Py_XDECREF(q);
		Py_XDECREF(c);
		if (!e || PyList_Append(by, e) != 0) {
			Py_XDECREF(e);
			Py_DECREF(by);
			return NULL;
		}
		Py_DECREF(e);
	}
	if (!by)
		return NULL;
	PyObject *q = qty_str(t->quantity_mu), *u = qty_str(t->unpriced_mu), *c = money_str(t->cost, TARIFF_MONEY_SCALE),
		 *e = money_str(t->energy_kwh, TARIFF_MONEY_SCALE), *uc = qty_str(t->unconverted_mu);
	tariff_money incl;
	PyObject *cv = tariff_vat_apply(set, com, t->cost, &incl) == 0 ? money_str(incl, TARIFF_MONEY_SCALE) : NULL;
	PyObject *d = Py_BuildValue("{sOsOsOsOsOsOsO}", "quantity", q, "unpriced", u, "cost", c, "by_tariff", by,
				    "energy_kwh", e, "unconverted", uc, "cost_vat", cv ? cv : Py_None);
	Py_XDECREF(cv);
	Py_XDECREF(q);
	Py_XDECREF(u);
	Py_XDECREF(c);
	Py_XDECREF(e);
	Py_XDECREF(uc);
	Py_DECREF(by);
	return d;
}
%}


%inline %{
/* Load a JSON config file; free it with config_free(). */
tariff_config *config_load_file(const char *path)
{
	tariff_config *cfg = NULL;
	tariff_diag d;
	tariff_diag_clear(&d);
	int rc = tariff_config_load_file(path, &cfg, &d);
	if (rc)
		py_fail(rc, &d);
	return cfg;
}

/* Load a JSON config from text; series files are read relative to base_dir (may be None). */
tariff_config *config_load_string(const char *text, const char *base_dir)
{
	tariff_config *cfg = NULL;
	tariff_diag d;
	tariff_diag_clear(&d);
	int rc = tariff_config_load_string(text, strlen(text), "<string>", base_dir, &cfg, &d);
	if (rc)
		py_fail(rc, &d);
	return cfg;
}

void config_free(tariff_config *cfg)
{
	tariff_config_free(cfg);
}

/* (currency, digits, {commodity: [(id, name, color), ...]}) */
PyObject *config_info(const tariff_config *cfg)
{
	const tariff_set *set = tariff_config_set(cfg);
	if (!set) {
		py_fail(TARIFF_EINVAL, NULL);
		return NULL;
	}
	PyObject *coms = PyDict_New();
	for (int c = 0; coms && c < TARIFF_COMMODITIES; c++) {
		const tariff_schedule *s = &set->commodity[c];
		if (!s->n_tariffs)
			continue;
		PyObject *l = PyList_New(0);
		for (size_t i = 0; l && i < s->n_tariffs; i++) {
			PyObject *e = Py_BuildValue("(szz)", s->tariffs[i].id, s->tariffs[i].name, s->tariffs[i].color);
			if (e)
				PyList_Append(l, e);
			Py_XDECREF(e);
		}
		if (l)
			PyDict_SetItemString(coms, tariff_commodity_name(c), l);
		Py_XDECREF(l);
	}
	PyObject *r = Py_BuildValue("(siO)", set->currency, set->currency_digits, coms);
	Py_XDECREF(coms);
	return r;
}

/* (tariff id, price as a decimal string) in force at a UTC instant, or None if unpriced. */
PyObject *price_at(const tariff_config *cfg, int commodity, int64_t utc)
{
	const tariff_set *set = tariff_config_set(cfg);
	unsigned t;
	int64_t p;
	int rc = set ? tariff_set_price_at(set, commodity, utc, &t, &p) : TARIFF_EINVAL;
	if (rc == TARIFF_ENOTFOUND)
		Py_RETURN_NONE;
	if (rc) {
		py_fail(rc, NULL);
		return NULL;
	}
	char b[TARIFF_MONEY_STRLEN];
	(void)tariff_decimal_format(p, TARIFF_PRICE_SCALE, b, sizeof b);
	return Py_BuildValue("(ss)", set->commodity[commodity].tariffs[t].id, b);
}

/* Local time of a UTC instant under a POSIX TZ string:
 * (year, month, day, hour, minute, second, weekday 0=Sunday, utoff seconds, is_dst). */
PyObject *tz_local(const char *spec, int64_t utc)
{
	tariff_tz tz;
	tariff_diag d;
	tariff_diag_clear(&d);
	int rc = tariff_tz_parse(&tz, spec, &d);
	tariff_local l;
	if (!rc)
		rc = tariff_tz_local(&tz, utc, &l, NULL);
	if (rc) {
		py_fail(rc, &d);
		return NULL;
	}
	return Py_BuildValue("(iiiiiiiii)", (int)l.year, l.month, l.day, l.hour, l.minute, l.second, l.wday,
			     (int)l.utoff_s, l.is_dst);
}

/* UTC instant of a local time; later picks the second of a repeated time. In a gap: the
 * instant of the change and gap=True. Returns (utc, gap). */
PyObject *tz_utc(const char *spec, int year, int month, int day, int sod, int later)
{
	tariff_tz tz;
	tariff_diag d;
	tariff_diag_clear(&d);
	int rc = tariff_tz_parse(&tz, spec, &d);
	if (!rc && !tariff_date_valid(year, month, day))
		rc = TARIFF_ERANGE;
	int64_t u = 0;
	if (!rc) {
		rc = tariff_tz_utc(&tz, tariff_date_from_ymd(year, month, day), sod, later, &u);
		if (rc == TARIFF_ENOTFOUND)
			return Py_BuildValue("(LO)", (long long)u, Py_True);
	}
	if (rc) {
		py_fail(rc, &d);
		return NULL;
	}
	return Py_BuildValue("(LO)", (long long)u, Py_False);
}

/* A costing run over a loaded config (keep the config alive while it is used). */
tariff_py_cost *cost_new(const tariff_config *cfg, int commodity, int by, size_t capacity)
{
	const tariff_set *set = tariff_config_set(cfg);
	tariff_py_cost *p = calloc(1, sizeof *p);
	if (!p) {
		PyErr_NoMemory();
		return NULL;
	}
	if (by != TARIFF_BY_NONE) {
		p->periods = calloc(capacity ? capacity : 1, sizeof *p->periods);
		if (!p->periods) {
			free(p);
			PyErr_NoMemory();
			return NULL;
		}
	}
	int rc = set ? tariff_cost_init(&p->c, set, commodity, by, p->periods, capacity) : TARIFF_EINVAL;
	if (rc) {
		free(p->periods);
		free(p);
		py_fail(rc, NULL);
		return NULL;
	}
	p->set = set;
	p->commodity = commodity;
	return p;
}

void cost_free(tariff_py_cost *p)
{
	if (!p)
		return;
	free(p->periods);
	free(p);
}

static int parse_qty(const char *q, int64_t *mu)
{
	int rc = tariff_decimal_parse(q, strlen(q), TARIFF_QUANTITY_SCALE, mu);
	if (rc) {
		tariff_diag d;
		tariff_diag_clear(&d);
		snprintf(d.reason, sizeof d.reason, "quantity \"%.60s\": %s", q,
			 rc == TARIFF_ERANGE ? "more than 3 decimals" : tariff_strerror(rc));
		py_fail(rc, &d);
	}
	return rc;
}

/* Count a quantity (decimal string, Wh or dm³) over [start, end). */
void cost_add(tariff_py_cost *p, int64_t start, int64_t end, const char *quantity)
{
	int64_t mu;
	if (!p) {
		py_fail(TARIFF_EINVAL, NULL);
		return;
	}
	if (parse_qty(quantity, &mu))
		return;
	int rc = tariff_cost_add(&p->c, start, end, mu);
	if (rc)
		py_fail(rc, NULL);
}

/* Count a quantity under the meter's own period label. */
void cost_add_label(tariff_py_cost *p, int64_t start, int64_t end, const char *quantity, const char *label)
{
	int64_t mu;
	if (!p) {
		py_fail(TARIFF_EINVAL, NULL);
		return;
	}
	if (parse_qty(quantity, &mu))
		return;
	int rc = tariff_cost_add_label(&p->c, start, end, mu, label);
	if (rc)
		py_fail(rc, NULL);
}

/* Count the delta of a per-period index (whole Wh or dm³). */
void cost_add_index(tariff_py_cost *p, int64_t start, int64_t end, const char *label, int64_t index_start,
		    int64_t index_end)
{
	int rc = p ? tariff_cost_add_index(&p->c, start, end, label, index_start, index_end) : TARIFF_EINVAL;
	if (rc)
		py_fail(rc, NULL);
}

/* {"quantity", "unpriced", "cost", "cost_vat", "by_tariff": [(id, quantity, cost)], "energy_kwh", "unconverted",
 *  "periods": [(key, {...})]}: quantities with 3 decimals, money exact with 15 decimals. */
PyObject *cost_result(const tariff_py_cost *p)
{
	if (!p) {
		py_fail(TARIFF_EINVAL, NULL);
		return NULL;
	}
	PyObject *d = totals_dict(p->set, p->commodity, tariff_cost_totals(&p->c));
	PyObject *per = PyList_New(0);
	for (size_t i = 0; d && per && i < tariff_cost_period_count(&p->c); i++) {
		const tariff_period_totals *pt = tariff_cost_period(&p->c, i);
		PyObject *td = totals_dict(p->set, p->commodity, &pt->totals);
		PyObject *e = td ? Py_BuildValue("(iO)", (int)pt->period, td) : NULL;
		Py_XDECREF(td);
		if (!e || PyList_Append(per, e) != 0) {
			Py_XDECREF(e);
			Py_CLEAR(per);
			break;
		}
		Py_DECREF(e);
	}
	if (!d || !per) {
		Py_XDECREF(d);
		Py_XDECREF(per);
		return NULL;
	}
	PyDict_SetItemString(d, "periods", per);
	Py_DECREF(per);
	return d;
}

/* The bill view from three runs (any may be None). */
PyObject *bill(const tariff_config *cfg, const tariff_py_cost *imp, const tariff_py_cost *exp,
	       const tariff_py_cost *self)
{
	const tariff_set *set = tariff_config_set(cfg);
	tariff_bill b;
	int rc = set ? tariff_bill_make(set, imp ? tariff_cost_totals(&imp->c) : NULL,
					exp ? tariff_cost_totals(&exp->c) : NULL,
					self ? tariff_cost_totals(&self->c) : NULL, &b)
		     : TARIFF_EINVAL;
	if (rc) {
		py_fail(rc, NULL);
		return NULL;
	}
	const unsigned S = TARIFF_MONEY_SCALE;
	PyObject *v[8] = {money_str(b.import_cost, S), money_str(b.import_cost_vat, S), money_str(b.export_revenue, S),
			  money_str(b.export_revenue_vat, S), money_str(b.net, S), money_str(b.net_vat, S),
			  money_str(b.pv_saving, S), money_str(b.pv_saving_vat, S)};
	PyObject *u = qty_str(b.unpriced_mu);
	PyObject *d = Py_BuildValue("{sOsOsOsOsOsOsOsOsO}", "import_cost", v[0], "import_cost_vat", v[1],
				    "export_revenue", v[2], "export_revenue_vat", v[3], "net", v[4], "net_vat", v[5],
				    "pv_saving", v[6], "pv_saving_vat", v[7], "unpriced", u);
	for (int i = 0; i < 8; i++)
		Py_XDECREF(v[i]);
	Py_XDECREF(u);
	return d;
}
%}
