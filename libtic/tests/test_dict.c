/* Suite "dict": the label table against the specifications' tables, lookups, checks. */
#include <string.h>
#include "hems_check.h"
#include "tic_tests.h"

/* Transcribed from NOI-CPT_02E (historic) and NOI-CPT_54E (standard) label tables:
 * name, mode, value length, unit, horodate. */
struct spec_row {
	const char *name;
	tic_mode mode;
	unsigned len;
	tic_unit unit;
	int horodate;
	tic_type type;
};

static const struct spec_row spec[] = {
	{"ADCO", TIC_MODE_HISTORIC, 12, TIC_UNIT_NONE, 0, TIC_TYPE_ID},
	{"OPTARIF", TIC_MODE_HISTORIC, 4, TIC_UNIT_NONE, 0, TIC_TYPE_TEXT},
	{"ISOUSC", TIC_MODE_HISTORIC, 2, TIC_UNIT_A, 0, TIC_TYPE_UINT},
	{"BASE", TIC_MODE_HISTORIC, 9, TIC_UNIT_WH, 0, TIC_TYPE_UINT},
	{"HCHC", TIC_MODE_HISTORIC, 9, TIC_UNIT_WH, 0, TIC_TYPE_UINT},
	{"HCHP", TIC_MODE_HISTORIC, 9, TIC_UNIT_WH, 0, TIC_TYPE_UINT},
	{"EJPHN", TIC_MODE_HISTORIC, 9, TIC_UNIT_WH, 0, TIC_TYPE_UINT},
	{"EJPHPM", TIC_MODE_HISTORIC, 9, TIC_UNIT_WH, 0, TIC_TYPE_UINT},
	{"BBRHCJB", TIC_MODE_HISTORIC, 9, TIC_UNIT_WH, 0, TIC_TYPE_UINT},
	{"BBRHPJB", TIC_MODE_HISTORIC, 9, TIC_UNIT_WH, 0, TIC_TYPE_UINT},
	{"BBRHCJW", TIC_MODE_HISTORIC, 9, TIC_UNIT_WH, 0, TIC_TYPE_UINT},
	{"BBRHPJW", TIC_MODE_HISTORIC, 9, TIC_UNIT_WH, 0, TIC_TYPE_UINT},
	{"BBRHCJR", TIC_MODE_HISTORIC, 9, TIC_UNIT_WH, 0, TIC_TYPE_UINT},
	{"BBRHPJR", TIC_MODE_HISTORIC, 9, TIC_UNIT_WH, 0, TIC_TYPE_UINT},
	{"PEJP", TIC_MODE_HISTORIC, 2, TIC_UNIT_MIN, 0, TIC_TYPE_UINT},
	{"PTEC", TIC_MODE_HISTORIC, 4, TIC_UNIT_NONE, 0, TIC_TYPE_TEXT},
	{"DEMAIN", TIC_MODE_HISTORIC, 4, TIC_UNIT_NONE, 0, TIC_TYPE_TEXT},
	{"IINST", TIC_MODE_HISTORIC, 3, TIC_UNIT_A, 0, TIC_TYPE_UINT},
	{"IINST1", TIC_MODE_HISTORIC, 3, TIC_UNIT_A, 0, TIC_TYPE_UINT},
	{"IINST2", TIC_MODE_HISTORIC, 3, TIC_UNIT_A, 0, TIC_TYPE_UINT},
	{"IINST3", TIC_MODE_HISTORIC, 3, TIC_UNIT_A, 0, TIC_TYPE_UINT},
	{"ADPS", TIC_MODE_HISTORIC, 3, TIC_UNIT_A, 0, TIC_TYPE_UINT},
	{"ADIR1", TIC_MODE_HISTORIC, 3, TIC_UNIT_A, 0, TIC_TYPE_UINT},
	{"ADIR2", TIC_MODE_HISTORIC, 3, TIC_UNIT_A, 0, TIC_TYPE_UINT},
	{"ADIR3", TIC_MODE_HISTORIC, 3, TIC_UNIT_A, 0, TIC_TYPE_UINT},
	{"IMAX", TIC_MODE_HISTORIC, 3, TIC_UNIT_A, 0, TIC_TYPE_UINT},
	{"IMAX1", TIC_MODE_HISTORIC, 3, TIC_UNIT_A, 0, TIC_TYPE_UINT},
	{"IMAX2", TIC_MODE_HISTORIC, 3, TIC_UNIT_A, 0, TIC_TYPE_UINT},
	{"IMAX3", TIC_MODE_HISTORIC, 3, TIC_UNIT_A, 0, TIC_TYPE_UINT},
	{"PMAX", TIC_MODE_HISTORIC, 5, TIC_UNIT_W, 0, TIC_TYPE_UINT},
	{"PAPP", TIC_MODE_HISTORIC, 5, TIC_UNIT_VA, 0, TIC_TYPE_UINT},
	{"HHPHC", TIC_MODE_HISTORIC, 1, TIC_UNIT_NONE, 0, TIC_TYPE_TEXT},
	{"MOTDETAT", TIC_MODE_HISTORIC, 6, TIC_UNIT_NONE, 0, TIC_TYPE_ID},
	{"PPOT", TIC_MODE_HISTORIC, 2, TIC_UNIT_NONE, 0, TIC_TYPE_HEX},
	{"ADSC", TIC_MODE_STANDARD, 12, TIC_UNIT_NONE, 0, TIC_TYPE_ID},
	{"VTIC", TIC_MODE_STANDARD, 2, TIC_UNIT_NONE, 0, TIC_TYPE_ID},
	{"DATE", TIC_MODE_STANDARD, 0, TIC_UNIT_NONE, 1, TIC_TYPE_EMPTY},
	{"NGTF", TIC_MODE_STANDARD, 16, TIC_UNIT_NONE, 0, TIC_TYPE_TEXT},
	{"LTARF", TIC_MODE_STANDARD, 16, TIC_UNIT_NONE, 0, TIC_TYPE_TEXT},
	{"EAST", TIC_MODE_STANDARD, 9, TIC_UNIT_WH, 0, TIC_TYPE_UINT},
	{"EASF01", TIC_MODE_STANDARD, 9, TIC_UNIT_WH, 0, TIC_TYPE_UINT},
	{"EASF10", TIC_MODE_STANDARD, 9, TIC_UNIT_WH, 0, TIC_TYPE_UINT},
	{"EASD01", TIC_MODE_STANDARD, 9, TIC_UNIT_WH, 0, TIC_TYPE_UINT},
	{"EASD04", TIC_MODE_STANDARD, 9, TIC_UNIT_WH, 0, TIC_TYPE_UINT},
	{"EAIT", TIC_MODE_STANDARD, 9, TIC_UNIT_WH, 0, TIC_TYPE_UINT},
	{"ERQ1", TIC_MODE_STANDARD, 9, TIC_UNIT_VARH, 0, TIC_TYPE_UINT},
	{"ERQ4", TIC_MODE_STANDARD, 9, TIC_UNIT_VARH, 0, TIC_TYPE_UINT},
	{"IRMS1", TIC_MODE_STANDARD, 3, TIC_UNIT_A, 0, TIC_TYPE_UINT},
	{"IRMS3", TIC_MODE_STANDARD, 3, TIC_UNIT_A, 0, TIC_TYPE_UINT},
	{"URMS1", TIC_MODE_STANDARD, 3, TIC_UNIT_V, 0, TIC_TYPE_UINT},
	{"URMS3", TIC_MODE_STANDARD, 3, TIC_UNIT_V, 0, TIC_TYPE_UINT},
	{"PREF", TIC_MODE_STANDARD, 2, TIC_UNIT_KVA, 0, TIC_TYPE_UINT},
	{"PCOUP", TIC_MODE_STANDARD, 2, TIC_UNIT_KVA, 0, TIC_TYPE_UINT},
	{"SINSTS", TIC_MODE_STANDARD, 5, TIC_UNIT_VA, 0, TIC_TYPE_UINT},
	{"SINSTS1", TIC_MODE_STANDARD, 5, TIC_UNIT_VA, 0, TIC_TYPE_UINT},
	{"SINSTS3", TIC_MODE_STANDARD, 5, TIC_UNIT_VA, 0, TIC_TYPE_UINT},
	{"SMAXSN", TIC_MODE_STANDARD, 5, TIC_UNIT_VA, 1, TIC_TYPE_UINT},
	{"SMAXSN1", TIC_MODE_STANDARD, 5, TIC_UNIT_VA, 1, TIC_TYPE_UINT},
	{"SMAXSN-1", TIC_MODE_STANDARD, 5, TIC_UNIT_VA, 1, TIC_TYPE_UINT},
	{"SMAXSN3-1", TIC_MODE_STANDARD, 5, TIC_UNIT_VA, 1, TIC_TYPE_UINT},
	{"SINSTI", TIC_MODE_STANDARD, 5, TIC_UNIT_VA, 0, TIC_TYPE_UINT},
	{"SMAXIN", TIC_MODE_STANDARD, 5, TIC_UNIT_VA, 1, TIC_TYPE_UINT},
	{"SMAXIN-1", TIC_MODE_STANDARD, 5, TIC_UNIT_VA, 1, TIC_TYPE_UINT},
	{"CCASN", TIC_MODE_STANDARD, 5, TIC_UNIT_W, 1, TIC_TYPE_UINT},
	{"CCASN-1", TIC_MODE_STANDARD, 5, TIC_UNIT_W, 1, TIC_TYPE_UINT},
	{"CCAIN", TIC_MODE_STANDARD, 5, TIC_UNIT_W, 1, TIC_TYPE_UINT},
	{"CCAIN-1", TIC_MODE_STANDARD, 5, TIC_UNIT_W, 1, TIC_TYPE_UINT},
	{"UMOY1", TIC_MODE_STANDARD, 3, TIC_UNIT_V, 1, TIC_TYPE_UINT},
	{"UMOY3", TIC_MODE_STANDARD, 3, TIC_UNIT_V, 1, TIC_TYPE_UINT},
	{"STGE", TIC_MODE_STANDARD, 8, TIC_UNIT_NONE, 0, TIC_TYPE_HEX},
	{"DPM1", TIC_MODE_STANDARD, 2, TIC_UNIT_NONE, 1, TIC_TYPE_UINT},
	{"FPM3", TIC_MODE_STANDARD, 2, TIC_UNIT_NONE, 1, TIC_TYPE_UINT},
	{"MSG1", TIC_MODE_STANDARD, 32, TIC_UNIT_NONE, 0, TIC_TYPE_TEXT},
	{"MSG2", TIC_MODE_STANDARD, 16, TIC_UNIT_NONE, 0, TIC_TYPE_TEXT},
	{"PRM", TIC_MODE_STANDARD, 14, TIC_UNIT_NONE, 0, TIC_TYPE_ID},
	{"RELAIS", TIC_MODE_STANDARD, 3, TIC_UNIT_NONE, 0, TIC_TYPE_UINT},
	{"NTARF", TIC_MODE_STANDARD, 2, TIC_UNIT_NONE, 0, TIC_TYPE_UINT},
	{"NJOURF", TIC_MODE_STANDARD, 2, TIC_UNIT_NONE, 0, TIC_TYPE_UINT},
	{"NJOURF+1", TIC_MODE_STANDARD, 2, TIC_UNIT_NONE, 0, TIC_TYPE_UINT},
	{"PJOURF+1", TIC_MODE_STANDARD, 98, TIC_UNIT_NONE, 0, TIC_TYPE_TEXT},
	{"PPOINTE", TIC_MODE_STANDARD, 98, TIC_UNIT_NONE, 0, TIC_TYPE_TEXT},
};

