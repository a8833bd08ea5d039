/**
 * @file ems/envoy.h
 * @brief Enphase IQ Gateway (Envoy, firmware 7 and later) over HTTPS.
 *
 * Reads solar production, total (house) and net (grid) consumption per phase, storage
 * power and charge, and per-inverter power from an Enphase IQ Gateway on the local
 * network, with libcurl and jansson. Available when libemsmeter was built with
 * HEMS_BUILD_HTTP (the macro EMS_HAVE_ENVOY is then defined for the library's users
 * through the CMake target).
 *
 * @par Authentication
 * Firmware 7 and later answer only requests carrying a JWT ("token") issued by
 * Enphase's cloud. Give it yourself (ems_envoy_options::token), or give the Enlighten
 * account and the gateway's serial number: the driver then logs in to Enlighten
 * (`POST login/login.json`, form fields `user[email]`, `user[password]`, answer
 * `{"session_id": ...}`) and asks Entrez for a token (`POST /tokens`, JSON
 * `{"session_id", "serial_num", "username"}`, answer: the token text), as pyenphase does.
 * The token is renewed ems_envoy_options::renew_margin_s seconds before the `exp` claim
 * of its payload, and once after a 401 answer; while the old token is still valid a failed
 * renewal is not an error and is retried 5 minutes later. An expired token with no account
 * to renew it gives EMS_EAUTH.
 *
 * @par TLS
 * The gateway presents a self-signed certificate. It is accepted only by pinning:
 * either the SHA-256 of its public key (ems_envoy_options::pinned_pubkey,
 * `"sha256//<base64>"`) or the certificate itself as the only trust anchor
 * (ems_envoy_options::pinned_cert_file). Without a pin ems_envoy_new() fails with
 * EMS_ECONFIG: verification is never turned off. Cloud calls keep full verification
 * (system CA store, or ems_envoy_options::cloud_ca_file).
 *
 * @par Firmware quirks
 * Detected quirks are corrected or reported in ems_envoy_reading::quirks, never passed
 * on silently: see ems_envoy_quirk.
 *
 * @par Thread-safety
 * One handle, one thread at a time; distinct handles may be used from distinct threads.
 * The driver calls curl_easy_init(), which initialises libcurl globally on first use:
 * a multi-threaded program should call curl_global_init() once itself before starting
 * threads (libcurl's rule).
 */
#ifndef EMS_ENVOY_H
#define EMS_ENVOY_H

#include <stddef.h>
#include <stdint.h>

