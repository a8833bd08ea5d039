/* Suite "cost": splitting at every change, DST in both hemispheres, price changes mid-interval,
 * unpriced energy, rounding, breakdowns by local day/month/year, meter periods, gas, the bill. */
#include <stdio.h>
#include <string.h>
#include "hems_check.h"
#include "tariff/tariff.h"
#include "tariff_tests.h"

static int64_t T(const char *iso)
{
	int64_t t = 0;
	ck_assert_msg(tariff_time_parse(iso, strlen(iso), &t) == 0, "parse %s", iso);
	return t;
}

static const char *fmt(tariff_money m, unsigned digits)
{
	static char buf[4][TARIFF_MONEY_STRLEN];
	static int k;
	k = (k + 1) % 4;
	ck_assert_int_gt(tariff_money_format(m, digits, buf[k], sizeof buf[k]), 0);
	return buf[k];
}

/* HC 22:00–05:59 at 0.1828, HP otherwise at 0.2516 then 0.2700 from 2025-02-01. */
static const tariff_price hp_prices[] = {{0, 251600000}, {0, 270000000}};
static tariff_price hp_p[2];
static const tariff_price hc_p[] = {{TARIFF_DATE_NONE, 182800000}};
static tariff_tariff hphc[2];
static tariff_rule hphc_rules[2];

static tariff_set make_set(const char *tz)
{
	tariff_set set;
	memset(&set, 0, sizeof set);
	memcpy(set.currency, "EUR", 4);
	set.currency_digits = 2;
	ck_assert_int_eq(tariff_tz_parse(&set.tz, tz, NULL), 0);
	for (int c = 0; c < TARIFF_COMMODITIES; c++)
		set.commodity[c].vat_ppm = -1;
	memcpy(hp_p, hp_prices, sizeof hp_p);
	hp_p[0].from = tariff_date_from_ymd(2024, 2, 1);
	hp_p[1].from = tariff_date_from_ymd(2025, 2, 1);
	hphc[0] = (tariff_tariff){"HP", "Heures pleines", "#e4572e", hp_p, 2, NULL, 0};
	hphc[1] = (tariff_tariff){"HC", NULL, NULL, hc_p, 1, NULL, 0};
	hphc_rules[0] = (tariff_rule){1, TARIFF_RULE_WINDOW, 0, 0, 22 * 60, 5 * 60 + 59, 0};
	hphc_rules[1] = (tariff_rule){0, 0, 0, 0, 0, 0, 0};
	set.commodity[TARIFF_ELECTRICITY].tariffs = hphc;
	set.commodity[TARIFF_ELECTRICITY].n_tariffs = 2;
	set.commodity[TARIFF_ELECTRICITY].rules = hphc_rules;
	set.commodity[TARIFF_ELECTRICITY].n_rules = 2;
	ck_assert_int_eq(tariff_set_validate(&set, NULL), 0);
	return set;
}

#define PARIS "CET-1CEST,M3.5.0,M10.5.0/3"
#define SYDNEY "AEST-10AEDT,M10.1.0,M4.1.0/3"

START_TEST(flat_and_window_split)
{
	tariff_set set = make_set(PARIS);
	tariff_cost c;
	ck_assert_int_eq(tariff_cost_init(&c, &set, TARIFF_ELECTRICITY, TARIFF_BY_NONE, NULL, 0), 0);
	/* 21:00–23:00 local, 2000 Wh: 1000 Wh HP, 1000 Wh HC */
	ck_assert_int_eq(tariff_cost_add(&c, T("2025-03-04T21:00:00+01:00"), T("2025-03-04T23:00:00+01:00"), 2000000), 0);
	const tariff_totals *t = tariff_cost_totals(&c);
	ck_assert_int_eq(t->quantity_mu, 2000000);
	ck_assert_int_eq(t->unpriced_mu, 0);
	ck_assert_int_eq(t->tariff_quantity_mu[0], 1000000);
	ck_assert_int_eq(t->tariff_quantity_mu[1], 1000000);
	ck_assert_str_eq(fmt(t->tariff_cost[0], 6), "0.270000");
	ck_assert_str_eq(fmt(t->tariff_cost[1], 6), "0.182800");
	ck_assert_str_eq(fmt(t->cost, 2), "0.45"); /* 0.4528 */
	/* the window's end minute is included: 05:59 is HC, 06:00 HP */
	ck_assert_int_eq(tariff_cost_add(&c, T("2025-03-05T05:59:00+01:00"), T("2025-03-05T06:01:00+01:00"), 120000), 0);
	ck_assert_int_eq(t->tariff_quantity_mu[1], 1060000);
	ck_assert_int_eq(t->tariff_quantity_mu[0], 1060000);
}
END_TEST