START_TEST(spec_tables)
{
	for (size_t i = 0; i < sizeof spec / sizeof spec[0]; i++) {
		const struct spec_row *r = &spec[i];
		const tic_label_info *li = tic_dict_find(r->name, strlen(r->name), r->mode);
		ck_assert_msg(li != NULL, "%s missing", r->name);
		ck_assert_str_eq(li->name, r->name);
		ck_assert_msg(li->max_len == r->len, "%s: max_len %u, spec %u", r->name, li->max_len, r->len);
		ck_assert_msg(li->unit == r->unit, "%s: unit", r->name);
		ck_assert_msg(li->horodate == r->horodate, "%s: horodate", r->name);
		ck_assert_msg(li->type == r->type, "%s: type", r->name);
		ck_assert_msg(li->modes & TIC_MODE_BIT(r->mode), "%s: mode", r->name);
		ck_assert(li->description != NULL);
		/* and the label does not exist in the other of historic/standard */
		tic_mode other = r->mode == TIC_MODE_HISTORIC ? TIC_MODE_STANDARD : TIC_MODE_HISTORIC;
		ck_assert_ptr_null(tic_dict_find(r->name, strlen(r->name), other));
	}
}
END_TEST

/* The generated hash index agrees with the table (rerun tools/gen_dict_index.py). */
START_TEST(index_consistent)
{
	for (int id = 0; id < (int)TIC_LABEL_COUNT; id++) {
		const tic_label_info *li = tic_dict_get(id);
		ck_assert_ptr_nonnull(li);
		ck_assert_int_eq(li->id, id);
		ck_assert(li->name[0] != '\0');
		ck_assert(li->modes != 0);
		ck_assert(li->max_len == 0 || li->max_len >= li->min_len);
		ck_assert(li->max_len <= 98);
		ck_assert(!li->horodate || li->modes == TIC_M_S);
		for (int m = TIC_MODE_HISTORIC; m <= TIC_MODE_PMEPMI; m++)
			if (li->modes & TIC_MODE_BIT(m))
				ck_assert_msg(tic_dict_find(li->name, strlen(li->name), (tic_mode)m) == li,
					      "index misses %s: run libtic/tools/gen_dict_index.py",
					      li->name);
		ck_assert_ptr_nonnull(tic_dict_find(li->name, strlen(li->name), TIC_MODE_AUTO));
	}
	ck_assert_ptr_null(tic_dict_get(-1));
	ck_assert_ptr_null(tic_dict_get(TIC_LABEL_COUNT));
}
END_TEST

