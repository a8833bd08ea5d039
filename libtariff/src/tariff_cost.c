/* The costing engine: split intervals at every change and accumulate exact totals. */
#include <string.h>
#include "tariff/cost.h"
#include "tariff_internal.h"

#define NO_TARIFF UINT32_MAX

int tariff_cost_init(tariff_cost *c, const tariff_set *set, int commodity, int by, tariff_period_totals *periods,
		     size_t capacity)
{
	if (!c || !set || commodity < 0 || commodity >= TARIFF_COMMODITIES || by < TARIFF_BY_NONE ||
	    by > TARIFF_BY_YEAR || (by != TARIFF_BY_NONE && (!periods || capacity == 0)))
		return TARIFF_EINVAL;
	/* The engine indexes tariffs by the rules' numbers: refuse a set that would read out of
	 * bounds (cheap: linear in the set's size). */
	if (tariff_set_validate(set, NULL) != 0)
		return TARIFF_ECONFIG;
	memset(c, 0, sizeof *c);
	c->set_ = set;
	c->sched_ = &set->commodity[commodity];
	c->commodity_ = commodity;
	c->by_ = by;
	c->periods_ = by != TARIFF_BY_NONE ? periods : NULL;
	c->cap_periods_ = by != TARIFF_BY_NONE ? capacity : 0;
	c->tz_from_ = 1;
	c->tz_until_ = 0; /* empty cache */
	return 0;
}

static int add64(int64_t *acc, int64_t v)
{
	if ((v > 0 && *acc > INT64_MAX - v) || (v < 0 && *acc < INT64_MIN - v))
		return TARIFF_EOVERFLOW;
	*acc += v;
	return 0;
}

/* floor(q * k / n) for 0 <= q, 0 <= k <= n, n > 0, without overflow. */
static int64_t muldiv(int64_t q, int64_t k, int64_t n)
{
	if (k == n)
		return q;
	if (k == 0 || q == 0)
		return 0;
	if (q <= INT64_MAX / k)
		return q * k / n;
	/* 128-bit product, then shift-subtract division (rare path: huge quantities). */
	tariff_money p = tariff_money_mul(q, k);
	uint64_t hi = (uint64_t)p.hi, lo = p.lo, rem = 0, quo = 0, d = (uint64_t)n;
	for (int i = 127; i >= 0; i--) {
		uint64_t bit = i >= 64 ? (hi >> (i - 64)) & 1u : (lo >> i) & 1u;
		int carry = (rem >> 63) != 0;
		rem = (rem << 1) | bit;
		quo <<= 1;
		if (carry || rem >= d) {
			rem -= d;
			quo |= 1u;
		}
	}
	return (int64_t)quo; /* < q since k < n */
}

static int totals_add(tariff_totals *t, int64_t part, unsigned tariff, int priced, int64_t price)
{
	int rc;
	if ((rc = add64(&t->quantity_mu, part)) != 0)
		return rc;
	if (!priced)
		return add64(&t->unpriced_mu, part);
	tariff_money m = tariff_money_mul(part, price);
	if ((rc = add64(&t->tariff_quantity_mu[tariff], part)) != 0 ||
	    (rc = tariff_money_add(t->tariff_cost[tariff], m, &t->tariff_cost[tariff])) != 0 ||
	    (rc = tariff_money_add(t->cost, m, &t->cost)) != 0)
		return rc;
	return 0;
}

static int gas_add(tariff_totals *t, int64_t part, int has_factor, int64_t factor)
{
	if (has_factor)
		return tariff_money_add(t->energy_kwh, tariff_money_mul(part, factor), &t->energy_kwh);
	return add64(&t->unconverted_mu, part);
}

static int32_t period_key(int by, const tariff_local *l)
{
	switch (by) {
	case TARIFF_BY_DAY:
		return l->year * 10000 + l->month * 100 + l->day;
	case TARIFF_BY_MONTH:
		return l->year * 100 + l->month;
	default:
		return l->year;
	}
}

static tariff_totals *period_get(tariff_cost *c, int32_t key)
{
	size_t n = c->n_periods_;
	if (n && c->periods_[n - 1].period == key)
		return &c->periods_[n - 1].totals;
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->periods_[mid].period < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < n && c->periods_[lo].period == key)
		return &c->periods_[lo].totals;
	if (n >= c->cap_periods_)
		return NULL;
	memmove(&c->periods_[lo + 1], &c->periods_[lo], (n - lo) * sizeof c->periods_[0]);
	memset(&c->periods_[lo], 0, sizeof c->periods_[0]);
	c->periods_[lo].period = key;
	c->n_periods_ = n + 1;
	return &c->periods_[lo].totals;
}

