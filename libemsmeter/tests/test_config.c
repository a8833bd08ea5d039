/* Suite "config": installation files, valid ones load, invalid ones say where and why. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hems_check.h"
#include "ems/ems.h"
#include "ems_tests.h"

static void config_dir(char *buf, size_t size, const char *sub)
{
	const char *src = getenv("HEMS_SOURCE_DIR");
	ck_assert_ptr_nonnull(src);
	snprintf(buf, size, "%s/tests/emsmeter/config/%s", src, sub);
}

START_TEST(valid_files_load)
{
	char dir[512];
	config_dir(dir, sizeof dir, "valid");
	DIR *dp = opendir(dir);
	ck_assert_ptr_nonnull(dp);
	struct dirent *e;
	int n = 0;
	while ((e = readdir(dp))) {
		if (!strstr(e->d_name, ".json"))
			continue;
		char p[1024];
		snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
		ems_installation *inst = NULL;
		ems_config_error err;
		int rc = ems_installation_load_file(p, NULL, &inst, &err);
		char msg[512];
		ems_config_error_format(&err, msg, sizeof msg);
		ck_assert_msg(rc == EMS_OK, "%s", msg);
		ck_assert_uint_gt(ems_installation_device_count(inst), 0);
		ems_installation_free(inst);
		n++;
	}
	closedir(dp);
	ck_assert_int_ge(n, 2);
}
END_TEST

START_TEST(invalid_files_say_where_and_why)
{
	char dir[512];
	config_dir(dir, sizeof dir, "invalid");
	DIR *dp = opendir(dir);
	ck_assert_ptr_nonnull(dp);
	struct dirent *e;
	int n = 0;
	while ((e = readdir(dp))) {
		size_t l = strlen(e->d_name);
		if (l < 6 || strcmp(e->d_name + l - 5, ".json"))
			continue;
		char p[1024], x[1024];
		snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
		snprintf(x, sizeof x, "%s/%.*s.expect", dir, (int)(l - 5), e->d_name);
		FILE *f = fopen(x, "r");
		ck_assert_msg(f != NULL, "missing %s", x);
		char l1[256] = "", l2[256] = "";
		ck_assert_ptr_nonnull(fgets(l1, sizeof l1, f));
		ck_assert_ptr_nonnull(fgets(l2, sizeof l2, f));
		fclose(f);
		l1[strcspn(l1, "\n")] = 0;
		l2[strcspn(l2, "\n")] = 0;
		int line = atoi(l1);
		const char *path = strchr(l1, ' ') ? strchr(l1, ' ') + 1 : "";
		ems_installation *inst = (ems_installation *)1;
		ems_config_error err;
		int rc = ems_installation_load_file(p, NULL, &inst, &err);
		ck_assert_msg(rc == EMS_ECONFIG || rc == EMS_EPARSE, "%s: rc %d", e->d_name, rc);
		ck_assert_ptr_null(inst);
		ck_assert_msg(err.line == line, "%s: line %d, expected %d (%s)", e->d_name, err.line, line, err.reason);
		ck_assert_msg(strcmp(err.path, path) == 0, "%s: path %s, expected %s", e->d_name, err.path, path);
		ck_assert_msg(strstr(err.reason, l2) != NULL, "%s: reason \"%s\" lacks \"%s\"", e->d_name, err.reason, l2);
		ck_assert_str_eq(err.file, p);
		n++;
	}
	closedir(dp);
	ck_assert_int_ge(n, 20);
}
END_TEST

START_TEST(structure)
{
	char p[1024];
	config_dir(p, sizeof p, "valid/full.json");
	ems_installation *inst = NULL;
	ems_config_error err;
	ck_assert_int_eq(ems_installation_load_file(p, NULL, &inst, &err), EMS_OK);
	size_t i;
	ck_assert_int_eq(ems_installation_device_index(inst, "house", &i), EMS_OK);
	ck_assert_str_eq(ems_installation_device_model(inst, i), "virtual");
	ck_assert_int_eq(ems_installation_device_index(inst, "nope", &i), EMS_ENOTFOUND);
	ck_assert_int_eq(ems_installation_device_index(NULL, "x", &i), EMS_EINVAL);
	ck_assert_uint_eq(ems_installation_group_count(inst), 2);
	ck_assert_str_eq(ems_installation_group_name(inst, 1), "garage");
	ck_assert_ptr_null(ems_installation_group_name(inst, 2));
	/* three explicit buses and the implicit ones of pv, battery and wallbox */
	ck_assert_uint_eq(ems_installation_bus_count(inst), 6);
	ck_assert_int_eq(ems_installation_device_index(inst, "spare", &i), EMS_OK);
	ems_device_stats st;
	ck_assert_int_eq(ems_installation_device_stats(inst, i, &st), EMS_OK);
	ck_assert_int_eq(st.status, EMS_STATUS_OFF);
	ck_assert_int_eq(ems_installation_poll_device(inst, i, 1000), EMS_EDISABLED);
	ems_reading r;
	ck_assert_int_eq(ems_installation_reading(inst, i, &r), EMS_OK);
	ck_assert_int_eq(r.status, EMS_STATUS_OFF);
	ck_assert_int_eq(ems_installation_reading(inst, 999, &r), EMS_ENOTFOUND);
	ck_assert_int_eq(ems_installation_group_reading(inst, "nope", &r), EMS_ENOTFOUND);
	ck_assert_int_eq(ems_installation_load_reading(inst, "toaster", &r), EMS_ENOTFOUND);
	ck_assert_int_eq(ems_installation_write(inst, 0, EMS_Q_CHARGER_SET_CURRENT, 10), EMS_ENOTSUP);
	ck_assert_int_eq(ems_installation_write(inst, 0, EMS_Q_COUNT, 10), EMS_EINVAL);
	ems_installation_free(inst);
	ems_installation_free(NULL);
}
END_TEST