START_TEST(find_edge_cases)
{
	ck_assert_ptr_null(tic_dict_find(NULL, 4, TIC_MODE_AUTO));
	ck_assert_ptr_null(tic_dict_find("ADCO", 0, TIC_MODE_AUTO));
	ck_assert_ptr_null(tic_dict_find("ADC", 3, TIC_MODE_HISTORIC));
	ck_assert_ptr_null(tic_dict_find("ADCOX", 5, TIC_MODE_HISTORIC));
	ck_assert_ptr_null(tic_dict_find("adco", 4, TIC_MODE_HISTORIC));
	ck_assert_ptr_nonnull(tic_dict_find("ADCOX", 4, TIC_MODE_HISTORIC)); /* length counts */
	const tic_label_info *sd = tic_dict_find("DATE", 4, TIC_MODE_STANDARD);
	const tic_label_info *pd = tic_dict_find("DATE", 4, TIC_MODE_PMEPMI);
	ck_assert_ptr_nonnull(sd);
	ck_assert_ptr_nonnull(pd);
	ck_assert_ptr_ne(sd, pd);
	ck_assert_int_eq(pd->type, TIC_TYPE_DATE);
	ck_assert_ptr_eq(tic_dict_find("DATE", 4, TIC_MODE_AUTO), sd);
	ck_assert_ptr_null(tic_dict_find("DATE", 4, TIC_MODE_HISTORIC));
	ck_assert(tic_dict_find("GAZ", 3, TIC_MODE_HISTORIC)->flags & TIC_LF_UNVERIFIED);
	ck_assert(tic_dict_find("EA_s", 4, TIC_MODE_PMEPMI)->flags & TIC_LF_UNVERIFIED);
}
END_TEST

