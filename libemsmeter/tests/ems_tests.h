/* The suites of the libemsmeter Check runner; one CTest test each. */
#ifndef EMS_TESTS_H
#define EMS_TESTS_H
#include <check.h>
Suite *ems_version_suite(void);
#endif
