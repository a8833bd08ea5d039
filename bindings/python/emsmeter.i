/* hems._emsmeter: SWIG wrapping of libemsmeter (the Pythonic layer is hems/emsmeter.py).
 * The installation is an opaque handle; readings cross as the JSON text meterpoll
 * prints (ems_reading_to_json), which hems/emsmeter.py turns into dicts. */
%module(package="hems") _emsmeter
%include "hems_common.i"
%{
#include <stdlib.h>
#include <string.h>
#include "ems/ems.h"
%}
%include <stdint.i>

%rename("%(regex:/^(ems_|EMS_)(.+)$/\\2/)s") "";

/* The helpers below raise hems.Error themselves and return NULL/-1: propagate it. */
%exception {
	$action
	if (PyErr_Occurred())
		SWIG_fail;
}

%include "ems/version.h"
%include "ems/error.h"

%newobject py_load;
%newobject py_reading_json;
%newobject py_group_json;
%newobject py_load_json;
%newobject py_stats_json;
%delobject py_free;

%inline %{
typedef struct py_installation {
	ems_installation *inst;
} py_installation;

/* Load an installation from a file (is_file 1) or a JSON string; raises hems.Error
 * with "file:line:column: path: reason" on refusal. */
py_installation *py_load(const char *src, int is_file, const char *maps_dir, int coalesce)
{
	ems_installation_options o = EMS_INSTALLATION_OPTIONS_INIT;
	o.maps_dir = maps_dir;
	o.coalesce = coalesce ? 1 : 0;
	ems_config_error err;
	memset(&err, 0, sizeof err);
	ems_installation *inst = NULL;
	int rc = is_file ? ems_installation_load_file(src, &o, &inst, &err)
			 : ems_installation_load_string(src, "<string>", &o, &inst, &err);
	if (rc) {
		char msg[768];
		if (err.reason[0])
			ems_config_error_format(&err, msg, sizeof msg);
		else
			snprintf(msg, sizeof msg, "%s", ems_strerror(rc));
		hems_raise(rc, ems_err_name(rc), msg);
		return NULL;
	}
	py_installation *p = calloc(1, sizeof *p);
	if (!p) {
		ems_installation_free(inst);
		hems_raise(EMS_ENOMEM, "EMS_ENOMEM", "out of memory");
		return NULL;
	}
	p->inst = inst;
	return p;
}

void py_free(py_installation *p)
{
	if (p) {
		ems_installation_free(p->inst);
		free(p);
	}
}

static int py_check(py_installation *p)
{
	if (!p || !p->inst) {
		hems_raise(EMS_EINVAL, "EMS_EINVAL", "installation is closed");
		return -1;
	}
	return 0;
}

int py_poll(py_installation *p, int64_t now)
{
	if (py_check(p))
		return -1;
	int rc;
	Py_BEGIN_ALLOW_THREADS
	rc = ems_installation_poll(p->inst, now);
	Py_END_ALLOW_THREADS
	if (rc)
		hems_raise(rc, ems_err_name(rc), ems_strerror(rc));
	return rc ? -1 : 0;
}

int py_write(py_installation *p, const char *device, const char *quantity, double value)
{
	if (py_check(p))
		return -1;
	size_t i;
	ems_quantity q;
	int rc = ems_installation_device_index(p->inst, device, &i);
	if (rc == EMS_OK)
		rc = ems_quantity_from_name(quantity, &q);
	if (rc == EMS_OK) {
		Py_BEGIN_ALLOW_THREADS
		rc = ems_installation_write(p->inst, i, q, value);
		Py_END_ALLOW_THREADS
	}
	if (rc) {
		char msg[256];
		snprintf(msg, sizeof msg, "write %s.%s: %s", device ? device : "?", quantity ? quantity : "?",
			 ems_strerror(rc));
		hems_raise(rc, ems_err_name(rc), msg);
		return -1;
	}
	return 0;
}

int py_set_enabled(py_installation *p, const char *device, int enabled)
{
	if (py_check(p))
		return -1;
	size_t i;
	int rc = ems_installation_device_index(p->inst, device, &i);
	if (rc == EMS_OK)
		rc = ems_installation_set_enabled(p->inst, i, enabled);
	if (rc) {
		hems_raise(rc, ems_err_name(rc), ems_strerror(rc));
		return -1;
	}
	return 0;
}

size_t py_device_count(py_installation *p)
{
	return p ? ems_installation_device_count(p->inst) : 0;
}

const char *py_device_name(py_installation *p, size_t i)
{
	return p ? ems_installation_device_name(p->inst, i) : NULL;
}

const char *py_device_model(py_installation *p, size_t i)
{
	return p ? ems_installation_device_model(p->inst, i) : NULL;
}

size_t py_group_count(py_installation *p)
{
	return p ? ems_installation_group_count(p->inst) : 0;
}

const char *py_group_name(py_installation *p, size_t i)
{
	return p ? ems_installation_group_name(p->inst, i) : NULL;
}

static char *py_json(const ems_reading *r, const char *name, const char *error)
{
	int n = ems_reading_to_json(r, name, error, NULL, 0);
	char *buf = n >= 0 ? malloc((size_t)n + 1) : NULL;
	if (buf)
		ems_reading_to_json(r, name, error, buf, (size_t)n + 1);
	return buf;
}

char *py_reading_json(py_installation *p, size_t i)
{
	ems_reading r;
	ems_device_stats st;
	if (py_check(p))
		return NULL;
	if (ems_installation_reading(p->inst, i, &r) || ems_installation_device_stats(p->inst, i, &st)) {
		hems_raise(EMS_ENOTFOUND, "EMS_ENOTFOUND", "no such device");
		return NULL;
	}
	return py_json(&r, ems_installation_device_name(p->inst, i),
		       r.status == EMS_STATUS_COMM_ERROR ? st.last_error_text : NULL);
}

char *py_group_json(py_installation *p, const char *group)
{
	ems_reading r;
	if (py_check(p))
		return NULL;
	int rc = ems_installation_group_reading(p->inst, group, &r);
	if (rc) {
		hems_raise(rc, ems_err_name(rc), "no such measure group");
		return NULL;
	}
	return py_json(&r, group, NULL);
}

char *py_load_json(py_installation *p, const char *load_type)
{
	ems_reading r;
	if (py_check(p))
		return NULL;
	int rc = ems_installation_load_reading(p->inst, load_type, &r);
	if (rc) {
		hems_raise(rc, ems_err_name(rc), "no device of that load type");
		return NULL;
	}
	return py_json(&r, load_type, NULL);
}

char *py_stats_json(py_installation *p, size_t i)
{
	ems_device_stats st;
	if (py_check(p))
		return NULL;
	if (ems_installation_device_stats(p->inst, i, &st)) {
		hems_raise(EMS_ENOTFOUND, "EMS_ENOTFOUND", "no such device");
		return NULL;
	}
	char *buf = malloc(512);
	if (!buf)
		return NULL;
	/* the error text is escaped by ems_reading_to_json's rules: reuse it */
	ems_reading tmp;
	ems_reading_clear(&tmp);
	char esc[400];
	ems_reading_to_json(&tmp, NULL, st.last_error_text, esc, sizeof esc);
	const char *e = strstr(esc, "\"error\": ");
	char etext[256] = "\"\"";
	if (e) {
		e += 9;
		const char *end = strstr(e, ", \"quantities\"");
		size_t n = end ? (size_t)(end - e) : 0;
		if (n && n < sizeof etext) {
			memcpy(etext, e, n);
			etext[n] = 0;
		}
	}
	snprintf(buf, 512,
		 "{\"status\": \"%s\", \"polls\": %llu, \"successes\": %llu, \"failures\": %llu, "
		 "\"timeouts\": %llu, \"retries\": %llu, \"requests\": %llu, \"consecutive_failures\": %u, "
		 "\"last_error\": \"%s\", \"last_error_text\": %s, \"last_success\": %lld}",
		 ems_status_name(st.status), (unsigned long long)st.polls, (unsigned long long)st.successes,
		 (unsigned long long)st.failures, (unsigned long long)st.timeouts, (unsigned long long)st.retries,
		 (unsigned long long)st.requests, st.consecutive_failures,
		 st.last_error ? ems_err_name(st.last_error) : "", etext, (long long)st.last_success);
	return buf;
}

size_t py_builtin_map_count(void) { return ems_regmap_builtin_count(); }
const char *py_builtin_map_name(size_t i) { return ems_regmap_builtin_name(i); }
%}
