/* The tariff model: rule matching, prices in force, labels, validation. */
#include <stdio.h>
#include <string.h>
#include "tariff/schedule.h"
#include "tariff/money.h"
#include "tariff_internal.h"

static const char *const commodity_names[TARIFF_COMMODITIES] = {"electricity", "export", "gas", "water"};

const char *tariff_commodity_name(int c)
{
	return c >= 0 && c < TARIFF_COMMODITIES ? commodity_names[c] : NULL;
}

int tariff_commodity_from_name(const char *name)
{
	if (!name)
		return TARIFF_EINVAL;
	for (int c = 0; c < TARIFF_COMMODITIES; c++)
		if (strcmp(name, commodity_names[c]) == 0)
			return c;
	return TARIFF_ENOTFOUND;
}

int tariff_rule_matches(const tariff_rule *r, const tariff_local *l)
{
	if (!r || !l || l->wday < 0 || l->wday > 6 || l->sod < 0 || l->sod >= 86400)
		return 0;
	unsigned f = r->flags;
	if (f & TARIFF_RULE_YEARLY) {
		if (f & (TARIFF_RULE_FROM | TARIFF_RULE_TO)) {
			int32_t md = l->month * 100 + l->day;
			int32_t from = (f & TARIFF_RULE_FROM) ? r->from : 101;
			int32_t to = (f & TARIFF_RULE_TO) ? r->to : 1231;
			if (from <= to) {
				if (md < from || md > to)
					return 0;
			} else if (md < from && md > to) {
				return 0;
			}
		}
	} else {
		if ((f & TARIFF_RULE_FROM) && l->date < r->from)
			return 0;
		if ((f & TARIFF_RULE_TO) && l->date > r->to)
			return 0;
	}
	if (f & TARIFF_RULE_WINDOW) {
		int m = (int)(l->sod / 60);
		if (r->start_min <= r->end_min) {
			if (m < r->start_min || m > r->end_min)
				return 0;
		} else if (m < r->start_min && m > r->end_min) {
			return 0;
		}
	}
	if ((f & TARIFF_RULE_DAYS) && !(r->days & (1u << l->wday)))
		return 0;
	return 1;
}

int tariff_schedule_match(const tariff_schedule *s, const tariff_local *l, unsigned *tariff)
{
	if (!s || !l || !tariff)
		return TARIFF_EINVAL;
	for (size_t i = 0; i < s->n_rules; i++) {
		if (tariff_rule_matches(&s->rules[i], l)) {
			*tariff = s->rules[i].tariff;
			return 0;
		}
	}
	return TARIFF_ENOTFOUND;
}

int tariff_tariff_price(const tariff_tariff *t, int32_t date, int64_t utc, int64_t *price)
{
	if (!t || !price)
		return TARIFF_EINVAL;
	if (t->n_slots) {
		size_t lo = 0, hi = t->n_slots; /* first slot with start > utc */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (t->slots[mid].start <= utc)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == 0 || utc >= t->slots[lo - 1].end)
			return TARIFF_ENOTFOUND;
		*price = t->slots[lo - 1].price_nano;
		return 0;
	}
	size_t n = t->n_prices;
	while (n > 0 && t->prices[n - 1].from != TARIFF_DATE_NONE && t->prices[n - 1].from > date)
		n--;
	if (n == 0)
		return TARIFF_ENOTFOUND;
	*price = t->prices[n - 1].price_nano;
	return 0;
}

int tariff_set_price_at(const tariff_set *set, int commodity, int64_t utc, unsigned *tariff, int64_t *price)
{
	if (!set || commodity < 0 || commodity >= TARIFF_COMMODITIES)
		return TARIFF_EINVAL;
	tariff_local l;
	int rc = tariff_tz_local(&set->tz, utc, &l, NULL);
	if (rc)
		return rc;
	const tariff_schedule *s = &set->commodity[commodity];
	unsigned t;
	if ((rc = tariff_schedule_match(s, &l, &t)) != 0)
		return rc;
	if (t >= s->n_tariffs)
		return TARIFF_EINVAL;
	int64_t p;
	if ((rc = tariff_tariff_price(&s->tariffs[t], l.date, utc, &p)) != 0)
		return rc;
	if (tariff)
		*tariff = t;
	if (price)
		*price = p;
	return 0;
}

