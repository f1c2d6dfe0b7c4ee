// SPDX-License-Identifier: GPL-2.0
/*
 * The key-value FTL.
 *
 * Index: an open-addressing hash table in controller DRAM (kernel memory
 * here), one slot per key holding the key, its length and where its record
 * is.  Collisions probe linearly; a delete shifts the entries after it back
 * into the hole (no tombstones), so every key stays reachable from its home
 * slot and lookups never lengthen with churn.  The table has
 * KV_INDEX_SLOTS_PER_KEY slots per key it may hold; a store beyond the key
 * limit is refused (capacity exceeded) before the table could fill.
 *
 * Values: records (header with the key, then the value) appended to a log
 * in the reserved memory, segment by segment.  An overwrite appends a new
 * record and a delete drops the key; the old record's bytes count as dead
 * in its segment.  A segment whose records are all dead is free again at
 * once; when free segments run short, compaction takes the full segment
 * with the fewest live bytes, moves its live records to its own write
 * point and frees it.  Records carry their key so compaction can tell, by
 * asking the index, which ones are live.
 *
 * Timing: the flash model of ssd.h, as conv uses it.  Segment offsets are
 * flash addresses (4 KiB unit n of the reserved memory is physical unit n),
 * so a record's program units and dies follow from where it is.  Stores go
 * through the write buffer and program a unit once the log fills it;
 * retrieves sense the units the value spans (or find them still buffered)
 * and move the value over PCIe; every command pays the firmware and one
 * DRAM access per index slot it examines; compaction books its reads,
 * programs and erases on the same dies.
 *
 * The dispatcher calls this FTL (and only it), so it needs no locks; the
 * I/O workers copy values to and from the host afterwards.  Before it
 * reuses a segment or moves records, the FTL waits (params->drain) for the
 * copies already handed to the workers, which may still touch them.
 *
 * This file holds the value log, compaction, the commands and the life
 * cycle; the index, the key lists and the audit are in kv_ftl_index.c.
 */
#include "kv_ftl_int.h"

/* A program unit whose data is still in the controller, not on flash. */
#define KV_NOT_PROGRAMMED	((u64)-1)

/* ---- the value log: segments ---- */

static u64 kv_seg_base(const struct kv_ftl *kv, u32 seg)
{
	return (u64)seg * kv->seg_bytes;
}

/*
 * Erases a segment's blocks (one per plane of every die, per line), each
 * die's once compaction's reads from it are done.
 */
static void kv_seg_erase(struct kv_ftl *kv, u64 now_ns)
{
	const struct ssd_geometry *g = &kv->ssd->geo;
	u32 die, line;

	for (line = 0; line < kv->seg_lines; line++)
		for (die = 0; die < g->dies; die++)
			ssd_nand_erase(kv->ssd, die,
				       env_max(now_ns, kv->gc_read_ns[die]));
	for (die = 0; die < g->dies; die++)
		kv->gc_read_ns[die] = 0;
	kv->stats.erases += (u64)kv->seg_lines * g->dies * g->planes_per_die;
	kv->stats.erased_bytes += kv->seg_bytes;
}

static void kv_seg_free(struct kv_ftl *kv, u32 seg, u64 now_ns)
{
	kv_seg_erase(kv, now_ns);
	kv->segs[seg].state = SEG_FREE;
	kv->segs[seg].used = 0;
	kv->segs[seg].live = 0;
	kv->free_segs[kv->nr_free++] = seg;
}

/* A record at @offset of @bytes is dead: its segment may now be empty. */
static void kv_record_dead(struct kv_ftl *kv, u64 offset, u64 bytes,
			   u64 now_ns)
{
	u32 seg = kv_seg_of(kv, offset);
	struct kv_segment *s = &kv->segs[seg];

	s->live -= bytes;
	kv->live -= bytes;
	if (s->state == SEG_FULL && !s->live) {
		kv_seg_free(kv, seg, now_ns);
		kv->freed_segs++;
	}
}

/* ---- timing of the log's writes ---- */

/* Programs the unit @wp is filling, padded if it is not full. */
static void kv_program(struct kv_ftl *kv, struct kv_write_point *wp)
{
	u64 done = ssd_nand_program(kv->ssd, wp->pu, wp->pu_ready_ns);

	kv->pu_done_ns[wp->pu] = done;
	if (wp->buffered && wp->pu_units)
		ssd_buffer_release(kv->ssd, wp->pu_units, done);
	kv->stats.nand_write_units += kv->ssd->geo.units_per_pu;
	wp->pu_open = false;
	wp->pu_units = 0;
	wp->pu_ready_ns = 0;
}

