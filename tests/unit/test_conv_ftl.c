// SPDX-License-Identifier: GPL-2.0
/*
 * The conv FTL: its mapping against a reference under random commands with
 * garbage collection forced over and over, full devices overwritten, the
 * steady-state write amplification of greedy GC against the analytic
 * figure, background GC, and reads that need no flash.
 */
#include <math.h>
#include "unit.h"
#include "flash_util.h"

/* Small, so that GC runs many times over. */
#define REF_CAPACITY		(32 * MIB)
#define LBA_BYTES		(1ULL << NVMEV_LBA_SHIFT)
#define LBAS_PER_UNIT		(SSD_MAP_UNIT_BYTES / LBA_BYTES)

/* A conv FTL and what its mapping must be. */
struct ref {
	void *ftl;
	struct ssd *ssd;
	u64 units;		/* logical */
	bool *mapped;		/* per logical unit */
	bool *claimed;		/* per physical unit, while checking */
	u64 host_units;		/* written by host commands */
	u64 now;
};

static void ref_fini(struct ref *r)
{
	if (r->ftl)
		conv_ftl_ops.destroy(r->ftl);
	free(r->mapped);
	free(r->claimed);
	memset(r, 0, sizeof(*r));
}

static bool ref_init(struct ref *r, const struct ftl_params *p)
{
	memset(r, 0, sizeof(*r));
	r->ftl = conv_ftl_ops.create(p);
	if (!r->ftl) {
		unit_fail(__FILE__, __LINE__, "%s: create failed", p->profile);
		return false;
	}
	r->ssd = conv_ftl_ssd(r->ftl);
	r->units = r->ssd->geo.logical_units;
	r->mapped = calloc(r->units, sizeof(*r->mapped));
	r->claimed = calloc(r->ssd->geo.units, sizeof(*r->claimed));
	if (!r->mapped || !r->claimed) {
		unit_fail(__FILE__, __LINE__, "out of memory");
		ref_fini(r);
		return false;
	}
	return true;
}

/*
 * One command, to the FTL and to the reference.  A write maps every unit
 * it touches; Trim and Write Zeroes unmap only the units wholly inside
 * (the FTL cannot unmap part of one).  Returns the completion time.
 */
static u64 ref_cmd(struct ref *r, enum ftl_op op, u64 offset, u64 length)
{
	u64 first = offset >> SSD_MAP_UNIT_SHIFT;
	u64 end = (offset + length + SSD_MAP_UNIT_BYTES - 1) >>
		  SSD_MAP_UNIT_SHIFT;
	u64 done = conv_cmd(r->ftl, op, offset, length, r->now);
	u64 u;

	switch (op) {
	case FTL_OP_WRITE:
		for (u = first; u < end; u++)
			r->mapped[u] = true;
		r->host_units += end - first;
		break;
	case FTL_OP_TRIM:
	case FTL_OP_WRITE_ZEROES:
		for (u = first; u < end; u++)
			if (u << SSD_MAP_UNIT_SHIFT >= offset &&
			    (u + 1) << SSD_MAP_UNIT_SHIFT <= offset + length)
				r->mapped[u] = false;
		break;
	default:
		break;
	}
	return done;
}

/*
 * The FTL agrees with the reference: its own audit passes, what was
 * written maps to a real unit, nothing else is mapped, no two logical
 * units share a physical one, and the counters add up.
 */
