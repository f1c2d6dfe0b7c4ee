// SPDX-License-Identifier: GPL-2.0
/*
 * conv mapping in units coarser than 4 KiB (map_unit_kib=, or chosen to
 * fit params->mem_budget): the map, writes of part of a unit (read, merge,
 * program whole), garbage collection with coarse units, the memory
 * estimate the kernel checks before it makes a namespace, and the real
 * block size of large namespaces.
 */
#include "unit.h"
#include "flash_util.h"

#define UNIT_16K		(16 * KIB)
#define SMALL_CAPACITY		(64 * MIB)
#define SHOW_BYTES		4096
#define IDLE_NS			(100 * NS_PER_MS)

static struct ftl_params unit_params(const char *profile, u64 capacity,
				     int map_unit_kib)
{
	struct ftl_params p = flash_params(profile, capacity);

	p.map_unit_kib = map_unit_kib;
	return p;
}

/* A counter of conv's report, e.g. "partial_unit_reads". */
static u64 show_counter(void *ftl, const char *name)
{
	char buf[SHOW_BYTES];
	char key[64];
	const char *at;

	conv_ftl_ops.show(ftl, 0, buf, sizeof(buf));
	snprintf(key, sizeof(key), "\n%s: ", name);
	at = strstr(buf, key);
	return at ? strtoull(at + strlen(key), NULL, 10) : ~0ULL;
}

static bool audit(void *ftl)
{
	char why[256];

	if (conv_ftl_audit(ftl, why, sizeof(why)))
		return true;
	return FAIL_FALSE("audit: %s", why);
}

/* 16 KiB units: a 4 KiB write maps its whole unit; counters stay 4 KiB. */
static void map_unit_maps_whole_units(void)
{
	struct ftl_params p = unit_params("p4500", SMALL_CAPACITY, 16);
	void *ftl = conv_ftl_ops.create(&p);
	struct ssd *ssd;
	struct ftl_stats s;
	u64 now = 0;

	CHECK(ftl);
	ssd = conv_ftl_ssd(ftl);
	CHECK_EQ_OR(ssd->geo.unit_shift, 14, out);
	CHECK_EQ_OR(ssd->geo.logical_units, SMALL_CAPACITY / UNIT_16K, out);
	/* p4500: one plane of 16 KiB pages, so one unit per program unit. */
	CHECK_EQ_OR(ssd->geo.units_per_pu, 1, out);

	now = conv_cmd(ftl, FTL_OP_WRITE, 5 * UNIT_16K + 4 * KIB, 4 * KIB,
		       now);
	CHECK_OR(conv_ftl_lookup(ftl, 5) != SSD_INVALID_PPN, out);
	CHECK_OR(conv_ftl_lookup(ftl, 4) == SSD_INVALID_PPN, out);
	CHECK_OR(conv_ftl_lookup(ftl, 6) == SSD_INVALID_PPN, out);
	/* A write across a unit boundary maps both units. */
	now = conv_cmd(ftl, FTL_OP_WRITE, 8 * UNIT_16K - 4 * KIB, 8 * KIB,
		       now);
	CHECK_OR(conv_ftl_lookup(ftl, 7) != SSD_INVALID_PPN, out);
	CHECK_OR(conv_ftl_lookup(ftl, 8) != SSD_INVALID_PPN, out);
	conv_cmd(ftl, FTL_OP_FLUSH, 0, 0, now);
	s = conv_counters(ftl);
	CHECK_EQ_OR(s.host_write_units, 3, out);
	/* Three units, each a whole program unit of four 4 KiB units. */
	CHECK_EQ_OR(s.nand_write_units, 3 * UNIT_16K / SSD_MAP_UNIT_BYTES,
		    out);
	/* Trim unmaps whole units only. */
	conv_cmd(ftl, FTL_OP_TRIM, 5 * UNIT_16K, 8 * KIB, now);
	CHECK_OR(conv_ftl_lookup(ftl, 5) != SSD_INVALID_PPN, out);
	conv_cmd(ftl, FTL_OP_TRIM, 5 * UNIT_16K, UNIT_16K, now);
	CHECK_OR(conv_ftl_lookup(ftl, 5) == SSD_INVALID_PPN, out);
	CHECK_OR(audit(ftl), out);
out:
	conv_ftl_ops.destroy(ftl);
}

