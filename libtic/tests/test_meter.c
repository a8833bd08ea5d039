/* Suite "meter": latest values, normalised readings from real captures, alarms. */
#include <stdlib.h>
#include <string.h>
#include "hems_check.h"
#include "tic_tests.h"

static tic_meter meter;

static void feed_file(const char *name, int64_t now)
{
	size_t len;
	unsigned char *buf = tic_test_read_corpus(name, &len);
	tic_decoder dec;
	ck_assert_int_eq(tic_decoder_init(&dec, NULL), 0);
	ck_assert_int_eq(tic_meter_init(&meter), 0);
	ck_assert_int_ge(tic_meter_feed(&meter, &dec, buf, len, now), 0);
	free(buf);
}

START_TEST(historic_tempo)
{
	tic_reading r;
	feed_file("hist_mono_tempo_pyteleinfo_10frames.bin", 1700000000);
	ck_assert_int_eq(tic_meter_reading(&meter, &r), 0);
	ck_assert_int_eq(r.mode, TIC_MODE_HISTORIC);
	ck_assert_str_eq(r.meter_id, "021861348497");
	ck_assert_uint_eq(r.phases, 1);
	ck_assert_uint_eq(r.producer, 0);
	ck_assert_int_eq(r.apparent_power_va, 2850);
	ck_assert_int_eq(r.current_ma[0], 12000);
	ck_assert_int_eq(r.subscribed_current_ma, 30000);
	ck_assert_uint_eq(r.index_count, 6);
	ck_assert_str_eq(r.energy_label[0], "BBRHCJB");
	ck_assert_uint_eq(r.energy_wh[0], 18328876u);
	ck_assert_uint_eq(r.energy_wh[5], 844115u);
	ck_assert_uint_eq(r.energy_total_wh, 18328876u + 23739545u + 1466099u + 2132883u + 860118u + 844115u);
	ck_assert_int_eq(r.period, TIC_PERIOD_HCJB);
	ck_assert_uint_eq(r.tariff_index, 1);
	ck_assert_str_eq(r.period_label, "HCJB");
	ck_assert_int_eq(r.color_today, TIC_COLOR_BLUE);
	ck_assert_int_eq(r.color_tomorrow, TIC_COLOR_RED);
	ck_assert_uint_eq(r.frames, 10);
	ck_assert_int_eq(r.time_utc, 1700000000);
	ck_assert(r.present & TIC_READING_COLOR_TOMORROW);
	ck_assert(!(r.present & TIC_READING_VOLTAGE1));
	ck_assert(!(r.present & TIC_READING_ALARM));
	ck_assert_str_eq(tic_meter_get(&meter, "OPTARIF"), "BBR(");
	ck_assert_str_eq(tic_meter_value(&meter, TIC_L_HHPHC), "A");
	ck_assert_ptr_null(tic_meter_value(&meter, TIC_L_ADSC));
}
END_TEST

START_TEST(standard_three_phase_tempo)
{
	tic_reading r;
	feed_file("std_tri_tempo_teleinfo-nom_message.txt", 5);
	ck_assert_int_eq(tic_meter_reading(&meter, &r), 0);
	ck_assert_int_eq(r.mode, TIC_MODE_STANDARD);
	ck_assert_str_eq(r.meter_id, "041776199277");
	ck_assert_str_eq(r.prm, "07361794479930");
	ck_assert_uint_eq(r.phases, 3);
	ck_assert_uint_eq(r.producer, 0);
	ck_assert_int_eq(r.apparent_power_va, 2700);
	ck_assert_int_eq(r.apparent_power_phase_va[1], 1373);
	ck_assert_int_eq(r.current_ma[1], 6000);
	ck_assert_int_eq(r.voltage_mv[2], 235000);
	ck_assert_int_eq(r.reference_power_va, 30000);
	ck_assert_uint_eq(r.index_count, 10);
	ck_assert_uint_eq(r.energy_wh[0], 4855593u);
	ck_assert_str_eq(r.energy_label[2], "EASF03");
	ck_assert_uint_eq(r.energy_total_wh, 21849106u);
	ck_assert_uint_eq(r.tariff_index, 3);
	ck_assert_int_eq(r.period, TIC_PERIOD_HCJW);
	ck_assert_str_eq(r.period_label, "HC  BLANC");
	ck_assert_int_eq(r.color_today, TIC_COLOR_WHITE);
	ck_assert_int_eq(r.color_tomorrow, TIC_COLOR_BLUE);
	ck_assert(r.present & TIC_READING_METER_TIME);
	ck_assert_int_eq(r.meter_time_utc, 1581718084); /* H200214230804 = 2020-02-14T22:08:04Z */
	ck_assert_uint_eq(r.frames, 0); /* no STX/ETX in this capture */
	ck_assert_str_eq(tic_meter_horodate(&meter, TIC_L_SMAXSN), "H200214175135");
	ck_assert_ptr_null(tic_meter_horodate(&meter, TIC_L_EAST));
	ck_assert_str_eq(tic_meter_get(&meter, "PJOURF+1"),
			 "00004001 06004002 22004001 NONUTILE NONUTILE NONUTILE NONUTILE NONUTILE "
			 "NONUTILE NONUTILE NONUTILE");
}
END_TEST

