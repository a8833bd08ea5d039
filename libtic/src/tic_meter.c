/* libtic: the meter view (latest value per label, normalised reading). See tic/meter.h. */
#include <string.h>
#include "tic/meter.h"

static const uint16_t store_off[TIC_LABEL_COUNT] = {
#define TIC_OFF_(id, name, modes, type, unit, minl, maxl, hd, fl, desc) \
	(uint16_t)offsetof(struct tic_meter_store_, id),
	TIC_LABEL_MAP(TIC_OFF_)
#undef TIC_OFF_
};

/* Value capacity (without NUL) of each label's slot. */
static const uint8_t store_cap[TIC_LABEL_COUNT] = {
#define TIC_CAP_(id, name, modes, type, unit, minl, maxl, hd, fl, desc) \
	(uint8_t)((maxl) ? (maxl) : TIC_METER_OPEN_MAX),
	TIC_LABEL_MAP(TIC_CAP_)
#undef TIC_CAP_
};

typedef char tic_store_fits_u16_[(sizeof(struct tic_meter_store_) < 65536u) ? 1 : -1];

/* Transient historic alarms, cleared when a frame no longer carries them. */
static const uint16_t alarms[4] = {TIC_L_ADPS, TIC_L_ADIR1, TIC_L_ADIR2, TIC_L_ADIR3};

static char *slot(tic_meter *m, unsigned id)
{
	return (char *)&m->store_ + store_off[id];
}

static const char *cslot(const tic_meter *m, unsigned id)
{
	return (const char *)&m->store_ + store_off[id];
}

static int seen(const tic_meter *m, unsigned id)
{
	return (m->seen_[id >> 3] >> (id & 7u)) & 1u;
}

int tic_meter_init(tic_meter *m)
{
	if (!m)
		return TIC_EINVAL;
	memset(m, 0, sizeof *m);
	return 0;
}

int tic_meter_update(tic_meter *m, const tic_dataset *ds)
{
	if (!m || !ds || ds->status != TIC_DATASET_OK || !ds->value)
		return TIC_EINVAL;
	const tic_label_info *li = ds->info;
	if (!li)
		li = tic_dict_find(ds->label, ds->label_len, ds->mode);
	if (!li)
		return TIC_ENOTFOUND;
	unsigned id = li->id;
	if (ds->value_len > store_cap[id] || (ds->horodate && ds->horodate_len > 13))
		return TIC_ERANGE;
	char *s = slot(m, id);
	/* Another meter on the line: forget everything about the previous one. */
	if ((id == TIC_L_ADCO || id == TIC_L_ADSC) && seen(m, id) &&
	    (strlen(s) != ds->value_len || memcmp(s, ds->value, ds->value_len) != 0)) {
		memset(m->seen_, 0, sizeof m->seen_);
		m->fresh_ = 0;
	}
	memcpy(s, ds->value, ds->value_len);
	s[ds->value_len] = '\0';
	if (li->horodate) {
		char *h = s + store_cap[id] + 1;
		size_t hl = ds->horodate ? ds->horodate_len : 0;
		if (hl)
			memcpy(h, ds->horodate, hl);
		h[hl] = '\0';
	}
	m->seen_[id >> 3] = (uint8_t)(m->seen_[id >> 3] | (1u << (id & 7u)));
	m->mode_ = (uint8_t)ds->mode;
	for (unsigned i = 0; i < 4; i++)
		if (alarms[i] == id)
			m->fresh_ = (uint8_t)(m->fresh_ | (1u << i));
	return 0;
}

int tic_meter_frame_end(tic_meter *m, const tic_frame *f, int64_t now_utc)
{
	if (!m || !f)
		return TIC_EINVAL;
	if (f->status == TIC_FRAME_COMPLETE) {
		m->frames_++;
		m->frame_time_ = now_utc;
		for (unsigned i = 0; i < 4; i++)
			if (!(m->fresh_ & (1u << i)))
				m->seen_[alarms[i] >> 3] =
					(uint8_t)(m->seen_[alarms[i] >> 3] & ~(1u << (alarms[i] & 7u)));
	}
	m->fresh_ = 0;
	return 0;
}

