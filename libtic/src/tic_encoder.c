/* libtic: encoder of datasets and frames. See tic/encoder.h. */
#include <string.h>
#include "tic/encoder.h"

unsigned char tic_checksum(const void *data, size_t len)
{
	const unsigned char *p = (const unsigned char *)data;
	unsigned s = 0;
	if (p)
		for (size_t i = 0; i < len; i++)
			s += p[i];
	return (unsigned char)((s & 0x3Fu) + 0x20u);
}

/* Printable (HT excluded); a label has no SP either. Values may hold SP: standard
 * values do (NGTF, PJOURF+1), and historic/PME-PMI decoders split at the first SP. */
static int field_ok(const char *s, int is_label)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20u || c > 0x7Eu || (is_label && c == ' '))
			return 0;
	}
	return 1;
}

/* Writes one dataset at out[0..cap) without NUL; returns its length or a negative code. */
static long encode_one(tic_mode mode, const tic_field *f, unsigned flags, char *out, size_t cap)
{
	if (!f || !f->label || !f->value || !f->label[0])
		return TIC_EINVAL;
	char sep = mode == TIC_MODE_STANDARD ? '\t' : ' ';
	if (f->horodate && mode != TIC_MODE_STANDARD)
		return TIC_EINVAL;
	if (!field_ok(f->label, 1) || !field_ok(f->value, 0) ||
	    (f->horodate && !field_ok(f->horodate, 0)))
		return TIC_EINVAL;
	size_t ll = strlen(f->label), vl = strlen(f->value);
	size_t hl = f->horodate ? strlen(f->horodate) + 1 : 0;
	size_t n = 1 + ll + 1 + hl + vl + 1 + 1 + 1;
	if (n > cap)
		return TIC_ENOSPC;
	char *p = out;
	*p++ = '\n';
	memcpy(p, f->label, ll);
	p += ll;
	*p++ = sep;
	if (f->horodate) {
		memcpy(p, f->horodate, hl - 1);
		p += hl - 1;
		*p++ = sep;
	}
	memcpy(p, f->value, vl);
	p += vl;
	int include_sep = mode == TIC_MODE_STANDARD || (flags & TIC_ENCODE_MODE2);
	if (include_sep)
		*p++ = sep;
	unsigned char ck = tic_checksum(out + 1, (size_t)(p - out - 1));
	if (!include_sep)
		*p++ = sep;
	*p++ = (char)ck;
	*p++ = '\r';
	return (long)(p - out);
}

static int mode_ok(tic_mode mode)
{
	return mode == TIC_MODE_HISTORIC || mode == TIC_MODE_STANDARD || mode == TIC_MODE_PMEPMI;
}

int tic_encode_dataset(tic_mode mode, const tic_field *field, unsigned flags, char *out,
		       size_t cap, size_t *written)
{
	if (!out || !mode_ok(mode) || (flags & ~TIC_ENCODE_MODE2))
		return TIC_EINVAL;
	if (cap == 0)
		return TIC_ENOSPC;
	long n = encode_one(mode, field, flags, out, cap - 1);
	if (n < 0)
		return (int)n;
	out[n] = '\0';
	if (written)
		*written = (size_t)n;
	return 0;
}

int tic_encode_frame(tic_mode mode, const tic_field *fields, size_t n, unsigned flags, char *out,
		     size_t cap, size_t *written)
{
	if (!out || !mode_ok(mode) || (!fields && n) || (flags & ~TIC_ENCODE_MODE2))
		return TIC_EINVAL;
	if (cap < 3)
		return TIC_ENOSPC;
	size_t pos = 0;
	out[pos++] = '\x02';
	for (size_t i = 0; i < n; i++) {
		long k = encode_one(mode, &fields[i], flags, out + pos, cap - 2 - pos);
		if (k < 0)
			return (int)k;
		pos += (size_t)k;
	}
	out[pos++] = '\x03';
	out[pos] = '\0';
	if (written)
		*written = pos;
	return 0;
}
