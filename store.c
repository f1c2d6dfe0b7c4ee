// SPDX-License-Identifier: GPL-2.0
/*
 * A namespace's data, wherever its store keeps it (store.h).  Every copy
 * in or out goes through store_at(), which gives the bytes at an offset:
 * the reserved slice, a sparse page, or nothing, for a hole or a none
 * store, which read as zeroes and take writes as nothing.
 *
 * A sparse store gets its pages before a write copies anything, so a
 * write that cannot have them fails whole, with Capacity Exceeded, and
 * leaves the old data as it was.  Copies hold the store's lock shared and
 * only zeroing, which frees pages, holds it alone: a page is never freed
 * under a copy.  Pages come with GFP_NOIO: the host may be writing back
 * to this very device to free memory.
 */
#define pr_fmt(fmt) "nvmev: " fmt

#ifdef NVMEV_USERSPACE
#include "store.h"
#else
#include "nvmev.h"
#endif

/* Bytes zeroed between chances for the scheduler. */
#define STORE_ZERO_CHUNK	SZ_1M
#define STORE_PAGE_GFP		(GFP_NOIO | __GFP_ZERO | __GFP_NOWARN)

static const char *const store_kind_names[] = {
	[NVMEV_STORE_RESERVED] = "reserved",
	[NVMEV_STORE_SPARSE] = "sparse",
	[NVMEV_STORE_NONE] = "none",
};

int nvmev_store_parse_kind(const char *text, enum nvmev_store_kind *kind)
{
	int i = match_string(store_kind_names, ARRAY_SIZE(store_kind_names),
			     text);

	if (i < 0)
		return -EINVAL;
	*kind = i;
	return 0;
}

const char *nvmev_store_kind_name(enum nvmev_store_kind kind)
{
	return store_kind_names[kind];
}

void nvmev_store_init(struct nvmev_store *store, enum nvmev_store_kind kind,
		      void *base, struct nvmev_sparse_pool *pool)
{
	store->kind = kind;
	store->base = base;
	store->pool = pool;
	xa_init(&store->pages);
	init_rwsem(&store->lock);
	atomic_long_set(&store->nr_pages, 0);
}

static void sparse_free_page(struct nvmev_store *store, struct page *page)
{
	__free_page(page);
	atomic_long_dec(&store->nr_pages);
	atomic_long_dec(&store->pool->pages);
}

/* Gives back every page; nothing uses the store any more. */
void nvmev_store_free(struct nvmev_store *store)
{
	struct page *page;
	unsigned long index;

	if (store->kind != NVMEV_STORE_SPARSE)
		return;
	xa_for_each(&store->pages, index, page) {
		sparse_free_page(store, page);
		cond_resched();
	}
	xa_destroy(&store->pages);
}

u64 nvmev_store_used_bytes(struct nvmev_store *store)
{
	return (u64)atomic_long_read(&store->nr_pages) << PAGE_SHIFT;
}

/*
 * The bytes at @offset, *@len of them at most (a sparse store's stop at
 * the page's end), or NULL where the store holds nothing.
 */
static void *store_at(struct nvmev_store *store, u64 offset, u64 *len)
{
	struct page *page;

	switch (store->kind) {
	case NVMEV_STORE_RESERVED:
		return store->base + offset;
	case NVMEV_STORE_SPARSE:
		*len = min_t(u64, *len, PAGE_SIZE - offset_in_page(offset));
		page = xa_load(&store->pages, offset >> PAGE_SHIFT);
		return page ? page_address(page) + offset_in_page(offset) :
			      NULL;
	default:
		return NULL;
	}
}

/*
 * Gives the sparse store a page for every byte of [@offset, @offset +
 * @length), or Capacity Exceeded once the device's sparse_max is reached
 * or the kernel has no page; the pages got so far stay, zeroed, which is
 * what the LBAs read anyway.
 */
