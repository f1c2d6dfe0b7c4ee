// SPDX-License-Identifier: GPL-2.0
/*
 * The conventional FTL's life cycle and reports (conv_ftl.c has the
 * mapping, GC and commands): the map unit and the memory it takes, making
 * and freeing the FTL, prefill, the stats, and the FDP FTL's operations.
 */
#include "conv_ftl_int.h"

#define PERMILLE	1000

void conv_destroy(void *ftl)
{
	struct conv_ftl *c = ftl;

	if (!c)
		return;
	env_free(c->wps);
	env_free(c->gc_read_ns);
	env_free(c->victims);
	env_free(c->free_lines);
	env_free(c->lines);
	env_free(c->slot_line);
	env_free(c->slot_done_ns);
	env_free(c->rmap);
	env_free(c->l2p);
	ssd_destroy(c->ssd);
	env_free(c);
}

/*
 * The reclaim groups and handles of ftl=fdp; plain conv takes none.  A
 * bad tunable is logged only if @report.
 */
static bool conv_fdp_configure(struct ftl_fdp_config *cfg, bool fdp,
			       const struct ftl_params *params, bool report)
{
	memset(cfg, 0, sizeof(*cfg));
	if (!fdp) {
		cfg->nr_rgs = 1;
		cfg->nr_ruhs = 1;
		return !report ||
		       ftl_params_without_fdp(params, conv_ftl_ops.name);
	}
	cfg->nr_rgs = FDP_DEFAULT_RGS;
	cfg->nr_ruhs = FDP_DEFAULT_RUHS;
	cfg->nr_persistent = FDP_DEFAULT_PERSISTENT_RUHS;
	if (!ftl_param_take(&cfg->nr_rgs, params->fdp_rgs, "fdp_rgs", 1,
			    FDP_MAX_RGS, report) ||
	    !ftl_param_take(&cfg->nr_ruhs, params->fdp_ruhs, "fdp_ruhs", 1,
			    FDP_MAX_RUHS, report))
		return false;
	return ftl_param_take(&cfg->nr_persistent,
			      params->fdp_persistent_ruhs,
			      "fdp_persistent_ruhs", 0, (int)cfg->nr_ruhs,
			      report);
}

static u32 conv_nr_host_wps(const struct ftl_fdp_config *cfg)
{
	return cfg->nr_rgs * cfg->nr_ruhs;
}

static u32 conv_nr_wps(const struct ftl_fdp_config *cfg)
{
	return conv_nr_host_wps(cfg) + cfg->nr_rgs * conv_gc_wps_per_rg(cfg);
}

/* Every stream may hold an open line that GC cannot take. */
static u32 conv_spare_lines(u32 nr_wps)
{
	return GC_SPARE_LINES + nr_wps;
}

/* What conv allocates over flash @g with @nr_wps streams, in bytes. */
static u64 conv_mem_of(const struct ssd_profile *prof,
		       const struct ssd_geometry *g, u32 nr_wps)
{
	u64 slots = conv_nr_slots(g, nr_wps);

	return sizeof(struct conv_ftl) + ssd_mem_bytes(prof, g) +
	       sizeof(u32) * (g->logical_units + g->units) +
	       (sizeof(struct conv_line) + 2 * sizeof(u32)) * g->lines +
	       (sizeof(u64) * g->pus_per_line + sizeof(u32)) * slots +
	       sizeof(u64) * g->dies +
	       sizeof(struct conv_write_point) * nr_wps;
}

/* Every table is one allocation, which the environment may limit. */
static bool conv_tables_fit(const struct ssd_geometry *g, u32 nr_wps)
{
	return sizeof(u32) * g->units <= ENV_MAX_ALLOC_BYTES &&
	       sizeof(u64) * g->pus_per_line * conv_nr_slots(g, nr_wps) <=
	       ENV_MAX_ALLOC_BYTES;
}

/* map_unit_kib's log2 in bytes, 0 (logged if @report) if it is none. */
static u32 conv_explicit_shift(const struct ftl_params *params,
			       bool report)
{
	const struct ssd_profile *prof = ssd_profile_find(params->profile ?
							  params->profile :
							  SSD_DEFAULT_PROFILE);
	u32 page = prof ? prof->flash_page_bytes : 1U << SSD_MAX_MAP_UNIT_SHIFT;
	u32 shift;

	for (shift = SSD_MAP_UNIT_SHIFT; (1U << shift) <= page; shift++)
		if ((s64)1 << shift == (s64)params->map_unit_kib << 10)
			return shift;
	if (report)
		env_err("map_unit_kib=%d: must be a power of two from %u to the flash page's %u\n",
			params->map_unit_kib, SSD_MAP_UNIT_BYTES >> 10,
			page >> 10);
	return 0;
}

