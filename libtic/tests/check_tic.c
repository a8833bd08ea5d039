/* libtic Check runner: every suite; CK_RUN_SUITE selects one. */
#include "hems_check.h"
#include "tic_tests.h"

#ifdef TIC_TEST_SERIAL
#define TIC_SERIAL_SUITE_ , tic_serial_suite()
#else
#define TIC_SERIAL_SUITE_
#endif

HEMS_CHECK_MAIN(tic_version_suite(), tic_dict_suite(), tic_value_suite(), tic_decoder_suite(),
		tic_corpus_suite(), tic_encoder_suite(), tic_meter_suite() TIC_SERIAL_SUITE_)
