/* Suite "corpus": every real capture of ../shared/corpus/tic decodes as its README says.
 *
 * The README counts LF…CR groups by checksum only. Our decoder also checks each
 * value against the dictionary, and classifies groups that cannot be split (cut,
 * stray control byte, missing separator) as malformed rather than "bad":
 *  - valid = README "mode 1"/"mode 2" count, except where a value is anonymised to a
 *    wrong length (ejp ADCO 10 chars, goteleinfo ADSC 11 chars): those are bad_value;
 *  - README "bad" groups are bad_checksum when their bytes are intact, malformed when
 *    a separator/CR was lost (teleinfo-nom legacy: cut last group; noisy standard:
 *    byte slip "EAST  0021849106", CR->FF, a cut "P"; the first group of each
 *    stream starting mid-group has no LF and is skipped, README "incomplete").
 *  - cooked-tty captures need TIC_DECODER_COOKED_TTY (CR arrives as LF, ETX lost);
 *    rx-errors: 304 valid as in the README; its 62 bad + 71 malformed + 4 incomplete
 *    LF-split chunks come out as 30 bad checksums and 101 malformed groups, because
 *    noise control bytes end a group early here instead of merging it with the next. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hems_check.h"
#include "tic_tests.h"

struct expect {
	const char *file;
	unsigned flags;
	unsigned valid, bad_checksum, bad_value, malformed, frames_complete;
	tic_mode mode;
};

static const struct expect corpus[] = {
	{"hist_mono_base_enedis-tic2websocket.txt", 0, 9, 0, 0, 0, 1, TIC_MODE_HISTORIC},
	{"hist_mono_tempo_pyteleinfo_10frames.bin", 0, 160, 0, 0, 0, 10, TIC_MODE_HISTORIC},
	{"hist_mono_tempo_teleinfo-nom_stream_legacy_raw.txt", 0, 38, 0, 0, 1, 1, TIC_MODE_HISTORIC},
	{"hist_mono_hc_teleinfo-parser_frames.txt", 0, 10, 0, 0, 0, 1, TIC_MODE_HISTORIC},
	{"hist_mono_hc_teleinfo-parser_badchecksum.txt", 0, 12, 1, 0, 0, 1, TIC_MODE_HISTORIC},
	{"hist_tri_base_ticdecodecpp_6frames_crlf-normalized.bin", 0, 102, 0, 0, 0, 6, TIC_MODE_HISTORIC},
	{"hist_tri_base_ticdecodecpp_6frames_reconstructed.bin", 0, 102, 0, 0, 0, 6, TIC_MODE_HISTORIC},
	{"hist_tri_base_ticdecodecpp_2024_cooked-tty.bin", TIC_DECODER_COOKED_TTY, 71, 0, 0, 1, 4, TIC_MODE_HISTORIC},
	{"hist_tri_base_ticdecodecpp_2024_reconstructed.bin", 0, 71, 0, 0, 1, 4, TIC_MODE_HISTORIC},
	{"hist_tri_base_ticdecodecpp_rx-errors_cooked-tty.bin", TIC_DECODER_COOKED_TTY, 304, 30, 0, 101, 25, TIC_MODE_HISTORIC},
	{"hist_tri_base_openhab-cbetm_reconstructed.bin", 0, 15, 0, 0, 1, 1, TIC_MODE_HISTORIC},
	{"hist_tri_ejp_openhab-cbetm_edited_reconstructed.bin", 0, 15, 0, 1, 1, 1, TIC_MODE_HISTORIC},
	{"std_mono_base_enedis-tic2websocket.txt", 0, 38, 0, 0, 0, 1, TIC_MODE_STANDARD},
	{"std_mono_base_enedis-tic2websocket_PCOUP-badchecksum.txt", 0, 37, 1, 0, 0, 1, TIC_MODE_STANDARD},
	{"std_mono_ticdecodecpp_13frames.bin", 0, 467, 0, 0, 1, 12, TIC_MODE_STANDARD},
	{"std_mono_ticdecodecpp_midnight.bin", 0, 464, 3, 0, 1, 12, TIC_MODE_STANDARD},
	{"std_mono_hc_goteleinfo_reconstructed.bin", 0, 37, 0, 1, 0, 1, TIC_MODE_STANDARD},
	{"std_tri_tempo_teleinfo-nom_message.txt", 0, 55, 0, 0, 0, 0, TIC_MODE_STANDARD},
	{"std_tri_tempo_teleinfo-nom_stream_raw_noisy.txt", 0, 474, 12, 0, 4, 7, TIC_MODE_STANDARD},
	{"std_mono_producer_openhab_reconstructed.bin", 0, 67, 0, 0, 0, 1, TIC_MODE_STANDARD},
	{"std_tri_producer_tempo_openhab_reconstructed.bin", 0, 166, 0, 0, 1, 2, TIC_MODE_STANDARD},
};
#define NCORPUS (sizeof corpus / sizeof corpus[0])

static void decode_all(const struct expect *e, const unsigned char *buf, size_t len, size_t chunk,
		       unsigned mask, tic_log *log, tic_decoder *dec)
{
	tic_decoder_options o = TIC_DECODER_OPTIONS_INIT;
	o.flags = e->flags;
	ck_assert_int_eq(tic_decoder_init(dec, &o), 0);
	tic_log_init(log);
	unsigned char *copy = malloc(len ? len : 1);
	ck_assert_ptr_nonnull(copy);
	for (size_t i = 0; i < len; i++)
		copy[i] = (unsigned char)(buf[i] | mask);
	for (size_t off = 0; off < len;) {
		size_t n = len - off < chunk ? len - off : chunk;
		ck_assert_uint_eq(tic_decoder_feed(dec, copy + off, n, &tic_log_callbacks, log), n);
		off += n;
	}
	ck_assert_int_eq(tic_decoder_finish(dec, &tic_log_callbacks, log), 0);
	free(copy);
}

START_TEST(corpus_counts)
{
	const struct expect *e = &corpus[_i];
	size_t len;
	unsigned char *buf = tic_test_read_corpus(e->file, &len);
	tic_decoder dec;
	static tic_log log;
	decode_all(e, buf, len, len ? len : 1, 0, &log, &dec);
	const tic_counters *c = &dec.counters;
	ck_assert_msg(c->datasets_valid == e->valid && c->datasets_bad_checksum == e->bad_checksum &&
			      c->datasets_bad_value == e->bad_value &&
			      c->datasets_malformed == e->malformed &&
			      c->frames_complete == e->frames_complete,
		      "%s: valid %u/%u badck %u/%u badval %u/%u malformed %u/%u frames %u/%u", e->file,
		      c->datasets_valid, e->valid, c->datasets_bad_checksum, e->bad_checksum,
		      c->datasets_bad_value, e->bad_value, c->datasets_malformed, e->malformed,
		      c->frames_complete, e->frames_complete);
	ck_assert_uint_eq(c->fields_overlong, 0);
	ck_assert_uint_eq(c->bytes_total, len);
	ck_assert_int_eq(tic_decoder_mode(&dec), e->mode);
	ck_assert_uint_eq(log.valid, e->valid);
	free(buf);
}
END_TEST

/* One byte at a time, odd chunks, and 8N1 (bit 7 set on every byte) give the same
 * transcript as all at once. */
