/**
 * @file tic/decoder.h
 * @brief The streaming push decoder of TIC byte streams (no heap, no I/O).
 *
 * The caller owns a ::tic_decoder (a plain struct: `sizeof(tic_decoder)` bytes,
 * about 180 with the default #TIC_GROUP_MAX), initialises it once with
 * tic_decoder_init() and feeds it any number of bytes at a time with
 * tic_decoder_feed(). The decoder calls back, through a `const` ::tic_callbacks
 * table and a `void *user` pointer, once per frame start, per valid dataset, per
 * rejected dataset and per frame end. Strings passed to callbacks point into the
 * decoder's buffer, are NUL-terminated and valid only during the callback.
 *
 * Framing (NOI-CPT_02E / NOI-CPT_54E): a frame is STX … ETX; a dataset
 * ("information group") is LF … CR. EOT aborts the frame in progress; an STX
 * before ETX restarts the frame; bytes outside groups are skipped and counted.
 * Groups are decoded wherever they occur, also outside STX…ETX (a stream picked
 * up mid-frame still yields its checksum-verified datasets; tic_dataset::in_frame
 * tells which). Bit 7 of every byte is ignored, so a port opened 8N1 on the 7E1
 * line decodes the same.
 *
 * Validation: every dataset's checksum is checked, then its value against its
 * label's character set and length (::tic_label_info). A dataset that fails any
 * check goes to tic_callbacks::invalid with the reason, never to
 * tic_callbacks::dataset.
 *
 * @par Thread-safety
 * One decoder, one thread at a time; distinct decoders are independent.
 */
#ifndef TIC_DECODER_H
#define TIC_DECODER_H

