/* Fuzz harness: the installation loader (JSON config, validation, line/column positions).
 * Any input must give EMS_OK or an error with a reason, never a crash, leak or hang.
 * No connection is made: loading never touches the network or a serial port. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "ems/ems.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 1 << 16)
		return 0;
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	ems_installation *inst = NULL;
	ems_config_error err;
	int rc = ems_installation_load_string(text, "fuzz.json", NULL, &inst, &err);
	if (rc == EMS_OK) {
		/* walk what was loaded without polling */
		for (size_t i = 0; i < ems_installation_device_count(inst); i++) {
			ems_reading r;
			if (ems_installation_reading(inst, i, &r) != EMS_OK)
				abort();
			(void)ems_installation_device_name(inst, i);
		}
		ems_installation_free(inst);
	} else {
		char msg[1024];
		if (err.reason[0] == '\0' && rc != EMS_ENOMEM)
			abort(); /* every refusal says why */
		(void)ems_config_error_format(&err, msg, sizeof msg);
	}
	free(text);
	return 0;
}