START_TEST(value_checks)
{
	const tic_label_info *iinst = tic_dict_get(TIC_L_IINST);
	ck_assert_int_eq(tic_dict_check(iinst, "002", 3), 0);
	ck_assert_int_eq(tic_dict_check(iinst, "0q2", 3), TIC_EFORMAT);
	ck_assert_int_eq(tic_dict_check(iinst, "02", 2), TIC_ERANGE);
	ck_assert_int_eq(tic_dict_check(iinst, "0002", 4), TIC_ERANGE);
	ck_assert_int_eq(tic_dict_check(iinst, NULL, 3), TIC_EINVAL);
	const tic_label_info *stge = tic_dict_get(TIC_L_STGE);
	ck_assert_int_eq(tic_dict_check(stge, "003A0001", 8), 0);
	ck_assert_int_eq(tic_dict_check(stge, "003a0001", 8), TIC_EFORMAT);
	ck_assert_int_eq(tic_dict_check(tic_dict_get(TIC_L_ADCO), "XXXXXXXXXXXX", 12), 0);
	ck_assert_int_eq(tic_dict_check(tic_dict_get(TIC_L_ADCO), "81216441722-", 12), TIC_EFORMAT);
	ck_assert_int_eq(tic_dict_check(tic_dict_get(TIC_L_NGTF), "PRODUCTEUR", 10), 0);
	ck_assert_int_eq(tic_dict_check(tic_dict_get(TIC_L_NGTF), "", 0), TIC_ERANGE);
	ck_assert_int_eq(tic_dict_check(tic_dict_get(TIC_L_NGTF), "A\x7f", 2), TIC_EFORMAT);
	ck_assert_int_eq(tic_dict_check(tic_dict_get(TIC_L_DATE), "", 0), 0);
	ck_assert_int_eq(tic_dict_check(tic_dict_get(TIC_L_DATE), "1", 1), TIC_ERANGE);
	const tic_label_info *pd = tic_dict_get(TIC_L_P_DATE);
	ck_assert_int_eq(tic_dict_check(pd, "14/03/12 15:43:31", 17), 0);
	ck_assert_int_eq(tic_dict_check(pd, "14/03/12-15:43:31", 17), TIC_EFORMAT);
	ck_assert_int_eq(tic_dict_check(NULL, "any text", 8), 0);
	ck_assert_int_eq(tic_dict_check(NULL, "\x01", 1), TIC_EFORMAT);
	ck_assert_int_eq(tic_dict_check(NULL, NULL, 0), 0);
}
END_TEST

