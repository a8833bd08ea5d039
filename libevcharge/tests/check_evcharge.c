/* libevcharge Check runner: every suite; CK_RUN_SUITE selects one. */
#include "hems_check.h"
#include "evc_tests.h"

HEMS_CHECK_MAIN(evc_version_suite(), evc_config_suite(), evc_reason_suite(), evc_time_suite(),
		evc_protect_suite(), evc_greenup_suite(), evc_flow_suite(), evc_loads_suite(),
		evc_step_suite(), evc_property_suite())
