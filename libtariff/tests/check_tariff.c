/* libtariff Check runner: every suite; CK_RUN_SUITE selects one. */
#include "hems_check.h"
#include "tariff_tests.h"

#ifdef TARIFF_TEST_JSON
HEMS_CHECK_MAIN(tariff_version_suite(), tariff_money_suite(), tariff_tz_suite(), tariff_rules_suite(),
		tariff_cost_suite(), tariff_csv_suite(), tariff_json_suite())
#else
HEMS_CHECK_MAIN(tariff_version_suite(), tariff_money_suite(), tariff_tz_suite(), tariff_rules_suite(),
		tariff_cost_suite(), tariff_csv_suite())
#endif
