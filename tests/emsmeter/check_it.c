/* Check runner of the libemsmeter integration tests (hems-sim over 127.0.0.1). */
#include "hems_check.h"
#include "it.h"

#ifdef EMS_IT_ENPHASE
HEMS_CHECK_MAIN(it_drivers_suite(), it_writes_suite(), it_totals_suite(), it_faults_suite(),
		it_bus32_suite(), it_coalescing_suite(), it_tic_suite(), it_rtu_suite(), it_enphase_suite())
#else
HEMS_CHECK_MAIN(it_drivers_suite(), it_writes_suite(), it_totals_suite(), it_faults_suite(),
		it_bus32_suite(), it_coalescing_suite(), it_tic_suite(), it_rtu_suite())
#endif
