/* Protection: the limits every strategy obeys (main breaker x derating per phase, circuits,
 * contract power, unbalance), and the allocation of current under them.
 *
 * Every limit is a linear constraint "sum of coeff x current <= room" with coeff >= 0, whose
 * room is computed from the measured non-EV current (grid minus what the stations draw now).
 * Allocation: stations are admitted at their minimum in admission order (priority, running,
 * arrival); a station whose minimum does not fit gets zero. The current above the minimums is
 * then shared: first come first served, or max-min fair (progressive filling, each round a
 * binary search of the common level). */
#include "evc_internal.h"

enum { EVC_K_BREAKER = 1, EVC_K_CIRCUIT = 2, EVC_K_CONTRACT = 3, EVC_K_UNBALANCE = 4 };

typedef struct prot {
	evc_ctx *c;
	int64_t room[3]; /* main breaker, per phase */
	int64_t use[3];
	int64_t croom; /* contract, mVA */
	int64_t cuse;
	int contract;
	int64_t uroom[3]; /* unbalance, single-phase EV current per phase */
	int64_t uuse[3];
	int unbalance;
} prot;

int evc_popcount3(int mask)
{
	return (mask & 1) + ((mask >> 1) & 1) + ((mask >> 2) & 1);
}

/* sort key comparison: priority first, then running, then arrival, then index */
static int before(const evc_station *st, uint32_t a, uint32_t b)
{
	const evc_station *x = &st[a], *y = &st[b];
	if (x->config.priority != y->config.priority)
		return x->config.priority > y->config.priority;
	int rx = (x->priv.flags & EVC_F_RUNNING) != 0, ry = (y->priv.flags & EVC_F_RUNNING) != 0;
	if (rx != ry)
		return rx > ry;
	if (x->priv.connected_s != y->priv.connected_s)
		return x->priv.connected_s < y->priv.connected_s;
	return a < b;
}

static void sift(evc_station *st, size_t start, size_t end)
{
	size_t root = start;
	while (2 * root + 1 < end) {
		size_t child = 2 * root + 1;
		if (child + 1 < end && before(st, st[child].priv.ord, st[child + 1].priv.ord))
			child++;
		if (before(st, st[root].priv.ord, st[child].priv.ord)) {
			uint32_t t = st[root].priv.ord;
			st[root].priv.ord = st[child].priv.ord;
			st[child].priv.ord = t;
			root = child;
		} else {
			return;
		}
	}
}

/* Heap sort of the permutation held in st[i].priv.ord (no allocation). */
void evc_order_stations(evc_station *st, size_t n)
{
	for (size_t i = 0; i < n; i++)
		st[i].priv.ord = (uint32_t)i;
	if (n < 2)
		return;
	for (size_t i = n / 2; i-- > 0;)
		sift(st, i, n);
	for (size_t end = n - 1; end > 0; end--) {
		uint32_t t = st[0].priv.ord;
		st[0].priv.ord = st[end].priv.ord;
		st[end].priv.ord = t;
		sift(st, 0, end);
	}
}

static int single_phase(int mask)
{
	return mask == 1 || mask == 2 || mask == 4;
}

/* Largest extra current (mA, per phase) station s may still take; *kind says what limits. */
static int64_t room_for(const prot *P, const evc_station *s, int *kind)
{
	const evc_ctx *c = P->c;
	int64_t best = INT64_MAX;
	int k = 0;
	int m = s->priv.mask;
	for (int p = 0; p < 3; p++) {
		if (!(m & (1 << p)))
			continue;
		if (P->room[p] - P->use[p] < best) {
			best = P->room[p] - P->use[p];
			k = EVC_K_BREAKER;
		}
		for (int32_t ci = s->config.circuit; ci != EVC_NO_CIRCUIT;
		     ci = c->circuits[ci].config.parent) {
			const evc_circuit_priv *cp = &c->circuits[ci].priv;
			if (cp->room_ma[p] - cp->use_ma[p] < best) {
				best = cp->room_ma[p] - cp->use_ma[p];
				k = EVC_K_CIRCUIT;
			}
		}
		if (P->unbalance && single_phase(m) && P->uroom[p] - P->uuse[p] < best) {
			best = P->uroom[p] - P->uuse[p];
			k = EVC_K_UNBALANCE;
		}
	}
	if (P->contract) {
		int64_t coeff = (int64_t)evc_popcount3(m) * c->volt;
		int64_t r = P->croom - P->cuse;
		int64_t v = r >= 0 ? r / coeff : -((-r + coeff - 1) / coeff);
		if (v < best) {
			best = v;
			k = EVC_K_CONTRACT;
		}
	}
	if (kind)
		*kind = k;
	return best;
}

