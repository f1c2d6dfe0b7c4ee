// SPDX-License-Identifier: GPL-2.0
/* The helpers of flash_util.h. */
#include <fcntl.h>
#include <unistd.h>
#include "flash_util.h"

struct ftl_params flash_params(const char *profile, u64 capacity)
{
	return ftl_params_default(capacity, profile);
}

/*
 * Points fd 2 at /dev/null and returns the saved descriptor (-1 if that
 * failed; then nothing is muted).  Only around the one call, so that a
 * sanitizer report elsewhere still reaches the terminal.
 */
static int mute_stderr(void)
{
	int saved, null;

	fflush(stderr);
	saved = dup(STDERR_FILENO);
	null = open("/dev/null", O_WRONLY);
	if (saved < 0 || null < 0 || dup2(null, STDERR_FILENO) < 0) {
		if (null >= 0)
			close(null);
		if (saved >= 0)
			close(saved);
		return -1;
	}
	close(null);
	return saved;
}

static void unmute_stderr(int saved)
{
	if (saved < 0)
		return;
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
}

void *flash_create_quiet(const struct ftl_ops *ops,
			 const struct ftl_params *params)
{
	int saved = mute_stderr();
	void *ftl = ops->create(params);

	unmute_stderr(saved);
	return ftl;
}

struct ssd *flash_ssd_create_quiet(const struct ftl_params *params,
				   u32 min_spare_lines)
{
	int saved = mute_stderr();
	struct ssd *ssd = ssd_create(params, min_spare_lines);

	unmute_stderr(saved);
	return ssd;
}

u64 conv_cmd(void *ftl, enum ftl_op op, u64 offset, u64 length, u64 now_ns)
{
	const struct ftl_io io = {
		.op = op,
		.offset = offset,
		.length = length,
		.now_ns = now_ns,
	};

	return conv_ftl_ops.submit(ftl, &io);
}

struct ftl_stats conv_counters(void *ftl)
{
	struct ftl_stats s;

	memset(&s, 0, sizeof(s));
	conv_ftl_ops.stats(ftl, &s);
	return s;
}

u64 rng_next(u64 *state)
{
	u64 x = *state ? *state : 1;	/* zero is xorshift's fixed point */

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545f4914f6cdd1dULL;
}

u64 rng_below(u64 *state, u64 n)
{
	return rng_next(state) % n;
}

bool qd_run(void *ftl, const struct qd_job *job, u64 *now_ns,
	    struct qd_result *res)
{
	u64 done[QD_MAX], seed = job->seed, blocks, now = *now_ns, i;
	u32 slot, k;

	if (!job->qd || job->qd > QD_MAX || !job->block ||
	    job->span < job->block)
		return false;
	blocks = job->span / job->block;
	memset(res, 0, sizeof(*res));
	res->start_ns = now;
	for (i = 0; i < job->count; i++) {
		u64 block = job->random ? rng_below(&seed, blocks) :
			    i % blocks;
		u64 lat;

		if (i < job->qd) {
			slot = (u32)i;
		} else {
			/* Reap the earliest completion; submit at its time. */
			for (slot = 0, k = 1; k < job->qd; k++)
				if (done[k] < done[slot])
					slot = k;
			now = env_max(now, done[slot]);
		}
		done[slot] = conv_cmd(ftl, job->op,
				      job->base + block * job->block,
				      job->block, now);
		if (done[slot] < now)
			return false;
		lat = done[slot] - now;
		res->lat_sum_ns += lat;
		res->lat_max_ns = env_max(res->lat_max_ns, lat);
		res->end_ns = env_max(res->end_ns, done[slot]);
		res->bytes += job->block;
	}
	*now_ns = env_max(now, res->end_ns);
	return true;
}
