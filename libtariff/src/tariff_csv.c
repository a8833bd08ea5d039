/* CSV rows: consumption intervals and price slots (no I/O). */
#include <string.h>
#include "tariff/csv.h"
#include "tariff/money.h"
#include "tariff/tz.h"
#include "tariff_internal.h"

typedef struct field {
	const char *s;
	size_t len;
	size_t col; /* 1-based column of the field's first character */
} field;

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Split into at most max fields; returns the count, or -1 (too many / bad quotes). */
static int split(const char *line, size_t len, field *f, int max)
{
	int n = 0;
	size_t i = 0;
	for (;;) {
		if (n >= max)
			return -1;
		while (i < len && is_space(line[i]))
			i++;
		size_t st = i, en;
		if (i < len && line[i] == '"') {
			st = ++i;
			while (i < len && line[i] != '"')
				i++;
			if (i >= len)
				return -1;
			en = i++;
			while (i < len && is_space(line[i]))
				i++;
		} else {
			while (i < len && line[i] != ',')
				i++;
			en = i;
			while (en > st && is_space(line[en - 1]))
				en--;
		}
		f[n].s = line + st;
		f[n].len = en - st;
		f[n].col = st + 1;
		n++;
		if (i >= len)
			return n;
		if (line[i] != ',')
			return -1;
		i++;
	}
}

static int cerr(tariff_diag *d, int code, size_t col, const char *why)
{
	if (d) {
		tariff_diag_clear(d);
		d->column = (int)col;
		tariff_internal_copy(d->reason, sizeof d->reason, why);
	}
	return code;
}

int tariff_csv_is_blank(const char *line, size_t len)
{
	if (!line)
		return len == 0;
	for (size_t i = 0; i < len; i++)
		if (!is_space(line[i]))
			return 0;
	return 1;
}

int tariff_csv_is_header(const char *line, size_t len, const char *header)
{
	if (!line || !header)
		return 0;
	field a[8], b[8];
	int na = split(line, len, a, 8), nb = split(header, strlen(header), b, 8);
	if (na < 0 || na != nb)
		return 0;
	for (int k = 0; k < na; k++)
		if (a[k].len != b[k].len || memcmp(a[k].s, b[k].s, a[k].len) != 0)
			return 0;
	return 1;
}

static int row3(const char *line, size_t len, int64_t *start, int64_t *end, field *third, tariff_diag *d)
{
	field f[3];
	int n = split(line, len, f, 3);
	if (n != 3)
		return cerr(d, TARIFF_EPARSE, 1, "expected 3 comma-separated fields");
	int rc = tariff_time_parse(f[0].s, f[0].len, start);
	if (rc)
		return cerr(d, rc, f[0].col,
			    "bad start instant (ISO 8601 with Z or an offset, e.g. 2025-01-01T00:00:00Z)");
	rc = tariff_time_parse(f[1].s, f[1].len, end);
	if (rc)
		return cerr(d, rc, f[1].col,
			    "bad end instant (ISO 8601 with Z or an offset, e.g. 2025-01-01T01:00:00+01:00)");
	if (*end <= *start)
		return cerr(d, TARIFF_ERANGE, f[1].col, "end is not after start");
	*third = f[2];
	return 0;
}

int tariff_csv_interval_parse(const char *line, size_t len, int64_t *start, int64_t *end, int64_t *q,
			      tariff_diag *d)
{
	if (!line || !start || !end || !q)
		return TARIFF_EINVAL;
	field f;
	int64_t s, e, v;
	int rc = row3(line, len, &s, &e, &f, d);
	if (rc)
		return rc;
	rc = tariff_decimal_parse(f.s, f.len, TARIFF_QUANTITY_SCALE, &v);
	if (rc == TARIFF_ERANGE)
		return cerr(d, rc, f.col, "quantity has more than 3 decimals");
	if (rc)
		return cerr(d, rc, f.col, "bad quantity (a decimal number such as 123.5)");
	if (v < 0)
		return cerr(d, TARIFF_ERANGE, f.col, "negative quantity");
	*start = s;
	*end = e;
	*q = v;
	return 0;
}

int tariff_csv_slot_parse(const char *line, size_t len, tariff_slot *slot, tariff_diag *d)
{
	if (!line || !slot)
		return TARIFF_EINVAL;
	field f;
	int64_t s, e, v;
	int rc = row3(line, len, &s, &e, &f, d);
	if (rc)
		return rc;
	rc = tariff_decimal_parse(f.s, f.len, TARIFF_PRICE_SCALE, &v);
	if (rc == TARIFF_ERANGE)
		return cerr(d, rc, f.col, "price has more than 9 decimals");
	if (rc)
		return cerr(d, rc, f.col, "bad price (a decimal number such as 0.2516)");
	slot->start = s;
	slot->end = e;
	slot->price_nano = v;
	return 0;
}
