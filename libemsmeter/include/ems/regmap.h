/**
 * @file ems/regmap.h
 * @brief Register maps: the JSON description of a Modbus device model.
 *
 * One JSON file per model (`libemsmeter/devices/<model>.json`, also compiled into
 * the library) says, for each quantity, the function code, address, type, word
 * order, scale and unit, and for writable quantities how to write them. See
 * docs/guides/libemsmeter.md for the format. A map is immutable once loaded.
 */
#ifndef EMS_REGMAP_H
#define EMS_REGMAP_H

#include <stddef.h>
#include <stdint.h>
#include "ems/export.h"
#include "ems/decode.h"
#include "ems/quantity.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Where and why a JSON file (map or installation) was refused. */
typedef struct ems_config_error {
	char file[256];   /**< file name, or "<string>" / "<builtin>" */
	int line;         /**< 1-based line, 0 if unknown */
	int column;       /**< 1-based column, 0 if unknown */
	char path[128];   /**< JSON path of the faulty value ("devices[2].address") */
	char reason[256]; /**< what is wrong, for a human */
} ems_config_error;

/**
 * @brief Format an error as "file:line:column: path: reason".
 * @param err the error.
 * @param buf where to write (may be NULL when size is 0).
 * @param size size of buf.
 * @return the full length, like snprintf; EMS_EINVAL on NULL err.
 */
EMS_API int ems_config_error_format(const ems_config_error *err, char *buf, size_t size);

/** Kinds of device a map describes. */
typedef enum ems_device_kind {
	EMS_KIND_METER = 0, /**< electricity meter */
	EMS_KIND_CHARGER,   /**< EV charging station */
	EMS_KIND_INVERTER,  /**< PV inverter */
	EMS_KIND_BATTERY,   /**< home battery */
	EMS_KIND_IO,        /**< I/O module (inputs, relay outputs) */
	EMS_KIND_PULSE,     /**< pulse counter */
	EMS_KIND_CONTROLLER /**< energy flow controller (several of the above) */
} ems_device_kind;

/** One quantity of a map: where it is and how to decode (and write) it. */
typedef struct ems_field {
	ems_quantity quantity;  /**< what it is */
	uint8_t fc;             /**< read function code: 1, 2, 3 or 4 */
	uint16_t address;       /**< first register (or bit) address, 0-based on the wire */
	ems_type type;          /**< value type */
	ems_word_order order;   /**< word order */
	double scale;           /**< raw × scale = value in the quantity's canonical unit */
	double offset;          /**< added after scaling */
	int check_sentinel;     /**< 1: the type's "not available" value means not provided */
	int has_na;             /**< 1: na_raw is an extra "not available" raw value */
	double na_raw;          /**< that raw value */
	int state_ascii;        /**< charger state: 1: the low byte is an ASCII 'A'..'F'; 2: two
	                             ASCII characters, letter in the high byte ("C2") */
	uint8_t state_map[16];  /**< charger state: raw 0..15 → 1..6 (A..F), 0 = unknown */
	int has_state_map;      /**< 1 when state_map is used */
	int sf_offset;          /**< SunSpec: offset of the scale-factor register, -1 if none */
	uint8_t write_fc;       /**< 0: read-only; 5 (coil), 6 or 16 (registers) */
	uint16_t write_address; /**< where to write */
	ems_type write_type;    /**< type written */
	double write_scale;     /**< value / write_scale = raw written */
	int verified;           /**< 0 if this field could not be confirmed from a public source */
} ems_field;

/** A loaded register map (opaque). */
typedef struct ems_regmap ems_regmap;

/**
 * @brief Load a map from a JSON string.
 * @param json the text (NUL-terminated).
 * @param name a name for error messages (NULL: "<string>").
 * @param[out] out the new map, to free with ems_regmap_free().
 * @param[out] err filled on EMS_ECONFIG / EMS_EPARSE (may be NULL).
 * @return EMS_OK, EMS_EPARSE (not JSON), EMS_ECONFIG (JSON but not a valid map),
 *         EMS_ENOMEM, EMS_EINVAL (NULL json or out).
 */
EMS_API int ems_regmap_load_string(const char *json, const char *name, ems_regmap **out,
				   ems_config_error *err) EMS_WARN_UNUSED;
