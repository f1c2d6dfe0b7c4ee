// SPDX-License-Identifier: GPL-2.0
/*
 * Error injection: the text commands and what they reject, bad and
 * timeout ranges merged and carved, the rates against their figures and
 * reproducible from the seed, and the settings read back as commands that
 * rebuild them.
 */
#include <math.h>
#include "unit.h"
#include "inject.h"

#define ERR_SIZE	128
/* Draws for a rate check. */
#define RATE_DRAWS	1000000U
/* How far from its expectation a binomial count may land, in deviations. */
#define RATE_SIGMAS	4

static char err[ERR_SIZE];

/* Applies @text, a line at a time; the first failure's errno. */
static int apply(struct inject_cfg *cfg, const char *text)
{
	char line[INJECT_LINE_MAX * 2];

	while (*text) {
		size_t len = strcspn(text, "\n");
		int ret;

		snprintf(line, sizeof(line), "%.*s", (int)len, text);
		ret = inject_apply(cfg, line, err, sizeof(err));
		if (ret)
			return ret;
		text += len;
		if (*text)
			text++;
	}
	return 0;
}

/*
 * Settings in static storage, set to the defaults: a test that stops at a
 * failed check leaks nothing.
 */
static struct inject_cfg cfg_a, cfg_b;

static struct inject_cfg *fresh(struct inject_cfg *cfg)
{
	struct inject_cfg *defaults = inject_cfg_dup(NULL);

	if (!defaults)
		return NULL;
	memcpy(cfg, defaults, sizeof(*cfg));
	inject_cfg_free(defaults);
	cfg->gen = 1;
	return cfg;
}

static bool show_is(const struct inject_cfg *cfg, const char *want)
{
	static char buf[INJECT_SHOW_MAX];

	inject_show(cfg, buf, sizeof(buf));
	if (strcmp(buf, want)) {
		unit_fail(__FILE__, __LINE__, "shows\n%s\nwant\n%s", buf, want);
		return false;
	}
	return true;
}

static void inject_commands(void)
{
	struct inject_cfg *cfg = fresh(&cfg_a);

	CHECK(cfg);
	CHECK(inject_cfg_idle(cfg));
	CHECK(show_is(cfg, "read_ppm 0\nwrite_ppm 0\ntimeout_ppm 0\nseed 1\n"));
	CHECK_EQ(apply(cfg, "read_ppm 250\n  write_ppm\t0x10  \n"
			    "timeout_ppm 1000000\nseed 42\n"
			    "# a comment\n\nbad 1000 8\ntimeout 77 1"), 0);
	CHECK(!inject_cfg_idle(cfg));
	CHECK(show_is(cfg, "read_ppm 250\nwrite_ppm 16\ntimeout_ppm 1000000\n"
			   "seed 42\nbad 1000 8\ntimeout 77 1\n"));
	CHECK_EQ(cfg->bad_gen, cfg->gen);
	CHECK_EQ(apply(cfg, "clear"), 0);
	CHECK(inject_cfg_idle(cfg));
	CHECK_EQ(cfg->gen, 1);
	/* A seed of its own keeps the settings from being idle. */
	CHECK_EQ(apply(cfg, "seed 7"), 0);
	CHECK(!inject_cfg_idle(cfg));
}

/* A rejected line says why and, being one command, changes nothing. */
static bool rejected(struct inject_cfg *cfg, const char *line, int want)
{
	static char before[INJECT_SHOW_MAX], after[INJECT_SHOW_MAX];
	int ret;

	err[0] = '\0';
	inject_show(cfg, before, sizeof(before));
	ret = inject_apply(cfg, line, err, sizeof(err));
	inject_show(cfg, after, sizeof(after));
	if (ret != want || !err[0] || strcmp(before, after)) {
		unit_fail(__FILE__, __LINE__, "'%s': %d (want %d), '%s'%s",
			  line, ret, want, err,
			  strcmp(before, after) ? ", changed" : "");
		return false;
	}
	printf("  '%s': %s\n", line, err);
	return true;
}

static void inject_rejects(void)
{
	struct inject_cfg *cfg = fresh(&cfg_a);

	CHECK(cfg);
	CHECK(rejected(cfg, "bogus 1", -EINVAL));
	CHECK(rejected(cfg, "bad 1", -EINVAL));
	CHECK(rejected(cfg, "bad 1 2 3", -EINVAL));
	CHECK(rejected(cfg, "clear now", -EINVAL));
	CHECK(rejected(cfg, "read_ppm -1", -EINVAL));
	CHECK(rejected(cfg, "read_ppm 12x", -EINVAL));
	CHECK(rejected(cfg, "read_ppm 0x", -EINVAL));
	CHECK(rejected(cfg, "seed 18446744073709551616", -EINVAL));
	CHECK(rejected(cfg, "write_ppm 1000001", -ERANGE));
	CHECK(rejected(cfg, "bad 5 0", -EINVAL));
	CHECK(rejected(cfg, "bad 18446744073709551615 2", -EINVAL));
	CHECK(rejected(cfg, "timeout 0123456789012345678901234567890123 1",
		       -EINVAL));
	CHECK_EQ(apply(cfg, "seed 18446744073709551615"), 0);
	CHECK_EQ(cfg->seed, ~0ULL);
}