START_TEST(price_change_mid_interval)
{
	tariff_set set = make_set(PARIS);
	tariff_cost c;
	ck_assert_int_eq(tariff_cost_init(&c, &set, TARIFF_ELECTRICITY, TARIFF_BY_DAY, (tariff_period_totals[4]){0}, 4), 0);
	/* 2025-01-31 12:00 to 2025-02-01 12:00 local, 24 kWh: HP 10:00→22:00 + 06:00→12:00 */
	ck_assert_int_eq(tariff_cost_add(&c, T("2025-01-31T12:00:00+01:00"), T("2025-02-01T12:00:00+01:00"), 24000000), 0);
	const tariff_totals *t = tariff_cost_totals(&c);
	ck_assert_int_eq(t->tariff_quantity_mu[0], 16000000); /* 12:00-22:00 + 06:00-12:00 */
	ck_assert_int_eq(t->tariff_quantity_mu[1], 8000000);
	/* 10 kWh at 0.2516 on the 31st, 6 kWh at 0.2700 on the 1st, 8 kWh at 0.1828 */
	ck_assert_str_eq(fmt(t->tariff_cost[0], 6), "4.136000");
	ck_assert_str_eq(fmt(t->tariff_cost[1], 6), "1.462400");
	ck_assert_uint_eq(tariff_cost_period_count(&c), 2);
	ck_assert_int_eq(tariff_cost_period(&c, 0)->period, 20250131);
	ck_assert_int_eq(tariff_cost_period(&c, 1)->period, 20250201);
	ck_assert_str_eq(fmt(tariff_cost_period(&c, 0)->totals.cost, 6), "2.881600"); /* 10×.2516 + 2×.1828 */
	ck_assert_str_eq(fmt(tariff_cost_period(&c, 1)->totals.cost, 6), "2.716800"); /* 6×.1828 + 6×.27 */
	ck_assert_ptr_null(tariff_cost_period(&c, 2));
}
END_TEST

START_TEST(unpriced_reported)
{
	tariff_set set = make_set(PARIS);
	set.commodity[TARIFF_ELECTRICITY].n_rules = 1; /* only HC: day hours match nothing */
	tariff_cost c;
	ck_assert_int_eq(tariff_cost_init(&c, &set, TARIFF_ELECTRICITY, TARIFF_BY_NONE, NULL, 0), 0);
	ck_assert_int_eq(tariff_cost_add(&c, T("2025-03-04T21:00:00+01:00"), T("2025-03-04T23:00:00+01:00"), 2000000), 0);
	const tariff_totals *t = tariff_cost_totals(&c);
	ck_assert_int_eq(t->quantity_mu, 2000000);
	ck_assert_int_eq(t->unpriced_mu, 1000000);
	ck_assert_str_eq(fmt(t->cost, 6), "0.182800");
	/* before the first dated price: no price in force, unpriced too */
	set = make_set(PARIS);
	ck_assert_int_eq(tariff_cost_init(&c, &set, TARIFF_ELECTRICITY, TARIFF_BY_NONE, NULL, 0), 0);
	ck_assert_int_eq(tariff_cost_add(&c, T("2024-01-10T10:00:00+01:00"), T("2024-01-10T11:00:00+01:00"), 500000), 0);
	ck_assert_int_eq(tariff_cost_totals(&c)->unpriced_mu, 500000);
	ck_assert_int_eq(tariff_money_cmp(tariff_cost_totals(&c)->cost, tariff_money_from_femto(0)), 0);
}
END_TEST