/*
 * A write of part of a unit reads the unit's old data first when that is
 * on flash, and only then: not for a unit never written, not for one the
 * write covers whole, not for data still in the controller.
 */
static void map_unit_partial_writes_read_first(void)
{
	struct ftl_params p = unit_params("p4500", SMALL_CAPACITY, 16);
	void *ftl = conv_ftl_ops.create(&p);
	u64 now = 0, done;

	CHECK(ftl);
	now = conv_cmd(ftl, FTL_OP_WRITE, 0, 4 * KIB, now);
	CHECK_EQ_OR(show_counter(ftl, "partial_unit_reads"), 0, out);
	/* Still in the write buffer: merged there. */
	now = conv_cmd(ftl, FTL_OP_WRITE, 4 * KIB, 4 * KIB, now);
	CHECK_EQ_OR(show_counter(ftl, "partial_unit_reads"), 0, out);
	now = conv_cmd(ftl, FTL_OP_WRITE, UNIT_16K, 4 * UNIT_16K, now);
	done = conv_cmd(ftl, FTL_OP_FLUSH, 0, 0, now);
	now = done + IDLE_NS;
	/* Whole units need no read. */
	now = conv_cmd(ftl, FTL_OP_WRITE, UNIT_16K, 2 * UNIT_16K, now);
	CHECK_EQ_OR(show_counter(ftl, "partial_unit_reads"), 0, out);
	now = conv_cmd(ftl, FTL_OP_FLUSH, 0, 0, now) + IDLE_NS;
	/* Head and tail partial: two reads; inside one unit: one. */
	now = conv_cmd(ftl, FTL_OP_WRITE, 3 * UNIT_16K + 8 * KIB, UNIT_16K,
		       now);
	CHECK_EQ_OR(show_counter(ftl, "partial_unit_reads"), 2, out);
	now = conv_cmd(ftl, FTL_OP_FLUSH, 0, 0, now) + IDLE_NS;
	now = conv_cmd(ftl, FTL_OP_WRITE, 2 * UNIT_16K + 4 * KIB, 4 * KIB,
		       now);
	CHECK_EQ_OR(show_counter(ftl, "partial_unit_reads"), 3, out);
	/* A unit never written reads as zeroes: nothing to merge. */
	conv_cmd(ftl, FTL_OP_WRITE, 100 * UNIT_16K, 4 * KIB, now);
	CHECK_EQ_OR(show_counter(ftl, "partial_unit_reads"), 3, out);
	CHECK_OR(audit(ftl), out);
out:
	conv_ftl_ops.destroy(ftl);
}

/*
 * What a coarse unit costs: 4 KiB random writes over data already on
 * flash program four times the data at 16 KiB and spend a flash read on
 * each, so they complete later than at 4 KiB once the buffer is full.
 */
static void map_unit_small_writes_cost_more(void)
{
	static const int kibs[] = { 4, 16 };
	u64 end_ns[ARRAY_LEN(kibs)], nand[ARRAY_LEN(kibs)];
	u32 i;

	for (i = 0; i < ARRAY_LEN(kibs); i++) {
		struct ftl_params p = unit_params("p4500", SMALL_CAPACITY,
						  kibs[i]);
		const struct qd_job fill = {
			.op = FTL_OP_WRITE, .qd = 32, .block = 128 * KIB,
			.span = SMALL_CAPACITY / 2,
			.count = SMALL_CAPACITY / 2 / (128 * KIB),
		};
		const struct qd_job rand = {
			.op = FTL_OP_WRITE, .qd = 32, .block = 4 * KIB,
			.span = SMALL_CAPACITY / 2, .count = 4096,
			.random = true, .seed = 7,
		};
		void *ftl = conv_ftl_ops.create(&p);
		struct qd_result res;
		u64 now = 0, before;

		CHECK(ftl);
		CHECK_OR(qd_run(ftl, &fill, &now, &res), fail);
		now = conv_cmd(ftl, FTL_OP_FLUSH, 0, 0, now) + IDLE_NS;
		before = conv_counters(ftl).nand_write_units;
		CHECK_OR(qd_run(ftl, &rand, &now, &res), fail);
		now = conv_cmd(ftl, FTL_OP_FLUSH, 0, 0, now);
		end_ns[i] = now - res.start_ns;
		nand[i] = conv_counters(ftl).nand_write_units - before;
		conv_ftl_ops.destroy(ftl);
		continue;
fail:
		conv_ftl_ops.destroy(ftl);
		return;
	}
	/* Half the span, no GC yet: 4x the programs, give or take repeats. */
	CHECK(nand[1] > 3 * nand[0]);
	CHECK(end_ns[1] > 2 * end_ns[0]);
}