#include <stddef.h>
#include <stdint.h>
#include "tic/config.h"
#include "tic/error.h"
#include "tic/dict.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @defgroup tic_decoder Decoder
 *  @{ */

/** Which checksum convention to accept for historic-mode groups. */
typedef enum tic_checksum_rule {
	/** Spec rule: historic "mode 1" (sum of label SP data, last separator excluded);
	 *  standard mode always includes the last separator (NOI-CPT_54E §5.3.6). */
	TIC_CHECKSUM_SPEC = 0,
	/** Historic groups use "mode 2": the separator before the checksum is included
	 *  (NOI-CPT_02E's alternative; see docs/guides/libtic.md for the meters). */
	TIC_CHECKSUM_MODE2 = 1,
	/** Historic groups may use either convention (they can never both match). */
	TIC_CHECKSUM_EITHER = 2
} tic_checksum_rule;

/** Option flag: skip the per-label character-set/length check (checksum only). */
#define TIC_DECODER_NO_VALUE_CHECK 0x01u
/** Option flag: tolerate a cooked tty (ICRNL turns CR into LF, VINTR swallows ETX):
 *  an LF ends a pending group whose checksum verifies, and an STX after a group
 *  ends the open frame as complete. Off by default. */
#define TIC_DECODER_COOKED_TTY 0x02u
/** Option flag: also report unknown labels as invalid (default: unknown labels
 *  with a good checksum are valid datasets with tic_dataset::info NULL). */
#define TIC_DECODER_STRICT_LABELS 0x04u

/** Version of ::tic_decoder_options this header describes. */
#define TIC_DECODER_OPTIONS_VERSION 1

/** Decoder options. Start from #TIC_DECODER_OPTIONS_INIT. */
typedef struct tic_decoder_options {
	unsigned int version;       /**< TIC_DECODER_OPTIONS_VERSION */
	tic_mode mode;              /**< TIC_MODE_AUTO (default), _HISTORIC, _STANDARD, _PMEPMI */
	tic_checksum_rule historic_checksum; /**< TIC_CHECKSUM_SPEC by default */
	unsigned int flags;         /**< TIC_DECODER_* flags */
} tic_decoder_options;

/** Default options: auto mode, spec checksums, value checks on. */
#define TIC_DECODER_OPTIONS_INIT { TIC_DECODER_OPTIONS_VERSION, TIC_MODE_AUTO, TIC_CHECKSUM_SPEC, 0u }

/** Why a dataset was rejected (tic_dataset::status). */
typedef enum tic_dataset_status {
	TIC_DATASET_OK = 0,           /**< valid */
	TIC_DATASET_BAD_CHECKSUM = 1, /**< checksum does not match */
	TIC_DATASET_BAD_VALUE = 2,    /**< checksum matches, value fails the label's charset/length */
	TIC_DATASET_MALFORMED = 3,    /**< no separator, wrong separator, stray control byte, cut by STX/EOT/LF */
	TIC_DATASET_OVERLONG = 4,     /**< longer than TIC_GROUP_MAX: dropped */
	TIC_DATASET_UNKNOWN_LABEL = 5 /**< label not in the dictionary (only with TIC_DECODER_STRICT_LABELS) */
} tic_dataset_status;

/** A dataset (information group), valid or not. Strings are NUL-terminated. */
typedef struct tic_dataset {
	const char *label;    /**< label ("" when the group could not be split) */
	const char *value;    /**< value; may be empty ("DATE") and contain spaces */
	const char *horodate; /**< horodate (standard mode), NULL when the group has none */
	size_t label_len;     /**< strlen(label) */
	size_t value_len;     /**< strlen(value) */
	size_t horodate_len;  /**< strlen(horodate), 0 when none */
	const tic_label_info *info; /**< dictionary entry, NULL for an unknown label */
	tic_mode mode;        /**< mode the group was decoded in */
	tic_dataset_status status; /**< TIC_DATASET_OK or why it was rejected */
	unsigned char checksum;    /**< checksum byte received (0 when absent) */
	unsigned char expected;    /**< checksum computed under the mode's rule */
	uint8_t in_frame;          /**< 1 if inside STX…ETX */
} tic_dataset;

/** How a frame ended (tic_frame::status). */
typedef enum tic_frame_status {
	TIC_FRAME_COMPLETE = 0,  /**< ended by ETX */
	TIC_FRAME_ABORTED = 1,   /**< EOT: transmission interrupted */
	TIC_FRAME_RESTARTED = 2, /**< a new STX came before ETX */
	TIC_FRAME_FLUSHED = 3    /**< tic_decoder_finish() at end of input */
} tic_frame_status;

/** Frame summary given to tic_callbacks::frame_end. */
typedef struct tic_frame {
	tic_frame_status status; /**< how it ended */
	tic_mode mode;           /**< mode of its groups (the locked mode in auto) */
	unsigned int valid;      /**< datasets passed to tic_callbacks::dataset */
	unsigned int invalid;    /**< datasets passed to tic_callbacks::invalid */
	unsigned int bad_checksum; /**< of which with a bad checksum */
} tic_frame;

/**
 * @brief Callbacks (keep the table `const`: it can live in flash). Any may be NULL.
 * A non-zero return stops tic_decoder_feed() right after the byte that triggered
 * the call; it returns the bytes consumed so far and tic_decoder_error() gives
 * #TIC_ECALLBACK. Feeding the rest of the buffer later resumes exactly.
 */
typedef struct tic_callbacks {
	int (*frame_begin)(void *user);                             /**< STX seen */
	int (*dataset)(void *user, const tic_dataset *ds);          /**< a valid dataset */
	int (*invalid)(void *user, const tic_dataset *ds);          /**< a rejected dataset */
	int (*frame_end)(void *user, const tic_frame *frame);       /**< ETX, EOT, restart… */
} tic_callbacks;

/** Counters since tic_decoder_init() (wrap at 2^32). */
typedef struct tic_counters {
	uint32_t frames_complete;       /**< frames ended by ETX */
	uint32_t frames_aborted;        /**< frames ended by EOT, restart or flush */
	uint32_t datasets_valid;        /**< datasets delivered as valid */
	uint32_t datasets_bad_checksum; /**< rejected: checksum */
	uint32_t datasets_bad_value;    /**< rejected: value charset/length, unknown label (strict) */
	uint32_t datasets_malformed;    /**< rejected: malformed/cut groups */
	uint32_t fields_overlong;       /**< rejected: groups longer than TIC_GROUP_MAX */
	uint32_t bytes_skipped;         /**< bytes outside groups other than framing bytes */
	uint32_t bytes_total;           /**< every byte consumed */
} tic_counters;

/**
 * @brief Decoder state, owned by the caller. All members are private except
 * `counters`, which may be read (not written) at any time.
 */
typedef struct tic_decoder {
	tic_counters counters;  /**< public, read-only */
	/** @cond PRIVATE */
	uint16_t frame_valid_, frame_invalid_, frame_badck_;
	uint8_t opt_mode_, mode_, cks_rule_, flags_;
	uint8_t state_;         /* outside group / in group / skipping an overlong group */
	uint8_t in_frame_;
	uint8_t len_;           /* bytes in buf_ */
	uint8_t sum_;           /* running sum of buf_ */
	uint8_t nht_;           /* HT separators seen */
	uint8_t ht_[2];         /* positions of the first two HT */
	int8_t error_;          /* last feed's error (0 or TIC_ECALLBACK) */
	char buf_[TIC_GROUP_MAX + 2];
	/** @endcond */
} tic_decoder;

/**
 * @brief Initialises (or resets) a decoder.
 * @param dec the decoder (caller memory).
 * @param opts options, or NULL for #TIC_DECODER_OPTIONS_INIT.
 * @return 0, #TIC_EINVAL (NULL decoder, bad mode/rule), #TIC_EVERSION (unknown
 *         options version).
 */
TIC_API TIC_WARN_UNUSED int tic_decoder_init(tic_decoder *dec, const tic_decoder_options *opts);

/**
 * @brief Feeds bytes.
 * @param dec an initialised decoder (NULL: returns 0).
 * @param data bytes to decode (NULL only with @p len 0).
 * @param len number of bytes; any size, 1 included.
 * @param cb callbacks (NULL: nothing is called, counters still count).
 * @param user passed to every callback.
 * @return bytes consumed: @p len, or fewer when a callback returned non-zero
 *         (then tic_decoder_error() is #TIC_ECALLBACK).
 */
TIC_API size_t tic_decoder_feed(tic_decoder *dec, const void *data, size_t len,
				const tic_callbacks *cb, void *user);

/**
 * @brief Ends the input: a group in progress is reported as malformed and an open
 * frame ends with TIC_FRAME_FLUSHED. The decoder stays usable (as after a reset
 * that keeps counters and the locked mode).
 * @return 0, #TIC_EINVAL (NULL decoder), #TIC_ECALLBACK.
 */
TIC_API TIC_WARN_UNUSED int tic_decoder_finish(tic_decoder *dec, const tic_callbacks *cb, void *user);

/**
 * @brief Error of the last tic_decoder_feed(): 0 or #TIC_ECALLBACK (#TIC_EINVAL for NULL).
 */
TIC_API int tic_decoder_error(const tic_decoder *dec);

/**
 * @brief Mode the decoder is in: the configured one, or in auto mode the mode it
 * locked onto (TIC_MODE_AUTO until the first valid dataset).
 * @return a #tic_mode; TIC_MODE_AUTO for NULL.
 */
TIC_API tic_mode tic_decoder_mode(const tic_decoder *dec);

/**
 * @brief sizeof(tic_decoder) of the library (compare with the header's when loading
 * the shared library dynamically).
 */
TIC_API size_t tic_decoder_size(void);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* TIC_DECODER_H */
