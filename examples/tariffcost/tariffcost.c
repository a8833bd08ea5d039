/* tariffcost: cost a CSV of consumption intervals with a libtariff JSON config.
 *
 *   tariffcost --config FILE --input CSV [--commodity electricity|export|gas|water]
 *              [--by day|month|year] [--json]
 *
 * See docs/man/tariffcost.md. Exit status: 0 success, 1 bad config or input, 2 usage,
 * 3 success but part of the quantity is unpriced (no rule or no price in force). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tariff/tariff.h"

#define EXIT_INPUT 1
#define EXIT_USAGE 2
#define EXIT_UNPRICED 3

typedef struct row {
	int64_t start, end, q;
	int line;
} row;

static void usage(FILE *f)
{
	fputs("usage: tariffcost --config FILE --input CSV [--commodity electricity|export|gas|water]\n"
	      "                  [--by day|month|year] [--json]\n"
	      "Costs the intervals of CSV (header start,end,quantity; quantity in Wh or dm3)\n"
	      "with the tariffs and rules of the JSON config FILE.\n",
	      f);
}

/* Quantity in milli-units as a JSON number: "0", or at least one decimal ("1000.0", "0.001"). */
static void put_quantity(FILE *f, int64_t mu)
{
	char b[TARIFF_MONEY_STRLEN];
	if (mu == 0) {
		fputs("0", f);
		return;
	}
	(void)tariff_decimal_format(mu, 3, b, sizeof b);
	size_t n = strlen(b);
	while (n > 0 && b[n - 1] == '0' && b[n - 2] != '.')
		n--;
	b[n] = '\0';
	fputs(b, f);
}

static void put_money(FILE *f, tariff_money m, unsigned digits)
{
	char b[TARIFF_MONEY_STRLEN];
	(void)tariff_money_format(m, digits, b, sizeof b);
	fputs(b, f);
}

static void put_json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p < 0x20)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

static void period_name(int by, int32_t key, char *b, size_t n)
{
	if (by == TARIFF_BY_DAY)
		snprintf(b, n, "%04d-%02d-%02d", (int)(key / 10000), (int)(key / 100 % 100), (int)(key % 100));
	else if (by == TARIFF_BY_MONTH)
		snprintf(b, n, "%04d-%02d", (int)(key / 100), (int)(key % 100));
	else
		snprintf(b, n, "%04d", (int)key);
}

static void json_by_tariff(FILE *f, const tariff_schedule *s, const tariff_totals *t)
{
	fputs("\"by_tariff\":[", f);
	int first = 1;
	for (size_t i = 0; i < s->n_tariffs; i++) {
		if (t->tariff_quantity_mu[i] == 0)
			continue;
		fputs(first ? "{\"tariff\":" : ",{\"tariff\":", f);
		first = 0;
		put_json_string(f, s->tariffs[i].id);
		fputs(",\"quantity\":", f);
		put_quantity(f, t->tariff_quantity_mu[i]);
		fputs(",\"cost\":\"", f);
		put_money(f, t->tariff_cost[i], 6);
		fputs("\"}", f);
	}
	fputc(']', f);
}

static void text_totals(FILE *f, const tariff_set *set, const tariff_schedule *s, const tariff_totals *t,
			const char *unit, const char *indent)
{
	char q[TARIFF_MONEY_STRLEN], m[TARIFF_MONEY_STRLEN];
	for (size_t i = 0; i < s->n_tariffs; i++) {
		if (t->tariff_quantity_mu[i] == 0)
			continue;
		(void)tariff_decimal_format(t->tariff_quantity_mu[i], 3, q, sizeof q);
		(void)tariff_money_format(t->tariff_cost[i], 6, m, sizeof m);
		fprintf(f, "%s%-12s %16s %-3s %16s %s\n", indent, s->tariffs[i].id, q, unit, m, set->currency);
	}
}

