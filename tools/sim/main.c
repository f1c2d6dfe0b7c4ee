// SPDX-License-Identifier: GPL-2.0
/*
 * nvmev-sim: the command line.  Parses fio-like options, builds the FTL the
 * module would build, preconditions it, replays the workload and prints
 * what fio would: IOPS, bandwidth, latency percentiles; plus the FTL's write
 * amplification and garbage collection over the measured window.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <strings.h>
#include <unistd.h>

#include "sim.h"
#include "ssd.h"

#define DEFAULT_CAPACITY	(2 * SIM_GIB)
#define DEFAULT_BS		(4 * SIM_KIB)
#define DEFAULT_WARMUP_PCT	10	/* --warmup without a value */
#define SHOW_BUF_BYTES		(64 * 1024)
#define MAX_IODEPTH		65536

/*
 * The block FTLs the simulator replays; ftl_find() says which are built
 * in.  (kv takes key-value commands: tools/sim/kvload drives it.)
 */
static const char *const ftl_names[] = { "conv", "fdp", "simple", "zns" };

static const char *const rw_names[] = {
	[SIM_READ] = "read",
	[SIM_WRITE] = "write",
	[SIM_RANDREAD] = "randread",
	[SIM_RANDWRITE] = "randwrite",
	[SIM_RANDRW] = "randrw",
	[SIM_HOTCOLD] = "hotcold",
	[SIM_ZONEWRITE] = "zonewrite",
};

static const char *const placement_names[] = { "none", "hotcold" };

#define DEFAULT_HOT_PCT		10	/* of the capacity */
#define DEFAULT_HOT_WRITES_PCT	50

static const char *const precond_names[] = {
	[SIM_PRECOND_NONE] = "none",
	[SIM_PRECOND_SEQ] = "seq",
	[SIM_PRECOND_STEADY] = "steady",
	[SIM_PRECOND_CONVERGE] = "converge",
};

struct options {
	const char *ftl;
	struct ftl_params params;
	enum sim_rw rw;
	int rwmixread;
	u64 bs;
	int iodepth;
	u64 span_bytes;		/* 0: span_pct of the capacity */
	int span_pct;
	u64 hot_bytes;		/* 0: hot_pct of the capacity */
	int hot_pct;
	int hot_writes_pct;
	int rg;
	int ruh;
	bool separate;
	int zones;
	u64 ios;		/* 0: from size, or one pass over the span */
	u64 size;
	enum sim_precond precondition;
	int warmup_pct;		/* < 0: not given */
	u64 seed;
	bool show;
	bool terse;
	bool check;
	bool list;
	const char *plot;	/* a PNG to draw the run into */
};

enum {
	OPT_FTL = 256,
	OPT_PROFILE,
	OPT_CAPACITY,
	OPT_RW,
	OPT_RWMIXREAD,
	OPT_BS,
	OPT_IODEPTH,
	OPT_SPAN,
	OPT_IO,
	OPT_SIZE,
	OPT_PRECONDITION,
	OPT_WARMUP,
	OPT_CHANNELS,
	OPT_DIES,
	OPT_NAND_READ,
	OPT_NAND_PROG,
	OPT_NAND_ERASE,
	OPT_WRITE_BUFFER,
	OPT_OP_PERCENT,
	OPT_PAGES_PER_BLOCK,
	OPT_MAP_UNIT,
	OPT_MEM_BUDGET,
	OPT_BANDWIDTH,
	OPT_READ_NS,
	OPT_WRITE_NS,
	OPT_FDP_RGS,
	OPT_FDP_RUHS,
	OPT_FDP_PERSISTENT,
	OPT_ZONE_SIZE,
	OPT_ZONE_CAPACITY,
	OPT_ZRWA,
	OPT_MAX_OPEN,
	OPT_MAX_ACTIVE,
	OPT_ZONES,
	OPT_HOT,
	OPT_HOT_WRITES,
	OPT_PLACEMENT,
	OPT_RG,
	OPT_RUH,
	OPT_SEED,
	OPT_SHOW,
	OPT_TERSE,
	OPT_CHECK,
	OPT_PLOT,
	OPT_LIST,
	OPT_HELP,
};

