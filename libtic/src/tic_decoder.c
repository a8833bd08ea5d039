/* libtic: the streaming push decoder (no heap, no I/O). See tic/decoder.h.
 *
 * Hot path: inside a group, bytes are masked to 7 bits, classified through a
 * 128-entry table, copied to the group buffer and summed on the fly; only the
 * few control/separator bytes leave the inner loop. On 64-bit little-endian
 * targets the inner loop first takes 8 bytes at a time with SWAR tests (control
 * byte, DEL, bit 7; in standard/auto mode HT separators are recorded without leaving
 * the loop) and falls back to the byte loop for the rest. The byte loop alone gives
 * the same results (TIC_NO_SWAR, 32-bit MCUs; the tic_portable tests check it), and
 * tic_decoder_feed() works one byte at a time just as well. At the end of a group:
 * split at the separators recorded on the way, checksum from the running sum, label
 * lookup through a packed-key hash index (inlined from tic_dict_lookup.h), value
 * check (8 bytes at a time for fixed-width decimal and alphanumeric fields and for
 * horodate digits). */
#include <string.h>
#include "tic/decoder.h"
#include "tic_dict_lookup.h"

/* Shared with tic_dict.c (not exported). */
int tic_dict_time_ok_(const unsigned char *yymmdd, const unsigned char *hhmmss);

enum { ST_IDLE = 0, ST_GROUP = 1, ST_OVERLONG = 2 };
enum { C_TEXT = 0, C_HT, C_LF, C_CR, C_STX, C_ETX, C_EOT, C_CTRL };

#define ASCII_STX 0x02
#define ASCII_ETX 0x03
#define ASCII_EOT 0x04
#define ASCII_HT 0x09
#define ASCII_LF 0x0A
#define ASCII_CR 0x0D
#define ASCII_SP 0x20

/* Byte classes of the 7-bit code (bit 7 is masked off before the lookup). */
static const uint8_t tic_class[128] = {
	C_CTRL, C_CTRL, C_STX,  C_ETX,  C_EOT,  C_CTRL, C_CTRL, C_CTRL, /* 00-07 */
	C_CTRL, C_HT,   C_LF,   C_CTRL, C_CTRL, C_CR,   C_CTRL, C_CTRL, /* 08-0F */
	C_CTRL, C_CTRL, C_CTRL, C_CTRL, C_CTRL, C_CTRL, C_CTRL, C_CTRL, /* 10-17 */
	C_CTRL, C_CTRL, C_CTRL, C_CTRL, C_CTRL, C_CTRL, C_CTRL, C_CTRL, /* 18-1F */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 20-2F */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 30-3F */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 40-4F */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 50-5F */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 60-6F */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, C_CTRL, /* 70-7F */
};

