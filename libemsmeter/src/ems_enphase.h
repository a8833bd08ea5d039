/* The Enphase IQ Gateway device kind (internal). */
#ifndef EMS_ENPHASE_H
#define EMS_ENPHASE_H
#include "ems_inst.h"
typedef struct ems_enphase_config {
	const char *host;
	long port;                    /* 0: 443 */
	const char *token;            /* "" if none */
	const char *username, *password, *serial;
	const char *pinned_cert_file; /* "" if none */
	const char *pinned_pubkey;    /* "" if none */
} ems_enphase_config;
extern const ems_driver ems_enphase_driver;
int ems_enphase_configure(ems_device *d, const ems_enphase_config *cfg, char *why, size_t whylen);
#endif
