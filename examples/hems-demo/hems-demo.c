/* hems-demo: the whole suite on a simulated home.
 *
 * A three-phase French home with a Linky meter, 9 kWp of PV, an EV and a water heater
 * lives for one day in simulated time. Every part of the suite does its real job:
 *
 *   - the Linky sends its TIC stream (standard mode), produced byte-exact by libtic's
 *     encoder from the simulated grid flows and decoded by libtic's decoder and meter
 *     view: grid currents per phase, contract power (PCOUP), tariff period, indexes;
 *   - the PV meter, the EV charger and the water heater's relay module are Modbus TCP
 *     devices served on 127.0.0.1 by hems-sim's core from libemsmeter's register maps,
 *     polled and written through libemsmeter;
 *   - libevcharge decides every step the EV current (flow strategy, minimum energy by a
 *     deadline, PV first) and the water heater (PV surplus), never over the breaker;
 *   - libtariff prices what was imported and exported (HP/HC, feed-in), both by its
 *     rules and by the meter's own indexes, and makes the bill.
 *
 * The physics (house, PV, vehicle) is this program's; the decisions are the libraries'.
 * Simulated time: the day runs as fast as the machine goes. See docs/man/hems-demo.md. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ems/ems.h>
#include <evc/evc.h>
#include <tariff/tariff.h>
#include <tic/tic.h>

#include "sim.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif
#define VOLTAGE_V 230.0
#define PV_PEAK_W 9000.0
#define WH_POWER_W 2400.0    /* water heater element, on phase 1 */
#define WH_NEED_WH 7000.0    /* the tank is hot after this much energy */
#define EV_NEED_WH 45000.0   /* the car is full after this much energy */
#define EV_ARRIVE_S (int64_t)(9.5 * 3600) /* after the start: 15:30 by default */
#define EV_LEAVE_S (int64_t)(25.5 * 3600)  /* 07:30 the next morning */
#define EV_MIN_WH 30000      /* minimum energy by the deadline */
#define TIC_BUF 4096

/* ---- options --------------------------------------------------------------------- */

typedef struct options {
	const char *start; /* local start, ISO 8601 with offset */
	int hours;
	int step_s;
	int json;
	int verbose;
	unsigned seed;
} options;

static void usage(FILE *f)
{
	fprintf(f,
		"usage: hems-demo [--start ISO8601] [--hours N] [--step S] [--seed N] [--json] [--verbose]\n"
		"Runs the hems suite on a built-in simulated home (see docs/man/hems-demo.md).\n"
		"  --start   local start instant (default 2025-06-02T06:00:00+02:00, a Monday)\n"
		"  --hours   simulated hours, 1..744 (default 26)\n"
		"  --step    seconds per step, 1..600 (default 10; a Linky sends a frame every 1-2 s)\n"
		"  --seed    seed of the weather and household randomness (default 1)\n"
		"  --json    one JSON object per simulated hour, then a summary object\n"
		"  --verbose one line per step with the libraries' reasons\n");
}

static int parse_int(const char *s, long lo, long hi, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static int parse_options(int argc, char **argv, options *o)
{
	*o = (options){"2025-06-02T06:00:00+02:00", 26, 10, 0, 0, 1};
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		long n;
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			exit(0);
		} else if (!strcmp(a, "--json")) {
			o->json = 1;
		} else if (!strcmp(a, "--verbose")) {
			o->verbose = 1;
		} else if (!strcmp(a, "--start") && v) {
			o->start = v, i++;
		} else if (!strcmp(a, "--hours") && v && !parse_int(v, 1, 744, &n)) {
			o->hours = (int)n, i++;
		} else if (!strcmp(a, "--step") && v && !parse_int(v, 1, 600, &n)) {
			o->step_s = (int)n, i++;
		} else if (!strcmp(a, "--seed") && v && !parse_int(v, 0, 1L << 30, &n)) {
			o->seed = (unsigned)n, i++;
		} else {
			fprintf(stderr, "hems-demo: bad or incomplete option '%s'\n", a);
			usage(stderr);
			return -1;
		}
	}
	return 0;
}

/* ---- the simulated home's physics ----------------------------------------------- */

static double rnd(unsigned *s) /* xorshift32, uniform in [0, 1) */
{
	unsigned x = *s ? *s : 0x9e3779b9u;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*s = x;
	return (x >> 8) / 16777216.0;
}

typedef struct home {
	unsigned rng;
	double cloud;          /* 0.3..1, a slow random walk */
	double wh_energy_wh;   /* water heater energy today */
	int wh_day;            /* local date of wh_energy_wh */
	double ev_energy_wh;   /* energy put into the car */
	int ev_connected;
	/* Linky registers (Wh, fractional until encoded) */
	double east_wh, easf_wh[2], eait_wh;
} home;

