/* libevcharge error texts, generated from the EVC_ERRNO_MAP table. */
#include "evc/error.h"

const char *evc_strerror(int code)
{
	switch (code) {
#ifdef EVC_NO_ERRSTR
#define EVC_ERR_STR_(name, value, msg)                                                             \
	case value:                                                                                \
		return "EVC_" #name;
#else
#define EVC_ERR_STR_(name, value, msg)                                                             \
	case value:                                                                                \
		return msg;
#endif
		EVC_ERRNO_MAP(EVC_ERR_STR_)
#undef EVC_ERR_STR_
	default:
		return "unknown error";
	}
}

const char *evc_err_name(int code)
{
	switch (code) {
#define EVC_ERR_NAME_(name, value, msg)                                                            \
	case value:                                                                                \
		return "EVC_" #name;
		EVC_ERRNO_MAP(EVC_ERR_NAME_)
#undef EVC_ERR_NAME_
	default:
		return "EVC_UNKNOWN";
	}
}