/* Units of 4 KiB that bytes [0, @end) of a program unit touch. */
static u32 kv_units_upto(u64 end)
{
	return (u32)((end + SSD_MAP_UNIT_BYTES - 1) >> SSD_MAP_UNIT_SHIFT);
}

/*
 * Appends @len bytes at @wp, ready at the controller at @ready_ns; with
 * @from_host they first cross PCIe, program unit by program unit (taking
 * buffer room for a host stream), as a real write does.  Returns when the
 * last byte is at the controller.
 */
static u64 kv_append(struct kv_ftl *kv, struct kv_write_point *wp, u64 len,
		     u64 ready_ns, bool from_host)
{
	while (len) {
		u64 pos = kv_seg_base(kv, wp->seg) + wp->next;
		u64 in_pu = pos % kv->pu_bytes;
		u64 chunk = env_min(len, kv->pu_bytes - in_pu);
		u32 units = kv_units_upto(in_pu + chunk) - kv_units_upto(in_pu);

		if (!wp->pu_open) {
			wp->pu = ssd_ppn_pu(kv->ssd, pos >> SSD_MAP_UNIT_SHIFT);
			wp->pu_open = true;
			kv->pu_done_ns[wp->pu] = KV_NOT_PROGRAMMED;
		}
		if (wp->buffered && units)
			ready_ns = ssd_buffer_reserve(kv->ssd, units, ready_ns);
		if (from_host)
			ready_ns = ssd_pcie_to_device(kv->ssd, ready_ns, chunk);
		wp->pu_units += units;
		wp->pu_ready_ns = env_max(wp->pu_ready_ns, ready_ns);
		wp->next += chunk;
		len -= chunk;
		if (in_pu + chunk == kv->pu_bytes)
			kv_program(kv, wp);
	}
	return ready_ns;
}

static void kv_close(struct kv_ftl *kv, struct kv_write_point *wp)
{
	struct kv_segment *s = &kv->segs[wp->seg];

	if (wp->pu_open)
		kv_program(kv, wp);
	wp->open = false;
	s->used = wp->next;
	s->state = SEG_FULL;
	/* Everything in it may have died while it was open. */
	if (!s->live) {
		kv_seg_free(kv, wp->seg, kv->ssd->now_ns);
		kv->freed_segs++;
	}
}

static bool kv_compact_one(struct kv_ftl *kv, u64 now_ns);

/* Copies handed to the workers may still touch any segment: let them end. */
static void kv_drain(struct kv_ftl *kv)
{
	if (kv->drain)
		kv->drain(kv->drain_ctx);
}

/*
 * Gives @wp a free segment.  The host's write point leaves
 * KV_GC_RESERVE_SEGMENTS to compaction, compacting first if it must; it
 * gives up after trying every segment once.
 */
static bool kv_open(struct kv_ftl *kv, struct kv_write_point *wp, u64 now_ns)
{
	if (wp == &kv->host_wp) {
		u32 tries = kv->nr_segs;

		kv_drain(kv);
		while (kv->nr_free <= KV_GC_RESERVE_SEGMENTS && tries-- &&
		       kv_compact_one(kv, now_ns))
			;
		if (kv->nr_free <= KV_GC_RESERVE_SEGMENTS)
			return false;
	} else if (!kv->nr_free) {
		return false;
	}
	wp->seg = kv->free_segs[--kv->nr_free];
	wp->next = 0;
	wp->open = true;
	kv->segs[wp->seg].state = SEG_OPEN;
	return true;
}

/* Room for @bytes at @wp, moving to a new segment if they do not fit. */
static bool kv_make_room(struct kv_ftl *kv, struct kv_write_point *wp,
			 u64 bytes, u64 now_ns)
{
	if (wp->open && wp->next + bytes <= kv->seg_bytes)
		return true;
	if (wp->open)
		kv_close(kv, wp);
	return kv_open(kv, wp, now_ns);
}

/* Writes a record's header at @offset; the value follows it. */
static void kv_put_header(struct kv_ftl *kv, u64 offset, const u8 *key,
			  u8 key_len, u32 value_len)
{
	struct kv_record r = { .value_len = value_len, .key_len = key_len };

	memcpy(r.key, key, KV_MAX_KEY_LEN);
	memcpy(kv->storage + offset, &r, sizeof(r));
}

