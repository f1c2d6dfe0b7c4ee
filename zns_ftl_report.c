// SPDX-License-Identifier: GPL-2.0
/*
 * What the zoned FTL tells about its zones: Report Zones, the Changed Zone
 * List and the state changes the controller makes that fill it (read-only,
 * offline), where a zone's data sits in the data store, and the counters,
 * statistics and debugfs text.
 */
#include "zns_ftl_int.h"

/* ---- reports, changes, the data store ---- */

static bool zns_listed(enum zns_report_option option, u8 state)
{
	static const u8 listed[] = {
		[ZNS_LIST_ZSE] = ZNS_ZSE,
		[ZNS_LIST_ZSIO] = ZNS_ZSIO,
		[ZNS_LIST_ZSEO] = ZNS_ZSEO,
		[ZNS_LIST_ZSC] = ZNS_ZSC,
		[ZNS_LIST_ZSF] = ZNS_ZSF,
		[ZNS_LIST_ZSRO] = ZNS_ZSRO,
		[ZNS_LIST_ZSO] = ZNS_ZSO,
	};

	return option == ZNS_LIST_ALL || listed[option] == state;
}

static void zns_describe(const struct zns_ftl *z, u32 zi, u32 lba_shift,
			 struct zns_zone_desc *d)
{
	const struct zns_zone *zone = &z->zones[zi];

	d->type = ZNS_ZT_SEQ_WRITE_REQUIRED;
	d->state = zone->state;
	d->attrs = zone->attrs;
	d->zslba = zns_zone_start(z, zi) >> lba_shift;
	d->zcap = z->cfg.zone_capacity >> lba_shift;
	if (zone->state == ZNS_ZSRO || zone->state == ZNS_ZSO)
		d->wp = ~0ULL;
	else
		d->wp = d->zslba + (zone->wp >> lba_shift);
}

enum zns_result zns_report(void *ftl, struct zns_report *r)
{
	struct zns_ftl *z = ftl;
	u32 zi;

	r->nr_descs = 0;
	r->nr_matching = 0;
	if (r->option > ZNS_LIST_ZSO)
		return ZNS_INVALID_FIELD;
	if (r->first_zone >= z->cfg.nr_zones)
		return ZNS_LBA_RANGE;
	for (zi = r->first_zone; zi < z->cfg.nr_zones; zi++) {
		if (!zns_listed(r->option, z->zones[zi].state))
			continue;
		r->nr_matching++;
		if (r->nr_descs < r->max_descs)
			zns_describe(z, zi, r->lba_shift,
				     &r->descs[r->nr_descs++]);
	}
	return ZNS_OK;
}

/* Lists @zi as changed; true if the list was empty before. */
static bool zns_note_changed(struct zns_ftl *z, u32 zi)
{
	bool was_empty = !z->nr_changed && !z->changed_overflow;

	if (z->zones[zi].changed)
		return false;
	z->zones[zi].changed = true;
	if (z->nr_changed < ZNS_CHANGED_ZONES_MAX)
		z->changed[z->nr_changed++] = zi;
	else
		z->changed_overflow = true;
	return was_empty;
}

enum zns_result zns_set_state_by_controller(void *ftl, u32 zi,
					    enum zns_state state,
					    bool *notify)
{
	struct zns_ftl *z = ftl;
	struct zns_zone *zone;

	*notify = false;
	if (zi >= z->cfg.nr_zones)
		return ZNS_LBA_RANGE;
	if (state != ZNS_ZSRO && state != ZNS_ZSO)
		return ZNS_INVALID_FIELD;
	zone = &z->zones[zi];
	if (zone->state == ZNS_ZSO || zone->state == state)
		return ZNS_INVALID_TRANSITION;
	zns_release(z, zi);
	if (state == ZNS_ZSRO) {
		/* What it holds stays readable: commit and program it. */
		zone->wp = zone->fill;
		zns_program(z, zi, true);
	} else if (zone->buffered) {
		ssd_buffer_release(z->ssd, zone->buffered, z->ssd->now_ns);
		zone->buffered = 0;
	}
	zns_set_state(z, zone, state);
	*notify = zns_note_changed(z, zi);
	return ZNS_OK;
}

u32 zns_changed_zones(void *ftl, u32 *zones, bool *overflow, bool clear)
{
	struct zns_ftl *z = ftl;
	u32 n = z->nr_changed, i;

	memcpy(zones, z->changed, n * sizeof(*zones));
	*overflow = z->changed_overflow;
	if (!clear)
		return n;
	if (z->changed_overflow) {
		for (i = 0; i < z->cfg.nr_zones; i++)
			z->zones[i].changed = false;
	} else {
		for (i = 0; i < n; i++)
			z->zones[z->changed[i]].changed = false;
	}
	z->nr_changed = 0;
	z->changed_overflow = false;
	return n;
}

