/* The suites of the libtic Check runner; one CTest test each. */
#ifndef TIC_TESTS_H
#define TIC_TESTS_H
#include <check.h>
Suite *tic_version_suite(void);
#endif
