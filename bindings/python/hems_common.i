/* Conventions shared by every hems SWIG module (bindings/python/<lib>.i).
 *
 * HEMS_STATUS(prefix, function): the C function returns 0 or a negative error
 * code; in Python it returns None on success and raises hems.Error(code, name,
 * message) on failure (GDAL's python_exceptions.i, always on). */
%{
#include <Python.h>
static void hems_raise(int code, const char *name, const char *message)
{
	PyObject *mod = PyImport_ImportModule("hems._errors");
	PyObject *cls = mod ? PyObject_GetAttrString(mod, "Error") : NULL;
	Py_XDECREF(mod);
	if (!cls) {
		PyErr_Clear();
		PyErr_Format(PyExc_RuntimeError, "%s (%d): %s", name, code, message);
		return;
	}
	PyObject *args = Py_BuildValue("(iss)", code, name, message);
	if (args) {
		PyErr_SetObject(cls, args);
		Py_DECREF(args);
	}
	Py_DECREF(cls);
}
%}

%define HEMS_STATUS(prefix, function)
%typemap(out) int function {
	if ($1 < 0) {
		hems_raise($1, prefix ## _err_name($1), prefix ## _strerror($1));
		SWIG_fail;
	}
	$result = Py_None;
	Py_INCREF(Py_None);
}
%enddef

/* Attribute macros of the public headers mean nothing to SWIG. */
#define TIC_API
#define EMS_API
#define EVC_API
#define TARIFF_API
#define TIC_WARN_UNUSED
#define EMS_WARN_UNUSED
#define EVC_WARN_UNUSED
#define TARIFF_WARN_UNUSED
