/**
 * @file ems/quantity.h
 * @brief Normalised quantities and the per-device reading of libemsmeter.
 *
 * Every driver turns what its device says into one ::ems_reading: a fixed array
 * of quantities in canonical units (V, A, W, var, VA, Hz, Wh, %, m³), each with
 * a "provided" flag. A quantity the device does not give, or gave as a "not
 * available" sentinel, is not provided: it is never reported as zero.
 */
#ifndef EMS_QUANTITY_H
#define EMS_QUANTITY_H

#include <stddef.h>
#include <stdint.h>
#include "ems/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * X-macro table of quantities: XX(NAME, "json_name", phase, "unit").
 * phase 0: a scalar; phase k > 0: element k of the JSON array json_name
 * (per-phase values L1..L3, tariff indexes, inputs, outputs).
 */
#define EMS_QUANTITY_MAP(XX)                                                   \
	XX(VOLTAGE_L1, "voltage_v", 1, "V")                                    \
	XX(VOLTAGE_L2, "voltage_v", 2, "V")                                    \
	XX(VOLTAGE_L3, "voltage_v", 3, "V")                                    \
	XX(CURRENT_L1, "current_a", 1, "A")                                    \
	XX(CURRENT_L2, "current_a", 2, "A")                                    \
	XX(CURRENT_L3, "current_a", 3, "A")                                    \
	XX(POWER, "power_w", 0, "W")                                           \
	XX(POWER_L1, "power_phase_w", 1, "W")                                  \
	XX(POWER_L2, "power_phase_w", 2, "W")                                  \
	XX(POWER_L3, "power_phase_w", 3, "W")                                  \
	XX(REACTIVE_POWER, "reactive_power_var", 0, "var")                     \
	XX(REACTIVE_POWER_L1, "reactive_power_phase_var", 1, "var")            \
	XX(REACTIVE_POWER_L2, "reactive_power_phase_var", 2, "var")            \
	XX(REACTIVE_POWER_L3, "reactive_power_phase_var", 3, "var")            \
	XX(APPARENT_POWER, "apparent_power_va", 0, "VA")                       \
	XX(APPARENT_POWER_L1, "apparent_power_phase_va", 1, "VA")              \
	XX(APPARENT_POWER_L2, "apparent_power_phase_va", 2, "VA")              \
	XX(APPARENT_POWER_L3, "apparent_power_phase_va", 3, "VA")              \
	XX(POWER_FACTOR, "power_factor", 0, "")                                \
	XX(POWER_FACTOR_L1, "power_factor_phase", 1, "")                       \
	XX(POWER_FACTOR_L2, "power_factor_phase", 2, "")                       \
	XX(POWER_FACTOR_L3, "power_factor_phase", 3, "")                       \
	XX(FREQUENCY, "frequency_hz", 0, "Hz")                                 \
	XX(ENERGY_IMPORT, "energy_import_wh", 0, "Wh")                         \
	XX(ENERGY_EXPORT, "energy_export_wh", 0, "Wh")                         \
	XX(ENERGY_IMPORT_L1, "energy_import_phase_wh", 1, "Wh")                \
	XX(ENERGY_IMPORT_L2, "energy_import_phase_wh", 2, "Wh")                \
	XX(ENERGY_IMPORT_L3, "energy_import_phase_wh", 3, "Wh")                \
	XX(ENERGY_IMPORT_T1, "energy_import_tariff_wh", 1, "Wh")               \
	XX(ENERGY_IMPORT_T2, "energy_import_tariff_wh", 2, "Wh")               \
	XX(ENERGY_IMPORT_T3, "energy_import_tariff_wh", 3, "Wh")               \
	XX(ENERGY_IMPORT_T4, "energy_import_tariff_wh", 4, "Wh")               \
	XX(ENERGY_IMPORT_T5, "energy_import_tariff_wh", 5, "Wh")               \
	XX(ENERGY_IMPORT_T6, "energy_import_tariff_wh", 6, "Wh")               \
	XX(ENERGY_IMPORT_T7, "energy_import_tariff_wh", 7, "Wh")               \
	XX(ENERGY_IMPORT_T8, "energy_import_tariff_wh", 8, "Wh")               \
	XX(ENERGY_IMPORT_T9, "energy_import_tariff_wh", 9, "Wh")               \
	XX(ENERGY_IMPORT_T10, "energy_import_tariff_wh", 10, "Wh")             \
	XX(REACTIVE_ENERGY_IMPORT, "reactive_energy_import_varh", 0, "varh")   \
	XX(REACTIVE_ENERGY_EXPORT, "reactive_energy_export_varh", 0, "varh")   \
	XX(PV_POWER, "pv_power_w", 0, "W")                                     \
	XX(BATTERY_POWER, "battery_power_w", 0, "W")                           \
	XX(BATTERY_SOC, "battery_soc_pct", 0, "%")                             \
	XX(CHARGER_STATE, "charger_state", 0, "")                              \
	XX(CHARGER_SET_CURRENT, "charger_set_current_a", 0, "A")               \
	XX(CHARGER_ENABLED, "charger_enabled", 0, "")                          \
	XX(SESSION_ENERGY, "session_energy_wh", 0, "Wh")                       \
	XX(INPUT_1, "inputs", 1, "")                                           \
	XX(INPUT_2, "inputs", 2, "")                                           \
	XX(INPUT_3, "inputs", 3, "")                                           \
	XX(INPUT_4, "inputs", 4, "")                                           \
	XX(INPUT_5, "inputs", 5, "")                                           \
	XX(INPUT_6, "inputs", 6, "")                                           \
	XX(INPUT_7, "inputs", 7, "")                                           \
	XX(INPUT_8, "inputs", 8, "")                                           \
	XX(OUTPUT_1, "outputs", 1, "")                                         \
	XX(OUTPUT_2, "outputs", 2, "")                                         \
	XX(OUTPUT_3, "outputs", 3, "")                                         \
	XX(OUTPUT_4, "outputs", 4, "")                                         \
	XX(OUTPUT_5, "outputs", 5, "")                                         \
	XX(OUTPUT_6, "outputs", 6, "")                                         \
	XX(OUTPUT_7, "outputs", 7, "")                                         \
	XX(OUTPUT_8, "outputs", 8, "")                                         \
	XX(GAS_VOLUME, "gas_volume_m3", 0, "m3")                               \
	XX(WATER_VOLUME, "water_volume_m3", 0, "m3")                           \
	XX(PULSE_COUNT, "pulse_count", 0, "")

