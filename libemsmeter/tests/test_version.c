/* Suite "version": run-time and compile-time versions agree; the error table
 * (tests/common/hems_version_suite.h, shared by every library). */
#include "ems/ems.h"
#include "ems_tests.h"

#define HEMS_VS_P EMS
#define HEMS_VS_p ems
#include "hems_version_suite.h"
