// SPDX-License-Identifier: GPL-2.0
/*
 * The flash model (ssd.h) through the conv FTL: geometry from capacity and
 * preset, rejected overrides, QD1 latencies, the write buffer, Flush, and
 * sequential bandwidth against the bound the geometry allows.
 */
#include "unit.h"
#include "flash_util.h"

/*
 * ssd.c's SSD_MIN_LINES: below this many lines greedy GC stops behaving
 * like a real drive's, so small namespaces get smaller blocks instead.
 */
#define MIN_LINES		512

static u64 div_up(u64 n, u64 d)
{
	return (n + d - 1) / d;
}

/* Is @ppb one of @preset_ppb, preset_ppb / 2, ... 1? */
static bool halving_of(u32 ppb, u32 preset_ppb, u32 *larger)
{
	u32 p = preset_ppb;

	*larger = 0;
	while (p != ppb && p > 1) {
		*larger = p;
		p /= 2;
	}
	return p == ppb;
}

/*
 * Everything ssd_create() promises about the geometry of @capacity bytes
 * with @op percent spare, checked against @pre, the preset it started from.
 */
static bool geometry_ok(const struct ssd *ssd, const struct ssd_profile *pre,
			u64 capacity, u32 op)
{
	const struct ssd_geometry *g = &ssd->geo;
	u64 logical = capacity >> SSD_MAP_UNIT_SHIFT;
	u64 physical = div_up(logical * (100 + op), 100);
	u32 upu = pre->planes_per_die * pre->flash_page_bytes /
		  SSD_MAP_UNIT_BYTES;
	u32 larger;

	if (g->channels != pre->channels ||
	    g->dies != pre->channels * pre->dies_per_channel ||
	    g->planes_per_die != pre->planes_per_die ||
	    g->units_per_page != pre->flash_page_bytes / SSD_MAP_UNIT_BYTES ||
	    g->units_per_pu != upu)
		return FAIL_FALSE("%s %llu B: dies/planes/pages do not follow the preset",
				pre->name, capacity);
	if (g->pus_per_line != g->dies * g->pages_per_block ||
	    g->units_per_line != g->pus_per_line * upu ||
	    g->units != (u64)g->lines * g->units_per_line ||
	    g->logical_units != logical)
		return FAIL_FALSE("%s %llu B: line sizes inconsistent",
				pre->name, capacity);
	if (!halving_of(g->pages_per_block, pre->pages_per_block, &larger))
		return FAIL_FALSE("%s %llu B: %u pages/block is no halving of %u",
				pre->name, capacity, g->pages_per_block,
				pre->pages_per_block);
	/* Shrunk only as far as needed to get MIN_LINES lines. */
	if (g->pages_per_block > 1 &&
	    div_up(physical, g->units_per_line) < MIN_LINES)
		return FAIL_FALSE("%s %llu B: %u pages/block leave %llu lines",
				pre->name, capacity, g->pages_per_block,
				div_up(physical, g->units_per_line));
	if (larger && div_up(physical, (u64)g->dies * larger * upu) >=
		      MIN_LINES)
		return FAIL_FALSE("%s %llu B: %u pages/block would have done",
				pre->name, capacity, larger);
	/* op_percent spare, but never fewer lines than GC needs. */
	if (g->lines != env_max(div_up(physical, g->units_per_line),
				div_up(logical, g->units_per_line) +
				GC_SPARE_LINES))
		return FAIL_FALSE("%s %llu B op %u: %u lines for %llu units",
				pre->name, capacity, op, g->lines, physical);
	/* The erase costs the same per page as the preset's block. */
	if (ssd->erase_ns != (u64)pre->nand_erase_ns * g->pages_per_block /
			     pre->pages_per_block)
		return FAIL_FALSE("%s %llu B: erase %u ns for %u pages",
				pre->name, capacity, ssd->erase_ns,
				g->pages_per_block);
	return true;
}