START_TEST(corpus_chunking_and_bit7)
{
	const struct expect *e = &corpus[_i];
	size_t len;
	unsigned char *buf = tic_test_read_corpus(e->file, &len);
	tic_decoder d1, d2;
	static tic_log l1, l2;
	decode_all(e, buf, len, len ? len : 1, 0, &l1, &d1);
	static const size_t chunks[] = {1, 2, 3, 7, 13, 64};
	for (size_t k = 0; k < sizeof chunks / sizeof chunks[0]; k++) {
		decode_all(e, buf, len, chunks[k], 0, &l2, &d2);
		ck_assert_uint_eq(l1.len, l2.len);
		ck_assert(memcmp(l1.text, l2.text, l1.len) == 0);
		ck_assert(memcmp(&d1.counters, &d2.counters, sizeof d1.counters) == 0);
	}
	decode_all(e, buf, len, len ? len : 1, 0x80, &l2, &d2);
	ck_assert_uint_eq(l1.len, l2.len);
	ck_assert(memcmp(l1.text, l2.text, l1.len) == 0);
	free(buf);
}
END_TEST

/* The same streams under explicit modes: same valid counts; the other mode gets nothing. */
START_TEST(corpus_explicit_modes)
{
	const struct expect *e = &corpus[_i];
	size_t len;
	unsigned char *buf = tic_test_read_corpus(e->file, &len);
	tic_decoder dec;
	tic_decoder_options o = TIC_DECODER_OPTIONS_INIT;
	o.flags = e->flags;
	o.mode = e->mode;
	ck_assert_int_eq(tic_decoder_init(&dec, &o), 0);
	tic_decoder_feed(&dec, buf, len, NULL, NULL);
	ck_assert_uint_eq(dec.counters.datasets_valid, e->valid);
	o.mode = e->mode == TIC_MODE_HISTORIC ? TIC_MODE_STANDARD : TIC_MODE_HISTORIC;
	ck_assert_int_eq(tic_decoder_init(&dec, &o), 0);
	tic_decoder_feed(&dec, buf, len, NULL, NULL);
	ck_assert_uint_eq(dec.counters.datasets_valid, 0);
	free(buf);
}
END_TEST

