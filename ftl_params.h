/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The FTL tunables: each int a user can set at load time, declared once.
 * From these lists come the fields of struct ftl_params, the defaults of
 * ftl_params_default(), the module parameters and their modinfo text
 * (main.c), their copy into each namespace's ftl_params, and the FDP
 * checks (ftl.c).  Every one starts at FTL_PARAM_DEFAULT (-1), which
 * keeps the FTL's (or the profile's) own value.
 *
 * An entry is X(name, description): @name is the module parameter, the
 * struct field and the name in every message; @description is its
 * modinfo text.  Only main.c expands the descriptions, so they may use
 * __stringify() and the limits of ssd_config.h.
 *
 * The lists are the FTL families, in the order modinfo shows them.  The
 * family decides what the driver does with a tunable besides handing it
 * to the FTL: insmod refuses a simple tunable below -1 (the simple FTL
 * takes them as they are), and refuses an FDP tunable when no namespace
 * has FDP; a namespace without FDP gets its FDP tunables reset.
 *
 * To add a tunable: one X() entry in its family's list, and its use in
 * the FTL (params->name, checked there with ftl_param_override()).  The
 * offline simulator (tools/sim) names its options itself: add one there
 * if it should tune the new value too.
 */
#ifndef NVMEV_FTL_PARAMS_H
#define NVMEV_FTL_PARAMS_H

/* The simple FTL's timing; bandwidth_mbps is the flash FTLs' link too. */
#define FTL_SIMPLE_PARAMS(X)						\
	X(read_ns,							\
	  "Read latency in ns (simple FTL; -1: the FTL's default)")	\
	X(write_ns,							\
	  "Write latency in ns (simple FTL; -1: the FTL's default)")	\
	X(bandwidth_mbps,						\
	  "Host transfer bandwidth in MB/s (simple: its link; conv: the PCIe link, each direction); 0: unlimited; -1: the FTL's default")

/* The flash FTLs (conv, fdp, kv): overrides of the profile's values. */
#define FTL_FLASH_PARAMS(X)						\
	X(channels, "conv FTL: flash channels (-1: the profile's)")	\
	X(dies_per_channel,						\
	  "conv FTL: dies on each channel (-1: the profile's)")		\
	X(nand_read_ns,							\
	  "conv FTL: page read (sense) time in ns, every page type (-1: the profile's)") \
	X(nand_prog_ns,							\
	  "conv FTL: page program time in ns, every page type (-1: the profile's)") \
	X(nand_erase_ns,						\
	  "conv FTL: block erase time in ns (-1: the profile's)")	\
	X(write_buffer_kib,						\
	  "conv FTL: controller DRAM that stages host writes, KiB (-1: the profile's)") \
	X(op_percent,							\
	  "conv FTL: spare flash beyond the namespace, percent of it (-1: the profile's)") \
	X(prefill,							\
	  "conv and fdp FTLs: 1 starts each namespace full, every LBA mapped once in order as a sequential fill leaves it, at no time (-1, 0: empty)") \
	X(pages_per_block,						\
	  "conv FTL: pages in a flash block, erase time scaled to it (-1: the profile's); namespaces too small for enough lines halve it still") \
	X(map_unit_kib,							\
	  "conv/fdp FTL: KiB of namespace per map entry, a power of two from 4 to the flash page (16 on the presets); partial writes of a unit read and rewrite it whole (-1: 4, or the smallest whose map fits a quarter of the RAM available)")

/* ftl=fdp: the shape of its one FDP configuration. */
#define FTL_FDP_PARAMS(X)						\
	X(fdp_rgs,							\
	  "fdp FTL: reclaim groups, 1-" __stringify(FDP_MAX_RGS)	\
	  " (-1: the default, " __stringify(FDP_DEFAULT_RGS) ")")	\
	X(fdp_ruhs,							\
	  "fdp FTL: reclaim unit handles, each the namespace's placement handle of the same number, 1-" \
	  __stringify(FDP_MAX_RUHS) " (-1: the default, "		\
	  __stringify(FDP_DEFAULT_RUHS) ")")				\
	X(fdp_persistent_ruhs,						\
	  "fdp FTL: how many of the last handles are persistently isolated, the others initially isolated (-1: the default, " \
	  __stringify(FDP_DEFAULT_PERSISTENT_RUHS) ")")

/* ftl=zns: how many zones may be open, and active, at once (0: any). */
#define FTL_ZNS_PARAMS(X)						\
	X(max_open_zones,						\
	  "zns FTL: zones open at once, 0 for no limit (-1: the default, " \
	  __stringify(ZNS_DEFAULT_MAX_OPEN_ZONES) ")")			\
	X(max_active_zones,						\
	  "zns FTL: zones open or closed at once, 0 for no limit (-1: the default, " \
	  __stringify(ZNS_DEFAULT_MAX_ACTIVE_ZONES) ")")

#define FTL_INT_PARAMS(X)						\
	FTL_SIMPLE_PARAMS(X)						\
	FTL_FLASH_PARAMS(X)						\
	FTL_FDP_PARAMS(X)						\
	FTL_ZNS_PARAMS(X)

#endif /* NVMEV_FTL_PARAMS_H */