START_TEST(split_sums_exactly)
{
	tariff_set set = make_set("UTC0");
	hphc_rules[0] = (tariff_rule){1, TARIFF_RULE_WINDOW, 0, 0, 20, 39, 0};
	tariff_cost c;
	ck_assert_int_eq(tariff_cost_init(&c, &set, TARIFF_ELECTRICITY, TARIFF_BY_NONE, NULL, 0), 0);
	/* 1 mWh... 1000 mWh over 1 h split in thirds: 333 + 333 + 334 */
	ck_assert_int_eq(tariff_cost_add(&c, T("2025-03-04T00:00:00Z"), T("2025-03-04T01:00:00Z"), 1000), 0);
	const tariff_totals *t = tariff_cost_totals(&c);
	ck_assert_int_eq(t->quantity_mu, 1000);
	ck_assert_int_eq(t->tariff_quantity_mu[0] + t->tariff_quantity_mu[1], 1000);
	ck_assert_int_eq(t->tariff_quantity_mu[1], 333);
	/* a huge quantity takes the 128-bit path and still sums exactly */
	ck_assert_int_eq(tariff_cost_init(&c, &set, TARIFF_ELECTRICITY, TARIFF_BY_NONE, NULL, 0), 0);
	ck_assert_int_eq(tariff_cost_add(&c, T("2025-03-04T00:00:00Z"), T("2025-03-05T00:00:00Z"), INT64_C(4000000000000000000)), 0);
	ck_assert_int_eq(t->quantity_mu, INT64_C(4000000000000000000));
	/* cumulative rounding: floor(Q·40/1440) − floor(Q·20/1440) */
	ck_assert_int_eq(t->tariff_quantity_mu[1], INT64_C(4000000000000000000) / 36 - INT64_C(4000000000000000000) / 72);
	ck_assert_int_eq(t->tariff_quantity_mu[0] + t->tariff_quantity_mu[1], INT64_C(4000000000000000000));
}
END_TEST

START_TEST(dst_spring_and_autumn_paris)
{
	tariff_set set = make_set(PARIS);
	/* a rule for 02:00–02:59 local: never holds on the spring day, twice on the autumn day */
	hphc_rules[0] = (tariff_rule){1, TARIFF_RULE_WINDOW, 0, 0, 120, 179, 0};
	tariff_period_totals p[8];
	tariff_cost c;
	ck_assert_int_eq(tariff_cost_init(&c, &set, TARIFF_ELECTRICITY, TARIFF_BY_DAY, p, 8), 0);
	/* hourly samples of 1 kWh over the whole local day 2025-03-30 (23 h) */
	int64_t s = T("2025-03-30T00:00:00+01:00"), e = T("2025-03-31T00:00:00+02:00");
	ck_assert_int_eq((e - s) / 3600, 23);
	for (int64_t t = s; t < e; t += 3600)
		ck_assert_int_eq(tariff_cost_add(&c, t, t + 3600, 1000000), 0);
	ck_assert_uint_eq(tariff_cost_period_count(&c), 1);
	ck_assert_int_eq(p[0].period, 20250330);
	ck_assert_int_eq(p[0].totals.quantity_mu, 23000000);
	ck_assert_int_eq(p[0].totals.tariff_quantity_mu[1], 0);
	/* the autumn day has 25 h, two of them 02:xx */
	s = T("2025-10-26T00:00:00+02:00");
	e = T("2025-10-27T00:00:00+01:00");
	ck_assert_int_eq((e - s) / 3600, 25);
	for (int64_t t = s; t < e; t += 3600)
		ck_assert_int_eq(tariff_cost_add(&c, t, t + 3600, 1000000), 0);
	ck_assert_uint_eq(tariff_cost_period_count(&c), 2);
	ck_assert_int_eq(p[1].period, 20251026);
	ck_assert_int_eq(p[1].totals.quantity_mu, 25000000);
	ck_assert_int_eq(p[1].totals.tariff_quantity_mu[1], 2000000);
	/* one interval over the autumn change is split at the change and at the window edges */
	ck_assert_int_eq(tariff_cost_init(&c, &set, TARIFF_ELECTRICITY, TARIFF_BY_NONE, NULL, 0), 0);
	ck_assert_int_eq(tariff_cost_add(&c, T("2025-10-26T00:00:00Z"), T("2025-10-26T02:00:00Z"), 2000000), 0);
	/* 00:00Z–01:00Z is 02:00–03:00 CEST (HC), 01:00Z–02:00Z is 02:00–03:00 CET (HC again) */
	ck_assert_int_eq(tariff_cost_totals(&c)->tariff_quantity_mu[1], 2000000);
}
END_TEST

