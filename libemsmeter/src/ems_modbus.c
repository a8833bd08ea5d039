/* Modbus buses (libmodbus 3.1.6, one context per bus) and the register-map driver. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "ems_inst.h"
#include "ems/error.h"

int64_t ems_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void ems_sleep_ms(int64_t ms)
{
	if (ms <= 0)
		return;
	struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

void ems_bus_close(ems_bus *b)
{
	if (b->ctx) {
		modbus_close(b->ctx);
		modbus_free(b->ctx);
		b->ctx = NULL;
	}
	b->connected = 0;
	b->last_slave = -1;
}

static void set_timeout(modbus_t *ctx, int ms)
{
	if (ms < 1)
		ms = 1;
	modbus_set_response_timeout(ctx, (uint32_t)(ms / 1000), (uint32_t)(ms % 1000) * 1000u);
	int bt = ms / 2 < 50 ? 50 : ms / 2;
	if (bt > ms)
		bt = ms;
	modbus_set_byte_timeout(ctx, (uint32_t)(bt / 1000), (uint32_t)(bt % 1000) * 1000u);
}

static int bus_connect(ems_bus *b, char *err, size_t errlen)
{
	int64_t now = ems_now_ms();
	if (now < b->next_connect_ms) {
		snprintf(err, errlen, "%s (reconnect back-off, next try in %lld ms)",
			 b->connect_error[0] ? b->connect_error : "not connected",
			 (long long)(b->next_connect_ms - now));
		return EMS_ECONN;
	}
	if (b->type == BUS_TCP) {
		char port[16];
		snprintf(port, sizeof port, "%d", b->port);
		b->ctx = modbus_new_tcp_pi(b->host, port);
	} else {
		b->ctx = modbus_new_rtu(b->device, b->baud, b->parity, b->data_bits, b->stop_bits);
	}
	if (!b->ctx) {
		snprintf(b->connect_error, sizeof b->connect_error, "bus %s: cannot create context: %s",
			 b->id, modbus_strerror(errno));
		goto failed;
	}
	set_timeout(b->ctx, b->connect_timeout_ms);
	if (modbus_connect(b->ctx) == -1) {
		if (b->type == BUS_TCP)
			snprintf(b->connect_error, sizeof b->connect_error, "connect %.100s:%d: %s", b->host,
				 b->port, modbus_strerror(errno));
		else
			snprintf(b->connect_error, sizeof b->connect_error, "open %.100s: %s", b->device,
				 modbus_strerror(errno));
		modbus_free(b->ctx);
		b->ctx = NULL;
		goto failed;
	}
	if (b->type == BUS_RTU && b->rs485 &&
	    modbus_rtu_set_serial_mode(b->ctx, MODBUS_RTU_RS485) == -1) {
		snprintf(b->connect_error, sizeof b->connect_error,
			 "%.100s: cannot set the kernel RS485 mode: %s", b->device, modbus_strerror(errno));
		modbus_close(b->ctx);
		modbus_free(b->ctx);
		b->ctx = NULL;
		goto failed;
	}
	b->connected = 1;
	b->backoff_ms = 0;
	b->last_slave = -1;
	b->connect_error[0] = '\0';
	b->stats.connects++;
	return EMS_OK;
failed:
	b->backoff_ms = b->backoff_ms ? b->backoff_ms * 2 : 250;
	if (b->backoff_ms > b->backoff_max_ms)
		b->backoff_ms = b->backoff_max_ms;
	b->next_connect_ms = ems_now_ms() + b->backoff_ms;
	ems_strlcpy(err, b->connect_error, errlen);
	return EMS_ECONN;
}

int ems_bus_begin(ems_bus *b, ems_device *d, char *err, size_t errlen)
{
	if (!b->connected) {
		int rc = bus_connect(b, err, errlen);
		if (rc)
			return rc;
	}
	if (b->serial_like) {
		int64_t wait = b->frame_delay_ms;
		if (b->last_slave != -1 && b->last_slave != d->slave)
			wait += b->slave_gap_ms;
		int64_t since = ems_now_ms() - b->last_io_ms;
		if (since < wait)
			ems_sleep_ms(wait - since);
	}
	modbus_set_slave(b->ctx, d->slave);
	set_timeout(b->ctx, d->timeout_ms);
	b->last_slave = d->slave;
	return EMS_OK;
}

/* Classify a libmodbus failure; closes the connection where its state is unknown. */
static int fail(ems_bus *b, ems_device *d, const char *what, char *err, size_t errlen)
{
	int e = errno;
	int rc;
	d->last_mb_errno = e;
	if (e == ETIMEDOUT) {
		rc = EMS_ETIMEDOUT;
		d->stats.timeouts++;
	} else if (e > MODBUS_ENOBASE && e <= EMBXGTAR) {
		rc = EMS_EMODBUS;
	} else if (e == EMBBADCRC || e == EMBBADDATA || e == EMBBADEXC || e == EMBMDATA ||
		   e == EMBBADSLAVE) {
		rc = EMS_EPROTO;
	} else {
		rc = EMS_ECONN;
	}
	snprintf(err, errlen, "%s (unit %d): %s", what, d->slave, modbus_strerror(e));
	if (rc == EMS_ECONN || rc == EMS_EPROTO || (rc == EMS_ETIMEDOUT && b->type == BUS_TCP)) {
		/* a late or garbled answer must not be taken for the next one */
		ems_bus_close(b);
	} else if (rc == EMS_ETIMEDOUT && b->ctx) {
		modbus_flush(b->ctx);
	}
	return rc;
}

