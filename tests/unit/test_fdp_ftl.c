// SPDX-License-Identifier: GPL-2.0
/*
 * The FDP FTL: each reclaim unit handle fills its own reclaim unit in its
 * own group, an update moves a handle to a fresh unit, GC keeps groups and
 * persistently isolated handles apart against a reference of who wrote
 * what, relocations are reported, and separating hot from cold data
 * brings write amplification down to about 1.
 */
#include "unit.h"
#include "flash_util.h"

#define FDP_CAPACITY		(64 * MIB)
#define UNIT_BYTES		SSD_MAP_UNIT_BYTES

static struct ftl_params fdp_params(int rgs, int ruhs, int persistent)
{
	struct ftl_params p = flash_params("970pro", FDP_CAPACITY);

	p.fdp_rgs = rgs;
	p.fdp_ruhs = ruhs;
	p.fdp_persistent_ruhs = persistent;
	return p;
}

static u64 fdp_write(void *ftl, u64 offset, u64 length, u32 rg, u32 ruh,
		     u64 now_ns)
{
	const struct ftl_io io = {
		.op = FTL_OP_WRITE,
		.offset = offset,
		.length = length,
		.now_ns = now_ns,
		.rg = (u16)rg,
		.ruh = (u16)ruh,
	};

	return fdp_ftl_ops.submit(ftl, &io);
}

static struct ftl_stats fdp_counters(void *ftl)
{
	struct ftl_stats s;

	memset(&s, 0, sizeof(s));
	fdp_ftl_ops.stats(ftl, &s);
	return s;
}

static void fdp_rejects_bad_params(void)
{
	static const int bad[][3] = {
		{ 0, 8, 0 },			/* no reclaim group */
		{ FDP_MAX_RGS + 1, 8, 0 },
		{ 1, 0, 0 },			/* no handle */
		{ 1, FDP_MAX_RUHS + 1, 0 },
		{ 1, 8, 9 },			/* more persistent than handles */
		{ 1, 8, -2 },
	};
	struct ftl_params p = fdp_params(FTL_PARAM_DEFAULT, FTL_PARAM_DEFAULT,
					 FTL_PARAM_DEFAULT);
	struct ftl_fdp_config cfg;
	void *ftl;
	u32 i;

	for (i = 0; i < ARRAY_LEN(bad); i++) {
		p = fdp_params(bad[i][0], bad[i][1], bad[i][2]);
		ftl = flash_create_quiet(&fdp_ftl_ops, &p);
		if (ftl)
			fdp_ftl_ops.destroy(ftl);
		CHECK(!ftl);
	}
	/* conv and simple have no handles to configure. */
	p = fdp_params(FTL_PARAM_DEFAULT, 4, FTL_PARAM_DEFAULT);
	ftl = flash_create_quiet(&conv_ftl_ops, &p);
	if (ftl)
		conv_ftl_ops.destroy(ftl);
	CHECK(!ftl);
	p = fdp_params(2, FTL_PARAM_DEFAULT, FTL_PARAM_DEFAULT);
	ftl = flash_create_quiet(&simple_ftl_ops, &p);
	if (ftl)
		simple_ftl_ops.destroy(ftl);
	CHECK(!ftl);
	CHECK(!conv_ftl_ops.fdp && fdp_ftl_ops.fdp);

	/* The defaults, and the last handles being the persistent ones. */
	p = fdp_params(FTL_PARAM_DEFAULT, FTL_PARAM_DEFAULT, FTL_PARAM_DEFAULT);
	ftl = fdp_ftl_ops.create(&p);
	CHECK(ftl);
	fdp_ftl_ops.fdp->config(ftl, &cfg);
	fdp_ftl_ops.destroy(ftl);
	CHECK_EQ(cfg.nr_rgs, FDP_DEFAULT_RGS);
	CHECK_EQ(cfg.nr_ruhs, FDP_DEFAULT_RUHS);
	CHECK_EQ(cfg.nr_persistent, FDP_DEFAULT_PERSISTENT_RUHS);
	cfg.nr_persistent = 2;
	CHECK(!ftl_fdp_ruh_persistent(&cfg, cfg.nr_ruhs - 3));
	CHECK(ftl_fdp_ruh_persistent(&cfg, cfg.nr_ruhs - 2));
}

/*
 * Each handle of each group has its own reclaim unit: writing to one takes
 * exactly that much from its available media writes and nothing from the
 * others'; a filled unit is replaced by an empty one.
 */
