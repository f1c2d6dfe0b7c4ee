// SPDX-License-Identifier: GPL-2.0
/*
 * Namespaces.  Each has an FTL of its own (so its own flash model) and a
 * store for its data (store.h): a slice of the reserved region, whole
 * granules, found first fit, or sparse pages, or none.  They
 * come from namespaces= at load and from Namespace Management at run time;
 * Namespace Attachment shows and hides them.
 *
 * Only the dispatcher changes a namespace, and before it takes anything
 * away (a detached namespace's storage, a replaced FTL) it waits until the
 * workers have moved the data of every request queued so far: none of
 * them can touch it afterwards.  debugfs readers hold dev->ftl_lock or
 * dev->inject_lock, which the changes take too.
 */
#define pr_fmt(fmt) "nvmev: " fmt

#include <linux/mm.h>
#include <linux/sched.h>
#include "nvmev.h"

/*
 * The I/O Command Sets, most particular first: a namespace has the first
 * one offered that claims its FTL, and the NVM set, which claims none,
 * takes every other FTL.
 */
static const struct nvmev_cmd_set *const cmd_sets[] = {
	&nvmev_kv_samsung_cmd_set,
	&nvmev_kv_nvme_cmd_set,
	&nvmev_zns_cmd_set,
	&nvmev_nvm_cmd_set,
};

static bool cmd_set_offered(const struct nvmev_dev *dev,
			    const struct nvmev_cmd_set *set)
{
	return !set->offered || set->offered(dev);
}

/* The command set of a namespace whose FTL is @ops. */
const struct nvmev_cmd_set *nvmev_cmd_set_of(const struct nvmev_dev *dev,
					     const struct ftl_ops *ops)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cmd_sets); i++)
		if (cmd_set_offered(dev, cmd_sets[i]) &&
		    (!cmd_sets[i]->ftl || cmd_sets[i]->ftl == ops))
			return cmd_sets[i];
	return &nvmev_nvm_cmd_set;
}

/*
 * The command set the controller offers for @csi, or NULL.  Of two with
 * one CSI (NVM, and KV's Samsung layout on it, chosen by its FTL), the one
 * any FTL may have.
 */
const struct nvmev_cmd_set *nvmev_cmd_set_by_csi(const struct nvmev_dev *dev,
						 u8 csi)
{
	const struct nvmev_cmd_set *found = NULL;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cmd_sets); i++) {
		if (cmd_sets[i]->csi != csi ||
		    !cmd_set_offered(dev, cmd_sets[i]))
			continue;
		if (!cmd_sets[i]->ftl)
			return cmd_sets[i];
		found = found ?: cmd_sets[i];
	}
	return found;
}

/* The CSIs of the command sets offered, bit n for CSI n. */
u64 nvmev_csi_mask(const struct nvmev_dev *dev)
{
	u64 mask = 0;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cmd_sets); i++)
		if (cmd_set_offered(dev, cmd_sets[i]))
			mask |= BIT_ULL(cmd_sets[i]->csi);
	return mask;
}

u64 nvmev_ns_unallocated(struct nvmev_dev *dev)
{
	u64 used = 0;
	struct nvmev_ns *ns;

	nvmev_for_each_ns(dev, ns)
		if (ns->allocated)
			used += ns->storage_size;
	return dev->storage_size - used;
}

/*
 * The lowest free stretch of @bytes in the storage: start at 0 and step
 * past every namespace in the way until none is.  False if it runs off
 * the end: the free space may be there, but not in one piece.
 */
static bool ns_find_space(struct nvmev_dev *dev, u64 bytes, u64 *offset)
{
	u64 start = 0;
	struct nvmev_ns *ns;
	bool moved;

	do {
		moved = false;
		nvmev_for_each_ns(dev, ns) {
			u64 end = ns->storage_offset + ns->storage_size;

			if (ns->allocated && start < end &&
			    ns->storage_offset < start + bytes) {
				start = end;
				moved = true;
			}
		}
	} while (moved);
	if (bytes > dev->storage_size || start > dev->storage_size - bytes)
		return false;
	*offset = start;
	return true;
}

