/* Suite "decode": register words to numbers and back, against fixed byte vectors. */
#include <math.h>
#include <string.h>
#include "hems_check.h"
#include "ems/ems.h"
#include "ems_tests.h"

/* Bytes as they travel on the wire (big endian per register) to register words. */
static void wire(const uint8_t *b, size_t n, uint16_t *w)
{
	for (size_t i = 0; i < n / 2; i++)
		w[i] = (uint16_t)((b[2 * i] << 8) | b[2 * i + 1]);
}

static double dec(const uint8_t *bytes, size_t n, ems_type t, ems_word_order o)
{
	uint16_t w[4];
	double v = -12345;
	wire(bytes, n, w);
	ck_assert_int_eq(ems_decode(w, n / 2, t, o, 1, &v), EMS_OK);
	return v;
}

START_TEST(integers_from_bytes)
{
	ck_assert(dec((const uint8_t[]){0x12, 0x34}, 2, EMS_TYPE_U16, EMS_ORDER_ABCD) == 0x1234);
	ck_assert(dec((const uint8_t[]){0xFF, 0xFE}, 2, EMS_TYPE_S16, EMS_ORDER_ABCD) == -2);
	ck_assert(dec((const uint8_t[]){0x34, 0x12}, 2, EMS_TYPE_U16, EMS_ORDER_BADC) == 0x1234);
	/* 0x01020304 in the four orders */
	ck_assert(dec((const uint8_t[]){1, 2, 3, 4}, 4, EMS_TYPE_U32, EMS_ORDER_ABCD) == 0x01020304);
	ck_assert(dec((const uint8_t[]){3, 4, 1, 2}, 4, EMS_TYPE_U32, EMS_ORDER_CDAB) == 0x01020304);
	ck_assert(dec((const uint8_t[]){2, 1, 4, 3}, 4, EMS_TYPE_U32, EMS_ORDER_BADC) == 0x01020304);
	ck_assert(dec((const uint8_t[]){4, 3, 2, 1}, 4, EMS_TYPE_U32, EMS_ORDER_DCBA) == 0x01020304);
	ck_assert(dec((const uint8_t[]){0xFF, 0xFF, 0xFF, 0xFE}, 4, EMS_TYPE_S32, EMS_ORDER_ABCD) == -2);
	ck_assert(dec((const uint8_t[]){0xFF, 0xFE, 0xFF, 0xFF}, 4, EMS_TYPE_S32, EMS_ORDER_CDAB) == -2);
	/* Carlo Gavazzi: 2301 (230.1 V) LSW first: 0x08FD 0x0000 */
	ck_assert(dec((const uint8_t[]){0x08, 0xFD, 0x00, 0x00}, 4, EMS_TYPE_S32, EMS_ORDER_CDAB) == 2301);
	ck_assert(dec((const uint8_t[]){0, 0, 0, 0, 0, 1, 0, 0}, 8, EMS_TYPE_U64, EMS_ORDER_ABCD) == 65536);
	ck_assert(dec((const uint8_t[]){0, 0, 0, 1, 0, 0, 0, 0}, 8, EMS_TYPE_U64, EMS_ORDER_CDAB) == 65536.0);
	ck_assert(dec((const uint8_t[]){0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE}, 8, EMS_TYPE_S64, EMS_ORDER_ABCD) == -2);
	/* ABB B23: 0x5000 import 123456.78 kWh as u64 in 0.01 kWh */
	ck_assert(dec((const uint8_t[]){0, 0, 0, 0, 0x00, 0xBC, 0x61, 0x4E}, 8, EMS_TYPE_U64, EMS_ORDER_ABCD) == 12345678);
}
END_TEST

START_TEST(floats_from_bytes)
{
	/* 230.0f = 0x43660000; 50.0f = 0x42480000; -1.5f = 0xBFC00000 */
	ck_assert(dec((const uint8_t[]){0x43, 0x66, 0x00, 0x00}, 4, EMS_TYPE_FLOAT32, EMS_ORDER_ABCD) == 230.0);
	ck_assert(dec((const uint8_t[]){0x00, 0x00, 0x43, 0x66}, 4, EMS_TYPE_FLOAT32, EMS_ORDER_CDAB) == 230.0);
	ck_assert(dec((const uint8_t[]){0x66, 0x43, 0x00, 0x00}, 4, EMS_TYPE_FLOAT32, EMS_ORDER_BADC) == 230.0);
	ck_assert(dec((const uint8_t[]){0x00, 0x00, 0x66, 0x43}, 4, EMS_TYPE_FLOAT32, EMS_ORDER_DCBA) == 230.0);
	ck_assert(dec((const uint8_t[]){0x42, 0x48, 0x00, 0x00}, 4, EMS_TYPE_FLOAT32, EMS_ORDER_ABCD) == 50.0);
	ck_assert(dec((const uint8_t[]){0xBF, 0xC0, 0x00, 0x00}, 4, EMS_TYPE_FLOAT32, EMS_ORDER_ABCD) == -1.5);
	/* 229.8f = 0x4365CCCD */
	ck_assert(fabs(dec((const uint8_t[]){0x43, 0x65, 0xCC, 0xCD}, 4, EMS_TYPE_FLOAT32, EMS_ORDER_ABCD) - 229.8) < 1e-4);
}
END_TEST

