/* hems-sim: serve a simulated installation (Modbus TCP devices from libemsmeter's maps)
 * on 127.0.0.1, with fault injection. See docs/man/hems-sim.md. */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "sim.h"

static volatile sig_atomic_t quit;

static void on_signal(int sig)
{
	(void)sig;
	quit = 1;
}

typedef struct sched {
	size_t server;
	int unit;
	int fault;
	double at, until;
	int state; /* 0 waiting, 1 on, 2 done */
} sched;

static void usage(FILE *f)
{
	fprintf(f, "usage: hems-sim --config FILE [--maps DIR] [--ports-file FILE] [--duration S]\n"
		   "                [--fault SERVER:UNIT:KIND:AT_S[:FOR_S]]...\n"
		   "KIND: none, timeout, exception, garbage, drop, stale\n");
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	const char *config = NULL, *maps = NULL, *ports_file = NULL;
	double duration = 0;
	sched faults[64];
	size_t nf = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(a, "--config") && v) {
			config = v, i++;
		} else if (!strcmp(a, "--maps") && v) {
			maps = v, i++;
		} else if (!strcmp(a, "--ports-file") && v) {
			ports_file = v, i++;
		} else if (!strcmp(a, "--duration") && v) {
			duration = atof(v), i++;
		} else if (!strcmp(a, "--fault") && v && nf < 64) {
			char kind[32] = "";
			unsigned long srv;
			int unit;
			double at, len = 1e12;
			int n = sscanf(v, "%lu:%d:%31[a-z]:%lf:%lf", &srv, &unit, kind, &at, &len);
			int k = n >= 4 ? hems_sim_fault_from_name(kind) : -1;
			if (k < 0) {
				fprintf(stderr, "hems-sim: bad --fault \"%s\"\n", v);
				return 2;
			}
			faults[nf++] = (sched){srv, unit, k, at, at + len, 0};
			i++;
		} else {
			usage(stderr);
			return 2;
		}
	}
	if (!config) {
		usage(stderr);
		return 2;
	}
	char err[512];
	hems_sim *sim = hems_sim_load_file(config, maps, err, sizeof err);
	if (!sim) {
		fprintf(stderr, "hems-sim: %s: %s\n", config, err);
		return 1;
	}
	if (hems_sim_start(sim, err, sizeof err)) {
		fprintf(stderr, "hems-sim: %s\n", err);
		hems_sim_free(sim);
		return 1;
	}
	FILE *pf = NULL;
	char tmp[1024];
	if (ports_file) {
		snprintf(tmp, sizeof tmp, "%s.tmp", ports_file);
		pf = fopen(tmp, "w");
	}
	for (size_t i = 0; i < hems_sim_server_count(sim); i++) {
		printf("server %zu: 127.0.0.1:%d\n", i, hems_sim_port(sim, i));
		if (pf)
			fprintf(pf, "%d\n", hems_sim_port(sim, i));
	}
	fflush(stdout);
	if (pf) {
		fclose(pf);
		rename(tmp, ports_file); /* appears complete, at once */
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	double t0 = now_s();
	while (!quit && (duration <= 0 || now_s() - t0 < duration)) {
		double t = now_s() - t0;
		for (size_t i = 0; i < nf; i++) {
			if (faults[i].state == 0 && t >= faults[i].at) {
				hems_sim_set_fault(sim, faults[i].server, faults[i].unit, (sim_fault)faults[i].fault);
				faults[i].state = 1;
			} else if (faults[i].state == 1 && t >= faults[i].until) {
				hems_sim_set_fault(sim, faults[i].server, faults[i].unit, SIM_FAULT_NONE);
				faults[i].state = 2;
			}
		}
		struct timespec ts = {0, 20000000};
		nanosleep(&ts, NULL);
	}
	hems_sim_free(sim);
	return 0;
}
