// SPDX-License-Identifier: GPL-2.0
/*
 * The kv FTL: its index, value log and compaction against a reference map
 * under 100k random commands (with the value bytes really copied, as the
 * I/O workers do, and checked on every retrieve); keys that differ only in
 * length; hash runs kept whole across deletes; filling, emptying and
 * refilling; store options; the largest value; key lists; and the timing
 * the flash model gives.
 */
#include "unit.h"
#include "flash_util.h"
#include "kv_ftl.h"

/* Small, so that compaction runs over and over. */
#define KV_TEST_CAPACITY	(32 * MIB)
#define KV_TEST_OPS		100000
#define KV_TEST_KEYS		4500
#define KV_TEST_AUDIT_EVERY	5000
/* Most values small, some large: both fill segments unevenly. */
#define KV_TEST_SMALL_VALUE	(16 * KIB)
#define KV_TEST_BIG_VALUE	(256 * KIB)
#define KV_TEST_BIG_PERMILLE	20
#define KV_TEST_WHY		256

/* A kv FTL over a buffer standing for the reserved memory. */
struct kv_dev {
	void *ftl;
	u8 *storage;
	u64 now;
};

static bool kv_dev_init(struct kv_dev *d, u64 capacity)
{
	struct ftl_params p = flash_params("970pro", capacity);

	memset(d, 0, sizeof(*d));
	d->storage = calloc(1, capacity);
	if (!d->storage)
		return FAIL_FALSE("out of memory");
	p.storage = d->storage;
	d->ftl = kv_ftl_ops.create(&p);
	if (!d->ftl) {
		free(d->storage);
		return FAIL_FALSE("kv create failed");
	}
	return true;
}

static void kv_dev_fini(struct kv_dev *d)
{
	if (d->ftl)
		kv_ftl_ops.destroy(d->ftl);
	free(d->storage);
	memset(d, 0, sizeof(*d));
}

/* The bytes of a value: a function of a seed, so the reference is small. */
static void kv_fill(u8 *buf, u32 len, u64 seed)
{
	u64 s = seed | 1;
	u32 i;

	for (i = 0; i < len; i++)
		buf[i] = (u8)(rng_next(&s) >> 56);
}

static struct kv_key kv_key_of(const char *bytes, u8 len)
{
	struct kv_key k = { .len = len };

	memcpy(k.bytes, bytes, len);
	return k;
}

/* One command at d->now; the FTL's answer, with the time moved on. */
static enum kv_result kv_do(struct kv_dev *d, enum kv_op op,
			    const struct kv_key *key, u32 length, u32 options,
			    struct kv_io *out)
{
	struct kv_io io = { .op = op, .key = *key, .length = length,
			    .options = options, .now_ns = d->now };
	enum kv_result r = kv_ftl_exec(d->ftl, &io);

	if (io.done_ns < d->now)
		unit_fail(__FILE__, __LINE__, "completed before submitted");
	d->now += 1000;
	if (out)
		*out = io;
	return r;
}

/* Store a value made from @seed, copying it in as a worker would. */
static enum kv_result kv_put(struct kv_dev *d, const struct kv_key *key,
			     u32 len, u64 seed, u32 options)
{
	struct kv_io io;
	enum kv_result r = kv_do(d, KV_OP_STORE, key, len, options, &io);

	if (r == KV_OK)
		kv_fill(d->storage + io.offset, len, seed);
	return r;
}

/* The key's value is @len bytes made from @seed. */
static bool kv_check(struct kv_dev *d, const struct kv_key *key, u32 len,
		     u64 seed, u8 *scratch)
{
	struct kv_io io;
	enum kv_result r = kv_do(d, KV_OP_RETRIEVE, key, KV_MAX_VALUE_BYTES,
				 0, &io);

	if (r != KV_OK)
		return FAIL_FALSE("retrieve of a stored key: result %d", r);
	if (io.value_len != len)
		return FAIL_FALSE("value length %u, stored %u", io.value_len,
				  len);
	kv_fill(scratch, len, seed);
	if (memcmp(d->storage + io.offset, scratch, len))
		return FAIL_FALSE("value of %u bytes differs", len);
	return true;
}

static bool kv_audit(struct kv_dev *d)
{
	char why[KV_TEST_WHY];

	if (!kv_ftl_audit(d->ftl, why, sizeof(why)))
		return FAIL_FALSE("audit: %s", why);
	return true;
}

