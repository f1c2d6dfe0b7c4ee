// SPDX-License-Identifier: GPL-2.0
/*
 * prp_walk() against hand-built PRP lists in a fake host memory: a
 * contiguous run of 4 KiB "physical" pages at HOST_BASE, filled with a
 * pattern so copied data can be checked byte for byte.  Addresses outside
 * it are unmapped: reading a list entry or moving data there fails.
 */
#include <limits.h>
#include "unit.h"
#include "prp.h"

#define HOST_BASE	0x100000ULL
#define HOST_PAGE	4096u
#define HOST_PAGES	1024u
#define HOST_BYTES	((u64)HOST_PAGES * HOST_PAGE)
#define UNMAPPED	0x40000000ULL

#define PG(i)		(HOST_BASE + (u64)(i) * HOST_PAGE)
#define LIST(i)		PG(i)		/* pages 0..15 hold PRP lists */
#define DATA(i)		PG(16 + (i))	/* pages 16.. hold data */
#define ENTRIES_4K	(HOST_PAGE / 8)	/* 512 list entries per 4 KiB page */

#define MAX_SEGS	2048

struct seg {
	u64 addr;
	u32 len;
	u64 done;
};

static struct host {
	u8 mem[HOST_PAGES * HOST_PAGE];
	u8 out[HOST_PAGES * HOST_PAGE];	/* the data as the device sees it */
	struct seg segs[MAX_SEGS];
	unsigned nsegs;
	unsigned reads;		/* read_entry calls */
	unsigned read_budget;	/* read_entry fails after this many */
	unsigned fail_seg;	/* this segment's callback fails */
} h;

static u8 pattern(u64 i)
{
	return (u8)((i * 2654435761u) >> 24);
}

static void host_reset(void)
{
	u64 i;

	for (i = 0; i < HOST_BYTES; i++)
		h.mem[i] = pattern(i);
	memset(h.out, 0, sizeof(h.out));
	h.nsegs = 0;
	h.reads = 0;
	h.read_budget = UINT_MAX;
	h.fail_seg = UINT_MAX;
}

static bool mapped(u64 addr, u64 len)
{
	return addr >= HOST_BASE && len <= HOST_BYTES &&
	       addr - HOST_BASE <= HOST_BYTES - len;
}

/* Stores a little-endian list entry. */
static void put_entry(u64 addr, u64 value)
{
	int i;

	if (!mapped(addr, 8)) {
		fprintf(stderr, "test bug: put_entry(0x%llx)\n",
			(unsigned long long)addr);
		abort();
	}
	for (i = 0; i < 8; i++)
		h.mem[addr - HOST_BASE + i] = (u8)(value >> (8 * i));
}

static bool read_entry(void *ctx, u64 addr, u64 *entry)
{
	struct host *host = ctx;
	int i;

	if (++host->reads > host->read_budget || !mapped(addr, 8))
		return false;
	*entry = 0;
	for (i = 7; i >= 0; i--)
		*entry = *entry << 8 | host->mem[addr - HOST_BASE + i];
	return true;
}

static bool segment(void *ctx, u64 addr, u32 len, u64 done)
{
	struct host *host = ctx;

	if (host->nsegs == host->fail_seg || host->nsegs == MAX_SEGS)
		return false;
	host->segs[host->nsegs++] = (struct seg){ addr, len, done };
	if (!mapped(addr, len) || done > sizeof(host->out) ||
	    len > sizeof(host->out) - done)
		return false;
	memcpy(host->out + done, host->mem + (addr - HOST_BASE), len);
	return true;
}

static enum prp_result walk(u64 prp1, u64 prp2, u64 length, u32 page_size)
{
	struct prp_walker w = {
		.prp1 = prp1,
		.prp2 = prp2,
		.length = length,
		.page_size = page_size,
		.ctx = &h,
		.read_entry = read_entry,
		.segment = segment,
	};

	return prp_walk(&w);
}

/*
 * The walk produced exactly @exp (n segments), the segments cover @length
 * bytes in order, and the data landed where it belongs.
 */