static const struct option long_options[] = {
	{ "ftl", required_argument, NULL, OPT_FTL },
	{ "profile", required_argument, NULL, OPT_PROFILE },
	{ "capacity", required_argument, NULL, OPT_CAPACITY },
	{ "rw", required_argument, NULL, OPT_RW },
	{ "rwmixread", required_argument, NULL, OPT_RWMIXREAD },
	{ "bs", required_argument, NULL, OPT_BS },
	{ "iodepth", required_argument, NULL, OPT_IODEPTH },
	{ "span", required_argument, NULL, OPT_SPAN },
	{ "io", required_argument, NULL, OPT_IO },
	{ "size", required_argument, NULL, OPT_SIZE },
	{ "precondition", required_argument, NULL, OPT_PRECONDITION },
	{ "warmup", optional_argument, NULL, OPT_WARMUP },
	{ "channels", required_argument, NULL, OPT_CHANNELS },
	{ "dies-per-channel", required_argument, NULL, OPT_DIES },
	{ "nand-read-ns", required_argument, NULL, OPT_NAND_READ },
	{ "nand-prog-ns", required_argument, NULL, OPT_NAND_PROG },
	{ "nand-erase-ns", required_argument, NULL, OPT_NAND_ERASE },
	{ "write-buffer-kib", required_argument, NULL, OPT_WRITE_BUFFER },
	{ "op-percent", required_argument, NULL, OPT_OP_PERCENT },
	{ "pages-per-block", required_argument, NULL, OPT_PAGES_PER_BLOCK },
	{ "map-unit-kib", required_argument, NULL, OPT_MAP_UNIT },
	{ "mem-budget", required_argument, NULL, OPT_MEM_BUDGET },
	{ "bandwidth-mbps", required_argument, NULL, OPT_BANDWIDTH },
	{ "read-ns", required_argument, NULL, OPT_READ_NS },
	{ "write-ns", required_argument, NULL, OPT_WRITE_NS },
	{ "fdp-rgs", required_argument, NULL, OPT_FDP_RGS },
	{ "fdp-ruhs", required_argument, NULL, OPT_FDP_RUHS },
	{ "fdp-persistent-ruhs", required_argument, NULL, OPT_FDP_PERSISTENT },
	{ "zone-size", required_argument, NULL, OPT_ZONE_SIZE },
	{ "zone-capacity", required_argument, NULL, OPT_ZONE_CAPACITY },
	{ "zrwa", required_argument, NULL, OPT_ZRWA },
	{ "max-open-zones", required_argument, NULL, OPT_MAX_OPEN },
	{ "max-active-zones", required_argument, NULL, OPT_MAX_ACTIVE },
	{ "zones", required_argument, NULL, OPT_ZONES },
	{ "hot", required_argument, NULL, OPT_HOT },
	{ "hot-writes", required_argument, NULL, OPT_HOT_WRITES },
	{ "placement", required_argument, NULL, OPT_PLACEMENT },
	{ "rg", required_argument, NULL, OPT_RG },
	{ "ruh", required_argument, NULL, OPT_RUH },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "show", no_argument, NULL, OPT_SHOW },
	{ "terse", no_argument, NULL, OPT_TERSE },
	{ "check", no_argument, NULL, OPT_CHECK },
	{ "plot", required_argument, NULL, OPT_PLOT },
	{ "list", no_argument, NULL, OPT_LIST },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

