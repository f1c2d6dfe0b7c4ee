// SPDX-License-Identifier: GPL-2.0
/* The flash device model of ssd.h. */
#include "ssd.h"

static const struct ssd_profile ssd_profiles[] = {
	SSD_PROFILE_970PRO,
	SSD_PROFILE_P4500,
};

#define SSD_NR_PROFILES	(sizeof(ssd_profiles) / sizeof(ssd_profiles[0]))
/* Room for every profile's name in an error message. */
#define SSD_PROFILE_NAMES_LEN	128

/*
 * Fewer lines than this and greedy GC no longer behaves like it does on a
 * real drive (which has hundreds to thousands of blocks per plane): the
 * lines GC keeps free and open would eat a visible share of the spare
 * area.  So small namespaces get smaller blocks instead of fewer lines.
 */
#define SSD_MIN_LINES		512

const struct ssd_profile *ssd_profile_at(u32 index)
{
	return index < SSD_NR_PROFILES ? &ssd_profiles[index] : NULL;
}

const struct ssd_profile *ssd_profile_find(const char *name)
{
	u32 i;

	for (i = 0; i < SSD_NR_PROFILES; i++)
		if (!strcmp(ssd_profiles[i].name, name))
			return &ssd_profiles[i];
	return NULL;
}

/* Limits on overrides: wide enough for any real drive, narrow enough to
 * keep the arithmetic in range. */
#define SSD_MAX_CHANNELS		64
#define SSD_MAX_DIES_PER_CHANNEL	64
#define SSD_MAX_NAND_NS			100000000	/* 100 ms */
#define SSD_MAX_OP_PERCENT		400
#define SSD_MAX_BUFFER_KIB		(1024 * 1024)	/* 1 GiB */
#define SSD_MAX_LINK_MBPS		1000000
#define SSD_MAX_PAGES_PER_BLOCK		4096

static bool ssd_apply_params(struct ssd_profile *p,
			     const struct ftl_params *params, bool report)
{
	u32 read_ns = FTL_PARAM_DEFAULT, prog_ns = FTL_PARAM_DEFAULT;
	u32 i;

	if (!ftl_param_take(&p->channels, params->channels, "channels", 1,
			  SSD_MAX_CHANNELS, report) ||
	    !ftl_param_take(&p->dies_per_channel, params->dies_per_channel,
			  "dies_per_channel", 1, SSD_MAX_DIES_PER_CHANNEL,
			  report) ||
	    !ftl_param_take(&read_ns, params->nand_read_ns, "nand_read_ns", 0,
			  SSD_MAX_NAND_NS, report) ||
	    !ftl_param_take(&prog_ns, params->nand_prog_ns, "nand_prog_ns", 0,
			  SSD_MAX_NAND_NS, report) ||
	    !ftl_param_take(&p->nand_erase_ns, params->nand_erase_ns,
			  "nand_erase_ns", 0, SSD_MAX_NAND_NS, report) ||
	    !ftl_param_take(&p->op_percent, params->op_percent, "op_percent", 1,
			  SSD_MAX_OP_PERCENT, report) ||
	    !ftl_param_take(&p->write_buffer_kib, params->write_buffer_kib,
			  "write_buffer_kib", 1, SSD_MAX_BUFFER_KIB, report) ||
	    !ftl_param_take(&p->pcie_mbps, params->bandwidth_mbps,
			  "bandwidth_mbps", 0, SSD_MAX_LINK_MBPS, report))
		return false;
	for (i = 0; i < p->cell_bits; i++) {
		if (read_ns != (u32)FTL_PARAM_DEFAULT)
			p->nand_read_ns[i] = read_ns;
		if (prog_ns != (u32)FTL_PARAM_DEFAULT)
			p->nand_prog_ns[i] = prog_ns;
	}
	return true;
}

static void ssd_log_unknown_profile(const char *name)
{
	char known[SSD_PROFILE_NAMES_LEN];
	int n = 0;
	u32 i;

	for (i = 0; i < SSD_NR_PROFILES; i++)
		n += env_snprintf(known + n, sizeof(known) - n, "%s%s",
				  i ? ", " : "", ssd_profiles[i].name);
	env_err("profile=%s: no such profile (known: %s)\n", name, known);
}