#include "ems/export.h"
#include "ems/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @defgroup ems_envoy Enphase IQ Gateway
 * @{ */

/** Phases a gateway reports at most. */
#define EMS_ENVOY_MAX_PHASES 3

/** Current version of ems_envoy_options (its `version` field). */
#define EMS_ENVOY_OPTIONS_VERSION 1

/** The default Enlighten login URL. */
#define EMS_ENVOY_LOGIN_URL "https://enlighten.enphaseenergy.com/login/login.json"
/** The default Entrez token URL. */
#define EMS_ENVOY_TOKEN_URL "https://entrez.enphaseenergy.com/tokens"

/** How to reach and authenticate with one gateway. Start from EMS_ENVOY_OPTIONS_INIT. */
typedef struct ems_envoy_options {
	unsigned version;          /**< EMS_ENVOY_OPTIONS_VERSION */
	const char *host;          /**< gateway address or name, no port, IPv6 without [] */
	uint16_t port;             /**< HTTPS port; 0 means 443 */
	const char *token;         /**< a token (JWT) to use; NULL: obtain one from the cloud */
	const char *username;      /**< Enlighten account e-mail (automatic token) */
	const char *password;      /**< Enlighten account password (automatic token) */
	const char *serial;        /**< the gateway's serial number (automatic token) */
	const char *login_url;     /**< NULL: EMS_ENVOY_LOGIN_URL */
	const char *token_url;     /**< NULL: EMS_ENVOY_TOKEN_URL */
	const char *cloud_ca_file; /**< PEM CA bundle for the cloud calls; NULL: system store */
	const char *pinned_pubkey; /**< "sha256//<base64>[;sha256//...]" of the gateway's key */
	const char *pinned_cert_file; /**< PEM file: the gateway's own certificate */
	unsigned timeout_ms;          /**< whole-request limit; 0 means 10000 */
	unsigned connect_timeout_ms;  /**< connection limit; 0 means timeout_ms */
	unsigned renew_margin_s;      /**< renew this long before expiry; 0 means 3600 */
	unsigned stall_window_s;      /**< stalled-counter window; 0 means 1800 */
	double stall_min_w;           /**< production power that must move the counter; 0: 50 */
} ems_envoy_options;

/** Initialiser of ems_envoy_options: every field at its default. */
#define EMS_ENVOY_OPTIONS_INIT \
	{ EMS_ENVOY_OPTIONS_VERSION, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, \
	  NULL, NULL, 0, 0, 0, 0, 0.0 }

/** Where and why something failed: filled by the functions that take one. */
typedef struct ems_envoy_error {
	int code;        /**< the EMS_E* code returned */
	/** the request and the JSON place ("GET /production.json: $.consumption[1].wNow") */
	char where[128];
	char text[192];  /**< why ("expected a number, got a string") */
} ems_envoy_error;

/** Bits of ems_envoy_reading::provided: which fields hold a value. */
typedef enum ems_envoy_has {
	EMS_ENVOY_HAS_PRODUCTION_W = 1u << 0,        /**< production_w */
	EMS_ENVOY_HAS_PRODUCTION_PHASE_W = 1u << 1,  /**< production_phase_w[] */
	EMS_ENVOY_HAS_PRODUCTION_WH = 1u << 2,       /**< production_wh */
	EMS_ENVOY_HAS_CONSUMPTION_W = 1u << 3,       /**< consumption_w */
	EMS_ENVOY_HAS_CONSUMPTION_PHASE_W = 1u << 4, /**< consumption_phase_w[] */
	EMS_ENVOY_HAS_CONSUMPTION_WH = 1u << 5,      /**< consumption_wh */
	EMS_ENVOY_HAS_NET_W = 1u << 6,               /**< net_w */
	EMS_ENVOY_HAS_NET_PHASE_W = 1u << 7,         /**< net_phase_w[] */
	EMS_ENVOY_HAS_NET_IMPORT_WH = 1u << 8,       /**< net_import_wh */
	EMS_ENVOY_HAS_NET_EXPORT_WH = 1u << 9,       /**< net_export_wh */
	EMS_ENVOY_HAS_VOLTAGE_V = 1u << 10,          /**< voltage_v[] */
	EMS_ENVOY_HAS_FREQUENCY_HZ = 1u << 11,       /**< frequency_hz */
	EMS_ENVOY_HAS_STORAGE_W = 1u << 12,          /**< storage_w */
	EMS_ENVOY_HAS_STORAGE_SOC = 1u << 13,        /**< storage_soc_pct */
	EMS_ENVOY_HAS_STORAGE_CAPACITY_WH = 1u << 14, /**< storage_capacity_wh */
	EMS_ENVOY_HAS_INVERTERS_ACTIVE = 1u << 15,   /**< inverters_active */
	EMS_ENVOY_HAS_TIME = 1u << 16                /**< time */
} ems_envoy_has;

/**
 * Firmware quirks, bits of ems_envoy_reading::quirks.
 *
 * - EMS_ENVOY_QUIRK_TOTAL_IS_NET: the "total-consumption" section of /production.json
 *   carries the "net-consumption" values (same power, same lifetime energy) while the
 *   production counter is not zero, which cannot be true with a net-consumption CT
 *   (total = net + production). Reported for firmware 8.3.5433 (pyenphase issue #467,
 *   fix #477; Home Assistant core issue #178099). Corrected: consumption = net +
 *   production, per phase and in total, power and lifetime energy.
 * - EMS_ENVOY_QUIRK_PROD_NO_CT: the production CT section is present but no CT reports
 *   (`activeCount` 0) or /ivp/meters says the production meter is not enabled: its values
 *   are not measurements (lifetime frozen, power negative; Home Assistant core issue
 *   #101354, briancmpbll/home_assistant_custom_envoy #51). Corrected: production is taken
 *   from the inverters' section.
 * - EMS_ENVOY_QUIRK_PROD_STALLED: the production CT lifetime counter did not move during
 *   ems_envoy_options::stall_window_s of gateway time while the inverters reported at
 *   least stall_min_w (vincentwolsink/home_assistant_enphase_envoy_installer #32, #126).
 *   Corrected: production_wh is taken from the inverters' section.
 * - EMS_ENVOY_QUIRK_PHASE_SUM: the per-phase values do not add up to the total (more
 *   than 2 % and 10 W apart). Reported only; the total is kept as the gateway gave it.
 */
typedef enum ems_envoy_quirk {
	EMS_ENVOY_QUIRK_TOTAL_IS_NET = 1u << 0,   /**< total consumption equal to net */
	EMS_ENVOY_QUIRK_PROD_NO_CT = 1u << 1,     /**< production CT not measuring */
	EMS_ENVOY_QUIRK_PROD_STALLED = 1u << 2,   /**< production counter stalled */
	EMS_ENVOY_QUIRK_PHASE_SUM = 1u << 3       /**< phases do not add up to the total */
} ems_envoy_quirk;

/**
 * One reading of the whole gateway. A field holds a value only if its
 * EMS_ENVOY_HAS_* bit is set in `provided` (absent means "not provided", never 0).
 * Per-phase arrays hold `phase_count` entries. Powers are signed: net_w is positive
 * when importing from the grid; storage_w is positive when the battery discharges.
 */
typedef struct ems_envoy_reading {
	uint32_t provided;        /**< EMS_ENVOY_HAS_* bits */
	uint32_t quirks;          /**< EMS_ENVOY_QUIRK_* bits detected in this reading */
	int64_t time;             /**< gateway's reading time, UTC seconds */
	unsigned phase_count;     /**< phases with per-phase data (1..3), 0 if none */
	double production_w;      /**< solar production, W */
	double production_phase_w[EMS_ENVOY_MAX_PHASES]; /**< per phase, W */
	double production_wh;     /**< lifetime solar production, Wh */
	double consumption_w;     /**< total (house) consumption, W */
	double consumption_phase_w[EMS_ENVOY_MAX_PHASES]; /**< per phase, W */
	double consumption_wh;    /**< lifetime house consumption, Wh */
	double net_w;             /**< grid power, W (+ import, - export) */
	double net_phase_w[EMS_ENVOY_MAX_PHASES]; /**< per phase, W */
	double net_import_wh;     /**< lifetime energy imported from the grid, Wh */
	double net_export_wh;     /**< lifetime energy exported to the grid, Wh */
	double voltage_v[EMS_ENVOY_MAX_PHASES]; /**< phase voltages, V */
	double frequency_hz;      /**< grid frequency, Hz */
	double storage_w;         /**< battery power, W (+ discharge, - charge) */
	double storage_soc_pct;   /**< battery state of charge, % (capacity-weighted) */
	double storage_capacity_wh; /**< battery nominal capacity, Wh */
	unsigned inverters_active; /**< microinverters reporting */
	/** Private: what the parser saw, kept between documents for ems_envoy_reading_finish().
	 * Do not use; may change in any release. */
	struct ems_envoy_reading_priv_ {
		uint32_t seen;        /**< private */
		uint32_t eid[3];      /**< private: production, consumption, storage CT eids */
		unsigned phases;      /**< private: phase count from /ivp/meters */
		unsigned prod_ct_active; /**< private */
		double inv_w;         /**< private: inverters' section power */
		double inv_wh;        /**< private: inverters' section lifetime energy */
		double net_wh;        /**< private: net-consumption lifetime (import - export) */
	} priv_; /**< private: parser state between documents */
} ems_envoy_reading;

/** One microinverter, from /api/v1/production/inverters. */
typedef struct ems_envoy_inverter {
	char serial[24];       /**< serial number, NUL-terminated (truncated if longer) */
	int64_t last_report;   /**< time of its last report, UTC seconds */
	double power_w;        /**< last reported power, W */
	double max_power_w;    /**< highest reported power, W */
} ems_envoy_inverter;

/** The documents of the gateway the parser understands (for ems_envoy_parse()). */
typedef enum ems_envoy_doc {
	EMS_ENVOY_DOC_PRODUCTION = 0,     /**< /production.json?details=1 */
	EMS_ENVOY_DOC_METERS = 1,         /**< /ivp/meters */
	EMS_ENVOY_DOC_METER_READINGS = 2, /**< /ivp/meters/readings (needs METERS first) */
	EMS_ENVOY_DOC_INVENTORY = 3,      /**< /ivp/ensemble/inventory */
	EMS_ENVOY_DOC_POWER = 4           /**< /ivp/ensemble/power */
} ems_envoy_doc;

/** An Enphase IQ Gateway connection (opaque). */
typedef struct ems_envoy ems_envoy;

/**
 * @brief Create a handle. Does no network I/O (the first read connects, and fetches a
 * token from the cloud if needed).
 * @param opts options (copied: the strings need not outlive the call).
 * @param out receives the handle on success, NULL on failure.
 * @param err optional: where and why on failure.
 * @return 0; EMS_EINVAL (NULL @p opts or @p out, unknown version); EMS_ECONFIG (no host,
 *   no pin, both pins, neither a token nor a full account, unreadable pinned file);
 *   EMS_ENOMEM.
 */
EMS_API EMS_WARN_UNUSED int ems_envoy_new(const ems_envoy_options *opts, ems_envoy **out,
					  ems_envoy_error *err);

/**
 * @brief Free a handle and wipe its secrets (token, password).
 * @param envoy the handle; NULL does nothing.
 */
EMS_API void ems_envoy_free(ems_envoy *envoy);

/**
 * @brief Read production, consumption, grid and storage (several HTTPS requests).
 *
 * Gets /production.json?details=1, /ivp/meters, /ivp/meters/readings (when a meter is
 * enabled), /ivp/ensemble/inventory and /ivp/ensemble/power (a 401/404 on those two means
 * "no storage"), then corrects the known quirks.
 * @param envoy the handle.
 * @param out the reading; zeroed first, then filled. Untouched fields are not provided.
 * @return 0; EMS_EINVAL (NULL); EMS_ETIMEDOUT; EMS_ECONN; EMS_ETLS (handshake, pin
 *   mismatch); EMS_EAUTH (401/403 after one renewal, expired token without account, cloud
 *   login refused); EMS_EHTTP (other HTTP error status); EMS_EPARSE (malformed answer);
 *   EMS_ENOMEM. Details: ems_envoy_last_error().
 */
EMS_API EMS_WARN_UNUSED int ems_envoy_read(ems_envoy *envoy, ems_envoy_reading *out);

/**
 * @brief Read every microinverter's last and maximum power.
 * @param envoy the handle.
 * @param inv array of @p cap entries (may be NULL if @p cap is 0).
 * @param cap entries in @p inv.
 * @param count receives the number of inverters the gateway listed (may exceed @p cap:
 *   then the first @p cap are stored and EMS_ENOSPC is returned).
 * @return 0; EMS_ENOSPC; the errors of ems_envoy_read().
 */
EMS_API EMS_WARN_UNUSED int ems_envoy_read_inverters(ems_envoy *envoy, ems_envoy_inverter *inv,
						     size_t cap, size_t *count);

/**
 * @brief Where and why the last call on this handle failed.
 * @param envoy the handle (may be NULL).
 * @return the handle's error record (code 0 if the last call succeeded); never NULL
 *   (a static empty record for a NULL handle). Valid until the next call on the handle.
 */
EMS_API const ems_envoy_error *ems_envoy_last_error(const ems_envoy *envoy);

/**
 * @brief The token in use (given, or obtained from the cloud), so the caller can store
 * it and give it back next time instead of logging in again.
 * @param envoy the handle (may be NULL).
 * @return the token, owned by the handle, valid until the next call on it; NULL if none
 *   yet or if @p envoy is NULL.
 */
EMS_API const char *ems_envoy_token(const ems_envoy *envoy);

/**
 * @brief Obtain a token from the cloud now (login, then token request), whether or not
 * the current one is still valid.
 * @param envoy the handle.
 * @return 0; EMS_ECONFIG (no account in the options); EMS_EAUTH; the transport errors of
 *   ems_envoy_read().
 */
EMS_API EMS_WARN_UNUSED int ems_envoy_renew_token(ems_envoy *envoy);

/**
 * @brief Decode the `exp` claim of a JWT (base64url payload; the signature is not
 * checked: the gateway does that).
 * @param token the JWT ("header.payload.signature").
 * @param exp receives the expiry, UTC seconds.
 * @return 0; EMS_EINVAL (NULL); EMS_EPARSE (not three parts, bad base64url, payload not a
 *   JSON object, no integer `exp`).
 */
EMS_API EMS_WARN_UNUSED int ems_envoy_jwt_exp(const char *token, int64_t *exp);

/**
 * @brief Parse one gateway document into a reading (no I/O; what ems_envoy_read() uses).
 *
 * Tolerant of missing fields (absent means not provided), strict about types: a field
 * present with the wrong type is an error. Fields already set in @p r are kept unless
 * the document provides them. Call ems_envoy_reading_finish() after the last document.
 * @param doc which document @p json is.
 * @param json the body (need not be NUL-terminated).
 * @param len its length in bytes.
 * @param r the reading to complete (zero it before the first document).
 * @param err optional: where (JSON path, or line and column) and why.
 * @return 0; EMS_EINVAL (NULL, unknown @p doc); EMS_EPARSE.
 */
EMS_API EMS_WARN_UNUSED int ems_envoy_parse(ems_envoy_doc doc, const char *json, size_t len,
					    ems_envoy_reading *r, ems_envoy_error *err);

/**
 * @brief Derive and correct after parsing: total consumption from net + production where
 * only a net CT exists, the quirks that need no history (TOTAL_IS_NET, PROD_NO_CT,
 * PHASE_SUM). Idempotent for the derived values.
 * @param r the reading, after the last ems_envoy_parse().
 * @return 0; EMS_EINVAL (NULL).
 */
EMS_API EMS_WARN_UNUSED int ems_envoy_reading_finish(ems_envoy_reading *r);

/**
 * @brief Parse /api/v1/production/inverters (no I/O).
 * @param json the body; @param len its length.
 * @param inv array of @p cap entries; @param cap its size.
 * @param count receives the number of inverters in the document.
 * @param err optional: where and why.
 * @return 0; EMS_ENOSPC (more than @p cap: the first @p cap are stored); EMS_EINVAL;
 *   EMS_EPARSE.
 */
EMS_API EMS_WARN_UNUSED int ems_envoy_parse_inverters(const char *json, size_t len,
						      ems_envoy_inverter *inv, size_t cap,
						      size_t *count, ems_envoy_error *err);

/**
 * @brief Panel monitoring: the inverters producing under @p ratio of their group's mean.
 *
 * Pure function. A group is a set of panels expected to produce alike (same orientation
 * and tilt); inverter i belongs to group @p group[i]. For each group with at least two
 * inverters and a positive mean, inverter i is listed when power_w < ratio × mean of its
 * group (the mean includes it). Scheduling is the caller's: run it once a day around
 * solar noon on a reading where the inverters have reported recently (compare
 * last_report), so that night and dawn values do not raise false alarms.
 * @param inv the inverters; @param n their number.
 * @param group group number of each inverter (n entries); a negative group excludes it.
 * @param ratio threshold, e.g. 0.9 for 90 % (must be in (0, 1]).
 * @param low receives the indices of the inverters under the threshold, in order.
 * @param cap entries in @p low.
 * @param nlow receives how many inverters are under the threshold (may exceed @p cap).
 * @return 0; EMS_ENOSPC (more than @p cap: the first @p cap are stored); EMS_EINVAL
 *   (NULL with n > 0, ratio out of range).
 */
EMS_API EMS_WARN_UNUSED int ems_envoy_panels_low(const ems_envoy_inverter *inv, size_t n,
						 const int *group, double ratio, size_t *low,
						 size_t cap, size_t *nlow);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* EMS_ENVOY_H */
