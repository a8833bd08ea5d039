/* Suite "rules": every rule condition, wrap-arounds, leap years, first match, prices in force,
 * meter labels, validation; the manual's four examples. */
#include <string.h>
#include "hems_check.h"
#include "tariff/tariff.h"
#include "tariff_tests.h"

static tariff_local at(int32_t y, int m, int d, int hh, int mm)
{
	tariff_tz tz;
	ck_assert_int_eq(tariff_tz_parse(&tz, "UTC0", NULL), 0);
	tariff_local l;
	int64_t t = (int64_t)tariff_date_from_ymd(y, m, d) * 86400 + hh * 3600 + mm * 60;
	ck_assert_int_eq(tariff_tz_local(&tz, t, &l, NULL), 0);
	return l;
}

static int match(const tariff_rule *r, int32_t y, int m, int d, int hh, int mm)
{
	tariff_local l = at(y, m, d, hh, mm);
	return tariff_rule_matches(r, &l);
}

START_TEST(condition_dates)
{
	tariff_rule r = {0, TARIFF_RULE_FROM | TARIFF_RULE_TO, tariff_date_from_ymd(2025, 7, 1),
			 tariff_date_from_ymd(2025, 7, 31), 0, 0, 0};
	ck_assert(!match(&r, 2025, 6, 30, 23, 59));
	ck_assert(match(&r, 2025, 7, 1, 0, 0));
	ck_assert(match(&r, 2025, 7, 31, 23, 59)); /* inclusive */
	ck_assert(!match(&r, 2025, 8, 1, 0, 0));
	ck_assert(!match(&r, 2024, 7, 15, 0, 0));
	r.flags = TARIFF_RULE_FROM; /* open end */
	ck_assert(match(&r, 2099, 1, 1, 0, 0));
	ck_assert(!match(&r, 2025, 6, 30, 0, 0));
	r.flags = TARIFF_RULE_TO;
	ck_assert(match(&r, 1999, 1, 1, 0, 0));
	ck_assert(!match(&r, 2025, 8, 1, 0, 0));
	r.flags = 0; /* no condition: always */
	ck_assert(match(&r, 2025, 8, 1, 0, 0));
	tariff_local bad = at(2025, 8, 1, 0, 0);
	bad.wday = 40; /* a hand-made local time out of range never matches */
	ck_assert(!tariff_rule_matches(&r, &bad));
	ck_assert(!tariff_rule_matches(NULL, NULL));
}
END_TEST

START_TEST(condition_yearly)
{
	tariff_rule xmas = {0, TARIFF_RULE_YEARLY | TARIFF_RULE_FROM | TARIFF_RULE_TO, 1225, 1225, 0, 0, 0};
	ck_assert(match(&xmas, 2025, 12, 25, 12, 0));
	ck_assert(match(&xmas, 1999, 12, 25, 0, 0));
	ck_assert(!match(&xmas, 2025, 12, 24, 23, 59));
	ck_assert(!match(&xmas, 2025, 12, 26, 0, 0));
	/* wrapping the year end: 12-30 .. 01-02 */
	tariff_rule wrap = {0, TARIFF_RULE_YEARLY | TARIFF_RULE_FROM | TARIFF_RULE_TO, 1230, 102, 0, 0, 0};
	ck_assert(!match(&wrap, 2025, 12, 29, 23, 59));
	ck_assert(match(&wrap, 2025, 12, 30, 0, 0));
	ck_assert(match(&wrap, 2025, 12, 31, 12, 0));
	ck_assert(match(&wrap, 2026, 1, 1, 0, 0));
	ck_assert(match(&wrap, 2026, 1, 2, 23, 59));
	ck_assert(!match(&wrap, 2026, 1, 3, 0, 0));
	ck_assert(!match(&wrap, 2026, 6, 15, 0, 0));
	/* 02-29 matches only in leap years */
	tariff_rule leap = {0, TARIFF_RULE_YEARLY | TARIFF_RULE_FROM | TARIFF_RULE_TO, 229, 229, 0, 0, 0};
	ck_assert(match(&leap, 2024, 2, 29, 10, 0));
	ck_assert(match(&leap, 2000, 2, 29, 10, 0));
	for (int y = 2025; y < 2028; y++) {
		ck_assert(!match(&leap, y, 2, 28, 10, 0));
		ck_assert(!match(&leap, y, 3, 1, 10, 0));
	}
	/* a yearly period 02-28..03-01 is 3 days in leap years, 2 otherwise */
	tariff_rule feb = {0, TARIFF_RULE_YEARLY | TARIFF_RULE_FROM | TARIFF_RULE_TO, 228, 301, 0, 0, 0};
	int n24 = 0, n25 = 0;
	for (int32_t d = tariff_date_from_ymd(2024, 1, 1); d < tariff_date_from_ymd(2026, 1, 1); d++) {
		int32_t y;
		int m, dd;
		tariff_date_to_ymd(d, &y, &m, &dd);
		if (match(&feb, y, m, dd, 12, 0))
			*(y == 2024 ? &n24 : &n25) += 1;
	}
	ck_assert_int_eq(n24, 3);
	ck_assert_int_eq(n25, 2);
	/* yearly from only: to 12-31; to only: from 01-01 */
	tariff_rule from = {0, TARIFF_RULE_YEARLY | TARIFF_RULE_FROM, 1101, 0, 0, 0, 0};
	ck_assert(match(&from, 2025, 12, 31, 0, 0));
	ck_assert(!match(&from, 2025, 10, 31, 0, 0));
	tariff_rule to = {0, TARIFF_RULE_YEARLY | TARIFF_RULE_TO, 0, 331, 0, 0, 0};
	ck_assert(match(&to, 2025, 1, 1, 0, 0));
	ck_assert(!match(&to, 2025, 4, 1, 0, 0));
}
END_TEST