static void use(prot *P, const evc_station *s, int64_t amount)
{
	const evc_ctx *c = P->c;
	int m = s->priv.mask;
	for (int p = 0; p < 3; p++) {
		if (!(m & (1 << p)))
			continue;
		P->use[p] += amount;
		for (int32_t ci = s->config.circuit; ci != EVC_NO_CIRCUIT;
		     ci = c->circuits[ci].config.parent)
			c->circuits[ci].priv.use_ma[p] += amount;
		if (P->unbalance && single_phase(m))
			P->uuse[p] += amount;
	}
	if (P->contract)
		P->cuse += amount * evc_popcount3(m) * c->volt;
}

static int kind_flag(int kind)
{
	switch (kind) {
	case EVC_K_CIRCUIT:
		return EVC_F_CUT_CIRCUIT;
	case EVC_K_CONTRACT:
		return EVC_F_CUT_CONTRACT;
	case EVC_K_UNBALANCE:
		return EVC_F_CUT_UNBALANCE;
	default:
		return EVC_F_CUT_BREAKER;
	}
}

/* Rooms of every constraint from the measured non-EV currents. */
static void rooms(prot *P)
{
	evc_ctx *c = P->c;
	for (int p = 0; p < 3; p++) {
		P->use[p] = P->uuse[p] = 0;
		P->room[p] = p < c->nphases ? c->limit_ma[p] - c->base_ma[p] : 0;
	}
	for (size_t i = 0; i < c->nc; i++) {
		evc_circuit *ci = &c->circuits[i];
		for (int p = 0; p < 3; p++) {
			int64_t base =
			    ci->input.measured ? ci->input.current_ma[p] - ci->priv.ev_ma[p] : 0;
			if (base < 0)
				base = 0; /* a sub-board circuit does not export: be conservative */
			ci->priv.base_ma[p] = base;
			ci->priv.room_ma[p] = p < c->nphases ? ci->config.limit_ma - base : 0;
			ci->priv.use_ma[p] = 0;
		}
	}
	P->contract = c->site->config.contract_va > 0;
	P->cuse = 0;
	if (P->contract) {
		int64_t imp = 0;
		for (int p = 0; p < c->nphases; p++)
			imp += c->base_ma[p] > 0 ? c->base_ma[p] : 0;
		P->croom = (int64_t)c->site->config.contract_va * 1000 - imp * c->volt;
	}
	P->unbalance = c->site->config.unbalance_ma > 0 && c->nphases == 3;
	if (P->unbalance) {
		for (int p = 0; p < 3; p++) {
			int64_t mn = INT64_MAX;
			for (int q = 0; q < 3; q++)
				if (q != p && c->base_ma[q] < mn)
					mn = c->base_ma[q];
			P->uroom[p] = c->site->config.unbalance_ma + mn - c->base_ma[p];
		}
	}
	for (int p = 0; p < 3; p++)
		c->site->result.headroom_ma[p] = (int32_t)(P->room[p] > INT32_MAX   ? INT32_MAX
		                                           : P->room[p] < INT32_MIN ? INT32_MIN
		                                                                    : P->room[p]);
}

/* Does zero EV current keep every constraint of s under its limit? */
static int zero_ok(const prot *P, const evc_station *s)
{
	const evc_ctx *c = P->c;
	int m = s->priv.mask;
	for (int p = 0; p < 3; p++) {
		if (!(m & (1 << p)))
			continue;
		if (P->room[p] < 0)
			return 0;
		for (int32_t ci = s->config.circuit; ci != EVC_NO_CIRCUIT;
		     ci = c->circuits[ci].config.parent)
			if (c->circuits[ci].priv.room_ma[p] < 0)
				return 0;
		if (P->unbalance && single_phase(m) && P->uroom[p] < 0)
			return 0;
	}
	if (P->contract && P->croom < 0)
		return 0;
	return 1;
}