START_TEST(arguments)
{
	ems_installation *inst;
	ems_config_error err;
	ck_assert_int_eq(ems_installation_load_string(NULL, NULL, NULL, &inst, &err), EMS_EINVAL);
	ck_assert_int_eq(ems_installation_load_string("{}", NULL, NULL, NULL, &err), EMS_EINVAL);
	ck_assert_int_eq(ems_installation_load_file(NULL, NULL, &inst, &err), EMS_EINVAL);
	ck_assert_int_eq(ems_installation_load_file("/nonexistent.json", NULL, &inst, &err), EMS_ENOTFOUND);
	ck_assert_str_eq(err.file, "/nonexistent.json");
	ems_installation_options o = EMS_INSTALLATION_OPTIONS_INIT;
	o.version = 99;
	ck_assert_int_eq(ems_installation_load_string("{}", NULL, &o, &inst, &err), EMS_EINVAL);
	ck_assert_int_eq(ems_installation_poll(NULL, 0), EMS_EINVAL);
	ck_assert_uint_eq(ems_installation_device_count(NULL), 0);
	ck_assert_ptr_null(ems_installation_device_name(NULL, 0));
	ck_assert_int_eq(ems_installation_set_enabled(NULL, 0, 1), EMS_EINVAL);
	ems_bus_stats bs;
	ck_assert_int_eq(ems_installation_bus_stats(NULL, 0, &bs), EMS_EINVAL);
	/* maps_dir: a map from a folder wins over the built-in one */
	o.version = EMS_INSTALLATION_OPTIONS_VERSION;
	const char *src = getenv("HEMS_SOURCE_DIR");
	char md[512];
	snprintf(md, sizeof md, "%s/tests/emsmeter/maps", src);
	o.maps_dir = md;
	ck_assert_int_eq(ems_installation_load_string(
		"{\"devices\": [{\"name\": \"x\", \"model\": \"example-legrand\", \"host\": \"127.0.0.1\"}]}",
		NULL, &o, &inst, &err), EMS_OK);
	ems_installation_free(inst);
	ck_assert_int_eq(ems_installation_load_string(
		"{\"devices\": [{\"name\": \"x\", \"model\": \"example-legrand\", \"host\": \"127.0.0.1\"}]}",
		NULL, NULL, &inst, &err), EMS_ECONFIG);
}
END_TEST

Suite *ems_config_suite(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("config");
	tcase_add_test(tc, valid_files_load);
	tcase_add_test(tc, invalid_files_say_where_and_why);
	tcase_add_test(tc, structure);
	tcase_add_test(tc, arguments);
	suite_add_tcase(s, tc);
	return s;
}
