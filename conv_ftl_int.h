/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The conv FTL's insides, shared by conv_ftl.c (the FTL) and
 * conv_ftl_whitebox.c (what conv_ftl.h offers the unit tests): its state
 * and the two helpers both use.  Nothing else includes this.
 */
#ifndef NVMEV_CONV_FTL_INT_H
#define NVMEV_CONV_FTL_INT_H

#include "conv_ftl.h"

enum conv_line_state {
	LINE_FREE,
	LINE_OPEN,		/* a write point is filling it */
	LINE_FULL,		/* a GC candidate, in the victim heap */
	LINE_COLLECTING,	/* GC is moving its valid units out */
};

/* A line without a slot of program unit completion times. */
#define CONV_NO_SLOT	0xffffffffU

struct conv_line {
	u32 valid;		/* units still mapped */
	u32 heap_pos;		/* index in the victim heap when FULL */
	u16 stream;		/* the write point that filled it */
	enum conv_line_state state;
	u32 done_slot;		/* its slot, or CONV_NO_SLOT */
	u64 last_done_ns;	/* its latest program ends then */
};

/* Where the next unit of one stream (host or GC) goes. */
struct conv_write_point {
	bool open;
	u32 line;
	u32 next;		/* unit offset in the line */
	u32 pu_fill;		/* units in the program unit being filled */
	u64 pu_ready_ns;	/* all of them are at the controller by then */
	bool host;		/* host data: holds write buffer space */
};

struct conv_ftl {
	struct ssd *ssd;
	u32 *l2p;		/* logical unit -> ppn */
	u32 *rmap;		/* ppn -> logical unit */
	/*
	 * Slots: for the few lines that hold one, when each program unit's
	 * data is on flash (pus_per_line entries per slot), and the line
	 * that holds each slot.
	 */
	u64 *slot_done_ns;
	u32 *slot_line;
	u32 nr_slots;
	struct conv_line *lines;
	u32 *free_lines;	/* a stack */
	u32 nr_free;
	u32 *victims;		/* min-heap of FULL lines on valid */
	u32 nr_victims;
	/*
	 * Streams: the host's, rg * nr_ruhs + ruh, then per reclaim group
	 * GC's shared one and one per persistently isolated handle.
	 */
	struct conv_write_point *wps;
	u32 nr_wps;
	u32 nr_host_wps;
	bool fdp;
	struct ftl_fdp_config fdp_cfg;	/* 1 group, 1 handle without FDP */
	struct ftl_relocation relocations[CONV_RELOCATIONS_KEPT];
	u32 reloc_head, reloc_len;
	u64 *gc_read_ns;	/* per die: GC's last read of the victim */
	struct ftl_stats stats;
	u64 merge_reads;	/* units read to merge a partial write */
};

/* GC streams per reclaim group: the shared one, then the persistent ones. */
static inline u32 conv_gc_wps_per_rg(const struct ftl_fdp_config *cfg)
{
	return 1 + cfg->nr_persistent;
}

/* The victim heap's order: greedy GC takes the line with fewest valid. */
static inline bool victim_less(struct conv_ftl *c, u32 a, u32 b)
{
	return c->lines[c->victims[a]].valid < c->lines[c->victims[b]].valid;
}

/* conv_ftl.c, for conv_ftl_create.c */
u32 conv_nr_slots(const struct ssd_geometry *g, u32 nr_wps);
void victim_push(struct conv_ftl *c, u32 line);
u64 conv_4k_units(const struct conv_ftl *c, u64 units);

/* conv_ftl_create.c: the life cycle and reports, for the ops tables */
u64 conv_mem_bytes(const struct ftl_params *params);
u64 conv_fdp_mem_bytes(const struct ftl_params *params);
void *conv_create(const struct ftl_params *params);
void *conv_fdp_create(const struct ftl_params *params);
void conv_destroy(void *ftl);
void conv_stats(void *ftl, struct ftl_stats *stats);
int conv_show(void *ftl, u64 now_ns, char *buf, size_t size);

#endif /* NVMEV_CONV_FTL_INT_H */
