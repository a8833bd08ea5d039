/* SunSpec devices: "SunS" discovery, then the models we have maps for
 * (201-204 meters, 701 DER AC measurement, 802 battery), integer + scale factor. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "ems_inst.h"
#include "ems/error.h"

static int discover(ems_installation *inst, ems_device *d, char *err, size_t errlen)
{
	(void)inst;
	static const uint16_t bases[] = {40000, 0, 50000};
	uint16_t w[2];
	int rc = EMS_ENOTFOUND;
	d->nss = 0;
	for (size_t i = 0; i < sizeof bases / sizeof bases[0]; i++) {
		rc = ems_bus_read(d->bus, d, 3, bases[i], 2, w, err, errlen);
		if (rc == EMS_EMODBUS)
			continue;
		if (rc)
			return rc;
		if (w[0] != 0x5375 || w[1] != 0x6E53) {
			rc = EMS_ENOTFOUND;
			continue;
		}
		unsigned addr = bases[i] + 2u;
		for (int k = 0; k < 64 && addr + 2 <= 0xFFFF; k++) {
			rc = ems_bus_read(d->bus, d, 3, (uint16_t)addr, 2, w, err, errlen);
			if (rc)
				return rc;
			if (w[0] == 0xFFFF || w[0] == 0)
				break;
			for (size_t c = 0; c < d->nss_cand && d->nss < EMS_MAX_SUNSPEC; c++)
				if (ems_regmap_sunspec_id(d->ss_cand[c]) == w[0]) {
					d->ss[d->nss].map = d->ss_cand[c];
					d->ss[d->nss].base = (uint16_t)(addr + 2);
					d->ss[d->nss].len = w[1];
					d->nss++;
				}
			addr += 2u + w[1];
		}
		if (!d->nss) {
			snprintf(err, errlen, "SunSpec device (unit %d) has none of the supported models", d->slave);
			return EMS_ENOTSUP;
		}
		d->ss_discovered = 1;
		return EMS_OK;
	}
	snprintf(err, errlen, "no SunSpec \"SunS\" marker at 40000, 0 or 50000 (unit %d)", d->slave);
	return rc == EMS_ENOTFOUND ? EMS_ENOTSUP : rc;
}

static int ss_read(ems_installation *inst, ems_device *d, ems_reading *out, char *err, size_t errlen)
{
	int rc;
	if (!d->ss_discovered && (rc = discover(inst, d, err, errlen)) != EMS_OK)
		return rc;
	for (size_t i = 0; i < d->nss; i++) {
		ems_sunspec_model *sm = &d->ss[i];
		uint16_t words[1024];
		unsigned len = sm->len > 1024 ? 1024 : sm->len;
		for (unsigned off = 0; off < len; off += 125) {
			uint16_t n = (uint16_t)(len - off > 125 ? 125 : len - off);
			rc = ems_bus_read(d->bus, d, 3, (uint16_t)(sm->base + off), n, words + off, err, errlen);
			if (rc) {
				d->ss_discovered = 0; /* the layout may have changed (firmware update) */
				return rc;
			}
		}
		const ems_regmap *m = sm->map;
		for (size_t k = 0; k < m->n; k++) {
			const ems_field *f = &m->fields[k];
			size_t w = ems_type_words(f->type);
			if (f->address + w > len)
				continue;
			double raw;
			if (ems_decode(words + f->address, len - f->address, f->type, f->order,
				       f->check_sentinel, &raw) != EMS_OK)
				continue;
			double sf = 0;
			if (f->sf_offset >= 0) {
				if ((unsigned)f->sf_offset >= len || words[f->sf_offset] == 0x8000)
					continue;
				sf = (int16_t)words[f->sf_offset];
				if (sf < -10 || sf > 10)
					continue;
			}
			double v;
			if (ems_field_value(f, raw * pow(10.0, sf), &v) == EMS_OK)
				ems_reading_put(out, f->quantity, v);
		}
	}
	return EMS_OK;
}

static int ss_write(ems_installation *inst, ems_device *d, ems_quantity q, double value, char *err,
		    size_t errlen)
{
	(void)inst;
	(void)value;
	snprintf(err, errlen, "SunSpec device %s: writing %s is not supported", d->name, ems_quantity_name(q));
	return EMS_ENOTSUP;
}

const ems_driver ems_sunspec_driver = {"sunspec", ss_read, ss_write, NULL};