static bool ref_check(struct ref *r, const char *when)
{
	const struct ssd_geometry *g = &r->ssd->geo;
	struct ftl_stats s = conv_counters(r->ftl);
	u64 mapped = 0, lpn;
	char why[256];

	if (!conv_ftl_audit(r->ftl, why, sizeof(why)))
		return FAIL_FALSE("%s: audit: %s", when, why);
	memset(r->claimed, 0, g->units * sizeof(*r->claimed));
	for (lpn = 0; lpn < r->units; lpn++) {
		u32 ppn = conv_ftl_lookup(r->ftl, (u32)lpn);

		if (!r->mapped[lpn]) {
			if (ppn != SSD_INVALID_PPN)
				return FAIL_FALSE("%s: lpn %llu should be unmapped, maps to %u",
						when, lpn, ppn);
			continue;
		}
		if (ppn == SSD_INVALID_PPN || ppn >= g->units)
			return FAIL_FALSE("%s: written lpn %llu maps to %u",
					when, lpn, ppn);
		if (r->claimed[ppn])
			return FAIL_FALSE("%s: ppn %u mapped twice (again by lpn %llu)",
					when, ppn, lpn);
		r->claimed[ppn] = true;
		mapped++;
	}
	if (s.host_write_units != r->host_units)
		return FAIL_FALSE("%s: %llu host units counted, %llu written",
				when, s.host_write_units, r->host_units);
	/* Programmed: host data, padding, GC copies; less what is open. */
	if (s.nand_write_units < s.host_write_units -
				 env_min(s.host_write_units,
					 (u64)g->units_per_pu) ||
	    s.nand_write_units + 2 * g->units_per_pu <
	    s.host_write_units + s.gc_copied_units)
		return FAIL_FALSE("%s: %llu units programmed for %llu host + %llu GC",
				when, s.nand_write_units, s.host_write_units,
				s.gc_copied_units);
	if (s.erases != s.gc_runs * g->dies * g->planes_per_die)
		return FAIL_FALSE("%s: %llu erases for %llu lines", when,
				s.erases, s.gc_runs);
	if (s.total_lines != g->lines || !s.free_lines ||
	    s.free_lines > s.total_lines ||
	    (u64)(s.total_lines - s.free_lines) * g->units_per_line < mapped)
		return FAIL_FALSE("%s: %u of %u lines free with %llu units mapped",
				when, s.free_lines, s.total_lines, mapped);
	return true;
}

/* Length in LBAs: sub-unit, a few units, or up to 1 MiB, rarely aligned. */
static u64 random_lbas(u64 *seed)
{
	u64 kind = rng_below(seed, 10);

	if (kind < 5)
		return 1 + rng_below(seed, 2 * LBAS_PER_UNIT);
	if (kind < 8)
		return LBAS_PER_UNIT * (1 + rng_below(seed, 16));
	return 1 + rng_below(seed, 256 * LBAS_PER_UNIT);
}

/* Checks every this many commands, and at the end. */
#define REF_CHECK_EVERY		1500
/* Host writes, in namespaces' worth: GC reclaims every line many times. */
#define REF_OVERWRITES		12

/*
 * Random writes, reads, trims, write-zeroes and flushes of mixed sizes and
 * alignments, after a sequential fill so GC starts at once.  Mostly QD1;
 * now and then a burst at one instant, or an idle gap for background GC.
 */
static bool random_commands_ok(const char *profile)
{
	struct ftl_params p = flash_params(profile, REF_CAPACITY);
	u64 seed = 0x5eed0000ULL + profile[0], cmds = 0, lbas, u;
	struct ftl_stats s;
	struct ref r;
	char when[64];
	bool ok = false;

	if (!ref_init(&r, &p))
		goto out;
	lbas = r.units * LBAS_PER_UNIT;
	for (u = 0; u < r.units; u += 32)
		r.now = ref_cmd(&r, FTL_OP_WRITE, u << SSD_MAP_UNIT_SHIFT,
				env_min(32ULL, r.units - u) <<
				SSD_MAP_UNIT_SHIFT);
	if (!ref_check(&r, "fill"))
		goto out;

	while (r.host_units < REF_OVERWRITES * r.units) {
		u64 len = env_min(random_lbas(&seed), lbas);
		u64 lba = rng_below(&seed, lbas - len + 1);
		u64 pick = rng_below(&seed, 100), done;
		enum ftl_op op;

		/* Aligned commands half the time, as file systems send. */
		if (rng_below(&seed, 2))
			lba -= lba % LBAS_PER_UNIT;
		if (pick < 55)
			op = FTL_OP_WRITE;
		else if (pick < 75)
			op = FTL_OP_READ;
		else if (pick < 85)
			op = FTL_OP_TRIM;
		else if (pick < 93)
			op = FTL_OP_WRITE_ZEROES;
		else
			op = FTL_OP_FLUSH;
		done = ref_cmd(&r, op, lba * LBA_BYTES,
			       op == FTL_OP_FLUSH ? 0 : len * LBA_BYTES);
		if (done < r.now) {
			unit_fail(__FILE__, __LINE__,
				  "%s: command %llu done at %llu, before %llu",
				  profile, cmds, done, r.now);
			goto out;
		}
		pick = rng_below(&seed, 256);
		if (pick == 0)
			r.now = env_max(done, r.ssd->dies_idle_ns) +
				2 * GC_BG_IDLE_NS;
		else if (pick >= 16)
			r.now = done;	/* else the next comes at once */
		if (++cmds % REF_CHECK_EVERY == 0) {
			snprintf(when, sizeof(when), "%s, command %llu",
				 profile, cmds);
			if (!ref_check(&r, when))
				goto out;
		}
	}
	snprintf(when, sizeof(when), "%s, the end", profile);
	if (!ref_check(&r, when))
		goto out;
	s = conv_counters(r.ftl);
	if (s.gc_runs < REF_OVERWRITES * s.total_lines / 2) {
		unit_fail(__FILE__, __LINE__, "%s: GC ran only %llu times",
			  profile, s.gc_runs);
		goto out;
	}
	ok = true;
out:
	ref_fini(&r);
	return ok;
}

