// SPDX-License-Identifier: GPL-2.0
/*
 * The zoned FTL (ftl=zns): the zone state machine of the NVMe Zoned
 * Namespace Command Set 1.1 and its timing on the flash model of ssd.h.
 *
 * Mapping.  A zone is striped over every die: by default it is exactly one
 * line of the flash model (a block on every plane of every die), so its
 * capacity is the flash's natural erase unit and need not be a power of
 * two; zone_size is the next power of two.  Large-zone drives (Western
 * Digital's ZN540) do the same, for two reasons that hold here too: one
 * zone written sequentially gets the whole drive's program bandwidth, which
 * is what zoned file systems need (they write a handful of zones at once),
 * and a zone is erased as a unit, so Reset needs no garbage collection and
 * leaves nothing valid behind.  Consecutive program units of a zone go to
 * consecutive dies, as they do in a conv line, but each zone starts on a
 * different die (ZNS_ZONE_DIE_STRIDE apart): zones written side by side at
 * the same pace would otherwise all program the same few dies at once
 * while the rest idle (on p4500, 8 zones at once got 70% of one zone's
 * bandwidth that way).  A zone_capacity set larger
 * than a line takes several whole lines, one set smaller leaves the rest of
 * its line unused; either way no two zones share a block.
 *
 * Timing.  Writes go through the write buffer exactly as conv's do: room is
 * reserved, the data crosses PCIe, and a program unit is programmed once the
 * write pointer has passed it, giving its room back when the program ends.
 * A zone's partly filled program unit stays in the (power-loss protected)
 * buffer until the zone fills or is finished, which programs it padded.
 * Reads sense and move what the zone holds below its write pointer; data
 * not yet on flash comes from the buffer, data never written reads as
 * zeroes without touching flash.  Reset erases the blocks the zone has
 * programmed, after the zone's last program.  There is no garbage
 * collection, so the flash programs exactly what the host wrote (plus the
 * padding of a finished zone's last unit): WAF is 1 by construction.
 *
 * ZRWA.  A zone opened with a Zone Random Write Area takes writes anywhere
 * in [wp, wp + zrwa) and, by an implicit flush, up to wp + 2 * zrwa.  The
 * area lives in the write buffer: data is committed (and programmed) only
 * when the write pointer passes it, by an explicit flush, an implicit one
 * (in flush-granularity steps, just enough for the write to end inside the
 * area), or a Finish.  Rewrites inside the area cost no flash.  The flush
 * granularity is a program unit, the least the flash commits.
 *
 * Choices the spec leaves open: the controller never finishes a zone on
 * its own (ZFC is never set) nor recommends resets or finishes: none of
 * its resources runs out with time.  Every active zone may hold a ZRWA
 * (NUMZRWA is MAR); Open allocates one to any zone it may open whose write
 * pointer is on a flush granule.  Close of an opened zone that was never
 * written makes it Closed, not Empty.
 *
 * Only the dispatcher thread calls the FTL, so it needs no locks.
 *
 * Files.  This one holds the zone state machine, Zone Management and the
 * ops; zns_ftl_io.c the mapping and timing above, for reads and writes;
 * zns_ftl_report.c Report Zones, the Changed Zone List, the data store's
 * layout and the statistics; zns_ftl_create.c the parameters' checks,
 * create and destroy.  zns_ftl_int.h is what they share.
 */
#include "zns_ftl_int.h"

static bool zns_is_open(u8 state)
{
	return state == ZNS_ZSIO || state == ZNS_ZSEO;
}

static bool zns_is_active(u8 state)
{
	return zns_is_open(state) || state == ZNS_ZSC;
}

/* ---- the implicitly opened zones, least recently written first ---- */

static void zns_lru_remove(struct zns_ftl *z, u32 zi)
{
	struct zns_zone *zone = &z->zones[zi];

	if (zone->lru_prev == ZNS_NO_ZONE)
		z->lru_head = zone->lru_next;
	else
		z->zones[zone->lru_prev].lru_next = zone->lru_next;
	if (zone->lru_next == ZNS_NO_ZONE)
		z->lru_tail = zone->lru_prev;
	else
		z->zones[zone->lru_next].lru_prev = zone->lru_prev;
	zone->lru_prev = ZNS_NO_ZONE;
	zone->lru_next = ZNS_NO_ZONE;
}

static void zns_lru_append(struct zns_ftl *z, u32 zi)
{
	struct zns_zone *zone = &z->zones[zi];

	zone->lru_prev = z->lru_tail;
	zone->lru_next = ZNS_NO_ZONE;
	if (z->lru_tail == ZNS_NO_ZONE)
		z->lru_head = zi;
	else
		z->zones[z->lru_tail].lru_next = zi;
	z->lru_tail = zi;
}

