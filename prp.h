/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Walking a command's Physical Region Page entries (NVMe base spec,
 * "Physical Region Page Entry and List").  Pure logic: the caller supplies
 * how to read a list entry and what to do with each data segment, so the
 * walker is tested in userspace against hand-built lists.
 */
#ifndef NVMEV_PRP_H
#define NVMEV_PRP_H

#include "ftl_env.h"

enum prp_result {
	PRP_OK = 0,
	PRP_BAD_OFFSET,		/* an entry has an offset it must not have */
	PRP_XFER_ERROR,		/* a list or data page could not be accessed */
};

struct prp_walker {
	u64 prp1;
	u64 prp2;
	u64 length;		/* bytes the command transfers */
	u32 page_size;		/* host memory page size, CC.MPS */
	void *ctx;
	/* Reads the 8-byte list entry at host address @addr. */
	bool (*read_entry)(void *ctx, u64 addr, u64 *entry);
	/* Moves @len bytes at host address @addr, @done bytes into the data. */
	bool (*segment)(void *ctx, u64 addr, u32 len, u64 done);
};

enum prp_result prp_walk(const struct prp_walker *w);

#endif /* NVMEV_PRP_H */
