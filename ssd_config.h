/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Device presets and limits.  Every number that shapes the emulated drive
 * lives here with the reason for its value.
 */
#ifndef NVMEV_SSD_CONFIG_H
#define NVMEV_SSD_CONFIG_H

#include "ftl_env.h"

/*
 * The simple FTL models a fixed-latency, bandwidth-limited device in the
 * spirit of Intel Optane P4800X (data sheet: ~10 us read/write latency,
 * 2,400 MB/s read, 2,000 MB/s write).  One shared link gives the bandwidth
 * limit; latencies are added on top.
 */
#define SIMPLE_DEFAULT_READ_NS		10000
#define SIMPLE_DEFAULT_WRITE_NS		10000
#define SIMPLE_DEFAULT_BANDWIDTH_MBPS	2400

/* Logical block size of the namespace (LBA format 0). */
#define NVMEV_LBA_SHIFT			9

/*
 * The smallest namespace we accept: enough for a file system to be made
 * on it and for the tests to be meaningful.
 */
#define NVMEV_MIN_STORAGE_BYTES		(16ULL << 20)

/* ---- Flash presets (profile=) for the conv FTL ---- */

/*
 * The FTLs map the namespace in 4 KiB units, whatever the flash page, and
 * count what they write in them.  conv and fdp may map in coarser units
 * (map_unit_kib=, or when a 4 KiB map would not fit the memory the kernel
 * offers), up to a flash page; SSD_MAX_MAP_UNIT_SHIFT (1 MiB) is beyond
 * any page.
 */
#define SSD_MAP_UNIT_SHIFT		12
#define SSD_MAP_UNIT_BYTES		(1U << SSD_MAP_UNIT_SHIFT)
#define SSD_MAX_MAP_UNIT_SHIFT		20

/*
 * The memory a namespace's FTL may take, as a share of what the kernel
 * reports available when the namespace is made: conv and fdp pick the
 * smallest map unit whose tables fit 1/FTL_MEM_BUDGET_DIV of it, and a
 * namespace whose tables need more than 1/FTL_MEM_LIMIT_DIV is refused,
 * leaving the rest to the kernel, the page cache and sparse data.
 */
#define FTL_MEM_BUDGET_DIV		4
#define FTL_MEM_LIMIT_DIV		2

/*
 * Cells hold up to this many bits; a word line then holds that many pages,
 * programmed LSB first and MSB last, each with its own latencies.
 */
#define NAND_MAX_CELL_BITS		3

/*
 * A workload the data sheet quotes a figure for.  The simulator replays it
 * (tools/sim) and CI checks the model lands within SSD_TARGET_TOLERANCE_PCT.
 */
struct ssd_target {
	const char *name;
	bool write;
	bool random;
	u32 block_bytes;
	u32 queue_depth;	/* total: jobs x per-job depth */
	bool steady_state;	/* fill, then overwrite the span randomly 2x */
	bool in_mbps;		/* target in MB/s (10^6 B/s); else IOPS */
	u32 value;
};

#define SSD_TARGET_TOLERANCE_PCT	10
#define SSD_MAX_TARGETS			5

struct ssd_profile {
	const char *name;		/* profile= */
	const char *imitates;
	/* Geometry.  Dies are numbered channel-first for striping. */
	u32 channels;
	u32 dies_per_channel;
	u32 planes_per_die;		/* programmed/read together */
	u32 flash_page_bytes;
	u32 pages_per_block;		/* most; fewer on small namespaces */
	u32 cell_bits;			/* 1 SLC, 2 MLC, 3 TLC */
	u32 op_percent;			/* spare flash, % of exposed capacity */
	/* NAND timing by page type: [0] LSB ... [cell_bits - 1] MSB */
	u32 nand_read_ns[NAND_MAX_CELL_BITS];
	u32 nand_prog_ns[NAND_MAX_CELL_BITS];
	u32 nand_erase_ns;
	u32 channel_mbps;		/* flash bus, per channel */
	u32 pcie_mbps;			/* host link, each direction */
	/* Controller firmware: per-command cost on its (serial) pipeline */
	u32 fw_read_ns;
	u32 fw_write_ns;
	/*
	 * What a write spends in the controller besides that: buffer
	 * allocation, map update, acknowledgement.  It adds latency, not load.
	 */
	u32 fw_write_latency_ns;
	u32 write_buffer_kib;		/* DRAM staging for host writes */
	u32 read_latency_us;		/* data sheet, 4 KiB QD1 (0: none) */
	u32 write_latency_us;		/* data sheet, 4 KiB QD1 (0: none) */
	struct ssd_target targets[SSD_MAX_TARGETS];
};