/** The quantities a reading can hold (EMS_Q_VOLTAGE_L1 ...). */
typedef enum ems_quantity {
#define EMS_Q_ENUM_(name, json, phase, unit) EMS_Q_##name,
	EMS_QUANTITY_MAP(EMS_Q_ENUM_)
#undef EMS_Q_ENUM_
	EMS_Q_COUNT /**< number of quantities, not a quantity */
} ems_quantity;

/**
 * Charger states per IEC 61851-1, stored as the value of EMS_Q_CHARGER_STATE:
 * A = 1 (no vehicle) ... F = 6 (charger not available).
 */
typedef enum ems_charger_state {
	EMS_CHARGER_A = 1, /**< A: no vehicle connected */
	EMS_CHARGER_B = 2, /**< B: vehicle connected, not charging */
	EMS_CHARGER_C = 3, /**< C: charging */
	EMS_CHARGER_D = 4, /**< D: charging with ventilation */
	EMS_CHARGER_E = 5, /**< E: no power (short circuit, error) */
	EMS_CHARGER_F = 6  /**< F: charger not available / fault */
} ems_charger_state;

/** A device's status. */
typedef enum ems_status {
	EMS_STATUS_OK = 0,         /**< the last poll succeeded ("ok") */
	EMS_STATUS_OFF = 1,        /**< disabled by the user ("off") */
	EMS_STATUS_COMM_ERROR = 2, /**< the last poll failed ("comm_error") */
	EMS_STATUS_UNKNOWN = 3     /**< not polled yet ("unknown") */
} ems_status;

