/* Suite "tz": POSIX TZ strings, local time both hemispheres, DST gaps and repeats, dates,
 * ISO 8601; and a cross-check against the system's tzcode (glibc localtime_r with TZ set). */
#define _DEFAULT_SOURCE /* setenv, tzset, tm_gmtoff: the test only, never the library */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "hems_check.h"
#include "tariff/tariff.h"
#include "tariff_tests.h"

static int64_t T(const char *iso)
{
	int64_t t = 0;
	ck_assert_msg(tariff_time_parse(iso, strlen(iso), &t) == 0, "parse %s", iso);
	return t;
}

static tariff_tz TZ(const char *spec)
{
	tariff_tz tz;
	tariff_diag d;
	int rc = tariff_tz_parse(&tz, spec, &d);
	ck_assert_msg(rc == 0, "tz %s: %s at %d", spec, d.reason, d.column);
	return tz;
}

/* local time of an instant as "YYYY-MM-DD hh:mm:ss dst" */
static const char *L(const tariff_tz *tz, int64_t t)
{
	static char buf[64];
	tariff_local l;
	ck_assert_int_eq(tariff_tz_local(tz, t, &l, NULL), 0);
	snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d %s", (int)l.year, l.month, l.day, l.hour, l.minute,
		 l.second, l.is_dst ? "dst" : "std");
	return buf;
}

START_TEST(parse_fields)
{
	tariff_tz tz = TZ("CET-1CEST,M3.5.0,M10.5.0/3");
	ck_assert_int_eq(tz.std_utoff_s, 3600);
	ck_assert_int_eq(tz.dst_utoff_s, 7200);
	ck_assert_int_eq(tz.has_dst, 1);
	ck_assert_str_eq(tz.std_name, "CET");
	ck_assert_str_eq(tz.dst_name, "CEST");
	ck_assert_int_eq(tz.start.kind, TARIFF_TZ_RULE_MONTH);
	ck_assert_int_eq(tz.start.month, 3);
	ck_assert_int_eq(tz.start.week, 5);
	ck_assert_int_eq(tz.start.day, 0);
	ck_assert_int_eq(tz.start.time_s, 7200);
	ck_assert_int_eq(tz.end.time_s, 10800);
	tz = TZ("EST5EDT"); /* default rules M3.2.0,M11.1.0 */
	ck_assert_int_eq(tz.std_utoff_s, -18000);
	ck_assert_int_eq(tz.dst_utoff_s, -14400);
	ck_assert_int_eq(tz.start.month, 3);
	ck_assert_int_eq(tz.start.week, 2);
	ck_assert_int_eq(tz.end.month, 11);
	tz = TZ("<+0330>-3:30");
	ck_assert_int_eq(tz.std_utoff_s, 12600);
	ck_assert_int_eq(tz.has_dst, 0);
	ck_assert_str_eq(tz.std_name, "+0330");
	tz = TZ("<-03>3<-02>,M3.5.0/-2,M10.5.0/-1");
	ck_assert_int_eq(tz.start.time_s, -7200);
	ck_assert_int_eq(tz.end.time_s, -3600);
	tz = TZ("IST-2IDT,M3.4.4/26,M10.5.0");
	ck_assert_int_eq(tz.start.time_s, 26 * 3600);
	tz = TZ("XXX3YYY2,J60/1:30:15,300");
	ck_assert_int_eq(tz.start.kind, TARIFF_TZ_RULE_JULIAN);
	ck_assert_int_eq(tz.start.day, 60);
	ck_assert_int_eq(tz.start.time_s, 5415);
	ck_assert_int_eq(tz.end.kind, TARIFF_TZ_RULE_DAY);
	ck_assert_int_eq(tz.end.day, 300);
	ck_assert_int_eq(tz.dst_utoff_s, -7200);
	tz = TZ("ABC+12:45:30");
	ck_assert_int_eq(tz.std_utoff_s, -(12 * 3600 + 45 * 60 + 30));
	tz = TZ("UTC0");
	ck_assert_int_eq(tz.std_utoff_s, 0);
}
END_TEST