static double in_window(double h, double from, double to)
{
	return h >= from && h < to;
}

/* House consumption per phase (W) at local hour h. */
static void house_load(home *hm, double h, double w[3])
{
	w[0] = 260 + 80 * rnd(&hm->rng); /* fridge, routers, standby */
	w[1] = 200 + 60 * rnd(&hm->rng);
	w[2] = 230 + 70 * rnd(&hm->rng);
	w[0] += 1500 * in_window(h, 7.0, 7.5);   /* kettle, coffee */
	w[1] += 1800 * in_window(h, 12.0, 12.75); /* lunch */
	w[1] += 3600 * in_window(h, 19.0, 20.25); /* oven and hob */
	w[2] += 2100 * in_window(h, 20.5, 22.0);  /* washing machine */
	w[2] += 900 * in_window(h, 21.0, 23.5);   /* television, lights */
	w[0] += 400 * in_window(h, 6.5, 8.0);
	w[2] += 2200 * in_window(h, 5.25, 6.5);   /* dishwasher, delayed start */
}

/* PV production (W) at local hour h, day of year yday (summer-ish bell). */
static double pv_power(home *hm, double h)
{
	hm->cloud += (rnd(&hm->rng) - 0.5) * 0.08;
	if (hm->cloud < 0.35)
		hm->cloud = 0.35;
	if (hm->cloud > 1)
		hm->cloud = 1;
	if (h < 6.2 || h > 21.7)
		return 0;
	double s = sin(M_PI * (h - 6.2) / 15.5);
	return PV_PEAK_W * pow(s, 1.4) * (0.55 + 0.45 * hm->cloud);
}

/* ---- libtic: the Linky ------------------------------------------------------------ */

typedef struct linky {
	tic_decoder dec;
	tic_meter meter;
	char frame[TIC_BUF];
	uint64_t bytes;
} linky;

/* Encode one standard-mode frame of the simulated Linky into lk->frame. */
static int linky_frame(linky *lk, const home *hm, const tariff_local *lt, int hc,
		       const double grid_w[3], size_t *len)
{
	char date[16], east[16], easf01[16], easf02[16], eait[16];
	char irms[3][8], urms[3][8], sinsts[8], sinsts_ph[3][8], sinsti[8];
	double imp = 0, exp_w = 0;
	snprintf(date, sizeof date, "%c%02d%02d%02d%02d%02d%02d", lt->is_dst ? 'E' : 'H',
		 (int)(lt->year % 100), lt->month, lt->day, lt->hour, lt->minute, lt->second);
	snprintf(east, sizeof east, "%09" PRIu64, (uint64_t)hm->east_wh);
	snprintf(easf01, sizeof easf01, "%09" PRIu64, (uint64_t)hm->easf_wh[0]);
	snprintf(easf02, sizeof easf02, "%09" PRIu64, (uint64_t)hm->easf_wh[1]);
	snprintf(eait, sizeof eait, "%09" PRIu64, (uint64_t)hm->eait_wh);
	for (int p = 0; p < 3; p++) {
		double a = fabs(grid_w[p]) / VOLTAGE_V;
		snprintf(irms[p], sizeof irms[p], "%03d", (int)lround(a));
		snprintf(urms[p], sizeof urms[p], "%03d", (int)VOLTAGE_V);
		/* SINSTSn: apparent power withdrawn on the phase (0 while it injects) */
		snprintf(sinsts_ph[p], sizeof sinsts_ph[p], "%05d", grid_w[p] > 0 ? (int)lround(grid_w[p]) : 0);
		if (grid_w[p] > 0)
			imp += grid_w[p];
		else
			exp_w -= grid_w[p];
	}
	/* The Linky's totals are net over the phases. */
	double net = imp - exp_w;
	snprintf(sinsts, sizeof sinsts, "%05d", net > 0 ? (int)lround(net) : 0);
	snprintf(sinsti, sizeof sinsti, "%05d", net < 0 ? (int)lround(-net) : 0);
	const tic_field f[] = {
		{"ADSC", NULL, "041876097467"},
		{"VTIC", NULL, "02"},
		{"DATE", date, ""},
		{"NGTF", NULL, "H PLEINE/CREUSE "},
		{"LTARF", NULL, hc ? "  HEURE  CREUSE " : "  HEURE  PLEINE "},
		{"EAST", NULL, east},
		{"EASF01", NULL, easf01},
		{"EASF02", NULL, easf02},
		{"EAIT", NULL, eait},
		{"IRMS1", NULL, irms[0]},
		{"IRMS2", NULL, irms[1]},
		{"IRMS3", NULL, irms[2]},
		{"URMS1", NULL, urms[0]},
		{"URMS2", NULL, urms[1]},
		{"URMS3", NULL, urms[2]},
		{"PREF", NULL, "18"},
		{"PCOUP", NULL, "18"},
		{"SINSTS", NULL, sinsts},
		{"SINSTS1", NULL, sinsts_ph[0]},
		{"SINSTS2", NULL, sinsts_ph[1]},
		{"SINSTS3", NULL, sinsts_ph[2]},
		{"SINSTI", NULL, sinsti},
		{"NTARF", NULL, hc ? "01" : "02"},
	};
	return tic_encode_frame(TIC_MODE_STANDARD, f, sizeof f / sizeof f[0], 0, lk->frame,
				sizeof lk->frame, len);
}

