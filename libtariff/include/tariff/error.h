/**
 * @file tariff/error.h
 * @brief Error codes of libtariff.
 *
 * Functions that can fail return an int: 0 (TARIFF_OK) on success, a negative
 * TARIFF_E* code on failure. Codes are never renumbered; a retired code keeps its slot.
 * The table below is the one source of the enum, tariff_strerror() and tariff_err_name().
 * Define TARIFF_NO_ERRSTR when building the library to compile the message texts out
 * (firmware); tariff_strerror() then returns the code's name.
 */
#ifndef TARIFF_ERROR_H
#define TARIFF_ERROR_H

#include "tariff/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/** X-macro table: XX(NAME, value, "message"). */
#define TARIFF_ERRNO_MAP(XX)                                              \
	XX(OK, 0, "success")                                           \
	XX(EINVAL, -1, "invalid argument")                             \
	XX(ERANGE, -2, "value out of range")                           \
	XX(ENOSPC, -3, "buffer too small")                             \
	XX(EIO, -4, "input/output error")                             \
	XX(EOVERFLOW, -5, "arithmetic overflow")                       \
	XX(EPARSE, -6, "syntax error")                                 \
	XX(ENOTFOUND, -7, "not found")                                 \
	XX(ECONFIG, -8, "invalid configuration")                       \
	XX(ENOMEM, -9, "out of memory")                                \
	XX(EFAILED, -10, "costing object failed earlier (sticky error)")

/** Error codes (TARIFF_OK is 0, errors are negative). */
typedef enum tariff_error {
#define TARIFF_ERR_ENUM_(name, value, msg) TARIFF_##name = (value),
	TARIFF_ERRNO_MAP(TARIFF_ERR_ENUM_)
#undef TARIFF_ERR_ENUM_
	TARIFF_ERR_END_ /**< not a code: one below the lowest */
} tariff_error;

/** Size of the text fields of a tariff_diag. */
#define TARIFF_DIAG_TEXT 160

/**
 * @brief Where and why an input was rejected (a config file, a CSV file, a TZ string).
 *
 * The caller owns it and passes it to the functions that parse; on failure they fill
 * it (on success they leave it as it was or clear it). Modelled on jansson's json_error_t.
 * Lines and columns count from 1; 0 means "not known".
 */
typedef struct tariff_diag {
	int line;                       /**< line of the input, 1-based; 0 if not known */
	int column;                     /**< column (characters), 1-based; 0 if not known */
	char source[TARIFF_DIAG_TEXT];  /**< file name or "<string>"; may be empty */
	char path[TARIFF_DIAG_TEXT];    /**< JSON path such as "electricity.rules[1].start"; may be empty */
	char reason[TARIFF_DIAG_TEXT];  /**< what is wrong, in English */
} tariff_diag;

/**
 * @brief Clear a diagnostic (all fields zero / empty).
 * @param diag the diagnostic; NULL does nothing.
 */
TARIFF_API void tariff_diag_clear(tariff_diag *diag);

/**
 * @brief A human-readable text for an error code.
 * @param code a value returned by a libtariff function.
 * @return a static string; "unknown error" for a code not in the table. Never NULL.
 */
TARIFF_API const char *tariff_strerror(int code);

/**
 * @brief The symbolic name of an error code ("TARIFF_EINVAL").
 * @param code a value returned by a libtariff function.
 * @return a static string; "TARIFF_UNKNOWN" for a code not in the table. Never NULL.
 */
TARIFF_API const char *tariff_err_name(int code);

#ifdef __cplusplus
}
#endif

#endif /* TARIFF_ERROR_H */
