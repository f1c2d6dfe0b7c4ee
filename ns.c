// SPDX-License-Identifier: GPL-2.0
/*
 * Namespaces.  Each has an FTL of its own (so its own flash model) and a
 * slice of the reserved region, whole granules, found first fit.  They
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

#include <linux/sched.h>
#include "nvmev.h"
#include "nvme_kv.h"

/* Zeroing is chunked so a large namespace still lets others run. */
#define NVMEV_ZERO_CHUNK	SZ_1M

void nvmev_ns_zero(struct nvmev_ns *ns, u64 offset, u64 length)
{
	while (length) {
		u64 chunk = min_t(u64, length, NVMEV_ZERO_CHUNK);

		memset(ns->storage + offset, 0, chunk);
		offset += chunk;
		length -= chunk;
		cond_resched();
	}
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

/*
 * Creates a namespace of @bytes (rounded up to a granule) with FTL @ops,
 * not attached; *@nsid is the lowest NSID free.  Returns an NVMe status;
 * the FTL logs why it refused, if it did.
 */
u16 nvmev_ns_create(struct nvmev_dev *dev, const struct ftl_ops *ops,
		    const char *profile, u64 bytes, u8 flbas, u8 csi,
		    u32 *nsid)
{
	u64 size = round_up(bytes, NVMEV_NS_GRANULE), offset;
	struct nvmev_ns *ns = ns_free_slot(dev);

	if (!ns)
		return NVME_SC_NS_ID_UNAVAILABLE | NVMEV_DNR;
	if (!bytes || size < NVMEV_MIN_STORAGE_BYTES)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	if (!ns_find_space(dev, size, &offset))
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
	ns->storage_size = size;
	ns->storage = dev->storage + offset;
	ns->ftl_ops = ops;
	strscpy(ns->profile, profile, sizeof(ns->profile));
	ns->ftl_params = dev->cfg.ftl_params;
	/* insmod checked that the FDP tunables have a namespace for them. */
	if (!ops->fdp)
		ftl_params_reset_fdp(&ns->ftl_params);
	ns->ftl_params.capacity = size;
	ns->ftl_params.profile = ns->profile;
	/* An FTL that keeps data (kv) lays it out in the storage itself. */
	ns->ftl_params.storage = ns->storage;
	ns->ftl_params.drain = nvmev_workers_drain;
	ns->ftl_params.drain_ctx = dev;
	if (nvmev_kv_ns_init(dev, ns))
		return NVME_SC_INTERNAL;
	if (ns->csi != csi)
		return NVMEV_SC_IOCS_NOT_SUPPORTED | NVMEV_DNR;
	ns->ftl = ops->create(&ns->ftl_params);
	if (!ns->ftl)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	if (nvmev_fdp_init(dev, ns)) {
		ops->destroy(ns->ftl);
		ns->ftl = NULL;
		return NVME_SC_INTERNAL;
	}
	/*
	 * A new FTL has every block deallocated, and those read as zeroes;
	 * the memory may still hold old data.
	 */
	nvmev_ns_zero(ns, 0, size);
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
	ns->nr_lbas = nvmev_bytes_to_lba(ns, ns->bytes);
	nvmev_ns_zero(ns, 0, ns->storage_size);
	nvmev_uncor_free(ns);
	return NVME_SC_SUCCESS;
}

/* The namespaces of namespaces= (or ftl=), sized by insmod, attached. */
int nvmev_ns_init(struct nvmev_dev *dev)
{
	const struct nvmev_config *cfg = &dev->cfg;
	unsigned int i;

	for (i = 0; i < cfg->nr_ns_specs; i++) {
		const struct nvmev_ns_spec *spec = &cfg->ns_specs[i];
		u8 csi = spec->ftl_ops == &kv_ftl_ops &&
			 cfg->kv_layout == NVMEV_KV_NVME ?
			 KV_NVME_CSI : NVME_CSI_NVM;
		u32 nsid;
		u16 status;

		status = nvmev_ns_create(dev, spec->ftl_ops, spec->profile,
					 spec->bytes,
					 NVMEV_LBAF_512, csi, &nsid);
		if (status) {
			pr_err("namespaces: namespace %u (%s) could not be made (status %#x)\n",
			       i + 1, spec->ftl_ops->name, status);
			return status == NVME_SC_INTERNAL ? -ENOMEM : -EINVAL;
		}
		dev->ns[nsid - 1].attached = true;
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
