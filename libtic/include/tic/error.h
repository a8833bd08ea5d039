/**
 * @file tic/error.h
 * @brief Error codes of libtic.
 *
 * Functions that can fail return an int: 0 (TIC_OK) on success, a negative
 * TIC_E* code on failure. Codes are never renumbered; a retired code keeps its slot.
 * The table below is the one source of the enum, tic_strerror() and tic_err_name().
 * Define TIC_NO_ERRSTR when building the library to compile the message texts out
 * (firmware); tic_strerror() then returns the code's name.
 */
#ifndef TIC_ERROR_H
#define TIC_ERROR_H

#include "tic/config.h"

#ifdef __cplusplus
extern "C" {
#endif

/** X-macro table: XX(NAME, value, "message"). */
#define TIC_ERRNO_MAP(XX)                                              \
	XX(OK, 0, "success")                                           \
	XX(EINVAL, -1, "invalid argument")                             \
	XX(ERANGE, -2, "value out of range")                           \
	XX(ENOSPC, -3, "buffer too small")                             \
	XX(EIO, -4, "input/output error")                              \
	XX(ECALLBACK, -5, "a callback asked to stop")                  \
	XX(ENOTFOUND, -6, "no such label or value")                    \
	XX(EFORMAT, -7, "value does not have the expected format")     \
	XX(ETIMEDOUT, -8, "timed out")                                 \
	XX(EDISCONNECTED, -9, "device disconnected")                   \
	XX(EVERSION, -10, "unsupported options version")

/** Error codes (TIC_OK is 0, errors are negative). */
typedef enum tic_error {
#define TIC_ERR_ENUM_(name, value, msg) TIC_##name = (value),
	TIC_ERRNO_MAP(TIC_ERR_ENUM_)
#undef TIC_ERR_ENUM_
	TIC_ERR_END_ /**< not a code: one below the lowest */
} tic_error;

/**
 * @brief A human-readable text for an error code.
 * @param code a value returned by a libtic function.
 * @return a static string; "unknown error" for a code not in the table. Never NULL.
 */
TIC_API const char *tic_strerror(int code);

/**
 * @brief The symbolic name of an error code ("TIC_EINVAL").
 * @param code a value returned by a libtic function.
 * @return a static string; "TIC_UNKNOWN" for a code not in the table. Never NULL.
 */
TIC_API const char *tic_err_name(int code);

#ifdef __cplusplus
}
#endif

#endif /* TIC_ERROR_H */
