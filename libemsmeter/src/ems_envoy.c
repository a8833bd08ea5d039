/* Envoy driver: HTTPS transport (libcurl), certificate pinning, tokens (manual, cloud
 * login + token request, renewal before expiry), the read sequence and the quirk that
 * needs history (stalled production counter). Parsing lives in ems_envoy_json.c. */
#define _POSIX_C_SOURCE 200809L /* strdup */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <jansson.h>

#include "ems_envoy_internal.h"

#define ENVOY_MAX_BODY (8u * 1024u * 1024u) /* larger answers are refused (EMS_EPROTO) */
#define ENVOY_MAX_TOKEN 16384u

struct ems_envoy {
	char *host;
	uint16_t port;
	char *token;
	int64_t token_exp; /* 0: unknown */
	char *username, *password, *serial;
	char *login_url, *token_url, *cloud_ca_file;
	char *pinned_pubkey, *pinned_cert_file;
	unsigned timeout_ms, connect_timeout_ms, renew_margin_s, stall_window_s;
	double stall_min_w;
	CURL *gw; /* the gateway connection, kept alive between requests */
	char curl_err[CURL_ERROR_SIZE];
	ems_envoy_error err;
	/* stalled production counter detection (gateway time) */
	int stall_have;
	double stall_wh, stall_prev_inv_w;
	int64_t stall_prev_t, stall_active_s;
	int64_t renew_failed_at; /* last failed early renewal (0: none) */
};

/* After a failed renewal while the token still works, wait this long before the next
 * attempt, so that an unreachable cloud does not slow every poll down. */
#define ENVOY_RENEW_BACKOFF_S 300

typedef struct buf {
	char *p;
	size_t len, cap;
	int too_big;
} buf;

static void buf_free(buf *b)
{
	free(b->p);
	memset(b, 0, sizeof *b);
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *user)
{
	buf *b = user;
	size_t n = size * nmemb;
	if (b->len + n + 1 > ENVOY_MAX_BODY) {
		b->too_big = 1;
		return 0;
	}
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p)
			return 0;
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, data, n);
	b->len += n;
	b->p[b->len] = '\0';
	return n;
}

static char *dup_opt(const char *s, int *oom)
{
	if (!s)
		return NULL;
	char *d = strdup(s);
	if (!d)
		*oom = 1;
	return d;
}

static const ems_envoy_error no_error;

const ems_envoy_error *ems_envoy_last_error(const ems_envoy *envoy)
{
	return envoy ? &envoy->err : &no_error;
}

const char *ems_envoy_token(const ems_envoy *envoy)
{
	return envoy ? envoy->token : NULL;
}

void ems_envoy_free(ems_envoy *e)
{
	if (!e)
		return;
	if (e->gw)
		curl_easy_cleanup(e->gw);
	if (e->token) /* do not leave secrets in freed memory */
		memset(e->token, 0, strlen(e->token));
	if (e->password)
		memset(e->password, 0, strlen(e->password));
	free(e->host);
	free(e->token);
	free(e->username);
	free(e->password);
	free(e->serial);
	free(e->login_url);
	free(e->token_url);
	free(e->cloud_ca_file);
	free(e->pinned_pubkey);
	free(e->pinned_cert_file);
	free(e);
}

static int64_t now_utc(void)
{
	return (int64_t)time(NULL);
}

