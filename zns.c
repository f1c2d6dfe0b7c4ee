// SPDX-License-Identifier: GPL-2.0
/*
 * The Zoned Namespace Command Set (CSI 02h, NVMe ZNS Command Set 1.1): the
 * NVM set's commands under the zones' rules, plus Zone Append and Zone
 * Management Send and Receive.  The zoned FTL (zns_ftl.c, ftl=zns) keeps
 * the zones' states and write pointers and times every command; this file
 * turns commands into its calls and its answers into NVMe statuses.
 *
 * The data store is the FTL's compact one (store_offset()): zone n's
 * writable part, its capacity, at n * ZCAP bytes of the namespace's
 * storage.  The namespace spans nr_zones * ZSZE LBAs but holds only
 * nr_zones * ZCAP bytes, so an identity layout would need the gaps past
 * each zone's capacity in memory as well, up to half of it for a capacity
 * just over a power of two.  A write never crosses a zone's capacity, so
 * it is one contiguous copy; a read may run into the gap or on into the
 * next zone (Read Across Zone Boundaries is supported), so it is moved
 * piece by piece, the gap reading as zeroes.  What lies past a write
 * pointer reads as zeroes too: the storage starts zeroed, and Reset zeroes
 * what the zone had written, once the workers are done with it.
 *
 * Opcodes of the NVM set that a zoned namespace does not take: Copy,
 * Write Uncorrectable, Compare and Dataset Management are optional in the
 * ZNS set and left out, as their NVM handlers address the storage by LBA
 * and know no zones (Deallocate has nothing to free that Reset does not).
 * Flush and Verify are the NVM set's.
 */
#define pr_fmt(fmt) "nvmev: " fmt

#include <linux/debugfs.h>
#include <linux/highmem.h>
#include <linux/uaccess.h>
#include <linux/log2.h>
#include <linux/slab.h>
#include <linux/blk_types.h>
#include "nvmev.h"

/* Zone Management Send, CDW13 */
#define ZNS_SEND_ZSA(cdw13)		((cdw13) & 0xff)
#define ZNS_SEND_SELECT_ALL		BIT(8)
#define ZNS_SEND_ZRWAA			BIT(9)	/* Open: allocate a ZRWA */

/* Zone Management Receive, CDW13 */
#define ZNS_RECV_ZRA(cdw13)		((cdw13) & 0xff)
#define ZNS_RECV_ZRASF(cdw13)		(((cdw13) >> 8) & 0xff)
#define ZNS_RECV_PARTIAL		BIT(16)
#define ZNS_ZRA_REPORT			0x00
#define ZNS_ZRA_EXTENDED_REPORT		0x01
#define ZNS_REPORT_HEADER_BYTES		64
#define ZNS_ZS_SHIFT			4	/* ZS is bits 7:4 */

/* Identify Namespace (CSI 02h) */
#define ZNS_OZCS_RAZB			BIT(0)	/* reads cross zones */
#define ZNS_OZCS_ZRWASUP		BIT(1)	/* ZRWA supported */
/* Offsets of fields the kernel's struct still calls reserved */
#define ZNS_ID_NUMZRWA			44
#define ZNS_ID_ZRWAFG			48
#define ZNS_ID_ZRWASZ			50
#define ZNS_ID_ZRWACAP			52
#define ZNS_ZRWACAP_EXPFLUSHSUP		BIT(0)	/* explicit ZRWA flush */
#define ZNS_NO_LIMIT			0xffffffffU	/* MAR, MOR, NUMZRWA */

/* Changed Zone List log page */
#define ZNS_CHANGED_OVERFLOW		0xffff
#define ZNS_CHANGED_HEADER_BYTES	8

/* Descriptors Select All and Reset ask the FTL for at a time. */
#define ZNS_RESET_BATCH			8

static const struct ftl_zns_ops *zns_ops(const struct nvmev_ns *ns)
{
	return ns->ftl_ops->zns;
}

static void zns_config(const struct nvmev_ns *ns, struct ftl_zns_config *cfg)
{
	zns_ops(ns)->config(ns->ftl, cfg);
}

