/* Suites "envoy_read", "envoy_auth", "envoy_tls", "envoy_faults", "envoy_quirks": the driver
 * over real HTTPS on 127.0.0.1 against the libmicrohttpd simulator (tests/sim/envoy_sim.c),
 * on ports chosen by the system. Every request is bounded by the driver's timeout. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime, close */
#include <arpa/inet.h>
#include <curl/curl.h>
#include <pthread.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "hems_check.h"
#include "ems/envoy.h"
#include "envoy_sim.h"
#include "test_envoy.h"

#define EPS 1e-6
#define SERIAL "122300000001"
#define USER "owner@example.com"
#define PASS "s3cret&p=1" /* characters that need form encoding */

static char pin_gateway[128], pin_other[128];

static void load_pin(const char *rel, char *out, size_t n)
{
	char *p = envoy_fixture(rel, NULL);
	p[strcspn(p, "\r\n")] = '\0';
	snprintf(out, n, "%s", p);
	free(p);
}

static envoy_sim *start_sim(const char *name)
{
	char cert[64], key[64];
	snprintf(cert, sizeof cert, "certs/%s.pem", name);
	snprintf(key, sizeof key, "certs/%s.key", name);
	envoy_sim_options o;
	memset(&o, 0, sizeof o);
	o.cert_file = envoy_fixture_path(0, cert);
	o.key_file = envoy_fixture_path(1, key);
	o.username = USER;
	o.password = PASS;
	o.serial = SERIAL;
	envoy_sim *s = envoy_sim_start(&o);
	ck_assert_msg(s != NULL, "simulator %s did not start", name);
	return s;
}

/* A token the gateway accepts, valid for `life` seconds from now. */
static void good_token(envoy_sim *gw, int64_t life, const char *jti, char *out, size_t n)
{
	envoy_sim_make_token((int64_t)time(NULL) + life, SERIAL, jti, out, n);
	if (gw)
		envoy_sim_accept_token(gw, out);
}

static void base_options(ems_envoy_options *o, envoy_sim *gw)
{
	ems_envoy_options init = EMS_ENVOY_OPTIONS_INIT;
	*o = init;
	o->host = "127.0.0.1";
	o->port = envoy_sim_port(gw);
	o->pinned_pubkey = pin_gateway;
	o->timeout_ms = 5000;
}

static void cloud_options(ems_envoy_options *o, envoy_sim *cloud)
{
	static char login[128], tokens[128];
	snprintf(login, sizeof login, "https://127.0.0.1:%u/login/login.json",
		 (unsigned)envoy_sim_port(cloud));
	snprintf(tokens, sizeof tokens, "https://127.0.0.1:%u/tokens",
		 (unsigned)envoy_sim_port(cloud));
	o->username = USER;
	o->password = PASS;
	o->serial = SERIAL;
	o->login_url = login;
	o->token_url = tokens;
	o->cloud_ca_file = envoy_fixture_path(2, "certs/ca.pem");
}

static ems_envoy *open_ok(const ems_envoy_options *o)
{
	ems_envoy *e = NULL;
	ems_envoy_error err;
	int rc = ems_envoy_new(o, &e, &err);
	ck_assert_msg(rc == 0, "ems_envoy_new: %s %s %s", ems_err_name(rc), err.where, err.text);
	return e;
}

static void read_ok(ems_envoy *e, ems_envoy_reading *r)
{
	int rc = ems_envoy_read(e, r);
	const ems_envoy_error *err = ems_envoy_last_error(e);
	ck_assert_msg(rc == 0, "ems_envoy_read: %s: %s: %s", ems_err_name(rc), err->where,
		      err->text);
}

static void setup(void)
{
	load_pin("certs/gateway.pin", pin_gateway, sizeof pin_gateway);
	load_pin("certs/other.pin", pin_other, sizeof pin_other);
}

/* ---- envoy_read ----------------------------------------------------------------------- */

START_TEST(read_three_phase)
{
	envoy_sim *gw = start_sim("gateway");
	char tok[1024];
	good_token(gw, 86400 * 30, "t1", tok, sizeof tok);
	ems_envoy_options o;
	base_options(&o, gw);
	o.token = tok;
	ems_envoy *e = open_ok(&o);
	ems_envoy_reading r;
	read_ok(e, &r);
	ck_assert_uint_eq(r.quirks, 0);
	ck_assert_uint_eq(r.phase_count, 3);
	ck_assert_int_eq(r.time, 1700000000);
	ck_assert_double_eq_tol(r.production_w, 3450, EPS);
	ck_assert_double_eq_tol(r.production_phase_w[1], 1150, EPS);
	ck_assert_double_eq_tol(r.production_wh, 4351113, EPS);
	ck_assert_double_eq_tol(r.consumption_w, 2600, EPS);
	ck_assert_double_eq_tol(r.consumption_phase_w[2], 1500, EPS);
	ck_assert_double_eq_tol(r.consumption_wh, 4074795, EPS);
	ck_assert_double_eq_tol(r.net_w, -850, EPS);
	ck_assert_double_eq_tol(r.net_phase_w[0], -400, EPS);
	ck_assert_double_eq_tol(r.net_import_wh, 3738205, EPS);
	ck_assert_double_eq_tol(r.net_export_wh, 4014523, EPS);
	ck_assert_double_eq_tol(r.voltage_v[2], 230.5, EPS);
	ck_assert_double_eq_tol(r.frequency_hz, 50.01, EPS);
	ck_assert_uint_eq(r.inverters_active, 4);
	ck_assert(!(r.provided & (EMS_ENVOY_HAS_STORAGE_W | EMS_ENVOY_HAS_STORAGE_SOC)));
	ck_assert_str_eq(ems_envoy_token(e), tok);
	ck_assert_int_eq(ems_envoy_last_error(e)->code, 0);
	ems_envoy_free(e);
	envoy_sim_stop(gw);
}
END_TEST

