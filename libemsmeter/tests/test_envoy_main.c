/* Check runner of the Envoy driver: every suite; CK_RUN_SUITE selects one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hems_check.h"
#include "test_envoy.h"

const char *envoy_fixture_path(int slot, const char *rel)
{
	static char paths[4][1024];
	const char *src = getenv("HEMS_SOURCE_DIR");
	snprintf(paths[slot & 3], sizeof paths[0], "%s/libemsmeter/tests/envoy/%s",
		 src ? src : ".", rel);
	return paths[slot & 3];
}

char *envoy_fixture(const char *rel, size_t *len)
{
	FILE *f = fopen(envoy_fixture_path(3, rel), "rb");
	ck_assert_msg(f != NULL, "cannot open fixture %s", rel);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *p = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(fread(p, 1, (size_t)n, f), (size_t)n);
	p[n] = '\0';
	fclose(f);
	if (len)
		*len = (size_t)n;
	return p;
}

HEMS_CHECK_MAIN(envoy_parse_suite(), envoy_panels_suite(), envoy_read_suite(),
		envoy_auth_suite(), envoy_tls_suite(), envoy_faults_suite(),
		envoy_quirks_suite())