/* ---- libemsmeter + hems-sim: the Modbus devices ------------------------------------ */

static const char SIM_JSON[] =
	"{\"servers\": [{\"port\": 0, \"devices\": ["
	"{\"unit\": 1, \"model\": \"eastron-sdm630\", \"power_w\": 0},"
	"{\"unit\": 2, \"model\": \"phoenix-ev-eth\", \"phases\": 3},"
	"{\"unit\": 3, \"model\": \"generic-io\", \"inputs\": {\"fc\": 2, \"register\": 0, \"count\": 2},"
	" \"outputs\": {\"fc\": 1, \"register\": 0, \"count\": 2}}"
	"]}]}";

static const char INST_FMT[] =
	"{\"buses\": [{\"id\": \"lan\", \"type\": \"tcp\", \"host\": \"127.0.0.1\", \"port\": %d,"
	" \"timeout_ms\": 1000}],"
	" \"devices\": ["
	"{\"name\": \"pv\", \"model\": \"eastron-sdm630\", \"bus\": \"lan\", \"address\": 1, \"load_type\": \"pv\"},"
	"{\"name\": \"charger\", \"model\": \"phoenix-ev-eth\", \"bus\": \"lan\", \"address\": 2, \"load_type\": \"ev\"},"
	"{\"name\": \"relays\", \"model\": \"generic-io\", \"bus\": \"lan\", \"address\": 3,"
	" \"inputs\": {\"fc\": 2, \"register\": 0, \"count\": 2}, \"outputs\": {\"fc\": 1, \"register\": 0, \"count\": 2}}"
	"]}";

/* ---- libtariff: prices ------------------------------------------------------------ */

static const char TARIFF_JSON[] =
	"{\"currency\": \"EUR\", \"timezone\": \"CET-1CEST,M3.5.0,M10.5.0/3\","
	" \"electricity\": {\"vat_percent\": \"20\","
	"  \"tariffs\": [{\"id\": \"HP\", \"name\": \"Heures pleines\", \"prices\": [{\"price\": \"0.2146\"}]},"
	"               {\"id\": \"HC\", \"name\": \"Heures creuses\", \"prices\": [{\"price\": \"0.1696\"}]}],"
	"  \"rules\": [{\"tariff\": \"HC\", \"start\": \"22:00\", \"end\": \"05:59\"}, {\"tariff\": \"HP\"}],"
	"  \"meter_periods\": {\"HEURE  CREUSE\": \"HC\", \"HEURE  PLEINE\": \"HP\", \"EASF01\": \"HC\", \"EASF02\": \"HP\"}},"
	" \"export\": {\"tariffs\": [{\"id\": \"FIT\", \"name\": \"Surplus feed-in\", \"prices\": [{\"price\": \"0.0400\"}]}],"
	"  \"rules\": [{\"tariff\": \"FIT\"}]}}";

/* ---- the run ---------------------------------------------------------------------- */

typedef struct totals {
	double import_wh, export_wh, pv_wh, house_wh, ev_wh, ev_pv_wh, wh_wh;
	double pv_meter_wh; /* PV energy from the Modbus meter's power readings */
	double peak_a; /* largest phase current at the grid (physics) */
	int over_limit_s;   /* time over the derated limit (+0.5 A of measurement resolution) */
	int over_breaker_s; /* time over the breaker rating itself */
	int starts, stops;
	unsigned tic_frames;
	int modbus_errors;
} totals;

typedef struct hour_acc {
	double pv_wh, house_wh, ev_wh, wh_wh, import_wh, export_wh, peak_a;
	int n, hc_n;
} hour_acc;

