// SPDX-License-Identifier: GPL-2.0
/*
 * Timelines and channel models (channel_model.h): bookings go to the first
 * gap they fit at or after their ready time, touching neighbours merge,
 * gaps too short for any operation are given up, the past is forgotten,
 * and a full interval array costs accuracy (later bookings) but never
 * correctness (overlaps, or starting before ready).
 */
#include "unit.h"
#include "channel_model.h"
#include "flash_util.h"

/* One booked interval, [start, end). */
struct span {
	u64 start;
	u64 end;
};

/* Books on @tl at @now and returns the start; for the tables below. */
static u64 book(struct timeline *tl, u64 now, u64 ready, u64 duration)
{
	return timeline_book(tl, now, ready, duration);
}

/*
 * True if @tl's live intervals (those it has not forgotten) are exactly
 * @want; else records what they are.
 */
static bool live_is(const struct timeline *tl, const struct span *want,
		    u32 n)
{
	char got[256];
	int len = 0;
	u32 k;
	bool same = tl->nr - tl->first == n;

	for (k = 0; same && k < n; k++)
		same = tl->iv[tl->first + k].start == want[k].start &&
		       tl->iv[tl->first + k].end == want[k].end;
	if (same)
		return true;
	got[0] = '\0';
	for (k = tl->first; k < tl->nr && len < (int)sizeof(got) - 48; k++)
		len += snprintf(got + len, sizeof(got) - len, " [%llu,%llu)",
				tl->iv[k].start, tl->iv[k].end);
	unit_fail(__FILE__, __LINE__, "live intervals:%s; expected %u", got, n);
	return false;
}

/* The live intervals are sorted, disjoint and within the array. */
static bool well_formed(const struct timeline *tl)
{
	u64 min_gap = env_max(tl->min_op_ns, 1ULL);
	u32 k;

	if (tl->first > tl->nr || tl->nr > TIMELINE_INTERVALS) {
		unit_fail(__FILE__, __LINE__, "first %u, nr %u", tl->first,
			  tl->nr);
		return false;
	}
	for (k = tl->first; k < tl->nr; k++) {
		if (tl->iv[k].start >= tl->iv[k].end) {
			unit_fail(__FILE__, __LINE__, "empty interval %u", k);
			return false;
		}
		/* A gap no operation fits would have been booked as busy. */
		if (k > tl->first &&
		    tl->iv[k].start < tl->iv[k - 1].end + min_gap) {
			unit_fail(__FILE__, __LINE__,
				  "intervals %u and %u: gap under %llu", k - 1,
				  k, min_gap);
			return false;
		}
	}
	return true;
}

static void timeline_first_bookings(void)
{
	struct timeline tl = { 0 };
	static const struct span want[] = { { 0, 30 }, { 100, 160 } };

	CHECK_EQ(book(&tl, 0, 100, 50), 100);	/* empty: at ready */
	CHECK_EQ(book(&tl, 0, 0, 30), 0);	/* before it, room to spare */
	CHECK_EQ(book(&tl, 0, 120, 10), 150);	/* busy then: after */
	CHECK(live_is(&tl, want, 2));
	CHECK_EQ(tl.busy_ns, 90);
	CHECK_EQ(tl.last_end_ns, 160);
	/* Nothing to move: the zero-length booking takes no slot. */
	CHECK_EQ(book(&tl, 0, 40, 0), 40);
	CHECK(live_is(&tl, want, 2));
}