/* ---- the state machine ---- */

/* Gives up the open and active resources @zi holds, and its ZRWA. */
void zns_release(struct zns_ftl *z, u32 zi)
{
	struct zns_zone *zone = &z->zones[zi];

	if (zone->state == ZNS_ZSIO)
		zns_lru_remove(z, zi);
	if (zns_is_open(zone->state))
		z->cnt.open--;
	if (zns_is_active(zone->state))
		z->cnt.active--;
	if (zone->attrs & ZNS_ZA_ZRWAV) {
		zone->attrs &= ~ZNS_ZA_ZRWAV;
		z->cnt.zrwa--;
	}
}

static void zns_close_zone(struct zns_ftl *z, u32 zi)
{
	struct zns_zone *zone = &z->zones[zi];

	if (zone->state == ZNS_ZSIO)
		zns_lru_remove(z, zi);
	z->cnt.open--;
	zns_set_state(z, zone, ZNS_ZSC);
}

/*
 * Makes room for @zi, Empty or Closed, to open: an active resource if it
 * is Empty, an open one, closing the least recently written implicitly
 * opened zone if that is what it takes.
 */
static enum zns_result zns_acquire(struct zns_ftl *z, u32 zi)
{
	const struct ftl_zns_config *cfg = &z->cfg;

	if (z->zones[zi].state == ZNS_ZSE && cfg->max_active &&
	    z->cnt.active >= cfg->max_active)
		return ZNS_TOO_MANY_ACTIVE;
	if (cfg->max_open && z->cnt.open >= cfg->max_open) {
		if (z->lru_head == ZNS_NO_ZONE)
			return ZNS_TOO_MANY_OPEN;
		zns_close_zone(z, z->lru_head);
		z->cnt.implicit_closes++;
	}
	return ZNS_OK;
}

/* @zi, Empty or Closed and with room made, opens as @state. */
static void zns_open_zone(struct zns_ftl *z, u32 zi, u8 state)
{
	struct zns_zone *zone = &z->zones[zi];

	if (zone->state == ZNS_ZSE)
		z->cnt.active++;
	z->cnt.open++;
	zns_set_state(z, zone, state);
	if (state == ZNS_ZSIO) {
		zns_lru_append(z, zi);
		z->cnt.implicit_opens++;
	} else {
		z->cnt.explicit_opens++;
	}
}

/*
 * @zi becomes Full: what is buffered is committed and programmed (the last
 * unit padded) and its resources are given back.  Returns when the
 * programs end.
 */
static u64 zns_fill_up(struct zns_ftl *z, u32 zi, u64 ready_ns)
{
	struct zns_zone *zone = &z->zones[zi];

	zone->wp = zone->fill;
	zns_program(z, zi, true);
	zone->wp = z->cfg.zone_capacity;
	zone->fill = zone->wp;
	zns_release(z, zi);
	zns_set_state(z, zone, ZNS_ZSF);
	return env_max(ready_ns, zone->last_program_ns);
}

/* Moves the committed write pointer of @zi to @wp, filling it if at the end. */
void zns_commit(struct zns_ftl *z, u32 zi, u64 wp, u64 ready_ns)
{
	struct zns_zone *zone = &z->zones[zi];

	zone->wp = wp;
	if (wp == z->cfg.zone_capacity) {
		zns_fill_up(z, zi, ready_ns);
		z->cnt.fills++;
	} else {
		zns_program(z, zi, false);
	}
}

static u64 zns_reset_zone(struct zns_ftl *z, u32 zi, u64 ready_ns)
{
	struct zns_zone *zone = &z->zones[zi];
	u64 done;

	zns_release(z, zi);
	/* Data still in the buffer is dropped: its room is free now. */
	if (zone->buffered)
		ssd_buffer_release(z->ssd, zone->buffered, ready_ns);
	done = zns_erase(z, zi, ready_ns);
	zone->wp = 0;
	zone->fill = 0;
	zone->programmed = 0;
	zone->buffered = 0;
	zone->ready_ns = 0;
	zone->last_program_ns = 0;
	zone->attrs = 0;
	zns_set_state(z, zone, ZNS_ZSE);
	z->cnt.resets++;
	return done;
}

/* Opens @zi for a write if it is not open; bumps it in the LRU if it is. */
enum zns_result zns_open_for_write(struct zns_ftl *z, u32 zi)
{
	struct zns_zone *zone = &z->zones[zi];
	enum zns_result res;

