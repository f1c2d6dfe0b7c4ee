// SPDX-License-Identifier: GPL-2.0
/*
 * The simple FTL: no flash, no mapping.  Every command pays a fixed media
 * latency plus its share of one shared transfer link, which is how
 * byte-addressable media such as Optane behave to a first approximation.
 * It lets the whole controller path be exercised and measured before (and
 * independently of) the flash model.
 */
#include "ftl.h"
#include "ssd_config.h"

struct simple_ftl {
	u32 read_ns;
	u32 write_ns;
	u32 bandwidth_mbps;	/* MB/s == bytes/us; 0 means unlimited */
	u64 link_free_ns;	/* the link is busy until then */
	u64 writes_done_ns;	/* every accepted write is durable by then */
};

static u32 simple_param(int value, u32 fallback)
{
	return value == FTL_PARAM_DEFAULT ? fallback : (u32)value;
}

static void *simple_create(const struct ftl_params *params)
{
	struct simple_ftl *s;

	if (!ftl_params_without_fdp(params, simple_ftl_ops.name))
		return NULL;
	s = env_zalloc(sizeof(*s));
	if (!s)
		return NULL;
	s->read_ns = simple_param(params->read_ns, SIMPLE_DEFAULT_READ_NS);
	s->write_ns = simple_param(params->write_ns, SIMPLE_DEFAULT_WRITE_NS);
	s->bandwidth_mbps = simple_param(params->bandwidth_mbps,
					 SIMPLE_DEFAULT_BANDWIDTH_MBPS);
	return s;
}

static void simple_destroy(void *ftl)
{
	env_free(ftl);
}

/* Occupies the link for @bytes starting no earlier than @now. */
static u64 simple_transfer(struct simple_ftl *s, u64 now, u64 bytes)
{
	u64 start = env_max(now, s->link_free_ns);
	u64 xfer_ns = 0;

	if (s->bandwidth_mbps)
		xfer_ns = env_div_u64(bytes * ENV_NSEC_PER_USEC,
				      s->bandwidth_mbps);
	s->link_free_ns = start + xfer_ns;
	return s->link_free_ns;
}

/* When @io's data has crossed the link; data kept inside never does. */
static u64 simple_data_ready(struct simple_ftl *s, const struct ftl_io *io)
{
	if (io->internal)
		return io->now_ns;
	return simple_transfer(s, io->now_ns, io->length);
}

static u64 simple_submit(void *ftl, const struct ftl_io *io)
{
	struct simple_ftl *s = ftl;
	u64 done;

	switch (io->op) {
	case FTL_OP_READ:
		return simple_data_ready(s, io) + s->read_ns;
	case FTL_OP_WRITE:
		done = simple_data_ready(s, io) + s->write_ns;
		s->writes_done_ns = env_max(s->writes_done_ns, done);
		return done;
	case FTL_OP_FLUSH:
		/* Nothing is cached: a flush only waits for writes in flight. */
		return env_max(io->now_ns, s->writes_done_ns);
	case FTL_OP_TRIM:
	case FTL_OP_WRITE_ZEROES:
	default:
		/* Metadata only: no data crosses the link. */
		return io->now_ns;
	}
}

const struct ftl_ops simple_ftl_ops = {
	.name = "simple",
	.create = simple_create,
	.destroy = simple_destroy,
	.submit = simple_submit,
};