START_TEST(dst_southern_sydney)
{
	tariff_set set = make_set(SYDNEY);
	hphc_rules[0] = (tariff_rule){1, TARIFF_RULE_WINDOW, 0, 0, 120, 179, 0};
	tariff_period_totals p[8];
	tariff_cost c;
	ck_assert_int_eq(tariff_cost_init(&c, &set, TARIFF_ELECTRICITY, TARIFF_BY_DAY, p, 8), 0);
	/* 2025-04-06: DST ends, 25 h, 02:xx twice */
	int64_t s = T("2025-04-06T00:00:00+11:00"), e = T("2025-04-07T00:00:00+10:00");
	ck_assert_int_eq((e - s) / 3600, 25);
	ck_assert_int_eq(tariff_cost_add(&c, s, e, 25000000), 0); /* one interval for the day */
	/* 2025-10-05: DST starts, 23 h, no 02:xx */
	s = T("2025-10-05T00:00:00+10:00");
	e = T("2025-10-06T00:00:00+11:00");
	ck_assert_int_eq((e - s) / 3600, 23);
	ck_assert_int_eq(tariff_cost_add(&c, s - 3600, e + 3600, 25000000), 0); /* crosses both midnights */
	ck_assert_uint_eq(tariff_cost_period_count(&c), 4);
	ck_assert_int_eq(p[0].period, 20250406);
	ck_assert_int_eq(p[0].totals.tariff_quantity_mu[1], 2000000);
	ck_assert_int_eq(p[1].period, 20251004);
	ck_assert_int_eq(p[1].totals.quantity_mu, 1000000);
	ck_assert_int_eq(p[2].period, 20251005);
	ck_assert_int_eq(p[2].totals.quantity_mu, 23000000);
	ck_assert_int_eq(p[2].totals.tariff_quantity_mu[1], 0);
	ck_assert_int_eq(p[3].period, 20251006);
	ck_assert_int_eq(p[3].totals.quantity_mu, 1000000);
}
END_TEST

