/* Suite "csv": consumption rows and price-slot rows, with the column of each error. */
#include <string.h>
#include "hems_check.h"
#include "tariff/tariff.h"
#include "tariff_tests.h"

#define ROW(s) s, strlen(s)

START_TEST(interval_rows)
{
	int64_t s, e, q;
	tariff_diag d;
	ck_assert_int_eq(tariff_csv_interval_parse(ROW("2025-01-01T00:00:00Z,2025-01-01T01:00:00Z,1234.5"), &s, &e, &q, &d), 0);
	ck_assert_int_eq(e - s, 3600);
	ck_assert_int_eq(q, 1234500);
	ck_assert_int_eq(tariff_csv_interval_parse(ROW(" \"2025-01-01T01:00:00+01:00\" , 2025-01-01T01:15:00+01:00 ,0.001\r"), &s, &e, &q, &d), 0);
	ck_assert_int_eq(s, 1735689600);
	ck_assert_int_eq(q, 1);
	static const struct {
		const char *row;
		int rc;
		int col;
	} bad[] = {
		{"2025-01-01T00:00:00Z,2025-01-01T01:00:00Z", TARIFF_EPARSE, 1},
		{"2025-01-01T00:00:00Z,2025-01-01T01:00:00Z,1,2", TARIFF_EPARSE, 1},
		{"2025-01-01T00:00:00,2025-01-01T01:00:00Z,1", TARIFF_EPARSE, 1},
		{"2025-01-01T00:00:00Z,2025-02-30T01:00:00Z,1", TARIFF_ERANGE, 22},
		{"2025-01-01T01:00:00Z,2025-01-01T01:00:00Z,1", TARIFF_ERANGE, 22},
		{"2025-01-01T00:00:00Z,2025-01-01T01:00:00Z,abc", TARIFF_EPARSE, 43},
		{"2025-01-01T00:00:00Z,2025-01-01T01:00:00Z,1.0001", TARIFF_ERANGE, 43},
		{"2025-01-01T00:00:00Z,2025-01-01T01:00:00Z,-1", TARIFF_ERANGE, 43},
		{"2025-01-01T00:00:00Z,2025-01-01T01:00:00Z,", TARIFF_EPARSE, 43},
		{"\"2025-01-01T00:00:00Z,2025-01-01T01:00:00Z,1", TARIFF_EPARSE, 1},
		{"2025-01-01T00:00:00Z,2025-01-01T01:00:00Z,99999999999999999999", TARIFF_EOVERFLOW, 43},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int rc = tariff_csv_interval_parse(bad[i].row, strlen(bad[i].row), &s, &e, &q, &d);
		ck_assert_msg(rc == bad[i].rc && d.column == bad[i].col, "%s: rc %d col %d (%s)", bad[i].row, rc, d.column, d.reason);
		ck_assert(strlen(d.reason) > 0);
	}
	ck_assert_int_eq(tariff_csv_interval_parse(NULL, 0, &s, &e, &q, NULL), TARIFF_EINVAL);
	ck_assert_int_eq(tariff_csv_interval_parse(ROW("x"), &s, &e, &q, NULL), TARIFF_EPARSE);
}
END_TEST

START_TEST(slot_rows_and_headers)
{
	tariff_slot sl;
	tariff_diag d;
	ck_assert_int_eq(tariff_csv_slot_parse(ROW("2025-01-01T00:00:00Z,2025-01-01T00:15:00Z,-0.01234"), &sl, &d), 0);
	ck_assert_int_eq(sl.price_nano, -12340000);
	ck_assert_int_eq(sl.end - sl.start, 900);
	ck_assert_int_eq(tariff_csv_slot_parse(ROW("2025-01-01T00:00:00Z,2025-01-01T00:15:00Z,0.0123456789"), &sl, &d), TARIFF_ERANGE);
	ck_assert_int_eq(d.column, 43);
	ck_assert_int_eq(tariff_csv_slot_parse(NULL, 0, &sl, &d), TARIFF_EINVAL);
	ck_assert(tariff_csv_is_header(ROW("start,end,quantity"), "start,end,quantity"));
	ck_assert(tariff_csv_is_header(ROW("\"start\", \"end\" ,quantity\r"), "start,end,quantity"));
	ck_assert(!tariff_csv_is_header(ROW("start,end,price"), "start,end,quantity"));
	ck_assert(!tariff_csv_is_header(ROW("start,end"), "start,end,quantity"));
	ck_assert(!tariff_csv_is_header(NULL, 0, "start"));
	ck_assert(tariff_csv_is_blank(ROW(" \t\r")));
	ck_assert(tariff_csv_is_blank("", 0));
	ck_assert(!tariff_csv_is_blank(ROW(" x")));
	ck_assert(tariff_csv_is_blank(NULL, 0));
	ck_assert(!tariff_csv_is_blank(NULL, 3));
}
END_TEST

Suite *tariff_csv_suite(void)
{
	Suite *s = suite_create("csv");
	TCase *tc = tcase_create("rows");
	tcase_add_test(tc, interval_rows);
	tcase_add_test(tc, slot_rows_and_headers);
	suite_add_tcase(s, tc);
	return s;
}
