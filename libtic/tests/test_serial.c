/* Suite "serial": the serial layer through a pseudo-terminal (termios path), with
 * timeouts, mode detection and a disconnected adapter. Every wait is bounded. */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "hems_check.h"
#include "tic_tests.h"
#include "tic/serial.h"

static int master = -1;
static char slave_name[128];

static void pty_open(void)
{
	master = posix_openpt(O_RDWR | O_NOCTTY);
	ck_assert_int_ge(master, 0);
	ck_assert_int_eq(grantpt(master), 0);
	ck_assert_int_eq(unlockpt(master), 0);
	const char *n = ptsname(master);
	ck_assert_ptr_nonnull(n);
	strncpy(slave_name, n, sizeof slave_name - 1);
}

static size_t frame(tic_mode mode, char *out, size_t cap)
{
	tic_field hist[] = {{"ADCO", NULL, "021861348497"}, {"IINST", NULL, "012"},
			    {"PAPP", NULL, "02850"}};
	tic_field std[] = {{"ADSC", NULL, "041776199277"}, {"DATE", "H200214230804", ""},
			   {"SINSTS", NULL, "02700"}};
	size_t n;
	ck_assert_int_eq(tic_encode_frame(mode, mode == TIC_MODE_STANDARD ? std : hist, 3, 0, out, cap, &n), 0);
	return n;
}

static void write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t k = write(fd, p, n);
		ck_assert_int_gt(k, 0);
		p += k;
		n -= (size_t)k;
	}
}

START_TEST(read_frames_through_pty)
{
	pty_open();
	tic_serial *port;
	ck_assert_int_eq(tic_serial_open(&port, slave_name, TIC_MODE_STANDARD), 0);
	ck_assert_int_ge(tic_serial_fd(port), 0);
	ck_assert_int_eq(tic_serial_mode(port), TIC_MODE_STANDARD);
	char buf[512];
	size_t n = frame(TIC_MODE_STANDARD, buf, sizeof buf);
	write_all(master, buf, n);
	write_all(master, buf, n);
	tic_decoder dec;
	tic_meter m;
	ck_assert_int_eq(tic_decoder_init(&dec, NULL), 0);
	ck_assert_int_eq(tic_meter_init(&m), 0);
	int frames = 0;
	for (int tries = 0; tries < 50 && frames < 2; tries++) {
		unsigned char in[64];
		size_t got;
		int r = tic_serial_read(port, in, sizeof in, 2000, &got);
		ck_assert_int_eq(r, 0);
		ck_assert_uint_gt(got, 0);
		frames += tic_meter_feed(&m, &dec, in, got, 42);
	}
	ck_assert_int_eq(frames, 2);
	tic_reading rd;
	ck_assert_int_eq(tic_meter_reading(&m, &rd), 0);
	ck_assert_str_eq(rd.meter_id, "041776199277");
	ck_assert_int_eq(rd.apparent_power_va, 2700);
	/* nothing more: a bounded wait */
	unsigned char in[16];
	size_t got = 99;
	ck_assert_int_eq(tic_serial_read(port, in, sizeof in, 50, &got), TIC_ETIMEDOUT);
	ck_assert_uint_eq(got, 0);
	ck_assert_int_eq(tic_serial_read(port, in, sizeof in, 0, &got), TIC_ETIMEDOUT);
	tic_serial_close(port);
	close(master);
}
END_TEST

/* The adapter goes away (the pty master closes): reads fail at once, no hang. */
START_TEST(disconnected_adapter)
{
	pty_open();
	tic_serial *port;
	ck_assert_int_eq(tic_serial_open(&port, slave_name, TIC_MODE_HISTORIC), 0);
	char buf[256];
	size_t n = frame(TIC_MODE_HISTORIC, buf, sizeof buf);
	write_all(master, buf, n);
	unsigned char in[512];
	size_t got;
	ck_assert_int_eq(tic_serial_read(port, in, sizeof in, 2000, &got), 0);
	close(master);
	int r = 0;
	/* data still buffered may come first; then the disconnection */
	for (int i = 0; i < 10; i++) {
		r = tic_serial_read(port, in, sizeof in, 2000, &got);
		if (r != 0)
			break;
	}
	ck_assert_int_eq(r, TIC_EDISCONNECTED);
	ck_assert_int_eq(tic_serial_read(port, in, sizeof in, 2000, &got), TIC_EDISCONNECTED);
	tic_serial_close(port);
}
END_TEST

