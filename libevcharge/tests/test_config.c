/* Suite "config": defaults, id copy, evc_site_check() on every field class. */
#include "hems_check.h"
#include "evc_tests.h"

START_TEST(defaults)
{
	evc_site site;
	evc_site_init(&site);
	ck_assert_uint_eq(site.config.version, EVC_SITE_CONFIG_VERSION);
	ck_assert_int_eq(site.config.phases, 3);
	ck_assert_int_eq(site.config.voltage_v, 230);
	ck_assert_int_eq(site.config.derating_pct, 80);
	ck_assert_int_eq(site.config.stale_after_s, 30);
	ck_assert_int_eq(site.config.greenup.step1_pct, 75);
	ck_assert_int_eq(site.config.greenup.step2_pct, 50);
	ck_assert_int_eq(site.config.greenup.min_guaranteed_mah, 32000);
	ck_assert_int_eq(site.config.flow.three_phase_on_w, 4100);
	ck_assert_int_eq(site.config.flow.hold_s, 300);
	ck_assert_int_eq(site.input.meter_ok, 1);
	evc_station st;
	evc_station_init(&st);
	ck_assert_int_eq(st.config.min_ma, 6000);
	ck_assert_int_eq(st.config.hold_s, -1);
	ck_assert_int_eq(st.config.fallback_ma, -1);
	ck_assert_int_eq(st.config.circuit, EVC_NO_CIRCUIT);
	ck_assert_int_eq((int)st.input.energy_wh, -1);
	evc_load l;
	evc_load_init(&l);
	ck_assert_int_eq(l.config.rank, 3);
	ck_assert_int_eq(l.input.available, 1);
	evc_circuit c;
	evc_circuit_init(&c);
	ck_assert_int_eq(c.config.parent, EVC_NO_CIRCUIT);
	ck_assert_int_eq(evc_site_check(&site, &c, 1, &st, 1, NULL, 0, NULL), 0);
	/* NULL is ignored everywhere */
	evc_site_init(NULL);
	evc_station_init(NULL);
	evc_load_init(NULL);
	evc_circuit_init(NULL);
	evc_site_config_init(NULL);
	evc_station_config_init(NULL);
	evc_load_config_init(NULL);
	evc_circuit_config_init(NULL);
}
END_TEST

START_TEST(id_copy)
{
	char id[EVC_ID_MAX];
	evc_id_set(id, "A");
	ck_assert_str_eq(id, "A");
	evc_id_set(id, "a-very-long-station-name");
	ck_assert_uint_eq(strlen(id), EVC_ID_MAX - 1);
	evc_id_set(id, NULL);
	ck_assert_str_eq(id, "");
	evc_id_set(NULL, "x");
}
END_TEST

START_TEST(check_errors)
{
	evc_site site;
	evc_station st[2];
	evc_check_error e;
	evc_test_setup(&site, st, 2, 0);
	ck_assert_int_eq(evc_site_check(NULL, NULL, 0, NULL, 0, NULL, 0, &e), EVC_EINVAL);
	ck_assert_int_eq(evc_site_check(&site, NULL, 0, NULL, 2, NULL, 0, &e), EVC_EINVAL);
	site.config.version = 99;
	ck_assert_int_eq(evc_site_check(&site, NULL, 0, st, 2, NULL, 0, &e), EVC_EINVAL);
	ck_assert_str_eq(e.field, "version");
	site.config.version = EVC_SITE_CONFIG_VERSION;
	site.config.phases = 2;
	ck_assert_int_eq(evc_site_check(&site, NULL, 0, st, 2, NULL, 0, &e), EVC_ERANGE);
	ck_assert_str_eq(e.object, "site");
	ck_assert_str_eq(e.field, "phases");
	site.config.phases = 3;
	site.config.greenup.max_charging_current_ma = site.config.greenup.max_current_ma + 1;
	ck_assert_int_eq(evc_site_check(&site, NULL, 0, st, 2, NULL, 0, &e), EVC_ERANGE);
	ck_assert_str_eq(e.field, "greenup.max_charging_current_ma");
	evc_site_config_init(&site.config);
	st[1].config.min_ma = st[1].config.rated_ma + 1;
	ck_assert_int_eq(evc_site_check(&site, NULL, 0, st, 2, NULL, 0, &e), EVC_ERANGE);
	ck_assert_str_eq(e.object, "station");
	ck_assert_int_eq(e.index, 1);
	ck_assert_str_eq(e.field, "min_ma");
	st[1].config.min_ma = 6000;
	st[0].config.mode = EVC_MODE_PV_MIN_DEADLINE;
	ck_assert_int_eq(evc_site_check(&site, NULL, 0, st, 2, NULL, 0, &e), EVC_ERANGE);
	ck_assert_str_eq(e.field, "deadline_wday");
	st[0].config.deadline_wday = 0;
	st[0].config.circuit = 0;
	ck_assert_int_eq(evc_site_check(&site, NULL, 0, st, 2, NULL, 0, &e), EVC_ERANGE);
	ck_assert_str_eq(e.field, "circuit");
	evc_circuit c[2];
	evc_circuit_init(&c[0]);
	evc_circuit_init(&c[1]);
	c[0].config.parent = 1; /* must point backwards: no cycles */
	ck_assert_int_eq(evc_site_check(&site, c, 2, st, 2, NULL, 0, &e), EVC_ERANGE);
	ck_assert_str_eq(e.object, "circuit");
	c[0].config.parent = EVC_NO_CIRCUIT;
	c[1].config.parent = 0;
	ck_assert_int_eq(evc_site_check(&site, c, 2, st, 2, NULL, 0, &e), 0);
	evc_load l;
	evc_load_init(&l);
	l.config.on_w = 1000;
	l.config.off_w = 1000; /* thresholds may not cross or touch */
	ck_assert_int_eq(evc_site_check(&site, c, 2, st, 2, &l, 1, &e), EVC_ERANGE);
	ck_assert_str_eq(e.field, "off_w");
	l.config.off_w = 500;
	ck_assert_int_eq(evc_site_check(&site, c, 2, st, 2, &l, 1, NULL), 0);
	/* a station's phase must exist on the site */
	site.config.phases = 1;
	st[0].config.phase = 2;
	ck_assert_int_eq(evc_site_check(&site, c, 2, st, 2, &l, 1, &e), EVC_ERANGE);
	ck_assert_str_eq(e.field, "phase");
}
END_TEST

Suite *evc_config_suite(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("config");
	tcase_add_test(tc, defaults);
	tcase_add_test(tc, id_copy);
	tcase_add_test(tc, check_errors);
	suite_add_tcase(s, tc);
	return s;
}