/* GC with 16 KiB units under random 4 KiB overwrites: the map holds. */
static void map_unit_gc_keeps_the_map(void)
{
	struct ftl_params p = unit_params("p4500", SMALL_CAPACITY, 16);
	void *ftl = conv_ftl_ops.create(&p);
	u64 units = SMALL_CAPACITY / UNIT_16K, seed = 11, now = 0, i;
	struct ftl_stats s;
	u64 written = 0;
	u8 *seen = calloc(units, 1);

	CHECK(ftl && seen);
	for (i = 0; i < 4 * units; i++) {
		u64 off = rng_below(&seed, SMALL_CAPACITY / (4 * KIB)) *
			  (4 * KIB);

		now = conv_cmd(ftl, FTL_OP_WRITE, off, 4 * KIB, now);
		if (!seen[off / UNIT_16K]++)
			written++;
		if (i % units == 0)
			CHECK_OR(audit(ftl), out);
	}
	s = conv_counters(ftl);
	CHECK_OR(s.gc_runs > 0, out);
	CHECK_OR(s.gc_copied_units % (UNIT_16K / SSD_MAP_UNIT_BYTES) == 0,
		 out);
	for (i = 0; i < units; i++)
		CHECK_OR((conv_ftl_lookup(ftl, (u32)i) != SSD_INVALID_PPN) ==
			 !!seen[i], out);
	CHECK_EQ_OR(show_counter(ftl, "valid_units"),
		    written * (UNIT_16K / SSD_MAP_UNIT_BYTES), out);
	CHECK_OR(audit(ftl), out);
out:
	free(seen);
	conv_ftl_ops.destroy(ftl);
}

/* The estimate: the map halves with each doubling of the unit. */
static void map_unit_memory_estimate(void)
{
	struct ftl_params p = unit_params("p4500", 1ULL << 40, 4);
	u64 mem4, mem8, mem16, map4;
	struct ssd_profile prof;
	struct ssd_geometry geo;

	mem4 = conv_ftl_ops.mem_bytes(&p);
	p.map_unit_kib = 8;
	mem8 = conv_ftl_ops.mem_bytes(&p);
	p.map_unit_kib = 16;
	mem16 = conv_ftl_ops.mem_bytes(&p);
	CHECK(ssd_plan(&p, GC_SPARE_LINES + 2, SSD_MAP_UNIT_SHIFT, true,
		       &prof, &geo));
	/* l2p and rmap, 4 bytes an entry, are nearly all of it. */
	map4 = 4 * (geo.logical_units + geo.units);
	CHECK(mem4 >= map4 && mem4 < map4 + map4 / 100);
	CHECK(mem8 > mem4 / 2 - mem4 / 100 && mem8 < mem4 / 2 + mem4 / 100);
	CHECK(mem16 > mem4 / 4 - mem4 / 100 && mem16 < mem4 / 4 + mem4 / 100);
	/* What the VM's 1 TiB namespace takes: under 600 MiB. */
	CHECK(mem16 < 600 * MIB);
	/* No unit coarser than the flash page; none finer than 4 KiB. */
	p.map_unit_kib = 32;
	CHECK_EQ(conv_ftl_ops.mem_bytes(&p), 0);
	p.map_unit_kib = 2;
	CHECK_EQ(conv_ftl_ops.mem_bytes(&p), 0);
	p.map_unit_kib = 12;
	CHECK_EQ(conv_ftl_ops.mem_bytes(&p), 0);
	/* fdp has more streams, so more slots: a little more. */
	p.map_unit_kib = 16;
	CHECK(fdp_ftl_ops.mem_bytes(&p) > mem16);
}

