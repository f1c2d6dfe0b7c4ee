// SPDX-License-Identifier: GPL-2.0
#include "prp.h"

#define PRP_ENTRY_SIZE		8
#define PRP1_ALIGN_MASK		0x3ULL	/* PRP1 offset is dword aligned */
#define PRP_LIST_ALIGN_MASK	0x7ULL	/* list entries are qwords */

static enum prp_result prp_data(const struct prp_walker *w, u64 addr,
				u64 *done)
{
	u32 len = (u32)env_min((u64)w->page_size, w->length - *done);

	if (addr & (w->page_size - 1))
		return PRP_BAD_OFFSET;
	if (!w->segment(w->ctx, addr, len, *done))
		return PRP_XFER_ERROR;
	*done += len;
	return PRP_OK;
}

/* Data entries after the first two live in (possibly chained) lists. */
static enum prp_result prp_walk_list(const struct prp_walker *w, u64 list,
				     u64 done)
{
	u64 page_mask = w->page_size - 1;
	enum prp_result ret;

	if (list & PRP_LIST_ALIGN_MASK)
		return PRP_BAD_OFFSET;

	while (done < w->length) {
		u64 entries_needed = (w->length - done + page_mask) /
				     w->page_size;
		bool last_slot = ((list + PRP_ENTRY_SIZE) & page_mask) == 0;
		u64 entry;

		if (!w->read_entry(w->ctx, list, &entry))
			return PRP_XFER_ERROR;

		if (last_slot && entries_needed > 1) {
			/*
			 * The page's last entry points to the next list, which
			 * starts a page: so every step moves past at least one
			 * data entry and a chain can never loop on itself.
			 */
			if (entry & page_mask)
				return PRP_BAD_OFFSET;
			list = entry;
			continue;
		}
		ret = prp_data(w, entry, &done);
		if (ret)
			return ret;
		list += PRP_ENTRY_SIZE;
	}
	return PRP_OK;
}

enum prp_result prp_walk(const struct prp_walker *w)
{
	u64 page_mask = w->page_size - 1;
	u64 first;

	if (!w->length)
		return PRP_OK;
	if (w->prp1 & PRP1_ALIGN_MASK)
		return PRP_BAD_OFFSET;

	first = env_min(w->length, w->page_size - (w->prp1 & page_mask));
	if (!w->segment(w->ctx, w->prp1, (u32)first, 0))
		return PRP_XFER_ERROR;
	if (first == w->length)
		return PRP_OK;

	/* One more page fits in PRP2 itself; more need a list. */
	if (w->length - first <= w->page_size) {
		u64 done = first;

		return prp_data(w, w->prp2, &done);
	}
	return prp_walk_list(w, w->prp2, first);
}