	switch (zone->state) {
	case ZNS_ZSIO:
		if (z->lru_tail != zi) {
			zns_lru_remove(z, zi);
			zns_lru_append(z, zi);
		}
		return ZNS_OK;
	case ZNS_ZSE:
	case ZNS_ZSC:
		res = zns_acquire(z, zi);
		if (res == ZNS_OK)
			zns_open_zone(z, zi, ZNS_ZSIO);
		return res;
	default:
		return ZNS_OK;
	}
}

/*
 * Flush Explicit ZRWA Range: commit up to @end (bytes in the zone), in
 * whole flush granules (or up to the capacity).  Like a write, it opens a
 * closed zone.
 */
static enum zns_result zns_zrwa_flush(struct zns_ftl *z, u32 zi, u64 end,
				      u64 ready_ns)
{
	const struct ftl_zns_config *cfg = &z->cfg;
	struct zns_zone *zone = &z->zones[zi];
	enum zns_result res;

	if (!cfg->zrwa_size)
		return ZNS_INVALID_ZONE_OP;
	if (!(zone->attrs & ZNS_ZA_ZRWAV))
		return ZNS_INVALID_FIELD;
	if (end <= zone->wp || end > zone->wp + cfg->zrwa_size)
		return ZNS_BOUNDARY;
	if ((end - zone->wp) % cfg->zrwa_flush_granularity &&
	    end != cfg->zone_capacity)
		return ZNS_INVALID_FIELD;
	res = zns_open_for_write(z, zi);
	if (res != ZNS_OK)
		return res;
	zns_buffer(z, zone, end, ready_ns);
	zns_commit(z, zi, end, ready_ns);
	z->cnt.zrwa_flushes++;
	return ZNS_OK;
}

/*
 * Open Zone's ZRWA allocation, once the zone is open: it needs the write
 * pointer on a flush granule.  A zone that has one keeps it.
 */
static enum zns_result zns_zrwa_check(const struct zns_ftl *z, u32 zi)
{
	const struct zns_zone *zone = &z->zones[zi];

	if (!z->cfg.zrwa_size)
		return ZNS_INVALID_ZONE_OP;
	if (zone->state == ZNS_ZSF || zone->state == ZNS_ZSRO ||
	    zone->state == ZNS_ZSO)
		return ZNS_INVALID_TRANSITION;
	if (!(zone->attrs & ZNS_ZA_ZRWAV) &&
	    zone->wp % z->cfg.zrwa_flush_granularity)
		return ZNS_NO_ZRWA;
	return ZNS_OK;
}

static void zns_zrwa_allocate(struct zns_ftl *z, u32 zi)
{
	struct zns_zone *zone = &z->zones[zi];

	if (zone->attrs & ZNS_ZA_ZRWAV)
		return;
	zone->attrs |= ZNS_ZA_ZRWAV;
	z->cnt.zrwa++;
}

/* One action on one zone, not Select All; *@done_ns when it is over. */
static enum zns_result zns_act(struct zns_ftl *z, const struct zns_mgmt *m,
			       u32 zi, u64 ready_ns, u64 *done_ns)
{
	struct zns_zone *zone = &z->zones[zi];
	enum zns_result res;
	u8 state = zone->state;

	*done_ns = ready_ns;
	switch (m->action) {
	case ZNS_ACT_OPEN:
		res = m->zrwa ? zns_zrwa_check(z, zi) : ZNS_OK;
		if (res != ZNS_OK)
			return res;
		if (state == ZNS_ZSIO) {
			zns_lru_remove(z, zi);
			zns_set_state(z, zone, ZNS_ZSEO);
			z->cnt.explicit_opens++;
		} else if (state == ZNS_ZSE || state == ZNS_ZSC) {
			res = zns_acquire(z, zi);
			if (res != ZNS_OK)
				return res;
			zns_open_zone(z, zi, ZNS_ZSEO);
		} else if (state != ZNS_ZSEO) {
			return ZNS_INVALID_TRANSITION;
		}
		if (m->zrwa)
			zns_zrwa_allocate(z, zi);
		return ZNS_OK;
	case ZNS_ACT_CLOSE:
		if (state == ZNS_ZSC)
			return ZNS_OK;
		if (!zns_is_open(state))
			return ZNS_INVALID_TRANSITION;
		zns_close_zone(z, zi);
		z->cnt.closes++;
		return ZNS_OK;
	case ZNS_ACT_FINISH:
		if (state == ZNS_ZSF)
			return ZNS_OK;
		if (!zns_is_active(state) && state != ZNS_ZSE)
			return ZNS_INVALID_TRANSITION;
		*done_ns = zns_fill_up(z, zi, ready_ns);
		z->cnt.finishes++;
		return ZNS_OK;
	case ZNS_ACT_RESET:
		if (state == ZNS_ZSE)
			return ZNS_OK;
		if (!zns_is_active(state) && state != ZNS_ZSF)
			return ZNS_INVALID_TRANSITION;
		*done_ns = zns_reset_zone(z, zi, ready_ns);
		return ZNS_OK;
	case ZNS_ACT_OFFLINE:
		if (state == ZNS_ZSO)
			return ZNS_OK;
		if (state != ZNS_ZSRO)
			return ZNS_INVALID_TRANSITION;
		zns_set_state(z, zone, ZNS_ZSO);
		return ZNS_OK;
	case ZNS_ACT_ZRWA_FLUSH:
	default:
		return ZNS_INVALID_FIELD;
	}
}

