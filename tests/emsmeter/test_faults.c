/* Suites "faults", "bus32", "coalescing": a faulty device goes to comm_error and comes
 * back, the others keep being read; 32 devices on one bus; requests per reading. */
#include <math.h>
#include <time.h>
#include "it.h"

static const char *SIM2 =
	"{\"servers\": [{\"port\": 0, \"devices\": ["
	"{\"unit\": 1, \"model\": \"eastron-sdm630\", \"power_w\": 1000},"
	"{\"unit\": 2, \"model\": \"hager-ecr380d\", \"power_w\": 2000},"
	"{\"unit\": 3, \"model\": \"sunspec\", \"sunspec_models\": [203]}]},"
	"{\"port\": 0, \"devices\": [{\"unit\": 1, \"model\": \"abb-b23\", \"power_w\": 3000}]}]}";

#define INST2 \
	"{\"buses\": [{\"id\": \"a\", \"type\": \"tcp\", \"host\": \"127.0.0.1\", \"port\": %d, \"backoff_max_ms\": 0}," \
	"             {\"id\": \"b\", \"type\": \"tcp\", \"host\": \"127.0.0.1\", \"port\": %d}]," \
	" \"timeout_ms\": 300, \"retries\": 1," \
	" \"devices\": [" \
	"{\"name\": \"faulty\", \"model\": \"eastron-sdm630\", \"bus\": \"a\", \"address\": 1, \"stale_after_s\": 5}," \
	"{\"name\": \"neighbour\", \"model\": \"hager-ecr380d\", \"bus\": \"a\", \"address\": 2}," \
	"{\"name\": \"sunspec\", \"model\": \"sunspec\", \"bus\": \"a\", \"address\": 3}," \
	"{\"name\": \"other_bus\", \"model\": \"abb-b23\", \"bus\": \"b\", \"address\": 1}]}"

static const sim_fault kinds[] = {SIM_FAULT_TIMEOUT, SIM_FAULT_EXCEPTION, SIM_FAULT_GARBAGE,
				  SIM_FAULT_DROP, SIM_FAULT_STALE};
static const int expected_code[] = {EMS_ETIMEDOUT, EMS_EMODBUS, EMS_EPROTO, EMS_ECONN, EMS_ESTALE};

static double mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

START_TEST(fault_and_recovery)
{
	sim_fault kind = kinds[_i];
	hems_sim *sim = it_sim(SIM2);
	char json[4096];
	snprintf(json, sizeof json, INST2, hems_sim_port(sim, 0), hems_sim_port(sim, 1));
	ems_installation *inst = it_inst(json, 1);
	int64_t t = 1000;
	ck_assert_int_eq(ems_installation_poll(inst, t), EMS_OK);
	ck_assert(it_status(inst, "faulty") == EMS_STATUS_OK);
	ck_assert_int_eq(hems_sim_set_fault(sim, 0, 1, kind), 0);
	/* poll until the fault shows (stale needs stale_after_s of unchanged values) */
	double t0 = mono();
	for (int k = 0; k < 10 && it_status(inst, "faulty") == EMS_STATUS_OK; k++) {
		t += 2;
		ck_assert_int_eq(ems_installation_poll(inst, t), EMS_OK);
	}
	double took = mono() - t0;
	ck_assert_msg(it_status(inst, "faulty") == EMS_STATUS_COMM_ERROR, "fault %d not detected", kind);
	ems_device_stats st;
	ck_assert_int_eq(ems_installation_device_stats(inst, it_dev(inst, "faulty"), &st), EMS_OK);
	ck_assert_msg(st.last_error == expected_code[_i], "fault %d: error %s (%s)", kind,
		      ems_err_name(st.last_error), st.last_error_text);
	ck_assert_uint_ge(st.failures, 1);
	ck_assert_uint_ge(st.consecutive_failures, 1);
	ck_assert(strlen(st.last_error_text) > 0);
	if (kind == SIM_FAULT_TIMEOUT) {
		ck_assert_uint_ge(st.timeouts, 2); /* the first try and its retry */
		ck_assert_uint_ge(st.retries, 1);
		ck_assert_msg(took < 5.0, "a timed-out poll took %.2f s", took);
	}
	/* the JSON of a failed device carries the error and no quantity */
	ems_reading r;
	char buf[2048];
	ck_assert_int_eq(ems_installation_reading(inst, it_dev(inst, "faulty"), &r), EMS_OK);
	ems_reading_to_json(&r, "faulty", st.last_error_text, buf, sizeof buf);
	ck_assert_ptr_nonnull(strstr(buf, "\"status\": \"comm_error\""));
	ck_assert_ptr_nonnull(strstr(buf, "\"quantities\": {}}"));
	/* the others keep being read, on the same bus and on the other one */
	ck_assert(it_status(inst, "neighbour") == EMS_STATUS_OK);
	ck_assert(it_status(inst, "sunspec") == EMS_STATUS_OK);
	ck_assert(it_status(inst, "other_bus") == EMS_STATUS_OK);
	IT_NEAR(it_get(inst, "neighbour", EMS_Q_POWER), 2000, 11);
	/* and the faulty one comes back */
	ck_assert_int_eq(hems_sim_set_fault(sim, 0, 1, SIM_FAULT_NONE), 0);
	for (int k = 0; k < 5 && it_status(inst, "faulty") != EMS_STATUS_OK; k++) {
		t += 2;
		ck_assert_int_eq(ems_installation_poll(inst, t), EMS_OK);
	}
	ck_assert(it_status(inst, "faulty") == EMS_STATUS_OK);
	IT_NEAR(it_get(inst, "faulty", EMS_Q_POWER), 1000, 2);
	ck_assert_int_eq(ems_installation_device_stats(inst, it_dev(inst, "faulty"), &st), EMS_OK);
	ck_assert_uint_eq(st.consecutive_failures, 0);
	ck_assert_int_eq(st.last_success, t);
	ems_installation_free(inst);
	hems_sim_free(sim);
}
END_TEST