START_TEST(read_single_phase_and_storage)
{
	envoy_sim *gw = start_sim("gateway");
	envoy_sim_model m;
	envoy_sim_model_default(&m);
	m.phases = 1;
	m.production_w[0] = 2000;
	m.consumption_w[0] = 2500;
	m.n_batteries = 2;
	m.batteries[0] = (envoy_sim_battery){"B1", 50, 5000, 300};
	m.batteries[1] = (envoy_sim_battery){"B2", 100, 5000, 200};
	envoy_sim_set_model(gw, &m);
	char tok[1024];
	good_token(gw, 86400, "t1", tok, sizeof tok);
	ems_envoy_options o;
	base_options(&o, gw);
	o.token = tok;
	ems_envoy *e = open_ok(&o);
	ems_envoy_reading r;
	read_ok(e, &r);
	ck_assert_uint_eq(r.phase_count, 1); /* the readings carry three channels */
	ck_assert_double_eq_tol(r.production_w, 2000, EPS);
	ck_assert_double_eq_tol(r.consumption_w, 2500, EPS);
	ck_assert_double_eq_tol(r.net_w, 500, EPS);
	ck_assert_double_eq_tol(r.net_phase_w[0], 500, EPS);
	ck_assert(r.provided & EMS_ENVOY_HAS_STORAGE_SOC);
	ck_assert_double_eq_tol(r.storage_soc_pct, 75, EPS);
	ck_assert_double_eq_tol(r.storage_capacity_wh, 10000, EPS);
	ck_assert_double_eq_tol(r.storage_w, 500, EPS);
	ck_assert_uint_eq(envoy_sim_hits(gw, "/ivp/ensemble/power"), 1);
	ems_envoy_free(e);
	envoy_sim_stop(gw);
}
END_TEST

START_TEST(read_standard_gateway)
{
	envoy_sim *gw = start_sim("gateway");
	envoy_sim_model m;
	envoy_sim_model_default(&m);
	m.has_ct = 0;
	envoy_sim_set_model(gw, &m);
	char tok[1024];
	good_token(gw, 86400, "t1", tok, sizeof tok);
	ems_envoy_options o;
	base_options(&o, gw);
	o.token = tok;
	ems_envoy *e = open_ok(&o);
	ems_envoy_reading r;
	read_ok(e, &r);
	ck_assert_double_eq_tol(r.production_w, 870 + 860 + 880 + 640, EPS);
	ck_assert_double_eq_tol(r.production_wh, 4339764, EPS);
	ck_assert(!(r.provided & (EMS_ENVOY_HAS_CONSUMPTION_W | EMS_ENVOY_HAS_NET_W)));
	ck_assert_uint_eq(envoy_sim_hits(gw, "/ivp/meters/readings"), 0);
	ck_assert_uint_eq(envoy_sim_hits(gw, "/ivp/ensemble/power"), 0);
	ems_envoy_free(e);
	envoy_sim_stop(gw);
}
END_TEST

START_TEST(read_inverters)
{
	envoy_sim *gw = start_sim("gateway");
	char tok[1024];
	good_token(gw, 86400, "t1", tok, sizeof tok);
	ems_envoy_options o;
	base_options(&o, gw);
	o.token = tok;
	ems_envoy *e = open_ok(&o);
	ems_envoy_inverter inv[8];
	size_t n = 0;
	ck_assert_int_eq(ems_envoy_read_inverters(e, inv, 8, &n), 0);
	ck_assert_uint_eq(n, 4);
	ck_assert_str_eq(inv[0].serial, "122100000001");
	ck_assert_double_eq_tol(inv[3].power_w, 640, EPS);
	ck_assert_double_eq_tol(inv[3].max_power_w, 325, EPS);
	ck_assert_int_eq(inv[0].last_report, 1700000000);
	/* the once-a-day check on what was read */
	const int g[4] = {0, 0, 0, 0};
	size_t low[4], nlow;
	ck_assert_int_eq(ems_envoy_panels_low(inv, n, g, 0.9, low, 4, &nlow), 0);
	ck_assert_uint_eq(nlow, 1);
	ck_assert_uint_eq(low[0], 3);
	ck_assert_int_eq(ems_envoy_read_inverters(e, inv, 2, &n), EMS_ENOSPC);
	ck_assert_uint_eq(n, 4);
	ck_assert_int_eq(ems_envoy_read_inverters(e, NULL, 1, &n), EMS_EINVAL);
	ck_assert_int_eq(ems_envoy_read_inverters(e, inv, 1, NULL), EMS_EINVAL);
	ck_assert_int_eq(ems_envoy_read_inverters(NULL, inv, 1, &n), EMS_EINVAL);
	ems_envoy_free(e);
	envoy_sim_stop(gw);
}
END_TEST

