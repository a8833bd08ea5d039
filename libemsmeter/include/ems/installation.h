/**
 * @file ems/installation.h
 * @brief An energy installation: buses, devices, polling, readings, totals.
 *
 * Load the installation's JSON configuration once (buses, devices, loads,
 * groups, virtual devices; see docs/guides/libemsmeter.md), then call
 * ems_installation_poll() at the pace you want: each bus has its own scheduler
 * (one request at a time, inter-frame delay, gap when the slave changes,
 * per-device timeout and retries, reconnect with back-off, per-device sample
 * interval). Nothing blocks longer than the configured timeouts.
 *
 * @par Thread-safety
 * One installation, one thread at a time. ems_installation_poll() may run the
 * buses of one installation in parallel internally (one thread per bus).
 */
#ifndef EMS_INSTALLATION_H
#define EMS_INSTALLATION_H

#include <stddef.h>
#include <stdint.h>
#include "ems/export.h"
#include "ems/quantity.h"
#include "ems/regmap.h"

#ifdef __cplusplus
extern "C" {
#endif

/** An installation (opaque). */
typedef struct ems_installation ems_installation;

/** Version of ::ems_installation_options this header describes. */
#define EMS_INSTALLATION_OPTIONS_VERSION 1

/** Options of ems_installation_load_file() / ems_installation_load_string(). */
typedef struct ems_installation_options {
	unsigned version;     /**< EMS_INSTALLATION_OPTIONS_VERSION */
	const char *maps_dir; /**< folder of extra `<model>.json` maps, searched before the built-in ones (NULL: none) */
	int coalesce;         /**< 1: merge registers into as few reads as each map allows; 0: one read per field */
	int parallel_buses;   /**< 1: poll distinct buses in parallel threads; 0: one after the other */
} ems_installation_options;

/** Default options. */
#define EMS_INSTALLATION_OPTIONS_INIT {EMS_INSTALLATION_OPTIONS_VERSION, NULL, 1, 1}

/**
 * @brief Load and validate an installation from a JSON file.
 * No connection is made here; buses connect on the first poll.
 * @param path the file; @param opts options (NULL: defaults).
 * @param[out] out the installation, to free with ems_installation_free().
 * @param[out] err where and why the file was refused (may be NULL).
 * @return EMS_OK; EMS_ENOTFOUND (cannot read the file), EMS_EPARSE (not JSON),
 *         EMS_ECONFIG (invalid content), EMS_ENOMEM, EMS_EINVAL (NULL path/out, bad opts version).
 */
EMS_API int ems_installation_load_file(const char *path, const ems_installation_options *opts,
				       ems_installation **out, ems_config_error *err) EMS_WARN_UNUSED;
/** @brief Like ems_installation_load_file() from a string; @p name is used in errors (NULL: "<string>"). */
EMS_API int ems_installation_load_string(const char *json, const char *name,
					 const ems_installation_options *opts,
					 ems_installation **out, ems_config_error *err) EMS_WARN_UNUSED;
/** @brief Close every bus and free the installation; NULL does nothing. */
EMS_API void ems_installation_free(ems_installation *inst);

/** @brief Number of devices (virtual ones included, in configuration order); 0 on NULL. */
EMS_API size_t ems_installation_device_count(const ems_installation *inst);
/** @brief Name of the i-th device; NULL if out of range. Owned by the installation. */
EMS_API const char *ems_installation_device_name(const ems_installation *inst, size_t i);
/** @brief Model of the i-th device ("eastron-sdm630", "generic", "virtual"...); NULL if out of range. */
EMS_API const char *ems_installation_device_model(const ems_installation *inst, size_t i);
/** @brief Index of the device called @p name. @return EMS_OK, EMS_ENOTFOUND or EMS_EINVAL. */
EMS_API int ems_installation_device_index(const ems_installation *inst, const char *name,
					  size_t *out) EMS_WARN_UNUSED;

/**
 * @brief Poll every enabled device whose sample time has come.
 * @param now the current UTC time in seconds (used for timestamps and sample intervals).
 * @return EMS_OK (device failures are in each device's status), EMS_EINVAL on NULL.
 */
EMS_API int ems_installation_poll(ems_installation *inst, int64_t now) EMS_WARN_UNUSED;
/**
 * @brief Poll one device now, whatever its sample interval.
 * @return EMS_OK, the device's error (EMS_ETIMEDOUT, EMS_ECONN, EMS_EMODBUS...),
 *         EMS_EDISABLED, EMS_ENOTFOUND (index), EMS_EINVAL.
 */
EMS_API int ems_installation_poll_device(ems_installation *inst, size_t i, int64_t now) EMS_WARN_UNUSED;

/** @brief Copy the last reading of the i-th device. @return EMS_OK, EMS_ENOTFOUND, EMS_EINVAL. */
EMS_API int ems_installation_reading(const ems_installation *inst, size_t i, ems_reading *out) EMS_WARN_UNUSED;

/** Counters and last error of a device. */
typedef struct ems_device_stats {
	ems_status status;             /**< current status */
	uint64_t polls;                /**< polls attempted */
	uint64_t successes;            /**< polls that succeeded */
	uint64_t failures;             /**< polls that failed (after retries) */
	uint64_t timeouts;             /**< requests that timed out */
	uint64_t retries;              /**< requests repeated after a failure */
	uint64_t requests;             /**< Modbus requests sent */
	uint32_t consecutive_failures; /**< failures since the last success */
	int last_error;                /**< code of the last failure (0: none) */
	char last_error_text[192];     /**< text of the last failure ("" if none) */
	int64_t last_success;          /**< UTC time of the last good reading (0: never) */
} ems_device_stats;

/** @brief Counters of the i-th device. @return EMS_OK, EMS_ENOTFOUND, EMS_EINVAL. */
EMS_API int ems_installation_device_stats(const ems_installation *inst, size_t i,
					  ems_device_stats *out) EMS_WARN_UNUSED;
/** @brief Enable (1) or disable (0: status "off", never polled) the i-th device. */
EMS_API int ems_installation_set_enabled(ems_installation *inst, size_t i, int enabled) EMS_WARN_UNUSED;

/**
 * @brief Write a writable quantity of the i-th device: charger set current
 * (EMS_Q_CHARGER_SET_CURRENT, A), charger enable (EMS_Q_CHARGER_ENABLED, 0/1),
 * outputs (EMS_Q_OUTPUT_1.., 0/1).
 * @return EMS_OK; EMS_ENOTSUP (the map has no way to write it), EMS_ERANGE,
 *         a communication error, EMS_EDISABLED, EMS_ENOTFOUND, EMS_EINVAL.
 */
EMS_API int ems_installation_write(ems_installation *inst, size_t i, ems_quantity q,
				   double value) EMS_WARN_UNUSED;

/**
 * @brief Aggregated reading of a measure group (sum of power, per-phase power,
 * energies of its devices that are not excluded from totals).
 * If a member device is not "ok", the total is status comm_error with no quantity.
 * @return EMS_OK, EMS_ENOTFOUND (no such group), EMS_EINVAL.
 */
EMS_API int ems_installation_group_reading(const ems_installation *inst, const char *group,
					   ems_reading *out) EMS_WARN_UNUSED;
/** @brief Aggregated reading of the devices of one load type ("heat_pump", "ev", ...), as for groups. */
EMS_API int ems_installation_load_reading(const ems_installation *inst, const char *load_type,
					  ems_reading *out) EMS_WARN_UNUSED;
/** @brief Number of measure groups declared or used. */
EMS_API size_t ems_installation_group_count(const ems_installation *inst);
/** @brief Name of the i-th group; NULL if out of range. */
EMS_API const char *ems_installation_group_name(const ems_installation *inst, size_t i);

/** Traffic counters of one bus (for measuring coalescing and wire budgets). */
typedef struct ems_bus_stats {
	uint64_t requests;  /**< requests sent */
	uint64_t tx_bytes;  /**< bytes sent, as framed on this bus */
	uint64_t rx_bytes;  /**< bytes of the expected answers, as framed on this bus */
	uint64_t rtu_bytes; /**< the same requests and answers as RTU frames would take */
	uint64_t connects;  /**< successful (re)connections */
} ems_bus_stats;

/** @brief Number of buses (explicit and implicit ones). */
EMS_API size_t ems_installation_bus_count(const ems_installation *inst);
/** @brief Counters of the i-th bus. @return EMS_OK, EMS_ENOTFOUND, EMS_EINVAL. */
EMS_API int ems_installation_bus_stats(const ems_installation *inst, size_t i, ems_bus_stats *out) EMS_WARN_UNUSED;

#ifdef __cplusplus
}
#endif

#endif /* EMS_INSTALLATION_H */
