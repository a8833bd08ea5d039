/* meterpoll: poll an installation and print one reading per device and poll.
 * See docs/man/meterpoll.md. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <modbus.h>
#include "ems/ems.h"

static volatile sig_atomic_t quit;

static void on_signal(int sig)
{
	(void)sig;
	quit = 1;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: meterpoll --config FILE [--once | --interval S] [--json] [--count N]\n"
		   "                 [--maps DIR] [--serve-modbus PORT] [--no-coalesce]\n");
}

/* --- --serve-modbus: every current reading as a Modbus TCP server ------------- */

#define SERVE_STATUS_REG 1000

typedef struct server {
	ems_installation *inst;
	pthread_mutex_t lock;
	ems_reading *snap;
	uint32_t *fails;
	size_t n;
	modbus_t *ctx;
	int listen_fd;
	int port;
	pthread_t thread;
	volatile int stop;
} server;

static void fill_mapping(server *s, int unit, modbus_mapping_t *m)
{
	memset(m->tab_registers, 0, (size_t)m->nb_registers * 2);
	if (unit < 1 || (size_t)unit > s->n)
		return;
	const ems_reading *r = &s->snap[unit - 1];
	for (int q = 0; q < EMS_Q_COUNT; q++) {
		uint16_t *w = m->tab_registers + 2 * q;
		if (r->provided[q]) {
			if (ems_encode(r->value[q], EMS_TYPE_FLOAT32, EMS_ORDER_ABCD, w, 2) != EMS_OK)
				w[0] = 0x7FC0, w[1] = 0;
		} else {
			w[0] = 0x7FC0; /* NaN: not provided */
			w[1] = 0;
		}
	}
	uint16_t *st = m->tab_registers + SERVE_STATUS_REG;
	st[0] = (uint16_t)r->status;
	st[1] = (uint16_t)((uint64_t)r->time >> 16);
	st[2] = (uint16_t)r->time;
	st[3] = (uint16_t)(s->fails[unit - 1] > 0xFFFF ? 0xFFFF : s->fails[unit - 1]);
	memcpy(m->tab_input_registers, m->tab_registers, (size_t)m->nb_registers * 2);
}

static void *serve(void *arg)
{
	server *s = arg;
	modbus_mapping_t *m = modbus_mapping_new(0, 0, SERVE_STATUS_REG + 4, SERVE_STATUS_REG + 4);
	if (!m)
		return NULL;
	int clients[32];
	int nc = 0;
	uint8_t q[MODBUS_TCP_MAX_ADU_LENGTH];
	while (!s->stop) {
		fd_set rd;
		FD_ZERO(&rd);
		FD_SET(s->listen_fd, &rd);
		int maxfd = s->listen_fd;
		for (int i = 0; i < nc; i++) {
			FD_SET(clients[i], &rd);
			if (clients[i] > maxfd)
				maxfd = clients[i];
		}
		struct timeval tv = {0, 100000};
		if (select(maxfd + 1, &rd, NULL, NULL, &tv) <= 0)
			continue;
		if (FD_ISSET(s->listen_fd, &rd)) {
			int fd = accept(s->listen_fd, NULL, NULL);
			if (fd >= 0 && nc < 32)
				clients[nc++] = fd;
			else if (fd >= 0)
				close(fd);
		}
		for (int i = 0; i < nc; i++) {
			if (!FD_ISSET(clients[i], &rd))
				continue;
			modbus_set_socket(s->ctx, clients[i]);
			int rc = modbus_receive(s->ctx, q);
			if (rc > 0) {
				int unit = q[6];
				pthread_mutex_lock(&s->lock);
				if (unit >= 1 && (size_t)unit <= s->n) {
					fill_mapping(s, unit, m);
					pthread_mutex_unlock(&s->lock);
					/* read-only: writes are refused */
					if (q[7] == 3 || q[7] == 4)
						modbus_reply(s->ctx, q, rc, m);
					else
						modbus_reply_exception(s->ctx, q, MODBUS_EXCEPTION_ILLEGAL_FUNCTION);
				} else {
					pthread_mutex_unlock(&s->lock);
					modbus_reply_exception(s->ctx, q, MODBUS_EXCEPTION_GATEWAY_TARGET);
				}
			} else if (rc < 0) {
				close(clients[i]);
				clients[i--] = clients[--nc];
			}
		}
	}
	for (int i = 0; i < nc; i++)
		close(clients[i]);
	modbus_mapping_free(m);
	return NULL;
}

static int server_start(server *s, ems_installation *inst, int port)
{
	s->inst = inst;
	s->n = ems_installation_device_count(inst);
	if (s->n > 247) {
		fprintf(stderr, "meterpoll: --serve-modbus serves at most 247 devices (unit ids 1..247)\n");
		return -1;
	}
	s->snap = calloc(s->n, sizeof *s->snap);
	s->fails = calloc(s->n, sizeof *s->fails);
	if (!s->snap || !s->fails)
		return -1;
	for (size_t i = 0; i < s->n; i++)
		ems_reading_clear(&s->snap[i]);
	pthread_mutex_init(&s->lock, NULL);
	s->ctx = modbus_new_tcp("127.0.0.1", port);
	if (!s->ctx)
		return -1;
	s->listen_fd = modbus_tcp_listen(s->ctx, 8);
	if (s->listen_fd < 0) {
		fprintf(stderr, "meterpoll: --serve-modbus %d: %s\n", port, modbus_strerror(errno));
		return -1;
	}
	struct sockaddr_in sa;
	socklen_t sl = sizeof sa;
	s->port = getsockname(s->listen_fd, (struct sockaddr *)&sa, &sl) == 0 ? ntohs(sa.sin_port) : port;
	fprintf(stderr, "meterpoll: serving readings as Modbus TCP on 127.0.0.1:%d\n", s->port);
	return pthread_create(&s->thread, NULL, serve, s) ? -1 : 0;
}