u64 zns_store_offset(void *ftl, u64 offset, u64 *contiguous)
{
	struct zns_ftl *z = ftl;
	u64 zi = offset >> z->zone_shift;
	u64 rel = offset & (z->cfg.zone_size - 1);

	if (rel >= z->cfg.zone_capacity) {
		*contiguous = z->cfg.zone_size - rel;
		return ZNS_NO_STORE;
	}
	*contiguous = z->cfg.zone_capacity - rel;
	return zi * z->cfg.zone_capacity + rel;
}

void zns_config(void *ftl, struct ftl_zns_config *cfg)
{
	*cfg = ((struct zns_ftl *)ftl)->cfg;
}

/* ---- statistics ---- */

void zns_ftl_counters(void *ftl, struct zns_counters *c)
{
	*c = ((struct zns_ftl *)ftl)->cnt;
}

void zns_stats(void *ftl, struct ftl_stats *stats)
{
	struct zns_ftl *z = ftl;
	u32 used = z->cfg.nr_zones - z->cnt.in_state[ZNS_ZSE];

	*stats = z->stats;
	stats->total_lines = z->ssd->geo.lines;
	stats->free_lines = z->ssd->geo.lines - used * z->lines_per_zone;
}

#define PERMILLE	1000

int zns_show(void *ftl, u64 now_ns, char *buf, size_t size)
{
	struct zns_ftl *z = ftl;
	const struct ftl_zns_config *cfg = &z->cfg;
	const struct zns_counters *c = &z->cnt;
	const struct ftl_stats *s = &z->stats;
	u64 waf = s->host_write_units ?
		  env_div64_u64(s->nand_write_units * PERMILLE,
				s->host_write_units) : 0;
	int n = ssd_show(z->ssd, now_ns, buf, size);

	n += env_snprintf(buf + n, size - n,
			  "zone_size: %llu\n"
			  "zone_capacity: %llu\n"
			  "zones: %u\n"
			  "max_open_zones: %u\n"
			  "max_active_zones: %u\n"
			  "zrwa: %llu\n"
			  "zrwa_flush_granularity: %llu\n"
			  "lines_per_zone: %u\n",
			  cfg->zone_size, cfg->zone_capacity, cfg->nr_zones,
			  cfg->max_open, cfg->max_active, cfg->zrwa_size,
			  cfg->zrwa_flush_granularity, z->lines_per_zone);
	n += env_snprintf(buf + n, size - n,
			  "zones_empty: %u\n"
			  "zones_implicitly_opened: %u\n"
			  "zones_explicitly_opened: %u\n"
			  "zones_closed: %u\n"
			  "zones_full: %u\n"
			  "zones_read_only: %u\n"
			  "zones_offline: %u\n"
			  "zones_with_zrwa: %u\n",
			  c->in_state[ZNS_ZSE], c->in_state[ZNS_ZSIO],
			  c->in_state[ZNS_ZSEO], c->in_state[ZNS_ZSC],
			  c->in_state[ZNS_ZSF], c->in_state[ZNS_ZSRO],
			  c->in_state[ZNS_ZSO], c->zrwa);
	n += env_snprintf(buf + n, size - n,
			  "implicit_opens: %llu\n"
			  "explicit_opens: %llu\n"
			  "implicit_closes: %llu\n"
			  "closes: %llu\n"
			  "finishes: %llu\n"
			  "fills: %llu\n"
			  "resets: %llu\n"
			  "zrwa_flushes: %llu\n"
			  "zrwa_implicit_flushes: %llu\n"
			  "rejected: %llu\n"
			  "host_write_units: %llu\n"
			  "nand_write_units: %llu\n"
			  "pad_units: %llu\n"
			  "waf: %llu.%03llu\n"
			  "erases: %llu\n",
			  c->implicit_opens, c->explicit_opens,
			  c->implicit_closes, c->closes, c->finishes, c->fills,
			  c->resets, c->zrwa_flushes, c->zrwa_implicit_flushes,
			  c->rejected, s->host_write_units, s->nand_write_units,
			  c->pad_units, waf / PERMILLE, waf % PERMILLE,
			  s->erases);
	return n;
}

#ifdef NVMEV_USERSPACE
struct ssd *zns_ftl_ssd(void *ftl)
{
	return ((struct zns_ftl *)ftl)->ssd;
}
#endif