static u16 sparse_fill(struct nvmev_store *store, u64 offset, u64 length)
{
	struct nvmev_sparse_pool *pool = store->pool;
	unsigned long index = offset >> PAGE_SHIFT;
	unsigned long last = (offset + length - 1) >> PAGE_SHIFT;

	for (; index <= last; index++) {
		struct page *page, *old;

		if (xa_load(&store->pages, index))
			continue;
		if ((unsigned long)atomic_long_inc_return(&pool->pages) >
		    pool->max_pages)
			goto full;
		page = alloc_page(STORE_PAGE_GFP);
		if (!page)
			goto full;
		old = xa_cmpxchg(&store->pages, index, NULL, page, GFP_NOIO);
		if (!old) {
			atomic_long_inc(&store->nr_pages);
			continue;
		}
		/* Another writer's page got there first, or no room. */
		__free_page(page);
		atomic_long_dec(&pool->pages);
		if (xa_is_err(old))
			return NVME_SC_CAP_EXCEEDED | NVMEV_DNR;
	}
	return NVME_SC_SUCCESS;

full:
	atomic_long_dec(&pool->pages);
	pr_warn_ratelimited("sparse storage full (sparse_max=%lluM, %lu pages in use): a write fails with Capacity Exceeded\n",
			    (u64)pool->max_pages >> (20 - PAGE_SHIFT),
			    atomic_long_read(&pool->pages));
	return NVME_SC_CAP_EXCEEDED | NVMEV_DNR;
}

/* Only a sparse store frees what a copy may be using. */
static void store_lock_shared(struct nvmev_store *store)
{
	if (store->kind == NVMEV_STORE_SPARSE)
		down_read(&store->lock);
}

static void store_unlock_shared(struct nvmev_store *store)
{
	if (store->kind == NVMEV_STORE_SPARSE)
		up_read(&store->lock);
}

/* @length bytes between @buf and the store at @offset. */
static void store_copy(struct nvmev_store *store, void *buf, u64 offset,
		       u64 length, bool to_buf)
{
	while (length) {
		u64 n = length;
		void *p = store_at(store, offset, &n);

		if (to_buf && p)
			memcpy(buf, p, n);
		else if (to_buf)
			memset(buf, 0, n);
		else if (p)
			memcpy(p, buf, n);
		buf += n;
		offset += n;
		length -= n;
	}
}

void nvmev_store_read(struct nvmev_store *store, void *dst, u64 offset,
		      u64 length)
{
	store_lock_shared(store);
	store_copy(store, dst, offset, length, true);
	store_unlock_shared(store);
}

/*
 * A read or write between the store and the host: @length bytes at the
 * start of a host buffer of @buf_len bytes.  The buffer's length decides
 * how the PRPs are laid out (whether PRP2 is data or a list), so a short
 * copy into a longer buffer walks it as it is.
 */
struct store_xfer {
	struct nvmev_store *store;
	u64 offset;
	u64 length;
	bool to_host;
};

static bool store_xfer_segment(void *ctx, u64 addr, u32 len, u64 done)
{
	struct store_xfer *x = ctx;
	void *p;

	if (done >= x->length)
		return true;
	p = nvmev_host_page_map(addr);
	if (!p)
		return false;
	store_copy(x->store, p, x->offset + done,
		   min_t(u64, len, x->length - done), x->to_host);
	kunmap_local(p);
	return true;
}

u16 nvmev_store_xfer(struct nvmev_dev *dev, struct nvmev_store *store,
		     u64 offset, u64 prp1, u64 prp2, u64 length, u64 buf_len,
		     bool to_host)
{
	struct store_xfer x = { .store = store, .offset = offset,
				.length = length, .to_host = to_host };
	u16 status = NVME_SC_SUCCESS;

	/* Timing only: what the host writes is not even fetched. */
	if (store->kind == NVMEV_STORE_NONE && !to_host)
		return NVME_SC_SUCCESS;
	store_lock_shared(store);
	if (store->kind == NVMEV_STORE_SPARSE && !to_host && length)
		status = sparse_fill(store, offset, length);
	if (!status)
		status = nvmev_storage_walk(dev, prp1, prp2,
					    max(length, buf_len), &x,
					    store_xfer_segment);
	store_unlock_shared(store);
	return status;
}

/* Host data against the store, for Compare. */
struct store_compare {
	struct nvmev_store *store;
	u64 offset;
	u64 mismatch;		/* bytes in, of the first difference */
	bool differs;
};

/* The first of @len bytes where @a and @b differ, or @len. */
static u64 first_difference(const u8 *a, const u8 *b, u64 len)
{
	u64 i;

	if (!memcmp(a, b, len))
		return len;
	for (i = 0; a[i] == b[i]; i++)
		;
	return i;
}

