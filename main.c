// SPDX-License-Identifier: GPL-2.0
/*
 * nvmev: a virtual NVMe SSD.  The module's parameters, their checks, and
 * the life cycle of the device: reserved memory -> FTL -> threads -> PCI.
 */
#define pr_fmt(fmt) "nvmev: " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/cpumask.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/stringify.h>
#include "nvmev.h"
#include "ssd.h"
#include "ssd_config.h"

#define CREATE_TRACE_POINTS
#include "trace.h"

/* The reserved region starts with BAR0, padded so storage is aligned. */
#define NVMEV_CTRL_AREA_SIZE	SZ_1M
#define NVMEV_REGION_ALIGN	SZ_1M
#define NVMEV_DEFAULT_IDLE_SPIN_US 1000
/* Room for the names of every FTL, for the message of a bad ftl=. */
#define NVMEV_FTL_NAMES_LEN	128

static char *memmap_start;
module_param(memmap_start, charp, 0444);
MODULE_PARM_DESC(memmap_start,
		 "Physical start of the memory reserved with memmap=SIZE$START (e.g. 0x140000000 or 5G)");

static char *memmap_size;
module_param(memmap_size, charp, 0444);
MODULE_PARM_DESC(memmap_size, "Size of the reserved memory (e.g. 1G, 512M)");

static char *cpus;
module_param(cpus, charp, 0444);
MODULE_PARM_DESC(cpus,
		 "CPU list: the dispatcher's CPU, then one per I/O worker (e.g. 0,1); default: the last online CPU for the dispatcher and one worker");

static char *ftl = "conv";
module_param(ftl, charp, 0444);
MODULE_PARM_DESC(ftl,
		 "FTL that times the namespace: conv (page-mapped flash with GC), fdp (conv with Flexible Data Placement), simple (fixed latency), kv (a key-value store) or zns (a zoned namespace)");

static char *namespaces;
module_param(namespaces, charp, 0444);
MODULE_PARM_DESC(namespaces,
		 "Namespaces at load, each FTL[:SIZE[:PROFILE[:STORAGE]]], comma separated (e.g. conv:512M,fdp:256M:p4500,kv:128M,conv:1T:p4500:none); without a SIZE a reserved namespace shares what the others leave; default: one namespace of ftl= with all the memory");

static char *storage = "reserved";
module_param(storage, charp, 0444);
MODULE_PARM_DESC(storage,
		 "Where a namespace keeps its data unless namespaces= says: reserved (the memmap= region), sparse (kernel pages on first write, freed on deallocate; any size) or none (timing only: writes dropped, reads zeroes; any size)");

static char *sparse_max;
module_param(sparse_max, charp, 0444);
MODULE_PARM_DESC(sparse_max,
		 "Most memory the sparse namespaces may use together, beyond which writes fail with Capacity Exceeded (e.g. 2G; default: half the RAM)");

static char *kv_layout = "samsung";
module_param(kv_layout, charp, 0444);
MODULE_PARM_DESC(kv_layout,
		 "ftl=kv: the commands' layout, samsung (vendor opcodes on an NVM namespace) or nvme (NVMe Key Value Command Set 1.0)");

/*
 * An int tunable of ftl_params.h: the module parameter, starting at
 * FTL_PARAM_DEFAULT, and its modinfo text.
 */
#define NVMEV_FTL_PARAM(name, description)				\
	static int name = FTL_PARAM_DEFAULT;				\
	module_param(name, int, 0444);					\
	MODULE_PARM_DESC(name, description);

FTL_SIMPLE_PARAMS(NVMEV_FTL_PARAM)

/* The conv FTL: a preset drive, then overrides (-1 keeps the preset's). */
static char *profile = SSD_DEFAULT_PROFILE;
module_param(profile, charp, 0444);
MODULE_PARM_DESC(profile,
		 "conv FTL: the drive to imitate, 970pro or p4500 (default " SSD_DEFAULT_PROFILE ")");

FTL_FLASH_PARAMS(NVMEV_FTL_PARAM)

FTL_FDP_PARAMS(NVMEV_FTL_PARAM)

/* ftl=zns: sizes in bytes with K/M/G suffixes; unset keeps the default. */
static char *zone_size;
module_param(zone_size, charp, 0444);
MODULE_PARM_DESC(zone_size,
		 "zns FTL: zone size, a power of two (e.g. 64M; default: zone_capacity rounded up to a power of two)");

