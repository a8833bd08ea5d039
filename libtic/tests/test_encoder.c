/* Suite "encoder": byte-exact datasets and frames, error paths, random round trips. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hems_check.h"
#include "tic_tests.h"

START_TEST(known_bytes)
{
	char out[128];
	size_t n = 0;
	tic_field f = {"IINST", NULL, "002"};
	ck_assert_int_eq(tic_encode_dataset(TIC_MODE_HISTORIC, &f, 0, out, sizeof out, &n), 0);
	ck_assert_str_eq(out, "\nIINST 002 Y\r");
	ck_assert_uint_eq(n, 13);
	/* checksum equal to the separator (corpus: teleinfo-parser) */
	tic_field p = {"PTEC", NULL, "HP.."};
	ck_assert_int_eq(tic_encode_dataset(TIC_MODE_HISTORIC, &p, 0, out, sizeof out, &n), 0);
	ck_assert_str_eq(out, "\nPTEC HP..  \r");
	/* standard, and with horodate and empty value (corpus: Enedis TIC2WebSocket) */
	tic_field s = {"ADSC", NULL, "031664001115"};
	ck_assert_int_eq(tic_encode_dataset(TIC_MODE_STANDARD, &s, 0, out, sizeof out, &n), 0);
	ck_assert_str_eq(out, "\nADSC\t031664001115\t)\r");
	tic_field d = {"DATE", "E170915101601", ""};
	ck_assert_int_eq(tic_encode_dataset(TIC_MODE_STANDARD, &d, 0, out, sizeof out, &n), 0);
	ck_assert_str_eq(out, "\nDATE\tE170915101601\t\t>\r");
	tic_field g = {"NGTF", NULL, "H PLEINE/CREUSE "};
	ck_assert_int_eq(tic_encode_dataset(TIC_MODE_STANDARD, &g, 0, out, sizeof out, &n), 0);
	ck_assert_str_eq(out, "\nNGTF\tH PLEINE/CREUSE \t\\\r");
	ck_assert_int_eq(tic_checksum("IINST 002", 9), 'Y');
	ck_assert_int_eq(tic_checksum(NULL, 5), 0x20);
}
END_TEST

/* The whole Enedis historic capture, re-encoded, is byte-identical. */
START_TEST(frame_matches_capture)
{
	size_t len;
	unsigned char *cap = tic_test_read_corpus("hist_mono_base_enedis-tic2websocket.txt", &len);
	tic_field f[] = {{"ADCO", NULL, "812164417227"}, {"OPTARIF", NULL, "BASE"},
			 {"ISOUSC", NULL, "15"},           {"BASE", NULL, "000000104"},
			 {"PTEC", NULL, "TH.."},           {"IINST", NULL, "000"},
			 {"IMAX", NULL, "000"},            {"PAPP", NULL, "00000"},
			 {"MOTDETAT", NULL, "000000"}};
	char out[512];
	size_t n;
	ck_assert_int_eq(tic_encode_frame(TIC_MODE_HISTORIC, f, 9, 0, out, sizeof out, &n), 0);
	ck_assert_uint_eq(n, len);
	ck_assert(memcmp(out, cap, len) == 0);
	free(cap);
}
END_TEST

START_TEST(errors)
{
	char out[64];
	size_t n = 99;
	tic_field ok = {"IINST", NULL, "002"};
	ck_assert_int_eq(tic_encode_dataset(TIC_MODE_HISTORIC, NULL, 0, out, sizeof out, &n), TIC_EINVAL);
	ck_assert_int_eq(tic_encode_dataset(TIC_MODE_HISTORIC, &ok, 0, NULL, 64, &n), TIC_EINVAL);
	ck_assert_int_eq(tic_encode_dataset(TIC_MODE_AUTO, &ok, 0, out, sizeof out, &n), TIC_EINVAL);
	ck_assert_int_eq(tic_encode_dataset(TIC_MODE_HISTORIC, &ok, 0x10, out, sizeof out, &n), TIC_EINVAL);
	tic_field bad[] = {{"", NULL, "1"},          {NULL, NULL, "1"},     {"A", NULL, NULL},
			   {"A B", NULL, "1"},       {"A\tB", NULL, "1"},   {"A", NULL, "x\ty"},
			   {"A", NULL, "x\ry"},      {"A", "E170915101601", "1"},
			   {"A", "E17\t915101601", "1"}};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		tic_mode m = (i == 4 || i == 5 || i == 8) ? TIC_MODE_STANDARD : TIC_MODE_HISTORIC;
		ck_assert_int_eq(tic_encode_dataset(m, &bad[i], 0, out, sizeof out, &n), TIC_EINVAL);
	}
	ck_assert_uint_eq(n, 99);
	/* every too-small buffer is refused, never overrun */
	for (size_t cap = 0; cap < 14; cap++)
		ck_assert_int_eq(tic_encode_dataset(TIC_MODE_HISTORIC, &ok, 0, out, cap, &n), TIC_ENOSPC);
	ck_assert_int_eq(tic_encode_dataset(TIC_MODE_HISTORIC, &ok, 0, out, 14, NULL), 0);
	for (size_t cap = 0; cap < 16; cap++)
		ck_assert_int_eq(tic_encode_frame(TIC_MODE_HISTORIC, &ok, 1, 0, out, cap, &n), TIC_ENOSPC);
	ck_assert_int_eq(tic_encode_frame(TIC_MODE_HISTORIC, &ok, 1, 0, out, 16, &n), 0);
	ck_assert_uint_eq(n, 15);
	ck_assert_int_eq(tic_encode_frame(TIC_MODE_HISTORIC, NULL, 1, 0, out, sizeof out, &n), TIC_EINVAL);
	ck_assert_int_eq(tic_encode_frame(TIC_MODE_HISTORIC, NULL, 0, 0, out, sizeof out, &n), 0);
	ck_assert_str_eq(out, "\x02\x03");
	ck_assert_int_eq(tic_encode_frame(TIC_MODE_AUTO, &ok, 1, 0, out, sizeof out, &n), TIC_EINVAL);
	ck_assert_int_eq(tic_encode_frame(TIC_MODE_HISTORIC, bad, 1, 0, out, sizeof out, &n), TIC_EINVAL);
}
END_TEST

