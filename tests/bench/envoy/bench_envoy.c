/* Benchmark of the Envoy driver: JSON parsing throughput, and whole readings over HTTPS on
 * loopback against the simulator (first read with TLS handshake, kept-alive reads, first
 * read with the cloud token flow). Prints figures; asserts nothing. */
#define _POSIX_C_SOURCE 200809L
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ems/envoy.h"
#include "envoy_sim.h"

#ifndef HEMS_SOURCE_DIR
#define HEMS_SOURCE_DIR "."
#endif
#define FIX HEMS_SOURCE_DIR "/libemsmeter/tests/envoy/"

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "cannot open %s\n", path);
		exit(1);
	}
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *p = malloc((size_t)n + 1);
	if (!p || fread(p, 1, (size_t)n, f) != (size_t)n)
		exit(1);
	p[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return p;
}

static envoy_sim *sim(const char *name)
{
	char cert[512], key[512];
	snprintf(cert, sizeof cert, FIX "certs/%s.pem", name);
	snprintf(key, sizeof key, FIX "certs/%s.key", name);
	envoy_sim_options o;
	memset(&o, 0, sizeof o);
	o.cert_file = cert;
	o.key_file = key;
	o.username = "owner@example.com";
	o.password = "pw";
	o.serial = "122300000001";
	envoy_sim *s = envoy_sim_start(&o);
	if (!s)
		exit(1);
	return s;
}

int main(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	/* 1. parsing */
	size_t lp, lm, lr;
	char *prod = slurp(FIX "json/valid/production_3phase.json", &lp);
	char *met = slurp(FIX "json/valid/meters_3phase.json", &lm);
	char *rd = slurp(FIX "json/valid/readings_3phase.json", &lr);
	const int N = 20000;
	double t0 = now_s();
	for (int i = 0; i < N; i++) {
		ems_envoy_reading r;
		memset(&r, 0, sizeof r);
		if (ems_envoy_parse(EMS_ENVOY_DOC_PRODUCTION, prod, lp, &r, NULL) ||
		    ems_envoy_parse(EMS_ENVOY_DOC_METERS, met, lm, &r, NULL) ||
		    ems_envoy_parse(EMS_ENVOY_DOC_METER_READINGS, rd, lr, &r, NULL) ||
		    ems_envoy_reading_finish(&r))
			return 1;
	}
	double dt = now_s() - t0;
	printf("parse: %d readings (3 documents, %zu bytes each) in %.3f s: %.0f readings/s, "
	       "%.1f MB/s, %.1f us/reading\n",
	       N, lp + lm + lr, dt, N / dt, (double)N * (double)(lp + lm + lr) / dt / 1e6,
	       dt / N * 1e6);

	/* 2. readings over HTTPS on loopback */
	envoy_sim *gw = sim("gateway");
	char tok[1024], pin[128];
	envoy_sim_make_token((int64_t)time(NULL) + 86400, "122300000001", "bench", tok, sizeof tok);
	envoy_sim_accept_token(gw, tok);
	size_t lpin;
	char *p = slurp(FIX "certs/gateway.pin", &lpin);
	p[strcspn(p, "\r\n")] = '\0';
	snprintf(pin, sizeof pin, "%s", p);
	free(p);
	ems_envoy_options o = EMS_ENVOY_OPTIONS_INIT;
	o.host = "127.0.0.1";
	o.port = envoy_sim_port(gw);
	o.token = tok;
	o.pinned_pubkey = pin;
	ems_envoy *e;
	if (ems_envoy_new(&o, &e, NULL))
		return 1;
	ems_envoy_reading r;
	t0 = now_s();
	if (ems_envoy_read(e, &r))
		return 1;
	double first = now_s() - t0;
	unsigned hits0 = envoy_sim_hits(gw, NULL);
	const int M = 200;
	t0 = now_s();
	for (int i = 0; i < M; i++)
		if (ems_envoy_read(e, &r))
			return 1;
	dt = now_s() - t0;
	unsigned per = (envoy_sim_hits(gw, NULL) - hits0) / (unsigned)M;
	printf("read over HTTPS (loopback, simulator): first read (TLS handshake) %.1f ms; "
	       "kept-alive: %d reads in %.3f s = %.1f ms/read, %.0f reads/s, %u requests/read\n",
	       first * 1e3, M, dt, dt / M * 1e3, M / dt, per);
	ems_envoy_inverter inv[8];
	size_t n;
	t0 = now_s();
	for (int i = 0; i < M; i++)
		if (ems_envoy_read_inverters(e, inv, 8, &n))
			return 1;
	dt = now_s() - t0;
	printf("inverter list over HTTPS: %.2f ms/read\n", dt / M * 1e3);
	ems_envoy_free(e);

	/* 3. first read with the automatic token (two cloud requests, each a new TLS session) */
	envoy_sim *cloud = sim("cloud");
	envoy_sim_link_gateway(cloud, gw);
	char login[128], tokens[128];
	snprintf(login, sizeof login, "https://127.0.0.1:%u/login/login.json",
		 (unsigned)envoy_sim_port(cloud));
	snprintf(tokens, sizeof tokens, "https://127.0.0.1:%u/tokens",
		 (unsigned)envoy_sim_port(cloud));
	o.token = NULL;
	o.username = "owner@example.com";
	o.password = "pw";
	o.serial = "122300000001";
	o.login_url = login;
	o.token_url = tokens;
	o.cloud_ca_file = FIX "certs/ca.pem";
	if (ems_envoy_new(&o, &e, NULL))
		return 1;
	t0 = now_s();
	if (ems_envoy_read(e, &r))
		return 1;
	printf("first read with cloud login + token request: %.1f ms\n", (now_s() - t0) * 1e3);
	ems_envoy_free(e);
	envoy_sim_stop(cloud);
	envoy_sim_stop(gw);
	free(prod);
	free(met);
	free(rd);
	curl_global_cleanup();
	return 0;
}
