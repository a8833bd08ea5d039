/* ticdump: decode a TIC stream (file, stdin or serial port) and print its frames.
 * See docs/man/ticdump.md. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tic/tic.h"
#ifdef TIC_HAVE_SERIAL
#include "tic/serial.h"
#endif

struct opts {
	tic_mode mode;
	int json, decode, keep_invalid, stats, cooked;
	const char *port, *file;
};

/* A growing string: the current frame's datasets, printed at its end. */
struct sbuf {
	char *p;
	size_t len, cap;
};

static void sb_put(struct sbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (b->len + n + 1 > cap)
			cap *= 2;
		char *np = realloc(b->p, cap);
		if (!np) {
			fprintf(stderr, "ticdump: out of memory\n");
			exit(1);
		}
		b->p = np;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void sb_str(struct sbuf *b, const char *s)
{
	sb_put(b, s, strlen(s));
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void sb_fmt(struct sbuf *b, const char *fmt, ...);

static void sb_fmt(struct sbuf *b, const char *fmt, ...)
{
	char tmp[2048];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof tmp) {
		fprintf(stderr, "ticdump: internal format overflow\n");
		exit(1);
	}
	sb_put(b, tmp, (size_t)n);
}

/* A JSON string (values are printable ASCII; escape what JSON requires). */
static void sb_json(struct sbuf *b, const char *s)
{
	sb_put(b, "\"", 1);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') {
			char e[2] = {'\\', (char)c};
			sb_put(b, e, 2);
		} else if (c < 0x20 || c >= 0x7F) {
			sb_fmt(b, "\\u%04x", c);
		} else {
			sb_put(b, (const char *)&c, 1);
		}
	}
	sb_put(b, "\"", 1);
}

struct state {
	struct opts o;
	struct sbuf frame;
	unsigned ndatasets;
	int in_frame;
	unsigned long frames_printed;
};

static const char *reason(tic_dataset_status st)
{
	switch (st) {
	case TIC_DATASET_BAD_CHECKSUM: return "checksum";
	case TIC_DATASET_BAD_VALUE: return "value";
	case TIC_DATASET_OVERLONG: return "overlong";
	case TIC_DATASET_UNKNOWN_LABEL: return "unknown-label";
	default: return "malformed";
	}
}

/* --decode: unit and a typed number/fields where the dictionary knows the label. */
static void decode_json(struct sbuf *b, const tic_dataset *ds)
{
	const tic_label_info *li = ds->info;
	if (!li)
		return;
	if (li->unit != TIC_UNIT_NONE) {
		sb_str(b, ",\"unit\":");
		sb_json(b, tic_unit_symbol(li->unit));
	}
	uint32_t n;
	if (li->type == TIC_TYPE_UINT && tic_value_uint(ds->value, ds->value_len, &n) == 0)
		sb_fmt(b, ",\"number\":%lu", (unsigned long)n);
	tic_horodate h;
	if (ds->horodate && tic_horodate_parse(ds->horodate, ds->horodate_len, &h) == 0) {
		if (h.dst >= 0)
			sb_fmt(b, ",\"time\":%lld", (long long)h.utc);
		else
			sb_fmt(b, ",\"local_time\":%lld", (long long)h.utc);
	}
	if (li->type == TIC_TYPE_DATE && tic_pmepmi_date_parse(ds->value, ds->value_len, &h) == 0)
		sb_fmt(b, ",\"local_time\":%lld", (long long)h.utc);
	switch (li->id) {
	case TIC_L_STGE: {
		tic_stge st;
		if (tic_stge_decode(ds->value, ds->value_len, &st) == 0)
			sb_fmt(b,
			       ",\"fields\":{\"dry_contact_open\":%u,\"cutoff\":%u,\"cover_open\":%u,"
			       "\"overvoltage\":%u,\"over_reference\":%u,\"producer\":%u,"
			       "\"negative_energy\":%u,\"supplier_index\":%u,\"distributor_index\":%u,"
			       "\"clock_degraded\":%u,\"tic_standard\":%u,\"euridis\":%u,\"cpl_status\":%u,"
			       "\"cpl_sync\":%u,\"color_today\":\"%s\",\"color_tomorrow\":\"%s\","
			       "\"mobile_peak_notice\":%u,\"mobile_peak\":%u}",
			       st.dry_contact_open, st.cutoff, st.cover_open, st.overvoltage,
			       st.over_reference, st.producer, st.negative_energy, st.supplier_index,
			       st.distributor_index, st.clock_degraded, st.tic_standard, st.euridis,
			       st.cpl_status, st.cpl_sync, tic_color_name(st.color_today),
			       tic_color_name(st.color_tomorrow), st.mobile_peak_notice, st.mobile_peak);
		break;
	}
	case TIC_L_RELAIS: {
		uint8_t bits;
		if (tic_relais_decode(ds->value, ds->value_len, &bits) == 0) {
			sb_str(b, ",\"fields\":{\"closed\":[");
			int first = 1;
			for (int i = 0; i < 8; i++)
				if (bits & (1u << i)) {
					sb_fmt(b, first ? "%d" : ",%d", i + 1);
					first = 0;
				}
			sb_str(b, "]}");
		}
		break;
	}
	case TIC_L_PJOURF_P1:
	case TIC_L_PPOINTE: {
		tic_schedule sc;
		if (tic_schedule_decode(ds->value, ds->value_len, &sc) == 0) {
			sb_str(b, ",\"fields\":[");
			for (unsigned i = 0; i < sc.count; i++)
				sb_fmt(b, "%s{\"start\":\"%02u:%02u\",\"index\":%u,\"action\":\"%04X\"}",
				       i ? "," : "", sc.entry[i].hour, sc.entry[i].minute, sc.entry[i].index,
				       sc.entry[i].action);
			sb_str(b, "]");
		}
		break;
	}
	case TIC_L_PTEC:
	case TIC_L_LTARF: {
		tic_period p = li->id == TIC_L_PTEC ? tic_period_from_ptec(ds->value, ds->value_len)
						    : tic_period_from_ltarf(ds->value, ds->value_len);
		if (p != TIC_PERIOD_UNKNOWN)
			sb_fmt(b, ",\"fields\":{\"period\":\"%s\"}", tic_period_name(p));
		break;
	}
	case TIC_L_DEMAIN:
		sb_fmt(b, ",\"fields\":{\"color\":\"%s\"}",
		       tic_color_name(tic_color_from_demain(ds->value, ds->value_len)));
		break;
	default:
		break;
	}
}

