/* Internal declarations shared by libemsmeter's sources (not installed). */
#ifndef EMS_INTERNAL_H
#define EMS_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include "ems/regmap.h"
#include "ems/installation.h"

/* --- JSON positions: JSON path -> line/column of the value (jansson keeps none). */
typedef struct ems_jsonpos ems_jsonpos;
ems_jsonpos *ems_jsonpos_build(const char *text);
void ems_jsonpos_free(ems_jsonpos *pos);
/* Position of the value at path, or of its nearest ancestor. 0 if found. */
int ems_jsonpos_find(const ems_jsonpos *pos, const char *path, int *line, int *col);

/* Fill err with file, position of path and a formatted reason. */
void ems_cfg_fail(ems_config_error *err, const ems_jsonpos *pos, const char *file,
		  const char *path, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 5, 6)))
#endif
	;
/* Fill err from a jansson parse error. */
void ems_cfg_parse_fail(ems_config_error *err, const char *file, const json_error_t *je);

/* --- Register maps. */
struct ems_regmap {
	char model[64];
	ems_device_kind kind;
	int verified;
	int sunspec_id;
	unsigned max_read;
	unsigned max_gap;
	unsigned interface_stride; /* registers between two interfaces of one module (Legrand form) */
	size_t n;
	ems_field *fields;
};
/* Load a map from a parsed JSON object; file/pos for errors. */
int ems_regmap_from_json(json_t *root, const char *file, const ems_jsonpos *pos,
			 ems_regmap **out, ems_config_error *err);
/* A new empty map with room for n fields (for the generic and pulse models). */
ems_regmap *ems_regmap_new_empty(const char *model, ems_device_kind kind, size_t n);
/* Parse an integer given as a JSON number or a "0x..."/decimal string. */
int ems_json_uint(const json_t *v, unsigned long max, unsigned long *out);
/* Parse a number given as a JSON number or a decimal string ("10", "0.5"). */
int ems_json_number(const json_t *v, double *out);

/* Built-in maps (generated from the JSON files of libemsmeter/devices). */
typedef struct ems_builtin_map {
	const char *model;
	const char *json;
} ems_builtin_map;
extern const ems_builtin_map ems_builtin_maps[];
extern const size_t ems_builtin_maps_count;

/* ems_reading_set() for values known to be valid (the result is not needed). */
void ems_reading_put(ems_reading *r, ems_quantity q, double v);

/* Bounded copy with NUL. */
void ems_strlcpy(char *dst, const char *src, size_t size);

#endif
