/* hems._tariff: SWIG wrapping of libtariff (the Pythonic layer is hems/tariff.py). */
%module(package="hems") _tariff
%include "hems_common.i"
%{
#include "tariff/tariff.h"
%}
%include <stdint.i>

%rename("%(regex:/^(tariff_|TARIFF_)(.+)$/\\2/)s") "";

%include "tariff/version.h"
%include "tariff/error.h"
