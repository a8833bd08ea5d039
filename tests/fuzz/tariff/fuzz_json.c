/* Fuzz the JSON config loader; whatever loads is then used to cost a few intervals, so the
 * rules, windows, dates and series the fuzzer invents also go through the engine. */
#include <stddef.h>
#include <stdint.h>
#include "tariff/tariff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void ignore(int rc)
{
	(void)rc; /* the fuzzer only looks for crashes, leaks and UB */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tariff_config *cfg = NULL;
	tariff_diag d;
	if (tariff_config_load_string((const char *)data, size, "fuzz", NULL, &cfg, &d) != 0)
		return 0;
	const tariff_set *set = tariff_config_set(cfg);
	static tariff_period_totals periods[8];
	for (int com = 0; com < TARIFF_COMMODITIES; com++) {
		if (set->commodity[com].n_tariffs == 0)
			continue;
		tariff_cost c;
		if (tariff_cost_init(&c, set, com, TARIFF_BY_DAY, periods, 8) != 0)
			continue;
		/* 2024-02-28 00:00Z, three days over the leap day, in uneven pieces */
		int64_t t = 1709078400;
		for (int i = 0; i < 12; i++) {
			int64_t len = 3600 * (1 + (i * 7) % 11);
			if (tariff_cost_add(&c, t, t + len, 1000 * (i + 1)) != 0)
				break;
			t += len;
		}
		const tariff_totals *tt = tariff_cost_totals(&c);
		char b[TARIFF_MONEY_STRLEN];
		ignore(tariff_money_format(tt->cost, (unsigned)set->currency_digits, b, sizeof b));
		if (set->commodity[com].n_periods)
			ignore(tariff_cost_add_label(&c, t, t + 60, 5, set->commodity[com].periods[0].label));
	}
	tariff_config_free(cfg);
	return 0;
}