int tariff_schedule_factor(const tariff_schedule *s, int32_t date, int64_t *factor)
{
	if (!s || !factor)
		return TARIFF_EINVAL;
	size_t n = s->n_factors;
	while (n > 0 && s->factors[n - 1].from != TARIFF_DATE_NONE && s->factors[n - 1].from > date)
		n--;
	if (n == 0)
		return TARIFF_ENOTFOUND;
	*factor = s->factors[n - 1].factor_nano;
	return 0;
}

/* Length of a label without its trailing spaces and dots. */
static size_t label_len(const char *s)
{
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '.'))
		n--;
	return n;
}

int tariff_period_lookup(const tariff_schedule *s, const char *label, unsigned *tariff)
{
	if (!s || !label || !tariff)
		return TARIFF_EINVAL;
	size_t n = label_len(label);
	for (size_t i = 0; i < s->n_periods; i++) {
		const char *m = s->periods[i].label;
		if (m && label_len(m) == n && memcmp(m, label, n) == 0) {
			*tariff = s->periods[i].tariff;
			return 0;
		}
	}
	return TARIFF_ENOTFOUND;
}

int tariff_schedule_find(const tariff_schedule *s, const char *id, unsigned *tariff)
{
	if (!s || !id || !tariff)
		return TARIFF_EINVAL;
	for (size_t i = 0; i < s->n_tariffs; i++) {
		if (s->tariffs[i].id && strcmp(s->tariffs[i].id, id) == 0) {
			*tariff = (unsigned)i;
			return 0;
		}
	}
	return TARIFF_ENOTFOUND;
}

/* ---- validation ---- */

static int verr(tariff_diag *d, const char *com, const char *what, size_t idx, const char *sub, const char *why)
{
	if (d) {
		tariff_diag_clear(d);
		if (idx == (size_t)-1)
			snprintf(d->path, sizeof d->path, "%s%s%s", com, *what ? "." : "", what);
		else
			snprintf(d->path, sizeof d->path, "%s.%s[%zu]%s%s", com, what, idx, *sub ? "." : "", sub);
		tariff_internal_copy(d->reason, sizeof d->reason, why);
	}
	return TARIFF_ECONFIG;
}

static int valid_mmdd(int32_t v)
{
	return v >= 101 && v <= 1231 && tariff_date_valid(2000, (int)(v / 100), (int)(v % 100));
}

