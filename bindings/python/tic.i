/* hems._tic: SWIG wrapping of libtic (the Pythonic layer is hems/tic.py).
 *
 * The decoder and the meter view are driven from C helpers below that turn the
 * callbacks into Python lists (no Python callback inside the hot loop); decoder
 * and meter handles are opaque pointers owned by hems.tic objects. */
%module(package="hems") _tic
%include "hems_common.i"
%{
#include <stdlib.h>
#include <string.h>
#include "tic/tic.h"
#ifdef TIC_HAVE_SERIAL
#include "tic/serial.h"
#endif
%}
%include <stdint.i>
%include <pybuffer.i>

%rename("%(regex:/^(tic_|TIC_)(.+)$/\\2/)s") "";

%include "tic/version.h"
%include "tic/error.h"

/* Every (const char *data, size_t len) pair accepts bytes, bytearray, memoryview. */
%pybuffer_binary(const char *data, size_t len);

%{
static PyObject *py_str_or_none(const char *s)
{
	if (!s) {
		Py_INCREF(Py_None);
		return Py_None;
	}
	return PyUnicode_DecodeLatin1(s, (Py_ssize_t)strlen(s), "replace");
}

struct py_events {
	PyObject *list;
	int failed;
};

static void ev_append(struct py_events *e, PyObject *item)
{
	if (!item || PyList_Append(e->list, item) != 0)
		e->failed = 1;
	Py_XDECREF(item);
}

static PyObject *dataset_tuple(const char *kind, const tic_dataset *ds)
{
	return Py_BuildValue("(sNNNiiiiiN)", kind, py_str_or_none(ds->label),
			     py_str_or_none(ds->value), py_str_or_none(ds->horodate), (int)ds->mode,
			     (int)ds->status, (int)ds->in_frame, (int)ds->checksum, (int)ds->expected,
			     py_str_or_none(ds->info ? ds->info->name : NULL));
}

static int ev_begin(void *u)
{
	struct py_events *e = u;
	ev_append(e, Py_BuildValue("(s)", "begin"));
	return e->failed;
}

static int ev_dataset(void *u, const tic_dataset *ds)
{
	struct py_events *e = u;
	ev_append(e, dataset_tuple("dataset", ds));
	return e->failed;
}

static int ev_invalid(void *u, const tic_dataset *ds)
{
	struct py_events *e = u;
	ev_append(e, dataset_tuple("invalid", ds));
	return e->failed;
}

static int ev_end(void *u, const tic_frame *f)
{
	struct py_events *e = u;
	ev_append(e, Py_BuildValue("(siiIII)", "end", (int)f->status, (int)f->mode, f->valid,
				   f->invalid, f->bad_checksum));
	return e->failed;
}

static const tic_callbacks py_event_callbacks = {ev_begin, ev_dataset, ev_invalid, ev_end};

static PyObject *label_info_dict(const tic_label_info *li)
{
	if (!li) {
		Py_INCREF(Py_None);
		return Py_None;
	}
	static const char *const types[] = {"text", "uint", "hex", "id", "empty", "date"};
	return Py_BuildValue("{s:s,s:s,s:i,s:i,s:s,s:s,s:i,s:i,s:O,s:O}", "name", li->name,
			     "description", li->description, "id", (int)li->id, "modes", (int)li->modes,
			     "type", li->type < 6 ? types[li->type] : "?", "unit",
			     tic_unit_symbol(li->unit), "min_len", (int)li->min_len, "max_len",
			     (int)li->max_len, "horodate", li->horodate ? Py_True : Py_False, "verified",
			     (li->flags & TIC_LF_UNVERIFIED) ? Py_False : Py_True);
}

static PyObject *horodate_dict(const tic_horodate *h)
{
	return Py_BuildValue("{s:i,s:i,s:i,s:i,s:i,s:i,s:C,s:i,s:O,s:L}", "year", h->year, "month",
			     h->month, "day", h->day, "hour", h->hour, "minute", h->minute, "second",
			     h->second, "season", h->season, "dst", h->dst, "degraded",
			     h->degraded ? Py_True : Py_False, "utc", (long long)h->utc);
}

#ifdef TIC_HAVE_SERIAL
static void serial_capsule_close(PyObject *cap)
{
	if (PyCapsule_IsValid(cap, "tic_serial"))
		tic_serial_close(PyCapsule_GetPointer(cap, "tic_serial"));
}
#endif

static PyObject *raise_code(int code)
{
	hems_raise(code, tic_err_name(code), tic_strerror(code));
	return NULL;
}
%}