static void add_dataset(struct state *s, const tic_dataset *ds, int valid)
{
	struct sbuf *b = &s->frame;
	if (s->o.json) {
		if (s->ndatasets++)
			sb_put(b, ",", 1);
		sb_str(b, "{\"label\":");
		sb_json(b, ds->label);
		sb_str(b, ",\"value\":");
		sb_json(b, ds->value);
		if (ds->horodate) {
			sb_str(b, ",\"horodate\":");
			sb_json(b, ds->horodate);
		}
		if (!valid) {
			sb_str(b, ",\"checksum\":\"bad\",\"reason\":");
			sb_json(b, reason(ds->status));
		}
		if (s->o.decode && valid)
			decode_json(b, ds);
		sb_put(b, "}", 1);
	} else {
		s->ndatasets++;
		sb_fmt(b, "  %-10s ", ds->label);
		if (ds->horodate)
			sb_fmt(b, "%s ", ds->horodate);
		sb_str(b, ds->value);
		if (!valid)
			sb_fmt(b, "   <- invalid (%s)", reason(ds->status));
		else if (s->o.decode && ds->info && ds->info->unit != TIC_UNIT_NONE)
			sb_fmt(b, " %s", tic_unit_symbol(ds->info->unit));
		sb_put(b, "\n", 1);
	}
}

static int on_begin(void *user)
{
	struct state *s = user;
	s->frame.len = 0;
	s->ndatasets = 0;
	s->in_frame = 1;
	return 0;
}

static int on_dataset(void *user, const tic_dataset *ds)
{
	struct state *s = user;
	if (s->in_frame)
		add_dataset(s, ds, 1);
	return 0;
}

static int on_invalid(void *user, const tic_dataset *ds)
{
	struct state *s = user;
	if (s->in_frame && s->o.keep_invalid)
		add_dataset(s, ds, 0);
	return 0;
}

static int on_end(void *user, const tic_frame *f)
{
	struct state *s = user;
	s->in_frame = 0;
	if (f->status != TIC_FRAME_COMPLETE)
		return 0;
	if (s->o.json) {
		printf("{\"mode\":\"%s\",\"datasets\":[%s],\"invalid\":%u}\n", tic_mode_name(f->mode),
		       s->frame.p ? s->frame.p : "", f->invalid);
	} else {
		printf("frame %lu (%s): %u valid, %u invalid\n%s", s->frames_printed + 1,
		       tic_mode_name(f->mode), f->valid, f->invalid, s->frame.p ? s->frame.p : "");
	}
	s->frames_printed++;
	fflush(stdout);
	return 0;
}

static const tic_callbacks callbacks = {on_begin, on_dataset, on_invalid, on_end};

static void usage(FILE *f)
{
	fprintf(f, "usage: ticdump [--mode auto|historic|standard|pmepmi] [--json] [--decode]\n"
		   "               [--keep-invalid] [--stats] [--cooked] (--port DEVICE | FILE | -)\n");
}

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

