/* libtic error texts, generated from the TIC_ERRNO_MAP table. */
#include "tic/error.h"

const char *tic_strerror(int code)
{
	switch (code) {
#ifdef TIC_NO_ERRSTR
#define TIC_ERR_STR_(name, value, msg) case value: return "TIC_" #name;
#else
#define TIC_ERR_STR_(name, value, msg) case value: return msg;
#endif
	TIC_ERRNO_MAP(TIC_ERR_STR_)
#undef TIC_ERR_STR_
	default: return "unknown error";
	}
}

const char *tic_err_name(int code)
{
	switch (code) {
#define TIC_ERR_NAME_(name, value, msg) case value: return "TIC_" #name;
	TIC_ERRNO_MAP(TIC_ERR_NAME_)
#undef TIC_ERR_NAME_
	default: return "TIC_UNKNOWN";
	}
}