START_TEST(parse_errors)
{
	static const struct {
		const char *s;
		int rc;
		int col;
	} bad[] = {
		{"", TARIFF_EPARSE, 1},
		{"CE-1", TARIFF_EPARSE, 3},
		{"CET", TARIFF_EPARSE, 4},
		{"CET-1CEST,M3.5.0", TARIFF_EPARSE, 17},
		{"CET-1CEST,M13.5.0,M10.5.0", TARIFF_ERANGE, 14},
		{"CET-1CEST,M3.6.0,M10.5.0", TARIFF_ERANGE, 15},
		{"CET-1CEST,M3.5.7,M10.5.0", TARIFF_ERANGE, 17},
		{"CET-1CEST,J0,M10.5.0", TARIFF_ERANGE, 13},
		{"CET-1CEST,366,M10.5.0", TARIFF_ERANGE, 14},
		{"CET-25", TARIFF_ERANGE, 7},
		{"CET-1:60", TARIFF_ERANGE, 9},
		{":Europe/Paris", TARIFF_EPARSE, 1},
		{"CET-1CEST,M3.5.0/168,M10.5.0", TARIFF_ERANGE, 21},
		{"<+10", TARIFF_EPARSE, 5},
		{"<+1 0>-10", TARIFF_EPARSE, 4},
		{"CET-1CEST,M3.5.0,M10.5.0x", TARIFF_EPARSE, 25},
		{"CET-1CEST;M3.5.0,M10.5.0", TARIFF_EPARSE, 10},
		{"ABCDEFGHIJKLMNOPQ1", TARIFF_ERANGE, 16},
		{"CET-1CEST,M3.5.0,X", TARIFF_EPARSE, 18},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		tariff_tz tz;
		tariff_diag d;
		int rc = tariff_tz_parse(&tz, bad[i].s, &d);
		ck_assert_msg(rc == bad[i].rc, "%s: rc %d", bad[i].s, rc);
		ck_assert_msg(d.column == bad[i].col, "%s: column %d (%s)", bad[i].s, d.column, d.reason);
		ck_assert(strlen(d.reason) > 0);
	}
	tariff_tz tz;
	ck_assert_int_eq(tariff_tz_parse(NULL, "UTC0", NULL), TARIFF_EINVAL);
	ck_assert_int_eq(tariff_tz_parse(&tz, NULL, NULL), TARIFF_EINVAL);
	ck_assert_int_eq(tariff_tz_parse(&tz, "CET", NULL), TARIFF_EPARSE); /* diag optional */
}
END_TEST

START_TEST(paris_missing_and_repeated_hour)
{
	tariff_tz tz = TZ("CET-1CEST,M3.5.0,M10.5.0/3");
	/* 2025-03-30: 02:00 CET becomes 03:00 CEST (01:00Z) */
	ck_assert_str_eq(L(&tz, T("2025-03-30T00:59:59Z")), "2025-03-30 01:59:59 std");
	ck_assert_str_eq(L(&tz, T("2025-03-30T01:00:00Z")), "2025-03-30 03:00:00 dst");
	/* 2025-10-26: 03:00 CEST becomes 02:00 CET (01:00Z): 02:xx happens twice */
	ck_assert_str_eq(L(&tz, T("2025-10-26T00:30:00Z")), "2025-10-26 02:30:00 dst");
	ck_assert_str_eq(L(&tz, T("2025-10-26T00:59:59Z")), "2025-10-26 02:59:59 dst");
	ck_assert_str_eq(L(&tz, T("2025-10-26T01:00:00Z")), "2025-10-26 02:00:00 std");
	ck_assert_str_eq(L(&tz, T("2025-10-26T01:30:00Z")), "2025-10-26 02:30:00 std");
	ck_assert_str_eq(L(&tz, T("2024-12-31T23:00:00Z")), "2025-01-01 00:00:00 std");
	tariff_local l;
	int64_t next;
	ck_assert_int_eq(tariff_tz_local(&tz, T("2025-01-15T12:00:00Z"), &l, &next), 0);
	ck_assert_int_eq(next, T("2025-03-30T01:00:00Z"));
	ck_assert_int_eq(l.wday, 3); /* Wednesday */
	ck_assert_int_eq(l.yday, 14);
	ck_assert_int_eq(l.utoff_s, 3600);
	ck_assert_int_eq(tariff_tz_local(&tz, T("2025-06-15T12:00:00Z"), &l, &next), 0);
	ck_assert_int_eq(next, T("2025-10-26T01:00:00Z"));
	ck_assert_int_eq(tariff_tz_local(&tz, T("2025-12-15T12:00:00Z"), &l, &next), 0);
	ck_assert_int_eq(next, T("2026-03-29T01:00:00Z"));
	/* local -> UTC: the gap and the repeat */
	int64_t u;
	int32_t d = tariff_date_from_ymd(2025, 3, 30);
	ck_assert_int_eq(tariff_tz_utc(&tz, d, 2 * 3600 + 1800, 0, &u), TARIFF_ENOTFOUND);
	ck_assert_int_eq(u, T("2025-03-30T01:00:00Z"));
	ck_assert_int_eq(tariff_tz_utc(&tz, d, 3 * 3600, 0, &u), 0);
	ck_assert_int_eq(u, T("2025-03-30T01:00:00Z"));
	d = tariff_date_from_ymd(2025, 10, 26);
	ck_assert_int_eq(tariff_tz_utc(&tz, d, 2 * 3600 + 1800, 0, &u), 0);
	ck_assert_int_eq(u, T("2025-10-26T00:30:00Z"));
	ck_assert_int_eq(tariff_tz_utc(&tz, d, 2 * 3600 + 1800, 1, &u), 0);
	ck_assert_int_eq(u, T("2025-10-26T01:30:00Z"));
	ck_assert_int_eq(tariff_tz_utc(&tz, d, 12 * 3600, 1, &u), 0);
	ck_assert_int_eq(u, T("2025-10-26T11:00:00Z"));
	ck_assert_int_eq(tariff_tz_utc(&tz, d, 86400, 0, &u), TARIFF_EINVAL);
	ck_assert_int_eq(tariff_tz_utc(NULL, d, 0, 0, &u), TARIFF_EINVAL);
}
END_TEST