START_TEST(names)
{
	ck_assert_str_eq(tic_unit_symbol(TIC_UNIT_WH), "Wh");
	ck_assert_str_eq(tic_unit_symbol(TIC_UNIT_VA), "VA");
	ck_assert_str_eq(tic_unit_symbol(TIC_UNIT_KVA), "kVA");
	ck_assert_str_eq(tic_unit_symbol(TIC_UNIT_VARH), "VArh");
	ck_assert_str_eq(tic_unit_symbol(TIC_UNIT_NONE), "");
	ck_assert_str_eq(tic_unit_symbol(99), "");
	ck_assert_str_eq(tic_mode_name(TIC_MODE_HISTORIC), "historic");
	ck_assert_str_eq(tic_mode_name(TIC_MODE_STANDARD), "standard");
	ck_assert_str_eq(tic_mode_name(TIC_MODE_PMEPMI), "pmepmi");
	ck_assert_str_eq(tic_mode_name(TIC_MODE_AUTO), "auto");
	ck_assert_str_eq(tic_mode_name(-1), "?");
}
END_TEST

Suite *tic_dict_suite(void)
{
	Suite *s = suite_create("dict");
	TCase *tc = tcase_create("dict");
	tcase_add_test(tc, spec_tables);
	tcase_add_test(tc, index_consistent);
	tcase_add_test(tc, find_edge_cases);
	tcase_add_test(tc, value_checks);
	tcase_add_test(tc, names);
	suite_add_tcase(s, tc);
	return s;
}
