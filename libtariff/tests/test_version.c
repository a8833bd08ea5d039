/* Suite "version": run-time and compile-time versions agree; the error table
 * (tests/common/hems_version_suite.h, shared by every library). */
#include "tariff/tariff.h"
#include "tariff_tests.h"

#define HEMS_VS_P TARIFF
#define HEMS_VS_p tariff
#include "hems_version_suite.h"
