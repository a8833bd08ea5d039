/* An installation: loading, polling (one scheduler per bus), readings, totals. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ems_inst.h"
#include "ems/error.h"

char *ems_read_file(const char *path, size_t max);
int ems_installation_from_json(ems_installation *inst, json_t *root, const char *file,
			       const ems_jsonpos *pos, ems_config_error *err);

/* --- Loading ------------------------------------------------------------------ */

int ems_installation_load_string(const char *json, const char *name,
				 const ems_installation_options *opts, ems_installation **out,
				 ems_config_error *err)
{
	if (!json || !out)
		return EMS_EINVAL;
	*out = NULL;
	ems_installation_options def = EMS_INSTALLATION_OPTIONS_INIT;
	if (!opts)
		opts = &def;
	if (opts->version != EMS_INSTALLATION_OPTIONS_VERSION)
		return EMS_EINVAL;
	json_error_t je;
	json_t *root = json_loads(json, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		ems_cfg_parse_fail(err, name, &je);
		return EMS_EPARSE;
	}
	ems_installation *inst = calloc(1, sizeof *inst);
	ems_jsonpos *pos = ems_jsonpos_build(json);
	if (!inst || !pos) {
		free(inst);
		ems_jsonpos_free(pos);
		json_decref(root);
		return EMS_ENOMEM;
	}
	inst->opts = *opts;
	inst->opts.maps_dir = NULL;
	if (opts->maps_dir)
		ems_strlcpy(inst->maps_dir, opts->maps_dir, sizeof inst->maps_dir);
	int rc = ems_installation_from_json(inst, root, name ? name : "<string>", pos, err);
	ems_jsonpos_free(pos);
	json_decref(root);
	if (rc) {
		ems_installation_free(inst);
		return rc;
	}
	*out = inst;
	return EMS_OK;
}

int ems_installation_load_file(const char *path, const ems_installation_options *opts,
			       ems_installation **out, ems_config_error *err)
{
	if (!path || !out)
		return EMS_EINVAL;
	*out = NULL;
	char *text = ems_read_file(path, 16u << 20);
	if (!text) {
		ems_cfg_fail(err, NULL, path, "", "cannot read the file: %s", strerror(errno ? errno : EIO));
		return EMS_ENOTFOUND;
	}
	int rc = ems_installation_load_string(text, path, opts, out, err);
	free(text);
	return rc;
}

void ems_installation_free(ems_installation *inst)
{
	if (!inst)
		return;
	for (size_t i = 0; i < inst->ndevs; i++) {
		ems_device *d = &inst->devs[i];
		if (d->drv && d->drv->close)
			d->drv->close(d);
		if (d->priv_free)
			d->priv_free(d->priv);
		ems_regmap_free(d->map);
		for (size_t k = 0; k < d->nss_cand; k++)
			ems_regmap_free(d->ss_cand[k]);
		free(d->blocks);
		free(d->unsupported);
		free(d->image);
	}
	for (size_t i = 0; i < inst->nbuses; i++)
		ems_bus_close(&inst->buses[i]);
	free(inst->devs);
	free(inst->buses);
	free(inst->groups);
	free(inst);
}

/* --- Accessors ------------------------------------------------------------------ */

size_t ems_installation_device_count(const ems_installation *inst) { return inst ? inst->ndevs : 0; }

const char *ems_installation_device_name(const ems_installation *inst, size_t i)
{
	return inst && i < inst->ndevs ? inst->devs[i].name : NULL;
}

const char *ems_installation_device_model(const ems_installation *inst, size_t i)
{
	return inst && i < inst->ndevs ? inst->devs[i].model : NULL;
}

int ems_installation_device_index(const ems_installation *inst, const char *name, size_t *out)
{
	if (!inst || !name || !out)
		return EMS_EINVAL;
	for (size_t i = 0; i < inst->ndevs; i++)
		if (strcmp(inst->devs[i].name, name) == 0) {
			*out = i;
			return EMS_OK;
		}
	return EMS_ENOTFOUND;
}

int ems_installation_reading(const ems_installation *inst, size_t i, ems_reading *out)
{
	if (!inst || !out)
		return EMS_EINVAL;
	if (i >= inst->ndevs)
		return EMS_ENOTFOUND;
	*out = inst->devs[i].reading;
	return EMS_OK;
}