static void usage(FILE *f)
{
	fprintf(f,
"usage: nvmev-sim [options]            replay one workload\n"
"       nvmev-sim --check [options]    every preset against its data sheet\n"
"       nvmev-sim --list               the FTLs and presets built in\n"
"\n"
"device:\n"
"  --ftl=conv|fdp|simple|zns the FTL (default conv)\n"
"  --profile=NAME            flash preset (default: the FTL's)\n"
"  --capacity=SIZE           namespace size (default 2g)\n"
"  --channels=N --dies-per-channel=N --nand-read-ns=N --nand-prog-ns=N\n"
"  --nand-erase-ns=N --write-buffer-kib=N --op-percent=N --pages-per-block=N\n"
"  --map-unit-kib=N          conv/fdp: map in N KiB units (default 4)\n"
"  --mem-budget=SIZE         conv/fdp: pick the finest map unit whose tables\n"
"                            fit SIZE, as the module does with 1/4 of RAM\n"
"  --bandwidth-mbps=N --read-ns=N --write-ns=N\n"
"  --fdp-rgs=N --fdp-ruhs=N --fdp-persistent-ruhs=N\n"
"  --zone-size=SIZE --zone-capacity=SIZE --zrwa=SIZE\n"
"  --max-open-zones=N --max-active-zones=N\n"
"                            override the preset (the module's parameters)\n"
"workload:\n"
"  --rw=read|write|randread|randwrite|randrw|hotcold   (default read)\n"
"                            hotcold: writes; the hot part (the end of the\n"
"                            span) at random, the cold rest in turn\n"
"  --rw=zonewrite            (ftl=zns) --zones writers, each filling zones of\n"
"                            its own in turn, resetting one before reuse;\n"
"                            on zns the span counts zone capacity\n"
"  --zones=N                 zonewrite's writers, i.e. open zones (default 1)\n"
"  --hot=PCT%%|SIZE           the hot part (default 10%% of the capacity)\n"
"  --hot-writes=PCT          writes that go to it (default 50)\n"
"  --rg=N --ruh=N            place writes with reclaim group and handle\n"
"                            (ftl=fdp; default 0 and 0)\n"
"  --placement=none|hotcold  hotcold: the hot part's writes use handle\n"
"                            ruh + 1 (the precondition's too)\n"
"  --rwmixread=PCT           reads in randrw (default 50)\n"
"  --bs=SIZE                 block size (default 4k)\n"
"  --iodepth=N               commands kept outstanding (default 1)\n"
"  --span=PCT%%|SIZE          what the workload touches, from offset 0\n"
"                            (default 100%%; a bare number <= 100 is a %%)\n"
"  --io=N | --size=SIZE      commands, or bytes, in all (default: the span\n"
"                            once)\n"
"  --precondition=none|seq|steady|converge\n"
"                            seq: write the span sequentially once; steady:\n"
"                            then overwrite it randomly, 4 KiB, twice over;\n"
"                            converge: then randomly in 128 KiB blocks once\n"
"                            and in 4 KiB until the WAF settles (large spans)\n"
"  --warmup[=PCT]            leave the first PCT%% of the commands (default\n"
"                            10) out of the figures\n"
"  --seed=N                  random seed (default 1)\n"
"output:\n"
"  --show                    the FTL's own report after the run\n"
"  --terse                   one line of key=value\n"
"  --plot=FILE.png           draw the latency CDF of reads and writes, and\n"
"                            WAF and GC over the run, with gnuplot (the data\n"
"                            and script stay beside it: FILE.*.dat, FILE.gp)\n"
"  --check                   replay each preset's data-sheet targets (only\n"
"                            --profile's if given) and compare; --capacity,\n"
"                            --io, --size, --warmup and the overrides apply\n"
"SIZE takes a k, m, g or t suffix (powers of 1024).\n");
}

static bool parse_u64(const char *s, u64 *out)
{
	char *end;
	unsigned long long v;

	if (!*s || *s == '-')
		return false;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end)
		return false;
	*out = v;
	return true;
}

/* A byte count with an optional k/m/g/t (KiB...) suffix. */
static bool parse_size(const char *s, u64 *out)
{
	static const char units[] = "kmgt";
	const char *u;
	char *end;
	unsigned long long v;
	int shift = 0;

	if (!*s || *s == '-')
		return false;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s)
		return false;
	if (*end) {
		u = strchr(units, end[0] | 0x20);
		if (!u)
			return false;
		shift = 10 * (int)(u - units + 1);
		end++;
		if (!strcasecmp(end, "i") || !strcasecmp(end, "ib") ||
		    !strcasecmp(end, "b"))
			end += strlen(end);
		if (*end)
			return false;
	}
	if (shift && v > (UINT64_MAX >> shift))
		return false;
	*out = (u64)v << shift;
	return true;
}

static bool parse_int(const char *s, int min, int max, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return false;
	*out = (int)v;
	return true;
}

static int parse_name(const char *s, const char *const *names, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(s, names[i]))
			return i;
	return -1;
}

/* "2GiB", "128KiB", or plain bytes when no unit divides evenly. */
static const char *fmt_size(u64 bytes, char *buf, size_t size)
{
	static const char *const units[] = { "TiB", "GiB", "MiB", "KiB" };
	int i;

	for (i = 0; i < 4; i++) {
		u64 unit = 1ULL << (10 * (4 - i));

		if (bytes >= unit && !(bytes % unit)) {
			snprintf(buf, size, "%llu%s",
				 (unsigned long long)(bytes / unit), units[i]);
			return buf;
		}
	}
	snprintf(buf, size, "%llu", (unsigned long long)bytes);
	return buf;
}