static bool check_segs(const struct seg *exp, unsigned n, u64 length)
{
	u64 done = 0;
	unsigned i;

	if (h.nsegs != n) {
		unit_fail(__FILE__, __LINE__, "got %u segments, expected %u",
			  h.nsegs, n);
		return false;
	}
	for (i = 0; i < n; i++) {
		const struct seg *s = &h.segs[i];

		if (s->addr != exp[i].addr || s->len != exp[i].len ||
		    s->done != exp[i].done) {
			unit_fail(__FILE__, __LINE__,
				  "segment %u: got (0x%llx, %u, %llu), expected (0x%llx, %u, %llu)",
				  i, (unsigned long long)s->addr, s->len,
				  (unsigned long long)s->done,
				  (unsigned long long)exp[i].addr, exp[i].len,
				  (unsigned long long)exp[i].done);
			return false;
		}
		if (s->done != done || !s->len) {
			unit_fail(__FILE__, __LINE__,
				  "segment %u: done %llu len %u, not contiguous",
				  i, (unsigned long long)s->done, s->len);
			return false;
		}
		if (memcmp(h.out + s->done, h.mem + (s->addr - HOST_BASE),
			   s->len)) {
			unit_fail(__FILE__, __LINE__, "segment %u: data differs", i);
			return false;
		}
		done += s->len;
	}
	if (done != length) {
		unit_fail(__FILE__, __LINE__, "segments cover %llu bytes, expected %llu",
			  (unsigned long long)done, (unsigned long long)length);
		return false;
	}
	return true;
}

/* Expects whole pages addrs[0..n) of @ps bytes, in order. */
static bool check_pages(const u64 *addrs, unsigned n, u32 ps)
{
	static struct seg exp[MAX_SEGS];
	unsigned i;

	for (i = 0; i < n; i++)
		exp[i] = (struct seg){ addrs[i], ps, (u64)i * ps };
	return check_segs(exp, n, (u64)n * ps);
}

static void prp_length_zero(void)
{
	host_reset();
	/* Nothing is touched, not even a misaligned PRP1. */
	CHECK_EQ(walk(DATA(0) + 1, UNMAPPED, 0, HOST_PAGE), PRP_OK);
	CHECK_EQ(h.nsegs, 0);
	CHECK_EQ(h.reads, 0);
}

static void prp_within_prp1_page(void)
{
	static const struct seg whole[] = { { DATA(0), 4096, 0 } };
	static const struct seg small[] = { { DATA(0), 512, 0 } };
	static const struct seg off_fit[] = { { DATA(0) + 0x200, 0xe00, 0 } };
	static const struct seg off_small[] = { { DATA(0) + 0x804, 0x100, 0 } };

	/* PRP2 is unmapped and must not be used. */
	host_reset();
	CHECK_EQ(walk(DATA(0), UNMAPPED, 4096, HOST_PAGE), PRP_OK);
	CHECK(check_segs(whole, 1, 4096));

	host_reset();
	CHECK_EQ(walk(DATA(0), UNMAPPED, 512, HOST_PAGE), PRP_OK);
	CHECK(check_segs(small, 1, 512));

	host_reset();
	CHECK_EQ(walk(DATA(0) + 0x200, UNMAPPED, 0xe00, HOST_PAGE), PRP_OK);
	CHECK(check_segs(off_fit, 1, 0xe00));

	host_reset();
	CHECK_EQ(walk(DATA(0) + 0x804, UNMAPPED, 0x100, HOST_PAGE), PRP_OK);
	CHECK(check_segs(off_small, 1, 0x100));
	CHECK_EQ(h.reads, 0);
}

