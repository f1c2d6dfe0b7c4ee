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
};

/* A tunable left at this value keeps the FTL's own default. */
#define FTL_PARAM_DEFAULT	(-1)

/* What a user can tune at load time. */
struct ftl_params {
	u64 capacity;		/* bytes of backing store */
	int read_ns;
	int write_ns;
	int bandwidth_mbps;	/* 0: unlimited */
};

struct ftl_ops {
	const char *name;
	/* Returns the FTL's private state or NULL (and logs why). */
	void *(*create)(const struct ftl_params *params);
	void (*destroy)(void *ftl);
	/* Completion time in ns of @io; called from one thread only. */
	u64 (*submit)(void *ftl, const struct ftl_io *io);
};

extern const struct ftl_ops simple_ftl_ops;

/* Looks an FTL up by its ftl= name; NULL when there is none. */
const struct ftl_ops *ftl_find(const char *name);

#endif /* NVMEV_FTL_H */
