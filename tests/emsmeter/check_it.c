/* Check runner of the libemsmeter integration tests (hems-sim over 127.0.0.1). */
#include "hems_check.h"
#include "it.h"

HEMS_CHECK_MAIN(it_drivers_suite(), it_writes_suite(), it_totals_suite(), it_faults_suite(),
		it_bus32_suite(), it_coalescing_suite())