int ems_envoy_new(const ems_envoy_options *o, ems_envoy **out, ems_envoy_error *err)
{
	if (err)
		memset(err, 0, sizeof *err);
	if (out)
		*out = NULL;
	if (!o || !out)
		return envoy_err_set(err, EMS_EINVAL, "ems_envoy_new", "NULL argument");
	if (o->version != EMS_ENVOY_OPTIONS_VERSION)
		return envoy_err_set(err, EMS_EINVAL, "options.version",
				     "unknown options version %u (this library knows %u)",
				     o->version, (unsigned)EMS_ENVOY_OPTIONS_VERSION);
	if (!o->host || !*o->host)
		return envoy_err_set(err, EMS_ECONFIG, "options.host", "no gateway host");
	if (strpbrk(o->host, "/?#@ \t\r\n"))
		return envoy_err_set(err, EMS_ECONFIG, "options.host",
				     "not a host name or address: \"%s\"", o->host);
	if (!o->pinned_pubkey && !o->pinned_cert_file)
		return envoy_err_set(err, EMS_ECONFIG, "options.pinned_pubkey",
				     "no pin: the gateway's self-signed certificate is accepted "
				     "only by pinning its public key or the certificate itself");
	if (o->pinned_pubkey && o->pinned_cert_file)
		return envoy_err_set(err, EMS_ECONFIG, "options.pinned_pubkey",
				     "give either pinned_pubkey or pinned_cert_file, not both");
	if (o->pinned_pubkey && strncmp(o->pinned_pubkey, "sha256//", 8) != 0)
		return envoy_err_set(err, EMS_ECONFIG, "options.pinned_pubkey",
				     "expected \"sha256//<base64>\"");
	if (o->pinned_cert_file) {
		FILE *f = fopen(o->pinned_cert_file, "rb");
		if (!f)
			return envoy_err_set(err, EMS_ECONFIG, "options.pinned_cert_file",
					     "cannot open %s", o->pinned_cert_file);
		fclose(f);
	}
	int account = o->username && o->password && o->serial;
	if ((o->username || o->password || o->serial) && !account)
		return envoy_err_set(err, EMS_ECONFIG, "options.username",
				     "the automatic token needs username, password and serial");
	if (!o->token && !account)
		return envoy_err_set(err, EMS_ECONFIG, "options.token",
				     "no token and no Enlighten account to obtain one");
	int64_t exp = 0;
	if (o->token) {
		if (strlen(o->token) > ENVOY_MAX_TOKEN)
			return envoy_err_set(err, EMS_ECONFIG, "options.token", "token too long");
		if (ems_envoy_jwt_exp(o->token, &exp) != 0)
			return envoy_err_set(err, EMS_ECONFIG, "options.token",
					     "not a JWT with an exp claim");
	}

	ems_envoy *e = calloc(1, sizeof *e);
	if (!e)
		return envoy_err_set(err, EMS_ENOMEM, "ems_envoy_new", "out of memory");
	int oom = 0;
	e->host = dup_opt(o->host, &oom);
	e->token = dup_opt(o->token, &oom);
	e->username = dup_opt(o->username, &oom);
	e->password = dup_opt(o->password, &oom);
	e->serial = dup_opt(o->serial, &oom);
	e->login_url = dup_opt(o->login_url ? o->login_url : EMS_ENVOY_LOGIN_URL, &oom);
	e->token_url = dup_opt(o->token_url ? o->token_url : EMS_ENVOY_TOKEN_URL, &oom);
	e->cloud_ca_file = dup_opt(o->cloud_ca_file, &oom);
	e->pinned_pubkey = dup_opt(o->pinned_pubkey, &oom);
	e->pinned_cert_file = dup_opt(o->pinned_cert_file, &oom);
	if (oom) {
		ems_envoy_free(e);
		return envoy_err_set(err, EMS_ENOMEM, "ems_envoy_new", "out of memory");
	}
	e->token_exp = exp;
	e->port = o->port ? o->port : 443;
	e->timeout_ms = o->timeout_ms ? o->timeout_ms : 10000;
	e->connect_timeout_ms = o->connect_timeout_ms ? o->connect_timeout_ms : e->timeout_ms;
	e->renew_margin_s = o->renew_margin_s ? o->renew_margin_s : 3600;
	e->stall_window_s = o->stall_window_s ? o->stall_window_s : 1800;
	e->stall_min_w = o->stall_min_w > 0 ? o->stall_min_w : 50.0;
	*out = e;
	return 0;
}

/* ---- transport ------------------------------------------------------------------------- */

