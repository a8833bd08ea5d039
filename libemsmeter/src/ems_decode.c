/* Decoding and encoding of register words; no libmodbus helper is used. */
#include <math.h>
#include <string.h>
#include "ems/decode.h"
#include "ems/error.h"

size_t ems_type_words(ems_type t)
{
	switch (t) {
	case EMS_TYPE_U16: case EMS_TYPE_S16: case EMS_TYPE_BIT: return 1;
	case EMS_TYPE_U32: case EMS_TYPE_S32: case EMS_TYPE_FLOAT32: return 2;
	case EMS_TYPE_U64: case EMS_TYPE_S64: return 4;
	}
	return 0;
}

/* Gather n words into a big-endian integer following the order. */
static int gather(const uint16_t *w, size_t n, ems_word_order order, uint64_t *out)
{
	uint64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		uint16_t x;
		switch (order) {
		case EMS_ORDER_ABCD: x = w[i]; break;
		case EMS_ORDER_CDAB: x = w[n - 1 - i]; break;
		case EMS_ORDER_BADC: x = (uint16_t)((w[i] >> 8) | (w[i] << 8)); break;
		case EMS_ORDER_DCBA: x = (uint16_t)((w[n - 1 - i] >> 8) | (w[n - 1 - i] << 8)); break;
		default: return EMS_EINVAL;
		}
		v = (v << 16) | x;
	}
	*out = v;
	return EMS_OK;
}

static int scatter(uint64_t v, size_t n, ems_word_order order, uint16_t *w)
{
	for (size_t i = 0; i < n; i++) {
		uint16_t x = (uint16_t)(v >> (16 * (n - 1 - i)));
		switch (order) {
		case EMS_ORDER_ABCD: w[i] = x; break;
		case EMS_ORDER_CDAB: w[n - 1 - i] = x; break;
		case EMS_ORDER_BADC: w[i] = (uint16_t)((x >> 8) | (x << 8)); break;
		case EMS_ORDER_DCBA: w[n - 1 - i] = (uint16_t)((x >> 8) | (x << 8)); break;
		default: return EMS_EINVAL;
		}
	}
	return EMS_OK;
}

int ems_decode(const uint16_t *words, size_t nwords, ems_type t, ems_word_order order,
	       int check_sentinel, double *out)
{
	size_t n = ems_type_words(t);
	if (!words || !out || n == 0 || nwords < n)
		return EMS_EINVAL;
	if (t == EMS_TYPE_BIT) {
		*out = words[0] ? 1.0 : 0.0;
		return EMS_OK;
	}
	uint64_t v;
	int rc = gather(words, n, order, &v);
	if (rc)
		return rc;
	switch (t) {
	case EMS_TYPE_U16:
		if (check_sentinel && v == 0xFFFFu)
			return EMS_ENOTFOUND;
		*out = (double)v;
		break;
	case EMS_TYPE_S16:
		if (check_sentinel && v == 0x8000u)
			return EMS_ENOTFOUND;
		*out = (double)(int16_t)(uint16_t)v;
		break;
	case EMS_TYPE_U32:
		if (check_sentinel && v == 0xFFFFFFFFu)
			return EMS_ENOTFOUND;
		*out = (double)v;
		break;
	case EMS_TYPE_S32:
		if (check_sentinel && v == 0x80000000u)
			return EMS_ENOTFOUND;
		*out = (double)(int32_t)(uint32_t)v;
		break;
	case EMS_TYPE_U64:
		if (check_sentinel && v == UINT64_MAX)
			return EMS_ENOTFOUND;
		*out = (double)v;
		break;
	case EMS_TYPE_S64:
		if (check_sentinel && v == UINT64_C(0x8000000000000000))
			return EMS_ENOTFOUND;
		*out = (double)(int64_t)v;
		break;
	case EMS_TYPE_FLOAT32: {
		uint32_t u = (uint32_t)v;
		float f;
		memcpy(&f, &u, sizeof f);
		if (isnan(f) || (check_sentinel && isinf(f)))
			return EMS_ENOTFOUND;
		*out = (double)f;
		break;
	}
	default:
		return EMS_EINVAL;
	}
	return EMS_OK;
}

int ems_encode(double value, ems_type t, ems_word_order order, uint16_t *words, size_t nwords)
{
	size_t n = ems_type_words(t);
	if (!words || n == 0 || nwords < n || (int)order < 0 || order > EMS_ORDER_DCBA)
		return EMS_EINVAL;
	if (t == EMS_TYPE_FLOAT32) {
		float f = (float)value;
		uint32_t u;
		if (!isnan(value) && isfinite(value) && !isfinite(f))
			return EMS_ERANGE;
		memcpy(&u, &f, sizeof u);
		return scatter(u, n, order, words);
	}
	if (!isfinite(value))
		return EMS_EINVAL;
	double r = nearbyint(value);
	uint64_t v;
	switch (t) {
	case EMS_TYPE_BIT:
		words[0] = r != 0 ? 1 : 0;
		return EMS_OK;
	case EMS_TYPE_U16:
		if (r < 0 || r > 65535.0) return EMS_ERANGE;
		v = (uint64_t)r;
		break;
	case EMS_TYPE_S16:
		if (r < -32768.0 || r > 32767.0) return EMS_ERANGE;
		v = (uint16_t)(int16_t)r;
		break;
	case EMS_TYPE_U32:
		if (r < 0 || r > 4294967295.0) return EMS_ERANGE;
		v = (uint64_t)r;
		break;
	case EMS_TYPE_S32:
		if (r < -2147483648.0 || r > 2147483647.0) return EMS_ERANGE;
		v = (uint32_t)(int32_t)r;
		break;
	case EMS_TYPE_U64:
		if (r < 0 || r >= 18446744073709551616.0) return EMS_ERANGE;
		v = (uint64_t)r;
		break;
	case EMS_TYPE_S64:
		if (r < -9223372036854775808.0 || r >= 9223372036854775808.0) return EMS_ERANGE;
		v = (uint64_t)(int64_t)r;
		break;
	default:
		return EMS_EINVAL;
	}
	return scatter(v, n, order, words);
}

int ems_type_from_name(const char *name, ems_type *out)
{
	static const struct { const char *n; ems_type t; } tab[] = {
		{"u16", EMS_TYPE_U16}, {"s16", EMS_TYPE_S16}, {"u32", EMS_TYPE_U32},
		{"s32", EMS_TYPE_S32}, {"u64", EMS_TYPE_U64}, {"s64", EMS_TYPE_S64},
		{"float32", EMS_TYPE_FLOAT32}, {"bit", EMS_TYPE_BIT},
	};
	if (!name || !out)
		return EMS_EINVAL;
	for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
		if (strcmp(tab[i].n, name) == 0) {
			*out = tab[i].t;
			return EMS_OK;
		}
	return EMS_ENOTFOUND;
}

int ems_word_order_from_name(const char *name, ems_word_order *out)
{
	static const struct { const char *n; ems_word_order o; } tab[] = {
		{"abcd", EMS_ORDER_ABCD}, {"big", EMS_ORDER_ABCD},
		{"cdab", EMS_ORDER_CDAB}, {"swapped", EMS_ORDER_CDAB},
		{"badc", EMS_ORDER_BADC}, {"dcba", EMS_ORDER_DCBA}, {"little", EMS_ORDER_DCBA},
	};
	if (!name || !out)
		return EMS_EINVAL;
	for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
		if (strcmp(tab[i].n, name) == 0) {
			*out = tab[i].o;
			return EMS_OK;
		}
	return EMS_ENOTFOUND;
}
