/* Private helpers shared by libtariff's source files (not installed). */
#ifndef TARIFF_INTERNAL_H
#define TARIFF_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include "tariff/tz.h"

/* Copy a NUL-terminated string, truncating to fit (always terminates when size > 0). */
static inline void tariff_internal_copy(char *dst, size_t size, const char *src)
{
	size_t i = 0;
	if (!size)
		return;
	for (; src && src[i] && i + 1 < size; i++)
		dst[i] = src[i];
	dst[i] = '\0';
}

/* Weekday of a day number, 0 = Sunday. */
int tariff_internal_wday(int32_t date);
/* Break local seconds (UTC + offset) into a civil time (offset fields untouched). */
void tariff_internal_civil(int64_t local_s, tariff_local *out);
/* DST state at an instant and the next instant it may change (INT64_MAX if never). */
int tariff_internal_tz_state(const tariff_tz *tz, int64_t utc, int *is_dst, int64_t *next);

#endif
