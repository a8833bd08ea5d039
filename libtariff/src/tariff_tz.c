/* POSIX TZ rule strings: parsing and UTC <-> local civil time, without a tz database. */
#include <string.h>
#include "tariff/tz.h"
#include "tariff_internal.h"

/* ---- calendar ---- */

int tariff_is_leap(int32_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int32_t y, int m)
{
	static const unsigned char md[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12)
		return 0;
	return md[m - 1] + (m == 2 && tariff_is_leap(y) ? 1 : 0);
}

int tariff_date_valid(int32_t y, int m, int d)
{
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= month_days(y, m);
}

/* H. Hinnant's days_from_civil (public-domain algorithm description). */
int32_t tariff_date_from_ymd(int32_t y, int m, int d)
{
	y -= m <= 2 ? 1 : 0;
	int32_t era = (y >= 0 ? y : y - 399) / 400;
	int32_t yoe = y - era * 400;
	int32_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int32_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void tariff_date_to_ymd(int32_t z, int32_t *year, int *month, int *day)
{
	z += 719468;
	int32_t era = (z >= 0 ? z : z - 146096) / 146097;
	int32_t doe = z - era * 146097;
	int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int32_t y = yoe + era * 400;
	int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int32_t mp = (5 * doy + 2) / 153;
	int d = (int)(doy - (153 * mp + 2) / 5 + 1);
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);
	if (year)
		*year = y + (m <= 2 ? 1 : 0);
	if (month)
		*month = m;
	if (day)
		*day = d;
}

int tariff_internal_wday(int32_t date)
{
	int32_t w = (date + 4) % 7; /* 1970-01-01 was a Thursday */
	return (int)(w < 0 ? w + 7 : w);
}

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

void tariff_internal_civil(int64_t local_s, tariff_local *out)
{
	int64_t days = floor_div(local_s, 86400);
	int32_t sod = (int32_t)(local_s - days * 86400);
	out->date = (int32_t)days;
	out->sod = sod;
	tariff_date_to_ymd(out->date, &out->year, &out->month, &out->day);
	out->hour = (int)(sod / 3600);
	out->minute = (int)(sod / 60 % 60);
	out->second = (int)(sod % 60);
	out->wday = tariff_internal_wday(out->date);
	out->yday = (int)(out->date - tariff_date_from_ymd(out->year, 1, 1));
}

/* ---- parsing ---- */

typedef struct pstate {
	const char *s;
	size_t i;
	tariff_diag *diag;
} pstate;

static int perr(pstate *p, int code, const char *why)
{
	if (p->diag) {
		tariff_diag_clear(p->diag);
		p->diag->column = (int)p->i + 1;
		tariff_internal_copy(p->diag->reason, sizeof p->diag->reason, why);
	}
	return code;
}

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int parse_name(pstate *p, char *name)
{
	size_t n = 0;
	if (p->s[p->i] == '<') {
		p->i++;
		while (p->s[p->i] && p->s[p->i] != '>') {
			char c = p->s[p->i];
			if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '-')
				return perr(p, TARIFF_EPARSE, "bad character in a quoted zone name");
			if (n >= TARIFF_TZ_NAME_MAX)
				return perr(p, TARIFF_ERANGE, "zone name too long");
			name[n++] = c;
			p->i++;
		}
		if (p->s[p->i] != '>')
			return perr(p, TARIFF_EPARSE, "missing '>' after a quoted zone name");
		p->i++;
	} else {
		while (is_alpha(p->s[p->i])) {
			if (n >= TARIFF_TZ_NAME_MAX)
				return perr(p, TARIFF_ERANGE, "zone name too long");
			name[n++] = p->s[p->i++];
		}
	}
	name[n] = '\0';
	if (n < 3)
		return perr(p, TARIFF_EPARSE, "zone name needs at least 3 characters");
	return 0;
}

/* [+|-]hh[:mm[:ss]] with hh <= max_h; result in seconds (signed). */
static int parse_hms(pstate *p, int max_h, int allow_sign, int32_t *out)
{
	int sign = 1;
	if (p->s[p->i] == '+' || p->s[p->i] == '-') {
		if (!allow_sign)
			return perr(p, TARIFF_EPARSE, "unexpected sign");
		sign = p->s[p->i] == '-' ? -1 : 1;
		p->i++;
	}
	int32_t part[3] = {0, 0, 0};
	for (int k = 0; k < 3; k++) {
		if (k > 0) {
			if (p->s[p->i] != ':')
				break;
			p->i++;
		}
		if (!is_digit(p->s[p->i]))
			return perr(p, TARIFF_EPARSE, "expected digits of a time");
		int32_t v = 0;
		int nd = 0;
		while (is_digit(p->s[p->i])) {
			if (++nd > 3)
				return perr(p, TARIFF_ERANGE, "too many digits in a time");
			v = v * 10 + (p->s[p->i++] - '0');
		}
		if (k > 0 && (nd != 2 || v > 59))
			return perr(p, TARIFF_ERANGE, "minutes and seconds are two digits, 00..59");
		part[k] = v;
	}
	if (part[0] > max_h)
		return perr(p, TARIFF_ERANGE, "hours out of range");
	*out = sign * (part[0] * 3600 + part[1] * 60 + part[2]);
	return 0;
}

