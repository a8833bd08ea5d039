/* libemsmeter error texts, generated from the EMS_ERRNO_MAP table. */
#include "ems/error.h"

const char *ems_strerror(int code)
{
	switch (code) {
#ifdef EMS_NO_ERRSTR
#define EMS_ERR_STR_(name, value, msg) case value: return "EMS_" #name;
#else
#define EMS_ERR_STR_(name, value, msg) case value: return msg;
#endif
	EMS_ERRNO_MAP(EMS_ERR_STR_)
#undef EMS_ERR_STR_
	default: return "unknown error";
	}
}

const char *ems_err_name(int code)
{
	switch (code) {
#define EMS_ERR_NAME_(name, value, msg) case value: return "EMS_" #name;
	EMS_ERRNO_MAP(EMS_ERR_NAME_)
#undef EMS_ERR_NAME_
	default: return "EMS_UNKNOWN";
	}
}