static int64_t level_x(const evc_station *s, int64_t lambda)
{
	int64_t x = lambda < s->priv.want ? lambda : s->priv.want;
	return x > s->priv.lo ? x : s->priv.lo;
}

/* Usage of unfrozen extras at level lambda fits in the remaining rooms? */
static int feasible(prot *P, int64_t lambda, int64_t *mu, int64_t *uu, int64_t *cu)
{
	evc_ctx *c = P->c;
	for (int p = 0; p < 3; p++)
		mu[p] = uu[p] = 0;
	*cu = 0;
	for (size_t i = 0; i < c->nc; i++)
		for (int p = 0; p < 3; p++)
			c->circuits[i].priv.base_ma[p] = 0; /* reused as scratch usage */
	for (size_t i = 0; i < c->ns; i++) {
		const evc_station *s = &c->st[i];
		if (!(s->priv.flags & EVC_F_ACTIVE) || s->priv.alloc <= 0 || s->priv.limit)
			continue;
		int64_t e = level_x(s, lambda) - s->priv.alloc;
		if (e <= 0)
			continue;
		int m = s->priv.mask;
		for (int p = 0; p < 3; p++) {
			if (!(m & (1 << p)))
				continue;
			mu[p] += e;
			for (int32_t ci = s->config.circuit; ci != EVC_NO_CIRCUIT;
			     ci = c->circuits[ci].config.parent)
				c->circuits[ci].priv.base_ma[p] += e;
			if (P->unbalance && single_phase(m))
				uu[p] += e;
		}
		*cu += e * evc_popcount3(m) * c->volt;
	}
	/* only constraints this level adds to can be broken by it */
	for (int p = 0; p < 3; p++) {
		if (mu[p] > 0 && mu[p] > P->room[p] - P->use[p])
			return 0;
		if (P->unbalance && uu[p] > 0 && uu[p] > P->uroom[p] - P->uuse[p])
			return 0;
		for (size_t i = 0; i < c->nc; i++) {
			const evc_circuit_priv *cp = &c->circuits[i].priv;
			if (cp->base_ma[p] > 0 && cp->base_ma[p] > cp->room_ma[p] - cp->use_ma[p])
				return 0;
		}
	}
	if (P->contract && *cu > 0 && *cu > P->croom - P->cuse)
		return 0;
	return 1;
}

/* Does station s touch a constraint whose growth demand (scratch of feasible()) exceeds its
 * remaining room? *kind says which. */
static int touches_tight(const prot *P, const evc_station *s, const int64_t *mu, const int64_t *uu,
                         int64_t cu, int *kind)
{
	const evc_ctx *c = P->c;
	int m = s->priv.mask;
	for (int p = 0; p < 3; p++) {
		if (!(m & (1 << p)))
			continue;
		/* the most specific limit is named first */
		for (int32_t ci = s->config.circuit; ci != EVC_NO_CIRCUIT;
		     ci = c->circuits[ci].config.parent) {
			const evc_circuit_priv *cp = &c->circuits[ci].priv;
			if (cp->base_ma[p] > cp->room_ma[p] - cp->use_ma[p]) {
				*kind = EVC_K_CIRCUIT;
				return 1;
			}
		}
		if (mu[p] > P->room[p] - P->use[p]) {
			*kind = EVC_K_BREAKER;
			return 1;
		}
		if (P->unbalance && single_phase(m) && uu[p] > P->uroom[p] - P->uuse[p]) {
			*kind = EVC_K_UNBALANCE;
			return 1;
		}
	}
	if (P->contract && cu > P->croom - P->cuse) {
		*kind = EVC_K_CONTRACT;
		return 1;
	}
	return 0;
}

/* Max-min fair share above the minimums (progressive filling): each round finds the highest
 * common level every open station can reach, commits it, and freezes the stations that touch
 * a constraint with no room to grow further. priv.limit marks frozen stations. */