/*
 * "PCT%", a bare number up to 100 (also a percentage), or a size: sets
 * *pct, or *bytes (then non-zero).  Returns -1 if it is none of them.
 */
static int parse_percent_or_size(const char *s, int *pct, u64 *bytes)
{
	size_t len = strlen(s);
	char num[32];

	*bytes = 0;
	if (len && s[len - 1] == '%') {
		if (len > sizeof(num))
			return -1;
		memcpy(num, s, len - 1);
		num[len - 1] = '\0';
		return parse_int(num, 1, 100, pct) ? 0 : -1;
	}
	if (parse_int(s, 1, 100, pct))
		return 0;
	return parse_size(s, bytes) && *bytes ? 0 : -1;
}

static int bad(const char *opt, const char *value)
{
	fprintf(stderr, "nvmev-sim: --%s=%s: invalid value\n", opt, value);
	return -1;
}

static int parse_options(int argc, char **argv, struct options *o)
{
	int c, v;
	int *knob;
	u64 bytes;

	for (;;) {
		int idx = 0;

		c = getopt_long(argc, argv, "h", long_options, &idx);
		if (c == -1)
			break;
		knob = NULL;
		switch (c) {
		case OPT_FTL:
			o->ftl = optarg;
			break;
		case OPT_PROFILE:
			o->params.profile = optarg;
			break;
		case OPT_CAPACITY:
			if (!parse_size(optarg, &o->params.capacity) ||
			    !o->params.capacity)
				return bad("capacity", optarg);
			break;
		case OPT_RW:
			v = parse_name(optarg, rw_names, ARRAY_LEN(rw_names));
			if (v < 0)
				return bad("rw", optarg);
			o->rw = v;
			break;
		case OPT_RWMIXREAD:
			if (!parse_int(optarg, 0, 100, &o->rwmixread))
				return bad("rwmixread", optarg);
			break;
		case OPT_BS:
			if (!parse_size(optarg, &o->bs) || !o->bs ||
			    o->bs % 512)
				return bad("bs", optarg);
			break;
		case OPT_IODEPTH:
			if (!parse_int(optarg, 1, MAX_IODEPTH, &o->iodepth))
				return bad("iodepth", optarg);
			break;
		case OPT_SPAN:
			if (parse_percent_or_size(optarg, &o->span_pct,
						  &o->span_bytes))
				return bad("span", optarg);
			break;
		case OPT_IO:
			if (!parse_u64(optarg, &o->ios) || !o->ios)
				return bad("io", optarg);
			o->size = 0;
			break;
		case OPT_SIZE:
			if (!parse_size(optarg, &o->size) || !o->size)
				return bad("size", optarg);
			o->ios = 0;
			break;
		case OPT_PRECONDITION:
			v = parse_name(optarg, precond_names,
				       ARRAY_LEN(precond_names));
			if (v < 0)
				return bad("precondition", optarg);
			o->precondition = v;
			break;
		case OPT_WARMUP:
			if (!optarg) {
				o->warmup_pct = DEFAULT_WARMUP_PCT;
				break;
			}
			{
				size_t len = strlen(optarg);
				char num[32];

				if (!len || len >= sizeof(num))
					return bad("warmup", optarg);
				memcpy(num, optarg, len + 1);
				if (num[len - 1] == '%')
					num[len - 1] = '\0';
				if (!parse_int(num, 0, 99, &o->warmup_pct))
					return bad("warmup", optarg);
			}
			break;
		case OPT_CHANNELS:
			knob = &o->params.channels;
			break;
		case OPT_DIES:
			knob = &o->params.dies_per_channel;
			break;
		case OPT_NAND_READ:
			knob = &o->params.nand_read_ns;
			break;
		case OPT_NAND_PROG:
			knob = &o->params.nand_prog_ns;
			break;
		case OPT_NAND_ERASE:
			knob = &o->params.nand_erase_ns;
			break;
		case OPT_WRITE_BUFFER:
			knob = &o->params.write_buffer_kib;
			break;
		case OPT_OP_PERCENT:
			knob = &o->params.op_percent;
			break;
		case OPT_PAGES_PER_BLOCK:
			knob = &o->params.pages_per_block;
			break;
		case OPT_MAP_UNIT:
			knob = &o->params.map_unit_kib;
			break;
		case OPT_MEM_BUDGET:
			if (!parse_size(optarg, &o->params.mem_budget))
				return bad("mem-budget", optarg);
			break;
		case OPT_BANDWIDTH:
			knob = &o->params.bandwidth_mbps;
			break;
		case OPT_READ_NS:
			knob = &o->params.read_ns;
			break;
		case OPT_WRITE_NS:
			knob = &o->params.write_ns;
			break;
		case OPT_FDP_RGS:
			knob = &o->params.fdp_rgs;
			break;
		case OPT_FDP_RUHS:
			knob = &o->params.fdp_ruhs;
			break;
		case OPT_FDP_PERSISTENT:
			knob = &o->params.fdp_persistent_ruhs;
			break;
		case OPT_ZONE_SIZE:
		case OPT_ZONE_CAPACITY:
		case OPT_ZRWA:
			if (!parse_size(optarg, &bytes) || bytes > INT64_MAX)
				return bad(long_options[idx].name, optarg);
			*(c == OPT_ZONE_SIZE ? &o->params.zone_size :
			  c == OPT_ZONE_CAPACITY ? &o->params.zone_capacity :
			  &o->params.zrwa) = (s64)bytes;
			break;
		case OPT_MAX_OPEN:
			knob = &o->params.max_open_zones;
			break;
		case OPT_MAX_ACTIVE:
			knob = &o->params.max_active_zones;
			break;
		case OPT_ZONES:
			if (!parse_int(optarg, 1, MAX_IODEPTH, &o->zones))
				return bad("zones", optarg);
			break;
		case OPT_HOT:
			if (parse_percent_or_size(optarg, &o->hot_pct,
						  &o->hot_bytes))
				return bad("hot", optarg);
			break;
		case OPT_HOT_WRITES:
			if (!parse_int(optarg, 0, 100, &o->hot_writes_pct))
				return bad("hot-writes", optarg);
			break;
		case OPT_PLACEMENT:
			v = parse_name(optarg, placement_names,
				       ARRAY_LEN(placement_names));
			if (v < 0)
				return bad("placement", optarg);
			o->separate = v;
			break;
		case OPT_RG:
			if (!parse_int(optarg, 0, UINT16_MAX, &o->rg))
				return bad("rg", optarg);
			break;
		case OPT_RUH:
			if (!parse_int(optarg, 0, UINT16_MAX - 1, &o->ruh))
				return bad("ruh", optarg);
			break;
		case OPT_SEED:
			if (!parse_u64(optarg, &o->seed))
				return bad("seed", optarg);
			break;
		case OPT_SHOW:
			o->show = true;
			break;
		case OPT_TERSE:
			o->terse = true;
			break;
		case OPT_CHECK:
			o->check = true;
			break;
		case OPT_PLOT:
			o->plot = optarg;
			break;
		case OPT_LIST:
			o->list = true;
			break;
		case OPT_HELP:
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
		/* The FTL judges the range; here only "a number, >= 0". */
		if (knob && !parse_int(optarg, 0, INT_MAX, knob))
			return bad(long_options[idx].name, optarg);
	}
	if (optind < argc) {
		fprintf(stderr, "nvmev-sim: unexpected argument '%s'\n",
			argv[optind]);
		return -1;
	}
	return 0;
}

static const struct ftl_ops *find_ftl(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(ftl_names); i++)
		if (!strcmp(name, ftl_names[i]) && ftl_find(name))
			return ftl_find(name);
	fprintf(stderr, "nvmev-sim: unknown FTL '%s' (built in:", name);
	for (i = 0; i < ARRAY_LEN(ftl_names); i++)
		if (ftl_find(ftl_names[i]))
			fprintf(stderr, " %s", ftl_names[i]);
	fprintf(stderr, ")\n");
	return NULL;
}

