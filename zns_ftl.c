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
 */
#include "zns_ftl.h"

#define ZNS_NO_ZONE	0xffffffffU

struct zns_zone {
	u8 state;		/* enum zns_state */
	u8 attrs;		/* ZNS_ZA_* */
	bool changed;		/* on the Changed Zone List */
	u64 wp;			/* bytes from the zone's start: committed */
	u64 fill;		/* bytes written: wp, or past it in the ZRWA */
	u32 programmed;		/* program units on flash */
	u32 buffered;		/* 4 KiB units held in the write buffer */
	u64 ready_ns;		/* the buffered data is at the controller */
	u64 last_program_ns;	/* the zone's last program ends */
	/* implicitly opened zones, least recently written first */
	u32 lru_prev;
	u32 lru_next;
};

struct zns_ftl {
	struct ssd *ssd;
	struct ftl_zns_config cfg;
	u32 zone_shift;
	u32 lines_per_zone;
	u64 pu_bytes;
	u32 pus_per_zone;	/* program units the capacity takes */
	struct zns_zone *zones;
	u64 *pu_done_ns;	/* zone * pus_per_zone + unit: on flash by */
	u32 lru_head;
	u32 lru_tail;
	struct zns_counters cnt;
	u32 changed[ZNS_CHANGED_ZONES_MAX];
	u32 nr_changed;
	bool changed_overflow;
	struct ftl_stats stats;
};

static u64 zns_units(u64 bytes)
{
	return (bytes + SSD_MAP_UNIT_BYTES - 1) >> SSD_MAP_UNIT_SHIFT;
}

static u64 zns_zone_start(const struct zns_ftl *z, u32 zone)
{
	return (u64)zone << z->zone_shift;
}

static bool zns_is_open(u8 state)
{
	return state == ZNS_ZSIO || state == ZNS_ZSEO;
}

static bool zns_is_active(u8 state)
{
	return zns_is_open(state) || state == ZNS_ZSC;
}

