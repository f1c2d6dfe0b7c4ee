// SPDX-License-Identifier: GPL-2.0
/*
 * The zoned FTL's life cycle: the zone size, capacity, open and active
 * limits and ZRWA checked against the parameters and the flash (an insmod
 * that asks for what cannot be gets a line naming the parameter), the
 * flash model sized so that no two zones share a block, and destroy.
 */
#include "zns_ftl_int.h"

/* ---- life cycle ---- */

void zns_destroy(void *ftl)
{
	struct zns_ftl *z = ftl;

	if (!z)
		return;
	env_free(z->pu_done_ns);
	env_free(z->zones);
	ssd_destroy(z->ssd);
	env_free(z);
}

#define ZNS_SIZE_TEXT	24

/* "3M", "96K", or bytes: a size as the user would have written it. */
static const char *zns_size_text(s64 bytes, char *buf)
{
	if (bytes > 0 && !(bytes & ((1LL << 30) - 1)))
		env_snprintf(buf, ZNS_SIZE_TEXT, "%lldG", bytes >> 30);
	else if (bytes > 0 && !(bytes & ((1LL << 20) - 1)))
		env_snprintf(buf, ZNS_SIZE_TEXT, "%lldM", bytes >> 20);
	else if (bytes > 0 && !(bytes & ((1LL << 10) - 1)))
		env_snprintf(buf, ZNS_SIZE_TEXT, "%lldK", bytes >> 10);
	else
		env_snprintf(buf, ZNS_SIZE_TEXT, "%lld", bytes);
	return buf;
}

static u32 zns_log2(u64 v)
{
	u32 shift = 0;

	while (v >> (shift + 1))
		shift++;
	return shift;
}

static bool zns_power_of_two(u64 v)
{
	return v && !(v & (v - 1));
}

/*
 * Zone size and capacity from the parameters and the flash's line of
 * @line_bytes; false (and a logged line naming the parameter) if they
 * do not make a zoned namespace of @bytes.
 */
static bool zns_geometry(struct ftl_zns_config *cfg,
			 const struct ftl_params *p, u64 line_bytes)
{
	char a[ZNS_SIZE_TEXT], b[ZNS_SIZE_TEXT];
	s64 size = p->zone_size, cap = p->zone_capacity;

	if (size != FTL_PARAM_DEFAULT &&
	    (size <= 0 || !zns_power_of_two(size) ||
	     size < SSD_MAP_UNIT_BYTES || (u64)size > ZNS_MAX_ZONE_BYTES)) {
		env_err("zone_size=%s: must be a power of two, 4K..%s\n",
			zns_size_text(size, a),
			zns_size_text(ZNS_MAX_ZONE_BYTES, b));
		return false;
	}
	if (cap != FTL_PARAM_DEFAULT &&
	    (cap <= 0 || cap % SSD_MAP_UNIT_BYTES)) {
		env_err("zone_capacity=%s: must be a positive multiple of 4K\n",
			zns_size_text(cap, a));
		return false;
	}
	if (cap == FTL_PARAM_DEFAULT)
		cap = size == FTL_PARAM_DEFAULT ? (s64)line_bytes :
		      env_min(size, (s64)line_bytes);
	if (size == FTL_PARAM_DEFAULT) {
		size = 1LL << zns_log2(cap);
		if (size < cap)
			size <<= 1;
	}
	if (cap > size) {
		env_err("zone_capacity=%s: larger than zone_size=%s\n",
			zns_size_text(cap, a), zns_size_text(size, b));
		return false;
	}
	if ((u64)cap > p->capacity) {
		env_err("zone_capacity=%s: the namespace holds %llu bytes, not one zone\n",
			zns_size_text(cap, a), p->capacity);
		return false;
	}
	cfg->nr_zones = (u32)env_div64_u64(p->capacity, cap);
	if (cfg->nr_zones > ZNS_MAX_SPAN_BYTES >> zns_log2(size)) {
		env_err("zone_size=%s: %u zones of it span more than 2^%u bytes\n",
			zns_size_text(size, a), cfg->nr_zones,
			zns_log2(ZNS_MAX_SPAN_BYTES));
		return false;
	}
	cfg->zone_size = size;
	cfg->zone_capacity = cap;
	cfg->store_bytes = (u64)cfg->nr_zones * cap;
	return true;
}

