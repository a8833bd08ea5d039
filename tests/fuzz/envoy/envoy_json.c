/* Fuzz harness of the Envoy driver's JSON parsing: every input goes through the parser of
 * every gateway document, then through the corrections, through the inverter list parser
 * and panel monitoring, and as a token through the JWT expiry decoder. Any crash, leak or
 * undefined behaviour is a bug; parse errors are expected and must say where and why. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ems/envoy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *json = (const char *)data;
	ems_envoy_reading r;
	memset(&r, 0, sizeof r);
	ems_envoy_error err;
	for (int doc = EMS_ENVOY_DOC_PRODUCTION; doc <= EMS_ENVOY_DOC_POWER; doc++) {
		int rc = ems_envoy_parse((ems_envoy_doc)doc, json, size, &r, &err);
		if (rc != 0 && (rc != EMS_EPARSE || err.code != EMS_EPARSE || !err.where[0] ||
				!err.text[0]))
			abort(); /* a failure must say where and why */
	}
	if (ems_envoy_reading_finish(&r) != 0)
		abort();
	if (r.phase_count > EMS_ENVOY_MAX_PHASES)
		abort();
	ems_envoy_inverter inv[8];
	size_t n = 0;
	int rc = ems_envoy_parse_inverters(json, size, inv, 8, &n, &err);
	if (rc == 0 || rc == EMS_ENOSPC) {
		size_t k = n < 8 ? n : 8;
		int group[8];
		size_t low[8], nlow;
		for (size_t i = 0; i < k; i++)
			group[i] = (int)(i % 2);
		if (ems_envoy_panels_low(inv, k, group, 0.9, low, 8, &nlow) != 0 || nlow > k)
			abort();
	}
	/* the same bytes as a token (NUL-terminated copy) */
	char *tok = malloc(size + 1);
	if (tok) {
		memcpy(tok, data, size);
		tok[size] = '\0';
		int64_t exp;
		rc = ems_envoy_jwt_exp(tok, &exp);
		if (rc != 0 && rc != EMS_EPARSE && rc != EMS_ENOMEM)
			abort();
		if (rc == 0 && exp <= 0)
			abort();
		free(tok);
	}
	return 0;
}