struct kv_ref {
	struct kv_key key;
	bool present;
	u32 len;
	u64 seed;
};

/*
 * Keys of every length 1-16, many of them prefixes of others and some
 * ending in zero bytes, so that only the length tells them apart.
 */
static void kv_ref_keys(struct kv_ref *ref, u32 n, u64 *rng)
{
	u32 i;

	for (i = 0; i < n; i++) {
		struct kv_key *k = &ref[i].key;
		u32 b;

		memset(ref + i, 0, sizeof(ref[i]));
		k->len = (u8)(1 + rng_below(rng, KV_MAX_KEY_LEN));
		if (i && rng_below(rng, 4) == 0) {
			/* A prefix or an extension of an earlier key. */
			*k = ref[rng_below(rng, i)].key;
			k->len = (u8)(1 + rng_below(rng, KV_MAX_KEY_LEN));
			for (b = k->len; b < KV_MAX_KEY_LEN; b++)
				k->bytes[b] = 0;
		} else {
			for (b = 0; b < k->len; b++)
				k->bytes[b] = (u8)rng_below(rng, 3);
		}
	}
}

static u32 kv_random_len(u64 *rng)
{
	if (rng_below(rng, 1000) < KV_TEST_BIG_PERMILLE)
		return (u32)rng_below(rng, KV_TEST_BIG_VALUE + 1);
	return (u32)rng_below(rng, KV_TEST_SMALL_VALUE + 1);
}

/* Same key and length (duplicates among the generated keys are one key). */
static struct kv_ref *kv_ref_canon(struct kv_ref *ref, u32 i)
{
	u32 j;

	for (j = 0; j < i; j++)
		if (ref[j].key.len == ref[i].key.len &&
		    !memcmp(ref[j].key.bytes, ref[i].key.bytes, KV_MAX_KEY_LEN))
			return &ref[j];
	return &ref[i];
}

static void kv_random_vs_reference(void)
{
	struct kv_ref *ref = calloc(KV_TEST_KEYS, sizeof(*ref));
	u8 *scratch = malloc(KV_MAX_VALUE_BYTES);
	u64 rng = 42, no_space = 0, i;
	struct ftl_stats st = { 0 };
	struct kv_dev d;
	u32 k;

	CHECK_OR(ref && scratch, out_free);
	CHECK_OR(kv_dev_init(&d, KV_TEST_CAPACITY), out_free);
	kv_ref_keys(ref, KV_TEST_KEYS, &rng);

	for (i = 0; i < KV_TEST_OPS; i++) {
		struct kv_ref *r = kv_ref_canon(ref, (u32)rng_below(&rng, KV_TEST_KEYS));
		u64 dice = rng_below(&rng, 100);
		enum kv_result res;

		if (dice < 45) {
			u32 len = kv_random_len(&rng), opt = 0;
			u64 seed = rng_next(&rng);

			if (rng_below(&rng, 10) == 0)
				opt = KV_STORE_OPT_IF_ABSENT;
			else if (rng_below(&rng, 10) == 0)
				opt = KV_STORE_OPT_IF_EXISTS;
			res = kv_put(&d, &r->key, len, seed, opt);
			if (opt == KV_STORE_OPT_IF_ABSENT && r->present) {
				CHECK_EQ_OR(res, KV_EXISTS, out);
			} else if (opt == KV_STORE_OPT_IF_EXISTS && !r->present) {
				CHECK_EQ_OR(res, KV_NOT_FOUND, out);
			} else if (res == KV_NO_SPACE) {
				no_space++;
			} else {
				CHECK_EQ_OR(res, KV_OK, out);
				r->present = true;
				r->len = len;
				r->seed = seed;
			}
		} else if (dice < 75) {
			if (r->present)
				CHECK_OR(kv_check(&d, &r->key, r->len, r->seed,
						  scratch), out);
			else
				CHECK_EQ_OR(kv_do(&d, KV_OP_RETRIEVE, &r->key,
						  KV_MAX_VALUE_BYTES, 0, NULL),
					    KV_NOT_FOUND, out);
		} else if (dice < 90) {
			res = kv_do(&d, KV_OP_DELETE, &r->key, 0, 0, NULL);
			CHECK_EQ_OR(res, r->present ? KV_OK : KV_NOT_FOUND, out);
			r->present = false;
		} else {
			res = kv_do(&d, KV_OP_EXIST, &r->key, 0, 0, NULL);
			CHECK_EQ_OR(res, r->present ? KV_OK : KV_NOT_FOUND, out);
		}
		if (i % KV_TEST_AUDIT_EVERY == 0)
			CHECK_OR(kv_audit(&d), out);
	}
	CHECK_OR(kv_audit(&d), out);
	for (k = 0; k < KV_TEST_KEYS; k++) {
		struct kv_ref *r = kv_ref_canon(ref, k);

		if (r == &ref[k] && r->present)
			CHECK_OR(kv_check(&d, &r->key, r->len, r->seed, scratch),
				 out);
	}
	kv_ftl_ops.stats(d.ftl, &st);
	/* The workload must have made compaction move live data. */
	CHECK_OR(st.gc_runs > 0 && st.gc_copied_units > 0, out);
	/* Full now and then (which must lose nothing), but mostly not. */
	CHECK_OR(no_space > 0 && no_space < KV_TEST_OPS / 10, out);
out:
	kv_dev_fini(&d);
out_free:
	free(ref);
	free(scratch);
}

