/* hems-sim core: serves a configurable installation on 127.0.0.1 from libemsmeter's
 * device maps, with fault injection. Used by the hems-sim tool and, in-process, by the
 * integration tests and the benchmark. Not part of any library's API. */
#ifndef HEMS_SIM_H
#define HEMS_SIM_H

#include <stddef.h>
#include <stdint.h>

typedef struct hems_sim hems_sim;

typedef enum sim_fault {
	SIM_FAULT_NONE = 0,
	SIM_FAULT_TIMEOUT,   /* never answer */
	SIM_FAULT_EXCEPTION, /* answer with exception 04 (server device failure) */
	SIM_FAULT_GARBAGE,   /* answer with bytes that are not a valid frame (TCP: bad header; RTU: bad CRC) */
	SIM_FAULT_DROP,      /* close the connection on the request */
	SIM_FAULT_STALE      /* answer, but with values frozen */
} sim_fault;

/* Load a simulation description (see docs/man/hems-sim.md). maps_dir may be NULL.
 * On failure returns NULL and writes the reason to err. */
hems_sim *hems_sim_load_string(const char *json, const char *maps_dir, char *err, size_t errlen);
hems_sim *hems_sim_load_file(const char *path, const char *maps_dir, char *err, size_t errlen);
/* Bind every server on 127.0.0.1 (port 0: a free port) and start serving in threads. */
int hems_sim_start(hems_sim *sim, char *err, size_t errlen);
/* Stop the threads and free everything. NULL does nothing. */
void hems_sim_free(hems_sim *sim);

size_t hems_sim_server_count(const hems_sim *sim);
/* The port server i listens on (after start), or the serial device path of an RTU server. */
int hems_sim_port(const hems_sim *sim, size_t server);
const char *hems_sim_serial_path(const hems_sim *sim, size_t server);
/* Set the fault of one device (server index, unit id); returns 0 or -1 if no such device. */
int hems_sim_set_fault(hems_sim *sim, size_t server, int unit, sim_fault fault);
/* Set a quantity's simulated value (e.g. "power" in W) of one device; 0 or -1. */
int hems_sim_set_value(hems_sim *sim, size_t server, int unit, const char *quantity, double value);
/* Requests answered so far by a server. */
uint64_t hems_sim_requests(const hems_sim *sim, size_t server);
/* Parse a fault name ("none", "timeout", "exception", "garbage", "drop", "stale"); -1 if unknown. */
int hems_sim_fault_from_name(const char *name);

#endif