START_TEST(server_gone_then_back)
{
	/* a closed port: connection refused, then back-off, then recovery when a server listens */
	hems_sim *sim = it_sim(SIM2);
	int port = hems_sim_port(sim, 1);
	char json[4096];
	snprintf(json, sizeof json, INST2, hems_sim_port(sim, 0), port);
	ems_installation *inst = it_inst(json, 1);
	ck_assert_int_eq(ems_installation_poll(inst, 1000), EMS_OK);
	ck_assert(it_status(inst, "other_bus") == EMS_STATUS_OK);
	hems_sim_free(sim);
	ck_assert_int_eq(ems_installation_poll(inst, 1001), EMS_OK);
	ck_assert(it_status(inst, "other_bus") == EMS_STATUS_COMM_ERROR);
	ck_assert(it_status(inst, "faulty") == EMS_STATUS_COMM_ERROR);
	ems_device_stats st;
	ck_assert_int_eq(ems_installation_device_stats(inst, it_dev(inst, "other_bus"), &st), EMS_OK);
	ck_assert_int_eq(st.last_error, EMS_ECONN);
	/* a second poll right away does not wait: the back-off answers at once */
	double t0 = mono();
	ck_assert_int_eq(ems_installation_poll(inst, 1002), EMS_OK);
	ck_assert_msg(mono() - t0 < 1.0, "poll during back-off took %.2f s", mono() - t0);
	ems_installation_free(inst);
}
END_TEST

#define INST32_HEAD \
	"{\"buses\": [{\"id\": \"gw\", \"type\": \"tcp\", \"host\": \"127.0.0.1\", \"port\": %d, \"gateway\": true," \
	" \"frame_delay_ms\": 0, \"slave_gap_ms\": 0}], \"timeout_ms\": 300, \"retries\": 0, \"devices\": ["

START_TEST(thirty_two_devices)
{
	char simj[16384], inst[16384];
	int n = snprintf(simj, sizeof simj, "{\"servers\": [{\"port\": 0, \"devices\": [");
	for (int u = 1; u <= 32; u++)
		n += snprintf(simj + n, sizeof simj - (size_t)n, "%s{\"unit\": %d, \"model\": \"%s\", \"power_w\": %d}",
			      u > 1 ? "," : "", u, u % 2 ? "eastron-sdm630" : "hager-ecr380d", u * 100);
	snprintf(simj + n, sizeof simj - (size_t)n, "]}]}");
	hems_sim *sim = it_sim(simj);
	n = snprintf(inst, sizeof inst, INST32_HEAD, hems_sim_port(sim, 0));
	for (int u = 1; u <= 32; u++)
		n += snprintf(inst + n, sizeof inst - (size_t)n,
			      "%s{\"name\": \"m%d\", \"model\": \"%s\", \"bus\": \"gw\", \"address\": %d}",
			      u > 1 ? "," : "", u, u % 2 ? "eastron-sdm630" : "hager-ecr380d", u);
	snprintf(inst + n, sizeof inst - (size_t)n, "]}");
	ems_installation *in = it_inst(inst, 1);
	ck_assert_int_eq(ems_installation_poll(in, 1000), EMS_OK);
	for (int u = 1; u <= 32; u++) {
		char name[8];
		snprintf(name, sizeof name, "m%d", u);
		IT_NEAR(it_get(in, name, EMS_Q_POWER), u * 100, 11);
	}
	/* one of them stops answering: the 31 others are still read, in the same cycle */
	ck_assert_int_eq(hems_sim_set_fault(sim, 0, 17, SIM_FAULT_TIMEOUT), 0);
	ck_assert_int_eq(ems_installation_poll(in, 1001), EMS_OK);
	for (int u = 1; u <= 32; u++) {
		char name[8];
		snprintf(name, sizeof name, "m%d", u);
		ck_assert_int_eq(it_status(in, name), u == 17 ? EMS_STATUS_COMM_ERROR : EMS_STATUS_OK);
	}
	ck_assert_int_eq(hems_sim_set_fault(sim, 0, 17, SIM_FAULT_NONE), 0);
	ck_assert_int_eq(ems_installation_poll(in, 1002), EMS_OK);
	ck_assert_int_eq(it_status(in, "m17"), EMS_STATUS_OK);
	ems_installation_free(in);
	hems_sim_free(sim);
}
END_TEST

