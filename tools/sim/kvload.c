// SPDX-License-Identifier: GPL-2.0
/*
 * kvload: the kv FTL in userspace under a stream of puts or gets, for
 * kv_callgrind.sh to count the instructions each costs.
 *
 *   kvload --op=put|get --bytes=N --ops=N [--capacity=MIB] [--seed=N] [--show]
 *
 * 16-byte keys drawn at random from a key space half the capacity can
 * hold (at most KVLOAD_MAX_KEYS).  First every key is stored once; then
 * --ops commands: puts overwrite random keys (so compaction runs as in a
 * steady state), gets read random keys.  Values are copied in and out as
 * the module's workers do.  Time is the model's, one command every
 * microsecond.  --show prints the FTL's report (the debugfs stats) after.
 */
#include <getopt.h>
#include "sim.h"
#include "kv_ftl.h"

#define KVLOAD_MAX_KEYS		100000
#define KVLOAD_FILL_PERCENT	50
#define KVLOAD_KEY_LEN		16
#define KVLOAD_GAP_NS		1000
#define KVLOAD_REPORT_BYTES	(64 * 1024)

/* A fixed half and the key's number. */
static void kvload_key(struct kv_key *k, u64 n)
{
	static const char prefix[KVLOAD_KEY_LEN - sizeof(n)] = "kvload::";

	memcpy(k->bytes, prefix, sizeof(prefix));
	memcpy(k->bytes + sizeof(prefix), &n, sizeof(n));
	k->len = KVLOAD_KEY_LEN;
}

static int kvload_op(void *ftl, u8 *storage, u8 *buf, bool put, u64 n,
		     u32 bytes, u64 *now)
{
	struct kv_io io = { .op = put ? KV_OP_STORE : KV_OP_RETRIEVE,
			    .length = bytes, .now_ns = *now };

	kvload_key(&io.key, n);
	*now += KVLOAD_GAP_NS;
	if (kv_ftl_exec(ftl, &io) != KV_OK)
		return 1;
	if (put)
		memcpy(storage + io.offset, buf, bytes);
	else
		memcpy(buf, storage + io.offset, env_min(io.value_len, bytes));
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "op", required_argument, NULL, 'o' },
		{ "bytes", required_argument, NULL, 'b' },
		{ "ops", required_argument, NULL, 'n' },
		{ "capacity", required_argument, NULL, 'c' },
		{ "seed", required_argument, NULL, 's' },
		{ "show", no_argument, NULL, 'S' },
		{ NULL, 0, NULL, 0 },
	};
	u64 capacity = SIM_GIB, ops = 0, seed = 1, keys, i, now = 0;
	struct ftl_params p;
	struct sim_rng rng;
	bool put = true, show = false;
	u32 bytes = 0;
	u8 *storage, *buf;
	void *ftl;
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			put = !strcmp(optarg, "put");
			break;
		case 'b':
			bytes = (u32)strtoul(optarg, NULL, 0);
			break;
		case 'n':
			ops = strtoull(optarg, NULL, 0);
			break;
		case 'c':
			capacity = strtoull(optarg, NULL, 0) * SIM_MIB;
			break;
		case 's':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 'S':
			show = true;
			break;
		default:
			fprintf(stderr, "usage: kvload --op=put|get --bytes=N --ops=N [--capacity=MIB] [--seed=N] [--show]\n");
			return 2;
		}
	}
	p = ftl_params_default(capacity, NULL);
	storage = calloc(1, capacity);
	buf = calloc(1, KV_MAX_VALUE_BYTES);
	if (!storage || !buf)
		return 1;
	p.storage = storage;
	ftl = kv_ftl_ops.create(&p);
	if (!ftl)
		return 1;
	keys = env_min((u64)KVLOAD_MAX_KEYS,
		       kv_ftl_capacity(ftl) * KVLOAD_FILL_PERCENT / 100 /
		       (bytes + 2 * sizeof(struct kv_key)));
	sim_rng_seed(&rng, seed);
	for (i = 0; i < keys; i++)
		if (kvload_op(ftl, storage, buf, true, i, bytes, &now)) {
			fprintf(stderr, "kvload: the fill failed at key %llu\n", i);
			return 1;
		}
	for (i = 0; i < ops; i++)
		if (kvload_op(ftl, storage, buf, put, sim_rng_below(&rng, keys),
			      bytes, &now)) {
			fprintf(stderr, "kvload: command %llu failed\n", i);
			return 1;
		}
	printf("keys=%llu ops=%llu bytes=%u op=%s\n", keys, ops, bytes,
	       put ? "put" : "get");
	if (show) {
		char *report = malloc(KVLOAD_REPORT_BYTES);

		if (report) {
			kv_ftl_ops.show(ftl, now, report, KVLOAD_REPORT_BYTES);
			fputs(report, stdout);
			free(report);
		}
	}
	kv_ftl_ops.destroy(ftl);
	free(buf);
	free(storage);
	return 0;
}
