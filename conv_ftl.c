// SPDX-License-Identifier: GPL-2.0
/*
 * The conventional FTL: page-level mapping over the flash model of ssd.h,
 * greedy garbage collection, and a DRAM write buffer.
 *
 * The map is in 4 KiB units unless it would not fit the memory the kernel
 * offers (params->mem_budget) or map_unit_kib asks otherwise: then in
 * coarser units, up to a flash page, as drives with large indirection
 * units do.  A write that covers part of a unit then costs what it costs
 * them: the unit is read, merged and programmed whole.
 *
 * Writes are staged in the write buffer and complete once their data is
 * there; a program unit is booked on its die as soon as it fills, and its
 * buffer space comes back when that program ends, so a host that writes
 * faster than the flash programs is slowed down by a full buffer, not by a
 * made-up delay.  Garbage collection books its reads, programs and erases
 * on the same dies and channels, which is how it shows in host latency.
 *
 * One FTL instance serves the whole namespace, and only the dispatcher
 * thread calls it, so it needs no locks.  It is deliberately not split into
 * one partition per worker (as NVMeVirt does): partitions would each see a
 * fraction of the dies and their own GC, which changes both the parallelism
 * a single stream gets and the write amplification, and the dispatcher has
 * time to spare: a 4 KiB command costs a few hundred instructions here.
 *
 * The same code is the FDP FTL (ftl=fdp): data is written through
 * streams, one write point each.  Plain conv has one host stream and one
 * for GC.  FDP has a host stream per reclaim unit handle in every reclaim
 * group, whose open line is the handle's reclaim unit; GC keeps a stream
 * per group for initially isolated data and one per persistently
 * isolated handle, so relocated data never leaves its group and
 * persistently isolated handles never share a line.  Victims are whole
 * lines, i.e. reclaim units, chosen greedily across the groups.
 *
 * The state is in conv_ftl_int.h; conv_ftl_create.c makes, sizes and
 * reports the FTL; conv_ftl_whitebox.c lets the unit tests look inside.
 */
#include "conv_ftl_int.h"

/* A program unit whose data is still in the controller, not on flash. */
#define CONV_NOT_PROGRAMMED	((u64)-1)

/* The host stream of handle @ruh in reclaim group @rg. */
static struct conv_write_point *conv_host_wp(struct conv_ftl *c, u32 rg,
					     u32 ruh)
{
	return &c->wps[rg * c->fdp_cfg.nr_ruhs + ruh];
}

/*
 * Where GC moves the data of a line that @stream filled: GC lines stay in
 * their stream; host data goes to its group's shared GC stream, unless its
 * handle is persistently isolated and has a GC stream of its own.
 */
static struct conv_write_point *conv_gc_wp(struct conv_ftl *c, u32 stream)
{
	const struct ftl_fdp_config *cfg = &c->fdp_cfg;
	u32 rg, ruh, slot = 0;

	if (stream >= c->nr_host_wps)
		return &c->wps[stream];
	rg = stream / cfg->nr_ruhs;
	ruh = stream % cfg->nr_ruhs;
	if (ftl_fdp_ruh_persistent(cfg, ruh))
		slot = 1 + ruh - (cfg->nr_ruhs - cfg->nr_persistent);
	return &c->wps[c->nr_host_wps + rg * conv_gc_wps_per_rg(cfg) + slot];
}

/* ---- the victim heap: greedy GC takes the line with fewest valid ---- */

static void victim_swap(struct conv_ftl *c, u32 a, u32 b)
{
	u32 t = c->victims[a];

	c->victims[a] = c->victims[b];
	c->victims[b] = t;
	c->lines[c->victims[a]].heap_pos = a;
	c->lines[c->victims[b]].heap_pos = b;
}