/* Without map_unit_kib: the finest unit that fits the budget. */
static void map_unit_chosen_by_budget(void)
{
	struct ftl_params p = unit_params("p4500", SMALL_CAPACITY,
					  FTL_PARAM_DEFAULT);
	struct ftl_params fixed = p;
	u64 mem4, mem8, mem16;
	void *ftl;

	fixed.map_unit_kib = 4;
	mem4 = conv_ftl_ops.mem_bytes(&fixed);
	fixed.map_unit_kib = 8;
	mem8 = conv_ftl_ops.mem_bytes(&fixed);
	fixed.map_unit_kib = 16;
	mem16 = conv_ftl_ops.mem_bytes(&fixed);
	CHECK(mem4 > mem8 && mem8 > mem16 && mem16);

	/* No budget (the tools): 4 KiB, as always. */
	CHECK_EQ(conv_ftl_ops.mem_bytes(&p), mem4);
	p.mem_budget = mem4;
	CHECK_EQ(conv_ftl_ops.mem_bytes(&p), mem4);
	p.mem_budget = mem4 - 1;
	CHECK_EQ(conv_ftl_ops.mem_bytes(&p), mem8);
	ftl = conv_ftl_ops.create(&p);
	CHECK(ftl);
	CHECK_EQ_OR(conv_ftl_ssd(ftl)->geo.unit_shift, 13, out);
	conv_ftl_ops.destroy(ftl);
	/* Nothing fits: the coarsest, for the caller to refuse. */
	p.mem_budget = 1;
	CHECK_EQ(conv_ftl_ops.mem_bytes(&p), mem16);
	/* An explicit unit wins over the budget. */
	p.map_unit_kib = 4;
	CHECK_EQ(conv_ftl_ops.mem_bytes(&p), mem4);
	/* A bad one is refused by create() and estimated as nothing. */
	p.map_unit_kib = 0;
	CHECK_EQ(conv_ftl_ops.mem_bytes(&p), 0);
	CHECK(!flash_create_quiet(&conv_ftl_ops, &p));
	p.map_unit_kib = 64;
	CHECK(!flash_create_quiet(&conv_ftl_ops, &p));
	return;
out:
	conv_ftl_ops.destroy(ftl);
}

/*
 * Blocks keep the profile's size once the flash has lines enough for
 * greedy GC (SSD_MIN_LINES): a 2 TiB p4500 has its 576-page blocks, a
 * small one halves them; pages_per_block= forces smaller blocks.
 */
static void map_unit_real_blocks_when_large(void)
{
	struct ftl_params p = flash_params("p4500", 2ULL << 40);
	struct ssd_profile prof;
	struct ssd_geometry geo;

	CHECK(ssd_plan(&p, GC_SPARE_LINES + 2, SSD_MAP_UNIT_SHIFT, true,
		       &prof, &geo));
	CHECK_EQ(geo.pages_per_block, 576);
	CHECK(geo.lines > 2500);
	/*
	 * 864 MiB lines: more than 511 of them take 431.2 GiB of flash, so
	 * with 7% spare from 403 GiB of namespace up.
	 */
	p.capacity = 403 * GIB;
	CHECK(ssd_plan(&p, GC_SPARE_LINES + 2, SSD_MAP_UNIT_SHIFT, true,
		       &prof, &geo));
	CHECK_EQ(geo.pages_per_block, 576);
	p.capacity = 402 * GIB;
	CHECK(ssd_plan(&p, GC_SPARE_LINES + 2, SSD_MAP_UNIT_SHIFT, true,
		       &prof, &geo));
	CHECK_EQ(geo.pages_per_block, 288);
	/* The unit does not change the blocks. */
	p.capacity = 2ULL << 40;
	CHECK(ssd_plan(&p, GC_SPARE_LINES + 2, 14, true, &prof, &geo));
	CHECK_EQ(geo.pages_per_block, 576);
	CHECK_EQ(geo.units_per_line, 96 * 576);
	p.pages_per_block = 4;
	CHECK(ssd_plan(&p, GC_SPARE_LINES + 2, 14, true, &prof, &geo));
	CHECK_EQ(geo.pages_per_block, 4);
}

const struct unit_test map_unit_tests[] = {
	UNIT_TEST(map_unit_maps_whole_units),
	UNIT_TEST(map_unit_partial_writes_read_first),
	UNIT_TEST(map_unit_small_writes_cost_more),
	UNIT_TEST(map_unit_gc_keeps_the_map),
	UNIT_TEST(map_unit_memory_estimate),
	UNIT_TEST(map_unit_chosen_by_budget),
	UNIT_TEST(map_unit_real_blocks_when_large),
	UNIT_END,
};