static void conv_random_commands_match_reference(void)
{
	CHECK(random_commands_ok("970pro"));
	CHECK(random_commands_ok("p4500"));
}

/* Unaligned trims keep the units they only partly cover. */
static void conv_partial_trim_keeps_units(void)
{
	const struct ftl_params p = flash_params("970pro", REF_CAPACITY);
	struct ref r;
	u64 u;

	CHECK(ref_init(&r, &p));
	ref_cmd(&r, FTL_OP_WRITE, 0, 16 * SSD_MAP_UNIT_BYTES);
	/* Units 1..2 whole; 0 and 3 only in part. */
	ref_cmd(&r, FTL_OP_TRIM, SSD_MAP_UNIT_BYTES - LBA_BYTES,
		2 * SSD_MAP_UNIT_BYTES + 2 * LBA_BYTES);
	/* Unit 8 from its second LBA: nothing whole. */
	ref_cmd(&r, FTL_OP_WRITE_ZEROES, 8 * SSD_MAP_UNIT_BYTES + LBA_BYTES,
		SSD_MAP_UNIT_BYTES - LBA_BYTES);
	/* Units 10..11 exactly. */
	ref_cmd(&r, FTL_OP_WRITE_ZEROES, 10 * SSD_MAP_UNIT_BYTES,
		2 * SSD_MAP_UNIT_BYTES);
	for (u = 0; u < 16; u++) {
		bool gone = u == 1 || u == 2 || u == 10 || u == 11;

		if (r.mapped[u] == gone) {
			unit_fail(__FILE__, __LINE__, "the reference has unit %llu %s",
				  u, r.mapped[u] ? "mapped" : "unmapped");
			break;
		}
	}
	if (u == 16)
		ref_check(&r, "partial trims");
	ref_fini(&r);
}

/* A full namespace overwritten randomly and in order, then checked. */
static bool full_device_ok(const char *profile, int op_percent)
{
	struct ftl_params p = flash_params(profile, REF_CAPACITY);
	struct qd_job job = {
		.op = FTL_OP_WRITE,
		.qd = 32,
		.block = 128 * KIB,
		.span = REF_CAPACITY,
		.count = REF_CAPACITY / (128 * KIB),
	};
	struct qd_result res;
	struct ftl_stats s;
	char when[64];
	struct ref r;
	bool ok = false;

	p.op_percent = op_percent;
	if (!ref_init(&r, &p))
		goto out;
	memset(r.mapped, true, r.units * sizeof(*r.mapped));
	/* Fill. */
	if (!qd_run(r.ftl, &job, &r.now, &res))
		goto loop_failed;
	r.host_units += r.units;
	/* Twice the flash, at random: every line is collected. */
	job.block = SSD_MAP_UNIT_BYTES;
	job.random = true;
	job.seed = 0xf111 + op_percent;
	job.count = 2 * r.ssd->geo.units;
	if (!qd_run(r.ftl, &job, &r.now, &res))
		goto loop_failed;
	r.host_units += job.count;
	/* And once more in order. */
	job.block = 128 * KIB;
	job.random = false;
	job.count = REF_CAPACITY / (128 * KIB);
	if (!qd_run(r.ftl, &job, &r.now, &res))
		goto loop_failed;
	r.host_units += r.units;
	r.now = conv_cmd(r.ftl, FTL_OP_FLUSH, 0, 0, r.now);

	snprintf(when, sizeof(when), "%s op %d", profile, op_percent);
	if (!ref_check(&r, when))
		goto out;
	s = conv_counters(r.ftl);
	if (!s.gc_runs) {
		unit_fail(__FILE__, __LINE__, "%s: no GC", when);
		goto out;
	}
	ok = true;
	goto out;
loop_failed:
	unit_fail(__FILE__, __LINE__, "%s op %d: the QD loop failed", profile,
		  op_percent);
out:
	ref_fini(&r);
	return ok;
}