START_TEST(standard_producer)
{
	tic_reading r;
	feed_file("std_mono_producer_openhab_reconstructed.bin", 0);
	ck_assert_int_eq(tic_meter_reading(&meter, &r), 0);
	ck_assert_uint_eq(r.producer, 1);
	ck_assert_uint_eq(r.phases, 1);
	ck_assert_int_eq(r.injected_power_va, 1253);
	ck_assert_uint_eq(r.energy_injected_wh, 32781u);
	ck_assert_int_eq(r.voltage_mv[0], 228000);
	ck_assert(r.present & TIC_READING_ENERGY_INJECTED);
	ck_assert_int_eq(r.period, TIC_PERIOD_UNKNOWN);
	ck_assert_str_eq(r.period_label, "INDEX NON CONSO");
	feed_file("std_tri_producer_tempo_openhab_reconstructed.bin", 0);
	ck_assert_int_eq(tic_meter_reading(&meter, &r), 0);
	ck_assert_uint_eq(r.producer, 1);
	ck_assert_uint_eq(r.phases, 3);
}
END_TEST

/* Historic three-phase short frames (ADCO, IINST1-3, ADIR1-3) update what they carry;
 * the ADIR alarms vanish at the first full frame without them. */
START_TEST(three_phase_short_frames)
{
	tic_field full[] = {{"ADCO", NULL, "056234673197"}, {"OPTARIF", NULL, "BASE"},
			    {"ISOUSC", NULL, "20"},           {"BASE", NULL, "016871494"},
			    {"PTEC", NULL, "TH.."},           {"IINST1", NULL, "001"},
			    {"IINST2", NULL, "002"},          {"IINST3", NULL, "003"},
			    {"IMAX1", NULL, "060"},           {"PAPP", NULL, "00540"}};
	tic_field burst[] = {{"ADIR1", NULL, "063"}, {"ADCO", NULL, "056234673197"},
			     {"IINST1", NULL, "063"},    {"IINST2", NULL, "002"},
			     {"IINST3", NULL, "003"}};
	char a[1024], b[256];
	size_t na, nb;
	ck_assert_int_eq(tic_encode_frame(TIC_MODE_HISTORIC, full, 10, 0, a, sizeof a, &na), 0);
	ck_assert_int_eq(tic_encode_frame(TIC_MODE_HISTORIC, burst, 5, 0, b, sizeof b, &nb), 0);
	tic_decoder dec;
	tic_reading r;
	ck_assert_int_eq(tic_decoder_init(&dec, NULL), 0);
	ck_assert_int_eq(tic_meter_init(&meter), 0);
	ck_assert_int_eq(tic_meter_feed(&meter, &dec, a, na, 100), 1);
	ck_assert_int_eq(tic_meter_feed(&meter, &dec, b, nb, 101), 1);
	ck_assert_int_eq(tic_meter_feed(&meter, &dec, b, nb, 102), 1);
	ck_assert_int_eq(tic_meter_reading(&meter, &r), 0);
	ck_assert_uint_eq(r.phases, 3);
	ck_assert(r.present & TIC_READING_ALARM);
	ck_assert_int_eq(r.over_current_ma[0], 63000);
	ck_assert_int_eq(r.current_ma[0], 63000);
	ck_assert_int_eq(r.apparent_power_va, 540); /* kept from the full frame */
	ck_assert_int_eq(r.time_utc, 102);
	ck_assert_int_eq(tic_meter_feed(&meter, &dec, a, na, 103), 1);
	ck_assert_int_eq(tic_meter_reading(&meter, &r), 0);
	ck_assert(!(r.present & TIC_READING_ALARM));
	ck_assert_int_eq(r.over_current_ma[0], 0);
	ck_assert_int_eq(r.current_ma[0], 1000);
	ck_assert_uint_eq(r.frames, 4);
	ck_assert_uint_eq(r.index_count, 1);
	ck_assert_uint_eq(r.tariff_index, 1);
	ck_assert_int_eq(r.period, TIC_PERIOD_BASE);
}
END_TEST

