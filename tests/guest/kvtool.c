// SPDX-License-Identifier: GPL-2.0
/*
 * kvtool: drives nvmev's key-value namespace (ftl=kv) from the test VM
 * through the kernel's NVMe passthrough ioctl, far faster than one
 * nvme-cli process per command.
 *
 *   kvtool [-l samsung|nvme] DEV random N SEED    N random puts, gets,
 *                     overwrites, deletes and exists against a reference
 *   kvtool [-l ...] DEV fill VALUE_BYTES    store until capacity exceeded,
 *                     check every key, delete them all, and again
 *   kvtool [-l ...] DEV bench put|get|write|read BYTES SECONDS
 *                     ops/s at QD1: KV with 16-byte keys, or block I/O
 *
 * Exit status 0 when every check held.  DEV is the namespace's block
 * device (samsung layout) or its generic char device /dev/ngXnY (nvme).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <linux/nvme_ioctl.h>
#include "../../nvme_kv.h"

#define NSID			1
#define LBA_BYTES		512
#define NVM_OPC_WRITE		0x01
#define NVM_OPC_READ		0x02
/* Status field of the completion: code and type, without DNR/more. */
#define STATUS_CODE(s)		((s) & 0x7ff)
#define SC_SUCCESS		0
#define BENCH_KEY_LEN		16
/* random: a key pool with every length, values mostly small */
#define RANDOM_KEYS		2000
#define RANDOM_SMALL_VALUE	8192
#define RANDOM_BIG_VALUE	(64 * 1024)
#define RANDOM_BIG_PERCENT	5
#define FILL_ROUNDS		2
#define NS_PER_SEC		1000000000.0

static int fd;
static bool nvme_layout;

struct cmd {
	uint8_t opcode;
	uint32_t cdw10, cdw11;
	const uint8_t *key;
	uint8_t key_len;
	void *data;
	uint32_t data_len;
	uint32_t result;
};

static void put_key(struct nvme_passthru_cmd *c, const uint8_t *key,
		    uint8_t len)
{
	uint32_t dw[4] = { 0 };

	memcpy(dw, key, len);	/* little endian: key byte 0 = bits 7:0 */
	if (nvme_layout) {
		c->cdw2 = dw[0];
		c->cdw3 = dw[1];
	} else {
		c->cdw12 = dw[0];
		c->cdw13 = dw[1];
	}
	c->cdw14 = dw[2];
	c->cdw15 = dw[3];
}

/* The command's NVMe status (0 success); -1 when the ioctl itself failed. */
static int submit(struct cmd *k)
{
	struct nvme_passthru_cmd c = {
		.opcode = k->opcode,
		.nsid = NSID,
		.addr = (uintptr_t)k->data,
		.data_len = k->data_len,
		.cdw10 = k->cdw10,
		.cdw11 = k->cdw11,
	};
	int ret;

	if (k->key)
		put_key(&c, k->key, k->key_len);
	ret = ioctl(fd, NVME_IOCTL_IO_CMD, &c);
	if (ret < 0) {
		perror("ioctl");
		return -1;
	}
	k->result = c.result;
	return STATUS_CODE(ret);
}

static uint8_t opc(int samsung, int nvme)
{
	return nvme_layout ? nvme : samsung;
}

static int kv_put(const uint8_t *key, uint8_t klen, void *val, uint32_t len,
		  uint32_t options)
{
	struct cmd k = { .opcode = opc(KV_SAMSUNG_OPC_STORE, KV_NVME_OPC_STORE),
			 .cdw10 = len, .cdw11 = klen | options << 8,
			 .key = key, .key_len = klen, .data = val,
			 .data_len = len };

	return submit(&k);
}

/* Retrieve into @buf of @len bytes; *@vlen is the value's whole length. */
static int kv_get(const uint8_t *key, uint8_t klen, void *buf, uint32_t len,
		  uint32_t *vlen)
{
	struct cmd k = { .opcode = opc(KV_SAMSUNG_OPC_RETRIEVE,
				       KV_NVME_OPC_RETRIEVE),
			 .cdw10 = len, .cdw11 = klen, .key = key,
			 .key_len = klen, .data = buf, .data_len = len };
	int st = submit(&k);

	*vlen = k.result;
	return st;
}

static int kv_simple(int samsung, int nvme, const uint8_t *key, uint8_t klen)
{
	struct cmd k = { .opcode = opc(samsung, nvme), .cdw11 = klen,
			 .key = key, .key_len = klen };

	return submit(&k);
}

static uint64_t rng_state;