/* ---- compaction ---- */

/* The index slot that points at the record at @offset, or -1 if dead. */
static s64 kv_record_owner(struct kv_ftl *kv, u64 offset,
			   const struct kv_record *r)
{
	bool found;
	u32 probes = 0;
	u64 i = kv_find(kv, r->key, r->key_len, &found, &probes);

	return found && kv->slots[i].offset == offset ? (s64)i : -1;
}

/*
 * Records are packed from a segment's start to its end of use; a header
 * that breaks that (only a corrupted one could) ends the walk rather than
 * send it out of the segment.
 */
static bool kv_record_sane(struct kv_ftl *kv, const struct kv_record *r,
			   u64 off, u32 seg)
{
	return r->key_len && r->key_len <= KV_MAX_KEY_LEN &&
	       r->value_len <= kv->max_value &&
	       off + kv_record_bytes(r->value_len) <= kv->segs[seg].used;
}

/*
 * Senses each program unit of segment @seg that holds live records, once,
 * for all its live units; kv->gc_pu_ready then says when each is read.
 */
static void kv_compact_read(struct kv_ftl *kv, u32 seg, u64 now_ns)
{
	u64 base = kv_seg_base(kv, seg);
	u32 pus = (u32)env_div64_u64(kv->seg_bytes, kv->pu_bytes);
	u64 off, last_unit = (u64)-1;
	u32 i;

	memset(kv->gc_pu_units, 0, sizeof(*kv->gc_pu_units) * pus);
	for (off = 0; off < kv->segs[seg].used;) {
		const struct kv_record *r = (void *)(kv->storage + base + off);
		u64 bytes = kv_record_bytes(r->value_len);
		u64 u;

		if (!kv_record_sane(kv, r, off, seg))
			break;

		if (kv_record_owner(kv, base + off, r) >= 0)
			for (u = off >> SSD_MAP_UNIT_SHIFT;
			     u <= (off + bytes - 1) >> SSD_MAP_UNIT_SHIFT; u++) {
				if (u == last_unit)
					continue;
				kv->gc_pu_units[env_div64_u64(u << SSD_MAP_UNIT_SHIFT,
							     kv->pu_bytes)]++;
				last_unit = u;
			}
		off += bytes;
	}
	for (i = 0; i < pus; i++) {
		u64 pu = ssd_ppn_pu(kv->ssd, (base >> SSD_MAP_UNIT_SHIFT)) + i;
		u32 die = ssd_pu_die(kv->ssd, pu);

		if (!kv->gc_pu_units[i])
			continue;
		kv->gc_pu_ready[i] = ssd_nand_read(kv->ssd, pu,
						   kv->gc_pu_units[i], now_ns);
		kv->gc_read_ns[die] = env_max(kv->gc_read_ns[die],
					      kv->gc_pu_ready[i]);
	}
}

/* When every program unit of bytes [@off, @off + @bytes) of a segment is read. */
static u64 kv_compact_ready(struct kv_ftl *kv, u64 off, u64 bytes)
{
	u64 pu, ready = 0;

	for (pu = env_div64_u64(off, kv->pu_bytes);
	     pu <= env_div64_u64(off + bytes - 1, kv->pu_bytes); pu++)
		ready = env_max(ready, kv->gc_pu_ready[pu]);
	return ready;
}

/*
 * Compacts the full segment with the fewest live bytes: its live records
 * move to the compaction write point, then it is erased and free.  False
 * when no full segment has anything to reclaim, or the move ran out of
 * room (what moved stays valid where it went).
 */
static bool kv_compact_one(struct kv_ftl *kv, u64 now_ns)
{
	u32 seg, victim = kv->nr_segs;
	u64 base, off;

	for (seg = 0; seg < kv->nr_segs; seg++)
		if (kv->segs[seg].state == SEG_FULL &&
		    (victim == kv->nr_segs ||
		     kv->segs[seg].live < kv->segs[victim].live))
			victim = seg;
	if (victim == kv->nr_segs || kv->segs[victim].live == kv->seg_bytes)
		return false;

	base = kv_seg_base(kv, victim);
	kv_compact_read(kv, victim, now_ns);
	for (off = 0; off < kv->segs[victim].used;) {
		const struct kv_record *r = (void *)(kv->storage + base + off);
		u64 bytes = kv_record_bytes(r->value_len);
		s64 owner;
		u64 to;

		if (!kv_record_sane(kv, r, off, victim))
			break;
		owner = kv_record_owner(kv, base + off, r);
		if (owner >= 0) {
			if (!kv_make_room(kv, &kv->gc_wp, bytes, now_ns))
				return false;
			to = kv_seg_base(kv, kv->gc_wp.seg) + kv->gc_wp.next;
			memcpy(kv->storage + to, r, bytes);
			kv_append(kv, &kv->gc_wp, bytes,
				  kv_compact_ready(kv, off, bytes), false);
			kv->slots[owner].offset = to;
			kv->segs[kv->gc_wp.seg].live += bytes;
			kv->segs[victim].live -= bytes;
			kv->compacted_bytes += bytes;
			kv->stats.gc_copied_units += kv_units_upto(bytes);
		}
		off += bytes;
	}
	kv_seg_free(kv, victim, now_ns);
	kv->stats.gc_runs++;
	return true;
}

