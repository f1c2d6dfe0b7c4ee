// SPDX-License-Identifier: GPL-2.0
/*
 * The replay engine: a closed loop at a fixed queue depth, as fio keeps it.
 * iodepth commands start at once; whenever the earliest outstanding one
 * completes (a min-heap on completion time), its latency is recorded and the
 * next command is submitted at that very instant.  The FTL books every
 * command on submission, so submission times must never go backwards; the
 * heap's order guarantees it.
 */
#include <math.h>
#include <time.h>

#include "sim.h"

#define PRECOND_BS		(128 * SIM_KIB)
#define PRECOND_QD		32
#define STEADY_BS		(4 * SIM_KIB)
#define STEADY_PASSES		2
#define PRECOND_SEED_MIX	0x5eed5eed5eed5eedULL
/*
 * --precondition=converge: after the fill, one random pass in PRECOND_BS
 * blocks, then 4 KiB random writes in windows of 1/CONVERGE_WINDOWS of
 * the span until the write amplification of the last CONVERGE_STABLE
 * windows is within CONVERGE_TOLERANCE of their mean, after at least
 * CONVERGE_MIN_WINDOWS (a quarter of the span: two turnovers of every
 * line at a WAF of 8, i.e. each line refilled twice by the 4 KiB
 * pattern) and at most STEADY_PASSES spans (the steady precondition).
 */
#define CONVERGE_WINDOWS	32
#define CONVERGE_MIN_WINDOWS	8
#define CONVERGE_STABLE		3
#define CONVERGE_TOLERANCE	0.02
/* --plot: samples of the FTL's counters over a run */
#define TRACE_POINTS		500
/*
 * The progress line: the clock is read every so many completions; it
 * shows once a run has taken a while, then updates at this period.
 */
#define PROGRESS_CHECK_IOS	4096
#define PROGRESS_DELAY_S	0.5
#define PROGRESS_PERIOD_S	0.25

struct inflight {
	u64 done_ns;
	u64 seq;		/* submission order: breaks ties */
	u64 submit_ns;
	bool write;
	bool reset;		/* a zone reset, not an I/O */
};

struct heap {
	struct inflight *e;
	u32 n;
};

static bool inflight_before(const struct inflight *a, const struct inflight *b)
{
	if (a->done_ns != b->done_ns)
		return a->done_ns < b->done_ns;
	return a->seq < b->seq;
}

static void heap_push(struct heap *h, const struct inflight *in)
{
	u32 i = h->n++;

	while (i) {
		u32 parent = (i - 1) / 2;

		if (!inflight_before(in, &h->e[parent]))
			break;
		h->e[i] = h->e[parent];
		i = parent;
	}
	h->e[i] = *in;
}

static struct inflight heap_pop(struct heap *h)
{
	struct inflight top = h->e[0];
	struct inflight last = h->e[--h->n];
	u32 i = 0;

	for (;;) {
		u32 child = 2 * i + 1;

		if (child >= h->n)
			break;
		if (child + 1 < h->n &&
		    inflight_before(&h->e[child + 1], &h->e[child]))
			child++;
		if (!inflight_before(&h->e[child], &last))
			break;
		h->e[i] = h->e[child];
		i = child;
	}
	if (h->n)
		h->e[i] = last;
	return top;
}

/* Where the workload goes next. */
struct generator {
	const struct sim_workload *wl;
	struct sim_rng rng;
	u64 blocks;		/* bs-sized blocks in the span */
	u64 next_block;		/* sequential workloads, the cold part */
	u64 hot_blocks;		/* at the end of the span */
	/* a zoned device: its zones, and each writer's zone and offset */
	const struct ftl_zns_ops *zns;
	void *ftl;
	struct ftl_zns_config zcfg;
	u32 zones;		/* in the span */
	u32 turn;		/* the writer whose command is next */
	u32 *writer_zone;
	u64 *writer_pos;	/* bytes into writer_zone */
};

