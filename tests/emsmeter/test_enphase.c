/* Suite "enphase": the Enphase IQ Gateway as a device of an installation, against the
 * HTTPS gateway simulator (libmicrohttpd), certificate pinned. */
#include <time.h>
#include "it.h"
#include "envoy_sim.h"

static const char *cert(const char *name)
{
	static char p[4][640];
	static int k;
	const char *src = getenv("HEMS_SOURCE_DIR");
	k = (k + 1) % 4;
	snprintf(p[k], sizeof p[k], "%s/libemsmeter/tests/envoy/certs/%s", src ? src : ".", name);
	return p[k];
}

START_TEST(gateway_in_an_installation)
{
	envoy_sim_options o;
	memset(&o, 0, sizeof o);
	o.cert_file = cert("gateway.pem");
	o.key_file = cert("gateway.key");
	envoy_sim *gw = envoy_sim_start(&o);
	ck_assert_ptr_nonnull(gw);
	envoy_sim_model m;
	envoy_sim_model_default(&m);
	envoy_sim_set_model(gw, &m);
	char token[2048];
	envoy_sim_make_token((int64_t)time(NULL) + 86400, "122233445566", "it-1", token, sizeof token);
	envoy_sim_accept_token(gw, token);
	char json[8192];
	snprintf(json, sizeof json,
		 "{\"devices\": ["
		 "{\"name\": \"envoy\", \"model\": \"enphase-envoy\", \"host\": \"127.0.0.1\", \"port\": %u,"
		 " \"token\": \"%s\", \"pinned_cert_file\": \"%s\", \"load_type\": \"pv\", \"timeout_ms\": 5000},"
		 "{\"name\": \"wrong_pin\", \"model\": \"enphase-envoy\", \"host\": \"127.0.0.1\", \"port\": %u,"
		 " \"token\": \"%s\", \"pinned_cert_file\": \"%s\", \"timeout_ms\": 5000}]}",
		 (unsigned)envoy_sim_port(gw), token, cert("gateway.pem"), (unsigned)envoy_sim_port(gw), token,
		 cert("cloud.pem"));
	ems_installation *inst = it_inst(json, 1);
	ck_assert_int_eq(ems_installation_poll(inst, 1000), EMS_OK);
	ems_device_stats st;
	ck_assert_int_eq(ems_installation_device_stats(inst, it_dev(inst, "envoy"), &st), EMS_OK);
	ck_assert_msg(st.status == EMS_STATUS_OK, "envoy: %s", st.last_error_text);
	IT_NEAR(it_get(inst, "envoy", EMS_Q_PV_POWER), 3450, 1);
	IT_NEAR(it_get(inst, "envoy", EMS_Q_CONSUMPTION_POWER), 2600, 1);
	IT_NEAR(it_get(inst, "envoy", EMS_Q_POWER), 2600 - 3450, 1);
	IT_NEAR(it_get(inst, "envoy", EMS_Q_VOLTAGE_L1), 231.2, 0.01);
	IT_NEAR(it_get(inst, "envoy", EMS_Q_ENERGY_IMPORT), 3738205, 1);
	IT_NEAR(it_get(inst, "envoy", EMS_Q_ENERGY_EXPORT), 4014523, 1);
	/* another certificate than the pinned one: refused, never silently accepted */
	ck_assert_int_eq(ems_installation_device_stats(inst, it_dev(inst, "wrong_pin"), &st), EMS_OK);
	ck_assert_int_eq(st.status, EMS_STATUS_COMM_ERROR);
	ck_assert_msg(st.last_error == EMS_ETLS, "wrong pin: %s (%s)", ems_err_name(st.last_error), st.last_error_text);
	char buf[4096];
	ems_reading r;
	ck_assert_int_eq(ems_installation_reading(inst, it_dev(inst, "envoy"), &r), EMS_OK);
	ems_reading_to_json(&r, "envoy", NULL, buf, sizeof buf);
	ck_assert_ptr_nonnull(strstr(buf, "\"pv_power_w\": 3450"));
	ems_installation_free(inst);
	envoy_sim_stop(gw);
}
END_TEST

START_TEST(config_needs_a_pin_and_credentials)
{
	ems_installation *inst = NULL;
	ems_config_error err;
	ck_assert_int_eq(ems_installation_load_string(
		"{\"devices\": [{\"name\": \"e\", \"model\": \"enphase-envoy\", \"host\": \"10.0.0.2\",\n \"token\": \"x.y.z\"}]}",
		"t.json", NULL, &inst, &err), EMS_ECONFIG);
	ck_assert_ptr_nonnull(strstr(err.reason, "pinned"));
	ck_assert_int_eq(ems_installation_load_string(
		"{\"devices\": [{\"name\": \"e\", \"model\": \"enphase-envoy\", \"host\": \"10.0.0.2\",\n \"pinned_pubkey\": \"sha256//AAAA\"}]}",
		"t.json", NULL, &inst, &err), EMS_ECONFIG);
	ck_assert_ptr_nonnull(strstr(err.reason, "token"));
	ck_assert_int_eq(ems_installation_load_string(
		"{\"devices\": [{\"name\": \"e\", \"model\": \"eastron-sdm630\", \"host\": \"10.0.0.2\",\n \"token\": \"x\"}]}",
		"t.json", NULL, &inst, &err), EMS_ECONFIG);
	ck_assert_str_eq(err.path, "devices[0].token");
	ck_assert_int_eq(err.line, 2);
}
END_TEST

Suite *it_enphase_suite(void)
{
	Suite *s = suite_create("enphase");
	TCase *tc = tcase_create("enphase");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, gateway_in_an_installation);
	tcase_add_test(tc, config_needs_a_pin_and_credentials);
	suite_add_tcase(s, tc);
	return s;
}
