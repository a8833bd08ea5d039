/* The "version" suite every library runs: run-time and compile-time versions agree,
 * the version check macro works, and every code of the error table has a distinct
 * name and a text. Include it once, after defining HEMS_VS_P (macro prefix, e.g. TIC)
 * and HEMS_VS_p (function prefix, e.g. tic); it defines <p>_version_suite(). */
#ifndef HEMS_VERSION_SUITE_H
#define HEMS_VERSION_SUITE_H

#include <stdio.h>
#include <string.h>
#include <check.h>

#define HVS_CAT_(a, b) a##b
#define HVS_CAT(a, b) HVS_CAT_(a, b)
#define HVS_P(x) HVS_CAT(HEMS_VS_P, x)
#define HVS_p(x) HVS_CAT(HEMS_VS_p, x)
#define HVS_STR_(x) #x
#define HVS_STR(x) HVS_STR_(x)
#define HVS_PREFIX HVS_STR(HEMS_VS_P) "_"

START_TEST(runtime_matches_headers)
{
	ck_assert_uint_eq(HVS_p(_version)(), (unsigned)HVS_P(_VERSION_HEX));
	ck_assert_str_eq(HVS_p(_version_string)(), HVS_P(_VERSION_STRING));
	char buf[32];
	snprintf(buf, sizeof buf, "%d.%d.%d", HVS_P(_VERSION_MAJOR), HVS_P(_VERSION_MINOR),
		 HVS_P(_VERSION_PATCH));
	ck_assert_str_eq(buf, HVS_p(_version_string)());
}
END_TEST

START_TEST(version_check_macro)
{
	ck_assert(HVS_P(_VERSION_CHECK)(0, 0, 0));
	ck_assert(HVS_P(_VERSION_CHECK)(HVS_P(_VERSION_MAJOR), HVS_P(_VERSION_MINOR), HVS_P(_VERSION_PATCH)));
	ck_assert(!HVS_P(_VERSION_CHECK)(HVS_P(_VERSION_MAJOR) + 1, 0, 0));
}
END_TEST

START_TEST(error_table)
{
	ck_assert_str_eq(HVS_p(_err_name)(HVS_P(_OK)), HVS_PREFIX "OK");
	ck_assert_str_eq(HVS_p(_err_name)(HVS_P(_EINVAL)), HVS_PREFIX "EINVAL");
	ck_assert_str_eq(HVS_p(_strerror)(HVS_P(_EINVAL)), "invalid argument");
	ck_assert_str_eq(HVS_p(_err_name)(12345), HVS_PREFIX "UNKNOWN");
	ck_assert_str_eq(HVS_p(_strerror)(-12345), "unknown error");
	for (int c = 0; c > HVS_P(_ERR_END_); c--) {
		ck_assert_ptr_nonnull(HVS_p(_strerror)(c));
		ck_assert(strlen(HVS_p(_strerror)(c)) > 0);
		ck_assert(strncmp(HVS_p(_err_name)(c), HVS_PREFIX, strlen(HVS_PREFIX)) == 0);
		ck_assert_str_ne(HVS_p(_err_name)(c), HVS_PREFIX "UNKNOWN");
		for (int d = 0; d > c; d--)
			ck_assert_str_ne(HVS_p(_err_name)(c), HVS_p(_err_name)(d));
	}
}
END_TEST

Suite *HVS_p(_version_suite)(void)
{
	Suite *s = suite_create("version");
	TCase *tc = tcase_create("version");
	tcase_add_test(tc, runtime_matches_headers);
	tcase_add_test(tc, version_check_macro);
	tcase_add_test(tc, error_table);
	suite_add_tcase(s, tc);
	return s;
}

#endif
