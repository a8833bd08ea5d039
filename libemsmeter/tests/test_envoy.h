/* The suites of the Envoy driver's Check runner (check_envoy); one CTest test each. */
#ifndef TEST_ENVOY_H
#define TEST_ENVOY_H
#include <stddef.h>
#include <check.h>
Suite *envoy_parse_suite(void);
Suite *envoy_panels_suite(void);
Suite *envoy_read_suite(void);
Suite *envoy_auth_suite(void);
Suite *envoy_tls_suite(void);
Suite *envoy_faults_suite(void);
Suite *envoy_quirks_suite(void);

/* A file under libemsmeter/tests/envoy/ (HEMS_SOURCE_DIR), NUL-terminated; free() it. */
char *envoy_fixture(const char *rel, size_t *len);
/* The path of a file under libemsmeter/tests/envoy/ in a static buffer per slot (0..3). */
const char *envoy_fixture_path(int slot, const char *rel);
#endif