static bool store_compare_segment(void *ctx, u64 addr, u32 len, u64 done)
{
	struct store_compare *c = ctx;
	const u8 *host, *p;
	u64 pos, n, at;

	/* One difference settles it: the rest of the list is only walked. */
	if (c->differs)
		return true;
	host = nvmev_host_page_map(addr);
	if (!host)
		return false;
	for (pos = 0; pos < len; pos += n) {
		n = len - pos;
		p = store_at(c->store, c->offset + done + pos, &n);
		if (!p) {
			/* Nothing stored reads as zeroes. */
			n = min_t(u64, n, PAGE_SIZE);
			p = page_address(ZERO_PAGE(0));
		}
		at = first_difference(host + pos, p, n);
		if (at < n) {
			c->mismatch = done + pos + at;
			c->differs = true;
			break;
		}
	}
	kunmap_local(host);
	return true;
}

/*
 * Compares @length bytes of the host buffer with the store at @offset:
 * Compare Failure, with *@mismatch the byte offset of the first difference,
 * when they differ.
 */
u16 nvmev_store_compare(struct nvmev_dev *dev, struct nvmev_store *store,
			u64 offset, u64 prp1, u64 prp2, u64 length,
			u64 *mismatch)
{
	struct store_compare c = { .store = store, .offset = offset };
	u16 status;

	store_lock_shared(store);
	status = nvmev_storage_walk(dev, prp1, prp2, length, &c,
				    store_compare_segment);
	store_unlock_shared(store);
	if (status || !c.differs)
		return status;
	*mismatch = c.mismatch;
	return NVME_SC_COMPARE_FAILED | NVMEV_DNR;
}

/*
 * Copy's move of @length bytes from @src to @dst, as memmove() does.  A
 * sparse store moves a page at a time through a bounce page, front to back
 * when the data moves down and back to front when it moves up, so no byte
 * is overwritten before it is read.
 */
u16 nvmev_store_move(struct nvmev_store *store, u64 dst, u64 src, u64 length)
{
	bool backwards = dst > src;
	u16 status;
	void *bounce;
	u64 done, n;

	if (store->kind == NVMEV_STORE_RESERVED) {
		memmove(store->base + dst, store->base + src, length);
		return NVME_SC_SUCCESS;
	}
	if (store->kind == NVMEV_STORE_NONE || !length)
		return NVME_SC_SUCCESS;
	bounce = kmalloc(PAGE_SIZE, GFP_NOIO);
	if (!bounce)
		return NVME_SC_INTERNAL;
	down_read(&store->lock);
	status = sparse_fill(store, dst, length);
	for (done = 0; !status && done < length; done += n) {
		u64 at;

		n = min_t(u64, length - done, PAGE_SIZE);
		at = backwards ? length - done - n : done;
		store_copy(store, bounce, src + at, n, true);
		store_copy(store, bounce, dst + at, n, false);
	}
	up_read(&store->lock);
	kfree(bounce);
	return status;
}

/* Zeroes, in place, what the store holds of the range. */
static void store_clear(struct nvmev_store *store, u64 offset, u64 length)
{
	while (length) {
		u64 n = length;
		void *p = store_at(store, offset, &n);

		if (p)
			memset(p, 0, n);
		offset += n;
		length -= n;
	}
}

static void reserved_zero(struct nvmev_store *store, u64 offset, u64 length)
{
	while (length) {
		u64 chunk = min_t(u64, length, STORE_ZERO_CHUNK);

		memset(store->base + offset, 0, chunk);
		offset += chunk;
		length -= chunk;
		cond_resched();
	}
}

/* Frees the pages wholly inside the range and zeroes the rest of it. */
static void sparse_zero(struct nvmev_store *store, u64 offset, u64 length)
{
	u64 end = offset + length;
	u64 first = DIV_ROUND_UP_ULL(offset, PAGE_SIZE);
	u64 last = end >> PAGE_SHIFT;	/* one past the last whole page */
	struct page *page;
	unsigned long index;

	down_write(&store->lock);
	if (first >= last) {
		/* Within one page, or across one page boundary. */
		store_clear(store, offset, length);
	} else {
		store_clear(store, offset, (first << PAGE_SHIFT) - offset);
		store_clear(store, last << PAGE_SHIFT,
				end - (last << PAGE_SHIFT));
		xa_for_each_range(&store->pages, index, page, first,
				  last - 1) {
			xa_erase(&store->pages, index);
			sparse_free_page(store, page);
			cond_resched();
		}
	}
	up_write(&store->lock);
}

void nvmev_store_zero(struct nvmev_store *store, u64 offset, u64 length)
{
	if (!length)
		return;
	if (store->kind == NVMEV_STORE_RESERVED)
		reserved_zero(store, offset, length);
	else if (store->kind == NVMEV_STORE_SPARSE)
		sparse_zero(store, offset, length);
}
