// SPDX-License-Identifier: GPL-2.0
/* The timelines of channel_model.h. */
#include "channel_model.h"

#define MIB_SHIFT	20
#define NS_PER_US	1000ULL

/* Moves the live intervals down to the start of the array. */
static void timeline_compact(struct timeline *tl)
{
	memmove(&tl->iv[0], &tl->iv[tl->first],
		(tl->nr - tl->first) * sizeof(tl->iv[0]));
	tl->nr -= tl->first;
	tl->first = 0;
}

/* The first interval at or after @from that ends after @t. */
static u32 timeline_search(const struct timeline *tl, u32 from, u64 t)
{
	u32 lo = from, hi = tl->nr;

	/* Intervals are disjoint and sorted, so their ends are too. */
	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (tl->iv[mid].end <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

u64 timeline_book(struct timeline *tl, u64 now_ns, u64 ready_ns,
		  u64 duration_ns)
{
	struct timeline_interval *iv = tl->iv;
	u64 min_gap = env_max(tl->min_op_ns, 1ULL);
	u64 start = ready_ns, end;
	u32 i, probes;

	/* Intervals over by now can no longer take or block anything. */
	if (tl->first < tl->nr && iv[tl->first].end <= now_ns)
		tl->first = timeline_search(tl, tl->first, now_ns);

	/*
	 * The first gap after @ready_ns that the operation fits in, trying
	 * a few; past them it queues behind everything booked, as a
	 * controller with a bounded scheduling window would.
	 */
	if (tl->first == tl->nr || iv[tl->nr - 1].end <= start)
		i = tl->nr;	/* after everything: the common case */
	else
		i = timeline_search(tl, tl->first, start);
	for (probes = 0; i < tl->nr; i++, probes++) {
		if (iv[i].start >= start + duration_ns)
			break;
		if (probes + 1 == TIMELINE_MAX_PROBES) {
			i = tl->nr;
			start = iv[i - 1].end;
			break;
		}
		start = iv[i].end;
	}
	end = start + duration_ns;
	tl->busy_ns += duration_ns;
	if (end > tl->last_end_ns)
		tl->last_end_ns = end;
	if (!duration_ns)
		return start;

	/*
	 * Join the neighbours it leaves no usable gap to; else take a slot
	 * of its own.
	 */
	if (i > tl->first && start - iv[i - 1].end < min_gap) {
		iv[i - 1].end = end;
		if (i < tl->nr && iv[i].start - end < min_gap) {
			iv[i - 1].end = iv[i].end;
			memmove(&iv[i], &iv[i + 1],
				(tl->nr - i - 1) * sizeof(iv[0]));
			tl->nr--;
		}
		return start;
	}
	if (i < tl->nr && iv[i].start - end < min_gap) {
		iv[i].start = start;
		return start;
	}
	if (tl->nr == TIMELINE_INTERVALS) {
		if (tl->first) {
			i -= tl->first;
			timeline_compact(tl);
		} else {
			/*
			 * Give up the earliest gap to make room, unless that
			 * is the gap being filled (before i); then the next.
			 */
			u32 j = i == 1 ? 1 : 0;

			iv[j].end = iv[j + 1].end;
			memmove(&iv[j + 1], &iv[j + 2],
				(tl->nr - j - 2) * sizeof(iv[0]));
			tl->nr--;
			if (i > j + 1)
				i--;
		}
	}
	memmove(&iv[i + 1], &iv[i], (tl->nr - i) * sizeof(iv[0]));
	iv[i].start = start;
	iv[i].end = end;
	tl->nr++;
	return start;
}

void chmodel_init(struct chmodel *ch, u32 mbps)
{
	memset(ch, 0, sizeof(*ch));
	/* 1 MB/s moves one byte per microsecond. */
	ch->ns_per_mib = mbps ? env_div_u64(NS_PER_US << MIB_SHIFT, mbps) : 0;
	ch->tl.min_op_ns = chmodel_xfer_ns(ch, CHMODEL_MIN_BYTES);
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