%newobject decoder_new;
%delobject decoder_free;
%newobject meter_new;
%delobject meter_free;

%inline %{
/* ---- decoder ---- */
tic_decoder *decoder_new(int mode, int checksum_rule, unsigned flags)
{
	tic_decoder_options o = TIC_DECODER_OPTIONS_INIT;
	o.mode = (tic_mode)mode;
	o.historic_checksum = (tic_checksum_rule)checksum_rule;
	o.flags = flags;
	tic_decoder *d = malloc(sizeof *d);
	if (!d)
		return NULL;
	if (tic_decoder_init(d, &o) != 0) {
		free(d);
		return NULL;
	}
	return d;
}

void decoder_free(tic_decoder *dec)
{
	free(dec);
}

/* Feeds bytes; returns the list of events:
 * ("begin",), ("dataset"|"invalid", label, value, horodate, mode, status, in_frame,
 * checksum, expected, dictionary name), ("end", status, mode, valid, invalid, bad_checksum). */
PyObject *decoder_feed(tic_decoder *dec, const char *data, size_t len)
{
	struct py_events e = {PyList_New(0), 0};
	if (!e.list)
		return NULL;
	size_t off = 0;
	while (off < len && !e.failed)
		off += tic_decoder_feed(dec, data + off, len - off, &py_event_callbacks, &e);
	if (e.failed) {
		Py_DECREF(e.list);
		if (!PyErr_Occurred())
			PyErr_NoMemory();
		return NULL;
	}
	return e.list;
}

PyObject *decoder_finish(tic_decoder *dec)
{
	struct py_events e = {PyList_New(0), 0};
	if (!e.list)
		return NULL;
	int r = tic_decoder_finish(dec, &py_event_callbacks, &e);
	if (r != 0 || e.failed) {
		Py_DECREF(e.list);
		return e.failed ? NULL : raise_code(r);
	}
	return e.list;
}

PyObject *decoder_counters(const tic_decoder *dec)
{
	const tic_counters *c = &dec->counters;
	return Py_BuildValue("{s:k,s:k,s:k,s:k,s:k,s:k,s:k,s:k,s:k}", "frames_complete",
			     (unsigned long)c->frames_complete, "frames_aborted",
			     (unsigned long)c->frames_aborted, "datasets_valid",
			     (unsigned long)c->datasets_valid, "datasets_bad_checksum",
			     (unsigned long)c->datasets_bad_checksum, "datasets_bad_value",
			     (unsigned long)c->datasets_bad_value, "datasets_malformed",
			     (unsigned long)c->datasets_malformed, "fields_overlong",
			     (unsigned long)c->fields_overlong, "bytes_skipped",
			     (unsigned long)c->bytes_skipped, "bytes_total", (unsigned long)c->bytes_total);
}

int decoder_mode(const tic_decoder *dec)
{
	return (int)tic_decoder_mode(dec);
}

/* ---- meter view ---- */
tic_meter *meter_new(void)
{
	tic_meter *m = malloc(sizeof *m);
	if (m && tic_meter_init(m) != 0) {
		free(m);
		m = NULL;
	}
	return m;
}

void meter_free(tic_meter *m)
{
	free(m);
}

int meter_feed(tic_meter *m, tic_decoder *dec, const char *data, size_t len, long long now_utc)
{
	return tic_meter_feed(m, dec, data, len, (int64_t)now_utc);
}

PyObject *meter_value(const tic_meter *m, const char *label)
{
	return py_str_or_none(tic_meter_get(m, label));
}

PyObject *meter_reading(const tic_meter *m)
{
	tic_reading r;
	int rc = tic_meter_reading(m, &r);
	if (rc == TIC_ENOTFOUND) {
		Py_INCREF(Py_None);
		return Py_None;
	}
	if (rc)
		return raise_code(rc);
	PyObject *energy = PyDict_New();
	for (unsigned i = 0; energy && i < r.index_count; i++) {
		PyObject *v = PyLong_FromUnsignedLongLong(r.energy_wh[i]);
		if (!v || PyDict_SetItemString(energy, r.energy_label[i], v) != 0) {
			Py_XDECREF(v);
			Py_DECREF(energy);
			return NULL;
		}
		Py_DECREF(v);
	}
	if (!energy)
		return NULL;
	return Py_BuildValue(
		"{s:k,s:i,s:s,s:s,s:i,s:O,s:i,s:(iii),s:i,s:(iii),s:(iii),s:i,s:i,s:(iii),s:i,"
		"s:N,s:K,s:K,s:i,s:s,s:s,s:s,s:s,s:L,s:L,s:k}",
		"present", (unsigned long)r.present, "mode", (int)r.mode, "meter_id", r.meter_id,
		"prm", r.prm, "phases", (int)r.phases, "producer", r.producer ? Py_True : Py_False,
		"apparent_power_va", (int)r.apparent_power_va, "apparent_power_phase_va",
		(int)r.apparent_power_phase_va[0], (int)r.apparent_power_phase_va[1],
		(int)r.apparent_power_phase_va[2], "injected_power_va", (int)r.injected_power_va,
		"current_ma", (int)r.current_ma[0], (int)r.current_ma[1], (int)r.current_ma[2],
		"voltage_mv", (int)r.voltage_mv[0], (int)r.voltage_mv[1], (int)r.voltage_mv[2],
		"reference_power_va", (int)r.reference_power_va, "subscribed_current_ma",
		(int)r.subscribed_current_ma, "over_current_ma", (int)r.over_current_ma[0],
		(int)r.over_current_ma[1], (int)r.over_current_ma[2], "over_power_ma",
		(int)r.over_power_ma, "energy_wh", energy, "energy_total_wh",
		(unsigned long long)r.energy_total_wh, "energy_injected_wh",
		(unsigned long long)r.energy_injected_wh, "tariff_index", (int)r.tariff_index,
		"period", tic_period_name(r.period), "period_label", r.period_label, "color_today",
		tic_color_name(r.color_today), "color_tomorrow", tic_color_name(r.color_tomorrow),
		"meter_time_utc", (long long)r.meter_time_utc, "time_utc", (long long)r.time_utc,
		"frames", (unsigned long)r.frames);
}

/* ---- dictionary and typed accessors ---- */
int label_count(void)
{
	return TIC_LABEL_COUNT;
}

PyObject *dict_entry(int id)
{
	return label_info_dict(tic_dict_get(id));
}

PyObject *dict_lookup(const char *name, int mode)
{
	return label_info_dict(tic_dict_find(name, strlen(name), (tic_mode)mode));
}

PyObject *parse_horodate(const char *data, size_t len)
{
	tic_horodate h;
	int r = tic_horodate_parse(data, len, &h);
	return r ? raise_code(r) : horodate_dict(&h);
}

PyObject *parse_pmepmi_date(const char *data, size_t len)
{
	tic_horodate h;
	int r = tic_pmepmi_date_parse(data, len, &h);
	return r ? raise_code(r) : horodate_dict(&h);
}

PyObject *decode_stge(const char *data, size_t len)
{
	tic_stge s;
	int r = tic_stge_decode(data, len, &s);
	if (r)
		return raise_code(r);
	return Py_BuildValue("{s:k,s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:s,s:s,"
			     "s:i,s:i}",
			     "raw", (unsigned long)s.raw, "dry_contact_open", s.dry_contact_open,
			     "cutoff", s.cutoff, "cover_open", s.cover_open, "overvoltage",
			     s.overvoltage, "over_reference", s.over_reference, "producer", s.producer,
			     "negative_energy", s.negative_energy, "supplier_index", s.supplier_index,
			     "distributor_index", s.distributor_index, "clock_degraded",
			     s.clock_degraded, "tic_standard", s.tic_standard, "euridis", s.euridis,
			     "cpl_status", s.cpl_status, "cpl_sync", s.cpl_sync, "color_today",
			     tic_color_name(s.color_today), "color_tomorrow",
			     tic_color_name(s.color_tomorrow), "mobile_peak_notice",
			     s.mobile_peak_notice, "mobile_peak", s.mobile_peak);
}

PyObject *decode_schedule(const char *data, size_t len)
{
	tic_schedule s;
	int r = tic_schedule_decode(data, len, &s);
	if (r)
		return raise_code(r);
	PyObject *l = PyList_New(0);
	for (unsigned i = 0; l && i < s.count; i++) {
		PyObject *t = Py_BuildValue("(iiii)", s.entry[i].hour, s.entry[i].minute,
					    s.entry[i].index, s.entry[i].action);
		if (!t || PyList_Append(l, t) != 0) {
			Py_XDECREF(t);
			Py_DECREF(l);
			return NULL;
		}
		Py_DECREF(t);
	}
	return l;
}

PyObject *decode_relais(const char *data, size_t len)
{
	uint8_t bits;
	int r = tic_relais_decode(data, len, &bits);
	return r ? raise_code(r) : PyLong_FromLong(bits);
}

const char *period_of_ptec(const char *data, size_t len)
{
	return tic_period_name(tic_period_from_ptec(data, len));
}

const char *period_of_ltarf(const char *data, size_t len)
{
	return tic_period_name(tic_period_from_ltarf(data, len));
}

const char *color_of_demain(const char *data, size_t len)
{
	return tic_color_name(tic_color_from_demain(data, len));
}

/* ---- encoder: datasets is a sequence of (label, value) or (label, value, horodate) ---- */
PyObject *encode(int mode, PyObject *datasets, unsigned flags, int frame)
{
	PyObject *seq = PySequence_Fast(datasets, "datasets must be a sequence");
	if (!seq)
		return NULL;
	Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
	tic_field *f = calloc((size_t)(n ? n : 1), sizeof *f);
	if (!f) {
		Py_DECREF(seq);
		return PyErr_NoMemory();
	}
	PyObject *result = NULL;
	for (Py_ssize_t i = 0; i < n; i++) {
		PyObject *t = PySequence_Fast_GET_ITEM(seq, i);
		const char *h = NULL;
		if (!PyArg_ParseTuple(t, "ss|z", &f[i].label, &f[i].value, &h))
			goto out;
		f[i].horodate = h;
	}
	size_t cap = 16 + (size_t)n * (TIC_GROUP_MAX + 8);
	char *buf = malloc(cap);
	if (!buf) {
		PyErr_NoMemory();
		goto out;
	}
	size_t len = 0;
	int r = 0;
	if (frame) {
		r = tic_encode_frame((tic_mode)mode, f, (size_t)n, flags, buf, cap, &len);
	} else {
		for (Py_ssize_t i = 0; i < n && !r; i++) {
			size_t k;
			r = tic_encode_dataset((tic_mode)mode, &f[i], flags, buf + len, cap - len, &k);
			len += k;
		}
	}
	result = r ? raise_code(r) : PyBytes_FromStringAndSize(buf, (Py_ssize_t)len);
	free(buf);
out:
	free(f);
	Py_DECREF(seq);
	return result;
}

/* ---- serial ports (when libtic was built with HEMS_BUILD_TIC_SERIAL) ---- */
int serial_available(void)
{
#ifdef TIC_HAVE_SERIAL
	return 1;
#else
	return 0;
#endif
}

PyObject *serial_open(const char *device, int mode)
{
#ifdef TIC_HAVE_SERIAL
	tic_serial *p;
	int r = tic_serial_open(&p, device, (tic_mode)mode);
	if (r)
		return raise_code(r);
	return PyCapsule_New(p, "tic_serial", serial_capsule_close);
#else
	(void)device;
	(void)mode;
	PyErr_SetString(PyExc_NotImplementedError, "libtic was built without serial support");
	return NULL;
#endif
}

PyObject *serial_read(PyObject *cap, int timeout_ms)
{
#ifdef TIC_HAVE_SERIAL
	tic_serial *p = PyCapsule_GetPointer(cap, "tic_serial");
	if (!p)
		return NULL;
	char buf[4096];
	size_t got = 0;
	int r;
	Py_BEGIN_ALLOW_THREADS
	r = tic_serial_read(p, buf, sizeof buf, timeout_ms, &got);
	Py_END_ALLOW_THREADS
	if (r == TIC_ETIMEDOUT)
		return PyBytes_FromStringAndSize("", 0);
	return r ? raise_code(r) : PyBytes_FromStringAndSize(buf, (Py_ssize_t)got);
#else
	(void)cap;
	(void)timeout_ms;
	PyErr_SetString(PyExc_NotImplementedError, "libtic was built without serial support");
	return NULL;
#endif
}

PyObject *serial_close(PyObject *cap)
{
#ifdef TIC_HAVE_SERIAL
	tic_serial *p = PyCapsule_GetPointer(cap, "tic_serial");
	if (!p)
		return NULL;
	tic_serial_close(p);
	/* a closed capsule no longer answers to "tic_serial": no double close */
	if (PyCapsule_SetName(cap, "tic_serial_closed") != 0)
		return NULL;
#else
	(void)cap;
#endif
	Py_INCREF(Py_None);
	return Py_None;
}
%}