static void inject_ranges_merge_and_carve(void)
{
	struct inject_cfg *cfg = fresh(&cfg_a);

	CHECK(cfg);
	CHECK_EQ(apply(cfg, "bad 100 10\nbad 200 10\nbad 110 5\nbad 95 5"), 0);
	CHECK(show_is(cfg, "read_ppm 0\nwrite_ppm 0\ntimeout_ppm 0\nseed 1\n"
			   "bad 95 20\nbad 200 10\n"));
	/* One range over both, and past them. */
	CHECK_EQ(apply(cfg, "bad 90 200"), 0);
	CHECK_EQ(cfg->bad.nr, 1);
	CHECK_EQ(inject_bad_count(cfg), 200);
	/* Carve the middle, then trim both ends, then a whole range. */
	CHECK_EQ(apply(cfg, "good 150 10\ngood 0 95\ngood 280 100"), 0);
	CHECK(show_is(cfg, "read_ppm 0\nwrite_ppm 0\ntimeout_ppm 0\nseed 1\n"
			   "bad 95 55\nbad 160 120\n"));
	CHECK_EQ(apply(cfg, "good 95 55\ngood 1000 1"), 0);
	CHECK_EQ(cfg->bad.nr, 1);
	CHECK_EQ(inject_find_bad(cfg, 0, 160), 160);
	CHECK_EQ(inject_find_bad(cfg, 0, 161), 160);
	CHECK_EQ(inject_find_bad(cfg, 170, 5), 170);
	CHECK_EQ(inject_find_bad(cfg, 280, 8), 288);
	CHECK_EQ(inject_bad_end(cfg, 200), 280);
	CHECK_EQ(inject_bad_count(cfg), 120);
}

static void inject_range_limit(void)
{
	struct inject_cfg *cfg = fresh(&cfg_a);
	char line[INJECT_LINE_MAX];
	u32 i;

	CHECK(cfg);
	for (i = 0; i < INJECT_MAX_RANGES; i++) {
		snprintf(line, sizeof(line), "bad %u 1", 10 * i);
		CHECK_EQ(apply(cfg, line), 0);
	}
	CHECK_EQ(cfg->bad.nr, INJECT_MAX_RANGES);
	CHECK(rejected(cfg, "bad 5 1", -ENOSPC));
	CHECK_EQ(apply(cfg, "bad 10 5"), 0);		/* merges: no new one */
	CHECK_EQ(apply(cfg, "good 20 1"), 0);		/* a whole one goes */
	CHECK_EQ(cfg->bad.nr, INJECT_MAX_RANGES - 1);
	CHECK_EQ(apply(cfg, "bad 5 1"), 0);
	CHECK(rejected(cfg, "good 12 1", -ENOSPC));	/* a split needs one */
	CHECK_EQ(inject_find_bad(cfg, 11, 2), 11);
	CHECK_EQ(inject_find_bad(cfg, 16, 4), 20);
}

/* How many of @draws reads fail at random. */
static u64 read_failures(const struct inject_cfg *cfg, struct inject_state *st,
			 u32 draws)
{
	u64 n = 0;
	u32 i;

	for (i = 0; i < draws; i++)
		n += inject_read_error(cfg, st, 0, 1) == 0;
	return n;
}

/* Which of the next 64 reads fail, a bit each. */
static u64 failure_pattern(const struct inject_cfg *cfg,
			   struct inject_state *st)
{
	u64 bits = 0;
	u32 i;

	for (i = 0; i < 64; i++)
		if (!inject_read_error(cfg, st, 0, 1))
			bits |= 1ULL << i;
	return bits;
}