/* ---- commands ---- */

/* When the @len bytes at @offset are at the controller, from @ready_ns. */
static u64 kv_read_bytes(struct kv_ftl *kv, u64 offset, u64 len,
			 u64 ready_ns)
{
	u64 unit = offset >> SSD_MAP_UNIT_SHIFT;
	u64 last = (offset + len - 1) >> SSD_MAP_UNIT_SHIFT;
	u64 done = ready_ns;

	if (!len)
		return ready_ns;
	while (unit <= last) {
		u64 pu = ssd_ppn_pu(kv->ssd, unit);
		u64 pu_last = (pu + 1) * kv->ssd->geo.units_per_pu - 1;
		u32 units = (u32)(env_min(last, pu_last) - unit + 1);

		/* Not programmed yet: served from the write buffer. */
		if (kv->pu_done_ns[pu] <= ready_ns)
			done = env_max(done, ssd_nand_read(kv->ssd, pu, units,
							    ready_ns));
		unit += units;
	}
	return done;
}

static enum kv_result kv_store(struct kv_ftl *kv, struct kv_io *io,
			       u64 slot, bool found, u64 ready_ns)
{
	u64 bytes = kv_record_bytes(io->length), old = 0, offset;
	struct kv_slot *s;

	if (io->length > kv->max_value)
		return KV_TOO_BIG;
	if (found && (io->options & KV_STORE_OPT_IF_ABSENT))
		return KV_EXISTS;
	if (!found && (io->options & KV_STORE_OPT_IF_EXISTS))
		return KV_NOT_FOUND;
	if (found)
		old = kv_record_bytes(kv->slots[slot].value_len);
	if ((!found && kv->nr_keys >= kv->max_keys) ||
	    kv->live - old + bytes > kv->capacity)
		return KV_NO_SPACE;
	/* Compaction moves records and may shift nothing in the index. */
	if (!kv_make_room(kv, &kv->host_wp, bytes, io->now_ns))
		return KV_NO_SPACE;

	offset = kv_seg_base(kv, kv->host_wp.seg) + kv->host_wp.next;
	s = &kv->slots[slot];
	if (found) {
		kv_record_dead(kv, s->offset, old, io->now_ns);
	} else {
		memcpy(s->key, io->key.bytes, KV_MAX_KEY_LEN);
		s->key_len = io->key.len;
		kv->nr_keys++;
	}
	s->offset = offset;
	s->value_len = io->length;
	kv_put_header(kv, offset, io->key.bytes, io->key.len, io->length);
	kv->segs[kv->host_wp.seg].live += bytes;
	kv->live += bytes;

	ready_ns = kv_append(kv, &kv->host_wp, KV_RECORD_HEADER, ready_ns,
			     false);
	ready_ns = kv_append(kv, &kv->host_wp, io->length, ready_ns, true);
	kv_append(kv, &kv->host_wp, bytes - KV_RECORD_HEADER - io->length,
		  ready_ns, false);
	io->offset = offset + KV_RECORD_HEADER;
	io->done_ns = ready_ns + kv->ssd->prof.fw_write_latency_ns;
	kv->stats.host_write_units += kv_units_upto(io->length);
	return KV_OK;
}

enum kv_result kv_ftl_exec(void *ftl, struct kv_io *io)
{
	struct kv_ftl *kv = ftl;
	u32 probes = 0;
	bool found;
	u64 slot, ready;
	enum kv_result ret;

	ready = ssd_firmware(kv->ssd, io->now_ns, io->op == KV_OP_STORE);
	slot = kv_find(kv, io->key.bytes, io->key.len, &found, &probes);
	ready += kv_probe_ns(probes);
	io->done_ns = ready;