static u64 div_round_up(u64 n, u64 d)
{
	return env_div64_u64(n + d - 1, d);
}

/*
 * Sizes the flash of profile @p for the namespace: logical units plus
 * op_percent spare, at least @min_lines lines, and never fewer spare
 * lines than the FTL needs to collect garbage.  Blocks keep the
 * profile's size whenever the flash has @min_lines lines of them; only
 * smaller namespaces get halved blocks.
 */
static bool ssd_size(const struct ssd_profile *p, struct ssd_geometry *g,
		     u64 capacity, u32 block_pages, u32 min_spare_lines,
		     u32 min_lines, u32 unit_shift, bool report)
{
	u64 physical, lines;

	g->channels = p->channels;
	g->dies = p->channels * p->dies_per_channel;
	g->planes_per_die = p->planes_per_die;
	g->unit_shift = unit_shift;
	g->units_per_page = p->flash_page_bytes >> unit_shift;
	g->units_per_pu = g->planes_per_die * g->units_per_page;
	g->logical_units = capacity >> unit_shift;
	/* Physical units are u32, so the logical ones must be well below. */
	if (!g->logical_units || g->logical_units >= SSD_INVALID_PPN)
		goto too_big;
	physical = div_round_up(g->logical_units * (100 + p->op_percent), 100);

	/* Halve the blocks until there are lines enough for greedy GC. */
	g->pages_per_block = block_pages;
	for (;;) {
		g->pus_per_line = g->dies * g->pages_per_block;
		g->units_per_line = g->pus_per_line * g->units_per_pu;
		lines = div_round_up(physical, g->units_per_line);
		if (lines >= min_lines || g->pages_per_block == 1)
			break;
		g->pages_per_block /= 2;
	}
	lines = env_max(lines, div_round_up(g->logical_units,
					    g->units_per_line) +
			       min_spare_lines);
	if (lines * g->units_per_line >= SSD_INVALID_PPN)
		goto too_big;
	g->lines = (u32)lines;
	g->units = lines * g->units_per_line;
	return true;

too_big:
	if (report)
		env_err("memmap_size: %llu bytes do not fit the flash model in %u KiB map units\n",
			capacity, 1U << (unit_shift - 10));
	return false;
}

/* Host writes fill a program unit while the last one programs. */
static bool ssd_buffer_fits(const struct ssd_profile *p,
			    const struct ssd_geometry *g, bool report)
{
	u64 pu_bytes = (u64)g->units_per_pu << g->unit_shift;

	if (((u64)p->write_buffer_kib << 10) >= 2 * pu_bytes)
		return true;
	if (report)
		env_err("write_buffer_kib=%u: must hold two program units (%llu KiB)\n",
			p->write_buffer_kib, (2 * pu_bytes) >> 10);
	return false;
}

/* The profile of @params with its overrides, and the flash it needs. */
static bool ssd_plan_lines(const struct ftl_params *params,
			   u32 min_spare_lines, u32 min_lines, u32 unit_shift,
			   bool report, struct ssd_profile *prof,
			   struct ssd_geometry *geo)
{
	const char *name = params->profile ? params->profile :
			   SSD_DEFAULT_PROFILE;
	const struct ssd_profile *preset = ssd_profile_find(name);
	u32 block_pages;

	if (!preset) {
		if (report)
			ssd_log_unknown_profile(name);
		return false;
	}
	*prof = *preset;
	if (unit_shift < SSD_MAP_UNIT_SHIFT ||
	    (1U << unit_shift) > prof->flash_page_bytes)
		return false;
	/*
	 * pages_per_block sets the block the halving starts from; the
	 * profile keeps its own, by which erase times scale.
	 */
	block_pages = prof->pages_per_block;
	return ssd_apply_params(prof, params, report) &&
	       ftl_param_take(&block_pages, params->pages_per_block,
			      "pages_per_block", 1, SSD_MAX_PAGES_PER_BLOCK,
			      report) &&
	       ssd_size(prof, geo, params->capacity, block_pages,
			min_spare_lines, min_lines, unit_shift, report) &&
	       ssd_buffer_fits(prof, geo, report);
}

