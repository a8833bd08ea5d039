/* libemsmeter Check runner: every suite; CK_RUN_SUITE selects one. */
#include "hems_check.h"
#include "ems_tests.h"

HEMS_CHECK_MAIN(ems_version_suite(), ems_decode_suite(), ems_quantity_suite(), ems_regmap_suite(),
		ems_config_suite())
