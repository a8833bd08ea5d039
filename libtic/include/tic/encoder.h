/**
 * @file tic/encoder.h
 * @brief Encoder: produces byte-exact TIC datasets and frames (tests, simulators,
 * meter emulators). No heap: the caller gives the output buffer.
 *
 * @par Thread-safety
 * Pure functions: safe from any thread.
 */
#ifndef TIC_ENCODER_H
#define TIC_ENCODER_H

#include <stddef.h>
#include "tic/config.h"
#include "tic/error.h"
#include "tic/dict.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @defgroup tic_encoder Encoder
 *  @{ */

/** Flag: historic checksum "mode 2" (the separator before the checksum included). */
#define TIC_ENCODE_MODE2 0x01u

/** One dataset to encode. */
typedef struct tic_field {
	const char *label;    /**< label, non-empty, printable, without SP */
	const char *horodate; /**< standard mode only: horodate, or NULL */
	const char *value;    /**< value (may be empty; SP allowed; no HT, no control byte) */
} tic_field;

/**
 * @brief The TIC checksum of bytes: ((sum of bytes) & 0x3F) + 0x20.
 * @param data bytes (NULL gives the checksum of nothing, 0x20). @param len their number.
 * @return the checksum character (0x20..0x5F).
 */
TIC_API unsigned char tic_checksum(const void *data, size_t len);

/**
 * @brief Encodes one dataset: LF label SEP [horodate SEP] value SEP checksum CR.
 * @param mode TIC_MODE_HISTORIC, _STANDARD or _PMEPMI (SEP is HT in standard, SP otherwise).
 * @param field the dataset.
 * @param flags TIC_ENCODE_* (only meaningful in historic/PME-PMI mode).
 * @param out output buffer; receives the bytes and a terminating NUL.
 * @param cap its size.
 * @param written receives the number of bytes (NUL excluded); may be NULL.
 * @return 0, #TIC_EINVAL (NULL, bad mode, empty label, SP in a label,
 *         HT/control byte in any field, horodate outside standard mode), #TIC_ENOSPC (@p cap too small).
 */
TIC_API TIC_WARN_UNUSED int tic_encode_dataset(tic_mode mode, const tic_field *field,
					       unsigned flags, char *out, size_t cap,
					       size_t *written);

/**
 * @brief Encodes a frame: STX, the datasets, ETX.
 * @param mode as for tic_encode_dataset(). @param fields datasets (NULL only with n 0).
 * @param n their number. @param flags TIC_ENCODE_*. @param out, cap, written as above.
 * @return as tic_encode_dataset().
 */
TIC_API TIC_WARN_UNUSED int tic_encode_frame(tic_mode mode, const tic_field *fields, size_t n,
					     unsigned flags, char *out, size_t cap,
					     size_t *written);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* TIC_ENCODER_H */