static const u16 zns_statuses[] = {
	[ZNS_OK] = NVME_SC_SUCCESS,
	[ZNS_INVALID_WRITE] = NVME_SC_ZONE_INVALID_WRITE,
	[ZNS_BOUNDARY] = NVME_SC_ZONE_BOUNDARY_ERROR,
	[ZNS_FULL] = NVME_SC_ZONE_FULL,
	[ZNS_READ_ONLY] = NVME_SC_ZONE_READ_ONLY,
	[ZNS_OFFLINE] = NVME_SC_ZONE_OFFLINE,
	[ZNS_TOO_MANY_ACTIVE] = NVME_SC_ZONE_TOO_MANY_ACTIVE,
	[ZNS_TOO_MANY_OPEN] = NVME_SC_ZONE_TOO_MANY_OPEN,
	[ZNS_INVALID_TRANSITION] = NVME_SC_ZONE_INVALID_TRANSITION,
	[ZNS_INVALID_FIELD] = NVME_SC_INVALID_FIELD,
	[ZNS_LBA_RANGE] = NVME_SC_LBA_RANGE,
	[ZNS_INVALID_ZONE_OP] = NVMEV_SC_ZONE_INVALID_OP,
	[ZNS_NO_ZRWA] = NVMEV_SC_ZONE_NO_ZRWA,
};

/* The NVMe status of an FTL answer; none of them gets better on retry. */
static u16 zns_status(enum zns_result res)
{
	if (res == ZNS_OK)
		return NVME_SC_SUCCESS;
	if (res >= ARRAY_SIZE(zns_statuses))
		return NVME_SC_INTERNAL;
	return zns_statuses[res] | NVMEV_DNR;
}

static u64 zns_smart_sectors(const struct nvmev_ns *ns, u64 nlb)
{
	return nvmev_lba_to_bytes(ns, nlb) >> SECTOR_SHIFT;
}

/*
 * The FTL answers the time of a command as it checks it, in prepare: it
 * is kept in req->complete_ns until the dispatcher asks.
 */
static u64 zns_submit_timed(struct nvmev_dev *dev,
			    const struct nvmev_io_req *req, struct ftl_io *fio)
{
	return req->complete_ns;
}

/* ---- Read ---- */

static u16 zns_prepare_read(struct nvmev_dev *dev, struct nvmev_ns *ns,
			    const struct nvme_command *cmd,
			    struct nvmev_io_req *req, struct ftl_io *fio,
			    u64 slba, u64 nlb)
{
	struct zns_io io = {
		.offset = req->offset,
		.length = req->length,
		.now_ns = fio->now_ns,
	};
	enum zns_result res;

	if (req->length > NVMEV_MAX_XFER_BYTES)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	res = zns_ops(ns)->io(ns->ftl, &io);
	if (res != ZNS_OK)
		return zns_status(res);
	dev->smart.sectors_read += zns_smart_sectors(ns, nlb);
	dev->smart.read_cmds++;
	req->xfer = NVMEV_XFER_ZONED_READ;
	req->prp1 = le64_to_cpu(cmd->rw.dptr.prp1);
	req->prp2 = le64_to_cpu(cmd->rw.dptr.prp2);
	req->complete_ns = io.done_ns;
	return NVME_SC_SUCCESS;
}

/* A read's bytes of the namespace, as the worker moves them. */
struct zns_read {
	struct nvmev_store *store;
	u64 offset;		/* in the namespace */
	u64 length;
	u64 zone_size;
	u64 zone_capacity;
	unsigned int zone_shift;
};

/* Namespace bytes [@at, @at + @len) into @dst: stored data or zeroes. */
static void zns_read_piece(const struct zns_read *r, u8 *dst, u64 at, u64 len)
{
	while (len) {
		u64 zone = at >> r->zone_shift;
		u64 rel = at & (r->zone_size - 1);
		u64 n;

		if (rel < r->zone_capacity) {
			n = min(len, r->zone_capacity - rel);
			nvmev_store_read(r->store, dst,
					 zone * r->zone_capacity + rel, n);
		} else {
			n = min(len, r->zone_size - rel);
			memset(dst, 0, n);
		}
		dst += n;
		at += n;
		len -= n;
	}
}