static void list(void)
{
	const struct ssd_profile *p;
	size_t i;
	u32 n, t;

	printf("FTLs:");
	for (i = 0; i < ARRAY_LEN(ftl_names); i++)
		if (ftl_find(ftl_names[i]))
			printf(" %s", ftl_names[i]);
	printf("\nprofiles:\n");
	for (n = 0; (p = ssd_profile_at(n)); n++) {
		printf("  %-10s %s\n", p->name, p->imitates);
		for (t = 0; t < SSD_MAX_TARGETS && p->targets[t].name; t++)
			printf("             %-32s %u %s\n",
			       p->targets[t].name, p->targets[t].value,
			       p->targets[t].in_mbps ? "MB/s" : "IOPS");
		if (p->read_latency_us)
			printf("             %-32s %u us\n",
			       "read latency 4K QD1", p->read_latency_us);
		if (p->write_latency_us)
			printf("             %-32s %u us\n",
			       "write latency 4K QD1", p->write_latency_us);
	}
}

static double us(u64 ns)
{
	return ns / 1000.0;
}

static void print_lat(const char *label, const struct lat_hist *h)
{
	printf("  %-5s lat (us): mean %.3f  p50 %.3f  p99 %.3f  p99.9 %.3f  max %.3f  (%llu ios)\n",
	       label, lat_mean(h) / 1000.0, us(lat_percentile(h, 50)),
	       us(lat_percentile(h, 99)), us(lat_percentile(h, 99.9)),
	       us(h->max_ns), (unsigned long long)h->count);
}