static void fill_equal(prot *P)
{
	evc_ctx *c = P->c;
	int64_t mu[3], uu[3], cu;
	for (;;) {
		int64_t hi = 0;
		size_t open = 0;
		for (size_t i = 0; i < c->ns; i++) {
			evc_station *s = &c->st[i];
			if (!(s->priv.flags & EVC_F_ACTIVE) || s->priv.alloc <= 0 || s->priv.limit)
				continue;
			if (s->priv.want <= s->priv.alloc) {
				s->priv.limit = 1;
				continue;
			}
			open++;
			if (s->priv.want > hi)
				hi = s->priv.want;
		}
		if (!open)
			break;
		int64_t lo = 0;
		if (feasible(P, hi, mu, uu, &cu)) {
			lo = hi;
		} else {
			int64_t bad = hi;
			while (bad - lo > 1) {
				int64_t mid = lo + (bad - lo) / 2;
				if (feasible(P, mid, mu, uu, &cu))
					lo = mid;
				else
					bad = mid;
			}
		}
		for (size_t i = 0; i < c->ns; i++) {
			evc_station *s = &c->st[i];
			if (!(s->priv.flags & EVC_F_ACTIVE) || s->priv.alloc <= 0 || s->priv.limit)
				continue;
			int64_t x = level_x(s, lo);
			if (x > s->priv.alloc) {
				use(P, s, x - s->priv.alloc);
				s->priv.alloc = (int32_t)x;
			}
		}
		/* growth demand of one more mA for everyone still open */
		(void)feasible(P, lo + 1, mu, uu, &cu);
		size_t frozen = 0;
		for (size_t i = 0; i < c->ns; i++) {
			evc_station *s = &c->st[i];
			if (!(s->priv.flags & EVC_F_ACTIVE) || s->priv.alloc <= 0 || s->priv.limit)
				continue;
			int kind = 0;
			if (s->priv.alloc >= s->priv.want) {
				s->priv.limit = 1;
				frozen++;
			} else if (touches_tight(P, s, mu, uu, cu, &kind)) {
				s->priv.limit = 1;
				s->priv.flags |= kind_flag(kind);
				frozen++;
			}
		}
		if (!frozen)
			break; /* cannot happen: lo + 1 was infeasible; stop rather than loop */
	}
}

static void fill_fcfs(prot *P)
{
	evc_ctx *c = P->c;
	for (size_t k = 0; k < c->ns; k++) {
		evc_station *s = &c->st[c->st[k].priv.ord];
		if (!(s->priv.flags & EVC_F_ACTIVE) || s->priv.alloc <= 0)
			continue;
		int kind = 0;
		int64_t r = room_for(P, s, &kind);
		int64_t e = s->priv.want - s->priv.alloc;
		if (r < e) {
			e = r > 0 ? r : 0;
			s->priv.flags |= kind_flag(kind);
		}
		use(P, s, e);
		s->priv.alloc += (int32_t)e;
	}
}

void evc_protect_allocate(evc_ctx *c)
{
	prot P;
	P.c = c;
	rooms(&P);
	evc_order_stations(c->st, c->ns);
	/* admission at the minimum */
	for (size_t k = 0; k < c->ns; k++) {
		evc_station *s = &c->st[c->st[k].priv.ord];
		s->priv.alloc = 0;
		s->priv.limit = 0;
		if (!(s->priv.flags & EVC_F_ACTIVE))
			continue;
		if (!zero_ok(&P, s))
			s->priv.flags |= EVC_F_ZERO_PHASE;
		if (s->priv.want <= 0)
			continue;
		if (s->priv.want < s->priv.lo)
			s->priv.want = s->priv.lo;
		if (s->priv.want > s->priv.hi)
			s->priv.want = s->priv.hi;
		if (s->priv.flags & EVC_F_ZERO_PHASE)
			continue;
		int kind = 0;
		int64_t r = room_for(&P, s, &kind);
		if (r >= s->priv.lo) {
			use(&P, s, s->priv.lo);
			s->priv.alloc = s->priv.lo;
		} else {
			s->priv.flags |= kind_flag(kind);
		}
	}
	if (c->site->config.fairness == EVC_FAIR_FCFS)
		fill_fcfs(&P);
	else
		fill_equal(&P);
}