bool ssd_plan(const struct ftl_params *params, u32 min_spare_lines,
	      u32 unit_shift, bool report, struct ssd_profile *prof,
	      struct ssd_geometry *geo)
{
	return ssd_plan_lines(params, min_spare_lines, SSD_MIN_LINES,
			      unit_shift, report, prof, geo);
}

/* The write buffer in mapping units. */
static u32 ssd_buffer_units(const struct ssd_profile *p,
			    const struct ssd_geometry *g)
{
	return (u32)(((u64)p->write_buffer_kib << 10) >> g->unit_shift);
}

u64 ssd_mem_bytes(const struct ssd_profile *prof,
		  const struct ssd_geometry *geo)
{
	return sizeof(struct ssd) +
	       sizeof(struct ssd_release) * ssd_buffer_units(prof, geo) +
	       sizeof(struct timeline) * geo->dies +
	       sizeof(struct chmodel) * geo->channels;
}

/* A die senses, programs or erases; sensing an LSB page is the shortest. */
static u64 ssd_shortest_die_op(const struct ssd *ssd)
{
	const struct ssd_profile *p = &ssd->prof;
	u64 shortest = ssd->erase_ns;
	u32 i;

	for (i = 0; i < p->cell_bits; i++) {
		shortest = env_min(shortest, (u64)p->nand_read_ns[i]);
		shortest = env_min(shortest, (u64)p->nand_prog_ns[i]);
	}
	return shortest;
}

/* Builds the model that ssd_plan_lines() plans. */
static struct ssd *ssd_build(const struct ftl_params *params,
			     u32 min_spare_lines, u32 min_lines,
			     u32 unit_shift)
{
	struct ssd *ssd = env_zalloc(sizeof(*ssd));
	u32 buf_units;
	u32 i;

	if (!ssd)
		return NULL;
	if (!ssd_plan_lines(params, min_spare_lines, min_lines, unit_shift,
			    true, &ssd->prof, &ssd->geo))
		goto fail;
	/* Smaller blocks keep the preset's erase cost per page. */
	ssd->erase_ns = (u32)env_div_u64((u64)ssd->prof.nand_erase_ns *
					 ssd->geo.pages_per_block,
					 ssd->prof.pages_per_block);
	buf_units = ssd_buffer_units(&ssd->prof, &ssd->geo);
	ssd->buf_free = buf_units;
	/* Each release frees at least one unit, so this many at most. */
	ssd->releases = env_zalloc(sizeof(*ssd->releases) * buf_units);
	ssd->dies = env_zalloc(sizeof(*ssd->dies) * ssd->geo.dies);
	ssd->channels = env_zalloc(sizeof(*ssd->channels) * ssd->geo.channels);
	if (!ssd->releases || !ssd->dies || !ssd->channels)
		goto fail;
	for (i = 0; i < ssd->geo.channels; i++)
		chmodel_init(&ssd->channels[i], ssd->prof.channel_mbps);
	for (i = 0; i < ssd->geo.dies; i++)
		ssd->dies[i].min_op_ns = ssd_shortest_die_op(ssd);
	chmodel_init(&ssd->pcie_to_device, ssd->prof.pcie_mbps);
	chmodel_init(&ssd->pcie_to_host, ssd->prof.pcie_mbps);
	return ssd;

fail:
	ssd_destroy(ssd);
	return NULL;
}

struct ssd *ssd_create(const struct ftl_params *params, u32 min_spare_lines)
{
	return ssd_build(params, min_spare_lines, SSD_MIN_LINES,
			 SSD_MAP_UNIT_SHIFT);
}

struct ssd *ssd_create_unit(const struct ftl_params *params,
			    u32 min_spare_lines, u32 unit_shift)
{
	return ssd_build(params, min_spare_lines, SSD_MIN_LINES, unit_shift);
}

struct ssd *ssd_create_lines(const struct ftl_params *params,
			     u32 min_spare_lines, u32 min_lines)
{
	return ssd_build(params, min_spare_lines, min_lines,
			 SSD_MAP_UNIT_SHIFT);
}

