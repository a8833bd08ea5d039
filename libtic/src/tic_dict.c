/* libtic: the label dictionary (table, hash lookup, value checks). See tic/dict.h. */
#include <string.h>
#include "tic/dict.h"
#define TIC_DICT_INDEX_DEFINE_ /* the index tables are defined here */
#include "tic_dict_lookup.h"

#ifdef TIC_NO_DESCRIPTIONS
#define TIC_DESC_(d) ""
#else
#define TIC_DESC_(d) d
#endif

const tic_label_info tic_dict_labels_[TIC_LABEL_COUNT] = {
#define TIC_LABEL_ROW_(id, name, modes, type, unit, minl, maxl, hd, fl, desc)                      \
	{name, TIC_DESC_(desc), (uint16_t)TIC_L_##id, (uint8_t)(modes), (uint8_t)(type),          \
	 (uint8_t)(unit), (uint8_t)(minl), (uint8_t)(maxl), (uint8_t)(hd), (uint8_t)(fl)},
	TIC_LABEL_MAP(TIC_LABEL_ROW_)
#undef TIC_LABEL_ROW_
};

/* The index must have been generated from this very table. */
typedef char tic_dict_index_matches_[(TIC_DICT_INDEX_LABELS == TIC_LABEL_COUNT) ? 1 : -1];

/* Must match libtic/tools/gen_dict_index.py. */
static uint64_t tic_dict_key(const char *s, size_t n)
{
	uint64_t k = 0;
	size_t m = n < 8 ? n : 8;
	for (size_t i = 0; i < m; i++)
		k |= (uint64_t)(unsigned char)s[i] << (8u * i);
	return k;
}

/* The index always has empty slots, so a probe run always ends. */
typedef char tic_dict_index_has_room_[(TIC_DICT_INDEX_LABELS < TIC_DICT_INDEX_SIZE) ? 1 : -1];

/* Labels longer than 8 bytes (PME-PMI names): the key holds only their first 8
 * bytes, so the rest is compared too. Kept out of the common lookup. */
const tic_label_info *tic_dict_find_long_(uint64_t key, const char *name, size_t len, unsigned modes)
{
	for (unsigned s = TIC_DICT_SLOT_(key);; s = (s + 1u) & (TIC_DICT_INDEX_SIZE - 1u)) {
		unsigned e = tic_dict_index[s];
		if (e == 0)
			return NULL;
		e--;
		const tic_label_info *li = &tic_dict_labels_[e];
		if (tic_dict_keys[e] == key && tic_dict_lens[e] == len && (li->modes & modes) &&
		    memcmp(li->name + 8, name + 8, len - 8) == 0)
			return li;
	}
}

const tic_label_info *tic_dict_get(int id)
{
	if (id < 0 || id >= (int)TIC_LABEL_COUNT)
		return NULL;
	return &tic_dict_labels_[id];
}

const tic_label_info *tic_dict_find(const char *name, size_t len, tic_mode mode)
{
	if (!name || len == 0 || len > 32)
		return NULL;
	unsigned bit = mode == TIC_MODE_AUTO ? 0xFFu : TIC_MODE_BIT(mode);
	return tic_dict_lookup_(tic_dict_key(name, len), name, len, bit);
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

/* Character classes for value checks: bit set = allowed for the type. */
#define CC_TEXT 0x01u
#define CC_UINT 0x02u
#define CC_HEX 0x04u
#define CC_ID 0x08u
#define CC_ROW_(c)                                                                          \
	(uint8_t)(((c) >= 0x20 && (c) <= 0x7E ? CC_TEXT : 0u) |                              \
		  ((c) >= '0' && (c) <= '9' ? (CC_UINT | CC_HEX | CC_ID) : 0u) |             \
		  ((c) >= 'A' && (c) <= 'F' ? CC_HEX : 0u) |                                  \
		  (((c) >= 'A' && (c) <= 'Z') || ((c) >= 'a' && (c) <= 'z') ? CC_ID : 0u))
#define CC4_(c) CC_ROW_(c), CC_ROW_((c) + 1), CC_ROW_((c) + 2), CC_ROW_((c) + 3)
#define CC16_(c) CC4_(c), CC4_((c) + 4), CC4_((c) + 8), CC4_((c) + 12)
static const uint8_t tic_cclass[256] = {
	CC16_(0x00), CC16_(0x10), CC16_(0x20), CC16_(0x30), CC16_(0x40), CC16_(0x50),
	CC16_(0x60), CC16_(0x70), CC16_(0x80), CC16_(0x90), CC16_(0xA0), CC16_(0xB0),
	CC16_(0xC0), CC16_(0xD0), CC16_(0xE0), CC16_(0xF0)};

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
	unsigned need;
	switch (type) {
	case TIC_TYPE_UINT:
		need = CC_UINT;
		break;
	case TIC_TYPE_HEX:
		need = CC_HEX;
		break;
	case TIC_TYPE_ID:
		need = CC_ID;
		break;
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
		need = CC_TEXT;
		break;
	}
	unsigned acc = 0xFFu;
	for (i = 0; i < len; i++)
		acc &= tic_cclass[v[i]];
	return (acc & need) ? 0 : TIC_EFORMAT;
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
