/* Simulated Enphase IQ Gateway and Enlighten/Entrez cloud: see envoy_sim.h. */
#define _POSIX_C_SOURCE 200809L /* strdup, strtok_r, nanosleep */
#include "envoy_sim.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <jansson.h>
#include <microhttpd.h>

#define SIM_MAX_TOKENS 8
#define SIM_MAX_RULES 16
#define SIM_MAX_HITS 32
#define SIM_MAX_UPLOAD 65536

typedef struct rule {
	char path[64]; /* "" = every path */
	envoy_sim_fault fault;
	unsigned left; /* 0 = forever */
} rule;

typedef struct body_override {
	char path[64];
	char *body;
} body_override;

typedef struct token_entry {
	char *token;
	int64_t exp;
} token_entry;

struct envoy_sim {
	struct MHD_Daemon *d;
	uint16_t port;
	pthread_mutex_t lock;
	volatile int stopping;
	char *cert, *key;
	envoy_sim_model model;
	token_entry tokens[SIM_MAX_TOKENS];
	size_t ntokens;
	rule rules[SIM_MAX_RULES];
	body_override bodies[SIM_MAX_RULES];
	unsigned slow_ms;
	struct {
		char path[64];
		unsigned n;
	} hits[SIM_MAX_HITS];
	unsigned hits_all;
	/* cloud */
	char *username, *password, *serial;
	unsigned token_lifetime_s;
	char session[40];
	unsigned session_counter;
	char last_token[2048];
	envoy_sim *gateway;
};

typedef struct req {
	char *data;
	size_t len;
	int too_big;
} req;

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *p = NULL;
	size_t len = 0, cap = 0, n;
	char chunk[4096];
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (len + n + 1 > cap) {
			cap = (len + n + 1) * 2;
			char *q = realloc(p, cap);
			if (!q) {
				free(p);
				fclose(f);
				return NULL;
			}
			p = q;
		}
		memcpy(p + len, chunk, n);
		len += n;
	}
	fclose(f);
	if (p)
		p[len] = '\0';
	return p;
}

/* ---- tokens ----------------------------------------------------------------------------- */

static const char b64u[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static void b64url_enc(const char *in, size_t n, char *out, size_t cap)
{
	size_t o = 0;
	for (size_t i = 0; i < n && o + 5 < cap; i += 3) {
		uint32_t v = (uint32_t)(unsigned char)in[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)(unsigned char)in[i + 1] << 8;
		if (i + 2 < n)
			v |= (uint32_t)(unsigned char)in[i + 2];
		out[o++] = b64u[(v >> 18) & 63];
		out[o++] = b64u[(v >> 12) & 63];
		if (i + 1 < n)
			out[o++] = b64u[(v >> 6) & 63];
		if (i + 2 < n)
			out[o++] = b64u[v & 63];
	}
	out[o] = '\0';
}

static int64_t token_exp(const char *tok)
{
	const char *a = strchr(tok, '.');
	const char *b = a ? strchr(a + 1, '.') : NULL;
	if (!b)
		return 0;
	char dec[2048];
	size_t o = 0;
	uint32_t acc = 0;
	int bits = 0;
	for (const char *p = a + 1; p < b && o + 1 < sizeof dec; p++) {
		const char *q = strchr(b64u, *p);
		if (!q || !*p)
			return 0;
		acc = (acc << 6) | (uint32_t)(q - b64u);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			dec[o++] = (char)(acc >> bits);
			acc &= (1u << bits) - 1u;
		}
	}
	json_t *j = json_loadb(dec, o, 0, NULL);
	int64_t exp = j ? (int64_t)json_integer_value(json_object_get(j, "exp")) : 0;
	json_decref(j);
	return exp;
}

void envoy_sim_make_token(int64_t exp, const char *serial, const char *jti, char *out, size_t n)
{
	char payload[512], h64[128], p64[800];
	const char *header = "{\"kid\":\"hems-sim\",\"typ\":\"JWT\",\"alg\":\"ES256\"}";
	snprintf(payload, sizeof payload,
		 "{\"aud\":\"%s\",\"iss\":\"Entrez\",\"enphaseUser\":\"owner\",\"exp\":%lld,"
		 "\"iat\":%lld,\"jti\":\"%s\",\"username\":\"owner@example.com\"}",
		 serial ? serial : "122300000001", (long long)exp, (long long)exp - 31536000,
		 jti ? jti : "sim");
	b64url_enc(header, strlen(header), h64, sizeof h64);
	b64url_enc(payload, strlen(payload), p64, sizeof p64);
	snprintf(out, n, "%s.%s.c2ltdWxhdGVkLXNpZ25hdHVyZQ", h64, p64);
}

