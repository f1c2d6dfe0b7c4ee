/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Time on a shared resource: a flash channel, a die, one direction of the
 * PCIe link.
 *
 * Operations are booked in the order the dispatcher sees commands, but they
 * become ready out of that order: a read booked now may find its die sensed
 * after a read booked later.  A resource that only remembered "busy until"
 * would make the later operation queue behind the earlier one's future slot
 * and leave the gap before it idle, halving random-read throughput.  So a
 * timeline keeps the intervals it has booked from now on and places each
 * operation in the first gap long enough for it, as a controller that
 * schedules its channels would.
 */
#ifndef NVMEV_CHANNEL_MODEL_H
#define NVMEV_CHANNEL_MODEL_H

#include "ftl_env.h"

/*
 * Booked intervals kept per resource.  When more are outstanding the two
 * earliest merge (their gap is given up), so the cost per booking stays
 * bounded and the model only errs towards slower.
 */
#define TIMELINE_INTERVALS	32
/* Gaps tried per booking before queueing at the end. */
#define TIMELINE_MAX_PROBES	8

struct timeline_interval {
	u64 start;
	u64 end;
};

struct timeline {
	/* Booked intervals, sorted and disjoint: iv[first] .. iv[nr - 1]. */
	u32 first;
	u32 nr;
	/*
	 * The shortest operation this resource ever takes.  A gap shorter
	 * than that can never be used, so it is booked as busy: the
	 * intervals left are few and each gap found is worth trying.
	 */
	u64 min_op_ns;
	struct timeline_interval iv[TIMELINE_INTERVALS];
	u64 busy_ns;			/* total time booked */
	u64 last_end_ns;		/* end of the latest interval */
};

/*
 * Books @duration_ns in the first gap at or after @ready_ns and returns
 * its start.  @now_ns (non-decreasing across calls) lets the timeline
 * forget intervals that are over.
 */
u64 timeline_book(struct timeline *tl, u64 now_ns, u64 ready_ns,
		  u64 duration_ns);

/*
 * A timeline that moves bytes at a fixed bandwidth.  Its shortest
 * operation is taken to be one CHMODEL_MIN_BYTES transfer: smaller ones
 * (a 512-byte LBA over PCIe) do not look for gaps shorter than that.
 */
#define CHMODEL_MIN_BYTES	4096
struct chmodel {
	struct timeline tl;
	u64 ns_per_mib;		/* transfer time of 2^20 bytes; 0: infinite */
};

/* @mbps is in MB/s (bytes per microsecond); 0 means no limit. */
void chmodel_init(struct chmodel *ch, u32 mbps);

/* Time @bytes take on the channel. */
u64 chmodel_xfer_ns(const struct chmodel *ch, u64 bytes);

/* Moves @bytes once they are ready at @ready_ns; returns when they arrive. */
u64 chmodel_transfer(struct chmodel *ch, u64 now_ns, u64 ready_ns,
		     u64 bytes);

#endif /* NVMEV_CHANNEL_MODEL_H */
