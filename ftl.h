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
	};

	return p;
}

#undef FTL_PARAM_KEEP_DEFAULT

/* Counters a flash FTL keeps; mapping units are 4 KiB. */
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

struct ftl_ops {
	const char *name;
	/* NULL unless the FTL places data by reclaim unit handle. */
	const struct ftl_fdp_ops *fdp;
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

/*
 * Takes tunable @value, named @param, into *@field unless it is
 * FTL_PARAM_DEFAULT; false (and a logged line) if outside @min..@max.
 */
bool ftl_param_override(u32 *field, int value, const char *param, int min,
			int max);

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