static void account(ems_bus *b, uint8_t fc, uint16_t count)
{
	uint64_t data = (fc == 1 || fc == 2) ? (uint64_t)(count + 7) / 8 : (uint64_t)count * 2;
	b->stats.requests++;
	if (fc <= 4) {
		b->stats.rtu_bytes += 8 + 5 + data;
		b->stats.tx_bytes += b->type == BUS_TCP ? 12 : 8;
		b->stats.rx_bytes += (b->type == BUS_TCP ? 9 : 5) + data;
	} else if (fc == 16) {
		b->stats.rtu_bytes += 9 + data + 8;
		b->stats.tx_bytes += (b->type == BUS_TCP ? 13 : 9) + data;
		b->stats.rx_bytes += b->type == BUS_TCP ? 12 : 8;
	} else {
		b->stats.rtu_bytes += 16;
		b->stats.tx_bytes += b->type == BUS_TCP ? 12 : 8;
		b->stats.rx_bytes += b->type == BUS_TCP ? 12 : 8;
	}
}

int ems_bus_read(ems_bus *b, ems_device *d, uint8_t fc, uint16_t addr, uint16_t count,
		 uint16_t *words, char *err, size_t errlen)
{
	int rc = ems_bus_begin(b, d, err, errlen);
	if (rc)
		return rc;
	account(b, fc, count);
	d->stats.requests++;
	int n;
	if (fc == 1 || fc == 2) {
		uint8_t bits[2000];
		if (count > sizeof bits)
			return EMS_EINVAL;
		n = fc == 1 ? modbus_read_bits(b->ctx, addr, count, bits)
			    : modbus_read_input_bits(b->ctx, addr, count, bits);
		if (n == count)
			for (uint16_t i = 0; i < count; i++)
				words[i] = bits[i] ? 1 : 0;
	} else {
		n = fc == 3 ? modbus_read_registers(b->ctx, addr, count, words)
			    : modbus_read_input_registers(b->ctx, addr, count, words);
	}
	b->last_io_ms = ems_now_ms();
	if (n == -1) {
		char what[64];
		snprintf(what, sizeof what, "read fc%u 0x%04X+%u", fc, addr, count);
		return fail(b, d, what, err, errlen);
	}
	if (n != count) {
		snprintf(err, errlen, "read fc%u 0x%04X+%u (unit %d): short answer (%d)", fc, addr,
			 count, d->slave, n);
		ems_bus_close(b);
		return EMS_EPROTO;
	}
	return EMS_OK;
}