static void conv_full_device_overwritten(void)
{
	static const int ops[] = { FTL_PARAM_DEFAULT, 1, 400 };
	const struct ssd_profile *pre;
	u32 i, o;

	for (i = 0; (pre = ssd_profile_at(i)); i++)
		for (o = 0; o < ARRAY_LEN(ops); o++)
			CHECK(full_device_ok(pre->name, ops[o]));
}

/* ---- steady-state write amplification of greedy GC ---- */

/*
 * Large enough that the lines GC keeps free and open are a small part of
 * the spare, as on a real drive; the lines still hold hundreds of units.
 */
#define WAF_CAPACITY		(1 * GIB)
#define WAF_PRECONDITION	3	/* random overwrites after the fill */
#define WAF_WINDOW		2	/* namespaces' worth measured */
#define WAF_TOLERANCE_PCT	10
/* Free lines foreground GC keeps, plus the host's and GC's open lines. */
#define WAF_RESERVED_LINES	(GC_FG_FREE_LINES + 2)

/*
 * Greedy GC with large blocks under uniform random writes approaches
 * FIFO's write amplification, 1 / (1 - x), where x, the share of a block
 * still valid when it is collected, solves x = exp(-(1 - x) / u) at
 * utilisation u (Bux & Iliadis 2010; Desnoyers 2012): a unit survives
 * the (1 - x) / u namespaces' worth of writes a block waits.  x = 1
 * always solves it; the root wanted is the one below, found by bisection
 * where x - exp(-(1 - x) / u) goes from negative to positive.
 */
static double greedy_waf(double u)
{
	double lo = 0, hi = 1 - 1e-9;
	int i;

	for (i = 0; i < 200; i++) {
		double mid = (lo + hi) / 2;

		if (mid - exp(-(1 - mid) / u) < 0)
			lo = mid;
		else
			hi = mid;
	}
	return 1 / (1 - lo);
}

struct waf_row {
	const char *profile;
	int op_percent;
	double u, u_eff, expected, model;
};

/* Uniform random 4 KiB writes: fill, precondition, then measure. */
static bool waf_measure(struct waf_row *row)
{
	struct ftl_params p = flash_params(row->profile, WAF_CAPACITY);
	const struct ssd_geometry *g;
	struct ftl_stats before, after;
	struct qd_job job = {
		.op = FTL_OP_WRITE,
		.qd = 1,
		.block = SSD_MAP_UNIT_BYTES,
		.span = WAF_CAPACITY,
		.random = true,
		.seed = 0x3a7e + row->op_percent,
	};
	struct qd_result res;
	u64 now = 0, u;
	void *ftl;
	bool ok;

	p.op_percent = row->op_percent;
	ftl = conv_ftl_ops.create(&p);
	if (!ftl)
		return FAIL_FALSE("%s: create failed", row->profile);
	g = &conv_ftl_ssd(ftl)->geo;
	for (u = 0; u < g->logical_units; u += 32)
		now = conv_cmd(ftl, FTL_OP_WRITE, u << SSD_MAP_UNIT_SHIFT,
			       32 * SSD_MAP_UNIT_BYTES, now);
	job.count = WAF_PRECONDITION * g->logical_units;
	ok = qd_run(ftl, &job, &now, &res);
	before = conv_counters(ftl);
	job.count = WAF_WINDOW * g->logical_units;
	job.seed++;
	ok = ok && qd_run(ftl, &job, &now, &res);
	after = conv_counters(ftl);

	row->u = (double)g->logical_units / g->units;
	row->u_eff = (double)g->logical_units /
		     (g->units - (u64)WAF_RESERVED_LINES * g->units_per_line);
	row->expected = greedy_waf(row->u_eff);
	row->model = (double)(after.nand_write_units -
			      before.nand_write_units) /
		     (after.host_write_units - before.host_write_units);
	conv_ftl_ops.destroy(ftl);
	if (!ok)
		return FAIL_FALSE("%s: the QD loop failed", row->profile);
	return true;
}

