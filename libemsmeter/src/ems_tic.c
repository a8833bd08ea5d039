/* TIC meters (Linky and historic Enedis meters) on a serial port, through libtic:
 * libtic's serial I/O (libserialport for adapters, termios for other character
 * devices such as ptys), push decoder and meter view. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ems_inst.h"
#include "ems_tic.h"
#include "ems/error.h"
#include "tic/tic.h"
#ifdef TIC_HAVE_SERIAL
#include "tic/serial.h"
#endif

#ifdef TIC_HAVE_SERIAL
typedef struct tic_dev {
	char port[256];
	tic_mode mode;
	tic_serial *serial;
	tic_decoder dec;
	tic_meter meter;
	uint32_t frames_seen;
} tic_dev;

static void tic_dev_free(void *p)
{
	tic_dev *t = p;
	if (!t)
		return;
	tic_serial_close(t->serial);
	free(t);
}

int ems_tic_configure(ems_device *d, const char *port, const char *mode, char *why, size_t whylen)
{
	tic_dev *t = calloc(1, sizeof *t);
	if (!t) {
		snprintf(why, whylen, "out of memory");
		return EMS_ENOMEM;
	}
	if (!mode || strcmp(mode, "auto") == 0) {
		t->mode = TIC_MODE_AUTO;
	} else if (strcmp(mode, "historic") == 0) {
		t->mode = TIC_MODE_HISTORIC;
	} else if (strcmp(mode, "standard") == 0) {
		t->mode = TIC_MODE_STANDARD;
	} else {
		free(t);
		snprintf(why, whylen, "mode must be \"auto\", \"historic\" (1200 baud) or \"standard\" (9600 baud)");
		return EMS_ECONFIG;
	}
	ems_strlcpy(t->port, port, sizeof t->port);
	d->priv = t;
	d->priv_free = tic_dev_free;
	d->drv = &ems_tic_driver;
	return EMS_OK;
}

static int tic_open(ems_device *d, tic_dev *t, char *err, size_t errlen)
{
	int rc = tic_serial_open(&t->serial, t->port, t->mode == TIC_MODE_AUTO ? TIC_MODE_STANDARD : t->mode);
	if (rc) {
		snprintf(err, errlen, "open %.200s: %s", t->port, tic_strerror(rc));
		return EMS_ECONN;
	}
	tic_decoder_options o = TIC_DECODER_OPTIONS_INIT;
	o.mode = t->mode;
	if (t->mode == TIC_MODE_AUTO) {
		tic_mode found;
		/* two speeds are tried, timeout_ms each: only the first poll after opening
		 * the port can take longer than timeout_ms (documented) */
		rc = tic_serial_detect(t->serial, d->timeout_ms, &found);
		if (rc) {
			snprintf(err, errlen, "%.200s: no TIC stream at 9600 or 1200 baud: %s", t->port, tic_strerror(rc));
			tic_serial_close(t->serial);
			t->serial = NULL;
			return rc == TIC_ETIMEDOUT ? EMS_ETIMEDOUT : EMS_ECONN;
		}
		o.mode = found;
	}
	if (tic_decoder_init(&t->dec, &o) || tic_meter_init(&t->meter)) {
		snprintf(err, errlen, "cannot initialise the TIC decoder");
		return EMS_EIO;
	}
	t->frames_seen = 0;
	return EMS_OK;
}

typedef struct feed_ctx {
	tic_meter *meter;
	int64_t now;
	int fresh;
} feed_ctx;

static int on_dataset(void *user, const tic_dataset *ds)
{
	feed_ctx *f = user;
	if (tic_meter_update(f->meter, ds) != 0)
		return 0; /* unknown labels and oversized values are simply not stored */
	return 0;
}

static int on_frame_end(void *user, const tic_frame *fr)
{
	feed_ctx *f = user;
	if (tic_meter_frame_end(f->meter, fr, f->now) != 0)
		return 0;
	/* fresh: a complete frame with valid datasets (a frame of bad checksums is not) */
	if (fr->status == TIC_FRAME_COMPLETE && fr->valid > 0)
		f->fresh = 1;
	return 0;
}

