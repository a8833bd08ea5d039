/* The Enphase IQ Gateway as a device of an installation: configuration keys and the
 * mapping of the gateway's reading (ems/envoy.h, the Envoy driver) to quantities. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ems_inst.h"
#include "ems_enphase.h"
#include "ems/error.h"
#ifdef EMS_HAVE_ENVOY
#include "ems/envoy.h"

typedef struct enphase_dev {
	char host[256], token[4096], username[128], password[128], serial[64];
	char pin_file[512], pin_key[512];
	ems_envoy *envoy;
} enphase_dev;

static void enphase_free(void *p)
{
	enphase_dev *e = p;
	if (!e)
		return;
	ems_envoy_free(e->envoy);
	memset(e->password, 0, sizeof e->password);
	memset(e->token, 0, sizeof e->token);
	free(e);
}

static const char *opt(const char *s)
{
	return s[0] ? s : NULL;
}

int ems_enphase_configure(ems_device *d, const ems_enphase_config *cfg, char *why, size_t whylen)
{
	enphase_dev *e = calloc(1, sizeof *e);
	if (!e) {
		snprintf(why, whylen, "out of memory");
		return EMS_ENOMEM;
	}
	ems_strlcpy(e->host, cfg->host, sizeof e->host);
	ems_strlcpy(e->token, cfg->token, sizeof e->token);
	ems_strlcpy(e->username, cfg->username, sizeof e->username);
	ems_strlcpy(e->password, cfg->password, sizeof e->password);
	ems_strlcpy(e->serial, cfg->serial, sizeof e->serial);
	ems_strlcpy(e->pin_file, cfg->pinned_cert_file, sizeof e->pin_file);
	ems_strlcpy(e->pin_key, cfg->pinned_pubkey, sizeof e->pin_key);
	ems_envoy_options o = EMS_ENVOY_OPTIONS_INIT;
	o.host = e->host;
	o.port = (uint16_t)cfg->port;
	o.token = opt(e->token);
	o.username = opt(e->username);
	o.password = opt(e->password);
	o.serial = opt(e->serial);
	o.pinned_cert_file = opt(e->pin_file);
	o.pinned_pubkey = opt(e->pin_key);
	o.timeout_ms = (unsigned)d->timeout_ms;
	ems_envoy_error err;
	memset(&err, 0, sizeof err);
	int rc = ems_envoy_new(&o, &e->envoy, &err);
	if (rc) {
		snprintf(why, whylen, "%.60s: %.120s", err.where, err.text[0] ? err.text : ems_strerror(rc));
		enphase_free(e);
		return rc;
	}
	d->priv = e;
	d->priv_free = enphase_free;
	d->drv = &ems_enphase_driver;
	return EMS_OK;
}

static int enphase_read(ems_installation *inst, ems_device *d, ems_reading *out, char *err, size_t errlen)
{
	(void)inst;
	enphase_dev *e = d->priv;
	ems_envoy_reading r;
	int rc = ems_envoy_read(e->envoy, &r);
	if (rc) {
		const ems_envoy_error *le = ems_envoy_last_error(e->envoy);
		snprintf(err, errlen, "%.80s: %.100s", le ? le->where : "gateway",
			 le && le->text[0] ? le->text : ems_strerror(rc));
		return rc;
	}
	uint32_t h = r.provided;
	/* the grid point (net) is the meter view of the gateway */
	if (h & EMS_ENVOY_HAS_NET_W)
		ems_reading_put(out, EMS_Q_POWER, r.net_w);
	for (unsigned k = 0; k < r.phase_count && k < 3; k++) {
		if (h & EMS_ENVOY_HAS_NET_PHASE_W)
			ems_reading_put(out, (ems_quantity)(EMS_Q_POWER_L1 + (int)k), r.net_phase_w[k]);
		if (h & EMS_ENVOY_HAS_VOLTAGE_V)
			ems_reading_put(out, (ems_quantity)(EMS_Q_VOLTAGE_L1 + (int)k), r.voltage_v[k]);
	}
	if ((h & EMS_ENVOY_HAS_VOLTAGE_V) && r.phase_count == 0)
		ems_reading_put(out, EMS_Q_VOLTAGE_L1, r.voltage_v[0]);
	if (h & EMS_ENVOY_HAS_NET_IMPORT_WH)
		ems_reading_put(out, EMS_Q_ENERGY_IMPORT, r.net_import_wh);
	if (h & EMS_ENVOY_HAS_NET_EXPORT_WH)
		ems_reading_put(out, EMS_Q_ENERGY_EXPORT, r.net_export_wh);
	if (h & EMS_ENVOY_HAS_FREQUENCY_HZ)
		ems_reading_put(out, EMS_Q_FREQUENCY, r.frequency_hz);
	if (h & EMS_ENVOY_HAS_PRODUCTION_W)
		ems_reading_put(out, EMS_Q_PV_POWER, r.production_w);
	if (h & EMS_ENVOY_HAS_PRODUCTION_WH)
		ems_reading_put(out, EMS_Q_PV_ENERGY, r.production_wh);
	if (h & EMS_ENVOY_HAS_CONSUMPTION_W)
		ems_reading_put(out, EMS_Q_CONSUMPTION_POWER, r.consumption_w);
	if (h & EMS_ENVOY_HAS_CONSUMPTION_WH)
		ems_reading_put(out, EMS_Q_CONSUMPTION_ENERGY, r.consumption_wh);
	if (h & EMS_ENVOY_HAS_STORAGE_W)
		ems_reading_put(out, EMS_Q_BATTERY_POWER, r.storage_w);
	if (h & EMS_ENVOY_HAS_STORAGE_SOC)
		ems_reading_put(out, EMS_Q_BATTERY_SOC, r.storage_soc_pct);
	return EMS_OK;
}

const ems_driver ems_enphase_driver = {"enphase-envoy", enphase_read, NULL, NULL};

#else

int ems_enphase_configure(ems_device *d, const ems_enphase_config *cfg, char *why, size_t whylen)
{
	(void)d;
	(void)cfg;
	snprintf(why, whylen, "this libemsmeter was built without the Enphase driver (HEMS_BUILD_HTTP=OFF)");
	return EMS_ENOTSUP;
}

#endif