static void fdp_handles_fill_their_own_units(void)
{
	struct ftl_params p = fdp_params(2, 4, 1);
	const struct ftl_fdp_ops *fdp = fdp_ftl_ops.fdp;
	void *ftl = fdp_ftl_ops.create(&p);
	struct ftl_fdp_config cfg;
	u64 now = 0, ru_units, written[2][4] = { { 0 } }, offset = 0;
	u32 rg, ruh, round;

	CHECK(ftl);
	fdp->config(ftl, &cfg);
	ru_units = cfg.ru_bytes / UNIT_BYTES;
	CHECK_EQ_OR(cfg.ru_bytes, (u64)conv_ftl_ssd(ftl)->geo.units_per_line *
		    UNIT_BYTES, out);
	for (round = 1; round <= 3; round++) {
		for (rg = 0; rg < cfg.nr_rgs; rg++) {
			for (ruh = 0; ruh < cfg.nr_ruhs; ruh++) {
				u64 units = round * (rg + 1) + ruh;

				now = fdp_write(ftl, offset, units * UNIT_BYTES,
						rg, ruh, now);
				offset += units * UNIT_BYTES;
				written[rg][ruh] += units;
			}
		}
	}
	for (rg = 0; rg < cfg.nr_rgs; rg++)
		for (ruh = 0; ruh < cfg.nr_ruhs; ruh++)
			CHECK_EQ_OR(fdp->ru_available(ftl, rg, ruh),
				    (ru_units - written[rg][ruh]) * UNIT_BYTES,
				    out);

	/* Fill handle 2 of group 1 to the brim: it moves to a fresh unit. */
	now = fdp_write(ftl, offset, (ru_units - written[1][2]) * UNIT_BYTES,
			1, 2, now);
	CHECK_EQ_OR(fdp->ru_available(ftl, 1, 2), cfg.ru_bytes, out);
	now = fdp_write(ftl, 0, UNIT_BYTES, 1, 2, now);
	CHECK_EQ_OR(fdp->ru_available(ftl, 1, 2), cfg.ru_bytes - UNIT_BYTES,
		    out);
	CHECK_EQ_OR(fdp->ru_available(ftl, 0, 2),
		    (ru_units - written[0][2]) * UNIT_BYTES, out);
out:
	fdp_ftl_ops.destroy(ftl);
}

/*
 * An update leaves a written unit for an empty one and says so; a handle
 * that has written nothing keeps its unit.  The left unit is padded and
 * programmed, and its data stays readable where it was.
 */
static void fdp_update_moves_to_an_empty_unit(void)
{
	struct ftl_params p = fdp_params(1, 4, 0);
	const struct ftl_fdp_ops *fdp = fdp_ftl_ops.fdp;
	void *ftl = fdp_ftl_ops.create(&p);
	struct ftl_fdp_config cfg;
	struct ftl_stats before, after;
	char why[256];
	u32 ppn;

	CHECK(ftl);
	fdp->config(ftl, &cfg);
	CHECK_OR(!fdp->ruh_update(ftl, 0, 1), out);
	CHECK_EQ_OR(fdp->ru_available(ftl, 0, 1), cfg.ru_bytes, out);

	fdp_write(ftl, 0, 3 * UNIT_BYTES, 0, 1, 0);
	ppn = conv_ftl_lookup(ftl, 0);
	before = fdp_counters(ftl);
	CHECK_OR(fdp->ruh_update(ftl, 0, 1), out);
	after = fdp_counters(ftl);
	CHECK_EQ_OR(fdp->ru_available(ftl, 0, 1), cfg.ru_bytes, out);
	/* One program unit, padded. */
	CHECK_EQ_OR(after.nand_write_units - before.nand_write_units,
		    conv_ftl_ssd(ftl)->geo.units_per_pu, out);
	CHECK_EQ_OR(conv_ftl_lookup(ftl, 0), ppn, out);
	/* The next write opens a new unit; updating again reports it. */
	fdp_write(ftl, UNIT_BYTES, UNIT_BYTES, 0, 1, 0);
	CHECK_OR(conv_ftl_lookup(ftl, 1) / conv_ftl_ssd(ftl)->geo.units_per_line !=
		 ppn / conv_ftl_ssd(ftl)->geo.units_per_line, out);
	CHECK_OR(fdp->ruh_update(ftl, 0, 1), out);
	CHECK_OR(!fdp->ruh_update(ftl, 0, 1), out);
	CHECK_OR(conv_ftl_audit(ftl, why, sizeof(why)), out);
out:
	fdp_ftl_ops.destroy(ftl);
}