static bool zns_read_segment(void *ctx, u64 addr, u32 len, u64 done)
{
	const struct zns_read *r = ctx;
	void *p;

	if (done >= r->length)
		return true;
	p = nvmev_host_page_map(addr);
	if (!p)
		return false;
	zns_read_piece(r, p, r->offset + done, min_t(u64, len,
						     r->length - done));
	kunmap_local(p);
	return true;
}

/*
 * Moves a read's data to the host, for the workers.  The zone geometry
 * never changes while the FTL lives, and it outlives every queued request.
 */
u16 nvmev_zns_read(struct nvmev_dev *dev, const struct nvmev_io_req *req)
{
	struct nvmev_ns *ns = nvmev_req_ns(dev, req);
	struct ftl_zns_config cfg;
	struct zns_read r;

	zns_config(ns, &cfg);
	r.store = &ns->store;
	r.offset = req->offset;
	r.length = req->length;
	r.zone_size = cfg.zone_size;
	r.zone_capacity = cfg.zone_capacity;
	r.zone_shift = ilog2(cfg.zone_size);
	return nvmev_storage_walk(dev, req->prp1, req->prp2,
				  max(req->length, req->buf_len), &r,
				  zns_read_segment);
}

/* ---- Write, Write Zeroes, Zone Append ---- */

/*
 * A write at the zone's write pointer (or, for Zone Append, wherever the
 * pointer of the zone at @req->offset is): the FTL checks and times it;
 * its data goes where the compact store keeps those bytes.
 */
static u16 zns_write(struct nvmev_dev *dev, struct nvmev_ns *ns,
		     struct nvmev_io_req *req, struct ftl_io *fio, u64 nlb,
		     bool append, bool zeroes)
{
	struct zns_io io = {
		.write = true,
		.append = append,
		.internal = zeroes,	/* no data crosses the link */
		.offset = req->offset,
		.length = req->length,
		.now_ns = fio->now_ns,
	};
	enum zns_result res;
	u64 contiguous;

	res = zns_ops(ns)->io(ns->ftl, &io);
	if (res != ZNS_OK)
		return zns_status(res);
	req->offset = zns_ops(ns)->store_offset(ns->ftl, io.written_at,
						&contiguous);
	if (req->offset == ZNS_NO_STORE || contiguous < req->length)
		return NVME_SC_INTERNAL;	/* the FTL let a write cross */
	req->complete_ns = io.done_ns;
	if (append)
		req->result = nvmev_bytes_to_lba(ns, io.written_at);
	dev->smart.sectors_written += zns_smart_sectors(ns, nlb);
	dev->smart.write_cmds++;
	return NVME_SC_SUCCESS;
}

/* Write and Zone Append: the host's data, at the PRPs, goes to the zone. */
static u16 zns_write_host_data(struct nvmev_dev *dev, struct nvmev_ns *ns,
			       const struct nvme_command *cmd,
			       struct nvmev_io_req *req, struct ftl_io *fio,
			       u64 nlb, bool append)
{
	u16 status = zns_write(dev, ns, req, fio, nlb, append, false);

	if (status)
		return status;
	req->xfer = NVMEV_XFER_FROM_HOST;
	req->prp1 = le64_to_cpu(cmd->rw.dptr.prp1);
	req->prp2 = le64_to_cpu(cmd->rw.dptr.prp2);
	return NVME_SC_SUCCESS;
}

static u16 zns_prepare_write(struct nvmev_dev *dev, struct nvmev_ns *ns,
			     const struct nvme_command *cmd,
			     struct nvmev_io_req *req, struct ftl_io *fio,
			     u64 slba, u64 nlb)
{
	if (req->length > NVMEV_MAX_XFER_BYTES)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	return zns_write_host_data(dev, ns, cmd, req, fio, nlb, false);
}

/* Write Zeroes moves the write pointer as a write does. */
static u16 zns_prepare_write_zeroes(struct nvmev_dev *dev, struct nvmev_ns *ns,
				    const struct nvme_command *cmd,
				    struct nvmev_io_req *req,
				    struct ftl_io *fio, u64 slba, u64 nlb)
{
	u16 status = zns_write(dev, ns, req, fio, nlb, false, true);

