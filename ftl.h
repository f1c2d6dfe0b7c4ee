/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The interface every FTL implements.  An FTL is a timing (and, for the
 * flash FTLs, mapping) model: the dispatcher hands it each I/O command in
 * submission order and it answers when the command completes.  The data
 * itself lives in the reserved memory and is moved by the I/O workers, so an
 * FTL never touches host memory and builds in userspace as well.
 */
#ifndef NVMEV_FTL_H
#define NVMEV_FTL_H

#include "ftl_env.h"
#include "ftl_params.h"

enum ftl_op {
	FTL_OP_READ,
	FTL_OP_WRITE,
	FTL_OP_FLUSH,
	FTL_OP_TRIM,
	FTL_OP_WRITE_ZEROES,
};

/* One I/O command, as the FTL sees it. */
struct ftl_io {
	enum ftl_op op;
	u64 offset;	/* byte offset in the namespace */
	u64 length;	/* bytes */
	u64 now_ns;	/* submission time */
	/*
	 * The data stays inside the device (Verify, Copy): a read or write
	 * of the media that moves nothing over the host link.
	 */
	bool internal;
	/*
	 * Where a write goes under Flexible Data Placement: a reclaim group
	 * and a reclaim unit handle, both checked by the caller.  0 and 0
	 * for every FTL without FDP, and for writes without a directive.
	 */
	u16 rg;
	u16 ruh;
};

/* A tunable left at this value keeps the FTL's own default. */
#define FTL_PARAM_DEFAULT	(-1)

/*
 * What a user can tune at load time: the tunables of ftl_params.h, each
 * an int that keeps the FTL's (or the profile's) own value while it is
 * FTL_PARAM_DEFAULT.
 */
#define FTL_PARAM_FIELD(name, description)	int name;

struct ftl_params {
	u64 capacity;		/* bytes the namespace exposes */
	/* flash FTLs: a preset from ssd_config.h, then the overrides */
	const char *profile;
	FTL_INT_PARAMS(FTL_PARAM_FIELD)
	/*
	 * Zoned FTL (zns), in bytes, for they take sizes (64M): zone size
	 * (a power of two), zone capacity (the writable part of a zone),
	 * zone random write area (0: none).  Its zone limits are ints of
	 * ftl_params.h.
	 */
	s64 zone_size;
	s64 zone_capacity;
	s64 zrwa;
	/*
	 * Bytes the FTL's tables should fit in when it chooses how finely
	 * to map (conv, fdp: map_unit_kib unset); 0: no limit.
	 */
	u64 mem_budget;
	/*
	 * The data area, for an FTL that lays its data out itself (kv):
	 * @capacity bytes at @storage.  @drain, if set, returns once every
	 * data copy already handed to the I/O workers is done, so the FTL
	 * may reuse or move space those copies touch.
	 */
	void *storage;
	void (*drain)(void *ctx);
	void *drain_ctx;
};

#undef FTL_PARAM_FIELD

#define FTL_PARAM_KEEP_DEFAULT(name, description) .name = FTL_PARAM_DEFAULT,

/* Parameters that keep every default, for the tools and tests to tune. */
static inline struct ftl_params ftl_params_default(u64 capacity,
						   const char *profile)
{
	const struct ftl_params p = {
		.capacity = capacity,
		.profile = profile,
		FTL_INT_PARAMS(FTL_PARAM_KEEP_DEFAULT)
		.zone_size = FTL_PARAM_DEFAULT,
		.zone_capacity = FTL_PARAM_DEFAULT,
		.zrwa = FTL_PARAM_DEFAULT,
	};

	return p;
}

#undef FTL_PARAM_KEEP_DEFAULT

/* Counters a flash FTL keeps, in 4 KiB units whatever it maps in. */
struct ftl_stats {
	u64 host_write_units;	/* written by host commands */
	u64 nand_write_units;	/* programmed: host data + GC copies */
	u64 gc_copied_units;
	u64 gc_runs;		/* lines reclaimed */
	u64 erases;		/* blocks erased */
	u64 erased_bytes;	/* their size */
	u32 free_lines;
	u32 total_lines;
};

