/* Suites "envoy_parse" (JSON documents, corrections, JWT) and "envoy_panels" (panel
 * monitoring): pure functions, no network. Fixtures: libemsmeter/tests/envoy/json/. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hems_check.h"
#include "ems/envoy.h"
#include "test_envoy.h"

#define EPS 1e-6

static int parse_file(ems_envoy_doc doc, const char *rel, ems_envoy_reading *r,
		      ems_envoy_error *err)
{
	size_t len;
	char *p = envoy_fixture(rel, &len);
	int rc = ems_envoy_parse(doc, p, len, r, err);
	free(p);
	return rc;
}

static void parse_ok(ems_envoy_doc doc, const char *rel, ems_envoy_reading *r)
{
	ems_envoy_error err;
	int rc = parse_file(doc, rel, r, &err);
	ck_assert_msg(rc == 0, "%s: %s: %s %s", rel, ems_err_name(rc), err.where, err.text);
}

START_TEST(three_phase_metered)
{
	ems_envoy_reading r;
	memset(&r, 0, sizeof r);
	parse_ok(EMS_ENVOY_DOC_METERS, "json/valid/meters_3phase.json", &r);
	parse_ok(EMS_ENVOY_DOC_PRODUCTION, "json/valid/production_3phase.json", &r);
	parse_ok(EMS_ENVOY_DOC_METER_READINGS, "json/valid/readings_3phase.json", &r);
	ck_assert_int_eq(ems_envoy_reading_finish(&r), 0);
	ck_assert_uint_eq(r.quirks, 0);
	ck_assert_uint_eq(r.phase_count, 3);
	ck_assert(r.provided & EMS_ENVOY_HAS_TIME);
	ck_assert_int_eq(r.time, 1700000000);
	ck_assert(r.provided & EMS_ENVOY_HAS_PRODUCTION_W);
	ck_assert_double_eq_tol(r.production_w, 3450.0, EPS);
	ck_assert_double_eq_tol(r.production_wh, 4351113.2, EPS);
	ck_assert(r.provided & EMS_ENVOY_HAS_PRODUCTION_PHASE_W);
	ck_assert_double_eq_tol(r.production_phase_w[0], 1200.0, EPS);
	ck_assert_double_eq_tol(r.production_phase_w[2], 1100.0, EPS);
	ck_assert_double_eq_tol(r.consumption_w, 2600.0, EPS);
	ck_assert_double_eq_tol(r.consumption_wh, 4074795.4, EPS);
	ck_assert_double_eq_tol(r.consumption_phase_w[1], 300.0, EPS);
	ck_assert_double_eq_tol(r.net_w, -850.0, EPS);
	ck_assert_double_eq_tol(r.net_phase_w[1], -850.0, EPS);
	ck_assert(r.provided & EMS_ENVOY_HAS_NET_IMPORT_WH);
	ck_assert_double_eq_tol(r.net_import_wh, 3738205.282, EPS);
	ck_assert_double_eq_tol(r.net_export_wh, 4014523.082, EPS);
	ck_assert(r.provided & EMS_ENVOY_HAS_VOLTAGE_V);
	ck_assert_double_eq_tol(r.voltage_v[1], 229.8, EPS);
	ck_assert_double_eq_tol(r.frequency_hz, 50.01, EPS);
	ck_assert_uint_eq(r.inverters_active, 4);
	ck_assert(!(r.provided & (EMS_ENVOY_HAS_STORAGE_W | EMS_ENVOY_HAS_STORAGE_SOC)));
}
END_TEST

START_TEST(standard_gateway_inverters_only)
{
	ems_envoy_reading r;
	memset(&r, 0, sizeof r);
	parse_ok(EMS_ENVOY_DOC_PRODUCTION, "json/valid/production_standard.json", &r);
	ck_assert_int_eq(ems_envoy_reading_finish(&r), 0);
	ck_assert_uint_eq(r.quirks, 0);
	ck_assert_double_eq_tol(r.production_w, 1841.0, EPS);
	ck_assert_double_eq_tol(r.production_wh, 2985326.0, EPS);
	ck_assert(r.provided & EMS_ENVOY_HAS_TIME);
	ck_assert_int_eq(r.time, 1693500000);
	ck_assert(!(r.provided & (EMS_ENVOY_HAS_CONSUMPTION_W | EMS_ENVOY_HAS_NET_W |
				  EMS_ENVOY_HAS_PRODUCTION_PHASE_W)));
	ck_assert_uint_eq(r.phase_count, 0);
}
END_TEST

START_TEST(storage_weighted_soc_and_power)
{
	ems_envoy_reading r;
	memset(&r, 0, sizeof r);
	parse_ok(EMS_ENVOY_DOC_INVENTORY, "json/valid/inventory.json", &r);
	parse_ok(EMS_ENVOY_DOC_POWER, "json/valid/power.json", &r);
	ck_assert(r.provided & EMS_ENVOY_HAS_STORAGE_SOC);
	/* (3500 × 20 % + 10500 × 80 %) / 14000 */
	ck_assert_double_eq_tol(r.storage_soc_pct, 65.0, EPS);
	ck_assert_double_eq_tol(r.storage_capacity_wh, 14000.0, EPS);
	ck_assert(r.provided & EMS_ENVOY_HAS_STORAGE_W);
	ck_assert_double_eq_tol(r.storage_w, -821.0, EPS);
}
END_TEST