	if (!status)
		req->xfer = NVMEV_XFER_ZERO;
	return status;
}

/* The most one Zone Append may write, ZASL; 0 there means MDTS. */
static u32 zns_append_limit(const struct nvmev_dev *dev)
{
	return dev->cfg.zasl_bytes ?: NVMEV_MAX_XFER_BYTES;
}

/*
 * Zone Append: ZSLBA in CDW10-11 (the dispatcher checked the range from
 * there), the data lands at the zone's write pointer, and completion
 * dwords 0-1 say which LBA that was.
 */
static u16 zns_prepare_append(struct nvmev_dev *dev, struct nvmev_ns *ns,
			      const struct nvme_command *cmd,
			      struct nvmev_io_req *req, struct ftl_io *fio,
			      u64 slba, u64 nlb)
{
	if (req->length > zns_append_limit(dev))
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	return zns_write_host_data(dev, ns, cmd, req, fio, nlb, true);
}

/* ---- Zone Management Send ---- */

/*
 * Zeroes what zone @d holds in the store, as Reset is about to empty it:
 * up to its write pointer, and with a ZRWA the area past it that writes
 * may have filled.  The workers first finish the copies already queued.
 */
static void zns_zero_zone(struct nvmev_ns *ns, const struct ftl_zns_config *cfg,
			  const struct zns_zone_desc *d)
{
	u64 written, contiguous, store;

	switch (d->state) {
	case ZNS_ZSIO:
	case ZNS_ZSEO:
	case ZNS_ZSC:
	case ZNS_ZSF:
		break;
	default:
		return;		/* Empty, or Reset will not touch it */
	}
	written = nvmev_lba_to_bytes(ns, d->wp - d->zslba);
	if (d->attrs & ZNS_ZA_ZRWAV)
		written += cfg->zrwa_size;
	written = min(written, cfg->zone_capacity);
	if (!written)
		return;
	store = zns_ops(ns)->store_offset(ns->ftl,
					  nvmev_lba_to_bytes(ns, d->zslba),
					  &contiguous);
	if (store != ZNS_NO_STORE)
		nvmev_store_zero(&ns->store, store, min(written, contiguous));
}

/* Zeroes the zones a Reset of @zone (or of all, @select_all) empties. */
static void zns_reset_zero(struct nvmev_dev *dev, struct nvmev_ns *ns,
			   u32 zone, bool select_all)
{
	struct zns_zone_desc descs[ZNS_RESET_BATCH];
	struct zns_report r = {
		.first_zone = select_all ? 0 : zone,
		.option = ZNS_LIST_ALL,
		.lba_shift = ns->lba_shift,
		.descs = descs,
		.max_descs = select_all ? ZNS_RESET_BATCH : 1,
	};
	struct ftl_zns_config cfg;
	bool drained = false;
	u32 i;

	zns_config(ns, &cfg);
	do {
		if (zns_ops(ns)->report(ns->ftl, &r) != ZNS_OK)
			return;
		for (i = 0; i < r.nr_descs; i++) {
			if (descs[i].state == ZNS_ZSE)
				continue;
			if (!drained) {
				nvmev_workers_drain(dev);
				drained = true;
			}
			zns_zero_zone(ns, &cfg, &descs[i]);
		}
		r.first_zone += r.nr_descs;
	} while (select_all && r.nr_descs && r.first_zone < cfg.nr_zones);
}

/*
 * Close, Finish, Open (with a ZRWA if ZRWAA), Reset, Offline of the zone
 * at SLBA or of every zone in the state the action takes (Select All),
 * and Flush Explicit ZRWA Range up to the LBA at SLBA.  No action here
 * sends data: Set Zone Descriptor Extension has no extensions to set.
 */
static u16 zns_exec_mgmt_send(struct nvmev_dev *dev,
			      const struct nvme_command *cmd,
			      struct nvmev_io_req *req, u64 now_ns)
{
	struct nvmev_ns *ns = nvmev_cmd_ns(dev, cmd);
	u32 cdw13 = nvmev_cdw(cmd, 13);
	u64 slba = le64_to_cpu(cmd->zms.slba);
	struct ftl_zns_config cfg;
	struct zns_mgmt m = {
		.action = ZNS_SEND_ZSA(cdw13),
		.select_all = cdw13 & ZNS_SEND_SELECT_ALL,
		.now_ns = now_ns,
	};
	enum zns_result res;