START_TEST(new_rejects_bad_options)
{
	ems_envoy *e = (ems_envoy *)&e;
	ems_envoy_error err;
	ems_envoy_options o = EMS_ENVOY_OPTIONS_INIT;
	char tok[1024];
	good_token(NULL, 86400, "t", tok, sizeof tok);
	ck_assert_int_eq(ems_envoy_new(NULL, &e, &err), EMS_EINVAL);
	ck_assert_ptr_null(e);
	ck_assert_int_eq(ems_envoy_new(&o, NULL, &err), EMS_EINVAL);
	ck_assert_int_eq(ems_envoy_new(&o, &e, NULL), EMS_ECONFIG); /* no host; err optional */
	o.host = "127.0.0.1";
	o.token = tok;
	/* no pin: refused, never silently accepted */
	ck_assert_int_eq(ems_envoy_new(&o, &e, &err), EMS_ECONFIG);
	ck_assert_ptr_nonnull(strstr(err.text, "pin"));
	o.pinned_pubkey = pin_gateway;
	o.pinned_cert_file = envoy_fixture_path(0, "certs/gateway.pem");
	ck_assert_int_eq(ems_envoy_new(&o, &e, &err), EMS_ECONFIG); /* both */
	o.pinned_cert_file = NULL;
	o.pinned_pubkey = "ksEIWFQL0tflyYrig815YywZSJ4e3hyD/3mahlPGQ64=";
	ck_assert_int_eq(ems_envoy_new(&o, &e, &err), EMS_ECONFIG); /* not sha256// */
	o.pinned_pubkey = NULL;
	o.pinned_cert_file = "/nonexistent/gateway.pem";
	ck_assert_int_eq(ems_envoy_new(&o, &e, &err), EMS_ECONFIG);
	ck_assert_str_eq(err.where, "options.pinned_cert_file");
	o.pinned_cert_file = NULL;
	o.pinned_pubkey = pin_gateway;
	o.token = NULL;
	ck_assert_int_eq(ems_envoy_new(&o, &e, &err), EMS_ECONFIG); /* no token, no account */
	o.username = USER;
	ck_assert_int_eq(ems_envoy_new(&o, &e, &err), EMS_ECONFIG); /* partial account */
	o.username = NULL;
	o.token = "not-a-jwt";
	ck_assert_int_eq(ems_envoy_new(&o, &e, &err), EMS_ECONFIG);
	o.token = tok;
	o.host = "127.0.0.1/evil";
	ck_assert_int_eq(ems_envoy_new(&o, &e, &err), EMS_ECONFIG);
	o.host = "127.0.0.1";
	o.version = 99;
	ck_assert_int_eq(ems_envoy_new(&o, &e, &err), EMS_EINVAL);
	o.version = EMS_ENVOY_OPTIONS_VERSION;
	ck_assert_int_eq(ems_envoy_new(&o, &e, &err), 0);
	ck_assert_int_eq(err.code, 0);
	ems_envoy_free(e);
	/* NULL handles */
	ems_envoy_free(NULL);
	ems_envoy_reading r;
	ck_assert_int_eq(ems_envoy_read(NULL, &r), EMS_EINVAL);
	ck_assert_ptr_nonnull(ems_envoy_last_error(NULL));
	ck_assert_int_eq(ems_envoy_last_error(NULL)->code, 0);
	ck_assert_ptr_null(ems_envoy_token(NULL));
	ck_assert_int_eq(ems_envoy_renew_token(NULL), EMS_EINVAL);
}
END_TEST

/* Distinct handles in distinct threads: no shared state between them. */
struct thread_arg {
	envoy_sim *gw;
	const char *token;
	int failures;
	double production_w;
};

static void *reader_thread(void *p)
{
	struct thread_arg *a = p;
	ems_envoy_options o;
	base_options(&o, a->gw);
	o.token = a->token;
	ems_envoy *e = NULL;
	if (ems_envoy_new(&o, &e, NULL) != 0) {
		a->failures = 1000;
		return NULL;
	}
	for (int i = 0; i < 20; i++) {
		ems_envoy_reading r;
		if (ems_envoy_read(e, &r) != 0)
			a->failures++;
		else
			a->production_w = r.production_w;
	}
	ems_envoy_free(e);
	return NULL;
}

START_TEST(handles_in_threads)
{
	ck_assert_int_eq(curl_global_init(CURL_GLOBAL_DEFAULT), 0);
	envoy_sim *gw = start_sim("gateway");
	char tok[1024];
	good_token(gw, 86400, "threads", tok, sizeof tok);
	struct thread_arg a[3];
	pthread_t t[3];
	for (int i = 0; i < 3; i++) {
		a[i] = (struct thread_arg){gw, tok, 0, 0};
		ck_assert_int_eq(pthread_create(&t[i], NULL, reader_thread, &a[i]), 0);
	}
	for (int i = 0; i < 3; i++) {
		ck_assert_int_eq(pthread_join(t[i], NULL), 0);
		ck_assert_int_eq(a[i].failures, 0);
		ck_assert_double_eq_tol(a[i].production_w, 3450, EPS);
	}
	ck_assert_uint_eq(envoy_sim_hits(gw, "/production.json"), 60);
	envoy_sim_stop(gw);
	curl_global_cleanup();
}
END_TEST