static void print_result(const struct options *o, const struct sim_dev *dev,
			 const struct sim_workload *wl,
			 const struct sim_result *res, double wall)
{
	struct lat_hist all;
	char a[32], b[32], c[32];
	double waf = sim_waf(res);
	u64 gc = res->after.gc_runs - res->before.gc_runs;

	if (lat_init(&all))
		return;
	lat_merge(&all, &res->lat[0]);
	lat_merge(&all, &res->lat[1]);

	if (o->terse) {
		printf("iops=%.1f mbps=%.1f lat_mean_us=%.3f lat_p50_us=%.3f lat_p99_us=%.3f lat_p999_us=%.3f lat_max_us=%.3f",
		       sim_iops(res), sim_mbps(res), lat_mean(&all) / 1000.0,
		       us(lat_percentile(&all, 50)),
		       us(lat_percentile(&all, 99)),
		       us(lat_percentile(&all, 99.9)), us(all.max_ns));
		if (waf >= 0)
			printf(" waf=%.3f", waf);
		else
			printf(" waf=n/a");
		if (res->have_stats)
			printf(" gc_runs=%llu", (unsigned long long)gc);
		else
			printf(" gc_runs=n/a");
		if (res->resets)
			printf(" resets=%llu reset_lat_mean_us=%.3f reset_lat_max_us=%.3f",
			       (unsigned long long)res->resets,
			       us(res->reset_ns_sum) / res->resets,
			       us(res->reset_ns_max));
		printf(" ios=%llu sim_ns=%llu\n", (unsigned long long)res->ios,
		       (unsigned long long)(res->end_ns - res->start_ns));
		lat_free(&all);
		return;
	}

	printf("ftl=%s", dev->ops->name);
	if (o->params.profile)
		printf(" profile=%s", o->params.profile);
	printf(" capacity=%s rw=%s", fmt_size(dev->capacity, a, sizeof(a)),
	       rw_names[wl->rw]);
	if (wl->rw == SIM_RANDRW)
		printf(" rwmixread=%u", wl->rwmixread);
	if (wl->rw == SIM_HOTCOLD)
		printf(" hot=%s hot_writes=%u%%",
		       fmt_size(wl->hot_bytes, c, sizeof(c)),
		       wl->hot_writes_pct);
	if (wl->rg || wl->ruh || wl->separate)
		printf(" rg=%u ruh=%u placement=%s", wl->rg, wl->ruh,
		       placement_names[wl->separate]);
	printf(" bs=%s iodepth=%u span=%s ios=%llu warmup=%u%% precondition=%s seed=%llu\n",
	       fmt_size(wl->bs, b, sizeof(b)), wl->iodepth,
	       fmt_size(wl->span, c, sizeof(c)),
	       (unsigned long long)wl->ios, wl->warmup_pct,
	       precond_names[o->precondition],
	       (unsigned long long)wl->seed);
	printf("  iops: %.1f\n", sim_iops(res));
	printf("  bw:   %.1f MB/s\n", sim_mbps(res));
	if (res->lat[0].count)
		print_lat("read", &res->lat[0]);
	if (res->lat[1].count)
		print_lat("write", &res->lat[1]);
	if (res->resets)
		printf("  zone resets: %llu, latency (us): mean %.3f  max %.3f\n",
		       (unsigned long long)res->resets,
		       us(res->reset_ns_sum) / res->resets,
		       us(res->reset_ns_max));
	if (waf >= 0)
		printf("  WAF:  %.3f\n", waf);
	else
		printf("  WAF:  n/a\n");
	if (res->have_stats)
		printf("  GC runs: %llu\n", (unsigned long long)gc);
	else
		printf("  GC runs: n/a\n");
	printf("  measured %llu ios over %.6f s simulated (%.2f s wall)\n",
	       (unsigned long long)res->ios,
	       (res->end_ns - res->start_ns) / 1e9, wall);
	if (res->lat[0].count && o->precondition == SIM_PRECOND_NONE &&
	    res->have_stats)
		printf("  note: reads of blocks never written do not touch flash (--precondition=seq)\n");
	if (dev->clamped)
		printf("  warning: the FTL completed %llu commands before their submission\n",
		       (unsigned long long)dev->clamped);
	lat_free(&all);
}