START_TEST(errors_and_meter_change)
{
	tic_reading r;
	tic_dataset ds;
	ck_assert_int_eq(tic_meter_init(NULL), TIC_EINVAL);
	ck_assert_int_eq(tic_meter_init(&meter), 0);
	ck_assert_int_eq(tic_meter_reading(&meter, &r), TIC_ENOTFOUND);
	ck_assert_int_eq(tic_meter_reading(NULL, &r), TIC_EINVAL);
	ck_assert_int_eq(tic_meter_reading(&meter, NULL), TIC_EINVAL);
	memset(&ds, 0, sizeof ds);
	ck_assert_int_eq(tic_meter_update(NULL, &ds), TIC_EINVAL);
	ck_assert_int_eq(tic_meter_update(&meter, NULL), TIC_EINVAL);
	ck_assert_int_eq(tic_meter_update(&meter, &ds), TIC_EINVAL); /* no value */
	ds.label = "FOO";
	ds.label_len = 3;
	ds.value = "1";
	ds.value_len = 1;
	ds.mode = TIC_MODE_HISTORIC;
	ck_assert_int_eq(tic_meter_update(&meter, &ds), TIC_ENOTFOUND);
	ds.label = "IINST";
	ds.label_len = 5;
	ds.value = "00001";
	ds.value_len = 5;
	ck_assert_int_eq(tic_meter_update(&meter, &ds), TIC_ERANGE);
	ds.status = TIC_DATASET_BAD_CHECKSUM;
	ds.value_len = 3;
	ck_assert_int_eq(tic_meter_update(&meter, &ds), TIC_EINVAL);
	ds.status = TIC_DATASET_OK;
	ck_assert_int_eq(tic_meter_update(&meter, &ds), 0);
	ck_assert_str_eq(tic_meter_value(&meter, TIC_L_IINST), "000");
	ck_assert_int_eq(tic_meter_frame_end(NULL, NULL, 0), TIC_EINVAL);
	ck_assert_int_eq(tic_meter_feed(NULL, NULL, "", 0, 0), TIC_EINVAL);
	ck_assert_ptr_null(tic_meter_value(NULL, TIC_L_IINST));
	ck_assert_ptr_null(tic_meter_value(&meter, -1));
	ck_assert_ptr_null(tic_meter_value(&meter, TIC_LABEL_COUNT));
	ck_assert_ptr_null(tic_meter_horodate(&meter, TIC_L_IINST));
	ck_assert_ptr_null(tic_meter_get(&meter, NULL));
	ck_assert_ptr_null(tic_meter_get(&meter, "NOPE"));
	/* another meter on the line: the previous one's values go */
	ds.label = "ADCO";
	ds.label_len = 4;
	ds.value = "111111111111";
	ds.value_len = 12;
	ck_assert_int_eq(tic_meter_update(&meter, &ds), 0);
	ck_assert_ptr_nonnull(tic_meter_value(&meter, TIC_L_IINST));
	ds.value = "222222222222";
	ck_assert_int_eq(tic_meter_update(&meter, &ds), 0);
	ck_assert_ptr_null(tic_meter_value(&meter, TIC_L_IINST));
	ck_assert_str_eq(tic_meter_value(&meter, TIC_L_ADCO), "222222222222");
}
END_TEST

Suite *tic_meter_suite(void)
{
	Suite *s = suite_create("meter");
	TCase *tc = tcase_create("meter");
	tcase_add_test(tc, historic_tempo);
	tcase_add_test(tc, standard_three_phase_tempo);
	tcase_add_test(tc, standard_producer);
	tcase_add_test(tc, three_phase_short_frames);
	tcase_add_test(tc, errors_and_meter_change);
	suite_add_tcase(s, tc);
	return s;
}