static int validate_schedule(const tariff_schedule *s, const char *com, tariff_diag *d)
{
	if (s->n_tariffs > TARIFF_MAX_TARIFFS)
		return verr(d, com, "tariffs", (size_t)-1, "", "too many tariffs (at most 16)");
	if ((s->n_tariffs && !s->tariffs) || (s->n_rules && !s->rules) || (s->n_periods && !s->periods) ||
	    (s->n_factors && !s->factors))
		return verr(d, com, "", (size_t)-1, "", "a count is set but its array is NULL");
	for (size_t i = 0; i < s->n_tariffs; i++) {
		const tariff_tariff *t = &s->tariffs[i];
		if (!t->id || !t->id[0])
			return verr(d, com, "tariffs", i, "id", "a tariff needs an id");
		for (size_t j = 0; j < i; j++)
			if (strcmp(s->tariffs[j].id, t->id) == 0)
				return verr(d, com, "tariffs", i, "id", "duplicate tariff id");
		if ((t->n_prices == 0) == (t->n_slots == 0))
			return verr(d, com, "tariffs", i, "prices",
				    "a tariff needs either prices or a price series, not both");
		if ((t->n_prices && !t->prices) || (t->n_slots && !t->slots))
			return verr(d, com, "tariffs", i, "", "a count is set but its array is NULL");
		for (size_t j = 0; j < t->n_prices; j++) {
			if (t->prices[j].from == TARIFF_DATE_NONE && j > 0)
				return verr(d, com, "tariffs", i, "prices",
					    "only the first price may have no 'from' date");
			if (j > 0 && t->prices[j].from <= t->prices[j - 1].from)
				return verr(d, com, "tariffs", i, "prices",
					    "prices must be sorted by 'from', each date once");
		}
		for (size_t j = 0; j < t->n_slots; j++) {
			const tariff_slot *sl = &t->slots[j];
			if (sl->start >= sl->end)
				return verr(d, com, "tariffs", i, "series", "a slot ends before it starts");
			if (j > 0 && sl->start < t->slots[j - 1].end)
				return verr(d, com, "tariffs", i, "series",
					    "slots must be sorted and must not overlap");
		}
	}
	for (size_t i = 0; i < s->n_rules; i++) {
		const tariff_rule *r = &s->rules[i];
		if (r->tariff >= s->n_tariffs)
			return verr(d, com, "rules", i, "tariff", "no such tariff");
		if (r->flags & ~0x1fu)
			return verr(d, com, "rules", i, "", "unknown condition flags");
		if (r->flags & TARIFF_RULE_YEARLY) {
			if (((r->flags & TARIFF_RULE_FROM) && !valid_mmdd(r->from)) ||
			    ((r->flags & TARIFF_RULE_TO) && !valid_mmdd(r->to)))
				return verr(d, com, "rules", i, "from", "a yearly date is MMDD, a real day");
		} else if ((r->flags & TARIFF_RULE_FROM) && (r->flags & TARIFF_RULE_TO) && r->from > r->to) {
			return verr(d, com, "rules", i, "to", "'to' is before 'from'");
		}
		if ((r->flags & TARIFF_RULE_WINDOW) &&
		    (r->start_min < 0 || r->start_min > 1439 || r->end_min < 0 || r->end_min > 1439))
			return verr(d, com, "rules", i, "start", "window minutes are 0..1439");
		if ((r->flags & TARIFF_RULE_DAYS) && (r->days == 0 || r->days > 0x7fu))
			return verr(d, com, "rules", i, "days", "the weekday mask is empty or invalid");
	}
	for (size_t i = 0; i < s->n_periods; i++) {
		if (!s->periods[i].label || !s->periods[i].label[0])
			return verr(d, com, "meter_periods", i, "", "an empty meter label");
		if (s->periods[i].tariff >= s->n_tariffs)
			return verr(d, com, "meter_periods", i, "", "no such tariff");
	}
	for (size_t i = 0; i < s->n_factors; i++) {
		if (s->factors[i].factor_nano <= 0)
			return verr(d, com, "kwh_per_m3", i, "", "a conversion factor must be positive");
		if (s->factors[i].from == TARIFF_DATE_NONE && i > 0)
			return verr(d, com, "kwh_per_m3", i, "", "only the first factor may have no date");
		if (i > 0 && s->factors[i].from <= s->factors[i - 1].from)
			return verr(d, com, "kwh_per_m3", i, "", "factors must be sorted by date");
	}
	if (s->vat_ppm != -1 && (s->vat_ppm < 0 || s->vat_ppm > 1000000000))
		return verr(d, com, "vat", (size_t)-1, "", "VAT rate out of range");
	return 0;
}

int tariff_set_validate(const tariff_set *set, tariff_diag *diag)
{
	if (!set)
		return TARIFF_EINVAL;
	if (set->currency_digits < 0 || set->currency_digits > 9) {
		if (diag) {
			tariff_diag_clear(diag);
			tariff_internal_copy(diag->path, sizeof diag->path, "currency");
			tariff_internal_copy(diag->reason, sizeof diag->reason, "currency digits out of range (0..9)");
		}
		return TARIFF_ECONFIG;
	}
	for (int c = 0; c < TARIFF_COMMODITIES; c++) {
		int rc = validate_schedule(&set->commodity[c], commodity_names[c], diag);
		if (rc)
			return rc;
	}
	return 0;
}
