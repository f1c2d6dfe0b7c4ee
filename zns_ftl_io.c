// SPDX-License-Identifier: GPL-2.0
/*
 * The zoned FTL's reads and writes and their timing on the flash model
 * (the mapping and timing of zns_ftl.c's comment): the die and program
 * unit each piece of a zone goes to, programs through the write buffer,
 * erases, the checks a write or append must pass, and the generic submit
 * the tools drive the FTL with.
 */
#include "zns_ftl_int.h"

static u64 zns_units(u64 bytes)
{
	return (bytes + SSD_MAP_UNIT_BYTES - 1) >> SSD_MAP_UNIT_SHIFT;
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
void zns_program(struct zns_ftl *z, u32 zi, bool pad)
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
u64 zns_buffer(struct zns_ftl *z, struct zns_zone *zone, u64 to,
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
u64 zns_erase(struct zns_ftl *z, u32 zi, u64 ready_ns)
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

enum zns_result zns_io(void *ftl, struct zns_io *io)
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

/* ---- the generic interface, for the tools ---- */

/*
 * Reads and writes as zns_io() takes them (a write at the pointer of its
 * zone, or it is refused and counted); Flush waits for the programs in
 * flight; Deallocate does nothing, as the spec allows.
 */
u64 zns_submit(void *ftl, const struct ftl_io *fio)
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