static void accept_locked(envoy_sim *s, const char *token)
{
	if (!token)
		return;
	if (s->ntokens == SIM_MAX_TOKENS) { /* forget the oldest */
		free(s->tokens[0].token);
		memmove(&s->tokens[0], &s->tokens[1], (SIM_MAX_TOKENS - 1) * sizeof s->tokens[0]);
		s->ntokens--;
	}
	s->tokens[s->ntokens].token = strdup(token);
	s->tokens[s->ntokens].exp = token_exp(token);
	if (s->tokens[s->ntokens].token)
		s->ntokens++;
}

void envoy_sim_accept_token(envoy_sim *s, const char *token)
{
	pthread_mutex_lock(&s->lock);
	accept_locked(s, token);
	pthread_mutex_unlock(&s->lock);
}

void envoy_sim_link_gateway(envoy_sim *cloud, envoy_sim *gateway)
{
	pthread_mutex_lock(&cloud->lock);
	cloud->gateway = gateway;
	pthread_mutex_unlock(&cloud->lock);
}

void envoy_sim_last_token(envoy_sim *s, char *out, size_t n)
{
	pthread_mutex_lock(&s->lock);
	snprintf(out, n, "%s", s->last_token);
	pthread_mutex_unlock(&s->lock);
}

/* ---- model ------------------------------------------------------------------------------ */

void envoy_sim_model_default(envoy_sim_model *m)
{
	memset(m, 0, sizeof *m);
	m->phases = 3;
	m->has_ct = 1;
	m->production_w[0] = 1200;
	m->production_w[1] = 1150;
	m->production_w[2] = 1100;
	m->consumption_w[0] = 800;
	m->consumption_w[1] = 300;
	m->consumption_w[2] = 1500;
	m->voltage_v[0] = 231.2;
	m->voltage_v[1] = 229.8;
	m->voltage_v[2] = 230.5;
	m->frequency_hz = 50.01;
	m->production_wh = 4351113.0;
	m->consumption_wh = 4074795.0;
	m->import_wh = 3738205.0;
	m->export_wh = 4014523.0; /* import - export = consumption - production */
	m->inverters_wh = 4339764.0;
	m->reading_time = 1700000000;
	m->n_inverters = 4;
	const double p[4] = {870, 860, 880, 640};
	for (size_t i = 0; i < 4; i++) {
		snprintf(m->inverters[i].serial, sizeof m->inverters[i].serial, "1221000%05zu",
			 i + 1);
		m->inverters[i].power_w = p[i];
		m->inverters[i].max_power_w = 295 + 10 * (double)i;
	}
}

void envoy_sim_set_model(envoy_sim *s, const envoy_sim_model *m)
{
	pthread_mutex_lock(&s->lock);
	s->model = *m;
	pthread_mutex_unlock(&s->lock);
}

void envoy_sim_get_model(envoy_sim *s, envoy_sim_model *m)
{
	pthread_mutex_lock(&s->lock);
	*m = s->model;
	pthread_mutex_unlock(&s->lock);
}

static double sum_n(const double *v, unsigned n)
{
	double t = 0;
	for (unsigned i = 0; i < n; i++)
		t += v[i];
	return t;
}

/* An eim section of /production.json with its per-phase lines. */
static json_t *eim_section(const char *mtype, int active, int64_t t, const double *w,
			   unsigned n, double wh, const double *volt)
{
	json_t *lines = json_array();
	double vsum = 0;
	for (unsigned i = 0; i < n; i++) {
		json_array_append_new(lines,
				      json_pack("{s:f, s:f, s:f, s:f, s:f, s:f}", "wNow", w[i],
						"whLifetime", wh / n, "rmsVoltage", volt[i],
						"rmsCurrent", volt[i] > 0 ? w[i] / volt[i] : 0.0,
						"pwrFactor", 0.98, "whToday", 0.0));
		vsum += volt[i];
	}
	return json_pack("{s:s, s:i, s:s, s:I, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:o}",
			 "type", "eim", "activeCount", active, "measurementType", mtype,
			 "readingTime", (json_int_t)t, "wNow", sum_n(w, n), "whLifetime", wh,
			 "varhLeadLifetime", 0.005, "varhLagLifetime", 1264880.372, "rmsVoltage",
			 vsum, "pwrFactor", 0.98, "whToday", 5113.2, "whLastSevenDays", 69492.2,
			 "lines", lines);
}