static void inject_rates(void)
{
	static const u32 rates[] = { 1000, 10000, 250000 };
	struct inject_cfg *cfg = fresh(&cfg_a);
	struct inject_state a = { 0 }, b = { 0 };
	u64 seed1;
	u32 i;

	CHECK(cfg);
	for (i = 0; i < sizeof(rates) / sizeof(rates[0]); i++) {
		double p = (double)rates[i] / INJECT_PPM;
		double want = p * RATE_DRAWS, sd = sqrt(want * (1 - p));
		u64 got;

		cfg->read_ppm = rates[i];
		cfg->gen++;
		got = read_failures(cfg, &a, RATE_DRAWS);
		printf("  read_ppm %u: %llu of %u reads failed (%.0f +- %.0f)\n",
		       rates[i], got, RATE_DRAWS, want, sd);
		CHECK(fabs(got - want) <= RATE_SIGMAS * sd);
	}
	/* The same seed, the same failures; a write draws from its own rate. */
	a = (struct inject_state){ 0 };
	for (i = 0; i < 1000; i++) {
		CHECK_EQ(inject_read_error(cfg, &a, 5, 4),
			 inject_read_error(cfg, &b, 5, 4));
		CHECK_EQ(inject_write_error(cfg, &a, 5, 4), 9);
	}
	CHECK_EQ(a.read_errors, b.read_errors);
	CHECK_EQ(a.write_errors, 0);
	/* New settings start the sequence over; another seed changes it. */
	cfg->gen++;
	seed1 = failure_pattern(cfg, &a);
	CHECK_EQ(seed1, failure_pattern(cfg, &b));
	cfg->seed = 99;
	cfg->gen++;
	CHECK(failure_pattern(cfg, &a) != seed1);
	cfg->read_ppm = 0;
	CHECK_EQ(read_failures(cfg, &a, 1000), 0);
	cfg->read_ppm = INJECT_PPM;
	CHECK_EQ(read_failures(cfg, &a, 1000), 1000);
}

/* Bad LBAs fail reads and writes at the first of them, and are counted. */
static void inject_bad_fails_first_lba(void)
{
	struct inject_cfg *cfg = fresh(&cfg_a);
	struct inject_state st = { 0 };

	CHECK(cfg);
	CHECK_EQ(apply(cfg, "bad 1000 8"), 0);
	CHECK_EQ(inject_read_error(cfg, &st, 990, 11), 1000);
	CHECK_EQ(inject_read_error(cfg, &st, 1004, 100), 1004);
	CHECK_EQ(inject_write_error(cfg, &st, 1007, 1), 1007);
	CHECK_EQ(inject_read_error(cfg, &st, 1008, 100), 1108);
	CHECK_EQ(st.read_errors, 2);
	CHECK_EQ(st.write_errors, 1);
}

static void inject_timeouts(void)
{
	struct inject_cfg *cfg = fresh(&cfg_a);
	struct inject_state st = { 0 };
	u32 i, hung = 0;

	CHECK(cfg);
	CHECK_EQ(apply(cfg, "timeout 500 2"), 0);
	CHECK(inject_timeout(cfg, &st, true, 490, 11));
	CHECK(inject_timeout(cfg, &st, true, 501, 100));
	CHECK(!inject_timeout(cfg, &st, true, 502, 100));
	CHECK(!inject_timeout(cfg, &st, false, 500, 1));	/* no range */
	CHECK_EQ(st.timeouts, 2);
	CHECK_EQ(apply(cfg, "timeout_ppm 500000"), 0);
	cfg->gen++;
	for (i = 0; i < 1000; i++)
		hung += inject_timeout(cfg, &st, false, 0, 0);
	CHECK(hung > 400 && hung < 600);
}

#define ROUND_TRIP_BASE		(1ULL << 60)

/* What the settings show, written back, builds the same settings. */
static void inject_show_round_trip(void)
{
	static char text[INJECT_SHOW_MAX], again[INJECT_SHOW_MAX];
	struct inject_cfg *cfg = fresh(&cfg_a), *copy = fresh(&cfg_b);
	char line[INJECT_LINE_MAX];
	u32 i;

	CHECK(cfg && copy);
	CHECK_EQ(apply(cfg, "read_ppm 3\nwrite_ppm 4\ntimeout_ppm 5\nseed 6"), 0);
	/* Full lists, of LBAs far up: every line at its longest. */
	for (i = 0; i < INJECT_MAX_RANGES; i++) {
		snprintf(line, sizeof(line), "bad %llu %u\ntimeout %llu 1",
			 ROUND_TRIP_BASE + 10ULL * i, i % 9 + 1,
			 ROUND_TRIP_BASE + 2ULL * i);
		CHECK_EQ(apply(cfg, line), 0);
	}
	CHECK_EQ(cfg->bad.nr, INJECT_MAX_RANGES);
	CHECK_EQ(cfg->timeout.nr, INJECT_MAX_RANGES);
	CHECK((size_t)inject_show(cfg, text, sizeof(text)) < sizeof(text) - 1);
	CHECK_EQ(apply(copy, text), 0);
	inject_show(copy, again, sizeof(again));
	CHECK(!strcmp(text, again));
}

const struct unit_test inject_tests[] = {
	UNIT_TEST(inject_commands),
	UNIT_TEST(inject_rejects),
	UNIT_TEST(inject_ranges_merge_and_carve),
	UNIT_TEST(inject_range_limit),
	UNIT_TEST(inject_rates),
	UNIT_TEST(inject_bad_fails_first_lba),
	UNIT_TEST(inject_timeouts),
	UNIT_TEST(inject_show_round_trip),
	UNIT_END,
};
