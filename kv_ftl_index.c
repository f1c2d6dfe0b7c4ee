// SPDX-License-Identifier: GPL-2.0
/*
 * The key-value FTL's index (see kv_ftl.c for the whole design): the
 * open-addressing hash table from key to record, its lookup and its
 * deletion without tombstones; the key lists (List, Iterate Read) and the
 * iterators that walk it in slot order; and, for the unit tests, the
 * white-box audit that checks the index against the value log.
 */
#include "kv_ftl_int.h"

/* ---- the index ---- */

#define KV_HASH_MUL_LO		0x9e3779b97f4a7c15ULL
#define KV_HASH_MUL_HI		0xc2b2ae3d27d4eb4fULL
#define KV_HASH_MUL_FINAL	0xff51afd7ed558ccdULL
#define KV_HASH_SHIFT		33

/*
 * The key's two halves and its length, mixed so that keys differing in
 * any byte, or only in length, land on unrelated slots.
 */
static u64 kv_hash(const u8 *bytes, u8 len)
{
	u64 lo, hi, h;

	memcpy(&lo, bytes, sizeof(lo));
	memcpy(&hi, bytes + sizeof(lo), sizeof(hi));
	h = (lo + len) * KV_HASH_MUL_LO;
	h ^= h >> KV_HASH_SHIFT;
	h += hi * KV_HASH_MUL_HI;
	h ^= h >> KV_HASH_SHIFT;
	h *= KV_HASH_MUL_FINAL;
	return h ^ (h >> KV_HASH_SHIFT);
}

static bool kv_slot_is(const struct kv_slot *s, const u8 *bytes, u8 len)
{
	return s->key_len == len && !memcmp(s->key, bytes, KV_MAX_KEY_LEN);
}

/*
 * The slot holding the key, or the empty slot ending its probe sequence
 * (where it would go); *found says which.  *probes counts slots examined.
 */
u64 kv_find(struct kv_ftl *kv, const u8 *bytes, u8 len, bool *found,
	    u32 *probes)
{
	u64 i = kv_hash(bytes, len) & kv->slot_mask;

	for (;;) {
		const struct kv_slot *s = &kv->slots[i];

		(*probes)++;
		if (!s->key_len || kv_slot_is(s, bytes, len)) {
			*found = s->key_len;
			return i;
		}
		i = (i + 1) & kv->slot_mask;
	}
}

/*
 * Empties slot @hole and shifts back each later entry of the run whose home
 * slot the hole now separates it from, so every key stays on the probe
 * sequence from its home slot.
 */
void kv_slot_remove(struct kv_ftl *kv, u64 hole)
{
	u64 i = hole;

	for (;;) {
		struct kv_slot *s;
		u64 home;

		i = (i + 1) & kv->slot_mask;
		s = &kv->slots[i];
		if (!s->key_len)
			break;
		home = kv_hash(s->key, s->key_len) & kv->slot_mask;
		/* Stays if its home is cyclically in (hole, i]. */
		if (((i - home) & kv->slot_mask) < ((i - hole) & kv->slot_mask))
			continue;
		kv->slots[hole] = *s;
		hole = i;
	}
	memset(&kv->slots[hole], 0, sizeof(kv->slots[hole]));
	kv->nr_keys--;
}

/* ---- listing keys ---- */

/* A key's first bytes, for the iterators' prefix. */
#define KV_PREFIX_SHIFT		8

u64 kv_ftl_list_start(void *ftl, const struct kv_key *key)
{
	struct kv_ftl *kv = ftl;
	u32 probes = 0;
	bool found;

	if (!key)
		return 0;
	/* An absent key starts the list where it would be. */
	return kv_find(kv, key->bytes, key->len, &found, &probes);
}

static u32 kv_key_prefix(const struct kv_slot *s)
{
	u32 prefix = 0, i;

	for (i = 0; i < KV_ITER_PREFIX_BYTES; i++)
		prefix |= (u32)s->key[i] << (i * KV_PREFIX_SHIFT);
	return prefix;
}

void kv_ftl_list(void *ftl, struct kv_list *l)
{
	struct kv_ftl *kv = ftl;
	u32 pos = KV_LIST_COUNT_BYTES;
	u64 ready = ssd_firmware(kv->ssd, l->now_ns, false);
	u64 i;

	l->nr_keys = 0;
	for (i = l->cursor; i <= kv->slot_mask; i++) {
		const struct kv_slot *s = &kv->slots[i];
		u32 entry;
		u16 len;

		if (!s->key_len ||
		    (kv_key_prefix(s) & l->mask) != (l->prefix & l->mask))
			continue;
		entry = (u32)kv_align(KV_LIST_KEY_LEN_BYTES + s->key_len,
				      KV_LIST_ALIGN);
		if (pos + entry > l->buf_len)
			break;
		len = s->key_len;
		memcpy(l->buf + pos, &len, sizeof(len));
		memcpy(l->buf + pos + KV_LIST_KEY_LEN_BYTES, s->key,
		       s->key_len);
		memset(l->buf + pos + KV_LIST_KEY_LEN_BYTES + s->key_len, 0,
		       entry - KV_LIST_KEY_LEN_BYTES - s->key_len);
		pos += entry;
		l->nr_keys++;
	}
	l->cursor = i;
	if (l->buf_len >= KV_LIST_COUNT_BYTES)
		memcpy(l->buf, &l->nr_keys, sizeof(l->nr_keys));
	/* The firmware walks its index one entry per returned key. */
	ready += kv_probe_ns(l->nr_keys);
	l->done_ns = ssd_pcie_to_host(kv->ssd, ready,
				      env_min(pos, l->buf_len));
}