/* Who last wrote each logical unit, to check isolation against. */
struct writer {
	u8 rg;
	u8 ruh;
	bool written;
};

/*
 * Every line holds only what isolation allows: a host unit only data its
 * handle wrote in its group, a GC line of a persistently isolated handle
 * only that handle's data, a shared GC line only initially isolated data
 * of its group.
 */
static bool fdp_isolation_holds(void *ftl, const struct writer *who,
				const struct ftl_fdp_config *cfg)
{
	const struct ssd_geometry *g = &conv_ftl_ssd(ftl)->geo;
	struct conv_stream s;
	char why[256];
	u64 lpn;

	if (!conv_ftl_audit(ftl, why, sizeof(why)))
		return FAIL_FALSE("audit: %s", why);
	for (lpn = 0; lpn < g->logical_units; lpn++) {
		u32 ppn = conv_ftl_lookup(ftl, (u32)lpn);
		u32 line = ppn / g->units_per_line;

		if (ppn == SSD_INVALID_PPN)
			continue;
		if (!conv_ftl_line_stream(ftl, line, &s))
			return FAIL_FALSE("lpn %llu in free line %u", lpn, line);
		if (s.rg != who[lpn].rg)
			return FAIL_FALSE("lpn %llu of group %u in group %u's line",
					  lpn, who[lpn].rg, s.rg);
		if (s.host || s.ruh != CONV_SHARED_GC) {
			if (s.ruh != who[lpn].ruh)
				return FAIL_FALSE("lpn %llu of handle %u in a %s line of handle %u",
						  lpn, who[lpn].ruh,
						  s.host ? "host" : "GC", s.ruh);
		} else if (ftl_fdp_ruh_persistent(cfg, who[lpn].ruh)) {
			return FAIL_FALSE("lpn %llu of persistent handle %u in a shared GC line",
					  lpn, who[lpn].ruh);
		}
	}
	return true;
}

/*
 * Random writes over the whole namespace from every handle of two groups,
 * two of four handles persistently isolated, until GC has run many times;
 * isolation is checked along the way, and the relocations reported add up
 * to what GC moved out of host units.
 */
static void fdp_gc_keeps_isolation(void)
{
	struct ftl_params p = fdp_params(2, 4, 2);
	const struct ftl_fdp_ops *fdp = fdp_ftl_ops.fdp;
	void *ftl = fdp_ftl_ops.create(&p);
	struct ftl_fdp_config cfg;
	struct ftl_relocation r;
	struct writer *who = NULL;
	u64 seed = 42, now = 0, units, i, relocated = 0, reports = 0;
	struct ftl_stats s;

	CHECK(ftl);
	fdp->config(ftl, &cfg);
	units = conv_ftl_ssd(ftl)->geo.logical_units;
	who = calloc(units, sizeof(*who));
	CHECK_OR(who, out);
	for (i = 0; i < 4 * units; i++) {
		u64 lpn = rng_below(&seed, units);
		u32 rg = (u32)rng_below(&seed, cfg.nr_rgs);
		u32 ruh = (u32)rng_below(&seed, cfg.nr_ruhs);

		now = fdp_write(ftl, lpn * UNIT_BYTES, UNIT_BYTES, rg, ruh,
				now);
		who[lpn] = (struct writer){ (u8)rg, (u8)ruh, true };
		while (fdp->take_relocation(ftl, &r)) {
			CHECK_OR(r.rg < cfg.nr_rgs && r.ruh < cfg.nr_ruhs &&
				 r.units, out);
			CHECK_OR(r.example_offset < units * UNIT_BYTES, out);
			relocated += r.units;
			reports++;
		}
		if (i % units == units - 1)
			CHECK_OR(fdp_isolation_holds(ftl, who, &cfg), out);
	}
	s = fdp_counters(ftl);
	CHECK_OR(s.gc_runs > 100, out);
	CHECK_OR(reports > 0, out);
	/* GC also moves its own lines, which no handle wrote. */
	CHECK_OR(relocated > 0 && relocated <= s.gc_copied_units, out);
	CHECK_EQ_OR(s.erased_bytes, s.gc_runs * cfg.ru_bytes, out);
out:
	free(who);
	fdp_ftl_ops.destroy(ftl);
}