struct feed_ctx {
	tic_meter *m;
	int64_t now;
	int frames;
};

static int feed_dataset(void *user, const tic_dataset *ds)
{
	struct feed_ctx *c = (struct feed_ctx *)user;
	int r = tic_meter_update(c->m, ds);
	(void)r; /* unknown labels are simply not kept */
	return 0;
}

static int feed_frame_end(void *user, const tic_frame *f)
{
	struct feed_ctx *c = (struct feed_ctx *)user;
	if (f->status == TIC_FRAME_COMPLETE)
		c->frames++;
	int r = tic_meter_frame_end(c->m, f, c->now);
	(void)r; /* cannot fail: both pointers are set */
	return 0;
}

static const tic_callbacks feed_cb = {NULL, feed_dataset, NULL, feed_frame_end};

int tic_meter_feed(tic_meter *m, tic_decoder *dec, const void *data, size_t len, int64_t now_utc)
{
	if (!m || !dec || (!data && len))
		return TIC_EINVAL;
	struct feed_ctx c;
	c.m = m;
	c.now = now_utc;
	c.frames = 0;
	(void)tic_decoder_feed(dec, data, len, &feed_cb, &c); /* our callbacks never stop */
	return c.frames;
}

const char *tic_meter_value(const tic_meter *m, int id)
{
	if (!m || id < 0 || id >= (int)TIC_LABEL_COUNT || !seen(m, (unsigned)id))
		return NULL;
	return cslot(m, (unsigned)id);
}

const char *tic_meter_horodate(const tic_meter *m, int id)
{
	const tic_label_info *li = tic_dict_get(id);
	if (!li || !li->horodate || !tic_meter_value(m, id))
		return NULL;
	const char *h = cslot(m, (unsigned)id) + store_cap[id] + 1;
	return *h ? h : NULL;
}

const char *tic_meter_get(const tic_meter *m, const char *name)
{
	if (!m || !name)
		return NULL;
	size_t n = strlen(name);
	const tic_label_info *li = tic_dict_find(name, n, (tic_mode)m->mode_);
	if (!li)
		li = tic_dict_find(name, n, TIC_MODE_AUTO);
	return li ? tic_meter_value(m, li->id) : NULL;
}

/* Latest value of id as a number; 0 if absent or not a number. */
static int num(const tic_meter *m, int id, uint32_t *out)
{
	const char *v = tic_meter_value(m, id);
	return v && tic_value_uint(v, strlen(v), out) == 0;
}

