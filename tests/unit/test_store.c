// SPDX-License-Identifier: GPL-2.0
/*
 * store.c, built with the stand-ins of store_shim.h: each store kind
 * against a flat reference copy of what the namespace should read.
 */
#include "store.h"
#include "unit.h"

#define SPAN		(64 * PAGE_SIZE)	/* bytes of the test namespace */
#define POOL_PAGES	1024

static struct nvmev_sparse_pool pool;
static u8 reserved[SPAN];
static u8 expect[SPAN];		/* what the namespace should read */
static u8 host[SPAN];

static void store_setup(struct nvmev_store *s, enum nvmev_store_kind kind)
{
	pool.max_pages = POOL_PAGES;
	atomic_long_set(&pool.pages, 0);
	memset(reserved, 0, sizeof(reserved));
	memset(expect, 0, sizeof(expect));
	nvmev_store_init(s, kind, reserved, &pool);
}

static u16 store_write(struct nvmev_store *s, u64 offset, u64 len, u8 seed)
{
	u64 i;
	u16 status;

	for (i = 0; i < len; i++)
		host[i] = (u8)(seed + i * 7 + (i >> 9));
	status = nvmev_store_xfer(NULL, s, offset, (uintptr_t)host, 0, len,
				  len, false);
	if (!status && s->kind != NVMEV_STORE_NONE)
		memcpy(expect + offset, host, len);
	return status;
}

/* Every byte of the namespace reads as the reference says. */
static bool store_matches(struct nvmev_store *s)
{
	u16 status;

	memset(host, 0xa5, sizeof(host));
	status = nvmev_store_xfer(NULL, s, 0, (uintptr_t)host, 0, SPAN, SPAN,
				  true);
	if (status) {
		unit_fail(__FILE__, __LINE__, "read: status %#x", status);
		return false;
	}
	if (memcmp(host, expect, SPAN)) {
		u64 i;

		for (i = 0; host[i] == expect[i]; i++)
			;
		unit_fail(__FILE__, __LINE__, "byte %llu: %#x, expected %#x",
			  i, host[i], expect[i]);
		return false;
	}
	return true;
}

static u64 pages_held(struct nvmev_store *s)
{
	return nvmev_store_used_bytes(s) >> PAGE_SHIFT;
}

/* Writes of odd sizes across page ends; holes read zeroes. */
static void store_sparse_roundtrip(void)
{
	struct nvmev_store s;

	store_setup(&s, NVMEV_STORE_SPARSE);
	CHECK(store_matches(&s));
	CHECK_EQ(pages_held(&s), 0);
	CHECK_EQ(store_write(&s, 4090, 12, 1), NVME_SC_SUCCESS);
	CHECK_EQ(pages_held(&s), 2);
	CHECK_EQ(store_write(&s, 10 * PAGE_SIZE + 512, 3 * PAGE_SIZE, 2),
		 NVME_SC_SUCCESS);
	CHECK_EQ(pages_held(&s), 6);
	CHECK_EQ(store_write(&s, 10 * PAGE_SIZE, 512, 3), NVME_SC_SUCCESS);
	CHECK_EQ(pages_held(&s), 6);
	CHECK(store_matches(&s));
	CHECK_EQ(atomic_long_read(&pool.pages), 6);
	nvmev_store_free(&s);
	CHECK_EQ(atomic_long_read(&pool.pages), 0);
}

/* Zeroing frees the pages it covers whole and clears the rest. */
static void store_sparse_zero_frees(void)
{
	struct nvmev_store s;

	store_setup(&s, NVMEV_STORE_SPARSE);
	CHECK_EQ(store_write(&s, 0, 8 * PAGE_SIZE, 4), NVME_SC_SUCCESS);
	CHECK_EQ(store_write(&s, 40 * PAGE_SIZE, PAGE_SIZE, 5),
		 NVME_SC_SUCCESS);
	nvmev_store_zero(&s, 1000, 5 * PAGE_SIZE);
	memset(expect + 1000, 0, 5 * PAGE_SIZE);
	/* pages 1-4 whole; 0 and 5 in part */
	CHECK_EQ(pages_held(&s), 5);
	CHECK(store_matches(&s));
	nvmev_store_zero(&s, 100, 200);
	memset(expect + 100, 0, 200);
	CHECK_EQ(pages_held(&s), 5);
	CHECK(store_matches(&s));
	/* across holes, to the end */
	nvmev_store_zero(&s, 0, SPAN);
	memset(expect, 0, SPAN);
	CHECK_EQ(pages_held(&s), 0);
	CHECK_EQ(atomic_long_read(&pool.pages), 0);
	CHECK(store_matches(&s));
	nvmev_store_free(&s);
}

/*
 * Past the pool, or with no page from the kernel, a write fails whole with
 * Capacity Exceeded and the data there stays; freeing makes room again.
 */