START_TEST(condition_window)
{
	/* 00:00–18:59 covers until 19:00 */
	tariff_rule day = {0, TARIFF_RULE_WINDOW, 0, 0, 0, 18 * 60 + 59, 0};
	ck_assert(match(&day, 2025, 3, 3, 0, 0));
	ck_assert(match(&day, 2025, 3, 3, 18, 59));
	ck_assert(!match(&day, 2025, 3, 3, 19, 0));
	/* 22:00–05:59 wraps midnight */
	tariff_rule night = {0, TARIFF_RULE_WINDOW, 0, 0, 22 * 60, 5 * 60 + 59, 0};
	ck_assert(!match(&night, 2025, 3, 3, 21, 59));
	ck_assert(match(&night, 2025, 3, 3, 22, 0));
	ck_assert(match(&night, 2025, 3, 3, 23, 59));
	ck_assert(match(&night, 2025, 3, 4, 0, 0));
	ck_assert(match(&night, 2025, 3, 4, 5, 59));
	ck_assert(!match(&night, 2025, 3, 4, 6, 0));
	/* a single minute */
	tariff_rule one = {0, TARIFF_RULE_WINDOW, 0, 0, 12 * 60, 12 * 60, 0};
	ck_assert(match(&one, 2025, 3, 3, 12, 0));
	ck_assert(!match(&one, 2025, 3, 3, 12, 1));
	/* a wrapping window with days is judged on each instant's own weekday:
	 * Friday 22:00–05:59 holds Friday 23:00 and Friday 03:00, not Saturday 03:00 */
	tariff_rule fri = {0, TARIFF_RULE_WINDOW | TARIFF_RULE_DAYS, 0, 0, 22 * 60, 5 * 60 + 59, TARIFF_DAY_FRI};
	ck_assert(match(&fri, 2025, 3, 7, 23, 0));  /* Friday */
	ck_assert(match(&fri, 2025, 3, 7, 3, 0));   /* Friday early morning */
	ck_assert(!match(&fri, 2025, 3, 8, 3, 0));  /* Saturday early morning */
	ck_assert(!match(&fri, 2025, 3, 6, 23, 0)); /* Thursday */
}
END_TEST

START_TEST(condition_days)
{
	tariff_rule wk = {0, TARIFF_RULE_DAYS, 0, 0, 0, 0,
			  TARIFF_DAY_MON | TARIFF_DAY_TUE | TARIFF_DAY_WED | TARIFF_DAY_THU | TARIFF_DAY_FRI};
	/* 2025-03-03 is a Monday */
	for (int d = 3; d < 10; d++)
		ck_assert_int_eq(match(&wk, 2025, 3, d, 12, 0), d <= 7);
	tariff_rule sun = {0, TARIFF_RULE_DAYS, 0, 0, 0, 0, TARIFF_DAY_SUN};
	ck_assert(match(&sun, 2025, 3, 9, 0, 0));
	ck_assert(!match(&sun, 2025, 3, 8, 23, 59));
}
END_TEST

/* The manual's four examples (Home-Assistant-like tariff rules), in the order a user writes
 * them: the yearly Christmas exception first, a one-month exception, the weekday day rule,
 * the evening rule, then a catch-all. */