static struct nvmev_ns *ns_free_slot(struct nvmev_dev *dev)
{
	struct nvmev_ns *ns;

	nvmev_for_each_ns(dev, ns)
		if (!ns->allocated)
			return ns;
	return NULL;
}

/* Drops what the namespace holds; the threads no longer use it. */
static void ns_release(struct nvmev_dev *dev, struct nvmev_ns *ns)
{
	struct inject_cfg *inject;
	void *ftl;

	mutex_lock(&dev->ftl_lock);
	ftl = ns->ftl;
	ns->ftl = NULL;
	ns->allocated = false;
	mutex_unlock(&dev->ftl_lock);
	/* Waits for its files' readers and writers (inject's) to be done. */
	nvmev_debugfs_ns_remove(dev, ns);
	nvmev_fdp_free(dev, ns);
	if (ftl)
		ns->ftl_ops->destroy(ftl);
	nvmev_store_free(&ns->store);
	ns->storage_size = 0;
	nvmev_uncor_free(ns);
	mutex_lock(&dev->inject_lock);
	inject = rcu_dereference_protected(ns->inject,
					   lockdep_is_held(&dev->inject_lock));
	RCU_INIT_POINTER(ns->inject, NULL);
	mutex_unlock(&dev->inject_lock);
	/* Only the dispatcher reads the settings, and it is here. */
	inject_cfg_free(inject);
	memset(&ns->inject_state, 0, sizeof(ns->inject_state));
	memset(&ns->lbas_logged, 0, sizeof(ns->lbas_logged));
	memset(&ns->lbas_alerted, 0, sizeof(ns->lbas_alerted));
}

/* Its size in LBAs of the format in use, once its FTL is made. */
static void ns_set_nr_lbas(struct nvmev_ns *ns)
{
	ns->nr_lbas = ns->cmd_set->nr_lbas ? ns->cmd_set->nr_lbas(ns) :
		      nvmev_bytes_to_lba(ns, ns->bytes);
}

/*
 * Every LBA of a namespace must lie in a unit its FTL maps: its storage,
 * whole granules, is whole map units and whole LBAs of every format.
 */
static_assert(NVMEV_NS_GRANULE % SSD_MAP_UNIT_BYTES == 0 &&
	      NVMEV_NS_GRANULE % (1U << NVMEV_LBA_SHIFT_4K) == 0);

/*
 * The FTL's tables (a flash FTL's map: 2 GiB for 1 TiB in 4 KiB units)
 * come from the kernel, not the reserved memory.  Offers the FTL a share
 * of the RAM available to choose its map unit in, and refuses a namespace
 * whose tables would not leave the rest for everything else.
 */
static bool ns_ftl_mem_fits(struct nvmev_ns *ns)
{
	u64 avail = (u64)si_mem_available() << PAGE_SHIFT;
	struct ftl_params coarse = ns->ftl_params;
	u64 need, coarse_need = 0;
	int kib, coarse_kib = 0;

	ns->ftl_params.mem_budget = avail / FTL_MEM_BUDGET_DIV;
	if (!ns->ftl_ops->mem_bytes)
		return true;
	need = ns->ftl_ops->mem_bytes(&ns->ftl_params);
	if (need <= avail / FTL_MEM_LIMIT_DIV)
		return true;
	/* What the coarsest map unit the FTL takes would need. */
	for (kib = SSD_MAP_UNIT_BYTES >> 10;
	     kib <= 1 << (SSD_MAX_MAP_UNIT_SHIFT - 10); kib *= 2) {
		u64 bytes;

		coarse.map_unit_kib = kib;
		bytes = ns->ftl_ops->mem_bytes(&coarse);
		if (bytes) {
			coarse_need = bytes;
			coarse_kib = kib;
		}
	}
	pr_err("namespace %u: the FTL's map needs %llu MiB, %llu MiB of RAM is available and it may take 1/%u (map_unit_kib=%d needs %llu MiB)\n",
	       ns->nsid, need >> 20, avail >> 20, FTL_MEM_LIMIT_DIV,
	       coarse_kib, coarse_need >> 20);
	return false;
}