static void copy_trim(char *dst, size_t cap, const char *src)
{
	size_t n = strlen(src);
	while (n && src[0] == ' ') {
		src++;
		n--;
	}
	while (n && src[n - 1] == ' ')
		n--;
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static tic_color color_of_period(tic_period p)
{
	switch (p) {
	case TIC_PERIOD_HCJB: case TIC_PERIOD_HPJB: return TIC_COLOR_BLUE;
	case TIC_PERIOD_HCJW: case TIC_PERIOD_HPJW: return TIC_COLOR_WHITE;
	case TIC_PERIOD_HCJR: case TIC_PERIOD_HPJR: return TIC_COLOR_RED;
	default: return TIC_COLOR_UNKNOWN;
	}
}

static void reading_historic(const tic_meter *m, tic_reading *r)
{
	static const int idx[] = {TIC_L_BASE,    TIC_L_HCHC,    TIC_L_HCHP,    TIC_L_EJPHN,
				  TIC_L_EJPHPM,  TIC_L_BBRHCJB, TIC_L_BBRHPJB, TIC_L_BBRHCJW,
				  TIC_L_BBRHPJW, TIC_L_BBRHCJR, TIC_L_BBRHPJR};
	static const int iinst[3] = {TIC_L_IINST1, TIC_L_IINST2, TIC_L_IINST3};
	static const int adir[3] = {TIC_L_ADIR1, TIC_L_ADIR2, TIC_L_ADIR3};
	uint32_t v;
	const char *s;

	if ((s = tic_meter_value(m, TIC_L_ADCO)) != NULL) {
		copy_trim(r->meter_id, sizeof r->meter_id, s);
		r->present |= TIC_READING_METER_ID;
	}
	if (num(m, TIC_L_PAPP, &v)) {
		r->apparent_power_va = (int32_t)v;
		r->present |= TIC_READING_APPARENT_POWER;
	}
	if (tic_meter_value(m, TIC_L_IINST1) || tic_meter_value(m, TIC_L_IMAX1)) {
		r->phases = 3;
		for (int i = 0; i < 3; i++)
			if (num(m, iinst[i], &v)) {
				r->current_ma[i] = (int32_t)(v * 1000u);
				r->present |= TIC_READING_CURRENT1 << i;
			}
	} else if (num(m, TIC_L_IINST, &v)) {
		r->phases = 1;
		r->current_ma[0] = (int32_t)(v * 1000u);
		r->present |= TIC_READING_CURRENT1;
	}
	if (num(m, TIC_L_ISOUSC, &v)) {
		r->subscribed_current_ma = (int32_t)(v * 1000u);
		r->present |= TIC_READING_REFERENCE;
	}
	for (int i = 0; i < 3; i++)
		if (num(m, adir[i], &v)) {
			r->over_current_ma[i] = (int32_t)(v * 1000u);
			r->present |= TIC_READING_ALARM;
		}
	if (num(m, TIC_L_ADPS, &v)) {
		r->over_power_ma = (int32_t)(v * 1000u);
		r->present |= TIC_READING_ALARM;
	}
	if ((s = tic_meter_value(m, TIC_L_PTEC)) != NULL) {
		r->period = tic_period_from_ptec(s, strlen(s));
		copy_trim(r->period_label, sizeof r->period_label, s);
		r->present |= TIC_READING_TARIFF;
		r->color_today = color_of_period(r->period);
		if (r->color_today != TIC_COLOR_UNKNOWN)
			r->present |= TIC_READING_COLOR_TODAY;
	}
	int cur = tic_period_index_label((int)r->period);
	for (size_t i = 0; i < sizeof idx / sizeof idx[0] && r->index_count < TIC_READING_INDEXES; i++) {
		if (!num(m, idx[i], &v))
			continue;
		if (idx[i] == cur)
			r->tariff_index = (uint8_t)(r->index_count + 1);
		r->energy_wh[r->index_count] = v;
		copy_trim(r->energy_label[r->index_count], 8, tic_dict_get(idx[i])->name);
		r->energy_total_wh += v;
		r->index_count++;
	}
	if (r->index_count)
		r->present |= TIC_READING_ENERGY | TIC_READING_ENERGY_TOTAL;
	if ((s = tic_meter_value(m, TIC_L_DEMAIN)) != NULL) {
		r->color_tomorrow = tic_color_from_demain(s, strlen(s));
		if (r->color_tomorrow != TIC_COLOR_UNKNOWN)
			r->present |= TIC_READING_COLOR_TOMORROW;
	}
}

static void reading_standard(const tic_meter *m, tic_reading *r)
{
	static const int irms[3] = {TIC_L_IRMS1, TIC_L_IRMS2, TIC_L_IRMS3};
	static const int urms[3] = {TIC_L_URMS1, TIC_L_URMS2, TIC_L_URMS3};
	static const int sinsts[3] = {TIC_L_SINSTS1, TIC_L_SINSTS2, TIC_L_SINSTS3};
	uint32_t v;
	const char *s;
	tic_stge st;
	int have_stge = 0;

	if ((s = tic_meter_value(m, TIC_L_ADSC)) != NULL) {
		copy_trim(r->meter_id, sizeof r->meter_id, s);
		r->present |= TIC_READING_METER_ID;
	}
	if ((s = tic_meter_value(m, TIC_L_PRM)) != NULL) {
		copy_trim(r->prm, sizeof r->prm, s);
		r->present |= TIC_READING_PRM;
	}
	if ((s = tic_meter_value(m, TIC_L_STGE)) != NULL && tic_stge_decode(s, strlen(s), &st) == 0)
		have_stge = 1;
	r->phases = (tic_meter_value(m, TIC_L_IRMS2) || tic_meter_value(m, TIC_L_URMS2) ||
		     tic_meter_value(m, TIC_L_SINSTS1)) ? 3
		    : tic_meter_value(m, TIC_L_IRMS1) ? 1 : 0;
	r->producer = have_stge ? st.producer
		      : (tic_meter_value(m, TIC_L_EAIT) || tic_meter_value(m, TIC_L_SINSTI)) ? 1 : 0;
	if (num(m, TIC_L_SINSTS, &v)) {
		r->apparent_power_va = (int32_t)v;
		r->present |= TIC_READING_APPARENT_POWER;
	}
	for (int i = 0; i < 3; i++) {
		if (r->phases == 3 && num(m, sinsts[i], &v)) {
			r->apparent_power_phase_va[i] = (int32_t)v;
			r->present |= TIC_READING_PHASE_POWER;
		}
		if (num(m, irms[i], &v)) {
			r->current_ma[i] = (int32_t)(v * 1000u);
			r->present |= TIC_READING_CURRENT1 << i;
		}
		if (num(m, urms[i], &v)) {
			r->voltage_mv[i] = (int32_t)(v * 1000u);
			r->present |= TIC_READING_VOLTAGE1 << i;
		}
	}
	if (num(m, TIC_L_SINSTI, &v)) {
		r->injected_power_va = (int32_t)v;
		r->present |= TIC_READING_INJECTED_POWER;
	}
	if (num(m, TIC_L_PREF, &v)) {
		r->reference_power_va = (int32_t)(v * 1000u);
		r->present |= TIC_READING_REFERENCE;
	}
	for (int i = 0; i < TIC_READING_INDEXES; i++) {
		if (num(m, TIC_L_EASF01 + i, &v)) {
			r->energy_wh[i] = v;
			r->index_count = (uint8_t)(i + 1);
			r->present |= TIC_READING_ENERGY;
		}
		copy_trim(r->energy_label[i], 8, tic_dict_get(TIC_L_EASF01 + i)->name);
	}
	if (num(m, TIC_L_EAST, &v)) {
		r->energy_total_wh = v;
		r->present |= TIC_READING_ENERGY_TOTAL;
	}
	if (num(m, TIC_L_EAIT, &v)) {
		r->energy_injected_wh = v;
		r->present |= TIC_READING_ENERGY_INJECTED;
	}
	if (num(m, TIC_L_NTARF, &v) && v >= 1 && v <= TIC_READING_INDEXES) {
		r->tariff_index = (uint8_t)v;
		r->present |= TIC_READING_TARIFF;
	}
	if ((s = tic_meter_value(m, TIC_L_LTARF)) != NULL) {
		r->period = tic_period_from_ltarf(s, strlen(s));
		copy_trim(r->period_label, sizeof r->period_label, s);
		r->present |= TIC_READING_TARIFF;
	}
	if (have_stge) {
		r->color_today = (tic_color)st.color_today;
		r->color_tomorrow = (tic_color)st.color_tomorrow;
		if (st.color_today)
			r->present |= TIC_READING_COLOR_TODAY;
		if (st.color_tomorrow)
			r->present |= TIC_READING_COLOR_TOMORROW;
	}
	if ((s = tic_meter_horodate(m, TIC_L_DATE)) != NULL) {
		tic_horodate h;
		if (tic_horodate_parse(s, strlen(s), &h) == 0 && h.dst >= 0) {
			r->meter_time_utc = h.utc;
			r->present |= TIC_READING_METER_TIME;
		}
	}
}

int tic_meter_reading(const tic_meter *m, tic_reading *out)
{
	if (!m || !out)
		return TIC_EINVAL;
	memset(out, 0, sizeof *out);
	int any = 0;
	for (size_t i = 0; i < sizeof m->seen_; i++)
		any |= m->seen_[i];
	if (!any)
		return TIC_ENOTFOUND;
	out->mode = (tic_mode)m->mode_;
	if (m->mode_ == TIC_MODE_STANDARD)
		reading_standard(m, out);
	else if (m->mode_ == TIC_MODE_HISTORIC)
		reading_historic(m, out);
	out->time_utc = m->frame_time_;
	out->frames = m->frames_;
	return 0;
}
