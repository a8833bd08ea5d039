/* Suite "money": decimal strings, 128-bit amounts, rounding, currencies. */
#include <stdlib.h>
#include <string.h>
#include "hems_check.h"
#include "tariff/tariff.h"
#include "tariff_tests.h"

static int64_t dec(const char *s, unsigned scale)
{
	int64_t v = 0;
	ck_assert_int_eq(tariff_decimal_parse(s, strlen(s), scale, &v), 0);
	return v;
}

START_TEST(decimal_parse_ok)
{
	ck_assert_int_eq(dec("0.2516", 9), 251600000);
	ck_assert_int_eq(dec("-12.34", 2), -1234);
	ck_assert_int_eq(dec("+7", 3), 7000);
	ck_assert_int_eq(dec("1.", 2), 100);
	ck_assert_int_eq(dec(".5", 1), 5);
	ck_assert_int_eq(dec("0.1234567890", 9), 123456789); /* trailing zero beyond scale: exact */
	ck_assert_int_eq(dec("9223372036854775807", 0), INT64_MAX);
	ck_assert_int_eq(dec("-9223372036854775808", 0), INT64_MIN);
	ck_assert_int_eq(dec("000123.000", 3), 123000);
}
END_TEST

START_TEST(decimal_parse_errors)
{
	int64_t v = 42;
	ck_assert_int_eq(tariff_decimal_parse("", 0, 2, &v), TARIFF_EPARSE);
	ck_assert_int_eq(tariff_decimal_parse("-", 1, 2, &v), TARIFF_EPARSE);
	ck_assert_int_eq(tariff_decimal_parse(".", 1, 2, &v), TARIFF_EPARSE);
	ck_assert_int_eq(tariff_decimal_parse("1e5", 3, 2, &v), TARIFF_EPARSE);
	ck_assert_int_eq(tariff_decimal_parse("1.2.3", 5, 2, &v), TARIFF_EPARSE);
	ck_assert_int_eq(tariff_decimal_parse(" 1", 2, 2, &v), TARIFF_EPARSE);
	ck_assert_int_eq(tariff_decimal_parse("1,5", 3, 2, &v), TARIFF_EPARSE);
	ck_assert_int_eq(tariff_decimal_parse("0.1234567891", 12, 9, &v), TARIFF_ERANGE);
	ck_assert_int_eq(tariff_decimal_parse("9223372036854775808", 19, 0, &v), TARIFF_EOVERFLOW);
	ck_assert_int_eq(tariff_decimal_parse("92233720368547758.08", 20, 3, &v), TARIFF_EOVERFLOW);
	ck_assert_int_eq(tariff_decimal_parse(NULL, 0, 2, &v), TARIFF_EINVAL);
	ck_assert_int_eq(tariff_decimal_parse("1", 1, 2, NULL), TARIFF_EINVAL);
	ck_assert_int_eq(tariff_decimal_parse("1", 1, 19, &v), TARIFF_EINVAL);
	ck_assert_int_eq(v, 42); /* untouched on failure */
	/* length is honoured: no NUL needed */
	ck_assert_int_eq(tariff_decimal_parse("12345", 2, 0, &v), 0);
	ck_assert_int_eq(v, 12);
}
END_TEST

START_TEST(decimal_format)
{
	char b[TARIFF_MONEY_STRLEN];
	ck_assert_int_eq(tariff_decimal_format(251600000, 9, b, sizeof b), 11);
	ck_assert_str_eq(b, "0.251600000");
	tariff_decimal_format(-5, 2, b, sizeof b);
	ck_assert_str_eq(b, "-0.05");
	tariff_decimal_format(0, 0, b, sizeof b);
	ck_assert_str_eq(b, "0");
	tariff_decimal_format(INT64_MIN, 0, b, sizeof b);
	ck_assert_str_eq(b, "-9223372036854775808");
	tariff_decimal_format(1234500, 3, b, sizeof b);
	ck_assert_str_eq(b, "1234.500");
	ck_assert_int_eq(tariff_decimal_format(123456, 2, b, 5), TARIFF_ENOSPC);
	ck_assert_str_eq(b, "");
	ck_assert_int_eq(tariff_decimal_format(1, 2, NULL, 5), TARIFF_EINVAL);
	ck_assert_int_eq(tariff_decimal_format(1, 19, b, sizeof b), TARIFF_EINVAL);
}
END_TEST

/* The portable 128-bit code against the compiler's __int128 (tests run on 64-bit hosts). */
#ifdef __SIZEOF_INT128__
__extension__ typedef __int128 i128;
__extension__ typedef unsigned __int128 u128;
static i128 to_i128(tariff_money m)
{
	return (i128)(((u128)(uint64_t)m.hi << 64) | m.lo);
}
static uint64_t rnd64(uint64_t *x)
{
	*x ^= *x << 13; /* xorshift64 */
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}
#endif

