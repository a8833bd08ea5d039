/* hems._evcharge: SWIG wrapping of libevcharge (the Pythonic layer is hems/evcharge.py). */
%module(package="hems") _evcharge
%include "hems_common.i"
%{
#include "evc/evc.h"
%}
%include <stdint.i>

%rename("%(regex:/^(evc_|EVC_)(.+)$/\\2/)s") "";

%include "evc/version.h"
%include "evc/error.h"