/*
 * Samsung 970 PRO 1 TB-like: Phoenix controller, 8 channels, 64-layer 2-bit
 * MLC V-NAND (256 Gb dies, so 32 dies), PCIe 3.0 x4.  1,024 GiB of flash
 * for 1,000 GB exposed leaves ~10% spare.
 * Data sheet (rev 1.0, 2018): sequential 3,500 MB/s read and 2,700 MB/s
 * write (128 KiB, QD32); random 4 KiB 500K IOPS read and write (QD32,
 * 4 threads).  It quotes no latency, so the controller adds none beyond
 * its pipeline.
 */
#define SSD_PROFILE_970PRO {						\
	.name = "970pro",						\
	.imitates = "Samsung 970 PRO 1TB (MLC, 8 ch, PCIe 3.0 x4)",	\
	.channels = 8,							\
	.dies_per_channel = 4,						\
	.planes_per_die = 2,						\
	.flash_page_bytes = 16384,					\
	.pages_per_block = 384,						\
	.cell_bits = 2,							\
	.op_percent = 10,						\
	.nand_read_ns = { 45000, 65000, 0 },				\
	.nand_prog_ns = { 250000, 530000, 0 },				\
	.nand_erase_ns = 3500000,					\
	.channel_mbps = 800,						\
	.pcie_mbps = 3500,						\
	.fw_read_ns = 1900,						\
	.fw_write_ns = 1900,						\
	.fw_write_latency_ns = 0,					\
	.write_buffer_kib = 8192,					\
	.read_latency_us = 0,						\
	.write_latency_us = 0,						\
	.targets = {							\
		{ "seq read 128K QD32", false, false, 131072, 32,	\
		  false, true, 3500 },					\
		{ "seq write 128K QD32", true, false, 131072, 32,	\
		  false, true, 2700 },					\
		{ "rand read 4K QD32x4", false, true, 4096, 128,	\
		  false, false, 500000 },				\
		{ "rand write 4K QD32x4", true, true, 4096, 128,	\
		  false, false, 500000 },				\
	},								\
}

/*
 * Intel DC P4500 4 TB-like: 12-channel controller, 32-layer TLC (384 Gb
 * dies), PCIe 3.0 x4, data-center firmware that favours consistent
 * latency.  Its sibling P4600 exposes 3.2 TB of the same flash and is
 * rated 196K IOPS steady random write; ~7% spare here (~34% there) makes
 * both figures need the same NAND program rate, so that is the spare.
 * Data sheet (2018): sequential 3,200 MB/s read and 1,800 MB/s write
 * (128 KiB); random 4 KiB (100% span, QD32 x 4 workers) 645K IOPS read and
 * 48K IOPS write in steady state; 77 us read and 18 us write typical
 * 4 KiB latency.  The TLC program times (0.5/0.8/1.3 ms by page type) are
 * 3% longer than those round figures so that the steady-state random
 * write lands within 5% of the 48K both at the drive's own geometry
 * (2 TiB, 576-page blocks: 49970 IOPS) and on the 2 GiB of sim-check
 * (48080), where shrunken blocks erase more often.
 */
#define SSD_PROFILE_P4500 {						\
	.name = "p4500",						\
	.imitates = "Intel DC P4500 4TB (TLC, 12 ch, PCIe 3.0 x4)",	\
	.channels = 12,							\
	.dies_per_channel = 8,						\
	.planes_per_die = 1,						\
	.flash_page_bytes = 16384,					\
	.pages_per_block = 576,						\
	.cell_bits = 3,							\
	.op_percent = 7,						\
	.nand_read_ns = { 56000, 66000, 76000 },			\
	.nand_prog_ns = { 515000, 824000, 1339000 },			\
	.nand_erase_ns = 5000000,					\
	.channel_mbps = 533,						\
	.pcie_mbps = 3200,						\
	.fw_read_ns = 1500,						\
	.fw_write_ns = 1500,						\
	.fw_write_latency_ns = 15200,					\
	.write_buffer_kib = 4096,					\
	.read_latency_us = 77,						\
	.write_latency_us = 18,						\
	.targets = {							\
		{ "seq read 128K QD32", false, false, 131072, 32,	\
		  false, true, 3200 },					\
		{ "seq write 128K QD32", true, false, 131072, 32,	\
		  false, true, 1800 },					\
		{ "rand read 4K QD32x4", false, true, 4096, 128,	\
		  false, false, 645000 },				\
		{ "rand write 4K QD32x4 steady", true, true, 4096, 128,	\
		  true, false, 48000 },					\
	},								\
}