int ems_installation_device_stats(const ems_installation *inst, size_t i, ems_device_stats *out)
{
	if (!inst || !out)
		return EMS_EINVAL;
	if (i >= inst->ndevs)
		return EMS_ENOTFOUND;
	*out = inst->devs[i].stats;
	return EMS_OK;
}

int ems_installation_set_enabled(ems_installation *inst, size_t i, int enabled)
{
	if (!inst)
		return EMS_EINVAL;
	if (i >= inst->ndevs)
		return EMS_ENOTFOUND;
	ems_device *d = &inst->devs[i];
	d->enabled = enabled ? 1 : 0;
	d->stats.status = enabled ? EMS_STATUS_UNKNOWN : EMS_STATUS_OFF;
	int64_t t = d->reading.time;
	ems_reading_clear(&d->reading);
	d->reading.time = t;
	d->reading.status = d->stats.status;
	d->next_due = 0;
	return EMS_OK;
}

size_t ems_installation_bus_count(const ems_installation *inst) { return inst ? inst->nbuses : 0; }

int ems_installation_bus_stats(const ems_installation *inst, size_t i, ems_bus_stats *out)
{
	if (!inst || !out)
		return EMS_EINVAL;
	if (i >= inst->nbuses)
		return EMS_ENOTFOUND;
	*out = inst->buses[i].stats;
	return EMS_OK;
}

size_t ems_installation_group_count(const ems_installation *inst) { return inst ? inst->ngroups : 0; }

const char *ems_installation_group_name(const ems_installation *inst, size_t i)
{
	return inst && i < inst->ngroups ? inst->groups[i] : NULL;
}

/* --- Polling ---------------------------------------------------------------------- */

static void record_failure(ems_device *d, int rc, const char *text, int64_t now)
{
	d->stats.failures++;
	d->stats.consecutive_failures++;
	d->stats.last_error = rc;
	ems_strlcpy(d->stats.last_error_text, text && *text ? text : ems_strerror(rc),
		    sizeof d->stats.last_error_text);
	d->stats.status = EMS_STATUS_COMM_ERROR;
	ems_reading_clear(&d->reading);
	d->reading.time = now;
	d->reading.status = EMS_STATUS_COMM_ERROR;
}

static int poll_one(ems_installation *inst, ems_device *d, int64_t now)
{
	if (!d->enabled)
		return EMS_EDISABLED;
	d->stats.polls++;
	ems_reading r;
	char err[EMS_ERRLEN] = "";
	int rc = EMS_OK;
	for (int attempt = 0; attempt <= d->retries; attempt++) {
		ems_reading_clear(&r);
		r.time = now;
		err[0] = '\0';
		if (attempt)
			d->stats.retries++;
		rc = d->drv->read(inst, d, &r, err, sizeof err);
		/* an exception is an answer: repeating it changes nothing; no connection: back-off */
		if (rc == EMS_OK || rc == EMS_EMODBUS || rc == EMS_ECONN || rc == EMS_ENOTSUP ||
		    rc == EMS_ENOMEM || d->is_virtual)
			break;
	}
	if (rc == EMS_OK && d->stale_after_s > 0 && d->image_since > 0 &&
	    now - d->image_since >= d->stale_after_s) {
		snprintf(err, sizeof err, "values unchanged for %lld s (stale_after_s %d): device or gateway frozen",
			 (long long)(now - d->image_since), d->stale_after_s);
		rc = EMS_ESTALE;
	}
	if (rc) {
		record_failure(d, rc, err, now);
		return rc;
	}
	r.status = EMS_STATUS_OK;
	r.time = now;
	d->reading = r;
	d->stats.successes++;
	d->stats.consecutive_failures = 0;
	d->stats.status = EMS_STATUS_OK;
	d->stats.last_success = now;
	return EMS_OK;
}

static int due(const ems_device *d, int64_t now)
{
	return d->enabled && now >= d->next_due;
}

static void schedule(ems_device *d, int64_t now)
{
	d->next_due = now + d->interval_s;
}

typedef struct bus_job {
	ems_installation *inst;
	ems_bus *bus;
	int64_t now;
} bus_job;

