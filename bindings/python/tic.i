/* hems._tic: SWIG wrapping of libtic (the Pythonic layer is hems/tic.py). */
%module(package="hems") _tic
%include "hems_common.i"
%{
#include "tic/tic.h"
%}
%include <stdint.i>

%rename("%(regex:/^(tic_|TIC_)(.+)$/\\2/)s") "";

%include "tic/version.h"
%include "tic/error.h"
