/* Suite "version": run-time and compile-time versions agree; the error table
 * (tests/common/hems_version_suite.h, shared by every library). */
#include "tic/tic.h"
#include "tic_tests.h"

#define HEMS_VS_P TIC
#define HEMS_VS_p tic
#include "hems_version_suite.h"
