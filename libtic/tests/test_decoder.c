/* Suite "decoder": framing, checksums, validation, error paths, callbacks, options. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hems_check.h"
#include "tic_tests.h"

/* ---- helpers shared with the other suites ---- */

static void log_put(tic_log *log, const char *s, size_t n)
{
	if (log->len + n >= sizeof log->text)
		n = sizeof log->text - 1 - log->len;
	memcpy(log->text + log->len, s, n);
	log->len += n;
	log->text[log->len] = '\0';
}

static void log_str(tic_log *log, const char *s)
{
	log_put(log, s, strlen(s));
}

static int log_stop(tic_log *log)
{
	log->calls++;
	return log->stop_after > 0 && log->calls == log->stop_after;
}

static int cb_begin(void *user)
{
	tic_log *log = user;
	log->frames_begun++;
	log_str(log, "{");
	return log_stop(log);
}

static int cb_dataset(void *user, const tic_dataset *ds)
{
	tic_log *log = user;
	ck_assert_int_eq(ds->status, TIC_DATASET_OK);
	ck_assert_uint_eq(strlen(ds->label), ds->label_len);
	ck_assert_uint_eq(strlen(ds->value), ds->value_len);
	ck_assert_int_eq(ds->checksum, ds->expected);
	log->valid++;
	log->status_count[0]++;
	log_str(log, ds->label);
	if (ds->horodate) {
		ck_assert_uint_eq(strlen(ds->horodate), ds->horodate_len);
		log_str(log, "@");
		log_str(log, ds->horodate);
	}
	log_str(log, "=");
	log_str(log, ds->value);
	log_str(log, "|");
	return log_stop(log);
}

static int cb_invalid(void *user, const tic_dataset *ds)
{
	tic_log *log = user;
	char tmp[32];
	ck_assert_int_ne(ds->status, TIC_DATASET_OK);
	log->invalid++;
	log->status_count[ds->status & 7]++;
	snprintf(tmp, sizeof tmp, "!%d:", (int)ds->status);
	log_str(log, tmp);
	log_str(log, ds->label);
	log_str(log, "|");
	return log_stop(log);
}

static int cb_end(void *user, const tic_frame *f)
{
	tic_log *log = user;
	char tmp[64];
	if (f->status == TIC_FRAME_COMPLETE)
		log->frames_complete++;
	else
		log->frames_other++;
	snprintf(tmp, sizeof tmp, "}%d,%u,%u,%u\n", (int)f->status, f->valid, f->invalid,
		 f->bad_checksum);
	log_str(log, tmp);
	return log_stop(log);
}

const tic_callbacks tic_log_callbacks = {cb_begin, cb_dataset, cb_invalid, cb_end};

void tic_log_init(tic_log *log)
{
	memset(log, 0, sizeof *log);
}

unsigned char *tic_test_read_corpus(const char *name, size_t *len)
{
	const char *dir = getenv("HEMS_CORPUS_DIR");
	char path[1024];
	snprintf(path, sizeof path, "%s/tic/%s", dir ? dir : "../shared/corpus", name);
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	size_t cap = 1 << 16, n = 0, k;
	unsigned char *buf = malloc(cap);
	ck_assert_ptr_nonnull(buf);
	while ((k = fread(buf + n, 1, cap - n, f)) > 0) {
		n += k;
		if (n == cap) {
			cap *= 2;
			buf = realloc(buf, cap);
			ck_assert_ptr_nonnull(buf);
		}
	}
	fclose(f);
	*len = n;
	return buf;
}

/* ---- local helpers ---- */

static tic_decoder dec;
static tic_log lg;

static void start(tic_mode mode, tic_checksum_rule rule, unsigned flags)
{
	tic_decoder_options o = TIC_DECODER_OPTIONS_INIT;
	o.mode = mode;
	o.historic_checksum = rule;
	o.flags = flags;
	ck_assert_int_eq(tic_decoder_init(&dec, &o), 0);
	tic_log_init(&lg);
}

static void feed(const char *s)
{
	size_t n = strlen(s);
	ck_assert_uint_eq(tic_decoder_feed(&dec, s, n, &tic_log_callbacks, &lg), n);
	ck_assert_int_eq(tic_decoder_error(&dec), 0);
}