static int map_curl(CURLcode c)
{
	switch (c) {
	case CURLE_OPERATION_TIMEDOUT: return EMS_ETIMEDOUT;
	case CURLE_OUT_OF_MEMORY: return EMS_ENOMEM;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ENGINE_SETFAILED:
	case CURLE_SSL_ENGINE_INITFAILED:
	case CURLE_USE_SSL_FAILED: return EMS_ETLS;
	default: return EMS_ECONN;
	}
}

#define SETOPT(h, opt, val)                                                                        \
	do {                                                                                       \
		if (curl_easy_setopt((h), (opt), (val)) != CURLE_OK)                               \
			return EMS_ENOMEM;                                                         \
	} while (0)

/* Options common to the gateway and the cloud handles. */
static int setup_common(ems_envoy *e, CURL *h)
{
	SETOPT(h, CURLOPT_NOSIGNAL, 1L);
	SETOPT(h, CURLOPT_TIMEOUT_MS, (long)e->timeout_ms);
	SETOPT(h, CURLOPT_CONNECTTIMEOUT_MS, (long)e->connect_timeout_ms);
	SETOPT(h, CURLOPT_FOLLOWLOCATION, 0L);
	SETOPT(h, CURLOPT_ERRORBUFFER, e->curl_err);
	SETOPT(h, CURLOPT_WRITEFUNCTION, on_body);
#if LIBCURL_VERSION_NUM >= 0x075500
	SETOPT(h, CURLOPT_PROTOCOLS_STR, "https");
#else
	SETOPT(h, CURLOPT_PROTOCOLS, (long)CURLPROTO_HTTPS);
#endif
	return 0;
}

/* The gateway handle: TLS trust is the pin only. */
static int gw_handle(ems_envoy *e)
{
	if (e->gw)
		return 0;
	CURL *h = curl_easy_init();
	if (!h)
		return EMS_ENOMEM;
	e->gw = h;
	int rc = setup_common(e, h);
	if (rc)
		return rc;
	SETOPT(h, CURLOPT_COOKIEFILE, ""); /* keep the gateway's session cookie */
	if (e->pinned_pubkey) {
		/* The pinned key is the identity: libcurl compares it with the server's key
		 * on every handshake, whatever the chain verification says; the chain (a
		 * self-signed certificate) and the name ("envoy", never the IP we dial)
		 * cannot be verified, so those checks are replaced by the pin, not dropped. */
		SETOPT(h, CURLOPT_PINNEDPUBLICKEY, e->pinned_pubkey);
		SETOPT(h, CURLOPT_SSL_VERIFYPEER, 0L);
		SETOPT(h, CURLOPT_SSL_VERIFYHOST, 0L);
	} else {
		/* The gateway's own certificate as the only trust anchor (no system CAs):
		 * the chain is verified against it. Its name is "envoy", not the address,
		 * so the host name check is off; the anchor is what identifies the gateway. */
		SETOPT(h, CURLOPT_CAINFO, e->pinned_cert_file);
		SETOPT(h, CURLOPT_CAPATH, (char *)NULL);
		SETOPT(h, CURLOPT_SSL_VERIFYPEER, 1L);
		SETOPT(h, CURLOPT_SSL_VERIFYHOST, 0L);
	}
	return 0;
}

/* Perform a request on h; body receives the answer. */
static int perform(ems_envoy *e, CURL *h, const char *what, buf *body, long *status)
{
	e->curl_err[0] = '\0';
	*status = 0;
	if (curl_easy_setopt(h, CURLOPT_WRITEDATA, body) != CURLE_OK)
		return envoy_err_set(&e->err, EMS_ENOMEM, what, "cannot set up the request");
	CURLcode c = curl_easy_perform(h);
	if (c != CURLE_OK) {
		if (c == CURLE_WRITE_ERROR && body->too_big)
			return envoy_err_set(&e->err, EMS_EPROTO, what,
					     "answer larger than %u bytes", ENVOY_MAX_BODY);
		if (c == CURLE_WRITE_ERROR)
			return envoy_err_set(&e->err, EMS_ENOMEM, what, "out of memory");
		return envoy_err_set(&e->err, map_curl(c), what, "%s",
				     e->curl_err[0] ? e->curl_err : curl_easy_strerror(c));
	}
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, status);
	return 0;
}

