/* Suite "regmap": the shipped maps load, and broken maps are refused with a place and a reason. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hems_check.h"
#include "ems/ems.h"
#include "ems_tests.h"

START_TEST(every_builtin_map_loads)
{
	ck_assert_uint_ge(ems_regmap_builtin_count(), 16);
	ck_assert_ptr_null(ems_regmap_builtin_name(ems_regmap_builtin_count()));
	for (size_t i = 0; i < ems_regmap_builtin_count(); i++) {
		const char *name = ems_regmap_builtin_name(i);
		ems_regmap *m = NULL;
		ck_assert_int_eq(ems_regmap_load_builtin(name, &m), EMS_OK);
		ck_assert_str_eq(ems_regmap_model(m), name);
		ck_assert_uint_gt(ems_regmap_field_count(m), 0);
		for (size_t k = 0; k < ems_regmap_field_count(m); k++) {
			const ems_field *f = ems_regmap_field(m, k);
			ck_assert_ptr_nonnull(f);
			ck_assert(f->fc >= 1 && f->fc <= 4);
			ck_assert(f->scale != 0);
			ck_assert_ptr_eq(ems_regmap_find(m, f->quantity), f);
		}
		ems_regmap_free(m);
	}
	ems_regmap *m = NULL;
	ck_assert_int_eq(ems_regmap_load_builtin("legrand-guess", &m), EMS_ENOTFOUND);
	ck_assert_int_eq(ems_regmap_load_builtin(NULL, &m), EMS_EINVAL);
	ems_regmap_free(NULL);
}
END_TEST

START_TEST(files_match_builtins)
{
	const char *src = getenv("HEMS_SOURCE_DIR");
	ck_assert_ptr_nonnull(src);
	char dir[512];
	snprintf(dir, sizeof dir, "%s/libemsmeter/devices", src);
	DIR *dp = opendir(dir);
	ck_assert_ptr_nonnull(dp);
	struct dirent *e;
	size_t n = 0;
	while ((e = readdir(dp))) {
		size_t l = strlen(e->d_name);
		if (l < 6 || strcmp(e->d_name + l - 5, ".json"))
			continue;
		char p[1024];
		snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
		ems_regmap *m = NULL;
		ems_config_error err;
		int rc = ems_regmap_load_file(p, &m, &err);
		ck_assert_msg(rc == EMS_OK, "%s: %s", p, err.reason);
		/* the file name is the model name */
		ck_assert(strncmp(e->d_name, ems_regmap_model(m), l - 5) == 0);
		ems_regmap_free(m);
		n++;
	}
	closedir(dp);
	ck_assert_uint_eq(n, ems_regmap_builtin_count());
}
END_TEST

START_TEST(known_registers)
{
	ems_regmap *m = NULL;
	ck_assert_int_eq(ems_regmap_load_builtin("eastron-sdm630", &m), EMS_OK);
	const ems_field *f = ems_regmap_find(m, EMS_Q_ENERGY_IMPORT);
	ck_assert_uint_eq(f->address, 0x0048);
	ck_assert_uint_eq(f->fc, 4);
	ck_assert_int_eq(f->type, EMS_TYPE_FLOAT32);
	ck_assert(f->scale == 1000.0); /* kWh -> Wh */
	ck_assert_int_eq(ems_regmap_verified(m), 1);
	ems_regmap_free(m);
	ck_assert_int_eq(ems_regmap_load_builtin("hager-ecr380d", &m), EMS_OK);
	f = ems_regmap_find(m, EMS_Q_VOLTAGE_L1);
	ck_assert_uint_eq(f->address, 0xB000);
	ck_assert_uint_eq(f->fc, 3);
	f = ems_regmap_find(m, EMS_Q_POWER);
	ck_assert(f->scale == 10.0); /* 0.01 kW */
	ems_regmap_free(m);
	ck_assert_int_eq(ems_regmap_load_builtin("phoenix-ev-eth", &m), EMS_OK);
	ck_assert_int_eq(ems_regmap_kind(m), EMS_KIND_CHARGER);
	ck_assert_int_eq(ems_regmap_verified(m), 0);
	f = ems_regmap_find(m, EMS_Q_CHARGER_STATE);
	double v;
	ck_assert_int_eq(ems_field_value(f, 'C', &v), EMS_OK);
	ck_assert(v == EMS_CHARGER_C);
	ck_assert_int_eq(ems_field_value(f, 'Z', &v), EMS_ENOTFOUND);
	double raw;
	ck_assert_int_eq(ems_field_raw(f, EMS_CHARGER_B, &raw), EMS_OK);
	ck_assert(raw == 'B');
	ck_assert_int_eq(ems_field_value(f, -1, &v), EMS_ENOTFOUND);
	f = ems_regmap_find(m, EMS_Q_CHARGER_SET_CURRENT);
	ck_assert_uint_eq(f->write_fc, 6);
	ck_assert_uint_eq(f->write_address, 528);
	ems_regmap_free(m);
	ck_assert_int_eq(ems_regmap_load_builtin("sunspec-203", &m), EMS_OK);
	ck_assert_int_eq(ems_regmap_sunspec_id(m), 203);
	ck_assert_int_eq(ems_regmap_find(m, EMS_Q_POWER)->sf_offset, 20);
	ems_regmap_free(m);
}
END_TEST

