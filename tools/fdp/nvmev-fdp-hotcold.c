// SPDX-License-Identifier: GPL-2.0
/*
 * nvmev-fdp-hotcold: a hot/cold write workload with Flexible Data
 * Placement, through the NVMe passthrough ioctl, for devices and tools
 * (Debian's fio 3.33) that have no FDP options of their own.
 *
 * The namespace is used up to --util percent.  Its cold part is rewritten
 * in turn, as a log or a compaction rewrites its output; the hot part, at
 * the end, is overwritten at random in 4 KiB blocks and takes --hot-writes
 * percent of the bytes.  Cold writes carry placement identifier
 * --cold-pid, hot ones --hot-pid (a Data Placement directive: DTYPE 2 in
 * CDW12, the PID in CDW13's upper half); --no-placement sends both without
 * a directive.  After filling the used part and --warmup passes over the
 * namespace, the FDP Statistics log is read, --passes more passes run, and
 * it is read again: the write amplification is the media bytes written
 * over the host bytes written in between.
 *
 *   nvmev-fdp-hotcold [options] /dev/nvme0n1
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/fs.h>
#include <linux/nvme_ioctl.h>
#include <sys/ioctl.h>

#define OPC_WRITE		0x01
#define OPC_GET_LOG_PAGE	0x02
#define LID_FDP_STATS		0x22
#define FDP_STATS_BYTES		64
#define FDP_ENDGID		1	/* nvmev's one endurance group */
#define CDW12_DTYPE_SHIFT	20
#define DTYPE_DATA_PLACEMENT	2
#define CDW13_DSPEC_SHIFT	16
#define LOG_NUMDL_SHIFT		16
#define LOG_LSI_SHIFT		16
#define NVME_STATUS_MASK	0x7ff

#define HOT_BS			4096
#define COLD_BS			(128 * 1024)
#define BUF_ALIGN		4096

struct options {
	unsigned int util_pct;
	unsigned int hot_pct;
	unsigned int hot_writes_pct;
	unsigned int warmup_passes;
	unsigned int passes;
	unsigned int hot_pid;
	unsigned int cold_pid;
	bool placement;
	uint64_t seed;
	const char *dev;
};

struct target {
	int fd;
	uint32_t nsid;
	uint32_t lba_bytes;
	uint64_t bytes;
};

/* FDP statistics, the low 64 bits of each 128-bit counter. */
struct fdp_stats {
	uint64_t host_bytes;
	uint64_t media_bytes;
	uint64_t erased_bytes;
};

static uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int write_placed(const struct target *t, const struct options *o,
			void *buf, uint64_t offset, uint32_t len, unsigned int pid)
{
	uint64_t slba = offset / t->lba_bytes;
	struct nvme_passthru_cmd cmd = {
		.opcode = OPC_WRITE,
		.nsid = t->nsid,
		.addr = (uintptr_t)buf,
		.data_len = len,
		.cdw10 = (uint32_t)slba,
		.cdw11 = (uint32_t)(slba >> 32),
		.cdw12 = len / t->lba_bytes - 1,
	};
	int ret;

	if (o->placement) {
		cmd.cdw12 |= DTYPE_DATA_PLACEMENT << CDW12_DTYPE_SHIFT;
		cmd.cdw13 = pid << CDW13_DSPEC_SHIFT;
	}
	ret = ioctl(t->fd, NVME_IOCTL_IO_CMD, &cmd);
	if (ret) {
		if (ret < 0)
			perror("write");
		else
			fprintf(stderr, "write at %" PRIu64 ": NVMe status %#x\n",
				offset, ret & NVME_STATUS_MASK);
		return -1;
	}
	return 0;
}