static void server_update(server *s)
{
	pthread_mutex_lock(&s->lock);
	for (size_t i = 0; i < s->n; i++) {
		ems_device_stats st;
		if (ems_installation_reading(s->inst, i, &s->snap[i]) != EMS_OK)
			ems_reading_clear(&s->snap[i]);
		if (ems_installation_device_stats(s->inst, i, &st) == EMS_OK)
			s->fails[i] = st.consecutive_failures;
	}
	pthread_mutex_unlock(&s->lock);
}

static void server_stop(server *s)
{
	if (!s->ctx)
		return;
	s->stop = 1;
	pthread_join(s->thread, NULL);
	close(s->listen_fd);
	modbus_free(s->ctx);
	free(s->snap);
	free(s->fails);
	pthread_mutex_destroy(&s->lock);
}

/* --- output ------------------------------------------------------------------- */

static void print_device(const ems_installation *inst, size_t i, int json)
{
	ems_reading r;
	ems_device_stats st;
	if (ems_installation_reading(inst, i, &r) || ems_installation_device_stats(inst, i, &st))
		return;
	const char *err = r.status == EMS_STATUS_COMM_ERROR ? st.last_error_text : NULL;
	if (json) {
		char buf[8192];
		int n = ems_reading_to_json(&r, ems_installation_device_name(inst, i), err, buf, sizeof buf);
		if (n > 0 && (size_t)n < sizeof buf)
			puts(buf);
		return;
	}
	printf("%-16s %-10s", ems_installation_device_name(inst, i), ems_status_name(r.status));
	for (int q = 0; q < EMS_Q_COUNT; q++) {
		double v;
		if (ems_reading_get(&r, (ems_quantity)q, &v) == EMS_OK)
			printf(" %s=%g%s", ems_quantity_name((ems_quantity)q), v, ems_quantity_unit((ems_quantity)q));
	}
	if (err)
		printf(" error=\"%s\"", err);
	putchar('\n');
}

int main(int argc, char **argv)
{
	const char *config = NULL;
	ems_installation_options opts = EMS_INSTALLATION_OPTIONS_INIT;
	int once = 0, json = 0, serve_port = -1;
	double interval = 5;
	long count = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		char *end = NULL;
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(a, "--config") && v) {
			config = v, i++;
		} else if (!strcmp(a, "--once")) {
			once = 1;
		} else if (!strcmp(a, "--json")) {
			json = 1;
		} else if (!strcmp(a, "--no-coalesce")) {
			opts.coalesce = 0;
		} else if (!strcmp(a, "--interval") && v) {
			interval = strtod(v, &end), i++;
			if (*end || !(interval > 0) || interval > 86400) {
				fprintf(stderr, "meterpoll: --interval needs seconds (0 < S <= 86400)\n");
				return 2;
			}
		} else if (!strcmp(a, "--count") && v) {
			count = strtol(v, &end, 10), i++;
			if (*end || count < 1) {
				fprintf(stderr, "meterpoll: --count needs a positive number\n");
				return 2;
			}
		} else if (!strcmp(a, "--maps") && v) {
			opts.maps_dir = v, i++;
		} else if (!strcmp(a, "--serve-modbus") && v) {
			long p = strtol(v, &end, 10);
			i++;
			if (*end || p < 0 || p > 65535) {
				fprintf(stderr, "meterpoll: --serve-modbus needs a TCP port (0: any free port)\n");
				return 2;
			}
			serve_port = (int)p;
		} else {
			usage(stderr);
			return 2;
		}
	}
	if (!config) {
		usage(stderr);
		return 2;
	}
	ems_installation *inst = NULL;
	ems_config_error err;
	int rc = ems_installation_load_file(config, &opts, &inst, &err);
	if (rc) {
		char msg[1024];
		ems_config_error_format(&err, msg, sizeof msg);
		fprintf(stderr, "meterpoll: %s\n", msg);
		return 1;
	}
	server srv;
	memset(&srv, 0, sizeof srv);
	if (serve_port >= 0 && server_start(&srv, inst, serve_port)) {
		ems_installation_free(inst);
		return 1;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	long done = 0;
	while (!quit) {
		struct timespec t0;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (ems_installation_poll(inst, (int64_t)time(NULL)) != EMS_OK)
			break;
		for (size_t i = 0; i < ems_installation_device_count(inst); i++)
			print_device(inst, i, json);
		fflush(stdout);
		if (srv.ctx)
			server_update(&srv);
		done++;
		if (once || (count && done >= count))
			break;
		/* sleep the rest of the interval, waking for signals */
		for (;;) {
			struct timespec t1;
			clock_gettime(CLOCK_MONOTONIC, &t1);
			double el = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
			if (quit || el >= interval)
				break;
			double left = interval - el;
			if (left > 0.1)
				left = 0.1;
			struct timespec ts = {0, (long)(left * 1e9)};
			nanosleep(&ts, NULL);
		}
	}
	server_stop(&srv);
	ems_installation_free(inst);
	return 0;
}