/*
 * Creates a namespace of @bytes (rounded up to a granule) with FTL @ops
 * and a store of @kind, not attached; *@nsid is the lowest NSID free.
 * Returns an NVMe status; the FTL logs why it refused, if it did.
 */
u16 nvmev_ns_create(struct nvmev_dev *dev, const struct ftl_ops *ops,
		    const char *profile, enum nvmev_store_kind kind,
		    u64 bytes, u8 flbas, u8 csi, u32 *nsid)
{
	u64 size = round_up(bytes, NVMEV_NS_GRANULE), offset = 0;
	bool reserved = kind == NVMEV_STORE_RESERVED;
	struct nvmev_ns *ns = ns_free_slot(dev);

	if (!ns)
		return NVME_SC_NS_ID_UNAVAILABLE | NVMEV_DNR;
	if (!bytes || size < NVMEV_MIN_STORAGE_BYTES)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	if (reserved && !ns_find_space(dev, size, &offset))
		return NVME_SC_NS_INSUFFICIENT_CAP | NVMEV_DNR;
	if (ops->fdp && dev->fdp) {
		pr_warn_ratelimited("namespace %u: only one namespace can have FDP (namespace %u has)\n",
				    (u32)(ns - dev->ns) + 1,
				    nvmev_fdp_nsid(dev));
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	}

	ns->dev = dev;
	ns->nsid = ns - dev->ns + 1;
	ns->flbas = flbas;
	ns->lba_shift = NVMEV_LBAF_SHIFT(flbas);
	ns->bytes = bytes;
	ns->nr_lbas = nvmev_bytes_to_lba(ns, bytes);
	ns->storage_offset = offset;
	ns->storage_size = reserved ? size : 0;
	nvmev_store_init(&ns->store, kind, dev->storage + offset,
			 &dev->sparse_pool);
	ns->ftl_ops = ops;
	strscpy(ns->profile, profile, sizeof(ns->profile));
	ns->ftl_params = dev->cfg.ftl_params;
	/* insmod checked that the FDP tunables have a namespace for them. */
	if (!ops->fdp)
		ftl_params_reset_fdp(&ns->ftl_params);
	ns->ftl_params.capacity = size;
	ns->ftl_params.profile = ns->profile;
	/*
	 * An FTL that keeps data (kv) lays it out in the storage itself, so
	 * only in a reserved store.
	 */
	ns->ftl_params.storage = reserved ? ns->store.base : NULL;
	ns->ftl_params.drain = nvmev_workers_drain;
	ns->ftl_params.drain_ctx = dev;
	ns->cmd_set = nvmev_cmd_set_of(dev, ops);
	if (ns->cmd_set->csi != csi)
		return NVMEV_SC_IOCS_NOT_SUPPORTED | NVMEV_DNR;
	if (ns->cmd_set->ns_init && ns->cmd_set->ns_init(dev, ns))
		return NVME_SC_INTERNAL;
	if (!ns_ftl_mem_fits(ns))
		return NVME_SC_NS_INSUFFICIENT_CAP | NVMEV_DNR;
	ns->ftl = ops->create(&ns->ftl_params);
	if (!ns->ftl)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	ns_set_nr_lbas(ns);
	if (nvmev_fdp_init(dev, ns)) {
		ops->destroy(ns->ftl);
		ns->ftl = NULL;
		return NVME_SC_INTERNAL;
	}
	/*
	 * A new FTL has every block deallocated, and those read as zeroes;
	 * the memory may still hold old data.
	 */
	nvmev_store_zero(&ns->store, 0, size);
	mutex_lock(&dev->ftl_lock);
	ns->allocated = true;
	mutex_unlock(&dev->ftl_lock);
	nvmev_debugfs_ns_create(dev, ns);
	*nsid = ns->nsid;
	return NVME_SC_SUCCESS;
}

