/* libtic: the label dictionary (table, hash lookup, value checks). See tic/dict.h. */
#include <string.h>
#include "tic/dict.h"
#include "tic_dict_index.h"

#ifdef TIC_NO_DESCRIPTIONS
#define TIC_DESC_(d) ""
#else
#define TIC_DESC_(d) d
#endif

static const tic_label_info tic_labels[TIC_LABEL_COUNT] = {
#define TIC_LABEL_ROW_(id, name, modes, type, unit, minl, maxl, hd, fl, desc)                      \
	{name, TIC_DESC_(desc), (uint16_t)TIC_L_##id, (uint8_t)(modes), (uint8_t)(type),          \
	 (uint8_t)(unit), (uint8_t)(minl), (uint8_t)(maxl), (uint8_t)(hd), (uint8_t)(fl)},
	TIC_LABEL_MAP(TIC_LABEL_ROW_)
#undef TIC_LABEL_ROW_
};

/* The index must have been generated from this very table. */
typedef char tic_dict_index_matches_[(TIC_DICT_INDEX_LABELS == TIC_LABEL_COUNT) ? 1 : -1];

/* Must match libtic/tools/gen_dict_index.py. */
static uint32_t tic_dict_hash(const char *s, size_t n)
{
	uint32_t v = 5381u;
	for (size_t i = 0; i < n; i++)
		v = (v * 33u) ^ (uint32_t)(unsigned char)s[i];
	return (v * 0xC2B2AE35u) >> 23;
}

const tic_label_info *tic_dict_get(int id)
{
	if (id < 0 || id >= (int)TIC_LABEL_COUNT)
		return NULL;
	return &tic_labels[id];
}

const tic_label_info *tic_dict_find(const char *name, size_t len, tic_mode mode)
{
	if (!name || len == 0 || len > 32)
		return NULL;
	unsigned bit = mode == TIC_MODE_AUTO ? 0xFFu : TIC_MODE_BIT(mode);
	uint32_t s = tic_dict_hash(name, len);
	for (unsigned probes = 0; probes < TIC_DICT_INDEX_SIZE; probes++) {
		unsigned e = tic_dict_index[s];
		if (e == 0)
			return NULL;
		const tic_label_info *li = &tic_labels[e - 1];
		if ((li->modes & bit) && memcmp(li->name, name, len) == 0 && li->name[len] == '\0')
			return li;
		s = (s + 1u) & (TIC_DICT_INDEX_SIZE - 1u);
	}
	return NULL;
}

static int is_digit(unsigned c)
{
	return c - '0' <= 9u;
}

static unsigned two(const unsigned char *p)
{
	return (p[0] - '0') * 10u + (p[1] - '0');
}

int tic_dict_time_ok_(const unsigned char *yymmdd, const unsigned char *hhmmss);
/* Ranges of a date and time given as digits (internal, shared with the decoder). */
int tic_dict_time_ok_(const unsigned char *yymmdd, const unsigned char *hhmmss)
{
	unsigned mo = two(yymmdd + 2), d = two(yymmdd + 4);
	return mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && two(hhmmss) <= 23 &&
	       two(hhmmss + 2) <= 59 && two(hhmmss + 4) <= 59;
}

int tic_dict_check(const tic_label_info *info, const char *value, size_t len)
{
	if (!value && len)
		return TIC_EINVAL;
	size_t maxl = info && info->max_len ? info->max_len : (size_t)-1;
	if (info && (len < info->min_len || len > maxl))
		return TIC_ERANGE;
	unsigned type = info ? info->type : (unsigned)TIC_TYPE_TEXT;
	const unsigned char *v = (const unsigned char *)value;
	size_t i;
	switch (type) {
	case TIC_TYPE_UINT:
		for (i = 0; i < len; i++)
			if (!is_digit(v[i]))
				return TIC_EFORMAT;
		return 0;
	case TIC_TYPE_HEX:
		for (i = 0; i < len; i++)
			if (!is_digit(v[i]) && (unsigned)(v[i] - 'A') > 5u)
				return TIC_EFORMAT;
		return 0;
	case TIC_TYPE_ID:
		for (i = 0; i < len; i++)
			if (!is_digit(v[i]) && (unsigned)((v[i] | 0x20u) - 'a') > 25u)
				return TIC_EFORMAT;
		return 0;
	case TIC_TYPE_EMPTY:
		return len == 0 ? 0 : TIC_ERANGE;
	case TIC_TYPE_DATE: {
		/* "dd/mm/yy hh:mm:ss" */
		static const char shape[] = "99/99/99 99:99:99";
		if (len != sizeof shape - 1)
			return TIC_ERANGE;
		unsigned char ymd[6] = {v[6], v[7], v[3], v[4], v[0], v[1]};
		unsigned char hms[6] = {v[9], v[10], v[12], v[13], v[15], v[16]};
		for (i = 0; i < len; i++)
			if (shape[i] == '9' ? !is_digit(v[i]) : v[i] != (unsigned char)shape[i])
				return TIC_EFORMAT;
		return tic_dict_time_ok_(ymd, hms) ? 0 : TIC_EFORMAT;
	}
	default: /* TIC_TYPE_TEXT */
		for (i = 0; i < len; i++)
			if (v[i] < 0x20u || v[i] > 0x7Eu)
				return TIC_EFORMAT;
		return 0;
	}
}

const char *tic_unit_symbol(int unit)
{
	switch (unit) {
	case TIC_UNIT_WH: return "Wh";
	case TIC_UNIT_KWH: return "kWh";
	case TIC_UNIT_VARH: return "VArh";
	case TIC_UNIT_KVARH: return "kVArh";
	case TIC_UNIT_VAH: return "VAh";
	case TIC_UNIT_A: return "A";
	case TIC_UNIT_V: return "V";
	case TIC_UNIT_VA: return "VA";
	case TIC_UNIT_KVA: return "kVA";
	case TIC_UNIT_W: return "W";
	case TIC_UNIT_KW: return "kW";
	case TIC_UNIT_MIN: return "min";
	default: return "";
	}
}

const char *tic_mode_name(int mode)
{
	switch (mode) {
	case TIC_MODE_AUTO: return "auto";
	case TIC_MODE_HISTORIC: return "historic";
	case TIC_MODE_STANDARD: return "standard";
	case TIC_MODE_PMEPMI: return "pmepmi";
	default: return "?";
	}
}
