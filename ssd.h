/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The flash device model: geometry, dies, channels, the PCIe link, the
 * controller's firmware pipeline and its DRAM write buffer.  It knows
 * nothing of logical addresses; the FTLs decide which die and page each
 * operation touches and the model answers when it is done.
 *
 * Time is simulated by reservation: every die, channel and link direction
 * is a timeline (channel_model.h) of booked intervals, and an operation
 * takes the first gap on its resource at or after its inputs are ready.
 * Operations are booked in the order the dispatcher sees commands, which
 * may reserve a die in the future (a background program, garbage
 * collection); a read that finds no gap before it waits behind it, as it
 * would on a real die.  A die is held while it senses, programs or
 * erases; data moves through its cache register, so the channel transfer
 * of a read does not hold the die.
 *
 * Physical addresses are indices of mapping units (4 KiB unless the FTL
 * maps in coarser units, see ssd_create_unit()), laid out so that
 * striping falls out of the arithmetic:
 *     ppn = line * units_per_line
 *         + (page_in_block * dies + die) * units_per_pu
 *         + plane * units_per_page + unit_in_page
 * A "program unit" (pu) is one page on every plane of one die, the amount
 * a die programs at once.  Consecutive program units go to consecutive
 * dies, channel-first, so sequential data spreads over every channel.
 */
#ifndef NVMEV_SSD_H
#define NVMEV_SSD_H

#include "ftl.h"
#include "ssd_config.h"
#include "channel_model.h"

/* Physical addresses are u32; this one means "none". */
#define SSD_INVALID_PPN		0xffffffffU

struct ssd_geometry {
	u32 channels;
	u32 dies;			/* in all */
	u32 planes_per_die;
	u32 unit_shift;			/* log2 of the mapping unit's bytes */
	u32 units_per_page;		/* mapping units in a flash page */
	u32 units_per_pu;		/* planes x units_per_page */
	u32 pages_per_block;
	u32 pus_per_line;		/* dies x pages_per_block */
	u32 units_per_line;
	u32 lines;			/* = blocks per plane */
	u64 units;			/* physical, all lines */
	u64 logical_units;		/* what the namespace exposes */
};

/* A part of the write buffer that frees up when its program completes. */
struct ssd_release {
	u64 at_ns;
	u32 units;
};

struct ssd {
	struct ssd_profile prof;	/* the preset with overrides applied */
	struct ssd_geometry geo;
	u32 erase_ns;			/* per block, scaled to its size */
	struct timeline *dies;
	struct chmodel *channels;
	struct chmodel pcie_to_device;
	struct chmodel pcie_to_host;
	u64 fw_free_ns;
	u64 now_ns;			/* the latest command's arrival */
	u64 first_cmd_ns;		/* utilisation is measured from then */
	u64 dies_idle_ns;		/* every die is free from then on */
	/* write buffer: free units now, plus a min-heap of future frees */
	u32 buf_free;
	struct ssd_release *releases;
	u32 nr_releases;
	u64 buf_drained_ns;		/* everything buffered is on flash */
};

/* Looks up a preset by its profile= name; NULL if there is none. */
const struct ssd_profile *ssd_profile_find(const char *name);
/* The presets, for listing: NULL past the last. */
const struct ssd_profile *ssd_profile_at(u32 index);

/*
 * Builds the model for a namespace of params->capacity bytes from the
 * named profile and the overrides in @params.  NULL (and a logged reason
 * naming the parameter) when they do not make a device.
 * @min_spare_lines: lines the FTL needs beyond the logical capacity.
 */
struct ssd *ssd_create(const struct ftl_params *params, u32 min_spare_lines);
/*
 * The same, with blocks halved only until the flash has @min_lines lines
 * (ssd_create() wants enough for greedy GC; a zoned FTL, which has no GC,
 * only enough zones).
 */
struct ssd *ssd_create_lines(const struct ftl_params *params,
			     u32 min_spare_lines, u32 min_lines);
