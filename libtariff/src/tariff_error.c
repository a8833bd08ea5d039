/* libtariff error texts, generated from the TARIFF_ERRNO_MAP table. */
#include "tariff/error.h"

const char *tariff_strerror(int code)
{
	switch (code) {
#ifdef TARIFF_NO_ERRSTR
#define TARIFF_ERR_STR_(name, value, msg) case value: return "TARIFF_" #name;
#else
#define TARIFF_ERR_STR_(name, value, msg) case value: return msg;
#endif
	TARIFF_ERRNO_MAP(TARIFF_ERR_STR_)
#undef TARIFF_ERR_STR_
	default: return "unknown error";
	}
}

const char *tariff_err_name(int code)
{
	switch (code) {
#define TARIFF_ERR_NAME_(name, value, msg) case value: return "TARIFF_" #name;
	TARIFF_ERRNO_MAP(TARIFF_ERR_NAME_)
#undef TARIFF_ERR_NAME_
	default: return "TARIFF_UNKNOWN";
	}
}

void tariff_diag_clear(tariff_diag *diag)
{
	if (!diag)
		return;
	diag->line = 0;
	diag->column = 0;
	diag->source[0] = '\0';
	diag->path[0] = '\0';
	diag->reason[0] = '\0';
}