static int parse_num(pstate *p, int lo, int hi, int *out)
{
	if (!is_digit(p->s[p->i]))
		return perr(p, TARIFF_EPARSE, "expected a number");
	int v = 0, nd = 0;
	while (is_digit(p->s[p->i])) {
		if (++nd > 3)
			return perr(p, TARIFF_ERANGE, "number out of range");
		v = v * 10 + (p->s[p->i++] - '0');
	}
	if (v < lo || v > hi)
		return perr(p, TARIFF_ERANGE, "number out of range");
	*out = v;
	return 0;
}

static int parse_rule(pstate *p, tariff_tz_rule *r)
{
	int rc;
	memset(r, 0, sizeof *r);
	char c = p->s[p->i];
	if (c == 'J') {
		p->i++;
		r->kind = TARIFF_TZ_RULE_JULIAN;
		if ((rc = parse_num(p, 1, 365, &r->day)) != 0)
			return rc;
	} else if (is_digit(c)) {
		r->kind = TARIFF_TZ_RULE_DAY;
		if ((rc = parse_num(p, 0, 365, &r->day)) != 0)
			return rc;
	} else if (c == 'M') {
		p->i++;
		r->kind = TARIFF_TZ_RULE_MONTH;
		if ((rc = parse_num(p, 1, 12, &r->month)) != 0)
			return rc;
		if (p->s[p->i] != '.')
			return perr(p, TARIFF_EPARSE, "expected '.' in Mm.w.d");
		p->i++;
		if ((rc = parse_num(p, 1, 5, &r->week)) != 0)
			return rc;
		if (p->s[p->i] != '.')
			return perr(p, TARIFF_EPARSE, "expected '.' in Mm.w.d");
		p->i++;
		if ((rc = parse_num(p, 0, 6, &r->day)) != 0)
			return rc;
	} else {
		return perr(p, TARIFF_EPARSE, "expected a rule: Jn, n or Mm.w.d");
	}
	r->time_s = 7200;
	if (p->s[p->i] == '/') {
		p->i++;
		if ((rc = parse_hms(p, 167, 1, &r->time_s)) != 0)
			return rc;
	}
	return 0;
}

int tariff_tz_parse(tariff_tz *tz, const char *spec, tariff_diag *diag)
{
	if (!tz || !spec)
		return TARIFF_EINVAL;
	pstate p = {spec, 0, diag};
	tariff_tz t;
	memset(&t, 0, sizeof t);
	int rc;
	if (spec[0] == ':')
		return perr(&p, TARIFF_EPARSE, "a TZ starting with ':' names a file; give a rule string");
	if ((rc = parse_name(&p, t.std_name)) != 0)
		return rc;
	int32_t off;
	if (!(is_digit(spec[p.i]) || spec[p.i] == '+' || spec[p.i] == '-'))
		return perr(&p, TARIFF_EPARSE, "expected the standard offset");
	if ((rc = parse_hms(&p, 24, 1, &off)) != 0)
		return rc;
	t.std_utoff_s = -off;
	if (spec[p.i] == '\0') {
		t.dst_utoff_s = t.std_utoff_s;
		*tz = t;
		return 0;
	}
	t.has_dst = 1;
	if ((rc = parse_name(&p, t.dst_name)) != 0)
		return rc;
	if (is_digit(spec[p.i]) || spec[p.i] == '+' || spec[p.i] == '-') {
		if ((rc = parse_hms(&p, 24, 1, &off)) != 0)
			return rc;
		t.dst_utoff_s = -off;
	} else {
		t.dst_utoff_s = t.std_utoff_s + 3600;
	}
	if (spec[p.i] == '\0') {
		pstate q = {"M3.2.0,M11.1.0", 0, NULL};
		(void)parse_rule(&q, &t.start);
		q.i++;
		(void)parse_rule(&q, &t.end);
		*tz = t;
		return 0;
	}
	if (spec[p.i] != ',')
		return perr(&p, TARIFF_EPARSE, "expected ',' before the DST start rule");
	p.i++;
	if ((rc = parse_rule(&p, &t.start)) != 0)
		return rc;
	if (spec[p.i] != ',')
		return perr(&p, TARIFF_EPARSE, "expected ',' before the DST end rule");
	p.i++;
	if ((rc = parse_rule(&p, &t.end)) != 0)
		return rc;
	if (spec[p.i] != '\0')
		return perr(&p, TARIFF_EPARSE, "unexpected text after the DST end rule");
	*tz = t;
	return 0;
}