#if defined(__SIZEOF_POINTER__) && __SIZEOF_POINTER__ == 8 && defined(__BYTE_ORDER__) && \
	defined(__ORDER_LITTLE_ENDIAN__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ &&     \
	defined(__GNUC__) && !defined(TIC_NO_SWAR)
#define TIC_SWAR 1
#endif

#ifdef TIC_SWAR
#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull
/* Bit 7 of each byte of the result is set where x has a byte < 0x20, == 0x7F or
 * with bit 7 set. Borrows can flag bytes above a real hit, never below it: the
 * lowest flagged byte is exact, which is all the loop uses. */
static inline uint64_t swar_special(uint64_t x)
{
	/* byte < 0x20: borrow into bit 7; 0x7F + 1 = 0x80 (a byte >= 0x80 is flagged
	 * by x itself; the carry out of 0xFF only reaches the bytes above it) */
	uint64_t lt20 = (x - ONES * 0x20u) & ~x;
	return (lt20 | (x + ONES) | x) & HIGHS;
}
/* Bit 7 of each byte of the result is set exactly where x has an HT (no borrow). */
static inline uint64_t swar_ht(uint64_t x)
{
	const uint64_t low7 = ONES * 0x7Fu;
	uint64_t y = x ^ (ONES * 0x09u);
	return HIGHS & ~(((y & low7) + low7) | y);
}
/* The 8 bytes (each < 0x80) summed by pairs into four 16-bit lanes. One pass of
 * the 8-byte loops adds at most TIC_GROUP_MAX / 8 <= 31 words: a lane then holds
 * at most 31 * 254 and the fold below sums at most 4 * 7874 < 65536, so neither
 * carries. */
static inline uint64_t swar_pairs(uint64_t x)
{
	return (x & 0x00FF00FF00FF00FFull) + ((x >> 8) & 0x00FF00FF00FF00FFull);
}
/* Sum of the four 16-bit lanes. */
static inline unsigned swar_fold(uint64_t lanes)
{
	return (unsigned)((lanes * 0x0001000100010001ull) >> 48);
}
#endif

int tic_decoder_init(tic_decoder *dec, const tic_decoder_options *opts)
{
	static const tic_decoder_options defaults = TIC_DECODER_OPTIONS_INIT;
	if (!dec)
		return TIC_EINVAL;
	if (!opts)
		opts = &defaults;
	if (opts->version != TIC_DECODER_OPTIONS_VERSION)
		return TIC_EVERSION;
	if ((unsigned)opts->mode > (unsigned)TIC_MODE_PMEPMI ||
	    (unsigned)opts->historic_checksum > (unsigned)TIC_CHECKSUM_EITHER ||
	    (opts->flags & ~(unsigned)(TIC_DECODER_NO_VALUE_CHECK | TIC_DECODER_COOKED_TTY |
				       TIC_DECODER_STRICT_LABELS)) != 0)
		return TIC_EINVAL;
	memset(dec, 0, sizeof *dec);
	dec->opt_mode_ = (uint8_t)opts->mode;
	dec->mode_ = (uint8_t)opts->mode;
	dec->cks_rule_ = (uint8_t)opts->historic_checksum;
	dec->flags_ = (uint8_t)opts->flags;
	return TIC_OK;
}

size_t tic_decoder_size(void)
{
	return sizeof(tic_decoder);
}

int tic_decoder_error(const tic_decoder *dec)
{
	return dec ? dec->error_ : TIC_EINVAL;
}

tic_mode tic_decoder_mode(const tic_decoder *dec)
{
	return dec ? (tic_mode)dec->mode_ : TIC_MODE_AUTO;
}

/* Shape of a standard-mode horodate: season char then 12 digits. */
static int horodate_shape_ok(const char *h, size_t n)
{
	if (n != 13)
		return 0;
	switch (h[0]) {
	case 'E': case 'H': case 'e': case 'h': case ' ':
		break;
	default:
		return 0;
	}
#ifdef TIC_SWAR
	{ /* digits at 1..12: two overlapping 8-byte words (1..8, 5..12) */
		uint64_t x, y;
		memcpy(&x, h + 1, 8);
		memcpy(&y, h + 5, 8);
		if (((x - ONES * '0') | (x + ONES * 0x46u) | (y - ONES * '0') | (y + ONES * 0x46u) |
		     x | y) & HIGHS)
			return 0;
	}
#else
	for (size_t i = 1; i < 13; i++)
		if ((unsigned char)(h[i] - '0') > 9u)
			return 0;
#endif
	return tic_dict_time_ok_((const unsigned char *)h + 1, (const unsigned char *)h + 7);
}

#if defined(__GNUC__)
#define TIC_NOINLINE_ __attribute__((noinline))
#else
#define TIC_NOINLINE_
#endif

#ifdef TIC_SWAR
/* Bit 7 of each byte of the result is set where lo <= byte <= hi (bytes < 0x80,
 * 0 < lo <= hi < 0x80: no carry crosses a byte). */
static inline uint64_t swar_in(uint64_t x, unsigned lo, unsigned hi)
{
	return (x + ONES * (0x80u - lo)) & ~(x + ONES * (0x7Fu - hi)) & HIGHS;
}
#endif

/* The value check, with a fast path for the commonest case: a fixed-length
 * decimal field (indexes, currents, powers) of up to 16 digits, checked 8 bytes at
 * a time (the buffer has slack past any field). The rest is out of line. */
static TIC_NOINLINE_ int value_ok_other(const tic_label_info *li, const char *v, size_t n)
{
#ifdef TIC_SWAR
	if (li->type == TIC_TYPE_ID && n == li->max_len && n <= 16) {
		/* addresses, status words: [0-9A-Za-z], padded with '0' */
		uint64_t good = HIGHS;
		for (size_t i = 0; i < n; i += 8) {
			uint64_t x;
			memcpy(&x, v + i, 8);
			size_t k = n - i;
			if (k < 8) {
				uint64_t keep = (1ull << (8u * k)) - 1u;
				x = (x & keep) | (ONES * '0' & ~keep);
			}
			good &= swar_in(x, '0', '9') | swar_in(x | (ONES * 0x20u), 'a', 'z');
		}
		return good == HIGHS;
	}
#endif
	return tic_dict_check(li, v, n) == 0;
}

static int value_ok(const tic_label_info *li, const char *v, size_t n)
{
	/* Every byte the decoder stores is 0x20..0x7E (other bytes end the group or are
	 * separators), so free text only needs its length checked. */
	if (li->type == TIC_TYPE_TEXT)
		return n >= li->min_len && (li->max_len == 0 || n <= li->max_len);
#ifdef TIC_SWAR
	if (li->type == TIC_TYPE_UINT && n == li->max_len && n <= 16) {
		/* 1..16 digits: the last 8 bytes of the field and, beyond 8, its first 8
		 * (they may overlap); a field under 8 bytes is padded with '0' */
		uint64_t x, y;
		if (n < 8) {
			memcpy(&x, v, 8);
			uint64_t keep = (1ull << (8u * n)) - 1u;
			x = (x & keep) | (ONES * '0' & ~keep);
			y = x;
		} else {
			memcpy(&x, v, 8);
			memcpy(&y, v + n - 8, 8);
		}
		return (((x - ONES * '0') | (x + ONES * 0x46u) | x | (y - ONES * '0') |
			 (y + ONES * 0x46u) | y) & HIGHS) == 0;
	}
#endif
	return value_ok_other(li, v, n);
}

/* Reports one dataset to the right callback and counts it. Returns the callback's result. */
static int report(tic_decoder *dec, tic_dataset *ds, const tic_callbacks *cb, void *user)
{
	ds->in_frame = dec->in_frame_;
	if (ds->status == TIC_DATASET_OK) {
		dec->counters.datasets_valid++;
		dec->frame_valid_++;
		return (cb && cb->dataset) ? cb->dataset(user, ds) : 0;
	}
	switch (ds->status) {
	case TIC_DATASET_BAD_CHECKSUM:
		dec->counters.datasets_bad_checksum++;
		dec->frame_badck_++;
		break;
	case TIC_DATASET_BAD_VALUE:
	case TIC_DATASET_UNKNOWN_LABEL:
		dec->counters.datasets_bad_value++;
		break;
	case TIC_DATASET_OVERLONG:
		dec->counters.fields_overlong++;
		break;
	default:
		dec->counters.datasets_malformed++;
		break;
	}
	dec->frame_invalid_++;
	return (cb && cb->invalid) ? cb->invalid(user, ds) : 0;
}

#if defined(__GNUC__)
#define TIC_COLD_ __attribute__((cold, noinline))
#else
#define TIC_COLD_
#endif

/* A group that cannot be decoded: its raw bytes are given as the value. */
static TIC_COLD_ int report_raw(tic_decoder *dec, unsigned len, tic_dataset_status st,
		      const tic_callbacks *cb, void *user)
{
	tic_dataset ds;
	memset(&ds, 0, sizeof ds);
	dec->buf_[len] = '\0';
	ds.label = "";
	ds.value = dec->buf_;
	ds.value_len = len;
	ds.mode = (tic_mode)dec->mode_;
	ds.status = st;
	return report(dec, &ds, cb, user);
}

/* A complete group of len bytes (LF and CR excluded) with byte sum `sum`. */
static int end_group(tic_decoder *dec, unsigned len, unsigned sum, const tic_callbacks *cb,
		     void *user)
{
	char *b = dec->buf_;
	tic_dataset ds;
	unsigned nht = dec->nht_;

	/* A checksum is 0x20..0x5F: an HT there is a cut group (and would upset the
	 * separator count below). */
	if (len < 3 || b[len - 1] == ASCII_HT)
		return report_raw(dec, len, TIC_DATASET_MALFORMED, cb, user);

	unsigned char ck = (unsigned char)b[len - 1];
	unsigned char sep = (unsigned char)b[len - 2];
	unsigned body = len - 2;
	unsigned bsum = (sum - ck - sep) & 0xFFu;
	tic_mode gm;

	/* The mode of this group: fixed, locked, or shown by its separator. */
	if (sep == ASCII_HT)
		gm = TIC_MODE_STANDARD;
	else if (sep == ASCII_SP)
		gm = dec->opt_mode_ == TIC_MODE_PMEPMI ? TIC_MODE_PMEPMI : TIC_MODE_HISTORIC;
	else
		return report_raw(dec, len, TIC_DATASET_MALFORMED, cb, user);
	/* A group of another mode than the configured one is malformed. In auto mode,
	 * one of the other mode than the locked one is decoded (to follow a meter that
	 * was switched over) but reported as malformed unless it completes a run. */
	int foreign = dec->mode_ != TIC_MODE_AUTO && (tic_mode)dec->mode_ != gm;
	if (foreign && dec->opt_mode_ != TIC_MODE_AUTO)
		return report_raw(dec, len, TIC_DATASET_MALFORMED, cb, user);

	ds.horodate = NULL;
	ds.horodate_len = 0;
	ds.info = NULL;
	ds.mode = gm;
	ds.checksum = ck;
	if (gm == TIC_MODE_STANDARD) {
		/* HT positions: nht counts every HT, the last being `sep`. */
		if (nht == 2) {
			unsigned h0 = dec->ht_[0];
			b[h0] = '\0';
			ds.label = b;
			ds.label_len = h0;
			ds.value = b + h0 + 1;
			ds.value_len = body - h0 - 1;
		} else if (nht == 3) {
			unsigned h0 = dec->ht_[0], h1 = dec->ht_[1];
			b[h0] = '\0';
			b[h1] = '\0';
			ds.label = b;
			ds.label_len = h0;
			ds.horodate = b + h0 + 1;
			ds.horodate_len = h1 - h0 - 1;
			ds.value = b + h1 + 1;
			ds.value_len = body - h1 - 1;
		} else {
			return report_raw(dec, len, TIC_DATASET_MALFORMED, cb, user);
		}
		ds.expected = (unsigned char)(((bsum + sep) & 0x3Fu) + 0x20u);
		ds.status = ds.expected == ck ? TIC_DATASET_OK : TIC_DATASET_BAD_CHECKSUM;
	} else {
		if (nht != 0)
			return report_raw(dec, len, TIC_DATASET_MALFORMED, cb, user);
		unsigned l = 0;
#ifdef TIC_SWAR
		{ /* first SP among the first 8 bytes, in one step (bytes past the group
		   * are stale but a hit there is past `body`, hence malformed too) */
			uint64_t x;
			memcpy(&x, b, 8);
			x ^= ONES * ASCII_SP;
			uint64_t z = (x - ONES) & ~x & HIGHS;
			if (z)
				l = (unsigned)__builtin_ctzll(z) >> 3;
			else
				for (l = 8; l < body && b[l] != ASCII_SP;)
					l++;
		}
#else
		while (l < body && b[l] != ASCII_SP)
			l++;
#endif
		if (l >= body)
			return report_raw(dec, len, TIC_DATASET_MALFORMED, cb, user);
		b[l] = '\0';
		ds.label = b;
		ds.label_len = l;
		ds.value = b + l + 1;
		ds.value_len = body - l - 1;
		unsigned char m1 = (unsigned char)((bsum & 0x3Fu) + 0x20u);
		ds.expected = m1;
		if (dec->cks_rule_ != TIC_CHECKSUM_SPEC) {
			unsigned char m2 = (unsigned char)(((bsum + sep) & 0x3Fu) + 0x20u);
			if (dec->cks_rule_ == TIC_CHECKSUM_MODE2 || ck == m2)
				ds.expected = m2;
		}
		ds.status = ds.expected == ck ? TIC_DATASET_OK : TIC_DATASET_BAD_CHECKSUM;
	}
	b[body] = '\0';
	if (ds.label_len == 0) {
		ds.status = TIC_DATASET_MALFORMED;
		return report(dec, &ds, cb, user);
	}

	if (ds.label_len <= 32) {
		/* Key of the label: its first 8 bytes (the buffer always has 8). */
		uint64_t key = 0;
		size_t n = ds.label_len < 8 ? ds.label_len : 8;
#ifdef TIC_SWAR
		memcpy(&key, b, 8);
		if (n < 8)
			key &= (1ull << (8u * n)) - 1u;
#else
		for (size_t i = 0; i < n; i++)
			key |= (uint64_t)(unsigned char)b[i] << (8u * i);
#endif
		ds.info = tic_dict_lookup_(key, ds.label, ds.label_len, TIC_MODE_BIT(gm));
	}
	if (ds.status == TIC_DATASET_OK) {
		if (!ds.info) {
			if (dec->flags_ & TIC_DECODER_STRICT_LABELS)
				ds.status = TIC_DATASET_UNKNOWN_LABEL;
		} else if (!(dec->flags_ & TIC_DECODER_NO_VALUE_CHECK)) {
			int has_h = ds.horodate != NULL;
			if (has_h != (ds.info->horodate != 0) ||
			    (has_h && !horodate_shape_ok(ds.horodate, ds.horodate_len)) ||
			    !value_ok(ds.info, ds.value, ds.value_len))
				ds.status = TIC_DATASET_BAD_VALUE;
		}
		if (ds.status == TIC_DATASET_OK && dec->mode_ == TIC_MODE_AUTO)
			dec->mode_ = (uint8_t)gm; /* lock */
	}
	if (foreign) {
		/* TIC_RELOCK_RUN valid groups of the other mode in a row: the meter changed
		 * mode; follow it. Until then they are not data. */
		if (ds.status == TIC_DATASET_OK && ++dec->foreign_run_ >= TIC_RELOCK_RUN) {
			dec->mode_ = (uint8_t)gm;
			dec->foreign_run_ = 0;
		} else {
			if (ds.status != TIC_DATASET_OK)
				dec->foreign_run_ = 0;
			ds.status = TIC_DATASET_MALFORMED;
		}
	} else if (ds.status == TIC_DATASET_OK) {
		dec->foreign_run_ = 0;
		/* The common case, inline: a valid dataset. */
		ds.in_frame = dec->in_frame_;
		dec->counters.datasets_valid++;
		dec->frame_valid_++;
		return (cb && cb->dataset) ? cb->dataset(user, &ds) : 0;
	}
	return report(dec, &ds, cb, user);
}

static int frame_end(tic_decoder *dec, tic_frame_status st, const tic_callbacks *cb, void *user)
{
	tic_frame f;
	f.status = st;
	f.mode = (tic_mode)dec->mode_;
	f.valid = dec->frame_valid_;
	f.invalid = dec->frame_invalid_;
	f.bad_checksum = dec->frame_badck_;
	dec->in_frame_ = 0;
	if (st == TIC_FRAME_COMPLETE)
		dec->counters.frames_complete++;
	else
		dec->counters.frames_aborted++;
	return (cb && cb->frame_end) ? cb->frame_end(user, &f) : 0;
}

static int frame_begin(tic_decoder *dec, const tic_callbacks *cb, void *user)
{
	dec->in_frame_ = 1;
	dec->frame_valid_ = dec->frame_invalid_ = dec->frame_badck_ = 0;
	return (cb && cb->frame_begin) ? cb->frame_begin(user) : 0;
}

/* A framing byte (STX, ETX, EOT) seen outside a group. Returns non-zero to stop. */
static TIC_NOINLINE_ int framing(tic_decoder *dec, unsigned k, const tic_callbacks *cb, void *user)
{
	int r = 0;
	switch (k) {
	case C_STX:
		if (dec->in_frame_)
			r |= frame_end(dec, (dec->flags_ & TIC_DECODER_COOKED_TTY) ? TIC_FRAME_COMPLETE
									 : TIC_FRAME_RESTARTED,
				       cb, user);
		r |= frame_begin(dec, cb, user);
		break;
	case C_ETX:
		if (dec->in_frame_)
			r |= frame_end(dec, TIC_FRAME_COMPLETE, cb, user);
		else
			dec->counters.bytes_skipped++;
		break;
	default: /* C_EOT */
		if (dec->in_frame_)
			r |= frame_end(dec, TIC_FRAME_ABORTED, cb, user);
		else
			dec->counters.bytes_skipped++;
		break;
	}
	return r;
}


size_t tic_decoder_feed(tic_decoder *dec, const void *data, size_t len, const tic_callbacks *cb,
			void *user)
{
	if (!dec)
		return 0;
	if (!data) {
		dec->error_ = len ? TIC_EINVAL : 0;
		return 0;
	}
	/* One byte per call (a UART interrupt) inside a group, the common case of that
	 * pattern: a text byte is stored at once, without the loop's set-up. */
	if (len == 1 && dec->state_ == ST_GROUP && dec->len_ < TIC_GROUP_MAX) {
		unsigned c = *(const uint8_t *)data & 0x7Fu;
		if (tic_class[c] == C_TEXT) {
			dec->buf_[dec->len_++] = (char)c;
			dec->sum_ = (uint8_t)(dec->sum_ + c);
			dec->counters.bytes_total++;
			dec->error_ = 0;
			return 1;
		}
	}
	const uint8_t *const start = (const uint8_t *)data;
	const uint8_t *p = start;
	const uint8_t *const end = p + len;
	char *const buf = dec->buf_;
	unsigned state = dec->state_;
	unsigned l = dec->len_;
	unsigned sum = dec->sum_;
	int stop = 0;
#ifdef TIC_SWAR
	/* Chosen once per call (auto mode locks inside a call; either loop is correct). */
	const int ht_aware = dec->mode_ != TIC_MODE_HISTORIC && dec->mode_ != TIC_MODE_PMEPMI;
#endif

	dec->error_ = 0;
	while (p < end && !stop) {
		unsigned c, k;
		if (state == ST_GROUP) {
		group:;
			size_t room = (size_t)(TIC_GROUP_MAX - l);
			size_t avail = (size_t)(end - p);
			const uint8_t *lim = p + (avail < room ? avail : room);
#ifdef TIC_SWAR
			/* Historic/PME-PMI: 8 bytes at a time up to the first control byte, DEL
			 * or bit 7 (an HT there ends the span: it is an error in these modes). */
			uint64_t lanes = 0; /* byte sum of the words below, folded once */
			if (!ht_aware) {
				while (lim - p >= 8) {
					uint64_t x;
					memcpy(&x, p, 8);
					uint64_t m = swar_special(x);
					memcpy(buf + l, &x, 8);
					if (m) {
						unsigned nb = (unsigned)__builtin_ctzll(m) >> 3;
						lanes += swar_pairs(x & ((1ull << (8u * nb)) - 1u));
						l += nb;
						p += nb;
						goto swar_stop;
					}
					lanes += swar_pairs(x);
					l += 8;
					p += 8;
				}
			}
			/* Standard/auto: the same, but HT separators are recorded on the way
			 * instead of ending the span. */
			else while (lim - p >= 8) {
				uint64_t x;
				memcpy(&x, p, 8);
				uint64_t ht = swar_ht(x);
				uint64_t m = swar_special(x | (ht >> 1)); /* HT 0x09 -> 0x49 */
				unsigned nb = 8;
				memcpy(buf + l, &x, 8);
				if (m) {
					nb = (unsigned)__builtin_ctzll(m) >> 3;
					uint64_t keep = (1ull << (8u * nb)) - 1u;
					x &= keep;
					ht &= keep;
				}
				lanes += swar_pairs(x);
				if (ht) {
					/* nht_ <= l < 256: no saturation needed */
					unsigned n = dec->nht_;
					do {
						if (n < 2)
							dec->ht_[n] = (uint8_t)(l + ((unsigned)__builtin_ctzll(ht) >> 3));
						n++;
						ht &= ht - 1u;
					} while (ht);
					dec->nht_ = (uint8_t)n;
				}
				l += nb;
				p += nb;
				if (m)
					goto swar_stop;
			}
			if (lanes) /* nothing to fold when fed a few bytes at a time */
				sum += swar_fold(lanes);
			if (0) {
			swar_stop:
				sum += swar_fold(lanes);
				/* p is at the byte that stopped the 8-byte loop: a control byte
				 * (classified here at once) or a byte with bit 7 set (text). */
				c = *p & 0x7Fu;
				k = tic_class[c];
				if (k != C_TEXT) {
					p++;
					goto classified;
				}
			}
#endif
			for (;;) {
				if (p == lim)
					break;
				c = *p & 0x7Fu;
				if (tic_class[c] != C_TEXT)
					break;
				buf[l++] = (char)c;
				sum += c;
				p++;
			}
			if (p == lim) {
				if (p == end)
					break; /* need more input */
				/* Group longer than TIC_GROUP_MAX: report, skip to its end. */
				state = ST_OVERLONG;
				stop = report_raw(dec, l, TIC_DATASET_OVERLONG, cb, user);
				l = 0;
				continue;
			}
			c = *p++ & 0x7Fu;
			k = tic_class[c];
#ifdef TIC_SWAR
		classified:
#endif
			if (k == C_HT) {
				if (dec->nht_ < 2)
					dec->ht_[dec->nht_] = (uint8_t)l;
				if (dec->nht_ < 255)
					dec->nht_++;
				buf[l++] = (char)c;
				sum += c;
				continue;
			}
			/* The group ends here, one way or another. */
			state = ST_IDLE;
			if (k == C_CR || (k == C_LF && l > 0 && (dec->flags_ & TIC_DECODER_COOKED_TTY))) {
				stop = end_group(dec, l, sum, cb, user);
				/* Fast path: the LF of the next group usually follows at once. */
				if (k == C_CR && p < end && (*p & 0x7Fu) == ASCII_LF) {
					p++;
					state = ST_GROUP;
					l = 0;
					sum = 0;
					dec->nht_ = 0;
					if (stop)
						break;
					goto group; /* p == end is handled there */
				}
			} else if (l > 0) {
				stop = report_raw(dec, l, TIC_DATASET_MALFORMED, cb, user);
			}
			l = 0;
			if (k == C_CR || k == C_CTRL)
				continue;
			/* LF (a new group), STX, ETX, EOT: handled below as in the idle state. */
		} else {
			c = *p++ & 0x7Fu;
			k = tic_class[c];
			if (state == ST_OVERLONG) {
				dec->counters.bytes_skipped++;
				if (k == C_TEXT || k == C_HT || k == C_CTRL)
					continue;
				state = ST_IDLE;
				if (k == C_CR)
					continue;
				dec->counters.bytes_skipped--; /* LF/STX/ETX/EOT are acted upon */
			}
		}
		/* Idle: act on framing bytes, skip the rest. */
		switch (k) {
		case C_LF:
			state = ST_GROUP;
			l = 0;
			sum = 0;
			dec->nht_ = 0;
			break;
		case C_STX:
		case C_ETX:
		case C_EOT:
			stop = framing(dec, k, cb, user);
			break;
		default:
			dec->counters.bytes_skipped++;
			break;
		}
	}
	dec->state_ = (uint8_t)state;
	dec->len_ = (uint8_t)l;
	dec->sum_ = (uint8_t)sum;
	dec->counters.bytes_total += (uint32_t)(p - start);
	if (stop)
		dec->error_ = TIC_ECALLBACK;
	return (size_t)(p - start);
}

int tic_decoder_finish(tic_decoder *dec, const tic_callbacks *cb, void *user)
{
	int r = 0;
	if (!dec)
		return TIC_EINVAL;
	if (dec->state_ == ST_GROUP && dec->len_ > 0)
		r |= report_raw(dec, dec->len_, TIC_DATASET_MALFORMED, cb, user);
	dec->state_ = ST_IDLE;
	dec->len_ = 0;
	dec->sum_ = 0;
	dec->nht_ = 0;
	if (dec->in_frame_)
		r |= frame_end(dec, TIC_FRAME_FLUSHED, cb, user);
	return r ? TIC_ECALLBACK : TIC_OK;
}