/* The next command: read or write, where, and under which handle. */
struct next_io {
	bool write;
	bool reset;		/* reset the zone at @offset instead */
	u64 offset;
	u16 rg;
	u16 ruh;
};

/* A zoned device: @offset counted in zone capacity, in namespace bytes. */
static u64 zoned_offset(const struct generator *g, u64 offset)
{
	if (!g->zns)
		return offset;
	return offset / g->zcfg.zone_capacity * g->zcfg.zone_size +
	       offset % g->zcfg.zone_capacity;
}

static u8 zone_state(const struct generator *g, u32 zone)
{
	struct zns_zone_desc d = { 0 };
	struct zns_report r = {
		.first_zone = zone,
		.option = ZNS_LIST_ALL,
		.descs = &d,
		.max_descs = 1,
	};

	g->zns->report(g->ftl, &r);
	return d.state;
}

/* The next write of the writer in turn, or a reset of the zone it enters. */
static void next_zone_io(struct generator *g, struct next_io *io)
{
	const struct sim_workload *wl = g->wl;
	u32 w = g->turn, writers = wl->zone_writers;
	u64 zone_start;

	if (g->writer_pos[w] == g->zcfg.zone_capacity) {
		g->writer_zone[w] += writers;
		if (g->writer_zone[w] >= g->zones)
			g->writer_zone[w] = w;
		g->writer_pos[w] = 0;
	}
	zone_start = (u64)g->writer_zone[w] * g->zcfg.zone_size;
	io->write = true;
	if (!g->writer_pos[w] && zone_state(g, g->writer_zone[w]) != ZNS_ZSE) {
		io->reset = true;
		io->offset = zone_start;
		return;		/* the same writer goes on after it */
	}
	io->offset = zone_start + g->writer_pos[w];
	g->writer_pos[w] += wl->bs;
	g->turn = (w + 1) % writers;
}

static u64 hot_blocks(const struct sim_workload *wl, u64 blocks)
{
	u64 hot = wl->hot_bytes / wl->bs;

	return hot ? env_min(hot, blocks) : 1;
}

static void next_io(struct generator *g, struct next_io *io)
{
	const struct sim_workload *wl = g->wl;
	u64 block, cold_blocks = g->blocks - g->hot_blocks;

	io->reset = false;
	if (wl->rw == SIM_ZONEWRITE) {
		next_zone_io(g, io);
		io->rg = 0;
		io->ruh = 0;
		return;
	}
	switch (wl->rw) {
	case SIM_READ:
	case SIM_WRITE:
		block = g->next_block++;
		if (g->next_block == g->blocks)
			g->next_block = 0;
		io->write = wl->rw == SIM_WRITE;
		break;
	case SIM_RANDRW:
		io->write = sim_rng_below(&g->rng, 100) >= wl->rwmixread;
		block = sim_rng_below(&g->rng, g->blocks);
		break;
	case SIM_HOTCOLD:
		io->write = true;
		if (cold_blocks &&
		    sim_rng_below(&g->rng, 100) >= wl->hot_writes_pct) {
			block = g->next_block++;
			if (g->next_block == cold_blocks)
				g->next_block = 0;
		} else {
			block = cold_blocks +
				sim_rng_below(&g->rng, g->hot_blocks);
		}
		break;
	case SIM_RANDREAD:
	case SIM_RANDWRITE:
	default:
		io->write = wl->rw == SIM_RANDWRITE;
		block = sim_rng_below(&g->rng, g->blocks);
		break;
	}
	io->offset = zoned_offset(g, block * wl->bs);
	io->rg = wl->rg;
	io->ruh = wl->ruh + (wl->separate && block >= cold_blocks);
}

/* Never inlined: callgrind.sh takes its inclusive cost as the FTL's. */
static __attribute__((noinline)) u64 submit(struct sim_dev *dev,
					    enum ftl_op op, u64 offset,
					    u64 length, u16 rg, u16 ruh)
{
	const struct ftl_io io = {
		.op = op,
		.offset = offset,
		.length = length,
		.now_ns = dev->now_ns,
		.rg = rg,
		.ruh = ruh,
	};
	u64 done = dev->ops->submit(dev->ftl, &io);

	if (done < dev->now_ns) {
		dev->clamped++;
		done = dev->now_ns;
	}
	return done;
}