/* The shape of an FDP FTL's one configuration. */
struct ftl_fdp_config {
	u32 nr_rgs;		/* reclaim groups */
	u32 nr_ruhs;		/* reclaim unit handles */
	u32 nr_persistent;	/* the last ones are persistently isolated */
	u64 ru_bytes;		/* a reclaim unit's nominal size */
};

/* A handle of @cfg is persistently isolated, or else initially isolated. */
static inline bool ftl_fdp_ruh_persistent(const struct ftl_fdp_config *cfg,
					  u32 ruh)
{
	return ruh >= cfg->nr_ruhs - cfg->nr_persistent;
}

/*
 * Garbage collection moved data that a host handle had written out of
 * its reclaim unit: a Media Reallocated event.
 */
struct ftl_relocation {
	u16 rg;
	u16 ruh;
	u32 units;		/* mapping units moved */
	u64 example_offset;	/* byte offset of one of them */
};

/* What an FTL with Flexible Data Placement adds; called like submit(). */
struct ftl_fdp_ops {
	void (*config)(void *ftl, struct ftl_fdp_config *cfg);
	/* Bytes the reclaim unit @ruh references in @rg can still take. */
	u64 (*ru_available)(void *ftl, u32 rg, u32 ruh);
	/*
	 * Points @ruh in @rg at an empty reclaim unit.  True if the one it
	 * leaves had been written but not filled.
	 */
	bool (*ruh_update)(void *ftl, u32 rg, u32 ruh);
	/* Takes the oldest relocation not yet taken; false when none is. */
	bool (*take_relocation)(void *ftl, struct ftl_relocation *r);
};

/* ---- Zoned Namespaces (NVMe Zoned Namespace Command Set 1.1) ---- */

/* Zone states, with the spec's Zone State (ZS) encodings. */
enum zns_state {
	ZNS_ZSE = 0x1,		/* Empty */
	ZNS_ZSIO = 0x2,		/* Implicitly Opened */
	ZNS_ZSEO = 0x3,		/* Explicitly Opened */
	ZNS_ZSC = 0x4,		/* Closed */
	ZNS_ZSRO = 0xd,		/* Read Only */
	ZNS_ZSF = 0xe,		/* Full */
	ZNS_ZSO = 0xf,		/* Offline */
};

#define ZNS_NR_STATE_CODES	0x10

/* Zone Attributes (ZA) bits of a zone descriptor. */
#define ZNS_ZA_ZFC		0x01	/* Zone Finished by Controller */
#define ZNS_ZA_FZR		0x02	/* Finish Zone Recommended */
#define ZNS_ZA_RZR		0x04	/* Reset Zone Recommended */
#define ZNS_ZA_ZRWAV		0x08	/* a ZRWA is allocated to the zone */

/* Zone Type (ZT): every zone is sequential write required. */
#define ZNS_ZT_SEQ_WRITE_REQUIRED	0x2

/* What a zoned command comes to; the controller maps each to a status. */
enum zns_result {
	ZNS_OK,
	ZNS_INVALID_WRITE,	/* Zone Invalid Write: not at the pointer */
	ZNS_BOUNDARY,		/* Zone Boundary Error: past the capacity */
	ZNS_FULL,		/* Zone Is Full */
	ZNS_READ_ONLY,		/* Zone Is Read Only */
	ZNS_OFFLINE,		/* Zone Is Offline */
	ZNS_TOO_MANY_ACTIVE,	/* Too Many Active Zones */
	ZNS_TOO_MANY_OPEN,	/* Too Many Open Zones */
	ZNS_INVALID_TRANSITION,	/* Invalid Zone State Transition */
	ZNS_INVALID_FIELD,	/* Invalid Field in Command */
	ZNS_LBA_RANGE,		/* LBA Out of Range: past the last zone */
	ZNS_INVALID_ZONE_OP,	/* Invalid Zone Operation Request (B6h) */
	ZNS_NO_ZRWA,		/* Zone ZRWA Resources Unavailable (B7h) */
};

/* Zone Management Send actions (ZSA), with the spec's encodings. */
enum zns_action {
	ZNS_ACT_CLOSE = 0x01,
	ZNS_ACT_FINISH = 0x02,
	ZNS_ACT_OPEN = 0x03,
	ZNS_ACT_RESET = 0x04,
	ZNS_ACT_OFFLINE = 0x05,
	ZNS_ACT_ZRWA_FLUSH = 0x11,	/* Flush Explicit ZRWA Range */
};