Suite *envoy_read_suite(void)
{
	Suite *s = suite_create("envoy_read");
	TCase *tc = tcase_create("read");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, read_three_phase);
	tcase_add_test(tc, read_single_phase_and_storage);
	tcase_add_test(tc, read_standard_gateway);
	tcase_add_test(tc, read_inverters);
	tcase_add_test(tc, new_rejects_bad_options);
	tcase_add_test(tc, handles_in_threads);
	suite_add_tcase(s, tc);
	return s;
}

/* ---- envoy_auth ----------------------------------------------------------------------- */

START_TEST(automatic_token)
{
	envoy_sim *gw = start_sim("gateway");
	envoy_sim *cloud = start_sim("cloud");
	envoy_sim_link_gateway(cloud, gw);
	ems_envoy_options o;
	base_options(&o, gw);
	cloud_options(&o, cloud);
	ems_envoy *e = open_ok(&o);
	ck_assert_ptr_null(ems_envoy_token(e)); /* no I/O before the first read */
	ck_assert_uint_eq(envoy_sim_hits(cloud, NULL), 0);
	ems_envoy_reading r;
	read_ok(e, &r);
	ck_assert_double_eq_tol(r.production_w, 3450, EPS);
	ck_assert_uint_eq(envoy_sim_hits(cloud, "/login/login.json"), 1);
	ck_assert_uint_eq(envoy_sim_hits(cloud, "/tokens"), 1);
	char issued[2048];
	envoy_sim_last_token(cloud, issued, sizeof issued);
	ck_assert_str_eq(ems_envoy_token(e), issued);
	read_ok(e, &r); /* a year-long token: no new login */
	ck_assert_uint_eq(envoy_sim_hits(cloud, "/login/login.json"), 1);
	/* explicit renewal */
	ck_assert_int_eq(ems_envoy_renew_token(e), 0);
	ck_assert_uint_eq(envoy_sim_hits(cloud, "/tokens"), 2);
	read_ok(e, &r);
	ems_envoy_free(e);
	envoy_sim_stop(cloud);
	envoy_sim_stop(gw);
}
END_TEST

START_TEST(renewal_before_expiry)
{
	envoy_sim *gw = start_sim("gateway");
	envoy_sim *cloud = start_sim("cloud");
	envoy_sim_link_gateway(cloud, gw);
	char tok[1024];
	good_token(gw, 600, "short", tok, sizeof tok); /* expires in 10 min, margin 1 h */
	ems_envoy_options o;
	base_options(&o, gw);
	cloud_options(&o, cloud);
	o.token = tok;
	ems_envoy *e = open_ok(&o);
	ems_envoy_reading r;
	read_ok(e, &r);
	ck_assert_uint_eq(envoy_sim_hits(cloud, "/tokens"), 1);
	ck_assert_str_ne(ems_envoy_token(e), tok);
	int64_t exp;
	ck_assert_int_eq(ems_envoy_jwt_exp(ems_envoy_token(e), &exp), 0);
	ck_assert_int_gt(exp, (int64_t)time(NULL) + 86400);
	/* the cloud unreachable while the old token still works: the read goes on */
	ems_envoy_free(e);
	envoy_sim_set_fault(cloud, NULL, ENVOY_SIM_FAULT_500, 0);
	e = open_ok(&o);
	unsigned logins = envoy_sim_hits(cloud, "/login/login.json");
	read_ok(e, &r);
	ck_assert_str_eq(ems_envoy_token(e), tok);
	ck_assert_uint_eq(envoy_sim_hits(cloud, "/login/login.json"), logins + 1);
	read_ok(e, &r); /* no new attempt within the back-off */
	ck_assert_uint_eq(envoy_sim_hits(cloud, "/login/login.json"), logins + 1);
	ems_envoy_free(e);
	envoy_sim_stop(cloud);
	envoy_sim_stop(gw);
}
END_TEST

START_TEST(expired_token)
{
	envoy_sim *gw = start_sim("gateway");
	envoy_sim *cloud = start_sim("cloud");
	envoy_sim_link_gateway(cloud, gw);
	char tok[1024];
	good_token(gw, -60, "old", tok, sizeof tok);
	ems_envoy_options o;
	base_options(&o, gw);
	o.token = tok;
	ems_envoy *e = open_ok(&o);
	ems_envoy_reading r;
	ck_assert_int_eq(ems_envoy_read(e, &r), EMS_EAUTH);
	ck_assert_ptr_nonnull(strstr(ems_envoy_last_error(e)->text, "expired"));
	ck_assert_uint_eq(envoy_sim_hits(gw, NULL), 0); /* refused before any request */
	ck_assert_int_eq(ems_envoy_renew_token(e), EMS_ECONFIG);
	ems_envoy_free(e);
	/* with an account, an expired token is replaced */
	cloud_options(&o, cloud);
	e = open_ok(&o);
	read_ok(e, &r);
	ck_assert_uint_eq(envoy_sim_hits(cloud, "/tokens"), 1);
	ems_envoy_free(e);
	envoy_sim_stop(cloud);
	envoy_sim_stop(gw);
}
END_TEST

