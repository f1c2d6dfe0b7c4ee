/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nvmev-sim: replays a synthetic, fio-like workload through one of the
 * module's FTLs in userspace.  The FTL sources are the module's own, built
 * with NVMEV_USERSPACE; this header is what the simulator's files share.
 */
#ifndef NVMEV_SIM_H
#define NVMEV_SIM_H

#include "ftl.h"

#define SIM_KIB			1024ULL
#define SIM_MIB			(1024ULL * SIM_KIB)
#define SIM_GIB			(1024ULL * SIM_MIB)
#define SIM_NS_PER_SEC		1000000000ULL
#define ARRAY_LEN(a)		(sizeof(a) / sizeof((a)[0]))

/* ---- random numbers: splitmix64, reproducible from the seed ---- */

struct sim_rng {
	u64 state;
};

static inline void sim_rng_seed(struct sim_rng *rng, u64 seed)
{
	rng->state = seed;
}

static inline u64 sim_rng_next(struct sim_rng *rng)
{
	u64 z = (rng->state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n), n > 0 (Lemire's multiply-shift; bias < n / 2^64). */
static inline u64 sim_rng_below(struct sim_rng *rng, u64 n)
{
	return (u64)(((unsigned __int128)sim_rng_next(rng) * n) >> 64);
}

/* ---- latency histogram (log-linear, 2^LAT_SUB_BITS steps per octave) ---- */

#define LAT_SUB_BITS		10
#define LAT_SUB			(1U << LAT_SUB_BITS)
#define LAT_BUCKETS		((64 - LAT_SUB_BITS + 1) * LAT_SUB)

struct lat_hist {
	u64 count;
	u64 sum_ns;
	u64 min_ns;
	u64 max_ns;
	u64 *buckets;		/* LAT_BUCKETS counters */
};

int lat_init(struct lat_hist *h);
void lat_free(struct lat_hist *h);
void lat_reset(struct lat_hist *h);
void lat_add(struct lat_hist *h, u64 ns);
void lat_merge(struct lat_hist *dst, const struct lat_hist *src);
/* The latency below which @pct percent of the samples lie (0 if none). */
u64 lat_percentile(const struct lat_hist *h, double pct);
double lat_mean(const struct lat_hist *h);
/*
 * Writes the distribution of @h as "latency_us fraction" lines, from
 * (min, 0) to (max, 1), one step per bucket used.
 */
void lat_write_cdf(const struct lat_hist *h, FILE *f);

/* ---- the device and the workloads replayed through it ---- */

enum sim_rw {
	SIM_READ,
	SIM_WRITE,
	SIM_RANDREAD,
	SIM_RANDWRITE,
	SIM_RANDRW,
	SIM_HOTCOLD,	/* writes: a cold part rewritten in turn, a hot one at random */
	/*
	 * Zoned (ftl=zns): @zone_writers writers, each filling zones of its
	 * own sequentially (w, w + writers, ...) and resetting a zone that
	 * is not empty before writing it again.
	 */
	SIM_ZONEWRITE,
};

enum sim_precond {
	SIM_PRECOND_NONE,
	SIM_PRECOND_SEQ,	/* write the span sequentially once */
	SIM_PRECOND_STEADY,	/* then overwrite it randomly, 4 KiB, 2x */
	/* then randomly in large blocks once, and 4 KiB until WAF settles */
	SIM_PRECOND_CONVERGE,
};

/* An FTL instance and its clock. */
struct sim_dev {
	const struct ftl_ops *ops;
	void *ftl;
	u64 capacity;
	u64 now_ns;		/* nothing is submitted before this */
	u64 clamped;		/* completions the FTL put in the past */
	/* a one-line count of the commands done on stderr, named @phase */
	bool progress;
	const char *phase;
};

struct sim_workload {
	enum sim_rw rw;
	u32 rwmixread;		/* percent reads, SIM_RANDRW */
	u64 bs;
	u32 iodepth;
	u64 span;		/* bytes from offset 0 the workload touches */
	u64 ios;		/* commands in all, warmup included */
	u32 warmup_pct;		/* leading share of @ios not measured */
	u64 seed;
	/* SIM_HOTCOLD: the hot part ends the span; its share of the writes */
	u64 hot_bytes;
	u32 hot_writes_pct;
	/*
	 * Placement of writes (ftl=fdp): reclaim group and handle; with
	 * @separate, writes to the hot part take handle @ruh + 1.
	 */
	u16 rg;
	u16 ruh;
	bool separate;
	u32 zone_writers;	/* SIM_ZONEWRITE */
};

/* The FTL's counters at one instant of a run. */
struct sim_sample {
	u64 now_ns;
	struct ftl_stats stats;
};

/* The counters over a whole run, warmup included (--plot). */
struct sim_trace {
	u64 every;		/* a sample each this many completions */
	u32 nr;
	u32 max;
	struct sim_sample *samples;
};

struct sim_result {
	u64 ios;		/* measured */
	u64 bytes;
	u64 start_ns;		/* the measured window */
	u64 end_ns;
	struct lat_hist lat[2];	/* [0] reads, [1] writes */
	/* zone resets (SIM_ZONEWRITE): not I/Os, but they take a slot */
	u64 resets;
	u64 reset_ns_sum;
	u64 reset_ns_max;
	bool have_stats;
	struct ftl_stats before;
	struct ftl_stats after;
	struct sim_trace *trace;	/* NULL: none kept */
};

/* Seconds on the monotonic clock: the run's own cost, not simulated time. */
double sim_wall_s(void);

int sim_dev_create(struct sim_dev *dev, const struct ftl_ops *ops,
		   const struct ftl_params *params);
void sim_dev_destroy(struct sim_dev *dev);

int sim_result_init(struct sim_result *res);
void sim_result_free(struct sim_result *res);

/*
 * Replays @wl on @dev from dev->now_ns; @res may be NULL (no statistics).
 * On a zoned device the workload's offsets count zone capacity only (the
 * span is that many bytes of zones, from zone 0), and writes other than
 * sequential ones are refused.
 */
int sim_run(struct sim_dev *dev, const struct sim_workload *wl,
	    struct sim_result *res);
/*
 * Brings the first @span bytes of @dev to the state @how names, placing
 * the writes as @placement's would be (NULL: no placement).
 */
int sim_precondition(struct sim_dev *dev, enum sim_precond how, u64 span,
		     u64 seed, const struct sim_workload *placement);

double sim_iops(const struct sim_result *res);
double sim_mbps(const struct sim_result *res);
/* Write amplification over the window; < 0 when the FTL keeps no counts. */
double sim_waf(const struct sim_result *res);

/* ---- --plot ---- */

/* Samples for a run of @ios commands; NULL if out of memory. */
struct sim_trace *sim_trace_alloc(u64 ios);
void sim_trace_free(struct sim_trace *trace);
/* @png names a FILE.png, else a line saying so. */
bool sim_plot_wants(const char *png);
/* 0 if gnuplot is on the PATH, else -1 and a line saying how to get it. */
int sim_plot_available(void);
/*
 * Draws @res into @png (which ends in .png) with gnuplot: the latency CDF
 * of reads and writes, and WAF and GC over the run when the FTL counts
 * them.  The data and the gnuplot script stay beside it.
 */
int sim_plot(const char *png, const char *title, const struct sim_result *res);

/* ---- --check: every preset's data-sheet targets ---- */

struct sim_check_opts {
	const char *ftl;
	const char *profile;	/* NULL: every preset */
	struct ftl_params params;	/* overrides; capacity */
	u64 ios;		/* 0: chosen per target */
	u64 size;		/* bytes per target instead; 0: chosen */
	int warmup_pct;		/* < 0: the default */
	u64 seed;
	bool verbose;
};

/* Prints the table; returns the number of failed targets (or < 0). */
int sim_check(const struct sim_check_opts *opts);

#endif /* NVMEV_SIM_H */