static void prp_prp2_data_pointer(void)
{
	static const struct seg aligned[] = {
		{ DATA(0), 4096, 0 }, { DATA(5), 4096, 4096 },
	};
	static const struct seg offset[] = {
		{ DATA(0) + 0x800, 0x800, 0 }, { DATA(5), 0x1000, 0x800 },
	};
	static const struct seg partial[] = {
		{ DATA(0) + 0xffc, 4, 0 }, { DATA(5), 0x10, 4 },
	};

	host_reset();
	CHECK_EQ(walk(DATA(0), DATA(5), 8192, HOST_PAGE), PRP_OK);
	CHECK(check_segs(aligned, 2, 8192));

	/* The most two pages can hold with PRP1 at an offset. */
	host_reset();
	CHECK_EQ(walk(DATA(0) + 0x800, DATA(5), 0x1800, HOST_PAGE), PRP_OK);
	CHECK(check_segs(offset, 2, 0x1800));

	host_reset();
	CHECK_EQ(walk(DATA(0) + 0xffc, DATA(5), 0x14, HOST_PAGE), PRP_OK);
	CHECK(check_segs(partial, 2, 0x14));
	CHECK_EQ(h.reads, 0);
}

static void prp_list_8_pages(void)
{
	u64 pages[8];
	int i;

	host_reset();
	/* Data pages in a scrambled order, to see the list is followed. */
	for (i = 0; i < 8; i++)
		pages[i] = DATA((i * 5) % 8);
	for (i = 1; i < 8; i++)
		put_entry(LIST(0) + 8 * (i - 1), pages[i]);
	CHECK_EQ(walk(pages[0], LIST(0), 8 * 4096, HOST_PAGE), PRP_OK);
	CHECK(check_pages(pages, 8, HOST_PAGE));
	CHECK_EQ(h.reads, 7);
}

static void prp_list_with_prp1_offset(void)
{
	/* 0x800 + 3 pages + 0x800: PRP1 partial, list of 4, last partial. */
	static const struct seg exp[] = {
		{ DATA(0) + 0x800, 0x800, 0 },
		{ DATA(1), 0x1000, 0x800 },
		{ DATA(2), 0x1000, 0x1800 },
		{ DATA(3), 0x1000, 0x2800 },
		{ DATA(4), 0x800, 0x3800 },
	};
	int i;

	host_reset();
	for (i = 1; i <= 4; i++)
		put_entry(LIST(0) + 8 * (i - 1), DATA(i));
	CHECK_EQ(walk(DATA(0) + 0x800, LIST(0), 0x4000, HOST_PAGE), PRP_OK);
	CHECK(check_segs(exp, 5, 0x4000));
	CHECK_EQ(h.reads, 4);
}

/* The list starts 16 bytes before its page ends: two slots. */
static void prp_list_pointer_offset(void)
{
	u64 pages[4] = { DATA(0), DATA(1), DATA(2), DATA(3) };

	/* Three entries needed: one data slot, then a chain to LIST(1). */
	host_reset();
	put_entry(LIST(0) + 0xff0, DATA(1));
	put_entry(LIST(0) + 0xff8, LIST(1));
	put_entry(LIST(1), DATA(2));
	put_entry(LIST(1) + 8, DATA(3));
	CHECK_EQ(walk(DATA(0), LIST(0) + 0xff0, 4 * 4096, HOST_PAGE), PRP_OK);
	CHECK(check_pages(pages, 4, HOST_PAGE));
	CHECK_EQ(h.reads, 4);

	/* Two entries needed: both slots are data. */
	host_reset();
	put_entry(LIST(0) + 0xff0, DATA(1));
	put_entry(LIST(0) + 0xff8, DATA(2));
	CHECK_EQ(walk(DATA(0), LIST(0) + 0xff0, 3 * 4096, HOST_PAGE), PRP_OK);
	CHECK(check_pages(pages, 3, HOST_PAGE));
	CHECK_EQ(h.reads, 2);

	/* The list starts at the last slot: it chains at once. */
	host_reset();
	put_entry(LIST(0) + 0xff8, LIST(1));
	put_entry(LIST(1), DATA(1));
	put_entry(LIST(1) + 8, DATA(2));
	CHECK_EQ(walk(DATA(0), LIST(0) + 0xff8, 3 * 4096, HOST_PAGE), PRP_OK);
	CHECK(check_pages(pages, 3, HOST_PAGE));
	CHECK_EQ(h.reads, 3);
}