/* ---- tokens ------------------------------------------------------------------------------- */

static int set_token(ems_envoy *e, const char *tok, size_t len)
{
	char *t = malloc(len + 1);
	if (!t)
		return envoy_err_set(&e->err, EMS_ENOMEM, "token", "out of memory");
	memcpy(t, tok, len);
	t[len] = '\0';
	int64_t exp;
	if (ems_envoy_jwt_exp(t, &exp) != 0) {
		free(t);
		return envoy_err_set(&e->err, EMS_EAUTH, e->token_url,
				     "the token answer is not a JWT with an exp claim");
	}
	if (e->token) {
		memset(e->token, 0, strlen(e->token));
		free(e->token);
	}
	e->token = t;
	e->token_exp = exp;
	return 0;
}

/* A short, printable excerpt of an answer for error texts. */
static void excerpt(const buf *b, char *out, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; b->p && i < b->len && k + 1 < n && k < 80; i++)
		out[k++] = isprint((unsigned char)b->p[i]) ? b->p[i] : ' ';
	out[k] = '\0';
}

static int cloud_post(ems_envoy *e, const char *url, const char *ctype, const char *data,
		      buf *body, long *status)
{
	CURL *h = curl_easy_init();
	if (!h)
		return envoy_err_set(&e->err, EMS_ENOMEM, url, "out of memory");
	struct curl_slist *hdr = NULL;
	int rc = setup_common(e, h);
	char ct[64];
	snprintf(ct, sizeof ct, "Content-Type: %s", ctype);
	struct curl_slist *h2 = curl_slist_append(hdr, ct);
	if (!rc && !h2)
		rc = EMS_ENOMEM;
	hdr = h2;
	/* full verification: peer chain and host name */
	if (!rc && (curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L) != CURLE_OK ||
		    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L) != CURLE_OK ||
		    curl_easy_setopt(h, CURLOPT_URL, url) != CURLE_OK ||
		    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr) != CURLE_OK ||
		    curl_easy_setopt(h, CURLOPT_POSTFIELDS, data) != CURLE_OK))
		rc = EMS_ENOMEM;
	if (!rc && e->cloud_ca_file &&
	    (curl_easy_setopt(h, CURLOPT_CAINFO, e->cloud_ca_file) != CURLE_OK ||
	     curl_easy_setopt(h, CURLOPT_CAPATH, (char *)NULL) != CURLE_OK))
		rc = EMS_ENOMEM;
	if (rc)
		envoy_err_set(&e->err, rc, url, "cannot set up the request");
	else
		rc = perform(e, h, url, body, status);
	curl_slist_free_all(hdr);
	curl_easy_cleanup(h);
	return rc;
}