/* A group with a correct checksum. */
static const char *grp(tic_mode mode, const char *label, const char *horodate, const char *value)
{
	static char out[8][256];
	static int k;
	char *o = out[k++ & 7];
	tic_field f = {label, horodate, value};
	ck_assert_int_eq(tic_encode_dataset(mode, &f, 0, o, 256, NULL), 0);
	return o;
}

#define H TIC_MODE_HISTORIC
#define S TIC_MODE_STANDARD

/* ---- tests ---- */

START_TEST(init_errors)
{
	tic_decoder_options o = TIC_DECODER_OPTIONS_INIT;
	ck_assert_int_eq(tic_decoder_init(NULL, &o), TIC_EINVAL);
	ck_assert_int_eq(tic_decoder_init(&dec, NULL), 0);
	ck_assert_int_eq(tic_decoder_mode(&dec), TIC_MODE_AUTO);
	o.version = 99;
	ck_assert_int_eq(tic_decoder_init(&dec, &o), TIC_EVERSION);
	o.version = TIC_DECODER_OPTIONS_VERSION;
	o.mode = (tic_mode)7;
	ck_assert_int_eq(tic_decoder_init(&dec, &o), TIC_EINVAL);
	o.mode = TIC_MODE_AUTO;
	o.historic_checksum = (tic_checksum_rule)9;
	ck_assert_int_eq(tic_decoder_init(&dec, &o), TIC_EINVAL);
	o.historic_checksum = TIC_CHECKSUM_SPEC;
	o.flags = 0x80;
	ck_assert_int_eq(tic_decoder_init(&dec, &o), TIC_EINVAL);
	ck_assert_uint_eq(tic_decoder_size(), sizeof(tic_decoder));
	ck_assert_int_eq(tic_decoder_error(NULL), TIC_EINVAL);
	ck_assert_int_eq(tic_decoder_mode(NULL), TIC_MODE_AUTO);
	ck_assert_int_eq(tic_decoder_finish(NULL, NULL, NULL), TIC_EINVAL);
}
END_TEST

START_TEST(feed_null)
{
	start(TIC_MODE_AUTO, TIC_CHECKSUM_SPEC, 0);
	ck_assert_uint_eq(tic_decoder_feed(NULL, "abc", 3, NULL, NULL), 0);
	ck_assert_uint_eq(tic_decoder_feed(&dec, NULL, 3, NULL, NULL), 0);
	ck_assert_int_eq(tic_decoder_error(&dec), TIC_EINVAL);
	ck_assert_uint_eq(tic_decoder_feed(&dec, NULL, 0, NULL, NULL), 0);
	ck_assert_int_eq(tic_decoder_error(&dec), 0);
	/* no callbacks: counters still count */
	const char *s = "\x02\nIINST 002 Y\r\x03";
	ck_assert_uint_eq(tic_decoder_feed(&dec, s, strlen(s), NULL, NULL), strlen(s));
	ck_assert_uint_eq(dec.counters.datasets_valid, 1);
	ck_assert_uint_eq(dec.counters.frames_complete, 1);
}
END_TEST

START_TEST(historic_frame)
{
	start(TIC_MODE_AUTO, TIC_CHECKSUM_SPEC, 0);
	feed("\x02\nADCO 812164417227 D\r\nPTEC HP..  \r\nIINST 002 Y\r\x03");
	ck_assert_str_eq(lg.text, "{ADCO=812164417227|PTEC=HP..|IINST=002|}0,3,0,0\n");
	ck_assert_int_eq(tic_decoder_mode(&dec), TIC_MODE_HISTORIC);
}
END_TEST

START_TEST(standard_spaces_and_horodate)
{
	start(TIC_MODE_AUTO, TIC_CHECKSUM_SPEC, 0);
	char buf[512];
	snprintf(buf, sizeof buf, "\x02%s%s%s%s\x03", grp(S, "NGTF", NULL, " HC et Week-End "),
		 grp(S, "DATE", "E170915101601", ""), grp(S, "SMAXSN", "e170915101601", "01234"),
		 grp(S, "DPM1", " 200214060000", "00"));
	feed(buf);
	ck_assert_str_eq(lg.text, "{NGTF= HC et Week-End |DATE@E170915101601=|"
				  "SMAXSN@e170915101601=01234|DPM1@ 200214060000=00|}0,4,0,0\n");
	ck_assert_int_eq(tic_decoder_mode(&dec), TIC_MODE_STANDARD);
}
END_TEST

