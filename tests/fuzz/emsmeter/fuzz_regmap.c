/* Fuzz harness: the register-map loader. Valid maps are then exercised by decoding
 * the input bytes as register words through every field. */
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
	ems_regmap *m = NULL;
	ems_config_error err;
	if (ems_regmap_load_string(text, "fuzz.json", &m, &err) == EMS_OK) {
		uint16_t words[4] = {0};
		for (size_t i = 0; i < size / 2 && i < 4; i++)
			words[i] = (uint16_t)(data[2 * i] << 8 | data[2 * i + 1]);
		for (size_t k = 0; k < ems_regmap_field_count(m); k++) {
			const ems_field *f = ems_regmap_field(m, k);
			double raw, v;
			if (ems_decode(words, 4, f->type, f->order, f->check_sentinel, &raw) == EMS_OK &&
			    ems_field_value(f, raw, &v) == EMS_OK && ems_field_raw(f, v, &raw) != EMS_OK)
				abort();
		}
		ems_regmap_free(m);
	} else if (err.reason[0] == '\0') {
		abort();
	}
	free(text);
	return 0;
}