int main(int argc, char **argv)
{
	const char *config = NULL, *input = NULL, *commodity = "electricity", *by_s = NULL;
	int json = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **slot = NULL;
		if (!strcmp(a, "--config"))
			slot = &config;
		else if (!strcmp(a, "--input"))
			slot = &input;
		else if (!strcmp(a, "--commodity"))
			slot = &commodity;
		else if (!strcmp(a, "--by"))
			slot = &by_s;
		else if (!strcmp(a, "--json")) {
			json = 1;
			continue;
		} else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(a, "--version")) {
			printf("tariffcost (libtariff %s)\n", tariff_version_string());
			return 0;
		} else {
			fprintf(stderr, "tariffcost: unknown option %s\n", a);
			usage(stderr);
			return EXIT_USAGE;
		}
		if (i + 1 >= argc) {
			fprintf(stderr, "tariffcost: %s needs a value\n", a);
			return EXIT_USAGE;
		}
		*slot = argv[++i];
	}
	if (!config || !input) {
		fputs("tariffcost: --config and --input are required\n", stderr);
		usage(stderr);
		return EXIT_USAGE;
	}
	int com = tariff_commodity_from_name(commodity);
	if (com < 0) {
		fprintf(stderr, "tariffcost: unknown commodity \"%s\" (electricity, export, gas or water)\n", commodity);
		return EXIT_USAGE;
	}
	int by = TARIFF_BY_NONE;
	if (by_s) {
		if (!strcmp(by_s, "day"))
			by = TARIFF_BY_DAY;
		else if (!strcmp(by_s, "month"))
			by = TARIFF_BY_MONTH;
		else if (!strcmp(by_s, "year"))
			by = TARIFF_BY_YEAR;
		else {
			fprintf(stderr, "tariffcost: --by takes day, month or year, not \"%s\"\n", by_s);
			return EXIT_USAGE;
		}
	}

	tariff_config *cfg = NULL;
	tariff_diag d;
	int rc = tariff_config_load_file(config, &cfg, &d);
	if (rc) {
		if (d.line)
			fprintf(stderr, "tariffcost: %s:%d:%d: %s%s%s\n", d.source[0] ? d.source : config, d.line,
				d.column, d.path, d.path[0] ? ": " : "", d.reason);
		else
			fprintf(stderr, "tariffcost: %s: %s%s%s\n", d.source[0] ? d.source : config, d.path,
				d.path[0] ? ": " : "", d.reason[0] ? d.reason : tariff_strerror(rc));
		return EXIT_INPUT;
	}
	const tariff_set *set = tariff_config_set(cfg);
	const tariff_schedule *sched = &set->commodity[com];
	if (sched->n_tariffs == 0) {
		fprintf(stderr, "tariffcost: %s: the config has no \"%s\" tariffs\n", config, commodity);
		tariff_config_free(cfg);
		return EXIT_INPUT;
	}

	/* Read and check every row first: an error anywhere stops before any output. */
	FILE *in = strcmp(input, "-") ? fopen(input, "r") : stdin;
	if (!in) {
		fprintf(stderr, "tariffcost: %s: %s\n", input, strerror(errno));
		tariff_config_free(cfg);
		return EXIT_INPUT;
	}
	row *rows = NULL;
	size_t nrows = 0, caprows = 0, cap = 0;
	char *line = NULL;
	ssize_t got;
	int lineno = 0, seen_header = 0, status = 0;
	int64_t tmin = INT64_MAX, tmax = INT64_MIN;
	while ((got = getline(&line, &cap, in)) > 0) {
		lineno++;
		size_t len = (size_t)got;
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			len--;
		if (tariff_csv_is_blank(line, len))
			continue;
		if (!seen_header) {
			if (!tariff_csv_is_header(line, len, "start,end,quantity")) {
				fprintf(stderr, "tariffcost: %s:%d: expected the header start,end,quantity\n", input, lineno);
				status = EXIT_INPUT;
				break;
			}
			seen_header = 1;
			continue;
		}
		if (nrows == caprows) {
			caprows = caprows ? caprows * 2 : 1024;
			row *nr = realloc(rows, caprows * sizeof *nr);
			if (!nr) {
				fputs("tariffcost: out of memory\n", stderr);
				status = EXIT_INPUT;
				break;
			}
			rows = nr;
		}
		row *r = &rows[nrows];
		rc = tariff_csv_interval_parse(line, len, &r->start, &r->end, &r->q, &d);
		if (rc) {
			fprintf(stderr, "tariffcost: %s:%d:%d: %s\n", input, lineno, d.column, d.reason);
			status = EXIT_INPUT;
			break;
		}
		r->line = lineno;
		if (r->start < tmin)
			tmin = r->start;
		if (r->end > tmax)
			tmax = r->end;
		nrows++;
	}
	if (!status && ferror(in)) {
		fprintf(stderr, "tariffcost: %s: read error\n", input);
		status = EXIT_INPUT;
	}
	if (!status && !seen_header) {
		fprintf(stderr, "tariffcost: %s: empty input (expected the header start,end,quantity)\n", input);
		status = EXIT_INPUT;
	}
	free(line);
	if (in != stdin)
		fclose(in);

	tariff_period_totals *periods = NULL;
	size_t nper = 0;
	if (!status && by != TARIFF_BY_NONE) {
		/* one period per local day spanned, plus margins (offsets and partial days) */
		nper = nrows ? (size_t)((tmax - tmin) / 86400) + 3 : 1;
		periods = calloc(nper, sizeof *periods);
		if (!periods) {
			fputs("tariffcost: out of memory\n", stderr);
			status = EXIT_INPUT;
		}
	}
	tariff_cost c;
	if (!status && tariff_cost_init(&c, set, com, by, periods, nper) != 0) {
		fputs("tariffcost: cannot start costing\n", stderr);
		status = EXIT_INPUT;
	}
	for (size_t i = 0; !status && i < nrows; i++) {
		rc = tariff_cost_add(&c, rows[i].start, rows[i].end, rows[i].q);
		if (rc) {
			fprintf(stderr, "tariffcost: %s:%d: %s\n", input, rows[i].line, tariff_strerror(rc));
			status = EXIT_INPUT;
		}
	}
	free(rows);
	if (status) {
		free(periods);
		tariff_config_free(cfg);
		return status;
	}

	const tariff_totals *t = tariff_cost_totals(&c);
	const unsigned digits = (unsigned)set->currency_digits;
	const int has_vat = sched->vat_ppm >= 0;
	const int gas_energy = com == TARIFF_GAS && sched->n_factors > 0;
	const char *unit = (com == TARIFF_GAS || com == TARIFF_WATER) ? "dm3" : "Wh";
	tariff_money incl = t->cost;
	if (has_vat && tariff_vat_apply(set, com, t->cost, &incl) != 0) {
		fputs("tariffcost: overflow applying VAT\n", stderr);
		free(periods);
		tariff_config_free(cfg);
		return EXIT_INPUT;
	}
	if (json) {
		fputs("{\"currency\":", stdout);
		put_json_string(stdout, set->currency);
		fputs(",\"commodity\":", stdout);
		put_json_string(stdout, commodity);
		fputs(",\"quantity\":", stdout);
		put_quantity(stdout, t->quantity_mu);
		fputs(",\"unpriced_quantity\":", stdout);
		put_quantity(stdout, t->unpriced_mu);
		fputs(",\"total\":\"", stdout);
		put_money(stdout, t->cost, digits);
		fputc('"', stdout);
		if (has_vat) {
			fputs(",\"total_incl_vat\":\"", stdout);
			put_money(stdout, incl, digits);
			fputc('"', stdout);
		}
		if (gas_energy) {
			fputs(",\"energy_kwh\":\"", stdout);
			put_money(stdout, t->energy_kwh, 3);
			fputc('"', stdout);
		}
		fputc(',', stdout);
		json_by_tariff(stdout, sched, t);
		if (by != TARIFF_BY_NONE) {
			fputs(",\"by_period\":[", stdout);
			for (size_t i = 0; i < tariff_cost_period_count(&c); i++) {
				const tariff_period_totals *p = tariff_cost_period(&c, i);
				char name[16];
				period_name(by, p->period, name, sizeof name);
				fprintf(stdout, "%s{\"period\":\"%s\",\"total\":\"", i ? "," : "", name);
				put_money(stdout, p->totals.cost, digits);
				fputs("\",", stdout);
				json_by_tariff(stdout, sched, &p->totals);
				fputc('}', stdout);
			}
			fputc(']', stdout);
		}
		fputs("}\n", stdout);
	} else {
		char q[TARIFF_MONEY_STRLEN], m[TARIFF_MONEY_STRLEN];
		printf("commodity    %s (%s)\n", commodity, set->currency);
		(void)tariff_decimal_format(t->quantity_mu, 3, q, sizeof q);
		printf("quantity     %s %s\n", q, unit);
		(void)tariff_decimal_format(t->unpriced_mu, 3, q, sizeof q);
		printf("unpriced     %s %s\n", q, unit);
		if (gas_energy) {
			(void)tariff_money_format(t->energy_kwh, 3, m, sizeof m);
			printf("energy       %s kWh\n", m);
		}
		text_totals(stdout, set, sched, t, unit, "");
		(void)tariff_money_format(t->cost, digits, m, sizeof m);
		printf("total        %s %s\n", m, set->currency);
		if (has_vat) {
			(void)tariff_money_format(incl, digits, m, sizeof m);
			printf("total+VAT    %s %s\n", m, set->currency);
		}
		for (size_t i = 0; by != TARIFF_BY_NONE && i < tariff_cost_period_count(&c); i++) {
			const tariff_period_totals *p = tariff_cost_period(&c, i);
			char name[16];
			period_name(by, p->period, name, sizeof name);
			(void)tariff_money_format(p->totals.cost, digits, m, sizeof m);
			printf("%s   %s %s\n", name, m, set->currency);
			text_totals(stdout, set, sched, &p->totals, unit, "  ");
		}
	}
	if (t->unpriced_mu > 0) {
		char q[TARIFF_MONEY_STRLEN];
		(void)tariff_decimal_format(t->unpriced_mu, 3, q, sizeof q);
		fprintf(stderr, "tariffcost: warning: %s %s unpriced (no rule holds or no price in force)\n", q, unit);
		status = EXIT_UNPRICED;
	}
	free(periods);
	tariff_config_free(cfg);
	return status;
}