/*
 * Garbage collection of the conv FTL.  Foreground GC runs when a host write
 * needs a line and no more than GC_FG_FREE_LINES are free: one is the GC's
 * own next line, the other keeps a host line in reserve.  Background GC
 * tops the free lines up to GC_BG_FREE_LINES once every die has been idle
 * for GC_BG_IDLE_NS, as drives do between bursts.  The flash always keeps
 * GC_SPARE_LINES beyond the logical capacity so that collecting one line
 * frees at least one unit, whatever op_percent says.
 */
#define GC_FG_FREE_LINES		2
#define GC_BG_FREE_LINES		6
#define GC_BG_IDLE_NS			5000000ULL
#define GC_SPARE_LINES			(GC_BG_FREE_LINES + 2)

/*
 * Flexible Data Placement (ftl=fdp): a reclaim unit is one line.  Every
 * reclaim group has a write point per handle and GC write points of its
 * own, so that relocated data stays in its group and persistently isolated
 * handles keep theirs apart.  FDP_MAX_RUHS is the most placement handles
 * a namespace may list.
 */
#define FDP_DEFAULT_RGS			1
#define FDP_DEFAULT_RUHS		8
#define FDP_DEFAULT_PERSISTENT_RUHS	0
#define FDP_MAX_RGS			16
#define FDP_MAX_RUHS			128

/*
 * The kv FTL (kv_ftl.c).  Values live in records (a header with the key,
 * then the value) appended to a log of segments in the reserved memory;
 * a segment is the fewest whole flash lines that hold the largest record,
 * so compaction frees, and erases, whole lines.
 *
 * KV_BYTES_PER_KEY sets the most keys the index holds: one per KiB of
 * namespace (a million per GiB; what Identify reports as the format's
 * maximum number of keys).  The hash table has KV_INDEX_SLOTS_PER_KEY
 * slots per key at most, so linear probing stays short (at most half
 * full: 1.5 probes per hit on average).  Each slot examined costs the
 * controller KV_INDEX_PROBE_NS: one random access to its DRAM.
 * KV_RECORD_ALIGN keeps record headers aligned.  Compaction keeps
 * KV_GC_RESERVE_SEGMENTS free segments for its own write point, which
 * host stores may not take.  KV_MAX_VALUE_BYTES is the largest value,
 * MDTS (the module checks the two agree).
 */
#define KV_BYTES_PER_KEY		1024
#define KV_INDEX_SLOTS_PER_KEY		2
#define KV_INDEX_PROBE_NS		100
#define KV_RECORD_ALIGN			8
#define KV_GC_RESERVE_SEGMENTS		2
#define KV_MAX_VALUE_BYTES		(1U << 20)

/*
 * The zoned FTL (zns_ftl.c).  A zone is, by default, one line: a block on
 * every plane of every die.  Blocks of small namespaces are halved (as for
 * conv, see ssd.c) only until the flash has ZNS_MIN_LINES lines, so that a
 * namespace of a few GiB still has dozens of zones, enough for zoned file
 * systems (btrfs wants 8 active zones besides its superblock zones),
 * rather than conv's 512.  Open and active zones are limited to 14 by
 * default: more than btrfs (8 active) and f2fs (6 logs) need, and of the
 * order large-zone drives report (tens, not thousands).  ZNS_MAX_ZONE_BYTES
 * bounds zone_size (the spec's 64-bit LBAs allow more; Linux takes zones of
 * up to 2^32 sectors); ZNS_MAX_SPAN_BYTES bounds what the zones span.
 */
#define ZNS_MIN_LINES			64
#define ZNS_DEFAULT_MAX_OPEN_ZONES	14
#define ZNS_DEFAULT_MAX_ACTIVE_ZONES	14
#define ZNS_MAX_ZONE_BYTES		(1ULL << 41)
/* What the zones span, gaps included: 64-bit byte offsets with room. */
#define ZNS_MAX_SPAN_BYTES		(1ULL << 62)
/*
 * Zone n starts on die n * ZNS_ZONE_DIE_STRIDE (modulo the dies): a prime
 * that shares no factor with the usual die counts, so neighbouring zones
 * start far apart on the stripe.
 */
#define ZNS_ZONE_DIE_STRIDE		37

/* profile= when none is given. */
#define SSD_DEFAULT_PROFILE		"970pro"

#endif /* NVMEV_SSD_CONFIG_H */
