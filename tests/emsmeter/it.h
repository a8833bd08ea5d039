/* Shared helpers of the libemsmeter integration tests. */
#ifndef EMS_IT_H
#define EMS_IT_H
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ems/ems.h"
#include "sim.h"

Suite *it_drivers_suite(void);
Suite *it_writes_suite(void);
Suite *it_totals_suite(void);
Suite *it_faults_suite(void);
Suite *it_bus32_suite(void);
Suite *it_coalescing_suite(void);

/* Start a simulator from JSON in this process (free ports); fails the test on error. */
static inline hems_sim *it_sim(const char *json)
{
	char err[512];
	hems_sim *sim = hems_sim_load_string(json, NULL, err, sizeof err);
	ck_assert_msg(sim != NULL, "sim: %s", err);
	ck_assert_msg(hems_sim_start(sim, err, sizeof err) == 0, "sim start: %s", err);
	return sim;
}

/* Load an installation from a printf-style template (ports filled in by the caller). */
static inline ems_installation *it_inst(const char *json, int coalesce)
{
	ems_installation *inst = NULL;
	ems_config_error err;
	ems_installation_options o = EMS_INSTALLATION_OPTIONS_INIT;
	o.coalesce = coalesce;
	int rc = ems_installation_load_string(json, "<test>", &o, &inst, &err);
	char msg[512];
	ems_config_error_format(&err, msg, sizeof msg);
	ck_assert_msg(rc == EMS_OK, "installation: %s", msg);
	return inst;
}

static inline size_t it_dev(const ems_installation *inst, const char *name)
{
	size_t i = 0;
	ck_assert_msg(ems_installation_device_index(inst, name, &i) == EMS_OK, "no device %s", name);
	return i;
}

static inline double it_get(const ems_installation *inst, const char *name, ems_quantity q)
{
	ems_reading r;
	double v = -1e300;
	ck_assert_int_eq(ems_installation_reading(inst, it_dev(inst, name), &r), EMS_OK);
	ck_assert_msg(r.status == EMS_STATUS_OK, "%s is %s", name, ems_status_name(r.status));
	ck_assert_msg(ems_reading_get(&r, q, &v) == EMS_OK, "%s: %s not provided", name, ems_quantity_name(q));
	return v;
}

static inline ems_status it_status(const ems_installation *inst, const char *name)
{
	ems_reading r;
	ck_assert_int_eq(ems_installation_reading(inst, it_dev(inst, name), &r), EMS_OK);
	return r.status;
}

#define IT_NEAR(a, b, tol) ck_assert_msg(((a) - (b)) <= (tol) && ((b) - (a)) <= (tol), "%g is not %g ± %g", (double)(a), (double)(b), (double)(tol))

#endif