static uint64_t rng(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void fill(uint8_t *buf, uint32_t len, uint64_t seed)
{
	uint64_t s = rng_state;
	uint32_t i;

	rng_state = seed;
	for (i = 0; i < len; i++)
		buf[i] = (uint8_t)rng();
	rng_state = s;
}

struct ref {
	uint8_t key[KV_MAX_KEY_LEN];
	uint8_t len;
	bool present;
	uint32_t vlen;
	uint64_t seed;
};

#define FAIL(...) do { fprintf(stderr, "kvtool: " __VA_ARGS__); return 1; } while (0)

static int check_value(struct ref *r, uint8_t *buf, uint8_t *want)
{
	uint32_t vlen;
	int st = kv_get(r->key, r->len, buf, RANDOM_BIG_VALUE, &vlen);

	if (st)
		FAIL("retrieve of a stored key: status %#x\n", st);
	if (vlen != r->vlen)
		FAIL("value length %u, stored %u\n", vlen, r->vlen);
	fill(want, vlen, r->seed);
	if (memcmp(buf, want, vlen))
		FAIL("value of %u bytes differs\n", vlen);
	return 0;
}

/* Keys of every length; "ab" and "abc" (and "a" and "a\0") are two keys. */
static int cmd_random(long n, uint64_t seed)
{
	static struct ref refs[RANDOM_KEYS];
	static uint8_t buf[RANDOM_BIG_VALUE], want[RANDOM_BIG_VALUE];
	long i, counts[4] = { 0 };
	int j;

	rng_state = seed;
	for (j = 0; j < RANDOM_KEYS; j++) {
		struct ref *r = &refs[j];
		int b;

		memset(r, 0, sizeof(*r));
		r->len = 1 + rng() % KV_MAX_KEY_LEN;
		/* Few distinct bytes, so keys are often prefixes of others. */
		for (b = 0; b < r->len; b++)
			r->key[b] = 'a' + rng() % 2;
		if (j > 0 && rng() % 8 == 0) {
			*r = refs[j - 1];
			r->len = r->len % KV_MAX_KEY_LEN + 1;
			memset(r->key + r->len, 0, KV_MAX_KEY_LEN - r->len);
		}
		for (b = 0; b < j; b++)
			if (refs[b].len == r->len &&
			    !memcmp(refs[b].key, r->key, KV_MAX_KEY_LEN))
				break;
		if (b < j) {	/* a duplicate: draw this one again */
			j--;
			continue;
		}
	}
	for (i = 0; i < n; i++) {
		struct ref *r = &refs[rng() % RANDOM_KEYS];
		uint32_t dice = rng() % 100, vlen;
		int st;

		if (dice < 40) {
			vlen = rng() % 100 < RANDOM_BIG_PERCENT ?
			       rng() % (RANDOM_BIG_VALUE + 1) :
			       rng() % (RANDOM_SMALL_VALUE + 1);
			r->seed = rng();
			fill(buf, vlen, r->seed);
			st = kv_put(r->key, r->len, buf, vlen, 0);
			if (st)
				FAIL("store of %u bytes: status %#x\n", vlen, st);
			r->present = true;
			r->vlen = vlen;
			counts[0]++;
		} else if (dice < 70) {
			if (r->present) {
				if (check_value(r, buf, want))
					return 1;
			} else if ((st = kv_get(r->key, r->len, buf,
						RANDOM_BIG_VALUE, &vlen)) !=
				   KV_SC_KEY_NOT_FOUND) {
				FAIL("retrieve of a missing key: status %#x\n", st);
			}
			counts[1]++;
		} else if (dice < 85) {
			st = kv_simple(KV_SAMSUNG_OPC_DELETE, KV_NVME_OPC_DELETE,
				       r->key, r->len);
			if (st != (r->present ? SC_SUCCESS : KV_SC_KEY_NOT_FOUND))
				FAIL("delete (present %d): status %#x\n",
				     r->present, st);
			r->present = false;
			counts[2]++;
		} else {
			st = kv_simple(KV_SAMSUNG_OPC_EXIST, KV_NVME_OPC_EXIST,
				       r->key, r->len);
			if (st != (r->present ? SC_SUCCESS : KV_SC_KEY_NOT_FOUND))
				FAIL("exist (present %d): status %#x\n",
				     r->present, st);
			counts[3]++;
		}
	}
	for (j = 0; j < RANDOM_KEYS; j++)
		if (refs[j].present && check_value(&refs[j], buf, want))
			return 1;
	printf("random: %ld ops (%ld put, %ld get, %ld delete, %ld exist), all keys verified\n",
	       n, counts[0], counts[1], counts[2], counts[3]);
	return 0;
}

static void fill_key(uint8_t *key, uint32_t i)
{
	memset(key, 0, KV_MAX_KEY_LEN);
	snprintf((char *)key, KV_MAX_KEY_LEN, "fill-%010u", i);
}

/* Fill until capacity exceeded; nothing stored before is lost; refill. */
static int cmd_fill(uint32_t vlen)
{
	uint8_t *buf = malloc(vlen), *want = malloc(vlen), key[KV_MAX_KEY_LEN];
	uint32_t n, i, first = 0, got;
	int round, st;

	if (!buf || !want)
		FAIL("out of memory\n");
	for (round = 0; round < FILL_ROUNDS; round++) {
		for (n = 0;; n++) {
			fill_key(key, n);
			fill(buf, vlen, n + round);
			st = kv_put(key, KV_MAX_KEY_LEN - 1, buf, vlen, 0);
			if (st == KV_SC_CAPACITY_EXCEEDED)
				break;
			if (st)
				FAIL("store %u: status %#x\n", n, st);
		}
		for (i = 0; i < n; i++) {
			fill_key(key, i);
			st = kv_get(key, KV_MAX_KEY_LEN - 1, buf, vlen, &got);
			fill(want, vlen, i + round);
			if (st || got != vlen || memcmp(buf, want, vlen))
				FAIL("key %u of %u lost after capacity exceeded (status %#x)\n",
				     i, n, st);
		}
		printf("fill round %d: %u values of %u bytes, then capacity exceeded; all read back\n",
		       round, n, vlen);
		if (round && n != first)
			FAIL("refill held %u values, the first fill %u\n", n, first);
		first = n;
		for (i = 0; i < n; i++) {
			fill_key(key, i);
			st = kv_simple(KV_SAMSUNG_OPC_DELETE, KV_NVME_OPC_DELETE,
				       key, KV_MAX_KEY_LEN - 1);
			if (st)
				FAIL("delete %u: status %#x\n", i, st);
		}
	}
	free(buf);
	free(want);
	return 0;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / NS_PER_SEC;
}

/*
 * One bench op number @i: on key or block range i modulo BENCH_KEYS, so
 * gets and reads find what a first pass of puts or writes stored (a read
 * of a block never written would not touch the flash model at all).
 */
#define BENCH_KEYS		1024

static int bench_op(const char *op, uint8_t *buf, uint32_t bytes, uint64_t i)
{
	uint32_t blocks = (bytes + LBA_BYTES - 1) / LBA_BYTES, vlen;
	uint64_t lba = i % BENCH_KEYS * blocks;
	uint8_t key[BENCH_KEY_LEN + 1] = { 0 };
	struct nvme_passthru_cmd c = {
		.opcode = strcmp(op, "write") ? NVM_OPC_READ : NVM_OPC_WRITE,
		.nsid = NSID, .addr = (uintptr_t)buf,
		.data_len = blocks * LBA_BYTES,
		.cdw10 = (uint32_t)lba, .cdw11 = (uint32_t)(lba >> 32),
		.cdw12 = blocks - 1,
	};
	int ret;

	snprintf((char *)key, sizeof(key), "bench-%010llu",
		 (unsigned long long)(i % BENCH_KEYS));
	if (!strcmp(op, "put"))
		return kv_put(key, BENCH_KEY_LEN, buf, bytes, 0);
	if (!strcmp(op, "get"))
		return kv_get(key, BENCH_KEY_LEN, buf, bytes, &vlen);
	ret = ioctl(fd, NVME_IOCTL_IO_CMD, &c);
	return ret < 0 ? -1 : STATUS_CODE(ret);
}

static int cmd_bench(const char *op, uint32_t bytes, double seconds)
{
	uint8_t *buf = aligned_alloc(4096, (bytes + 4095) / 4096 * 4096);
	uint64_t i;
	double t0, t;
	int st;

	if (!buf)
		FAIL("out of memory\n");
	memset(buf, 0xa5, bytes);
	/* gets and reads find what a pass of puts or writes stored first */
	if (!strcmp(op, "get") || !strcmp(op, "read"))
		for (i = 0; i < BENCH_KEYS; i++) {
			st = bench_op(strcmp(op, "get") ? "write" : "put", buf,
				      bytes, i);
			if (st)
				FAIL("bench precondition: status %#x\n", st);
		}
	t0 = now_s();
	for (i = 0;; i++) {
		st = bench_op(op, buf, bytes, i);
		if (st)
			FAIL("bench %s: status %#x\n", op, st);
		t = now_s() - t0;
		if (t >= seconds)
			break;
	}
	printf("%.0f\n", (i + 1) / t);
	free(buf);
	return 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: kvtool [-l samsung|nvme] DEV random N SEED | fill BYTES | bench put|get|write|read BYTES SECONDS\n");
	return 2;
}

int main(int argc, char **argv)
{
	int a = 1;

	if (argc > 2 && !strcmp(argv[1], "-l")) {
		nvme_layout = !strcmp(argv[2], "nvme");
		a = 3;
	}
	if (argc < a + 2)
		return usage();
	fd = open(argv[a], O_RDWR);
	if (fd < 0) {
		fprintf(stderr, "kvtool: %s: %s\n", argv[a], strerror(errno));
		return 1;
	}
	if (!strcmp(argv[a + 1], "random") && argc == a + 4)
		return cmd_random(atol(argv[a + 2]), strtoull(argv[a + 3], NULL, 0));
	if (!strcmp(argv[a + 1], "fill") && argc == a + 3)
		return cmd_fill(strtoul(argv[a + 2], NULL, 0));
	if (!strcmp(argv[a + 1], "bench") && argc == a + 5)
		return cmd_bench(argv[a + 2], strtoul(argv[a + 3], NULL, 0),
				 atof(argv[a + 4]));
	return usage();
}