/* Never inlined, like submit(). */
static __attribute__((noinline)) u64 reset_zone(struct sim_dev *dev,
						u64 offset)
{
	struct zns_mgmt m = {
		.action = ZNS_ACT_RESET,
		.offset = offset,
		.now_ns = dev->now_ns,
	};

	dev->ops->zns->manage(dev->ftl, &m);
	return m.done_ns;
}

static void snapshot(struct sim_dev *dev, struct ftl_stats *stats)
{
	memset(stats, 0, sizeof(*stats));
	if (dev->ops->stats)
		dev->ops->stats(dev->ftl, stats);
}

double sim_wall_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

struct sim_trace *sim_trace_alloc(u64 ios)
{
	struct sim_trace *trace = calloc(1, sizeof(*trace));

	if (!trace)
		return NULL;
	trace->every = ios / TRACE_POINTS ? ios / TRACE_POINTS : 1;
	/* the start, every @every completions, and the end */
	trace->max = (u32)(ios / trace->every) + 2;
	trace->samples = calloc(trace->max, sizeof(*trace->samples));
	if (!trace->samples) {
		free(trace);
		return NULL;
	}
	return trace;
}

void sim_trace_free(struct sim_trace *trace)
{
	if (trace)
		free(trace->samples);
	free(trace);
}

static void trace_sample(struct sim_dev *dev, struct sim_trace *trace)
{
	struct sim_sample *s;

	if (trace->nr == trace->max)
		return;
	s = &trace->samples[trace->nr++];
	s->now_ns = dev->now_ns;
	snapshot(dev, &s->stats);
}

/* The progress line, at most every PROGRESS_PERIOD_S of wall time. */
struct progress {
	double next_s;
	bool shown;
};

static void progress_tick(const struct sim_dev *dev, struct progress *p,
			  u64 done, u64 total)
{
	double now;

	if (done % PROGRESS_CHECK_IOS)
		return;
	now = sim_wall_s();
	if (now < p->next_s)
		return;
	p->next_s = now + PROGRESS_PERIOD_S;
	p->shown = true;
	fprintf(stderr, "\r%s: %llu / %llu I/Os (%llu%%)", dev->phase,
		(unsigned long long)done, (unsigned long long)total,
		(unsigned long long)(done * 100 / total));
}

/* Clears the line, so that what follows starts on a clean one. */
static void progress_end(const struct progress *p)
{
	if (p->shown)
		fprintf(stderr, "\r\033[K");
}

int sim_dev_create(struct sim_dev *dev, const struct ftl_ops *ops,
		   const struct ftl_params *params)
{
	memset(dev, 0, sizeof(*dev));
	dev->ops = ops;
	dev->capacity = params->capacity;
	dev->ftl = ops->create(params);
	return dev->ftl ? 0 : -1;
}

void sim_dev_destroy(struct sim_dev *dev)
{
	if (dev->ftl)
		dev->ops->destroy(dev->ftl);
	dev->ftl = NULL;
}

int sim_result_init(struct sim_result *res)
{
	memset(res, 0, sizeof(*res));
	if (lat_init(&res->lat[0]))
		return -1;
	if (lat_init(&res->lat[1])) {
		lat_free(&res->lat[0]);
		return -1;
	}
	return 0;
}

void sim_result_free(struct sim_result *res)
{
	lat_free(&res->lat[0]);
	lat_free(&res->lat[1]);
}

/* Submits the next command; 1 if it is an I/O, 0 if a zone reset. */
static u32 issue(struct sim_dev *dev, struct generator *g, struct heap *h,
		 u64 seq)
{
	struct inflight in;
	struct next_io io;

	next_io(g, &io);
	in.write = io.write;
	in.reset = io.reset;
	in.seq = seq;
	in.submit_ns = dev->now_ns;
	if (io.reset)
		in.done_ns = env_max(reset_zone(dev, io.offset), dev->now_ns);
	else
		in.done_ns = submit(dev, in.write ? FTL_OP_WRITE : FTL_OP_READ,
				    io.offset, g->wl->bs, io.rg, io.ruh);
	heap_push(h, &in);
	return !io.reset;
}