static void ssd_presets(void)
{
	const struct ssd_profile *p;
	u32 i;

	CHECK(ssd_profile_find(SSD_DEFAULT_PROFILE));
	CHECK(ssd_profile_find("970pro"));
	CHECK(ssd_profile_find("p4500"));
	CHECK(!ssd_profile_find("nope"));
	CHECK(!ssd_profile_find("970PRO"));
	for (i = 0; (p = ssd_profile_at(i)); i++) {
		CHECK(ssd_profile_find(p->name) == p);
		CHECK(p->cell_bits >= 1 && p->cell_bits <= NAND_MAX_CELL_BITS);
		/* Two program units must fit the buffer (see below). */
		CHECK((u64)p->write_buffer_kib * KIB >=
		      2ULL * p->planes_per_die * p->flash_page_bytes);
	}
	CHECK(i >= 2);
}

/* Worked by hand from the presets, so the rule is pinned to numbers. */
struct geo_case {
	const char *profile;
	u64 capacity;
	u32 pages_per_block;
	u32 units_per_line;
	u32 lines;
	u32 erase_ns;
};

static const struct geo_case geo_cases[] = {
	/* 244,140,625 units + 10%: 2,732 lines of 98,304, full blocks. */
	{ "970pro", 1000000000000ULL, 384, 98304, 2732, 3500000 },
	/* 188 lines at 384 pages, 376 at 192, 751 at 96: a quarter. */
	{ "970pro", 64 * GIB, 96, 24576, 751, 875000 },
	/* ... 376 lines at 3 pages, so 1: 288,359 units in 1,127 lines. */
	{ "970pro", 1 * GIB, 1, 256, 1127, 9114 },
	/* 976,562,500 units + 7%: 4,725 lines of 221,184. */
	{ "p4500", 4000000000000ULL, 576, 221184, 4725, 5000000 },
	/* 12 lines would do for 7%, but GC wants 11 + GC_SPARE_LINES. */
	{ "p4500", 16 * MIB, 1, 384, 11 + GC_SPARE_LINES, 8680 },
};

static void ssd_geometry_worked_examples(void)
{
	u32 i;

	for (i = 0; i < ARRAY_LEN(geo_cases); i++) {
		const struct geo_case *c = &geo_cases[i];
		const struct ftl_params p = flash_params(c->profile,
							 c->capacity);
		const struct ssd_profile *pre = ssd_profile_find(c->profile);
		struct ssd *ssd = ssd_create(&p, GC_SPARE_LINES);
		bool ok;

		CHECK(ssd);
		ok = ssd->geo.pages_per_block == c->pages_per_block &&
		     ssd->geo.units_per_line == c->units_per_line &&
		     ssd->geo.lines == c->lines &&
		     ssd->erase_ns == c->erase_ns &&
		     geometry_ok(ssd, pre, c->capacity, pre->op_percent);
		if (!ok)
			unit_fail(__FILE__, __LINE__,
				  "%s %llu B: %u pages/block, %u units/line, %u lines, erase %u ns",
				  c->profile, c->capacity,
				  ssd->geo.pages_per_block,
				  ssd->geo.units_per_line, ssd->geo.lines,
				  ssd->erase_ns);
		ssd_destroy(ssd);
		if (!ok)
			return;
	}
}

/* Every preset over capacities from tiny to full size, and spare 1..400%. */
static void ssd_geometry_sweep(void)
{
	static const u64 capacities[] = {
		16 * MIB, 48 * MIB, 100 * MIB + 4 * KIB, 1 * GIB, 3 * GIB,
		64 * GIB, 512 * GIB, 1000000000000ULL,
	};
	static const int ops[] = { FTL_PARAM_DEFAULT, 1, 28, 100, 400 };
	const struct ssd_profile *pre;
	u32 i, c, o;

	for (i = 0; (pre = ssd_profile_at(i)); i++) {
		for (c = 0; c < ARRAY_LEN(capacities); c++) {
			for (o = 0; o < ARRAY_LEN(ops); o++) {
				struct ftl_params p =
					flash_params(pre->name, capacities[c]);
				struct ssd *ssd;
				bool ok;

				p.op_percent = ops[o];
				ssd = ssd_create(&p, GC_SPARE_LINES);
				CHECK(ssd);
				ok = geometry_ok(ssd, pre, capacities[c],
						 ops[o] == FTL_PARAM_DEFAULT ?
						 pre->op_percent : (u32)ops[o]);
				ssd_destroy(ssd);
				if (!ok)
					return;
			}
		}
	}
}

