// SPDX-License-Identifier: GPL-2.0
/* The simple FTL's timing, through ftl_find() and its ops. */
#include "unit.h"
#include "ftl.h"
#include "ssd_config.h"

#define CAPACITY	(64ULL << 20)

/* ns to move @bytes at @mbps MB/s (== bytes/us), as the model rounds. */
static u64 xfer_ns(u64 bytes, u64 mbps)
{
	return bytes * 1000 / mbps;
}

static void *create(int read_ns, int write_ns, int bandwidth_mbps)
{
	struct ftl_params p = ftl_params_default(CAPACITY, NULL);

	p.read_ns = read_ns;
	p.write_ns = write_ns;
	p.bandwidth_mbps = bandwidth_mbps;
	return ftl_find("simple")->create(&p);
}

static void destroy(void *ftl)
{
	simple_ftl_ops.destroy(ftl);
}

static u64 submit(void *ftl, enum ftl_op op, u64 length, u64 now)
{
	const struct ftl_io io = {
		.op = op,
		.offset = 8192,
		.length = length,
		.now_ns = now,
	};

	return simple_ftl_ops.submit(ftl, &io);
}

/* Media access for data that stays in the device: no link at all. */
static u64 submit_internal(void *ftl, enum ftl_op op, u64 length, u64 now)
{
	const struct ftl_io io = {
		.op = op,
		.offset = 8192,
		.length = length,
		.now_ns = now,
		.internal = true,
	};

	return simple_ftl_ops.submit(ftl, &io);
}

static void ftl_find_names(void)
{
	const struct ftl_ops *ops = ftl_find("simple");

	CHECK(ops == &simple_ftl_ops);
	CHECK(!strcmp(ops->name, "simple"));
	CHECK(ops->create && ops->destroy && ops->submit);
	CHECK(ftl_find("nope") == NULL);
	CHECK(ftl_find("") == NULL);
	CHECK(ftl_find("Simple") == NULL);
	CHECK(ftl_find("simplex") == NULL);
	CHECK(ftl_find("conv") == &conv_ftl_ops);
}

/* ftl_at() walks the whole table once, each name findable. */
static void ftl_at_table(void)
{
	const struct ftl_ops *ops;
	bool simple = false, conv = false;
	u32 i;

	for (i = 0; (ops = ftl_at(i)); i++) {
		CHECK(ftl_find(ops->name) == ops);
		simple |= ops == &simple_ftl_ops;
		conv |= ops == &conv_ftl_ops;
	}
	CHECK(simple && conv);
	CHECK(ftl_at(i + 1) == NULL);
}

static void simple_defaults(void)
{
	const u64 xfer = xfer_ns(4096, SIMPLE_DEFAULT_BANDWIDTH_MBPS);
	void *s = create(FTL_PARAM_DEFAULT, FTL_PARAM_DEFAULT, FTL_PARAM_DEFAULT);
	u64 read, write;

	CHECK(s);
	CHECK_EQ(xfer, 1706);	/* 4096000 / 2400, rounded down */
	read = submit(s, FTL_OP_READ, 4096, 1000);
	/* The link is free again long before 100000. */
	write = submit(s, FTL_OP_WRITE, 4096, 100000);
	destroy(s);
	CHECK_EQ(read, 1000 + xfer + SIMPLE_DEFAULT_READ_NS);
	CHECK_EQ(write, 100000 + xfer + SIMPLE_DEFAULT_WRITE_NS);
}

static void simple_explicit_params(void)
{
	void *s = create(3000, 7000, 1000);
	u64 read, write;

	CHECK(s);
	read = submit(s, FTL_OP_READ, 512, 0);
	write = submit(s, FTL_OP_WRITE, 512, 50000);
	destroy(s);
	CHECK_EQ(read, 512 + 3000);
	CHECK_EQ(write, 50000 + 512 + 7000);
}

static void simple_unlimited_bandwidth(void)
{
	void *s = create(500, 700, 0);
	u64 r1, r2, w;

	CHECK(s);
	r1 = submit(s, FTL_OP_READ, 1 << 20, 1000);
	r2 = submit(s, FTL_OP_READ, 1 << 20, 1000);	/* no queueing */
	w = submit(s, FTL_OP_WRITE, 128 << 10, 1000);
	destroy(s);
	CHECK_EQ(r1, 1000 + 500);
	CHECK_EQ(r2, 1000 + 500);
	CHECK_EQ(w, 1000 + 700);
}

static void simple_zero_latency(void)
{
	void *s = create(0, 0, 0);
	u64 r, w, f;

	CHECK(s);
	r = submit(s, FTL_OP_READ, 4096, 12345);
	w = submit(s, FTL_OP_WRITE, 1 << 20, 12345);
	f = submit(s, FTL_OP_FLUSH, 0, 12345);
	destroy(s);
	CHECK_EQ(r, 12345);
	CHECK_EQ(w, 12345);
	CHECK_EQ(f, 12345);
}