/*
 * The mapping unit (its log2) for @params: map_unit_kib if set; 4 KiB
 * without a budget (params->mem_budget 0, as in the tools); else the
 * smallest unit from 4 KiB whose tables fit the budget, or the coarsest
 * if none does.  In *@mem what those tables take.  0 when the parameters
 * make no device, logged only if @report.
 */
static u32 conv_unit_shift(const struct ftl_params *params, u32 nr_wps,
			   bool report, u64 *mem)
{
	struct ssd_profile prof;
	struct ssd_geometry geo;
	u32 shift, chosen = 0;

	if (params->map_unit_kib != FTL_PARAM_DEFAULT) {
		shift = conv_explicit_shift(params, report);
		if (!shift || !ssd_plan(params, conv_spare_lines(nr_wps), shift,
					report, &prof, &geo))
			return 0;
		if (!conv_tables_fit(&geo, nr_wps)) {
			if (report)
				env_err("map_unit_kib=%d: the map of a %llu MiB namespace is too large for one allocation; try a coarser unit\n",
					params->map_unit_kib,
					params->capacity >> 20);
			return 0;
		}
		*mem = conv_mem_of(&prof, &geo, nr_wps);
		return shift;
	}
	for (shift = SSD_MAP_UNIT_SHIFT; shift <= (params->mem_budget ?
						   SSD_MAX_MAP_UNIT_SHIFT :
						   SSD_MAP_UNIT_SHIFT);
	     shift++) {
		if (!ssd_plan(params, conv_spare_lines(nr_wps), shift, false,
			      &prof, &geo) || !conv_tables_fit(&geo, nr_wps))
			continue;
		chosen = shift;
		*mem = conv_mem_of(&prof, &geo, nr_wps);
		if (!params->mem_budget || *mem <= params->mem_budget)
			break;
	}
	/* None makes a device: the 4 KiB one says why, or its size does. */
	if (!chosen && report &&
	    ssd_plan(params, conv_spare_lines(nr_wps), SSD_MAP_UNIT_SHIFT,
		     true, &prof, &geo))
		env_err("map_unit_kib: the map of a %llu MiB namespace is too large for one allocation at every unit up to the flash page's %u KiB\n",
			params->capacity >> 20, prof.flash_page_bytes >> 10);
	return chosen;
}

static u64 conv_mem_bytes_streams(const struct ftl_params *params, bool fdp)
{
	struct ftl_fdp_config cfg;
	u64 mem = 0;

	if (!conv_fdp_configure(&cfg, fdp, params, false) ||
	    !conv_unit_shift(params, conv_nr_wps(&cfg), false, &mem))
		return 0;
	return mem;
}

u64 conv_mem_bytes(const struct ftl_params *params)
{
	return conv_mem_bytes_streams(params, false);
}

u64 conv_fdp_mem_bytes(const struct ftl_params *params)
{
	return conv_mem_bytes_streams(params, true);
}

/*
 * prefill=1: every logical unit mapped once, in order, line after line, as
 * a sequential fill leaves the drive; no time passes and nothing counts as
 * written.  The last line is closed part full, as a flush leaves it.
 */
static void conv_prefill(struct conv_ftl *c)
{
	const struct ssd_geometry *g = &c->ssd->geo;
	u32 lpn = 0;

	while (lpn < g->logical_units) {
		u32 line = c->free_lines[--c->nr_free];
		u32 u;

		for (u = 0; u < g->units_per_line && lpn < g->logical_units;
		     u++, lpn++) {
			u32 ppn = line * g->units_per_line + u;

			c->l2p[lpn] = ppn;
			c->rmap[ppn] = lpn;
		}
		c->lines[line].valid = u;
		c->lines[line].state = LINE_FULL;
		c->lines[line].stream = 0;
		victim_push(c, line);
	}
}

