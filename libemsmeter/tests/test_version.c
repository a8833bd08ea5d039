/* Suite "version": compile-time and run-time versions agree. */
#include <string.h>
#include <stdio.h>
#include "hems_check.h"
#include "ems/ems.h"
#include "ems_tests.h"

START_TEST(runtime_matches_headers)
{
	ck_assert_uint_eq(ems_version(), (unsigned)EMS_VERSION_HEX);
	ck_assert_str_eq(ems_version_string(), EMS_VERSION_STRING);
	char buf[32];
	snprintf(buf, sizeof buf, "%d.%d.%d", EMS_VERSION_MAJOR, EMS_VERSION_MINOR, EMS_VERSION_PATCH);
	ck_assert_str_eq(buf, ems_version_string());
}
END_TEST

START_TEST(version_check_macro)
{
	ck_assert(EMS_VERSION_CHECK(0, 0, 0));
	ck_assert(EMS_VERSION_CHECK(EMS_VERSION_MAJOR, EMS_VERSION_MINOR, EMS_VERSION_PATCH));
	ck_assert(!EMS_VERSION_CHECK(EMS_VERSION_MAJOR + 1, 0, 0));
}
END_TEST

START_TEST(error_table)
{
	ck_assert_str_eq(ems_err_name(EMS_OK), "EMS_OK");
	ck_assert_str_eq(ems_err_name(EMS_EINVAL), "EMS_EINVAL");
	ck_assert_str_eq(ems_strerror(EMS_EINVAL), "invalid argument");
	ck_assert_str_eq(ems_err_name(12345), "EMS_UNKNOWN");
	ck_assert_str_eq(ems_strerror(-12345), "unknown error");
	/* every code in the table has a distinct name and a non-empty text */
	for (int c = 0; c > EMS_ERR_END_; c--) {
		ck_assert_ptr_nonnull(ems_strerror(c));
		ck_assert(strlen(ems_strerror(c)) > 0);
		ck_assert(strncmp(ems_err_name(c), "EMS_", 4) == 0);
		ck_assert_str_ne(ems_err_name(c), "EMS_UNKNOWN");
	}
}
END_TEST

Suite *ems_version_suite(void)
{
	Suite *s = suite_create("version");
	TCase *tc = tcase_create("version");
	tcase_add_test(tc, runtime_matches_headers);
	tcase_add_test(tc, version_check_macro);
	tcase_add_test(tc, error_table);
	suite_add_tcase(s, tc);
	return s;
}
