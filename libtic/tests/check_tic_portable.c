/* The portable-path runner: the same suites, with the core compiled in directly,
 * vendored (TIC_VENDORED) and without the 64-bit SWAR paths (TIC_NO_SWAR), i.e. the
 * byte loops an MCU runs. CK_RUN_SUITE selects one suite. */
#include "hems_check.h"
#include "tic_tests.h"

HEMS_CHECK_MAIN(tic_dict_suite(), tic_value_suite(), tic_decoder_suite(), tic_corpus_suite(),
		tic_encoder_suite(), tic_meter_suite())
