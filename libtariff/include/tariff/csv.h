/**
 * @file tariff/csv.h
 * @brief Parsing the CSV rows libtariff reads: consumption intervals and price slots.
 *
 * No I/O here: the caller reads lines (from a file, a socket, flash) and hands each one over.
 * Rows are comma-separated; fields may be surrounded by spaces and by double quotes; a trailing
 * CR is ignored. Instants are ISO 8601 with `Z` or an offset (tariff_time_parse()); decimals
 * are plain (tariff_decimal_parse()).
 *
 * - Consumption: `start,end,quantity` (quantity in Wh or dm³, up to 3 decimals).
 * - Price series: `start,end,price` (price per kWh or m³, up to 9 decimals, may be negative).
 *
 * @par Thread-safety
 * Pure functions.
 */
#ifndef TARIFF_CSV_H
#define TARIFF_CSV_H

#include <stddef.h>
#include <stdint.h>
#include "tariff/export.h"
#include "tariff/error.h"
#include "tariff/schedule.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief Whether a line is the given header (same field names, spaces and quotes ignored).
 * @param line the line (need not be NUL-terminated).
 * @param len its length.
 * @param header the expected header, such as "start,end,quantity".
 * @return 1 if it is, 0 if not (or on NULL).
 */
TARIFF_API int tariff_csv_is_header(const char *line, size_t len, const char *header);

/**
 * @brief Whether a line is blank (only spaces, tabs, CR) and should be skipped.
 * @param line the line.
 * @param len its length.
 * @return 1 or 0 (1 on NULL with len 0).
 */
TARIFF_API int tariff_csv_is_blank(const char *line, size_t len);

/**
 * @brief Parse a consumption row `start,end,quantity`.
 * @param line the line.
 * @param len its length.
 * @param[out] start first second (UTC).
 * @param[out] end one past the last second (UTC); checked to be after @p start.
 * @param[out] quantity_mu quantity in milli-units; checked to be >= 0.
 * @param[out] diag optional: column (1-based) and reason on failure.
 * @return 0; TARIFF_EINVAL on NULL; TARIFF_EPARSE / TARIFF_ERANGE / TARIFF_EOVERFLOW with
 *         @p diag filled.
 */
TARIFF_API TARIFF_WARN_UNUSED int tariff_csv_interval_parse(const char *line, size_t len, int64_t *start,
							     int64_t *end, int64_t *quantity_mu, tariff_diag *diag);

/**
 * @brief Parse a price slot row `start,end,price`.
 * @param line the line.
 * @param len its length.
 * @param[out] slot the slot (start < end checked).
 * @param[out] diag optional: column and reason on failure.
 * @return as tariff_csv_interval_parse().
 */
TARIFF_API TARIFF_WARN_UNUSED int tariff_csv_slot_parse(const char *line, size_t len, tariff_slot *slot,
							tariff_diag *diag);

#ifdef __cplusplus
}
#endif

#endif /* TARIFF_CSV_H */