static void store_sparse_capacity(void)
{
	struct nvmev_store s;

	store_setup(&s, NVMEV_STORE_SPARSE);
	pool.max_pages = 4;
	CHECK_EQ(store_write(&s, 0, 3 * PAGE_SIZE, 6), NVME_SC_SUCCESS);
	CHECK_EQ(store_write(&s, PAGE_SIZE, 4 * PAGE_SIZE, 7),
		 NVME_SC_CAP_EXCEEDED | NVMEV_DNR);
	CHECK(store_matches(&s));
	CHECK(atomic_long_read(&pool.pages) <= 4);
	nvmev_store_zero(&s, 0, 2 * PAGE_SIZE);
	memset(expect, 0, 2 * PAGE_SIZE);
	CHECK_EQ(store_write(&s, PAGE_SIZE, 3 * PAGE_SIZE, 8),
		 NVME_SC_SUCCESS);
	CHECK(store_matches(&s));
	pool.max_pages = POOL_PAGES;
	shim_no_pages = true;
	CHECK_EQ(store_write(&s, 30 * PAGE_SIZE, 10, 9),
		 NVME_SC_CAP_EXCEEDED | NVMEV_DNR);
	shim_no_pages = false;
	CHECK(store_matches(&s));
	nvmev_store_free(&s);
	CHECK_EQ(atomic_long_read(&pool.pages), 0);
}

/* Copy's moves, overlapping either way, as memmove() does them. */
static void store_move_overlaps(void)
{
	static const struct { u64 dst, src, len; } moves[] = {
		{ 2 * PAGE_SIZE + 100, 0, 5 * PAGE_SIZE + 7 },
		{ 100, 3 * PAGE_SIZE + 1, 4 * PAGE_SIZE },
		{ 20 * PAGE_SIZE, 50 * PAGE_SIZE, 3 * PAGE_SIZE },
		{ 7, 9, 1 },
	};
	enum nvmev_store_kind kinds[] = { NVMEV_STORE_RESERVED,
					  NVMEV_STORE_SPARSE };
	struct nvmev_store s;
	size_t k, m;

	for (k = 0; k < ARRAY_SIZE(kinds); k++) {
		store_setup(&s, kinds[k]);
		CHECK_EQ(store_write(&s, 0, 10 * PAGE_SIZE, 10),
			 NVME_SC_SUCCESS);
		for (m = 0; m < ARRAY_SIZE(moves); m++) {
			CHECK_EQ(nvmev_store_move(&s, moves[m].dst,
						  moves[m].src, moves[m].len),
				 NVME_SC_SUCCESS);
			memmove(expect + moves[m].dst, expect + moves[m].src,
				moves[m].len);
			CHECK(store_matches(&s));
		}
		nvmev_store_free(&s);
	}
}

static void store_compare_finds_first_difference(void)
{
	struct nvmev_store s;
	u64 mismatch = 0;

	store_setup(&s, NVMEV_STORE_SPARSE);
	CHECK_EQ(store_write(&s, PAGE_SIZE, PAGE_SIZE, 11), NVME_SC_SUCCESS);
	memcpy(host, expect, 3 * PAGE_SIZE);
	CHECK_EQ(nvmev_store_compare(NULL, &s, 0, (uintptr_t)host, 0,
				     3 * PAGE_SIZE, &mismatch),
		 NVME_SC_SUCCESS);
	host[2 * PAGE_SIZE + 33] = 1;	/* in a hole */
	CHECK_EQ(nvmev_store_compare(NULL, &s, 0, (uintptr_t)host, 0,
				     3 * PAGE_SIZE, &mismatch),
		 NVME_SC_COMPARE_FAILED | NVMEV_DNR);
	CHECK_EQ(mismatch, 2 * PAGE_SIZE + 33);
	host[PAGE_SIZE + 5] ^= 1;	/* in a page */
	CHECK_EQ(nvmev_store_compare(NULL, &s, 0, (uintptr_t)host, 0,
				     3 * PAGE_SIZE, &mismatch),
		 NVME_SC_COMPARE_FAILED | NVMEV_DNR);
	CHECK_EQ(mismatch, PAGE_SIZE + 5);
	nvmev_store_free(&s);
}

/* none keeps nothing; reserved keeps it in its slice. */
static void store_none_and_reserved(void)
{
	struct nvmev_store s;

	store_setup(&s, NVMEV_STORE_NONE);
	CHECK_EQ(store_write(&s, 0, 5 * PAGE_SIZE, 12), NVME_SC_SUCCESS);
	CHECK(store_matches(&s));
	CHECK_EQ(pages_held(&s), 0);
	nvmev_store_free(&s);

	store_setup(&s, NVMEV_STORE_RESERVED);
	CHECK_EQ(store_write(&s, 3, 5 * PAGE_SIZE, 13), NVME_SC_SUCCESS);
	CHECK(store_matches(&s));
	CHECK(!memcmp(reserved, expect, SPAN));
	nvmev_store_zero(&s, 3, PAGE_SIZE);
	memset(expect + 3, 0, PAGE_SIZE);
	CHECK(store_matches(&s));
	nvmev_store_free(&s);
}

static void store_kind_names(void)
{
	enum nvmev_store_kind kind;

	CHECK_EQ(nvmev_store_parse_kind("sparse", &kind), 0);
	CHECK_EQ(kind, NVMEV_STORE_SPARSE);
	CHECK(!strcmp(nvmev_store_kind_name(kind), "sparse"));
	CHECK(nvmev_store_parse_kind("paper", &kind) < 0);
}

const struct unit_test store_tests[] = {
	UNIT_TEST(store_sparse_roundtrip),
	UNIT_TEST(store_sparse_zero_frees),
	UNIT_TEST(store_sparse_capacity),
	UNIT_TEST(store_move_overlaps),
	UNIT_TEST(store_compare_finds_first_difference),
	UNIT_TEST(store_none_and_reserved),
	UNIT_TEST(store_kind_names),
	UNIT_END
};