/* 2400 MB/s default link: the second transfer starts when the first ends. */
static void simple_back_to_back_queue(void)
{
	const u64 xfer = xfer_ns(4096, 2400);
	void *s = create(10000, 20000, 2400);
	u64 r1, r2, w3;

	CHECK(s);
	r1 = submit(s, FTL_OP_READ, 4096, 1000);
	r2 = submit(s, FTL_OP_READ, 4096, 1000);
	w3 = submit(s, FTL_OP_WRITE, 4096, 1500);	/* reads and writes share it */
	destroy(s);
	CHECK_EQ(r1, 1000 + xfer + 10000);
	CHECK_EQ(r2, 1000 + 2 * xfer + 10000);
	CHECK_EQ(w3, 1000 + 3 * xfer + 20000);
}

static void simple_idle_gap_resets(void)
{
	void *s = create(100, 100, 1000);	/* 1 byte/ns */
	u64 r1, r2, r3;

	CHECK(s);
	r1 = submit(s, FTL_OP_READ, 4096, 0);		/* link busy to 4096 */
	r2 = submit(s, FTL_OP_READ, 4096, 10000);	/* idle since 4096 */
	r3 = submit(s, FTL_OP_READ, 4096, 14096);	/* exactly when free */
	destroy(s);
	CHECK_EQ(r1, 4096 + 100);
	CHECK_EQ(r2, 10000 + 4096 + 100);
	CHECK_EQ(r3, 14096 + 4096 + 100);
}

static void simple_flush(void)
{
	void *s = create(100, 5000, 1000);
	u64 f0, w1, w2, r, f1, f2;

	CHECK(s);
	f0 = submit(s, FTL_OP_FLUSH, 0, 777);		/* nothing written */
	w1 = submit(s, FTL_OP_WRITE, 4096, 1000);
	w2 = submit(s, FTL_OP_WRITE, 8192, 1000);
	r = submit(s, FTL_OP_READ, 65536, 1000);	/* reads don't count */
	f1 = submit(s, FTL_OP_FLUSH, 0, 2000);
	f2 = submit(s, FTL_OP_FLUSH, 0, w2 + 1);	/* all durable already */
	destroy(s);
	CHECK_EQ(f0, 777);
	CHECK_EQ(w1, 1000 + 4096 + 5000);
	CHECK_EQ(w2, 1000 + 4096 + 8192 + 5000);
	CHECK_EQ(r, 1000 + 4096 + 8192 + 65536 + 100);
	CHECK_EQ(f1, w2);
	CHECK_EQ(f2, w2 + 1);
}

static void simple_trim_write_zeroes(void)
{
	void *s = create(100, 100, 1000);
	u64 r1, t, z, r2;

	CHECK(s);
	r1 = submit(s, FTL_OP_READ, 4096, 0);		/* link busy to 4096 */
	t = submit(s, FTL_OP_TRIM, 1 << 30, 10);
	z = submit(s, FTL_OP_WRITE_ZEROES, 1 << 30, 20);
	r2 = submit(s, FTL_OP_READ, 4096, 5000);	/* link not held by them */
	destroy(s);
	CHECK_EQ(r1, 4096 + 100);
	CHECK_EQ(t, 10);
	CHECK_EQ(z, 20);
	CHECK_EQ(r2, 5000 + 4096 + 100);
}

/* Verify and Copy move nothing over the link, nor wait for it. */
static void simple_internal_skips_link(void)
{
	void *s = create(100, 200, 1000);	/* 1 byte/ns */
	u64 r1, vr, cw, f, r2;

	CHECK(s);
	r1 = submit(s, FTL_OP_READ, 4096, 0);		/* link busy to 4096 */
	vr = submit_internal(s, FTL_OP_READ, 1 << 20, 10);
	cw = submit_internal(s, FTL_OP_WRITE, 1 << 20, 20);
	f = submit(s, FTL_OP_FLUSH, 0, 30);		/* waits for that write */
	r2 = submit(s, FTL_OP_READ, 4096, 40);		/* behind r1 only */
	destroy(s);
	CHECK_EQ(r1, 4096 + 100);
	CHECK_EQ(vr, 10 + 100);
	CHECK_EQ(cw, 20 + 200);
	CHECK_EQ(f, cw);
	CHECK_EQ(r2, 4096 + 4096 + 100);
}

const struct unit_test simple_ftl_tests[] = {
	UNIT_TEST(ftl_find_names),
	UNIT_TEST(ftl_at_table),
	UNIT_TEST(simple_defaults),
	UNIT_TEST(simple_explicit_params),
	UNIT_TEST(simple_unlimited_bandwidth),
	UNIT_TEST(simple_zero_latency),
	UNIT_TEST(simple_back_to_back_queue),
	UNIT_TEST(simple_idle_gap_resets),
	UNIT_TEST(simple_flush),
	UNIT_TEST(simple_trim_write_zeroes),
	UNIT_TEST(simple_internal_skips_link),
	UNIT_END,
};
