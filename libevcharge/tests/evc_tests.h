/* libevcharge test suites (one per module) and shared fixtures. */
#ifndef EVC_TESTS_H
#define EVC_TESTS_H

#include <check.h>
#include <string.h>
#include "evc/evc.h"

Suite *evc_version_suite(void);
Suite *evc_config_suite(void);
Suite *evc_reason_suite(void);
Suite *evc_time_suite(void);
Suite *evc_protect_suite(void);
Suite *evc_greenup_suite(void);
Suite *evc_flow_suite(void);
Suite *evc_loads_suite(void);
Suite *evc_step_suite(void);
Suite *evc_property_suite(void);

/* a 3-phase 40 A x 80 % site and n default stations "A", "B", ... connected, measured at now */
static inline void evc_test_setup(evc_site *site, evc_station *st, size_t n, int64_t now)
{
	evc_site_init(site);
	site->input.time_s = now;
	site->config.redistribute_margin_ma = 0; /* the test cars draw nothing unless told */
	for (size_t i = 0; i < n; i++) {
		char id[2] = {(char)('A' + i), 0};
		evc_station_init(&st[i]);
		evc_id_set(st[i].config.id, id);
		st[i].input.connected = 1;
	}
}

static inline void evc_test_grid(evc_site *site, int32_t a, int32_t b, int32_t c)
{
	site->input.grid_ma[0] = a;
	site->input.grid_ma[1] = b;
	site->input.grid_ma[2] = c;
}

#endif