/* The FTL's report, and the memory its tables take (mem_bytes). */
static void show(const struct sim_dev *dev, const struct ftl_params *params)
{
	char *buf;
	int n;

	if (dev->ops->mem_bytes)
		printf("ftl_mem_mib: %.1f\n",
		       dev->ops->mem_bytes(params) / (double)SIM_MIB);
	if (!dev->ops->show) {
		printf("(ftl=%s has no report)\n", dev->ops->name);
		return;
	}
	buf = malloc(SHOW_BUF_BYTES);
	if (!buf)
		return;
	n = dev->ops->show(dev->ftl, dev->now_ns, buf, SHOW_BUF_BYTES);
	fwrite(buf, 1, n > 0 ? (size_t)n : 0, stdout);
	if (n > 0 && buf[n - 1] != '\n')
		putchar('\n');
	free(buf);
}

/* The FTL has the reclaim group and handles the workload writes with. */
static bool placement_fits(const struct sim_dev *dev,
			   const struct sim_workload *wl)
{
	struct ftl_fdp_config cfg = { .nr_rgs = 1, .nr_ruhs = 1 };

	if (dev->ops->fdp)
		dev->ops->fdp->config(dev->ftl, &cfg);
	if (wl->rg < cfg.nr_rgs && wl->ruh + (u32)wl->separate < cfg.nr_ruhs)
		return true;
	fprintf(stderr, "nvmev-sim: ftl=%s has %u reclaim group(s) of %u handle(s): no rg %u, ruh %u%s\n",
		dev->ops->name, cfg.nr_rgs, cfg.nr_ruhs, wl->rg, wl->ruh,
		wl->separate ? " and the next" : "");
	return false;
}