/* "ab" and "abc" are two keys, and so are "a" and "a\0". */
static void kv_key_length_is_identity(void)
{
	static const char bytes[KV_MAX_KEY_LEN] = "abcdefghijklmnop";
	u8 *scratch = malloc(KV_MAX_VALUE_BYTES);
	struct kv_key zero = kv_key_of("a\0", 2), a = kv_key_of("a", 1);
	struct kv_dev d;
	u32 len;

	CHECK_OR(scratch, out_free);
	CHECK_OR(kv_dev_init(&d, KV_TEST_CAPACITY), out_free);
	for (len = 1; len <= KV_MAX_KEY_LEN; len++) {
		struct kv_key k = kv_key_of(bytes, (u8)len);

		CHECK_EQ_OR(kv_put(&d, &k, len * 10, len, 0), KV_OK, out);
	}
	for (len = 1; len <= KV_MAX_KEY_LEN; len++) {
		struct kv_key k = kv_key_of(bytes, (u8)len);

		CHECK_OR(kv_check(&d, &k, len * 10, len, scratch), out);
	}
	CHECK_EQ_OR(kv_ftl_nr_keys(d.ftl), KV_MAX_KEY_LEN, out);
	CHECK_EQ_OR(kv_put(&d, &a, 5, 100, 0), KV_OK, out);
	CHECK_EQ_OR(kv_do(&d, KV_OP_EXIST, &zero, 0, 0, NULL), KV_NOT_FOUND, out);
	CHECK_EQ_OR(kv_put(&d, &zero, 6, 200, 0), KV_OK, out);
	CHECK_OR(kv_check(&d, &a, 5, 100, scratch), out);
	CHECK_OR(kv_check(&d, &zero, 6, 200, scratch), out);
	CHECK_OR(kv_audit(&d), out);
out:
	kv_dev_fini(&d);
out_free:
	free(scratch);
}

/*
 * The index at its key limit (half its slots), then churned: deletes shift
 * runs back, and every key must stay reachable.
 */
static void kv_index_full_and_churned(void)
{
	struct kv_dev d;
	u32 max, i, round;
	u64 rng = 7;

	CHECK(kv_dev_init(&d, 16 * MIB));
	max = kv_ftl_max_keys(d.ftl);
	for (i = 0; i < max; i++) {
		struct kv_key k = kv_key_of((const char *)&i, sizeof(i));

		CHECK_EQ_OR(kv_put(&d, &k, 0, 0, 0), KV_OK, out);
	}
	{
		struct kv_key k = kv_key_of((const char *)&i, sizeof(i));

		/* One more key than the index holds: capacity exceeded. */
		CHECK_EQ_OR(kv_put(&d, &k, 0, 0, 0), KV_NO_SPACE, out);
	}
	CHECK_OR(kv_audit(&d), out);
	for (round = 0; round < 8; round++) {
		for (i = 0; i < max / 2; i++) {
			u32 n = (u32)rng_below(&rng, max);
			struct kv_key k = kv_key_of((const char *)&n, sizeof(n));

			kv_do(&d, KV_OP_DELETE, &k, 0, 0, NULL);
		}
		CHECK_OR(kv_audit(&d), out);
		for (i = 0; i < max; i++) {
			struct kv_key k = kv_key_of((const char *)&i, sizeof(i));

			if (kv_do(&d, KV_OP_EXIST, &k, 0, 0, NULL) != KV_OK)
				CHECK_EQ_OR(kv_put(&d, &k, 0, 0, 0), KV_OK, out);
		}
		CHECK_EQ_OR(kv_ftl_nr_keys(d.ftl), max, out);
		CHECK_OR(kv_audit(&d), out);
	}
out:
	kv_dev_fini(&d);
}

