/* bench_tic: libtic decoder throughput (not a test; prints figures).
 *
 * usage: bench_tic [--mib N] [--mode historic|standard] [--once [--bytewise]] [CORPUS_DIR]
 *   Builds, per mode, a stream from every clean capture of that mode in the corpus
 *   (tic/hist_* or tic/std_*, cooked-tty captures excluded) repeated to N MiB
 *   (default 64), decodes it with a dataset callback that touches each value, and
 *   prints MiB/s, frames/s and datasets/s (best of 5 runs), plus one-byte-at-a-time
 *   feeding and the decoder's size.
 *   --once decodes each stream once (for callgrind):
 *     valgrind --tool=callgrind --toggle-collect=tic_decoder_feed \
 *       build-bench/tests/bench/bench_tic --mib 4 --once
 *   then instructions/byte = Ir of the run / (4 * 1048576) per mode (bench_tic
 *   prints the byte count; run once per --mode for one figure each).
 *   --bytewise (with --once) feeds that stream one byte per tic_decoder_feed()
 *   call instead, for the instructions/byte of the UART-interrupt pattern. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "tic/tic.h"

struct sink {
	unsigned long datasets, frames;
	unsigned acc;
};

static int on_dataset(void *user, const tic_dataset *ds)
{
	struct sink *s = user;
	s->datasets++;
	s->acc += (unsigned char)ds->value[0] + (unsigned)ds->value_len;
	return 0;
}

static int on_frame_end(void *user, const tic_frame *f)
{
	struct sink *s = user;
	s->frames += f->status == TIC_FRAME_COMPLETE;
	return 0;
}

static const tic_callbacks cb = {NULL, on_dataset, NULL, on_frame_end};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static unsigned char *load_mode(const char *dir, const char *prefix, size_t target, size_t *len)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/tic", dir);
	DIR *d = opendir(path);
	if (!d) {
		fprintf(stderr, "bench_tic: cannot open %s\n", path);
		exit(1);
	}
	unsigned char *one = NULL;
	size_t n1 = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, prefix, strlen(prefix)) != 0 || strstr(e->d_name, "cooked"))
			continue;
		snprintf(path, sizeof path, "%s/tic/%s", dir, e->d_name);
		FILE *f = fopen(path, "rb");
		if (!f)
			continue;
		unsigned char buf[65536];
		size_t k = fread(buf, 1, sizeof buf, f);
		fclose(f);
		one = realloc(one, n1 + k);
		if (!one)
			exit(1);
		memcpy(one + n1, buf, k);
		n1 += k;
	}
	closedir(d);
	if (!n1) {
		fprintf(stderr, "bench_tic: no %s* capture\n", prefix);
		exit(1);
	}
	unsigned char *out = malloc(target);
	if (!out)
		exit(1);
	for (size_t off = 0; off < target; off += n1)
		memcpy(out + off, one, target - off < n1 ? target - off : n1);
	free(one);
	*len = target;
	return out;
}

static void run(const char *name, tic_mode mode, const unsigned char *buf, size_t len, int once,
		int bytewise)
{
	tic_decoder_options o = TIC_DECODER_OPTIONS_INIT;
	o.mode = mode;
	tic_decoder dec;
	struct sink s;
	double best = 1e9;
	int runs = once ? 1 : 5;
	for (int r = 0; r < runs; r++) {
		memset(&s, 0, sizeof s);
		if (tic_decoder_init(&dec, &o) != 0)
			exit(1);
		double t0 = now();
		size_t used = 0;
		if (bytewise)
			for (size_t i = 0; i < len; i++)
				used += tic_decoder_feed(&dec, buf + i, 1, &cb, &s);
		else
			used = tic_decoder_feed(&dec, buf, len, &cb, &s);
		double t = now() - t0;
		if (used != len)
			exit(1);
		if (t < best)
			best = t;
	}
	double mib = (double)len / 1048576.0;
	printf("%-9s %8.1f MiB/s  %10.0f frames/s  %11.0f datasets/s  (%zu bytes, %lu frames, "
	       "%lu datasets, %u invalid, best of %d)\n",
	       name, mib / best, (double)s.frames / best, (double)s.datasets / best, len, s.frames,
	       s.datasets,
	       dec.counters.datasets_bad_checksum + dec.counters.datasets_bad_value +
		       dec.counters.datasets_malformed,
	       runs);
	if (once)
		return;
	/* the same stream, one byte per call (the MCU UART-interrupt pattern), 8 MiB */
	size_t small = len < 8u * 1048576u ? len : 8u * 1048576u;
	if (tic_decoder_init(&dec, &o) != 0)
		exit(1);
	memset(&s, 0, sizeof s);
	double t0 = now();
	for (size_t i = 0; i < small; i++)
		tic_decoder_feed(&dec, buf + i, 1, &cb, &s);
	double t = now() - t0;
	printf("%-9s %8.1f MiB/s  one byte per tic_decoder_feed() call\n", name,
	       (double)small / 1048576.0 / t);
}

int main(int argc, char **argv)
{
	size_t mib = 64;
	int once = 0, bytewise = 0;
	const char *only = NULL;
	const char *dir = HEMS_CORPUS_DIR;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--mib") && i + 1 < argc)
			mib = (size_t)strtoul(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--mode") && i + 1 < argc)
			only = argv[++i];
		else if (!strcmp(argv[i], "--once"))
			once = 1;
		else if (!strcmp(argv[i], "--bytewise"))
			bytewise = 1;
		else
			dir = argv[i];
	}
	if (mib == 0)
		mib = 1;
	printf("libtic %s: sizeof(tic_decoder) = %zu bytes (TIC_GROUP_MAX %d), "
	       "sizeof(tic_meter) = %zu bytes\n",
	       tic_version_string(), tic_decoder_size(), TIC_GROUP_MAX, sizeof(tic_meter));
	static const struct {
		const char *name, *prefix;
		tic_mode mode;
	} modes[] = {{"historic", "hist_", TIC_MODE_HISTORIC}, {"standard", "std_", TIC_MODE_STANDARD}};
	for (size_t m = 0; m < 2; m++) {
		if (only && strcmp(only, modes[m].name) != 0)
			continue;
		size_t len;
		unsigned char *buf = load_mode(dir, modes[m].prefix, mib * 1048576u, &len);
		run(modes[m].name, modes[m].mode, buf, len, once, once && bytewise);
		if (!once) {
			char label[32];
			snprintf(label, sizeof label, "%.4s-auto", modes[m].name);
			run(label, TIC_MODE_AUTO, buf, len, 1, 0);
		}
		free(buf);
	}
	return 0;
}