static const tariff_price p_xmas[] = {{TARIFF_DATE_NONE, 50000000}};
static const tariff_price p_july[] = {{TARIFF_DATE_NONE, 100000000}};
static const tariff_price p_day[] = {{TARIFF_DATE_NONE, 300000000}};
static const tariff_price p_eve[] = {{TARIFF_DATE_NONE, 200000000}};
static const tariff_price p_base[] = {{TARIFF_DATE_NONE, 250000000}};
static const tariff_tariff four_tariffs[] = {
	{"XMAS", "Christmas", NULL, p_xmas, 1, NULL, 0}, {"JULY", "July offer", NULL, p_july, 1, NULL, 0},
	{"DAY", "Weekday day", NULL, p_day, 1, NULL, 0}, {"EVE", "Evening", NULL, p_eve, 1, NULL, 0},
	{"BASE", "Base", NULL, p_base, 1, NULL, 0},
};

static tariff_set four_set(tariff_rule *rules)
{
	tariff_rule r[5] = {
		{0, TARIFF_RULE_YEARLY | TARIFF_RULE_FROM | TARIFF_RULE_TO, 1225, 1225, 0, 0, 0},
		{1, TARIFF_RULE_FROM | TARIFF_RULE_TO, tariff_date_from_ymd(2025, 7, 1), tariff_date_from_ymd(2025, 7, 31),
		 0, 0, 0},
		{2, TARIFF_RULE_WINDOW | TARIFF_RULE_DAYS, 0, 0, 7 * 60, 18 * 60 + 59, 0x3eu},
		{3, TARIFF_RULE_WINDOW, 0, 0, 19 * 60, 22 * 60 + 59, 0},
		{4, 0, 0, 0, 0, 0, 0},
	};
	memcpy(rules, r, sizeof r);
	tariff_set set;
	memset(&set, 0, sizeof set);
	memcpy(set.currency, "EUR", 4);
	set.currency_digits = 2;
	ck_assert_int_eq(tariff_tz_parse(&set.tz, "CET-1CEST,M3.5.0,M10.5.0/3", NULL), 0);
	for (int c = 0; c < TARIFF_COMMODITIES; c++)
		set.commodity[c].vat_ppm = -1;
	set.commodity[TARIFF_ELECTRICITY].tariffs = four_tariffs;
	set.commodity[TARIFF_ELECTRICITY].n_tariffs = 5;
	set.commodity[TARIFF_ELECTRICITY].rules = rules;
	set.commodity[TARIFF_ELECTRICITY].n_rules = 5;
	ck_assert_int_eq(tariff_set_validate(&set, NULL), 0);
	return set;
}

static const char *tariff_at(const tariff_set *set, const char *iso)
{
	int64_t t;
	ck_assert_int_eq(tariff_time_parse(iso, strlen(iso), &t), 0);
	unsigned idx;
	int64_t price;
	int rc = tariff_set_price_at(set, TARIFF_ELECTRICITY, t, &idx, &price);
	if (rc == TARIFF_ENOTFOUND)
		return "-";
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(price, four_tariffs[idx].prices[0].price_nano);
	return four_tariffs[idx].id;
}