/* Neither ssd_create() nor the conv FTL accepts @p. */
static bool rejected(const struct ftl_params *p, const char *what)
{
	struct ssd *ssd = flash_ssd_create_quiet(p, GC_SPARE_LINES);
	void *ftl;

	if (ssd) {
		ssd_destroy(ssd);
		unit_fail(__FILE__, __LINE__, "ssd_create accepted %s", what);
		return false;
	}
	ftl = flash_create_quiet(&conv_ftl_ops, p);
	if (ftl) {
		conv_ftl_ops.destroy(ftl);
		unit_fail(__FILE__, __LINE__, "conv create accepted %s", what);
		return false;
	}
	return true;
}

static bool accepted(const struct ftl_params *p, const char *what)
{
	void *ftl = conv_ftl_ops.create(p);

	if (!ftl) {
		unit_fail(__FILE__, __LINE__, "conv create rejected %s", what);
		return false;
	}
	conv_ftl_ops.destroy(ftl);
	return true;
}

#define SMALL_CAPACITY		(32 * MIB)

static void ssd_bad_overrides_rejected(void)
{
	const struct ssd_profile *pre = ssd_profile_find("970pro");
	const struct ftl_params good = flash_params("970pro", SMALL_CAPACITY);
	/* The buffer must hold two program units: one fills, one programs. */
	const int pu_kib = pre->planes_per_die * pre->flash_page_bytes / KIB;
	struct ftl_params p;

	CHECK(accepted(&good, "the preset"));

	p = good;
	p.profile = "nope";
	CHECK(rejected(&p, "an unknown profile"));
	p.profile = "";
	CHECK(rejected(&p, "an empty profile"));

	p = good;
	p.channels = 0;
	CHECK(rejected(&p, "channels=0"));
	p.channels = 1;
	CHECK(accepted(&p, "channels=1"));

	p = good;
	p.dies_per_channel = 0;
	CHECK(rejected(&p, "dies_per_channel=0"));

	p = good;
	p.op_percent = 0;
	CHECK(rejected(&p, "op_percent=0"));
	p.op_percent = -2;
	CHECK(rejected(&p, "op_percent=-2"));
	p.op_percent = 1;
	CHECK(accepted(&p, "op_percent=1"));

	p = good;
	p.write_buffer_kib = 0;
	CHECK(rejected(&p, "write_buffer_kib=0"));
	p.write_buffer_kib = pu_kib;
	CHECK(rejected(&p, "a one-program-unit buffer"));
	p.write_buffer_kib = 2 * pu_kib - 1;
	CHECK(rejected(&p, "a buffer 1 KiB short of two program units"));
	p.write_buffer_kib = 2 * pu_kib;
	CHECK(accepted(&p, "a two-program-unit buffer"));

	p = good;
	p.nand_read_ns = -2;
	CHECK(rejected(&p, "nand_read_ns=-2"));

	p = good;
	p.capacity = 0;
	CHECK(rejected(&p, "capacity 0"));
	p.capacity = SSD_MAP_UNIT_BYTES - 512;
	CHECK(rejected(&p, "a capacity under one mapping unit"));
	/* 16 TB + 10% is more units than a u32 PPN addresses. */
	p.capacity = 16000000000000ULL;
	CHECK(rejected(&p, "16 TB"));
}

/* Far longer than anything a command keeps a die or channel busy. */
#define IDLE_GAP_NS		(1 * NS_PER_MS)
/* A data sheet figure is met within this. */
#define DATASHEET_PCT		10

static bool within_pct(u64 got, u64 want, u64 pct)
{
	u64 diff = got > want ? got - want : want - got;

	return diff * 100 <= want * pct;
}

/*
 * QD1 4 KiB reads, one from every die on every page type, each on an idle
 * device: each takes exactly ssd_read_latency_ns() of its page type.
 */