static json_t *render_production(const envoy_sim_model *m, int64_t t)
{
	unsigned n = m->phases;
	double net[3] = {0}, inv_w = 0;
	for (unsigned i = 0; i < n; i++)
		net[i] = m->consumption_w[i] - m->production_w[i];
	for (size_t i = 0; i < m->n_inverters; i++)
		inv_w += m->inverters[i].power_w;
	json_t *prod = json_array(), *cons = json_array();
	json_array_append_new(prod, json_pack("{s:s, s:I, s:I, s:f, s:f}", "type", "inverters",
					      "activeCount", (json_int_t)m->n_inverters,
					      "readingTime", (json_int_t)t, "wNow", inv_w,
					      "whLifetime", m->inverters_wh));
	double netwh = m->import_wh - m->export_wh;
	if (m->quirk_no_ct) {
		/* CTs not installed: the eim section is present but measures nothing. */
		const double odd[3] = {-2220.1, -2220.1, -2220.1};
		json_array_append_new(prod, eim_section("production", 0, t, odd, n, 0.01,
							m->voltage_v));
	} else if (m->has_ct) {
		json_array_append_new(prod, eim_section("production", 1, t, m->production_w, n,
							m->production_wh, m->voltage_v));
		if (m->quirk_total_is_net)
			json_array_append_new(cons, eim_section("total-consumption", 1, t, net, n,
								netwh, m->voltage_v));
		else
			json_array_append_new(cons, eim_section("total-consumption", 1, t,
								m->consumption_w, n,
								m->consumption_wh, m->voltage_v));
		json_array_append_new(cons, eim_section("net-consumption", 1, t, net, n, netwh,
							m->voltage_v));
	}
	json_t *storage = json_pack("[{s:s, s:i, s:i, s:i, s:i, s:s}]", "type", "acb",
				    "activeCount", 0, "readingTime", 0, "wNow", 0, "whNow", 0,
				    "state", "idle");
	return json_pack("{s:o, s:o, s:o}", "production", prod, "consumption", cons, "storage",
			 storage);
}

#define EID_PROD 704643328
#define EID_NET 704643584

static json_t *render_meters(const envoy_sim_model *m)
{
	json_t *a = json_array();
	if (!m->has_ct && !m->quirk_no_ct)
		return a;
	const char *mode = m->phases == 1 ? "single" : "three";
	const char *st = m->quirk_no_ct ? "disabled" : "enabled";
	json_array_append_new(a, json_pack("{s:i, s:s, s:s, s:s, s:i, s:s, s:[]}", "eid",
					   EID_PROD, "state", st, "measurementType", "production",
					   "phaseMode", mode, "phaseCount", (int)m->phases,
					   "meteringStatus", "normal", "statusFlags"));
	json_array_append_new(a, json_pack("{s:i, s:s, s:s, s:s, s:i, s:s, s:[]}", "eid",
					   EID_NET, "state", st, "measurementType",
					   "net-consumption", "phaseMode", mode, "phaseCount",
					   (int)m->phases, "meteringStatus", "normal",
					   "statusFlags"));
	return a;
}

static json_t *meter_reading(int eid, int64_t t, const double *w, unsigned n, double dlvd,
			     double rcvd, const envoy_sim_model *m)
{
	json_t *ch = json_array();
	/* always three channels: the unused phases read zero (as the firmware does) */
	for (unsigned i = 0; i < 3; i++)
		json_array_append_new(
			ch, json_pack("{s:i, s:I, s:f, s:f, s:f, s:f, s:f}", "eid", eid + 1 + (int)i,
				      "timestamp", (json_int_t)t, "actEnergyDlvd", i < n ? dlvd / n : 0.0,
				      "actEnergyRcvd", i < n ? rcvd / n : 0.0, "activePower",
				      i < n ? w[i] : 0.0, "voltage", i < n ? m->voltage_v[i] : 3.1,
				      "freq", m->frequency_hz));
	return json_pack("{s:i, s:I, s:f, s:f, s:f, s:f, s:f, s:f, s:o}", "eid", eid, "timestamp",
			 (json_int_t)t, "actEnergyDlvd", dlvd, "actEnergyRcvd", rcvd,
			 "activePower", sum_n(w, n), "instantaneousDemand", sum_n(w, n), "voltage",
			 m->voltage_v[0], "freq", m->frequency_hz, "channels", ch);
}