/* The scheduler of one bus: its due devices, one request at a time, in order. */
static void *poll_bus(void *arg)
{
	bus_job *j = arg;
	for (size_t i = 0; i < j->inst->ndevs; i++) {
		ems_device *d = &j->inst->devs[i];
		if (d->bus != j->bus || !due(d, j->now))
			continue;
		(void)poll_one(j->inst, d, j->now);
		schedule(d, j->now);
	}
	return NULL;
}

int ems_installation_poll(ems_installation *inst, int64_t now)
{
	if (!inst)
		return EMS_EINVAL;
	size_t nb = inst->nbuses;
	bus_job *jobs = calloc(nb ? nb : 1, sizeof *jobs);
	pthread_t *th = calloc(nb ? nb : 1, sizeof *th);
	uint8_t *started = calloc(nb ? nb : 1, 1);
	if (!jobs || !th || !started) {
		free(jobs);
		free(th);
		free(started);
		return EMS_ENOMEM;
	}
	for (size_t b = 0; b < nb; b++) {
		jobs[b] = (bus_job){inst, &inst->buses[b], now};
		if (inst->opts.parallel_buses && nb > 1 &&
		    pthread_create(&th[b], NULL, poll_bus, &jobs[b]) == 0)
			started[b] = 1;
		else
			poll_bus(&jobs[b]);
	}
	for (size_t b = 0; b < nb; b++)
		if (started[b])
			pthread_join(th[b], NULL);
	free(jobs);
	free(th);
	free(started);
	/* devices without a bus (other drivers), then virtual ones, in order */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < inst->ndevs; i++) {
			ems_device *d = &inst->devs[i];
			if (d->bus || d->is_virtual != pass || !due(d, now))
				continue;
			(void)poll_one(inst, d, now);
			schedule(d, now);
		}
	return EMS_OK;
}

int ems_installation_poll_device(ems_installation *inst, size_t i, int64_t now)
{
	if (!inst)
		return EMS_EINVAL;
	if (i >= inst->ndevs)
		return EMS_ENOTFOUND;
	ems_device *d = &inst->devs[i];
	int rc = poll_one(inst, d, now);
	if (rc != EMS_EDISABLED)
		schedule(d, now);
	return rc;
}

int ems_installation_write(ems_installation *inst, size_t i, ems_quantity q, double value)
{
	if (!inst || (int)q < 0 || q >= EMS_Q_COUNT || !isfinite(value))
		return EMS_EINVAL;
	if (i >= inst->ndevs)
		return EMS_ENOTFOUND;
	ems_device *d = &inst->devs[i];
	if (!d->enabled)
		return EMS_EDISABLED;
	if (!d->drv->write)
		return EMS_ENOTSUP;
	char err[EMS_ERRLEN] = "";
	int rc = d->drv->write(inst, d, q, value, err, sizeof err);
	if (rc && rc != EMS_ENOTSUP && rc != EMS_ERANGE) {
		d->stats.last_error = rc;
		ems_strlcpy(d->stats.last_error_text, err, sizeof d->stats.last_error_text);
	}
	return rc;
}

/* --- Virtual devices and totals ------------------------------------------------------ */

static const ems_quantity additive[] = {
	EMS_Q_POWER, EMS_Q_POWER_L1, EMS_Q_POWER_L2, EMS_Q_POWER_L3,
	EMS_Q_REACTIVE_POWER, EMS_Q_REACTIVE_POWER_L1, EMS_Q_REACTIVE_POWER_L2, EMS_Q_REACTIVE_POWER_L3,
	EMS_Q_ENERGY_IMPORT, EMS_Q_ENERGY_EXPORT,
	EMS_Q_ENERGY_IMPORT_L1, EMS_Q_ENERGY_IMPORT_L2, EMS_Q_ENERGY_IMPORT_L3,
	EMS_Q_REACTIVE_ENERGY_IMPORT, EMS_Q_REACTIVE_ENERGY_EXPORT,
	EMS_Q_PV_POWER, EMS_Q_BATTERY_POWER, EMS_Q_SESSION_ENERGY,
	EMS_Q_GAS_VOLUME, EMS_Q_WATER_VOLUME,
};
#define NADD (sizeof additive / sizeof additive[0])

