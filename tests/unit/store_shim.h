/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-ins for what store.c takes from the kernel (store_env.h):
 * pages are 4 KiB heap blocks, the xarray is a 64-way radix tree that grows
 * as the kernel's does, locks are no-ops (the tests run one thread), and a
 * "host buffer" is plain memory whose address is its PRP1.
 */
#ifndef NVMEV_STORE_SHIM_H
#define NVMEV_STORE_SHIM_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef unsigned long long u64;

#define PAGE_SHIFT		12
#define PAGE_SIZE		(1UL << PAGE_SHIFT)
#define SZ_1M			(1UL << 20)
#define ULONG_MAX		(~0UL)
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define offset_in_page(p)	((unsigned long)(p) & (PAGE_SIZE - 1))
#define DIV_ROUND_UP_ULL(n, d)	(((n) + (d) - 1) / (d))
#define min_t(t, a, b)		((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#define max(a, b)		((a) > (b) ? (a) : (b))

#define NVME_SC_SUCCESS		0x0
#define NVME_SC_INTERNAL	0x6
#define NVME_SC_CAP_EXCEEDED	0x81
#define NVME_SC_COMPARE_FAILED	0x285
#define NVMEV_DNR		0x4000

#define GFP_NOIO		0
#define __GFP_ZERO		0
#define __GFP_NOWARN		0

#define pr_warn_ratelimited(fmt, ...) \
	fprintf(stderr, "nvmev: " fmt, ##__VA_ARGS__)
#define cond_resched()		do { } while (0)

/* ---- atomics and locks: one thread ---- */
typedef struct { long v; } atomic_long_t;
#define atomic_long_set(a, x)		((a)->v = (x))
#define atomic_long_read(a)		((a)->v)
#define atomic_long_inc(a)		((a)->v++)
#define atomic_long_dec(a)		((a)->v--)
#define atomic_long_inc_return(a)	(++(a)->v)

struct rw_semaphore { int readers, writer; };
#define init_rwsem(s)	memset((s), 0, sizeof(*(s)))
#define down_read(s)	((s)->readers++)
#define up_read(s)	((s)->readers--)
#define down_write(s)	((s)->writer++)
#define up_write(s)	((s)->writer--)

/* ---- pages ---- */
struct page { u8 data[PAGE_SIZE]; };
extern bool shim_no_pages;	/* alloc_page() fails while set */
struct page *shim_alloc_page(void);	/* zeroed, or NULL */
void shim_free_page(struct page *page);
#define alloc_page(gfp)		shim_alloc_page()
#define __free_page(p)		shim_free_page(p)
#define page_address(p)		((void *)(p))
extern struct page shim_zero_page;
#define ZERO_PAGE(addr)		(&shim_zero_page)
#define kmalloc(size, gfp)	malloc(size)
#define kfree(p)		free(p)

/* ---- xarray: a radix tree of 64-way nodes ---- */
#define XA_SHIFT	6
#define XA_SLOTS	(1UL << XA_SHIFT)

struct xarray {
	void **root;		/* a node: XA_SLOTS slots */
	unsigned int height;	/* levels of nodes; 0: empty */
};

void xa_init(struct xarray *xa);
void *xa_load(struct xarray *xa, unsigned long index);
/* Stores @entry at @index if it holds @old; returns what it held. */
void *xa_cmpxchg(struct xarray *xa, unsigned long index, void *old,
		 void *entry, int gfp);
void *xa_erase(struct xarray *xa, unsigned long index);
void xa_destroy(struct xarray *xa);
/* The first entry at or after *@index, up to @last; its index in *@index. */
void *xa_find(struct xarray *xa, unsigned long *index, unsigned long last);
#define xa_is_err(entry)	((uintptr_t)(entry) == 1)

#define xa_for_each_range(xa, index, entry, start, last)		\
	for ((index) = (start), (entry) = xa_find((xa), &(index), (last)); \
	     (entry);							\
	     (entry) = (index) == (last) ? NULL :			\
		       ((index)++, xa_find((xa), &(index), (last))))
#define xa_for_each(xa, index, entry) \
	xa_for_each_range(xa, index, entry, 0, ULONG_MAX)

/* ---- the host side ---- */
struct nvmev_dev;
#define kunmap_local(p)		do { (void)(p); } while (0)
static inline void *nvmev_host_page_map(u64 addr)
{
	return (void *)(uintptr_t)addr;
}
/* The host buffer is contiguous at @prp1, cut at 4 KiB boundaries. */
u16 nvmev_storage_walk(struct nvmev_dev *dev, u64 prp1, u64 prp2, u64 length,
		       void *ctx,
		       bool (*segment)(void *ctx, u64 addr, u32 len, u64 done));

static inline int match_string(const char *const *array, size_t n,
			       const char *string)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (array[i] && !strcmp(array[i], string))
			return (int)i;
	return -EINVAL;
}

#endif
