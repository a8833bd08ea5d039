/* The suites of the libtic Check runner; one CTest test each. */
#ifndef TIC_TESTS_H
#define TIC_TESTS_H
#include <check.h>
#include <stddef.h>
#include "tic/tic.h"

Suite *tic_version_suite(void);
Suite *tic_dict_suite(void);
Suite *tic_value_suite(void);
Suite *tic_decoder_suite(void);
Suite *tic_corpus_suite(void);
Suite *tic_encoder_suite(void);
Suite *tic_meter_suite(void);
#ifdef TIC_TEST_SERIAL
Suite *tic_serial_suite(void);
#endif

/* Test helpers (test_decoder.c). */

/* What a collecting callback set records: counts and a transcript of the stream. */
typedef struct tic_log {
	unsigned frames_begun, frames_complete, frames_other, valid, invalid;
	unsigned status_count[8];
	char text[1 << 16]; /* "F{" "label=value|" "!status:label|" "}c" ... */
	size_t len;
	int stop_after; /* >0: return non-zero from the Nth callback */
	int calls;
} tic_log;

extern const tic_callbacks tic_log_callbacks;
void tic_log_init(tic_log *log);
/* Reads a corpus file into a malloc'd buffer; fails the test if absent. */
unsigned char *tic_test_read_corpus(const char *name, size_t *len);
#endif
