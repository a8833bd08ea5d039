/* Exact money: decimal parsing and formatting, portable 128-bit amounts.
 *
 * The 128-bit arithmetic is written with 64- and 32-bit operations only, so the same code
 * gives the same results on a 32-bit MCU (no __int128 there) and on a PC. */
#include <string.h>
#include "tariff/money.h"
#include "tariff/error.h"

/* ---- 160-bit magnitudes as five 32-bit limbs, least significant first ---- */
#define NLIMB 5

typedef struct mag {
	uint32_t l[NLIMB];
} mag;

static int money_neg(tariff_money a)
{
	return a.hi < 0;
}

static mag mag_of(tariff_money a)
{
	uint64_t hi = (uint64_t)a.hi, lo = a.lo;
	if (money_neg(a)) { /* two's complement negation */
		lo = ~lo + 1u;
		hi = ~hi + (lo == 0 ? 1u : 0u);
	}
	mag m;
	m.l[0] = (uint32_t)(lo & 0xffffffffu);
	m.l[1] = (uint32_t)(lo >> 32);
	m.l[2] = (uint32_t)(hi & 0xffffffffu);
	m.l[3] = (uint32_t)(hi >> 32);
	m.l[4] = 0;
	return m;
}

/* The signed amount of a magnitude; -1 if it does not fit (|v| >= 2^127, except -2^127). */
static int money_of(const mag *m, int negative, tariff_money *out)
{
	if (m->l[4] != 0)
		return -1;
	uint64_t lo = (uint64_t)m->l[0] | ((uint64_t)m->l[1] << 32);
	uint64_t hi = (uint64_t)m->l[2] | ((uint64_t)m->l[3] << 32);
	if (hi >> 63) {
		if (!(negative && hi == (UINT64_C(1) << 63) && lo == 0))
			return -1;
	}
	if (negative) {
		lo = ~lo + 1u;
		hi = ~hi + (lo == 0 ? 1u : 0u);
	}
	out->lo = lo;
	out->hi = (int64_t)hi; /* two's complement, as every supported compiler does */
	return 0;
}

static int mag_is_zero(const mag *m)
{
	for (int i = 0; i < NLIMB; i++)
		if (m->l[i])
			return 0;
	return 1;
}

/* m = m * k + add; returns the carry out of the top limb. */
static uint32_t mag_muladd(mag *m, uint32_t k, uint32_t add)
{
	uint64_t carry = add;
	for (int i = 0; i < NLIMB; i++) {
		uint64_t v = (uint64_t)m->l[i] * k + carry;
		m->l[i] = (uint32_t)(v & 0xffffffffu);
		carry = v >> 32;
	}
	return (uint32_t)carry;
}

/* m = m / d; returns the remainder. d != 0. */
static uint32_t mag_div(mag *m, uint32_t d)
{
	uint64_t rem = 0;
	for (int i = NLIMB - 1; i >= 0; i--) {
		uint64_t v = (rem << 32) | m->l[i];
		m->l[i] = (uint32_t)(v / d);
		rem = v % d;
	}
	return (uint32_t)rem;
}

static const uint32_t pow10_u32[10] = {1u, 10u, 100u, 1000u, 10000u, 100000u,
				       1000000u, 10000000u, 100000000u, 1000000000u};

/* m = m / 10^k (k <= 18); returns the remainder (< 10^18). */
static uint64_t mag_div_pow10(mag *m, unsigned k)
{
	if (k <= 9)
		return mag_div(m, pow10_u32[k]);
	uint32_t r1 = mag_div(m, pow10_u32[9]);
	uint32_t r2 = mag_div(m, pow10_u32[k - 9]);
	return (uint64_t)r2 * 1000000000u + r1;
}

static uint64_t pow10_u64(unsigned k)
{
	uint64_t p = 1;
	while (k--)
		p *= 10u;
	return p;
}

/* Round m / 10^k half away from zero (on the magnitude). */
static void mag_round_div(mag *m, unsigned k)
{
	if (k == 0)
		return;
	uint64_t rem = mag_div_pow10(m, k);
	uint64_t p = pow10_u64(k);
	if (rem >= p - rem) /* rem >= p/2, exactly, for even p */
		(void)mag_muladd(m, 1, 1);
}

/* ---- public: amounts ---- */

tariff_money tariff_money_from_femto(int64_t femto)
{
	tariff_money m;
	m.lo = (uint64_t)femto;
	m.hi = femto < 0 ? -1 : 0;
	return m;
}

tariff_money tariff_money_mul(int64_t q, int64_t p)
{
	int neg = (q < 0) != (p < 0);
	uint64_t a = q < 0 ? (uint64_t)0 - (uint64_t)q : (uint64_t)q;
	uint64_t b = p < 0 ? (uint64_t)0 - (uint64_t)p : (uint64_t)p;
	uint64_t a0 = a & 0xffffffffu, a1 = a >> 32, b0 = b & 0xffffffffu, b1 = b >> 32;
	uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
	uint64_t mid = (p00 >> 32) + (p01 & 0xffffffffu) + (p10 & 0xffffffffu);
	uint64_t lo = (p00 & 0xffffffffu) | (mid << 32);
	uint64_t hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
	if (neg) {
		lo = ~lo + 1u;
		hi = ~hi + (lo == 0 ? 1u : 0u);
	}
	tariff_money m;
	m.lo = lo;
	m.hi = (int64_t)hi;
	return m;
}

int tariff_money_add(tariff_money a, tariff_money b, tariff_money *out)
{
	if (!out)
		return TARIFF_EINVAL;
	uint64_t lo = a.lo + b.lo;
	uint64_t carry = lo < a.lo ? 1u : 0u;
	uint64_t hi = (uint64_t)a.hi + (uint64_t)b.hi + carry;
	int sa = a.hi < 0, sb = b.hi < 0, sr = (hi >> 63) != 0;
	if (sa == sb && sr != sa)
		return TARIFF_EOVERFLOW;
	out->lo = lo;
	out->hi = (int64_t)hi;
	return 0;
}

