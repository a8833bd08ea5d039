/* Suite "value": typed accessors (numbers, horodates, STGE, RELAIS, profiles, periods, colours). */
#include <string.h>
#include "hems_check.h"
#include "tic_tests.h"

#define S(x) x, (sizeof x - 1)

START_TEST(uint_values)
{
	uint32_t v = 7;
	ck_assert_int_eq(tic_value_uint(S("000380"), &v), 0);
	ck_assert_uint_eq(v, 380);
	ck_assert_int_eq(tic_value_uint(S("999999999"), &v), 0);
	ck_assert_uint_eq(v, 999999999u);
	ck_assert_int_eq(tic_value_uint(S("1234567890"), &v), TIC_EFORMAT);
	ck_assert_int_eq(tic_value_uint(S(""), &v), TIC_EFORMAT);
	ck_assert_int_eq(tic_value_uint(S("12a"), &v), TIC_EFORMAT);
	ck_assert_int_eq(tic_value_uint(NULL, 3, &v), TIC_EINVAL);
	ck_assert_int_eq(tic_value_uint(S("1"), NULL), TIC_EINVAL);
}
END_TEST

START_TEST(horodates)
{
	tic_horodate h;
	/* summer: UTC+2 */
	ck_assert_int_eq(tic_horodate_parse(S("E170915101601"), &h), 0);
	ck_assert_uint_eq(h.year, 2017);
	ck_assert_uint_eq(h.month, 9);
	ck_assert_uint_eq(h.day, 15);
	ck_assert_uint_eq(h.hour, 10);
	ck_assert_uint_eq(h.minute, 16);
	ck_assert_uint_eq(h.second, 1);
	ck_assert_int_eq(h.dst, 1);
	ck_assert_int_eq(h.degraded, 0);
	ck_assert_int_eq(h.utc, 1505463361); /* 2017-09-15T08:16:01Z */
	/* winter: UTC+1, midnight wrap of the corpus */
	ck_assert_int_eq(tic_horodate_parse(S("H240514000004"), &h), 0);
	ck_assert_int_eq(h.utc, 1715641204); /* 2024-05-13T23:00:04Z */
	/* degraded clock: lower case */
	ck_assert_int_eq(tic_horodate_parse(S("h191203125805"), &h), 0);
	ck_assert_int_eq(h.degraded, 1);
	ck_assert_int_eq(h.dst, 0);
	ck_assert_int_eq(h.season, 'h');
	/* season unknown: space */
	ck_assert_int_eq(tic_horodate_parse(S(" 200214060000"), &h), 0);
	ck_assert_int_eq(h.dst, -1);
	ck_assert_int_eq(h.utc, 1581660000); /* local time as if UTC */
	/* leap day, and errors */
	ck_assert_int_eq(tic_horodate_parse(S("H240229120000"), &h), 0);
	ck_assert_int_eq(tic_horodate_parse(S("H230229120000"), &h), TIC_EFORMAT);
	ck_assert_int_eq(tic_horodate_parse(S("X170915101601"), &h), TIC_EFORMAT);
	ck_assert_int_eq(tic_horodate_parse(S("E171315101601"), &h), TIC_EFORMAT);
	ck_assert_int_eq(tic_horodate_parse(S("E170915241601"), &h), TIC_EFORMAT);
	ck_assert_int_eq(tic_horodate_parse(S("E17091510160"), &h), TIC_EFORMAT);
	ck_assert_int_eq(tic_horodate_parse(S("E1709151016x1"), &h), TIC_EFORMAT);
	ck_assert_int_eq(tic_horodate_parse(NULL, 13, &h), TIC_EINVAL);
	ck_assert_int_eq(tic_horodate_parse(S("E170915101601"), NULL), TIC_EINVAL);
	/* PME-PMI */
	ck_assert_int_eq(tic_pmepmi_date_parse(S("14/03/12 15:43:31"), &h), 0);
	ck_assert_uint_eq(h.year, 2012);
	ck_assert_uint_eq(h.month, 3);
	ck_assert_uint_eq(h.day, 14);
	ck_assert_int_eq(h.dst, -1);
	ck_assert_int_eq(tic_pmepmi_date_parse(S("32/03/12 15:43:31"), &h), TIC_EFORMAT);
	ck_assert_int_eq(tic_pmepmi_date_parse(S("14/03/12 15:43"), &h), TIC_EFORMAT);
	ck_assert_int_eq(tic_pmepmi_date_parse(NULL, 17, &h), TIC_EINVAL);
}
END_TEST

