/* Deadlines: local weekday + time of day to a UTC instant, from a caller-given UTC offset. */
#include "evc_internal.h"

/* floor division for negative instants */
static int64_t floordiv(int64_t a, int64_t b)
{
	int64_t q = a / b;
	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

int evc_deadline_next(int64_t from_s, int32_t utc_offset_s, int32_t wday, int32_t sod, int64_t *out)
{
	if (!out)
		return EVC_EINVAL;
	if (wday < 0 || wday > 6 || sod < 0 || sod >= 86400 || utc_offset_s < -86400 ||
	    utc_offset_s > 86400)
		return EVC_ERANGE;
	if (from_s > INT64_MAX / 2 || from_s < INT64_MIN / 2)
		return EVC_ERANGE;
	int64_t local = from_s + utc_offset_s;
	int64_t day = floordiv(local, 86400);
	/* 1970-01-01 was a Thursday: weekday 3 with Monday = 0 */
	int64_t wd = (day + 3) % 7;
	if (wd < 0)
		wd += 7;
	int64_t ahead = ((int64_t)wday - wd + 7) % 7;
	int64_t cand = (day + ahead) * 86400 + sod;
	if (cand < local)
		cand += 7 * 86400;
	*out = cand - utc_offset_s;
	return EVC_OK;
}
