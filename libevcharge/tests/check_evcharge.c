/* libevcharge Check runner: every suite; CK_RUN_SUITE selects one. */
#include "hems_check.h"
#include "evc_tests.h"

HEMS_CHECK_MAIN(evc_version_suite())
