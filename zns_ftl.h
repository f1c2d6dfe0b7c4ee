/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The zoned FTL (ftl=zns): zones of the NVMe Zoned Namespace Command Set
 * over the flash model of ssd.h.  The controller drives it through
 * zns_ftl_ops.zns (ftl.h); this header adds what the unit tests and the
 * simulator look at besides.
 */
#ifndef NVMEV_ZNS_FTL_H
#define NVMEV_ZNS_FTL_H

#include "ssd.h"

/* What the zoned FTL has done since it was created. */
struct zns_counters {
	u32 in_state[ZNS_NR_STATE_CODES];	/* zones, by enum zns_state */
	u32 open;			/* ZSIO + ZSEO */
	u32 active;			/* ZSIO + ZSEO + ZSC */
	u32 zrwa;			/* zones holding a ZRWA */
	u64 implicit_opens;
	u64 explicit_opens;
	u64 implicit_closes;		/* the controller made room */
	u64 closes;
	u64 finishes;			/* by Finish Zone */
	u64 fills;			/* zones writes made full */
	u64 resets;			/* of zones that were not empty */
	u64 zrwa_flushes;		/* explicit */
	u64 zrwa_implicit_flushes;
	u64 pad_units;			/* programmed without host data */
	u64 rejected;			/* answered other than ZNS_OK */
};

void zns_ftl_counters(void *ftl, struct zns_counters *c);

#ifdef NVMEV_USERSPACE
/* The flash model under the FTL. */
struct ssd *zns_ftl_ssd(void *ftl);
#endif

#endif /* NVMEV_ZNS_FTL_H */
