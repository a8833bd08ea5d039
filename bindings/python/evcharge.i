/* hems._evcharge: SWIG wrapping of libevcharge (the Pythonic layer is hems/evcharge.py).
 * The caller-owned objects (site, stations, circuits, loads) are wrapped as structs; the
 * arrays evc_site_step() takes are carrays classes (StationArray, ...). Private state is
 * hidden; it lives in the C memory of the arrays between steps. */
%module(package="hems") _evcharge
%include "hems_common.i"
%{
#include "evc/evc.h"
%}
%include <stdint.i>
%include <carrays.i>

%rename("%(regex:/^(evc_|EVC_)(.+)$/\\2/)s") "";

/* private state stays in C */
%ignore evc_site::priv;
%ignore evc_station::priv;
%ignore evc_circuit::priv;
%ignore evc_load::priv;
%ignore EVC_R_END_;
%ignore EVC_ERR_END_;

%apply int64_t *OUTPUT { int64_t *out };
HEMS_STATUS(evc, evc_site_step)
HEMS_STATUS(evc, evc_deadline_next)

%include "evc/version.h"
%include "evc/error.h"
%include "evc/reason.h"
%include "evc/config.h"
%include "evc/site.h"

/* int32_t[3] members (grid_ma, limit_ma, current_ma...) are pointers in Python */
%inline %{
static void evc_int3_set(int32_t *dst, int32_t a, int32_t b, int32_t c)
{
	if (dst) {
		dst[0] = a;
		dst[1] = b;
		dst[2] = c;
	}
}
static int32_t evc_int3_get(const int32_t *src, int i)
{
	return src && i >= 0 && i < 3 ? src[i] : 0;
}
%}

%array_class(evc_station, StationArray);
%array_class(evc_circuit, CircuitArray);
%array_class(evc_load, LoadArray);