START_TEST(eot_aborts)
{
	start(TIC_MODE_AUTO, TIC_CHECKSUM_SPEC, 0);
	feed("\x02\nIINST 002 Y\r\nIMAX 0\x04\x02\nIINST 002 Y\r\x03");
	ck_assert_str_eq(lg.text, "{IINST=002|!3:|}1,1,1,0\n{IINST=002|}0,1,0,0\n");
	ck_assert_uint_eq(dec.counters.frames_aborted, 1);
	ck_assert_uint_eq(dec.counters.frames_complete, 1);
	ck_assert_uint_eq(dec.counters.datasets_malformed, 1);
	/* EOT outside a frame is skipped */
	feed("\x04");
	ck_assert_uint_eq(dec.counters.bytes_skipped, 1);
}
END_TEST

START_TEST(stx_restarts)
{
	start(TIC_MODE_AUTO, TIC_CHECKSUM_SPEC, 0);
	feed("\x02\nIINST 002 Y\r\x02\nIINST 002 Y\r\x03");
	ck_assert_str_eq(lg.text, "{IINST=002|}2,1,0,0\n{IINST=002|}0,1,0,0\n");
	ck_assert_uint_eq(dec.counters.frames_aborted, 1);
}
END_TEST

START_TEST(garbage_resync)
{
	start(TIC_MODE_AUTO, TIC_CHECKSUM_SPEC, 0);
	/* noise with control bytes, an ETX outside a frame, a cut group, then a frame */
	feed("\x01\x7f\xff zz\x03\x0b\nIIN\x1b\nq\r\x02\nIINST 002 Y\r\x03");
	ck_assert_str_eq(lg.text, "!3:|!3:|{IINST=002|}0,1,0,0\n");
	ck_assert_uint_eq(dec.counters.frames_complete, 1);
	ck_assert_uint_eq(dec.counters.datasets_valid, 1);
	ck_assert_uint_eq(dec.counters.bytes_skipped, 8);
}
END_TEST

START_TEST(bad_checksum_rest_usable)
{
	start(TIC_MODE_AUTO, TIC_CHECKSUM_SPEC, 0);
	feed("\x02\nIINST 002 Z\r\nIMAX 050 D\r\x03");
	ck_assert_str_eq(lg.text, "{!1:IINST|IMAX=050|}0,1,1,1\n");
	ck_assert_uint_eq(dec.counters.datasets_bad_checksum, 1);
}
END_TEST

/* Alphanumeric fields (ADCO, ADSC, MOTDETAT...; checked 8 bytes at a time on
 * 64-bit hosts): the bytes just outside [0-9A-Za-z] fail at any position, in the
 * first or the second 8 bytes; any mix of digits and both cases passes. */
START_TEST(bad_value_alnum_edges)
{
	static const char edges[] = "/:@[`{ ~";
	static const unsigned pos[] = {0, 5, 7, 8, 11};
	char val[13];
	for (size_t i = 0; edges[i]; i++) {
		for (size_t j = 0; j < sizeof pos / sizeof pos[0]; j++) {
			memcpy(val, "812164417227", 13);
			val[pos[j]] = edges[i];
			start(TIC_MODE_HISTORIC, TIC_CHECKSUM_SPEC, 0);
			feed(grp(H, "ADCO", NULL, val));
			ck_assert_msg(strcmp(lg.text, "!2:ADCO|") == 0, "'%c' at %u: %s", edges[i],
				      pos[j], lg.text);
		}
	}
	start(TIC_MODE_HISTORIC, TIC_CHECKSUM_SPEC, 0);
	feed(grp(H, "ADCO", NULL, "aZ09zA9Z0a1b"));
	feed(grp(H, "MOTDETAT", NULL, "0zA9a0"));
	feed(grp(H, "MOTDETAT", NULL, "0zA9a@"));
	ck_assert_str_eq(lg.text, "ADCO=aZ09zA9Z0a1b|MOTDETAT=0zA9a0|!2:MOTDETAT|");
}
END_TEST

/* Decimal fields (checked as whole words on 64-bit hosts): a non-digit at any
 * position of a 9-digit index (two overlapping words) or a 3-digit current (one
 * padded word) fails. */