static json_t *render_readings(const envoy_sim_model *m, int64_t t)
{
	json_t *a = json_array();
	if (!m->has_ct || m->quirk_no_ct)
		return a;
	double net[3] = {0};
	for (unsigned i = 0; i < m->phases; i++)
		net[i] = m->consumption_w[i] - m->production_w[i];
	json_array_append_new(a, meter_reading(EID_PROD, t, m->production_w, m->phases,
					       m->production_wh, 0.0, m));
	json_array_append_new(a, meter_reading(EID_NET, t, net, m->phases, m->import_wh,
					       m->export_wh, m));
	return a;
}

static json_t *render_inverters(const envoy_sim_model *m, int64_t t)
{
	json_t *a = json_array();
	for (size_t i = 0; i < m->n_inverters; i++)
		json_array_append_new(a, json_pack("{s:s, s:I, s:i, s:f, s:f}", "serialNumber",
						   m->inverters[i].serial, "lastReportDate",
						   (json_int_t)t, "devType", 1, "lastReportWatts",
						   m->inverters[i].power_w, "maxReportWatts",
						   m->inverters[i].max_power_w));
	return a;
}

static json_t *render_inventory(const envoy_sim_model *m)
{
	json_t *a = json_array();
	if (!m->n_batteries)
		return a;
	json_t *devs = json_array();
	for (size_t i = 0; i < m->n_batteries; i++)
		json_array_append_new(devs,
				      json_pack("{s:s, s:s, s:f, s:f, s:b, s:i}", "part_num",
						"830-01760-r37", "serial_num", m->batteries[i].serial,
						"percentFull", m->batteries[i].soc_pct,
						"encharge_capacity", m->batteries[i].capacity_wh,
						"communicating", 1, "temperature", 24));
	json_array_append_new(a, json_pack("{s:s, s:o}", "type", "ENCHARGE", "devices", devs));
	json_array_append_new(a, json_pack("{s:s, s:[]}", "type", "ENPOWER", "devices"));
	return a;
}

static json_t *render_power(const envoy_sim_model *m)
{
	json_t *devs = json_array();
	for (size_t i = 0; i < m->n_batteries; i++)
		json_array_append_new(devs, json_pack("{s:s, s:f, s:f, s:f}", "serial_num",
						      m->batteries[i].serial, "real_power_mw",
						      m->batteries[i].power_w * 1000.0,
						      "apparent_power_mva",
						      m->batteries[i].power_w * 1000.0, "soc",
						      m->batteries[i].soc_pct));
	return json_pack("{s:o}", "devices:", devs);
}

/* ---- HTTP ----------------------------------------------------------------------------- */