/**
 * @brief Load a map from a file.
 * @param path the file.
 * @param[out] out the new map, to free with ems_regmap_free().
 * @param[out] err filled on failure (may be NULL).
 * @return as ems_regmap_load_string(); EMS_ENOTFOUND if the file cannot be read.
 */
EMS_API int ems_regmap_load_file(const char *path, ems_regmap **out, ems_config_error *err) EMS_WARN_UNUSED;
/**
 * @brief Load a map compiled into the library by model name.
 * @param model the model ("eastron-sdm630").
 * @param[out] out the new map, to free with ems_regmap_free().
 * @return EMS_OK, EMS_ENOTFOUND (no such built-in model), EMS_EINVAL, EMS_ENOMEM.
 */
EMS_API int ems_regmap_load_builtin(const char *model, ems_regmap **out) EMS_WARN_UNUSED;
/**
 * @brief Free a map.
 * @param map the map; NULL does nothing.
 */
EMS_API void ems_regmap_free(ems_regmap *map);

/**
 * @brief Number of built-in maps.
 * @return the number of maps compiled into the library.
 */
EMS_API size_t ems_regmap_builtin_count(void);
/**
 * @brief Model name of a built-in map.
 * @param i its index.
 * @return the name (static); NULL if out of range.
 */
EMS_API const char *ems_regmap_builtin_name(size_t i);

/**
 * @brief Model name of a map.
 * @param map the map.
 * @return "eastron-sdm630" and the like (owned by the map); "" on NULL.
 */
EMS_API const char *ems_regmap_model(const ems_regmap *map);
/**
 * @brief Device kind of a map.
 * @param map the map.
 * @return the kind; EMS_KIND_METER on NULL.
 */
EMS_API ems_device_kind ems_regmap_kind(const ems_regmap *map);
/**
 * @brief Whether a map was confirmed.
 * @param map the map.
 * @return 1 if every field was confirmed from a public source, else 0 (also on NULL).
 */
EMS_API int ems_regmap_verified(const ems_regmap *map);
/**
 * @brief SunSpec model id a map describes.
 * @param map the map.
 * @return the model id; 0 for a map that is not a SunSpec one, or NULL.
 */
EMS_API int ems_regmap_sunspec_id(const ems_regmap *map);
/**
 * @brief Coalescing limit of a map.
 * @param map the map.
 * @return the most registers one read may cover (bits: 16 times as many); 0 on NULL.
 */
EMS_API unsigned ems_regmap_max_read(const ems_regmap *map);
/**
 * @brief Coalescing gap of a map.
 * @param map the map.
 * @return the most unused registers a read may span between two fields; 0 on NULL.
 */
EMS_API unsigned ems_regmap_max_gap(const ems_regmap *map);
/**
 * @brief Number of fields of a map.
 * @param map the map.
 * @return the number of fields; 0 on NULL.
 */
EMS_API size_t ems_regmap_field_count(const ems_regmap *map);
/**
 * @brief A field of a map.
 * @param map the map.
 * @param i its index.
 * @return the field (owned by the map); NULL if out of range.
 */
EMS_API const ems_field *ems_regmap_field(const ems_regmap *map, size_t i);
/**
 * @brief The field of a quantity.
 * @param map the map.
 * @param q the quantity.
 * @return the field (owned by the map); NULL if the map does not have it.
 */
EMS_API const ems_field *ems_regmap_find(const ems_regmap *map, ems_quantity q);

/**
 * @brief Turn a field's raw value into the quantity's value (scale, offset, charger state).
 * @param f the field.
 * @param raw the decoded raw value (ems_decode()).
 * @param[out] out the value in the quantity's unit.
 * @return EMS_OK, EMS_ENOTFOUND (not available) or EMS_EINVAL.
 */
EMS_API int ems_field_value(const ems_field *f, double raw, double *out) EMS_WARN_UNUSED;
/**
 * @brief Turn a quantity's value into the raw value a field holds (inverse of ems_field_value()).
 * Used by writers and by the simulator.
 * @param f the field.
 * @param value the value in the quantity's unit.
 * @param[out] raw the raw value to encode.
 * @return EMS_OK or EMS_EINVAL.
 */
EMS_API int ems_field_raw(const ems_field *f, double value, double *raw) EMS_WARN_UNUSED;

#ifdef __cplusplus
}
#endif

#endif /* EMS_REGMAP_H */
