// SPDX-License-Identifier: GPL-2.0
/*
 * White-box access to the conv FTL (conv_ftl.h) for the unit tests: where
 * a logical unit maps, which stream filled a line, and the audit of every
 * invariant of the mapping, the lines and the victim heap.  Only the
 * userspace builds compile it; the module has no use for it.
 */
#include "conv_ftl_int.h"

u32 conv_ftl_lookup(void *ftl, u32 lpn)
{
	return ((struct conv_ftl *)ftl)->l2p[lpn];
}

struct ssd *conv_ftl_ssd(void *ftl)
{
	return ((struct conv_ftl *)ftl)->ssd;
}

bool conv_ftl_line_stream(void *ftl, u32 line, struct conv_stream *stream)
{
	struct conv_ftl *c = ftl;
	u32 index = c->lines[line].stream;

	if (c->lines[line].state == LINE_FREE)
		return false;
	stream->host = index < c->nr_host_wps;
	if (stream->host) {
		stream->rg = index / c->fdp_cfg.nr_ruhs;
		stream->ruh = index % c->fdp_cfg.nr_ruhs;
	} else {
		index -= c->nr_host_wps;
		stream->rg = index / conv_gc_wps_per_rg(&c->fdp_cfg);
		/* The GC stream of a persistent handle, or the shared one. */
		stream->ruh = index % conv_gc_wps_per_rg(&c->fdp_cfg);
		stream->ruh = stream->ruh ? stream->ruh - 1 + c->fdp_cfg.nr_ruhs -
					    c->fdp_cfg.nr_persistent :
					    CONV_SHARED_GC;
	}
	return true;
}

#define AUDIT_FAIL(...)	({ env_snprintf(why, size, __VA_ARGS__); false; })

static bool conv_audit_map(struct conv_ftl *c, char *why, size_t size)
{
	const struct ssd_geometry *g = &c->ssd->geo;
	u64 i;

	for (i = 0; i < g->logical_units; i++) {
		u32 ppn = c->l2p[i];

		if (ppn != SSD_INVALID_PPN &&
		    (ppn >= g->units || c->rmap[ppn] != i))
			return AUDIT_FAIL("lpn %llu -> ppn %u does not map back",
					  i, ppn);
	}
	for (i = 0; i < g->units; i++) {
		u32 lpn = c->rmap[i];

		if (lpn != SSD_INVALID_PPN &&
		    (lpn >= g->logical_units || c->l2p[lpn] != i))
			return AUDIT_FAIL("ppn %llu -> lpn %u is stale", i, lpn);
	}
	return true;
}

static bool conv_audit_lines(struct conv_ftl *c, char *why, size_t size)
{
	const struct ssd_geometry *g = &c->ssd->geo;
	u32 line, u, open = 0, count[LINE_COLLECTING + 1] = { 0 };

	for (line = 0; line < g->lines; line++) {
		const struct conv_line *l = &c->lines[line];
		u32 valid = 0;

		for (u = 0; u < g->units_per_line; u++)
			valid += c->rmap[(u64)line * g->units_per_line + u] !=
				 SSD_INVALID_PPN;
		if (valid != l->valid)
			return AUDIT_FAIL("line %u counts %u valid, has %u",
					  line, l->valid, valid);
		if (l->state == LINE_FULL &&
		    (l->heap_pos >= c->nr_victims ||
		     c->victims[l->heap_pos] != line))
			return AUDIT_FAIL("line %u is not where the heap says",
					  line);
		count[l->state]++;
	}
	for (u = 0; u < c->nr_wps; u++)
		open += c->wps[u].open;
	if (count[LINE_FREE] != c->nr_free ||
	    count[LINE_FULL] != c->nr_victims ||
	    count[LINE_OPEN] != open || count[LINE_COLLECTING])
		return AUDIT_FAIL("line states: %u free (list %u), %u full (heap %u), %u open, %u collecting",
				  count[LINE_FREE], c->nr_free,
				  count[LINE_FULL], c->nr_victims,
				  count[LINE_OPEN], count[LINE_COLLECTING]);
	for (u = 0; u < c->nr_free; u++)
		if (c->lines[c->free_lines[u]].state != LINE_FREE)
			return AUDIT_FAIL("free list holds line %u",
					  c->free_lines[u]);
	for (u = 1; u < c->nr_victims; u++)
		if (victim_less(c, u, (u - 1) / 2))
			return AUDIT_FAIL("victim heap out of order at %u", u);
	return true;
}

bool conv_ftl_audit(void *ftl, char *why, size_t size)
{
	return conv_audit_map(ftl, why, size) &&
	       conv_audit_lines(ftl, why, size);
}