static int read_fdp_stats(const struct target *t, struct fdp_stats *s)
{
	unsigned char log[FDP_STATS_BYTES];
	uint32_t numd = FDP_STATS_BYTES / 4 - 1;
	struct nvme_passthru_cmd cmd = {
		.opcode = OPC_GET_LOG_PAGE,
		.addr = (uintptr_t)log,
		.data_len = sizeof(log),
		.cdw10 = LID_FDP_STATS | numd << LOG_NUMDL_SHIFT,
		.cdw11 = FDP_ENDGID << LOG_LSI_SHIFT,
	};
	int ret = ioctl(t->fd, NVME_IOCTL_ADMIN_CMD, &cmd);

	if (ret) {
		if (ret < 0)
			perror("FDP statistics log");
		else
			fprintf(stderr, "FDP statistics log: NVMe status %#x (is it ftl=fdp?)\n",
				ret & NVME_STATUS_MASK);
		return -1;
	}
	/* Little-endian counters; this tool runs on x86. */
	memcpy(&s->host_bytes, log, sizeof(uint64_t));
	memcpy(&s->media_bytes, log + 16, sizeof(uint64_t));
	memcpy(&s->erased_bytes, log + 32, sizeof(uint64_t));
	return 0;
}

/* The workload's state: the cold part's next block, bytes written so far. */
struct workload {
	uint64_t cold_bytes;	/* the cold part: [0, cold_bytes) */
	uint64_t hot_bytes;	/* the hot part follows it */
	uint64_t cold_next;
	uint64_t hot_written;
	uint64_t cold_written;
	uint64_t seed;
};

/* Writes @bytes more, hot and cold in the proportion asked for. */
static int run_writes(const struct target *t, const struct options *o,
		      struct workload *w, void *buf, uint64_t bytes)
{
	uint64_t done = 0;

	while (done < bytes) {
		uint64_t total = w->hot_written + w->cold_written;
		bool hot = !w->cold_bytes ||
			   w->hot_written * 100 <= total * o->hot_writes_pct;
		uint64_t offset;
		uint32_t len;

		if (hot) {
			offset = w->cold_bytes + rng_next(&w->seed) %
				 (w->hot_bytes / HOT_BS) * HOT_BS;
			len = HOT_BS;
			w->hot_written += len;
		} else {
			offset = w->cold_next;
			len = w->cold_bytes - offset < COLD_BS ?
			      (uint32_t)(w->cold_bytes - offset) : COLD_BS;
			w->cold_next = (offset + len) % w->cold_bytes;
			w->cold_written += len;
		}
		if (write_placed(t, o, buf, offset, len,
				 hot ? o->hot_pid : o->cold_pid))
			return -1;
		done += len;
	}
	return 0;
}

/* Writes [start, end) once, in order, with placement identifier @pid. */
static int fill_part(const struct target *t, const struct options *o,
		     void *buf, uint64_t start, uint64_t end, unsigned int pid)
{
	uint64_t offset;
	uint32_t len;

	for (offset = start; offset < end; offset += len) {
		len = end - offset < COLD_BS ? (uint32_t)(end - offset) :
		      COLD_BS;
		if (write_placed(t, o, buf, offset, len, pid))
			return -1;
	}
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f,
"usage: nvmev-fdp-hotcold [options] /dev/nvmeXnY\n"
"  --util=PCT         share of the namespace in use (default 90)\n"
"  --hot=PCT          of it, the hot part, in %% of the namespace (default 10)\n"
"  --hot-writes=PCT   share of the bytes written to the hot part (default 50)\n"
"  --warmup=N         passes over the namespace before measuring (default 1)\n"
"  --passes=N         passes measured (default 2)\n"
"  --cold-pid=N --hot-pid=N\n"
"                     placement identifiers (default 0 and 1)\n"
"  --no-placement     write without directives\n"
"  --seed=N           random seed (default 1)\n");
}

static int parse_uint(const char *s, unsigned int max, unsigned int *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || end == s || *end || v > max)
		return -1;
	*out = (unsigned int)v;
	return 0;
}