/*
 * Shows or hides @ns.  Once hidden no new command reaches it; the ones
 * queued before are done with it before this returns.
 */
void nvmev_ns_attach(struct nvmev_dev *dev, struct nvmev_ns *ns, bool attach)
{
	ns->attached = attach;
	if (!attach)
		nvmev_workers_drain(dev);
	nvmev_ns_changed(dev, ns->nsid);
}

/* Deletes @ns, detaching it first if it is attached. */
void nvmev_ns_delete(struct nvmev_dev *dev, struct nvmev_ns *ns)
{
	if (ns->attached)
		nvmev_ns_attach(dev, ns, false);
	ns_release(dev, ns);
}

/*
 * Format NVM of one namespace: LBA format @flbas, a fresh FTL (every
 * block deallocated, so every block reads 0) and its storage zeroed,
 * which also makes it the user data erase of SES 1.  The capacity in
 * bytes stays what it was made with: whole LBAs of the format in use.
 */
u16 nvmev_ns_format(struct nvmev_dev *dev, struct nvmev_ns *ns, u8 flbas)
{
	void *ftl, *old;

	nvmev_workers_drain(dev);
	ftl = ns->ftl_ops->create(&ns->ftl_params);
	if (!ftl)
		return NVME_SC_INTERNAL;
	mutex_lock(&dev->ftl_lock);
	old = ns->ftl;
	ns->ftl = ftl;
	mutex_unlock(&dev->ftl_lock);
	ns->ftl_ops->destroy(old);
	ns->flbas = flbas;
	ns->lba_shift = NVMEV_LBAF_SHIFT(flbas);
	ns_set_nr_lbas(ns);
	nvmev_store_zero(&ns->store, 0, round_up(ns->bytes, NVMEV_NS_GRANULE));
	nvmev_uncor_free(ns);
	return NVME_SC_SUCCESS;
}

/* The namespaces of namespaces= (or ftl=), sized by insmod, attached. */
int nvmev_ns_init(struct nvmev_dev *dev)
{
	const struct nvmev_config *cfg = &dev->cfg;
	unsigned int i;

	dev->total_capacity = dev->storage_size;
	for (i = 0; i < cfg->nr_ns_specs; i++) {
		const struct nvmev_ns_spec *spec = &cfg->ns_specs[i];
		u8 csi = nvmev_cmd_set_of(dev, spec->ftl_ops)->csi;
		u32 nsid;
		u16 status;

		status = nvmev_ns_create(dev, spec->ftl_ops, spec->profile,
					 spec->store, spec->bytes,
					 NVMEV_LBAF_512, csi, &nsid);
		if (status) {
			pr_err("namespaces: namespace %u (%s) could not be made (status %#x)\n",
			       i + 1, spec->ftl_ops->name, status);
			return status == NVME_SC_INTERNAL ? -ENOMEM : -EINVAL;
		}
		dev->ns[nsid - 1].attached = true;
		if (spec->store != NVMEV_STORE_RESERVED)
			dev->total_capacity += round_up(spec->bytes,
							NVMEV_NS_GRANULE);
	}
	return 0;
}

/* With the threads stopped. */
void nvmev_ns_exit(struct nvmev_dev *dev)
{
	struct nvmev_ns *ns;

	nvmev_for_each_ns(dev, ns)
		if (ns->allocated || ns->ftl)
			ns_release(dev, ns);
}

/*
 * 16 bytes that name namespace @nsid: derived from where the device lives
 * and the NSID.  A namespace deleted and made again is the same one.
 */
void nvmev_nguid(struct nvmev_dev *dev, u32 nsid, u8 *nguid)
{
	static const u8 prefix[8] = { 'n', 'v', 'm', 'e', 'v', 0, 0, 0 };
	__be64 where = cpu_to_be64(dev->cfg.mem_start | nsid);

	memcpy(nguid, prefix, sizeof(prefix));
	memcpy(nguid + sizeof(prefix), &where, sizeof(where));
}