	switch (io->op) {
	case KV_OP_STORE:
		ret = kv_store(kv, io, slot, found, ready);
		/* A store that found no room examined the index only. */
		if (ret != KV_OK)
			io->done_ns = ready;
		return ret;
	case KV_OP_RETRIEVE:
		if (!found)
			return KV_NOT_FOUND;
		io->offset = kv->slots[slot].offset + KV_RECORD_HEADER;
		io->value_len = kv->slots[slot].value_len;
		io->done_ns = ssd_pcie_to_host(kv->ssd,
					       kv_read_bytes(kv, io->offset,
							     io->value_len,
							     ready),
					       env_min(io->value_len,
						       io->length));
		return KV_OK;
	case KV_OP_DELETE:
		if (!found)
			return KV_NOT_FOUND;
		kv_record_dead(kv, kv->slots[slot].offset,
			       kv_record_bytes(kv->slots[slot].value_len),
			       io->now_ns);
		kv_slot_remove(kv, slot);
		return KV_OK;
	case KV_OP_EXIST:
	default:
		return found ? KV_OK : KV_NOT_FOUND;
	}
}

/* ---- limits (kv_ftl.h) ---- */

u64 kv_ftl_capacity(void *ftl)
{
	return ((struct kv_ftl *)ftl)->capacity;
}

u64 kv_ftl_used(void *ftl)
{
	return ((struct kv_ftl *)ftl)->live;
}

u32 kv_ftl_max_keys(void *ftl)
{
	return ((struct kv_ftl *)ftl)->max_keys;
}

u32 kv_ftl_max_value(void *ftl)
{
	return ((struct kv_ftl *)ftl)->max_value;
}

/* ---- the ftl_ops side: Flush, life cycle, reports ---- */

/*
 * Flush: program the partly filled units, then wait for the buffer.  The
 * log goes on in the same unit, which is then programmed again: the cost
 * of the padding a real drive writes.
 */
static u64 kv_flush(struct kv_ftl *kv, u64 now_ns)
{
	u64 fw_ns = ssd_firmware(kv->ssd, now_ns, true);

	if (kv->gc_wp.pu_open)
		kv_program(kv, &kv->gc_wp);
	if (kv->host_wp.pu_open)
		kv_program(kv, &kv->host_wp);
	return env_max(fw_ns, kv->ssd->buf_drained_ns);
}

/* Block commands: only Flush means anything to a key-value namespace. */
static u64 kv_submit(void *ftl, const struct ftl_io *io)
{
	if (io->op == FTL_OP_FLUSH)
		return kv_flush(ftl, io->now_ns);
	return io->now_ns;
}

static void kv_destroy(void *ftl)
{
	struct kv_ftl *kv = ftl;

	if (!kv)
		return;
	env_free(kv->gc_read_ns);
	env_free(kv->gc_pu_ready);
	env_free(kv->gc_pu_units);
	env_free(kv->pu_done_ns);
	env_free(kv->free_segs);
	env_free(kv->segs);
	env_free(kv->slots);
	ssd_destroy(kv->ssd);
	env_free(kv);
}

static u64 kv_pow2_at_least(u64 n)
{
	u64 p = 1;

	while (p < n)
		p <<= 1;
	return p;
}

/* Segments: the fewest whole lines that hold the largest record. */
static bool kv_size(struct kv_ftl *kv, u64 capacity)
{
	const struct ssd_geometry *g = &kv->ssd->geo;
	u64 line_bytes = (u64)g->units_per_line << SSD_MAP_UNIT_SHIFT;
	u64 slots;

	kv->pu_bytes = (u64)g->units_per_pu << SSD_MAP_UNIT_SHIFT;
	kv->max_value = KV_MAX_VALUE_BYTES;
	kv->seg_lines = (u32)env_div64_u64(kv_record_bytes(kv->max_value) +
					   line_bytes - 1, line_bytes);
	kv->seg_bytes = kv->seg_lines * line_bytes;
	kv->nr_segs = (u32)env_div64_u64(capacity, kv->seg_bytes);
	if (kv->nr_segs < KV_GC_RESERVE_SEGMENTS + 2) {
		env_err("kv: memmap_size: %llu bytes hold %u segments of %llu; at least %u are needed\n",
			capacity, kv->nr_segs, kv->seg_bytes,
			KV_GC_RESERVE_SEGMENTS + 2);
		return false;
	}
	/* The reserve and one segment of slack for partly filled ones. */
	kv->capacity = (u64)(kv->nr_segs - KV_GC_RESERVE_SEGMENTS - 1) *
		       kv->seg_bytes;
	kv->max_keys = (u32)env_min(env_div64_u64(capacity, KV_BYTES_PER_KEY),
				    (u64)SSD_INVALID_PPN);
	slots = kv_pow2_at_least((u64)kv->max_keys * KV_INDEX_SLOTS_PER_KEY);
	kv->slot_mask = slots - 1;
	kv->slots = env_zalloc(sizeof(*kv->slots) * slots);
	return kv->slots;
}