static void *conv_create_streams(const struct ftl_params *params, bool fdp)
{
	struct conv_ftl *c = env_zalloc(sizeof(*c));
	const struct ssd_geometry *g;
	u32 i, shift;
	u64 mem;

	if (!c)
		return NULL;
	c->fdp = fdp;
	if (!conv_fdp_configure(&c->fdp_cfg, fdp, params, true))
		goto fail;
	c->nr_host_wps = conv_nr_host_wps(&c->fdp_cfg);
	c->nr_wps = conv_nr_wps(&c->fdp_cfg);
	shift = conv_unit_shift(params, c->nr_wps, true, &mem);
	if (!shift)
		goto fail;
	c->ssd = ssd_create_unit(params, conv_spare_lines(c->nr_wps), shift);
	if (!c->ssd)
		goto fail;
	g = &c->ssd->geo;
	c->fdp_cfg.ru_bytes = (u64)g->units_per_line << g->unit_shift;
	c->nr_slots = conv_nr_slots(g, c->nr_wps);
	c->l2p = env_zalloc(sizeof(*c->l2p) * g->logical_units);
	c->rmap = env_zalloc(sizeof(*c->rmap) * g->units);
	c->slot_done_ns = env_zalloc(sizeof(*c->slot_done_ns) *
				     g->pus_per_line * c->nr_slots);
	c->slot_line = env_zalloc(sizeof(*c->slot_line) * c->nr_slots);
	c->lines = env_zalloc(sizeof(*c->lines) * g->lines);
	c->free_lines = env_zalloc(sizeof(*c->free_lines) * g->lines);
	c->victims = env_zalloc(sizeof(*c->victims) * g->lines);
	c->gc_read_ns = env_zalloc(sizeof(*c->gc_read_ns) * g->dies);
	c->wps = env_zalloc(sizeof(*c->wps) * c->nr_wps);
	if (!c->l2p || !c->rmap || !c->slot_done_ns || !c->slot_line ||
	    !c->lines || !c->free_lines || !c->victims || !c->gc_read_ns ||
	    !c->wps)
		goto fail;
	memset(c->l2p, 0xff, sizeof(*c->l2p) * g->logical_units);
	memset(c->rmap, 0xff, sizeof(*c->rmap) * g->units);
	memset(c->slot_line, 0xff, sizeof(*c->slot_line) * c->nr_slots);
	/* Lines are taken from the top of the stack: line 0 first. */
	for (i = 0; i < g->lines; i++) {
		c->free_lines[i] = g->lines - 1 - i;
		c->lines[i].done_slot = CONV_NO_SLOT;
	}
	c->nr_free = g->lines;
	for (i = 0; i < c->nr_host_wps; i++)
		c->wps[i].host = true;
	if (params->prefill != FTL_PARAM_DEFAULT &&
	    (params->prefill < 0 || params->prefill > 1)) {
		env_err("prefill=%d: must be 0 or 1\n", params->prefill);
		goto fail;
	}
	if (params->prefill == 1)
		conv_prefill(c);
	return c;

fail:
	conv_destroy(c);
	return NULL;
}

void *conv_create(const struct ftl_params *params)
{
	return conv_create_streams(params, false);
}

void *conv_fdp_create(const struct ftl_params *params)
{
	return conv_create_streams(params, true);
}

void conv_stats(void *ftl, struct ftl_stats *stats)
{
	struct conv_ftl *c = ftl;

	*stats = c->stats;
	stats->free_lines = c->nr_free;
	stats->total_lines = c->ssd->geo.lines;
}

int conv_show(void *ftl, u64 now_ns, char *buf, size_t size)
{
	struct conv_ftl *c = ftl;
	const struct ftl_stats *s = &c->stats;
	u64 waf = s->host_write_units ?
		  env_div64_u64(s->nand_write_units * PERMILLE,
				s->host_write_units) : 0;
	int n = ssd_show(c->ssd, now_ns, buf, size);
	u64 valid = 0;
	u32 line;

	for (line = 0; line < c->ssd->geo.lines; line++)
		valid += conv_4k_units(c, c->lines[line].valid);
	if (c->fdp)
		n += env_snprintf(buf + n, size - n,
				  "fdp_reclaim_groups: %u\n"
				  "fdp_handles: %u\n"
				  "fdp_persistent_handles: %u\n"
				  "fdp_ru_bytes: %llu\n",
				  c->fdp_cfg.nr_rgs, c->fdp_cfg.nr_ruhs,
				  c->fdp_cfg.nr_persistent,
				  c->fdp_cfg.ru_bytes);
	n += env_snprintf(buf + n, size - n,
			  "valid_units: %llu\n"
			  "host_write_units: %llu\n"
			  "nand_write_units: %llu\n"
			  "waf: %llu.%03llu\n"
			  "gc_runs: %llu\n"
			  "gc_copied_units: %llu\n"
			  "partial_unit_reads: %llu\n"
			  "erases: %llu\n"
			  "free_lines: %u\n"
			  "total_lines: %u\n",
			  valid, s->host_write_units, s->nand_write_units,
			  waf / PERMILLE, waf % PERMILLE, s->gc_runs,
			  s->gc_copied_units, c->merge_reads, s->erases,
			  c->nr_free, c->ssd->geo.lines);
	return n;
}
