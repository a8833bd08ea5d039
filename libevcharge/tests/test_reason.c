/* Suites "reason" (names of codes, states, zones) and "time" (deadlines from local time). */
#include "hems_check.h"
#include "evc_tests.h"

START_TEST(reason_names)
{
	ck_assert_str_eq(evc_reason_name(EVC_R_GU_STOPPED), "GU_STOPPED");
	ck_assert_str_eq(evc_reason_name(EVC_R_STALE), "STALE");
	ck_assert_str_eq(evc_reason_name(-1), "UNKNOWN");
	ck_assert_str_eq(evc_reason_name(EVC_R_END_), "UNKNOWN");
	for (int r = 0; r < EVC_R_END_; r++)
		ck_assert_str_ne(evc_reason_name(r), "UNKNOWN");
	ck_assert_str_eq(evc_state_name(EVC_STATE_CHARGING), "charging");
	ck_assert_str_eq(evc_state_name(EVC_STATE_FULL), "full");
	ck_assert_str_eq(evc_state_name(99), "unknown");
	ck_assert_str_eq(evc_state_name(-1), "unknown");
	ck_assert_str_eq(evc_zone_name(EVC_ZONE_RED), "red");
	ck_assert_str_eq(evc_zone_name(EVC_ZONE_NONE), "none");
	ck_assert_str_eq(evc_zone_name(7), "unknown");
}
END_TEST

Suite *evc_reason_suite(void)
{
	Suite *s = suite_create("reason");
	TCase *tc = tcase_create("reason");
	tcase_add_test(tc, reason_names);
	suite_add_tcase(s, tc);
	return s;
}

/* 2025-06-02T06:00:00+02:00 is a Monday: 1748836800 UTC */
#define MON_0600_CEST INT64_C(1748836800)

START_TEST(deadline_same_week)
{
	int64_t d;
	/* Tuesday 07:00 local (+02:00) = Tuesday 05:00 UTC */
	ck_assert_int_eq(evc_deadline_next(MON_0600_CEST, 7200, 1, 7 * 3600, &d), 0);
	ck_assert_int_eq(d - MON_0600_CEST, 25 * 3600);
	/* Monday 07:00 local: one hour later, same day */
	ck_assert_int_eq(evc_deadline_next(MON_0600_CEST, 7200, 0, 7 * 3600, &d), 0);
	ck_assert_int_eq(d - MON_0600_CEST, 3600);
	/* Monday 06:00 local is now: at or after, so now */
	ck_assert_int_eq(evc_deadline_next(MON_0600_CEST, 7200, 0, 6 * 3600, &d), 0);
	ck_assert_int_eq(d, MON_0600_CEST);
	/* Monday 05:00 local has passed: next week */
	ck_assert_int_eq(evc_deadline_next(MON_0600_CEST, 7200, 0, 5 * 3600, &d), 0);
	ck_assert_int_eq(d - MON_0600_CEST, 7 * 86400 - 3600);
	/* the same wall time in UTC is two hours later */
	ck_assert_int_eq(evc_deadline_next(MON_0600_CEST, 0, 1, 7 * 3600, &d), 0);
	ck_assert_int_eq(d - MON_0600_CEST, 27 * 3600);
	/* negative offsets and instants before 1970 work */
	ck_assert_int_eq(evc_deadline_next(-86400 * 10, -5 * 3600, 6, 0, &d), 0);
	ck_assert_int_ge(d, -86400 * 10);
}
END_TEST

START_TEST(deadline_errors)
{
	int64_t d;
	ck_assert_int_eq(evc_deadline_next(0, 0, 0, 0, NULL), EVC_EINVAL);
	ck_assert_int_eq(evc_deadline_next(0, 0, 7, 0, &d), EVC_ERANGE);
	ck_assert_int_eq(evc_deadline_next(0, 0, -1, 0, &d), EVC_ERANGE);
	ck_assert_int_eq(evc_deadline_next(0, 0, 0, 86400, &d), EVC_ERANGE);
	ck_assert_int_eq(evc_deadline_next(0, 90000, 0, 0, &d), EVC_ERANGE);
	ck_assert_int_eq(evc_deadline_next(INT64_MAX, 0, 0, 0, &d), EVC_ERANGE);
}
END_TEST

Suite *evc_time_suite(void)
{
	Suite *s = suite_create("time");
	TCase *tc = tcase_create("deadline");
	tcase_add_test(tc, deadline_same_week);
	tcase_add_test(tc, deadline_errors);
	suite_add_tcase(s, tc);
	return s;
}