	switch (m.action) {
	case ZNS_ACT_OPEN:
		m.zrwa = cdw13 & ZNS_SEND_ZRWAA;
		fallthrough;
	case ZNS_ACT_CLOSE:
	case ZNS_ACT_FINISH:
	case ZNS_ACT_RESET:
	case ZNS_ACT_OFFLINE:
		m.offset = nvmev_lba_to_bytes(ns, slba);
		break;
	case ZNS_ACT_ZRWA_FLUSH:
		/* SLBA is the last LBA to flush. */
		m.offset = nvmev_lba_to_bytes(ns, slba + 1);
		break;
	default:
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	}
	if (!m.select_all && slba >= ns->nr_lbas)
		return NVME_SC_LBA_RANGE | NVMEV_DNR;
	zns_config(ns, &cfg);
	if (m.action == ZNS_ACT_RESET &&
	    (m.select_all || !(m.offset & (cfg.zone_size - 1))))
		zns_reset_zero(dev, ns, m.offset >> ilog2(cfg.zone_size),
			       m.select_all);
	res = zns_ops(ns)->manage(ns->ftl, &m);
	req->complete_ns = m.done_ns;
	return zns_status(res);
}

/* ---- Zone Management Receive ---- */

static void zns_put_desc(struct nvme_zone_descriptor *out,
			 const struct zns_zone_desc *d)
{
	out->zt = d->type;
	out->zs = d->state << ZNS_ZS_SHIFT;
	out->za = d->attrs;
	out->zcap = cpu_to_le64(d->zcap);
	out->zslba = cpu_to_le64(d->zslba);
	out->wp = cpu_to_le64(d->wp);
}

/*
 * Report Zones: the zones from the one holding SLBA on that the Reporting
 * Option (ZRASF) names, as many descriptors as the NUMD dwords hold after
 * the header.  The header's count is every matching zone, or with the
 * Partial Report bit the descriptors sent.  Without zone descriptor
 * extensions (ZDES 0) Extended Report Zones is not an action.
 */
static u16 zns_exec_mgmt_recv(struct nvmev_dev *dev,
			      const struct nvme_command *cmd,
			      struct nvmev_io_req *req, u64 now_ns)
{
	struct nvmev_ns *ns = nvmev_cmd_ns(dev, cmd);
	u32 cdw13 = nvmev_cdw(cmd, 13);
	u64 len = ((u64)nvmev_cdw(cmd, 12) + 1) * sizeof(u32);
	u64 slba = le64_to_cpu(cmd->zmr.slba);
	struct nvme_zone_report *report = NULL;
	struct ftl_zns_config cfg;
	struct zns_report r = {
		.option = ZNS_RECV_ZRASF(cdw13),
		.lba_shift = ns->lba_shift,
	};
	enum zns_result res;
	u16 status;
	u32 i;

	if (ZNS_RECV_ZRA(cdw13) != ZNS_ZRA_REPORT ||
	    len > NVMEV_MAX_XFER_BYTES)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	if (slba >= ns->nr_lbas)
		return NVME_SC_LBA_RANGE | NVMEV_DNR;
	zns_config(ns, &cfg);
	r.first_zone = nvmev_lba_to_bytes(ns, slba) >> ilog2(cfg.zone_size);
	if (len > ZNS_REPORT_HEADER_BYTES)
		r.max_descs = min_t(u64, cfg.nr_zones,
				    (len - ZNS_REPORT_HEADER_BYTES) /
				    sizeof(report->entries[0]));
	report = kvzalloc(len, GFP_KERNEL);
	r.descs = kvmalloc_array(max(r.max_descs, 1U), sizeof(*r.descs),
				 GFP_KERNEL);
	if (!report || !r.descs) {
		status = NVME_SC_INTERNAL;
		goto out;
	}
	res = zns_ops(ns)->report(ns->ftl, &r);
	if (res != ZNS_OK) {
		status = zns_status(res);
		goto out;
	}
	/* The buffer may be too small for the header: it gets what fits. */
	if (len >= ZNS_REPORT_HEADER_BYTES)
		report->nr_zones = cpu_to_le64(cdw13 & ZNS_RECV_PARTIAL ?
					       r.nr_descs : r.nr_matching);
	for (i = 0; i < r.nr_descs; i++)
		zns_put_desc(&report->entries[i], &r.descs[i]);
	status = nvmev_copy_to_host(dev, cmd, report, len, len);
out:
	kvfree(r.descs);
	kvfree(report);
	return status;
}

