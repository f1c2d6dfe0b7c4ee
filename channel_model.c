// SPDX-License-Identifier: GPL-2.0
/* The timelines of channel_model.h. */
#include "channel_model.h"

#define MIB_SHIFT	20
#define NS_PER_US	1000ULL

static void timeline_remove(struct timeline *tl, u32 i, u32 count)
{
	tl->nr -= count;
	memmove(&tl->start[i], &tl->start[i + count],
		(tl->nr - i) * sizeof(tl->start[0]));
	memmove(&tl->end[i], &tl->end[i + count],
		(tl->nr - i) * sizeof(tl->end[0]));
}

static void timeline_insert(struct timeline *tl, u32 i, u64 start, u64 end)
{
	memmove(&tl->start[i + 1], &tl->start[i],
		(tl->nr - i) * sizeof(tl->start[0]));
	memmove(&tl->end[i + 1], &tl->end[i],
		(tl->nr - i) * sizeof(tl->end[0]));
	tl->start[i] = start;
	tl->end[i] = end;
	tl->nr++;
}

u64 timeline_book(struct timeline *tl, u64 now_ns, u64 ready_ns,
		  u64 duration_ns)
{
	u64 start = ready_ns, end;
	u32 i, past = 0;

	while (past < tl->nr && tl->end[past] <= now_ns)
		past++;
	if (past)
		timeline_remove(tl, 0, past);

	/* The first gap after @ready_ns that the operation fits in. */
	for (i = 0; i < tl->nr; i++) {
		if (tl->end[i] <= start)
			continue;
		if (tl->start[i] >= start + duration_ns)
			break;
		start = tl->end[i];
	}
	end = start + duration_ns;
	tl->busy_ns += duration_ns;
	if (end > tl->last_end_ns)
		tl->last_end_ns = end;
	if (!duration_ns)
		return start;

	/* Join the neighbours it touches; else take a slot of its own. */
	if (i > 0 && tl->end[i - 1] == start) {
		tl->end[i - 1] = end;
		if (i < tl->nr && tl->start[i] == end) {
			tl->end[i - 1] = tl->end[i];
			timeline_remove(tl, i, 1);
		}
		return start;
	}
	if (i < tl->nr && tl->start[i] == end) {
		tl->start[i] = start;
		return start;
	}
	if (tl->nr == TIMELINE_INTERVALS) {
		/*
		 * Give up the earliest gap to make room, unless that is the
		 * gap being filled (between i - 1 and i); then the next one.
		 */
		u32 j = i == 1 ? 1 : 0;

		tl->end[j] = tl->end[j + 1];
		timeline_remove(tl, j + 1, 1);
		if (i > j + 1)
			i--;
	}
	timeline_insert(tl, i, start, end);
	return start;
}

void chmodel_init(struct chmodel *ch, u32 mbps)
{
	memset(ch, 0, sizeof(*ch));
	/* 1 MB/s moves one byte per microsecond. */
	ch->ns_per_mib = mbps ? env_div_u64(NS_PER_US << MIB_SHIFT, mbps) : 0;
}

u64 chmodel_xfer_ns(const struct chmodel *ch, u64 bytes)
{
	return (bytes * ch->ns_per_mib) >> MIB_SHIFT;
}

u64 chmodel_transfer(struct chmodel *ch, u64 now_ns, u64 ready_ns,
		     u64 bytes)
{
	u64 xfer_ns = chmodel_xfer_ns(ch, bytes);

	return timeline_book(&ch->tl, now_ns, ready_ns, xfer_ns) + xfer_ns;
}
