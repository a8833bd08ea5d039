/* libtic: serial I/O (libserialport for real adapters, termios for other character
 * devices such as ptys). Not part of the core: built with HEMS_BUILD_TIC_SERIAL. */
#define _DEFAULT_SOURCE /* cfmakeraw */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <libserialport.h>
#include "tic/serial.h"
#include "tic/decoder.h"

struct tic_serial {
	struct sp_port *sp; /* NULL on the termios path */
	int fd;
	tic_mode mode;
};

static int baud_of(tic_mode mode)
{
	return mode == TIC_MODE_HISTORIC || mode == TIC_MODE_PMEPMI ? 1200 : 9600;
}

static int configure_sp(struct sp_port *sp, int baud)
{
	if (sp_set_baudrate(sp, baud) != SP_OK || sp_set_bits(sp, 7) != SP_OK ||
	    sp_set_parity(sp, SP_PARITY_EVEN) != SP_OK || sp_set_stopbits(sp, 1) != SP_OK ||
	    sp_set_flowcontrol(sp, SP_FLOWCONTROL_NONE) != SP_OK)
		return TIC_EIO;
	return 0;
}

static int configure_termios(int fd, int baud)
{
	struct termios t;
	if (tcgetattr(fd, &t) != 0)
		return TIC_EIO;
	cfmakeraw(&t);
	t.c_cflag &= ~(tcflag_t)(CSIZE | PARODD | CSTOPB | CRTSCTS);
	t.c_cflag |= CS7 | PARENB | CLOCAL | CREAD;
	t.c_iflag &= ~(tcflag_t)(IXON | IXOFF | IXANY | ISTRIP | ICRNL | INLCR | IGNCR);
	t.c_cc[VMIN] = 0;
	t.c_cc[VTIME] = 0;
	speed_t sp = baud == 1200 ? B1200 : B9600;
	if (cfsetispeed(&t, sp) != 0 || cfsetospeed(&t, sp) != 0)
		return TIC_EIO;
	if (tcsetattr(fd, TCSANOW, &t) == 0)
		return 0;
	/* A pseudo-terminal has no line: Linux keeps it at CS8 without parity and refuses
	 * a later 7E1 request with EINVAL. 8N1 is equivalent there (the decoder ignores
	 * bit 7), so fall back to it. */
	t.c_cflag &= ~(tcflag_t)(CSIZE | PARENB);
	t.c_cflag |= CS8;
	return tcsetattr(fd, TCSANOW, &t) == 0 ? 0 : TIC_EIO;
}