/* ---- transitions ---- */

/* Day of the year (0-based from January 1) on which a rule falls in year y. */
static int32_t rule_doy(const tariff_tz_rule *r, int32_t y)
{
	switch (r->kind) {
	case TARIFF_TZ_RULE_JULIAN:
		return r->day - 1 + (tariff_is_leap(y) && r->day >= 60 ? 1 : 0);
	case TARIFF_TZ_RULE_DAY:
		return r->day;
	default: {
		int32_t jan1 = tariff_date_from_ymd(y, 1, 1);
		int32_t first = tariff_date_from_ymd(y, r->month, 1);
		int d0 = (r->day - tariff_internal_wday(first) + 7) % 7;
		int dom = 1 + d0 + (r->week - 1) * 7;
		while (dom > month_days(y, r->month))
			dom -= 7;
		return first - jan1 + dom - 1;
	}
	}
}

static int64_t rule_instant(const tariff_tz_rule *r, int32_t y, int32_t utoff_before)
{
	int64_t day = (int64_t)tariff_date_from_ymd(y, 1, 1) + rule_doy(r, y);
	return day * 86400 + r->time_s - utoff_before;
}

int tariff_internal_tz_state(const tariff_tz *tz, int64_t utc, int *is_dst, int64_t *next)
{
	if (!tz->has_dst) {
		*is_dst = 0;
		*next = INT64_MAX;
		return 0;
	}
	int32_t y;
	tariff_date_to_ymd((int32_t)floor_div(utc, 86400), &y, NULL, NULL);
	int64_t best_t = INT64_MIN, nxt = INT64_MAX;
	int state = 0;
	for (int32_t yy = y - 1; yy <= y + 2; yy++) {
		int64_t ts = rule_instant(&tz->start, yy, tz->std_utoff_s);
		int64_t te = rule_instant(&tz->end, yy, tz->dst_utoff_s);
		if (ts <= utc && ts > best_t) {
			/* on a tie the end wins: no DST (as glibc's test gives) */
			best_t = ts;
			state = 1;
		}
		if (te <= utc && te >= best_t) {
			best_t = te;
			state = 0;
		}
		if (ts > utc && ts < nxt)
			nxt = ts;
		if (te > utc && te < nxt)
			nxt = te;
	}
	*is_dst = state;
	*next = nxt;
	return 0;
}

int tariff_tz_local(const tariff_tz *tz, int64_t utc, tariff_local *out, int64_t *next_change)
{
	if (!tz || !out)
		return TARIFF_EINVAL;
	if (utc < TARIFF_TIME_MIN || utc > TARIFF_TIME_MAX)
		return TARIFF_ERANGE;
	int dst;
	int64_t nxt;
	(void)tariff_internal_tz_state(tz, utc, &dst, &nxt);
	int32_t off = dst ? tz->dst_utoff_s : tz->std_utoff_s;
	tariff_internal_civil(utc + off, out);
	out->utoff_s = off;
	out->is_dst = dst;
	if (next_change)
		*next_change = nxt;
	return 0;
}

static int32_t utoff_at(const tariff_tz *tz, int64_t utc, int64_t *next)
{
	int dst;
	(void)tariff_internal_tz_state(tz, utc, &dst, next);
	return dst ? tz->dst_utoff_s : tz->std_utoff_s;
}

int tariff_tz_utc(const tariff_tz *tz, int32_t date, int32_t sod, int later, int64_t *utc)
{
	if (!tz || !utc || sod < 0 || sod >= 86400)
		return TARIFF_EINVAL;
	int64_t local = (int64_t)date * 86400 + sod;
	if (local < TARIFF_TIME_MIN + 2 * 86400 || local > TARIFF_TIME_MAX - 2 * 86400)
		return TARIFF_ERANGE;
	int64_t c1 = local - tz->std_utoff_s, c2 = local - tz->dst_utoff_s, n1, n2;
	int ok1 = utoff_at(tz, c1, &n1) == tz->std_utoff_s;
	int ok2 = tz->has_dst && utoff_at(tz, c2, &n2) == tz->dst_utoff_s;
	if (ok1 && ok2) {
		int64_t lo = c1 < c2 ? c1 : c2, hi = c1 < c2 ? c2 : c1;
		*utc = later ? hi : lo;
		return 0;
	}
	if (ok1 || ok2) {
		*utc = ok1 ? c1 : c2;
		return 0;
	}
	/* In a gap: the change happens between the two candidates. */
	int64_t lo = c1 < c2 ? c1 : c2, nxt;
	(void)utoff_at(tz, lo, &nxt);
	*utc = nxt;
	return TARIFF_ENOTFOUND;
}

