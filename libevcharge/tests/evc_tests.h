/* The suites of the libevcharge Check runner; one CTest test each. */
#ifndef EVC_TESTS_H
#define EVC_TESTS_H
#include <check.h>
Suite *evc_version_suite(void);
#endif
