// SPDX-License-Identifier: GPL-2.0
/*
 * Model bugs the tests found, each pinned by the test that showed it:
 * GC erasing a block before reading its valid data out, and a capacity
 * so large the line count wrapped.
 */
#include "unit.h"
#include "flash_util.h"

/*
 * GC must read a victim's valid units before it erases the victim's
 * blocks.  conv_gc_one() books each die's erase in the first gap at or
 * after the command's arrival, independently of the reads; small
 * namespaces scale the erase down (9 us for 970pro's one-page blocks)
 * below a read (45-65 us), so the erase slips into a gap the read did not
 * fit, ahead of it.
 *
 * One die, reads made 60 us long, 4 KiB writes.  A write that closes a
 * program unit books its program at P, about 44 us on (the data crosses
 * PCIe and the channel first).  A write at the same instant that opens a
 * new line runs foreground GC over n lines.  No read fits before P, and
 * neither does the program of what GC copies, which waits for a read; so
 * only erases can be booked in [now, P), and only those of victims with
 * nothing to read.  At least one victim had data (GC copied some), so
 * all n erases there means one came before its own read.  The gap is
 * kept at least (n + 1) erases long, so what is booked in it stays apart
 * from P's program and is counted exactly.
 */
#define ERASE_READ_NS		60000
#define ERASE_MAX_WRITES	200000
/* After the die is idle: it is, and no background GC (5 ms) starts. */
#define ERASE_SETTLE_NS		1000

/* Time booked on @tl within [from, to). */
static u64 booked_within(const struct timeline *tl, u64 from, u64 to)
{
	u64 sum = 0;
	u32 k;

	for (k = tl->first; k < tl->nr; k++) {
		u64 start = env_max(tl->iv[k].start, from);
		u64 end = env_min(tl->iv[k].end, to);

		if (start < end)
			sum += end - start;
	}
	return sum;
}

static void conv_gc_erases_after_reading(void)
{
	struct ftl_params p = flash_params("970pro", 16 * MIB);
	struct ssd *ssd;
	u64 seed = 0xe7a5e, now = 0, units, i;
	u32 upu, seen = 0;
	void *ftl;

	p.channels = 1;
	p.dies_per_channel = 1;
	p.nand_read_ns = ERASE_READ_NS;
	ftl = conv_ftl_ops.create(&p);
	CHECK(ftl);
	ssd = conv_ftl_ssd(ftl);
	upu = ssd->geo.units_per_pu;
	units = ssd->geo.logical_units;
	CHECK_OR(ssd->erase_ns < ERASE_READ_NS, out);
	/* Write i fills unit i % upu of the host's program unit. */
	for (i = 0; i < ERASE_MAX_WRITES; i++) {
		u64 lpn = i < units ? i : rng_below(&seed, units);
		struct ftl_stats before, after;
		struct timeline die;
		u64 prog, gcs, erases;

		/* The write after a unit closes comes at the same instant. */
		if (i % upu)
			now = ssd->dies_idle_ns + ERASE_SETTLE_NS;
		die = ssd->dies[0];
		before = conv_counters(ftl);
		conv_cmd(ftl, FTL_OP_WRITE, lpn << SSD_MAP_UNIT_SHIFT,
			 SSD_MAP_UNIT_BYTES, now);
		after = conv_counters(ftl);
		/* The die held only the program the last write booked. */
		if (i % upu || die.nr - die.first != 1)
			continue;
		prog = die.iv[die.first].start;
		gcs = after.gc_runs - before.gc_runs;
		if (!gcs || after.gc_copied_units == before.gc_copied_units ||
		    prog <= now || prog - now >= ERASE_READ_NS ||
		    (gcs + 1) * ssd->erase_ns > prog - now)
			continue;
		seen++;
		erases = booked_within(&ssd->dies[0], now, prog) /
			 ssd->erase_ns;
		if (erases == gcs) {
			unit_fail(__FILE__, __LINE__,
				  "write %llu at %llu ns: all %llu erases (%u ns each) of its GC were booked before %llu, where the reads of the %llu units copied could not yet start",
				  i, now, gcs, ssd->erase_ns, prog,
				  after.gc_copied_units -
				  before.gc_copied_units);
			goto out;
		}
	}
	/* The scenario must have arisen, or the test proves nothing. */
	CHECK_OR(seen, out);
out:
	conv_ftl_ops.destroy(ftl);
}

/*
 * ssd_size() casts the line count to u32 before it checks the flash fits
 * u32 PPNs.  A capacity whose logical lines plus GC_SPARE_LINES exceed
 * 2^32 by a little wraps to a small line count, whose flash passes the
 * check: the device is accepted with less flash than it exposes.  Only
 * absurd capacities (about 1.5 EiB here) reach it; the kernel module's
 * come from reserved memory, so this is for the simulator and hygiene.
 */
#define WRAP_LINES		1000ULL

static void ssd_rejects_wrapping_capacity(void)
{
	const struct ssd_profile *pre = ssd_profile_find("970pro");
	u64 upl = (u64)pre->channels * pre->dies_per_channel *
		  pre->pages_per_block * pre->planes_per_die *
		  (pre->flash_page_bytes / SSD_MAP_UNIT_BYTES);
	/* ceil(logical / upl) + GC_SPARE_LINES == 2^32 + WRAP_LINES */
	u64 logical = ((1ULL << 32) + WRAP_LINES - GC_SPARE_LINES) * upl;
	struct ftl_params p = flash_params("970pro",
					   logical << SSD_MAP_UNIT_SHIFT);
	struct ssd *ssd = flash_ssd_create_quiet(&p, GC_SPARE_LINES);

	if (ssd) {
		unit_fail(__FILE__, __LINE__,
			  "%llu B accepted: %u lines, %llu units of flash for %llu logical",
			  p.capacity, ssd->geo.lines, ssd->geo.units,
			  ssd->geo.logical_units);
		ssd_destroy(ssd);
	}
}

const struct unit_test regression_tests[] = {
	UNIT_TEST(conv_gc_erases_after_reading),
	UNIT_TEST(ssd_rejects_wrapping_capacity),
	UNIT_END,
};