static void zns_set_state(struct zns_ftl *z, struct zns_zone *zone, u8 state)
{
	z->cnt.in_state[zone->state]--;
	z->cnt.in_state[state]++;
	zone->state = state;
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

/* ---- flash ---- */

/* The die that program unit @k of zone @zi (in its line) goes to. */
static u32 zns_die(const struct zns_ftl *z, u32 zi, u64 k)
{
	const struct ssd_geometry *g = &z->ssd->geo;

	return (u32)((k + (u64)zi * ZNS_ZONE_DIE_STRIDE) % g->dies);
}

/* Program unit @k of zone @zi, counted over the whole device. */
static u64 zns_pu(const struct zns_ftl *z, u32 zi, u32 k)
{
	const struct ssd_geometry *g = &z->ssd->geo;
	u64 line = (u64)zi * z->lines_per_zone + k / g->pus_per_line;
	u32 in_line = k % g->pus_per_line;

	return line * g->pus_per_line + (u64)(in_line / g->dies) * g->dies +
	       zns_die(z, zi, in_line);
}

/*
 * Programs the units of @zi the write pointer has passed; with @pad, the
 * partly filled last one too.
 */
static void zns_program(struct zns_ftl *z, u32 zi, bool pad)
{
	struct zns_zone *zone = &z->zones[zi];
	const struct ssd_geometry *g = &z->ssd->geo;
	u64 end = pad ? (zone->wp + z->pu_bytes - 1) / z->pu_bytes :
		  zone->wp / z->pu_bytes;

	while (zone->programmed < end) {
		u32 k = zone->programmed++;
		u64 done = ssd_nand_program(z->ssd, zns_pu(z, zi, k),
					    zone->ready_ns);
		u32 units = env_min(g->units_per_pu, zone->buffered);

		z->pu_done_ns[(u64)zi * z->pus_per_zone + k] = done;
		if (units)
			ssd_buffer_release(z->ssd, units, done);
		zone->buffered -= units;
		z->cnt.pad_units += g->units_per_pu - units;
		z->stats.nand_write_units += g->units_per_pu;
		zone->last_program_ns = env_max(zone->last_program_ns, done);
	}
}

/*
 * Holds the zone's data up to @to in the buffer: room for the units it
 * newly touches, reserved once @ready_ns; returns when there is room.
 */
static u64 zns_buffer(struct zns_ftl *z, struct zns_zone *zone, u64 to,
		      u64 ready_ns)
{
	u32 units;

	if (to <= zone->fill)
		return ready_ns;
	units = (u32)(zns_units(to) - zns_units(zone->fill));
	zone->fill = to;
	if (!units)
		return ready_ns;
	zone->buffered += units;
	return ssd_buffer_reserve(z->ssd, units, ready_ns);
}

/* Erases every block @zi has programmed, once its programs are over. */
static u64 zns_erase(struct zns_ftl *z, u32 zi, u64 ready_ns)
{
	const struct ssd_geometry *g = &z->ssd->geo;
	struct zns_zone *zone = &z->zones[zi];
	u64 start = env_max(ready_ns, zone->last_program_ns), done = ready_ns;
	u32 line, die;

	for (line = 0; line < z->lines_per_zone; line++) {
		u64 first = (u64)line * g->pus_per_line;
		u32 dies;

		if (zone->programmed <= first)
			break;
		dies = (u32)env_min((u64)g->dies, zone->programmed - first);
		for (die = 0; die < dies; die++)
			done = env_max(done,
				       ssd_nand_erase(z->ssd,
						      zns_die(z, zi, die),
						      start));
		z->stats.erases += (u64)dies * g->planes_per_die;
		z->stats.erased_bytes += (u64)dies * g->pages_per_block *
					 g->units_per_pu << SSD_MAP_UNIT_SHIFT;
	}
	return done;
}

/* ---- the state machine ---- */

/* Gives up the open and active resources @zi holds, and its ZRWA. */
static void zns_release(struct zns_ftl *z, u32 zi)
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
static void zns_commit(struct zns_ftl *z, u32 zi, u64 wp, u64 ready_ns)
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
static enum zns_result zns_open_for_write(struct zns_ftl *z, u32 zi)
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

/* ---- reads and writes ---- */

/* Checks a write (or append) to @zi; *@start is where it goes. */
static enum zns_result zns_check_write(struct zns_ftl *z, u32 zi,
				       const struct zns_io *io, u64 *start)
{
	const struct ftl_zns_config *cfg = &z->cfg;
	struct zns_zone *zone = &z->zones[zi];
	u64 rel = io->offset - zns_zone_start(z, zi);
	bool zrwa = zone->attrs & ZNS_ZA_ZRWAV;

	switch (zone->state) {
	case ZNS_ZSF:
		return ZNS_FULL;
	case ZNS_ZSRO:
		return ZNS_READ_ONLY;
	case ZNS_ZSO:
		return ZNS_OFFLINE;
	default:
		break;
	}
	if (io->append) {
		if (rel)
			return ZNS_INVALID_FIELD;
		if (zrwa)
			return ZNS_INVALID_ZONE_OP;
		rel = zone->wp;
	} else if (rel < zone->wp || (!zrwa && rel != zone->wp)) {
		return ZNS_INVALID_WRITE;
	}
	if (rel + io->length > cfg->zone_capacity)
		return ZNS_BOUNDARY;
	if (zrwa && rel + io->length > zone->wp + 2 * cfg->zrwa_size)
		return ZNS_INVALID_WRITE;
	*start = rel;
	return ZNS_OK;
}

static enum zns_result zns_write(struct zns_ftl *z, u32 zi, struct zns_io *io)
{
	const struct ftl_zns_config *cfg = &z->cfg;
	struct zns_zone *zone = &z->zones[zi];
	u64 start = 0, pos, end, ready_ns, wp;
	enum zns_result res;

	res = zns_check_write(z, zi, io, &start);
	if (res == ZNS_OK)
		res = zns_open_for_write(z, zi);
	if (res != ZNS_OK)
		return res;
	io->written_at = zns_zone_start(z, zi) + start;
	ready_ns = ssd_firmware(z->ssd, io->now_ns, true);
	end = start + io->length;
	/* A program unit at a time, so any write fits the buffer. */
	for (pos = start; pos < end; ) {
		u64 stop = env_min(end, (pos / z->pu_bytes + 1) * z->pu_bytes);
		u64 room_ns = zns_buffer(z, zone, stop, ready_ns);

		ready_ns = io->internal ? room_ns :
			   ssd_pcie_to_device(z->ssd, room_ns, stop - pos);
		zone->ready_ns = env_max(zone->ready_ns, ready_ns);
		if (!(zone->attrs & ZNS_ZA_ZRWAV))
			zns_commit(z, zi, stop, ready_ns);
		pos = stop;
	}
	if (zone->attrs & ZNS_ZA_ZRWAV && end > zone->wp + cfg->zrwa_size) {
		/* Implicit flush: just enough for the write to end in it. */
		wp = end - cfg->zrwa_size;
		wp = env_min(cfg->zone_capacity,
			     (wp + cfg->zrwa_flush_granularity - 1) /
			     cfg->zrwa_flush_granularity *
			     cfg->zrwa_flush_granularity);
		zns_commit(z, zi, wp, ready_ns);
		z->cnt.zrwa_implicit_flushes++;
	}
	z->stats.host_write_units += zns_units(end) -
				     (start >> SSD_MAP_UNIT_SHIFT);
	io->done_ns = ready_ns + z->ssd->prof.fw_write_latency_ns;
	return ZNS_OK;
}

/* Senses what [@from, @to) of @zi has on flash by @fw_ns; returns when read. */
static u64 zns_read_zone(struct zns_ftl *z, u32 zi, u64 from, u64 to,
			 u64 fw_ns)
{
	const struct zns_zone *zone = &z->zones[zi];
	u64 ready_ns = fw_ns, k, pu_first;

	to = env_min(to, zone->fill);
	for (k = from / z->pu_bytes; from < to; k++) {
		u64 stop = env_min(to, (k + 1) * z->pu_bytes);
		u64 units;

		pu_first = from;
		from = stop;
		/* Not yet (or never) on flash: served from the buffer. */
		if (k >= zone->programmed ||
		    z->pu_done_ns[(u64)zi * z->pus_per_zone + k] > fw_ns)
			continue;
		units = zns_units(stop) - (pu_first >> SSD_MAP_UNIT_SHIFT);
		ready_ns = env_max(ready_ns,
				   ssd_nand_read(z->ssd, zns_pu(z, zi, (u32)k),
						 (u32)units, fw_ns));
	}
	return ready_ns;
}

static enum zns_result zns_read(struct zns_ftl *z, struct zns_io *io)
{
	u64 fw_ns, ready_ns, pos = io->offset, end = io->offset + io->length;
	u32 zi;

	for (zi = (u32)(pos >> z->zone_shift);
	     zns_zone_start(z, zi) < end; zi++)
		if (z->zones[zi].state == ZNS_ZSO)
			return ZNS_OFFLINE;
	fw_ns = ssd_firmware(z->ssd, io->now_ns, false);
	ready_ns = fw_ns;
	for (zi = (u32)(pos >> z->zone_shift); pos < end; zi++) {
		u64 base = zns_zone_start(z, zi);
		u64 stop = env_min(end, base + z->cfg.zone_size);

		ready_ns = env_max(ready_ns, zns_read_zone(z, zi, pos - base,
							   stop - base, fw_ns));
		pos = stop;
	}
	io->done_ns = io->internal ? ready_ns :
		      ssd_pcie_to_host(z->ssd, ready_ns, io->length);
	return ZNS_OK;
}

static enum zns_result zns_io(void *ftl, struct zns_io *io)
{
	struct zns_ftl *z = ftl;
	u64 ns_bytes = (u64)z->cfg.nr_zones << z->zone_shift;
	enum zns_result res;

	io->done_ns = io->now_ns;
	if (!io->length)
		res = ZNS_INVALID_FIELD;
	else if (io->offset >= ns_bytes || io->length > ns_bytes - io->offset)
		res = ZNS_LBA_RANGE;
	else if (!io->write)
		res = zns_read(z, io);
	else
		res = zns_write(z, (u32)(io->offset >> z->zone_shift), io);
	if (res != ZNS_OK)
		z->cnt.rejected++;
	return res;
}

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

static enum zns_result zns_report(void *ftl, struct zns_report *r)
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

static enum zns_result zns_set_state_by_controller(void *ftl, u32 zi,
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

static u32 zns_changed_zones(void *ftl, u32 *zones, bool *overflow,
			     bool clear)
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

static u64 zns_store_offset(void *ftl, u64 offset, u64 *contiguous)
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

static void zns_config(void *ftl, struct ftl_zns_config *cfg)
{
	*cfg = ((struct zns_ftl *)ftl)->cfg;
}

/* ---- the generic interface, for the tools ---- */

/*
 * Reads and writes as zns_io() takes them (a write at the pointer of its
 * zone, or it is refused and counted); Flush waits for the programs in
 * flight; Deallocate does nothing, as the spec allows.
 */
static u64 zns_submit(void *ftl, const struct ftl_io *fio)
{
	struct zns_ftl *z = ftl;
	struct zns_io io = {
		.write = fio->op == FTL_OP_WRITE ||
			 fio->op == FTL_OP_WRITE_ZEROES,
		.internal = fio->internal,
		.offset = fio->offset,
		.length = fio->length,
		.now_ns = fio->now_ns,
	};
	u64 fw_ns;

	switch (fio->op) {
	case FTL_OP_READ:
	case FTL_OP_WRITE:
	case FTL_OP_WRITE_ZEROES:
		zns_io(z, &io);
		return io.done_ns;
	case FTL_OP_FLUSH:
		fw_ns = ssd_firmware(z->ssd, fio->now_ns, true);
		return env_max(fw_ns, z->ssd->buf_drained_ns);
	case FTL_OP_TRIM:
	default:
		return ssd_firmware(z->ssd, fio->now_ns, true);
	}
}

/* ---- life cycle ---- */

static void zns_destroy(void *ftl)
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

static void *zns_create(const struct ftl_params *params)
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

/* ---- statistics ---- */

void zns_ftl_counters(void *ftl, struct zns_counters *c)
{
	*c = ((struct zns_ftl *)ftl)->cnt;
}

static void zns_stats(void *ftl, struct ftl_stats *stats)
{
	struct zns_ftl *z = ftl;
	u32 used = z->cfg.nr_zones - z->cnt.in_state[ZNS_ZSE];

	*stats = z->stats;
	stats->total_lines = z->ssd->geo.lines;
	stats->free_lines = z->ssd->geo.lines - used * z->lines_per_zone;
}

#define PERMILLE	1000

static int zns_show(void *ftl, u64 now_ns, char *buf, size_t size)
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

#ifdef NVMEV_USERSPACE
struct ssd *zns_ftl_ssd(void *ftl)
{
	return ((struct zns_ftl *)ftl)->ssd;
}
#endif
