/* Suite "json": the config loader: the issue's example, every key, errors with file, line,
 * column, JSON path and reason; series files; dated gas factors. */
#define _DEFAULT_SOURCE /* mkdtemp */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <unistd.h>
#include "hems_check.h"
#include "tariff/tariff.h"
#include "tariff_tests.h"

static const char example[] =
	"{\"currency\": \"EUR\", \"timezone\": \"CET-1CEST,M3.5.0,M10.5.0/3\",\n"
	" \"electricity\": {\n"
	"   \"tariffs\": [{\"id\": \"HP\", \"name\": \"Heures pleines\", \"color\": \"#e4572e\",\n"
	"                \"prices\": [{\"from\": \"2024-02-01\", \"price\": \"0.2516\"},\n"
	"                           {\"from\": \"2025-02-01\", \"price\": \"0.2700\"}]},\n"
	"               {\"id\": \"HC\", \"prices\": [{\"price\": \"0.1828\"}]}],\n"
	"   \"rules\": [{\"tariff\": \"HC\", \"date\": \"12-25\", \"repeat_yearly\": true},\n"
	"             {\"tariff\": \"HC\", \"start\": \"22:00\", \"end\": \"05:59\"},\n"
	"             {\"tariff\": \"HP\", \"days\": [\"mon\",\"tue\",\"wed\",\"thu\",\"fri\",\"sat\",\"sun\"]}],\n"
	"   \"vat_percent\": \"20\", \"meter_periods\": {\"HC..\": \"HC\", \"HP..\": \"HP\"}},\n"
	" \"export\": {\"tariffs\": [{\"id\": \"OA\", \"prices\": [{\"price\": \"0.1269\"}]}]},\n"
	" \"gas\": {\"tariffs\": [{\"id\": \"BASE\", \"prices\": [{\"price\": \"1.05\"}]}],\n"
	"         \"kwh_per_m3\": [{\"value\": \"11.2\"}, {\"from\": \"2025-02-01\", \"value\": \"11.35\"}]},\n"
	" \"water\": {\"tariffs\": [{\"id\": \"W\", \"prices\": [{\"price\": \"4.1234\"}]}], \"_comment\": \"free\"}}\n";

static tariff_config *load(const char *text, tariff_diag *d)
{
	tariff_config *cfg = NULL;
	int rc = tariff_config_load_string(text, strlen(text), "test.json", NULL, &cfg, d);
	ck_assert_msg(rc == 0, "load: %s:%d:%d: %s: %s", d->source, d->line, d->column, d->path, d->reason);
	return cfg;
}

