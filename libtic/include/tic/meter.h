/**
 * @file tic/meter.h
 * @brief The meter view: the latest value of every label, and one normalised reading.
 *
 * A ::tic_meter (caller memory, no heap; `sizeof(tic_meter)` is about 2.9 KB)
 * keeps the latest valid value (and horodate) of every dictionary label. Feed it
 * the decoder's valid datasets with tic_meter_update() and the frame ends with
 * tic_meter_frame_end(), or let tic_meter_feed() drive a decoder for you. Then
 * tic_meter_reading() gives a ::tic_reading: meter id, mode, phases, producer,
 * apparent power, currents, voltages, energy indexes per tariff period, current
 * period, Tempo colours, and the time of the frame it came from.
 *
 * Historic three-phase meters interleave short frames (ADCO, IINST1-3, ADIR1-3)
 * while a phase is over its setting: they update the values they carry; the
 * transient alarms ADPS and ADIR1-3 are dropped again at the end of the first
 * frame that no longer carries them.
 *
 * A change of ADCO/ADSC (another meter on the line) clears every stored value.
 *
 * @par Thread-safety
 * One meter, one thread at a time.
 */
#ifndef TIC_METER_H
#define TIC_METER_H

#include <stddef.h>
#include <stdint.h>
#include "tic/config.h"
#include "tic/error.h"
#include "tic/dict.h"
#include "tic/decoder.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @defgroup tic_meter Meter view
 *  @{ */

#ifndef TIC_METER_OPEN_MAX
/** Longest value kept for labels without a published length (PME-PMI). */
#define TIC_METER_OPEN_MAX 24
#endif

/** @cond PRIVATE */
#define TIC_STORE_LEN_(maxl, hd) (((maxl) ? (maxl) : TIC_METER_OPEN_MAX) + 1 + ((hd) ? 14 : 0))
struct tic_meter_store_ {
#define TIC_STORE_MEMBER_(id, name, modes, type, unit, minl, maxl, hd, fl, desc) \
	char id[TIC_STORE_LEN_(maxl, hd)];
	TIC_LABEL_MAP(TIC_STORE_MEMBER_)
#undef TIC_STORE_MEMBER_
};
/** @endcond */

/** The meter view (caller memory). All members are private. */
typedef struct tic_meter {
	/** @cond PRIVATE */
	uint8_t seen_[(TIC_LABEL_COUNT + 7) / 8];
	uint8_t fresh_;      /* transient alarms updated during the current frame */
	uint8_t mode_;
	uint32_t frames_;
	int64_t frame_time_;
	struct tic_meter_store_ store_;
	/** @endcond */
} tic_meter;

/** Number of energy indexes a reading carries. */
#define TIC_READING_INDEXES 10

/** tic_reading::present bits. */
#define TIC_READING_METER_ID (1u << 0)        /**< meter_id */
#define TIC_READING_APPARENT_POWER (1u << 1)  /**< apparent_power_va */
#define TIC_READING_PHASE_POWER (1u << 2)     /**< apparent_power_phase_va[] */
#define TIC_READING_INJECTED_POWER (1u << 3)  /**< injected_power_va */
#define TIC_READING_CURRENT1 (1u << 4)        /**< current_ma[0] */
#define TIC_READING_CURRENT2 (1u << 5)        /**< current_ma[1] */
#define TIC_READING_CURRENT3 (1u << 6)        /**< current_ma[2] */
#define TIC_READING_VOLTAGE1 (1u << 7)        /**< voltage_mv[0] */
#define TIC_READING_VOLTAGE2 (1u << 8)        /**< voltage_mv[1] */
#define TIC_READING_VOLTAGE3 (1u << 9)        /**< voltage_mv[2] */
#define TIC_READING_ENERGY (1u << 10)         /**< energy_wh[], index_count */
#define TIC_READING_ENERGY_TOTAL (1u << 11)   /**< energy_total_wh */
#define TIC_READING_ENERGY_INJECTED (1u << 12) /**< energy_injected_wh */
#define TIC_READING_TARIFF (1u << 13)         /**< tariff_index/period/period_label */
#define TIC_READING_COLOR_TODAY (1u << 14)    /**< color_today */
#define TIC_READING_COLOR_TOMORROW (1u << 15) /**< color_tomorrow */
#define TIC_READING_METER_TIME (1u << 16)     /**< meter_time_utc */
#define TIC_READING_REFERENCE (1u << 17)      /**< reference_power_va or subscribed_current_ma */
#define TIC_READING_PRM (1u << 18)            /**< prm */
#define TIC_READING_ALARM (1u << 19)          /**< over_current_ma[] / over_power (historic ADIR/ADPS) */

/** One normalised reading. Units are in the names; absent fields are 0. */
typedef struct tic_reading {
	uint32_t present;        /**< TIC_READING_* bits of the fields that are known */
	tic_mode mode;           /**< mode of the stream */
	char meter_id[16];       /**< ADCO (historic) or ADSC (standard) */
	char prm[16];            /**< PRM (standard) */
	uint8_t phases;          /**< 1, 3, or 0 if unknown */
	uint8_t producer;        /**< 1 if the meter is set up as producer (STGE bit 8, EAIT/SINSTI) */
	uint8_t index_count;     /**< used entries of energy_wh[] */
	uint8_t tariff_index;    /**< 1-based current index into energy_wh[] (0 unknown) */
	int32_t apparent_power_va;          /**< withdrawn apparent power (PAPP, SINSTS) */
	int32_t apparent_power_phase_va[3]; /**< per phase (SINSTS1-3) */
	int32_t injected_power_va;          /**< injected apparent power (SINSTI) */
	int32_t current_ma[3];   /**< per phase (IINST, IINST1-3, IRMS1-3), resolution 1 A */
	int32_t voltage_mv[3];   /**< per phase (URMS1-3), resolution 1 V */
	int32_t reference_power_va;   /**< PREF (standard) */
	int32_t subscribed_current_ma; /**< ISOUSC (historic) */
	int32_t over_current_ma[3];   /**< historic ADIR1-3 (three-phase) while a phase is over */
	int32_t over_power_ma;        /**< historic ADPS (single-phase) while over */
	uint64_t energy_wh[TIC_READING_INDEXES]; /**< indexes: EASF01..; or BASE/HCHC/HCHP/EJP/BBR* */
	char energy_label[TIC_READING_INDEXES][8]; /**< label of each energy_wh[] entry */
	uint64_t energy_total_wh;     /**< EAST, or the sum of the historic indexes */
	uint64_t energy_injected_wh;  /**< EAIT */
	tic_period period;            /**< current tariff period (PTEC, or recognised from LTARF) */
	char period_label[17];        /**< PTEC or LTARF, trimmed */
	tic_color color_today;        /**< Tempo colour of today (PTEC or STGE) */
	tic_color color_tomorrow;     /**< Tempo colour of tomorrow (DEMAIN or STGE) */
	int64_t meter_time_utc;       /**< DATE horodate (standard) as UTC when its season is known */
	int64_t time_utc;             /**< caller's clock at the end of the last complete frame */
	uint32_t frames;              /**< complete frames seen */
} tic_reading;

/**
 * @brief Initialises (clears) a meter view.
 * @return 0 or #TIC_EINVAL for NULL.
 */
TIC_API TIC_WARN_UNUSED int tic_meter_init(tic_meter *m);

/**
 * @brief Stores a valid dataset (call it from tic_callbacks::dataset).
 * @param m the meter. @param ds a dataset with status TIC_DATASET_OK.
 * @return 0; #TIC_EINVAL (NULL, or a rejected dataset); #TIC_ENOTFOUND (label not in
 *         the dictionary: not stored); #TIC_ERANGE (value longer than its slot).
 */
TIC_API TIC_WARN_UNUSED int tic_meter_update(tic_meter *m, const tic_dataset *ds);

/**
 * @brief Ends a frame (call it from tic_callbacks::frame_end).
 * A complete frame is counted and its time recorded; transient alarms not seen in
 * it are cleared. Other frames (aborted…) only drop the alarm freshness.
 * @param m the meter. @param f the frame summary. @param now_utc the caller's clock.
 * @return 0 or #TIC_EINVAL.
 */
TIC_API TIC_WARN_UNUSED int tic_meter_frame_end(tic_meter *m, const tic_frame *f, int64_t now_utc);

/**
 * @brief Feeds bytes to @p dec and the resulting datasets and frames to @p m.
 * @param m the meter. @param dec an initialised decoder.
 * @param data bytes. @param len their number. @param now_utc the caller's clock.
 * @return the number of complete frames ended in these bytes (>= 0), or #TIC_EINVAL.
 */
TIC_API int tic_meter_feed(tic_meter *m, tic_decoder *dec, const void *data, size_t len,
			   int64_t now_utc);

/**
 * @brief The latest value of a label.
 * @param m the meter. @param id a #tic_label_id.
 * @return the NUL-terminated value (owned by @p m, valid until the next update),
 *         or NULL if never seen / NULL meter / bad id.
 */
TIC_API const char *tic_meter_value(const tic_meter *m, int id);

/**
 * @brief The horodate received with a label's latest value.
 * @return the NUL-terminated horodate, or NULL if none.
 */
TIC_API const char *tic_meter_horodate(const tic_meter *m, int id);

/**
 * @brief The latest value of a label given by name (any mode).
 * @return the value or NULL (unknown label, never seen, NULL arguments).
 */
TIC_API const char *tic_meter_get(const tic_meter *m, const char *name);

/**
 * @brief Builds the normalised reading from the latest values.
 * @param m the meter. @param out receives the reading.
 * @return 0, #TIC_EINVAL (NULL), #TIC_ENOTFOUND (nothing received yet).
 */
TIC_API TIC_WARN_UNUSED int tic_meter_reading(const tic_meter *m, tic_reading *out);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* TIC_METER_H */