START_TEST(gateway_refuses_token)
{
	envoy_sim *gw = start_sim("gateway");
	envoy_sim *cloud = start_sim("cloud");
	envoy_sim_link_gateway(cloud, gw);
	char tok[1024];
	good_token(NULL, 86400 * 30, "unknown", tok, sizeof tok); /* valid, not accepted */
	ems_envoy_options o;
	base_options(&o, gw);
	o.token = tok;
	ems_envoy *e = open_ok(&o);
	ems_envoy_reading r;
	ck_assert_int_eq(ems_envoy_read(e, &r), EMS_EAUTH);
	ck_assert_ptr_nonnull(strstr(ems_envoy_last_error(e)->where, "/production.json"));
	ck_assert_ptr_nonnull(strstr(ems_envoy_last_error(e)->text, "401"));
	ems_envoy_free(e);
	/* with an account: one renewal after the 401, then the read succeeds */
	cloud_options(&o, cloud);
	e = open_ok(&o);
	read_ok(e, &r);
	ck_assert_uint_eq(envoy_sim_hits(cloud, "/tokens"), 1);
	ems_envoy_free(e);
	envoy_sim_stop(cloud);
	envoy_sim_stop(gw);
}
END_TEST

START_TEST(cloud_login_refused)
{
	envoy_sim *gw = start_sim("gateway");
	envoy_sim *cloud = start_sim("cloud");
	ems_envoy_options o;
	base_options(&o, gw);
	cloud_options(&o, cloud);
	o.password = "wrong";
	ems_envoy *e = open_ok(&o);
	ems_envoy_reading r;
	ck_assert_int_eq(ems_envoy_read(e, &r), EMS_EAUTH);
	ck_assert_ptr_nonnull(strstr(ems_envoy_last_error(e)->where, "/login/login.json"));
	ck_assert_ptr_nonnull(strstr(ems_envoy_last_error(e)->text, "Invalid email or password"));
	ck_assert_uint_eq(envoy_sim_hits(cloud, "/tokens"), 0);
	ems_envoy_free(e);
	/* wrong serial: the token request is refused */
	cloud_options(&o, cloud);
	o.serial = "999";
	e = open_ok(&o);
	ck_assert_int_eq(ems_envoy_read(e, &r), EMS_EHTTP);
	ck_assert_ptr_nonnull(strstr(ems_envoy_last_error(e)->where, "/tokens"));
	ems_envoy_free(e);
	envoy_sim_stop(cloud);
	envoy_sim_stop(gw);
}
END_TEST

START_TEST(cloud_keeps_full_verification)
{
	envoy_sim *gw = start_sim("gateway");
	envoy_sim *cloud = start_sim("cloud");
	ems_envoy_options o;
	base_options(&o, gw);
	cloud_options(&o, cloud);
	o.cloud_ca_file = NULL; /* the system store does not know the test CA */
	ems_envoy *e = open_ok(&o);
	ems_envoy_reading r;
	ck_assert_int_eq(ems_envoy_read(e, &r), EMS_ETLS);
	ems_envoy_free(e);
	/* a cloud presenting the gateway's self-signed certificate is refused too */
	envoy_sim *fake = start_sim("gateway");
	cloud_options(&o, fake);
	e = open_ok(&o);
	ck_assert_int_eq(ems_envoy_read(e, &r), EMS_ETLS);
	ck_assert_uint_eq(envoy_sim_hits(fake, NULL), 0);
	ems_envoy_free(e);
	envoy_sim_stop(fake);
	envoy_sim_stop(cloud);
	envoy_sim_stop(gw);
}
END_TEST

Suite *envoy_auth_suite(void)
{
	Suite *s = suite_create("envoy_auth");
	TCase *tc = tcase_create("tokens");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, automatic_token);
	tcase_add_test(tc, renewal_before_expiry);
	tcase_add_test(tc, expired_token);
	tcase_add_test(tc, gateway_refuses_token);
	tcase_add_test(tc, cloud_login_refused);
	tcase_add_test(tc, cloud_keeps_full_verification);
	suite_add_tcase(s, tc);
	return s;
}

/* ---- envoy_tls ------------------------------------------------------------------------ */

static int read_with(envoy_sim *gw, const char *pin, const char *cert_file, const char *tok)
{
	ems_envoy_options o;
	base_options(&o, gw);
	o.token = tok;
	o.pinned_pubkey = pin;
	o.pinned_cert_file = cert_file;
	ems_envoy *e = open_ok(&o);
	ems_envoy_reading r;
	int rc = ems_envoy_read(e, &r);
	ems_envoy_free(e);
	return rc;
}

START_TEST(pinning)
{
	envoy_sim *gw = start_sim("gateway");
	char tok[1024];
	good_token(gw, 86400, "t", tok, sizeof tok);
	ck_assert_int_eq(read_with(gw, pin_gateway, NULL, tok), 0);
	ck_assert_int_eq(read_with(gw, pin_other, NULL, tok), EMS_ETLS);
	/* a list of pins: one matching is enough (key rotation) */
	char both[300];
	snprintf(both, sizeof both, "%s;%s", pin_other, pin_gateway);
	ck_assert_int_eq(read_with(gw, both, NULL, tok), 0);
	ck_assert_int_eq(read_with(gw, NULL, envoy_fixture_path(2, "certs/gateway.pem"), tok), 0);
	ck_assert_int_eq(read_with(gw, NULL, envoy_fixture_path(2, "certs/other.pem"), tok),
			 EMS_ETLS);
	unsigned hits = envoy_sim_hits(gw, NULL);
	ck_assert_uint_eq(hits, 3 * 4); /* the refused handshakes sent no request */
	envoy_sim_stop(gw);
}
END_TEST