START_TEST(stge_fields)
{
	tic_stge st;
	/* corpus: teleinfo-nom tri Tempo: index 3, white today, blue tomorrow, PM1 running */
	ck_assert_int_eq(tic_stge_decode(S("463A0800"), &st), 0);
	ck_assert_uint_eq(st.raw, 0x463A0800u);
	ck_assert_uint_eq(st.supplier_index, 3);
	ck_assert_uint_eq(st.color_today, TIC_COLOR_WHITE);
	ck_assert_uint_eq(st.color_tomorrow, TIC_COLOR_BLUE);
	ck_assert_uint_eq(st.mobile_peak, 1);
	ck_assert_uint_eq(st.mobile_peak_notice, 0);
	ck_assert_uint_eq(st.producer, 0);
	ck_assert_uint_eq(st.tic_standard, 1);
	ck_assert_uint_eq(st.cpl_sync, 0);
	/* openHAB tri producer: index 2, producer, blue today */
	ck_assert_int_eq(tic_stge_decode(S("013A0501"), &st), 0);
	ck_assert_uint_eq(st.producer, 1);
	ck_assert_uint_eq(st.supplier_index, 2);
	ck_assert_uint_eq(st.color_today, TIC_COLOR_BLUE);
	ck_assert_uint_eq(st.dry_contact_open, 1);
	/* Enedis bench meter */
	ck_assert_int_eq(tic_stge_decode(S("000A4411"), &st), 0);
	ck_assert_uint_eq(st.cover_open, 1);
	ck_assert_uint_eq(st.distributor_index, 2);
	ck_assert_uint_eq(st.euridis, 1);
	ck_assert_uint_eq(st.dry_contact_open, 1);
	ck_assert_int_eq(tic_stge_decode(S("FFFFFFFF"), &st), 0);
	ck_assert_uint_eq(st.cutoff, 7);
	ck_assert_uint_eq(st.supplier_index, 16);
	ck_assert_int_eq(tic_stge_decode(S("463a0800"), &st), TIC_EFORMAT);
	ck_assert_int_eq(tic_stge_decode(S("463A080"), &st), TIC_EFORMAT);
	ck_assert_int_eq(tic_stge_decode(NULL, 8, &st), TIC_EINVAL);
}
END_TEST

START_TEST(relais_bits)
{
	uint8_t b = 0;
	ck_assert_int_eq(tic_relais_decode(S("001"), &b), 0);
	ck_assert_uint_eq(b, 1);
	ck_assert_int_eq(tic_relais_decode(S("255"), &b), 0);
	ck_assert_uint_eq(b, 255);
	ck_assert_int_eq(tic_relais_decode(S("256"), &b), TIC_EFORMAT);
	ck_assert_int_eq(tic_relais_decode(S("01"), &b), TIC_EFORMAT);
	ck_assert_int_eq(tic_relais_decode(S("0x1"), &b), TIC_EFORMAT);
	ck_assert_int_eq(tic_relais_decode(NULL, 3, &b), TIC_EINVAL);
}
END_TEST

START_TEST(schedules)
{
	tic_schedule sc;
	ck_assert_int_eq(tic_schedule_decode(S("00008002 0100C001 06008002 1230C001 15308002 NONUTILE "
					       "NONUTILE NONUTILE NONUTILE NONUTILE NONUTILE"),
					     &sc),
			 0);
	ck_assert_uint_eq(sc.count, 5);
	ck_assert_uint_eq(sc.entry[0].hour, 0);
	ck_assert_uint_eq(sc.entry[0].index, 2);
	ck_assert_uint_eq(sc.entry[0].action, 0x8002);
	ck_assert_uint_eq(sc.entry[1].hour, 1);
	ck_assert_uint_eq(sc.entry[1].index, 1);
	ck_assert_uint_eq(sc.entry[3].hour, 12);
	ck_assert_uint_eq(sc.entry[3].minute, 30);
	ck_assert_uint_eq(sc.entry[4].minute, 30);
	ck_assert_int_eq(tic_schedule_decode(S("NONUTILE"), &sc), 0);
	ck_assert_uint_eq(sc.count, 0);
	ck_assert_int_eq(tic_schedule_decode(S(""), &sc), 0);
	ck_assert_int_eq(tic_schedule_decode(S("2500C001"), &sc), TIC_EFORMAT);
	ck_assert_int_eq(tic_schedule_decode(S("0000C00G"), &sc), TIC_EFORMAT);
	ck_assert_int_eq(tic_schedule_decode(S("0000C001 "), &sc), TIC_EFORMAT);
	ck_assert_int_eq(tic_schedule_decode(S("0000C001-0000C001"), &sc), TIC_EFORMAT);
	ck_assert_int_eq(tic_schedule_decode(S("0000C00"), &sc), TIC_EFORMAT);
	ck_assert_int_eq(tic_schedule_decode(S("NONUTILE NONUTILE NONUTILE NONUTILE NONUTILE "
					       "NONUTILE NONUTILE NONUTILE NONUTILE NONUTILE "
					       "NONUTILE NONUTILE"),
					     &sc),
			 TIC_EFORMAT);
	ck_assert_int_eq(tic_schedule_decode(NULL, 8, &sc), TIC_EINVAL);
}
END_TEST