/* A thread plays a historic meter for a bounded time; detection finds the mode. */
static volatile int writer_stop;

static void *writer(void *arg)
{
	(void)arg;
	char buf[256];
	tic_field hist[] = {{"ADCO", NULL, "021861348497"}, {"IINST", NULL, "012"},
			    {"PAPP", NULL, "02850"}};
	size_t n = 0;
	if (tic_encode_frame(TIC_MODE_HISTORIC, hist, 3, 0, buf, sizeof buf, &n) != 0)
		return NULL;
	for (int i = 0; i < 60 && !writer_stop; i++) { /* at most 3 s */
		if (write(master, buf, n) < 0)
			break;
		struct timespec ts = {0, 50000000L};
		nanosleep(&ts, NULL);
	}
	return NULL;
}

START_TEST(detect_mode)
{
	pty_open();
	tic_serial *port;
	ck_assert_int_eq(tic_serial_open(&port, slave_name, TIC_MODE_AUTO), 0);
	pthread_t th;
	writer_stop = 0;
	ck_assert_int_eq(pthread_create(&th, NULL, writer, NULL), 0);
	tic_mode found = TIC_MODE_AUTO;
	int r = tic_serial_detect(port, 2000, &found);
	writer_stop = 1;
	pthread_join(th, NULL);
	ck_assert_int_eq(r, 0);
	ck_assert_int_eq(found, TIC_MODE_HISTORIC);
	ck_assert_int_eq(tic_serial_mode(port), TIC_MODE_HISTORIC);
	/* silence at both speeds: a timeout, not a hang */
	ck_assert_int_eq(tic_serial_detect(port, 100, &found), TIC_ETIMEDOUT);
	tic_serial_close(port);
	close(master);
}
END_TEST

START_TEST(errors)
{
	tic_serial *port = (tic_serial *)1;
	ck_assert_int_eq(tic_serial_open(&port, NULL, TIC_MODE_AUTO), TIC_EINVAL);
	ck_assert_ptr_null(port);
	ck_assert_int_eq(tic_serial_open(NULL, "/dev/null", TIC_MODE_AUTO), TIC_EINVAL);
	ck_assert_int_eq(tic_serial_open(&port, "/nonexistent/ttyUSB9", TIC_MODE_AUTO), TIC_EIO);
	ck_assert_int_eq(tic_serial_open(&port, "/etc/hostname", TIC_MODE_AUTO), TIC_EINVAL);
	ck_assert_int_eq(tic_serial_open(&port, "/dev/null", (tic_mode)9), TIC_EINVAL);
	/* /dev/null is a character device but not a terminal */
	ck_assert_int_eq(tic_serial_open(&port, "/dev/null", TIC_MODE_AUTO), TIC_EIO);
	tic_serial_close(NULL);
	size_t got;
	char b[4];
	ck_assert_int_eq(tic_serial_read(NULL, b, 4, 0, &got), TIC_EINVAL);
	ck_assert_int_eq(tic_serial_set_mode(NULL, TIC_MODE_HISTORIC), TIC_EINVAL);
	ck_assert_int_eq(tic_serial_detect(NULL, 10, NULL), TIC_EINVAL);
	ck_assert_int_eq(tic_serial_mode(NULL), TIC_MODE_AUTO);
	ck_assert_int_eq(tic_serial_fd(NULL), -1);
	char names[4096];
	size_t count = 7;
	int r = tic_serial_list(names, sizeof names, &count);
	ck_assert(r == 0 || r == TIC_ENOSPC || r == TIC_EIO);
	ck_assert_int_eq(tic_serial_list(NULL, 10, &count), TIC_EINVAL);
}
END_TEST

Suite *tic_serial_suite(void)
{
	Suite *s = suite_create("serial");
	TCase *tc = tcase_create("pty");
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, read_frames_through_pty);
	tcase_add_test(tc, disconnected_adapter);
	tcase_add_test(tc, detect_mode);
	tcase_add_test(tc, errors);
	suite_add_tcase(s, tc);
	return s;
}