START_TEST(wrong_certificate)
{
	/* the gateway's address answered by a server with another certificate */
	envoy_sim *gw = start_sim("other");
	char tok[1024];
	good_token(gw, 86400, "t", tok, sizeof tok);
	ck_assert_int_eq(read_with(gw, pin_gateway, NULL, tok), EMS_ETLS);
	ck_assert_int_eq(read_with(gw, NULL, envoy_fixture_path(2, "certs/gateway.pem"), tok),
			 EMS_ETLS);
	envoy_sim_stop(gw);
	/* a certificate from a CA (valid for 127.0.0.1) is not the pinned one either */
	gw = start_sim("cloud");
	good_token(gw, 86400, "t", tok, sizeof tok);
	ck_assert_int_eq(read_with(gw, pin_gateway, NULL, tok), EMS_ETLS);
	ck_assert_uint_eq(envoy_sim_hits(gw, NULL), 0);
	envoy_sim_stop(gw);
}
END_TEST

Suite *envoy_tls_suite(void)
{
	Suite *s = suite_create("envoy_tls");
	TCase *tc = tcase_create("pinning");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, pinning);
	tcase_add_test(tc, wrong_certificate);
	suite_add_tcase(s, tc);
	return s;
}

/* ---- envoy_faults --------------------------------------------------------------------- */

static ems_envoy *client(envoy_sim *gw, unsigned timeout_ms)
{
	static char tok[1024];
	good_token(gw, 86400, "f", tok, sizeof tok);
	ems_envoy_options o;
	base_options(&o, gw);
	o.token = tok;
	o.timeout_ms = timeout_ms;
	return open_ok(&o);
}

START_TEST(http_500_then_recovery)
{
	envoy_sim *gw = start_sim("gateway");
	ems_envoy *e = client(gw, 5000);
	envoy_sim_set_fault(gw, "/production.json", ENVOY_SIM_FAULT_500, 1);
	ems_envoy_reading r;
	ck_assert_int_eq(ems_envoy_read(e, &r), EMS_EHTTP);
	const ems_envoy_error *err = ems_envoy_last_error(e);
	ck_assert_int_eq(err->code, EMS_EHTTP);
	ck_assert_ptr_nonnull(strstr(err->where, "GET /production.json"));
	ck_assert_ptr_nonnull(strstr(err->text, "HTTP 500"));
	read_ok(e, &r); /* the fault is gone: the same handle reads again */
	ck_assert_int_eq(ems_envoy_last_error(e)->code, 0);
	ems_envoy_free(e);
	envoy_sim_stop(gw);
}
END_TEST

START_TEST(malformed_answer)
{
	envoy_sim *gw = start_sim("gateway");
	ems_envoy *e = client(gw, 5000);
	ems_envoy_reading r;
	envoy_sim_set_fault(gw, "/production.json", ENVOY_SIM_FAULT_MALFORMED, 1);
	ck_assert_int_eq(ems_envoy_read(e, &r), EMS_EPARSE);
	ck_assert_ptr_nonnull(strstr(ems_envoy_last_error(e)->where, "GET /production.json"));
	ck_assert_ptr_nonnull(strstr(ems_envoy_last_error(e)->where, "line 1"));
	/* well-formed JSON with a wrong type */
	envoy_sim_set_body(gw, "/ivp/meters/readings",
			   "[{\"eid\": 704643584, \"activePower\": \"-850\"}]");
	ck_assert_int_eq(ems_envoy_read(e, &r), EMS_EPARSE);
	ck_assert_str_eq(ems_envoy_last_error(e)->where,
			 "GET /ivp/meters/readings: $[0].activePower");
	ck_assert_str_eq(ems_envoy_last_error(e)->text, "expected a number, got a string");
	envoy_sim_set_body(gw, "/ivp/meters/readings", NULL);
	envoy_sim_set_body(gw, "/api/v1/production/inverters", "{\"inverters\": []}");
	ems_envoy_inverter inv[4];
	size_t n;
	ck_assert_int_eq(ems_envoy_read_inverters(e, inv, 4, &n), EMS_EPARSE);
	ck_assert_str_eq(ems_envoy_last_error(e)->where, "GET /api/v1/production/inverters: $");
	read_ok(e, &r);
	ems_envoy_free(e);
	envoy_sim_stop(gw);
}
END_TEST

START_TEST(slow_answer_times_out)
{
	envoy_sim *gw = start_sim("gateway");
	ems_envoy *e = client(gw, 400);
	envoy_sim_set_slow_ms(gw, 3000);
	envoy_sim_set_fault(gw, "/production.json", ENVOY_SIM_FAULT_SLOW, 1);
	ems_envoy_reading r;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ck_assert_int_eq(ems_envoy_read(e, &r), EMS_ETIMEDOUT);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	/* bounded by the timeout (generous margin for loaded machines), not by the server */
	ck_assert_int_lt(t1.tv_sec - t0.tv_sec, 3);
	ck_assert_ptr_nonnull(strstr(ems_envoy_last_error(e)->where, "/production.json"));
	read_ok(e, &r);
	ems_envoy_free(e);
	envoy_sim_stop(gw);
}
END_TEST