/** One timestamped, normalised reading of a device, load, group or virtual device. */
typedef struct ems_reading {
	int64_t time;                  /**< UTC seconds of the sample (0: never read) */
	ems_status status;             /**< status at that time */
	double value[EMS_Q_COUNT];     /**< values in the quantity's unit (ems_quantity_unit()) */
	uint8_t provided[EMS_Q_COUNT]; /**< 1 if value[q] was given by the device */
} ems_reading;

/** @brief Clear a reading: no quantity provided, status unknown, time 0. Does nothing on NULL. */
EMS_API void ems_reading_clear(ems_reading *r);

/**
 * @brief Get one quantity of a reading.
 * @param r the reading (may be NULL).
 * @param q the quantity.
 * @param[out] out the value in the quantity's unit (may be NULL).
 * @return EMS_OK; EMS_ENOTFOUND if the quantity is not provided; EMS_EINVAL on a
 *         NULL reading or a quantity out of range.
 */
EMS_API int ems_reading_get(const ems_reading *r, ems_quantity q, double *out) EMS_WARN_UNUSED;

/**
 * @brief Set one quantity of a reading (marks it provided).
 * @return EMS_OK or EMS_EINVAL (NULL reading, quantity out of range, value not finite).
 */
EMS_API int ems_reading_set(ems_reading *r, ems_quantity q, double value) EMS_WARN_UNUSED;

/**
 * @brief The reading as one JSON line (no newline), meterpoll's output format.
 *
 * `{"device": NAME, "status": "ok"|"comm_error"|"off"|"unknown", "time": ISO-8601 UTC,
 * ["error": TEXT,] "quantities": {...}}`. Per-phase quantities are arrays up to the
 * last provided element, `null` for a missing one in between; a quantity not provided
 * is absent; charger_state is a letter "A".."F", charger_enabled a boolean.
 * @param r the reading.
 * @param device the name to write (NULL: no "device" member).
 * @param error the error text for a comm_error reading (NULL: none).
 * @param buf where to write (may be NULL when size is 0).
 * @param size size of buf in bytes.
 * @return the length of the full text (excluding the NUL), like snprintf: if it is
 *         >= size the text was truncated; EMS_EINVAL on a NULL reading.
 */
EMS_API int ems_reading_to_json(const ems_reading *r, const char *device, const char *error,
				char *buf, size_t size);

/** @brief The JSON name of a quantity ("voltage_v"); NULL if out of range. */
EMS_API const char *ems_quantity_json_name(ems_quantity q);
/** @brief The phase / array index of a quantity (0: scalar, k: k-th element); -1 if out of range. */
EMS_API int ems_quantity_phase(ems_quantity q);
/** @brief The canonical unit of a quantity ("V", "Wh", "" for none); NULL if out of range. */
EMS_API const char *ems_quantity_unit(ems_quantity q);
/** @brief The identifier of a quantity ("voltage_l1", "energy_import_t2"); NULL if out of range. */
EMS_API const char *ems_quantity_name(ems_quantity q);
/**
 * @brief Find a quantity by identifier ("voltage_l1") or, for a scalar, by JSON name ("power_w").
 * @param name the name (NULL gives EMS_EINVAL).
 * @param[out] out the quantity.
 * @return EMS_OK, EMS_ENOTFOUND or EMS_EINVAL.
 */
EMS_API int ems_quantity_from_name(const char *name, ems_quantity *out) EMS_WARN_UNUSED;
/** @brief The name of a status: "ok", "off", "comm_error", "unknown"; "invalid" otherwise. */
EMS_API const char *ems_status_name(ems_status s);

#ifdef __cplusplus
}
#endif

#endif /* EMS_QUANTITY_H */