static const tic_callbacks feed_cb = {NULL, on_dataset, NULL, on_frame_end};

static int tic_read(ems_installation *inst, ems_device *d, ems_reading *out, char *err, size_t errlen)
{
	(void)inst;
	tic_dev *t = d->priv;
	int rc;
	if (!t->serial && (rc = tic_open(d, t, err, errlen)) != EMS_OK)
		return rc;
	/* wait at most timeout_ms for a complete frame newer than the last reading */
	int64_t deadline = ems_now_ms() + d->timeout_ms;
	int fresh = 0;
	for (;;) {
		uint8_t buf[512];
		size_t got = 0;
		int64_t left = deadline - ems_now_ms();
		if (left <= 0)
			break;
		rc = tic_serial_read(t->serial, buf, sizeof buf, (int)left, &got);
		if (rc == TIC_ETIMEDOUT)
			break;
		if (rc) {
			snprintf(err, errlen, "%.200s: %s", t->port, tic_strerror(rc));
			tic_serial_close(t->serial);
			t->serial = NULL;
			return EMS_ECONN;
		}
		feed_ctx fc = {&t->meter, out->time, 0};
		tic_decoder_feed(&t->dec, buf, got, &feed_cb, &fc);
		if (fc.fresh) {
			fresh = 1;
			break;
		}
	}
	if (!fresh) {
		snprintf(err, errlen, "%.200s: no complete TIC frame within %d ms", t->port, d->timeout_ms);
		return EMS_ETIMEDOUT;
	}
	tic_reading r;
	if (tic_meter_reading(&t->meter, &r) != 0) {
		snprintf(err, errlen, "%.200s: frames without any known value", t->port);
		return EMS_EPROTO;
	}
	if (r.present & TIC_READING_APPARENT_POWER)
		ems_reading_put(out, EMS_Q_APPARENT_POWER, r.apparent_power_va);
	for (int k = 0; k < 3; k++) {
		if (r.present & (TIC_READING_CURRENT1 << k))
			ems_reading_put(out, (ems_quantity)(EMS_Q_CURRENT_L1 + k), r.current_ma[k] / 1000.0);
		if (r.present & (TIC_READING_VOLTAGE1 << k))
			ems_reading_put(out, (ems_quantity)(EMS_Q_VOLTAGE_L1 + k), r.voltage_mv[k] / 1000.0);
		if ((r.present & TIC_READING_PHASE_POWER) && r.phases == 3)
			ems_reading_put(out, (ems_quantity)(EMS_Q_APPARENT_POWER_L1 + k), r.apparent_power_phase_va[k]);
	}
	if (r.present & TIC_READING_ENERGY)
		for (int k = 0; k < r.index_count && k < TIC_READING_INDEXES; k++)
			ems_reading_put(out, (ems_quantity)(EMS_Q_ENERGY_IMPORT_T1 + k), (double)r.energy_wh[k]);
	if (r.present & TIC_READING_ENERGY_TOTAL)
		ems_reading_put(out, EMS_Q_ENERGY_IMPORT, (double)r.energy_total_wh);
	if (r.present & TIC_READING_ENERGY_INJECTED)
		ems_reading_put(out, EMS_Q_ENERGY_EXPORT, (double)r.energy_injected_wh);
	return EMS_OK;
}

static void tic_close(ems_device *d)
{
	tic_dev *t = d->priv;
	if (t) {
		tic_serial_close(t->serial);
		t->serial = NULL;
	}
}

const ems_driver ems_tic_driver = {"tic", tic_read, NULL, tic_close};

#else /* no libtic serial I/O in this build */

int ems_tic_configure(ems_device *d, const char *port, const char *mode, char *why, size_t whylen)
{
	(void)d;
	(void)port;
	(void)mode;
	snprintf(why, whylen, "this libemsmeter was built without libtic's serial I/O (HEMS_BUILD_TIC_SERIAL=OFF)");
	return EMS_ENOTSUP;
}

#endif
