// SPDX-License-Identifier: GPL-2.0
/*
 * Potentially unrecoverable LBAs (NVM Command Set 1.0, 3.2.7 and 4.2.1):
 * the marks Write Uncorrectable leaves, which fail reads with Unrecovered
 * Read Error until the LBAs are written again.
 *
 * A namespace keeps its marks in a bitmap of one bit per LBA, allocated
 * the first time anything is marked, so a namespace that never uses
 * Write Uncorrectable costs nothing.  Only the dispatcher thread reads or
 * changes it: commands see the marks in submission order, and no lock is
 * needed.
 */
#define pr_fmt(fmt) "nvmev: " fmt

#include <linux/bitmap.h>
#include <linux/vmalloc.h>
#include "nvmev.h"

/* Set bits of @map in [@start, @end), a run at a time. */
static u64 marks_in(const unsigned long *map, u64 start, u64 end)
{
	u64 n = 0, run_end;

	for (start = find_next_bit(map, end, start); start < end;
	     start = find_next_bit(map, end, run_end)) {
		run_end = find_next_zero_bit(map, end, start);
		n += run_end - start;
	}
	return n;
}

/* Marks [@slba, @slba + @nlb), which the caller checked; -ENOMEM if it cannot. */
int nvmev_uncor_mark(struct nvmev_ns *ns, u64 slba, u64 nlb)
{
	u64 end = slba + nlb;

	if (!ns->uncorrectable) {
		ns->uncorrectable = vzalloc(BITS_TO_LONGS(ns->nr_lbas) *
					    sizeof(unsigned long));
		if (!ns->uncorrectable)
			return -ENOMEM;
	}
	ns->nr_uncorrectable += nlb - marks_in(ns->uncorrectable, slba, end);
	bitmap_set(ns->uncorrectable, slba, nlb);
	return 0;
}

/* A write of [@slba, @slba + @nlb) makes those LBAs readable again. */
void nvmev_uncor_clear(struct nvmev_ns *ns, u64 slba, u64 nlb)
{
	if (!ns->nr_uncorrectable || !nlb)
		return;
	ns->nr_uncorrectable -= marks_in(ns->uncorrectable, slba, slba + nlb);
	bitmap_clear(ns->uncorrectable, slba, nlb);
}

/* The first marked LBA in [@slba, @slba + @nlb), or that end if none is. */
u64 nvmev_uncor_find(const struct nvmev_ns *ns, u64 slba, u64 nlb)
{
	if (!ns->nr_uncorrectable)
		return slba + nlb;
	return find_next_bit(ns->uncorrectable, slba + nlb, slba);
}

/* Format, or the namespace going away: every mark goes. */
void nvmev_uncor_free(struct nvmev_ns *ns)
{
	vfree(ns->uncorrectable);
	ns->uncorrectable = NULL;
	ns->nr_uncorrectable = 0;
}
