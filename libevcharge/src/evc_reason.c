/* Names of reason codes, station states and zones. */
#include "evc/reason.h"

const char *evc_reason_name(int reason)
{
	switch (reason) {
#define EVC_REASON_NAME_(name, value)                                                              \
	case value:                                                                                \
		return #name;
		EVC_REASON_MAP(EVC_REASON_NAME_)
#undef EVC_REASON_NAME_
	default:
		return "UNKNOWN";
	}
}

const char *evc_state_name(int state)
{
	static const char *const names[] = {"idle",    "waiting", "charging",
	                                    "reduced", "stopped", "full"};
	if (state < 0 || state >= (int)(sizeof names / sizeof names[0]))
		return "unknown";
	return names[state];
}

const char *evc_zone_name(int zone)
{
	static const char *const names[] = {"none", "green", "yellow", "red"};
	if (zone < 0 || zone >= (int)(sizeof names / sizeof names[0]))
		return "unknown";
	return names[zone];
}