START_TEST(bad_value_decimal_edges)
{
	static const char edges[] = "/:q ";
	char v[10];
	for (size_t i = 0; edges[i]; i++) {
		for (unsigned pos = 0; pos < 9; pos++) {
			memcpy(v, "047380407", 10);
			v[pos] = edges[i];
			start(TIC_MODE_HISTORIC, TIC_CHECKSUM_SPEC, 0);
			feed(grp(H, "HCHC", NULL, v));
			ck_assert_msg(strcmp(lg.text, "!2:HCHC|") == 0, "'%c' at %u: %s", edges[i], pos,
				      lg.text);
			if (pos < 3) {
				memcpy(v, "002", 4);
				v[pos] = edges[i];
				start(TIC_MODE_HISTORIC, TIC_CHECKSUM_SPEC, 0);
				feed(grp(H, "IINST", NULL, v));
				ck_assert_str_eq(lg.text, "!2:IINST|");
			}
		}
	}
	start(TIC_MODE_HISTORIC, TIC_CHECKSUM_SPEC, 0);
	feed(grp(H, "HCHC", NULL, "999999999"));
	feed(grp(H, "IINST", NULL, "090"));
	ck_assert_str_eq(lg.text, "HCHC=999999999|IINST=090|");
}
END_TEST

/* A horodate's 12 digits (checked 8 bytes at a time on 64-bit hosts): a non-digit
 * at any position fails. */
START_TEST(bad_value_horodate_digits)
{
	static const char edges[] = "/:q ";
	char h[14];
	for (size_t i = 0; edges[i]; i++) {
		for (unsigned pos = 1; pos <= 12; pos++) {
			memcpy(h, "E170915101601", 14);
			h[pos] = edges[i];
			start(TIC_MODE_STANDARD, TIC_CHECKSUM_SPEC, 0);
			feed(grp(S, "DATE", h, ""));
			ck_assert_msg(strcmp(lg.text, "!2:DATE|") == 0, "'%c' at %u: %s", edges[i], pos,
				      lg.text);
		}
	}
	start(TIC_MODE_STANDARD, TIC_CHECKSUM_SPEC, 0);
	feed(grp(S, "DATE", "H991231235959", ""));
	ck_assert_str_eq(lg.text, "DATE@H991231235959=|");
}
END_TEST

/* '1' read as 'q' keeps a matching checksum when another bit compensates: the value
 * check catches it. */
START_TEST(bad_value_charset_and_length)
{
	start(TIC_MODE_AUTO, TIC_CHECKSUM_SPEC, 0);
	char buf[512];
	snprintf(buf, sizeof buf, "%s%s%s%s", grp(H, "IINST", NULL, "0q2"), grp(H, "IINST", NULL, "02"),
		 grp(H, "PAPP", NULL, "00380"), grp(H, "ADCO", NULL, "8121644172 7"));
	feed(buf);
	ck_assert_str_eq(lg.text, "!2:IINST|!2:IINST|PAPP=00380|!2:ADCO|");
	ck_assert_uint_eq(dec.counters.datasets_bad_value, 3);
	/* STGE must be hex, DATE must carry a well-formed horodate and no value */
	start(TIC_MODE_AUTO, TIC_CHECKSUM_SPEC, 0);
	snprintf(buf, sizeof buf, "%s%s%s%s%s", grp(S, "STGE", NULL, "003A000G"),
		 grp(S, "DATE", "X170915101601", ""), grp(S, "DATE", NULL, "E170915101601"),
		 grp(S, "DATE", "E1709151016", ""), grp(S, "EAST", "E170915101601", "000000001"));
	feed(buf);
	ck_assert_str_eq(lg.text, "!2:STGE|!2:DATE|!2:DATE|!2:DATE|!2:EAST|");
	/* the check can be switched off */
	start(TIC_MODE_AUTO, TIC_CHECKSUM_SPEC, TIC_DECODER_NO_VALUE_CHECK);
	feed(grp(H, "IINST", NULL, "0q2"));
	ck_assert_str_eq(lg.text, "IINST=0q2|");
}
END_TEST