int ems_bus_write(ems_bus *b, ems_device *d, uint8_t fc, uint16_t addr, const uint16_t *words,
		  uint16_t count, char *err, size_t errlen)
{
	int rc = ems_bus_begin(b, d, err, errlen);
	if (rc)
		return rc;
	account(b, fc, count);
	d->stats.requests++;
	int n;
	if (fc == 5)
		n = modbus_write_bit(b->ctx, addr, words[0] ? 1 : 0);
	else if (fc == 6)
		n = modbus_write_register(b->ctx, addr, words[0]);
	else
		n = modbus_write_registers(b->ctx, addr, count, words);
	b->last_io_ms = ems_now_ms();
	if (n == -1) {
		char what[64];
		snprintf(what, sizeof what, "write fc%u 0x%04X", fc, addr);
		return fail(b, d, what, err, errlen);
	}
	return EMS_OK;
}

/* --- Coalescing ------------------------------------------------------------- */

static int cmp_field_ptr(const void *a, const void *b)
{
	const ems_field *x = *(const ems_field *const *)a, *y = *(const ems_field *const *)b;
	if (x->fc != y->fc)
		return x->fc < y->fc ? -1 : 1;
	return x->address < y->address ? -1 : (x->address > y->address ? 1 : 0);
}

static uint16_t field_addr(const ems_device *d, const ems_field *f)
{
	return (uint16_t)(f->address + (d->interface_no > 0 ? (unsigned)(d->interface_no - 1) * d->map->interface_stride : 0));
}

int ems_plan_blocks(ems_device *d, int coalesce)
{
	ems_regmap *m = d->map;
	free(d->blocks);
	d->blocks = NULL;
	d->nblocks = 0;
	if (!m->n)
		return EMS_OK;
	const ems_field **sorted = malloc(m->n * sizeof *sorted);
	ems_block *bl = malloc(m->n * sizeof *bl);
	if (!sorted || !bl) {
		free(sorted);
		free(bl);
		return EMS_ENOMEM;
	}
	size_t n = 0;
	for (size_t i = 0; i < m->n; i++)
		if (!d->unsupported || !d->unsupported[i])
			sorted[n++] = &m->fields[i];
	qsort(sorted, n, sizeof *sorted, cmp_field_ptr);
	size_t nb = 0;
	for (size_t i = 0; i < n; i++) {
		const ems_field *f = sorted[i];
		unsigned a = field_addr(d, f), w = (unsigned)ems_type_words(f->type);
		int bits = f->fc <= 2;
		unsigned maxr = bits ? m->max_read * 16 : m->max_read;
		unsigned maxg = bits ? m->max_gap * 16 : m->max_gap;
		if (coalesce && nb && bl[nb - 1].fc == f->fc) {
			ems_block *b = &bl[nb - 1];
			unsigned end = (unsigned)b->start + b->count;
			unsigned nend = a + w > end ? a + w : end;
			if (a >= b->start && (a <= end || a - end <= maxg) && nend - b->start <= maxr) {
				b->count = (uint16_t)(nend - b->start);
				continue;
			}
		}
		bl[nb].fc = f->fc;
		bl[nb].start = (uint16_t)a;
		bl[nb].count = (uint16_t)w;
		nb++;
	}
	free(sorted);
	d->blocks = bl;
	d->nblocks = nb;
	size_t total = 0;
	for (size_t i = 0; i < nb; i++)
		total += bl[i].count;
	uint16_t *img = realloc(d->image, (total ? total : 1) * sizeof *img);
	if (!img)
		return EMS_ENOMEM;
	memset(img, 0, (total ? total : 1) * sizeof *img);
	d->image = img;
	d->image_len = total;
	d->image_since = 0;
	return EMS_OK;
}

int ems_field_decode(const ems_field *f, const uint16_t *words, size_t nwords, double *out)
{
	double raw;
	int rc = ems_decode(words, nwords, f->type, f->order, f->check_sentinel, &raw);
	if (rc)
		return rc;
	return ems_field_value(f, raw, out);
}

/* --- The register-map driver ---------------------------------------------- */

static int mb_read_fields_alone(ems_installation *inst, ems_device *d, ems_reading *out,
				char *err, size_t errlen);