/* The zones of a zoned device that the workload may use. */
static int zoned_setup(struct sim_dev *dev, struct generator *g)
{
	const struct sim_workload *wl = g->wl;
	u32 w;

	g->zns = dev->ops->zns;
	if (!g->zns)
		return 0;
	g->ftl = dev->ftl;
	g->zns->config(dev->ftl, &g->zcfg);
	g->zones = (u32)env_min(wl->span / g->zcfg.zone_capacity,
				(u64)g->zcfg.nr_zones);
	/* The capacity may leave less than a zone after the last one. */
	g->blocks = (u64)g->zones * g->zcfg.zone_capacity / wl->bs;
	if (!g->blocks) {
		fprintf(stderr, "nvmev-sim: ftl=%s: the span holds no zone (%llu bytes each)\n",
			dev->ops->name,
			(unsigned long long)g->zcfg.zone_capacity);
		return -1;
	}
	if (g->zcfg.zone_capacity % wl->bs) {
		fprintf(stderr, "nvmev-sim: ftl=%s: --bs must divide the zone capacity (%llu bytes)\n",
			dev->ops->name,
			(unsigned long long)g->zcfg.zone_capacity);
		return -1;
	}
	if (wl->rw != SIM_ZONEWRITE && wl->rw != SIM_READ &&
	    wl->rw != SIM_RANDREAD) {
		fprintf(stderr, "nvmev-sim: ftl=%s takes --rw=zonewrite, read or randread\n",
			dev->ops->name);
		return -1;
	}
	if (wl->rw != SIM_ZONEWRITE)
		return 0;
	if (!wl->zone_writers || wl->zone_writers > g->zones) {
		fprintf(stderr, "nvmev-sim: --zones=%u: the span has %u zones\n",
			wl->zone_writers, g->zones);
		return -1;
	}
	if (g->zcfg.max_active && wl->zone_writers > g->zcfg.max_active) {
		fprintf(stderr, "nvmev-sim: --zones=%u: more than the %u active zones the FTL allows\n",
			wl->zone_writers, g->zcfg.max_active);
		return -1;
	}
	g->writer_zone = calloc(wl->zone_writers, sizeof(*g->writer_zone));
	g->writer_pos = calloc(wl->zone_writers, sizeof(*g->writer_pos));
	if (!g->writer_zone || !g->writer_pos)
		return -1;
	for (w = 0; w < wl->zone_writers; w++)
		g->writer_zone[w] = w;
	return 0;
}

int sim_run(struct sim_dev *dev, const struct sim_workload *wl,
	    struct sim_result *res)
{
	struct generator g = { .wl = wl };
	struct heap h = { 0 };
	struct sim_trace *trace = res ? res->trace : NULL;
	struct progress progress = { 0 };
	u64 issued = 0, completed = 0, seq = 0, warm;
	u32 depth;

	if (!wl->bs || !wl->iodepth || wl->span < wl->bs ||
	    wl->span > dev->capacity || wl->warmup_pct >= 100) {
		fprintf(stderr, "nvmev-sim: bad workload (bs %llu, span %llu, iodepth %u)\n",
			(unsigned long long)wl->bs,
			(unsigned long long)wl->span, wl->iodepth);
		return -1;
	}
	g.blocks = wl->span / wl->bs;
	g.hot_blocks = wl->rw == SIM_HOTCOLD || wl->separate ?
		       hot_blocks(wl, g.blocks) : 0;
	sim_rng_seed(&g.rng, wl->seed);
	depth = wl->ios < wl->iodepth ? (u32)wl->ios : wl->iodepth;
	h.e = calloc(depth ? depth : 1, sizeof(*h.e));
	if (!h.e || zoned_setup(dev, &g)) {
		free(g.writer_zone);
		free(g.writer_pos);
		free(h.e);
		return -1;
	}