START_TEST(periods_and_colors)
{
	ck_assert_int_eq(tic_period_from_ptec(S("TH..")), TIC_PERIOD_BASE);
	ck_assert_int_eq(tic_period_from_ptec(S("HP..")), TIC_PERIOD_HP);
	ck_assert_int_eq(tic_period_from_ptec(S("HN..")), TIC_PERIOD_HN);
	ck_assert_int_eq(tic_period_from_ptec(S("PM..")), TIC_PERIOD_PM);
	ck_assert_int_eq(tic_period_from_ptec(S("HCJB")), TIC_PERIOD_HCJB);
	ck_assert_int_eq(tic_period_from_ptec(S("HPJR")), TIC_PERIOD_HPJR);
	ck_assert_int_eq(tic_period_from_ptec(S("XX..")), TIC_PERIOD_UNKNOWN);
	ck_assert_int_eq(tic_period_from_ptec(NULL, 4), TIC_PERIOD_UNKNOWN);
	ck_assert_int_eq(tic_period_from_ltarf(S("   HC  BLANC    ")), TIC_PERIOD_HCJW);
	ck_assert_int_eq(tic_period_from_ltarf(S("    HP  BLEU    ")), TIC_PERIOD_HPJB);
	ck_assert_int_eq(tic_period_from_ltarf(S(" HEURE  CREUSE  ")), TIC_PERIOD_HC);
	ck_assert_int_eq(tic_period_from_ltarf(S("HEURE PLEINE")), TIC_PERIOD_HP);
	ck_assert_int_eq(tic_period_from_ltarf(S("      BASE      ")), TIC_PERIOD_BASE);
	ck_assert_int_eq(tic_period_from_ltarf(S("H PLEINE/CREUSE ")), TIC_PERIOD_UNKNOWN);
	ck_assert_int_eq(tic_period_from_ltarf(S("INDEX NON CONSO")), TIC_PERIOD_UNKNOWN);
	ck_assert_int_eq(tic_period_from_ltarf(S("POINTE MOBILE")), TIC_PERIOD_PM);
	ck_assert_int_eq(tic_period_from_ltarf(NULL, 4), TIC_PERIOD_UNKNOWN);
	ck_assert_str_eq(tic_period_name(TIC_PERIOD_HCJW), "HCJW");
	ck_assert_str_eq(tic_period_name(TIC_PERIOD_UNKNOWN), "");
	ck_assert_str_eq(tic_period_name(99), "");
	ck_assert_int_eq(tic_period_index_label(TIC_PERIOD_HC), TIC_L_HCHC);
	ck_assert_int_eq(tic_period_index_label(TIC_PERIOD_HPJR), TIC_L_BBRHPJR);
	ck_assert_int_eq(tic_period_index_label(TIC_PERIOD_UNKNOWN), -1);
	ck_assert_int_eq(tic_color_from_demain(S("BLEU")), TIC_COLOR_BLUE);
	ck_assert_int_eq(tic_color_from_demain(S("BLAN")), TIC_COLOR_WHITE);
	ck_assert_int_eq(tic_color_from_demain(S("ROUG")), TIC_COLOR_RED);
	ck_assert_int_eq(tic_color_from_demain(S("----")), TIC_COLOR_UNKNOWN);
	ck_assert_int_eq(tic_color_from_demain(NULL, 4), TIC_COLOR_UNKNOWN);
	ck_assert_str_eq(tic_color_name(TIC_COLOR_RED), "red");
	ck_assert_str_eq(tic_color_name(42), "unknown");
}
END_TEST

Suite *tic_value_suite(void)
{
	Suite *s = suite_create("value");
	TCase *tc = tcase_create("value");
	tcase_add_test(tc, uint_values);
	tcase_add_test(tc, horodates);
	tcase_add_test(tc, stge_fields);
	tcase_add_test(tc, relais_bits);
	tcase_add_test(tc, schedules);
	tcase_add_test(tc, periods_and_colors);
	suite_add_tcase(s, tc);
	return s;
}
