/* Suite "step": arguments, time, sessions, results of evc_site_step(). */
#include "hems_check.h"
#include "evc_tests.h"

#define T0 INT64_C(1748836800)

START_TEST(bad_arguments)
{
	evc_site site;
	evc_station st[1];
	evc_test_setup(&site, st, 1, T0);
	ck_assert_int_eq(evc_site_step(NULL, NULL, 0, st, 1, NULL, 0, T0), EVC_EINVAL);
	ck_assert_int_eq(evc_site_step(&site, NULL, 0, NULL, 1, NULL, 0, T0), EVC_EINVAL);
	ck_assert_int_eq(evc_site_step(&site, NULL, 1, st, 1, NULL, 0, T0), EVC_EINVAL);
	ck_assert_int_eq(evc_site_step(&site, NULL, 0, st, 1, NULL, 2, T0), EVC_EINVAL);
	st[0].config.rated_ma = 0;
	ck_assert_int_eq(evc_site_step(&site, NULL, 0, st, 1, NULL, 0, T0), EVC_ERANGE);
	ck_assert_int_eq(st[0].result.current_ma, 0); /* untouched */
	st[0].config.rated_ma = 32000;
	/* no stations at all is fine */
	ck_assert_int_eq(evc_site_step(&site, NULL, 0, NULL, 0, NULL, 0, T0), 0);
}
END_TEST

START_TEST(time_must_not_go_back)
{
	evc_site site;
	evc_station st[1];
	evc_test_setup(&site, st, 1, T0);
	ck_assert_int_eq(evc_site_step(&site, NULL, 0, st, 1, NULL, 0, T0 + 10), 0);
	ck_assert_int_eq(evc_site_step(&site, NULL, 0, st, 1, NULL, 0, T0 + 10), 0);
	ck_assert_int_eq(evc_site_step(&site, NULL, 0, st, 1, NULL, 0, T0 + 9), EVC_ERANGE);
	ck_assert_int_eq(evc_site_step(&site, NULL, 0, st, 1, NULL, 0, INT64_MAX), EVC_ERANGE);
}
END_TEST

START_TEST(sessions_and_integration)
{
	evc_site site;
	evc_station st[1];
	evc_test_setup(&site, st, 1, T0);
	st[0].input.connected = 0;
	ck_assert_int_eq(evc_site_step(&site, NULL, 0, st, 1, NULL, 0, T0), 0);
	ck_assert_int_eq(st[0].result.state, EVC_STATE_IDLE);
	ck_assert_int_eq(st[0].result.reason, EVC_R_IDLE);
	ck_assert_str_eq(st[0].result.text, "no vehicle connected");
	st[0].input.connected = 1;
	ck_assert_int_eq(evc_site_step(&site, NULL, 0, st, 1, NULL, 0, T0 + 10), 0);
	ck_assert_int_eq(st[0].result.current_ma, 32000);
	ck_assert(st[0].result.events & EVC_EVENT_START);
	/* one hour at 10 A on three phases: 10 Ah, 6.9 kWh (station meter unknown) */
	st[0].input.current_ma = 10000;
	st[0].input.active_phases = 3;
	site.input.time_s = T0 + 3610;
	ck_assert_int_eq(evc_site_step(&site, NULL, 0, st, 1, NULL, 0, T0 + 3610), 0);
	ck_assert_int_eq(st[0].result.delivered_mah, 10000);
	ck_assert_int_eq(st[0].result.energy_wh, 6900);
	/* the station's own meter wins when given */
	st[0].input.energy_wh = 7000;
	ck_assert_int_eq(evc_site_step(&site, NULL, 0, st, 1, NULL, 0, T0 + 3610), 0);
	ck_assert_int_eq(st[0].result.energy_wh, 7000);
	/* unplugging ends the session */
	st[0].input.connected = 0;
	ck_assert_int_eq(evc_site_step(&site, NULL, 0, st, 1, NULL, 0, T0 + 3620), 0);
	ck_assert_int_eq(st[0].result.delivered_mah, 0);
	ck_assert_int_eq(st[0].result.events, 0);
}
END_TEST

START_TEST(texts_are_terminated)
{
	evc_site site;
	evc_station st[1];
	evc_test_setup(&site, st, 1, T0);
	/* a long id cannot overflow the text */
	evc_id_set(st[0].config.id, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
	evc_test_grid(&site, 35000, 35000, 35000);
	ck_assert_int_eq(evc_site_step(&site, NULL, 0, st, 1, NULL, 0, T0), 0);
	ck_assert_uint_lt(strlen(st[0].result.text), EVC_TEXT_MAX);
	ck_assert_uint_lt(strlen(site.result.text), EVC_TEXT_MAX);
}
END_TEST

Suite *evc_step_suite(void)
{
	Suite *s = suite_create("step");
	TCase *tc = tcase_create("step");
	tcase_add_test(tc, bad_arguments);
	tcase_add_test(tc, time_must_not_go_back);
	tcase_add_test(tc, sessions_and_integration);
	tcase_add_test(tc, texts_are_terminated);
	suite_add_tcase(s, tc);
	return s;
}