/* ---- zones the controller changes: injection, log, notice ---- */

/* "read_only ZSLBA" or "offline ZSLBA", as written to ns<N>/zones. */
#define ZNS_ZONES_CMD_MAX	64

/*
 * Queues a change of the zone at @slba for the dispatcher, the FTL's only
 * caller.  The zone must be one of @ns; whether the state may change is
 * the FTL's to say when it is asked.
 */
static int zns_queue_change(struct nvmev_ns *ns, u8 state, u64 slba)
{
	struct nvmev_dev *dev = ns->dev;
	struct ftl_zns_config cfg;
	struct nvmev_zone_change *c;
	int ret = 0;
	u64 offset;

	mutex_lock(&dev->ftl_lock);
	if (!ns->ftl) {
		mutex_unlock(&dev->ftl_lock);
		return -ENODEV;
	}
	zns_config(ns, &cfg);
	offset = nvmev_lba_to_bytes(ns, slba);
	if (slba >= ns->nr_lbas || offset & (cfg.zone_size - 1)) {
		mutex_unlock(&dev->ftl_lock);
		pr_err("zones: LBA %llu is not the start of a zone of namespace %u\n",
		       slba, ns->nsid);
		return -EINVAL;
	}
	spin_lock(&dev->zone_changes_lock);
	if (dev->nr_zone_changes == NVMEV_ZONE_CHANGES_MAX) {
		ret = -EBUSY;
	} else {
		c = &dev->zone_changes[dev->nr_zone_changes++];
		c->nsid = ns->nsid;
		c->ftl = ns->ftl;
		c->zone = offset >> ilog2(cfg.zone_size);
		c->state = state;
	}
	spin_unlock(&dev->zone_changes_lock);
	mutex_unlock(&dev->ftl_lock);
	return ret;
}

static ssize_t zns_zones_write(struct file *file, const char __user *buf,
			       size_t count, loff_t *ppos)
{
	struct nvmev_ns *ns = file_inode(file)->i_private;
	char text[ZNS_ZONES_CMD_MAX], what[ZNS_ZONES_CMD_MAX];
	u64 slba;
	u8 state;
	int ret;

	if (count >= sizeof(text))
		return -EINVAL;
	if (copy_from_user(text, buf, count))
		return -EFAULT;
	text[count] = '\0';
	if (sscanf(text, "%63s %llu", what, &slba) != 2)
		return -EINVAL;
	if (!strcmp(what, "read_only")) {
		state = ZNS_ZSRO;
	} else if (!strcmp(what, "offline")) {
		state = ZNS_ZSO;
	} else {
		pr_err("zones: unknown command '%s' (known: read_only, offline)\n",
		       what);
		return -EINVAL;
	}
	ret = zns_queue_change(ns, state, slba);
	return ret ? ret : count;
}

static const struct file_operations zns_zones_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = zns_zones_write,
	.llseek = noop_llseek,
};

void nvmev_zns_debugfs_create(struct nvmev_ns *ns)
{
	debugfs_create_file("zones", 0200, ns->debugfs, ns, &zns_zones_fops);
}

/*
 * The dispatcher's pass: carries out the zone changes asked for, and
 * raises a Zone Descriptor Changed notice when a namespace's Changed Zone
 * List stops being empty, if the host enabled them; then no other until
 * the host reads a list.
 */