int ems_envoy_renew_token(ems_envoy *e)
{
	if (!e)
		return EMS_EINVAL;
	memset(&e->err, 0, sizeof e->err);
	if (!e->username || !e->password || !e->serial)
		return envoy_err_set(&e->err, EMS_ECONFIG, "options.username",
				     "no Enlighten account to obtain a token");
	/* 1. Enlighten login: form fields user[email], user[password]. */
	char *u = curl_easy_escape(NULL, e->username, 0);
	char *p = curl_easy_escape(NULL, e->password, 0);
	char *form = NULL;
	int rc = 0;
	if (u && p) {
		size_t n = strlen(u) + strlen(p) + 48;
		form = malloc(n);
		if (form)
			snprintf(form, n, "user%%5Bemail%%5D=%s&user%%5Bpassword%%5D=%s", u, p);
	}
	if (p)
		memset(p, 0, strlen(p));
	curl_free(u);
	curl_free(p);
	if (!form)
		return envoy_err_set(&e->err, EMS_ENOMEM, e->login_url, "out of memory");
	buf body = {0};
	long status;
	rc = cloud_post(e, e->login_url, "application/x-www-form-urlencoded", form, &body,
			&status);
	memset(form, 0, strlen(form));
	free(form);
	if (rc) {
		buf_free(&body);
		return rc;
	}
	char ex[96];
	excerpt(&body, ex, sizeof ex);
	if (status == 401 || status == 403) {
		buf_free(&body);
		return envoy_err_set(&e->err, EMS_EAUTH, e->login_url,
				     "login refused (HTTP %ld): %s", status, ex);
	}
	if (status != 200) {
		buf_free(&body);
		return envoy_err_set(&e->err, EMS_EHTTP, e->login_url, "HTTP %ld: %s", status,
				     ex);
	}
	json_error_t je;
	json_t *login = json_loadb(body.p ? body.p : "", body.len, 0, &je);
	buf_free(&body);
	if (!login)
		return envoy_err_set(&e->err, EMS_EPARSE, e->login_url, "line %d column %d: %s",
				     je.line, je.column, je.text);
	json_t *sid = json_object_get(login, "session_id");
	if (!json_is_string(sid) || !*json_string_value(sid)) {
		json_t *msg = json_object_get(login, "message");
		rc = envoy_err_set(&e->err, EMS_EAUTH, e->login_url, "no session_id: %s",
				   json_is_string(msg) ? json_string_value(msg) : "login refused");
		json_decref(login);
		return rc;
	}
	/* 2. Entrez token request. */
	json_t *req = json_pack("{s:s, s:s, s:s}", "session_id", json_string_value(sid),
				"serial_num", e->serial, "username", e->username);
	json_decref(login);
	char *reqs = req ? json_dumps(req, JSON_COMPACT) : NULL;
	json_decref(req);
	if (!reqs)
		return envoy_err_set(&e->err, EMS_ENOMEM, e->token_url, "out of memory");
	rc = cloud_post(e, e->token_url, "application/json", reqs, &body, &status);
	free(reqs);
	if (rc) {
		buf_free(&body);
		return rc;
	}
	excerpt(&body, ex, sizeof ex);
	if (status == 401 || status == 403) {
		buf_free(&body);
		return envoy_err_set(&e->err, EMS_EAUTH, e->token_url,
				     "token request refused (HTTP %ld): %s", status, ex);
	}
	if (status != 200) {
		buf_free(&body);
		return envoy_err_set(&e->err, EMS_EHTTP, e->token_url, "HTTP %ld: %s", status,
				     ex);
	}
	/* the answer is the token itself; trim surrounding white space */
	size_t a = 0, z = body.len;
	while (a < z && isspace((unsigned char)body.p[a]))
		a++;
	while (z > a && isspace((unsigned char)body.p[z - 1]))
		z--;
	if (z == a || z - a > ENVOY_MAX_TOKEN) {
		buf_free(&body);
		return envoy_err_set(&e->err, EMS_EAUTH, e->token_url, "empty or oversized token");
	}
	rc = set_token(e, body.p + a, z - a);
	buf_free(&body);
	return rc;
}

/* Make sure a usable token is there before a gateway request. */
static int ensure_token(ems_envoy *e, int *renewed)
{
	int account = e->username != NULL;
	int64_t now = now_utc();
	if (!e->token) {
		int rc = ems_envoy_renew_token(e);
		*renewed = rc == 0;
		return rc;
	}
	if (e->token_exp && now + (int64_t)e->renew_margin_s >= e->token_exp) {
		if (!account) {
			if (now >= e->token_exp)
				return envoy_err_set(&e->err, EMS_EAUTH, "token",
						     "token expired at %lld (now %lld) and no "
						     "Enlighten account to renew it",
						     (long long)e->token_exp, (long long)now);
			return 0; /* still valid: use it until it expires */
		}
		if (now < e->token_exp && e->renew_failed_at &&
		    now - e->renew_failed_at < ENVOY_RENEW_BACKOFF_S)
			return 0; /* tried a moment ago; the old token still works */
		int rc = ems_envoy_renew_token(e);
		if (rc == 0) {
			*renewed = 1;
			e->renew_failed_at = 0;
			return 0;
		}
		if (now < e->token_exp) { /* renewal failed, the old one still works */
			e->renew_failed_at = now;
			memset(&e->err, 0, sizeof e->err);
			return 0;
		}
		return rc;
	}
	return 0;
}