static void *kv_create(const struct ftl_params *params)
{
	struct kv_ftl *kv = env_zalloc(sizeof(*kv));
	u32 i, seg_pus;

	if (!kv)
		return NULL;
	if (!ftl_params_without_fdp(params, kv_ftl_ops.name))
		goto fail;
	if (!params->storage) {
		env_err("kv: no storage to keep values in: kv namespaces need storage=reserved\n");
		goto fail;
	}
	kv->storage = params->storage;
	kv->drain = params->drain;
	kv->drain_ctx = params->drain_ctx;
	kv->ssd = ssd_create(params, 0);
	if (!kv->ssd || !kv_size(kv, params->capacity))
		goto fail;
	seg_pus = (u32)env_div64_u64(kv->seg_bytes, kv->pu_bytes);
	kv->segs = env_zalloc(sizeof(*kv->segs) * kv->nr_segs);
	kv->free_segs = env_zalloc(sizeof(*kv->free_segs) * kv->nr_segs);
	kv->pu_done_ns = env_zalloc(sizeof(*kv->pu_done_ns) *
				    env_div64_u64(kv->ssd->geo.units,
						  kv->ssd->geo.units_per_pu));
	kv->gc_pu_units = env_zalloc(sizeof(*kv->gc_pu_units) * seg_pus);
	kv->gc_pu_ready = env_zalloc(sizeof(*kv->gc_pu_ready) * seg_pus);
	kv->gc_read_ns = env_zalloc(sizeof(*kv->gc_read_ns) *
				    kv->ssd->geo.dies);
	if (!kv->segs || !kv->free_segs || !kv->pu_done_ns ||
	    !kv->gc_pu_units || !kv->gc_pu_ready || !kv->gc_read_ns)
		goto fail;
	/* Segments are taken from the top of the stack: segment 0 first. */
	for (i = 0; i < kv->nr_segs; i++)
		kv->free_segs[i] = kv->nr_segs - 1 - i;
	kv->nr_free = kv->nr_segs;
	kv->host_wp.buffered = true;
	return kv;

fail:
	kv_destroy(kv);
	return NULL;
}

static void kv_stats(void *ftl, struct ftl_stats *stats)
{
	struct kv_ftl *kv = ftl;

	*stats = kv->stats;
	stats->free_lines = kv->nr_free * kv->seg_lines;
	stats->total_lines = kv->nr_segs * kv->seg_lines;
}

static int kv_show(void *ftl, u64 now_ns, char *buf, size_t size)
{
	struct kv_ftl *kv = ftl;
	int n = ssd_show(kv->ssd, now_ns, buf, size);

	n += env_snprintf(buf + n, size - n,
			  "keys: %u\n"
			  "max_keys: %u\n"
			  "live_bytes: %llu\n"
			  "capacity_bytes: %llu\n"
			  "max_value_bytes: %u\n"
			  "segments: %u of %llu KiB\n"
			  "free_segments: %u\n"
			  "host_write_units: %llu\n"
			  "nand_write_units: %llu\n"
			  "compactions: %llu\n"
			  "compacted_bytes: %llu\n"
			  "segments_freed_empty: %llu\n"
			  "erases: %llu\n",
			  kv->nr_keys, kv->max_keys, kv->live, kv->capacity,
			  kv->max_value, kv->nr_segs, kv->seg_bytes >> 10,
			  kv->nr_free, kv->stats.host_write_units,
			  kv->stats.nand_write_units, kv->stats.gc_runs,
			  kv->compacted_bytes, kv->freed_segs,
			  kv->stats.erases);
	return n;
}

const struct ftl_ops kv_ftl_ops = {
	.name = "kv",
	.create = kv_create,
	.destroy = kv_destroy,
	.submit = kv_submit,
	.stats = kv_stats,
	.show = kv_show,
};
