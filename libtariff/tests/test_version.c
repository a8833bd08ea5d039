/* Suite "version": compile-time and run-time versions agree. */
#include <string.h>
#include <stdio.h>
#include "hems_check.h"
#include "tariff/tariff.h"
#include "tariff_tests.h"

START_TEST(runtime_matches_headers)
{
	ck_assert_uint_eq(tariff_version(), (unsigned)TARIFF_VERSION_HEX);
	ck_assert_str_eq(tariff_version_string(), TARIFF_VERSION_STRING);
	char buf[32];
	snprintf(buf, sizeof buf, "%d.%d.%d", TARIFF_VERSION_MAJOR, TARIFF_VERSION_MINOR, TARIFF_VERSION_PATCH);
	ck_assert_str_eq(buf, tariff_version_string());
}
END_TEST

START_TEST(version_check_macro)
{
	ck_assert(TARIFF_VERSION_CHECK(0, 0, 0));
	ck_assert(TARIFF_VERSION_CHECK(TARIFF_VERSION_MAJOR, TARIFF_VERSION_MINOR, TARIFF_VERSION_PATCH));
	ck_assert(!TARIFF_VERSION_CHECK(TARIFF_VERSION_MAJOR + 1, 0, 0));
}
END_TEST

START_TEST(error_table)
{
	ck_assert_str_eq(tariff_err_name(TARIFF_OK), "TARIFF_OK");
	ck_assert_str_eq(tariff_err_name(TARIFF_EINVAL), "TARIFF_EINVAL");
	ck_assert_str_eq(tariff_strerror(TARIFF_EINVAL), "invalid argument");
	ck_assert_str_eq(tariff_err_name(12345), "TARIFF_UNKNOWN");
	ck_assert_str_eq(tariff_strerror(-12345), "unknown error");
	/* every code in the table has a distinct name and a non-empty text */
	for (int c = 0; c > TARIFF_ERR_END_; c--) {
		ck_assert_ptr_nonnull(tariff_strerror(c));
		ck_assert(strlen(tariff_strerror(c)) > 0);
		ck_assert(strncmp(tariff_err_name(c), "TARIFF_", 4) == 0);
		ck_assert_str_ne(tariff_err_name(c), "TARIFF_UNKNOWN");
	}
}
END_TEST

Suite *tariff_version_suite(void)
{
	Suite *s = suite_create("version");
	TCase *tc = tcase_create("version");
	tcase_add_test(tc, runtime_matches_headers);
	tcase_add_test(tc, version_check_macro);
	tcase_add_test(tc, error_table);
	suite_add_tcase(s, tc);
	return s;
}