START_TEST(overlong_group)
{
	start(TIC_MODE_AUTO, TIC_CHECKSUM_SPEC, 0);
	char buf[1024];
	memset(buf, 'A', sizeof buf);
	buf[0] = '\x02';
	buf[1] = '\n';
	strcpy(buf + 300, "\r");
	strcat(buf, grp(H, "IINST", NULL, "002"));
	strcat(buf, "\x03");
	feed(buf);
	ck_assert_str_eq(lg.text, "{!4:|IINST=002|}0,1,1,0\n");
	ck_assert_uint_eq(dec.counters.fields_overlong, 1);
	/* longest legal group fits: PJOURF+1 with 98 characters */
	start(TIC_MODE_AUTO, TIC_CHECKSUM_SPEC, 0);
	feed(grp(S, "PJOURF+1", NULL, "00004001 06004002 22004001 NONUTILE NONUTILE NONUTILE "
				      "NONUTILE NONUTILE NONUTILE NONUTILE NONUTILE"));
	ck_assert_uint_eq(dec.counters.datasets_valid, 1);
	/* an overlong group cut by LF resumes on the next group at once */
	start(TIC_MODE_AUTO, TIC_CHECKSUM_SPEC, 0);
	memset(buf, 'B', 400);
	buf[0] = '\n';
	strcpy(buf + 400, grp(H, "IINST", NULL, "002"));
	feed(buf);
	ck_assert_str_eq(lg.text, "!4:|IINST=002|");
}
END_TEST

START_TEST(malformed_groups)
{
	start(TIC_MODE_AUTO, TIC_CHECKSUM_SPEC, 0);
	/* too short, no separator in the body, wrong separator, HT in a historic group,
	 * too many HT, empty label */
	feed("\nA\r\nIINST002 Y\r\nIINST 002-Y\r\nIINST\t002 Y\r\nA\tB\tC\tD\tX\r\n 002 Y\r");
	ck_assert_str_eq(lg.text, "!3:|!3:|!3:|!3:|!3:|!3:|");
	ck_assert_uint_eq(dec.counters.datasets_malformed, 6);
	ck_assert_uint_eq(dec.counters.datasets_valid, 0);
}
END_TEST

START_TEST(auto_lock)
{
	start(TIC_MODE_AUTO, TIC_CHECKSUM_SPEC, 0);
	/* invalid groups do not lock */
	feed("\nIINST 002 Z\r");
	ck_assert_int_eq(tic_decoder_mode(&dec), TIC_MODE_AUTO);
	feed(grp(S, "IRMS1", NULL, "002"));
	ck_assert_int_eq(tic_decoder_mode(&dec), TIC_MODE_STANDARD);
	feed(grp(H, "IINST", NULL, "002"));
	ck_assert_str_eq(lg.text, "!1:IINST|IRMS1=002|!3:IINST|");
	/* a re-init unlocks */
	start(TIC_MODE_AUTO, TIC_CHECKSUM_SPEC, 0);
	feed(grp(H, "IINST", NULL, "002"));
	ck_assert_int_eq(tic_decoder_mode(&dec), TIC_MODE_HISTORIC);
}
END_TEST

/* A meter switched from standard to historic: TIC_RELOCK_RUN valid groups of the
 * new mode in a row move the lock; a valid group of the locked mode resets the run;
 * bad groups never count. */
START_TEST(auto_relock)
{
	ck_assert_int_eq(TIC_RELOCK_RUN, 3);
	start(TIC_MODE_AUTO, TIC_CHECKSUM_SPEC, 0);
	feed(grp(S, "IRMS1", NULL, "002"));
	feed(grp(H, "IINST", NULL, "001"));
	feed(grp(H, "IINST", NULL, "002"));
	feed(grp(S, "IRMS1", NULL, "003")); /* resets the run */
	feed(grp(H, "IINST", NULL, "003"));
	feed("\nIINST 004 Z\r");           /* bad checksum: resets too */
	feed(grp(H, "IINST", NULL, "005"));
	feed(grp(H, "IINST", NULL, "006"));
	ck_assert_int_eq(tic_decoder_mode(&dec), TIC_MODE_STANDARD);
	feed(grp(H, "IINST", NULL, "007"));
	ck_assert_int_eq(tic_decoder_mode(&dec), TIC_MODE_HISTORIC);
	feed(grp(H, "IINST", NULL, "008"));
	ck_assert_str_eq(lg.text, "IRMS1=002|!3:IINST|!3:IINST|IRMS1=003|!3:IINST|!3:IINST|"
				  "!3:IINST|!3:IINST|IINST=007|IINST=008|");
	/* an explicit mode never follows */
	start(TIC_MODE_STANDARD, TIC_CHECKSUM_SPEC, 0);
	for (int i = 0; i < 5; i++)
		feed(grp(H, "IINST", NULL, "002"));
	ck_assert_int_eq(tic_decoder_mode(&dec), TIC_MODE_STANDARD);
	ck_assert_uint_eq(dec.counters.datasets_malformed, 5);
}
END_TEST

