/* libtic Check runner: every suite; CK_RUN_SUITE selects one. */
#include "hems_check.h"
#include "tic_tests.h"

HEMS_CHECK_MAIN(tic_version_suite())