void ssd_destroy(struct ssd *ssd)
{
	if (!ssd)
		return;
	env_free(ssd->channels);
	env_free(ssd->dies);
	env_free(ssd->releases);
	env_free(ssd);
}

u64 ssd_firmware(struct ssd *ssd, u64 now_ns, bool write)
{
	u64 start = env_max(now_ns, ssd->fw_free_ns);

	if (!ssd->first_cmd_ns)
		ssd->first_cmd_ns = now_ns;
	ssd->now_ns = now_ns;
	ssd->fw_free_ns = start + (write ? ssd->prof.fw_write_ns :
				   ssd->prof.fw_read_ns);
	return ssd->fw_free_ns;
}

u64 ssd_pcie_to_device(struct ssd *ssd, u64 ready_ns, u64 bytes)
{
	return chmodel_transfer(&ssd->pcie_to_device, ssd->now_ns, ready_ns,
				bytes);
}

u64 ssd_pcie_to_host(struct ssd *ssd, u64 ready_ns, u64 bytes)
{
	return chmodel_transfer(&ssd->pcie_to_host, ssd->now_ns, ready_ns,
				bytes);
}

/* Holds die @die_idx for @duration_ns from @ready_ns on; returns the end. */
static u64 ssd_die_hold(struct ssd *ssd, u32 die_idx, u64 ready_ns,
			u64 duration_ns)
{
	u64 end = timeline_book(&ssd->dies[die_idx], ssd->now_ns, ready_ns,
				duration_ns) + duration_ns;

	if (end > ssd->dies_idle_ns)
		ssd->dies_idle_ns = end;
	return end;
}

static struct chmodel *ssd_die_channel(struct ssd *ssd, u32 die_idx)
{
	return &ssd->channels[die_idx % ssd->geo.channels];
}

u64 ssd_nand_read_bytes(struct ssd *ssd, u64 pu, u64 bytes, u64 ready_ns)
{
	u32 die = ssd_pu_die(ssd, pu);
	u64 sensed = ssd_die_hold(ssd, die, ready_ns,
				  ssd->prof.nand_read_ns[ssd_page_type(ssd, pu)]);

	return chmodel_transfer(ssd_die_channel(ssd, die), ssd->now_ns, sensed,
				bytes);
}

u64 ssd_nand_read(struct ssd *ssd, u64 pu, u32 units, u64 ready_ns)
{
	return ssd_nand_read_bytes(ssd, pu, (u64)units << ssd->geo.unit_shift,
				   ready_ns);
}

u64 ssd_nand_program(struct ssd *ssd, u64 pu, u64 ready_ns)
{
	u32 die = ssd_pu_die(ssd, pu);
	u64 loaded = chmodel_transfer(ssd_die_channel(ssd, die), ssd->now_ns,
				      ready_ns, (u64)ssd->geo.units_per_pu <<
				      ssd->geo.unit_shift);

	return ssd_die_hold(ssd, die, loaded,
			    ssd->prof.nand_prog_ns[ssd_page_type(ssd, pu)]);
}

u64 ssd_nand_erase(struct ssd *ssd, u32 die, u64 ready_ns)
{
	return ssd_die_hold(ssd, die, ready_ns, ssd->erase_ns);
}

u64 ssd_read_latency_ns(const struct ssd *ssd, u32 page_type)
{
	const struct ssd_profile *p = &ssd->prof;

	return p->fw_read_ns + p->nand_read_ns[page_type] +
	       chmodel_xfer_ns(&ssd->channels[0], SSD_MAP_UNIT_BYTES) +
	       chmodel_xfer_ns(&ssd->pcie_to_host, SSD_MAP_UNIT_BYTES);
}

u64 ssd_write_latency_ns(const struct ssd *ssd)
{
	const struct ssd_profile *p = &ssd->prof;

	return p->fw_write_ns +
	       chmodel_xfer_ns(&ssd->pcie_to_device, SSD_MAP_UNIT_BYTES) +
	       p->fw_write_latency_ns;
}

/* ---- write buffer: a min-heap of releases on at_ns ---- */