static bool qd1_reads_ok(const char *profile)
{
	const struct ftl_params p = flash_params(profile, SMALL_CAPACITY);
	void *ftl = conv_ftl_ops.create(&p);
	struct ssd *ssd;
	u64 pus, pu_bytes, now = 0, sum = 0, model_sum = 0, i;
	bool ok = false;
	u32 t;

	if (!ftl)
		return FAIL_FALSE("%s: create failed", profile);
	ssd = conv_ftl_ssd(ftl);
	pus = (u64)ssd->geo.dies * ssd->prof.cell_bits;
	pu_bytes = (u64)ssd->geo.units_per_pu << SSD_MAP_UNIT_SHIFT;
	for (i = 0; i < pus; i++)
		now = conv_cmd(ftl, FTL_OP_WRITE, i * pu_bytes, pu_bytes, now);
	now = conv_cmd(ftl, FTL_OP_FLUSH, 0, 0, now);

	for (i = 0; i < pus; i++) {
		u64 lpn = i * ssd->geo.units_per_pu;
		u64 pu = ssd_ppn_pu(ssd, conv_ftl_lookup(ftl, (u32)lpn));
		u64 want = ssd_read_latency_ns(ssd, ssd_page_type(ssd, pu));
		u64 done;

		now = env_max(now, ssd->dies_idle_ns) + IDLE_GAP_NS;
		done = conv_cmd(ftl, FTL_OP_READ, lpn << SSD_MAP_UNIT_SHIFT,
				SSD_MAP_UNIT_BYTES, now);
		if (done - now != want) {
			unit_fail(__FILE__, __LINE__,
				  "%s: read of pu %llu took %llu ns, expected %llu",
				  profile, pu, done - now, want);
			goto out;
		}
		sum += done - now;
		now = done;
	}
	for (t = 0; t < ssd->prof.cell_bits; t++)
		model_sum += ssd_read_latency_ns(ssd, t);
	printf("  %s: QD1 4K read %llu ns mean over page types (data sheet: %u us)\n",
	       profile, sum / pus, ssd->prof.read_latency_us);
	if (ssd->prof.read_latency_us &&
	    (!within_pct(sum / pus, ssd->prof.read_latency_us * 1000ULL,
			 DATASHEET_PCT) ||
	     !within_pct(model_sum / ssd->prof.cell_bits,
			 ssd->prof.read_latency_us * 1000ULL, DATASHEET_PCT))) {
		unit_fail(__FILE__, __LINE__,
			  "%s: QD1 read %llu ns, data sheet %u us",
			  profile, sum / pus, ssd->prof.read_latency_us);
		goto out;
	}
	ok = true;
out:
	conv_ftl_ops.destroy(ftl);
	return ok;
}

static void ssd_qd1_read_latency(void)
{
	CHECK(qd1_reads_ok("970pro"));
	CHECK(qd1_reads_ok("p4500"));
}

/* QD1 4 KiB writes with room in the buffer: ssd_write_latency_ns(). */
static bool qd1_writes_ok(const char *profile)
{
	const struct ftl_params p = flash_params(profile, SMALL_CAPACITY);
	void *ftl = conv_ftl_ops.create(&p);
	struct ssd *ssd;
	u64 now = 0, i;
	bool ok = false;

	if (!ftl)
		return FAIL_FALSE("%s: create failed", profile);
	ssd = conv_ftl_ssd(ftl);
	for (i = 0; i < 64; i++) {
		u64 done;

		now += IDLE_GAP_NS;
		done = conv_cmd(ftl, FTL_OP_WRITE, i << SSD_MAP_UNIT_SHIFT,
				SSD_MAP_UNIT_BYTES, now);
		if (done - now != ssd_write_latency_ns(ssd)) {
			unit_fail(__FILE__, __LINE__,
				  "%s: write %llu took %llu ns, expected %llu",
				  profile, i, done - now,
				  ssd_write_latency_ns(ssd));
			goto out;
		}
	}
	if (ssd->prof.write_latency_us &&
	    !within_pct(ssd_write_latency_ns(ssd),
			ssd->prof.write_latency_us * 1000ULL, DATASHEET_PCT)) {
		unit_fail(__FILE__, __LINE__,
			  "%s: QD1 write %llu ns, data sheet %u us", profile,
			  ssd_write_latency_ns(ssd),
			  ssd->prof.write_latency_us);
		goto out;
	}
	ok = true;
out:
	conv_ftl_ops.destroy(ftl);
	return ok;
}

static void ssd_qd1_write_latency(void)
{
	CHECK(qd1_writes_ok("970pro"));
	CHECK(qd1_writes_ok("p4500"));
}

/*
 * One die on one channel and a buffer of BP_BUFFER_KIB, so the point where
 * the buffer fills and the rate it drains at are easy to tell.
 */
#define BP_BUFFER_KIB		1024
/* Word lines timed after the buffer fills. */
#define BP_WORD_LINES		20