/* Namespace @nsid was attached or detached: log 04h lists it. */
void nvmev_ns_changed(struct nvmev_dev *dev, u32 nsid)
{
	__set_bit(nsid, dev->changed_nsids);
}

/*
 * Format NVM of one attached namespace, or of all of them (FFFFFFFFh);
 * each is formatted alone (FNA 0).  With no protection information or
 * metadata, MSET, PI and PIL must be 0; SES 1 (user data erase) is what
 * every format does anyway; there is no cryptographic erase.
 */
u16 nvmev_admin_format_nvm(struct nvmev_dev *dev,
			   const struct nvme_command *cmd, u64 *result)
{
	u32 nsid = le32_to_cpu(cmd->format.nsid);
	u32 dw10 = le32_to_cpu(cmd->format.cdw10);
	u8 lbaf = NVMEV_FORMAT_LBAF(dw10);
	struct nvmev_ns *ns;
	u16 status;

	if (!nvmev_ns_active(dev, nsid) && nsid != NVME_NSID_ALL)
		return nvmev_nsid_inactive_status(dev, nsid);
	if (lbaf >= NVMEV_NR_LBAFS)
		return NVME_SC_INVALID_FORMAT | NVMEV_DNR;
	if ((dw10 & NVMEV_FORMAT_MSET_PI_PIL) ||
	    NVMEV_FORMAT_SES(dw10) > NVMEV_FORMAT_SES_USER_DATA)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;

	nvmev_for_each_ns(dev, ns) {
		if (!ns->attached ||
		    (nsid != NVME_NSID_ALL && ns->nsid != nsid))
			continue;
		status = nvmev_ns_format(dev, ns, lbaf);
		if (status)
			return status;
	}
	return NVME_SC_SUCCESS;
}

/*
 * The size of a namespace of @nsze blocks of 2^@lba_shift bytes, in
 * bytes, if it is one the storage could hold.
 */
u16 nvmev_ns_size_check(struct nvmev_dev *dev, u64 nsze, u8 lba_shift,
			u64 *bytes)
{
	if (!nsze)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	if (nsze > dev->storage_size >> lba_shift)
		return NVME_SC_NS_INSUFFICIENT_CAP | NVMEV_DNR;
	*bytes = nsze << lba_shift;
	return NVME_SC_SUCCESS;
}

/*
 * Namespace Management's create data of the NVM Command Set (and those
 * built on it), its Identify Namespace: NSZE in LBAs of format FLBAS, NCAP
 * the same (no thin provisioning), DPS 0 (no protection information),
 * NMIC 0 (there is one controller to share with).
 */
u16 nvmev_nvm_create_data(struct nvmev_dev *dev, const void *data,
			  u64 *bytes, u8 *flbas)
{
	const struct nvme_id_ns *id = data;
	u64 nsze = le64_to_cpu(id->nsze), ncap = le64_to_cpu(id->ncap);
	u8 lbaf = nvme_lbaf_index(id->flbas);

	if (lbaf >= NVMEV_NR_LBAFS)
		return NVME_SC_INVALID_FORMAT | NVMEV_DNR;
	if (id->dps || id->nmic || ncap > nsze)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	if (ncap < nsze)
		return NVME_SC_THIN_PROV_NOT_SUPP | NVMEV_DNR;
	*flbas = lbaf;
	return nvmev_ns_size_check(dev, nsze, NVMEV_LBAF_SHIFT(lbaf), bytes);
}

/*
 * Create: the host's Identify Namespace data, laid out as the command set
 * of the CSI in CDW11 has it, gives its size.  The new namespace gets
 * ftl='s FTL, or the set's own, and is not attached; dword 0 is its NSID.
 */