/* Zones in these states take part in a Select All of @action. */
static bool zns_selected(enum zns_action action, u8 state)
{
	switch (action) {
	case ZNS_ACT_OPEN:
		return state == ZNS_ZSC;
	case ZNS_ACT_CLOSE:
		return zns_is_open(state);
	case ZNS_ACT_FINISH:
		return zns_is_active(state);
	case ZNS_ACT_RESET:
		return zns_is_active(state) || state == ZNS_ZSF;
	case ZNS_ACT_OFFLINE:
		return state == ZNS_ZSRO;
	default:
		return false;
	}
}

static enum zns_result zns_select_all(struct zns_ftl *z, struct zns_mgmt *m,
				      u64 ready_ns)
{
	u32 zi;

	switch (m->action) {
	case ZNS_ACT_OPEN:
	case ZNS_ACT_CLOSE:
	case ZNS_ACT_FINISH:
	case ZNS_ACT_RESET:
	case ZNS_ACT_OFFLINE:
		break;
	default:		/* ZRWA flushes name their zone */
		return ZNS_INVALID_FIELD;
	}
	if (m->zrwa)
		return ZNS_INVALID_FIELD;
	/* Opening every closed zone takes an open resource each, or none. */
	if (m->action == ZNS_ACT_OPEN && z->cfg.max_open &&
	    z->cnt.open + z->cnt.in_state[ZNS_ZSC] > z->cfg.max_open)
		return ZNS_TOO_MANY_OPEN;
	m->done_ns = ready_ns;
	for (zi = 0; zi < z->cfg.nr_zones; zi++) {
		u64 done;

		if (!zns_selected(m->action, z->zones[zi].state))
			continue;
		/* Every selected zone's transition is valid: no error. */
		zns_act(z, m, zi, ready_ns, &done);
		m->done_ns = env_max(m->done_ns, done);
	}
	return ZNS_OK;
}

static enum zns_result zns_manage(void *ftl, struct zns_mgmt *m)
{
	struct zns_ftl *z = ftl;
	u64 ns_bytes = (u64)z->cfg.nr_zones << z->zone_shift;
	u64 ready_ns = ssd_firmware(z->ssd, m->now_ns, false);
	enum zns_result res;
	u32 zi;

	m->done_ns = m->now_ns;
	if (m->select_all) {
		res = zns_select_all(z, m, ready_ns);
	} else if (m->action == ZNS_ACT_ZRWA_FLUSH) {
		if (!m->offset || m->offset > ns_bytes) {
			res = ZNS_LBA_RANGE;
		} else {
			zi = (u32)((m->offset - 1) >> z->zone_shift);
			res = zns_zrwa_flush(z, zi, m->offset -
					     zns_zone_start(z, zi), ready_ns);
			m->done_ns = ready_ns;
		}
	} else if (m->offset >= ns_bytes) {
		res = ZNS_LBA_RANGE;
	} else if (m->offset & (z->cfg.zone_size - 1)) {
		res = ZNS_INVALID_FIELD;	/* not a zone's start */
	} else {
		res = zns_act(z, m, (u32)(m->offset >> z->zone_shift),
			      ready_ns, &m->done_ns);
	}
	if (res != ZNS_OK) {
		m->done_ns = m->now_ns;
		z->cnt.rejected++;
	}
	return res;
}

static const struct ftl_zns_ops zns_ops = {
	.config = zns_config,
	.io = zns_io,
	.manage = zns_manage,
	.report = zns_report,
	.set_state = zns_set_state_by_controller,
	.changed_zones = zns_changed_zones,
	.store_offset = zns_store_offset,
};

const struct ftl_ops zns_ftl_ops = {
	.name = "zns",
	.zns = &zns_ops,
	.create = zns_create,
	.destroy = zns_destroy,
	.submit = zns_submit,
	.stats = zns_stats,
	.show = zns_show,
};