START_TEST(breakdowns_sample_rates)
{
	tariff_set set = make_set(PARIS);
	static tariff_period_totals days[400];
	tariff_period_totals months[13], years[2];
	tariff_cost cd, cm, cy, c15;
	ck_assert_int_eq(tariff_cost_init(&cd, &set, TARIFF_ELECTRICITY, TARIFF_BY_DAY, days, 400), 0);
	ck_assert_int_eq(tariff_cost_init(&cm, &set, TARIFF_ELECTRICITY, TARIFF_BY_MONTH, months, 13), 0);
	ck_assert_int_eq(tariff_cost_init(&cy, &set, TARIFF_ELECTRICITY, TARIFF_BY_YEAR, years, 2), 0);
	ck_assert_int_eq(tariff_cost_init(&c15, &set, TARIFF_ELECTRICITY, TARIFF_BY_MONTH, (tariff_period_totals[13]){0}, 13), 0);
	int64_t s = T("2025-01-01T00:00:00+01:00"), e = T("2026-01-01T00:00:00+01:00");
	/* daily samples, 1-hour samples and 15-minute samples over the local year 2025 */
	int64_t t = s;
	for (int32_t d = tariff_date_from_ymd(2025, 1, 1); d < tariff_date_from_ymd(2026, 1, 1); d++) {
		int64_t next;
		ck_assert_int_eq(tariff_tz_utc(&set.tz, d + 1, 0, 0, &next), 0);
		ck_assert_int_eq(tariff_cost_add(&cd, t, next, 24000000), 0);
		t = next;
	}
	ck_assert_int_eq(t, e);
	for (t = s; t < e; t += 3600)
		ck_assert_int_eq(tariff_cost_add(&cm, t, t + 3600, 1000000), 0);
	for (t = s; t < e; t += 900)
		ck_assert_int_eq(tariff_cost_add(&c15, t, t + 900, 250000), 0);
	ck_assert_int_eq(tariff_cost_add(&cy, s, e, 8760000000), 0);
	ck_assert_uint_eq(tariff_cost_period_count(&cd), 365);
	ck_assert_int_eq(days[0].period, 20250101);
	ck_assert_int_eq(days[364].period, 20251231);
	ck_assert_uint_eq(tariff_cost_period_count(&cm), 12);
	ck_assert_int_eq(months[2].period, 202503);
	ck_assert_int_eq(months[2].totals.quantity_mu, (31 * 24 - 1) * INT64_C(1000000)); /* March has 743 h */
	ck_assert_int_eq(months[9].totals.quantity_mu, (31 * 24 + 1) * INT64_C(1000000)); /* October 745 h */
	ck_assert_uint_eq(tariff_cost_period_count(&cy), 1);
	ck_assert_int_eq(years[0].period, 2025);
	/* the 1-hour and 15-minute runs agree to the milli-unit, per tariff */
	const tariff_totals *a = tariff_cost_totals(&cm), *b = tariff_cost_totals(&c15);
	ck_assert_int_eq(a->quantity_mu, 8760000000);
	ck_assert_int_eq(b->quantity_mu, 8760000000);
	ck_assert_int_eq(a->tariff_quantity_mu[1], b->tariff_quantity_mu[1]);
	ck_assert_int_eq(tariff_money_cmp(a->cost, b->cost), 0);
	/* 8 h of HC every day: 2920 kWh HC */
	ck_assert_int_eq(a->tariff_quantity_mu[1], 2920000000);
	/* hourly: HC is 7 h on the 23-h day and 9 h on the 25-h day: 363 × 8 + 7 + 9 = 2920 kWh */
	/* daily samples of 24 kWh spread over the local day: 24 × 7/23 and 24 × 9/25 on the DST days */
	ck_assert_int_eq(tariff_cost_totals(&cd)->tariff_quantity_mu[1], 363 * INT64_C(8000000) + 7304348 + 8640000);
	ck_assert_int_eq(tariff_cost_totals(&cd)->quantity_mu, 365 * INT64_C(24000000));
}
END_TEST

START_TEST(rounding_once)
{
	/* 3 × 1 Wh at 0.0015 EUR/kWh per... 1 kWh × 0.001499: each piece rounds to 0.00, the sum
	 * rounds once: 10 × 0.0015 = 0.015 → 0.02 (half away from zero) */
	tariff_set set = make_set("UTC0");
	static const tariff_price cheap[] = {{TARIFF_DATE_NONE, 1500000}};
	hphc[0].prices = cheap;
	hphc[0].n_prices = 1;
	set.commodity[TARIFF_ELECTRICITY].n_rules = 2;
	hphc_rules[0] = (tariff_rule){1, TARIFF_RULE_DAYS, 0, 0, 0, 0, TARIFF_DAY_SUN}; /* never on 2025-03-04 */
	tariff_cost c;
	ck_assert_int_eq(tariff_cost_init(&c, &set, TARIFF_ELECTRICITY, TARIFF_BY_NONE, NULL, 0), 0);
	for (int i = 0; i < 10; i++)
		ck_assert_int_eq(tariff_cost_add(&c, T("2025-03-04T10:00:00Z") + i * 3600, T("2025-03-04T11:00:00Z") + i * 3600, 1000000), 0);
	ck_assert_str_eq(fmt(tariff_cost_totals(&c)->cost, 2), "0.02");
	ck_assert_str_eq(fmt(tariff_cost_totals(&c)->cost, 6), "0.015000");
	int64_t cents;
	ck_assert_int_eq(tariff_money_round(tariff_cost_totals(&c)->cost, 2, &cents), 0);
	ck_assert_int_eq(cents, 2);
}
END_TEST