/* GET a gateway path. optional: 401/403/404 give *absent = 1 instead of an error. */
static int gw_get(ems_envoy *e, const char *path, int optional, buf *body, int *absent)
{
	*absent = 0;
	int renewed = 0;
	int rc = ensure_token(e, &renewed);
	if (rc)
		return rc;
	rc = gw_handle(e);
	if (rc)
		return envoy_err_set(&e->err, rc, path, "cannot set up the gateway connection");
	char url[512];
	if (strchr(e->host, ':'))
		snprintf(url, sizeof url, "https://[%s]:%u%s", e->host, (unsigned)e->port, path);
	else
		snprintf(url, sizeof url, "https://%s:%u%s", e->host, (unsigned)e->port, path);
	char where[160];
	snprintf(where, sizeof where, "GET %s", path);
	for (int attempt = 0;; attempt++) {
		size_t hl = strlen(e->token) + 32;
		char *auth = malloc(hl);
		if (!auth)
			return envoy_err_set(&e->err, EMS_ENOMEM, where, "out of memory");
		snprintf(auth, hl, "Authorization: Bearer %s", e->token);
		struct curl_slist *hdr = curl_slist_append(NULL, auth);
		struct curl_slist *h2 = hdr ? curl_slist_append(hdr, "Accept: application/json")
					    : NULL;
		memset(auth, 0, strlen(auth));
		free(auth);
		if (!h2) {
			curl_slist_free_all(hdr);
			return envoy_err_set(&e->err, EMS_ENOMEM, where, "out of memory");
		}
		hdr = h2;
		long status = 0;
		buf_free(body);
		rc = EMS_OK;
		if (curl_easy_setopt(e->gw, CURLOPT_URL, url) != CURLE_OK ||
		    curl_easy_setopt(e->gw, CURLOPT_HTTPGET, 1L) != CURLE_OK ||
		    curl_easy_setopt(e->gw, CURLOPT_HTTPHEADER, hdr) != CURLE_OK)
			rc = envoy_err_set(&e->err, EMS_ENOMEM, where, "out of memory");
		else
			rc = perform(e, e->gw, where, body, &status);
		curl_easy_setopt(e->gw, CURLOPT_HTTPHEADER, (struct curl_slist *)NULL);
		curl_slist_free_all(hdr);
		if (rc)
			return rc;
		if (status == 200)
			return 0;
		if (optional && (status == 401 || status == 403 || status == 404)) {
			*absent = 1;
			return 0;
		}
		if (status == 401 || status == 403) {
			if (attempt == 0 && !renewed && e->username) {
				rc = ems_envoy_renew_token(e);
				if (rc)
					return rc;
				renewed = 1;
				continue;
			}
			return envoy_err_set(&e->err, EMS_EAUTH, where,
					     "gateway refused the token (HTTP %ld)", status);
		}
		char ex[96];
		excerpt(body, ex, sizeof ex);
		return envoy_err_set(&e->err, EMS_EHTTP, where, "HTTP %ld: %s", status, ex);
	}
}

/* ---- reading ------------------------------------------------------------------------------ */

static int get_parse(ems_envoy *e, const char *path, ems_envoy_doc doc, int optional,
		     ems_envoy_reading *r)
{
	buf body = {0};
	int absent;
	int rc = gw_get(e, path, optional, &body, &absent);
	if (rc == 0 && !absent) {
		rc = ems_envoy_parse(doc, body.p ? body.p : "", body.len, r, &e->err);
		if (rc) { /* keep the request in the place */
			char w[sizeof e->err.where];
			if (snprintf(w, sizeof w, "GET %s", e->err.where) < 0)
				w[0] = '\0';
			memcpy(e->err.where, w, sizeof w);
		}
	}
	buf_free(&body);
	return rc;
}

