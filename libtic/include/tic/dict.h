/**
 * @file tic/dict.h
 * @brief The TIC label dictionary and typed accessors for values.
 *
 * One table (#TIC_LABEL_MAP) lists every label of the three variants: historic
 * (Enedis-NOI-CPT_02E, single- and three-phase), standard (Enedis-NOI-CPT_54E,
 * Linky) and PME-PMI (industrial "ICE" meters, as far as public sources define
 * it). For each label it gives the modes that use it, its value type, unit, value
 * length, whether it carries a horodate and a short English meaning. The decoder
 * uses it to check each value's character set and length; the meter view to
 * store and normalise values.
 *
 * The accessors parse a raw value (pointer + length, as delivered by the
 * decoder) into typed data: integers, horodates, the STGE status word, RELAIS
 * bits, PJOURF+1/PPOINTE schedules, tariff periods and Tempo colours. They never
 * allocate and accept NULL (returning #TIC_EINVAL).
 *
 * @par Thread-safety
 * Everything here is read-only data and pure functions: safe from any thread.
 */
#ifndef TIC_DICT_H
#define TIC_DICT_H

#include <stddef.h>
#include <stdint.h>
#include "tic/config.h"
#include "tic/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @defgroup tic_dict Label dictionary
 *  @{ */

/** TIC variants (modes). TIC_MODE_AUTO is only meaningful as a decoder option. */
typedef enum tic_mode {
	TIC_MODE_AUTO = 0,     /**< decoder locks onto historic or standard by itself */
	TIC_MODE_HISTORIC = 1, /**< historic: 1200 baud 7E1, SP separator (NOI-CPT_02E) */
	TIC_MODE_STANDARD = 2, /**< standard: 9600 baud 7E1, HT separator (NOI-CPT_54E) */
	TIC_MODE_PMEPMI = 3    /**< PME-PMI/ICE industrial meters, SP separator, data may hold SP */
} tic_mode;

/** Bit of a mode in tic_label_info::modes. */
#define TIC_MODE_BIT(m) (1u << (unsigned)(m))
/** Shorthands used in the table. */
#define TIC_M_H (1u << 1)
#define TIC_M_S (1u << 2)
#define TIC_M_P (1u << 3)

/** Value types: they also fix the character set the decoder accepts. */
typedef enum tic_type {
	TIC_TYPE_TEXT = 0, /**< printable ASCII, spaces allowed (0x20..0x7E) */
	TIC_TYPE_UINT = 1, /**< decimal digits only, fixed length */
	TIC_TYPE_HEX = 2,  /**< hexadecimal digits (0-9, A-F) */
	TIC_TYPE_ID = 3,   /**< identifier: digits and letters */
	TIC_TYPE_EMPTY = 4, /**< always empty (DATE in standard mode: the horodate is the value) */
	TIC_TYPE_DATE = 5  /**< PME-PMI date "dd/mm/yy hh:mm:ss" */
} tic_type;

/** Units of numeric values (as transmitted, never rescaled by the dictionary). */
typedef enum tic_unit {
	TIC_UNIT_NONE = 0,
	TIC_UNIT_WH,    /**< watt-hour */
	TIC_UNIT_KWH,   /**< kilowatt-hour */
	TIC_UNIT_VARH,  /**< volt-ampere reactive hour */
	TIC_UNIT_KVARH, /**< kilovolt-ampere reactive hour */
	TIC_UNIT_VAH,   /**< volt-ampere hour */
	TIC_UNIT_A,     /**< ampere */
	TIC_UNIT_V,     /**< volt */
	TIC_UNIT_VA,    /**< volt-ampere */
	TIC_UNIT_KVA,   /**< kilovolt-ampere */
	TIC_UNIT_W,     /**< watt */
	TIC_UNIT_KW,    /**< kilowatt */
	TIC_UNIT_MIN    /**< minute */
} tic_unit;

/** tic_label_info::flags: the entry's length or unit is not confirmed by a public spec. */
#define TIC_LF_UNVERIFIED 1u

/**
 * @brief The label table: XX(ID, "NAME", modes, type, unit, min_len, max_len,
 * horodate, flags, "meaning").
 *
 * min_len/max_len bound the value's length (max_len 0: unbounded up to the group
 * limit). horodate is 1 when the group carries a horodate field (standard mode).
 * Historic labels: NOI-CPT_02E v6 §6.1 (GAZ/AUTRE: unit not given, unverified).
 * Standard labels: NOI-CPT_54E v3 §6.2. PME-PMI labels: the names and units
 * tic2json decodes (its grammar cites NOI-CPT_02E v6); their lengths are not
 * published in a source we could read, so they are TIC_LF_UNVERIFIED and only
 * their character set is checked.
 */
#define TIC_LABEL_MAP(XX) \
	/* ---- historic (NOI-CPT_02E) ---- */ \
	XX(ADCO, "ADCO", TIC_M_H, TIC_TYPE_ID, TIC_UNIT_NONE, 12, 12, 0, 0, "Meter address (serial number)") \
	XX(OPTARIF, "OPTARIF", TIC_M_H, TIC_TYPE_TEXT, TIC_UNIT_NONE, 4, 4, 0, 0, "Tariff option (BASE, HC.., EJP., BBRx)") \
	XX(ISOUSC, "ISOUSC", TIC_M_H, TIC_TYPE_UINT, TIC_UNIT_A, 2, 2, 0, 0, "Subscribed current") \
	XX(BASE, "BASE", TIC_M_H, TIC_TYPE_UINT, TIC_UNIT_WH, 9, 9, 0, 0, "Index, BASE option") \
	XX(HCHC, "HCHC", TIC_M_H, TIC_TYPE_UINT, TIC_UNIT_WH, 9, 9, 0, 0, "Index, off-peak hours (HC option)") \
	XX(HCHP, "HCHP", TIC_M_H, TIC_TYPE_UINT, TIC_UNIT_WH, 9, 9, 0, 0, "Index, peak hours (HC option)") \
	XX(EJPHN, "EJPHN", TIC_M_H, TIC_TYPE_UINT, TIC_UNIT_WH, 9, 9, 0, 0, "Index, normal hours (EJP option)") \
	XX(EJPHPM, "EJPHPM", TIC_M_H, TIC_TYPE_UINT, TIC_UNIT_WH, 9, 9, 0, 0, "Index, mobile peak hours (EJP option)") \
	XX(BBRHCJB, "BBRHCJB", TIC_M_H, TIC_TYPE_UINT, TIC_UNIT_WH, 9, 9, 0, 0, "Index, off-peak blue days (Tempo)") \
	XX(BBRHPJB, "BBRHPJB", TIC_M_H, TIC_TYPE_UINT, TIC_UNIT_WH, 9, 9, 0, 0, "Index, peak blue days (Tempo)") \
	XX(BBRHCJW, "BBRHCJW", TIC_M_H, TIC_TYPE_UINT, TIC_UNIT_WH, 9, 9, 0, 0, "Index, off-peak white days (Tempo)") \
	XX(BBRHPJW, "BBRHPJW", TIC_M_H, TIC_TYPE_UINT, TIC_UNIT_WH, 9, 9, 0, 0, "Index, peak white days (Tempo)") \
	XX(BBRHCJR, "BBRHCJR", TIC_M_H, TIC_TYPE_UINT, TIC_UNIT_WH, 9, 9, 0, 0, "Index, off-peak red days (Tempo)") \
	XX(BBRHPJR, "BBRHPJR", TIC_M_H, TIC_TYPE_UINT, TIC_UNIT_WH, 9, 9, 0, 0, "Index, peak red days (Tempo)") \
	XX(PEJP, "PEJP", TIC_M_H, TIC_TYPE_UINT, TIC_UNIT_MIN, 2, 2, 0, 0, "EJP start notice (30 min)") \
	XX(PTEC, "PTEC", TIC_M_H, TIC_TYPE_TEXT, TIC_UNIT_NONE, 4, 4, 0, 0, "Current tariff period") \
	XX(DEMAIN, "DEMAIN", TIC_M_H, TIC_TYPE_TEXT, TIC_UNIT_NONE, 4, 4, 0, 0, "Tomorrow's colour (Tempo)") \
	XX(IINST, "IINST", TIC_M_H, TIC_TYPE_UINT, TIC_UNIT_A, 3, 3, 0, 0, "Instantaneous current") \
	XX(IINST1, "IINST1", TIC_M_H, TIC_TYPE_UINT, TIC_UNIT_A, 3, 3, 0, 0, "Instantaneous current, phase 1") \
	XX(IINST2, "IINST2", TIC_M_H, TIC_TYPE_UINT, TIC_UNIT_A, 3, 3, 0, 0, "Instantaneous current, phase 2") \
	XX(IINST3, "IINST3", TIC_M_H, TIC_TYPE_UINT, TIC_UNIT_A, 3, 3, 0, 0, "Instantaneous current, phase 3") \
	XX(ADPS, "ADPS", TIC_M_H, TIC_TYPE_UINT, TIC_UNIT_A, 3, 3, 0, 0, "Subscribed power exceeded warning") \
	XX(ADIR1, "ADIR1", TIC_M_H, TIC_TYPE_UINT, TIC_UNIT_A, 3, 3, 0, 0, "Setting current exceeded, phase 1") \
	XX(ADIR2, "ADIR2", TIC_M_H, TIC_TYPE_UINT, TIC_UNIT_A, 3, 3, 0, 0, "Setting current exceeded, phase 2") \
	XX(ADIR3, "ADIR3", TIC_M_H, TIC_TYPE_UINT, TIC_UNIT_A, 3, 3, 0, 0, "Setting current exceeded, phase 3") \
	XX(IMAX, "IMAX", TIC_M_H, TIC_TYPE_UINT, TIC_UNIT_A, 3, 3, 0, 0, "Maximum current reached") \
	XX(IMAX1, "IMAX1", TIC_M_H, TIC_TYPE_UINT, TIC_UNIT_A, 3, 3, 0, 0, "Maximum current, phase 1") \
	XX(IMAX2, "IMAX2", TIC_M_H, TIC_TYPE_UINT, TIC_UNIT_A, 3, 3, 0, 0, "Maximum current, phase 2") \
	XX(IMAX3, "IMAX3", TIC_M_H, TIC_TYPE_UINT, TIC_UNIT_A, 3, 3, 0, 0, "Maximum current, phase 3") \
	XX(PMAX, "PMAX", TIC_M_H, TIC_TYPE_UINT, TIC_UNIT_W, 5, 5, 0, 0, "Maximum three-phase power reached") \
	XX(PAPP, "PAPP", TIC_M_H, TIC_TYPE_UINT, TIC_UNIT_VA, 5, 5, 0, 0, "Apparent power") \
	XX(HHPHC, "HHPHC", TIC_M_H, TIC_TYPE_TEXT, TIC_UNIT_NONE, 1, 1, 0, 0, "Peak/off-peak schedule group") \
	XX(MOTDETAT, "MOTDETAT", TIC_M_H, TIC_TYPE_ID, TIC_UNIT_NONE, 6, 6, 0, 0, "Meter status word") \
	XX(PPOT, "PPOT", TIC_M_H, TIC_TYPE_HEX, TIC_UNIT_NONE, 2, 2, 0, 0, "Presence of potentials (three-phase)") \
	XX(GAZ, "GAZ", TIC_M_H, TIC_TYPE_UINT, TIC_UNIT_NONE, 7, 7, 0, TIC_LF_UNVERIFIED, "Gas index (unit not published)") \
	XX(AUTRE, "AUTRE", TIC_M_H, TIC_TYPE_UINT, TIC_UNIT_NONE, 7, 7, 0, TIC_LF_UNVERIFIED, "Other fluid index (unit not published)") \
	/* ---- standard (NOI-CPT_54E) ---- */ \
	XX(ADSC, "ADSC", TIC_M_S, TIC_TYPE_ID, TIC_UNIT_NONE, 12, 12, 0, 0, "Secondary meter address (serial number)") \
	XX(VTIC, "VTIC", TIC_M_S, TIC_TYPE_ID, TIC_UNIT_NONE, 2, 2, 0, 0, "TIC version") \
	XX(DATE, "DATE", TIC_M_S, TIC_TYPE_EMPTY, TIC_UNIT_NONE, 0, 0, 1, 0, "Current date and time") \
	XX(NGTF, "NGTF", TIC_M_S, TIC_TYPE_TEXT, TIC_UNIT_NONE, 1, 16, 0, 0, "Supplier tariff name") \
	XX(LTARF, "LTARF", TIC_M_S, TIC_TYPE_TEXT, TIC_UNIT_NONE, 1, 16, 0, 0, "Current supplier tariff period label") \
	XX(EAST, "EAST", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_WH, 9, 9, 0, 0, "Total active energy withdrawn") \
	XX(EASF01, "EASF01", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_WH, 9, 9, 0, 0, "Active energy withdrawn, supplier index 1") \
	XX(EASF02, "EASF02", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_WH, 9, 9, 0, 0, "Active energy withdrawn, supplier index 2") \
	XX(EASF03, "EASF03", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_WH, 9, 9, 0, 0, "Active energy withdrawn, supplier index 3") \
	XX(EASF04, "EASF04", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_WH, 9, 9, 0, 0, "Active energy withdrawn, supplier index 4") \
	XX(EASF05, "EASF05", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_WH, 9, 9, 0, 0, "Active energy withdrawn, supplier index 5") \
	XX(EASF06, "EASF06", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_WH, 9, 9, 0, 0, "Active energy withdrawn, supplier index 6") \
	XX(EASF07, "EASF07", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_WH, 9, 9, 0, 0, "Active energy withdrawn, supplier index 7") \
	XX(EASF08, "EASF08", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_WH, 9, 9, 0, 0, "Active energy withdrawn, supplier index 8") \
	XX(EASF09, "EASF09", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_WH, 9, 9, 0, 0, "Active energy withdrawn, supplier index 9") \
	XX(EASF10, "EASF10", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_WH, 9, 9, 0, 0, "Active energy withdrawn, supplier index 10") \
	XX(EASD01, "EASD01", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_WH, 9, 9, 0, 0, "Active energy withdrawn, distributor index 1") \
	XX(EASD02, "EASD02", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_WH, 9, 9, 0, 0, "Active energy withdrawn, distributor index 2") \
	XX(EASD03, "EASD03", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_WH, 9, 9, 0, 0, "Active energy withdrawn, distributor index 3") \
	XX(EASD04, "EASD04", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_WH, 9, 9, 0, 0, "Active energy withdrawn, distributor index 4") \
	XX(EAIT, "EAIT", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_WH, 9, 9, 0, 0, "Total active energy injected") \
	XX(ERQ1, "ERQ1", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_VARH, 9, 9, 0, 0, "Total reactive energy Q1") \
	XX(ERQ2, "ERQ2", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_VARH, 9, 9, 0, 0, "Total reactive energy Q2") \
	XX(ERQ3, "ERQ3", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_VARH, 9, 9, 0, 0, "Total reactive energy Q3") \
	XX(ERQ4, "ERQ4", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_VARH, 9, 9, 0, 0, "Total reactive energy Q4") \
	XX(IRMS1, "IRMS1", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_A, 3, 3, 0, 0, "RMS current, phase 1") \
	XX(IRMS2, "IRMS2", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_A, 3, 3, 0, 0, "RMS current, phase 2") \
	XX(IRMS3, "IRMS3", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_A, 3, 3, 0, 0, "RMS current, phase 3") \
	XX(URMS1, "URMS1", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_V, 3, 3, 0, 0, "RMS voltage, phase 1") \
	XX(URMS2, "URMS2", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_V, 3, 3, 0, 0, "RMS voltage, phase 2") \
	XX(URMS3, "URMS3", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_V, 3, 3, 0, 0, "RMS voltage, phase 3") \
	XX(PREF, "PREF", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_KVA, 2, 2, 0, 0, "Reference apparent power") \
	XX(PCOUP, "PCOUP", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_KVA, 2, 2, 0, 0, "Breaking apparent power threshold") \
	XX(SINSTS, "SINSTS", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_VA, 5, 5, 0, 0, "Apparent power withdrawn") \
	XX(SINSTS1, "SINSTS1", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_VA, 5, 5, 0, 0, "Apparent power withdrawn, phase 1") \
	XX(SINSTS2, "SINSTS2", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_VA, 5, 5, 0, 0, "Apparent power withdrawn, phase 2") \
	XX(SINSTS3, "SINSTS3", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_VA, 5, 5, 0, 0, "Apparent power withdrawn, phase 3") \
	XX(SMAXSN, "SMAXSN", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_VA, 5, 5, 1, 0, "Max apparent power withdrawn today") \
	XX(SMAXSN1, "SMAXSN1", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_VA, 5, 5, 1, 0, "Max apparent power withdrawn today, phase 1") \
	XX(SMAXSN2, "SMAXSN2", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_VA, 5, 5, 1, 0, "Max apparent power withdrawn today, phase 2") \
	XX(SMAXSN3, "SMAXSN3", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_VA, 5, 5, 1, 0, "Max apparent power withdrawn today, phase 3") \
	XX(SMAXSN_M1, "SMAXSN-1", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_VA, 5, 5, 1, 0, "Max apparent power withdrawn yesterday") \
	XX(SMAXSN1_M1, "SMAXSN1-1", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_VA, 5, 5, 1, 0, "Max apparent power withdrawn yesterday, phase 1") \
	XX(SMAXSN2_M1, "SMAXSN2-1", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_VA, 5, 5, 1, 0, "Max apparent power withdrawn yesterday, phase 2") \
	XX(SMAXSN3_M1, "SMAXSN3-1", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_VA, 5, 5, 1, 0, "Max apparent power withdrawn yesterday, phase 3") \
	XX(SINSTI, "SINSTI", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_VA, 5, 5, 0, 0, "Apparent power injected") \
	XX(SMAXIN, "SMAXIN", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_VA, 5, 5, 1, 0, "Max apparent power injected today") \
	XX(SMAXIN_M1, "SMAXIN-1", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_VA, 5, 5, 1, 0, "Max apparent power injected yesterday") \
	XX(CCASN, "CCASN", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_W, 5, 5, 1, 0, "Active load curve point withdrawn (n)") \
	XX(CCASN_M1, "CCASN-1", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_W, 5, 5, 1, 0, "Active load curve point withdrawn (n-1)") \
	XX(CCAIN, "CCAIN", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_W, 5, 5, 1, 0, "Active load curve point injected (n)") \
	XX(CCAIN_M1, "CCAIN-1", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_W, 5, 5, 1, 0, "Active load curve point injected (n-1)") \
	XX(UMOY1, "UMOY1", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_V, 3, 3, 1, 0, "Mean voltage, phase 1") \
	XX(UMOY2, "UMOY2", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_V, 3, 3, 1, 0, "Mean voltage, phase 2") \
	XX(UMOY3, "UMOY3", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_V, 3, 3, 1, 0, "Mean voltage, phase 3") \
	XX(STGE, "STGE", TIC_M_S, TIC_TYPE_HEX, TIC_UNIT_NONE, 8, 8, 0, 0, "Status register") \
	XX(DPM1, "DPM1", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_NONE, 2, 2, 1, 0, "Start of mobile peak 1") \
	XX(FPM1, "FPM1", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_NONE, 2, 2, 1, 0, "End of mobile peak 1") \
	XX(DPM2, "DPM2", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_NONE, 2, 2, 1, 0, "Start of mobile peak 2") \
	XX(FPM2, "FPM2", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_NONE, 2, 2, 1, 0, "End of mobile peak 2") \
	XX(DPM3, "DPM3", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_NONE, 2, 2, 1, 0, "Start of mobile peak 3") \
	XX(FPM3, "FPM3", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_NONE, 2, 2, 1, 0, "End of mobile peak 3") \
	XX(MSG1, "MSG1", TIC_M_S, TIC_TYPE_TEXT, TIC_UNIT_NONE, 1, 32, 0, 0, "Short message") \
	XX(MSG2, "MSG2", TIC_M_S, TIC_TYPE_TEXT, TIC_UNIT_NONE, 1, 16, 0, 0, "Very short message") \
	XX(PRM, "PRM", TIC_M_S, TIC_TYPE_ID, TIC_UNIT_NONE, 14, 14, 0, 0, "Delivery point reference (PRM)") \
	XX(RELAIS, "RELAIS", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_NONE, 3, 3, 0, 0, "Relays (bit field, decimal)") \
	XX(NTARF, "NTARF", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_NONE, 2, 2, 0, 0, "Current tariff index") \
	XX(NJOURF, "NJOURF", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_NONE, 2, 2, 0, 0, "Current day number in the supplier calendar") \
	XX(NJOURF_P1, "NJOURF+1", TIC_M_S, TIC_TYPE_UINT, TIC_UNIT_NONE, 2, 2, 0, 0, "Next day number in the supplier calendar") \
	XX(PJOURF_P1, "PJOURF+1", TIC_M_S, TIC_TYPE_TEXT, TIC_UNIT_NONE, 98, 98, 0, 0, "Next day profile (11 blocks)") \
	XX(PPOINTE, "PPOINTE", TIC_M_S, TIC_TYPE_TEXT, TIC_UNIT_NONE, 98, 98, 0, 0, "Next peak day profile (11 blocks)") \
	/* ---- PME-PMI (names/units as decoded by tic2json; lengths unverified) ---- */ \
	XX(P_TRAME, "TRAME", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_NONE, 0, 0, 0, TIC_LF_UNVERIFIED, "Frame type") \
	XX(P_ADS, "ADS", TIC_M_P, TIC_TYPE_ID, TIC_UNIT_NONE, 0, 0, 0, TIC_LF_UNVERIFIED, "Meter address") \
	XX(P_MESURES1, "MESURES1", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_NONE, 0, 0, 0, TIC_LF_UNVERIFIED, "Tariff program name (contract 1)") \
	XX(P_DATE, "DATE", TIC_M_P, TIC_TYPE_DATE, TIC_UNIT_NONE, 17, 17, 0, TIC_LF_UNVERIFIED, "Current date and time") \
	XX(P_EA_S, "EA_s", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_WH, 0, 0, 0, TIC_LF_UNVERIFIED, "Active energy withdrawn since last Td") \
	XX(P_ERP_S, "ER+_s", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_VARH, 0, 0, 0, TIC_LF_UNVERIFIED, "Positive reactive energy, withdrawal") \
	XX(P_ERM_S, "ER-_s", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_VARH, 0, 0, 0, TIC_LF_UNVERIFIED, "Negative reactive energy, withdrawal") \
	XX(P_EAPP_S, "EAPP_s", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_VAH, 0, 0, 0, TIC_LF_UNVERIFIED, "Apparent energy withdrawn") \
	XX(P_EA_I, "EA_i", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_WH, 0, 0, 0, TIC_LF_UNVERIFIED, "Active energy injected since last Td") \
	XX(P_ERP_I, "ER+_i", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_VARH, 0, 0, 0, TIC_LF_UNVERIFIED, "Positive reactive energy, injection") \
	XX(P_ERM_I, "ER-_i", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_VARH, 0, 0, 0, TIC_LF_UNVERIFIED, "Negative reactive energy, injection") \
	XX(P_EAPP_I, "EAPP_i", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_VAH, 0, 0, 0, TIC_LF_UNVERIFIED, "Apparent energy injected") \
	XX(P_PTCOUR1, "PTCOUR1", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_NONE, 0, 0, 0, TIC_LF_UNVERIFIED, "Current tariff period (contract 1)") \
	XX(P_TARIFDYN, "TARIFDYN", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_NONE, 0, 0, 0, TIC_LF_UNVERIFIED, "External tariff signal present") \
	XX(P_ETATDYN1, "ETATDYN1", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_NONE, 0, 0, 0, TIC_LF_UNVERIFIED, "Dynamic tariff state 1") \
	XX(P_PREAVIS1, "PREAVIS1", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_NONE, 0, 0, 0, TIC_LF_UNVERIFIED, "Dynamic tariff notice 1") \
	XX(P_TDYN1CD, "TDYN1CD", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_NONE, 0, 0, 0, TIC_LF_UNVERIFIED, "Dynamic tariff 1 (CD)") \
	XX(P_TDYN1CF, "TDYN1CF", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_NONE, 0, 0, 0, TIC_LF_UNVERIFIED, "Dynamic tariff 1 (CF)") \
	XX(P_TDYN1FD, "TDYN1FD", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_NONE, 0, 0, 0, TIC_LF_UNVERIFIED, "Dynamic tariff 1 (FD)") \
	XX(P_TDYN1FF, "TDYN1FF", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_NONE, 0, 0, 0, TIC_LF_UNVERIFIED, "Dynamic tariff 1 (FF)") \
	XX(P_MODE, "MODE", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_NONE, 0, 0, 0, TIC_LF_UNVERIFIED, "CONTROLE when the meter is in test mode") \
	XX(P_CONFIG, "CONFIG", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_NONE, 0, 0, 0, TIC_LF_UNVERIFIED, "CONSO or PROD") \
	XX(P_DATEPA1, "DATEPA1", TIC_M_P, TIC_TYPE_DATE, TIC_UNIT_NONE, 17, 17, 0, TIC_LF_UNVERIFIED, "Date of mean active power PA1") \
	XX(P_DATEPA2, "DATEPA2", TIC_M_P, TIC_TYPE_DATE, TIC_UNIT_NONE, 17, 17, 0, TIC_LF_UNVERIFIED, "Date of mean active power PA2") \
	XX(P_DATEPA3, "DATEPA3", TIC_M_P, TIC_TYPE_DATE, TIC_UNIT_NONE, 17, 17, 0, TIC_LF_UNVERIFIED, "Date of mean active power PA3") \
	XX(P_DATEPA4, "DATEPA4", TIC_M_P, TIC_TYPE_DATE, TIC_UNIT_NONE, 17, 17, 0, TIC_LF_UNVERIFIED, "Date of mean active power PA4") \
	XX(P_DATEPA5, "DATEPA5", TIC_M_P, TIC_TYPE_DATE, TIC_UNIT_NONE, 17, 17, 0, TIC_LF_UNVERIFIED, "Date of mean active power PA5") \
	XX(P_DATEPA6, "DATEPA6", TIC_M_P, TIC_TYPE_DATE, TIC_UNIT_NONE, 17, 17, 0, TIC_LF_UNVERIFIED, "Date of mean active power PA6") \
	XX(P_PA1_S, "PA1_s", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_KW, 0, 0, 0, TIC_LF_UNVERIFIED, "Mean active power 1, withdrawal") \
	XX(P_PA2_S, "PA2_s", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_KW, 0, 0, 0, TIC_LF_UNVERIFIED, "Mean active power 2, withdrawal") \
	XX(P_PA3_S, "PA3_s", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_KW, 0, 0, 0, TIC_LF_UNVERIFIED, "Mean active power 3, withdrawal") \
	XX(P_PA4_S, "PA4_s", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_KW, 0, 0, 0, TIC_LF_UNVERIFIED, "Mean active power 4, withdrawal") \
	XX(P_PA5_S, "PA5_s", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_KW, 0, 0, 0, TIC_LF_UNVERIFIED, "Mean active power 5, withdrawal") \
	XX(P_PA6_S, "PA6_s", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_KW, 0, 0, 0, TIC_LF_UNVERIFIED, "Mean active power 6, withdrawal") \
	XX(P_PA1_I, "PA1_i", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_KW, 0, 0, 0, TIC_LF_UNVERIFIED, "Mean active power 1, injection") \
	XX(P_PA2_I, "PA2_i", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_KW, 0, 0, 0, TIC_LF_UNVERIFIED, "Mean active power 2, injection") \
	XX(P_PA3_I, "PA3_i", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_KW, 0, 0, 0, TIC_LF_UNVERIFIED, "Mean active power 3, injection") \
	XX(P_PA4_I, "PA4_i", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_KW, 0, 0, 0, TIC_LF_UNVERIFIED, "Mean active power 4, injection") \
	XX(P_PA5_I, "PA5_i", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_KW, 0, 0, 0, TIC_LF_UNVERIFIED, "Mean active power 5, injection") \
	XX(P_PA6_I, "PA6_i", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_KW, 0, 0, 0, TIC_LF_UNVERIFIED, "Mean active power 6, injection") \
	XX(P_DEBP, "DebP", TIC_M_P, TIC_TYPE_DATE, TIC_UNIT_NONE, 17, 17, 0, TIC_LF_UNVERIFIED, "Start of period P") \
	XX(P_EAP_S, "EAP_s", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_KWH, 0, 0, 0, TIC_LF_UNVERIFIED, "Active energy withdrawn, period P") \
	XX(P_EAP_I, "EAP_i", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_KWH, 0, 0, 0, TIC_LF_UNVERIFIED, "Active energy injected, period P") \
	XX(P_ERPP_S, "ER+P_s", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_KVARH, 0, 0, 0, TIC_LF_UNVERIFIED, "Positive reactive energy, period P, withdrawal") \
	XX(P_ERMP_S, "ER-P_s", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_KVARH, 0, 0, 0, TIC_LF_UNVERIFIED, "Negative reactive energy, period P, withdrawal") \
	XX(P_ERPP_I, "ER+P_i", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_KVARH, 0, 0, 0, TIC_LF_UNVERIFIED, "Positive reactive energy, period P, injection") \
	XX(P_ERMP_I, "ER-P_i", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_KVARH, 0, 0, 0, TIC_LF_UNVERIFIED, "Negative reactive energy, period P, injection") \
	XX(P_DEBP_M1, "DebP-1", TIC_M_P, TIC_TYPE_DATE, TIC_UNIT_NONE, 17, 17, 0, TIC_LF_UNVERIFIED, "Start of period P-1") \
	XX(P_FINP_M1, "FinP-1", TIC_M_P, TIC_TYPE_DATE, TIC_UNIT_NONE, 17, 17, 0, TIC_LF_UNVERIFIED, "End of period P-1") \
	XX(P_EAP_M1_S, "EaP-1_s", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_KWH, 0, 0, 0, TIC_LF_UNVERIFIED, "Active energy withdrawn, period P-1") \
	XX(P_EAP_M1_I, "EaP-1_i", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_KWH, 0, 0, 0, TIC_LF_UNVERIFIED, "Active energy injected, period P-1") \
	XX(P_ERPP_M1_S, "ER+P-1_s", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_KVARH, 0, 0, 0, TIC_LF_UNVERIFIED, "Positive reactive energy, P-1, withdrawal") \
	XX(P_ERMP_M1_S, "ER-P-1_s", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_KVARH, 0, 0, 0, TIC_LF_UNVERIFIED, "Negative reactive energy, P-1, withdrawal") \
	XX(P_ERPP_M1_I, "ER+P-1_i", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_KVARH, 0, 0, 0, TIC_LF_UNVERIFIED, "Positive reactive energy, P-1, injection") \
	XX(P_ERMP_M1_I, "ER-P-1_i", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_KVARH, 0, 0, 0, TIC_LF_UNVERIFIED, "Negative reactive energy, P-1, injection") \
	XX(P_PS, "PS", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_NONE, 0, 0, 0, TIC_LF_UNVERIFIED, "Subscribed power, current period") \
	XX(P_PREAVIS, "PREAVIS", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_NONE, 0, 0, 0, TIC_LF_UNVERIFIED, "Notice (DEP)") \
	XX(P_PA1MN, "PA1MN", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_KW, 0, 0, 0, TIC_LF_UNVERIFIED, "Active power, 1 minute") \
	XX(P_PMAX_S, "PMAX_s", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_NONE, 0, 0, 0, TIC_LF_UNVERIFIED, "Max power reached, withdrawal") \
	XX(P_PMAX_I, "PMAX_i", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_NONE, 0, 0, 0, TIC_LF_UNVERIFIED, "Max power reached, injection") \
	XX(P_TGPHI_S, "TGPHI_s", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_NONE, 0, 0, 0, TIC_LF_UNVERIFIED, "Mean tan(phi) 10 min, withdrawal") \
	XX(P_TGPHI_I, "TGPHI_i", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_NONE, 0, 0, 0, TIC_LF_UNVERIFIED, "Mean tan(phi) 10 min, injection") \
	XX(P_MESURES2, "MESURES2", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_NONE, 0, 0, 0, TIC_LF_UNVERIFIED, "Tariff program name (contract 2)") \
	XX(P_PTCOUR2, "PTCOUR2", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_NONE, 0, 0, 0, TIC_LF_UNVERIFIED, "Current tariff period (contract 2)") \
	XX(P_ETATDYN2, "ETATDYN2", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_NONE, 0, 0, 0, TIC_LF_UNVERIFIED, "Dynamic tariff state 2") \
	XX(P_PREAVIS2, "PREAVIS2", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_NONE, 0, 0, 0, TIC_LF_UNVERIFIED, "Dynamic tariff notice 2") \
	XX(P_TDYN2CD, "TDYN2CD", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_NONE, 0, 0, 0, TIC_LF_UNVERIFIED, "Dynamic tariff 2 (CD)") \
	XX(P_TDYN2CF, "TDYN2CF", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_NONE, 0, 0, 0, TIC_LF_UNVERIFIED, "Dynamic tariff 2 (CF)") \
	XX(P_TDYN2FD, "TDYN2FD", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_NONE, 0, 0, 0, TIC_LF_UNVERIFIED, "Dynamic tariff 2 (FD)") \
	XX(P_TDYN2FF, "TDYN2FF", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_NONE, 0, 0, 0, TIC_LF_UNVERIFIED, "Dynamic tariff 2 (FF)") \
	XX(P_DEBP_2, "DebP_2", TIC_M_P, TIC_TYPE_DATE, TIC_UNIT_NONE, 17, 17, 0, TIC_LF_UNVERIFIED, "Start of period P (contract 2)") \
	XX(P_EAP_S2, "EaP_s2", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_KWH, 0, 0, 0, TIC_LF_UNVERIFIED, "Active energy withdrawn, period P (contract 2)") \
	XX(P_DEBP_M1_2, "DebP-1_2", TIC_M_P, TIC_TYPE_DATE, TIC_UNIT_NONE, 17, 17, 0, TIC_LF_UNVERIFIED, "Start of period P-1 (contract 2)") \
	XX(P_FINP_M1_2, "FinP-1_2", TIC_M_P, TIC_TYPE_DATE, TIC_UNIT_NONE, 17, 17, 0, TIC_LF_UNVERIFIED, "End of period P-1 (contract 2)") \
	XX(P_EAP_M1_S2, "EaP-1_s2", TIC_M_P, TIC_TYPE_TEXT, TIC_UNIT_KWH, 0, 0, 0, TIC_LF_UNVERIFIED, "Active energy withdrawn, P-1 (contract 2)")

/** Label identifiers: TIC_L_ADCO, TIC_L_SMAXSN_M1 ("SMAXSN-1"), TIC_L_PJOURF_P1 ("PJOURF+1")... */
typedef enum tic_label_id {
#define TIC_LABEL_ENUM_(id, name, modes, type, unit, minl, maxl, hd, fl, desc) TIC_L_##id,
	TIC_LABEL_MAP(TIC_LABEL_ENUM_)
#undef TIC_LABEL_ENUM_
	TIC_LABEL_COUNT /**< number of entries in the dictionary */
} tic_label_id;

/** One dictionary entry. */
typedef struct tic_label_info {
	const char *name;        /**< label as transmitted, e.g. "SMAXSN-1" */
	const char *description; /**< short English meaning ("" with TIC_NO_DESCRIPTIONS) */
	uint16_t id;             /**< its #tic_label_id */
	uint8_t modes;           /**< TIC_MODE_BIT() of the modes that use it */
	uint8_t type;            /**< #tic_type */
	uint8_t unit;            /**< #tic_unit */
	uint8_t min_len;         /**< shortest valid value */
	uint8_t max_len;         /**< longest valid value (0: no bound known) */
	uint8_t horodate;        /**< 1 if the group carries a horodate */
	uint8_t flags;           /**< TIC_LF_* */
} tic_label_info;

/**
 * @brief The dictionary entry of a label id.
 * @param id a #tic_label_id.
 * @return the entry, or NULL if @p id is out of range.
 */
TIC_API const tic_label_info *tic_dict_get(int id);

/**
 * @brief Looks a label up by name for one mode.
 * @param name label bytes (need not be NUL-terminated); NULL gives NULL.
 * @param len length of @p name.
 * @param mode TIC_MODE_HISTORIC, _STANDARD or _PMEPMI; TIC_MODE_AUTO matches any
 *        mode (the first entry found: historic/standard before PME-PMI).
 * @return the entry, or NULL when the label is unknown in that mode.
 */
TIC_API const tic_label_info *tic_dict_find(const char *name, size_t len, tic_mode mode);

/**
 * @brief Checks a value against its label's character set and length.
 * @param info dictionary entry (NULL: every printable value is accepted).
 * @param value value bytes; may be NULL only when @p len is 0.
 * @param len value length.
 * @return 0 if valid, #TIC_EFORMAT if a character is outside the label's set or
 *         #TIC_ERANGE if the length is wrong, #TIC_EINVAL for NULL with len > 0.
 */
TIC_API TIC_WARN_UNUSED int tic_dict_check(const tic_label_info *info, const char *value, size_t len);

/**
 * @brief Symbol of a unit ("Wh", "VA", "A"...; "" for TIC_UNIT_NONE or unknown).
 * @param unit a #tic_unit.
 * @return a static string, never NULL.
 */
TIC_API const char *tic_unit_symbol(int unit);

/**
 * @brief Name of a mode ("auto", "historic", "standard", "pmepmi"; "?" otherwise).
 * @param mode a #tic_mode.
 * @return a static string, never NULL.
 */
TIC_API const char *tic_mode_name(int mode);

/** @} */

/** @defgroup tic_value Typed accessors
 *  @{ */

/**
 * @brief Parses an unsigned decimal value (digits only, 1..9 digits).
 * @param s value bytes. @param len its length.
 * @param out receives the number.
 * @return 0, #TIC_EFORMAT (empty, non-digit, more than 9 digits), #TIC_EINVAL (NULL).
 */
TIC_API TIC_WARN_UNUSED int tic_value_uint(const char *s, size_t len, uint32_t *out);

/** A parsed horodate (standard mode "SAAMMJJhhmmss", or a PME-PMI date). */
typedef struct tic_horodate {
	uint16_t year;   /**< 2000..2099 */
	uint8_t month;   /**< 1..12 */
	uint8_t day;     /**< 1..31 */
	uint8_t hour;    /**< 0..23 */
	uint8_t minute;  /**< 0..59 */
	uint8_t second;  /**< 0..59 */
	char season;     /**< the raw season character: 'E', 'H', 'e', 'h' or ' ' */
	int8_t dst;      /**< 1: summer time (UTC+2), 0: winter (UTC+1), -1: unknown */
	uint8_t degraded; /**< 1 when the meter's clock is in degraded mode (lower case) */
	int64_t utc;     /**< UTC seconds since 1970 when dst is known, else local time as if UTC */
} tic_horodate;

/**
 * @brief Parses a standard-mode horodate "SAAMMJJhhmmss" (13 characters).
 *
 * S is the season: 'E' summer (UTC+2), 'H' winter (UTC+1), lower case when the
 * meter's clock is degraded, ' ' when the meter does not know (NOI-CPT_54E §5.3.5).
 * @param s horodate bytes. @param len must be 13.
 * @param out receives the fields and the UTC instant.
 * @return 0, #TIC_EFORMAT (bad shape, season or range), #TIC_EINVAL (NULL).
 */
TIC_API TIC_WARN_UNUSED int tic_horodate_parse(const char *s, size_t len, tic_horodate *out);

/**
 * @brief Parses a PME-PMI date "dd/mm/yy hh:mm:ss" (17 characters).
 * The season is unknown (dst -1, season ' '); utc holds the local time as if UTC.
 * @return 0, #TIC_EFORMAT, #TIC_EINVAL.
 */
TIC_API TIC_WARN_UNUSED int tic_pmepmi_date_parse(const char *s, size_t len, tic_horodate *out);

/** Tempo day colours (DEMAIN, STGE). */
typedef enum tic_color {
	TIC_COLOR_UNKNOWN = 0, /**< not announced / not Tempo */
	TIC_COLOR_BLUE = 1,
	TIC_COLOR_WHITE = 2,
	TIC_COLOR_RED = 3
} tic_color;

/**
 * @brief Colour of a historic DEMAIN value ("BLEU", "BLAN", "ROUG", "----").
 * @return the colour; TIC_COLOR_UNKNOWN for "----", NULL or anything else.
 */
TIC_API tic_color tic_color_from_demain(const char *s, size_t len);

/**
 * @brief Name of a colour ("blue", "white", "red", "unknown").
 * @return a static string, never NULL.
 */
TIC_API const char *tic_color_name(int color);

/** The STGE status register of standard mode, decoded (NOI-CPT_54E §6.2.3.14). */
typedef struct tic_stge {
	uint32_t raw;               /**< the 32-bit word */
	uint8_t dry_contact_open;   /**< bit 0: dry contact (relay 1) open */
	uint8_t cutoff;             /**< bits 1-3: breaker: 0 closed, 1 overpower, 2 overvoltage,
	                                 3 load shedding, 4 CPL/Euridis order, 5/6 overheating */
	uint8_t cover_open;         /**< bit 4: distributor terminal cover open */
	uint8_t overvoltage;        /**< bit 6: overvoltage on a phase */
	uint8_t over_reference;     /**< bit 7: reference power exceeded */
	uint8_t producer;           /**< bit 8: 1 producer, 0 consumer */
	uint8_t negative_energy;    /**< bit 9: active energy flowing negative */
	uint8_t supplier_index;     /**< bits 10-13 + 1: current supplier tariff index 1..16 */
	uint8_t distributor_index;  /**< bits 14-15 + 1: current distributor tariff index 1..4 */
	uint8_t clock_degraded;     /**< bit 16: meter clock in degraded mode */
	uint8_t tic_standard;       /**< bit 17: TIC output in standard mode */
	uint8_t euridis;            /**< bits 19-20: 0 off, 1 on without security, 3 on with security */
	uint8_t cpl_status;         /**< bits 21-22: 0 New/Unlock, 1 New/Lock, 2 Registered */
	uint8_t cpl_sync;           /**< bit 23: CPL synchronised */
	uint8_t color_today;        /**< bits 24-25: #tic_color of today (Tempo) */
	uint8_t color_tomorrow;     /**< bits 26-27: #tic_color of tomorrow (Tempo) */
	uint8_t mobile_peak_notice; /**< bits 28-29: notice of mobile peak 0 none, 1..3 PM1..PM3 */
	uint8_t mobile_peak;        /**< bits 30-31: running mobile peak 0 none, 1..3 PM1..PM3 */
} tic_stge;

/**
 * @brief Decodes an STGE value (8 hexadecimal digits).
 * @return 0, #TIC_EFORMAT, #TIC_EINVAL.
 */
TIC_API TIC_WARN_UNUSED int tic_stge_decode(const char *s, size_t len, tic_stge *out);

/**
 * @brief Decodes RELAIS (3 decimal digits, 0..255): bit i set = relay i+1 closed.
 * Relay 1 is the physical dry contact, relays 2..8 are virtual.
 * @return 0, #TIC_EFORMAT (not 3 digits or > 255), #TIC_EINVAL.
 */
TIC_API TIC_WARN_UNUSED int tic_relais_decode(const char *s, size_t len, uint8_t *bits);

/** Maximum number of blocks in a PJOURF+1/PPOINTE profile. */
#define TIC_SCHEDULE_MAX 11

/** One switching point of a day profile ("HHMMSSSS"). */
typedef struct tic_schedule_entry {
	uint8_t hour;     /**< start hour 0..23 */
	uint8_t minute;   /**< start minute 0..59 */
	uint16_t action;  /**< the raw 16-bit action word SSSS */
	uint8_t index;    /**< supplier tariff index: action bits 0-3 */
} tic_schedule_entry;

/** A decoded PJOURF+1/PPOINTE day profile. */
typedef struct tic_schedule {
	uint8_t count; /**< used entries (blocks other than "NONUTILE") */
	tic_schedule_entry entry[TIC_SCHEDULE_MAX]; /**< in transmission order */
} tic_schedule;

/**
 * @brief Decodes a PJOURF+1 or PPOINTE value: up to 11 space-separated blocks of 8
 * characters, each "HHMMSSSS" (start time, hexadecimal action) or "NONUTILE".
 * Only the tariff index (action bits 0-3) is interpreted; the other action bits
 * (relay commands) are given raw.
 * @return 0, #TIC_EFORMAT, #TIC_EINVAL.
 */
TIC_API TIC_WARN_UNUSED int tic_schedule_decode(const char *s, size_t len, tic_schedule *out);

/** Tariff periods, as named by historic PTEC or recognised in standard LTARF. */
typedef enum tic_period {
	TIC_PERIOD_UNKNOWN = 0,
	TIC_PERIOD_BASE, /**< "TH.." all hours */
	TIC_PERIOD_HC,   /**< "HC.." off-peak */
	TIC_PERIOD_HP,   /**< "HP.." peak */
	TIC_PERIOD_HN,   /**< "HN.." EJP normal hours */
	TIC_PERIOD_PM,   /**< "PM.." EJP mobile peak */
	TIC_PERIOD_HCJB, /**< Tempo blue day off-peak */
	TIC_PERIOD_HPJB, /**< Tempo blue day peak */
	TIC_PERIOD_HCJW, /**< Tempo white day off-peak */
	TIC_PERIOD_HPJW, /**< Tempo white day peak */
	TIC_PERIOD_HCJR, /**< Tempo red day off-peak */
	TIC_PERIOD_HPJR  /**< Tempo red day peak */
} tic_period;

/**
 * @brief Period of a historic PTEC value ("TH..", "HC..", "HCJB"...).
 * @return the period, TIC_PERIOD_UNKNOWN if not recognised or NULL.
 */
TIC_API tic_period tic_period_from_ptec(const char *s, size_t len);

/**
 * @brief Period recognised in a standard LTARF label ("HEURE CREUSE", " HC  BLANC ",
 * "BASE"...). LTARF is free text chosen by the supplier: words are matched after
 * trimming (BASE; HC/CREUSE(S); HP/PLEINE(S); BLEU/BLANC/ROUGE with HC/HP for Tempo;
 * NORMALE; POINTE MOBILE). Anything else gives TIC_PERIOD_UNKNOWN: use NTARF then.
 * @return the period or TIC_PERIOD_UNKNOWN.
 */
TIC_API tic_period tic_period_from_ltarf(const char *s, size_t len);

/**
 * @brief Short name of a period ("BASE", "HC", "HP", "HN", "PM", "HCJB"...; "" unknown).
 * @return a static string, never NULL.
 */
TIC_API const char *tic_period_name(int period);

/**
 * @brief The historic index label that counts energy in a period (BASE, HCHC...).
 * @return a #tic_label_id, or -1 for TIC_PERIOD_UNKNOWN.
 */
TIC_API int tic_period_index_label(int period);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* TIC_DICT_H */
