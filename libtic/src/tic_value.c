/* libtic: typed accessors for TIC values (numbers, horodates, STGE, RELAIS,
 * day profiles, tariff periods, Tempo colours). Pure functions. See tic/dict.h. */
#include <string.h>
#include "tic/dict.h"

static int dig(char c)
{
	return (unsigned)(unsigned char)c - '0' <= 9u;
}

static unsigned num2(const char *s)
{
	return (unsigned)(s[0] - '0') * 10u + (unsigned)(s[1] - '0');
}

int tic_value_uint(const char *s, size_t len, uint32_t *out)
{
	if (!s || !out)
		return TIC_EINVAL;
	if (len == 0 || len > 9)
		return TIC_EFORMAT;
	uint32_t v = 0;
	for (size_t i = 0; i < len; i++) {
		if (!dig(s[i]))
			return TIC_EFORMAT;
		v = v * 10u + (uint32_t)(s[i] - '0');
	}
	*out = v;
	return 0;
}

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static int64_t days_from_civil(int y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153u * (m + (m > 2 ? (unsigned)-3 : 9u)) + 2u) / 5u + d - 1u;
	unsigned doe = yoe * 365u + yoe / 4u - yoe / 100u + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static unsigned days_in_month(unsigned y, unsigned m)
{
	static const uint8_t dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4u == 0 && y % 100u != 0) || y % 400u == 0))
		return 29;
	return dm[m - 1];
}

static int fill_time(tic_horodate *o, unsigned y, unsigned mo, unsigned d, unsigned h,
		     unsigned mi, unsigned se)
{
	if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || se > 59)
		return TIC_EFORMAT;
	o->year = (uint16_t)y;
	o->month = (uint8_t)mo;
	o->day = (uint8_t)d;
	o->hour = (uint8_t)h;
	o->minute = (uint8_t)mi;
	o->second = (uint8_t)se;
	int64_t t = days_from_civil((int)y, mo, d) * 86400 + (int64_t)(h * 3600u + mi * 60u + se);
	if (o->dst == 1)
		t -= 7200;
	else if (o->dst == 0)
		t -= 3600;
	o->utc = t;
	return 0;
}

int tic_horodate_parse(const char *s, size_t len, tic_horodate *out)
{
	if (!s || !out)
		return TIC_EINVAL;
	if (len != 13)
		return TIC_EFORMAT;
	for (size_t i = 1; i < 13; i++)
		if (!dig(s[i]))
			return TIC_EFORMAT;
	tic_horodate o;
	memset(&o, 0, sizeof o);
	o.season = s[0];
	switch (s[0]) {
	case 'E': o.dst = 1; break;
	case 'H': o.dst = 0; break;
	case 'e': o.dst = 1; o.degraded = 1; break;
	case 'h': o.dst = 0; o.degraded = 1; break;
	case ' ': o.dst = -1; break;
	default: return TIC_EFORMAT;
	}
	int r = fill_time(&o, 2000u + num2(s + 1), num2(s + 3), num2(s + 5), num2(s + 7),
			  num2(s + 9), num2(s + 11));
	if (r)
		return r;
	*out = o;
	return 0;
}

int tic_pmepmi_date_parse(const char *s, size_t len, tic_horodate *out)
{
	static const char shape[] = "99/99/99 99:99:99";
	if (!s || !out)
		return TIC_EINVAL;
	if (len != sizeof shape - 1)
		return TIC_EFORMAT;
	for (size_t i = 0; i < len; i++)
		if (shape[i] == '9' ? !dig(s[i]) : s[i] != shape[i])
			return TIC_EFORMAT;
	tic_horodate o;
	memset(&o, 0, sizeof o);
	o.season = ' ';
	o.dst = -1;
	int r = fill_time(&o, 2000u + num2(s + 6), num2(s + 3), num2(s), num2(s + 9), num2(s + 12),
			  num2(s + 15));
	if (r)
		return r;
	*out = o;
	return 0;
}

tic_color tic_color_from_demain(const char *s, size_t len)
{
	if (!s || len != 4)
		return TIC_COLOR_UNKNOWN;
	if (memcmp(s, "BLEU", 4) == 0)
		return TIC_COLOR_BLUE;
	if (memcmp(s, "BLAN", 4) == 0)
		return TIC_COLOR_WHITE;
	if (memcmp(s, "ROUG", 4) == 0)
		return TIC_COLOR_RED;
	return TIC_COLOR_UNKNOWN;
}

