/* Suite "tic": Linky meters (standard and historic TIC) on pseudo-terminals fed by
 * hems-sim with libtic's encoder, read through libtic's decoder and meter view. */
#include "it.h"

#define SIMT "{\"servers\": [{\"port\": 0, \"devices\": [{\"unit\": 1, \"model\": \"eastron-sdm120\", \"phases\": 1}]}]," \
	" \"tic\": [{\"mode\": \"standard\", \"apparent_power_va\": 2990, \"period_ms\": 100}," \
	"          {\"mode\": \"historic\", \"apparent_power_va\": 1150, \"period_ms\": 100}]}"

#define INSTT "{\"devices\": [" \
	"{\"name\": \"linky\", \"model\": \"linky\", \"port\": \"%s\", \"timeout_ms\": 1500}," \
	"{\"name\": \"old_meter\", \"model\": \"tic\", \"port\": \"%s\", \"mode\": \"historic\", \"timeout_ms\": 1500}," \
	"{\"name\": \"sdm\", \"model\": \"eastron-sdm120\", \"host\": \"127.0.0.1\", \"port\": %d}]}"

START_TEST(linky_standard_and_historic)
{
	hems_sim *sim = it_sim(SIMT);
	char json[2048];
	snprintf(json, sizeof json, INSTT, hems_sim_tic_path(sim, 0), hems_sim_tic_path(sim, 1), hems_sim_port(sim, 0));
	ems_installation *inst = it_inst(json, 1);
	ck_assert_int_eq(ems_installation_poll(inst, 1000), EMS_OK);
	ems_device_stats st;
	ck_assert_int_eq(ems_installation_device_stats(inst, it_dev(inst, "linky"), &st), EMS_OK);
	ck_assert_msg(st.status == EMS_STATUS_OK, "linky: %s", st.last_error_text);
	IT_NEAR(it_get(inst, "linky", EMS_Q_APPARENT_POWER), 2990, 0);
	IT_NEAR(it_get(inst, "linky", EMS_Q_VOLTAGE_L1), 231, 0);
	IT_NEAR(it_get(inst, "linky", EMS_Q_CURRENT_L1), 13, 0);
	double t1 = it_get(inst, "linky", EMS_Q_ENERGY_IMPORT_T1), t2 = it_get(inst, "linky", EMS_Q_ENERGY_IMPORT_T2);
	IT_NEAR(t2, 12345678 / 2, 1);
	ck_assert(t1 >= 12345678);
	IT_NEAR(it_get(inst, "linky", EMS_Q_ENERGY_IMPORT), t1 + t2, 2);
	/* active power is not in the TIC stream: absent, not made up */
	ems_reading r;
	ck_assert_int_eq(ems_installation_reading(inst, it_dev(inst, "linky"), &r), EMS_OK);
	ck_assert_int_eq(ems_reading_get(&r, EMS_Q_POWER, NULL), EMS_ENOTFOUND);
	IT_NEAR(it_get(inst, "old_meter", EMS_Q_APPARENT_POWER), 1150, 0);
	IT_NEAR(it_get(inst, "old_meter", EMS_Q_CURRENT_L1), 5, 0);
	IT_NEAR(it_get(inst, "old_meter", EMS_Q_ENERGY_IMPORT_T1), 12345678 / 2, 1);
	ck_assert(it_status(inst, "sdm") == EMS_STATUS_OK);

	/* the line goes silent: comm_error within the timeout, the others keep being read */
	ck_assert_int_eq(hems_sim_set_tic_fault(sim, 0, SIM_FAULT_TIMEOUT), 0);
	ck_assert_int_eq(ems_installation_poll(inst, 1001), EMS_OK);
	ck_assert_int_eq(ems_installation_poll(inst, 1002), EMS_OK);
	ck_assert(it_status(inst, "linky") == EMS_STATUS_COMM_ERROR);
	ck_assert_int_eq(ems_installation_device_stats(inst, it_dev(inst, "linky"), &st), EMS_OK);
	ck_assert_int_eq(st.last_error, EMS_ETIMEDOUT);
	ck_assert(it_status(inst, "old_meter") == EMS_STATUS_OK);
	ck_assert(it_status(inst, "sdm") == EMS_STATUS_OK);
	/* corrupted checksums: no valid frame, still an error */
	ck_assert_int_eq(hems_sim_set_tic_fault(sim, 0, SIM_FAULT_GARBAGE), 0);
	ck_assert_int_eq(ems_installation_poll(inst, 1003), EMS_OK);
	ck_assert_int_eq(ems_installation_poll(inst, 1004), EMS_OK);
	ck_assert(it_status(inst, "linky") == EMS_STATUS_COMM_ERROR);
	/* and back */
	ck_assert_int_eq(hems_sim_set_tic_fault(sim, 0, SIM_FAULT_NONE), 0);
	ck_assert_int_eq(ems_installation_poll(inst, 1005), EMS_OK);
	ck_assert_int_eq(ems_installation_device_stats(inst, it_dev(inst, "linky"), &st), EMS_OK);
	ck_assert_msg(st.status == EMS_STATUS_OK, "linky after recovery: %s", st.last_error_text);
	ems_installation_free(inst);
	hems_sim_free(sim);
}
END_TEST

START_TEST(missing_port)
{
	ems_installation *inst = it_inst("{\"devices\": [{\"name\": \"l\", \"model\": \"linky\", \"port\": \"/nonexistent/tty\", \"timeout_ms\": 100}]}", 1);
	ck_assert_int_eq(ems_installation_poll(inst, 1000), EMS_OK);
	ems_device_stats st;
	ck_assert_int_eq(ems_installation_device_stats(inst, 0, &st), EMS_OK);
	ck_assert_int_eq(st.status, EMS_STATUS_COMM_ERROR);
	ck_assert_int_eq(st.last_error, EMS_ECONN);
	ck_assert_ptr_nonnull(strstr(st.last_error_text, "/nonexistent/tty"));
	ems_installation_free(inst);
}
END_TEST

Suite *it_tic_suite(void)
{
	Suite *s = suite_create("tic");
	TCase *tc = tcase_create("tic");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, linky_standard_and_historic);
	tcase_add_test(tc, missing_port);
	suite_add_tcase(s, tc);
	return s;
}
