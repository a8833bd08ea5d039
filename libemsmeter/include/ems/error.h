/**
 * @file ems/error.h
 * @brief Error codes of libemsmeter.
 *
 * Functions that can fail return an int: 0 (EMS_OK) on success, a negative
 * EMS_E* code on failure. Codes are never renumbered; a retired code keeps its slot.
 * The table below is the one source of the enum, ems_strerror() and ems_err_name().
 * Define EMS_NO_ERRSTR when building the library to compile the message texts out
 * (firmware); ems_strerror() then returns the code's name.
 */
#ifndef EMS_ERROR_H
#define EMS_ERROR_H

#include "ems/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/** X-macro table: XX(NAME, value, "message"). */
#define EMS_ERRNO_MAP(XX)                                              \
	XX(OK, 0, "success")                                           \
	XX(EINVAL, -1, "invalid argument")                             \
	XX(ERANGE, -2, "value out of range")                           \
	XX(ENOSPC, -3, "buffer too small")                             \
	XX(EIO, -4, "input/output error")                             \
	XX(ENOMEM, -5, "out of memory")                                \
	XX(ETIMEDOUT, -6, "device did not answer in time")             \
	XX(ECONN, -7, "connection failed or lost")                     \
	XX(EPROTO, -8, "protocol error (malformed or unexpected answer)") \
	XX(EMODBUS, -9, "Modbus exception response")                   \
	XX(ECONFIG, -10, "invalid configuration")                      \
	XX(ENOTSUP, -11, "not supported by this device or model")      \
	XX(EHTTP, -12, "HTTP error status")                            \
	XX(ETLS, -13, "TLS error (handshake or certificate)")          \
	XX(EAUTH, -14, "authentication failed or token expired")       \
	XX(EPARSE, -15, "malformed data")                              \
	XX(ENOTFOUND, -16, "no such device, quantity or file")         \
	XX(EBUSY, -17, "busy")                                         \
	XX(ESTALE, -18, "value is stale")                              \
	XX(EDISABLED, -19, "device is disabled")

/** Error codes (EMS_OK is 0, errors are negative). */
typedef enum ems_error {
#define EMS_ERR_ENUM_(name, value, msg) EMS_##name = (value),
	EMS_ERRNO_MAP(EMS_ERR_ENUM_)
#undef EMS_ERR_ENUM_
	EMS_ERR_END_ /**< not a code: one below the lowest */
} ems_error;

/**
 * @brief A human-readable text for an error code.
 * @param code a value returned by a libemsmeter function.
 * @return a static string; "unknown error" for a code not in the table. Never NULL.
 */
EMS_API const char *ems_strerror(int code);

/**
 * @brief The symbolic name of an error code ("EMS_EINVAL").
 * @param code a value returned by a libemsmeter function.
 * @return a static string; "EMS_UNKNOWN" for a code not in the table. Never NULL.
 */
EMS_API const char *ems_err_name(int code);

#ifdef __cplusplus
}
#endif

#endif /* EMS_ERROR_H */