/* 600 pages: PRP1, 511 entries + chain in LIST(0), 88 in LIST(1). */
static void prp_chained_list_4k(void)
{
	static u64 pages[600];
	unsigned i;

	host_reset();
	for (i = 0; i < 600; i++)
		pages[i] = DATA(i);
	for (i = 0; i < ENTRIES_4K - 1; i++)
		put_entry(LIST(0) + 8 * i, pages[1 + i]);
	put_entry(LIST(0) + 8 * (ENTRIES_4K - 1), LIST(3));
	for (i = 0; i < 600 - ENTRIES_4K; i++)
		put_entry(LIST(3) + 8 * i, pages[ENTRIES_4K + i]);
	CHECK_EQ(walk(pages[0], LIST(0), 600 * 4096ULL, HOST_PAGE), PRP_OK);
	CHECK(check_pages(pages, 600, HOST_PAGE));
	CHECK_EQ(h.reads, 600);	/* 599 data entries + 1 chain pointer */
}

/* Three 512-byte list pages: 64 slots each, so it chains after 63. */
static void prp_chained_list_small_page(void)
{
	const u32 ps = 512;
	static u64 pages[140];
	unsigned i, n = 0;

	host_reset();
	for (i = 0; i < 140; i++)
		pages[i] = DATA(0) + (u64)i * ps;
	/* 1 (PRP1) + 63 + 63 + 13 = 140 */
	for (i = 0; i < 63; i++)
		put_entry(LIST(0) + 8 * i, pages[++n]);
	put_entry(LIST(0) + 8 * 63, LIST(0) + 2 * ps);	/* not the next page */
	for (i = 0; i < 63; i++)
		put_entry(LIST(0) + 2 * ps + 8 * i, pages[++n]);
	put_entry(LIST(0) + 2 * ps + 8 * 63, LIST(0) + ps);
	for (i = 0; i < 13; i++)
		put_entry(LIST(0) + ps + 8 * i, pages[++n]);
	CHECK_EQ(n, 139);
	CHECK_EQ(walk(pages[0], LIST(0), 140ULL * ps, ps), PRP_OK);
	CHECK(check_pages(pages, 140, ps));
	CHECK_EQ(h.reads, 141);
}

/*
 * Exactly one entry remains at a list page's last slot: it is data, so a
 * list page can carry 512 data entries (513 pages with PRP1).
 */
static void prp_last_slot_is_data(void)
{
	static u64 pages[513];
	unsigned i;

	host_reset();
	for (i = 0; i < 513; i++)
		pages[i] = DATA(i);
	for (i = 0; i < ENTRIES_4K; i++)
		put_entry(LIST(0) + 8 * i, pages[1 + i]);
	CHECK_EQ(walk(pages[0], LIST(0), 513 * 4096ULL, HOST_PAGE), PRP_OK);
	CHECK(check_pages(pages, 513, HOST_PAGE));
	CHECK_EQ(h.reads, 512);

	/* The same with 512-byte pages: 64 data entries in one list page. */
	host_reset();
	for (i = 0; i < 65; i++)
		pages[i] = DATA(0) + i * 512ULL;
	for (i = 0; i < 64; i++)
		put_entry(LIST(0) + 8 * i, pages[1 + i]);
	CHECK_EQ(walk(pages[0], LIST(0), 65 * 512ULL, 512), PRP_OK);
	CHECK(check_pages(pages, 65, 512));
	CHECK_EQ(h.reads, 64);
}

static void prp_bad_prp1_alignment(void)
{
	host_reset();
	CHECK_EQ(walk(DATA(0) + 2, DATA(1), 4096, HOST_PAGE), PRP_BAD_OFFSET);
	CHECK_EQ(h.nsegs, 0);
	host_reset();
	CHECK_EQ(walk(DATA(0) + 0x801, UNMAPPED, 16, HOST_PAGE), PRP_BAD_OFFSET);
	CHECK_EQ(h.nsegs, 0);
}