START_TEST(historic_checksum_rules)
{
	char m2[64];
	tic_field f = {"IINST", NULL, "002"};
	ck_assert_int_eq(tic_encode_dataset(H, &f, TIC_ENCODE_MODE2, m2, sizeof m2, NULL), 0);
	const char *m1 = grp(H, "IINST", NULL, "002");
	start(H, TIC_CHECKSUM_SPEC, 0);
	feed(m1);
	feed(m2);
	ck_assert_str_eq(lg.text, "IINST=002|!1:IINST|");
	start(H, TIC_CHECKSUM_MODE2, 0);
	feed(m1);
	feed(m2);
	ck_assert_str_eq(lg.text, "!1:IINST|IINST=002|");
	start(H, TIC_CHECKSUM_EITHER, 0);
	feed(m1);
	feed(m2);
	ck_assert_str_eq(lg.text, "IINST=002|IINST=002|");
}
END_TEST

START_TEST(unknown_labels)
{
	start(TIC_MODE_AUTO, TIC_CHECKSUM_SPEC, 0);
	feed(grp(S, "FOO", NULL, "bar"));
	ck_assert_str_eq(lg.text, "FOO=bar|");
	start(TIC_MODE_AUTO, TIC_CHECKSUM_SPEC, TIC_DECODER_STRICT_LABELS);
	feed(grp(S, "FOO", NULL, "bar"));
	ck_assert_str_eq(lg.text, "!5:FOO|");
	ck_assert_uint_eq(dec.counters.datasets_bad_value, 1);
}
END_TEST

START_TEST(pmepmi_mode)
{
	start(TIC_MODE_PMEPMI, TIC_CHECKSUM_SPEC, 0);
	char buf[512];
	tic_field f[] = {{"ADS", NULL, "041436028024"},
			 {"DATE", NULL, "14/03/12 15:43:31"},
			 {"PTCOUR1", NULL, "HPH"},
			 {"DATE", NULL, "14/13/12 15:43:31"}};
	ck_assert_int_eq(tic_encode_frame(TIC_MODE_PMEPMI, f, 4, 0, buf, sizeof buf, NULL), 0);
	feed(buf);
	ck_assert_str_eq(lg.text, "{ADS=041436028024|DATE=14/03/12 15:43:31|PTCOUR1=HPH|!2:DATE|}0,3,1,0\n");
	/* a standard group is not PME-PMI */
	feed(grp(S, "IRMS1", NULL, "002"));
	ck_assert_uint_eq(dec.counters.datasets_malformed, 1);
}
END_TEST

START_TEST(callback_stop_and_resume)
{
	const char *s = "\x02\nADCO 812164417227 D\r\nPTEC HP..  \r\nIINST 002 Y\r\x03";
	size_t n = strlen(s);
	start(TIC_MODE_AUTO, TIC_CHECKSUM_SPEC, 0);
	feed(s);
	char ref[256];
	strcpy(ref, lg.text);
	for (int stop = 1; stop <= 5; stop++) {
		start(TIC_MODE_AUTO, TIC_CHECKSUM_SPEC, 0);
		lg.stop_after = stop;
		size_t used = tic_decoder_feed(&dec, s, n, &tic_log_callbacks, &lg);
		ck_assert_uint_lt(used, n + (stop == 5));
		ck_assert_int_eq(tic_decoder_error(&dec), TIC_ECALLBACK);
		lg.stop_after = 0;
		size_t rest = tic_decoder_feed(&dec, s + used, n - used, &tic_log_callbacks, &lg);
		ck_assert_uint_eq(used + rest, n);
		ck_assert_str_eq(lg.text, ref);
		ck_assert_uint_eq(dec.counters.bytes_total, n);
	}
	/* finish reports the stop too */
	start(TIC_MODE_AUTO, TIC_CHECKSUM_SPEC, 0);
	feed("\x02\nIINST 0");
	lg.stop_after = lg.calls + 1;
	ck_assert_int_eq(tic_decoder_finish(&dec, &tic_log_callbacks, &lg), TIC_ECALLBACK);
	ck_assert_str_eq(lg.text, "{!3:|}3,0,1,0\n");
}
END_TEST

