/* Shared helpers for the Check runners of the suite (tests only). */
#ifndef HEMS_CHECK_H
#define HEMS_CHECK_H

#include <check.h>
#include <stdlib.h>

/* Run the given suites (CK_RUN_SUITE in the environment picks one: CTest sets it,
 * one test per suite) and return the process exit status. */
static inline int hems_check_run(Suite *const *suites, size_t n)
{
	SRunner *sr = srunner_create(NULL);
	for (size_t i = 0; i < n; i++)
		srunner_add_suite(sr, suites[i]);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#define HEMS_CHECK_MAIN(...)                                                   \
	int main(void)                                                         \
	{                                                                      \
		Suite *const suites_[] = {__VA_ARGS__};                        \
		return hems_check_run(suites_, sizeof suites_ / sizeof suites_[0]); \
	}

#endif