/* Fill with 256 KiB values until full; empty; fill again: as many fit. */
static void kv_fill_empty_refill(void)
{
	u8 *scratch = malloc(KV_MAX_VALUE_BYTES);
	u32 first = 0, n, round, i;
	struct kv_dev d;

	CHECK_OR(scratch, out_free);
	CHECK_OR(kv_dev_init(&d, KV_TEST_CAPACITY), out_free);
	for (round = 0; round < 3; round++) {
		for (n = 0;; n++) {
			struct kv_key k = kv_key_of((const char *)&n, sizeof(n));
			enum kv_result r = kv_put(&d, &k, KV_TEST_BIG_VALUE,
						  n + round, 0);

			if (r == KV_NO_SPACE)
				break;
			CHECK_EQ_OR(r, KV_OK, out);
		}
		if (!round)
			first = n;
		CHECK_EQ_OR(n, first, out);
		/* Nothing stored before "full" was lost. */
		for (i = 0; i < n; i++) {
			struct kv_key k = kv_key_of((const char *)&i, sizeof(i));

			CHECK_OR(kv_check(&d, &k, KV_TEST_BIG_VALUE, i + round,
					  scratch), out);
		}
		CHECK_OR(kv_audit(&d), out);
		for (i = 0; i < n; i++) {
			struct kv_key k = kv_key_of((const char *)&i, sizeof(i));

			CHECK_EQ_OR(kv_do(&d, KV_OP_DELETE, &k, 0, 0, NULL),
				    KV_OK, out);
		}
		CHECK_EQ_OR(kv_ftl_used(d.ftl), 0, out);
	}
	/* Most of the namespace held values. */
	CHECK_OR((u64)first * KV_TEST_BIG_VALUE > kv_ftl_capacity(d.ftl) * 9 / 10,
		 out);
out:
	kv_dev_fini(&d);
out_free:
	free(scratch);
}

/*
 * Overwrites of a few keys, far more bytes than the namespace holds:
 * space must come back, by freeing dead segments or by compaction.
 */
static void kv_overwrite_reclaims(void)
{
	u8 *scratch = malloc(KV_MAX_VALUE_BYTES);
	struct ftl_stats st = { 0 };
	u64 rng = 3, seeds[64] = { 0 };
	u32 lens[64] = { 0 }, i;
	struct kv_dev d;

	CHECK_OR(scratch, out_free);
	CHECK_OR(kv_dev_init(&d, KV_TEST_CAPACITY), out_free);
	for (i = 0; i < 20000; i++) {
		u32 n = (u32)rng_below(&rng, ARRAY_LEN(seeds));
		struct kv_key k = kv_key_of((const char *)&n, sizeof(n));

		lens[n] = (u32)rng_below(&rng, 64 * KIB);
		seeds[n] = rng_next(&rng);
		CHECK_EQ_OR(kv_put(&d, &k, lens[n], seeds[n], 0), KV_OK, out);
	}
	for (i = 0; i < ARRAY_LEN(seeds); i++) {
		struct kv_key k = kv_key_of((const char *)&i, sizeof(i));

		if (seeds[i])
			CHECK_OR(kv_check(&d, &k, lens[i], seeds[i], scratch),
				 out);
	}
	CHECK_OR(kv_audit(&d), out);
	kv_ftl_ops.stats(d.ftl, &st);
	CHECK_OR(st.erases > 0, out);
out:
	kv_dev_fini(&d);
out_free:
	free(scratch);
}

