/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers the flash model tests share: devices built from a preset, one
 * command at a time, a seeded random source and a closed-loop driver that
 * keeps a queue depth outstanding the way fio does.
 */
#ifndef UNIT_FLASH_UTIL_H
#define UNIT_FLASH_UTIL_H

#include "conv_ftl.h"
#include "unit.h"

/*
 * CHECK() and CHECK_EQ() for tests that hold an FTL: record the failure,
 * then go to @out to free it, so a failing test leaks nothing (and
 * LeakSanitizer adds no noise to the report).
 */
#define CHECK_OR(cond, out)						\
	do {								\
		if (!(cond)) {						\
			unit_fail(__FILE__, __LINE__, "CHECK(%s)", #cond); \
			goto out;					\
		}							\
	} while (0)

#define CHECK_EQ_OR(actual, expected, out)				\
	do {								\
		unsigned long long a_ = (actual), e_ = (expected);	\
		if (a_ != e_) {						\
			unit_fail(__FILE__, __LINE__,			\
				  "%s == %s: got %llu, expected %llu",	\
				  #actual, #expected, a_, e_);		\
			goto out;					\
		}							\
	} while (0)

/* Records a failure and yields false, for helpers that return bool. */
#define FAIL_FALSE(...)							\
	({ unit_fail(__FILE__, __LINE__, __VA_ARGS__); false; })

#define ARRAY_LEN(a)	(sizeof(a) / sizeof((a)[0]))

#define KIB		1024ULL
#define MIB		(1024ULL * KIB)
#define GIB		(1024ULL * MIB)
#define NS_PER_MS	1000000ULL
#define NS_PER_SEC	1000000000ULL

/* @profile at @capacity bytes, every tunable left at the preset's value. */
struct ftl_params flash_params(const char *profile, u64 capacity);

/*
 * ops->create() with stderr muted: for parameters that must be rejected,
 * whose (expected) complaint would only clutter the test output.
 */
void *flash_create_quiet(const struct ftl_ops *ops,
			 const struct ftl_params *params);
/* ssd_create() likewise. */
struct ssd *flash_ssd_create_quiet(const struct ftl_params *params,
				   u32 min_spare_lines);

/* One command to the conv FTL; returns its completion time. */
u64 conv_cmd(void *ftl, enum ftl_op op, u64 offset, u64 length, u64 now_ns);

/* The conv FTL's counters. */
struct ftl_stats conv_counters(void *ftl);

/* xorshift64*: deterministic, so a failure reproduces. */
u64 rng_next(u64 *state);
/* Uniform in [0, n). */
u64 rng_below(u64 *state, u64 n);

/*
 * A closed loop: @qd commands outstanding; when the earliest completes the
 * next is submitted at that moment, as a host that reaps completions and
 * resubmits does.  Offsets are block-aligned in [base, base + span).
 */
struct qd_job {
	enum ftl_op op;
	u32 qd;
	u64 block;		/* bytes per command */
	u64 base;		/* bytes */
	u64 span;		/* bytes */
	u64 count;		/* commands */
	bool random;		/* else sequential, wrapping around @span */
	u64 seed;
};

struct qd_result {
	u64 start_ns;		/* the first submission */
	u64 end_ns;		/* the last completion */
	u64 bytes;
	u64 lat_sum_ns;
	u64 lat_max_ns;
};

#define QD_MAX		256

/*
 * Runs @job from *@now_ns on; *@now_ns becomes the last completion.
 * False if the job is malformed or the FTL ever completes a command
 * before it was submitted.
 */
bool qd_run(void *ftl, const struct qd_job *job, u64 *now_ns,
	    struct qd_result *res);

/* Bytes per microsecond, i.e. MB/s (10^6 bytes per second). */
static inline u64 qd_mbps(const struct qd_result *res)
{
	u64 ns = res->end_ns - res->start_ns;

	return ns ? res->bytes * 1000 / ns : 0;
}

#endif /* UNIT_FLASH_UTIL_H */