START_TEST(cooked_tty)
{
	start(TIC_MODE_AUTO, TIC_CHECKSUM_SPEC, TIC_DECODER_COOKED_TTY);
	feed("\x02\nIINST 002 Y\n\nIMAX 050 D\n\x02\nIINST 002 Y\n");
	ck_assert_str_eq(lg.text, "{IINST=002|IMAX=050|}0,2,0,0\n{IINST=002|");
	/* without the flag, LF-terminated groups are cut */
	start(TIC_MODE_AUTO, TIC_CHECKSUM_SPEC, 0);
	feed("\x02\nIINST 002 Y\n\nIMAX 050 D\n\x02");
	ck_assert_uint_eq(dec.counters.datasets_valid, 0);
	ck_assert_uint_eq(dec.counters.frames_aborted, 1);
}
END_TEST

START_TEST(finish_flushes)
{
	start(TIC_MODE_AUTO, TIC_CHECKSUM_SPEC, 0);
	feed("\x02\nIINST 002 Y\r\nIMA");
	ck_assert_int_eq(tic_decoder_finish(&dec, &tic_log_callbacks, &lg), 0);
	ck_assert_str_eq(lg.text, "{IINST=002|!3:|}3,1,1,0\n");
	/* the decoder goes on afterwards, still locked */
	ck_assert_int_eq(tic_decoder_mode(&dec), TIC_MODE_HISTORIC);
	feed("\nIINST 002 Y\r");
	ck_assert_uint_eq(dec.counters.datasets_valid, 2);
	ck_assert_int_eq(tic_decoder_finish(&dec, NULL, NULL), 0);
}
END_TEST

/* Random bytes never crash, and every byte is accounted for. */
START_TEST(random_noise)
{
	unsigned seed = 12345;
	unsigned char buf[4096];
	start(TIC_MODE_AUTO, TIC_CHECKSUM_SPEC, 0);
	for (int round = 0; round < 200; round++) {
		for (size_t i = 0; i < sizeof buf; i++) {
			seed = seed * 1103515245u + 12345u;
			unsigned r = (seed >> 16) & 0xFF;
			/* bias towards framing and separators */
			static const unsigned char special[] = {2, 3, 4, 9, 10, 13, ' '};
			buf[i] = (unsigned char)(r < 40 ? special[r % 7] : r);
		}
		ck_assert_uint_eq(tic_decoder_feed(&dec, buf, sizeof buf, &tic_log_callbacks, &lg),
				  sizeof buf);
		lg.len = 0;
	}
	ck_assert_uint_eq(dec.counters.bytes_total, 200u * sizeof buf);
}
END_TEST

Suite *tic_decoder_suite(void)
{
	Suite *s = suite_create("decoder");
	TCase *tc = tcase_create("decoder");
	tcase_add_test(tc, init_errors);
	tcase_add_test(tc, feed_null);
	tcase_add_test(tc, historic_frame);
	tcase_add_test(tc, standard_spaces_and_horodate);
	tcase_add_test(tc, eot_aborts);
	tcase_add_test(tc, stx_restarts);
	tcase_add_test(tc, garbage_resync);
	tcase_add_test(tc, bad_checksum_rest_usable);
	tcase_add_test(tc, bad_value_charset_and_length);
	tcase_add_test(tc, bad_value_alnum_edges);
	tcase_add_test(tc, bad_value_horodate_digits);
	tcase_add_test(tc, bad_value_decimal_edges);
	tcase_add_test(tc, overlong_group);
	tcase_add_test(tc, malformed_groups);
	tcase_add_test(tc, auto_lock);
	tcase_add_test(tc, auto_relock);
	tcase_add_test(tc, historic_checksum_rules);
	tcase_add_test(tc, unknown_labels);
	tcase_add_test(tc, pmepmi_mode);
	tcase_add_test(tc, callback_stop_and_resume);
	tcase_add_test(tc, cooked_tty);
	tcase_add_test(tc, finish_flushes);
	tcase_add_test(tc, random_noise);
	suite_add_tcase(s, tc);
	return s;
}