/* ---- ISO 8601 ---- */

static int digits(const char *s, size_t len, size_t at, size_t n, int *out)
{
	if (at + n > len)
		return -1;
	int v = 0;
	for (size_t k = 0; k < n; k++) {
		char c = s[at + k];
		if (!is_digit(c))
			return -1;
		v = v * 10 + (c - '0');
	}
	*out = v;
	return 0;
}

int tariff_time_parse(const char *s, size_t len, int64_t *utc)
{
	if (!s || !utc)
		return TARIFF_EINVAL;
	int Y, M, D, h, m, sec = 0;
	if (digits(s, len, 0, 4, &Y) || len < 16 || s[4] != '-' || digits(s, len, 5, 2, &M) ||
	    s[7] != '-' || digits(s, len, 8, 2, &D) || (s[10] != 'T' && s[10] != ' ' && s[10] != 't') ||
	    digits(s, len, 11, 2, &h) || s[13] != ':' || digits(s, len, 14, 2, &m))
		return TARIFF_EPARSE;
	size_t i = 16;
	int bad_fraction = 0;
	if (i < len && s[i] == ':') {
		if (digits(s, len, i + 1, 2, &sec))
			return TARIFF_EPARSE;
		i += 3;
		if (i < len && (s[i] == '.' || s[i] == ',')) {
			i++;
			if (i >= len || !is_digit(s[i]))
				return TARIFF_EPARSE;
			while (i < len && is_digit(s[i])) {
				if (s[i] != '0')
					bad_fraction = 1;
				i++;
			}
		}
	}
	int32_t off = 0;
	if (i >= len)
		return TARIFF_EPARSE; /* no offset: ambiguous local time */
	if (s[i] == 'Z' || s[i] == 'z') {
		i++;
	} else if (s[i] == '+' || s[i] == '-') {
		int sign = s[i] == '-' ? -1 : 1, oh, om = 0;
		i++;
		if (digits(s, len, i, 2, &oh))
			return TARIFF_EPARSE;
		i += 2;
		if (i < len && s[i] == ':') {
			if (digits(s, len, i + 1, 2, &om))
				return TARIFF_EPARSE;
			i += 3;
		} else if (i < len) {
			if (digits(s, len, i, 2, &om))
				return TARIFF_EPARSE;
			i += 2;
		}
		if (oh > 23 || om > 59)
			return TARIFF_ERANGE;
		off = sign * (oh * 3600 + om * 60);
	} else {
		return TARIFF_EPARSE;
	}
	if (i != len)
		return TARIFF_EPARSE;
	if (!tariff_date_valid(Y, M, D) || h > 23 || m > 59 || sec > 59 || bad_fraction)
		return TARIFF_ERANGE;
	int64_t t = (int64_t)tariff_date_from_ymd(Y, M, D) * 86400 + h * 3600 + m * 60 + sec - off;
	if (t < TARIFF_TIME_MIN || t > TARIFF_TIME_MAX)
		return TARIFF_ERANGE;
	*utc = t;
	return 0;
}

int tariff_time_format(int64_t utc, char *buf, size_t size)
{
	if (!buf)
		return TARIFF_EINVAL;
	if (utc < TARIFF_TIME_MIN || utc > TARIFF_TIME_MAX)
		return TARIFF_ERANGE;
	if (size < 21) {
		if (size)
			buf[0] = '\0';
		return TARIFF_ENOSPC;
	}
	tariff_local l;
	tariff_internal_civil(utc, &l);
	int v[6] = {(int)l.year, l.month, l.day, l.hour, l.minute, l.second};
	static const char fmt[] = "0000-00-00T00:00:00Z";
	memcpy(buf, fmt, sizeof fmt);
	static const int pos[6] = {3, 6, 9, 12, 15, 18};
	for (int k = 0; k < 6; k++) {
		int x = v[k];
		for (int j = pos[k]; x > 0 || j == pos[k]; j--) {
			buf[j] = (char)('0' + x % 10);
			x /= 10;
			if (x == 0)
				break;
		}
	}
	return 20;
}