static void release_swap(struct ssd_release *a, struct ssd_release *b)
{
	struct ssd_release t = *a;

	*a = *b;
	*b = t;
}

static struct ssd_release release_pop(struct ssd *ssd)
{
	struct ssd_release *h = ssd->releases;
	struct ssd_release top = h[0];
	u32 n = --ssd->nr_releases, i = 0;

	h[0] = h[n];
	for (;;) {
		u32 l = 2 * i + 1, r = l + 1, min = i;

		if (l < n && h[l].at_ns < h[min].at_ns)
			min = l;
		if (r < n && h[r].at_ns < h[min].at_ns)
			min = r;
		if (min == i)
			break;
		release_swap(&h[i], &h[min]);
		i = min;
	}
	return top;
}

u64 ssd_buffer_reserve(struct ssd *ssd, u32 units, u64 ready_ns)
{
	u64 at = ready_ns;

	while (ssd->nr_releases && ssd->releases[0].at_ns <= ready_ns)
		ssd->buf_free += release_pop(ssd).units;
	/*
	 * Back-pressure: wait for the earliest programs.  The FTL reserves at
	 * most one program unit's worth beyond what it has scheduled, and
	 * the buffer holds two, so there is always a release to wait for.
	 */
	while (ssd->buf_free < units && ssd->nr_releases) {
		struct ssd_release r = release_pop(ssd);

		ssd->buf_free += r.units;
		at = env_max(at, r.at_ns);
	}
	ssd->buf_free -= env_min(units, ssd->buf_free);
	return at;
}

void ssd_buffer_release(struct ssd *ssd, u32 units, u64 at_ns)
{
	struct ssd_release *h = ssd->releases;
	u32 i = ssd->nr_releases++;

	h[i].at_ns = at_ns;
	h[i].units = units;
	while (i && h[(i - 1) / 2].at_ns > h[i].at_ns) {
		release_swap(&h[i], &h[(i - 1) / 2]);
		i = (i - 1) / 2;
	}
	if (at_ns > ssd->buf_drained_ns)
		ssd->buf_drained_ns = at_ns;
}

#define PERMILLE	1000

int ssd_show(const struct ssd *ssd, u64 now_ns, char *buf, size_t size)
{
	const struct ssd_geometry *g = &ssd->geo;
	u64 elapsed;
	int n;
	u32 i;

	n = env_snprintf(buf, size,
			 "profile: %s (%s)\n"
			 "geometry: %u channels x %u dies x %u planes, %u KiB pages, %u pages/block, %u-bit cells, %u KiB map unit\n"
			 "lines: %u of %u units (%llu MiB flash for %llu MiB exposed)\n"
			 "write_buffer_kib: %u\n",
			 ssd->prof.name, ssd->prof.imitates, g->channels,
			 g->dies / g->channels, g->planes_per_die,
			 ssd->prof.flash_page_bytes >> 10, g->pages_per_block,
			 ssd->prof.cell_bits, 1U << (g->unit_shift - 10),
			 g->lines, g->units_per_line,
			 (g->units << g->unit_shift) >> 20,
			 (g->logical_units << g->unit_shift) >> 20,
			 ssd->prof.write_buffer_kib);
	/* Busy time booked past now is not utilisation yet. */
	n += env_snprintf(buf + n, size - n, "die_util_permille:");
	elapsed = now_ns > ssd->first_cmd_ns ? now_ns - ssd->first_cmd_ns : 0;
	for (i = 0; i < g->dies; i++) {
		const struct timeline *die = &ssd->dies[i];
		u64 ahead = 0, busy;
		u32 k;

		for (k = die->first; k < die->nr; k++)
			if (die->iv[k].end > now_ns)
				ahead += die->iv[k].end -
					 env_max(die->iv[k].start, now_ns);
		busy = die->busy_ns > ahead ? die->busy_ns - ahead : 0;

		n += env_snprintf(buf + n, size - n, " %llu",
				  elapsed ? env_div64_u64(busy * PERMILLE,
							  elapsed) : 0);
	}
	n += env_snprintf(buf + n, size - n, "\n");
	return n;
}