/*
 * The same, with addresses in mapping units of 2^@unit_shift bytes, from
 * SSD_MAP_UNIT_SHIFT (4 KiB) up to a flash page.
 */
struct ssd *ssd_create_unit(const struct ftl_params *params,
			    u32 min_spare_lines, u32 unit_shift);
/*
 * What ssd_create_unit() would build, without building it: the profile
 * with its overrides in @prof, the geometry in @geo.  False when the
 * parameters make no device; the reason is logged only if @report.
 */
bool ssd_plan(const struct ftl_params *params, u32 min_spare_lines,
	      u32 unit_shift, bool report, struct ssd_profile *prof,
	      struct ssd_geometry *geo);
/* Bytes the model itself allocates for geometry @geo of profile @prof. */
u64 ssd_mem_bytes(const struct ssd_profile *prof,
		  const struct ssd_geometry *geo);
void ssd_destroy(struct ssd *ssd);

/* ---- geometry ---- */
static inline u32 ssd_ppn_line(const struct ssd *ssd, u64 ppn)
{
	return (u32)(ppn / ssd->geo.units_per_line);
}

/* The program unit of @ppn, counted over the whole device. */
static inline u64 ssd_ppn_pu(const struct ssd *ssd, u64 ppn)
{
	return ppn / ssd->geo.units_per_pu;
}

static inline u32 ssd_pu_die(const struct ssd *ssd, u64 pu)
{
	return (u32)(pu % ssd->geo.dies);
}

/*
 * The page type @pu programs, 0 (LSB) .. cell_bits - 1 (MSB).  Word lines
 * hold cell_bits pages, LSB first; counting pages across lines rather than
 * within a block keeps the mix of page types right when small namespaces
 * shrink blocks to fewer pages than a word line has.
 */
static inline u32 ssd_page_type(const struct ssd *ssd, u64 pu)
{
	return (u32)((pu / ssd->geo.dies) % ssd->prof.cell_bits);
}

/* ---- timing: each returns when the operation is done ---- */

/* The firmware takes a command in at @now_ns. */
u64 ssd_firmware(struct ssd *ssd, u64 now_ns, bool write);

/* Host data over PCIe, once ready at @ready_ns. */
u64 ssd_pcie_to_device(struct ssd *ssd, u64 ready_ns, u64 bytes);
u64 ssd_pcie_to_host(struct ssd *ssd, u64 ready_ns, u64 bytes);

/*
 * Reads @units of program unit @pu (sensing it once, all planes together)
 * and moves them over the die's channel; returns when they reach the
 * controller.
 */
u64 ssd_nand_read(struct ssd *ssd, u64 pu, u32 units, u64 ready_ns);
/* The same for @bytes of it: a part of a mapping unit, or several. */
u64 ssd_nand_read_bytes(struct ssd *ssd, u64 pu, u64 bytes, u64 ready_ns);
/* Moves a whole program unit to its die and programs it. */
u64 ssd_nand_program(struct ssd *ssd, u64 pu, u64 ready_ns);
/* Erases one block on every plane of @die. */
u64 ssd_nand_erase(struct ssd *ssd, u32 die, u64 ready_ns);

/* QD1 latency of a 4 KiB read of a page of type @page_type, idle device. */
u64 ssd_read_latency_ns(const struct ssd *ssd, u32 page_type);
/* QD1 latency of a 4 KiB write with room in the buffer. */
u64 ssd_write_latency_ns(const struct ssd *ssd);

/*
 * Write buffer.  ssd_buffer_reserve() returns when @units of room are free
 * at or after @ready_ns, waiting for programs in flight to complete if it
 * must; ssd_buffer_release() gives them back once the data is programmed
 * at @at_ns.
 */
u64 ssd_buffer_reserve(struct ssd *ssd, u32 units, u64 ready_ns);
void ssd_buffer_release(struct ssd *ssd, u32 units, u64 at_ns);

/* Writes the model's geometry and per-die utilisation up to @now_ns. */
int ssd_show(const struct ssd *ssd, u64 now_ns, char *buf, size_t size);

#endif /* NVMEV_SSD_H */