static void timeline_fills_gaps(void)
{
	struct timeline tl = { 0 };
	static const struct span three[] = {
		{ 0, 100 }, { 150, 300 }, { 1000, 1100 },
	};
	static const struct span after[] = {
		{ 0, 360 }, { 500, 600 }, { 1000, 1200 },
	};

	book(&tl, 0, 0, 100);
	book(&tl, 0, 150, 150);
	book(&tl, 0, 1000, 100);
	CHECK(live_is(&tl, three, 3));
	/* 50 ns free at 100: too short; the next gap is at 300. */
	CHECK_EQ(book(&tl, 0, 0, 60), 300);
	/* Exactly fits [100, 150): joins both neighbours. */
	CHECK_EQ(book(&tl, 0, 0, 50), 100);
	/* In the middle of a gap, touching nothing. */
	CHECK_EQ(book(&tl, 0, 500, 100), 500);
	/* 50 ns left before 1000 is not enough: after that interval. */
	CHECK_EQ(book(&tl, 0, 950, 100), 1100);
	CHECK(live_is(&tl, after, 3));
	CHECK(well_formed(&tl));
	CHECK_EQ(tl.busy_ns, 100 + 150 + 100 + 60 + 50 + 100 + 100);
}

/* Gaps shorter than the resource's shortest operation are given up. */
static void timeline_joins_short_gaps(void)
{
	struct timeline tl = { .min_op_ns = 20 };
	static const struct span joined[] = { { 0, 160 }, { 200, 230 } };
	static const struct span one[] = { { 0, 230 } };
	static const struct span kept[] = { { 0, 230 }, { 250, 260 } };

	CHECK_EQ(book(&tl, 0, 0, 100), 0);
	/* 10 ns after the first: the gap becomes busy, the start holds. */
	CHECK_EQ(book(&tl, 0, 110, 50), 110);
	CHECK_EQ(book(&tl, 0, 200, 30), 200);	/* 40 ns gap: kept */
	CHECK(live_is(&tl, joined, 2));
	/* 15 ns either side of [175, 185): all one interval. */
	CHECK_EQ(book(&tl, 0, 175, 10), 175);
	CHECK(live_is(&tl, one, 1));
	CHECK_EQ(book(&tl, 0, 250, 10), 250);	/* exactly 20: kept */
	CHECK(live_is(&tl, kept, 2));
	/* Only operations count as busy, not the gaps given up. */
	CHECK_EQ(tl.busy_ns, 100 + 50 + 30 + 10 + 10);
	CHECK(well_formed(&tl));
}

static void timeline_forgets_the_past(void)
{
	struct timeline tl = { 0 };
	static const struct span two[] = { { 100, 300 }, { 400, 500 } };
	static const struct span late[] = { { 1000, 1010 } };

	book(&tl, 0, 0, 100);
	book(&tl, 0, 200, 100);
	book(&tl, 0, 400, 100);
	/* At 100 the first is over; the gap after it is not. */
	CHECK_EQ(book(&tl, 100, 100, 100), 100);
	CHECK(live_is(&tl, two, 2));
	/* Still busy at 450 until 500: not forgotten. */
	CHECK_EQ(book(&tl, 450, 450, 10), 500);
	CHECK_EQ(book(&tl, 1000, 1000, 10), 1000);
	CHECK(live_is(&tl, late, 1));
	CHECK_EQ(tl.busy_ns, 100 + 100 + 100 + 100 + 10 + 10);
	CHECK_EQ(tl.last_end_ns, 1010);
}

/*
 * Booking looks at a few gaps only, then queues behind everything: one
 * that would fit far down the list goes to the end instead.
 */
static void timeline_bounded_probing(void)
{
	/* The roomy gap comes after this many that are too short. */
	const u32 roomy = TIMELINE_MAX_PROBES + 3, n = roomy + 3;
	struct timeline tl = { 0 };
	u64 at = 0, last_end = 0;
	u32 k;

	/* 90 ns busy, 10 ns free, except 60 ns free after interval roomy. */
	for (k = 0; k < n; k++) {
		CHECK_EQ(book(&tl, 0, at, 90), at);
		last_end = at + 90;
		at += k == roomy ? 150 : 100;
	}
	CHECK_EQ(tl.nr - tl.first, n);
	/* From 0 the roomy gap is too far down: behind the last. */
	CHECK_EQ(book(&tl, 0, 0, 40), last_end);
	/* Ready just before it, it is the first gap tried. */
	CHECK_EQ(book(&tl, 0, roomy * 100ULL, 40), roomy * 100ULL + 90);
	CHECK(well_formed(&tl));
}