static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "util", required_argument, NULL, 'u' },
		{ "hot", required_argument, NULL, 'H' },
		{ "hot-writes", required_argument, NULL, 'w' },
		{ "warmup", required_argument, NULL, 'W' },
		{ "passes", required_argument, NULL, 'p' },
		{ "cold-pid", required_argument, NULL, 'c' },
		{ "hot-pid", required_argument, NULL, 'h' },
		{ "no-placement", no_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'x' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned int seed;
	int c, bad = 0;

	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'u':
			bad |= parse_uint(optarg, 100, &o->util_pct);
			break;
		case 'H':
			bad |= parse_uint(optarg, 100, &o->hot_pct);
			break;
		case 'w':
			bad |= parse_uint(optarg, 100, &o->hot_writes_pct);
			break;
		case 'W':
			bad |= parse_uint(optarg, 100, &o->warmup_passes);
			break;
		case 'p':
			bad |= parse_uint(optarg, 100, &o->passes);
			break;
		case 'c':
			bad |= parse_uint(optarg, UINT16_MAX, &o->cold_pid);
			break;
		case 'h':
			bad |= parse_uint(optarg, UINT16_MAX, &o->hot_pid);
			break;
		case 'n':
			o->placement = false;
			break;
		case 's':
			bad |= parse_uint(optarg, UINT32_MAX, &seed);
			o->seed = seed;
			break;
		case 'x':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (bad || optind != argc - 1 || !o->passes || !o->util_pct ||
	    !o->hot_pct || o->hot_pct > o->util_pct) {
		usage(stderr);
		return -1;
	}
	o->dev = argv[optind];
	return 0;
}

static int open_target(const char *dev, struct target *t)
{
	int ret, lba;

	t->fd = open(dev, O_RDWR);
	if (t->fd < 0) {
		perror(dev);
		return -1;
	}
	ret = ioctl(t->fd, NVME_IOCTL_ID);
	if (ret <= 0 || ioctl(t->fd, BLKGETSIZE64, &t->bytes) ||
	    ioctl(t->fd, BLKSSZGET, &lba) || lba <= 0) {
		fprintf(stderr, "%s: not an NVMe namespace block device\n",
			dev);
		close(t->fd);
		return -1;
	}
	t->nsid = (uint32_t)ret;
	t->lba_bytes = (uint32_t)lba;
	return 0;
}

int main(int argc, char **argv)
{
	struct options o = {
		.util_pct = 90, .hot_pct = 10, .hot_writes_pct = 50,
		.warmup_passes = 1, .passes = 2, .hot_pid = 1, .cold_pid = 0,
		.placement = true, .seed = 1,
	};
	struct fdp_stats before, after;
	struct workload w = { 0 };
	struct target t;
	void *buf;
	int ret = 1;

	if (parse_options(argc, argv, &o))
		return 2;
	if (open_target(o.dev, &t))
		return 1;
	w.hot_bytes = t.bytes / 100 * o.hot_pct / HOT_BS * HOT_BS;
	w.cold_bytes = (t.bytes / 100 * o.util_pct - w.hot_bytes) /
		       t.lba_bytes * t.lba_bytes;
	w.seed = o.seed;
	if (!w.hot_bytes || posix_memalign(&buf, BUF_ALIGN, COLD_BS)) {
		fprintf(stderr, "%s: too small for this workload\n", o.dev);
		goto out;
	}
	memset(buf, 0xa5, COLD_BS);
	if (fill_part(&t, &o, buf, 0, w.cold_bytes, o.cold_pid) ||
	    fill_part(&t, &o, buf, w.cold_bytes, w.cold_bytes + w.hot_bytes,
		      o.hot_pid) ||
	    run_writes(&t, &o, &w, buf, t.bytes * o.warmup_passes) ||
	    read_fdp_stats(&t, &before) ||
	    run_writes(&t, &o, &w, buf, t.bytes * o.passes) ||
	    read_fdp_stats(&t, &after))
		goto out_buf;

	printf("placement=%s util=%u%% hot=%u%% hot_writes=%u%% passes=%u\n",
	       o.placement ? "hot/cold" : "none", o.util_pct, o.hot_pct,
	       o.hot_writes_pct, o.passes);
	printf("host_bytes=%" PRIu64 " media_bytes=%" PRIu64
	       " erased_bytes=%" PRIu64 "\n",
	       after.host_bytes - before.host_bytes,
	       after.media_bytes - before.media_bytes,
	       after.erased_bytes - before.erased_bytes);
	if (after.host_bytes == before.host_bytes) {
		fprintf(stderr, "the device counted no host writes\n");
		goto out_buf;
	}
	printf("waf=%.3f\n", (double)(after.media_bytes - before.media_bytes) /
	       (double)(after.host_bytes - before.host_bytes));
	ret = 0;
out_buf:
	free(buf);
out:
	close(t.fd);
	return ret;
}