START_TEST(dynamic_series)
{
	tariff_set set = make_set("UTC0");
	const tariff_slot slots[] = {{T("2025-03-04T10:00:00Z"), T("2025-03-04T10:15:00Z"), 100000000},
				     {T("2025-03-04T10:15:00Z"), T("2025-03-04T10:30:00Z"), -20000000},
				     {T("2025-03-04T10:45:00Z"), T("2025-03-04T11:00:00Z"), 300000000}};
	tariff_tariff spot[1] = {{"SPOT", NULL, NULL, NULL, 0, slots, 3}};
	tariff_rule all[1] = {{0, 0, 0, 0, 0, 0, 0}};
	set.commodity[TARIFF_ELECTRICITY].tariffs = spot;
	set.commodity[TARIFF_ELECTRICITY].n_tariffs = 1;
	set.commodity[TARIFF_ELECTRICITY].rules = all;
	set.commodity[TARIFF_ELECTRICITY].n_rules = 1;
	ck_assert_int_eq(tariff_set_validate(&set, NULL), 0);
	tariff_cost c;
	ck_assert_int_eq(tariff_cost_init(&c, &set, TARIFF_ELECTRICITY, TARIFF_BY_NONE, NULL, 0), 0);
	/* 09:50–11:10, 8 kWh: 1 kWh per 10 min */
	ck_assert_int_eq(tariff_cost_add(&c, T("2025-03-04T09:50:00Z"), T("2025-03-04T11:10:00Z"), 8000000), 0);
	const tariff_totals *t = tariff_cost_totals(&c);
	/* priced: 10:00-10:30 and 10:45-11:00 = 45 min = 4.5 kWh; unpriced 3.5 kWh */
	ck_assert_int_eq(t->tariff_quantity_mu[0], 4500000);
	ck_assert_int_eq(t->unpriced_mu, 3500000);
	/* 1.5 × 0.10 − 1.5 × 0.02 + 1.5 × 0.30 */
	ck_assert_str_eq(fmt(t->cost, 6), "0.570000");
}
END_TEST

START_TEST(meter_periods_and_index)
{
	tariff_set set = make_set(PARIS);
	const tariff_period_map map[] = {{"HC..", 1}, {"HP..", 0}, {"EASF01", 1}, {"EASF02", 0}};
	set.commodity[TARIFF_ELECTRICITY].periods = map;
	set.commodity[TARIFF_ELECTRICITY].n_periods = 4;
	ck_assert_int_eq(tariff_set_validate(&set, NULL), 0);
	tariff_cost c;
	ck_assert_int_eq(tariff_cost_init(&c, &set, TARIFF_ELECTRICITY, TARIFF_BY_NONE, NULL, 0), 0);
	/* the meter says HC at noon: its label wins over the rules */
	ck_assert_int_eq(tariff_cost_add_label(&c, T("2025-03-04T12:00:00+01:00"), T("2025-03-04T13:00:00+01:00"), 1000000, "HC.."), 0);
	const tariff_totals *t = tariff_cost_totals(&c);
	ck_assert_int_eq(t->tariff_quantity_mu[1], 1000000);
	/* index deltas: EASF02 went from 1 000 000 Wh to 1 001 234 Wh */
	ck_assert_int_eq(tariff_cost_add_index(&c, T("2025-03-04T13:00:00+01:00"), T("2025-03-04T14:00:00+01:00"), "EASF02", 1000000, 1001234), 0);
	ck_assert_int_eq(t->tariff_quantity_mu[0], 1234000);
	ck_assert_str_eq(fmt(t->tariff_cost[0], 6), "0.333180");
	ck_assert_int_eq(tariff_cost_add_index(&c, 0, 3600, "EASF02", 5, 4), TARIFF_ERANGE);
	ck_assert_int_eq(tariff_cost_add_index(&c, 0, 3600, "EASF09", 4, 5), TARIFF_ENOTFOUND);
	ck_assert_int_eq(tariff_cost_add_label(&c, 0, 3600, 1, NULL), TARIFF_EINVAL);
	ck_assert_int_eq(tariff_cost_add_index(&c, 0, 3600, "EASF02", 0, INT64_MAX), TARIFF_ERANGE);
	ck_assert_int_eq(t->quantity_mu, 2234000); /* refused calls counted nothing */
	ck_assert_int_eq(tariff_cost_add_index(NULL, 0, 3600, "EASF02", 0, 1), TARIFF_EINVAL);
}
END_TEST