/* TIMELINE_INTERVALS separate intervals: [base + 100k, base + 100k + 10). */
static bool fill_array(struct timeline *tl, u64 base)
{
	u32 k;

	memset(tl, 0, sizeof(*tl));
	for (k = 0; k < TIMELINE_INTERVALS; k++)
		book(tl, 0, base + 100ULL * k, 10);
	if (tl->nr - tl->first != TIMELINE_INTERVALS) {
		unit_fail(__FILE__, __LINE__, "%u intervals, not %u",
			  tl->nr - tl->first, TIMELINE_INTERVALS);
		return false;
	}
	return true;
}

/* Is [start, end) inside one of @tl's live intervals? */
static bool covered(const struct timeline *tl, u64 start, u64 end)
{
	u32 k;

	for (k = tl->first; k < tl->nr; k++)
		if (tl->iv[k].start <= start && end <= tl->iv[k].end)
			return true;
	return false;
}

/*
 * A full array: a new booking still gets the gap it fits (the one given
 * up to make room is another), and every booking stays covered.
 */
static void timeline_full_array(void)
{
	struct timeline tl;
	u32 k;

	/* Into the gap after the first interval (index 1 of the array). */
	CHECK(fill_array(&tl, 100));
	CHECK_EQ(book(&tl, 0, 120, 10), 120);
	CHECK(well_formed(&tl));
	CHECK(covered(&tl, 120, 130));
	for (k = 0; k < TIMELINE_INTERVALS; k++)
		CHECK(covered(&tl, 100 + 100ULL * k, 110 + 100ULL * k));

	/* Before every interval (index 0). */
	CHECK(fill_array(&tl, 1000));
	CHECK_EQ(book(&tl, 0, 0, 10), 0);
	CHECK(well_formed(&tl));
	CHECK(covered(&tl, 0, 10));
	for (k = 0; k < TIMELINE_INTERVALS; k++)
		CHECK(covered(&tl, 1000 + 100ULL * k, 1010 + 100ULL * k));

	/* Deep in the middle, and after the last. */
	CHECK(fill_array(&tl, 0));
	CHECK_EQ(book(&tl, 0, 1550, 20), 1550);
	CHECK_EQ(book(&tl, 0, 100000, 10), 100000);
	CHECK(well_formed(&tl));
	CHECK(covered(&tl, 1550, 1570));
	CHECK(covered(&tl, 100000, 100010));
	for (k = 0; k < TIMELINE_INTERVALS; k++)
		CHECK(covered(&tl, 100ULL * k, 10 + 100ULL * k));
	CHECK_EQ(tl.busy_ns, TIMELINE_INTERVALS * 10ULL + 20 + 10);
}

/* Random bookings, far more than the array holds outstanding. */
#define RANDOM_BOOKINGS		3000
#define RANDOM_ROUNDS		4

static void timeline_random_never_overlaps(void)
{
	static struct span booked[RANDOM_BOOKINGS];
	u64 seed = 0x7117e11eULL;
	u32 round, n, k;

	for (round = 0; round < RANDOM_ROUNDS; round++) {
		/* Odd rounds give up gaps shorter than 50 ns. */
		struct timeline tl = { .min_op_ns = round & 1 ? 50 : 0 };
		u64 now = 0, busy = 0, last_end = 0;

		for (n = 0; n < RANDOM_BOOKINGS; n++) {
			u64 ready, duration, start;

			/* Time moves on now and then; long stretches not. */
			if (round >= 2 && rng_below(&seed, 8) == 0)
				now += rng_below(&seed, 2000);
			ready = now + rng_below(&seed, 20000);
			duration = 1 + rng_below(&seed, 300);
			start = book(&tl, now, ready, duration);
			CHECK(start >= ready);
			booked[n].start = start;
			booked[n].end = start + duration;
			busy += duration;
			last_end = env_max(last_end, start + duration);
			for (k = 0; k < n; k++)
				if (booked[k].start < booked[n].end &&
				    booked[n].start < booked[k].end) {
					unit_fail(__FILE__, __LINE__,
						  "round %u: booking %u [%llu,%llu) overlaps %u [%llu,%llu)",
						  round, n, booked[n].start,
						  booked[n].end, k,
						  booked[k].start,
						  booked[k].end);
					return;
				}
			CHECK(well_formed(&tl));
			CHECK(covered(&tl, start, start + duration));
		}
		/* Whatever is not over yet must still block. */
		for (k = 0; k < n; k++)
			if (booked[k].end > now)
				CHECK(covered(&tl, booked[k].start,
					      booked[k].end));
		CHECK_EQ(tl.busy_ns, busy);
		CHECK_EQ(tl.last_end_ns, last_end);
	}
}