START_TEST(optional_documents_missing)
{
	envoy_sim *gw = start_sim("gateway");
	envoy_sim_model m;
	envoy_sim_model_default(&m);
	m.n_batteries = 1;
	m.batteries[0] = (envoy_sim_battery){"B1", 40, 3500, -200};
	envoy_sim_set_model(gw, &m);
	ems_envoy *e = client(gw, 5000);
	ems_envoy_reading r;
	envoy_sim_set_fault(gw, "/ivp/ensemble/inventory", ENVOY_SIM_FAULT_404, 1);
	read_ok(e, &r);
	ck_assert(!(r.provided & EMS_ENVOY_HAS_STORAGE_SOC));
	ck_assert_double_eq_tol(r.production_w, 3450, EPS);
	envoy_sim_set_fault(gw, "/ivp/ensemble/power", ENVOY_SIM_FAULT_401, 1);
	read_ok(e, &r);
	ck_assert(r.provided & EMS_ENVOY_HAS_STORAGE_SOC);
	ck_assert(!(r.provided & EMS_ENVOY_HAS_STORAGE_W));
	read_ok(e, &r);
	ck_assert_double_eq_tol(r.storage_w, -200, EPS);
	/* a required document missing is an error */
	envoy_sim_set_fault(gw, "/production.json", ENVOY_SIM_FAULT_404, 1);
	ck_assert_int_eq(ems_envoy_read(e, &r), EMS_EHTTP);
	ems_envoy_free(e);
	envoy_sim_stop(gw);
}
END_TEST

START_TEST(dropped_connection)
{
	envoy_sim *gw = start_sim("gateway");
	ems_envoy *e = client(gw, 5000);
	ems_envoy_reading r;
	read_ok(e, &r);
	/* once: libcurl retries a request whose kept-alive connection died, on a new one */
	envoy_sim_set_fault(gw, "/ivp/meters/readings", ENVOY_SIM_FAULT_DROP, 1);
	read_ok(e, &r);
	ck_assert_uint_eq(envoy_sim_hits(gw, "/ivp/meters/readings"), 3);
	/* every time: the read fails with a connection error */
	envoy_sim_set_fault(gw, "/ivp/meters/readings", ENVOY_SIM_FAULT_DROP, 0);
	ck_assert_int_eq(ems_envoy_read(e, &r), EMS_ECONN);
	ck_assert_ptr_nonnull(strstr(ems_envoy_last_error(e)->where, "/ivp/meters/readings"));
	envoy_sim_set_fault(gw, "/ivp/meters/readings", ENVOY_SIM_FAULT_NONE, 0);
	read_ok(e, &r); /* reconnects by itself */
	ck_assert_double_eq_tol(r.net_import_wh, 3738205, EPS);
	ems_envoy_free(e);
	envoy_sim_stop(gw);
}
END_TEST

START_TEST(oversized_answer)
{
	envoy_sim *gw = start_sim("gateway");
	ems_envoy *e = client(gw, 5000);
	size_t n = 9u * 1024u * 1024u;
	char *big = malloc(n + 1);
	ck_assert_ptr_nonnull(big);
	memset(big, ' ', n);
	big[0] = '[';
	big[n - 1] = ']';
	big[n] = '\0';
	envoy_sim_set_body(gw, "/ivp/meters", big);
	free(big);
	ems_envoy_reading r;
	ck_assert_int_eq(ems_envoy_read(e, &r), EMS_EPROTO);
	ck_assert_ptr_nonnull(strstr(ems_envoy_last_error(e)->where, "/ivp/meters"));
	envoy_sim_set_body(gw, "/ivp/meters", NULL);
	read_ok(e, &r);
	ems_envoy_free(e);
	envoy_sim_stop(gw);
}
END_TEST

static uint16_t closed_port(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	ck_assert_int_ge(fd, 0);
	struct sockaddr_in sa;
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	socklen_t len = sizeof sa;
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	close(fd); /* bound, never listened: connections are refused */
	return ntohs(sa.sin_port);
}

START_TEST(connection_refused)
{
	char tok[1024];
	good_token(NULL, 86400, "t", tok, sizeof tok);
	ems_envoy_options o = EMS_ENVOY_OPTIONS_INIT;
	o.host = "127.0.0.1";
	o.port = closed_port();
	o.token = tok;
	o.pinned_pubkey = pin_gateway;
	o.timeout_ms = 2000;
	ems_envoy *e = open_ok(&o);
	ems_envoy_reading r;
	ck_assert_int_eq(ems_envoy_read(e, &r), EMS_ECONN);
	ck_assert(ems_envoy_last_error(e)->text[0] != '\0');
	ems_envoy_free(e);
}
END_TEST

Suite *envoy_faults_suite(void)
{
	Suite *s = suite_create("envoy_faults");
	TCase *tc = tcase_create("faults");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, http_500_then_recovery);
	tcase_add_test(tc, malformed_answer);
	tcase_add_test(tc, slow_answer_times_out);
	tcase_add_test(tc, optional_documents_missing);
	tcase_add_test(tc, connection_refused);
	tcase_add_test(tc, oversized_answer);
	tcase_add_test(tc, dropped_connection);
	suite_add_tcase(s, tc);
	return s;
}