static int mb_read(ems_installation *inst, ems_device *d, ems_reading *out, char *err, size_t errlen)
{
	ems_regmap *m = d->map;
	size_t off = 0;
	int rc = EMS_OK;
	int changed = 0;
	for (size_t i = 0; i < d->nblocks; i++) {
		ems_block *b = &d->blocks[i];
		uint16_t words[2000];
		rc = ems_bus_read(d->bus, d, b->fc, b->start, b->count, words, err, errlen);
		if (rc == EMS_EMODBUS && d->last_mb_errno == EMBXILADD && inst->opts.coalesce)
			return mb_read_fields_alone(inst, d, out, err, errlen);
		if (rc)
			return rc;
		if (memcmp(d->image + off, words, b->count * sizeof *words) != 0)
			changed = 1;
		memcpy(d->image + off, words, b->count * sizeof *words);
		/* decode the fields of this block */
		for (size_t k = 0; k < m->n; k++) {
			const ems_field *f = &m->fields[k];
			uint16_t a = field_addr(d, f);
			size_t w = ems_type_words(f->type);
			if (f->fc != b->fc || a < b->start || a + w > (size_t)b->start + b->count)
				continue;
			if (d->unsupported && d->unsupported[k])
				continue;
			double v;
			if (ems_field_decode(f, words + (a - b->start), b->count - (size_t)(a - b->start), &v) == EMS_OK)
				ems_reading_put(out, f->quantity, v);
		}
		off += b->count;
	}
	if (changed || d->image_since == 0)
		d->image_since = out->time;
	return EMS_OK;
}

/* A coalesced read was refused with "illegal data address": read each field alone
 * and remember those the device does not have, if at least one other answers. */
static int mb_read_fields_alone(ems_installation *inst, ems_device *d, ems_reading *out,
				char *err, size_t errlen)
{
	ems_regmap *m = d->map;
	if (!d->unsupported) {
		d->unsupported = calloc(m->n, 1);
		if (!d->unsupported)
			return EMS_ENOMEM;
	}
	uint8_t *refused = calloc(m->n, 1);
	if (!refused)
		return EMS_ENOMEM;
	int good = 0, rc = EMS_OK;
	for (size_t k = 0; k < m->n; k++) {
		const ems_field *f = &m->fields[k];
		if (d->unsupported[k])
			continue;
		uint16_t words[4];
		uint16_t w = (uint16_t)ems_type_words(f->type);
		rc = ems_bus_read(d->bus, d, f->fc, field_addr(d, f), w, words, err, errlen);
		if (rc == EMS_EMODBUS && d->last_mb_errno == EMBXILADD) {
			refused[k] = 1;
			continue;
		}
		if (rc)
			goto out;
		good++;
		double v;
		if (ems_field_decode(f, words, w, &v) == EMS_OK)
			ems_reading_put(out, f->quantity, v);
	}
	if (!good) {
		rc = EMS_EMODBUS;
		goto out;
	}
	for (size_t k = 0; k < m->n; k++)
		if (refused[k])
			d->unsupported[k] = 1;
	rc = ems_plan_blocks(d, inst->opts.coalesce);
out:
	free(refused);
	return rc;
}

static int mb_write(ems_installation *inst, ems_device *d, ems_quantity q, double value,
		    char *err, size_t errlen)
{
	(void)inst;
	const ems_field *f = ems_regmap_find(d->map, q);
	if (!f || !f->write_fc) {
		snprintf(err, errlen, "model %s cannot write %s", d->model, ems_quantity_name(q));
		return EMS_ENOTSUP;
	}
	uint16_t words[4];
	double raw = f->write_type == EMS_TYPE_BIT ? (value != 0) : (value - f->offset) / f->write_scale;
	int rc = ems_encode(raw, f->write_type, f->order, words, 4);
	if (rc) {
		snprintf(err, errlen, "value %g does not fit %s", value, ems_quantity_name(q));
		return rc == EMS_EINVAL ? EMS_ERANGE : rc;
	}
	uint16_t n = (uint16_t)ems_type_words(f->write_type);
	uint16_t addr = (uint16_t)(f->write_address + (d->interface_no > 0 ? (unsigned)(d->interface_no - 1) * d->map->interface_stride : 0));
	return ems_bus_write(d->bus, d, f->write_fc, addr, words, n, err, errlen);
}

const ems_driver ems_modbus_driver = {"modbus", mb_read, mb_write, NULL};