	warm = wl->ios * wl->warmup_pct / 100;
	if (res) {
		res->start_ns = dev->now_ns;
		res->end_ns = dev->now_ns;
		snapshot(dev, &res->before);
	}
	if (trace) {
		trace->nr = 0;
		trace_sample(dev, trace);
	}
	if (dev->progress)
		progress.next_s = sim_wall_s() + PROGRESS_DELAY_S;

	while (issued < depth)
		issued += issue(dev, &g, &h, seq++);

	while (h.n) {
		struct inflight in = heap_pop(&h);

		dev->now_ns = in.done_ns;
		if (in.reset) {
			if (res && completed >= warm) {
				u64 ns = in.done_ns - in.submit_ns;

				res->resets++;
				res->reset_ns_sum += ns;
				res->reset_ns_max = env_max(res->reset_ns_max,
							    ns);
			}
			if (issued < wl->ios)
				issued += issue(dev, &g, &h, seq++);
			continue;
		}
		completed++;
		if (res) {
			if (completed > warm) {
				lat_add(&res->lat[in.write],
					in.done_ns - in.submit_ns);
				res->ios++;
				res->bytes += wl->bs;
			} else if (completed == warm) {
				res->start_ns = in.done_ns;
				snapshot(dev, &res->before);
			}
		}
		if (trace && !(completed % trace->every))
			trace_sample(dev, trace);
		if (dev->progress)
			progress_tick(dev, &progress, completed, wl->ios);
		if (issued < wl->ios)
			issued += issue(dev, &g, &h, seq++);
	}
	progress_end(&progress);
	if (trace && completed % trace->every)
		trace_sample(dev, trace);
	if (res) {
		res->end_ns = dev->now_ns;
		snapshot(dev, &res->after);
		res->have_stats = dev->ops->stats != NULL;
	}
	free(g.writer_zone);
	free(g.writer_pos);
	free(h.e);
	return 0;
}

/* Waits for every write the FTL accepted to be durable. */
static void flush(struct sim_dev *dev)
{
	dev->now_ns = submit(dev, FTL_OP_FLUSH, 0, 0, 0, 0);
}

/* The write amplification of the FTL since @before, and the counters now. */
static double waf_since(const struct sim_dev *dev, struct ftl_stats *before)
{
	struct ftl_stats now = { 0 };
	u64 host, nand;

	dev->ops->stats(dev->ftl, &now);
	host = now.host_write_units - before->host_write_units;
	nand = now.nand_write_units - before->nand_write_units;
	*before = now;
	return host ? (double)nand / host : 0;
}

/*
 * --precondition=converge after the fill in @wl: see CONVERGE_WINDOWS.
 * Says on stderr how many 4 KiB writes it took and the last WAFs.
 */
static int converge(struct sim_dev *dev, struct sim_workload *wl, u64 span,
		    u64 seed)
{
	double waf[CONVERGE_STABLE] = { 0 }, mean = 0;
	struct ftl_stats stats = { 0 };
	u32 k, i, max = STEADY_PASSES * CONVERGE_WINDOWS;
	bool stable = false;

	if (!dev->ops->stats) {
		fprintf(stderr, "nvmev-sim: ftl=%s keeps no counters to converge on\n",
			dev->ops->name);
		return -1;
	}
	wl->rw = SIM_RANDWRITE;
	wl->seed = seed ^ PRECOND_SEED_MIX;
	wl->ios = span / wl->bs;
	if (sim_run(dev, wl, NULL))
		return -1;
	wl->bs = STEADY_BS;
	wl->ios = span / wl->bs / CONVERGE_WINDOWS;
	waf_since(dev, &stats);
	for (k = 0; k < max && !stable; k++) {
		/* not the same offsets in every window */
		wl->seed = seed ^ PRECOND_SEED_MIX ^ (k + 1);
		if (sim_run(dev, wl, NULL))
			return -1;
		waf[k % CONVERGE_STABLE] = waf_since(dev, &stats);
		for (mean = 0, i = 0; i < CONVERGE_STABLE; i++)
			mean += waf[i] / CONVERGE_STABLE;
		stable = k + 1 >= CONVERGE_MIN_WINDOWS;
		for (i = 0; i < CONVERGE_STABLE; i++)
			stable &= fabs(waf[i] - mean) <=
				  CONVERGE_TOLERANCE * mean;
	}
	fprintf(stderr, "nvmev-sim: converge: %s after %llu 4 KiB random writes (%u/%u of the span), WAF of the last windows %.3f %.3f %.3f\n",
		stable ? "steady" : "not steady", (unsigned long long)(k * wl->ios),
		k, CONVERGE_WINDOWS, waf[(k + 0) % CONVERGE_STABLE],
		waf[(k + 1) % CONVERGE_STABLE], waf[(k + 2) % CONVERGE_STABLE]);
	return 0;
}

