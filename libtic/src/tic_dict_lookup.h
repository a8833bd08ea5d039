/* libtic (private): the label lookup, inline, shared by tic_dict.c and the decoder.
 *
 * The tables are defined once, in tic_dict.c; this header lets the decoder inline
 * the common lookup (a label of up to 8 bytes: one hash, usually one probe)
 * instead of calling across files. Not installed. */
#ifndef TIC_DICT_LOOKUP_H
#define TIC_DICT_LOOKUP_H

#include <stddef.h>
#include <stdint.h>
#include "tic/dict.h"
#include "tic_dict_index.h"

/* The label table (tic_dict.c). */
extern const tic_label_info tic_dict_labels_[TIC_LABEL_COUNT];

/* Slot of a key (the first 8 bytes of the name, little-endian, zero-padded).
 * Must match libtic/tools/gen_dict_index.py. The length is left out: up to 8 bytes
 * the key alone tells names apart; longer names are compared in full. */
#define TIC_DICT_SLOT_(key) ((unsigned)(((key) * TIC_DICT_MULT) >> 55))

/* Labels longer than 8 bytes (PME-PMI names), out of line (tic_dict.c). */
const tic_label_info *tic_dict_find_long_(uint64_t key, const char *name, size_t len,
					  unsigned modes);

/* The entry for a name of len bytes (1..32) with that key, among the labels of
 * the modes in the bit set `modes`, or NULL. */
static inline const tic_label_info *tic_dict_lookup_(uint64_t key, const char *name, size_t len,
						     unsigned modes)
{
	if (len > 8)
		return tic_dict_find_long_(key, name, len, modes);
	/* The index always has empty slots (tic_dict.c checks it), so a run ends. */
	for (unsigned s = TIC_DICT_SLOT_(key);; s = (s + 1u) & (TIC_DICT_INDEX_SIZE - 1u)) {
		unsigned e = tic_dict_index[s];
		if (e == 0)
			return NULL;
		e--;
		/* Up to 8 bytes, key and length identify the name. */
		if (tic_dict_keys[e] == key && tic_dict_lens[e] == len &&
		    (tic_dict_labels_[e].modes & modes))
			return &tic_dict_labels_[e];
	}
}

#endif /* TIC_DICT_LOOKUP_H */