static void refused(const char *json, int code, int line, const char *path, const char *reason)
{
	ems_regmap *m = (ems_regmap *)1;
	ems_config_error err;
	int rc = ems_regmap_load_string(json, "t.json", &m, &err);
	ck_assert_int_eq(rc, code);
	ck_assert_ptr_null(m);
	ck_assert_int_eq(err.line, line);
	ck_assert_str_eq(err.path, path);
	ck_assert_msg(strstr(err.reason, reason) != NULL, "reason \"%s\" lacks \"%s\"", err.reason, reason);
	ck_assert_str_eq(err.file, "t.json");
}

/* "ascii2": a register holding two characters, the IEC 61851 letter first ("A1", "C2") */
START_TEST(two_character_state)
{
	ems_regmap *m = NULL;
	ems_config_error err;
	ck_assert_int_eq(ems_regmap_load_string("{\"model\": \"x\", \"kind\": \"charger\", \"fields\": ["
		"{\"quantity\": \"charger_state\", \"address\": 8, \"state\": \"ascii2\"}]}", "t.json", &m, &err), EMS_OK);
	const ems_field *f = ems_regmap_find(m, EMS_Q_CHARGER_STATE);
	ck_assert_int_eq(f->state_ascii, 2);
	double v, raw;
	static const struct { unsigned raw; int state; } ok[] = {
		{0x4131, EMS_CHARGER_A}, /* "A1" */
		{0x4232, EMS_CHARGER_B}, /* "B2" */
		{0x4231, EMS_CHARGER_B}, /* "B1" */
		{0x4332, EMS_CHARGER_C}, /* "C2" */
		{0x4432, EMS_CHARGER_D}, /* "D2" */
		{0x4520, EMS_CHARGER_E}, /* "E " */
		{0x4600, EMS_CHARGER_F}, /* "F\0" */
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		ck_assert_int_eq(ems_field_value(f, ok[i].raw, &v), EMS_OK);
		ck_assert_msg(v == ok[i].state, "0x%04X gave %g", ok[i].raw, v);
	}
	/* a numeric code, a lower-case or out-of-range letter, junk after it: not a state */
	static const unsigned bad[] = {0x0003, 0x0043, 0x6332, 0x4732, 0x4341, 0x10043, 0xFFFF};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(ems_field_value(f, bad[i], &v) == EMS_ENOTFOUND, "0x%X", bad[i]);
	ck_assert_int_eq(ems_field_value(f, -0x4332, &v), EMS_ENOTFOUND);
	ck_assert_int_eq(ems_field_value(f, 1e12, &v), EMS_ENOTFOUND);
	/* and back: what a charger would show */
	ck_assert_int_eq(ems_field_raw(f, EMS_CHARGER_A, &raw), EMS_OK);
	ck_assert(raw == 0x4131);
	ck_assert_int_eq(ems_field_raw(f, EMS_CHARGER_C, &raw), EMS_OK);
	ck_assert(raw == 0x4332);
	ck_assert_int_eq(ems_field_raw(f, EMS_CHARGER_F, &raw), EMS_OK);
	ck_assert(raw == 0x4620);
	ck_assert_int_eq(ems_field_raw(f, 7, &raw), EMS_EINVAL);
	for (int st = EMS_CHARGER_A; st <= EMS_CHARGER_F; st++) {
		ck_assert_int_eq(ems_field_raw(f, st, &raw), EMS_OK);
		ck_assert_int_eq(ems_field_value(f, raw, &v), EMS_OK);
		ck_assert(v == st);
	}
	ems_regmap_free(m);
	refused("{\"model\": \"x\", \"fields\": [\n{\"quantity\": \"charger_state\", \"address\": 8, \"state\": \"ascii3\"}]}",
		EMS_ECONFIG, 2, "fields[0].state", "\"ascii2\"");
}
END_TEST