static void kv_options_and_limits(void)
{
	struct kv_key k = kv_key_of("key", 3);
	struct kv_dev d;
	u32 max;

	CHECK(kv_dev_init(&d, KV_TEST_CAPACITY));
	max = kv_ftl_max_value(d.ftl);
	CHECK_EQ_OR(max, KV_MAX_VALUE_BYTES, out);
	CHECK_EQ_OR(kv_put(&d, &k, 10, 1, KV_STORE_OPT_IF_EXISTS), KV_NOT_FOUND,
		    out);
	CHECK_EQ_OR(kv_ftl_nr_keys(d.ftl), 0, out);
	CHECK_EQ_OR(kv_put(&d, &k, 10, 1, KV_STORE_OPT_IF_ABSENT), KV_OK, out);
	CHECK_EQ_OR(kv_put(&d, &k, 10, 2, KV_STORE_OPT_IF_ABSENT), KV_EXISTS, out);
	CHECK_EQ_OR(kv_put(&d, &k, 20, 3, KV_STORE_OPT_IF_EXISTS), KV_OK, out);
	CHECK_EQ_OR(kv_put(&d, &k, max + 1, 4, 0), KV_TOO_BIG, out);
	CHECK_EQ_OR(kv_put(&d, &k, max, 5, 0), KV_OK, out);
	CHECK_EQ_OR(kv_put(&d, &k, 0, 6, 0), KV_OK, out);
	CHECK_EQ_OR(kv_do(&d, KV_OP_DELETE, &k, 0, 0, NULL), KV_OK, out);
	CHECK_EQ_OR(kv_do(&d, KV_OP_DELETE, &k, 0, 0, NULL), KV_NOT_FOUND, out);
	CHECK_OR(kv_audit(&d), out);
out:
	kv_dev_fini(&d);
}

/* Keys in a list, as the host sees them. */
static u32 kv_list_keys(const struct kv_list *l, struct kv_key *keys,
			u32 max)
{
	u32 count, pos = KV_LIST_COUNT_BYTES, i;

	memcpy(&count, l->buf, sizeof(count));
	for (i = 0; i < count && i < max; i++) {
		u16 len;

		memcpy(&len, l->buf + pos, sizeof(len));
		memset(&keys[i], 0, sizeof(keys[i]));
		keys[i].len = (u8)len;
		memcpy(keys[i].bytes, l->buf + pos + KV_LIST_KEY_LEN_BYTES, len);
		pos += (KV_LIST_KEY_LEN_BYTES + len + KV_LIST_ALIGN - 1) /
		       KV_LIST_ALIGN * KV_LIST_ALIGN;
	}
	return count;
}

#define KV_LIST_TEST_KEYS	500
#define KV_LIST_SMALL_BUF	100

/* Whole lists, lists in small pieces, and prefix iterators see every key once. */
static void kv_lists(void)
{
	static u8 buf[KV_LIST_TEST_KEYS * 24];
	static struct kv_key got[KV_LIST_TEST_KEYS];
	u32 seen[KV_LIST_TEST_KEYS] = { 0 }, n, i, h, total = 0;
	struct kv_list l = { .buf = buf, .buf_len = sizeof(buf) };
	struct kv_dev d;

	CHECK(kv_dev_init(&d, KV_TEST_CAPACITY));
	for (i = 0; i < KV_LIST_TEST_KEYS; i++) {
		struct kv_key k = kv_key_of((const char *)&i, sizeof(i));

		CHECK_EQ_OR(kv_put(&d, &k, 1, i, 0), KV_OK, out);
	}
	l.cursor = kv_ftl_list_start(d.ftl, NULL);
	kv_ftl_list(d.ftl, &l);
	n = kv_list_keys(&l, got, KV_LIST_TEST_KEYS);
	CHECK_EQ_OR(n, KV_LIST_TEST_KEYS, out);
	for (i = 0; i < n; i++) {
		u32 v;

		CHECK_EQ_OR(got[i].len, sizeof(v), out);
		memcpy(&v, got[i].bytes, sizeof(v));
		CHECK_OR(v < KV_LIST_TEST_KEYS && !seen[v]++, out);
	}
	/* Key 0-255 have first bytes 0-255: the prefix 7 with mask ff finds one. */
	h = kv_ftl_iter_open(d.ftl, 7, 0xff);
	CHECK_OR(h, out);
	for (;;) {
		l.buf_len = KV_LIST_SMALL_BUF;
		CHECK_OR(kv_ftl_iter_read(d.ftl, h, &l), out);
		n = kv_list_keys(&l, got, KV_LIST_TEST_KEYS);
		if (!n)
			break;
		for (i = 0; i < n; i++)
			CHECK_EQ_OR(got[i].bytes[0], 7, out);
		total += n;
	}
	/* 7 and 7 + 256 */
	CHECK_EQ_OR(total, 2, out);
	CHECK_OR(kv_ftl_iter_close(d.ftl, h), out);
	CHECK_OR(!kv_ftl_iter_close(d.ftl, h), out);
	CHECK_OR(!kv_ftl_iter_read(d.ftl, h, &l), out);
	for (i = 0; i < KV_MAX_ITERATORS; i++)
		CHECK_OR(kv_ftl_iter_open(d.ftl, 0, 0), out);
	CHECK_EQ_OR(kv_ftl_iter_open(d.ftl, 0, 0), 0, out);
out:
	kv_dev_fini(&d);
}

