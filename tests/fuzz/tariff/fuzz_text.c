/* Fuzz the core's text parsers: every line of the input goes to the CSV row parsers, the
 * ISO 8601 and decimal parsers, and (NUL-terminated) the POSIX TZ parser; a parsed zone is
 * then asked for local times. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "tariff/tariff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void ignore(int rc)
{
	(void)rc; /* the fuzzer only looks for crashes, leaks and UB */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	size_t i = 0;
	while (i <= size) {
		size_t j = i;
		while (j < size && s[j] != '\n')
			j++;
		const char *line = s + i;
		size_t len = j - i;
		int64_t a, b, q;
		tariff_slot sl;
		tariff_diag d;
		ignore(tariff_csv_is_header(line, len, "start,end,quantity"));
		ignore(tariff_csv_is_blank(line, len));
		ignore(tariff_csv_interval_parse(line, len, &a, &b, &q, &d));
		ignore(tariff_csv_slot_parse(line, len, &sl, &d));
		ignore(tariff_time_parse(line, len, &a));
		ignore(tariff_decimal_parse(line, len, 9, &a));
		char z[128];
		if (len < sizeof z) {
			memcpy(z, line, len);
			z[len] = '\0';
			tariff_tz tz;
			if (tariff_tz_parse(&tz, z, &d) == 0) {
				tariff_local l;
				int64_t next, u;
				for (int64_t t = -2000000000; t < 4000000000; t += 123456789)
					ignore(tariff_tz_local(&tz, t, &l, &next));
				ignore(tariff_tz_utc(&tz, 20000, 7200, 0, &u));
				ignore(tariff_tz_utc(&tz, 20200, 9000, 1, &u));
			}
		}
		i = j + 1;
	}
	return 0;
}