static void prp_bad_list_data_offset(void)
{
	host_reset();
	put_entry(LIST(0), DATA(1));
	put_entry(LIST(0) + 8, DATA(2) + 0x200);
	put_entry(LIST(0) + 16, DATA(3));
	CHECK_EQ(walk(DATA(0), LIST(0), 4 * 4096, HOST_PAGE), PRP_BAD_OFFSET);
	CHECK_EQ(h.nsegs, 2);	/* PRP1 and DATA(1) moved, no more */

	/* Even a dword offset in the last, partial page. */
	host_reset();
	put_entry(LIST(0), DATA(1));
	put_entry(LIST(0) + 8, DATA(2) + 4);
	CHECK_EQ(walk(DATA(0), LIST(0), 2 * 4096 + 100, HOST_PAGE),
		 PRP_BAD_OFFSET);
}

static void prp_bad_prp2_data_offset(void)
{
	host_reset();
	CHECK_EQ(walk(DATA(0), DATA(1) + 0x100, 8192, HOST_PAGE), PRP_BAD_OFFSET);
	host_reset();
	CHECK_EQ(walk(DATA(0) + 0x800, DATA(1) + 8, 0x1000, HOST_PAGE),
		 PRP_BAD_OFFSET);
	CHECK_EQ(h.reads, 0);
}

static void prp_bad_list_pointer_alignment(void)
{
	host_reset();
	put_entry(LIST(0), DATA(1));
	put_entry(LIST(0) + 8, DATA(2));
	CHECK_EQ(walk(DATA(0), LIST(0) + 4, 3 * 4096, HOST_PAGE), PRP_BAD_OFFSET);
	CHECK_EQ(h.reads, 0);

	/* A chain pointer that is not even qword aligned. */
	host_reset();
	put_entry(LIST(0) + 0xff0, DATA(1));
	put_entry(LIST(0) + 0xff8, LIST(1) + 4);
	CHECK_EQ(walk(DATA(0), LIST(0) + 0xff0, 4 * 4096, HOST_PAGE),
		 PRP_BAD_OFFSET);
}

static void prp_unreadable_list(void)
{
	host_reset();
	CHECK_EQ(walk(DATA(0), UNMAPPED, 3 * 4096, HOST_PAGE), PRP_XFER_ERROR);
	CHECK_EQ(h.nsegs, 1);

	/* The chain leads to unmapped memory. */
	host_reset();
	put_entry(LIST(0) + 0xff0, DATA(1));
	put_entry(LIST(0) + 0xff8, UNMAPPED);
	CHECK_EQ(walk(DATA(0), LIST(0) + 0xff0, 4 * 4096, HOST_PAGE),
		 PRP_XFER_ERROR);
	CHECK_EQ(h.nsegs, 2);
}

static void prp_segment_failure(void)
{
	/* PRP1's own segment. */
	host_reset();
	h.fail_seg = 0;
	CHECK_EQ(walk(DATA(0), DATA(1), 8192, HOST_PAGE), PRP_XFER_ERROR);

	/* PRP2 as data pointer. */
	host_reset();
	h.fail_seg = 1;
	CHECK_EQ(walk(DATA(0), DATA(1), 8192, HOST_PAGE), PRP_XFER_ERROR);

	/* A list entry; the walk stops there. */
	host_reset();
	put_entry(LIST(0), DATA(1));
	put_entry(LIST(0) + 8, DATA(2));
	put_entry(LIST(0) + 16, DATA(3));
	h.fail_seg = 2;
	CHECK_EQ(walk(DATA(0), LIST(0), 4 * 4096, HOST_PAGE), PRP_XFER_ERROR);
	CHECK_EQ(h.nsegs, 2);
	CHECK_EQ(h.reads, 2);

	/* A data page that is not mapped. */
	host_reset();
	put_entry(LIST(0), DATA(1));
	put_entry(LIST(0) + 8, UNMAPPED);
	CHECK_EQ(walk(DATA(0), LIST(0), 3 * 4096, HOST_PAGE), PRP_XFER_ERROR);
}

/*
 * "PRP entries contained within a PRP List shall have a memory page offset
 * of 0h" (NVMe base spec, PRP entry): only PRP2 as a list pointer may have
 * one.  A chain pointer is an entry within a list, so an offset in it is an
 * Invalid PRP Offset (QEMU's nvme_map_prp rejects it the same way).
 */
