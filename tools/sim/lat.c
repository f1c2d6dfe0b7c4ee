// SPDX-License-Identifier: GPL-2.0
/*
 * Latency histogram.  Values below 2^(LAT_SUB_BITS + 1) ns are counted
 * exactly; above, each octave [2^m, 2^(m+1)) is cut into LAT_SUB equal
 * buckets, so a percentile is off by less than 1 / LAT_SUB of its value
 * (0.1%).  Adding a sample costs a few instructions and no allocation,
 * whatever the run's length.  Percentiles are clamped to the exact minimum
 * and maximum, so a constant latency reads back exactly.
 */
#include "sim.h"

int lat_init(struct lat_hist *h)
{
	memset(h, 0, sizeof(*h));
	h->buckets = calloc(LAT_BUCKETS, sizeof(*h->buckets));
	if (!h->buckets)
		return -1;
	h->min_ns = UINT64_MAX;
	return 0;
}

void lat_free(struct lat_hist *h)
{
	free(h->buckets);
	h->buckets = NULL;
}

void lat_reset(struct lat_hist *h)
{
	memset(h->buckets, 0, LAT_BUCKETS * sizeof(*h->buckets));
	h->count = 0;
	h->sum_ns = 0;
	h->min_ns = UINT64_MAX;
	h->max_ns = 0;
}

static u32 lat_index(u64 ns)
{
	u32 msb, shift;

	if (ns < LAT_SUB)
		return (u32)ns;
	msb = 63 - (u32)__builtin_clzll(ns);
	shift = msb - LAT_SUB_BITS;
	/* group shift + 1 holds [2^msb, 2^(msb+1)) in steps of 2^shift */
	return (shift + 1) * LAT_SUB + (u32)((ns >> shift) - LAT_SUB);
}

/* The smallest value that falls into bucket @idx. */
static u64 lat_bucket_low(u32 idx)
{
	u32 group = idx / LAT_SUB;
	u64 sub = idx % LAT_SUB;

	if (!group)
		return sub;
	return (LAT_SUB + sub) << (group - 1);
}

static u64 lat_bucket_width(u32 idx)
{
	u32 group = idx / LAT_SUB;

	return group ? 1ULL << (group - 1) : 1;
}

/* What bucket @idx of @h stands for: its middle, within the samples seen. */
static u64 lat_bucket_value(const struct lat_hist *h, u32 idx)
{
	u64 v = lat_bucket_low(idx) + (lat_bucket_width(idx) - 1) / 2;

	if (v < h->min_ns)
		v = h->min_ns;
	if (v > h->max_ns)
		v = h->max_ns;
	return v;
}

void lat_add(struct lat_hist *h, u64 ns)
{
	h->buckets[lat_index(ns)]++;
	h->count++;
	h->sum_ns += ns;
	if (ns < h->min_ns)
		h->min_ns = ns;
	if (ns > h->max_ns)
		h->max_ns = ns;
}

u64 lat_percentile(const struct lat_hist *h, double pct)
{
	u64 rank, seen = 0;
	u32 i;

	if (!h->count)
		return 0;
	/* the sample of rank ceil(count * pct / 100), counted from 1 */
	rank = (u64)(h->count * pct / 100.0);
	if ((double)rank < h->count * pct / 100.0)
		rank++;
	if (rank < 1)
		rank = 1;
	if (rank > h->count)
		rank = h->count;
	for (i = 0; i < LAT_BUCKETS; i++) {
		seen += h->buckets[i];
		if (seen >= rank)
			break;
	}
	return lat_bucket_value(h, i);
}

void lat_write_cdf(const struct lat_hist *h, FILE *f)
{
	u64 seen = 0;
	u32 i;

	if (!h->count)
		return;
	fprintf(f, "%.3f 0\n", h->min_ns / 1000.0);
	for (i = 0; i < LAT_BUCKETS; i++) {
		if (!h->buckets[i])
			continue;
		seen += h->buckets[i];
		fprintf(f, "%.3f %.6f\n", lat_bucket_value(h, i) / 1000.0,
			(double)seen / h->count);
	}
}

void lat_merge(struct lat_hist *dst, const struct lat_hist *src)
{
	u32 i;

	if (!src->count)
		return;
	for (i = 0; i < LAT_BUCKETS; i++)
		dst->buckets[i] += src->buckets[i];
	dst->count += src->count;
	dst->sum_ns += src->sum_ns;
	if (src->min_ns < dst->min_ns)
		dst->min_ns = src->min_ns;
	if (src->max_ns > dst->max_ns)
		dst->max_ns = src->max_ns;
}

double lat_mean(const struct lat_hist *h)
{
	return h->count ? (double)h->sum_ns / h->count : 0.0;
}
