/* Consumer of the installed hems libraries: checks that headers and libraries
 * agree and that each library answers. Exit status 0 on success. */
#include <stdio.h>
#include <string.h>
#include <tic/tic.h>
#include <ems/ems.h>
#include <evc/evc.h>
#include <tariff/tariff.h>

static int check(const char *lib, unsigned int runtime, unsigned int headers, const char *s)
{
	printf("%s %s\n", lib, s);
	if (runtime != headers) {
		fprintf(stderr, "%s: run-time version 0x%06x != header version 0x%06x\n", lib, runtime, headers);
		return 1;
	}
	return 0;
}

int main(void)
{
	int bad = 0;
	bad += check("libtic", tic_version(), TIC_VERSION_HEX, tic_version_string());
	bad += check("libemsmeter", ems_version(), EMS_VERSION_HEX, ems_version_string());
	bad += check("libevcharge", evc_version(), EVC_VERSION_HEX, evc_version_string());
	bad += check("libtariff", tariff_version(), TARIFF_VERSION_HEX, tariff_version_string());
	if (strcmp(tic_err_name(TIC_EINVAL), "TIC_EINVAL") != 0)
		bad++;
	return bad ? 1 : 0;
}