static unsigned rnd_state;
static unsigned rnd(unsigned n)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return ((rnd_state >> 16) & 0x7FFF) % n;
}

struct rt {
	tic_field f[16];
	char store[16][3][64];
	size_t n, seen;
	int ok;
};

static int rt_dataset(void *user, const tic_dataset *ds)
{
	struct rt *r = user;
	ck_assert_uint_lt(r->seen, r->n);
	const tic_field *f = &r->f[r->seen++];
	ck_assert_str_eq(ds->label, f->label);
	ck_assert_str_eq(ds->value, f->value);
	if (f->horodate)
		ck_assert_str_eq(ds->horodate, f->horodate);
	else
		ck_assert_ptr_null(ds->horodate);
	return 0;
}

static int rt_frame_end(void *user, const tic_frame *fr)
{
	struct rt *r = user;
	ck_assert_int_eq(fr->status, TIC_FRAME_COMPLETE);
	ck_assert_uint_eq(fr->valid, r->n);
	ck_assert_uint_eq(fr->invalid, 0);
	r->ok++;
	return 0;
}

/* Random datasets of both modes (and the historic mode-2 convention) survive
 * encoder -> decoder exactly, fed in random chunks. */
START_TEST(random_round_trips)
{
	static const tic_callbacks cb = {NULL, rt_dataset, NULL, rt_frame_end};
	rnd_state = 42;
	for (int iter = 0; iter < 2000; iter++) {
		tic_mode mode = iter % 3 == 0 ? TIC_MODE_STANDARD
				: iter % 3 == 1 ? TIC_MODE_HISTORIC : TIC_MODE_PMEPMI;
		unsigned flags = (mode != TIC_MODE_STANDARD && iter % 2) ? TIC_ENCODE_MODE2 : 0;
		struct rt r;
		memset(&r, 0, sizeof r);
		r.n = 1 + rnd(15);
		for (size_t i = 0; i < r.n; i++) {
			char *l = r.store[i][0], *v = r.store[i][1], *h = r.store[i][2];
			/* labels starting with 'Z' are in no dictionary: no value check */
			size_t ll = 1 + rnd(8), vl = rnd(40);
			l[0] = 'Z';
			for (size_t k = 1; k < ll; k++)
				l[k] = (char)('!' + rnd(94));
			l[ll] = '\0';
			for (size_t k = 0; k < vl; k++)
				v[k] = (char)(' ' + rnd(95));
			v[vl] = '\0';
			r.f[i].label = l;
			r.f[i].value = v;
			if (mode == TIC_MODE_STANDARD && rnd(2)) {
				snprintf(h, 64, "%c%02u%02u%02u%02u%02u%02u", "EHeh "[rnd(5)], rnd(100),
					 1 + rnd(12), 1 + rnd(28), rnd(24), rnd(60), rnd(60));
				r.f[i].horodate = h;
			}
		}
		char out[4096];
		size_t n;
		ck_assert_int_eq(tic_encode_frame(mode, r.f, r.n, flags, out, sizeof out, &n), 0);
		tic_decoder dec;
		tic_decoder_options o = TIC_DECODER_OPTIONS_INIT;
		o.mode = mode == TIC_MODE_PMEPMI ? TIC_MODE_PMEPMI : TIC_MODE_AUTO;
		o.historic_checksum = flags ? TIC_CHECKSUM_MODE2 : TIC_CHECKSUM_SPEC;
		ck_assert_int_eq(tic_decoder_init(&dec, &o), 0);
		for (size_t off = 0; off < n;) {
			size_t k = 1 + rnd(64);
			if (k > n - off)
				k = n - off;
			ck_assert_uint_eq(tic_decoder_feed(&dec, out + off, k, &cb, &r), k);
			off += k;
		}
		ck_assert_uint_eq(r.seen, r.n);
		ck_assert_int_eq(r.ok, 1);
	}
}
END_TEST

Suite *tic_encoder_suite(void)
{
	Suite *s = suite_create("encoder");
	TCase *tc = tcase_create("encoder");
	tcase_add_test(tc, known_bytes);
	tcase_add_test(tc, frame_matches_capture);
	tcase_add_test(tc, errors);
	tcase_add_test(tc, random_round_trips);
	suite_add_tcase(s, tc);
	return s;
}
