// SPDX-License-Identifier: GPL-2.0
/* The userspace stand-ins of store_shim.h. */
#include "store_shim.h"

bool shim_no_pages;
struct page shim_zero_page;

struct page *shim_alloc_page(void)
{
	struct page *page;

	if (shim_no_pages)
		return NULL;
	page = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
	if (!page)
		return NULL;
	return memset(page, 0, PAGE_SIZE);
}

void shim_free_page(struct page *page)
{
	free(page);
}

/* ---- the radix tree ---- */

static void **xa_node(void)
{
	return calloc(XA_SLOTS, sizeof(void *));
}

void xa_init(struct xarray *xa)
{
	xa->root = NULL;
	xa->height = 0;
}

/* The indexes a tree of @height levels covers: below this. */
static unsigned long xa_span(unsigned int height)
{
	return height * XA_SHIFT >= 64 ? ULONG_MAX :
	       1UL << (height * XA_SHIFT);
}

void *xa_load(struct xarray *xa, unsigned long index)
{
	void **node = xa->root;
	unsigned int level;

	if (!node || index >= xa_span(xa->height))
		return NULL;
	for (level = xa->height - 1; level; level--) {
		node = node[(index >> (level * XA_SHIFT)) & (XA_SLOTS - 1)];
		if (!node)
			return NULL;
	}
	return node[index & (XA_SLOTS - 1)];
}

void *xa_cmpxchg(struct xarray *xa, unsigned long index, void *old,
		 void *entry, int gfp)
{
	void **node, **slot;
	unsigned int level;
	void *cur;

	(void)gfp;
	while (!xa->root || index >= xa_span(xa->height)) {
		void **up = xa_node();

		if (!up)
			return (void *)1;
		up[0] = xa->root;
		xa->root = up;
		xa->height++;
	}
	node = xa->root;
	for (level = xa->height - 1; level; level--) {
		slot = &node[(index >> (level * XA_SHIFT)) & (XA_SLOTS - 1)];
		if (!*slot && !(*slot = xa_node()))
			return (void *)1;
		node = *slot;
	}
	slot = &node[index & (XA_SLOTS - 1)];
	cur = *slot;
	if (cur == old)
		*slot = entry;
	return cur;
}

void *xa_erase(struct xarray *xa, unsigned long index)
{
	void *cur = xa_load(xa, index);

	if (cur)
		xa_cmpxchg(xa, index, cur, NULL, 0);
	return cur;
}

static void *xa_find_in(void **node, unsigned int level, unsigned long base,
			unsigned long *index, unsigned long last)
{
	unsigned long step = 1UL << (level * XA_SHIFT), i;

	for (i = 0; i < XA_SLOTS; i++) {
		unsigned long lo = base + i * step, hi = lo + step - 1;
		void *found;

		if (hi < *index || !node[i])
			continue;
		if (lo > last)
			return NULL;
		if (!level) {
			*index = lo;
			return node[i];
		}
		found = xa_find_in(node[i], level - 1, lo, index, last);
		if (found)
			return found;
	}
	return NULL;
}

void *xa_find(struct xarray *xa, unsigned long *index, unsigned long last)
{
	if (!xa->root)
		return NULL;
	return xa_find_in(xa->root, xa->height - 1, 0, index, last);
}

static void xa_free_node(void **node, unsigned int level)
{
	unsigned long i;

	for (i = 0; level && i < XA_SLOTS; i++)
		if (node[i])
			xa_free_node(node[i], level - 1);
	free(node);
}

void xa_destroy(struct xarray *xa)
{
	if (xa->root)
		xa_free_node(xa->root, xa->height - 1);
	xa_init(xa);
}

/* ---- the host buffer ---- */

u16 nvmev_storage_walk(struct nvmev_dev *dev, u64 prp1, u64 prp2, u64 length,
		       void *ctx,
		       bool (*segment)(void *ctx, u64 addr, u32 len, u64 done))
{
	u64 done = 0;

	(void)dev;
	(void)prp2;
	while (done < length) {
		u64 addr = prp1 + done;
		u32 len = (u32)min_t(u64, length - done,
				     PAGE_SIZE - offset_in_page(addr));

		if (!segment(ctx, addr, len, done))
			return 0x4;	/* Data Transfer Error */
		done += len;
	}
	return NVME_SC_SUCCESS;
}
