/* Suite "version": run-time and compile-time versions agree; the error table
 * (tests/common/hems_version_suite.h, shared by every library). */
#include "evc/evc.h"
#include "evc_tests.h"

#define HEMS_VS_P EVC
#define HEMS_VS_p evc
#include "hems_version_suite.h"
