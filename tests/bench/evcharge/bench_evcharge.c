#define _POSIX_C_SOURCE 199309L
/* bench_evcharge: evc_site_step() calls per second for 3, 100 and 10 000 stations (a depot),
 * under each strategy and fairness policy, with a plant that moves every step (house load,
 * PV, cars drawing their last setpoint) so every code path of the allocation runs.
 * usage: bench_evcharge [seconds per case, default 1] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "evc/evc.h"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint32_t lcg(uint32_t *s)
{
	*s = *s * 1664525u + 1013904223u;
	return *s >> 8;
}

static void run(size_t n, int strategy, int fairness, double seconds)
{
	evc_site site;
	evc_station *st = calloc(n, sizeof *st);
	if (!st) {
		perror("calloc");
		exit(1);
	}
	evc_site_init(&site);
	site.config.strategy = strategy;
	site.config.fairness = fairness;
	/* a depot: breaker scaled to the number of stations so that limits bind */
	site.config.main_breaker_ma = (int32_t)(n * 12000 + 40000);
	if (site.config.main_breaker_ma > 2000000)
		site.config.main_breaker_ma = 2000000;
	site.config.greenup.max_current_ma = site.config.main_breaker_ma;
	site.config.greenup.max_charging_current_ma = site.config.main_breaker_ma * 9 / 10;
	site.config.flow.hold_s = 60;
	for (size_t i = 0; i < n; i++) {
		evc_station_init(&st[i]);
		snprintf(st[i].config.id, EVC_ID_MAX, "S%u", (unsigned)(i % 100000u));
		st[i].config.phases = i % 4 ? 3 : 1;
		st[i].config.phase = (int32_t)(i % 3) + 1;
		st[i].config.mode = (int32_t)(i % 4);
		st[i].config.switch_phases = (i % 2) == 0;
		st[i].config.min_energy_wh = 5000;
		st[i].config.deadline_wday = (int32_t)(i % 7);
		st[i].config.deadline_sod = 7 * 3600;
		st[i].input.connected = 1;
	}
	uint32_t seed = 12345;
	int64_t t = INT64_C(1748836800);
	long steps = 0;
	double t0 = now_s(), t1 = t0;
	while (t1 - t0 < seconds) {
		for (int k = 0; k < 50; k++) {
			int64_t ev[3] = {0, 0, 0};
			for (size_t i = 0; i < n; i++) {
				evc_station *s = &st[i];
				if ((lcg(&seed) & 1023) == 0)
					s->input.connected = !s->input.connected;
				int32_t d = s->result.current_ma;
				s->input.current_ma = d;
				s->input.active_phases = s->result.phases;
				if (s->result.phases == 3)
					for (int p = 0; p < 3; p++)
						ev[p] += d;
				else
					ev[s->config.phase - 1] += d;
			}
			int32_t pv_w = (int32_t)(lcg(&seed) % (uint32_t)(n * 3000 + 1));
			for (int p = 0; p < 3; p++)
				site.input.grid_ma[p] =
				    (int32_t)(ev[p] + 10000 + (int32_t)(lcg(&seed) % 20000) -
				              (int64_t)pv_w * 1000 / 690);
			t += 10;
			site.input.time_s = t;
			if (evc_site_step(&site, NULL, 0, st, n, NULL, 0, t) != 0) {
				fputs("bench_evcharge: step failed\n", stderr);
				exit(1);
			}
			steps++;
		}
		t1 = now_s();
	}
	static const char *const names[] = {"protect", "greenup", "flow"};
	printf("%6zu stations  %-8s %-6s %12.0f steps/s  %10.2f us/step  %8.1f ns/station\n", n,
	       names[strategy], fairness ? "fcfs" : "equal", (double)steps / (t1 - t0),
	       (t1 - t0) / (double)steps * 1e6, (t1 - t0) / (double)steps / (double)n * 1e9);
	free(st);
}

int main(int argc, char **argv)
{
	double seconds = argc > 1 ? atof(argv[1]) : 1.0;
	if (seconds <= 0)
		seconds = 1.0;
	printf("libevcharge %s: evc_site_step() throughput (sizeof(evc_station) = %zu bytes)\n",
	       evc_version_string(), sizeof(evc_station));
	const size_t sizes[] = {3, 100, 10000};
	for (size_t k = 0; k < 3; k++) {
		run(sizes[k], EVC_STRATEGY_PROTECT, EVC_FAIR_EQUAL, seconds);
		run(sizes[k], EVC_STRATEGY_PROTECT, EVC_FAIR_FCFS, seconds);
		run(sizes[k], EVC_STRATEGY_GREENUP, EVC_FAIR_EQUAL, seconds);
		run(sizes[k], EVC_STRATEGY_FLOW, EVC_FAIR_EQUAL, seconds);
	}
	return 0;
}