START_TEST(gas_factor_and_vat_and_bill)
{
	tariff_set set = make_set(PARIS);
	static const tariff_price gas_p[] = {{TARIFF_DATE_NONE, 1200000000}}; /* 1.20 per m³ */
	static const tariff_tariff gas_t[] = {{"GAS", NULL, NULL, gas_p, 1, NULL, 0}};
	static const tariff_rule gas_r[] = {{0, 0, 0, 0, 0, 0, 0}};
	tariff_factor f[2] = {{TARIFF_DATE_NONE, 11200000000}, {tariff_date_from_ymd(2025, 2, 1), 11400000000}};
	tariff_schedule *g = &set.commodity[TARIFF_GAS];
	g->tariffs = gas_t;
	g->n_tariffs = 1;
	g->rules = gas_r;
	g->n_rules = 1;
	g->factors = f;
	g->n_factors = 2;
	g->vat_ppm = 200000;
	ck_assert_int_eq(tariff_set_validate(&set, NULL), 0);
	tariff_cost c;
	ck_assert_int_eq(tariff_cost_init(&c, &set, TARIFF_GAS, TARIFF_BY_NONE, NULL, 0), 0);
	/* 2 m³ over two days across the factor change */
	ck_assert_int_eq(tariff_cost_add(&c, T("2025-01-31T00:00:00+01:00"), T("2025-02-02T00:00:00+01:00"), 2000000), 0);
	const tariff_totals *t = tariff_cost_totals(&c);
	ck_assert_str_eq(fmt(t->cost, 2), "2.40");
	ck_assert_str_eq(fmt(t->energy_kwh, 3), "22.600"); /* 11.2 + 11.4 */
	ck_assert_int_eq(t->unconverted_mu, 0);
	tariff_money incl;
	ck_assert_int_eq(tariff_vat_apply(&set, TARIFF_GAS, t->cost, &incl), 0);
	ck_assert_str_eq(fmt(incl, 2), "2.88");
	ck_assert_int_eq(tariff_vat_apply(&set, TARIFF_WATER, t->cost, &incl), 0); /* no rate: same */
	ck_assert_str_eq(fmt(incl, 2), "2.40");
	ck_assert_int_eq(tariff_vat_apply(&set, 7, t->cost, &incl), TARIFF_EINVAL);
	/* the bill: import 10.00, export 3.00, self-consumption 2.00; import VAT 20 % */
	set.commodity[TARIFF_ELECTRICITY].vat_ppm = 200000;
	tariff_totals imp, exp, self;
	memset(&imp, 0, sizeof imp);
	memset(&exp, 0, sizeof exp);
	memset(&self, 0, sizeof self);
	imp.cost = tariff_money_mul(1000000, 10000000000);
	exp.cost = tariff_money_mul(1000000, 3000000000);
	self.cost = tariff_money_mul(1000000, 2000000000);
	exp.unpriced_mu = 5;
	tariff_bill b;
	ck_assert_int_eq(tariff_bill_make(&set, &imp, &exp, &self, &b), 0);
	ck_assert_str_eq(fmt(b.import_cost, 2), "10.00");
	ck_assert_str_eq(fmt(b.import_cost_vat, 2), "12.00");
	ck_assert_str_eq(fmt(b.export_revenue, 2), "3.00");
	ck_assert_str_eq(fmt(b.export_revenue_vat, 2), "3.00");
	ck_assert_str_eq(fmt(b.net, 2), "7.00");
	ck_assert_str_eq(fmt(b.net_vat, 2), "9.00");
	ck_assert_str_eq(fmt(b.pv_saving, 2), "2.00");
	ck_assert_str_eq(fmt(b.pv_saving_vat, 2), "2.40");
	ck_assert_int_eq(b.unpriced_mu, 5);
	ck_assert_int_eq(tariff_bill_make(&set, NULL, &exp, NULL, &b), 0);
	ck_assert_str_eq(fmt(b.net, 2), "-3.00");
	ck_assert_int_eq(tariff_bill_make(NULL, NULL, NULL, NULL, &b), TARIFF_EINVAL);
	ck_assert_int_eq(tariff_bill_make(&set, NULL, NULL, NULL, NULL), TARIFF_EINVAL);
}
END_TEST