/* Stalled production CT counter: it must move while the inverters produce. */
static void check_stall(ems_envoy *e, ems_envoy_reading *r)
{
	const struct ems_envoy_reading_priv_ *p = &r->priv_;
	int usable = (p->seen & ENVOY_SEEN_PROD_CT) && (p->seen & ENVOY_SEEN_INVERTERS) &&
		     !(r->quirks & EMS_ENVOY_QUIRK_PROD_NO_CT) &&
		     (r->provided & EMS_ENVOY_HAS_PRODUCTION_WH) &&
		     (r->provided & EMS_ENVOY_HAS_TIME);
	if (!usable) {
		e->stall_have = 0;
		return;
	}
	int64_t t = r->time;
	if (!e->stall_have || r->production_wh != e->stall_wh || t < e->stall_prev_t) {
		e->stall_have = 1;
		e->stall_wh = r->production_wh;
		e->stall_active_s = 0;
	} else if (p->inv_w >= e->stall_min_w && e->stall_prev_inv_w >= e->stall_min_w) {
		e->stall_active_s += t - e->stall_prev_t;
	}
	e->stall_prev_t = t;
	e->stall_prev_inv_w = p->inv_w;
	if (e->stall_active_s >= (int64_t)e->stall_window_s) {
		r->quirks |= EMS_ENVOY_QUIRK_PROD_STALLED;
		r->production_wh = p->inv_wh;
	}
}

int ems_envoy_read(ems_envoy *e, ems_envoy_reading *out)
{
	if (!e || !out)
		return EMS_EINVAL;
	memset(&e->err, 0, sizeof e->err);
	ems_envoy_reading r;
	memset(&r, 0, sizeof r);
	/* production.json first: it is required, so a refused token is renewed there (an
	 * optional document answering 401 only means "not for this account"). */
	int rc = get_parse(e, "/production.json?details=1", EMS_ENVOY_DOC_PRODUCTION, 0, &r);
	if (!rc)
		rc = get_parse(e, "/ivp/meters", EMS_ENVOY_DOC_METERS, 1, &r);
	if (!rc && (r.priv_.eid[0] || r.priv_.eid[1] || r.priv_.eid[2]))
		rc = get_parse(e, "/ivp/meters/readings", EMS_ENVOY_DOC_METER_READINGS, 0, &r);
	if (!rc)
		rc = get_parse(e, "/ivp/ensemble/inventory", EMS_ENVOY_DOC_INVENTORY, 1, &r);
	if (!rc && (r.priv_.seen & ENVOY_SEEN_ENCHARGE))
		rc = get_parse(e, "/ivp/ensemble/power", EMS_ENVOY_DOC_POWER, 1, &r);
	if (rc) {
		e->err.code = rc;
		return rc;
	}
	if (ems_envoy_reading_finish(&r) != 0)
		return EMS_EINVAL; /* cannot happen: r is not NULL */
	check_stall(e, &r);
	*out = r;
	return 0;
}

int ems_envoy_read_inverters(ems_envoy *e, ems_envoy_inverter *inv, size_t cap, size_t *count)
{
	if (!e || !count || (cap && !inv))
		return EMS_EINVAL;
	memset(&e->err, 0, sizeof e->err);
	*count = 0;
	buf body = {0};
	int absent;
	int rc = gw_get(e, "/api/v1/production/inverters", 0, &body, &absent);
	if (!rc) {
		rc = ems_envoy_parse_inverters(body.p ? body.p : "", body.len, inv, cap, count,
					       &e->err);
		if (rc == EMS_EPARSE) {
			char w[sizeof e->err.where];
			if (snprintf(w, sizeof w, "GET %s", e->err.where) < 0)
				w[0] = '\0';
			memcpy(e->err.where, w, sizeof w);
		}
	}
	buf_free(&body);
	e->err.code = rc;
	return rc;
}