START_TEST(manual_four_examples)
{
	tariff_rule rules[5];
	tariff_set set = four_set(rules);
	/* weekday day rule: Tuesday 2025-03-04 10:00 local */
	ck_assert_str_eq(tariff_at(&set, "2025-03-04T10:00:00+01:00"), "DAY");
	ck_assert_str_eq(tariff_at(&set, "2025-03-04T18:59:59+01:00"), "DAY");
	/* evening rule: 19:00..22:59 every day, weekdays after the day rule */
	ck_assert_str_eq(tariff_at(&set, "2025-03-04T19:00:00+01:00"), "EVE");
	ck_assert_str_eq(tariff_at(&set, "2025-03-08T20:00:00+01:00"), "EVE"); /* Saturday */
	ck_assert_str_eq(tariff_at(&set, "2025-03-04T23:00:00+01:00"), "BASE");
	ck_assert_str_eq(tariff_at(&set, "2025-03-08T10:00:00+01:00"), "BASE"); /* Saturday day */
	/* Christmas first: beats the day rule on a weekday (Thursday 2025-12-25) and every year */
	ck_assert_str_eq(tariff_at(&set, "2025-12-25T10:00:00+01:00"), "XMAS");
	ck_assert_str_eq(tariff_at(&set, "2025-12-25T20:00:00+01:00"), "XMAS");
	ck_assert_str_eq(tariff_at(&set, "2030-12-25T00:00:00+01:00"), "XMAS");
	ck_assert_str_eq(tariff_at(&set, "2025-12-24T23:00:00Z"), "XMAS");  /* 00:00 local */
	ck_assert_str_eq(tariff_at(&set, "2025-12-25T23:00:00Z"), "BASE");  /* 00:00 the 26th, Friday */
	/* July 2025 exception: all month, any hour, but not July 2026 */
	ck_assert_str_eq(tariff_at(&set, "2025-07-01T00:00:00+02:00"), "JULY");
	ck_assert_str_eq(tariff_at(&set, "2025-07-15T10:00:00+02:00"), "JULY");
	ck_assert_str_eq(tariff_at(&set, "2025-07-31T23:59:59+02:00"), "JULY");
	ck_assert_str_eq(tariff_at(&set, "2025-08-01T10:00:00+02:00"), "DAY");
	ck_assert_str_eq(tariff_at(&set, "2026-07-15T10:00:00+02:00"), "DAY");
	/* without the catch-all, a weekend morning is unpriced, not silently priced */
	set.commodity[TARIFF_ELECTRICITY].n_rules = 4;
	ck_assert_str_eq(tariff_at(&set, "2025-03-08T10:00:00+01:00"), "-");
}
END_TEST

START_TEST(first_match_and_none)
{
	tariff_rule rules[2] = {{1, TARIFF_RULE_WINDOW, 0, 0, 0, 59, 0}, {0, TARIFF_RULE_WINDOW, 0, 0, 0, 119, 0}};
	tariff_schedule s;
	memset(&s, 0, sizeof s);
	s.rules = rules;
	s.n_rules = 2;
	unsigned t = 99;
	tariff_local l = at(2025, 1, 1, 0, 30);
	ck_assert_int_eq(tariff_schedule_match(&s, &l, &t), 0);
	ck_assert_uint_eq(t, 1);
	l = at(2025, 1, 1, 1, 30);
	ck_assert_int_eq(tariff_schedule_match(&s, &l, &t), 0);
	ck_assert_uint_eq(t, 0);
	l = at(2025, 1, 1, 2, 0);
	ck_assert_int_eq(tariff_schedule_match(&s, &l, &t), TARIFF_ENOTFOUND);
	ck_assert_int_eq(tariff_schedule_match(NULL, &l, &t), TARIFF_EINVAL);
}
END_TEST

START_TEST(dated_prices_and_slots)
{
	const tariff_price pr[] = {{tariff_date_from_ymd(2024, 2, 1), 251600000},
				   {tariff_date_from_ymd(2025, 2, 1), 270000000}};
	tariff_tariff t = {"HP", NULL, NULL, pr, 2, NULL, 0};
	int64_t p;
	ck_assert_int_eq(tariff_tariff_price(&t, tariff_date_from_ymd(2024, 1, 31), 0, &p), TARIFF_ENOTFOUND);
	ck_assert_int_eq(tariff_tariff_price(&t, tariff_date_from_ymd(2024, 2, 1), 0, &p), 0);
	ck_assert_int_eq(p, 251600000);
	ck_assert_int_eq(tariff_tariff_price(&t, tariff_date_from_ymd(2025, 1, 31), 0, &p), 0);
	ck_assert_int_eq(p, 251600000);
	ck_assert_int_eq(tariff_tariff_price(&t, tariff_date_from_ymd(2025, 2, 1), 0, &p), 0);
	ck_assert_int_eq(p, 270000000);
	const tariff_price undated[] = {{TARIFF_DATE_NONE, 1}, {100, 2}};
	tariff_tariff u = {"U", NULL, NULL, undated, 2, NULL, 0};
	ck_assert_int_eq(tariff_tariff_price(&u, -5000, 0, &p), 0);
	ck_assert_int_eq(p, 1);
	ck_assert_int_eq(tariff_tariff_price(&u, 100, 0, &p), 0);
	ck_assert_int_eq(p, 2);
	const tariff_slot sl[] = {{1000, 2000, 5}, {2000, 3000, -7}, {4000, 5000, 9}};
	tariff_tariff d = {"SPOT", NULL, NULL, NULL, 0, sl, 3};
	ck_assert_int_eq(tariff_tariff_price(&d, 0, 999, &p), TARIFF_ENOTFOUND);
	ck_assert_int_eq(tariff_tariff_price(&d, 0, 1000, &p), 0);
	ck_assert_int_eq(p, 5);
	ck_assert_int_eq(tariff_tariff_price(&d, 0, 2999, &p), 0);
	ck_assert_int_eq(p, -7);
	ck_assert_int_eq(tariff_tariff_price(&d, 0, 3000, &p), TARIFF_ENOTFOUND); /* a gap */
	ck_assert_int_eq(tariff_tariff_price(&d, 0, 4999, &p), 0);
	ck_assert_int_eq(p, 9);
	ck_assert_int_eq(tariff_tariff_price(&d, 0, 5000, &p), TARIFF_ENOTFOUND);
	ck_assert_int_eq(tariff_tariff_price(NULL, 0, 0, &p), TARIFF_EINVAL);
	/* dated gas factor */
	const tariff_factor f[] = {{tariff_date_from_ymd(2025, 1, 1), 11200000000}, {tariff_date_from_ymd(2025, 2, 1), 11350000000}};
	tariff_schedule s;
	memset(&s, 0, sizeof s);
	s.factors = f;
	s.n_factors = 2;
	ck_assert_int_eq(tariff_schedule_factor(&s, tariff_date_from_ymd(2024, 12, 31), &p), TARIFF_ENOTFOUND);
	ck_assert_int_eq(tariff_schedule_factor(&s, tariff_date_from_ymd(2025, 1, 31), &p), 0);
	ck_assert_int_eq(p, 11200000000);
	ck_assert_int_eq(tariff_schedule_factor(&s, tariff_date_from_ymd(2025, 2, 1), &p), 0);
	ck_assert_int_eq(p, 11350000000);
	ck_assert_int_eq(tariff_schedule_factor(NULL, 0, &p), TARIFF_EINVAL);
}
END_TEST