int tariff_money_sub(tariff_money a, tariff_money b, tariff_money *out)
{
	if (!out)
		return TARIFF_EINVAL;
	uint64_t lo = a.lo - b.lo;
	uint64_t borrow = a.lo < b.lo ? 1u : 0u;
	uint64_t hi = (uint64_t)a.hi - (uint64_t)b.hi - borrow;
	int sa = a.hi < 0, sb = b.hi < 0, sr = (hi >> 63) != 0;
	if (sa != sb && sr != sa)
		return TARIFF_EOVERFLOW;
	out->lo = lo;
	out->hi = (int64_t)hi;
	return 0;
}

int tariff_money_cmp(tariff_money a, tariff_money b)
{
	if (a.hi != b.hi)
		return a.hi < b.hi ? -1 : 1;
	if (a.lo != b.lo)
		return a.lo < b.lo ? -1 : 1;
	return 0;
}

int tariff_money_mul_ppm(tariff_money a, int64_t ppm, tariff_money *out)
{
	if (!out || ppm < 0 || ppm > 1000000000)
		return TARIFF_EINVAL;
	mag m = mag_of(a);
	(void)mag_muladd(&m, (uint32_t)ppm, 0); /* 128 × 30 bits fits 160 */
	mag_round_div(&m, 6);
	tariff_money r;
	if (money_of(&m, money_neg(a), &r) != 0)
		return TARIFF_EOVERFLOW;
	*out = r;
	return 0;
}

int tariff_money_round(tariff_money a, unsigned digits, int64_t *out)
{
	if (!out || digits > TARIFF_MONEY_SCALE)
		return TARIFF_EINVAL;
	mag m = mag_of(a);
	mag_round_div(&m, TARIFF_MONEY_SCALE - digits);
	if (m.l[4] || m.l[3] || m.l[2])
		return TARIFF_EOVERFLOW;
	uint64_t v = (uint64_t)m.l[0] | ((uint64_t)m.l[1] << 32);
	if (v > (uint64_t)INT64_MAX)
		return TARIFF_EOVERFLOW;
	*out = money_neg(a) ? -(int64_t)v : (int64_t)v;
	return 0;
}

/* Write the decimal digits of a magnitude with @p scale decimals. */
static int mag_format(mag m, int negative, unsigned scale, char *buf, size_t size)
{
	char tmp[64];
	size_t n = 0;
	int zero = mag_is_zero(&m);
	do {
		tmp[n++] = (char)('0' + mag_div(&m, 10));
	} while (!mag_is_zero(&m));
	while (n <= scale)
		tmp[n++] = '0';
	size_t need = n + (scale ? 1u : 0u) + ((negative && !zero) ? 1u : 0u);
	if (need + 1 > size) {
		buf[0] = '\0';
		return TARIFF_ENOSPC;
	}
	size_t o = 0;
	if (negative && !zero)
		buf[o++] = '-';
	for (size_t i = n; i-- > 0;) {
		buf[o++] = tmp[i];
		if (i == scale && scale)
			buf[o++] = '.';
	}
	buf[o] = '\0';
	return (int)o;
}

int tariff_money_format(tariff_money a, unsigned digits, char *buf, size_t size)
{
	if (!buf || size == 0 || digits > TARIFF_MONEY_SCALE)
		return TARIFF_EINVAL;
	mag m = mag_of(a);
	mag_round_div(&m, TARIFF_MONEY_SCALE - digits);
	return mag_format(m, money_neg(a), digits, buf, size);
}

/* ---- public: fixed-point decimals ---- */

int tariff_decimal_parse(const char *s, size_t len, unsigned scale, int64_t *out)
{
	if (!s || !out || scale > 18)
		return TARIFF_EINVAL;
	size_t i = 0;
	int neg = 0;
	if (i < len && (s[i] == '-' || s[i] == '+')) {
		neg = s[i] == '-';
		i++;
	}
	uint64_t v = 0;
	const uint64_t limit = (uint64_t)INT64_MAX + (neg ? 1u : 0u);
	int digits = 0, overflow = 0, lost = 0;
	unsigned frac = 0;
	int seen_point = 0;
	for (; i < len; i++) {
		char c = s[i];
		if (c == '.') {
			if (seen_point)
				return TARIFF_EPARSE;
			seen_point = 1;
			continue;
		}
		if (c < '0' || c > '9')
			return TARIFF_EPARSE;
		digits++;
		unsigned d = (unsigned)(c - '0');
		if (seen_point) {
			if (frac >= scale) {
				if (d)
					lost = 1;
				continue;
			}
			frac++;
		}
		if (v > (limit - d) / 10u)
			overflow = 1;
		else
			v = v * 10u + d;
	}
	if (!digits)
		return TARIFF_EPARSE;
	if (lost)
		return TARIFF_ERANGE;
	for (; frac < scale; frac++) {
		if (v > limit / 10u)
			overflow = 1;
		else
			v *= 10u;
	}
	if (overflow)
		return TARIFF_EOVERFLOW;
	if (neg)
		*out = v == (uint64_t)INT64_MAX + 1u ? INT64_MIN : -(int64_t)v;
	else
		*out = (int64_t)v;
	return 0;
}

int tariff_decimal_format(int64_t value, unsigned scale, char *buf, size_t size)
{
	if (!buf || size == 0 || scale > 18)
		return TARIFF_EINVAL;
	return mag_format(mag_of(tariff_money_from_femto(value)), value < 0, scale, buf, size);
}