static char *zone_capacity;
module_param(zone_capacity, charp, 0444);
MODULE_PARM_DESC(zone_capacity,
		 "zns FTL: the writable part of each zone, a multiple of 4K up to zone_size (default: a line of the flash, a block on every plane of every die)");

static char *zrwa;
module_param(zrwa, charp, 0444);
MODULE_PARM_DESC(zrwa,
		 "zns FTL: zone random write area size, a multiple of the flash program unit (default 0: none)");

FTL_ZNS_PARAMS(NVMEV_FTL_PARAM)

static char *zasl;
module_param(zasl, charp, 0444);
MODULE_PARM_DESC(zasl,
		 "Zone Append size limit, a power of two from 4K to the 1M of MDTS (default 0: MDTS)");

static bool busy_poll;
module_param(busy_poll, bool, 0444);
MODULE_PARM_DESC(busy_poll,
		 "Never let the dispatcher and workers sleep (lowest latency, burns CPUs)");

static uint idle_spin_us = NVMEV_DEFAULT_IDLE_SPIN_US;
module_param(idle_spin_us, uint, 0444);
MODULE_PARM_DESC(idle_spin_us,
		 "How long idle threads keep polling before they start sleeping");

static struct nvmev_dev *nvmev;

static int parse_size(const char *name, const char *value, u64 *out)
{
	char *end;

	if (!value || !*value) {
		pr_err("%s: required\n", name);
		return -EINVAL;
	}
	*out = memparse(value, &end);
	if (*end && *end != '\n') {
		pr_err("%s: '%s' is not a size (use 0x..., or K/M/G suffixes)\n",
		       name, value);
		return -EINVAL;
	}
	return 0;
}

static int check_region(struct nvmev_config *cfg)
{
	u64 start = cfg->mem_start, size = cfg->mem_size;

	if (!IS_ALIGNED(start, NVMEV_REGION_ALIGN)) {
		pr_err("memmap_start: %#llx is not aligned to 1 MiB\n", start);
		return -EINVAL;
	}
	if (!IS_ALIGNED(size, NVMEV_REGION_ALIGN) ||
	    size < NVMEV_CTRL_AREA_SIZE + NVMEV_MIN_STORAGE_BYTES) {
		pr_err("memmap_size: %#llx must be a multiple of 1 MiB and at least %llu MiB\n",
		       size, (NVMEV_CTRL_AREA_SIZE + NVMEV_MIN_STORAGE_BYTES) >> 20);
		return -EINVAL;
	}
	if (start + size < start) {
		pr_err("memmap_size: region wraps around\n");
		return -EINVAL;
	}
	if (region_intersects(start, size, IORESOURCE_SYSTEM_RAM,
			      IORES_DESC_NONE) != REGION_DISJOINT) {
		pr_err("memmap_start: [%#llx-%#llx] overlaps System RAM; reserve it first with memmap=SIZE$START on the kernel command line\n",
		       start, start + size - 1);
		return -EINVAL;
	}
	if (region_intersects(start, size, IORESOURCE_MEM,
			      IORES_DESC_RESERVED) != REGION_INTERSECTS) {
		pr_err("memmap_start: [%#llx-%#llx] is not wholly reserved memory; reserve it with memmap=SIZE$START\n",
		       start, start + size - 1);
		return -EINVAL;
	}
	return 0;
}

static int check_cpu(unsigned int cpu)
{
	if (cpu >= nr_cpu_ids || !cpu_online(cpu)) {
		pr_err("cpus: CPU %u is not online\n", cpu);
		return -EINVAL;
	}
	return 0;
}