START_TEST(meter_labels)
{
	const tariff_period_map m[] = {{"HC..", 0}, {"HP..", 1}, {"HEURE CREUSE", 0}, {"2", 1}, {"EASF01", 0}, {"BBRHCJB", 1}};
	tariff_schedule s;
	memset(&s, 0, sizeof s);
	s.periods = m;
	s.n_periods = 6;
	unsigned t;
	ck_assert_int_eq(tariff_period_lookup(&s, "HC..", &t), 0);
	ck_assert_uint_eq(t, 0);
	ck_assert_int_eq(tariff_period_lookup(&s, "HP", &t), 0); /* trailing dots ignored */
	ck_assert_uint_eq(t, 1);
	ck_assert_int_eq(tariff_period_lookup(&s, "HEURE CREUSE    ", &t), 0); /* LTARF padding */
	ck_assert_uint_eq(t, 0);
	ck_assert_int_eq(tariff_period_lookup(&s, "2", &t), 0);
	ck_assert_uint_eq(t, 1);
	ck_assert_int_eq(tariff_period_lookup(&s, "BBRHCJB", &t), 0);
	ck_assert_int_eq(tariff_period_lookup(&s, "hc..", &t), TARIFF_ENOTFOUND);
	ck_assert_int_eq(tariff_period_lookup(&s, "HC.X", &t), TARIFF_ENOTFOUND);
	ck_assert_int_eq(tariff_period_lookup(&s, "", &t), TARIFF_ENOTFOUND);
	ck_assert_int_eq(tariff_period_lookup(&s, NULL, &t), TARIFF_EINVAL);
	ck_assert_int_eq(tariff_commodity_from_name("gas"), TARIFF_GAS);
	ck_assert_int_eq(tariff_commodity_from_name("power"), TARIFF_ENOTFOUND);
	ck_assert_int_eq(tariff_commodity_from_name(NULL), TARIFF_EINVAL);
	ck_assert_str_eq(tariff_commodity_name(TARIFF_EXPORT), "export");
	ck_assert_ptr_null(tariff_commodity_name(4));
	ck_assert_ptr_null(tariff_commodity_name(-1));
	tariff_schedule f;
	memset(&f, 0, sizeof f);
	f.tariffs = four_tariffs;
	f.n_tariffs = 5;
	ck_assert_int_eq(tariff_schedule_find(&f, "EVE", &t), 0);
	ck_assert_uint_eq(t, 3);
	ck_assert_int_eq(tariff_schedule_find(&f, "eve", &t), TARIFF_ENOTFOUND);
	ck_assert_int_eq(tariff_schedule_find(&f, NULL, &t), TARIFF_EINVAL);
}
END_TEST