u32 kv_ftl_iter_open(void *ftl, u32 prefix, u32 mask)
{
	struct kv_ftl *kv = ftl;
	u32 i;

	for (i = 0; i < KV_MAX_ITERATORS; i++) {
		struct kv_iterator *it = &kv->iters[i];

		if (it->open)
			continue;
		it->open = true;
		it->cursor = 0;
		it->prefix = prefix;
		it->mask = mask;
		return i + 1;
	}
	return 0;
}

static struct kv_iterator *kv_iter(struct kv_ftl *kv, u32 handle)
{
	if (!handle || handle > KV_MAX_ITERATORS || !kv->iters[handle - 1].open)
		return NULL;
	return &kv->iters[handle - 1];
}

bool kv_ftl_iter_close(void *ftl, u32 handle)
{
	struct kv_iterator *it = kv_iter(ftl, handle);

	if (!it)
		return false;
	it->open = false;
	return true;
}

bool kv_ftl_iter_read(void *ftl, u32 handle, struct kv_list *l)
{
	struct kv_iterator *it = kv_iter(ftl, handle);

	if (!it)
		return false;
	l->cursor = it->cursor;
	l->prefix = it->prefix;
	l->mask = it->mask;
	kv_ftl_list(ftl, l);
	it->cursor = l->cursor;
	return true;
}

#ifdef NVMEV_USERSPACE
/* ---- white-box access for tests (kv_ftl.h) ---- */

u32 kv_ftl_nr_keys(void *ftl)
{
	return ((struct kv_ftl *)ftl)->nr_keys;
}

struct ssd *kv_ftl_ssd(void *ftl)
{
	return ((struct kv_ftl *)ftl)->ssd;
}

#define AUDIT_FAIL(...)	({ env_snprintf(why, size, __VA_ARGS__); false; })

/* Every key is found from its home slot and its record names it. */
static bool kv_audit_index(struct kv_ftl *kv, u64 *live, char *why,
			   size_t size)
{
	u64 i, keys = 0;

	for (i = 0; i <= kv->slot_mask; i++) {
		const struct kv_slot *s = &kv->slots[i];
		const struct kv_record *r;
		u32 probes = 0;
		bool found;
		u32 seg;

		if (!s->key_len)
			continue;
		keys++;
		if (kv_find(kv, s->key, s->key_len, &found, &probes) != i ||
		    !found)
			return AUDIT_FAIL("slot %llu is not reachable from its home", i);
		seg = kv_seg_of(kv, s->offset);
		r = (void *)(kv->storage + s->offset);
		if (seg >= kv->nr_segs || kv->segs[seg].state == SEG_FREE ||
		    r->key_len != s->key_len || r->value_len != s->value_len ||
		    memcmp(r->key, s->key, KV_MAX_KEY_LEN))
			return AUDIT_FAIL("slot %llu: its record at %llu does not name it",
					  i, s->offset);
		live[seg] += kv_record_bytes(s->value_len);
	}
	if (keys != kv->nr_keys)
		return AUDIT_FAIL("%llu keys in the table, %u counted", keys,
				  kv->nr_keys);
	return true;
}

/* Live bytes, segment states and the free stack agree with the index. */
static bool kv_audit_segments(struct kv_ftl *kv, const u64 *live, char *why,
			      size_t size)
{
	u32 seg, free = 0, open = 0;
	u64 total = 0;

	for (seg = 0; seg < kv->nr_segs; seg++) {
		const struct kv_segment *s = &kv->segs[seg];

		if (s->live != live[seg])
			return AUDIT_FAIL("segment %u counts %llu live bytes, has %llu",
					  seg, s->live, live[seg]);
		if (s->state == SEG_FULL && !s->live)
			return AUDIT_FAIL("segment %u is full of nothing", seg);
		free += s->state == SEG_FREE;
		open += s->state == SEG_OPEN;
		total += s->live;
	}
	if (free != kv->nr_free ||
	    open != (u32)kv->host_wp.open + kv->gc_wp.open)
		return AUDIT_FAIL("%u free (stack %u), %u open", free,
				  kv->nr_free, open);
	for (seg = 0; seg < kv->nr_free; seg++)
		if (kv->segs[kv->free_segs[seg]].state != SEG_FREE)
			return AUDIT_FAIL("free stack holds segment %u",
					  kv->free_segs[seg]);
	if (total != kv->live)
		return AUDIT_FAIL("%llu live bytes, %llu counted", total,
				  kv->live);
	return true;
}

bool kv_ftl_audit(void *ftl, char *why, size_t size)
{
	struct kv_ftl *kv = ftl;
	u64 *live = calloc(kv->nr_segs, sizeof(*live));
	bool ok;

	if (!live)
		return AUDIT_FAIL("out of memory");
	ok = kv_audit_index(kv, live, why, size) &&
	     kv_audit_segments(kv, live, why, size);
	free(live);
	return ok;
}
#endif /* NVMEV_USERSPACE */
