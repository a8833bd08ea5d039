/**
 * @file tariff/tz.h
 * @brief Local civil time from POSIX TZ rule strings, calendar dates, ISO 8601 instants.
 *
 * libtariff judges its rules in local civil time. The time zone is a POSIX TZ rule string
 * (`std offset [dst [offset] [,start[/time],end[/time]]]`, POSIX.1-2024 "TZ"), implemented
 * here: no system time-zone database is read, so a gateway and a PC give the same result.
 *
 * - Names: three or more letters (`CET`), or quoted between `<` and `>` with letters, digits,
 *   `+` and `-` (`<+1030>`).
 * - Offsets: `[+|-]hh[:mm[:ss]]`, hours 0..24, positive west of Greenwich (as POSIX says:
 *   `CET-1` is one hour east). A missing DST offset is one hour ahead of standard time.
 * - Rules: `Jn` (1..365, February 29 never counted), `n` (0..365, counted), `Mm.w.d`
 *   (month 1..12, week 1..5 where 5 is the last, day 0..6 with 0 Sunday). The time after `/`
 *   is `[+|-]hh[:mm[:ss]]` with hours -167..167 (POSIX.1-2024), default 02:00, read in the
 *   local time in force before the change.
 * - A DST name without rules takes the rules `M3.2.0,M11.1.0` (what glibc and tzcode do).
 * - Both hemispheres: when the end comes before the start in the year, DST spans the new year.
 *
 * Instants are UTC seconds since 1970-01-01 (`int64_t`), from year 1 to year 9999.
 *
 * @par Thread-safety
 * A tariff_tz is read-only once parsed: any number of threads may use one at once.
 */
#ifndef TARIFF_TZ_H
#define TARIFF_TZ_H

#include <stddef.h>
#include <stdint.h>
#include "tariff/export.h"
#include "tariff/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Longest time-zone abbreviation kept (POSIX requires at least 6; longer ones are refused). */
#define TARIFF_TZ_NAME_MAX 15

/** Earliest instant handled: 0001-01-01T00:00:00Z. */
#define TARIFF_TIME_MIN INT64_C(-62135596800)
/** Latest instant handled: 9999-12-31T23:59:59Z. */
#define TARIFF_TIME_MAX INT64_C(253402300799)

/** Kinds of a DST change rule. */
typedef enum tariff_tz_rule_kind {
	TARIFF_TZ_RULE_JULIAN = 1, /**< `Jn`: day 1..365, February 29 not counted */
	TARIFF_TZ_RULE_DAY = 2,    /**< `n`: day 0..365, February 29 counted */
	TARIFF_TZ_RULE_MONTH = 3   /**< `Mm.w.d`: day d of week w of month m */
} tariff_tz_rule_kind;

/** One DST change rule (start or end). */
typedef struct tariff_tz_rule {
	int kind;       /**< a tariff_tz_rule_kind */
	int day;        /**< JULIAN: 1..365; DAY: 0..365; MONTH: weekday 0..6 (0 = Sunday) */
	int week;       /**< MONTH: 1..5 (5 = last) */
	int month;      /**< MONTH: 1..12 */
	int32_t time_s; /**< local time of the change, seconds, -167 h..167 h */
} tariff_tz_rule;

/** A parsed POSIX TZ rule string. The caller owns it; fill it with tariff_tz_parse(). */
typedef struct tariff_tz {
	int32_t std_utoff_s;                     /**< standard time, seconds east of UTC */
	int32_t dst_utoff_s;                     /**< daylight time, seconds east of UTC */
	int has_dst;                             /**< 1 if the string names a DST */
	char std_name[TARIFF_TZ_NAME_MAX + 1];   /**< standard abbreviation ("CET") */
	char dst_name[TARIFF_TZ_NAME_MAX + 1];   /**< DST abbreviation ("CEST"), "" if none */
	tariff_tz_rule start;                    /**< change to DST */
	tariff_tz_rule end;                      /**< change back to standard time */
} tariff_tz;

/** A local civil time with its context. */
typedef struct tariff_local {
	int32_t year;   /**< e.g. 2025 */
	int month;      /**< 1..12 */
	int day;        /**< 1..31 */
	int hour;       /**< 0..23 */
	int minute;     /**< 0..59 */
	int second;     /**< 0..59 */
	int wday;       /**< 0..6, 0 = Sunday */
	int yday;       /**< 0..365 */
	int32_t date;   /**< the local date as days since 1970-01-01 (tariff_date_from_ymd()) */
	int32_t sod;    /**< seconds since local midnight, 0..86399 */
	int32_t utoff_s; /**< offset in force, seconds east of UTC */
	int is_dst;     /**< 1 in daylight time */
} tariff_local;

