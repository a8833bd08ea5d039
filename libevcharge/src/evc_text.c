/* Reason texts: a tiny bounded string builder (no printf, no allocation, MCU friendly). */
#include "evc_internal.h"

void evc_txt_init(evc_txt *t, char *buf, size_t cap)
{
	t->buf = buf;
	t->cap = cap;
	t->len = 0;
	if (cap > 0)
		buf[0] = '\0';
}

void evc_txt_s(evc_txt *t, const char *s)
{
	if (!s || t->cap == 0)
		return;
	while (*s && t->len + 1 < t->cap)
		t->buf[t->len++] = *s++;
	t->buf[t->len] = '\0';
}

void evc_txt_i(evc_txt *t, int64_t v)
{
	char tmp[24];
	size_t n = 0;
	uint64_t u;
	if (v < 0) {
		evc_txt_s(t, "-");
		u = (uint64_t)(-(v + 1)) + 1u;
	} else {
		u = (uint64_t)v;
	}
	do {
		tmp[n++] = (char)('0' + (int)(u % 10u));
		u /= 10u;
	} while (u && n < sizeof tmp);
	char out[24];
	for (size_t i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
	evc_txt_s(t, out);
}

void evc_txt_a(evc_txt *t, int64_t ma)
{
	int neg = ma < 0;
	if (neg)
		ma = ma == INT64_MIN ? INT64_MAX : -ma;
	int64_t d = ma / 100 + (ma % 100 >= 50); /* tenths of A, rounded */
	if (neg && d)
		evc_txt_s(t, "-");
	evc_txt_i(t, d / 10);
	evc_txt_s(t, ".");
	evc_txt_i(t, d % 10);
	evc_txt_s(t, " A");
}

void evc_txt_w(evc_txt *t, int64_t w)
{
	evc_txt_i(t, w);
	evc_txt_s(t, " W");
}

void evc_txt_ah(evc_txt *t, int64_t mah)
{
	evc_txt_i(t, mah / 1000);
	evc_txt_s(t, " Ah");
}

void evc_txt_dur(evc_txt *t, int64_t s)
{
	if (s >= 120 || (s >= 60 && s % 60 == 0)) {
		evc_txt_i(t, (s + 30) / 60);
		evc_txt_s(t, " min");
	} else {
		evc_txt_i(t, s);
		evc_txt_s(t, " s");
	}
}

void evc_txt_phase(evc_txt *t, int phase_index)
{
	evc_txt_s(t, "L");
	evc_txt_i(t, phase_index + 1);
}
