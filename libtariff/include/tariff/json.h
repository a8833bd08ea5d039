/**
 * @file tariff/json.h
 * @brief Loading a tariff set from the JSON config (needs jansson; TARIFF_HAVE_JSON).
 *
 * The loader allocates: it returns an opaque tariff_config that owns the tariff_set and
 * everything it points to. Free it with tariff_config_free().
 *
 * Format (see docs/guides/libtariff.md for every key):
 *
 *     {"currency": "EUR", "timezone": "CET-1CEST,M3.5.0,M10.5.0/3",
 *      "electricity": {
 *        "tariffs": [{"id": "HP", "name": "Heures pleines", "color": "#e4572e",
 *                     "prices": [{"from": "2024-02-01", "price": "0.2516"}]},
 *                    {"id": "HC", "prices": [{"price": "0.1828"}]}],
 *        "rules": [{"tariff": "HC", "start": "22:00", "end": "05:59"},
 *                  {"tariff": "HP"}],
 *        "vat_percent": "20", "meter_periods": {"HC..": "HC", "HP..": "HP"}},
 *      "gas": {..., "kwh_per_m3": "11.2"}}
 *
 * Errors fill a tariff_diag: the file, the line and column, the JSON path of the value at
 * fault ("electricity.rules[1].start") and the reason. Syntax errors come from jansson;
 * semantic ones are located by the loader in the text.
 *
 * @par Thread-safety
 * No shared state: distinct loads may run in parallel; a loaded config is read-only.
 */
#ifndef TARIFF_JSON_H
#define TARIFF_JSON_H

#include <stddef.h>
#include "tariff/export.h"
#include "tariff/error.h"
#include "tariff/schedule.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A loaded config (opaque; owns its tariff_set). */
typedef struct tariff_config tariff_config;

/**
 * @brief Load a config file.
 *
 * Price series named by a tariff's "series" key are read from CSV files relative to the
 * config file's folder.
 * @param path the file.
 * @param[out] out the config (NULL on failure).
 * @param[out] diag optional: where and why it failed.
 * @return 0; TARIFF_EINVAL on NULL; TARIFF_EIO if a file cannot be read; TARIFF_EPARSE on a
 *         JSON or CSV syntax error; TARIFF_ECONFIG on a semantic error; TARIFF_ENOMEM.
 */
TARIFF_API TARIFF_WARN_UNUSED int tariff_config_load_file(const char *path, tariff_config **out, tariff_diag *diag);

/**
 * @brief Load a config from memory.
 * @param text the JSON text (need not be NUL-terminated).
 * @param len its length.
 * @param source a name for diagnostics (NULL: "<string>").
 * @param base_dir folder of series files (NULL: series files are refused).
 * @param[out] out the config (NULL on failure).
 * @param[out] diag optional: where and why it failed.
 * @return as tariff_config_load_file().
 */
TARIFF_API TARIFF_WARN_UNUSED int tariff_config_load_string(const char *text, size_t len, const char *source,
							    const char *base_dir, tariff_config **out,
							    tariff_diag *diag);

/**
 * @brief Free a config. NULL does nothing. Every pointer obtained from it becomes invalid.
 * @param cfg the config.
 */
TARIFF_API void tariff_config_free(tariff_config *cfg);

/**
 * @brief The tariff set of a config (validated).
 * @param cfg the config.
 * @return the set, owned by @p cfg; NULL on NULL.
 */
TARIFF_API const tariff_set *tariff_config_set(const tariff_config *cfg);

#ifdef __cplusplus
}
#endif

#endif /* TARIFF_JSON_H */
