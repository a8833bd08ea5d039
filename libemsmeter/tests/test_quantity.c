/* Suite "quantity": names, units, readings and their JSON form. */
#include <math.h>
#include <string.h>
#include "hems_check.h"
#include "ems/ems.h"
#include "ems_tests.h"

START_TEST(names_and_units)
{
	ck_assert_str_eq(ems_quantity_json_name(EMS_Q_VOLTAGE_L2), "voltage_v");
	ck_assert_int_eq(ems_quantity_phase(EMS_Q_VOLTAGE_L2), 2);
	ck_assert_str_eq(ems_quantity_unit(EMS_Q_ENERGY_IMPORT), "Wh");
	ck_assert_str_eq(ems_quantity_name(EMS_Q_ENERGY_IMPORT_T2), "energy_import_t2");
	ck_assert_ptr_null(ems_quantity_name(EMS_Q_COUNT));
	ck_assert_ptr_null(ems_quantity_unit((ems_quantity)-1));
	ck_assert_int_eq(ems_quantity_phase(EMS_Q_COUNT), -1);
	ems_quantity q;
	ck_assert_int_eq(ems_quantity_from_name("power_w", &q), EMS_OK);
	ck_assert_int_eq(q, EMS_Q_POWER);
	ck_assert_int_eq(ems_quantity_from_name("current_l3", &q), EMS_OK);
	ck_assert_int_eq(q, EMS_Q_CURRENT_L3);
	ck_assert_int_eq(ems_quantity_from_name("voltage_v", &q), EMS_ENOTFOUND); /* an array name */
	ck_assert_int_eq(ems_quantity_from_name(NULL, &q), EMS_EINVAL);
	/* every quantity's identifier maps back to it */
	for (int i = 0; i < EMS_Q_COUNT; i++) {
		ck_assert_int_eq(ems_quantity_from_name(ems_quantity_name((ems_quantity)i), &q), EMS_OK);
		ck_assert_int_eq(q, i);
	}
	ck_assert_str_eq(ems_status_name(EMS_STATUS_COMM_ERROR), "comm_error");
	ck_assert_str_eq(ems_status_name((ems_status)77), "invalid");
}
END_TEST

START_TEST(reading_get_set)
{
	ems_reading r;
	double v;
	ems_reading_clear(&r);
	ems_reading_clear(NULL);
	ck_assert_int_eq(r.status, EMS_STATUS_UNKNOWN);
	ck_assert_int_eq(ems_reading_get(&r, EMS_Q_POWER, &v), EMS_ENOTFOUND);
	ck_assert_int_eq(ems_reading_set(&r, EMS_Q_POWER, 12.5), EMS_OK);
	ck_assert_int_eq(ems_reading_get(&r, EMS_Q_POWER, &v), EMS_OK);
	ck_assert(v == 12.5);
	ck_assert_int_eq(ems_reading_get(&r, EMS_Q_POWER, NULL), EMS_OK);
	ck_assert_int_eq(ems_reading_set(&r, EMS_Q_POWER, NAN), EMS_EINVAL);
	ck_assert_int_eq(ems_reading_set(NULL, EMS_Q_POWER, 1), EMS_EINVAL);
	ck_assert_int_eq(ems_reading_set(&r, EMS_Q_COUNT, 1), EMS_EINVAL);
	ck_assert_int_eq(ems_reading_get(NULL, EMS_Q_POWER, &v), EMS_EINVAL);
}
END_TEST

START_TEST(json_form)
{
	ems_reading r;
	char buf[1024];
	ems_reading_clear(&r);
	r.status = EMS_STATUS_OK;
	r.time = 1748858400; /* 2025-06-02T10:00:00Z */
	ck_assert_int_eq(ems_reading_set(&r, EMS_Q_VOLTAGE_L1, 230.1), EMS_OK);
	ck_assert_int_eq(ems_reading_set(&r, EMS_Q_VOLTAGE_L3, 231), EMS_OK);
	ck_assert_int_eq(ems_reading_set(&r, EMS_Q_POWER, 1234.5), EMS_OK);
	ck_assert_int_eq(ems_reading_set(&r, EMS_Q_ENERGY_EXPORT, 0), EMS_OK);
	ck_assert_int_eq(ems_reading_set(&r, EMS_Q_CHARGER_STATE, EMS_CHARGER_C), EMS_OK);
	ck_assert_int_eq(ems_reading_set(&r, EMS_Q_CHARGER_ENABLED, 1), EMS_OK);
	int n = ems_reading_to_json(&r, "grid \"1\"", NULL, buf, sizeof buf);
	ck_assert_str_eq(buf, "{\"device\": \"grid \\\"1\\\"\", \"status\": \"ok\", \"time\": \"2025-06-02T10:00:00Z\", "
			      "\"quantities\": {\"voltage_v\": [230.1, null, 231], \"power_w\": 1234.5, "
			      "\"energy_export_wh\": 0, \"charger_state\": \"C\", \"charger_enabled\": true}}");
	ck_assert_int_eq(n, (int)strlen(buf));
	/* truncation reports the full length, like snprintf */
	char small[10];
	ck_assert_int_eq(ems_reading_to_json(&r, "grid \"1\"", NULL, small, sizeof small), n);
	ck_assert_uint_eq(strlen(small), sizeof small - 1);
	ck_assert_int_eq(ems_reading_to_json(&r, NULL, NULL, NULL, 0) > 0, 1);
	ck_assert_int_eq(ems_reading_to_json(NULL, "x", NULL, buf, sizeof buf), EMS_EINVAL);
	ems_reading_clear(&r);
	r.status = EMS_STATUS_COMM_ERROR;
	r.time = 1748858400;
	ems_reading_to_json(&r, "heatpump", "read fc3: Connection timed out", buf, sizeof buf);
	ck_assert_str_eq(buf, "{\"device\": \"heatpump\", \"status\": \"comm_error\", \"time\": \"2025-06-02T10:00:00Z\", "
			      "\"error\": \"read fc3: Connection timed out\", \"quantities\": {}}");
}
END_TEST

Suite *ems_quantity_suite(void)
{
	Suite *s = suite_create("quantity");
	TCase *tc = tcase_create("quantity");
	tcase_add_test(tc, names_and_units);
	tcase_add_test(tc, reading_get_set);
	tcase_add_test(tc, json_form);
	suite_add_tcase(s, tc);
	return s;
}