static void conv_steady_state_waf(void)
{
	/* 50%, 80% and 90% of the flash holds logical data. */
	static const int ops[] = { 100, 25, 11 };
	struct waf_row row;
	bool ok = true;
	u32 i, o;

	printf("  steady-state WAF, uniform random 4K writes, %llu MiB:\n",
	       WAF_CAPACITY / MIB);
	printf("  %-7s %3s %6s %6s %9s %6s\n", "profile", "op", "u",
	       "u_eff", "expected", "model");
	for (i = 0; i < 2; i++) {
		for (o = 0; o < ARRAY_LEN(ops); o++) {
			row.profile = i ? "p4500" : "970pro";
			row.op_percent = ops[o];
			CHECK(waf_measure(&row));
			printf("  %-7s %3d %6.3f %6.3f %9.3f %6.3f\n",
			       row.profile, row.op_percent, row.u, row.u_eff,
			       row.expected, row.model);
			if (fabs(row.model - row.expected) * 100 >
			    row.expected * WAF_TOLERANCE_PCT && ok) {
				unit_fail(__FILE__, __LINE__,
					  "%s u %.3f: WAF %.3f, expected %.3f",
					  row.profile, row.u, row.model,
					  row.expected);
				ok = false;
			}
		}
	}
}

/* ---- background GC ---- */

#define BG_CAPACITY		(64 * MIB)

/*
 * Fills the namespace, then overwrites its upper half at random until
 * foreground GC is what keeps lines free.  The lower half's lines stay
 * wholly valid, so GC never moves them.
 */
static bool gc_pressure(struct ref *r)
{
	struct qd_job job = {
		.op = FTL_OP_WRITE,
		.qd = 32,
		.block = 128 * KIB,
		.span = BG_CAPACITY,
		.count = BG_CAPACITY / (128 * KIB),
	};
	struct qd_result res;

	memset(r->mapped, true, r->units * sizeof(*r->mapped));
	if (!qd_run(r->ftl, &job, &r->now, &res))
		return FAIL_FALSE("the fill failed");
	r->host_units += r->units;
	job.block = SSD_MAP_UNIT_BYTES;
	job.base = BG_CAPACITY / 2;
	job.span = BG_CAPACITY / 2;
	job.random = true;
	job.seed = 0xb6;
	job.count = r->units;
	if (!qd_run(r->ftl, &job, &r->now, &res))
		return FAIL_FALSE("the overwrite failed");
	r->host_units += job.count;
	/* Program what is buffered, so later flushes touch no die. */
	r->now = conv_cmd(r->ftl, FTL_OP_FLUSH, 0, 0, r->now);
	return ref_check(r, "GC pressure");
}

/*
 * Free lines short, no host writes: once every die has been idle for
 * GC_BG_IDLE_NS, the next command finds GC has topped the free lines up.
 * Flushes with nothing buffered are the probes: they touch no die.
 */
static void conv_background_gc_tops_up(void)
{
	const struct ftl_params p = flash_params("970pro", BG_CAPACITY);
	struct ftl_stats s0, s;
	struct ref r;
	u64 t;

	CHECK(ref_init(&r, &p));
	if (!gc_pressure(&r))
		goto out;
	s0 = conv_counters(r.ftl);
	if (s0.free_lines >= GC_BG_FREE_LINES || !s0.gc_runs) {
		unit_fail(__FILE__, __LINE__, "%u lines free after %llu GC runs",
			  s0.free_lines, s0.gc_runs);
		goto out;
	}
	/* Not idle long enough yet. */
	t = env_max(r.now, r.ssd->dies_idle_ns + GC_BG_IDLE_NS - 1);
	conv_cmd(r.ftl, FTL_OP_FLUSH, 0, 0, t);
	s = conv_counters(r.ftl);
	if (s.gc_runs != s0.gc_runs) {
		unit_fail(__FILE__, __LINE__, "GC ran before the dies were idle");
		goto out;
	}
	/* Just idle long enough: GC starts. */
	t = r.ssd->dies_idle_ns + GC_BG_IDLE_NS + 1;
	conv_cmd(r.ftl, FTL_OP_FLUSH, 0, 0, t);
	s = conv_counters(r.ftl);
	if (s.gc_runs <= s0.gc_runs) {
		unit_fail(__FILE__, __LINE__, "no GC after an idle gap");
		goto out;
	}
	/* A long pause: topped up, and then it stops. */
	t += NS_PER_SEC;
	conv_cmd(r.ftl, FTL_OP_FLUSH, 0, 0, t);
	s = conv_counters(r.ftl);
	if (s.free_lines < GC_BG_FREE_LINES) {
		unit_fail(__FILE__, __LINE__, "%u lines free after a second idle",
			  s.free_lines);
		goto out;
	}
	s0 = s;
	t += NS_PER_SEC;
	conv_cmd(r.ftl, FTL_OP_FLUSH, 0, 0, t);
	s = conv_counters(r.ftl);
	if (s.gc_runs != s0.gc_runs) {
		unit_fail(__FILE__, __LINE__, "GC went on with %u lines free",
			  s0.free_lines);
		goto out;
	}
	/* No host data was written for any of it. */
	ref_check(&r, "background GC");
out:
	ref_fini(&r);
}

