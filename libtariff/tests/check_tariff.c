/* libtariff Check runner: every suite; CK_RUN_SUITE selects one. */
#include "hems_check.h"
#include "tariff_tests.h"

HEMS_CHECK_MAIN(tariff_version_suite())