static uint64_t requests_per_poll(int coalesce, const char *model, int *fields)
{
	char simj[512], inst[1024];
	snprintf(simj, sizeof simj, "{\"servers\": [{\"port\": 0, \"devices\": [{\"unit\": 1, \"model\": \"%s\"}]}]}", model);
	hems_sim *sim = it_sim(simj);
	snprintf(inst, sizeof inst,
		 "{\"devices\": [{\"name\": \"m\", \"model\": \"%s\", \"host\": \"127.0.0.1\", \"port\": %d, \"address\": 1}]}",
		 model, hems_sim_port(sim, 0));
	ems_installation *in = it_inst(inst, coalesce);
	ck_assert_int_eq(ems_installation_poll(in, 1000), EMS_OK);
	ck_assert_int_eq(it_status(in, "m"), EMS_STATUS_OK);
	ems_bus_stats bs;
	ck_assert_int_eq(ems_installation_bus_stats(in, 0, &bs), EMS_OK);
	ck_assert_uint_eq(bs.requests, hems_sim_requests(sim, 0));
	ems_regmap *m = NULL;
	ck_assert_int_eq(ems_regmap_load_builtin(model, &m), EMS_OK);
	*fields = (int)ems_regmap_field_count(m);
	ems_regmap_free(m);
	ems_reading r;
	ck_assert_int_eq(ems_installation_reading(in, 0, &r), EMS_OK);
	int provided = 0;
	for (int q = 0; q < EMS_Q_COUNT; q++)
		provided += r.provided[q];
	ck_assert_int_eq(provided, *fields);
	ems_installation_free(in);
	hems_sim_free(sim);
	return bs.requests;
}

START_TEST(coalescing_reduces_requests)
{
	static const char *const models[] = {"eastron-sdm630", "hager-ecr380d", "carlogavazzi-em24", "abb-b23"};
	for (size_t i = 0; i < sizeof models / sizeof models[0]; i++) {
		int fields;
		uint64_t with = requests_per_poll(1, models[i], &fields);
		uint64_t without = requests_per_poll(0, models[i], &fields);
		ck_assert_uint_eq(without, (uint64_t)fields);
		ck_assert_msg(with < without / 3, "%s: %llu requests coalesced vs %llu", models[i],
			      (unsigned long long)with, (unsigned long long)without);
	}
}
END_TEST

START_TEST(illegal_address_falls_back_to_single_reads)
{
	/* the simulated SDM72 has only its own registers: an SDM630 map on it gets
	 * "illegal data address" for the per-phase energies; the rest is still read */
	hems_sim *sim = it_sim("{\"servers\": [{\"port\": 0, \"devices\": [{\"unit\": 1, \"model\": \"eastron-sdm72\"}]}]}");
	char inst[512];
	snprintf(inst, sizeof inst,
		 "{\"devices\": [{\"name\": \"m\", \"model\": \"eastron-sdm630\", \"host\": \"127.0.0.1\", \"port\": %d}]}",
		 hems_sim_port(sim, 0));
	ems_installation *in = it_inst(inst, 1);
	ck_assert_int_eq(ems_installation_poll(in, 1000), EMS_OK);
	ck_assert_int_eq(it_status(in, "m"), EMS_STATUS_OK);
	IT_NEAR(it_get(in, "m", EMS_Q_POWER), 1000, 2);
	ems_reading r;
	ck_assert_int_eq(ems_installation_reading(in, 0, &r), EMS_OK);
	ck_assert_int_eq(ems_reading_get(&r, EMS_Q_ENERGY_IMPORT_L1, NULL), EMS_ENOTFOUND);
	/* the next poll does not ask for them again */
	uint64_t before = hems_sim_requests(sim, 0);
	ck_assert_int_eq(ems_installation_poll(in, 1001), EMS_OK);
	ck_assert_uint_le(hems_sim_requests(sim, 0) - before, 2);
	ck_assert_int_eq(it_status(in, "m"), EMS_STATUS_OK);
	ems_installation_free(in);
	hems_sim_free(sim);
}
END_TEST

Suite *it_faults_suite(void)
{
	Suite *s = suite_create("faults");
	TCase *tc = tcase_create("faults");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, fault_and_recovery, 0, (int)(sizeof kinds / sizeof kinds[0]));
	tcase_add_test(tc, server_gone_then_back);
	suite_add_tcase(s, tc);
	return s;
}

Suite *it_bus32_suite(void)
{
	Suite *s = suite_create("bus32");
	TCase *tc = tcase_create("bus32");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, thirty_two_devices);
	suite_add_tcase(s, tc);
	return s;
}

Suite *it_coalescing_suite(void)
{
	Suite *s = suite_create("coalescing");
	TCase *tc = tcase_create("coalescing");
	tcase_add_test(tc, coalescing_reduces_requests);
	tcase_add_test(tc, illegal_address_falls_back_to_single_reads);
	suite_add_tcase(s, tc);
	return s;
}