int tic_serial_open(tic_serial **out, const char *device, tic_mode mode)
{
	if (out)
		*out = NULL;
	if (!out || !device || (unsigned)mode > (unsigned)TIC_MODE_PMEPMI)
		return TIC_EINVAL;
	tic_serial *s = calloc(1, sizeof *s);
	if (!s)
		return TIC_EIO;
	s->fd = -1;
	s->mode = mode;
	struct sp_port *sp = NULL;
	if (sp_get_port_by_name(device, &sp) == SP_OK && sp_open(sp, SP_MODE_READ) == SP_OK) {
		s->sp = sp;
		if (configure_sp(sp, baud_of(mode)) != 0 ||
		    sp_get_port_handle(sp, &s->fd) != SP_OK) {
			tic_serial_close(s);
			return TIC_EIO;
		}
	} else {
		if (sp)
			sp_free_port(sp);
		/* Not a port libserialport knows (a pty): plain termios on a character device. */
		struct stat st;
		if (stat(device, &st) != 0) {
			free(s);
			return TIC_EIO;
		}
		if (!S_ISCHR(st.st_mode)) {
			free(s);
			return TIC_EINVAL;
		}
		s->fd = open(device, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
		if (s->fd < 0 || configure_termios(s->fd, baud_of(mode)) != 0) {
			int e = errno;
			tic_serial_close(s);
			errno = e;
			return TIC_EIO;
		}
	}
	*out = s;
	return 0;
}

int tic_serial_set_mode(tic_serial *s, tic_mode mode)
{
	if (!s || (unsigned)mode > (unsigned)TIC_MODE_PMEPMI)
		return TIC_EINVAL;
	int r = s->sp ? configure_sp(s->sp, baud_of(mode)) : configure_termios(s->fd, baud_of(mode));
	if (r)
		return r;
	if (s->sp)
		sp_flush(s->sp, SP_BUF_INPUT);
	else
		tcflush(s->fd, TCIFLUSH);
	s->mode = mode;
	return 0;
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int tic_serial_read(tic_serial *s, void *buf, size_t cap, int timeout_ms, size_t *got)
{
	if (got)
		*got = 0;
	if (!s || !buf || !cap || !got || timeout_ms < 0)
		return TIC_EINVAL;
	int64_t deadline = now_ms() + timeout_ms;
	for (;;) {
		struct pollfd p = {s->fd, POLLIN, 0};
		int64_t left = deadline - now_ms();
		if (left < 0)
			left = 0;
		int n = poll(&p, 1, (int)left);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return TIC_EIO;
		}
		if (n == 0)
			return TIC_ETIMEDOUT;
		if (p.revents & POLLNVAL)
			return TIC_EIO;
		ssize_t k = read(s->fd, buf, cap);
		if (k > 0) {
			*got = (size_t)k;
			return 0;
		}
		if (k == 0)
			return TIC_EDISCONNECTED; /* readable but end of file: the device is gone */
		if (errno == EINTR || errno == EAGAIN)
			continue;
		if (errno == EIO || errno == ENXIO || errno == ENODEV)
			return TIC_EDISCONNECTED;
		return TIC_EIO;
	}
}

static int stop_on_valid(void *user, const tic_dataset *ds)
{
	(void)ds;
	*(int *)user = 1;
	return 1;
}

int tic_serial_detect(tic_serial *s, int timeout_ms, tic_mode *found)
{
	static const tic_callbacks cb = {NULL, stop_on_valid, NULL, NULL};
	static const tic_mode order[2] = {TIC_MODE_STANDARD, TIC_MODE_HISTORIC};
	if (!s || !found || timeout_ms < 0)
		return TIC_EINVAL;
	for (int i = 0; i < 2; i++) {
		int r = tic_serial_set_mode(s, order[i]);
		if (r)
			return r;
		tic_decoder dec;
		r = tic_decoder_init(&dec, NULL);
		if (r)
			return r;
		int64_t deadline = now_ms() + timeout_ms;
		int valid = 0;
		while (!valid) {
			unsigned char buf[256];
			size_t got;
			int64_t left = deadline - now_ms();
			if (left <= 0)
				break;
			r = tic_serial_read(s, buf, sizeof buf, (int)left, &got);
			if (r == TIC_ETIMEDOUT)
				break;
			if (r)
				return r;
			(void)tic_decoder_feed(&dec, buf, got, &cb, &valid);
		}
		if (valid) {
			tic_mode m = tic_decoder_mode(&dec);
			if (m != order[i] && (r = tic_serial_set_mode(s, m)) != 0)
				return r;
			*found = m;
			return 0;
		}
	}
	return TIC_ETIMEDOUT;
}

tic_mode tic_serial_mode(const tic_serial *s)
{
	return s ? s->mode : TIC_MODE_AUTO;
}

int tic_serial_fd(const tic_serial *s)
{
	return s ? s->fd : -1;
}

void tic_serial_close(tic_serial *s)
{
	if (!s)
		return;
	if (s->sp) {
		sp_close(s->sp);
		sp_free_port(s->sp);
	} else if (s->fd >= 0) {
		close(s->fd);
	}
	free(s);
}

int tic_serial_list(char *names, size_t cap, size_t *count)
{
	if (count)
		*count = 0;
	if (!names || cap == 0)
		return TIC_EINVAL;
	names[0] = '\0';
	struct sp_port **ports = NULL;
	if (sp_list_ports(&ports) != SP_OK)
		return TIC_EIO;
	size_t used = 0, n = 0;
	int r = 0;
	for (size_t i = 0; ports[i]; i++) {
		const char *name = sp_get_port_name(ports[i]);
		size_t l = strlen(name);
		if (used + l + 2 > cap) {
			r = TIC_ENOSPC;
			break;
		}
		memcpy(names + used, name, l);
		used += l;
		names[used++] = '\n';
		names[used] = '\0';
		n++;
	}
	sp_free_port_list(ports);
	if (count)
		*count = n;
	return r;
}
