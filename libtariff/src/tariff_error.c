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