START_TEST(sentinels_are_not_numbers)
{
	double v = 7;
	uint16_t w[4];
	w[0] = 0xFFFF;
	ck_assert_int_eq(ems_decode(w, 1, EMS_TYPE_U16, EMS_ORDER_ABCD, 1, &v), EMS_ENOTFOUND);
	ck_assert_int_eq(ems_decode(w, 1, EMS_TYPE_U16, EMS_ORDER_ABCD, 0, &v), EMS_OK);
	ck_assert(v == 65535);
	w[0] = 0x8000;
	ck_assert_int_eq(ems_decode(w, 1, EMS_TYPE_S16, EMS_ORDER_ABCD, 1, &v), EMS_ENOTFOUND);
	w[0] = 0x8000; w[1] = 0;
	ck_assert_int_eq(ems_decode(w, 2, EMS_TYPE_S32, EMS_ORDER_ABCD, 1, &v), EMS_ENOTFOUND);
	w[0] = 0; w[1] = 0x8000;
	ck_assert_int_eq(ems_decode(w, 2, EMS_TYPE_S32, EMS_ORDER_CDAB, 1, &v), EMS_ENOTFOUND);
	w[0] = w[1] = 0xFFFF;
	ck_assert_int_eq(ems_decode(w, 2, EMS_TYPE_U32, EMS_ORDER_ABCD, 1, &v), EMS_ENOTFOUND);
	w[0] = w[1] = w[2] = w[3] = 0xFFFF;
	ck_assert_int_eq(ems_decode(w, 4, EMS_TYPE_U64, EMS_ORDER_ABCD, 1, &v), EMS_ENOTFOUND);
	w[0] = 0x8000; w[1] = w[2] = w[3] = 0;
	ck_assert_int_eq(ems_decode(w, 4, EMS_TYPE_S64, EMS_ORDER_ABCD, 1, &v), EMS_ENOTFOUND);
	/* NaN is never a number, even without sentinel checks; infinities only with them */
	w[0] = 0x7FC0; w[1] = 0;
	ck_assert_int_eq(ems_decode(w, 2, EMS_TYPE_FLOAT32, EMS_ORDER_ABCD, 0, &v), EMS_ENOTFOUND);
	w[0] = 0xFFFF; w[1] = 0xFFFF;
	ck_assert_int_eq(ems_decode(w, 2, EMS_TYPE_FLOAT32, EMS_ORDER_ABCD, 1, &v), EMS_ENOTFOUND);
	w[0] = 0x7F80; w[1] = 0;
	ck_assert_int_eq(ems_decode(w, 2, EMS_TYPE_FLOAT32, EMS_ORDER_ABCD, 1, &v), EMS_ENOTFOUND);
	ck_assert_int_eq(ems_decode(w, 2, EMS_TYPE_FLOAT32, EMS_ORDER_ABCD, 0, &v), EMS_OK);
	ck_assert(isinf(v));
}
END_TEST

START_TEST(bad_arguments)
{
	uint16_t w[4] = {0};
	double v;
	ck_assert_int_eq(ems_decode(NULL, 2, EMS_TYPE_U32, EMS_ORDER_ABCD, 1, &v), EMS_EINVAL);
	ck_assert_int_eq(ems_decode(w, 2, EMS_TYPE_U32, EMS_ORDER_ABCD, 1, NULL), EMS_EINVAL);
	ck_assert_int_eq(ems_decode(w, 1, EMS_TYPE_U32, EMS_ORDER_ABCD, 1, &v), EMS_EINVAL);
	ck_assert_int_eq(ems_decode(w, 3, EMS_TYPE_U64, EMS_ORDER_ABCD, 1, &v), EMS_EINVAL);
	ck_assert_int_eq(ems_decode(w, 2, (ems_type)99, EMS_ORDER_ABCD, 1, &v), EMS_EINVAL);
	ck_assert_int_eq(ems_decode(w, 2, EMS_TYPE_U32, (ems_word_order)9, 1, &v), EMS_EINVAL);
	ck_assert_int_eq(ems_encode(1, EMS_TYPE_U32, EMS_ORDER_ABCD, NULL, 2), EMS_EINVAL);
	ck_assert_int_eq(ems_encode(1, EMS_TYPE_U32, EMS_ORDER_ABCD, w, 1), EMS_EINVAL);
	ck_assert_int_eq(ems_encode(NAN, EMS_TYPE_U16, EMS_ORDER_ABCD, w, 1), EMS_EINVAL);
	ck_assert_int_eq(ems_encode(1, EMS_TYPE_U16, (ems_word_order)7, w, 1), EMS_EINVAL);
	ck_assert_int_eq(ems_encode(70000, EMS_TYPE_U16, EMS_ORDER_ABCD, w, 1), EMS_ERANGE);
	ck_assert_int_eq(ems_encode(-1, EMS_TYPE_U32, EMS_ORDER_ABCD, w, 2), EMS_ERANGE);
	ck_assert_int_eq(ems_encode(40000, EMS_TYPE_S16, EMS_ORDER_ABCD, w, 1), EMS_ERANGE);
	ck_assert_int_eq(ems_encode(1e40, EMS_TYPE_FLOAT32, EMS_ORDER_ABCD, w, 2), EMS_ERANGE);
	ck_assert_uint_eq(ems_type_words((ems_type)42), 0);
}
END_TEST