/* Every valid dataset of the corpus carries a dictionary label, except one: in the
 * rx-errors capture, line noise produced "}PR`PzSOUSC" whose checksum happens to
 * match (6 bits). TIC_DECODER_STRICT_LABELS rejects it. */
static int count_unknown(void *user, const tic_dataset *ds)
{
	unsigned *unknown = user;
	if (!ds->info)
		(*unknown)++;
	else
		ck_assert_str_eq(ds->info->name, ds->label);
	return 0;
}

START_TEST(corpus_labels_known)
{
	const struct expect *e = &corpus[_i];
	size_t len;
	unsigned char *buf = tic_test_read_corpus(e->file, &len);
	unsigned expect_unknown = strstr(e->file, "rx-errors") ? 1 : 0;
	tic_decoder dec;
	tic_decoder_options o = TIC_DECODER_OPTIONS_INIT;
	o.flags = e->flags;
	ck_assert_int_eq(tic_decoder_init(&dec, &o), 0);
	const tic_callbacks cb = {NULL, count_unknown, NULL, NULL};
	unsigned unknown = 0;
	tic_decoder_feed(&dec, buf, len, &cb, &unknown);
	ck_assert_uint_eq(unknown, expect_unknown);
	o.flags |= TIC_DECODER_STRICT_LABELS;
	ck_assert_int_eq(tic_decoder_init(&dec, &o), 0);
	unknown = 0;
	tic_decoder_feed(&dec, buf, len, &cb, &unknown);
	ck_assert_uint_eq(unknown, 0);
	ck_assert_uint_eq(dec.counters.datasets_valid, e->valid - expect_unknown);
	free(buf);
}
END_TEST

Suite *tic_corpus_suite(void)
{
	Suite *s = suite_create("corpus");
	TCase *tc = tcase_create("counts");
	tcase_add_loop_test(tc, corpus_counts, 0, (int)NCORPUS);
	tcase_add_loop_test(tc, corpus_chunking_and_bit7, 0, (int)NCORPUS);
	tcase_add_loop_test(tc, corpus_explicit_modes, 0, (int)NCORPUS);
	tcase_add_loop_test(tc, corpus_labels_known, 0, (int)NCORPUS);
	suite_add_tcase(s, tc);
	return s;
}
