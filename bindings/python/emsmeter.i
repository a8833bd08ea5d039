/* hems._emsmeter: SWIG wrapping of libemsmeter (the Pythonic layer is hems/emsmeter.py). */
%module(package="hems") _emsmeter
%include "hems_common.i"
%{
#include "ems/ems.h"
%}
%include <stdint.i>

%rename("%(regex:/^(ems_|EMS_)(.+)$/\\2/)s") "";

%include "ems/version.h"
%include "ems/error.h"