/* Report Zones' Reporting Options (Zone Receive Action Specific). */
enum zns_report_option {
	ZNS_LIST_ALL = 0x0,
	ZNS_LIST_ZSE = 0x1,
	ZNS_LIST_ZSIO = 0x2,
	ZNS_LIST_ZSEO = 0x3,
	ZNS_LIST_ZSC = 0x4,
	ZNS_LIST_ZSF = 0x5,
	ZNS_LIST_ZSRO = 0x6,
	ZNS_LIST_ZSO = 0x7,
};

/*
 * The shape of a zoned namespace; sizes in bytes.  The namespace spans
 * nr_zones * zone_size bytes of LBAs, of which each zone's first
 * zone_capacity are writable; the data needs store_bytes of storage
 * (store_offset() lays it out).  Zone Append's size limit (ZASL) is the
 * controller's: Identify reports it per controller, not per namespace.
 */
struct ftl_zns_config {
	u64 zone_size;		/* a power of two: zones start this far apart */
	u64 zone_capacity;	/* writable bytes from each zone's start */
	u32 nr_zones;
	u32 max_open;		/* 0: no limit */
	u32 max_active;		/* 0: no limit */
	u64 zrwa_size;		/* 0: no ZRWA */
	u64 zrwa_flush_granularity;
	u32 nr_zrwa;		/* zones that may hold a ZRWA at once */
	u64 store_bytes;	/* the compact data store (zns_store_offset) */
};

/* A read or write of a zoned namespace; offsets in namespace bytes. */
struct zns_io {
	bool write;
	bool append;		/* Zone Append: @offset is the zone's start */
	bool internal;		/* as ftl_io's: nothing crosses PCIe */
	u64 offset;
	u64 length;
	u64 now_ns;
	/* answers */
	u64 done_ns;		/* completion time (@now_ns on an error) */
	u64 written_at;		/* write: where the data went */
};

/* One Zone Management Send command. */
struct zns_mgmt {
	enum zns_action action;
	/*
	 * The zone's start (ZSLBA) in bytes; for ZNS_ACT_ZRWA_FLUSH the byte
	 * just past the last LBA to flush, i.e. (SLBA + 1) << lba_shift.
	 */
	u64 offset;
	bool select_all;
	bool zrwa;		/* Open: allocate a ZRWA (ZRWAA) */
	u64 now_ns;
	u64 done_ns;		/* answer */
};

/* A zone descriptor, in the caller's LBAs. */
struct zns_zone_desc {
	u8 type;		/* ZNS_ZT_* */
	u8 state;		/* enum zns_state */
	u8 attrs;		/* ZNS_ZA_* */
	u64 zslba;
	u64 zcap;
	u64 wp;			/* all ones where the spec says invalid */
};

/* A Report Zones request and its answer. */
struct zns_report {
	u32 first_zone;		/* the zone holding the request's SLBA */
	enum zns_report_option option;
	u32 lba_shift;		/* descriptors in units of 1 << lba_shift */
	struct zns_zone_desc *descs;
	u32 max_descs;
	/* answers */
	u32 nr_descs;		/* filled in */
	u64 nr_matching;	/* every zone from first_zone on that matches */
};

/* The Changed Zone List log page holds this many zone IDs at most. */
#define ZNS_CHANGED_ZONES_MAX	511

/*
 * What a zoned FTL adds; called like submit(), from one thread.  A zone is
 * named by its index (offset / zone_size).
 */