const char *tic_color_name(int color)
{
	switch (color) {
	case TIC_COLOR_BLUE: return "blue";
	case TIC_COLOR_WHITE: return "white";
	case TIC_COLOR_RED: return "red";
	default: return "unknown";
	}
}

static int hexval(char c)
{
	if (dig(c))
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int tic_stge_decode(const char *s, size_t len, tic_stge *out)
{
	if (!s || !out)
		return TIC_EINVAL;
	if (len != 8)
		return TIC_EFORMAT;
	uint32_t w = 0;
	for (size_t i = 0; i < 8; i++) {
		int v = hexval(s[i]);
		if (v < 0)
			return TIC_EFORMAT;
		w = (w << 4) | (uint32_t)v;
	}
	tic_stge o;
	o.raw = w;
	o.dry_contact_open = (uint8_t)(w & 1u);
	o.cutoff = (uint8_t)((w >> 1) & 7u);
	o.cover_open = (uint8_t)((w >> 4) & 1u);
	o.overvoltage = (uint8_t)((w >> 6) & 1u);
	o.over_reference = (uint8_t)((w >> 7) & 1u);
	o.producer = (uint8_t)((w >> 8) & 1u);
	o.negative_energy = (uint8_t)((w >> 9) & 1u);
	o.supplier_index = (uint8_t)(((w >> 10) & 15u) + 1u);
	o.distributor_index = (uint8_t)(((w >> 14) & 3u) + 1u);
	o.clock_degraded = (uint8_t)((w >> 16) & 1u);
	o.tic_standard = (uint8_t)((w >> 17) & 1u);
	o.euridis = (uint8_t)((w >> 19) & 3u);
	o.cpl_status = (uint8_t)((w >> 21) & 3u);
	o.cpl_sync = (uint8_t)((w >> 23) & 1u);
	o.color_today = (uint8_t)((w >> 24) & 3u);
	o.color_tomorrow = (uint8_t)((w >> 26) & 3u);
	o.mobile_peak_notice = (uint8_t)((w >> 28) & 3u);
	o.mobile_peak = (uint8_t)((w >> 30) & 3u);
	*out = o;
	return 0;
}

int tic_relais_decode(const char *s, size_t len, uint8_t *bits)
{
	if (!s || !bits)
		return TIC_EINVAL;
	uint32_t v;
	if (len != 3 || tic_value_uint(s, len, &v) != 0 || v > 255u)
		return TIC_EFORMAT;
	*bits = (uint8_t)v;
	return 0;
}

int tic_schedule_decode(const char *s, size_t len, tic_schedule *out)
{
	if (!s || !out)
		return TIC_EINVAL;
	tic_schedule o;
	memset(&o, 0, sizeof o);
	size_t i = 0;
	unsigned blocks = 0;
	while (i < len) {
		if (blocks == TIC_SCHEDULE_MAX || len - i < 8)
			return TIC_EFORMAT;
		const char *b = s + i;
		if (memcmp(b, "NONUTILE", 8) != 0) {
			unsigned action = 0;
			for (size_t k = 0; k < 4; k++)
				if (!dig(b[k]))
					return TIC_EFORMAT;
			for (size_t k = 4; k < 8; k++) {
				int v = hexval(b[k]);
				if (v < 0)
					return TIC_EFORMAT;
				action = (action << 4) | (unsigned)v;
			}
			unsigned h = num2(b), m = num2(b + 2);
			if (h > 23 || m > 59)
				return TIC_EFORMAT;
			tic_schedule_entry *e = &o.entry[o.count++];
			e->hour = (uint8_t)h;
			e->minute = (uint8_t)m;
			e->action = (uint16_t)action;
			e->index = (uint8_t)(action & 15u);
		}
		blocks++;
		i += 8;
		if (i < len) {
			if (s[i] != ' ')
				return TIC_EFORMAT;
			i++;
			if (i == len)
				return TIC_EFORMAT;
		}
	}
	*out = o;
	return 0;
}

tic_period tic_period_from_ptec(const char *s, size_t len)
{
	static const struct {
		char code[5];
		tic_period p;
	} map[] = {
		{"TH..", TIC_PERIOD_BASE}, {"HC..", TIC_PERIOD_HC},   {"HP..", TIC_PERIOD_HP},
		{"HN..", TIC_PERIOD_HN},   {"PM..", TIC_PERIOD_PM},   {"HCJB", TIC_PERIOD_HCJB},
		{"HPJB", TIC_PERIOD_HPJB}, {"HCJW", TIC_PERIOD_HCJW}, {"HPJW", TIC_PERIOD_HPJW},
		{"HCJR", TIC_PERIOD_HCJR}, {"HPJR", TIC_PERIOD_HPJR},
	};
	if (!s || len != 4)
		return TIC_PERIOD_UNKNOWN;
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (memcmp(s, map[i].code, 4) == 0)
			return map[i].p;
	return TIC_PERIOD_UNKNOWN;
}

/* Is word w (NUL-terminated) one of the space-separated words of s[0..len)? */
static int has_word(const char *s, size_t len, const char *w)
{
	size_t wl = strlen(w), i = 0;
	while (i < len) {
		while (i < len && (s[i] == ' ' || s[i] == '/' || s[i] == '-'))
			i++;
		size_t j = i;
		while (j < len && s[j] != ' ' && s[j] != '/' && s[j] != '-')
			j++;
		if (j - i == wl && memcmp(s + i, w, wl) == 0)
			return 1;
		i = j;
	}
	return 0;
}

tic_period tic_period_from_ltarf(const char *s, size_t len)
{
	if (!s)
		return TIC_PERIOD_UNKNOWN;
	int hc = has_word(s, len, "HC") || has_word(s, len, "CREUSE") || has_word(s, len, "CREUSES");
	int hp = has_word(s, len, "HP") || has_word(s, len, "PLEINE") || has_word(s, len, "PLEINES");
	if (hc && hp)
		return TIC_PERIOD_UNKNOWN; /* e.g. an option name, not a period */
	int blue = has_word(s, len, "BLEU"), white = has_word(s, len, "BLANC"),
	    red = has_word(s, len, "ROUGE");
	if (blue + white + red == 1 && (hc || hp)) {
		if (blue)
			return hc ? TIC_PERIOD_HCJB : TIC_PERIOD_HPJB;
		if (white)
			return hc ? TIC_PERIOD_HCJW : TIC_PERIOD_HPJW;
		return hc ? TIC_PERIOD_HCJR : TIC_PERIOD_HPJR;
	}
	if (blue + white + red)
		return TIC_PERIOD_UNKNOWN;
	if (hc)
		return TIC_PERIOD_HC;
	if (hp)
		return TIC_PERIOD_HP;
	if (has_word(s, len, "BASE"))
		return TIC_PERIOD_BASE;
	if (has_word(s, len, "NORMALE") || has_word(s, len, "NORMALES"))
		return TIC_PERIOD_HN;
	if (has_word(s, len, "POINTE") && has_word(s, len, "MOBILE"))
		return TIC_PERIOD_PM;
	return TIC_PERIOD_UNKNOWN;
}

const char *tic_period_name(int period)
{
	static const char *const names[] = {"",     "BASE", "HC",   "HP",   "HN",   "PM",
					    "HCJB", "HPJB", "HCJW", "HPJW", "HCJR", "HPJR"};
	if (period < 0 || period > (int)TIC_PERIOD_HPJR)
		return "";
	return names[period];
}

int tic_period_index_label(int period)
{
	switch (period) {
	case TIC_PERIOD_BASE: return TIC_L_BASE;
	case TIC_PERIOD_HC: return TIC_L_HCHC;
	case TIC_PERIOD_HP: return TIC_L_HCHP;
	case TIC_PERIOD_HN: return TIC_L_EJPHN;
	case TIC_PERIOD_PM: return TIC_L_EJPHPM;
	case TIC_PERIOD_HCJB: return TIC_L_BBRHCJB;
	case TIC_PERIOD_HPJB: return TIC_L_BBRHPJB;
	case TIC_PERIOD_HCJW: return TIC_L_BBRHCJW;
	case TIC_PERIOD_HPJW: return TIC_L_BBRHPJW;
	case TIC_PERIOD_HCJR: return TIC_L_BBRHCJR;
	case TIC_PERIOD_HPJR: return TIC_L_BBRHPJR;
	default: return -1;
	}
}