START_TEST(missing_fields_are_not_provided)
{
	const char *docs[] = {"{}", "{\"production\": null, \"consumption\": []}",
			      "{\"production\": [{\"type\": \"eim\"}, {}]}",
			      ("{\"production\": [{\"type\": \"eim\", \"measurementType\": "
			       "\"production\", \"activeCount\": 1}]}")};
	for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
		ems_envoy_reading r;
		memset(&r, 0, sizeof r);
		ck_assert_int_eq(ems_envoy_parse(EMS_ENVOY_DOC_PRODUCTION, docs[i], strlen(docs[i]),
						 &r, NULL),
				 0);
		ck_assert_int_eq(ems_envoy_reading_finish(&r), 0);
		ck_assert_msg((r.provided & ~(uint32_t)EMS_ENVOY_HAS_TIME) == 0, "doc %zu", i);
	}
	ems_envoy_reading r;
	memset(&r, 0, sizeof r);
	ck_assert_int_eq(ems_envoy_parse(EMS_ENVOY_DOC_METERS, "[]", 2, &r, NULL), 0);
	ck_assert_int_eq(ems_envoy_parse(EMS_ENVOY_DOC_METER_READINGS, "[]", 2, &r, NULL), 0);
	ck_assert_int_eq(ems_envoy_parse(EMS_ENVOY_DOC_INVENTORY, "[]", 2, &r, NULL), 0);
	ck_assert_int_eq(ems_envoy_parse(EMS_ENVOY_DOC_POWER, "{}", 2, &r, NULL), 0);
	ck_assert_uint_eq(r.provided, 0);
}
END_TEST

/* Malformed documents: EMS_EPARSE, with where and why. */
static const struct bad_case {
	const char *file;
	int doc; /* -1: inverters */
	const char *where;
	const char *text;
} bad_cases[] = {
	{"truncated.json", EMS_ENVOY_DOC_PRODUCTION, "/production.json: line 1", ""},
	{"empty.json", EMS_ENVOY_DOC_PRODUCTION, "/production.json: line", ""},
	{"wnow_string.json", EMS_ENVOY_DOC_PRODUCTION, "$.production[0].wNow",
	 "expected a number, got a string"},
	{"lines_object.json", EMS_ENVOY_DOC_PRODUCTION, "$.production[0].lines",
	 "expected an array, got an object"},
	{"section_not_array.json", EMS_ENVOY_DOC_PRODUCTION, "$.consumption", "expected an array"},
	{"top_array.json", EMS_ENVOY_DOC_PRODUCTION, "/production.json: $", "expected an object"},
	{"top_array.json", EMS_ENVOY_DOC_METERS, "/ivp/meters: $[0]", "expected an object"},
	{"eid_string.json", EMS_ENVOY_DOC_METERS, "$[0].eid", "expected an integer, got a string"},
	{"soc_range.json", EMS_ENVOY_DOC_INVENTORY, "$[0].devices[0].percentFull", "0..100"},
	{"duplicate_key.json", EMS_ENVOY_DOC_PRODUCTION, "line 1", "duplicate"},
	{"deep.json", EMS_ENVOY_DOC_PRODUCTION, "$.production[0].lines[0].wNow",
	 "got an array"},
	{"inverter_no_serial.json", -1, "$[0].serialNumber", "missing"},
	{"top_array.json", EMS_ENVOY_DOC_POWER, "$", "expected an object"},
};

