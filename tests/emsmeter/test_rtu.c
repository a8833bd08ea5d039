/* Suite "rtu": a Modbus RTU bus (libmodbus's RTU backend, termios) on a pseudo-terminal,
 * two slaves simulated by hems-sim; faults incl. wrong CRC; the RS485 option. */
#include <time.h>
#include "it.h"

#define SIMR "{\"servers\": [{\"type\": \"rtu\", \"devices\": [" \
	"{\"unit\": 1, \"model\": \"hager-ecr380d\", \"power_w\": 1800}," \
	"{\"unit\": 2, \"model\": \"eastron-sdm120\", \"power_w\": 700, \"phases\": 1}]}]}"

#define INSTR "{\"buses\": [{\"id\": \"rs485\", \"type\": \"rtu\", \"port\": \"%s\", \"baud\": 19200," \
	" \"parity\": \"E\", \"stop_bits\": 1%s}], \"timeout_ms\": 300, \"retries\": 1, \"devices\": [" \
	"{\"name\": \"hager\", \"model\": \"hager-ecr380d\", \"bus\": \"rs485\", \"address\": 1}," \
	"{\"name\": \"sdm\", \"model\": \"eastron-sdm120\", \"bus\": \"rs485\", \"address\": 2}]}"

static const sim_fault kinds[] = {SIM_FAULT_TIMEOUT, SIM_FAULT_EXCEPTION, SIM_FAULT_GARBAGE, SIM_FAULT_DROP};
static const int codes[] = {EMS_ETIMEDOUT, EMS_EMODBUS, EMS_EPROTO, EMS_ETIMEDOUT};

START_TEST(two_slaves_and_a_fault)
{
	hems_sim *sim = it_sim(SIMR);
	char json[2048];
	snprintf(json, sizeof json, INSTR, hems_sim_rtu_path(sim, 0), "");
	ems_installation *inst = it_inst(json, 1);
	ck_assert_int_eq(ems_installation_poll(inst, 1000), EMS_OK);
	ems_device_stats st;
	ck_assert_int_eq(ems_installation_device_stats(inst, 0, &st), EMS_OK);
	ck_assert_msg(st.status == EMS_STATUS_OK, "hager: %s", st.last_error_text);
	IT_NEAR(it_get(inst, "hager", EMS_Q_POWER), 1800, 11);
	IT_NEAR(it_get(inst, "sdm", EMS_Q_POWER), 700, 2);
	IT_NEAR(it_get(inst, "hager", EMS_Q_VOLTAGE_L2), 230.7, 1.5);
	ck_assert_int_eq(hems_sim_set_fault(sim, 0, 1, kinds[_i]), 0);
	ck_assert_int_eq(ems_installation_poll(inst, 1001), EMS_OK);
	ck_assert_int_eq(ems_installation_device_stats(inst, 0, &st), EMS_OK);
	ck_assert_int_eq(st.status, EMS_STATUS_COMM_ERROR);
	ck_assert_msg(st.last_error == codes[_i], "fault %d: %s (%s)", kinds[_i], ems_err_name(st.last_error),
		      st.last_error_text);
	ck_assert(it_status(inst, "sdm") == EMS_STATUS_OK);
	ck_assert_int_eq(hems_sim_set_fault(sim, 0, 1, SIM_FAULT_NONE), 0);
	ck_assert_int_eq(ems_installation_poll(inst, 1002), EMS_OK);
	ck_assert(it_status(inst, "hager") == EMS_STATUS_OK);
	ck_assert(it_status(inst, "sdm") == EMS_STATUS_OK);
	/* the bus counted its frames as RTU */
	ems_bus_stats bs;
	ck_assert_int_eq(ems_installation_bus_stats(inst, 0, &bs), EMS_OK);
	ck_assert_uint_eq(bs.tx_bytes + bs.rx_bytes, bs.rtu_bytes);
	ems_installation_free(inst);
	hems_sim_free(sim);
}
END_TEST

START_TEST(rs485_mode_refused_by_a_pty)
{
	/* a pty is no RS485 adapter: the kernel refuses TIOCSRS485, and the device says so */
	hems_sim *sim = it_sim(SIMR);
	char json[2048];
	snprintf(json, sizeof json, INSTR, hems_sim_rtu_path(sim, 0), ", \"rs485\": true");
	ems_installation *inst = it_inst(json, 1);
	ck_assert_int_eq(ems_installation_poll(inst, 1000), EMS_OK);
	ems_device_stats st;
	ck_assert_int_eq(ems_installation_device_stats(inst, 0, &st), EMS_OK);
	ck_assert_int_eq(st.status, EMS_STATUS_COMM_ERROR);
	ck_assert_int_eq(st.last_error, EMS_ECONN);
	ck_assert_ptr_nonnull(strstr(st.last_error_text, "RS485"));
	ems_installation_free(inst);
	hems_sim_free(sim);
}
END_TEST

Suite *it_rtu_suite(void)
{
	Suite *s = suite_create("rtu");
	TCase *tc = tcase_create("rtu");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, two_slaves_and_a_fault, 0, (int)(sizeof kinds / sizeof kinds[0]));
	tcase_add_test(tc, rs485_mode_refused_by_a_pty);
	suite_add_tcase(s, tc);
	return s;
}