void nvmev_zns_poll(struct nvmev_dev *dev)
{
	struct nvmev_zone_change changes[NVMEV_ZONE_CHANGES_MAX];
	unsigned int n, i;
	bool notify;

	if (READ_ONCE(dev->nr_zone_changes)) {
		spin_lock(&dev->zone_changes_lock);
		n = dev->nr_zone_changes;
		memcpy(changes, dev->zone_changes, n * sizeof(changes[0]));
		dev->nr_zone_changes = 0;
		spin_unlock(&dev->zone_changes_lock);
		for (i = 0; i < n; i++) {
			struct nvmev_ns *ns = nvmev_ns_slot(dev,
							    changes[i].nsid);

			/* The namespace was deleted or formatted since. */
			if (!ns->allocated || ns->ftl != changes[i].ftl)
				continue;
			if (zns_ops(ns)->set_state(ns->ftl, changes[i].zone,
						   changes[i].state,
						   &notify) != ZNS_OK)
				pr_warn_ratelimited("zones: zone %u of namespace %u cannot change state\n",
						    changes[i].zone, ns->nsid);
			else if (notify && dev->feat.async_event_config &
					   NVMEV_AEN_ZONE_CHANGED)
				dev->aen_zone_notice = true;
		}
	}
	if (!dev->aen_zone_notice || dev->aen_zone_masked || dev->aen_pending)
		return;
	dev->aen_zone_notice = false;
	dev->aen_zone_masked = true;
	dev->aen_pending =
		NVME_AER_NOTICE |
		NVMEV_AER_NOTICE_ZONE_CHANGED << NVMEV_AER_INFO_SHIFT |
		NVMEV_LOG_CHANGED_ZONES << NVMEV_AER_LOG_PAGE_SHIFT;
}

/* The Changed Zone List is per namespace: the NSID must name a zoned one. */
u16 nvmev_zns_changed_log_check(struct nvmev_dev *dev,
				const struct nvme_command *cmd)
{
	u32 nsid = le32_to_cpu(cmd->common.nsid);
	struct nvmev_ns *ns = nvmev_ns_active(dev, nsid);

	if (!ns)
		return nvmev_nsid_inactive_status(dev, nsid);
	if (!ns->ftl_ops->zns)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	return NVME_SC_SUCCESS;
}

/*
 * The zones the controller changed since the list was last read: NZID,
 * then each zone's ZSLBA; FFFFh and no list if more changed than it holds.
 * (0 bytes, which fails the command, if there is no memory to ask in.)
 */
size_t nvmev_zns_changed_log(struct nvmev_dev *dev,
			     const struct nvme_command *cmd, void *buf)
{
	struct nvmev_ns *ns = nvmev_cmd_ns(dev, cmd);
	__le64 *ids = buf + ZNS_CHANGED_HEADER_BYTES;
	struct ftl_zns_config cfg;
	bool overflow;
	u32 *zones, n, i;

	zones = kmalloc_array(ZNS_CHANGED_ZONES_MAX, sizeof(*zones),
			      GFP_KERNEL);
	if (!zones)
		return 0;
	zns_config(ns, &cfg);
	n = zns_ops(ns)->changed_zones(ns->ftl, zones, &overflow, false);
	if (overflow) {
		*(__le16 *)buf = cpu_to_le16(ZNS_CHANGED_OVERFLOW);
	} else {
		*(__le16 *)buf = cpu_to_le16(n);
		for (i = 0; i < n; i++)
			ids[i] = cpu_to_le64(nvmev_bytes_to_lba(ns,
					(u64)zones[i] * cfg.zone_size));
	}
	kfree(zones);
	return ZNS_CHANGED_HEADER_BYTES + ZNS_CHANGED_ZONES_MAX * sizeof(*ids);
}

/*
 * Reading the list empties it, and without RAE lets a notice come again.
 * The admin buffer, copied to the host already, holds the zones taken.
 */
void nvmev_zns_changed_log_read(struct nvmev_dev *dev,
				const struct nvme_command *cmd)
{
	struct nvmev_ns *ns = nvmev_cmd_ns(dev, cmd);
	bool overflow;

	BUILD_BUG_ON(ZNS_CHANGED_ZONES_MAX * sizeof(u32) > NVMEV_ADMIN_PAGE);
	zns_ops(ns)->changed_zones(ns->ftl, dev->admin_buf, &overflow, true);
	if (!(nvmev_cdw(cmd, 10) & NVMEV_LOG_RAE))
		dev->aen_zone_masked = false;
}

/* ---- the command set ---- */