START_TEST(malformed_documents)
{
	const struct bad_case *c = &bad_cases[_i];
	char rel[128];
	snprintf(rel, sizeof rel, "json/invalid/%s", c->file);
	size_t len;
	char *p = envoy_fixture(rel, &len);
	ems_envoy_error err;
	int rc;
	ems_envoy_reading r;
	memset(&r, 0, sizeof r);
	r.production_w = 42; /* a failed parse leaves the reading as it was */
	r.provided = EMS_ENVOY_HAS_PRODUCTION_W;
	if (c->doc < 0) {
		ems_envoy_inverter inv[4];
		size_t n;
		rc = ems_envoy_parse_inverters(p, len, inv, 4, &n, &err);
	} else {
		rc = ems_envoy_parse((ems_envoy_doc)c->doc, p, len, &r, &err);
		ck_assert_double_eq(r.production_w, 42);
		ck_assert_uint_eq(r.provided, EMS_ENVOY_HAS_PRODUCTION_W);
	}
	free(p);
	ck_assert_msg(rc == EMS_EPARSE, "%s: got %s", c->file, ems_err_name(rc));
	ck_assert_int_eq(err.code, EMS_EPARSE);
	ck_assert_msg(strstr(err.where, c->where) != NULL, "%s: where \"%s\" lacks \"%s\"",
		      c->file, err.where, c->where);
	ck_assert_msg(strstr(err.text, c->text) != NULL, "%s: text \"%s\" lacks \"%s\"", c->file,
		      err.text, c->text);
	ck_assert(err.text[0] != '\0');
}
END_TEST

START_TEST(parse_null_arguments)
{
	ems_envoy_reading r;
	ems_envoy_error err;
	ck_assert_int_eq(ems_envoy_parse(EMS_ENVOY_DOC_PRODUCTION, NULL, 0, &r, &err), EMS_EINVAL);
	ck_assert_int_eq(err.code, EMS_EINVAL);
	ck_assert_int_eq(ems_envoy_parse(EMS_ENVOY_DOC_PRODUCTION, "{}", 2, NULL, NULL), EMS_EINVAL);
	ck_assert_int_eq(ems_envoy_parse((ems_envoy_doc)99, "{}", 2, &r, &err), EMS_EINVAL);
	ck_assert_int_eq(ems_envoy_reading_finish(NULL), EMS_EINVAL);
	size_t n;
	ck_assert_int_eq(ems_envoy_parse_inverters(NULL, 0, NULL, 0, &n, NULL), EMS_EINVAL);
	ck_assert_int_eq(ems_envoy_parse_inverters("[]", 2, NULL, 0, NULL, NULL), EMS_EINVAL);
	ck_assert_int_eq(ems_envoy_parse_inverters("[]", 2, NULL, 3, &n, NULL), EMS_EINVAL);
	ck_assert_int_eq(ems_envoy_parse_inverters("[]", 2, NULL, 0, &n, NULL), 0);
	ck_assert_uint_eq(n, 0);
	/* not NUL-terminated input: only len bytes are read */
	char buf[4] = {'{', '}', 'x', 'x'};
	memset(&r, 0, sizeof r);
	ck_assert_int_eq(ems_envoy_parse(EMS_ENVOY_DOC_PRODUCTION, buf, 2, &r, NULL), 0);
}
END_TEST

