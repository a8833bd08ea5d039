/* bench_emsmeter: readings per second over Modbus TCP on loopback (1, 32, 247 devices),
 * requests per reading with and without coalescing, and bytes on the wire per poll
 * cycle against the RS485 budget at 19200 baud. Prints figures; asserts nothing. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "ems/ems.h"
#include "sim.h"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static char *sim_json(int n, const char *model)
{
	size_t cap = 128 + (size_t)n * 96;
	char *s = malloc(cap);
	int k = snprintf(s, cap, "{\"servers\": [{\"port\": 0, \"devices\": [");
	for (int u = 1; u <= n; u++)
		k += snprintf(s + k, cap - (size_t)k, "%s{\"unit\": %d, \"model\": \"%s\"}", u > 1 ? "," : "", u, model);
	snprintf(s + k, cap - (size_t)k, "]}]}");
	return s;
}

static char *inst_json(int n, const char *model, int port)
{
	size_t cap = 256 + (size_t)n * 128;
	char *s = malloc(cap);
	int k = snprintf(s, cap, "{\"buses\": [{\"id\": \"lan\", \"type\": \"tcp\", \"host\": \"127.0.0.1\", \"port\": %d}],"
			 " \"retries\": 0, \"devices\": [", port);
	for (int u = 1; u <= n; u++)
		k += snprintf(s + k, cap - (size_t)k, "%s{\"name\": \"m%d\", \"model\": \"%s\", \"bus\": \"lan\", \"address\": %d}",
			      u > 1 ? "," : "", u, model, u);
	snprintf(s + k, cap - (size_t)k, "]}");
	return s;
}

typedef struct result {
	double readings_per_s;
	double requests_per_reading;
	double tcp_bytes_per_cycle;
	double rtu_bytes_per_cycle;
	int ok;
} result;

static int run(int n, const char *model, int coalesce, double seconds, result *res)
{
	char err[512];
	char *sj = sim_json(n, model);
	hems_sim *sim = hems_sim_load_string(sj, NULL, err, sizeof err);
	free(sj);
	if (!sim || hems_sim_start(sim, err, sizeof err)) {
		fprintf(stderr, "bench: sim: %s\n", err);
		hems_sim_free(sim);
		return -1;
	}
	char *ij = inst_json(n, model, hems_sim_port(sim, 0));
	ems_installation_options o = EMS_INSTALLATION_OPTIONS_INIT;
	o.coalesce = coalesce;
	ems_installation *inst = NULL;
	ems_config_error ce;
	int rc = ems_installation_load_string(ij, "bench", &o, &inst, &ce);
	free(ij);
	if (rc) {
		fprintf(stderr, "bench: %s\n", ce.reason);
		hems_sim_free(sim);
		return -1;
	}
	/* warm-up cycle: connection */
	if (ems_installation_poll(inst, 1) != EMS_OK)
		return -1;
	ems_bus_stats b0;
	if (ems_installation_bus_stats(inst, 0, &b0) != EMS_OK)
		return -1;
	double t0 = now_s();
	int cycles = 0;
	int64_t t = 2;
	while (now_s() - t0 < seconds || cycles < 1) {
		if (ems_installation_poll(inst, t++) != EMS_OK)
			return -1;
		cycles++;
	}
	double el = now_s() - t0;
	ems_bus_stats b1;
	if (ems_installation_bus_stats(inst, 0, &b1) != EMS_OK)
		return -1;
	int ok = 0;
	for (size_t i = 0; i < ems_installation_device_count(inst); i++) {
		ems_reading r;
		if (ems_installation_reading(inst, i, &r) == EMS_OK && r.status == EMS_STATUS_OK)
			ok++;
	}
	double readings = (double)cycles * n;
	res->readings_per_s = readings / el;
	res->requests_per_reading = (double)(b1.requests - b0.requests) / readings;
	res->tcp_bytes_per_cycle = (double)(b1.tx_bytes + b1.rx_bytes - b0.tx_bytes - b0.rx_bytes) / cycles;
	res->rtu_bytes_per_cycle = (double)(b1.rtu_bytes - b0.rtu_bytes) / cycles;
	res->ok = ok;
	ems_installation_free(inst);
	hems_sim_free(sim);
	return 0;
}

int main(int argc, char **argv)
{
	double seconds = argc > 1 ? atof(argv[1]) : 2.0;
	if (!(seconds > 0))
		seconds = 2.0;
	printf("bench_emsmeter (libemsmeter %s), %.1f s per figure, hems-sim in-process on 127.0.0.1\n\n",
	       ems_version_string(), seconds);
	printf("1. Readings per second, Modbus TCP loopback, eastron-sdm630 (28 quantities), coalescing on\n");
	static const int ns[] = {1, 32, 247};
	for (size_t i = 0; i < 3; i++) {
		result r;
		if (run(ns[i], "eastron-sdm630", 1, seconds, &r))
			return 1;
		printf("   %3d devices: %9.0f readings/s  (%d/%d devices ok)\n", ns[i], r.readings_per_s, r.ok, ns[i]);
	}
	printf("\n2. Requests per reading, with and without coalescing (one device)\n");
	static const char *const models[] = {"eastron-sdm630", "eastron-sdm120", "hager-ecr380d", "carlogavazzi-em24",
					     "abb-b23", "phoenix-ev-eth"};
	for (size_t i = 0; i < sizeof models / sizeof models[0]; i++) {
		result with, without;
		if (run(1, models[i], 1, seconds / 4, &with) || run(1, models[i], 0, seconds / 4, &without))
			return 1;
		printf("   %-18s %5.1f coalesced   %5.1f one per field   (%.0f vs %.0f readings/s)\n", models[i],
		       with.requests_per_reading, without.requests_per_reading, with.readings_per_s,
		       without.readings_per_s);
	}
	printf("\n3. Bytes on the wire per poll cycle, 32 devices, vs the RS485 budget at 19200 baud 8E1\n");
	for (int c = 1; c >= 0; c--) {
		result r;
		if (run(32, "eastron-sdm630", c, seconds / 4, &r))
			return 1;
		/* 11 bits per character (start, 8 data, parity, stop) and 3.5 characters of
		 * silence before each frame (request and answer) */
		double chars_per_s = 19200.0 / 11.0;
		double frames = 2.0 * r.requests_per_reading * 32;
		double wire_s = (r.rtu_bytes_per_cycle + frames * 3.5) / chars_per_s;
		printf("   %-13s TCP %7.0f B/cycle; as RTU %7.0f B/cycle = %.2f s of line time per cycle "
		       "(>= %.2f s between two readings of a device, without slave turnaround)\n",
		       c ? "coalesced:" : "uncoalesced:", r.tcp_bytes_per_cycle, r.rtu_bytes_per_cycle, wire_s, wire_s);
	}
	return 0;
}