#define BG_ROUNDS		8
/* Reads behind GC take at least this much longer on average. */
#define BG_SLOWDOWN_PCT		150

/* The longest a 4 KiB read takes on an idle device. */
static u64 idle_read_max_ns(const struct ssd *ssd)
{
	u64 max = 0;
	u32 t;

	for (t = 0; t < ssd->prof.cell_bits; t++)
		max = env_max(max, ssd_read_latency_ns(ssd, t));
	return max;
}

/*
 * A read that arrives as background GC starts waits for it on its die;
 * the same read on an idle device does not.
 */
static void conv_reads_wait_for_gc(void)
{
	const struct ftl_params p = flash_params("970pro", BG_CAPACITY);
	u64 lpn[BG_ROUNDS], busy[BG_ROUNDS], idle[BG_ROUNDS];
	u64 seed = 0x9c, busy_sum = 0, idle_sum = 0, t, done = 0;
	struct ftl_stats s0, s;
	struct ref r;
	u32 i;

	CHECK(ref_init(&r, &p));
	if (!gc_pressure(&r))
		goto out;
	for (i = 0; i < BG_ROUNDS; i++) {
		/* The lower half: never moved by GC, always on flash. */
		lpn[i] = rng_below(&seed, r.units / 2);
		t = r.ssd->dies_idle_ns + GC_BG_IDLE_NS + 1;
		s0 = conv_counters(r.ftl);
		done = conv_cmd(r.ftl, FTL_OP_READ,
				lpn[i] << SSD_MAP_UNIT_SHIFT,
				SSD_MAP_UNIT_BYTES, t);
		s = conv_counters(r.ftl);
		if (s.gc_runs == s0.gc_runs) {
			unit_fail(__FILE__, __LINE__,
				  "round %u: no GC (%u lines free)", i,
				  s.free_lines);
			goto out;
		}
		busy[i] = done - t;
	}
	/* Let GC finish topping up, then the same reads on idle dies. */
	t = done + NS_PER_SEC;
	conv_cmd(r.ftl, FTL_OP_FLUSH, 0, 0, t);
	for (i = 0; i < BG_ROUNDS; i++) {
		t = env_max(t, r.ssd->dies_idle_ns) + NS_PER_MS;
		done = conv_cmd(r.ftl, FTL_OP_READ,
				lpn[i] << SSD_MAP_UNIT_SHIFT,
				SSD_MAP_UNIT_BYTES, t);
		idle[i] = done - t;
		t = done;
		if (idle[i] > idle_read_max_ns(r.ssd) ||
		    busy[i] <= idle[i]) {
			unit_fail(__FILE__, __LINE__,
				  "round %u: %llu ns behind GC, %llu idle", i,
				  busy[i], idle[i]);
			goto out;
		}
		busy_sum += busy[i];
		idle_sum += idle[i];
	}
	printf("  4K read as background GC starts: %llu ns mean, idle: %llu ns\n",
	       busy_sum / BG_ROUNDS, idle_sum / BG_ROUNDS);
	if (busy_sum * 100 < idle_sum * BG_SLOWDOWN_PCT)
		unit_fail(__FILE__, __LINE__, "GC slows reads only %llu%%",
			  busy_sum * 100 / idle_sum);
out:
	ref_fini(&r);
}

