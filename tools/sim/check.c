// SPDX-License-Identifier: GPL-2.0
/*
 * --check: replays every data-sheet figure of every preset (ssd_config.h)
 * on a fresh device and compares.  Reads are measured on a device written
 * sequentially first, so they hit flash rather than unmapped blocks;
 * steady-state targets are measured after a fill and a 2x random
 * overwrite; other writes on a fresh device, as consumer data sheets
 * quote them.  The first CHECK_WARMUP_PCT of every run is not measured.
 */
#include <math.h>

#include "sim.h"
#include "ssd.h"

#define CHECK_WARMUP_PCT	10
/* each target moves this share of the capacity ... */
#define CHECK_CAPACITY_DIV	2
/* ... but keeps at least this many commands per queue slot in flight */
#define CHECK_MIN_IOS_PER_QD	64
#define LATENCY_IOS		20000
#define LATENCY_BS		4096

enum metric {
	METRIC_MBPS,
	METRIC_IOPS,
	METRIC_LAT_US,		/* mean latency */
};

static const char *const metric_units[] = {
	[METRIC_MBPS] = "MB/s",
	[METRIC_IOPS] = "IOPS",
	[METRIC_LAT_US] = "us",
};

struct check {
	const char *name;
	bool write;
	bool random;
	u64 bs;
	u32 qd;
	bool steady;
	enum metric metric;
	double value;
};

static enum sim_precond check_precond(const struct check *c)
{
	if (c->steady)
		return SIM_PRECOND_STEADY;
	return c->write ? SIM_PRECOND_NONE : SIM_PRECOND_SEQ;
}

static u64 check_ios(const struct sim_check_opts *opts, const struct check *c,
		     u64 span)
{
	u64 ios;

	if (opts->ios)
		return opts->ios;
	if (opts->size)
		return opts->size / c->bs ? opts->size / c->bs : 1;
	if (c->metric == METRIC_LAT_US)
		return LATENCY_IOS;
	ios = span / CHECK_CAPACITY_DIV / c->bs;
	return env_max(ios, (u64)c->qd * CHECK_MIN_IOS_PER_QD);
}

/* Runs @c on a fresh device of @profile; the model's figure in @value. */
static int run_check(const struct sim_check_opts *opts, const char *profile,
		     const struct check *c, double *value, double *waf)
{
	const struct ftl_ops *ops = ftl_find(opts->ftl);
	struct ftl_params params = opts->params;
	struct sim_workload wl = {
		.bs = c->bs,
		.iodepth = c->qd,
		.warmup_pct = opts->warmup_pct < 0 ? CHECK_WARMUP_PCT :
			      (u32)opts->warmup_pct,
		.seed = opts->seed,
	};
	struct sim_result res;
	struct sim_dev dev;
	int ret = -1;

	if (c->write)
		wl.rw = c->random ? SIM_RANDWRITE : SIM_WRITE;
	else
		wl.rw = c->random ? SIM_RANDREAD : SIM_READ;
	wl.span = params.capacity / c->bs * c->bs;
	wl.ios = check_ios(opts, c, wl.span);
	params.profile = profile;
	if (!ops || sim_dev_create(&dev, ops, &params))
		return -1;
	if (sim_result_init(&res))
		goto out_dev;
	if (sim_precondition(&dev, check_precond(c),
			     params.capacity / SSD_MAP_UNIT_BYTES *
			     SSD_MAP_UNIT_BYTES, opts->seed, NULL))
		goto out_res;
	if (sim_run(&dev, &wl, &res))
		goto out_res;
	switch (c->metric) {
	case METRIC_MBPS:
		*value = sim_mbps(&res);
		break;
	case METRIC_IOPS:
		*value = sim_iops(&res);
		break;
	case METRIC_LAT_US:
		*value = lat_mean(&res.lat[c->write]) / 1000.0;
		break;
	}
	*waf = sim_waf(&res);
	ret = 0;
out_res:
	sim_result_free(&res);
out_dev:
	sim_dev_destroy(&dev);
	return ret;
}

static void fmt_value(char *buf, size_t size, double v, enum metric m)
{
	if (isnan(v))
		snprintf(buf, size, "-");
	else if (m == METRIC_LAT_US)
		snprintf(buf, size, "%.1f %s", v, metric_units[m]);
	else
		snprintf(buf, size, "%.0f %s", v, metric_units[m]);
}

/* One row of the table; true when the model is within tolerance. */
static bool check_row(const struct sim_check_opts *opts,
		      const struct ssd_profile *p, const struct check *c)
{
	char sheet[32], model[32], dev[16], waf_s[16];
	double value = NAN, waf = -1, t0 = sim_wall_s(), deviation = NAN;
	bool ok = false;

	if (!run_check(opts, p->name, c, &value, &waf) && c->value > 0) {
		deviation = (value - c->value) / c->value * 100.0;
		ok = fabs(deviation) <= SSD_TARGET_TOLERANCE_PCT;
	}
	fmt_value(sheet, sizeof(sheet), c->value, c->metric);
	fmt_value(model, sizeof(model), value, c->metric);
	if (isnan(deviation))
		snprintf(dev, sizeof(dev), "-");
	else
		snprintf(dev, sizeof(dev), "%+.1f%%", deviation);
	if (waf >= 0)
		snprintf(waf_s, sizeof(waf_s), "%.2f", waf);
	else
		snprintf(waf_s, sizeof(waf_s), "-");
	printf("%-8s %-30s %13s %13s %8s  %-4s %6s %6.1f%s\n", p->name,
	       c->name, sheet, model, dev, ok ? "PASS" : "FAIL", waf_s,
	       sim_wall_s() - t0, isnan(value) ? "  (the model failed to run)" :
	       "");
	return ok;
}

int sim_check(const struct sim_check_opts *opts)
{
	const struct ssd_profile *p;
	u32 passed = 0, failed = 0, i, t;
	double t0 = sim_wall_s();

	printf("%-8s %-30s %13s %13s %8s  %-4s %6s %6s\n", "profile",
	       "target", "data sheet", "model", "dev", "", "WAF", "wall s");
	for (i = 0; (p = ssd_profile_at(i)); i++) {
		if (opts->profile && strcmp(opts->profile, p->name))
			continue;
		for (t = 0; t < SSD_MAX_TARGETS && p->targets[t].name; t++) {
			const struct ssd_target *st = &p->targets[t];
			const struct check c = {
				.name = st->name,
				.write = st->write,
				.random = st->random,
				.bs = st->block_bytes,
				.qd = st->queue_depth,
				.steady = st->steady_state,
				.metric = st->in_mbps ? METRIC_MBPS :
					  METRIC_IOPS,
				.value = st->value,
			};

			if (check_row(opts, p, &c))
				passed++;
			else
				failed++;
		}
		for (t = 0; t < 2; t++) {
			bool write = t;
			const struct check c = {
				.name = write ? "write latency 4K QD1" :
					"read latency 4K QD1",
				.write = write,
				.random = true,
				.bs = LATENCY_BS,
				.qd = 1,
				.metric = METRIC_LAT_US,
				.value = write ? p->write_latency_us :
					 p->read_latency_us,
			};

			if (!c.value)
				continue;
			if (check_row(opts, p, &c))
				passed++;
			else
				failed++;
		}
	}
	printf("(tolerance %d%%, capacity %llu MiB, %.1f s)\n",
	       SSD_TARGET_TOLERANCE_PCT,
	       (unsigned long long)(opts->params.capacity >> 20),
	       sim_wall_s() - t0);
	printf("%u passed, %u failed\n", passed, failed);
	return (int)failed;
}
