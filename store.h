/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where a namespace keeps its data (store.c):
 *
 *   reserved  its slice of the memmap= region, as big as the namespace
 *   sparse    kernel pages, one per 4 KiB written, freed again when the
 *             range is deallocated, zeroed or formatted; all sparse
 *             namespaces together may hold at most sparse_max bytes
 *   none      nothing: writes are timed and dropped, reads return zeroes
 *
 * So a namespace may be far larger than the reserved memory: a sparse one
 * as long as what is written fits, a none one always.
 */
#ifndef _NVMEV_STORE_H
#define _NVMEV_STORE_H

#include "store_env.h"

enum nvmev_store_kind {
	NVMEV_STORE_RESERVED,
	NVMEV_STORE_SPARSE,
	NVMEV_STORE_NONE,
};

/* The page budget every sparse namespace of a device draws on. */
struct nvmev_sparse_pool {
	atomic_long_t pages;
	unsigned long max_pages;
};

struct nvmev_store {
	enum nvmev_store_kind kind;
	void *base;			/* reserved: the namespace's slice */
	/* sparse: */
	struct xarray pages;		/* page index -> struct page */
	/* Zeroing frees pages: it excludes every copy in or out. */
	struct rw_semaphore lock;
	atomic_long_t nr_pages;
	struct nvmev_sparse_pool *pool;
};

struct nvmev_dev;

/* The kinds' names, for messages that list them. */
#define NVMEV_STORE_KIND_NAMES	"reserved, sparse, none"

int nvmev_store_parse_kind(const char *text, enum nvmev_store_kind *kind);
const char *nvmev_store_kind_name(enum nvmev_store_kind kind);

void nvmev_store_init(struct nvmev_store *store, enum nvmev_store_kind kind,
		      void *base, struct nvmev_sparse_pool *pool);
void nvmev_store_free(struct nvmev_store *store);
u64 nvmev_store_used_bytes(struct nvmev_store *store);

u16 nvmev_store_xfer(struct nvmev_dev *dev, struct nvmev_store *store,
		     u64 offset, u64 prp1, u64 prp2, u64 length, u64 buf_len,
		     bool to_host);
u16 nvmev_store_compare(struct nvmev_dev *dev, struct nvmev_store *store,
			u64 offset, u64 prp1, u64 prp2, u64 length,
			u64 *mismatch);
void nvmev_store_read(struct nvmev_store *store, void *dst, u64 offset,
		      u64 length);
u16 nvmev_store_move(struct nvmev_store *store, u64 dst, u64 src, u64 length);
void nvmev_store_zero(struct nvmev_store *store, u64 offset, u64 length);

#endif