START_TEST(southern_and_western)
{
	tariff_tz syd = TZ("AEST-10AEDT,M10.1.0,M4.1.0/3");
	/* DST over the new year */
	ck_assert_str_eq(L(&syd, T("2025-01-01T00:00:00Z")), "2025-01-01 11:00:00 dst");
	/* 2025-04-06 03:00 AEDT -> 02:00 AEST (16:00Z the day before): repeated hour */
	ck_assert_str_eq(L(&syd, T("2025-04-05T15:59:59Z")), "2025-04-06 02:59:59 dst");
	ck_assert_str_eq(L(&syd, T("2025-04-05T16:00:00Z")), "2025-04-06 02:00:00 std");
	/* 2025-10-05 02:00 AEST -> 03:00 AEDT: missing hour */
	ck_assert_str_eq(L(&syd, T("2025-10-04T15:59:59Z")), "2025-10-05 01:59:59 std");
	ck_assert_str_eq(L(&syd, T("2025-10-04T16:00:00Z")), "2025-10-05 03:00:00 dst");
	ck_assert_str_eq(L(&syd, T("2025-07-01T00:00:00Z")), "2025-07-01 10:00:00 std");
	tariff_tz ny = TZ("EST5EDT,M3.2.0,M11.1.0");
	ck_assert_str_eq(L(&ny, T("2025-03-09T06:59:59Z")), "2025-03-09 01:59:59 std");
	ck_assert_str_eq(L(&ny, T("2025-03-09T07:00:00Z")), "2025-03-09 03:00:00 dst");
	ck_assert_str_eq(L(&ny, T("2025-11-02T05:59:59Z")), "2025-11-02 01:59:59 dst");
	ck_assert_str_eq(L(&ny, T("2025-11-02T06:00:00Z")), "2025-11-02 01:00:00 std");
	ck_assert_str_eq(L(&ny, T("2025-01-01T03:00:00Z")), "2024-12-31 22:00:00 std");
	tariff_tz utc = TZ("UTC0");
	tariff_local l;
	int64_t next;
	ck_assert_int_eq(tariff_tz_local(&utc, 0, &l, &next), 0);
	ck_assert_int_eq(next, INT64_MAX);
	ck_assert_int_eq(l.wday, 4);
	ck_assert_int_eq(tariff_tz_local(&utc, TARIFF_TIME_MAX + 1, &l, NULL), TARIFF_ERANGE);
	ck_assert_int_eq(tariff_tz_local(&utc, TARIFF_TIME_MIN - 1, &l, NULL), TARIFF_ERANGE);
	ck_assert_int_eq(tariff_tz_local(NULL, 0, &l, NULL), TARIFF_EINVAL);
	ck_assert_int_eq(tariff_tz_local(&utc, 0, NULL, NULL), TARIFF_EINVAL);
}
END_TEST