/*
 * Timing from the model: a store costs firmware, the index, PCIe and the
 * write latency; a retrieve of a value still in the buffer costs no
 * sensing, one on flash does; a missing key only the lookup; and a large
 * value takes longer than a small one.
 */
static void kv_timing(void)
{
	struct kv_key small = kv_key_of("small", 5), big = kv_key_of("big", 3);
	struct kv_key none = kv_key_of("none", 4);
	const struct ssd_profile *p;
	struct kv_io io;
	struct kv_dev d;
	u64 store_small, get_buffered, get_flash, i;

	CHECK(kv_dev_init(&d, KV_TEST_CAPACITY));
	p = &kv_ftl_ssd(d.ftl)->prof;
	d.now = 1000000;
	CHECK_EQ_OR(kv_do(&d, KV_OP_STORE, &small, 64, 0, &io), KV_OK, out);
	store_small = io.done_ns - io.now_ns;
	/* fw + one probe + 64 B over PCIe + the write latency */
	CHECK_OR(store_small >= p->fw_write_ns + KV_INDEX_PROBE_NS +
			      p->fw_write_latency_ns, out);
	CHECK_OR(store_small < p->fw_write_ns + KV_INDEX_PROBE_NS * 4 +
			       p->fw_write_latency_ns + 1000, out);
	CHECK_EQ_OR(kv_do(&d, KV_OP_STORE, &big, 256 * KIB, 0, &io), KV_OK, out);
	CHECK_OR(io.done_ns - io.now_ns > store_small + 256 * KIB * 1000 /
		 p->pcie_mbps / 2, out);
	CHECK_EQ_OR(kv_do(&d, KV_OP_RETRIEVE, &small, 4096, 0, &io), KV_OK, out);
	get_buffered = io.done_ns - io.now_ns;
	CHECK_OR(get_buffered < p->nand_read_ns[0], out);
	/* Fill the buffer's worth and more, so the small value is programmed. */
	for (i = 0; i < 64; i++) {
		struct kv_key k = kv_key_of((const char *)&i, sizeof(i));

		CHECK_EQ_OR(kv_do(&d, KV_OP_STORE, &k, 256 * KIB, 0, NULL), KV_OK,
			    out);
	}
	d.now += 100 * NS_PER_MS;
	CHECK_EQ_OR(kv_do(&d, KV_OP_RETRIEVE, &small, 4096, 0, &io), KV_OK, out);
	get_flash = io.done_ns - io.now_ns;
	CHECK_OR(get_flash >= p->nand_read_ns[0], out);
	CHECK_EQ_OR(kv_do(&d, KV_OP_RETRIEVE, &none, 4096, 0, &io), KV_NOT_FOUND,
		    out);
	CHECK_OR(io.done_ns - io.now_ns < get_buffered + KV_INDEX_PROBE_NS, out);
out:
	kv_dev_fini(&d);
}

/* A namespace too small for the log is refused, not half made. */
static void kv_too_small(void)
{
	struct ftl_params p = flash_params("970pro", 4 * MIB);
	u8 *storage = calloc(1, 4 * MIB);
	void *ftl;

	CHECK(storage);
	p.storage = storage;
	ftl = flash_create_quiet(&kv_ftl_ops, &p);
	free(storage);
	if (ftl)
		kv_ftl_ops.destroy(ftl);
	CHECK(!ftl);
}

const struct unit_test kv_ftl_tests[] = {
	UNIT_TEST(kv_random_vs_reference),
	UNIT_TEST(kv_key_length_is_identity),
	UNIT_TEST(kv_index_full_and_churned),
	UNIT_TEST(kv_fill_empty_refill),
	UNIT_TEST(kv_overwrite_reclaims),
	UNIT_TEST(kv_options_and_limits),
	UNIT_TEST(kv_lists),
	UNIT_TEST(kv_timing),
	UNIT_TEST(kv_too_small),
	UNIT_END,
};