static enum MHD_Result reply(struct MHD_Connection *c, unsigned status, const char *ctype,
			     const char *body, size_t len)
{
	struct MHD_Response *r =
		MHD_create_response_from_buffer(len, (void *)(uintptr_t)body, MHD_RESPMEM_MUST_COPY);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", ctype);
	enum MHD_Result ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result reply_json(struct MHD_Connection *c, unsigned status, json_t *j)
{
	char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	if (!s)
		return reply(c, 500, "text/plain", "render failed", 13);
	enum MHD_Result ret = reply(c, status, "application/json", s, strlen(s));
	free(s);
	return ret;
}

static void count_hit(envoy_sim *s, const char *path)
{
	s->hits_all++;
	for (size_t i = 0; i < SIM_MAX_HITS; i++) {
		if (s->hits[i].path[0] == '\0') {
			snprintf(s->hits[i].path, sizeof s->hits[i].path, "%s", path);
			s->hits[i].n = 1;
			return;
		}
		if (strcmp(s->hits[i].path, path) == 0) {
			s->hits[i].n++;
			return;
		}
	}
}

unsigned envoy_sim_hits(envoy_sim *s, const char *path)
{
	unsigned n = 0;
	pthread_mutex_lock(&s->lock);
	if (!path)
		n = s->hits_all;
	for (size_t i = 0; path && i < SIM_MAX_HITS; i++)
		if (strcmp(s->hits[i].path, path) == 0)
			n = s->hits[i].n;
	pthread_mutex_unlock(&s->lock);
	return n;
}

/* The fault for this path, consuming one use. */
static envoy_sim_fault take_fault(envoy_sim *s, const char *path)
{
	for (size_t i = 0; i < SIM_MAX_RULES; i++) {
		rule *r = &s->rules[i];
		if (r->fault == ENVOY_SIM_FAULT_NONE)
			continue;
		if (r->path[0] && strcmp(r->path, path) != 0)
			continue;
		envoy_sim_fault f = r->fault;
		if (r->left && --r->left == 0)
			r->fault = ENVOY_SIM_FAULT_NONE;
		return f;
	}
	return ENVOY_SIM_FAULT_NONE;
}

void envoy_sim_set_fault(envoy_sim *s, const char *path, envoy_sim_fault f, unsigned count)
{
	pthread_mutex_lock(&s->lock);
	const char *p = path ? path : "";
	rule *slot = NULL;
	for (size_t i = 0; i < SIM_MAX_RULES; i++) {
		if (strcmp(s->rules[i].path, p) == 0 &&
		    (s->rules[i].fault != ENVOY_SIM_FAULT_NONE || !slot)) {
			slot = &s->rules[i];
			break;
		}
		if (!slot && s->rules[i].fault == ENVOY_SIM_FAULT_NONE)
			slot = &s->rules[i];
	}
	if (slot) {
		snprintf(slot->path, sizeof slot->path, "%s", p);
		slot->fault = f;
		slot->left = count;
	}
	pthread_mutex_unlock(&s->lock);
}

void envoy_sim_set_slow_ms(envoy_sim *s, unsigned ms)
{
	pthread_mutex_lock(&s->lock);
	s->slow_ms = ms;
	pthread_mutex_unlock(&s->lock);
}

void envoy_sim_set_body(envoy_sim *s, const char *path, const char *body)
{
	pthread_mutex_lock(&s->lock);
	body_override *free_slot = NULL, *hit = NULL;
	for (size_t i = 0; i < SIM_MAX_RULES; i++) {
		if (s->bodies[i].body && strcmp(s->bodies[i].path, path) == 0)
			hit = &s->bodies[i];
		else if (!s->bodies[i].body && !free_slot)
			free_slot = &s->bodies[i];
	}
	if (hit) {
		free(hit->body);
		hit->body = NULL;
	}
	body_override *slot = hit ? hit : free_slot;
	if (body && slot) {
		snprintf(slot->path, sizeof slot->path, "%s", path);
		slot->body = strdup(body);
	}
	pthread_mutex_unlock(&s->lock);
}

static void sleep_ms(unsigned ms)
{
	struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

/* Cloud: /login/login.json (form) and /tokens (JSON). Called with the lock held. */
static enum MHD_Result handle_cloud(envoy_sim *s, struct MHD_Connection *c, const char *url,
				    req *rq)
{
	if (strcmp(url, "/login/login.json") == 0) {
		/* parse user[email]=..&user[password]=.. */
		char email[256] = "", pass[256] = "";
		char *data = rq->data ? strdup(rq->data) : strdup("");
		char *save = NULL;
		for (char *kv = strtok_r(data, "&", &save); kv; kv = strtok_r(NULL, "&", &save)) {
			char *eq = strchr(kv, '=');
			if (!eq)
				continue;
			*eq = '\0';
			MHD_http_unescape(kv);
			MHD_http_unescape(eq + 1);
			if (strcmp(kv, "user[email]") == 0)
				snprintf(email, sizeof email, "%s", eq + 1);
			else if (strcmp(kv, "user[password]") == 0)
				snprintf(pass, sizeof pass, "%s", eq + 1);
		}
		free(data);
		if (!s->username || strcmp(email, s->username) != 0 || !s->password ||
		    strcmp(pass, s->password) != 0)
			return reply_json(c, 401, json_pack("{s:s}", "message",
							    "Invalid email or password"));
		snprintf(s->session, sizeof s->session, "sess%08u", ++s->session_counter);
		return reply_json(c, 200,
				  json_pack("{s:s, s:s, s:b, s:s}", "message", "success",
					    "session_id", s->session, "is_consumer", 1,
					    "manager_token", "mgr"));
	}
	/* /tokens */
	json_t *j = json_loadb(rq->data ? rq->data : "", rq->len, 0, NULL);
	const char *sid = json_string_value(json_object_get(j, "session_id"));
	const char *sn = json_string_value(json_object_get(j, "serial_num"));
	const char *un = json_string_value(json_object_get(j, "username"));
	int ok = sid && sn && un && s->session[0] && strcmp(sid, s->session) == 0 && s->serial &&
		 strcmp(sn, s->serial) == 0 && s->username && strcmp(un, s->username) == 0;
	json_decref(j);
	if (!ok)
		return reply(c, 400, "text/plain", "bad token request", 17);
	char jti[32];
	snprintf(jti, sizeof jti, "issued%u", s->session_counter);
	int64_t exp = (int64_t)time(NULL) +
		      (s->token_lifetime_s ? (int64_t)s->token_lifetime_s : 31536000);
	envoy_sim_make_token(exp, s->serial, jti, s->last_token, sizeof s->last_token);
	if (s->gateway && s->gateway != s) {
		/* Lock order: cloud then gateway (never the reverse). */
		pthread_mutex_lock(&s->gateway->lock);
		accept_locked(s->gateway, s->last_token);
		pthread_mutex_unlock(&s->gateway->lock);
	} else if (s->gateway == s) {
		accept_locked(s, s->last_token);
	}
	return reply(c, 200, "text/plain", s->last_token, strlen(s->last_token));
}

static int token_ok(envoy_sim *s, struct MHD_Connection *c)
{
	const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
	if (!h || strncmp(h, "Bearer ", 7) != 0)
		return 0;
	h += 7;
	int64_t now = (int64_t)time(NULL);
	for (size_t i = 0; i < s->ntokens; i++)
		if (strcmp(s->tokens[i].token, h) == 0)
			return s->tokens[i].exp > now;
	return 0;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url,
			       const char *method, const char *version, const char *upload,
			       size_t *upload_size, void **con_cls)
{
	(void)version;
	envoy_sim *s = cls;
	req *rq = *con_cls;
	if (!rq) {
		rq = calloc(1, sizeof *rq);
		if (!rq)
			return MHD_NO;
		*con_cls = rq;
		return MHD_YES;
	}
	if (*upload_size) {
		if (rq->len + *upload_size > SIM_MAX_UPLOAD) {
			rq->too_big = 1;
		} else {
			char *p = realloc(rq->data, rq->len + *upload_size + 1);
			if (!p)
				return MHD_NO;
			memcpy(p + rq->len, upload, *upload_size);
			rq->data = p;
			rq->len += *upload_size;
			rq->data[rq->len] = '\0';
		}
		*upload_size = 0;
		return MHD_YES;
	}

	pthread_mutex_lock(&s->lock);
	count_hit(s, url);
	envoy_sim_fault f = take_fault(s, url);
	unsigned slow = s->slow_ms;
	pthread_mutex_unlock(&s->lock);

	if (f == ENVOY_SIM_FAULT_SLOW) {
		for (unsigned t = 0; t < slow && !s->stopping; t += 10)
			sleep_ms(10);
	}
	if (f == ENVOY_SIM_FAULT_DROP)
		return MHD_NO; /* libmicrohttpd closes the connection */
	if (f == ENVOY_SIM_FAULT_401)
		return reply(c, 401, "text/plain", "Unauthorized", 12);
	if (f == ENVOY_SIM_FAULT_500)
		return reply(c, 500, "text/plain", "Internal Server Error", 21);
	if (f == ENVOY_SIM_FAULT_404)
		return reply_json(c, 404, json_pack("{s:s}", "error", "404 - Not Found"));
	if (f == ENVOY_SIM_FAULT_MALFORMED)
		return reply(c, 200, "application/json", "{\"production\": [{\"type\": \"inv", 30);

	pthread_mutex_lock(&s->lock);
	enum MHD_Result ret;
	if (strcmp(method, "POST") == 0 &&
	    (strcmp(url, "/login/login.json") == 0 || strcmp(url, "/tokens") == 0)) {
		ret = rq->too_big ? reply(c, 413, "text/plain", "too big", 7)
				  : handle_cloud(s, c, url, rq);
		pthread_mutex_unlock(&s->lock);
		return ret;
	}
	if (strcmp(method, "GET") != 0) {
		pthread_mutex_unlock(&s->lock);
		return reply(c, 405, "text/plain", "Method Not Allowed", 18);
	}
	if (!token_ok(s, c)) {
		pthread_mutex_unlock(&s->lock);
		return reply(c, 401, "text/plain", "Unauthorized", 12);
	}
	for (size_t i = 0; i < SIM_MAX_RULES; i++) {
		if (s->bodies[i].body && strcmp(s->bodies[i].path, url) == 0) {
			ret = reply(c, 200, "application/json", s->bodies[i].body,
				    strlen(s->bodies[i].body));
			pthread_mutex_unlock(&s->lock);
			return ret;
		}
	}
	const envoy_sim_model *m = &s->model;
	int64_t t = m->reading_time ? m->reading_time : (int64_t)time(NULL);
	json_t *doc = NULL;
	if (strcmp(url, "/production.json") == 0)
		doc = render_production(m, t);
	else if (strcmp(url, "/ivp/meters") == 0)
		doc = render_meters(m);
	else if (strcmp(url, "/ivp/meters/readings") == 0)
		doc = render_readings(m, t);
	else if (strcmp(url, "/api/v1/production/inverters") == 0)
		doc = render_inverters(m, t);
	else if (strcmp(url, "/ivp/ensemble/inventory") == 0)
		doc = render_inventory(m);
	else if (strcmp(url, "/ivp/ensemble/power") == 0)
		doc = render_power(m);
	else if (strcmp(url, "/auth/check_jwt") == 0) {
		pthread_mutex_unlock(&s->lock);
		return reply(c, 200, "text/html", "<!DOCTYPE html><h2>Valid token.</h2>", 36);
	}
	pthread_mutex_unlock(&s->lock);
	if (!doc)
		return reply_json(c, 404, json_pack("{s:s}", "error", "404 - Not Found"));
	return reply_json(c, 200, doc);
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
		      enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)c;
	(void)toe;
	req *rq = *con_cls;
	if (rq) {
		free(rq->data);
		free(rq);
		*con_cls = NULL;
	}
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

envoy_sim *envoy_sim_start(const envoy_sim_options *o)
{
	envoy_sim *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	pthread_mutex_init(&s->lock, NULL);
	s->cert = read_file(o->cert_file);
	s->key = read_file(o->key_file);
	if (!s->cert || !s->key) {
		fprintf(stderr, "envoy_sim: cannot read %s or %s\n", o->cert_file, o->key_file);
		envoy_sim_stop(s);
		return NULL;
	}
	s->username = dup_or_null(o->username);
	s->password = dup_or_null(o->password);
	s->serial = dup_or_null(o->serial);
	s->token_lifetime_s = o->token_lifetime_s;
	envoy_sim_model_default(&s->model);
	struct sockaddr_in sa;
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons(o->port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	s->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION |
					MHD_USE_TLS | MHD_USE_ERROR_LOG,
				o->port, NULL, NULL, handler, s, MHD_OPTION_SOCK_ADDR, &sa,
				MHD_OPTION_HTTPS_MEM_CERT, s->cert, MHD_OPTION_HTTPS_MEM_KEY,
				s->key, MHD_OPTION_NOTIFY_COMPLETED, completed, s,
				MHD_OPTION_CONNECTION_TIMEOUT, 10u, MHD_OPTION_END);
	if (!s->d) {
		fprintf(stderr, "envoy_sim: cannot start the HTTPS server\n");
		envoy_sim_stop(s);
		return NULL;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	s->port = di ? di->port : 0;
	if (!s->port) {
		envoy_sim_stop(s);
		return NULL;
	}
	return s;
}

uint16_t envoy_sim_port(const envoy_sim *s)
{
	return s->port;
}

void envoy_sim_stop(envoy_sim *s)
{
	if (!s)
		return;
	s->stopping = 1;
	if (s->d)
		MHD_stop_daemon(s->d);
	for (size_t i = 0; i < s->ntokens; i++)
		free(s->tokens[i].token);
	for (size_t i = 0; i < SIM_MAX_RULES; i++)
		free(s->bodies[i].body);
	free(s->cert);
	free(s->key);
	free(s->username);
	free(s->password);
	free(s->serial);
	pthread_mutex_destroy(&s->lock);
	free(s);
}