static void money_str(tariff_money m, unsigned digits, char *buf, size_t n)
{
	int64_t r;
	if (tariff_money_round(m, digits, &r) != 0 || tariff_decimal_format(r, digits, buf, n) < 0)
		snprintf(buf, n, "?");
}

static int fail(const char *what, const char *detail)
{
	fprintf(stderr, "hems-demo: %s: %s\n", what, detail);
	return 1;
}

int main(int argc, char **argv)
{
	options o;
	if (parse_options(argc, argv, &o))
		return 2;

	/* libtariff: the prices and the local time of the home. */
	tariff_config *tcfg = NULL;
	tariff_diag tdiag;
	memset(&tdiag, 0, sizeof tdiag);
	if (tariff_config_load_string(TARIFF_JSON, sizeof TARIFF_JSON - 1, "built-in tariff", NULL, &tcfg,
				      &tdiag) != 0)
		return fail("tariff config", tdiag.reason);
	const tariff_set *set = tariff_config_set(tcfg);
	int64_t t0;
	if (tariff_time_parse(o.start, strlen(o.start), &t0) != 0) {
		tariff_config_free(tcfg);
		return fail("--start", "not an ISO 8601 instant with an offset (2025-06-02T06:00:00+02:00)");
	}

	/* hems-sim: the Modbus devices on 127.0.0.1, and libemsmeter's installation. */
	char err[256] = "";
	hems_sim *sim = hems_sim_load_string(SIM_JSON, NULL, err, sizeof err);
	if (!sim || hems_sim_start(sim, err, sizeof err) != 0) {
		hems_sim_free(sim);
		tariff_config_free(tcfg);
		return fail("simulator", err);
	}
	char inst_json[2048];
	snprintf(inst_json, sizeof inst_json, INST_FMT, hems_sim_port(sim, 0));
	ems_installation *inst = NULL;
	ems_config_error cerr;
	memset(&cerr, 0, sizeof cerr);
	if (ems_installation_load_string(inst_json, "built-in installation", NULL, &inst, &cerr) != EMS_OK) {
		char msg[512];
		ems_config_error_format(&cerr, msg, sizeof msg);
		hems_sim_free(sim);
		tariff_config_free(tcfg);
		return fail("installation", msg);
	}
	size_t dev_pv, dev_charger, dev_relays;
	if (ems_installation_device_index(inst, "pv", &dev_pv) != EMS_OK ||
	    ems_installation_device_index(inst, "charger", &dev_charger) != EMS_OK ||
	    ems_installation_device_index(inst, "relays", &dev_relays) != EMS_OK) {
		ems_installation_free(inst);
		hems_sim_free(sim);
		tariff_config_free(tcfg);
		return fail("installation", "a built-in device is missing");
	}

	/* libtic: the Linky's stream decoder and meter view. */
	linky lk;
	memset(&lk, 0, sizeof lk);
	tic_decoder_options dopts = TIC_DECODER_OPTIONS_INIT;
	dopts.mode = TIC_MODE_STANDARD;
	if (tic_decoder_init(&lk.dec, &dopts) != 0 || tic_meter_init(&lk.meter) != 0)
		return fail("libtic", "cannot initialise the decoder");

	/* libevcharge: the site, one station, one switched load. */
	evc_site site;
	evc_station st;
	evc_load wh;
	evc_site_init(&site);
	evc_station_init(&st);
	evc_load_init(&wh);
	site.config.phases = 3;
	site.config.voltage_v = 230;
	site.config.main_breaker_ma = 25000;
	site.config.derating_pct = 80;
	site.config.strategy = EVC_STRATEGY_FLOW;
	site.config.stale_after_s = 3 * o.step_s;
	evc_id_set(st.config.id, "car");
	st.config.phases = 3;
	st.config.rated_ma = 32000;
	st.config.min_ma = 6000;
	st.config.mode = EVC_MODE_PV_MIN_DEADLINE;
	st.config.min_energy_wh = EV_MIN_WH;
	st.config.deadline_wday = 1; /* Tuesday */
	st.config.deadline_sod = 7 * 3600;
	st.config.switch_phases = 0; /* the simulated charger is wired three-phase only */
	evc_id_set(wh.config.id, "water heater");
	wh.config.kind = EVC_LOAD_WATER_HEATER;
	wh.config.power_w = (int32_t)WH_POWER_W;
	wh.config.on_w = 2600;
	wh.config.off_w = 200;
	wh.config.min_on_s = 900;
	wh.config.min_off_s = 900;
	wh.config.rank = 2;
	wh.config.phases = 1;
	wh.config.phase = 1;

	/* libtariff costing runs: import by the rules, import by the meter's indexes,
	 * export, and the self-consumed PV (for the bill's saving). */
	tariff_cost c_rules, c_index, c_export, c_self;
	if (tariff_cost_init(&c_rules, set, TARIFF_ELECTRICITY, TARIFF_BY_NONE, NULL, 0) ||
	    tariff_cost_init(&c_index, set, TARIFF_ELECTRICITY, TARIFF_BY_NONE, NULL, 0) ||
	    tariff_cost_init(&c_export, set, TARIFF_EXPORT, TARIFF_BY_NONE, NULL, 0) ||
	    tariff_cost_init(&c_self, set, TARIFF_ELECTRICITY, TARIFF_BY_NONE, NULL, 0))
		return fail("libtariff", "cannot start the costing runs");

	home hm;
	memset(&hm, 0, sizeof hm);
	hm.rng = o.seed * 2654435761u + 1;
	hm.cloud = 0.8;
	hm.east_wh = 12345678; /* a Linky that has already run a few years */
	hm.easf_wh[0] = 5123456;
	hm.easf_wh[1] = 7222222;
	hm.eait_wh = 1034567;
	totals tot;
	memset(&tot, 0, sizeof tot);
	hour_acc hacc;
	memset(&hacc, 0, sizeof hacc);
	double breaker_a = site.config.main_breaker_ma / 1000.0;
	double limit_a = breaker_a * site.config.derating_pct / 100.0;
	double ev_w = 0; /* what the charger lets the car draw now */
	int ev_setpoint_a = 0, wh_on = 0;
	uint64_t last_index[2] = {0, 0};
	int have_index = 0;
	int rc = 0;

	if (!o.json) {
		printf("hems-demo: a simulated home from %s for %d h, %d s steps\n", o.start, o.hours, o.step_s);
		printf("  Linky three-phase 18 kVA, TIC standard mode (libtic encoder -> decoder)\n");
		printf("  PV meter, EV charger, water-heater relay: Modbus TCP on 127.0.0.1:%d "
		       "(hems-sim, libemsmeter)\n", hems_sim_port(sim, 0));
		printf("  libevcharge flow: car %d kWh by Tue 07:00 (PV first), water heater on PV surplus, "
		       "breaker %.0f A x %d %%\n", EV_MIN_WH / 1000, site.config.main_breaker_ma / 1000.0,
		       site.config.derating_pct);
		printf("  libtariff: HP/HC (HC 22:00-06:00) and feed-in, illustrative prices\n\n");
		printf(" hour   |  PV kW house kW   EV kW  heater | grid kW  max A | period | car at the end of the hour\n");
	}

	int steps = o.hours * 3600 / o.step_s;
	for (int k = 0; k <= steps && rc == 0; k++) {
		int64_t now = t0 + (int64_t)k * o.step_s;
		tariff_local lt;
		if (tariff_tz_local(&set->tz, now, &lt, NULL) != 0) {
			rc = fail("libtariff", "local time");
			break;
		}
		double h = lt.hour + lt.minute / 60.0 + lt.second / 3600.0;
		int hc = h >= 22.0 || h < 6.0;

		/* Physics over the step that ends now: house, PV, car, heater. */
		double house[3], pv;
		house_load(&hm, h, house);
		pv = pv_power(&hm, h);
		hm.ev_connected = now - t0 >= EV_ARRIVE_S && now - t0 < EV_LEAVE_S;
		if (hm.wh_day != lt.date) {
			hm.wh_day = lt.date;
			hm.wh_energy_wh = 0;
		}
		int wh_hot = hm.wh_energy_wh >= WH_NEED_WH;
		int ev_full = hm.ev_energy_wh >= EV_NEED_WH;
		double ev_draw = (hm.ev_connected && !ev_full) ? ev_w : 0;
		double wh_draw = (wh_on && !wh_hot) ? WH_POWER_W : 0;
		double grid_w[3];
		for (int p = 0; p < 3; p++)
			grid_w[p] = house[p] + ev_draw / 3 + (p == 0 ? wh_draw : 0) - pv / 3;
		double dt_h = k == 0 ? 0 : o.step_s / 3600.0;
		double imp_wh = 0, exp_wh = 0, net = grid_w[0] + grid_w[1] + grid_w[2];
		if (net > 0)
			imp_wh = net * dt_h;
		else
			exp_wh = -net * dt_h;
		hm.east_wh += imp_wh;
		hm.easf_wh[hc ? 0 : 1] += imp_wh;
		hm.eait_wh += exp_wh;
		hm.ev_energy_wh += ev_draw * dt_h;
		hm.wh_energy_wh += wh_draw * dt_h;
		double peak = 0;
		for (int p = 0; p < 3; p++)
			peak = fmax(peak, fabs(grid_w[p]) / VOLTAGE_V);
		double self_wh = pv * dt_h - exp_wh;
		if (self_wh < 0)
			self_wh = 0;
		tot.import_wh += imp_wh;
		tot.export_wh += exp_wh;
		tot.pv_wh += pv * dt_h;
		tot.house_wh += (house[0] + house[1] + house[2]) * dt_h;
		tot.ev_wh += ev_draw * dt_h;
		tot.ev_pv_wh += fmin(ev_draw, fmax(0, pv - house[0] - house[1] - house[2])) * dt_h;
		tot.wh_wh += wh_draw * dt_h;
		tot.peak_a = fmax(tot.peak_a, peak);
		tot.over_limit_s += peak > limit_a + 0.5 ? o.step_s : 0;
		tot.over_breaker_s += peak > breaker_a ? o.step_s : 0;
		hacc.pv_wh += pv * dt_h;
		hacc.house_wh += (house[0] + house[1] + house[2]) * dt_h;
		hacc.ev_wh += ev_draw * dt_h;
		hacc.wh_wh += wh_draw * dt_h;
		hacc.import_wh += imp_wh;
		hacc.export_wh += exp_wh;
		hacc.peak_a = fmax(hacc.peak_a, peak);
		hacc.n++;
		hacc.hc_n += hc;

		/* libtariff: the energy of the step, by the rules. */
		if (k > 0) {
			int64_t a = now - o.step_s;
			if ((imp_wh > 0 && tariff_cost_add(&c_rules, a, now, llround(imp_wh * 1000))) ||
			    (exp_wh > 0 && tariff_cost_add(&c_export, a, now, llround(exp_wh * 1000))) ||
			    (self_wh > 0 && tariff_cost_add(&c_self, a, now, llround(self_wh * 1000)))) {
				rc = fail("libtariff", tariff_strerror(tariff_cost_error(&c_rules)));
				break;
			}
		}

		/* libtic: the Linky sends a frame; decode it into the meter view. */
		size_t flen = 0;
		if (linky_frame(&lk, &hm, &lt, hc, grid_w, &flen) != 0) {
			rc = fail("libtic", "cannot encode the Linky frame");
			break;
		}
		lk.bytes += flen;
		if (tic_meter_feed(&lk.meter, &lk.dec, lk.frame, flen, now) != 1) {
			rc = fail("libtic", "the Linky frame did not decode");
			break;
		}
		tic_reading rd;
		if (tic_meter_reading(&lk.meter, &rd) != 0) {
			rc = fail("libtic", "no meter reading");
			break;
		}
		tot.tic_frames = rd.frames;
		/* libtariff: the same import, by the meter's own indexes (exact by construction). */
		for (int i = 0; i < rd.index_count && i < 2 && rc == 0; i++) {
			uint64_t idx = rd.energy_wh[i];
			if (have_index && idx > last_index[i] &&
			    tariff_cost_add_index(&c_index, now - o.step_s, now, rd.energy_label[i],
						  (int64_t)last_index[i], (int64_t)idx) != 0)
				rc = fail("libtariff", "index costing");
			last_index[i] = idx;
		}
		if (rc != 0)
			break;
		have_index = 1;

		/* libemsmeter: the devices report (the simulator's registers follow the physics). */
		if (hems_sim_set_value(sim, 0, 1, "power", pv) != 0) {
			rc = fail("simulator", "cannot set the PV power");
			break;
		}
		if (ems_installation_poll(inst, now) != EMS_OK)
			tot.modbus_errors++;
		ems_reading r_charger, r_pv;
		double ev_meas_a = 0, pv_meas_w = 0;
		if (ems_installation_reading(inst, dev_charger, &r_charger) == EMS_OK &&
		    r_charger.status == EMS_STATUS_OK) {
			double enabled = 0, ev_meas_w = 0;
			/* The current the car draws per phase, from the charger's active power. */
			if (ems_reading_get(&r_charger, EMS_Q_CHARGER_ENABLED, &enabled) == EMS_OK && enabled > 0 &&
			    ems_reading_get(&r_charger, EMS_Q_POWER, &ev_meas_w) == EMS_OK)
				ev_meas_a = ev_meas_w / (3 * VOLTAGE_V);
		}
		/* The PV production as the Modbus meter reports it, integrated over the next step. */
		if (ems_installation_reading(inst, dev_pv, &r_pv) == EMS_OK && r_pv.status == EMS_STATUS_OK &&
		    ems_reading_get(&r_pv, EMS_Q_POWER, &pv_meas_w) != EMS_OK)
			pv_meas_w = 0;
		if (k < steps)
			tot.pv_meter_wh += pv_meas_w * o.step_s / 3600.0;

		/* libevcharge: the grid as the Linky tells it, the car as the charger tells it. */
		site.input.time_s = now;
		site.input.meter_ok = 1;
		site.input.utc_offset_s = lt.utoff_s;
		for (int p = 0; p < 3; p++) {
			int32_t ma = rd.current_ma[p];
			/* A phase that withdraws nothing (SINSTSn = 0) while current flows injects. */
			site.input.grid_ma[p] = rd.apparent_power_phase_va[p] == 0 ? -ma : ma;
		}
		site.config.contract_va = 0;
		const char *pcoup = tic_meter_get(&lk.meter, "PCOUP");
		if (pcoup)
			site.config.contract_va = atoi(pcoup) * 1000;
		st.input.connected = hm.ev_connected;
		st.input.vehicle_full = hm.ev_connected && ev_full;
		st.input.current_ma = (int32_t)lround(ev_meas_a * 1000 * (ev_draw > 0));
		st.input.active_phases = 3;
		st.input.vehicle_max_ma = 32000;
		st.input.energy_wh = -1;
		wh.input.power_w = wh_hot ? 0 : -1;
		wh.input.available = 1;
		int src = evc_site_step(&site, NULL, 0, &st, 1, &wh, 1, now);
		if (src != 0) {
			rc = fail("libevcharge", evc_strerror(src));
			break;
		}
		tot.starts += (st.result.events & EVC_EVENT_START) != 0;
		tot.stops += (st.result.events & EVC_EVENT_STOP) != 0;

		/* libemsmeter: apply the decisions to the charger and the relay. */
		int new_a = st.result.current_ma / 1000;
		if (new_a != ev_setpoint_a) {
			if ((new_a > 0 && ems_installation_write(inst, dev_charger, EMS_Q_CHARGER_SET_CURRENT, new_a) != EMS_OK) ||
			    ems_installation_write(inst, dev_charger, EMS_Q_CHARGER_ENABLED, new_a > 0) != EMS_OK)
				tot.modbus_errors++;
			else
				ev_setpoint_a = new_a;
		}
		ev_w = ev_setpoint_a * VOLTAGE_V * 3;
		if (wh.result.on != wh_on) {
			if (ems_installation_write(inst, dev_relays, EMS_Q_OUTPUT_1, wh.result.on) != EMS_OK)
				tot.modbus_errors++;
			else
				wh_on = wh.result.on;
		}

		if (o.verbose && !o.json)
			printf("  %02d:%02d grid [%5.1f %5.1f %5.1f] A  car %2d A %-9s %s | heater %s %s\n", lt.hour,
			       lt.minute, site.input.grid_ma[0] / 1000.0, site.input.grid_ma[1] / 1000.0,
			       site.input.grid_ma[2] / 1000.0, st.result.current_ma / 1000,
			       evc_state_name(st.result.state), st.result.text, wh.result.on ? "on " : "off",
			       wh.result.text);

		/* One line per simulated hour. */
		if (hacc.n > 0 && (lt.minute * 60 + lt.second) < o.step_s && k > 0) {
			double hrs = fmax(hacc.n * o.step_s / 3600.0, 1e-9);
			if (o.json)
				printf("{\"hour_end\":\"%04d-%02d-%02dT%02d:00\",\"pv_kwh\":%.3f,\"house_kwh\":%.3f,"
				       "\"ev_kwh\":%.3f,\"water_heater_kwh\":%.3f,\"import_kwh\":%.3f,\"export_kwh\":%.3f,"
				       "\"peak_phase_a\":%.1f,\"period\":\"%s\",\"ev_state\":\"%s\",\"ev_reason\":\"%s\"}\n",
				       (int)lt.year, lt.month, lt.day, lt.hour, hacc.pv_wh / 1000, hacc.house_wh / 1000,
				       hacc.ev_wh / 1000, hacc.wh_wh / 1000, hacc.import_wh / 1000,
				       hacc.export_wh / 1000, hacc.peak_a, hacc.hc_n * 2 >= hacc.n ? "HC" : "HP",
				       evc_state_name(st.result.state), st.result.text);
			else
				printf(" %02d:00  | %6.2f %7.2f %7.2f %7s | %7.2f %6.1f | %-6s | %s\n", (lt.hour + 23) % 24,
				       hacc.pv_wh / 1000 / hrs, hacc.house_wh / 1000 / hrs, hacc.ev_wh / 1000 / hrs,
				       hacc.wh_wh > 0 ? "on" : "off", (hacc.import_wh - hacc.export_wh) / 1000 / hrs,
				       hacc.peak_a, hacc.hc_n * 2 >= hacc.n ? "HC" : "HP", evc_state_name(st.result.state));
			memset(&hacc, 0, sizeof hacc);
		}
	}

	if (rc == 0) {
		tariff_bill bill;
		const tariff_totals *ti = tariff_cost_totals(&c_rules);
		if (tariff_bill_make(set, ti, tariff_cost_totals(&c_export), tariff_cost_totals(&c_self), &bill) != 0) {
			rc = fail("libtariff", "bill");
		} else {
			char imp[32], imp_vat[32], exp_s[32], net[32], save[32], idx[32];
			unsigned d = (unsigned)set->currency_digits;
			money_str(bill.import_cost, d, imp, sizeof imp);
			money_str(bill.import_cost_vat, d, imp_vat, sizeof imp_vat);
			money_str(bill.export_revenue, d, exp_s, sizeof exp_s);
			money_str(bill.net, d, net, sizeof net);
			money_str(bill.pv_saving, d, save, sizeof save);
			money_str(tariff_cost_totals(&c_index)->cost, d, idx, sizeof idx);
			double ev_pv_pct = tot.ev_wh > 0 ? 100 * tot.ev_pv_wh / tot.ev_wh : 0;
			if (o.json) {
				printf("{\"summary\":{\"pv_kwh\":%.3f,\"house_kwh\":%.3f,\"ev_kwh\":%.3f,"
				       "\"pv_meter_kwh\":%.3f,\"ev_pv_share_pct\":%.1f,\"water_heater_kwh\":%.3f,\"import_kwh\":%.3f,"
				       "\"export_kwh\":%.3f,\"peak_phase_a\":%.1f,\"limit_a\":%.1f,\"breaker_a\":%.1f,"
				       "\"over_limit_s\":%d,\"over_breaker_s\":%d,"
				       "\"ev_starts\":%d,\"ev_stops\":%d,\"tic_frames\":%u,\"tic_bytes\":%" PRIu64 ","
				       "\"modbus_errors\":%d,\"currency\":\"%s\",\"import_cost\":\"%s\","
				       "\"import_cost_vat\":\"%s\",\"import_cost_by_meter_index\":\"%s\","
				       "\"export_revenue\":\"%s\",\"net\":\"%s\",\"pv_saving\":\"%s\"}}\n",
				       tot.pv_wh / 1000, tot.house_wh / 1000, tot.ev_wh / 1000,
				       tot.pv_meter_wh / 1000, ev_pv_pct, tot.wh_wh / 1000, tot.import_wh / 1000, tot.export_wh / 1000, tot.peak_a, limit_a,
				       breaker_a, tot.over_limit_s, tot.over_breaker_s, tot.starts, tot.stops, tot.tic_frames, lk.bytes,
				       tot.modbus_errors, set->currency, imp, imp_vat, idx, exp_s, net, save);
			} else {
				printf("\nEnergy: PV %.1f kWh, house %.1f kWh, car %.1f kWh (%.0f %% from PV), water heater %.1f kWh\n",
				       tot.pv_wh / 1000, tot.house_wh / 1000, tot.ev_wh / 1000, ev_pv_pct, tot.wh_wh / 1000);
				printf("Grid: imported %.1f kWh, exported %.1f kWh; peak phase current %.1f A; %d s over the\n"
				       "      derated limit of %.1f A, %d s over the breaker's %.0f A (a load switched on\n"
				       "      is seen at the next step: the time over is bounded by the step)\n",
				       tot.import_wh / 1000, tot.export_wh / 1000, tot.peak_a, tot.over_limit_s, limit_a,
				       tot.over_breaker_s, breaker_a);
				printf("Car: %d start(s), %d stop(s); %s\n", tot.starts, tot.stops, st.result.text);
				printf("Linky: %u TIC frames, %" PRIu64 " bytes decoded; Modbus: %d failed polls or writes,\n"
				       "      PV by the Modbus meter %.1f kWh\n",
				       tot.tic_frames, lk.bytes, tot.modbus_errors, tot.pv_meter_wh / 1000);
				printf("Bill (%s): import %s (%s incl. VAT; by the Linky's indexes %s), export revenue %s,\n"
				       "      net %s, PV self-consumption saved %s\n",
				       set->currency, imp, imp_vat, idx, exp_s, net, save);
			}
		}
	}

	ems_installation_free(inst);
	hems_sim_free(sim);
	tariff_config_free(tcfg);
	return rc;
}