START_TEST(money_mul_add_exact)
{
#ifdef __SIZEOF_INT128__
	uint64_t seed = 88172645463325252u;
	for (int i = 0; i < 100000; i++) {
		int64_t a = (int64_t)rnd64(&seed), b = (int64_t)rnd64(&seed);
		if (i % 3 == 0)
			a >>= (i % 60);
		if (i % 5 == 0)
			b >>= (i % 50);
		tariff_money m = tariff_money_mul(a, b);
		ck_assert(to_i128(m) == (i128)a * (i128)b);
		tariff_money s;
		tariff_money n = tariff_money_mul(b, (int64_t)rnd64(&seed));
		int rc = tariff_money_add(m, n, &s);
		i128 want;
		int ovf = __builtin_add_overflow(to_i128(m), to_i128(n), &want);
		ck_assert_int_eq(rc, ovf ? TARIFF_EOVERFLOW : 0);
		if (!ovf)
			ck_assert(to_i128(s) == want);
		rc = tariff_money_sub(m, n, &s);
		ovf = __builtin_sub_overflow(to_i128(m), to_i128(n), &want);
		ck_assert_int_eq(rc, ovf ? TARIFF_EOVERFLOW : 0);
		if (!ovf)
			ck_assert(to_i128(s) == want);
		int c = tariff_money_cmp(m, n);
		ck_assert_int_eq(c, to_i128(m) < to_i128(n) ? -1 : to_i128(m) > to_i128(n) ? 1 : 0);
	}
#endif
	tariff_money max = {INT64_MAX, UINT64_MAX}, one = tariff_money_from_femto(1), r;
	ck_assert_int_eq(tariff_money_add(max, one, &r), TARIFF_EOVERFLOW);
	tariff_money min = {INT64_MIN, 0};
	ck_assert_int_eq(tariff_money_sub(min, one, &r), TARIFF_EOVERFLOW);
	ck_assert_int_eq(tariff_money_add(max, one, NULL), TARIFF_EINVAL);
	ck_assert_int_eq(tariff_money_sub(max, one, NULL), TARIFF_EINVAL);
	/* the extreme product is exact and negative */
	tariff_money m = tariff_money_mul(INT64_MIN, INT64_MIN);
	ck_assert_int_eq(m.hi, INT64_C(0x4000000000000000));
	ck_assert_uint_eq(m.lo, 0);
}
END_TEST

START_TEST(money_round_half_away)
{
	int64_t v;
	const int64_t p12 = INT64_C(1000000000000); /* 1e-3 currency in femto units */
	ck_assert_int_eq(tariff_money_round(tariff_money_from_femto(1005 * p12), 2, &v), 0);
	ck_assert_int_eq(v, 101);
	ck_assert_int_eq(tariff_money_round(tariff_money_from_femto(-1005 * p12), 2, &v), 0);
	ck_assert_int_eq(v, -101);
	ck_assert_int_eq(tariff_money_round(tariff_money_from_femto(1005 * p12 - 1), 2, &v), 0);
	ck_assert_int_eq(v, 100);
	ck_assert_int_eq(tariff_money_round(tariff_money_from_femto(-1005 * p12 + 1), 2, &v), 0);
	ck_assert_int_eq(v, -100);
	/* JPY: 0 digits */
	ck_assert_int_eq(tariff_money_round(tariff_money_from_femto(500 * p12), 0, &v), 0);
	ck_assert_int_eq(v, 1);
	ck_assert_int_eq(tariff_money_round(tariff_money_from_femto(-500 * p12), 0, &v), 0);
	ck_assert_int_eq(v, -1);
	ck_assert_int_eq(tariff_money_round(tariff_money_from_femto(499 * p12), 0, &v), 0);
	ck_assert_int_eq(v, 0);
	/* KWD: 3 digits; 15 digits is the identity */
	ck_assert_int_eq(tariff_money_round(tariff_money_from_femto(12345678), 15, &v), 0);
	ck_assert_int_eq(v, 12345678);
	tariff_money max = {INT64_MAX, UINT64_MAX};
	ck_assert_int_eq(tariff_money_round(max, 2, &v), TARIFF_EOVERFLOW);
	ck_assert_int_eq(tariff_money_round(max, 16, &v), TARIFF_EINVAL);
	ck_assert_int_eq(tariff_money_round(max, 2, NULL), TARIFF_EINVAL);
}
END_TEST