START_TEST(broken_maps)
{
	refused("{\"model\": \"x\",\n \"fields\": [\n {\"quantity\": \"power\", \"address\": \"0x10000\"}]}",
		EMS_ECONFIG, 3, "fields[0].address", "0..0xFFFF");
	refused("{\"model\": \"x\",\n \"fields\": [\n {\"quantity\": \"watts\", \"address\": 1}]}",
		EMS_ECONFIG, 3, "fields[0].quantity", "unknown quantity");
	refused("{\"model\": \"x\", \"fields\": [\n{\"quantity\": \"power\", \"address\": 1,\n \"unit\": \"kWh\"}]}",
		EMS_ECONFIG, 3, "fields[0].unit", "does not fit");
	refused("{\"model\": \"x\", \"fields\": [{\"quantity\": \"power\", \"address\": 1, \"type\": \"u24\"}]}",
		EMS_ECONFIG, 1, "fields[0].type", "type must be");
	refused("{\"model\": \"x\", \"fields\": [{\"quantity\": \"power\", \"address\": 1},\n"
		"{\"quantity\": \"power\", \"address\": 2}]}", EMS_ECONFIG, 2, "fields[1].quantity", "twice");
	refused("{\"model\": \"x\", \"fields\": [{\"quantity\": \"power\", \"address\": 1, \"fc\": 1}]}",
		EMS_ECONFIG, 1, "fields[0]", "bit");
	refused("{\"model\": \"x\", \"fields\": [{\"quantity\": \"power\", \"address\": 1, \"write\": {\"fc\": 3}}]}",
		EMS_ECONFIG, 1, "fields[0].write.fc", "5 (coil)");
	refused("{\"model\": \"x\", \"fields\": []}", EMS_ECONFIG, 1, "fields", "non-empty");
	refused("{\"fields\": [{}]}", EMS_ECONFIG, 1, "model", "model");
	refused("{\"model\": \"x\",\n \"fields\": [1,,]}", EMS_EPARSE, 2, "", "not valid JSON");
	ems_regmap *m;
	ck_assert_int_eq(ems_regmap_load_string(NULL, NULL, &m, NULL), EMS_EINVAL);
	ck_assert_int_eq(ems_regmap_load_file("/nonexistent/x.json", &m, NULL), EMS_ENOTFOUND);
	ck_assert_int_eq(ems_regmap_load_file(NULL, &m, NULL), EMS_EINVAL);
	/* accessors on NULL */
	ck_assert_str_eq(ems_regmap_model(NULL), "");
	ck_assert_uint_eq(ems_regmap_field_count(NULL), 0);
	ck_assert_ptr_null(ems_regmap_field(NULL, 0));
	ck_assert_ptr_null(ems_regmap_find(NULL, EMS_Q_POWER));
	double v;
	ck_assert_int_eq(ems_field_value(NULL, 1, &v), EMS_EINVAL);
	ck_assert_int_eq(ems_field_raw(NULL, 1, &v), EMS_EINVAL);
	ck_assert_uint_eq(ems_regmap_max_read(NULL), 0);
	ck_assert_uint_eq(ems_regmap_max_gap(NULL), 0);
	ck_assert_int_eq(ems_regmap_sunspec_id(NULL), 0);
	ck_assert_int_eq(ems_regmap_kind(NULL), EMS_KIND_METER);
}
END_TEST

START_TEST(error_format)
{
	ems_config_error e;
	memset(&e, 0, sizeof e);
	strcpy(e.file, "inst.json");
	e.line = 12;
	e.column = 5;
	strcpy(e.path, "devices[2].address");
	strcpy(e.reason, "address must be 1..247");
	char buf[256];
	int n = ems_config_error_format(&e, buf, sizeof buf);
	ck_assert_str_eq(buf, "inst.json:12:5: devices[2].address: address must be 1..247");
	ck_assert_int_eq(n, (int)strlen(buf));
	ck_assert_int_eq(ems_config_error_format(NULL, buf, sizeof buf), EMS_EINVAL);
}
END_TEST

Suite *ems_regmap_suite(void)
{
	Suite *s = suite_create("regmap");
	TCase *tc = tcase_create("regmap");
	tcase_add_test(tc, every_builtin_map_loads);
	tcase_add_test(tc, files_match_builtins);
	tcase_add_test(tc, known_registers);
	tcase_add_test(tc, broken_maps);
	tcase_add_test(tc, two_character_state);
	tcase_add_test(tc, error_format);
	suite_add_tcase(s, tc);
	return s;
}