int sim_precondition(struct sim_dev *dev, enum sim_precond how, u64 span,
		     u64 seed, const struct sim_workload *placement)
{
	struct sim_workload wl = {
		.rw = SIM_WRITE,
		.bs = PRECOND_BS,
		.iodepth = PRECOND_QD,
		.span = span,
		.seed = seed,
	};

	if (how == SIM_PRECOND_NONE)
		return 0;
	if (dev->ops->zns) {
		struct ftl_zns_config cfg;

		if (how != SIM_PRECOND_SEQ) {
			fprintf(stderr, "nvmev-sim: ftl=%s: --precondition=seq only (zones are written sequentially)\n",
				dev->ops->name);
			return -1;
		}
		/* Every zone of the span, full, one after the other. */
		dev->ops->zns->config(dev->ftl, &cfg);
		wl.rw = SIM_ZONEWRITE;
		wl.zone_writers = 1;
		if (cfg.zone_capacity % wl.bs)
			wl.bs = STEADY_BS;
		wl.ios = span / cfg.zone_capacity * cfg.zone_capacity / wl.bs;
		if (sim_run(dev, &wl, NULL))
			return -1;
		flush(dev);
		return 0;
	}
	if (span % wl.bs)
		wl.bs = STEADY_BS;
	if (placement) {
		wl.hot_bytes = placement->hot_bytes;
		wl.rg = placement->rg;
		wl.ruh = placement->ruh;
		wl.separate = placement->separate;
		/* The same blocks, so the same hot part. */
		if (wl.separate)
			wl.bs = placement->bs;
	}
	wl.ios = span / wl.bs;
	if (sim_run(dev, &wl, NULL))
		return -1;
	if (how == SIM_PRECOND_CONVERGE) {
		if (converge(dev, &wl, span, seed))
			return -1;
	} else if (how == SIM_PRECOND_STEADY) {
		/* not the measurement's sequence of offsets */
		wl.seed = seed ^ PRECOND_SEED_MIX;
		wl.rw = SIM_RANDWRITE;
		wl.bs = STEADY_BS;
		wl.ios = STEADY_PASSES * (span / wl.bs);
		if (sim_run(dev, &wl, NULL))
			return -1;
	}
	flush(dev);
	return 0;
}

static double window_s(const struct sim_result *res)
{
	return (double)(res->end_ns - res->start_ns) / SIM_NS_PER_SEC;
}

double sim_iops(const struct sim_result *res)
{
	double s = window_s(res);

	return s > 0 ? res->ios / s : (res->ios ? INFINITY : 0);
}

double sim_mbps(const struct sim_result *res)
{
	double s = window_s(res);

	return s > 0 ? res->bytes / s / 1e6 : (res->bytes ? INFINITY : 0);
}

double sim_waf(const struct sim_result *res)
{
	u64 host, nand;

	if (!res->have_stats)
		return -1;
	host = res->after.host_write_units - res->before.host_write_units;
	nand = res->after.nand_write_units - res->before.nand_write_units;
	return host ? (double)nand / host : -1;
}