static int run_one(const struct options *o)
{
	const struct ftl_ops *ops = find_ftl(o->ftl);
	struct sim_workload wl = {
		.rw = o->rw,
		.rwmixread = (u32)o->rwmixread,
		.bs = o->bs,
		.iodepth = (u32)o->iodepth,
		.warmup_pct = o->warmup_pct < 0 ? 0 : (u32)o->warmup_pct,
		.seed = o->seed,
		.hot_writes_pct = (u32)o->hot_writes_pct,
		.rg = (u16)o->rg,
		.ruh = (u16)o->ruh,
		.separate = o->separate,
		.zone_writers = (u32)o->zones,
	};
	struct sim_result res;
	struct sim_dev dev;
	char title[256], a[32], b[32];
	u64 cap = o->params.capacity, span;
	double t0;
	int ret = 1;

	if (!ops)
		return 1;
	if (o->bs > cap) {
		fprintf(stderr, "nvmev-sim: --bs is larger than the capacity\n");
		return 1;
	}
	if (o->span_bytes)
		span = o->span_bytes;
	else	/* cap * pct / 100 without overflow */
		span = cap / 100 * (u64)o->span_pct +
		       cap % 100 * (u64)o->span_pct / 100;
	if (span > cap) {
		fprintf(stderr, "nvmev-sim: --span is larger than the capacity\n");
		return 1;
	}
	wl.hot_bytes = o->hot_bytes ? o->hot_bytes :
		       cap / 100 * (u64)o->hot_pct +
		       cap % 100 * (u64)o->hot_pct / 100;
	if (wl.hot_bytes > span) {
		fprintf(stderr, "nvmev-sim: --hot is larger than the span\n");
		return 1;
	}
	wl.span = span / o->bs * o->bs;
	if (!wl.span) {
		fprintf(stderr, "nvmev-sim: --span is smaller than --bs\n");
		return 1;
	}
	if (o->ios)
		wl.ios = o->ios;
	else if (o->size)
		wl.ios = o->size / o->bs ? o->size / o->bs : 1;
	else
		wl.ios = wl.span / o->bs;

	if (sim_dev_create(&dev, ops, &o->params)) {
		fprintf(stderr, "nvmev-sim: ftl=%s: the FTL refused these parameters\n",
			ops->name);
		return 1;
	}
	if (!placement_fits(&dev, &wl))
		goto out_dev;
	if (sim_result_init(&res))
		goto out_dev;
	if (o->plot) {
		res.trace = sim_trace_alloc(wl.ios);
		if (!res.trace)
			goto out_res;
	}
	/* long runs count their commands on a terminal */
	dev.progress = isatty(STDERR_FILENO);
	dev.phase = "precondition";
	t0 = sim_wall_s();
	/* the precondition writes whole 4 KiB units */
	if (sim_precondition(&dev, o->precondition,
			     span / SSD_MAP_UNIT_BYTES * SSD_MAP_UNIT_BYTES,
			     o->seed, &wl))
		goto out_res;
	dev.phase = "run";
	if (sim_run(&dev, &wl, &res))
		goto out_res;
	print_result(o, &dev, &wl, &res, sim_wall_s() - t0);
	if (o->show)
		show(&dev, &o->params);
	if (o->plot) {
		snprintf(title, sizeof(title),
			 "nvmev-sim ftl=%s%s%s capacity=%s rw=%s bs=%s iodepth=%u precondition=%s",
			 dev.ops->name, o->params.profile ? " profile=" : "",
			 o->params.profile ? o->params.profile : "",
			 fmt_size(dev.capacity, a, sizeof(a)), rw_names[wl.rw],
			 fmt_size(wl.bs, b, sizeof(b)), wl.iodepth,
			 precond_names[o->precondition]);
		if (sim_plot(o->plot, title, &res))
			goto out_res;
	}
	ret = 0;
out_res:
	sim_trace_free(res.trace);
	sim_result_free(&res);
out_dev:
	sim_dev_destroy(&dev);
	return ret;
}

int main(int argc, char **argv)
{
	struct options o = {
		.ftl = "conv",
		.params = ftl_params_default(DEFAULT_CAPACITY, NULL),
		.rw = SIM_READ,
		.rwmixread = 50,
		.bs = DEFAULT_BS,
		.iodepth = 1,
		.span_pct = 100,
		.hot_pct = DEFAULT_HOT_PCT,
		.hot_writes_pct = DEFAULT_HOT_WRITES_PCT,
		.zones = 1,
		.precondition = SIM_PRECOND_NONE,
		.warmup_pct = -1,
		.seed = 1,
	};

	/* results as they come, also into a pipe */
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (parse_options(argc, argv, &o))
		return 2;
	if (o.list) {
		list();
		return 0;
	}
	if (o.params.profile && !ssd_profile_find(o.params.profile)) {
		fprintf(stderr, "nvmev-sim: unknown profile '%s' (--list)\n",
			o.params.profile);
		return 2;
	}
	if (o.check && !strcmp(o.ftl, "zns")) {
		fprintf(stderr, "nvmev-sim: --check: the data sheets quote no zoned figures (ftl=zns)\n");
		return 2;
	}
	if (o.plot) {
		if (o.check) {
			fprintf(stderr, "nvmev-sim: --plot draws one run, not --check's\n");
			return 2;
		}
		if (!sim_plot_wants(o.plot))
			return 2;
		/* before a long run, not after it */
		if (sim_plot_available())
			return 1;
	}
	if (o.check) {
		struct sim_check_opts c = {
			.ftl = o.ftl,
			.profile = o.params.profile,
			.params = o.params,
			.ios = o.ios,
			.size = o.size,
			.warmup_pct = o.warmup_pct,
			.seed = o.seed,
		};
		int failed;

		if (!find_ftl(o.ftl))
			return 2;
		failed = sim_check(&c);
		return failed ? 1 : 0;
	}
	return run_one(&o);
}
