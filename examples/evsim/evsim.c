/* evsim: run an EV charging scenario through libevcharge and print one line per step.
 * usage: evsim --scenario FILE [--json] [--quiet] */
#include <stdio.h>
#include <string.h>
#include "evsim.h"

struct opts {
	int json;
	int quiet;
};

static int on_step(const evsim *sim, void *user)
{
	const struct opts *o = user;
	if (!o->quiet)
		evsim_print_step(stdout, sim, o->json);
	return 0;
}

static void usage(FILE *f)
{
	fputs("usage: evsim --scenario FILE [--json] [--quiet]\n"
	      "  Runs an EV charging scenario (JSON) with libevcharge and prints one line per\n"
	      "  step, then a summary. --json prints one JSON object per line; --quiet prints\n"
	      "  only the summary. See evsim(1).\n",
	      f);
}

int main(int argc, char **argv)
{
	const char *file = NULL;
	struct opts o = {0, 0};
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--scenario") && i + 1 < argc)
			file = argv[++i];
		else if (!strcmp(argv[i], "--json"))
			o.json = 1;
		else if (!strcmp(argv[i], "--quiet"))
			o.quiet = 1;
		else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(argv[i], "--version")) {
			printf("evsim (libevcharge %s)\n", evc_version_string());
			return 0;
		} else {
			fprintf(stderr, "evsim: unknown or incomplete option '%s'\n", argv[i]);
			usage(stderr);
			return 2;
		}
	}
	if (!file) {
		usage(stderr);
		return 2;
	}
	static evsim_scenario sc;
	evsim_error err;
	if (evsim_load_file(&sc, file, &err)) {
		if (err.line > 0)
			fprintf(stderr, "evsim: %s:%d:%d: %s\n", file, err.line, err.column,
			        err.text);
		else
			fprintf(stderr, "evsim: %s: %s\n", file, err.text);
		return 1;
	}
	static evsim sim;
	int rc = evsim_run(&sim, &sc, on_step, &o);
	if (rc) {
		fprintf(stderr, "evsim: %s: step at t=%lld failed: %s\n", file, (long long)sim.t,
		        evc_strerror(rc));
		evsim_free(&sc);
		return 1;
	}
	if (fflush(stdout) != 0) {
		evsim_free(&sc);
		return 1;
	}
	evsim_print_summary(stdout, &sim, o.json);
	evsim_free(&sc);
	return fflush(stdout) == 0 ? 0 : 1;
}