/* The open and active limits: defaults within the zones, values checked. */
static bool zns_limits(struct ftl_zns_config *cfg, const struct ftl_params *p)
{
	u32 open = env_min((u32)ZNS_DEFAULT_MAX_OPEN_ZONES, cfg->nr_zones);
	u32 active = env_min((u32)ZNS_DEFAULT_MAX_ACTIVE_ZONES, cfg->nr_zones);
	bool open_set = p->max_open_zones != FTL_PARAM_DEFAULT;

	if (!ftl_param_override(&active, p->max_active_zones,
				"max_active_zones", 0, (int)cfg->nr_zones) ||
	    !ftl_param_override(&open, p->max_open_zones, "max_open_zones", 0,
				(int)cfg->nr_zones))
		return false;
	/* The spec wants no more open resources than active ones. */
	if (active && (!open || open > active)) {
		if (open_set) {
			env_err("max_open_zones=%d%s: more than max_active_zones=%u\n",
				p->max_open_zones, open ? "" : " (no limit)",
				active);
			return false;
		}
		open = active;
	}
	cfg->max_open = open;
	cfg->max_active = active;
	return true;
}

static bool zns_zrwa(struct ftl_zns_config *cfg, const struct ftl_params *p,
		     u64 pu_bytes)
{
	char a[ZNS_SIZE_TEXT], b[ZNS_SIZE_TEXT];

	cfg->zrwa_flush_granularity = pu_bytes;
	cfg->nr_zrwa = cfg->max_active ? cfg->max_active : cfg->nr_zones;
	if (p->zrwa == FTL_PARAM_DEFAULT || !p->zrwa)
		return true;
	if (p->zrwa < 0 || p->zrwa % pu_bytes ||
	    (u64)p->zrwa > cfg->zone_capacity) {
		env_err("zrwa=%s: must be a multiple of the program unit (%s, the flush granularity) up to zone_capacity\n",
			zns_size_text(p->zrwa, a),
			zns_size_text(pu_bytes, b));
		return false;
	}
	cfg->zrwa_size = p->zrwa;
	return true;
}

void *zns_create(const struct ftl_params *params)
{
	struct zns_ftl *z = env_zalloc(sizeof(*z));
	const struct ssd_geometry *g;
	u64 line_bytes, lines;
	u32 i;

	if (!z)
		return NULL;
	if (!ftl_params_without_fdp(params, zns_ftl_ops.name))
		goto fail;
	z->ssd = ssd_create_lines(params, 0, ZNS_MIN_LINES);
	if (!z->ssd)
		goto fail;
	g = &z->ssd->geo;
	line_bytes = (u64)g->units_per_line << SSD_MAP_UNIT_SHIFT;
	z->pu_bytes = (u64)g->units_per_pu << SSD_MAP_UNIT_SHIFT;
	if (!zns_geometry(&z->cfg, params, line_bytes) ||
	    !zns_limits(&z->cfg, params) ||
	    !zns_zrwa(&z->cfg, params, z->pu_bytes))
		goto fail;
	z->zone_shift = zns_log2(z->cfg.zone_size);
	z->lines_per_zone = (u32)env_div64_u64(z->cfg.zone_capacity +
					       line_bytes - 1, line_bytes);
	z->pus_per_zone = (u32)env_div64_u64(z->cfg.zone_capacity +
					     z->pu_bytes - 1, z->pu_bytes);
	/* No two zones share a block: more lines if zones leave some unused. */
	lines = (u64)z->cfg.nr_zones * z->lines_per_zone;
	if (lines > g->lines) {
		/* The same blocks again, with the extra lines as spares. */
		u64 spare = lines - env_div64_u64(params->capacity +
						  line_bytes - 1, line_bytes);
		char a[ZNS_SIZE_TEXT], b[ZNS_SIZE_TEXT];

		if (lines * g->units_per_line >= SSD_INVALID_PPN) {
			env_err("zone_capacity=%s: %u zones each on a line of %s are more flash than the model holds\n",
				zns_size_text(z->cfg.zone_capacity, a),
				z->cfg.nr_zones,
				zns_size_text(line_bytes, b));
			goto fail;
		}
		ssd_destroy(z->ssd);
		z->ssd = ssd_create_lines(params, (u32)spare, ZNS_MIN_LINES);
		if (!z->ssd)
			goto fail;
	}
	z->zones = env_zalloc(sizeof(*z->zones) * z->cfg.nr_zones);
	z->pu_done_ns = env_zalloc(sizeof(*z->pu_done_ns) * z->cfg.nr_zones *
				   z->pus_per_zone);
	if (!z->zones || !z->pu_done_ns)
		goto fail;
	for (i = 0; i < z->cfg.nr_zones; i++) {
		z->zones[i].state = ZNS_ZSE;
		z->zones[i].lru_prev = ZNS_NO_ZONE;
		z->zones[i].lru_next = ZNS_NO_ZONE;
	}
	z->cnt.in_state[ZNS_ZSE] = z->cfg.nr_zones;
	z->lru_head = ZNS_NO_ZONE;
	z->lru_tail = ZNS_NO_ZONE;
	return z;

fail:
	zns_destroy(z);
	return NULL;
}