static void local_at(tariff_cost *c, int64_t t, tariff_local *l)
{
	if (t < c->tz_from_ || t >= c->tz_until_) {
		int dst;
		int64_t next;
		(void)tariff_internal_tz_state(&c->set_->tz, t, &dst, &next);
		c->tz_from_ = t;
		c->tz_until_ = next;
		c->tz_dst_ = dst;
		c->tz_utoff_ = dst ? c->set_->tz.dst_utoff_s : c->set_->tz.std_utoff_s;
	}
	tariff_internal_civil(t + c->tz_utoff_, l);
	l->utoff_s = c->tz_utoff_;
	l->is_dst = c->tz_dst_;
}

static int fail(tariff_cost *c, int rc)
{
	c->failed_ = rc;
	return rc;
}

/* The walk. fixed: a tariff index decided by the meter, or NO_TARIFF to use the rules. */
static int walk(tariff_cost *c, int64_t s, int64_t e, int64_t q, unsigned fixed)
{
	const tariff_schedule *sc = c->sched_;
	const int gas = c->commodity_ == TARIFF_GAS;
	const int64_t n = e - s;
	int64_t t = s, done = 0;
	while (t < e) {
		tariff_local l;
		local_at(c, t, &l);
		int64_t b = t + (86400 - l.sod);
		if (c->tz_until_ < b)
			b = c->tz_until_;
		if (e < b)
			b = e;
		unsigned tar = fixed;
		if (fixed == NO_TARIFF) {
			for (size_t i = 0; i < sc->n_rules; i++) {
				const tariff_rule *r = &sc->rules[i];
				if (!(r->flags & TARIFF_RULE_WINDOW))
					continue;
				int32_t e1 = r->start_min * 60, e2 = (r->end_min + 1) * 60;
				if (e1 > l.sod && t + (e1 - l.sod) < b)
					b = t + (e1 - l.sod);
				if (e2 > l.sod && e2 < 86400 && t + (e2 - l.sod) < b)
					b = t + (e2 - l.sod);
			}
			if (tariff_schedule_match(sc, &l, &tar) != 0)
				tar = NO_TARIFF;
		}
		int priced = 0;
		int64_t price = 0;
		if (tar != NO_TARIFF) {
			const tariff_tariff *tt = &sc->tariffs[tar];
			priced = tariff_tariff_price(tt, l.date, t, &price) == 0;
			if (tt->n_slots) { /* split at the slot's edge, or the next slot's start */
				size_t lo = 0, hi = tt->n_slots;
				while (lo < hi) {
					size_t mid = lo + (hi - lo) / 2;
					if (tt->slots[mid].start <= t)
						lo = mid + 1;
					else
						hi = mid;
				}
				if (priced && tt->slots[lo - 1].end < b)
					b = tt->slots[lo - 1].end;
				else if (!priced && lo < tt->n_slots && tt->slots[lo].start < b)
					b = tt->slots[lo].start;
			}
		}
		int64_t factor = 0;
		int has_factor = gas && tariff_schedule_factor(sc, l.date, &factor) == 0;
		int64_t cum = muldiv(q, b - s, n);
		int64_t part = cum - done;
		done = cum;
		int rc = totals_add(&c->totals_, part, tar, priced, price);
		if (!rc && gas)
			rc = gas_add(&c->totals_, part, has_factor, factor);
		if (rc)
			return fail(c, rc);
		if (c->by_ != TARIFF_BY_NONE) {
			tariff_totals *pt = period_get(c, period_key(c->by_, &l));
			if (!pt)
				return fail(c, TARIFF_ENOSPC);
			rc = totals_add(pt, part, tar, priced, price);
			if (!rc && gas)
				rc = gas_add(pt, part, has_factor, factor);
			if (rc)
				return fail(c, rc);
		}
		t = b;
	}
	return 0;
}

