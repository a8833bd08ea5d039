/* bench_tariff: how many 1-minute samples per second libtariff prices.
 *
 * A year (2025, local Paris time, both DST changes) of 1-minute consumption samples, priced with
 * an HP/HC tariff (22:00–05:59 window, a yearly Christmas exception first, dated prices) and
 * broken down by local day; then the same for 100 meters (100 costing runs fed in turn, as an
 * EMS does); then a dynamic tariff with 15-minute price slots. Prints figures; asserts nothing
 * about time. Usage: bench_tariff [meters] (default 100). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "tariff/tariff.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void check(int rc, const char *what)
{
	if (rc) {
		fprintf(stderr, "bench_tariff: %s: %s\n", what, tariff_strerror(rc));
		exit(1);
	}
}

int main(int argc, char **argv)
{
	int meters = argc > 1 ? atoi(argv[1]) : 100;
	if (meters < 1)
		meters = 1;
	tariff_set set;
	memset(&set, 0, sizeof set);
	memcpy(set.currency, "EUR", 4);
	set.currency_digits = 2;
	check(tariff_tz_parse(&set.tz, "CET-1CEST,M3.5.0,M10.5.0/3", NULL), "tz");
	const tariff_price hp[] = {{tariff_date_from_ymd(2024, 2, 1), 251600000}, {tariff_date_from_ymd(2025, 2, 1), 270000000}};
	const tariff_price hc[] = {{TARIFF_DATE_NONE, 182800000}};
	const tariff_tariff tariffs[] = {{"HP", NULL, NULL, hp, 2, NULL, 0}, {"HC", NULL, NULL, hc, 1, NULL, 0}};
	const tariff_rule rules[] = {
		{1, TARIFF_RULE_YEARLY | TARIFF_RULE_FROM | TARIFF_RULE_TO, 1225, 1225, 0, 0, 0},
		{1, TARIFF_RULE_WINDOW, 0, 0, 22 * 60, 5 * 60 + 59, 0},
		{0, 0, 0, 0, 0, 0, 0},
	};
	for (int c = 0; c < TARIFF_COMMODITIES; c++)
		set.commodity[c].vat_ppm = -1;
	set.commodity[TARIFF_ELECTRICITY].tariffs = tariffs;
	set.commodity[TARIFF_ELECTRICITY].n_tariffs = 2;
	set.commodity[TARIFF_ELECTRICITY].rules = rules;
	set.commodity[TARIFF_ELECTRICITY].n_rules = 3;
	check(tariff_set_validate(&set, NULL), "validate");

	const int64_t start = 1735686000; /* 2025-01-01T00:00:00+01:00 */
	const int64_t n = 365 * 24 * 60;  /* 1-minute samples in 2025 */
	char buf[TARIFF_MONEY_STRLEN];

	/* one meter, totals only and by day */
	for (int by = TARIFF_BY_NONE; by <= TARIFF_BY_DAY; by++) {
		tariff_period_totals *p = calloc(370, sizeof *p);
		tariff_cost c;
		double dt = 1e30;
		for (int rep = 0; rep < 5; rep++) { /* best of 5: the run is short */
			check(tariff_cost_init(&c, &set, TARIFF_ELECTRICITY, by, p, 370), "init");
			double t0 = now();
			for (int64_t i = 0; i < n; i++)
				check(tariff_cost_add(&c, start + i * 60, start + i * 60 + 60, 10000 + (i % 7) * 1000), "add");
			double d1 = now() - t0;
			if (d1 < dt)
				dt = d1;
		}
		(void)tariff_money_format(tariff_cost_totals(&c)->cost, 2, buf, sizeof buf);
		printf("1 meter, 1 year of 1-min samples, %-9s %9.0f priced samples/s (%lld samples in %.3f s, best of 5, total %s EUR)\n",
		       by ? "by day:" : "totals:", (double)n / dt, (long long)n, dt, buf);
		free(p);
	}

	/* many meters, fed in time order as an EMS would */
	tariff_cost *cs = calloc((size_t)meters, sizeof *cs);
	tariff_period_totals *ps = calloc((size_t)meters * 370, sizeof *ps);
	if (!cs || !ps)
		return 1;
	for (int m = 0; m < meters; m++)
		check(tariff_cost_init(&cs[m], &set, TARIFF_ELECTRICITY, TARIFF_BY_DAY, ps + (size_t)m * 370, 370), "init");
	double t0 = now();
	for (int64_t i = 0; i < n; i++)
		for (int m = 0; m < meters; m++)
			check(tariff_cost_add(&cs[m], start + i * 60, start + i * 60 + 60, 10000 + m), "add");
	double dt = now() - t0;
	printf("%d meters, 1 year of 1-min samples, by day: %9.0f priced samples/s (%lld samples in %.3f s)\n", meters,
	       (double)n * meters / dt, (long long)n * meters, dt);
	free(cs);
	free(ps);

	/* a dynamic tariff: 15-minute price slots for the year */
	size_t ns = 365 * 96;
	tariff_slot *slots = malloc(ns * sizeof *slots);
	if (!slots)
		return 1;
	for (size_t k = 0; k < ns; k++) {
		slots[k].start = start + (int64_t)k * 900;
		slots[k].end = slots[k].start + 900;
		slots[k].price_nano = 50000000 + (int64_t)(k % 96) * 3000000 - 100000000 * (k % 13 == 0);
	}
	const tariff_tariff spot[] = {{"SPOT", NULL, NULL, NULL, 0, slots, ns}};
	const tariff_rule all[] = {{0, 0, 0, 0, 0, 0, 0}};
	set.commodity[TARIFF_ELECTRICITY].tariffs = spot;
	set.commodity[TARIFF_ELECTRICITY].n_tariffs = 1;
	set.commodity[TARIFF_ELECTRICITY].rules = all;
	set.commodity[TARIFF_ELECTRICITY].n_rules = 1;
	check(tariff_set_validate(&set, NULL), "validate");
	tariff_cost c;
	dt = 1e30;
	for (int rep = 0; rep < 5; rep++) {
		check(tariff_cost_init(&c, &set, TARIFF_ELECTRICITY, TARIFF_BY_NONE, NULL, 0), "init");
		t0 = now();
		for (int64_t i = 0; i < n; i++)
			check(tariff_cost_add(&c, start + i * 60, start + i * 60 + 60, 10000), "add");
		double d1 = now() - t0;
		if (d1 < dt)
			dt = d1;
	}
	(void)tariff_money_format(tariff_cost_totals(&c)->cost, 2, buf, sizeof buf);
	printf("1 meter, 15-min dynamic prices (%zu slots):  %9.0f priced samples/s (total %s EUR)\n", ns, (double)n / dt, buf);
	free(slots);
	return 0;
}