static void chmodel_transfer_times(void)
{
	struct chmodel ch;

	/* 800 MB/s is 1.25 ns per byte. */
	chmodel_init(&ch, 800);
	CHECK_EQ(chmodel_xfer_ns(&ch, 4096), 5120);
	CHECK_EQ(chmodel_xfer_ns(&ch, 32768), 40960);
	CHECK_EQ(ch.tl.min_op_ns, chmodel_xfer_ns(&ch, CHMODEL_MIN_BYTES));
	/* 1000 MB/s: 1 ns per byte. */
	chmodel_init(&ch, 1000);
	CHECK_EQ(chmodel_xfer_ns(&ch, 1 << 20), 1 << 20);
	CHECK_EQ(chmodel_xfer_ns(&ch, 512), 512);
	/* 3500 MB/s: 4096 / 3.5 = 1170.3, rounded down. */
	chmodel_init(&ch, 3500);
	CHECK_EQ(chmodel_xfer_ns(&ch, 4096), 1170);
	/* 533 MB/s: 4096 / 0.533 = 7684.8, rounded down. */
	chmodel_init(&ch, 533);
	CHECK_EQ(chmodel_xfer_ns(&ch, 4096), 7684);
	/* 0: no limit, and so nothing to book. */
	chmodel_init(&ch, 0);
	CHECK_EQ(chmodel_xfer_ns(&ch, 1 << 20), 0);
	CHECK_EQ(chmodel_transfer(&ch, 0, 777, 1 << 20), 777);
	CHECK_EQ(ch.tl.nr - ch.tl.first, 0);
}

static void chmodel_queues_and_fills_gaps(void)
{
	struct chmodel ch;

	chmodel_init(&ch, 800);
	CHECK_EQ(chmodel_transfer(&ch, 0, 0, 4096), 5120);
	CHECK_EQ(chmodel_transfer(&ch, 0, 0, 4096), 10240);	/* queued */
	CHECK_EQ(chmodel_transfer(&ch, 0, 100000, 4096), 105120);
	/* Ready at 20000: the channel is free until 100000. */
	CHECK_EQ(chmodel_transfer(&ch, 0, 20000, 4096), 25120);
	/* 16 KiB (20480 ns) no longer fits before 100000 from 80000. */
	CHECK_EQ(chmodel_transfer(&ch, 0, 80000, 16384), 105120 + 20480);
	CHECK(well_formed(&ch.tl));
}

const struct unit_test channel_model_tests[] = {
	UNIT_TEST(timeline_first_bookings),
	UNIT_TEST(timeline_fills_gaps),
	UNIT_TEST(timeline_joins_short_gaps),
	UNIT_TEST(timeline_forgets_the_past),
	UNIT_TEST(timeline_bounded_probing),
	UNIT_TEST(timeline_full_array),
	UNIT_TEST(timeline_random_never_overlaps),
	UNIT_TEST(chmodel_transfer_times),
	UNIT_TEST(chmodel_queues_and_fills_gaps),
	UNIT_END,
};