static int check_args(const tariff_cost *c, int64_t s, int64_t e, int64_t q)
{
	if (!c)
		return TARIFF_EINVAL;
	if (c->failed_)
		return TARIFF_EFAILED;
	if (e <= s || q < 0)
		return TARIFF_EINVAL;
	if (s < TARIFF_TIME_MIN + 86400 * 2 || e > TARIFF_TIME_MAX - 86400 * 2)
		return TARIFF_ERANGE;
	return 0;
}

int tariff_cost_add(tariff_cost *c, int64_t start, int64_t end, int64_t quantity_mu)
{
	int rc = check_args(c, start, end, quantity_mu);
	if (rc)
		return rc;
	return walk(c, start, end, quantity_mu, NO_TARIFF);
}

int tariff_cost_add_label(tariff_cost *c, int64_t start, int64_t end, int64_t quantity_mu, const char *label)
{
	int rc = check_args(c, start, end, quantity_mu);
	if (rc)
		return rc;
	if (!label)
		return TARIFF_EINVAL;
	unsigned tar;
	if ((rc = tariff_period_lookup(c->sched_, label, &tar)) != 0)
		return rc;
	return walk(c, start, end, quantity_mu, tar);
}

int tariff_cost_add_index(tariff_cost *c, int64_t start, int64_t end, const char *label, int64_t index_start,
			  int64_t index_end)
{
	if (index_end < index_start)
		return c ? TARIFF_ERANGE : TARIFF_EINVAL;
	if (index_start < 0 && index_end > INT64_MAX + index_start)
		return TARIFF_ERANGE;
	int64_t delta = index_end - index_start;
	if (delta > INT64_MAX / 1000)
		return TARIFF_ERANGE;
	return tariff_cost_add_label(c, start, end, delta * 1000, label);
}

const tariff_totals *tariff_cost_totals(const tariff_cost *c)
{
	return c ? &c->totals_ : NULL;
}

size_t tariff_cost_period_count(const tariff_cost *c)
{
	return c ? c->n_periods_ : 0;
}

const tariff_period_totals *tariff_cost_period(const tariff_cost *c, size_t i)
{
	if (!c || i >= c->n_periods_)
		return NULL;
	return &c->periods_[i];
}

int tariff_cost_error(const tariff_cost *c)
{
	return c ? c->failed_ : TARIFF_EINVAL;
}

int tariff_vat_apply(const tariff_set *set, int commodity, tariff_money excl, tariff_money *incl)
{
	if (!set || !incl || commodity < 0 || commodity >= TARIFF_COMMODITIES)
		return TARIFF_EINVAL;
	int64_t ppm = set->commodity[commodity].vat_ppm;
	if (ppm <= 0) {
		*incl = excl;
		return 0;
	}
	tariff_money vat;
	int rc = tariff_money_mul_ppm(excl, ppm, &vat);
	if (rc)
		return rc;
	return tariff_money_add(excl, vat, incl);
}

int tariff_bill_make(const tariff_set *set, const tariff_totals *imp, const tariff_totals *exp,
		     const tariff_totals *self, tariff_bill *out)
{
	if (!set || !out)
		return TARIFF_EINVAL;
	tariff_bill b;
	memset(&b, 0, sizeof b);
	int rc = 0;
	if (imp) {
		b.import_cost = imp->cost;
		b.unpriced_mu = imp->unpriced_mu;
	}
	if (exp) {
		b.export_revenue = exp->cost;
		if (add64(&b.unpriced_mu, exp->unpriced_mu))
			return TARIFF_EOVERFLOW;
	}
	if (self) {
		b.pv_saving = self->cost;
		if (add64(&b.unpriced_mu, self->unpriced_mu))
			return TARIFF_EOVERFLOW;
	}
	if ((rc = tariff_vat_apply(set, TARIFF_ELECTRICITY, b.import_cost, &b.import_cost_vat)) != 0 ||
	    (rc = tariff_vat_apply(set, TARIFF_EXPORT, b.export_revenue, &b.export_revenue_vat)) != 0 ||
	    (rc = tariff_vat_apply(set, TARIFF_ELECTRICITY, b.pv_saving, &b.pv_saving_vat)) != 0 ||
	    (rc = tariff_money_sub(b.import_cost, b.export_revenue, &b.net)) != 0 ||
	    (rc = tariff_money_sub(b.import_cost_vat, b.export_revenue_vat, &b.net_vat)) != 0)
		return rc;
	*out = b;
	return 0;
}
