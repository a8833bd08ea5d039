/* The suites of the libtariff Check runner; one CTest test each. */
#ifndef TARIFF_TESTS_H
#define TARIFF_TESTS_H
#include <check.h>
Suite *tariff_version_suite(void);
Suite *tariff_money_suite(void);
Suite *tariff_tz_suite(void);
Suite *tariff_rules_suite(void);
Suite *tariff_cost_suite(void);
Suite *tariff_csv_suite(void);
#ifdef TARIFF_TEST_JSON
Suite *tariff_json_suite(void);
#endif
#endif
