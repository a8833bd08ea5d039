/* The suites of the libemsmeter Check runner; one CTest test each. */
#ifndef EMS_TESTS_H
#define EMS_TESTS_H
#include <check.h>
Suite *ems_version_suite(void);
Suite *ems_decode_suite(void);
Suite *ems_quantity_suite(void);
Suite *ems_regmap_suite(void);
Suite *ems_config_suite(void);
#endif
