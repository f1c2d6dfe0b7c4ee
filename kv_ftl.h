/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The key-value FTL (ftl=kv): a hash index from key to value, a
 * log-structured value store in the reserved memory with compaction, and
 * the flash model of ssd.h for timing.  The dispatcher calls it for every
 * key-value command; it returns where the value's bytes are (or go) and
 * when the command completes, and an I/O worker copies the bytes.
 */
#ifndef NVMEV_KV_FTL_H
#define NVMEV_KV_FTL_H

#include "ssd.h"
#include "nvme_kv.h"

/* A key: its bytes, zero past @len, and its length (1-16). */
struct kv_key {
	u8 bytes[KV_MAX_KEY_LEN];
	u8 len;
};

enum kv_op {
	KV_OP_STORE,
	KV_OP_RETRIEVE,
	KV_OP_DELETE,
	KV_OP_EXIST,
};

enum kv_result {
	KV_OK,
	KV_NOT_FOUND,		/* the key does not exist */
	KV_EXISTS,		/* a store said "only if absent" */
	KV_NO_SPACE,		/* capacity exceeded: no room for the value */
	KV_TOO_BIG,		/* a value larger than the maximum */
};

/* One key-value command, as the FTL sees it. */
struct kv_io {
	enum kv_op op;
	struct kv_key key;
	u32 length;		/* store: the value's bytes; retrieve: unused */
	u32 options;		/* store: KV_STORE_OPT_* */
	u64 now_ns;		/* submission time */
	/* Answers */
	u64 done_ns;		/* completion time */
	u64 offset;		/* store: where the value goes; retrieve: where it is */
	u32 value_len;		/* retrieve: the value's length */
};

/* A key list (List, Iterate Read) being built. */
struct kv_list {
	u64 cursor;		/* in: where to start; out: where to go on */
	u32 prefix;		/* keys whose first four bytes, masked, ... */
	u32 mask;		/* ... equal the masked prefix */
	u8 *buf;		/* the list, laid out as nvme_kv.h says */
	u32 buf_len;
	u32 nr_keys;		/* out */
	u64 now_ns;
	u64 done_ns;		/* out */
};

/* Executes @io on the FTL's index and value store. */
enum kv_result kv_ftl_exec(void *ftl, struct kv_io *io);

/* Where a list of keys from @key on starts (@key NULL: the first key). */
u64 kv_ftl_list_start(void *ftl, const struct kv_key *key);
/* Fills @list with the keys from its cursor on, as many as fit. */
void kv_ftl_list(void *ftl, struct kv_list *list);

/* Iterators (kv_layout=samsung): a handle, or 0 when all are in use. */
u32 kv_ftl_iter_open(void *ftl, u32 prefix, u32 mask);
bool kv_ftl_iter_close(void *ftl, u32 handle);
/* Fills @list from iterator @handle and moves it on; false: no such one. */
bool kv_ftl_iter_read(void *ftl, u32 handle, struct kv_list *list);

/* Limits the FTL was created with. */
u64 kv_ftl_capacity(void *ftl);		/* bytes of records that fit */
u64 kv_ftl_used(void *ftl);		/* bytes of live records */
u32 kv_ftl_max_keys(void *ftl);
u32 kv_ftl_max_value(void *ftl);

#ifdef NVMEV_USERSPACE
/* For the unit tests: keys stored, and every invariant checked. */
u32 kv_ftl_nr_keys(void *ftl);
struct ssd *kv_ftl_ssd(void *ftl);
bool kv_ftl_audit(void *ftl, char *why, size_t size);
#endif

#endif /* NVMEV_KV_FTL_H */