static u16 ns_mgmt_create(struct nvmev_dev *dev, const struct nvme_command *cmd,
			  u64 *result)
{
	u8 csi = NVMEV_NS_MGMT_CSI(nvmev_cdw(cmd, 11));
	const struct nvmev_cmd_set *set = nvmev_cmd_set_of(dev,
							   dev->cfg.ftl_ops);
	u8 flbas = NVMEV_LBAF_512;
	u32 nsid;
	u64 bytes;
	u16 status;

	/*
	 * ftl= gives its own set; another comes with an FTL of its own, or
	 * cannot be made (the NVM set, when ftl= is another set's FTL).
	 */
	if (set->csi != csi) {
		set = nvmev_cmd_set_by_csi(dev, csi);
		if (!set || !set->ftl)
			return NVMEV_SC_IOCS_NOT_SUPPORTED | NVMEV_DNR;
	}
	status = nvmev_copy_from_host(dev, cmd, dev->admin_buf,
				      sizeof(struct nvme_id_ns)) ?:
		 set->create_data(dev, dev->admin_buf, &bytes, &flbas) ?:
		 nvmev_ns_create(dev, set->ftl ?: dev->cfg.ftl_ops,
				 dev->cfg.ftl_params.profile,
				 NVMEV_STORE_RESERVED, bytes, flbas, csi,
				 &nsid);
	if (!status)
		*result = nsid;
	return status;
}

/* Delete: FFFFFFFFh deletes every namespace; attached ones go first. */
static u16 ns_mgmt_delete(struct nvmev_dev *dev, u32 nsid)
{
	struct nvmev_ns *ns = nvmev_ns_slot(dev, nsid);

	if (nsid == NVME_NSID_ALL) {
		nvmev_for_each_ns(dev, ns)
			if (ns->allocated)
				nvmev_ns_delete(dev, ns);
		return NVME_SC_SUCCESS;
	}
	if (!ns)
		return NVME_SC_INVALID_NS | NVMEV_DNR;
	if (!ns->allocated)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	nvmev_ns_delete(dev, ns);
	return NVME_SC_SUCCESS;
}

u16 nvmev_admin_ns_mgmt(struct nvmev_dev *dev, const struct nvme_command *cmd,
			u64 *result)
{
	switch (NVMEV_NS_SEL(nvmev_cdw(cmd, 10))) {
	case NVMEV_NS_MGMT_CREATE:
		return ns_mgmt_create(dev, cmd, result);
	case NVMEV_NS_MGMT_DELETE:
		return ns_mgmt_delete(dev, le32_to_cpu(cmd->common.nsid));
	default:
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	}
}

/*
 * Attach or detach an existing namespace.  The Controller List must name
 * this controller, the only one, exactly once.
 */
u16 nvmev_admin_ns_attach(struct nvmev_dev *dev,
			  const struct nvme_command *cmd, u64 *result)
{
	struct nvmev_ns *ns = nvmev_cmd_ns(dev, cmd);
	u32 sel = NVMEV_NS_SEL(nvmev_cdw(cmd, 10));
	__le16 *list = dev->admin_buf;
	u16 status;

	if (sel != NVMEV_NS_ATTACH && sel != NVMEV_NS_DETACH)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	if (!ns)
		return NVME_SC_INVALID_NS | NVMEV_DNR;
	if (!ns->allocated)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	status = nvmev_copy_from_host(dev, cmd, list, NVMEV_ADMIN_PAGE);
	if (status)
		return status;
	if (le16_to_cpu(list[0]) != 1 || le16_to_cpu(list[1]) != NVMEV_CNTLID)
		return NVME_SC_CTRL_LIST_INVALID | NVMEV_DNR;
	if (sel == NVMEV_NS_ATTACH && ns->attached)
		return NVME_SC_NS_ALREADY_ATTACHED | NVMEV_DNR;
	if (sel == NVMEV_NS_DETACH && !ns->attached)
		return NVME_SC_NS_NOT_ATTACHED | NVMEV_DNR;
	nvmev_ns_attach(dev, ns, sel == NVMEV_NS_ATTACH);
	return NVME_SC_SUCCESS;
}