static void prp_chain_pointer_offset_rejected(void)
{
	unsigned i;

	host_reset();
	for (i = 0; i < ENTRIES_4K - 1; i++)
		put_entry(LIST(0) + 8 * i, DATA(1 + i));
	put_entry(LIST(0) + 8 * (ENTRIES_4K - 1), LIST(3) + 8);
	for (i = 0; i < 3; i++)
		put_entry(LIST(3) + 8 + 8 * i, DATA(ENTRIES_4K + i));
	CHECK_EQ(walk(DATA(0), LIST(0), (ENTRIES_4K + 3) * 4096ULL, HOST_PAGE),
		 PRP_BAD_OFFSET);
}

/*
 * A chain pointer aimed at a list page's last slot makes no progress: one
 * that points at itself must end the walk, not spin.  The read budget
 * stands in for the kernel, where read_entry never fails and the walk
 * would loop forever.
 */
static void prp_chain_self_loop_terminates(void)
{
	u64 chain = LIST(0) + 0xff8;
	enum prp_result ret;

	host_reset();
	h.read_budget = 100000;
	put_entry(LIST(0) + 0xff0, DATA(1));
	put_entry(chain, chain);
	ret = walk(DATA(0), LIST(0) + 0xff0, 4 * 4096, HOST_PAGE);
	CHECK_EQ(h.reads, 2);	/* DATA(1), then the bad chain pointer */
	CHECK_EQ(ret, PRP_BAD_OFFSET);
}

/*
 * Transfers of any byte count, not only whole dwords or pages: what fits
 * in PRP1's page never looks at PRP2; what crosses takes the rest from
 * PRP2's page; and a crossing transfer whose host gave no PRP2 (0, not
 * memory) fails once the walk gets there.
 */
static void prp_odd_lengths(void)
{
	static const u32 lengths[] = { 4, 8, 36, 4095 };
	static const u32 offsets[] = { 0x0, 0x4, 0x7fc, 0xfdc, 0xffc };
	const unsigned int nr_lengths = sizeof(lengths) / sizeof(lengths[0]);
	const unsigned int nr_offsets = sizeof(offsets) / sizeof(offsets[0]);
	unsigned int i, j;

	for (i = 0; i < nr_lengths; i++) {
		for (j = 0; j < nr_offsets; j++) {
			u32 len = lengths[i], off = offsets[j];
			u32 first = env_min(len, HOST_PAGE - off);
			const struct seg exp[] = {
				{ DATA(0) + off, first, 0 },
				{ DATA(7), len - first, first },
			};
			unsigned int n = first == len ? 1 : 2;
			u64 prp2 = n == 1 ? UNMAPPED : DATA(7);

			host_reset();
			CHECK_EQ(walk(DATA(0) + off, prp2, len, HOST_PAGE),
				 PRP_OK);
			CHECK(check_segs(exp, n, len));
			CHECK_EQ(h.reads, 0);
			if (n == 1)
				continue;
			host_reset();
			CHECK_EQ(walk(DATA(0) + off, 0, len, HOST_PAGE),
				 PRP_XFER_ERROR);
		}
	}
}

const struct unit_test prp_tests[] = {
	UNIT_TEST(prp_length_zero),
	UNIT_TEST(prp_within_prp1_page),
	UNIT_TEST(prp_prp2_data_pointer),
	UNIT_TEST(prp_list_8_pages),
	UNIT_TEST(prp_list_with_prp1_offset),
	UNIT_TEST(prp_list_pointer_offset),
	UNIT_TEST(prp_chained_list_4k),
	UNIT_TEST(prp_chained_list_small_page),
	UNIT_TEST(prp_last_slot_is_data),
	UNIT_TEST(prp_bad_prp1_alignment),
	UNIT_TEST(prp_bad_list_data_offset),
	UNIT_TEST(prp_bad_prp2_data_offset),
	UNIT_TEST(prp_bad_list_pointer_alignment),
	UNIT_TEST(prp_unreadable_list),
	UNIT_TEST(prp_segment_failure),
	UNIT_TEST(prp_chain_pointer_offset_rejected),
	UNIT_TEST(prp_chain_self_loop_terminates),
	UNIT_TEST(prp_odd_lengths),
	UNIT_END,
};