/* ---- envoy_quirks --------------------------------------------------------------------- */

START_TEST(total_equal_to_net_corrected)
{
	envoy_sim *gw = start_sim("gateway");
	envoy_sim_model m;
	envoy_sim_model_default(&m);
	m.quirk_total_is_net = 1;
	envoy_sim_set_model(gw, &m);
	ems_envoy *e = client(gw, 5000);
	ems_envoy_reading r;
	read_ok(e, &r);
	ck_assert(r.quirks & EMS_ENVOY_QUIRK_TOTAL_IS_NET);
	/* corrected back to what the site consumes */
	ck_assert_double_eq_tol(r.consumption_w, 2600, 1e-6);
	ck_assert_double_eq_tol(r.consumption_wh, 4074795, 1e-6);
	ck_assert_double_eq_tol(r.net_w, -850, 1e-6);
	/* per phase: net + production, from the meters' readings */
	ck_assert(r.provided & EMS_ENVOY_HAS_CONSUMPTION_PHASE_W);
	ck_assert_double_eq_tol(r.consumption_phase_w[0], 800, 1e-6);
	ck_assert_double_eq_tol(r.consumption_phase_w[2], 1500, 1e-6);
	/* the same site on sound firmware: no quirk */
	m.quirk_total_is_net = 0;
	envoy_sim_set_model(gw, &m);
	read_ok(e, &r);
	ck_assert_uint_eq(r.quirks, 0);
	ck_assert_double_eq_tol(r.consumption_w, 2600, 1e-6);
	/* at night total equals net legitimately (production 0 W, but its counter > 0):
	 * the lifetime counters still tell them apart */
	m.production_w[0] = m.production_w[1] = m.production_w[2] = 0;
	envoy_sim_set_model(gw, &m);
	read_ok(e, &r);
	ck_assert_uint_eq(r.quirks, 0);
	ems_envoy_free(e);
	envoy_sim_stop(gw);
}
END_TEST

START_TEST(production_without_ct)
{
	envoy_sim *gw = start_sim("gateway");
	envoy_sim_model m;
	envoy_sim_model_default(&m);
	m.quirk_no_ct = 1;
	envoy_sim_set_model(gw, &m);
	ems_envoy *e = client(gw, 5000);
	ems_envoy_reading r;
	read_ok(e, &r);
	ck_assert(r.quirks & EMS_ENVOY_QUIRK_PROD_NO_CT);
	ck_assert_double_eq_tol(r.production_w, 3250, 1e-6); /* not -6660 W */
	ck_assert_double_eq_tol(r.production_wh, 4339764, 1e-6);
	ck_assert(!(r.provided & EMS_ENVOY_HAS_PRODUCTION_PHASE_W));
	ck_assert(!(r.provided & EMS_ENVOY_HAS_CONSUMPTION_W));
	ck_assert_uint_eq(envoy_sim_hits(gw, "/ivp/meters/readings"), 0);
	ems_envoy_free(e);
	envoy_sim_stop(gw);
}
END_TEST

START_TEST(stalled_production_counter)
{
	envoy_sim *gw = start_sim("gateway");
	envoy_sim_model m;
	envoy_sim_model_default(&m);
	envoy_sim_set_model(gw, &m);
	ems_envoy *e = client(gw, 5000); /* stall window: default 1800 s */
	ems_envoy_reading r;
	read_ok(e, &r);
	ck_assert_uint_eq(r.quirks, 0);
	m.reading_time += 1000; /* the counter does not move while 3250 W are produced */
	m.inverters_wh += 900;
	envoy_sim_set_model(gw, &m);
	read_ok(e, &r);
	ck_assert_uint_eq(r.quirks, 0);
	ck_assert_double_eq_tol(r.production_wh, 4351113, 1e-6);
	m.reading_time += 1000;
	m.inverters_wh += 900;
	envoy_sim_set_model(gw, &m);
	read_ok(e, &r);
	ck_assert(r.quirks & EMS_ENVOY_QUIRK_PROD_STALLED);
	ck_assert_double_eq_tol(r.production_wh, m.inverters_wh, 1e-6);
	/* the counter moves again: trusted again */
	m.reading_time += 60;
	m.production_wh += 50;
	envoy_sim_set_model(gw, &m);
	read_ok(e, &r);
	ck_assert_uint_eq(r.quirks, 0);
	ck_assert_double_eq_tol(r.production_wh, m.production_wh, 1e-6);
	/* at night a still counter is normal */
	for (size_t i = 0; i < m.n_inverters; i++)
		m.inverters[i].power_w = 0;
	for (int k = 0; k < 4; k++) {
		m.reading_time += 1000;
		envoy_sim_set_model(gw, &m);
		read_ok(e, &r);
		ck_assert_uint_eq(r.quirks, 0);
	}
	ems_envoy_free(e);
	envoy_sim_stop(gw);
}
END_TEST

Suite *envoy_quirks_suite(void)
{
	Suite *s = suite_create("envoy_quirks");
	TCase *tc = tcase_create("quirks");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, total_equal_to_net_corrected);
	tcase_add_test(tc, production_without_ct);
	tcase_add_test(tc, stalled_production_counter);
	suite_add_tcase(s, tc);
	return s;
}
