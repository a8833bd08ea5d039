/* Suite "version": compile-time and run-time versions agree. */
#include <string.h>
#include <stdio.h>
#include "hems_check.h"
#include "evc/evc.h"
#include "evc_tests.h"

START_TEST(runtime_matches_headers)
{
	ck_assert_uint_eq(evc_version(), (unsigned)EVC_VERSION_HEX);
	ck_assert_str_eq(evc_version_string(), EVC_VERSION_STRING);
	char buf[32];
	snprintf(buf, sizeof buf, "%d.%d.%d", EVC_VERSION_MAJOR, EVC_VERSION_MINOR,
	         EVC_VERSION_PATCH);
	ck_assert_str_eq(buf, evc_version_string());
}
END_TEST

START_TEST(version_check_macro)
{
	ck_assert(EVC_VERSION_CHECK(0, 0, 0));
	ck_assert(EVC_VERSION_CHECK(EVC_VERSION_MAJOR, EVC_VERSION_MINOR, EVC_VERSION_PATCH));
	ck_assert(!EVC_VERSION_CHECK(EVC_VERSION_MAJOR + 1, 0, 0));
}
END_TEST

START_TEST(error_table)
{
	ck_assert_str_eq(evc_err_name(EVC_OK), "EVC_OK");
	ck_assert_str_eq(evc_err_name(EVC_EINVAL), "EVC_EINVAL");
	ck_assert_str_eq(evc_strerror(EVC_EINVAL), "invalid argument");
	ck_assert_str_eq(evc_err_name(12345), "EVC_UNKNOWN");
	ck_assert_str_eq(evc_strerror(-12345), "unknown error");
	/* every code in the table has a distinct name and a non-empty text */
	for (int c = 0; c > EVC_ERR_END_; c--) {
		ck_assert_ptr_nonnull(evc_strerror(c));
		ck_assert(strlen(evc_strerror(c)) > 0);
		ck_assert(strncmp(evc_err_name(c), "EVC_", 4) == 0);
		ck_assert_str_ne(evc_err_name(c), "EVC_UNKNOWN");
	}
}
END_TEST

Suite *evc_version_suite(void)
{
	Suite *s = suite_create("version");
	TCase *tc = tcase_create("version");
	tcase_add_test(tc, runtime_matches_headers);
	tcase_add_test(tc, version_check_macro);
	tcase_add_test(tc, error_table);
	suite_add_tcase(s, tc);
	return s;
}