struct ftl_zns_ops {
	void (*config)(void *ftl, struct ftl_zns_config *cfg);
	/*
	 * Checks @io against its zone and, if ZNS_OK, performs it: a write
	 * at the write pointer (anywhere in the ZRWA of a zone that has
	 * one), or a Zone Append, opening the zone implicitly; a read of
	 * any zone but an offline one, across zone boundaries too (whether
	 * to allow that, OZCS.RAZB, is the controller's call).  Write
	 * Zeroes is a write with @internal set.
	 */
	enum zns_result (*io)(void *ftl, struct zns_io *io);
	enum zns_result (*manage)(void *ftl, struct zns_mgmt *mgmt);
	/* Report Zones: ZNS_INVALID_FIELD for an unknown option. */
	enum zns_result (*report)(void *ftl, struct zns_report *report);
	/*
	 * The controller (error injection) makes @zone Read Only or Offline
	 * (@state ZNS_ZSRO or ZNS_ZSO) and lists it as changed.  *@notify
	 * is true when the Changed Zone List went from empty to not: the
	 * moment for a Zone Descriptor Changed event.
	 */
	enum zns_result (*set_state)(void *ftl, u32 zone, enum zns_state state,
				     bool *notify);
	/*
	 * Copies the Changed Zone List's zone indexes into @zones (room for
	 * ZNS_CHANGED_ZONES_MAX) and returns how many; *@overflow is true
	 * when more zones changed than the list holds (the log then reports
	 * FFFFh).  @clear empties the list.
	 */
	u32 (*changed_zones)(void *ftl, u32 *zones, bool *overflow,
			     bool clear);
	/*
	 * Where namespace byte @offset lives in the compact data store
	 * (zone * capacity + offset in the zone), and in *@contiguous how
	 * many bytes from there on are contiguous in it; ZNS_NO_STORE (and
	 * the bytes to the next zone) for the gap past a zone's capacity,
	 * which reads as zeroes.
	 */
	u64 (*store_offset)(void *ftl, u64 offset, u64 *contiguous);
};

#define ZNS_NO_STORE		(~0ULL)

struct ftl_ops {
	const char *name;
	/* NULL unless the FTL places data by reclaim unit handle. */
	const struct ftl_fdp_ops *fdp;
	/* NULL unless the namespace is zoned. */
	const struct ftl_zns_ops *zns;
	/*
	 * Optional: the bytes of memory create() would allocate for
	 * @params (its map unit chosen as create() would), for the caller
	 * to refuse a namespace that does not fit before trying; 0 when
	 * @params make no device (create() then says why).  Without it the
	 * FTL's memory is small or bounded by the namespace's storage.
	 */
	u64 (*mem_bytes)(const struct ftl_params *params);
	/* Returns the FTL's private state or NULL (and logs why). */
	void *(*create)(const struct ftl_params *params);
	void (*destroy)(void *ftl);
	/* Completion time in ns of @io; called from one thread only. */
	u64 (*submit)(void *ftl, const struct ftl_io *io);
	/* Optional: the counters above (zeroed by the caller first). */
	void (*stats)(void *ftl, struct ftl_stats *stats);
	/*
	 * Optional: a text report (counters, geometry, per-die utilisation
	 * up to @now_ns) into @buf; returns the length written.
	 */
	int (*show)(void *ftl, u64 now_ns, char *buf, size_t size);
};

extern const struct ftl_ops simple_ftl_ops;
extern const struct ftl_ops conv_ftl_ops;
extern const struct ftl_ops kv_ftl_ops;
extern const struct ftl_ops fdp_ftl_ops;
extern const struct ftl_ops zns_ftl_ops;

/*
 * Takes tunable @value, named @param, into *@field unless it is
 * FTL_PARAM_DEFAULT; false (and a logged line) if outside @min..@max.
 */
bool ftl_param_override(u32 *field, int value, const char *param, int min,
			int max);
/* The same, logging a value outside @min..@max only if @report. */
bool ftl_param_take(u32 *field, int value, const char *param, int min,
		    int max, bool report);

/*
 * For an FTL without Flexible Data Placement: true if @p leaves every FDP
 * parameter alone, else false and a logged line naming the parameter.
 */
bool ftl_params_without_fdp(const struct ftl_params *p, const char *ftl);
/* Puts every FDP parameter of @p back to FTL_PARAM_DEFAULT. */
void ftl_params_reset_fdp(struct ftl_params *p);

/* Looks an FTL up by its ftl= name; NULL when there is none. */
const struct ftl_ops *ftl_find(const char *name);
/* The FTL at @index of the table, e.g. to list them; NULL past the last. */
const struct ftl_ops *ftl_at(u32 index);

#endif /* NVMEV_FTL_H */