START_TEST(money_format)
{
	char b[TARIFF_MONEY_STRLEN];
	tariff_money max = {INT64_MAX, UINT64_MAX}, min = {INT64_MIN, 0};
	ck_assert_int_gt(tariff_money_format(max, 15, b, sizeof b), 0);
	ck_assert_str_eq(b, "170141183460469231731687.303715884105727");
	tariff_money_format(min, 15, b, sizeof b);
	ck_assert_str_eq(b, "-170141183460469231731687.303715884105728");
	tariff_money_format(max, 0, b, sizeof b);
	ck_assert_str_eq(b, "170141183460469231731687");
	/* 0.2516 EUR/kWh × 1 kWh = 0.2516 → "0.25" and "0.251600" */
	tariff_money m = tariff_money_mul(1000000, 251600000);
	tariff_money_format(m, 2, b, sizeof b);
	ck_assert_str_eq(b, "0.25");
	tariff_money_format(m, 6, b, sizeof b);
	ck_assert_str_eq(b, "0.251600");
	/* -0.004 rounds to 0.00, printed without a sign */
	tariff_money_format(tariff_money_from_femto(-4000000000000), 2, b, sizeof b);
	ck_assert_str_eq(b, "0.00");
	tariff_money_format(tariff_money_from_femto(-5000000000000), 2, b, sizeof b);
	ck_assert_str_eq(b, "-0.01");
	ck_assert_int_eq(tariff_money_format(max, 15, b, 10), TARIFF_ENOSPC);
	ck_assert_int_eq(tariff_money_format(max, 15, NULL, 10), TARIFF_EINVAL);
	ck_assert_int_eq(tariff_money_format(max, 16, b, sizeof b), TARIFF_EINVAL);
}
END_TEST

START_TEST(money_vat_ppm)
{
	tariff_money r;
	char b[TARIFF_MONEY_STRLEN];
	tariff_money hundred = tariff_money_mul(100000000, 1000000000); /* 100.00 */
	ck_assert_int_eq(tariff_money_mul_ppm(hundred, 200000, &r), 0);
	tariff_money_format(r, 2, b, sizeof b);
	ck_assert_str_eq(b, "20.00");
	ck_assert_int_eq(tariff_money_mul_ppm(tariff_money_from_femto(5), 100000, &r), 0); /* 0.5 → 1 */
	ck_assert_int_eq(r.lo, 1);
	ck_assert_int_eq(tariff_money_mul_ppm(tariff_money_from_femto(-5), 100000, &r), 0);
	ck_assert_int_eq(r.hi, -1);
	ck_assert_uint_eq(r.lo, UINT64_MAX);
	tariff_money max = {INT64_MAX, UINT64_MAX};
	ck_assert_int_eq(tariff_money_mul_ppm(max, 2000000, &r), TARIFF_EOVERFLOW);
	ck_assert_int_eq(tariff_money_mul_ppm(max, -1, &r), TARIFF_EINVAL);
	ck_assert_int_eq(tariff_money_mul_ppm(max, 1, NULL), TARIFF_EINVAL);
}
END_TEST

START_TEST(currencies)
{
	ck_assert_int_eq(tariff_currency_digits("EUR"), 2);
	ck_assert_int_eq(tariff_currency_digits("USD"), 2);
	ck_assert_int_eq(tariff_currency_digits("JPY"), 0);
	ck_assert_int_eq(tariff_currency_digits("KRW"), 0);
	ck_assert_int_eq(tariff_currency_digits("KWD"), 3);
	ck_assert_int_eq(tariff_currency_digits("BHD"), 3);
	ck_assert_int_eq(tariff_currency_digits("CLF"), 4);
	ck_assert_int_eq(tariff_currency_digits("AED"), 2);
	ck_assert_int_eq(tariff_currency_digits("ZWG"), 2);
	ck_assert_int_eq(tariff_currency_digits("XAU"), TARIFF_ENOTFOUND);
	ck_assert_int_eq(tariff_currency_digits("eur"), TARIFF_ENOTFOUND);
	ck_assert_int_eq(tariff_currency_digits("EURO"), TARIFF_ENOTFOUND);
	ck_assert_int_eq(tariff_currency_digits(""), TARIFF_ENOTFOUND);
	ck_assert_int_eq(tariff_currency_digits(NULL), TARIFF_EINVAL);
}
END_TEST

Suite *tariff_money_suite(void)
{
	Suite *s = suite_create("money");
	TCase *tc = tcase_create("decimal");
	tcase_add_test(tc, decimal_parse_ok);
	tcase_add_test(tc, decimal_parse_errors);
	tcase_add_test(tc, decimal_format);
	suite_add_tcase(s, tc);
	tc = tcase_create("amounts");
	tcase_add_test(tc, money_mul_add_exact);
	tcase_add_test(tc, money_round_half_away);
	tcase_add_test(tc, money_format);
	tcase_add_test(tc, money_vat_ppm);
	suite_add_tcase(s, tc);
	tc = tcase_create("currency");
	tcase_add_test(tc, currencies);
	suite_add_tcase(s, tc);
	return s;
}
