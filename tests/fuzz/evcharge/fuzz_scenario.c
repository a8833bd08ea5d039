/* Fuzz harness: evsim's scenario loader (JSON -> libevcharge objects) and, for a scenario that
 * loads, a short run of the simulation (at most 64 steps) through evc_site_step(). */
#include <stdint.h>
#include <stdlib.h>
#include "evsim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static evsim_scenario sc;
	static evsim sim;
	evsim_error err;
	if (evsim_load_buffer(&sc, (const char *)data, size, &err) != 0) {
		if (!err.text[0])
			abort(); /* every failure must say why */
		return 0;
	}
	if (sc.duration_s > 64 * sc.step_s)
		sc.duration_s = 64 * sc.step_s;
	int rc = evsim_run(&sim, &sc, NULL, NULL);
	if (rc != 0)
		abort(); /* a scenario that loads was checked: its steps cannot fail */
	for (size_t i = 0; i < sc.n_stations; i++) {
		const evc_station_result *r = &sc.stations[i].result;
		if (r->current_ma < 0 || (r->phases != 1 && r->phases != 3))
			abort();
	}
	evsim_free(&sc);
	return 0;
}