static int parse_cpus(struct nvmev_config *cfg)
{
	unsigned int list[NVMEV_MAX_CPUS + 1];
	unsigned int n = 0, i;
	char *copy, *cur, *tok;
	int ret = 0;

	if (!cpus || !*cpus) {
		/*
		 * Keep the emulator off the CPUs applications start on: one
		 * CPU for the dispatcher and its worker, which then has no
		 * thread of its own; the dispatcher runs its passes.
		 */
		cfg->dispatcher_cpu = cpumask_last(cpu_online_mask);
		cfg->worker_cpus[0] = cfg->dispatcher_cpu;
		cfg->nr_workers = 1;
		return 0;
	}
	copy = kstrdup(cpus, GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	cur = strim(copy);
	while ((tok = strsep(&cur, ",")) && !ret) {
		if (n == ARRAY_SIZE(list)) {
			pr_err("cpus: at most %u entries\n", NVMEV_MAX_CPUS + 1);
			ret = -EINVAL;
		} else if (kstrtouint(tok, 0, &list[n])) {
			pr_err("cpus: '%s' is not a CPU number\n", tok);
			ret = -EINVAL;
		} else {
			ret = check_cpu(list[n++]);
		}
	}
	kfree(copy);
	if (ret)
		return ret;
	cfg->dispatcher_cpu = list[0];
	if (n == 1) {
		/* One CPU for everything: the worker shares it. */
		cfg->worker_cpus[0] = list[0];
		cfg->nr_workers = 1;
		return 0;
	}
	for (i = 1; i < n; i++)
		cfg->worker_cpus[i - 1] = list[i];
	cfg->nr_workers = n - 1;
	return 0;
}

static int check_latency(const char *name, int value)
{
	if (value < FTL_PARAM_DEFAULT) {
		pr_err("%s: %d is negative (-1 keeps the FTL's default)\n",
		       name, value);
		return -EINVAL;
	}
	return 0;
}

#define NVMEV_CHECK_LATENCY(name, description)	check_latency(#name, name) ?:

/* The simple FTL takes its tunables as they are: none may be below -1. */
static int nvmev_check_latencies(void)
{
	return FTL_SIMPLE_PARAMS(NVMEV_CHECK_LATENCY) 0;
}

/* Names every FTL in the table, for the error message of a bad ftl=. */
static void nvmev_unknown_ftl(const char *name)
{
	char known[NVMEV_FTL_NAMES_LEN];
	const struct ftl_ops *ops;
	size_t len = 0;
	u32 i;

	known[0] = '\0';
	for (i = 0; (ops = ftl_at(i)); i++)
		len += scnprintf(known + len, sizeof(known) - len, "%s%s",
				 i ? ", " : "", ops->name);
	pr_err("ftl: unknown FTL '%s' (known: %s)\n", name, known);
}

#define NVMEV_COPY_FTL_PARAM(name, description)	p->name = name;

/* Each namespace's FTL gets these, with its own capacity and profile. */
static void nvmev_ftl_params(struct ftl_params *p)
{
	p->profile = profile;
	FTL_INT_PARAMS(NVMEV_COPY_FTL_PARAM)
}

/* A zoned tunable in bytes, or FTL_PARAM_DEFAULT when unset. */
static int parse_zone_bytes(const char *name, const char *value, s64 *out)
{
	char *end;
	u64 bytes;

	*out = FTL_PARAM_DEFAULT;
	if (!value || !*value)
		return 0;
	bytes = memparse(value, &end);
	if (*end || bytes > S64_MAX) {
		pr_err("%s: '%s' is not a size (use K/M/G suffixes)\n", name,
		       value);
		return -EINVAL;
	}
	*out = bytes;
	return 0;
}

/* zasl: 0 (MDTS), or a power of two of 4K pages up to MDTS. */
static int parse_zasl(struct nvmev_config *cfg)
{
	s64 bytes;
	int ret = parse_zone_bytes("zasl", zasl, &bytes);

	if (ret || bytes == FTL_PARAM_DEFAULT || !bytes)
		return ret;
	if (!is_power_of_2(bytes) || bytes < BIT(NVMEV_MPS_SHIFT) ||
	    bytes > NVMEV_MAX_XFER_BYTES) {
		pr_err("zasl: %s must be 0 or a power of two from 4K to %uK (MDTS)\n",
		       zasl, NVMEV_MAX_XFER_BYTES >> 10);
		return -EINVAL;
	}
	cfg->zasl_bytes = bytes;
	return 0;
}

/*
 * The zone tunables go to the zns FTL, which checks them as it makes a
 * zoned namespace (at load, or later with Namespace Management).
 */
static int parse_zone_params(struct nvmev_config *cfg)
{
	struct ftl_params *p = &cfg->ftl_params;

	return parse_zone_bytes("zone_size", zone_size, &p->zone_size) ?:
	       parse_zone_bytes("zone_capacity", zone_capacity,
				&p->zone_capacity) ?:
	       parse_zone_bytes("zrwa", zrwa, &p->zrwa) ?:
	       parse_zasl(cfg);
}

static int parse_kv_layout(struct nvmev_config *cfg)
{
	const char *layout = kv_layout ? kv_layout : "";

	if (!strcmp(layout, "samsung")) {
		cfg->kv_layout = NVMEV_KV_SAMSUNG;
	} else if (!strcmp(layout, "nvme")) {
		cfg->kv_layout = NVMEV_KV_NVME;
	} else {
		pr_err("kv_layout: unknown layout '%s' (known: samsung, nvme)\n",
		       layout);
		return -EINVAL;
	}
	return 0;
}

static bool ns_spec_size(const char *text, u64 *bytes)
{
	char *end;

	*bytes = 0;
	if (!*text)
		return true;
	*bytes = memparse(text, &end);
	return !*end && *bytes;
}

/* One FTL[:SIZE[:PROFILE[:STORAGE]]] of namespaces=. */
static int parse_ns_spec(const struct nvmev_config *cfg, char *text,
			 unsigned int nsid, struct nvmev_ns_spec *spec)
{
	char *name = strsep(&text, ":");
	char *size = strsep(&text, ":");
	char *prof = strsep(&text, ":");
	char *store = strsep(&text, ":");

	spec->ftl_ops = ftl_find(name);
	if (!spec->ftl_ops) {
		pr_err("namespaces: namespace %u: unknown FTL '%s'\n", nsid,
		       name);
		return -EINVAL;
	}
	if (text) {
		pr_err("namespaces: namespace %u: more than FTL:SIZE:PROFILE:STORAGE\n",
		       nsid);
		return -EINVAL;
	}
	spec->store = cfg->store_default;
	if (store && *store && nvmev_store_parse_kind(store, &spec->store)) {
		pr_err("namespaces: namespace %u: unknown storage '%s' (known: "
		       NVMEV_STORE_KIND_NAMES ")\n",
		       nsid, store);
		return -EINVAL;
	}
	if (!ns_spec_size(size ?: "", &spec->bytes)) {
		pr_err("namespaces: namespace %u: '%s' is not a size (K/M/G suffixes)\n",
		       nsid, size);
		return -EINVAL;
	}
	prof = prof && *prof ? prof : profile;
	if (!ssd_profile_find(prof)) {
		pr_err("namespaces: namespace %u: unknown profile '%s'\n",
		       nsid, prof);
		return -EINVAL;
	}
	strscpy(spec->profile, prof, sizeof(spec->profile));
	if (spec->store != NVMEV_STORE_RESERVED && !spec->bytes) {
		pr_err("namespaces: namespace %u: a %s namespace needs a SIZE\n",
		       nsid, nvmev_store_kind_name(spec->store));
		return -EINVAL;
	}
	return 0;
}

/*
 * Sizes (whole granules) big enough, and those of reserved namespaces
 * that fit the storage; reserved ones without a size get their share of
 * what the others leave.
 */
static int check_ns_sizes(struct nvmev_config *cfg, u64 storage)
{
	u64 sized = 0, size, share;
	unsigned int i, unsized = 0;

	for (i = 0; i < cfg->nr_ns_specs; i++) {
		bool reserved = cfg->ns_specs[i].store == NVMEV_STORE_RESERVED;

		if (reserved && cfg->ns_specs[i].bytes > storage) {
			pr_err("namespaces: namespace %u: %llu MiB, the storage has %llu MiB (memmap_size less 1 MiB)\n",
			       i + 1, cfg->ns_specs[i].bytes >> 20,
			       storage >> 20);
			return -EINVAL;
		}
		size = round_up(cfg->ns_specs[i].bytes, NVMEV_NS_GRANULE);
		if (!size) {
			unsized++;
			continue;
		}
		if (size < NVMEV_MIN_STORAGE_BYTES) {
			pr_err("namespaces: namespace %u: %llu bytes is under the %llu MiB minimum\n",
			       i + 1, cfg->ns_specs[i].bytes,
			       NVMEV_MIN_STORAGE_BYTES >> 20);
			return -EINVAL;
		}
		if (reserved)
			sized += size;
	}
	if (sized > storage) {
		pr_err("namespaces: %llu MiB asked for, the storage has %llu MiB (memmap_size less 1 MiB)\n",
		       sized >> 20, storage >> 20);
		return -EINVAL;
	}
	if (!unsized)
		return 0;
	share = round_down(div_u64(storage - sized, unsized),
			   NVMEV_NS_GRANULE);
	if (share < NVMEV_MIN_STORAGE_BYTES) {
		pr_err("namespaces: what is left, %llu MiB, gives the namespaces without a size less than %llu MiB each\n",
		       (storage - sized) >> 20, NVMEV_MIN_STORAGE_BYTES >> 20);
		return -EINVAL;
	}
	for (i = 0; i < cfg->nr_ns_specs; i++)
		if (!cfg->ns_specs[i].bytes)
			cfg->ns_specs[i].bytes = share;
	return 0;
}

/*
 * namespaces=, or else one namespace of ftl= with all of @storage.  FDP
 * parameters need a namespace with FDP; only one may have it.
 */
static int parse_namespaces(struct nvmev_config *cfg, u64 storage)
{
	const struct ftl_ops *fdp_ops = NULL;
	char *copy, *cur, *tok;
	unsigned int i;
	int ret = 0;

	if (!namespaces || !*namespaces) {
		cfg->ns_specs[0].ftl_ops = cfg->ftl_ops;
		strscpy(cfg->ns_specs[0].profile, profile,
			sizeof(cfg->ns_specs[0].profile));
		cfg->ns_specs[0].store = cfg->store_default;
		cfg->nr_ns_specs = 1;
	} else {
		copy = kstrdup(namespaces, GFP_KERNEL);
		if (!copy)
			return -ENOMEM;
		cur = strim(copy);
		while (!ret && (tok = strsep(&cur, ","))) {
			if (cfg->nr_ns_specs == NVMEV_MAX_NAMESPACES) {
				pr_err("namespaces: at most %u\n",
				       NVMEV_MAX_NAMESPACES);
				ret = -EINVAL;
				break;
			}
			ret = parse_ns_spec(cfg, tok, cfg->nr_ns_specs + 1,
					    &cfg->ns_specs[cfg->nr_ns_specs]);
			cfg->nr_ns_specs++;
		}
		kfree(copy);
		if (ret)
			return ret;
	}
	for (i = 0; i < cfg->nr_ns_specs; i++) {
		if (!cfg->ns_specs[i].ftl_ops->fdp)
			continue;
		if (fdp_ops) {
			pr_err("namespaces: only one namespace can have FDP\n");
			return -EINVAL;
		}
		fdp_ops = cfg->ns_specs[i].ftl_ops;
	}
	if (!fdp_ops && !ftl_params_without_fdp(&cfg->ftl_params,
						cfg->ns_specs[0].ftl_ops->name))
		return -EINVAL;
	return check_ns_sizes(cfg, storage);
}

/*
 * storage=, the default of namespaces=, and sparse_max=, which may be at
 * most the RAM there is.
 */
static int parse_storage(struct nvmev_config *cfg)
{
	u64 ram = (u64)totalram_pages() << PAGE_SHIFT;

	if (nvmev_store_parse_kind(storage ?: "", &cfg->store_default)) {
		pr_err("storage: unknown storage '%s' (known: "
		       NVMEV_STORE_KIND_NAMES ")\n",
		       storage ?: "");
		return -EINVAL;
	}
	if (!sparse_max) {
		cfg->sparse_max_bytes = ram / 2;
		return 0;
	}
	if (parse_size("sparse_max", sparse_max, &cfg->sparse_max_bytes))
		return -EINVAL;
	if (cfg->sparse_max_bytes < PAGE_SIZE ||
	    cfg->sparse_max_bytes > ram) {
		pr_err("sparse_max: %s must be from 4K to the %llu MiB of RAM\n",
		       sparse_max, ram >> 20);
		return -EINVAL;
	}
	return 0;
}

static int nvmev_parse_params(struct nvmev_config *cfg)
{
	u64 start, size;
	int ret;

	ret = parse_size("memmap_start", memmap_start, &start);
	if (!ret)
		ret = parse_size("memmap_size", memmap_size, &size);
	if (ret)
		return ret;
	cfg->mem_start = start;
	cfg->mem_size = size;
	ret = check_region(cfg);
	if (ret)
		return ret;
	ret = parse_cpus(cfg);
	if (ret)
		return ret;

	cfg->ftl_ops = ftl_find(ftl ? ftl : "");
	if (!cfg->ftl_ops) {
		nvmev_unknown_ftl(ftl ? ftl : "");
		return -EINVAL;
	}
	ret = nvmev_check_latencies() ?: parse_kv_layout(cfg) ?:
	      parse_storage(cfg);
	if (ret)
		return ret;
	/* The FTLs check the rest when they are created. */
	nvmev_ftl_params(&cfg->ftl_params);
	ret = parse_zone_params(cfg);
	if (ret)
		return ret;
	cfg->busy_poll = busy_poll;
	cfg->idle_spin_us = idle_spin_us;
	return parse_namespaces(cfg, size - NVMEV_CTRL_AREA_SIZE);
}

static int nvmev_map_memory(struct nvmev_dev *dev)
{
	phys_addr_t storage = dev->cfg.mem_start + NVMEV_CTRL_AREA_SIZE;

	dev->storage_size = dev->cfg.mem_size - NVMEV_CTRL_AREA_SIZE;
	dev->storage_res = request_mem_region(storage, dev->storage_size,
					      "nvmev storage");
	if (!dev->storage_res) {
		pr_err("memmap_start: region already in use\n");
		return -EBUSY;
	}
	/*
	 * The host maps BAR0 uncached-minus and inherits this write-through
	 * type; write-back would make its ioremap() fail.
	 */
	dev->bar = memremap(dev->cfg.mem_start, NVMEV_BAR_SIZE, MEMREMAP_WT);
	dev->storage = memremap(storage, dev->storage_size, MEMREMAP_WB);
	if (!dev->bar || !dev->storage) {
		pr_err("memmap_start: cannot map the reserved region\n");
		return -ENOMEM;
	}
	return 0;
}

static void nvmev_unmap_memory(struct nvmev_dev *dev)
{
	if (dev->storage)
		memunmap(dev->storage);
	if (dev->bar)
		memunmap(dev->bar);
	if (dev->storage_res)
		release_mem_region(dev->storage_res->start, dev->storage_size);
}

static void nvmev_free(struct nvmev_dev *dev)
{
	/* Waits for readers of the FTL's statistics: they are done after. */
	nvmev_debugfs_remove(dev);
	nvmev_ns_exit(dev);
	nvmev_lba_status_free(dev);
	nvmev_kv_exit(dev);
	kfree(dev->admin_buf);
	nvmev_unmap_memory(dev);
	kfree(dev);
}

static int __init nvmev_init(void)
{
	struct nvmev_dev *dev;
	int ret;

	dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	if (!dev)
		return -ENOMEM;
	mutex_init(&dev->ftl_lock);
	mutex_init(&dev->inject_lock);
	mutex_init(&dev->debugfs_lock);
	ret = nvmev_parse_params(&dev->cfg);
	if (ret)
		goto free;
	ret = nvmev_map_memory(dev);
	if (ret)
		goto free;
	dev->sparse_pool.max_pages = dev->cfg.sparse_max_bytes >> PAGE_SHIFT;
	dev->admin_buf = kzalloc(NVMEV_ADMIN_PAGE, GFP_KERNEL);
	if (!dev->admin_buf) {
		ret = -ENOMEM;
		goto free;
	}
	dev->load_ns = ktime_get_ns();
	/* Each FTL's create() logs which parameter it rejects. */
	ret = nvmev_ns_init(dev);
	if (ret)
		goto free;

	ret = nvmev_ctrl_start(dev);
	if (ret)
		goto free;
	ret = nvmev_pci_create(dev);
	if (ret) {
		nvmev_ctrl_stop(dev);
		goto free;
	}
	nvmev_debugfs_create(dev);
	nvmev = dev;
	pr_info("%llu MiB of storage, %u namespace(s), the first ftl=%s, dispatcher on CPU %u, %u worker(s)\n",
		dev->storage_size >> 20, dev->cfg.nr_ns_specs,
		dev->ns[0].ftl_ops->name, dev->cfg.dispatcher_cpu,
		dev->cfg.nr_workers);
	return 0;
free:
	nvmev_free(dev);
	return ret;
}

static void __exit nvmev_exit(void)
{
	/* The host driver shuts the controller down while threads still run. */
	nvmev_pci_remove(nvmev);
	nvmev_ctrl_stop(nvmev);
	nvmev_free(nvmev);
	pr_info("removed\n");
}

module_init(nvmev_init);
module_exit(nvmev_exit);
MODULE_DESCRIPTION("nvmev: a virtual NVMe SSD backed by reserved memory");
MODULE_AUTHOR("nvmev developers");
MODULE_LICENSE("GPL");
