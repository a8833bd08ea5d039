/* The suites of the libtariff Check runner; one CTest test each. */
#ifndef TARIFF_TESTS_H
#define TARIFF_TESTS_H
#include <check.h>
Suite *tariff_version_suite(void);
#endif
