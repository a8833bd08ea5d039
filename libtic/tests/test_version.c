/* Suite "version": compile-time and run-time versions agree. */
#include <string.h>
#include <stdio.h>
#include "hems_check.h"
#include "tic/tic.h"
#include "tic_tests.h"

START_TEST(runtime_matches_headers)
{
	ck_assert_uint_eq(tic_version(), (unsigned)TIC_VERSION_HEX);
	ck_assert_str_eq(tic_version_string(), TIC_VERSION_STRING);
	char buf[32];
	snprintf(buf, sizeof buf, "%d.%d.%d", TIC_VERSION_MAJOR, TIC_VERSION_MINOR, TIC_VERSION_PATCH);
	ck_assert_str_eq(buf, tic_version_string());
}
END_TEST

START_TEST(version_check_macro)
{
	ck_assert(TIC_VERSION_CHECK(0, 0, 0));
	ck_assert(TIC_VERSION_CHECK(TIC_VERSION_MAJOR, TIC_VERSION_MINOR, TIC_VERSION_PATCH));
	ck_assert(!TIC_VERSION_CHECK(TIC_VERSION_MAJOR + 1, 0, 0));
}
END_TEST

START_TEST(error_table)
{
	ck_assert_str_eq(tic_err_name(TIC_OK), "TIC_OK");
	ck_assert_str_eq(tic_err_name(TIC_EINVAL), "TIC_EINVAL");
	ck_assert_str_eq(tic_strerror(TIC_EINVAL), "invalid argument");
	ck_assert_str_eq(tic_err_name(12345), "TIC_UNKNOWN");
	ck_assert_str_eq(tic_strerror(-12345), "unknown error");
	/* every code in the table has a distinct name and a non-empty text */
	for (int c = 0; c > TIC_ERR_END_; c--) {
		ck_assert_ptr_nonnull(tic_strerror(c));
		ck_assert(strlen(tic_strerror(c)) > 0);
		ck_assert(strncmp(tic_err_name(c), "TIC_", 4) == 0);
		ck_assert_str_ne(tic_err_name(c), "TIC_UNKNOWN");
	}
}
END_TEST

Suite *tic_version_suite(void)
{
	Suite *s = suite_create("version");
	TCase *tc = tcase_create("version");
	tcase_add_test(tc, runtime_matches_headers);
	tcase_add_test(tc, version_check_macro);
	tcase_add_test(tc, error_table);
	suite_add_tcase(s, tc);
	return s;
}
