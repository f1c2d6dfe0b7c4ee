// SPDX-License-Identifier: GPL-2.0
/*
 * 4 KiB writes into a store, for store_callgrind.sh to count instructions:
 *
 *   store_cost KIND N      KIND: reserved, sparse-new (each write gets a
 *                          new page) or sparse-over (every page exists)
 *
 * The set-up is the same whatever N (MAX_PAGES pages written first for
 * sparse-over), so the difference of two runs is N's writes alone.
 */
#include "store.h"

#define MAX_PAGES	(1UL << 16)

static struct nvmev_sparse_pool pool = { .max_pages = MAX_PAGES };
static u8 host[PAGE_SIZE];

static void write_pages(struct nvmev_store *s, unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++)
		if (nvmev_store_xfer(NULL, s, i << PAGE_SHIFT,
				     (uintptr_t)host, 0, PAGE_SIZE, PAGE_SIZE,
				     false))
			exit(1);
}

int main(int argc, char **argv)
{
	unsigned long n = argc > 2 ? strtoul(argv[2], NULL, 0) : 0;
	const char *kind = argc > 1 ? argv[1] : "";
	void *reserved = calloc(MAX_PAGES, PAGE_SIZE);
	struct nvmev_store s;

	if (!reserved || n > MAX_PAGES)
		return 2;
	memset(host, 0x5a, sizeof(host));
	if (!strcmp(kind, "reserved")) {
		nvmev_store_init(&s, NVMEV_STORE_RESERVED, reserved, &pool);
	} else if (!strcmp(kind, "sparse-new") ||
		   !strcmp(kind, "sparse-over")) {
		nvmev_store_init(&s, NVMEV_STORE_SPARSE, NULL, &pool);
		if (!strcmp(kind, "sparse-over"))
			write_pages(&s, MAX_PAGES);
	} else {
		fprintf(stderr, "usage: store_cost reserved|sparse-new|sparse-over N\n");
		return 2;
	}
	write_pages(&s, n);
	nvmev_store_free(&s);
	free(reserved);
	return 0;
}