START_TEST(errors_and_sticky_failure)
{
	tariff_set set = make_set(PARIS);
	tariff_cost c;
	tariff_period_totals p[2];
	ck_assert_int_eq(tariff_cost_init(NULL, &set, 0, 0, NULL, 0), TARIFF_EINVAL);
	ck_assert_int_eq(tariff_cost_init(&c, NULL, 0, 0, NULL, 0), TARIFF_EINVAL);
	ck_assert_int_eq(tariff_cost_init(&c, &set, 4, 0, NULL, 0), TARIFF_EINVAL);
	ck_assert_int_eq(tariff_cost_init(&c, &set, 0, 4, p, 2), TARIFF_EINVAL);
	ck_assert_int_eq(tariff_cost_init(&c, &set, 0, TARIFF_BY_DAY, NULL, 2), TARIFF_EINVAL);
	hphc_rules[0].tariff = 5; /* an invalid set is refused, never read out of bounds */
	ck_assert_int_eq(tariff_cost_init(&c, &set, 0, TARIFF_BY_NONE, NULL, 0), TARIFF_ECONFIG);
	hphc_rules[0].tariff = 1;
	ck_assert_int_eq(tariff_cost_init(&c, &set, 0, TARIFF_BY_DAY, p, 2), 0);
	int64_t s = T("2025-03-04T00:00:00+01:00");
	ck_assert_int_eq(tariff_cost_add(&c, s, s, 0), TARIFF_EINVAL);
	ck_assert_int_eq(tariff_cost_add(&c, s, s - 1, 0), TARIFF_EINVAL);
	ck_assert_int_eq(tariff_cost_add(&c, s, s + 1, -1), TARIFF_EINVAL);
	ck_assert_int_eq(tariff_cost_add(&c, TARIFF_TIME_MAX - 10, TARIFF_TIME_MAX, 1), TARIFF_ERANGE);
	ck_assert_int_eq(tariff_cost_add(NULL, s, s + 1, 1), TARIFF_EINVAL);
	ck_assert_int_eq(tariff_cost_error(&c), 0);
	/* a third day does not fit two periods: failed, and it stays failed */
	ck_assert_int_eq(tariff_cost_add(&c, s, s + 3 * 86400, 3000), TARIFF_ENOSPC);
	ck_assert_int_eq(tariff_cost_error(&c), TARIFF_ENOSPC);
	ck_assert_int_eq(tariff_cost_add(&c, s, s + 60, 1), TARIFF_EFAILED);
	/* overflow of the quantity total */
	ck_assert_int_eq(tariff_cost_init(&c, &set, 0, TARIFF_BY_NONE, NULL, 0), 0);
	ck_assert_int_eq(tariff_cost_add(&c, s, s + 60, INT64_MAX), 0);
	ck_assert_int_eq(tariff_cost_add(&c, s, s + 60, 1), TARIFF_EOVERFLOW);
	ck_assert_int_eq(tariff_cost_add(&c, s, s + 60, 1), TARIFF_EFAILED);
	ck_assert_int_eq(tariff_cost_error(NULL), TARIFF_EINVAL);
	ck_assert_ptr_null(tariff_cost_totals(NULL));
	ck_assert_uint_eq(tariff_cost_period_count(NULL), 0);
	ck_assert_ptr_null(tariff_cost_period(NULL, 0));
}
END_TEST

Suite *tariff_cost_suite(void)
{
	Suite *s = suite_create("cost");
	TCase *tc = tcase_create("split");
	tcase_add_test(tc, flat_and_window_split);
	tcase_add_test(tc, price_change_mid_interval);
	tcase_add_test(tc, unpriced_reported);
	tcase_add_test(tc, split_sums_exactly);
	tcase_add_test(tc, rounding_once);
	tcase_add_test(tc, dynamic_series);
	suite_add_tcase(s, tc);
	tc = tcase_create("dst");
	tcase_add_test(tc, dst_spring_and_autumn_paris);
	tcase_add_test(tc, dst_southern_sydney);
	suite_add_tcase(s, tc);
	tc = tcase_create("breakdown");
	tcase_add_test(tc, breakdowns_sample_rates);
	suite_add_tcase(s, tc);
	tc = tcase_create("meter_gas_bill");
	tcase_add_test(tc, meter_periods_and_index);
	tcase_add_test(tc, gas_factor_and_vat_and_bill);
	tcase_add_test(tc, errors_and_sticky_failure);
	suite_add_tcase(s, tc);
	return s;
}