START_TEST(encode_round_trip)
{
	static const ems_type types[] = {EMS_TYPE_U16, EMS_TYPE_S16, EMS_TYPE_U32, EMS_TYPE_S32,
					 EMS_TYPE_U64, EMS_TYPE_S64, EMS_TYPE_FLOAT32};
	static const double values[] = {0, 1, 123, 30000, -2, -30000, 65535, 1234567, -1234567, 4294967295.0};
	for (size_t t = 0; t < sizeof types / sizeof types[0]; t++)
		for (int o = 0; o <= EMS_ORDER_DCBA; o++)
			for (size_t k = 0; k < sizeof values / sizeof values[0]; k++) {
				uint16_t w[4];
				double back;
				int rc = ems_encode(values[k], types[t], (ems_word_order)o, w, 4);
				if (rc == EMS_ERANGE)
					continue;
				ck_assert_int_eq(rc, EMS_OK);
				ck_assert_int_eq(ems_decode(w, 4, types[t], (ems_word_order)o, 0, &back), EMS_OK);
				if (types[t] == EMS_TYPE_FLOAT32)
					ck_assert(fabs(back - values[k]) <= fabs(values[k]) * 1e-7);
				else
					ck_assert(back == values[k]);
			}
	/* a fixed vector: 230.1 V as s32 x0.1 LSW first */
	uint16_t w[2];
	ck_assert_int_eq(ems_encode(2301, EMS_TYPE_S32, EMS_ORDER_CDAB, w, 2), EMS_OK);
	ck_assert_uint_eq(w[0], 0x08FD);
	ck_assert_uint_eq(w[1], 0x0000);
	ck_assert_int_eq(ems_encode(230.0, EMS_TYPE_FLOAT32, EMS_ORDER_ABCD, w, 2), EMS_OK);
	ck_assert_uint_eq(w[0], 0x4366);
	ck_assert_uint_eq(w[1], 0x0000);
}
END_TEST

START_TEST(names)
{
	ems_type t;
	ems_word_order o;
	ck_assert_int_eq(ems_type_from_name("float32", &t), EMS_OK);
	ck_assert_int_eq(t, EMS_TYPE_FLOAT32);
	ck_assert_int_eq(ems_type_from_name("s64", &t), EMS_OK);
	ck_assert_int_eq(ems_type_from_name("int32", &t), EMS_ENOTFOUND);
	ck_assert_int_eq(ems_type_from_name(NULL, &t), EMS_EINVAL);
	ck_assert_int_eq(ems_word_order_from_name("cdab", &o), EMS_OK);
	ck_assert_int_eq(o, EMS_ORDER_CDAB);
	ck_assert_int_eq(ems_word_order_from_name("little", &o), EMS_OK);
	ck_assert_int_eq(o, EMS_ORDER_DCBA);
	ck_assert_int_eq(ems_word_order_from_name("xyz", &o), EMS_ENOTFOUND);
	ck_assert_int_eq(ems_word_order_from_name("abcd", NULL), EMS_EINVAL);
}
END_TEST

Suite *ems_decode_suite(void)
{
	Suite *s = suite_create("decode");
	TCase *tc = tcase_create("decode");
	tcase_add_test(tc, integers_from_bytes);
	tcase_add_test(tc, floats_from_bytes);
	tcase_add_test(tc, sentinels_are_not_numbers);
	tcase_add_test(tc, bad_arguments);
	tcase_add_test(tc, encode_round_trip);
	tcase_add_test(tc, names);
	suite_add_tcase(s, tc);
	return s;
}