/* ---- reads that need no flash ---- */

/* Time booked on every die and flash channel so far. */
static u64 flash_busy_ns(const struct ssd *ssd)
{
	u64 sum = 0;
	u32 i;

	for (i = 0; i < ssd->geo.dies; i++)
		sum += ssd->dies[i].busy_ns;
	for (i = 0; i < ssd->geo.channels; i++)
		sum += ssd->channels[i].tl.busy_ns;
	return sum;
}

/* A read that touches no flash: the firmware, then the link. */
static bool dram_read_ok(struct ref *r, u64 offset, u64 length)
{
	u64 busy = flash_busy_ns(r->ssd), done, want;

	r->now = env_max(r->now, r->ssd->dies_idle_ns) + NS_PER_MS;
	done = ref_cmd(r, FTL_OP_READ, offset, length);
	want = r->ssd->prof.fw_read_ns +
	       chmodel_xfer_ns(&r->ssd->pcie_to_host, length);
	if (done - r->now != want || flash_busy_ns(r->ssd) != busy)
		return FAIL_FALSE("read of %llu B at %llu: %llu ns, expected %llu; flash %s",
				length, offset, done - r->now, want,
				flash_busy_ns(r->ssd) != busy ? "touched" :
				"untouched");
	r->now = done;
	return true;
}

static void conv_unmapped_reads_skip_flash(void)
{
	const struct ftl_params p = flash_params("970pro", REF_CAPACITY);
	const u64 unit = SSD_MAP_UNIT_BYTES;
	u64 busy, done, pu;
	struct ref r;

	CHECK(ref_init(&r, &p));
	/* Never written: one unit, and 128 KiB not on a unit boundary. */
	if (!dram_read_ok(&r, 0, unit) ||
	    !dram_read_ok(&r, MIB + LBA_BYTES, 128 * KIB))
		goto out;

	ref_cmd(&r, FTL_OP_WRITE, 0, 64 * unit);
	r.now = conv_cmd(r.ftl, FTL_OP_FLUSH, 0, 0, r.now);
	/* Trim and Write Zeroes cost the firmware only. */
	done = ref_cmd(&r, FTL_OP_TRIM, 0, 16 * unit);
	if (done != r.now + r.ssd->prof.fw_write_ns) {
		unit_fail(__FILE__, __LINE__, "trim took %llu ns",
			  done - r.now);
		goto out;
	}
	r.now = done;
	r.now = ref_cmd(&r, FTL_OP_WRITE_ZEROES, 16 * unit, 16 * unit);
	r.now = ref_cmd(&r, FTL_OP_TRIM, 32 * unit + LBA_BYTES,
			8 * unit - 2 * LBA_BYTES);
	if (!ref_check(&r, "trims") ||
	    !dram_read_ok(&r, 0, 16 * unit) ||
	    !dram_read_ok(&r, 16 * unit, 16 * unit) ||
	    !dram_read_ok(&r, 33 * unit, 6 * unit))
		goto out;

	/* Unit 32 was only partly trimmed: still on flash. */
	r.now = env_max(r.now, r.ssd->dies_idle_ns) + NS_PER_MS;
	busy = flash_busy_ns(r.ssd);
	done = ref_cmd(&r, FTL_OP_READ, 32 * unit, unit);
	pu = ssd_ppn_pu(r.ssd, conv_ftl_lookup(r.ftl, 32));
	if (flash_busy_ns(r.ssd) == busy ||
	    done - r.now != ssd_read_latency_ns(r.ssd,
						ssd_page_type(r.ssd, pu)))
		unit_fail(__FILE__, __LINE__,
			  "read of a mapped unit: %llu ns, flash %s",
			  done - r.now, flash_busy_ns(r.ssd) == busy ?
			  "untouched" : "touched");
out:
	ref_fini(&r);
}

/* ---- data that stays in the device ---- */

static u64 conv_internal_cmd(void *ftl, enum ftl_op op, u64 offset,
			     u64 length, u64 now_ns)
{
	const struct ftl_io io = {
		.op = op,
		.offset = offset,
		.length = length,
		.now_ns = now_ns,
		.internal = true,
	};

	return conv_ftl_ops.submit(ftl, &io);
}