static void *one_die_device(void)
{
	struct ftl_params p = flash_params("970pro", 64 * MIB);

	p.channels = 1;
	p.dies_per_channel = 1;
	p.write_buffer_kib = BP_BUFFER_KIB;
	return conv_ftl_ops.create(&p);
}

/* The program time of one word line: each of its page types once. */
static u64 word_line_prog_ns(const struct ssd *ssd)
{
	u64 sum = 0;
	u32 t;

	for (t = 0; t < ssd->prof.cell_bits; t++)
		sum += ssd->prof.nand_prog_ns[t];
	return sum;
}

/*
 * Program-unit writes all queued at once: they complete at PCIe speed
 * while the buffer has room, then one per program the die finishes.
 */
static void ssd_write_buffer_backpressure(void)
{
	void *ftl = one_die_device();
	struct ssd *ssd;
	u64 done[BP_BUFFER_KIB / 8 + BP_WORD_LINES * NAND_MAX_CELL_BITS + 2];
	u64 pu_bytes, buf_pus, pcie_ns, n, i, first;

	CHECK(ftl);
	ssd = conv_ftl_ssd(ftl);
	pu_bytes = (u64)ssd->geo.units_per_pu << SSD_MAP_UNIT_SHIFT;
	buf_pus = BP_BUFFER_KIB * KIB / pu_bytes;
	pcie_ns = chmodel_xfer_ns(&ssd->pcie_to_device, pu_bytes);
	n = buf_pus + 1 + BP_WORD_LINES * ssd->prof.cell_bits + 1;
	CHECK_OR(n <= ARRAY_LEN(done), out);
	for (i = 0; i < n; i++)
		done[i] = conv_cmd(ftl, FTL_OP_WRITE, i * pu_bytes, pu_bytes,
				   0);
	/* The link, not the flash, sets the pace into an empty buffer. */
	for (i = 1; i < buf_pus; i++)
		CHECK_EQ_OR(done[i] - done[i - 1], pcie_ns, out);
	/* Then each waits for a program to free its room. */
	first = buf_pus + 1;
	CHECK_EQ_OR(done[first + BP_WORD_LINES * ssd->prof.cell_bits] -
		    done[first], BP_WORD_LINES * word_line_prog_ns(ssd), out);
	CHECK_OR(done[first] - done[first - 1] >= ssd->prof.nand_prog_ns[0],
		 out);
out:
	conv_ftl_ops.destroy(ftl);
}

/* Flush completes when the last buffered program does. */
static void ssd_flush_waits_for_the_buffer(void)
{
	void *ftl = one_die_device();
	struct ssd *ssd;
	const u64 n = 40;	/* more than the buffer holds */
	u64 pu_bytes, lat, first_data = 0, want, last = 0, f, t, w, pu, i;

	CHECK(ftl);
	ssd = conv_ftl_ssd(ftl);
	pu_bytes = (u64)ssd->geo.units_per_pu << SSD_MAP_UNIT_SHIFT;
	lat = ssd->prof.fw_write_latency_ns;
	for (i = 0; i < n; i++) {
		u64 done = conv_cmd(ftl, FTL_OP_WRITE, i * pu_bytes, pu_bytes,
				    0);

		if (!i)
			first_data = done - lat;
		last = env_max(last, done);
	}
	/* The die programs back to back once the first unit is on it. */
	want = first_data + chmodel_xfer_ns(&ssd->channels[0], pu_bytes) +
	       n / ssd->prof.cell_bits * word_line_prog_ns(ssd);
	f = conv_cmd(ftl, FTL_OP_FLUSH, 0, 0, last);
	CHECK_EQ_OR(f, want, out);

	/* Nothing buffered: only the firmware's own time. */
	t = f + IDLE_GAP_NS;
	CHECK_EQ_OR(conv_cmd(ftl, FTL_OP_FLUSH, 0, 0, t),
		    t + ssd->prof.fw_write_ns, out);

	/* A part-filled program unit is padded out and programmed. */
	t += IDLE_GAP_NS;
	w = conv_cmd(ftl, FTL_OP_WRITE, 0, SSD_MAP_UNIT_BYTES, t);
	pu = ssd_ppn_pu(ssd, conv_ftl_lookup(ftl, 0));
	f = conv_cmd(ftl, FTL_OP_FLUSH, 0, 0, w);
	CHECK_EQ_OR(f, w - lat + chmodel_xfer_ns(&ssd->channels[0], pu_bytes) +
		    ssd->prof.nand_prog_ns[ssd_page_type(ssd, pu)], out);
out:
	conv_ftl_ops.destroy(ftl);
}

