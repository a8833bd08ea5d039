/**
 * @file evc/error.h
 * @brief Error codes of libevcharge.
 *
 * Functions that can fail return an int: 0 (EVC_OK) on success, a negative
 * EVC_E* code on failure. Codes are never renumbered; a retired code keeps its slot.
 * The table below is the one source of the enum, evc_strerror() and evc_err_name().
 * Define EVC_NO_ERRSTR when building the library to compile the message texts out
 * (firmware); evc_strerror() then returns the code's name.
 */
#ifndef EVC_ERROR_H
#define EVC_ERROR_H

#include "evc/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/** X-macro table: XX(NAME, value, "message"). */
#define EVC_ERRNO_MAP(XX)                                              \
	XX(OK, 0, "success")                                           \
	XX(EINVAL, -1, "invalid argument")                             \
	XX(ERANGE, -2, "value out of range")                           \
	XX(ENOSPC, -3, "buffer too small")                             \
	XX(EIO, -4, "input/output error")

/** Error codes (EVC_OK is 0, errors are negative). */
typedef enum evc_error {
#define EVC_ERR_ENUM_(name, value, msg) EVC_##name = (value),
	EVC_ERRNO_MAP(EVC_ERR_ENUM_)
#undef EVC_ERR_ENUM_
	EVC_ERR_END_ /**< not a code: one below the lowest */
} evc_error;

/**
 * @brief A human-readable text for an error code.
 * @param code a value returned by a libevcharge function.
 * @return a static string; "unknown error" for a code not in the table. Never NULL.
 */
EVC_API const char *evc_strerror(int code);

/**
 * @brief The symbolic name of an error code ("EVC_EINVAL").
 * @param code a value returned by a libevcharge function.
 * @return a static string; "EVC_UNKNOWN" for a code not in the table. Never NULL.
 */
EVC_API const char *evc_err_name(int code);

#ifdef __cplusplus
}
#endif

#endif /* EVC_ERROR_H */
