/**
 * @file ems/decode.h
 * @brief Decoding and encoding of numbers held in Modbus registers.
 *
 * libemsmeter decodes the 16-bit register words itself (libmodbus's float
 * helpers changed meaning between versions). Word order names follow the usual
 * byte letters of a 32-bit value A (most significant) .. D.
 */
#ifndef EMS_DECODE_H
#define EMS_DECODE_H

#include <stddef.h>
#include <stdint.h>
#include "ems/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Register value types. */
typedef enum ems_type {
	EMS_TYPE_U16 = 0,  /**< unsigned 16 bits, 1 word; sentinel 0xFFFF */
	EMS_TYPE_S16,      /**< signed 16 bits, 1 word; sentinel 0x8000 */
	EMS_TYPE_U32,      /**< unsigned 32 bits, 2 words; sentinel 0xFFFFFFFF */
	EMS_TYPE_S32,      /**< signed 32 bits, 2 words; sentinel 0x80000000 */
	EMS_TYPE_U64,      /**< unsigned 64 bits, 4 words; sentinel all ones */
	EMS_TYPE_S64,      /**< signed 64 bits, 4 words; sentinel 0x8000000000000000 */
	EMS_TYPE_FLOAT32,  /**< IEEE 754 single, 2 words; sentinel NaN (and infinities) */
	EMS_TYPE_BIT       /**< one coil or discrete input (function codes 1, 2) */
} ems_type;

/** Order of words (and bytes) of multi-word values. */
typedef enum ems_word_order {
	EMS_ORDER_ABCD = 0, /**< big endian: most significant word first (Modbus default) */
	EMS_ORDER_CDAB,     /**< least significant word first, bytes big endian in each word */
	EMS_ORDER_BADC,     /**< most significant word first, bytes swapped in each word */
	EMS_ORDER_DCBA      /**< little endian: least significant word first, bytes swapped */
} ems_word_order;

/** @brief Number of 16-bit words a type takes (1 for EMS_TYPE_BIT); 0 for an unknown type. */
EMS_API size_t ems_type_words(ems_type t);

/**
 * @brief Decode one value from register words.
 * @param words the words as libmodbus returns them (host order, one register each).
 * @param nwords how many words are available at @p words.
 * @param t the type; @param order the word order.
 * @param check_sentinel 1 to report the type's "not available" value as EMS_ENOTFOUND.
 * @param[out] out the raw value as a double (exact for every 32-bit value; 64-bit
 *             values above 2^53 lose low bits).
 * @return EMS_OK; EMS_ENOTFOUND for a sentinel or a non-finite float (with
 *         check_sentinel, and always for NaN); EMS_EINVAL on NULL, an unknown type
 *         or order, or too few words.
 */
EMS_API int ems_decode(const uint16_t *words, size_t nwords, ems_type t, ems_word_order order,
		       int check_sentinel, double *out) EMS_WARN_UNUSED;

/**
 * @brief Encode a value into register words (the inverse of ems_decode()).
 * The value is rounded to the nearest integer for integer types.
 * @return EMS_OK; EMS_ERANGE if it does not fit the type; EMS_EINVAL on NULL,
 *         a non-finite value for an integer type, an unknown type/order or too few words.
 */
EMS_API int ems_encode(double value, ems_type t, ems_word_order order, uint16_t *words,
		       size_t nwords) EMS_WARN_UNUSED;

/** @brief Parse a type name ("u16", "s16", "u32", "s32", "u64", "s64", "float32", "bit"). */
EMS_API int ems_type_from_name(const char *name, ems_type *out) EMS_WARN_UNUSED;
/** @brief Parse a word order name ("abcd"/"big", "cdab"/"swapped", "badc", "dcba"/"little"). */
EMS_API int ems_word_order_from_name(const char *name, ems_word_order *out) EMS_WARN_UNUSED;

#ifdef __cplusplus
}
#endif

#endif /* EMS_DECODE_H */