/* Data still in the buffer reads from DRAM; once programmed, from flash. */
static void ssd_reads_hit_the_buffer(void)
{
	void *ftl = one_die_device();
	struct ssd *ssd;
	const u64 n = 8;
	u64 pu_bytes, last = 0, lpn, dram_ns, done, now, pu, i;

	CHECK(ftl);
	ssd = conv_ftl_ssd(ftl);
	pu_bytes = (u64)ssd->geo.units_per_pu << SSD_MAP_UNIT_SHIFT;
	for (i = 0; i < n; i++)
		last = conv_cmd(ftl, FTL_OP_WRITE, i * pu_bytes, pu_bytes, 0);
	/* The last unit programs milliseconds after its write completes. */
	lpn = (n - 1) * ssd->geo.units_per_pu;
	dram_ns = ssd->prof.fw_read_ns +
		  chmodel_xfer_ns(&ssd->pcie_to_host, SSD_MAP_UNIT_BYTES);
	done = conv_cmd(ftl, FTL_OP_READ, lpn << SSD_MAP_UNIT_SHIFT,
			SSD_MAP_UNIT_BYTES, last);
	CHECK_EQ_OR(done - last, dram_ns, out);

	now = conv_cmd(ftl, FTL_OP_FLUSH, 0, 0, done) + IDLE_GAP_NS;
	done = conv_cmd(ftl, FTL_OP_READ, lpn << SSD_MAP_UNIT_SHIFT,
			SSD_MAP_UNIT_BYTES, now);
	pu = ssd_ppn_pu(ssd, conv_ftl_lookup(ftl, (u32)lpn));
	CHECK_EQ_OR(done - now,
		    ssd_read_latency_ns(ssd, ssd_page_type(ssd, pu)), out);
out:
	conv_ftl_ops.destroy(ftl);
}

/* ---- sequential bandwidth ---- */

#define SEQ_CAPACITY		(256 * MIB)
#define SEQ_BLOCK		(128 * KIB)
#define SEQ_QD			32
#define SEQ_READ_PASSES		2
/* Closed-loop ramp-up and tail cost a little of the bound, never more. */
#define SEQ_SHORTFALL_PCT	5
#define SEQ_EXCESS_PCT		1
/* A link so fast it is never the limit. */
#define FAST_LINK_MBPS		100000

static u64 min3(u64 a, u64 b, u64 c)
{
	return env_min(env_min(a, b), c);
}

/* MB/s = bytes per us: what all dies deliver with mean @ns per page. */
static u64 dies_mbps(const struct ssd *ssd, const u32 *ns_by_type)
{
	u64 pu_bytes = (u64)ssd->geo.units_per_pu << SSD_MAP_UNIT_SHIFT;
	u64 sum = 0;
	u32 t;

	for (t = 0; t < ssd->prof.cell_bits; t++)
		sum += ns_by_type[t];
	return ssd->geo.dies * pu_bytes * 1000 * ssd->prof.cell_bits / sum;
}

/* The slowest of NAND, flash channels and host link, MB/s. */
static u64 seq_bound_mbps(const struct ssd *ssd, bool write)
{
	u64 nand = dies_mbps(ssd, write ? ssd->prof.nand_prog_ns :
				       ssd->prof.nand_read_ns);
	u64 flash_bus = (u64)ssd->geo.channels * ssd->prof.channel_mbps;
	u64 link = ssd->prof.pcie_mbps ? ssd->prof.pcie_mbps : ~0ULL;

	return min3(nand, flash_bus, link);
}

struct seq_case {
	const char *profile;
	int bandwidth_mbps;
	int nand_read_ns;
	const char *limit;	/* what the case is about */
};

