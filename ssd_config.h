/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Device presets and limits.  Every number that shapes the emulated drive
 * lives here with the reason for its value.
 */
#ifndef NVMEV_SSD_CONFIG_H
#define NVMEV_SSD_CONFIG_H

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

#endif /* NVMEV_SSD_CONFIG_H */
