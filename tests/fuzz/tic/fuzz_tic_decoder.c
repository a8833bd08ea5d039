/* Fuzz harness for libtic: decoder + meter view + typed accessors + encoder.
 * The first input byte picks the options and the chunking; the rest is the stream.
 * Invariants checked (abort on failure): every byte is consumed, counters add up,
 * strings handed to callbacks are NUL-terminated with the announced lengths, and a
 * valid dataset re-encodes and decodes to itself. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "tic/tic.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct ctx {
	tic_meter meter;
	unsigned valid, invalid;
	tic_mode mode;
};

static void check_str(const char *s, size_t n)
{
	if (!s || strlen(s) != n)
		abort();
}

static int on_dataset(void *user, const tic_dataset *ds)
{
	struct ctx *c = user;
	c->valid++;
	check_str(ds->label, ds->label_len);
	check_str(ds->value, ds->value_len);
	if (ds->horodate)
		check_str(ds->horodate, ds->horodate_len);
	if (ds->status != TIC_DATASET_OK || ds->checksum != ds->expected)
		abort();
	int r = tic_meter_update(&c->meter, ds);
	(void)r;
	/* typed accessors must accept anything */
	uint32_t u;
	tic_horodate h;
	tic_stge st;
	tic_schedule sc;
	uint8_t bits;
	r = tic_value_uint(ds->value, ds->value_len, &u);
	r |= tic_horodate_parse(ds->value, ds->value_len, &h);
	if (ds->horodate)
		r |= tic_horodate_parse(ds->horodate, ds->horodate_len, &h);
	r |= tic_pmepmi_date_parse(ds->value, ds->value_len, &h);
	r |= tic_stge_decode(ds->value, ds->value_len, &st);
	r |= tic_schedule_decode(ds->value, ds->value_len, &sc);
	r |= tic_relais_decode(ds->value, ds->value_len, &bits);
	(void)tic_period_from_ptec(ds->value, ds->value_len);
	(void)tic_period_from_ltarf(ds->value, ds->value_len);
	(void)tic_color_from_demain(ds->value, ds->value_len);
	(void)r;
	/* re-encode and decode again: same label/value/horodate */
	tic_field f = {ds->label, ds->horodate, ds->value};
	char out[TIC_GROUP_MAX + 8];
	size_t n;
	if (ds->mode != TIC_MODE_STANDARD)
		f.horodate = NULL;
	if (tic_encode_dataset(ds->mode, &f, 0, out, sizeof out, &n) == 0 && ds->mode != TIC_MODE_STANDARD &&
	    strchr(ds->label, ' ') == NULL) {
		/* historic/PME-PMI datasets decoded under the spec rule re-encode identically */
		tic_decoder d2;
		tic_decoder_options o = TIC_DECODER_OPTIONS_INIT;
		o.mode = ds->mode;
		o.flags = TIC_DECODER_NO_VALUE_CHECK;
		if (tic_decoder_init(&d2, &o) != 0 || tic_decoder_feed(&d2, out, n, NULL, NULL) != n ||
		    d2.counters.datasets_valid != 1)
			abort();
	}
	return 0;
}

static int on_invalid(void *user, const tic_dataset *ds)
{
	struct ctx *c = user;
	c->invalid++;
	check_str(ds->label, ds->label_len);
	check_str(ds->value, ds->value_len);
	if (ds->status == TIC_DATASET_OK)
		abort();
	return 0;
}

static int on_end(void *user, const tic_frame *f)
{
	struct ctx *c = user;
	int r = tic_meter_frame_end(&c->meter, f, 0);
	(void)r;
	return 0;
}

static const tic_callbacks cb = {NULL, on_dataset, on_invalid, on_end};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	uint8_t sel = data[0];
	data++;
	size--;
	static struct ctx c;
	memset(&c, 0, sizeof c);
	if (tic_meter_init(&c.meter) != 0)
		abort();
	tic_decoder dec;
	tic_decoder_options o = TIC_DECODER_OPTIONS_INIT;
	o.mode = (tic_mode)(sel & 3);
	o.historic_checksum = (tic_checksum_rule)((sel >> 2) % 3);
	o.flags = (sel >> 4) & 7;
	if (tic_decoder_init(&dec, &o) != 0)
		abort();
	size_t chunk = (sel & 0x80) ? (size_t)(1 + (sel & 0x0F)) : size + 1;
	for (size_t off = 0; off < size;) {
		size_t n = size - off < chunk ? size - off : chunk;
		if (tic_decoder_feed(&dec, data + off, n, &cb, &c) != n)
			abort();
		off += n;
	}
	if (tic_decoder_finish(&dec, &cb, &c) != 0)
		abort();
	const tic_counters *k = &dec.counters;
	if (k->bytes_total != size || k->datasets_valid != c.valid ||
	    k->datasets_bad_checksum + k->datasets_bad_value + k->datasets_malformed + k->fields_overlong !=
		    c.invalid)
		abort();
	tic_reading rd;
	int r = tic_meter_reading(&c.meter, &rd);
	(void)r;
	return 0;
}