START_TEST(issue_example)
{
	tariff_diag d;
	tariff_config *cfg = load(example, &d);
	const tariff_set *set = tariff_config_set(cfg);
	ck_assert_str_eq(set->currency, "EUR");
	ck_assert_int_eq(set->currency_digits, 2);
	ck_assert_int_eq(set->tz.dst_utoff_s, 7200);
	const tariff_schedule *e = &set->commodity[TARIFF_ELECTRICITY];
	ck_assert_uint_eq(e->n_tariffs, 2);
	ck_assert_str_eq(e->tariffs[0].name, "Heures pleines");
	ck_assert_str_eq(e->tariffs[0].color, "#e4572e");
	ck_assert_ptr_null(e->tariffs[1].name);
	ck_assert_int_eq(e->tariffs[0].prices[1].price_nano, 270000000);
	ck_assert_int_eq(e->tariffs[0].prices[1].from, tariff_date_from_ymd(2025, 2, 1));
	ck_assert_int_eq(e->tariffs[1].prices[0].from, TARIFF_DATE_NONE);
	ck_assert_uint_eq(e->n_rules, 3);
	ck_assert_uint_eq(e->rules[0].flags, TARIFF_RULE_YEARLY | TARIFF_RULE_FROM | TARIFF_RULE_TO);
	ck_assert_int_eq(e->rules[0].from, 1225);
	ck_assert_int_eq(e->rules[1].start_min, 22 * 60);
	ck_assert_int_eq(e->rules[1].end_min, 5 * 60 + 59);
	ck_assert_uint_eq(e->rules[2].days, 0x7f);
	ck_assert_int_eq(e->vat_ppm, 200000);
	unsigned t;
	ck_assert_int_eq(tariff_period_lookup(e, "HC", &t), 0);
	ck_assert_uint_eq(t, 1);
	ck_assert_int_eq(set->commodity[TARIFF_EXPORT].n_rules, 1); /* one tariff: an implicit catch-all */
	ck_assert_int_eq(set->commodity[TARIFF_EXPORT].vat_ppm, -1);
	const tariff_schedule *g = &set->commodity[TARIFF_GAS];
	ck_assert_uint_eq(g->n_factors, 2);
	ck_assert_int_eq(g->factors[1].factor_nano, 11350000000);
	ck_assert_int_eq(set->commodity[TARIFF_WATER].tariffs[0].prices[0].price_nano, 4123400000);
	/* and it prices: Christmas noon is HC */
	int64_t when, price;
	ck_assert_int_eq(tariff_time_parse("2025-12-25T12:00:00+01:00", 25, &when), 0);
	ck_assert_int_eq(tariff_set_price_at(set, TARIFF_ELECTRICITY, when, &t, &price), 0);
	ck_assert_uint_eq(t, 1);
	ck_assert_int_eq(price, 182800000);
	tariff_config_free(cfg);
	tariff_config_free(NULL);
	ck_assert_ptr_null(tariff_config_set(NULL));
}
END_TEST

/* A config with one substitution into the electricity object. */
static int try_load(const char *elec, tariff_diag *d)
{
	char buf[2048];
	snprintf(buf, sizeof buf,
		 "{\"currency\": \"EUR\",\n \"timezone\": \"CET-1CEST,M3.5.0,M10.5.0/3\",\n \"electricity\": {\n"
		 "  \"tariffs\": [{\"id\": \"HP\", \"prices\": [{\"price\": \"0.25\"}]},\n"
		 "              {\"id\": \"HC\", \"prices\": [{\"price\": \"0.18\"}]}],\n"
		 "  \"rules\": [\n    %s\n  ]}}\n",
		 elec);
	tariff_config *cfg = NULL;
	int rc = tariff_config_load_string(buf, strlen(buf), "bad.json", NULL, &cfg, d);
	if (rc == 0)
		tariff_config_free(cfg);
	else
		ck_assert_ptr_null(cfg);
	return rc;
}