static void print_stats(const tic_decoder *dec)
{
	const tic_counters *c = &dec->counters;
	fprintf(stderr,
		"ticdump: mode %s; frames: %lu complete, %lu aborted; datasets: %lu valid, "
		"%lu bad checksum, %lu bad value, %lu malformed, %lu overlong; bytes: %lu read, "
		"%lu skipped\n",
		tic_mode_name(tic_decoder_mode(dec)), (unsigned long)c->frames_complete,
		(unsigned long)c->frames_aborted, (unsigned long)c->datasets_valid,
		(unsigned long)c->datasets_bad_checksum, (unsigned long)c->datasets_bad_value,
		(unsigned long)c->datasets_malformed, (unsigned long)c->fields_overlong,
		(unsigned long)c->bytes_total, (unsigned long)c->bytes_skipped);
}

int main(int argc, char **argv)
{
	struct state s;
	memset(&s, 0, sizeof s);
	s.o.mode = TIC_MODE_AUTO;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--mode") && i + 1 < argc) {
			const char *m = argv[++i];
			if (!strcmp(m, "auto"))
				s.o.mode = TIC_MODE_AUTO;
			else if (!strcmp(m, "historic"))
				s.o.mode = TIC_MODE_HISTORIC;
			else if (!strcmp(m, "standard"))
				s.o.mode = TIC_MODE_STANDARD;
			else if (!strcmp(m, "pmepmi"))
				s.o.mode = TIC_MODE_PMEPMI;
			else {
				fprintf(stderr, "ticdump: unknown mode '%s'\n", m);
				usage(stderr);
				return 2;
			}
		} else if (!strcmp(a, "--json")) {
			s.o.json = 1;
		} else if (!strcmp(a, "--decode")) {
			s.o.decode = 1;
		} else if (!strcmp(a, "--keep-invalid")) {
			s.o.keep_invalid = 1;
		} else if (!strcmp(a, "--stats")) {
			s.o.stats = 1;
		} else if (!strcmp(a, "--cooked")) {
			s.o.cooked = 1;
		} else if (!strcmp(a, "--port") && i + 1 < argc) {
			s.o.port = argv[++i];
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		} else if ((a[0] != '-' || !strcmp(a, "-")) && !s.o.file) {
			s.o.file = a;
		} else {
			fprintf(stderr, "ticdump: unexpected argument '%s'\n", a);
			usage(stderr);
			return 2;
		}
	}
	if (!!s.o.port == !!s.o.file) {
		usage(stderr);
		return 2;
	}

	tic_decoder dec;
	tic_decoder_options dopts = TIC_DECODER_OPTIONS_INIT;
	dopts.mode = s.o.mode;
	dopts.flags = s.o.cooked ? TIC_DECODER_COOKED_TTY : 0u;
	if (tic_decoder_init(&dec, &dopts) != 0) {
		fprintf(stderr, "ticdump: bad options\n");
		return 2;
	}
	int status = 0;
	unsigned char buf[4096];
	if (s.o.file) {
		FILE *f = strcmp(s.o.file, "-") ? fopen(s.o.file, "rb") : stdin;
		if (!f) {
			fprintf(stderr, "ticdump: %s: %s\n", s.o.file, strerror(errno));
			return 1;
		}
		size_t n;
		while ((n = fread(buf, 1, sizeof buf, f)) > 0)
			tic_decoder_feed(&dec, buf, n, &callbacks, &s);
		if (ferror(f)) {
			fprintf(stderr, "ticdump: %s: read error\n", s.o.file);
			status = 1;
		}
		if (f != stdin)
			fclose(f);
	} else {
#ifdef TIC_HAVE_SERIAL
		tic_serial *port;
		int r = tic_serial_open(&port, s.o.port, s.o.mode);
		if (r) {
			fprintf(stderr, "ticdump: %s: cannot open: %s (%s)\n", s.o.port, tic_strerror(r),
				strerror(errno));
			return 1;
		}
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_signal;
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
		if (s.o.mode == TIC_MODE_AUTO) {
			tic_mode found;
			while (!interrupted && (r = tic_serial_detect(port, 5000, &found)) == TIC_ETIMEDOUT)
				fprintf(stderr, "ticdump: %s: no TIC stream at 9600 or 1200 baud yet\n",
					s.o.port);
			if (r == 0)
				fprintf(stderr, "ticdump: %s: %s mode\n", s.o.port, tic_mode_name(found));
		}
		while (!interrupted && r == 0) {
			size_t got;
			r = tic_serial_read(port, buf, sizeof buf, 1000, &got);
			if (r == 0)
				tic_decoder_feed(&dec, buf, got, &callbacks, &s);
			else if (r == TIC_ETIMEDOUT)
				r = 0;
		}
		if (r && !interrupted) {
			fprintf(stderr, "ticdump: %s: %s\n", s.o.port, tic_strerror(r));
			status = 1;
		}
		tic_serial_close(port);
#else
		fprintf(stderr, "ticdump: built without serial support (HEMS_BUILD_TIC_SERIAL=OFF)\n");
		return 1;
#endif
	}
	if (tic_decoder_finish(&dec, &callbacks, &s) != 0)
		status = 1;
	if (s.o.stats)
		print_stats(&dec);
	free(s.frame.p);
	return status;
}
