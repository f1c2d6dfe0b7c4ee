/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The zoned FTL's insides, shared by its four files: zns_ftl.c (the zone
 * state machine, Zone Management and the ops), zns_ftl_io.c (reads and
 * writes, and their timing on the flash), zns_ftl_report.c (Report Zones,
 * the Changed Zone List, statistics) and zns_ftl_create.c (the parameters
 * checked, create and destroy).  Nothing outside them includes this.
 */
#ifndef NVMEV_ZNS_FTL_INT_H
#define NVMEV_ZNS_FTL_INT_H

#include "zns_ftl.h"

#define ZNS_NO_ZONE	0xffffffffU

struct zns_zone {
	u8 state;		/* enum zns_state */
	u8 attrs;		/* ZNS_ZA_* */
	bool changed;		/* on the Changed Zone List */
	u64 wp;			/* bytes from the zone's start: committed */
	u64 fill;		/* bytes written: wp, or past it in the ZRWA */
	u32 programmed;		/* program units on flash */
	u32 buffered;		/* 4 KiB units held in the write buffer */
	u64 ready_ns;		/* the buffered data is at the controller */
	u64 last_program_ns;	/* the zone's last program ends */
	/* implicitly opened zones, least recently written first */
	u32 lru_prev;
	u32 lru_next;
};

struct zns_ftl {
	struct ssd *ssd;
	struct ftl_zns_config cfg;
	u32 zone_shift;
	u32 lines_per_zone;
	u64 pu_bytes;
	u32 pus_per_zone;	/* program units the capacity takes */
	struct zns_zone *zones;
	u64 *pu_done_ns;	/* zone * pus_per_zone + unit: on flash by */
	u32 lru_head;
	u32 lru_tail;
	struct zns_counters cnt;
	u32 changed[ZNS_CHANGED_ZONES_MAX];
	u32 nr_changed;
	bool changed_overflow;
	struct ftl_stats stats;
};

static inline u64 zns_zone_start(const struct zns_ftl *z, u32 zone)
{
	return (u64)zone << z->zone_shift;
}

static inline void zns_set_state(struct zns_ftl *z, struct zns_zone *zone,
				 u8 state)
{
	z->cnt.in_state[zone->state]--;
	z->cnt.in_state[state]++;
	zone->state = state;
}

/* The state machine (zns_ftl.c) */
void zns_release(struct zns_ftl *z, u32 zi);
void zns_commit(struct zns_ftl *z, u32 zi, u64 wp, u64 ready_ns);
enum zns_result zns_open_for_write(struct zns_ftl *z, u32 zi);

/* Flash, reads and writes (zns_ftl_io.c) */
void zns_program(struct zns_ftl *z, u32 zi, bool pad);
u64 zns_buffer(struct zns_ftl *z, struct zns_zone *zone, u64 to,
	       u64 ready_ns);
u64 zns_erase(struct zns_ftl *z, u32 zi, u64 ready_ns);
enum zns_result zns_io(void *ftl, struct zns_io *io);
u64 zns_submit(void *ftl, const struct ftl_io *fio);

/* Reports, changes, statistics (zns_ftl_report.c) */
enum zns_result zns_report(void *ftl, struct zns_report *r);
enum zns_result zns_set_state_by_controller(void *ftl, u32 zi,
					    enum zns_state state,
					    bool *notify);
u32 zns_changed_zones(void *ftl, u32 *zones, bool *overflow, bool clear);
u64 zns_store_offset(void *ftl, u64 offset, u64 *contiguous);
void zns_config(void *ftl, struct ftl_zns_config *cfg);
void zns_stats(void *ftl, struct ftl_stats *stats);
int zns_show(void *ftl, u64 now_ns, char *buf, size_t size);

/* Life cycle (zns_ftl_create.c) */
void *zns_create(const struct ftl_params *params);
void zns_destroy(void *ftl);

#endif /* NVMEV_ZNS_FTL_INT_H */