/* Relocations nobody takes: the newest are kept, the oldest dropped. */
static void fdp_relocations_keep_the_newest(void)
{
	struct ftl_params p = fdp_params(1, 2, 0);
	const struct ftl_fdp_ops *fdp = fdp_ftl_ops.fdp;
	void *ftl = fdp_ftl_ops.create(&p);
	struct ftl_relocation r;
	u64 seed = 7, now = 0, units, i, kept = 0;

	CHECK(ftl);
	units = conv_ftl_ssd(ftl)->geo.logical_units;
	for (i = 0; i < 3 * units; i++)
		now = fdp_write(ftl, rng_below(&seed, units) * UNIT_BYTES,
				UNIT_BYTES, 0, (u32)(i & 1), now);
	CHECK_OR(fdp_counters(ftl).gc_runs > 2 * CONV_RELOCATIONS_KEPT, out);
	while (fdp->take_relocation(ftl, &r))
		kept++;
	CHECK_EQ_OR(kept, CONV_RELOCATIONS_KEPT, out);
out:
	fdp_ftl_ops.destroy(ftl);
}

/*
 * 90% of the namespace in use: a cold 80% rewritten sequentially, as a
 * log or a compaction rewrites it, and a hot 10% overwritten at random,
 * half of the writes each.  Returns the write amplification of the second
 * and third passes over the namespace, with cold and hot on handles 0 and
 * 1, or both on handle 0.
 */
static bool hot_cold_waf(bool separate, u64 *waf_permille)
{
	struct ftl_params p = fdp_params(1, 2, 0);
	void *ftl = fdp_ftl_ops.create(&p);
	u64 units, cold_units, hot_units, cold_next = 0, seed = 3, now = 0, i;
	u32 hot_ruh = separate ? 1 : 0;
	struct ftl_stats start, end;
	bool ok = false;

	if (!ftl)
		return FAIL_FALSE("create failed");
	units = conv_ftl_ssd(ftl)->geo.logical_units;
	cold_units = units * 8 / 10;
	hot_units = units / 10;
	for (i = 0; i < cold_units + hot_units; i++)
		now = fdp_write(ftl, i * UNIT_BYTES, UNIT_BYTES, 0,
				i < cold_units ? 0 : hot_ruh, now);
	for (i = 0; i < 3 * units; i++) {
		if (i == units)
			start = fdp_counters(ftl);
		if (i & 1) {
			u64 lpn = cold_units + rng_below(&seed, hot_units);

			now = fdp_write(ftl, lpn * UNIT_BYTES, UNIT_BYTES, 0,
					hot_ruh, now);
		} else {
			now = fdp_write(ftl, cold_next * UNIT_BYTES, UNIT_BYTES,
					0, 0, now);
			cold_next = (cold_next + 1) % cold_units;
		}
	}
	end = fdp_counters(ftl);
	if (end.gc_runs == start.gc_runs) {
		unit_fail(__FILE__, __LINE__, "GC never ran");
		goto out;
	}
	*waf_permille = (end.nand_write_units - start.nand_write_units) *
			1000 / (end.host_write_units - start.host_write_units);
	ok = true;
out:
	fdp_ftl_ops.destroy(ftl);
	return ok;
}

static void fdp_separating_hot_from_cold_cuts_waf(void)
{
	u64 separate, mixed;

	CHECK(hot_cold_waf(true, &separate));
	CHECK(hot_cold_waf(false, &mixed));
	printf("    hot/cold WAF at 90%% use: %llu.%03llu on two handles, %llu.%03llu on one\n",
	       separate / 1000, separate % 1000, mixed / 1000, mixed % 1000);
	CHECK(separate < 1100);
	CHECK(mixed > 1500);
}

const struct unit_test fdp_ftl_tests[] = {
	UNIT_TEST(fdp_rejects_bad_params),
	UNIT_TEST(fdp_handles_fill_their_own_units),
	UNIT_TEST(fdp_update_moves_to_an_empty_unit),
	UNIT_TEST(fdp_gc_keeps_isolation),
	UNIT_TEST(fdp_relocations_keep_the_newest),
	UNIT_TEST(fdp_separating_hot_from_cold_cuts_waf),
	UNIT_END
};