/*
 * Verify reads and Copy writes use the flash and the write buffer as the
 * host's do, but never PCIe: an internal read of unwritten data costs the
 * firmware only, and neither direction of the link gets busier.
 */
static void conv_internal_io_skips_pcie(void)
{
	const struct ftl_params p = flash_params("970pro", REF_CAPACITY);
	const u64 unit = SSD_MAP_UNIT_BYTES;
	u64 to_host, to_device, done;
	struct ref r;

	CHECK(ref_init(&r, &p));
	to_host = r.ssd->pcie_to_host.tl.busy_ns;
	to_device = r.ssd->pcie_to_device.tl.busy_ns;
	r.now = NS_PER_MS;
	done = conv_internal_cmd(r.ftl, FTL_OP_READ, 0, 16 * unit, r.now);
	CHECK_EQ_OR(done - r.now, r.ssd->prof.fw_read_ns, out);
	r.now = conv_internal_cmd(r.ftl, FTL_OP_WRITE, 0, 16 * unit, done);
	CHECK_OR(conv_counters(r.ftl).host_write_units == 16, out);
	r.now = conv_cmd(r.ftl, FTL_OP_FLUSH, 0, 0, r.now);
	r.now = env_max(r.now, r.ssd->dies_idle_ns) + NS_PER_MS;
	done = conv_internal_cmd(r.ftl, FTL_OP_READ, 0, 16 * unit, r.now);
	CHECK_OR(done > r.now + r.ssd->prof.fw_read_ns, out);	/* flash read */
	CHECK_EQ_OR(r.ssd->pcie_to_host.tl.busy_ns, to_host, out);
	CHECK_EQ_OR(r.ssd->pcie_to_device.tl.busy_ns, to_device, out);
	/* The host's own commands still use it. */
	conv_cmd(r.ftl, FTL_OP_READ, 0, unit, done);
	CHECK_OR(r.ssd->pcie_to_host.tl.busy_ns > to_host, out);
out:
	ref_fini(&r);
}

/*
 * prefill=1 maps every unit at no time and no write; random overwrites
 * then need GC once the spare lines are used, not after a fill.
 */
static void conv_prefill_starts_full(void)
{
	struct ftl_params p = flash_params("970pro", REF_CAPACITY);
	struct qd_job job = {
		.op = FTL_OP_WRITE,
		.qd = 32,
		.block = SSD_MAP_UNIT_BYTES,
		.span = REF_CAPACITY,
		.random = true,
		.seed = 0x9ef1,
	};
	struct qd_result res;
	struct ftl_stats s;
	struct ref r;
	u64 spare;

	p.prefill = 1;
	if (!ref_init(&r, &p))
		return;
	memset(r.mapped, true, r.units * sizeof(*r.mapped));
	CHECK_OR(ref_check(&r, "prefilled"), out);
	s = conv_counters(r.ftl);
	CHECK_EQ_OR(s.nand_write_units + s.host_write_units, 0, out);
	CHECK_EQ_OR(r.ssd->dies_idle_ns, 0, out);
	/* Writing the spare area over once must have GC collecting. */
	spare = r.ssd->geo.units - r.units;
	job.count = spare + r.ssd->geo.units_per_line;
	CHECK_OR(qd_run(r.ftl, &job, &r.now, &res), out);
	r.host_units += job.count;
	CHECK_OR(ref_check(&r, "overwritten"), out);
	CHECK_OR(conv_counters(r.ftl).gc_runs > 0, out);
	ref_fini(&r);
	p.prefill = 2;
	CHECK(!conv_ftl_ops.create(&p));
	return;
out:
	ref_fini(&r);
}

const struct unit_test conv_ftl_tests[] = {
	UNIT_TEST(conv_random_commands_match_reference),
	UNIT_TEST(conv_partial_trim_keeps_units),
	UNIT_TEST(conv_full_device_overwritten),
	UNIT_TEST(conv_steady_state_waf),
	UNIT_TEST(conv_background_gc_tops_up),
	UNIT_TEST(conv_reads_wait_for_gc),
	UNIT_TEST(conv_unmapped_reads_skip_flash),
	UNIT_TEST(conv_internal_io_skips_pcie),
	UNIT_TEST(conv_prefill_starts_full),
	UNIT_END,
};