static void zns_identify_ns(struct nvmev_dev *dev, struct nvmev_ns *ns,
			    void *buf)
{
	struct nvme_id_ns_zns *id = buf;
	struct ftl_zns_config cfg;
	u8 lbaf;

	zns_config(ns, &cfg);
	/* Fixed zone capacity, no zone active excursions: ZOC 0. */
	id->ozcs = cpu_to_le16(ZNS_OZCS_RAZB |
			       (cfg.zrwa_size ? ZNS_OZCS_ZRWASUP : 0));
	/* MAR and MOR are 0's based. */
	id->mar = cpu_to_le32(cfg.max_active ? cfg.max_active - 1 :
			      ZNS_NO_LIMIT);
	id->mor = cpu_to_le32(cfg.max_open ? cfg.max_open - 1 : ZNS_NO_LIMIT);
	for (lbaf = 0; lbaf < NVMEV_NR_LBAFS; lbaf++)
		id->lbafe[lbaf].zsze = cpu_to_le64(cfg.zone_size >>
						   NVMEV_LBAF_SHIFT(lbaf));
	if (!cfg.zrwa_size)
		return;
	*(__le32 *)(buf + ZNS_ID_NUMZRWA) = cpu_to_le32(cfg.nr_zrwa - 1);
	*(__le16 *)(buf + ZNS_ID_ZRWAFG) =
		cpu_to_le16(nvmev_bytes_to_lba(ns, cfg.zrwa_flush_granularity));
	*(__le16 *)(buf + ZNS_ID_ZRWASZ) =
		cpu_to_le16(nvmev_bytes_to_lba(ns, cfg.zrwa_size));
	*(u8 *)(buf + ZNS_ID_ZRWACAP) = ZNS_ZRWACAP_EXPFLUSHSUP;
}

/* ZASL: a power of two of the minimum memory page size; 0 is MDTS. */
static void zns_identify_ctrl(struct nvmev_dev *dev, void *buf)
{
	struct nvme_id_ctrl_zns *id = buf;

	if (dev->cfg.zasl_bytes)
		id->zasl = ilog2(dev->cfg.zasl_bytes) - NVMEV_MPS_SHIFT;
}

/* Namespace Management: the create data is laid out as NVM's. */
static u64 zns_nr_lbas(struct nvmev_ns *ns)
{
	struct ftl_zns_config cfg;

	zns_config(ns, &cfg);
	return nvmev_bytes_to_lba(ns, (u64)cfg.nr_zones * cfg.zone_size);
}

static const struct nvmev_io_cmd zns_io_cmds[256] = {
	[nvme_cmd_write] = { .prepare_range = zns_prepare_write,
			     .submit = zns_submit_timed,
			     .changes_data = true },
	[nvme_cmd_read] = { .prepare_range = zns_prepare_read,
			    .submit = zns_submit_timed },
	[nvme_cmd_write_zeroes] = { .prepare_range = zns_prepare_write_zeroes,
				    .submit = zns_submit_timed,
				    .changes_data = true },
	[nvme_cmd_zone_append] = { .prepare_range = zns_prepare_append,
				   .submit = zns_submit_timed,
				   .changes_data = true },
	[nvme_cmd_zone_mgmt_send] = { .execute = zns_exec_mgmt_send,
				      .changes_data = true },
	[nvme_cmd_zone_mgmt_recv] = { .execute = zns_exec_mgmt_recv },
	[nvme_cmd_compare] = { .absent = true },
	[nvme_cmd_write_uncor] = { .absent = true },
	[nvme_cmd_dsm] = { .absent = true },
	[NVMEV_CMD_COPY] = { .absent = true },
};

const struct nvmev_cmd_set nvmev_zns_cmd_set = {
	.name = "Zoned Namespace",
	.csi = NVME_CSI_ZNS,
	.io_cmds = zns_io_cmds,
	.base = &nvmev_nvm_cmd_set,
	.ftl = &zns_ftl_ops,
	.nvm_identify = true,
	.identify_ns = zns_identify_ns,
	.identify_ctrl = zns_identify_ctrl,
	.create_data = nvmev_nvm_create_data,
	.nr_lbas = zns_nr_lbas,
};