static void victim_up(struct conv_ftl *c, u32 i)
{
	while (i && victim_less(c, i, (i - 1) / 2)) {
		victim_swap(c, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
}

static void victim_down(struct conv_ftl *c, u32 i)
{
	for (;;) {
		u32 l = 2 * i + 1, r = l + 1, min = i;

		if (l < c->nr_victims && victim_less(c, l, min))
			min = l;
		if (r < c->nr_victims && victim_less(c, r, min))
			min = r;
		if (min == i)
			return;
		victim_swap(c, i, min);
		i = min;
	}
}

void victim_push(struct conv_ftl *c, u32 line)
{
	u32 i = c->nr_victims++;

	c->victims[i] = line;
	c->lines[line].heap_pos = i;
	victim_up(c, i);
}

static u32 victim_pop(struct conv_ftl *c)
{
	u32 line = c->victims[0];

	c->nr_victims--;
	if (c->nr_victims) {
		victim_swap(c, 0, c->nr_victims);
		victim_down(c, 0);
	}
	return line;
}

/* ---- when each program unit's data is on flash ---- */

/*
 * Only the lines being filled, or just filled, can hold data that is not
 * on flash yet, and a completion time per program unit of the whole flash
 * would cost 8 bytes per 16 KiB (575 MiB for 1 TiB of p4500).  So a line
 * takes a slot of per-unit times when it opens, and keeps it until a line
 * that opens later needs one: the slot of the line whose programs ended
 * first goes.  A line without a slot answers with its last program's end,
 * which is exact once that is over, and otherwise errs towards data still
 * in the controller.  There are twice as many slots as write points, or
 * more for short lines, to cover CONV_SLOT_PUS program units, so that
 * happens only when more lines than that program at once.
 */
#define CONV_SLOT_PUS	65536
u32 conv_nr_slots(const struct ssd_geometry *g, u32 nr_wps)
{
	u32 slots = env_max(2 * nr_wps, CONV_SLOT_PUS / g->pus_per_line);

	return env_min(slots, g->lines);
}

static void conv_take_slot(struct conv_ftl *c, u32 line)
{
	u32 s, best = CONV_NO_SLOT;

	for (s = 0; s < c->nr_slots; s++) {
		u32 owner = c->slot_line[s];

		if (owner == CONV_NO_SLOT) {
			best = s;
			break;
		}
		if (c->lines[owner].state == LINE_OPEN)
			continue;
		if (best == CONV_NO_SLOT ||
		    c->lines[owner].last_done_ns <
		    c->lines[c->slot_line[best]].last_done_ns)
			best = s;
	}
	/* More slots than write points: one is never open. */
	if (c->slot_line[best] != CONV_NO_SLOT)
		c->lines[c->slot_line[best]].done_slot = CONV_NO_SLOT;
	c->slot_line[best] = line;
	c->lines[line].done_slot = best;
}

static void conv_drop_slot(struct conv_ftl *c, u32 line)
{
	struct conv_line *l = &c->lines[line];

	if (l->done_slot != CONV_NO_SLOT)
		c->slot_line[l->done_slot] = CONV_NO_SLOT;
	l->done_slot = CONV_NO_SLOT;
	l->last_done_ns = 0;
}

/* Program unit @pu's data is on flash at @done_ns (or not programmed). */
static void conv_set_pu_done(struct conv_ftl *c, u64 pu, u64 done_ns)
{
	const struct ssd_geometry *g = &c->ssd->geo;
	struct conv_line *l = &c->lines[pu / g->pus_per_line];

	if (l->done_slot != CONV_NO_SLOT)
		c->slot_done_ns[(u64)l->done_slot * g->pus_per_line +
				pu % g->pus_per_line] = done_ns;
	if (done_ns != CONV_NOT_PROGRAMMED)
		l->last_done_ns = env_max(l->last_done_ns, done_ns);
}

static u64 conv_pu_done(const struct conv_ftl *c, u64 pu)
{
	const struct ssd_geometry *g = &c->ssd->geo;
	const struct conv_line *l = &c->lines[pu / g->pus_per_line];

	if (l->done_slot == CONV_NO_SLOT)
		return l->last_done_ns;
	return c->slot_done_ns[(u64)l->done_slot * g->pus_per_line +
			       pu % g->pus_per_line];
}

/* ---- mapping ---- */

/* 4 KiB units (the unit of the counters) in @units mapping units. */
u64 conv_4k_units(const struct conv_ftl *c, u64 units)
{
	return units << (c->ssd->geo.unit_shift - SSD_MAP_UNIT_SHIFT);
}

static void conv_invalidate(struct conv_ftl *c, u32 ppn)
{
	struct conv_line *line = &c->lines[ssd_ppn_line(c->ssd, ppn)];

	c->rmap[ppn] = SSD_INVALID_PPN;
	line->valid--;
	if (line->state == LINE_FULL)
		victim_up(c, line->heap_pos);
}

static void conv_unmap(struct conv_ftl *c, u32 lpn)
{
	if (c->l2p[lpn] != SSD_INVALID_PPN) {
		conv_invalidate(c, c->l2p[lpn]);
		c->l2p[lpn] = SSD_INVALID_PPN;
	}
}

static bool conv_gc_one(struct conv_ftl *c, u64 now_ns);

/* Opens a free line for @wp; a host write point collects garbage first. */
static bool conv_open_line(struct conv_ftl *c, struct conv_write_point *wp,
			   u64 now_ns)
{
	if (wp->host)
		while (c->nr_free <= GC_FG_FREE_LINES && conv_gc_one(c, now_ns))
			;
	/* GC_SPARE_LINES makes this unreachable; refuse rather than crash. */
	if (!c->nr_free) {
		env_err("conv: no free line; the write is not mapped\n");
		return false;
	}
	wp->line = c->free_lines[--c->nr_free];
	wp->next = 0;
	wp->open = true;
	conv_take_slot(c, wp->line);
	c->lines[wp->line].state = LINE_OPEN;
	c->lines[wp->line].stream = (u16)(wp - c->wps);
	return true;
}

/* The line of @wp becomes a GC candidate; @wp opens another when next used. */
static void conv_close_line(struct conv_ftl *c, struct conv_write_point *wp)
{
	wp->open = false;
	c->lines[wp->line].state = LINE_FULL;
	victim_push(c, wp->line);
}

/*
 * Programs the unit @wp is filling and moves on to the next one; returns
 * when the program ends.
 */
static u64 conv_program(struct conv_ftl *c, struct conv_write_point *wp)
{
	const struct ssd_geometry *g = &c->ssd->geo;
	u64 ppn = (u64)wp->line * g->units_per_line + wp->next - 1;
	u64 pu = ssd_ppn_pu(c->ssd, ppn);
	u64 done = ssd_nand_program(c->ssd, pu, wp->pu_ready_ns);

	conv_set_pu_done(c, pu, done);
	if (wp->host)
		ssd_buffer_release(c->ssd, wp->pu_fill, done);
	c->stats.nand_write_units += conv_4k_units(c, g->units_per_pu);
	wp->pu_fill = 0;
	wp->pu_ready_ns = 0;
	if (wp->next == g->units_per_line)
		conv_close_line(c, wp);
	return done;
}

/*
 * Maps @lpn to the next unit of @wp, its data at the controller by
 * @ready_ns; programs the unit once it is full.
 */
static void conv_place(struct conv_ftl *c, struct conv_write_point *wp,
		       u32 lpn, u64 ready_ns, u64 now_ns)
{
	const struct ssd_geometry *g = &c->ssd->geo;
	u32 ppn;

	if (!wp->open && !conv_open_line(c, wp, now_ns))
		return;
	ppn = wp->line * g->units_per_line + wp->next++;
	c->l2p[lpn] = ppn;
	c->rmap[ppn] = lpn;
	c->lines[wp->line].valid++;
	if (!wp->pu_fill++)
		conv_set_pu_done(c, ssd_ppn_pu(c->ssd, ppn),
				 CONV_NOT_PROGRAMMED);
	wp->pu_ready_ns = env_max(wp->pu_ready_ns, ready_ns);
	if (wp->next % g->units_per_pu == 0)
		conv_program(c, wp);
}

/* ---- garbage collection ---- */

/*
 * Keeps what GC moved out of a line a host handle filled, for the Media
 * Reallocated events; when nobody takes them the oldest are dropped.
 */
static void conv_note_relocation(struct conv_ftl *c, u32 stream,
				 struct ftl_relocation *moved)
{
	u32 tail = (c->reloc_head + c->reloc_len) % CONV_RELOCATIONS_KEPT;

	if (stream >= c->nr_host_wps)
		return;		/* GC's own line: no handle wrote it */
	moved->rg = (u16)(stream / c->fdp_cfg.nr_ruhs);
	moved->ruh = (u16)(stream % c->fdp_cfg.nr_ruhs);
	c->relocations[tail] = *moved;
	if (c->reloc_len < CONV_RELOCATIONS_KEPT)
		c->reloc_len++;
	else
		c->reloc_head = (c->reloc_head + 1) % CONV_RELOCATIONS_KEPT;
}

/*
 * Collects the line with the fewest valid units, starting at @now_ns:
 * reads what is valid, programs it through the GC write point, erases the
 * blocks.  False when no line has anything to reclaim.
 */
static bool conv_gc_one(struct conv_ftl *c, u64 now_ns)
{
	const struct ssd_geometry *g = &c->ssd->geo;
	struct conv_write_point *dest;
	struct ftl_relocation moved = { 0 };
	u32 victim, pu, die;
	u64 base;

	if (!c->nr_victims ||
	    c->lines[c->victims[0]].valid == g->units_per_line)
		return false;
	victim = victim_pop(c);
	c->lines[victim].state = LINE_COLLECTING;
	dest = conv_gc_wp(c, c->lines[victim].stream);
	base = (u64)victim * g->units_per_line;
	for (pu = 0; pu < g->pus_per_line && c->lines[victim].valid; pu++) {
		u64 first = base + (u64)pu * g->units_per_pu;
		u32 u, valid = 0;
		u64 read_ns;

		for (u = 0; u < g->units_per_pu; u++)
			valid += c->rmap[first + u] != SSD_INVALID_PPN;
		if (!valid)
			continue;
		read_ns = ssd_nand_read(c->ssd, ssd_ppn_pu(c->ssd, first),
					valid, now_ns);
		die = ssd_pu_die(c->ssd, ssd_ppn_pu(c->ssd, first));
		c->gc_read_ns[die] = env_max(c->gc_read_ns[die], read_ns);
		for (u = 0; u < g->units_per_pu; u++) {
			u32 lpn = c->rmap[first + u];

			if (lpn == SSD_INVALID_PPN)
				continue;
			conv_invalidate(c, (u32)(first + u));
			conv_place(c, dest, lpn, read_ns, now_ns);
			c->stats.gc_copied_units += conv_4k_units(c, 1);
			if (!moved.units)
				moved.example_offset = (u64)lpn <<
						       g->unit_shift;
			moved.units += (u32)conv_4k_units(c, 1);
		}
	}
	if (c->fdp && moved.units)
		conv_note_relocation(c, c->lines[victim].stream, &moved);
	/* A block is erased only once what was valid in it is read out. */
	for (die = 0; die < g->dies; die++) {
		ssd_nand_erase(c->ssd, die, env_max(now_ns, c->gc_read_ns[die]));
		c->gc_read_ns[die] = 0;
	}
	c->stats.erases += (u64)g->dies * g->planes_per_die;
	c->stats.erased_bytes += (u64)g->units_per_line << g->unit_shift;
	c->stats.gc_runs++;
	conv_drop_slot(c, victim);
	c->lines[victim].state = LINE_FREE;
	c->free_lines[c->nr_free++] = victim;
	return true;
}

/* Collects garbage in the idle time before @now_ns, if lines run short. */
static void conv_gc_background(struct conv_ftl *c, u64 now_ns)
{
	u64 start = c->ssd->dies_idle_ns + GC_BG_IDLE_NS;

	/* Once started, it goes on from line to line while the host is away. */
	while (c->nr_free < GC_BG_FREE_LINES && start < now_ns &&
	       conv_gc_one(c, start))
		start = c->ssd->dies_idle_ns;
}

/* ---- commands ---- */

/*
 * A command on the 4 KiB grid: the flash FTLs never did charge a 512-byte
 * write a read, so a partial unit is one that the command's 4 KiB units
 * cover only in part.
 */
struct conv_span {
	u64 start;		/* 4 KiB aligned, bytes */
	u64 end;
	u32 first;		/* the mapping units it touches */
	u32 units;
};

static struct conv_span conv_span_of(const struct conv_ftl *c,
				     const struct ftl_io *io)
{
	u32 shift = c->ssd->geo.unit_shift;
	struct conv_span sp;
	u64 last;

	sp.start = io->offset & ~((u64)SSD_MAP_UNIT_BYTES - 1);
	sp.end = (io->offset + io->length + SSD_MAP_UNIT_BYTES - 1) &
		 ~((u64)SSD_MAP_UNIT_BYTES - 1);
	sp.first = (u32)(sp.start >> shift);
	last = (sp.end + (1ULL << shift) - 1) >> shift;
	sp.units = (u32)(last - sp.first);
	return sp;
}

/* The bytes of @sp in mapping unit @lpn. */
static u64 conv_span_bytes(const struct conv_ftl *c,
			   const struct conv_span *sp, u32 lpn)
{
	u32 shift = c->ssd->geo.unit_shift;
	u64 start = (u64)lpn << shift, end = start + (1ULL << shift);

	return env_min(end, sp->end) - env_max(start, sp->start);
}

/* @internal: the data stays in the device, nothing crosses PCIe. */
static u64 conv_read(struct conv_ftl *c, const struct ftl_io *io)
{
	struct conv_span sp = conv_span_of(c, io);
	u64 fw_ns = ssd_firmware(c->ssd, io->now_ns, false);
	u64 ready_ns = fw_ns, pu = 0, pending = 0;
	u32 i;

	for (i = 0; i < sp.units; i++) {
		u32 ppn = c->l2p[sp.first + i];
		u64 this_pu;

		/* Unmapped units read as zeroes without touching flash. */
		if (ppn == SSD_INVALID_PPN)
			continue;
		this_pu = ssd_ppn_pu(c->ssd, ppn);
		/* Data not yet programmed is served from the buffer. */
		if (conv_pu_done(c, this_pu) > fw_ns)
			continue;
		if (pending && this_pu == pu) {
			pending += conv_span_bytes(c, &sp, sp.first + i);
			continue;
		}
		if (pending)
			ready_ns = env_max(ready_ns,
					   ssd_nand_read_bytes(c->ssd, pu,
							       pending, fw_ns));
		pu = this_pu;
		pending = conv_span_bytes(c, &sp, sp.first + i);
	}
	if (pending)
		ready_ns = env_max(ready_ns,
				   ssd_nand_read_bytes(c->ssd, pu, pending,
						       fw_ns));
	if (io->internal)
		return ready_ns;
	return ssd_pcie_to_host(c->ssd, ready_ns, io->length);
}

/*
 * When the old data of unit @lpn, which a write covers in part, is at the
 * controller to be merged with it: read from flash if it is there.
 */
static u64 conv_merge_read(struct conv_ftl *c, const struct conv_span *sp,
			   u32 lpn, u64 fw_ns)
{
	u32 ppn = c->l2p[lpn];
	u64 pu;

	if (conv_span_bytes(c, sp, lpn) == 1ULL << c->ssd->geo.unit_shift ||
	    ppn == SSD_INVALID_PPN)
		return fw_ns;
	pu = ssd_ppn_pu(c->ssd, ppn);
	if (conv_pu_done(c, pu) > fw_ns)
		return fw_ns;
	c->merge_reads++;
	return ssd_nand_read(c->ssd, pu, 1, fw_ns);
}

/*
 * @internal: the data is in the device already, nothing crosses PCIe.
 * The write completes once its data is in the buffer; a partial unit is
 * programmed once its old data is read too.
 */
static u64 conv_write(struct conv_ftl *c, struct conv_write_point *wp,
		      const struct ftl_io *io)
{
	struct conv_span sp = conv_span_of(c, io);
	u32 chunk_max = c->ssd->geo.units_per_pu;
	u64 fw_ns = ssd_firmware(c->ssd, io->now_ns, true);
	u64 head_ns = sp.units ? conv_merge_read(c, &sp, sp.first, fw_ns) :
		      fw_ns;
	u64 tail_ns = sp.units <= 1 ? head_ns :
		      conv_merge_read(c, &sp, sp.first + sp.units - 1, fw_ns);
	u64 ready_ns = fw_ns, bytes = io->length;
	u32 i, done = 0;

	/* A program unit at a time, so any write fits the buffer. */
	while (done < sp.units) {
		u32 chunk = env_min(sp.units - done, chunk_max);
		u64 chunk_bytes = env_min(bytes, (u64)chunk <<
					  c->ssd->geo.unit_shift);
		u64 room_ns = ssd_buffer_reserve(c->ssd, chunk, ready_ns);

		ready_ns = io->internal ? room_ns :
			   ssd_pcie_to_device(c->ssd, room_ns, chunk_bytes);
		for (i = 0; i < chunk; i++) {
			u32 lpn = sp.first + done + i;
			u64 unit_ready_ns = ready_ns;

			if (lpn == sp.first)
				unit_ready_ns = env_max(unit_ready_ns, head_ns);
			if (lpn == sp.first + sp.units - 1)
				unit_ready_ns = env_max(unit_ready_ns, tail_ns);
			conv_unmap(c, lpn);
			conv_place(c, wp, lpn, unit_ready_ns, io->now_ns);
		}
		bytes -= chunk_bytes;
		done += chunk;
	}
	c->stats.host_write_units += (sp.end - sp.start) >> SSD_MAP_UNIT_SHIFT;
	return ready_ns + c->ssd->prof.fw_write_latency_ns;
}

/* Programs the partly filled unit of @wp, padded; returns when done. */
static u64 conv_program_partial(struct conv_ftl *c,
				struct conv_write_point *wp)
{
	const struct ssd_geometry *g = &c->ssd->geo;

	if (!wp->open || !wp->pu_fill)
		return 0;
	/* The rest of the unit is padding that GC will reclaim. */
	wp->next += g->units_per_pu - wp->next % g->units_per_pu;
	return conv_program(c, wp);
}

/*
 * Flush: program the partly filled units, then wait for the buffer.  GC's
 * units count too: the blocks their data came from may be erased already.
 */
static u64 conv_flush(struct conv_ftl *c, u64 now_ns)
{
	u64 done = ssd_firmware(c->ssd, now_ns, true);
	u32 i;

	for (i = 0; i < c->nr_wps; i++) {
		u64 programmed = conv_program_partial(c, &c->wps[i]);

		if (!c->wps[i].host)
			done = env_max(done, programmed);
	}
	return env_max(done, c->ssd->buf_drained_ns);
}

/* The host stream of a write; the caller checked rg and ruh already. */
static struct conv_write_point *conv_placement(struct conv_ftl *c,
					       const struct ftl_io *io)
{
	if (io->rg >= c->fdp_cfg.nr_rgs || io->ruh >= c->fdp_cfg.nr_ruhs)
		return conv_host_wp(c, 0, 0);
	return conv_host_wp(c, io->rg, io->ruh);
}

/* Trim, Write Zeroes: only whole units are unmapped; partial ones stay. */
static u64 conv_trim(struct conv_ftl *c, const struct ftl_io *io)
{
	u32 shift = c->ssd->geo.unit_shift;
	u64 unit_bytes = 1ULL << shift;
	u32 first = (u32)(io->offset >> shift);
	u32 units = (u32)(((io->offset + io->length + unit_bytes - 1) >>
			   shift) - first);
	u64 fw_ns = ssd_firmware(c->ssd, io->now_ns, true);
	u32 i;

	for (i = 0; i < units; i++) {
		u64 start = (u64)(first + i) << shift;

		if (start >= io->offset &&
		    start + unit_bytes <= io->offset + io->length)
			conv_unmap(c, first + i);
	}
	return fw_ns;
}

static u64 conv_submit(void *ftl, const struct ftl_io *io)
{
	struct conv_ftl *c = ftl;

	conv_gc_background(c, io->now_ns);
	switch (io->op) {
	case FTL_OP_READ:
		return conv_read(c, io);
	case FTL_OP_WRITE:
		return conv_write(c, conv_placement(c, io), io);
	case FTL_OP_FLUSH:
		return conv_flush(c, io->now_ns);
	case FTL_OP_TRIM:
	case FTL_OP_WRITE_ZEROES:
	default:
		return conv_trim(c, io);
	}
}

static void fdp_config(void *ftl, struct ftl_fdp_config *cfg)
{
	*cfg = ((struct conv_ftl *)ftl)->fdp_cfg;
}

/* An open line is the handle's reclaim unit; a closed one means a new RU. */
static u64 fdp_ru_available(void *ftl, u32 rg, u32 ruh)
{
	struct conv_ftl *c = ftl;
	const struct conv_write_point *wp = conv_host_wp(c, rg, ruh);
	u32 left = c->ssd->geo.units_per_line;

	if (wp->open)
		left -= wp->next;
	return (u64)left << c->ssd->geo.unit_shift;
}

/*
 * The handle leaves its reclaim unit: the unit being filled is programmed
 * with padding, and the line, never to be filled, becomes a GC candidate.
 * A handle without data in its unit keeps it.
 */
static bool fdp_ruh_update(void *ftl, u32 rg, u32 ruh)
{
	struct conv_ftl *c = ftl;
	struct conv_write_point *wp = conv_host_wp(c, rg, ruh);

	if (!wp->open)
		return false;
	conv_program_partial(c, wp);
	/* Padding may have filled the line, which closes it. */
	if (wp->open)
		conv_close_line(c, wp);
	return true;
}

static bool fdp_take_relocation(void *ftl, struct ftl_relocation *r)
{
	struct conv_ftl *c = ftl;

	if (!c->reloc_len)
		return false;
	*r = c->relocations[c->reloc_head];
	c->reloc_head = (c->reloc_head + 1) % CONV_RELOCATIONS_KEPT;
	c->reloc_len--;
	return true;
}

static const struct ftl_fdp_ops fdp_ops = {
	.config = fdp_config,
	.ru_available = fdp_ru_available,
	.ruh_update = fdp_ruh_update,
	.take_relocation = fdp_take_relocation,
};

const struct ftl_ops conv_ftl_ops = {
	.name = "conv",
	.mem_bytes = conv_mem_bytes,
	.create = conv_create,
	.destroy = conv_destroy,
	.submit = conv_submit,
	.stats = conv_stats,
	.show = conv_show,
};

const struct ftl_ops fdp_ftl_ops = {
	.name = "fdp",
	.fdp = &fdp_ops,
	.mem_bytes = conv_fdp_mem_bytes,
	.create = conv_fdp_create,
	.destroy = conv_destroy,
	.submit = conv_submit,
	.stats = conv_stats,
	.show = conv_show,
};