static const struct seq_case seq_cases[] = {
	{ "970pro", FAST_LINK_MBPS, FTL_PARAM_DEFAULT, "flash channels" },
	{ "970pro", FAST_LINK_MBPS, 400000, "NAND reads" },
	{ "970pro", 1000, FTL_PARAM_DEFAULT, "PCIe" },
	{ "970pro", FTL_PARAM_DEFAULT, FTL_PARAM_DEFAULT, "preset" },
	{ "p4500", FAST_LINK_MBPS, FTL_PARAM_DEFAULT, "flash channels" },
	{ "p4500", FAST_LINK_MBPS, 400000, "NAND reads" },
	{ "p4500", 1000, FTL_PARAM_DEFAULT, "PCIe" },
	{ "p4500", FTL_PARAM_DEFAULT, FTL_PARAM_DEFAULT, "preset" },
};

static bool rate_ok(const char *what, u64 got, u64 bound)
{
	if (got * 100 < bound * (100 - SEQ_SHORTFALL_PCT) ||
	    got * 100 > bound * (100 + SEQ_EXCESS_PCT)) {
		unit_fail(__FILE__, __LINE__, "%s: %llu MB/s, bound %llu",
			  what, got, bound);
		return false;
	}
	return true;
}

/*
 * 128 KiB QD32: sequential writes fill the namespace, then sequential
 * reads go over it twice.  Writes are timed to the Flush after them, so
 * the buffer does not flatter them.
 */
static bool seq_case_ok(const struct seq_case *c)
{
	struct ftl_params p = flash_params(c->profile, SEQ_CAPACITY);
	struct qd_job job = {
		.op = FTL_OP_WRITE,
		.qd = SEQ_QD,
		.block = SEQ_BLOCK,
		.span = SEQ_CAPACITY,
		.count = SEQ_CAPACITY / SEQ_BLOCK,
	};
	struct qd_result res;
	struct ssd *ssd;
	u64 now = 0, write_mbps, read_mbps;
	char what[96];
	void *ftl;
	bool ok;

	p.bandwidth_mbps = c->bandwidth_mbps;
	p.nand_read_ns = c->nand_read_ns;
	ftl = conv_ftl_ops.create(&p);
	if (!ftl)
		return FAIL_FALSE("%s: create failed", c->profile);
	ssd = conv_ftl_ssd(ftl);
	ok = qd_run(ftl, &job, &now, &res);
	now = conv_cmd(ftl, FTL_OP_FLUSH, 0, 0, now);
	write_mbps = res.bytes * 1000 / (now - res.start_ns);

	now += IDLE_GAP_NS;
	job.op = FTL_OP_READ;
	job.count *= SEQ_READ_PASSES;
	ok = ok && qd_run(ftl, &job, &now, &res);
	read_mbps = qd_mbps(&res);
	printf("  %-6s %-14s seq 128K QD32: read %5llu MB/s (bound %5llu), write %5llu MB/s (bound %5llu)\n",
	       c->profile, c->limit, read_mbps, seq_bound_mbps(ssd, false),
	       write_mbps, seq_bound_mbps(ssd, true));
	if (!ok)
		unit_fail(__FILE__, __LINE__, "%s: the QD loop failed",
			  c->profile);
	snprintf(what, sizeof(what), "%s %s read", c->profile, c->limit);
	ok = ok && rate_ok(what, read_mbps, seq_bound_mbps(ssd, false));
	snprintf(what, sizeof(what), "%s %s write", c->profile, c->limit);
	ok = ok && rate_ok(what, write_mbps, seq_bound_mbps(ssd, true));
	conv_ftl_ops.destroy(ftl);
	return ok;
}

static void ssd_sequential_bandwidth(void)
{
	u32 i;

	for (i = 0; i < ARRAY_LEN(seq_cases); i++)
		CHECK(seq_case_ok(&seq_cases[i]));
}

const struct unit_test ssd_tests[] = {
	UNIT_TEST(ssd_presets),
	UNIT_TEST(ssd_geometry_worked_examples),
	UNIT_TEST(ssd_geometry_sweep),
	UNIT_TEST(ssd_bad_overrides_rejected),
	UNIT_TEST(ssd_qd1_read_latency),
	UNIT_TEST(ssd_qd1_write_latency),
	UNIT_TEST(ssd_write_buffer_backpressure),
	UNIT_TEST(ssd_flush_waits_for_the_buffer),
	UNIT_TEST(ssd_reads_hit_the_buffer),
	UNIT_TEST(ssd_sequential_bandwidth),
	UNIT_END,
};