static int virt_read(ems_installation *inst, ems_device *d, ems_reading *out, char *err, size_t errlen)
{
	/* every source must be ok: a total from a missing part would be wrong, not partial */
	for (size_t t = 0; t < d->nterms; t++) {
		ems_device *s = &inst->devs[d->terms[t].dev];
		if (s->reading.status != EMS_STATUS_OK) {
			snprintf(err, errlen, "source \"%s\" is %s", s->name, ems_status_name(s->reading.status));
			return EMS_ENOTFOUND;
		}
	}
	double sum[EMS_Q_COUNT] = {0};
	int have[EMS_Q_COUNT] = {0}, missing[EMS_Q_COUNT] = {0};
	for (size_t t = 0; t < d->nterms; t++) {
		const ems_term *tm = &d->terms[t];
		const ems_reading *sr = &inst->devs[tm->dev].reading;
		for (size_t k = 0; k < (tm->all ? NADD : 1); k++) {
			ems_quantity src = tm->all ? additive[k] : tm->src;
			ems_quantity dst = tm->all ? additive[k] : tm->dst;
			if (sr->provided[src]) {
				sum[dst] += tm->sign * sr->value[src];
				have[dst] = 1;
			} else {
				missing[dst] = 1;
			}
		}
	}
	int any = 0;
	for (int q = 0; q < EMS_Q_COUNT; q++)
		if (have[q] && !missing[q]) {
			ems_reading_put(out, (ems_quantity)q, sum[q]);
			any = 1;
		}
	if (!any) {
		snprintf(err, errlen, "no quantity is provided by every source");
		return EMS_ENOTFOUND;
	}
	return EMS_OK;
}

const ems_driver ems_virtual_driver = {"virtual", virt_read, NULL, NULL};

typedef int (*member_fn)(const ems_device *d, const char *key);

static int in_group(const ems_device *d, const char *g)
{
	for (int i = 0; i < d->ngroups; i++)
		if (strcmp(d->groups[i], g) == 0)
			return 1;
	return 0;
}

static int of_load(const ems_device *d, const char *l)
{
	return strcmp(d->load_type, l) == 0;
}

static int total(const ems_installation *inst, const char *key, member_fn member, ems_reading *out)
{
	ems_reading_clear(out);
	int members = 0, bad = 0;
	double sum[EMS_Q_COUNT] = {0};
	int have[EMS_Q_COUNT] = {0}, missing[EMS_Q_COUNT] = {0};
	for (size_t i = 0; i < inst->ndevs; i++) {
		const ems_device *d = &inst->devs[i];
		if (!member(d, key) || d->exclude)
			continue;
		members++;
		if (!d->enabled)
			continue;
		if (d->reading.status != EMS_STATUS_OK) {
			bad = 1;
			continue;
		}
		if (d->reading.time > out->time)
			out->time = d->reading.time;
		for (size_t k = 0; k < NADD; k++) {
			ems_quantity q = additive[k];
			if (d->reading.provided[q]) {
				sum[q] += d->reading.value[q];
				have[q] = 1;
			} else {
				missing[q] = 1;
			}
		}
	}
	if (!members)
		return EMS_ENOTFOUND;
	if (bad) {
		out->status = EMS_STATUS_COMM_ERROR;
		return EMS_OK;
	}
	out->status = EMS_STATUS_OK;
	for (int q = 0; q < EMS_Q_COUNT; q++)
		if (have[q] && !missing[q])
			ems_reading_put(out, (ems_quantity)q, sum[q]);
	return EMS_OK;
}

int ems_installation_group_reading(const ems_installation *inst, const char *group, ems_reading *out)
{
	if (!inst || !group || !out)
		return EMS_EINVAL;
	for (size_t i = 0; i < inst->ngroups; i++)
		if (strcmp(inst->groups[i], group) == 0) {
			int rc = total(inst, group, in_group, out);
			if (rc == EMS_ENOTFOUND) { /* declared, no member: an empty total */
				ems_reading_clear(out);
				out->status = EMS_STATUS_OK;
				return EMS_OK;
			}
			return rc;
		}
	return EMS_ENOTFOUND;
}

int ems_installation_load_reading(const ems_installation *inst, const char *load_type, ems_reading *out)
{
	if (!inst || !load_type || !out)
		return EMS_EINVAL;
	return total(inst, load_type, of_load, out);
}