/**
 * @brief Parse a POSIX TZ rule string.
 * @param[out] tz the result (unchanged on failure).
 * @param spec the string, NUL-terminated; a leading ':' is refused (that names a file).
 * @param[out] diag optional (may be NULL): on failure, column (1-based) and reason.
 * @return 0; TARIFF_EINVAL on NULL; TARIFF_EPARSE on a malformed string; TARIFF_ERANGE on a
 *         field out of range.
 */
TARIFF_API TARIFF_WARN_UNUSED int tariff_tz_parse(tariff_tz *tz, const char *spec, tariff_diag *diag);

/**
 * @brief The local civil time of an instant.
 * @param tz a parsed time zone.
 * @param utc the instant (TARIFF_TIME_MIN..TARIFF_TIME_MAX).
 * @param[out] out the local time.
 * @param[out] next_change optional (may be NULL): the next instant after @p utc when the
 *             offset changes (INT64_MAX if none: a zone without DST).
 * @return 0; TARIFF_EINVAL on NULL; TARIFF_ERANGE if @p utc is out of range.
 */
TARIFF_API TARIFF_WARN_UNUSED int tariff_tz_local(const tariff_tz *tz, int64_t utc, tariff_local *out,
						  int64_t *next_change);

/**
 * @brief The instant of a local civil time (local → UTC).
 *
 * In the repeated hour of a change back to standard time, @p later picks the first (0) or the
 * second (1) of the two instants. A time in the missing hour does not exist: the function
 * returns the instant of the change itself (the first local time after the gap) and
 * TARIFF_ENOTFOUND, so callers notice.
 * @param tz a parsed time zone.
 * @param date local date, days since 1970-01-01.
 * @param sod seconds since local midnight (0..86399).
 * @param later 0 for the earlier instant of an ambiguous time, 1 for the later.
 * @param[out] utc the instant.
 * @return 0; TARIFF_ENOTFOUND in a gap (see above); TARIFF_EINVAL on NULL or a bad @p sod;
 *         TARIFF_ERANGE out of range.
 */
TARIFF_API TARIFF_WARN_UNUSED int tariff_tz_utc(const tariff_tz *tz, int32_t date, int32_t sod, int later,
						int64_t *utc);

/**
 * @brief Days since 1970-01-01 of a proleptic Gregorian date.
 * @param year year (1..9999).
 * @param month 1..12.
 * @param day 1..31 (not checked against the month; tariff_date_valid() does).
 * @return the day number (negative before 1970).
 */
TARIFF_API int32_t tariff_date_from_ymd(int32_t year, int month, int day);

/**
 * @brief The calendar date of a day number.
 * @param date days since 1970-01-01.
 * @param[out] year year (may be NULL).
 * @param[out] month 1..12 (may be NULL).
 * @param[out] day 1..31 (may be NULL).
 */
TARIFF_API void tariff_date_to_ymd(int32_t date, int32_t *year, int *month, int *day);

/**
 * @brief Whether a date exists (02-29 only in leap years).
 * @param year year (1..9999).
 * @param month month.
 * @param day day.
 * @return 1 if valid, 0 if not.
 */
TARIFF_API int tariff_date_valid(int32_t year, int month, int day);

/**
 * @brief Whether a year is a Gregorian leap year.
 * @param year the year.
 * @return 1 or 0.
 */
TARIFF_API int tariff_is_leap(int32_t year);

/**
 * @brief Parse an ISO 8601 instant with its UTC offset.
 *
 * Accepted: `YYYY-MM-DDThh:mm[:ss[.fff]]` followed by `Z`, `±hh`, `±hhmm` or `±hh:mm`; a space
 * may replace the `T`. Fractions of a second must be zero (instants are whole seconds);
 * a local time without an offset is refused (it would be ambiguous).
 * @param s the text (need not be NUL-terminated).
 * @param len its length.
 * @param[out] utc the instant.
 * @return 0; TARIFF_EINVAL on NULL; TARIFF_EPARSE on bad syntax; TARIFF_ERANGE on a field out
 *         of range (month 13, 02-30, a non-zero fraction).
 */
TARIFF_API TARIFF_WARN_UNUSED int tariff_time_parse(const char *s, size_t len, int64_t *utc);

/**
 * @brief Format an instant as `YYYY-MM-DDThh:mm:ssZ`.
 * @param utc the instant.
 * @param[out] buf the text (21 bytes suffice).
 * @param size size of @p buf.
 * @return the length written; TARIFF_EINVAL on NULL; TARIFF_ERANGE out of range;
 *         TARIFF_ENOSPC if too small.
 */
TARIFF_API int tariff_time_format(int64_t utc, char *buf, size_t size);

#ifdef __cplusplus
}
#endif

#endif /* TARIFF_TZ_H */