START_TEST(semantic_errors_located)
{
	static const struct {
		const char *rule;
		const char *path;
		int line, column;
		const char *reason_part;
	} cases[] = {
		{"{\"tariff\": \"XX\"}", "electricity.rules[0].tariff", 7, 16, "no tariff with id \"XX\""},
		{"{\"tariff\": \"HC\", \"start\": \"22:00\", \"end\": \"24:00\"}", "electricity.rules[0].end", 7, 47, "HH:MM"},
		{"{\"tariff\": \"HC\", \"start\": \"9:00\"}", "electricity.rules[0].start", 7, 31, "HH:MM"},
		{"{\"tariff\": \"HC\", \"date\": \"12-25\"}", "electricity.rules[0].date", 7, 30, "repeat_yearly"},
		{"{\"tariff\": \"HC\", \"date\": \"2025-12-25\", \"repeat_yearly\": true}", "electricity.rules[0].date", 7, 30, "MM-DD"},
		{"{\"tariff\": \"HC\", \"date\": \"02-30\", \"repeat_yearly\": true}", "electricity.rules[0].date", 7, 30, "MM-DD"},
		{"{\"tariff\": \"HC\", \"from\": \"2025-02-01\", \"to\": \"2025-01-01\"}", "electricity.rules[0].to", 7, 50, "before"},
		{"{\"tariff\": \"HC\", \"days\": [\"mon\", \"Tue\"]}", "electricity.rules[0].days[1]", 7, 38, "a day is"},
		{"{\"tariff\": \"HC\", \"days\": [\"mon\", \"mon\"]}", "electricity.rules[0].days[1]", 7, 38, "twice"},
		{"{\"tariff\": \"HC\", \"days\": []}", "electricity.rules[0].days", 7, 30, "non-empty"},
		{"{\"tariff\": \"HC\", \"repeat_yearly\": 1}", "electricity.rules[0].repeat_yearly", 7, 39, "true or false"},
		{"{\"tariff\": \"HC\", \"stat\": \"22:00\"}", "electricity.rules[0].stat", 7, 30, "unknown key \"stat\""},
		{"{\"tariff\": \"HC\", \"date\": \"2025-01-01\", \"from\": \"2025-01-01\"}", "electricity.rules[0]", 7, 5, "not both"},
		{"{}", "electricity.rules[0]", 7, 5, "missing \"tariff\""},
		{"{\"tariff\": \"HC\"}, 5", "electricity.rules[1]", 7, 23, "a rule is an object"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		tariff_diag d;
		int rc = try_load(cases[i].rule, &d);
		ck_assert_msg(rc == TARIFF_ECONFIG, "%s: rc %d", cases[i].rule, rc);
		ck_assert_str_eq(d.source, "bad.json");
		ck_assert_msg(strcmp(d.path, cases[i].path) == 0, "%s: path %s", cases[i].rule, d.path);
		ck_assert_msg(d.line == cases[i].line && d.column == cases[i].column, "%s: at %d:%d", cases[i].rule,
			      d.line, d.column);
		ck_assert_msg(strstr(d.reason, cases[i].reason_part) != NULL, "%s: reason %s", cases[i].rule, d.reason);
	}
	tariff_diag d;
	ck_assert_int_eq(try_load("{\"tariff\": \"HC\", \"start\": \"22:00\", \"end\": \"05:59\"}", &d), 0);
}
END_TEST

static int load_text(const char *text, tariff_diag *d)
{
	tariff_config *cfg = NULL;
	int rc = tariff_config_load_string(text, strlen(text), NULL, NULL, &cfg, d);
	tariff_config_free(cfg);
	return rc;
}

START_TEST(root_errors)
{
	tariff_diag d;
	ck_assert_int_eq(load_text("{\"currency\": \"EUR\",\n \"timezone\": \"UTC0\",,}", &d), TARIFF_EPARSE);
	ck_assert_str_eq(d.source, "<string>");
	ck_assert_int_eq(d.line, 2);
	ck_assert_int_gt(d.column, 0);
	ck_assert(strlen(d.reason) > 0);
	ck_assert_int_eq(load_text("{\"currency\": \"EUR\", \"currency\": \"EUR\", \"timezone\": \"UTC0\"}", &d), TARIFF_EPARSE);
	ck_assert_int_eq(load_text("[]", &d), TARIFF_ECONFIG);
	ck_assert_int_eq(load_text("{\"timezone\": \"UTC0\"}", &d), TARIFF_ECONFIG);
	ck_assert_ptr_nonnull(strstr(d.reason, "missing \"currency\""));
	ck_assert_int_eq(load_text("{\"currency\": \"EURO\", \"timezone\": \"UTC0\"}", &d), TARIFF_ECONFIG);
	ck_assert_str_eq(d.path, "currency");
	ck_assert_int_eq(d.column, 14);
	ck_assert_int_eq(load_text("{\"currency\": \"EUR\", \"timezone\": \"Europe/Paris\"}", &d), TARIFF_ECONFIG);
	ck_assert_str_eq(d.path, "timezone");
	ck_assert_ptr_nonnull(strstr(d.reason, "POSIX TZ"));
	ck_assert_int_eq(load_text("{\"currency\": \"EUR\", \"timezone\": \"UTC0\", \"heat\": {}}", &d), TARIFF_ECONFIG);
	ck_assert_str_eq(d.path, "heat");
	ck_assert_int_eq(load_text("{\"currency\": \"EUR\", \"timezone\": \"UTC0\", \"gas\": {\"tariffs\": "
				   "[{\"id\": \"G\", \"prices\": [{\"price\": 1.05}]}]}}", &d), TARIFF_ECONFIG);
	ck_assert_str_eq(d.path, "gas.tariffs[0].prices[0].price");
	ck_assert_ptr_nonnull(strstr(d.reason, "binary floating point"));
	ck_assert_int_eq(load_text("{\"currency\": \"EUR\", \"timezone\": \"UTC0\", \"gas\": {\"tariffs\": "
				   "[{\"id\": \"G\", \"prices\": [{\"price\": \"1.0000000001\"}]}]}}", &d), TARIFF_ECONFIG);
	ck_assert_ptr_nonnull(strstr(d.reason, "more than 9 decimals"));
	ck_assert_int_eq(load_text("{\"currency\": \"EUR\", \"timezone\": \"UTC0\", \"gas\": {\"tariffs\": "
				   "[{\"id\": \"G\", \"prices\": [{\"from\": \"2025-01-01\", \"price\": \"1\"}, "
				   "{\"from\": \"2024-01-01\", \"price\": \"1\"}]}]}}", &d), TARIFF_ECONFIG);
	ck_assert_str_eq(d.path, "gas.tariffs[0].prices[1].from");
	ck_assert_int_eq(load_text("{\"currency\": \"EUR\", \"timezone\": \"UTC0\", \"gas\": {\"tariffs\": "
				   "[{\"id\": \"G\", \"prices\": [{\"price\": \"1\"}]}, {\"id\": \"G\", \"prices\": "
				   "[{\"price\": \"1\"}]}]}}", &d), TARIFF_ECONFIG);
	ck_assert_str_eq(d.path, "gas.tariffs[1].id");
	ck_assert_int_eq(load_text("{\"currency\": \"EUR\", \"timezone\": \"UTC0\", \"gas\": {\"tariffs\": "
				   "[{\"id\": \"G\", \"prices\": [{\"price\": \"1\"}]}, {\"id\": \"H\", \"prices\": "
				   "[{\"price\": \"1\"}]}]}}", &d), TARIFF_ECONFIG);
	ck_assert_ptr_nonnull(strstr(d.reason, "need \"rules\""));
	ck_assert_int_eq(load_text("{\"currency\": \"EUR\", \"timezone\": \"UTC0\", \"water\": {\"tariffs\": "
				   "[{\"id\": \"W\", \"prices\": [{\"price\": \"1\"}]}], \"kwh_per_m3\": \"10\"}}", &d), TARIFF_ECONFIG);
	ck_assert_ptr_nonnull(strstr(d.reason, "gas only"));
	ck_assert_int_eq(load_text("{\"currency\": \"EUR\", \"timezone\": \"UTC0\", \"gas\": {\"tariffs\": "
				   "[{\"id\": \"W\", \"prices\": [{\"price\": \"1\"}]}], \"kwh_per_m3\": \"-1\"}}", &d), TARIFF_ECONFIG);
	ck_assert_int_eq(load_text("{\"currency\": \"EUR\", \"timezone\": \"UTC0\", \"gas\": {\"tariffs\": "
				   "[{\"id\": \"W\", \"color\": \"red\", \"prices\": [{\"price\": \"1\"}]}]}}", &d), TARIFF_ECONFIG);
	ck_assert_str_eq(d.path, "gas.tariffs[0].color");
	ck_assert_int_eq(load_text("{\"currency\": \"EUR\", \"timezone\": \"UTC0\", \"gas\": {\"tariffs\": "
				   "[{\"id\": \"W\", \"prices\": [{\"price\": \"1\"}]}], \"meter_periods\": {\"X\": \"Y\"}}}", &d), TARIFF_ECONFIG);
	ck_assert_str_eq(d.path, "gas.meter_periods.X");
	ck_assert_int_eq(load_text("{\"currency\": \"EUR\", \"timezone\": \"UTC0\", \"gas\": {\"tariffs\": "
				   "[{\"id\": \"W\", \"series\": \"spot.csv\"}]}}", &d), TARIFF_ECONFIG);
	ck_assert_ptr_nonnull(strstr(d.reason, "from a file"));
	ck_assert_int_eq(load_text("{\"currency\": \"EUR\", \"timezone\": \"UTC0\", \"electricity\": {\"tariffs\": "
				   "[{\"id\": \"S\", \"series\": [{\"start\": \"2025-01-01T00:00:00Z\", \"end\": "
				   "\"2025-01-01T01:00:00Z\", \"price\": \"-0.01\"}]}], \"vat_percent\": \"5.5\"}}", &d), 0);
	ck_assert_int_eq(load_text("{\"currency\": \"EUR\", \"timezone\": \"UTC0\", \"electricity\": {\"tariffs\": "
				   "[{\"id\": \"S\", \"series\": [{\"start\": \"2025-01-01T00:00:00Z\", \"end\": "
				   "\"2025-01-01T00:00:00Z\", \"price\": \"1\"}]}]}}", &d), TARIFF_ECONFIG);
	ck_assert_str_eq(d.path, "electricity.tariffs[0].series[0].end");
	tariff_config *cfg = (tariff_config *)&d;
	ck_assert_int_eq(tariff_config_load_string(NULL, 0, NULL, NULL, &cfg, &d), TARIFF_EINVAL);
	ck_assert_ptr_null(cfg);
	ck_assert_int_eq(tariff_config_load_string("{}", 2, NULL, NULL, NULL, &d), TARIFF_EINVAL);
	ck_assert_int_eq(tariff_config_load_file(NULL, &cfg, &d), TARIFF_EINVAL);
	ck_assert_int_eq(tariff_config_load_file("/nonexistent/tariff.json", &cfg, &d), TARIFF_EIO);
	ck_assert_str_eq(d.source, "/nonexistent/tariff.json");
}
END_TEST

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

START_TEST(files_and_series)
{
	char dir[] = "/tmp/tariff-json-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char cfgp[256], csvp[256];
	snprintf(cfgp, sizeof cfgp, "%s/tariff.json", dir);
	snprintf(csvp, sizeof csvp, "%s/spot.csv", dir);
	write_file(cfgp, "{\"currency\": \"EUR\", \"timezone\": \"UTC0\",\n \"electricity\": {\"tariffs\": "
			 "[{\"id\": \"SPOT\", \"series\": \"spot.csv\"}]}}\n");
	write_file(csvp, "start,end,price\n2025-01-01T00:00:00Z,2025-01-01T01:00:00Z,0.10\n\n"
			 "2025-01-01T01:00:00Z,2025-01-01T02:00:00Z,-0.05\n");
	tariff_config *cfg = NULL;
	tariff_diag d;
	ck_assert_int_eq(tariff_config_load_file(cfgp, &cfg, &d), 0);
	const tariff_tariff *t = &tariff_config_set(cfg)->commodity[TARIFF_ELECTRICITY].tariffs[0];
	ck_assert_uint_eq(t->n_slots, 2);
	ck_assert_int_eq(t->slots[1].price_nano, -50000000);
	tariff_config_free(cfg);
	/* a bad row: the series file, its line and column */
	write_file(csvp, "start,end,price\n2025-01-01T00:00:00Z,2025-01-01T01:00:00Z,0.10\n"
			 "2025-01-01T01:00:00Z,2025-01-01T02:00:00Z,cheap\n");
	ck_assert_int_eq(tariff_config_load_file(cfgp, &cfg, &d), TARIFF_EPARSE);
	ck_assert_str_eq(d.source, csvp);
	ck_assert_int_eq(d.line, 3);
	ck_assert_int_eq(d.column, 43);
	/* overlapping slots */
	write_file(csvp, "2025-01-01T00:00:00Z,2025-01-01T01:00:00Z,0.10\n2025-01-01T00:30:00Z,2025-01-01T02:00:00Z,1\n");
	ck_assert_int_eq(tariff_config_load_file(cfgp, &cfg, &d), TARIFF_ECONFIG);
	ck_assert_int_eq(d.line, 2);
	unlink(csvp);
	ck_assert_int_eq(tariff_config_load_file(cfgp, &cfg, &d), TARIFF_EIO);
	ck_assert_str_eq(d.path, "electricity.tariffs[0].series");
	ck_assert_int_eq(d.line, 2);
	/* a syntax error in a file: the file's name, line and column */
	write_file(cfgp, "{\"currency\": \"EUR\",\n \"timezone\": \"UTC0\"\n \"gas\": {}}\n");
	ck_assert_int_eq(tariff_config_load_file(cfgp, &cfg, &d), TARIFF_EPARSE);
	ck_assert_str_eq(d.source, cfgp);
	ck_assert_int_eq(d.line, 3);
	unlink(cfgp);
	rmdir(dir);
}
END_TEST

/* Data-driven: libtariff/tests/configs/valid/NAME.json load; invalid/NAME.json fail with the
 * "line:column: path: reason" of the sibling .err file. The same folders seed the fuzzer. */
static int run_folder(const char *sub, int valid)
{
	const char *src = getenv("HEMS_SOURCE_DIR");
	ck_assert_ptr_nonnull(src);
	char dir[1024];
	snprintf(dir, sizeof dir, "%s/libtariff/tests/configs/%s", src, sub);
	DIR *dp = opendir(dir);
	ck_assert_msg(dp != NULL, "cannot open %s", dir);
	struct dirent *e;
	int n = 0;
	while ((e = readdir(dp)) != NULL) {
		size_t len = strlen(e->d_name);
		if (len < 6 || strcmp(e->d_name + len - 5, ".json") != 0)
			continue;
		char path[1400], errp[1400], want[600] = "", got[600];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		tariff_config *cfg = NULL;
		tariff_diag d;
		int rc = tariff_config_load_file(path, &cfg, &d);
		if (valid) {
			ck_assert_msg(rc == 0, "%s: %d:%d: %s: %s", path, d.line, d.column, d.path, d.reason);
			tariff_config_free(cfg);
		} else {
			ck_assert_msg(rc != 0 && cfg == NULL, "%s loaded", path);
			snprintf(errp, sizeof errp, "%.*s.err", (int)(strlen(path) - 5), path);
			FILE *f = fopen(errp, "r");
			ck_assert_msg(f != NULL, "missing %s", errp);
			ck_assert_ptr_nonnull(fgets(want, sizeof want, f));
			fclose(f);
			want[strcspn(want, "\n")] = '\0';
			snprintf(got, sizeof got, "%d:%d: %s%s%s", d.line, d.column, d.path, d.path[0] ? ": " : "",
				 d.reason);
			ck_assert_msg(strcmp(got, want) == 0, "%s:\n got  %s\n want %s", e->d_name, got, want);
			ck_assert_str_eq(d.source, path);
		}
		n++;
	}
	closedir(dp);
	return n;
}

START_TEST(data_folders)
{
	ck_assert_int_ge(run_folder("valid", 1), 4);
	ck_assert_int_ge(run_folder("invalid", 0), 12);
}
END_TEST

Suite *tariff_json_suite(void)
{
	Suite *s = suite_create("json");
	TCase *tc = tcase_create("load");
	tcase_add_test(tc, issue_example);
	tcase_add_test(tc, semantic_errors_located);
	tcase_add_test(tc, root_errors);
	tcase_add_test(tc, files_and_series);
	tcase_add_test(tc, data_folders);
	suite_add_tcase(s, tc);
	return s;
}
