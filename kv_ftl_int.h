/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The key-value FTL's insides, shared by its two files: kv_ftl.c (the
 * value log, compaction, the commands and the life cycle) and
 * kv_ftl_index.c (the hash index, the key lists and iterators that walk
 * it, and the white-box audit).  Nothing outside them includes this.
 */
#ifndef NVMEV_KV_FTL_INT_H
#define NVMEV_KV_FTL_INT_H

#include "kv_ftl.h"

enum kv_seg_state {
	SEG_FREE,
	SEG_OPEN,		/* a write point is filling it */
	SEG_FULL,		/* a compaction candidate */
};

struct kv_segment {
	u64 used;		/* bytes of records written */
	u64 live;		/* bytes of records the index points to */
	enum kv_seg_state state;
};

/* A record's header in the reserved memory; the value follows it. */
struct kv_record {
	u8 key[KV_MAX_KEY_LEN];
	u32 value_len;
	u8 key_len;
	u8 reserved[3];
};

/* An index slot; key_len 0 means empty. */
struct kv_slot {
	u8 key[KV_MAX_KEY_LEN];
	u64 offset;		/* of the record in the reserved memory */
	u32 value_len;
	u8 key_len;
	u8 reserved[3];
};

/* Where one stream (host stores or compaction) appends records. */
struct kv_write_point {
	bool open;
	u32 seg;
	u64 next;		/* byte offset in the segment */
	bool buffered;		/* host data: holds write buffer room */
	/* The program unit being filled, if any */
	bool pu_open;
	u64 pu;
	u32 pu_units;		/* of it holding data (buffer room taken) */
	u64 pu_ready_ns;	/* its data is at the controller by then */
};

struct kv_iterator {
	bool open;
	u64 cursor;
	u32 prefix;
	u32 mask;
};

struct kv_ftl {
	struct ssd *ssd;
	u8 *storage;
	void (*drain)(void *ctx);
	void *drain_ctx;
	/* index */
	struct kv_slot *slots;
	u64 slot_mask;
	u32 max_keys;
	u32 nr_keys;
	/* value log */
	struct kv_segment *segs;
	u32 nr_segs;
	u64 seg_bytes;
	u32 seg_lines;
	u32 *free_segs;		/* a stack */
	u32 nr_free;
	struct kv_write_point host_wp;
	struct kv_write_point gc_wp;
	u64 capacity;		/* bytes of live records allowed */
	u64 live;		/* bytes of live records */
	u32 max_value;
	u64 pu_bytes;
	u64 *pu_done_ns;	/* program unit -> its data is on flash */
	/* compaction scratch, per program unit of a segment and per die */
	u32 *gc_pu_units;
	u64 *gc_pu_ready;
	u64 *gc_read_ns;
	struct kv_iterator iters[KV_MAX_ITERATORS];
	struct ftl_stats stats;
	u64 compacted_bytes;	/* live bytes compaction moved */
	u64 freed_segs;		/* segments freed without copying */
};

#define KV_RECORD_HEADER	sizeof(struct kv_record)

static inline u64 kv_align(u64 n, u64 to)
{
	return (n + to - 1) / to * to;
}

static inline u64 kv_record_bytes(u32 value_len)
{
	return kv_align(KV_RECORD_HEADER + value_len, KV_RECORD_ALIGN);
}

static inline u32 kv_seg_of(const struct kv_ftl *kv, u64 offset)
{
	return (u32)env_div64_u64(offset, kv->seg_bytes);
}

static inline u64 kv_probe_ns(u32 probes)
{
	return (u64)probes * KV_INDEX_PROBE_NS;
}

/* The index (kv_ftl_index.c) */
u64 kv_find(struct kv_ftl *kv, const u8 *bytes, u8 len, bool *found,
	    u32 *probes);
void kv_slot_remove(struct kv_ftl *kv, u64 hole);

#endif /* NVMEV_KV_FTL_INT_H */