START_TEST(inverter_list)
{
	size_t len, n;
	char *p = envoy_fixture("json/valid/inverters.json", &len);
	ems_envoy_inverter inv[8];
	ck_assert_int_eq(ems_envoy_parse_inverters(p, len, inv, 8, &n, NULL), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(inv[0].serial, "122107032918");
	ck_assert_double_eq_tol(inv[0].power_w, 270, EPS);
	ck_assert_double_eq_tol(inv[0].max_power_w, 295, EPS);
	ck_assert_int_eq(inv[1].last_report, 1700000010);
	ems_envoy_error err;
	memset(inv, 0, sizeof inv);
	ck_assert_int_eq(ems_envoy_parse_inverters(p, len, inv, 2, &n, &err), EMS_ENOSPC);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(inv[1].serial, "122107033059");
	ck_assert_str_eq(inv[2].serial, ""); /* nothing written past cap */
	free(p);
}
END_TEST

START_TEST(jwt_expiry)
{
	int64_t exp = 0;
	const char *tok = "eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9."
			  "eyJhdWQiOiIxMjIzMDAwMDAwMDEiLCJleHAiOjE3MzU2ODk2MDAsImVucGhhc2VVc2VyIjoib3duZXIifQ"
			  ".c2ln";
	ck_assert_int_eq(ems_envoy_jwt_exp(tok, &exp), 0);
	ck_assert_int_eq(exp, 1735689600);
	/* padding tolerated */
	ck_assert_int_eq(ems_envoy_jwt_exp("a.eyJleHAiOjE3MzU2ODk2MDB9==.s", &exp), 0);
	ck_assert_int_eq(exp, 1735689600);
	ck_assert_int_eq(ems_envoy_jwt_exp(NULL, &exp), EMS_EINVAL);
	ck_assert_int_eq(ems_envoy_jwt_exp(tok, NULL), EMS_EINVAL);
	ck_assert_int_eq(ems_envoy_jwt_exp("", &exp), EMS_EPARSE);
	ck_assert_int_eq(ems_envoy_jwt_exp("abc", &exp), EMS_EPARSE);
	ck_assert_int_eq(ems_envoy_jwt_exp("a.b", &exp), EMS_EPARSE);
	ck_assert_int_eq(ems_envoy_jwt_exp("a..c", &exp), EMS_EPARSE);
	ck_assert_int_eq(ems_envoy_jwt_exp("a.b.c.d", &exp), EMS_EPARSE);
	ck_assert_int_eq(ems_envoy_jwt_exp("a.e!e.c", &exp), EMS_EPARSE);
	ck_assert_int_eq(ems_envoy_jwt_exp("a.eyJleHAiOiJzb29uIn0.c", &exp), EMS_EPARSE);
	ck_assert_int_eq(ems_envoy_jwt_exp("a.WzFd.c", &exp), EMS_EPARSE);
	ck_assert_int_eq(ems_envoy_jwt_exp("a.e.c", &exp), EMS_EPARSE); /* 1 char: invalid */
}
END_TEST

START_TEST(only_net_ct_derives_consumption)
{
	const char *doc =
		"{\"production\": [{\"type\": \"eim\", \"activeCount\": 1, \"measurementType\": "
		"\"production\", \"wNow\": 1000, \"whLifetime\": 5000, \"lines\": [{\"wNow\": 600}, "
		"{\"wNow\": 400}]}], \"consumption\": [{\"type\": \"eim\", \"activeCount\": 1, "
		"\"measurementType\": \"net-consumption\", \"wNow\": -300, \"whLifetime\": -1000, "
		"\"lines\": [{\"wNow\": -500}, {\"wNow\": 200}]}]}";
	ems_envoy_reading r;
	memset(&r, 0, sizeof r);
	ck_assert_int_eq(ems_envoy_parse(EMS_ENVOY_DOC_PRODUCTION, doc, strlen(doc), &r, NULL), 0);
	ck_assert_int_eq(ems_envoy_reading_finish(&r), 0);
	ck_assert(r.provided & EMS_ENVOY_HAS_CONSUMPTION_W);
	ck_assert_double_eq_tol(r.consumption_w, 700, EPS);
	ck_assert_double_eq_tol(r.consumption_wh, 4000, EPS);
	ck_assert_uint_eq(r.phase_count, 2);
	ck_assert_double_eq_tol(r.consumption_phase_w[0], 100, EPS);
	ck_assert_double_eq_tol(r.consumption_phase_w[1], 600, EPS);
	ck_assert_uint_eq(r.quirks, 0);
	/* idempotent */
	ck_assert_int_eq(ems_envoy_reading_finish(&r), 0);
	ck_assert_double_eq_tol(r.consumption_w, 700, EPS);
	ck_assert_uint_eq(r.quirks, 0);
}
END_TEST

START_TEST(quirk_total_is_net_fixture)
{
	ems_envoy_reading r;
	memset(&r, 0, sizeof r);
	parse_ok(EMS_ENVOY_DOC_METERS, "json/valid/meters_single.json", &r);
	parse_ok(EMS_ENVOY_DOC_PRODUCTION, "json/valid/production_8_3_5433.json", &r);
	ck_assert_int_eq(ems_envoy_reading_finish(&r), 0);
	ck_assert(r.quirks & EMS_ENVOY_QUIRK_TOTAL_IS_NET);
	ck_assert_uint_eq(r.phase_count, 1); /* three lines reported, one phase installed */
	ck_assert_double_eq_tol(r.consumption_w, 310.25 + 520.5, EPS);
	ck_assert_double_eq_tol(r.consumption_wh, 5653110.0 + 2105000.0, EPS);
	ck_assert_double_eq_tol(r.net_w, 310.25, EPS);
	ck_assert_int_eq(ems_envoy_reading_finish(&r), 0); /* not corrected twice */
	ck_assert_double_eq_tol(r.consumption_w, 310.25 + 520.5, EPS);
}
END_TEST

START_TEST(quirk_production_without_ct_fixture)
{
	ems_envoy_reading r;
	memset(&r, 0, sizeof r);
	parse_ok(EMS_ENVOY_DOC_METERS, "json/valid/meters_disabled.json", &r);
	parse_ok(EMS_ENVOY_DOC_PRODUCTION, "json/valid/production_no_ct.json", &r);
	ck_assert_int_eq(ems_envoy_reading_finish(&r), 0);
	ck_assert(r.quirks & EMS_ENVOY_QUIRK_PROD_NO_CT);
	ck_assert_double_eq_tol(r.production_w, 6509, EPS);
	ck_assert_double_eq_tol(r.production_wh, 1010151, EPS);
	ck_assert(!(r.provided & (EMS_ENVOY_HAS_CONSUMPTION_W | EMS_ENVOY_HAS_NET_W)));
	/* activeCount 0 alone (no /ivp/meters) is enough */
	memset(&r, 0, sizeof r);
	parse_ok(EMS_ENVOY_DOC_PRODUCTION, "json/valid/production_no_ct.json", &r);
	ck_assert_int_eq(ems_envoy_reading_finish(&r), 0);
	ck_assert(r.quirks & EMS_ENVOY_QUIRK_PROD_NO_CT);
	ck_assert_double_eq_tol(r.production_w, 6509, EPS);
}
END_TEST

START_TEST(quirk_phase_sum)
{
	const char *doc = "{\"production\": [{\"type\": \"eim\", \"activeCount\": 1, "
			  "\"measurementType\": \"production\", \"wNow\": 3000, \"lines\": "
			  "[{\"wNow\": 1000}, {\"wNow\": 1000}, {\"wNow\": 500}]}]}";
	ems_envoy_reading r;
	memset(&r, 0, sizeof r);
	ck_assert_int_eq(ems_envoy_parse(EMS_ENVOY_DOC_PRODUCTION, doc, strlen(doc), &r, NULL), 0);
	ck_assert_int_eq(ems_envoy_reading_finish(&r), 0);
	ck_assert(r.quirks & EMS_ENVOY_QUIRK_PHASE_SUM);
	ck_assert_double_eq_tol(r.production_w, 3000, EPS); /* reported, not changed */
}
END_TEST

Suite *envoy_parse_suite(void)
{
	Suite *s = suite_create("envoy_parse");
	TCase *tc = tcase_create("documents");
	tcase_add_test(tc, three_phase_metered);
	tcase_add_test(tc, standard_gateway_inverters_only);
	tcase_add_test(tc, storage_weighted_soc_and_power);
	tcase_add_test(tc, missing_fields_are_not_provided);
	tcase_add_loop_test(tc, malformed_documents, 0,
			    (int)(sizeof bad_cases / sizeof bad_cases[0]));
	tcase_add_test(tc, parse_null_arguments);
	tcase_add_test(tc, inverter_list);
	tcase_add_test(tc, jwt_expiry);
	suite_add_tcase(s, tc);
	TCase *tq = tcase_create("corrections");
	tcase_add_test(tq, only_net_ct_derives_consumption);
	tcase_add_test(tq, quirk_total_is_net_fixture);
	tcase_add_test(tq, quirk_production_without_ct_fixture);
	tcase_add_test(tq, quirk_phase_sum);
	suite_add_tcase(s, tq);
	return s;
}

/* ---- panel monitoring ------------------------------------------------------------------ */

static void set_inv(ems_envoy_inverter *inv, const double *w, size_t n)
{
	memset(inv, 0, n * sizeof *inv);
	for (size_t i = 0; i < n; i++)
		inv[i].power_w = w[i];
}

START_TEST(one_group_one_low)
{
	ems_envoy_inverter inv[4];
	const double w[4] = {870, 860, 880, 640}; /* mean 812.5, threshold 731.25 */
	set_inv(inv, w, 4);
	const int g[4] = {0, 0, 0, 0};
	size_t low[4], n = 99;
	ck_assert_int_eq(ems_envoy_panels_low(inv, 4, g, 0.9, low, 4, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(low[0], 3);
}
END_TEST

START_TEST(groups_compared_separately)
{
	ems_envoy_inverter inv[7];
	/* east roof: 300 290 100 (mean 230, threshold 207); west roof: 500 520 (mean 510);
	 * a lone inverter (group 2) and an excluded one (-1) are never listed */
	const double w[7] = {300, 290, 100, 500, 520, 10, 1};
	set_inv(inv, w, 7);
	const int g[7] = {0, 0, 0, 1, 1, 2, -1};
	size_t low[7], n;
	ck_assert_int_eq(ems_envoy_panels_low(inv, 7, g, 0.9, low, 7, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(low[0], 2);
	/* exactly at the threshold is not under it */
	const double w2[2] = {90, 110}; /* mean 100: 90 is not < 90 */
	set_inv(inv, w2, 2);
	ck_assert_int_eq(ems_envoy_panels_low(inv, 2, g, 0.9, low, 7, &n), 0);
	ck_assert_uint_eq(n, 0);
	/* at night (mean 0) nothing is listed */
	const double w3[3] = {0, 0, 0};
	set_inv(inv, w3, 3);
	ck_assert_int_eq(ems_envoy_panels_low(inv, 3, g, 0.9, low, 7, &n), 0);
	ck_assert_uint_eq(n, 0);
}
END_TEST

START_TEST(panels_capacity_and_arguments)
{
	ems_envoy_inverter inv[6];
	const double w[6] = {1000, 1000, 1000, 1000, 100, 100};
	set_inv(inv, w, 6);
	const int g[6] = {0, 0, 0, 0, 0, 0};
	size_t low[1], n;
	ck_assert_int_eq(ems_envoy_panels_low(inv, 6, g, 0.9, low, 1, &n), EMS_ENOSPC);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(low[0], 4);
	ck_assert_int_eq(ems_envoy_panels_low(inv, 6, g, 0.9, NULL, 0, &n), EMS_ENOSPC);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(ems_envoy_panels_low(inv, 6, g, 0.0, low, 1, &n), EMS_EINVAL);
	ck_assert_int_eq(ems_envoy_panels_low(inv, 6, g, 1.5, low, 1, &n), EMS_EINVAL);
	ck_assert_int_eq(ems_envoy_panels_low(inv, 6, g, NAN, low, 1, &n), EMS_EINVAL);
	ck_assert_int_eq(ems_envoy_panels_low(inv, 6, g, 0.9, low, 1, NULL), EMS_EINVAL);
	ck_assert_int_eq(ems_envoy_panels_low(NULL, 6, g, 0.9, low, 1, &n), EMS_EINVAL);
	ck_assert_int_eq(ems_envoy_panels_low(inv, 6, NULL, 0.9, low, 1, &n), EMS_EINVAL);
	ck_assert_int_eq(ems_envoy_panels_low(inv, 6, g, 0.9, NULL, 1, &n), EMS_EINVAL);
	ck_assert_int_eq(ems_envoy_panels_low(NULL, 0, NULL, 0.9, NULL, 0, &n), 0);
	ck_assert_uint_eq(n, 0);
}
END_TEST

Suite *envoy_panels_suite(void)
{
	Suite *s = suite_create("envoy_panels");
	TCase *tc = tcase_create("panels");
	tcase_add_test(tc, one_group_one_low);
	tcase_add_test(tc, groups_compared_separately);
	tcase_add_test(tc, panels_capacity_and_arguments);
	suite_add_tcase(s, tc);
	return s;
}