/* The strong cross-check: glibc's own POSIX-TZ code over many random instants, plus the
 * seconds around each transition. */
static const char *const xcheck_rules[] = {
	"CET-1CEST,M3.5.0,M10.5.0/3",
	"EST5EDT,M3.2.0,M11.1.0",
	"AEST-10AEDT,M10.1.0,M4.1.0/3",
	"NZST-12NZDT,M9.5.0,M4.1.0/3",
	"<-03>3<-02>,M3.5.0/-2,M10.5.0/-1",
	"IST-2IDT,M3.4.4/26,M10.5.0",
	"<-04>4<-03>,M9.1.6/24,M4.1.6/24",
	"<+0330>-3:30<+0430>,J79/24,J263/24",
	"XXX3YYY,100/2,300/3",
	"<+1030>-10:30<+11>-11,M10.1.0,M4.1.0",
	"EET-2EEST,M3.5.0/3,M10.5.0/4",
	"ABC-5:45",
	"GMT0BST,M3.5.0/1,M10.5.0",
	"HST10",
};

static uint64_t xs(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

static void compare_at(const tariff_tz *tz, const char *rule, time_t t)
{
	struct tm tm;
	ck_assert_ptr_nonnull(localtime_r(&t, &tm));
	tariff_local l;
	ck_assert_int_eq(tariff_tz_local(tz, (int64_t)t, &l, NULL), 0);
	ck_assert_msg(l.year == tm.tm_year + 1900 && l.month == tm.tm_mon + 1 && l.day == tm.tm_mday &&
			      l.hour == tm.tm_hour && l.minute == tm.tm_min && l.second == tm.tm_sec &&
			      l.wday == tm.tm_wday && l.yday == tm.tm_yday && l.utoff_s == tm.tm_gmtoff &&
			      l.is_dst == (tm.tm_isdst > 0),
		      "%s at %lld: ours %d-%02d-%02d %02d:%02d:%02d off %d dst %d, glibc %d-%02d-%02d "
		      "%02d:%02d:%02d off %ld dst %d",
		      rule, (long long)t, (int)l.year, l.month, l.day, l.hour, l.minute, l.second, (int)l.utoff_s,
		      l.is_dst, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
		      tm.tm_gmtoff, tm.tm_isdst);
}

START_TEST(crosscheck_glibc)
{
	uint64_t seed = 0x9E3779B97F4A7C15u;
	const char *rule = xcheck_rules[_i];
	tariff_tz tz = TZ(rule);
	ck_assert_int_eq(setenv("TZ", rule, 1), 0);
	tzset();
	const int64_t lo = T("1971-01-01T00:00:00Z"), hi = T("2099-12-31T00:00:00Z");
	int transitions = 0;
	for (int i = 0; i < 20000; i++) {
		int64_t t = lo + (int64_t)(xs(&seed) % (uint64_t)(hi - lo));
		compare_at(&tz, rule, (time_t)t);
		if (i % 50 == 0) { /* walk to the next transition and check its neighbourhood */
			tariff_local l;
			int64_t next;
			ck_assert_int_eq(tariff_tz_local(&tz, t, &l, &next), 0);
			if (next != INT64_MAX && next < hi) {
				transitions++;
				for (int64_t d = -2; d <= 1; d++)
					compare_at(&tz, rule, (time_t)(next + d));
			}
		}
	}
	if (tz.has_dst)
		ck_assert_int_gt(transitions, 100);
}
END_TEST

START_TEST(dates)
{
	ck_assert_int_eq(tariff_date_from_ymd(1970, 1, 1), 0);
	ck_assert_int_eq(tariff_date_from_ymd(2000, 3, 1), 11017);
	ck_assert_int_eq(tariff_date_from_ymd(1969, 12, 31), -1);
	for (int32_t d = tariff_date_from_ymd(1, 1, 1); d <= tariff_date_from_ymd(9999, 12, 31); d += 7) {
		int32_t y;
		int m, dd;
		tariff_date_to_ymd(d, &y, &m, &dd);
		ck_assert(tariff_date_valid(y, m, dd));
		ck_assert_int_eq(tariff_date_from_ymd(y, m, dd), d);
	}
	tariff_date_to_ymd(0, NULL, NULL, NULL); /* NULL outputs are allowed */
	ck_assert(tariff_is_leap(2024));
	ck_assert(tariff_is_leap(2000));
	ck_assert(!tariff_is_leap(1900));
	ck_assert(!tariff_is_leap(2025));
	ck_assert(tariff_date_valid(2024, 2, 29));
	ck_assert(!tariff_date_valid(2025, 2, 29));
	ck_assert(!tariff_date_valid(2025, 4, 31));
	ck_assert(!tariff_date_valid(2025, 13, 1));
	ck_assert(!tariff_date_valid(0, 1, 1));
}
END_TEST

START_TEST(iso8601)
{
	int64_t t;
	ck_assert_int_eq(T("1970-01-01T00:00:00Z"), 0);
	ck_assert_int_eq(T("2025-03-30T03:00:00+02:00"), T("2025-03-30T01:00:00Z"));
	ck_assert_int_eq(T("2025-03-30T03:00:00+0200"), T("2025-03-30T01:00:00Z"));
	ck_assert_int_eq(T("2025-03-30T03:00+02"), T("2025-03-30T01:00:00Z"));
	ck_assert_int_eq(T("2025-03-29 20:00:00-05:00"), T("2025-03-30T01:00:00Z"));
	ck_assert_int_eq(T("2025-03-30T01:00:00.000Z"), T("2025-03-30T01:00:00Z"));
	ck_assert_int_eq(T("2024-02-29T00:00:00Z"), 1709164800);
	static const struct {
		const char *s;
		int rc;
	} bad[] = {
		{"2025-03-30T01:00:00", TARIFF_EPARSE},  {"2025-03-30", TARIFF_EPARSE},
		{"2025-02-29T00:00:00Z", TARIFF_ERANGE}, {"2025-13-01T00:00:00Z", TARIFF_ERANGE},
		{"2025-01-01T24:00:00Z", TARIFF_ERANGE}, {"2025-01-01T00:00:00.5Z", TARIFF_ERANGE},
		{"2025-01-01T00:00:00Zx", TARIFF_EPARSE}, {"2025-01-01T00:00:00+2:00", TARIFF_EPARSE},
		{"2025/01/01T00:00:00Z", TARIFF_EPARSE}, {"", TARIFF_EPARSE},
		{"2025-01-01T00:00:00+24:00", TARIFF_ERANGE},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(tariff_time_parse(bad[i].s, strlen(bad[i].s), &t) == bad[i].rc, "%s", bad[i].s);
	ck_assert_int_eq(tariff_time_parse(NULL, 0, &t), TARIFF_EINVAL);
	char b[32];
	ck_assert_int_eq(tariff_time_format(T("2025-03-30T01:02:03Z"), b, sizeof b), 20);
	ck_assert_str_eq(b, "2025-03-30T01:02:03Z");
	tariff_time_format(TARIFF_TIME_MIN, b, sizeof b);
	ck_assert_str_eq(b, "0001-01-01T00:00:00Z");
	ck_assert_int_eq(tariff_time_format(0, b, 20), TARIFF_ENOSPC);
	ck_assert_int_eq(tariff_time_format(TARIFF_TIME_MAX + 1, b, sizeof b), TARIFF_ERANGE);
	ck_assert_int_eq(tariff_time_format(0, NULL, 0), TARIFF_EINVAL);
}
END_TEST

Suite *tariff_tz_suite(void)
{
	Suite *s = suite_create("tz");
	TCase *tc = tcase_create("parse");
	tcase_add_test(tc, parse_fields);
	tcase_add_test(tc, parse_errors);
	suite_add_tcase(s, tc);
	tc = tcase_create("local");
	tcase_add_test(tc, paris_missing_and_repeated_hour);
	tcase_add_test(tc, southern_and_western);
	tcase_add_loop_test(tc, crosscheck_glibc, 0, (int)(sizeof xcheck_rules / sizeof xcheck_rules[0]));
	suite_add_tcase(s, tc);
	tc = tcase_create("calendar");
	tcase_add_test(tc, dates);
	tcase_add_test(tc, iso8601);
	suite_add_tcase(s, tc);
	return s;
}