START_TEST(validation)
{
	tariff_rule rules[5];
	tariff_set set = four_set(rules);
	tariff_diag d;
	tariff_schedule *e = &set.commodity[TARIFF_ELECTRICITY];
	rules[2].tariff = 9;
	ck_assert_int_eq(tariff_set_validate(&set, &d), TARIFF_ECONFIG);
	ck_assert_str_eq(d.path, "electricity.rules[2].tariff");
	rules[2].tariff = 2;
	rules[3].end_min = 1440;
	ck_assert_int_eq(tariff_set_validate(&set, &d), TARIFF_ECONFIG);
	ck_assert_str_eq(d.path, "electricity.rules[3].start");
	rules[3].end_min = 1439;
	rules[0].from = 230; /* 02-30 */
	ck_assert_int_eq(tariff_set_validate(&set, &d), TARIFF_ECONFIG);
	ck_assert_str_eq(d.path, "electricity.rules[0].from");
	rules[0].from = 229; /* 02-29 is a real (leap) day */
	ck_assert_int_eq(tariff_set_validate(&set, &d), 0);
	rules[1].to = rules[1].from - 1;
	ck_assert_int_eq(tariff_set_validate(&set, &d), TARIFF_ECONFIG);
	rules[1].to = rules[1].from;
	rules[2].days = 0;
	ck_assert_int_eq(tariff_set_validate(&set, &d), TARIFF_ECONFIG);
	ck_assert_str_eq(d.path, "electricity.rules[2].days");
	rules[2].days = 0x3e;
	tariff_tariff dup[2] = {four_tariffs[0], four_tariffs[0]};
	e->tariffs = dup;
	e->n_tariffs = 2;
	e->n_rules = 1;
	ck_assert_int_eq(tariff_set_validate(&set, &d), TARIFF_ECONFIG);
	ck_assert_str_eq(d.path, "electricity.tariffs[1].id");
	const tariff_price unsorted[] = {{10, 1}, {5, 2}};
	dup[1].id = "OTHER";
	dup[1].prices = unsorted;
	dup[1].n_prices = 2;
	ck_assert_int_eq(tariff_set_validate(&set, &d), TARIFF_ECONFIG);
	ck_assert_str_eq(d.path, "electricity.tariffs[1].prices");
	const tariff_slot sl[] = {{0, 10, 1}, {5, 20, 1}};
	dup[1].prices = NULL;
	dup[1].n_prices = 0;
	dup[1].slots = sl;
	dup[1].n_slots = 2;
	ck_assert_int_eq(tariff_set_validate(&set, &d), TARIFF_ECONFIG);
	ck_assert_str_eq(d.path, "electricity.tariffs[1].series");
	dup[1].n_slots = 1;
	ck_assert_int_eq(tariff_set_validate(&set, &d), 0);
	dup[1].prices = p_base;
	dup[1].n_prices = 1;
	ck_assert_int_eq(tariff_set_validate(&set, &d), TARIFF_ECONFIG); /* both prices and series */
	dup[1].n_prices = 0;
	e->n_tariffs = 17;
	ck_assert_int_eq(tariff_set_validate(&set, &d), TARIFF_ECONFIG);
	e->n_tariffs = 2;
	e->vat_ppm = -2;
	ck_assert_int_eq(tariff_set_validate(&set, &d), TARIFF_ECONFIG);
	ck_assert_str_eq(d.path, "electricity.vat");
	e->vat_ppm = 200000;
	ck_assert_int_eq(tariff_set_validate(&set, NULL), 0);
	set.currency_digits = 10;
	ck_assert_int_eq(tariff_set_validate(&set, &d), TARIFF_ECONFIG);
	ck_assert_int_eq(tariff_set_validate(NULL, &d), TARIFF_EINVAL);
}
END_TEST

Suite *tariff_rules_suite(void)
{
	Suite *s = suite_create("rules");
	TCase *tc = tcase_create("conditions");
	tcase_add_test(tc, condition_dates);
	tcase_add_test(tc, condition_yearly);
	tcase_add_test(tc, condition_window);
	tcase_add_test(tc, condition_days);
	tcase_add_test(tc, first_match_and_none);
	suite_add_tcase(s, tc);
	tc = tcase_create("examples");
	tcase_add_test(tc, manual_four_examples);
	suite_add_tcase(s, tc);
	tc = tcase_create("model");
	tcase_add_test(tc, dated_prices_and_slots);
	tcase_add_test(tc, meter_labels);
	tcase_add_test(tc, validation);
	suite_add_tcase(s, tc);
	return s;
}
