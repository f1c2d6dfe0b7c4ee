// SPDX-License-Identifier: GPL-2.0
/*
 * Admin commands, one handler each, found through a table indexed by
 * opcode.  The same table answers the Commands Supported and Effects log, so
 * what is advertised is exactly what is implemented.
 */
#define pr_fmt(fmt) "nvmev: " fmt

#include <linux/ktime.h>
#include <linux/string.h>
#include "nvmev.h"
#include "nvme_kv.h"
#include "trace.h"

#define NVMEV_FIRMWARE_REV	"1.0"
#define NVMEV_MODEL		"nvmev virtual NVMe SSD"
#define NVMEV_NQN_PREFIX	"nqn.2023-02.io.nvmev:"
#define NVMEV_SMART_SPARE	100	/* percent */
#define NVMEV_SMART_SPARE_THRESH 10
#define NVMEV_DATA_UNIT_SECTORS	1000	/* SMART data units: 1000 x 512 B */
#define NVMEV_SMART_SECTOR_SHIFT 9	/* the 512 B those count */
#define NVMEV_SECS_PER_HOUR	3600

typedef u16 (*admin_fn)(struct nvmev_dev *dev, const struct nvme_command *cmd,
			u32 *result);

struct admin_cmd {
	admin_fn fn;
	u32 effects;		/* beyond CSUPP, for the effects log */
	bool needs_fdp;		/* only a controller with FDP has it */
};

/* Identify strings are space padded, not NUL terminated. */
static void id_string(char *dst, size_t len, const char *src)
{
	memset(dst, ' ', len);
	memcpy(dst, src, min(len, strlen(src)));
}

static void nvmev_serial(struct nvmev_dev *dev, char *buf, size_t len)
{
	snprintf(buf, len, "NVMEV%09llx",
		 (unsigned long long)dev->cfg.mem_start >> PAGE_SHIFT);
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

/* ---- Identify ---- */

/* Little-endian fields the kernel's structs still call reserved. */
static void id_put_le16(void *id, size_t offset, u16 value)
{
	__le16 v = cpu_to_le16(value);

	memcpy(id + offset, &v, sizeof(v));
}

static void id_put_le32(void *id, size_t offset, u32 value)
{
	__le32 v = cpu_to_le32(value);

	memcpy(id + offset, &v, sizeof(v));
}

/* A 128-bit little-endian counter or size, from 64 bits. */
static void put_u128(u8 *dst, u64 value)
{
	__le64 v = cpu_to_le64(value);

	memset(dst, 0, 16);
	memcpy(dst, &v, sizeof(v));
}

static void identify_ctrl(struct nvmev_dev *dev, struct nvme_id_ctrl *id)
{
	char serial[sizeof(id->sn) + 1];

	nvmev_serial(dev, serial, sizeof(serial));
	id->vid = cpu_to_le16(NVMEV_PCI_VENDOR_ID);
	id->ssvid = cpu_to_le16(NVMEV_PCI_VENDOR_ID);
	id_string(id->sn, sizeof(id->sn), serial);
	id_string(id->mn, sizeof(id->mn), NVMEV_MODEL);
	id_string(id->fr, sizeof(id->fr), NVMEV_FIRMWARE_REV);
	id->rab = NVMEV_RAB;
	id->mdts = NVMEV_MDTS;
	id->cntlid = cpu_to_le16(NVMEV_CNTLID);
	id->ver = cpu_to_le32(NVME_VS_1_4);
	id->oaes = cpu_to_le32(NVMEV_AEN_NOTICES);
	id->cntrltype = NVME_CTRL_CNTRLTYPE_IO;
	id->oacs = cpu_to_le16(NVME_CTRL_OACS_FORMAT |
			       NVME_CTRL_OACS_NS_MNGT_SUPP |
			       NVMEV_CTRL_OACS_GET_LBA_STATUS);
	id->acl = NVMEV_ACL;
	id->aerl = NVMEV_AERL;
	id->frmw = NVME_CTRL_FRMW_SLOT1_RO | 1 << NVME_CTRL_FRMW_SLOTS_SHIFT;
	id->lpa = NVME_CTRL_LPA_CMD_EFFECTS_LOG | NVME_CTRL_LPA_EXTENDED_DATA;
	id->elpe = NVME_ERROR_LOG_ENTRIES - 1;
	id->wctemp = cpu_to_le16(NVME_KELVIN(NVMEV_WCTEMP_C));
	id->cctemp = cpu_to_le16(NVME_KELVIN(NVMEV_CCTEMP_C));
	id->sqes = NVME_QUEUE_ENTRY_SIZES(NVME_NVM_IOSQES, NVME_NVM_IOSQES);
	id->cqes = NVME_QUEUE_ENTRY_SIZES(NVME_NVM_IOCQES, NVME_NVM_IOCQES);
	id->nn = cpu_to_le32(NVMEV_MAX_NAMESPACES);
	put_u128(id->tnvmcap, dev->storage_size);
	put_u128(id->unvmcap, nvmev_ns_unallocated(dev));
	id->oncs = cpu_to_le16(NVME_CTRL_ONCS_COMPARE |
			       NVME_CTRL_ONCS_WRITE_UNCORRECTABLE |
			       NVME_CTRL_ONCS_DSM |
			       NVME_CTRL_ONCS_WRITE_ZEROES |
			       NVME_CTRL_ONCS_TIMESTAMP |
			       NVMEV_CTRL_ONCS_VERIFY | NVMEV_CTRL_ONCS_COPY);
	id_put_le16(id, NVMEV_ID_CTRL_OCFS, NVMEV_CTRL_OCFS_FORMAT_0);
	id->vwc = NVME_CTRL_VWC_PRESENT | NVME_CTRL_VWC_FLUSH_ALL_NS;
	snprintf(id->subnqn, sizeof(id->subnqn), NVMEV_NQN_PREFIX "%s", serial);
	id->psd[0].max_power = cpu_to_le16(NVMEV_MAX_POWER_CW);
	nvmev_fdp_identify_ctrl(dev, id);
}

/* The LBA formats every namespace can be formatted to. */
static void identify_lba_formats(struct nvme_id_ns *id)
{
	u8 lbaf;

	id->nlbaf = NVMEV_NR_LBAFS - 1;		/* 0's based */
	for (lbaf = 0; lbaf < NVMEV_NR_LBAFS; lbaf++)
		id->lbaf[lbaf].ds = NVMEV_LBAF_SHIFT(lbaf);
}

static void identify_ns(struct nvmev_dev *dev, struct nvmev_ns *ns,
			struct nvme_id_ns *id)
{
	u64 lbas = ns->nr_lbas;

	id->nsze = cpu_to_le64(lbas);
	id->ncap = cpu_to_le64(lbas);
	id->nuse = cpu_to_le64(lbas);
	put_u128(id->nvmcap, nvmev_lba_to_bytes(ns, lbas));
	identify_lba_formats(id);
	id->flbas = ns->flbas;
	id->dlfeat = NVME_NS_DLFEAT_READ_ZEROES | NVME_NS_DLFEAT_WRITE_ZEROES_DEAC;
	id->endgid = cpu_to_le16(nvmev_fdp_endgid(dev, ns));
	id_put_le16(id, NVMEV_ID_NS_MSSRL,
		    nvmev_bytes_to_lba(ns, NVMEV_COPY_MAX_RANGE_BYTES));
	id_put_le32(id, NVMEV_ID_NS_MCL,
		    nvmev_bytes_to_lba(ns, NVMEV_COPY_MAX_BYTES));
	((u8 *)id)[NVMEV_ID_NS_MSRC] = NVMEV_COPY_MAX_RANGES - 1;
	nvmev_nguid(dev, ns->nsid, id->nguid);
	memcpy(id->eui64, id->nguid + sizeof(id->nguid) - sizeof(id->eui64),
	       sizeof(id->eui64));
}

static void *ns_desc_add(void *p, u8 type, const void *data, u8 len)
{
	struct nvme_ns_id_desc *desc = p;

	desc->nidt = type;
	desc->nidl = len;
	memcpy(desc + 1, data, len);
	return p + sizeof(*desc) + len;
}

static void identify_ns_descs(struct nvmev_dev *dev, struct nvmev_ns *ns,
			      void *buf)
{
	u8 nguid[NVME_NIDT_NGUID_LEN];
	u8 csi = ns->csi;

	nvmev_nguid(dev, ns->nsid, nguid);
	buf = ns_desc_add(buf, NVME_NIDT_NGUID, nguid, sizeof(nguid));
	ns_desc_add(buf, NVME_NIDT_CSI, &csi, sizeof(csi));
}

/* The I/O Command Sets namespaces can have: NVM, and KV with its layout. */
static bool csi_supported(struct nvmev_dev *dev, u8 csi)
{
	return csi == NVME_CSI_NVM ||
	       (csi == KV_NVME_CSI && dev->cfg.kv_layout == NVMEV_KV_NVME);
}

/* The NSIDs above @nsid of the namespaces that are @attached, or exist. */
static void identify_nsid_list(struct nvmev_dev *dev, u32 nsid, bool attached,
			       __le32 *list)
{
	struct nvmev_ns *ns;

	nvmev_for_each_ns(dev, ns)
		if (ns->nsid > nsid && (attached ? ns->attached : ns->allocated))
			*list++ = cpu_to_le32(ns->nsid);
}

/* A Controller List: this controller, if @present and not below @from. */
static void identify_ctrl_list(bool present, u16 from, __le16 *list)
{
	if (present && from <= NVMEV_CNTLID) {
		list[0] = cpu_to_le16(1);
		list[1] = cpu_to_le16(NVMEV_CNTLID);
	}
}

/*
 * Identify Namespace for @nsid: that of the namespace if it exists (and
 * is attached, unless @allocated will do) and is an NVM one, else all
 * zeroes.  FFFFFFFFh asks what all namespaces have in common.
 */
static u16 identify_ns_data(struct nvmev_dev *dev, u32 nsid, bool allocated,
			    void *buf)
{
	struct nvmev_ns *ns = nvmev_ns_slot(dev, nsid);

	if (nsid == NVME_NSID_ALL) {
		identify_lba_formats(buf);
		return NVME_SC_SUCCESS;
	}
	if (!ns)
		return NVME_SC_INVALID_NS | NVMEV_DNR;
	if ((allocated ? ns->allocated : ns->attached) &&
	    ns->csi == NVME_CSI_NVM)
		identify_ns(dev, ns, buf);
	return NVME_SC_SUCCESS;
}

static u16 admin_identify(struct nvmev_dev *dev, const struct nvme_command *cmd,
			  u32 *result)
{
	u32 nsid = le32_to_cpu(cmd->identify.nsid);
	struct nvmev_ns *ns = nvmev_ns_active(dev, nsid), *slot;
	u16 cntid = le16_to_cpu(cmd->identify.ctrlid);
	void *buf = dev->admin_buf;
	u16 status = NVME_SC_SUCCESS;

	memset(buf, 0, NVMEV_ADMIN_PAGE);
	switch (cmd->identify.cns) {
	case NVME_ID_CNS_CTRL:
		identify_ctrl(dev, buf);
		break;
	case NVME_ID_CNS_CS_CTRL:
		/* NVM and KV command sets: no extra limits, all zeroes. */
		if (!csi_supported(dev, cmd->identify.csi))
			return NVME_SC_INVALID_FIELD | NVMEV_DNR;
		break;
	case NVME_ID_CNS_CS_LIST:
		/* One combination of command sets: all of them. */
		*(__le64 *)buf = cpu_to_le64(BIT_ULL(NVME_CSI_NVM) |
			(csi_supported(dev, KV_NVME_CSI) ?
			 BIT_ULL(KV_NVME_CSI) : 0));
		break;
	case NVME_ID_CNS_NS_ACTIVE_LIST:
	case NVME_ID_CNS_NS_PRESENT_LIST:
		if (nsid >= NVME_NSID_ALL - 1)
			return NVME_SC_INVALID_NS | NVMEV_DNR;
		identify_nsid_list(dev, nsid,
				   cmd->identify.cns == NVME_ID_CNS_NS_ACTIVE_LIST,
				   buf);
		break;
	case NVME_ID_CNS_NS:
	case NVME_ID_CNS_NS_PRESENT:
		status = identify_ns_data(dev, nsid,
					  cmd->identify.cns == NVME_ID_CNS_NS_PRESENT,
					  buf);
		break;
	case NVME_ID_CNS_CTRL_NS_LIST:
		slot = nvmev_ns_slot(dev, nsid);
		if (!slot)
			return NVME_SC_INVALID_NS | NVMEV_DNR;
		identify_ctrl_list(slot->attached, cntid, buf);
		break;
	case NVME_ID_CNS_CTRL_LIST:
		identify_ctrl_list(true, cntid, buf);
		break;
	case NVME_ID_CNS_NS_DESC_LIST:
		if (!ns)
			return nvmev_nsid_inactive_status(dev, nsid);
		identify_ns_descs(dev, ns, buf);
		break;
	case NVME_ID_CNS_CS_NS:
		if (!ns)
			return nvmev_nsid_inactive_status(dev, nsid);
		if (cmd->identify.csi != ns->csi)
			return NVME_SC_INVALID_FIELD | NVMEV_DNR;
		/* NVM: nothing beyond CNS 00h, all zeroes. */
		if (ns->csi == KV_NVME_CSI)
			nvmev_kv_identify_ns(dev, ns, buf);
		break;
	case NVME_ID_CNS_NS_CS_INDEP:
		if (!ns)
			return nvmev_nsid_inactive_status(dev, nsid);
		((struct nvme_id_ns_cs_indep *)buf)->nstat = 1;	/* ready */
		((struct nvme_id_ns_cs_indep *)buf)->endgid =
			cpu_to_le16(nvmev_fdp_endgid(dev, ns));
		break;
	default:
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	}
	if (status)
		return status;
	return nvmev_copy_to_host(dev, cmd, buf, NVMEV_ADMIN_PAGE,
				  NVMEV_ADMIN_PAGE);
}

/* ---- Asynchronous events ---- */

/* Namespace @nsid was attached or detached: log 04h lists it. */
void nvmev_ns_changed(struct nvmev_dev *dev, u32 nsid)
{
	__set_bit(nsid, dev->changed_nsids);
}

/*
 * A Namespace Attribute Changed notice while log 04h lists namespaces,
 * if the host enabled it, until the host reads the log.
 */
static void aen_check_ns_changed(struct nvmev_dev *dev)
{
	if (dev->aen_pending || dev->aen_ns_masked ||
	    !(dev->feat.async_event_config & NVME_AEN_CFG_NS_ATTR) ||
	    bitmap_empty(dev->changed_nsids, NVMEV_MAX_NAMESPACES + 1))
		return;
	dev->aen_ns_masked = true;
	dev->aen_pending = NVME_AER_NOTICE |
			   NVME_AER_NOTICE_NS_CHANGED << NVME_AER_INFO_SHIFT |
			   NVME_LOG_CHANGED_NS << NVME_AER_LOG_PAGE_SHIFT;
}

/*
 * Completes a waiting AER with the pending event, if both exist and the
 * admin CQ has room; the dispatcher calls this on every pass.
 */
void nvmev_aen_deliver(struct nvmev_dev *dev)
{
	u16 cid;

	aen_check_ns_changed(dev);
	if (!dev->aen_pending || !dev->nr_aers)
		return;
	cid = dev->aer_cids[0];
	if (!nvmev_cq_post(dev, &dev->cqs[0], 0, cid, NVME_SC_SUCCESS,
			   dev->aen_pending))
		return;
	dev->nr_aers--;
	memmove(dev->aer_cids, dev->aer_cids + 1,
		dev->nr_aers * sizeof(dev->aer_cids[0]));
	trace_nvmev_admin(cid, nvme_admin_async_event, NVME_SC_SUCCESS,
			  dev->aen_pending);
	dev->aen_pending = 0;
	nvmev_signal_irq(dev, dev->cqs[0].vector);
}

static u16 admin_async_event(struct nvmev_dev *dev,
			     const struct nvme_command *cmd, u32 *result)
{
	if (dev->nr_aers > NVMEV_AERL)
		return NVME_SC_ASYNC_LIMIT | NVMEV_DNR;
	dev->aer_cids[dev->nr_aers++] = cmd->common.command_id;
	return NVMEV_STATUS_DEFERRED;
}

static u16 composite_temperature(void)
{
	return NVME_KELVIN(NVMEV_TEMPERATURE_C);
}

static bool temperature_critical(struct nvmev_dev *dev)
{
	u16 t = composite_temperature();

	return t > dev->feat.temp_over || t < dev->feat.temp_under;
}

/* A threshold the temperature crosses raises a SMART / health event. */
static void aen_check_temperature(struct nvmev_dev *dev)
{
	if (!temperature_critical(dev) || dev->aen_smart_masked ||
	    !(dev->feat.async_event_config & NVME_SMART_CRIT_TEMPERATURE))
		return;
	dev->aen_smart_masked = true;
	dev->aen_pending = NVME_AER_SMART |
			   NVME_AER_INFO_TEMP_THRESHOLD << NVME_AER_INFO_SHIFT |
			   NVME_LOG_SMART << NVME_AER_LOG_PAGE_SHIFT;
}

/* Outstanding AERs end with the controller; the host reissues them. */
void nvmev_admin_reset(struct nvmev_dev *dev)
{
	dev->nr_aers = 0;
	dev->aen_pending = 0;
	dev->aen_smart_masked = false;
	dev->aen_ns_masked = false;
	nvmev_lba_status_reset(dev);
}

/* ---- Features ---- */

static void features_default(struct nvmev_features *f)
{
	memset(f, 0, sizeof(*f));
	f->temp_over = NVME_KELVIN(NVMEV_WCTEMP_C);
	f->write_cache = true;
	f->lsiri = NVMEV_LSIPI;	/* the spec's default: the poll interval */
	f->nr_io_sqs = NVMEV_MAX_IO_QUEUES;
	f->nr_io_cqs = NVMEV_MAX_IO_QUEUES;
}

void nvmev_features_reset(struct nvmev_dev *dev)
{
	features_default(&dev->feat);
}

/*
 * A feature is either a plain value (a dword of struct nvmev_features that
 * Set Features stores, keeping @keep bits and refusing any of @reject) or
 * one with handlers of its own.  The FDP ones exist only with FDP, and
 * are kept across controller resets, so they are saveable: SV is
 * accepted and the saved value is the current one.
 */
struct feature {
	u8 fid;
	size_t offset;
	u32 keep;
	u32 reject;
	bool needs_fdp;
	u32 caps;		/* "supported" beyond changeable */
	/* @f is the current or the default set, as Get Features selected. */
	u16 (*get)(struct nvmev_dev *dev, const struct nvmev_features *f,
		   const struct nvme_command *cmd, u32 *result);
	u16 (*set)(struct nvmev_dev *dev, const struct nvme_command *cmd,
		   u32 *result);
};

#define PLAIN_FEATURE(id, field, keep_bits, reject_bits)		\
	{ .fid = (id), .offset = offsetof(struct nvmev_features, field), \
	  .keep = (keep_bits), .reject = (reject_bits) }

static u16 get_temp_thresh(struct nvmev_dev *dev, const struct nvmev_features *f,
			   const struct nvme_command *cmd, u32 *result)
{
	u32 dw11 = nvmev_cdw(cmd, 11);

	if (NVME_FEAT_TEMP_TMPSEL(dw11) != NVME_FEAT_TEMP_COMPOSITE)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	switch (NVME_FEAT_TEMP_THSEL(dw11)) {
	case NVME_FEAT_TEMP_THSEL_OVER:
		*result = f->temp_over;
		return NVME_SC_SUCCESS;
	case NVME_FEAT_TEMP_THSEL_UNDER:
		*result = f->temp_under;
		return NVME_SC_SUCCESS;
	default:
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	}
}

static u16 set_temp_thresh(struct nvmev_dev *dev,
			   const struct nvme_command *cmd, u32 *result)
{
	u32 dw11 = nvmev_cdw(cmd, 11);
	u16 value = dw11 & 0xffff;

	if (NVME_FEAT_TEMP_TMPSEL(dw11) != NVME_FEAT_TEMP_COMPOSITE)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	switch (NVME_FEAT_TEMP_THSEL(dw11)) {
	case NVME_FEAT_TEMP_THSEL_OVER:
		dev->feat.temp_over = value;
		break;
	case NVME_FEAT_TEMP_THSEL_UNDER:
		dev->feat.temp_under = value;
		break;
	default:
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	}
	aen_check_temperature(dev);
	return NVME_SC_SUCCESS;
}

static u16 get_write_cache(struct nvmev_dev *dev, const struct nvmev_features *f,
			   const struct nvme_command *cmd, u32 *result)
{
	*result = f->write_cache ? NVME_FEAT_VWC_WCE : 0;
	return NVME_SC_SUCCESS;
}

static u16 set_write_cache(struct nvmev_dev *dev,
			   const struct nvme_command *cmd, u32 *result)
{
	dev->feat.write_cache = nvmev_cdw(cmd, 11) & NVME_FEAT_VWC_WCE;
	return NVME_SC_SUCCESS;
}

static u32 queues_result(const struct nvmev_features *f)
{
	return (u32)(f->nr_io_cqs - 1) << 16 | (f->nr_io_sqs - 1);
}

static u16 get_num_queues(struct nvmev_dev *dev, const struct nvmev_features *f,
			  const struct nvme_command *cmd, u32 *result)
{
	*result = queues_result(f);
	return NVME_SC_SUCCESS;
}

static bool io_queues_exist(struct nvmev_dev *dev)
{
	int qid;

	for (qid = 1; qid < NVMEV_NR_QUEUES; qid++)
		if (dev->sqs[qid].valid || dev->cqs[qid].valid)
			return true;
	return false;
}

static u16 set_num_queues(struct nvmev_dev *dev, const struct nvme_command *cmd,
			  u32 *result)
{
	u32 nsqr = nvmev_cdw(cmd, 11) & 0xffff, ncqr = nvmev_cdw(cmd, 11) >> 16;

	if (nsqr == NVME_FEAT_QUEUES_MAX || ncqr == NVME_FEAT_QUEUES_MAX)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	/* Only before the first I/O queue exists. */
	if (io_queues_exist(dev))
		return NVME_SC_CMD_SEQ_ERROR | NVMEV_DNR;
	dev->feat.nr_io_sqs = min_t(u32, nsqr + 1, NVMEV_MAX_IO_QUEUES);
	dev->feat.nr_io_cqs = min_t(u32, ncqr + 1, NVMEV_MAX_IO_QUEUES);
	*result = queues_result(&dev->feat);
	return NVME_SC_SUCCESS;
}

static u16 get_irq_config(struct nvmev_dev *dev, const struct nvmev_features *f,
			  const struct nvme_command *cmd, u32 *result)
{
	u32 vector = nvmev_cdw(cmd, 11) & NVME_FEAT_IRQ_CONFIG_IV_MASK;

	if (vector >= NVMEV_MSIX_VECTORS)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	*result = vector;
	if (test_bit(vector, f->irq_coalescing_disabled))
		*result |= NVME_FEAT_IRQ_CONFIG_CD;
	return NVME_SC_SUCCESS;
}

static u16 set_irq_config(struct nvmev_dev *dev, const struct nvme_command *cmd,
			  u32 *result)
{
	u32 vector = nvmev_cdw(cmd, 11) & NVME_FEAT_IRQ_CONFIG_IV_MASK;

	if (vector >= NVMEV_MSIX_VECTORS)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	assign_bit(vector, dev->feat.irq_coalescing_disabled,
		   nvmev_cdw(cmd, 11) & NVME_FEAT_IRQ_CONFIG_CD);
	return NVME_SC_SUCCESS;
}

static u16 set_async_event(struct nvmev_dev *dev,
			   const struct nvme_command *cmd, u32 *result)
{
	/* SMART / health critical warnings, and the notices OAES names. */
	dev->feat.async_event_config = nvmev_cdw(cmd, 11) &
				       (NVMEV_AEN_SMART_WARNINGS | NVMEV_AEN_NOTICES);
	aen_check_temperature(dev);
	return NVME_SC_SUCCESS;
}

static u64 timestamp_value(struct nvmev_dev *dev,
			   const struct nvmev_features *f)
{
	u64 ms = f->timestamp_ms, ts = 0;

	if (f->timestamp_set_ns) {
		ms += div_u64(ktime_get_ns() - f->timestamp_set_ns,
			      NSEC_PER_MSEC);
		ts = NVME_TIMESTAMP_ORIGIN_HOST;
	} else {
		ms = div_u64(ktime_get_ns() - dev->load_ns, NSEC_PER_MSEC);
	}
	return ts | (ms & NVME_TIMESTAMP_MS_MASK);
}

/* The Timestamp feature's value now, for whatever stamps events with it. */
u64 nvmev_timestamp(struct nvmev_dev *dev)
{
	return timestamp_value(dev, &dev->feat);
}

static u16 get_timestamp(struct nvmev_dev *dev, const struct nvmev_features *f,
			 const struct nvme_command *cmd, u32 *result)
{
	__le64 ts = cpu_to_le64(timestamp_value(dev, f));

	return nvmev_copy_to_host(dev, cmd, &ts, sizeof(ts),
				  NVME_TIMESTAMP_BYTES);
}

static u16 set_timestamp(struct nvmev_dev *dev, const struct nvme_command *cmd,
			 u32 *result)
{
	__le64 ts;
	u16 status = nvmev_copy_from_host(dev, cmd, &ts, sizeof(ts));

	if (status)
		return status;
	dev->feat.timestamp_ms = le64_to_cpu(ts) & NVME_TIMESTAMP_MS_MASK;
	dev->feat.timestamp_set_ns = ktime_get_ns();
	return NVME_SC_SUCCESS;
}

/* LBA Status Information Attributes: the fixed poll interval over LSIRI. */
static u16 get_lba_status_attrs(struct nvmev_dev *dev,
				const struct nvmev_features *f,
				const struct nvme_command *cmd, u32 *result)
{
	*result = NVMEV_LSIPI << NVMEV_FEAT_LSIPI_SHIFT | f->lsiri;
	return NVME_SC_SUCCESS;
}

/* Any report interval is one the controller keeps. */
static u16 set_lba_status_attrs(struct nvmev_dev *dev,
				const struct nvme_command *cmd, u32 *result)
{
	dev->feat.lsiri = nvmev_cdw(cmd, 11) & NVMEV_FEAT_LSIRI_MASK;
	return get_lba_status_attrs(dev, &dev->feat, cmd, result);
}

static u16 get_fdp(struct nvmev_dev *dev, const struct nvmev_features *f,
		   const struct nvme_command *cmd, u32 *result)
{
	return nvmev_fdp_get_feature(dev, cmd, result);
}

/* @f is the default set unless it is the device's own. */
static u16 get_fdp_events(struct nvmev_dev *dev, const struct nvmev_features *f,
			  const struct nvme_command *cmd, u32 *result)
{
	return nvmev_fdp_get_events(dev, cmd, f != &dev->feat, result);
}

static const struct feature features[] = {
	PLAIN_FEATURE(NVME_FEAT_ARBITRATION, arbitration, U32_MAX, 0),
	/* Power state 0 is the only one (NPSS = 0). */
	PLAIN_FEATURE(NVME_FEAT_POWER_MGMT, power_mgmt, U32_MAX,
		      NVME_FEAT_PM_PS_MASK),
	{ .fid = NVME_FEAT_TEMP_THRESH, .get = get_temp_thresh,
	  .set = set_temp_thresh },
	/* DULBE needs NSFEAT.DAE, which the namespace does not report. */
	PLAIN_FEATURE(NVME_FEAT_ERR_RECOVERY, error_recovery,
		      NVME_FEAT_ERR_TLER_MASK, NVME_FEAT_ERR_DULBE),
	{ .fid = NVME_FEAT_VOLATILE_WC, .get = get_write_cache,
	  .set = set_write_cache },
	{ .fid = NVME_FEAT_NUM_QUEUES, .get = get_num_queues,
	  .set = set_num_queues },
	/* Kept and reported; completions are already batched per pass. */
	PLAIN_FEATURE(NVME_FEAT_IRQ_COALESCE, irq_coalesce,
		      NVME_FEAT_IRQ_COALESCE_MASK, 0),
	{ .fid = NVME_FEAT_IRQ_CONFIG, .get = get_irq_config,
	  .set = set_irq_config },
	/* Every write is one copy, so atomic: AWUN and AWUPF both hold. */
	PLAIN_FEATURE(NVME_FEAT_WRITE_ATOMIC, write_atomicity,
		      NVME_FEAT_WRITE_ATOMIC_DN, 0),
	{ .fid = NVME_FEAT_ASYNC_EVENT,
	  .offset = offsetof(struct nvmev_features, async_event_config),
	  .set = set_async_event },
	{ .fid = NVME_FEAT_TIMESTAMP, .get = get_timestamp,
	  .set = set_timestamp },
	{ .fid = NVMEV_FEAT_LBA_STATUS, .get = get_lba_status_attrs,
	  .set = set_lba_status_attrs },
	{ .fid = NVMEV_FEAT_FDP, .get = get_fdp, .set = nvmev_fdp_set_feature,
	  .needs_fdp = true, .caps = NVME_FEAT_CAP_SAVEABLE },
	{ .fid = NVMEV_FEAT_FDP_EVENTS, .get = get_fdp_events,
	  .set = nvmev_fdp_set_events, .needs_fdp = true,
	  .caps = NVME_FEAT_CAP_SAVEABLE | NVME_FEAT_CAP_NS_SPECIFIC },
};

static u16 feature_get(const struct feature *f, struct nvmev_dev *dev,
		       const struct nvmev_features *set,
		       const struct nvme_command *cmd, u32 *result)
{
	if (f->get)
		return f->get(dev, set, cmd, result);
	*result = *(const u32 *)((const u8 *)set + f->offset);
	return NVME_SC_SUCCESS;
}

static u16 feature_set(const struct feature *f, struct nvmev_dev *dev,
		       const struct nvme_command *cmd, u32 *result)
{
	if (f->set)
		return f->set(dev, cmd, result);
	if (nvmev_cdw(cmd, 11) & f->reject)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	*(u32 *)((u8 *)&dev->feat + f->offset) = nvmev_cdw(cmd, 11) & f->keep;
	return NVME_SC_SUCCESS;
}

static const struct feature *feature_find(struct nvmev_dev *dev, u8 fid)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(features); i++)
		if (features[i].fid == fid &&
		    (!features[i].needs_fdp || dev->fdp))
			return &features[i];
	return NULL;
}

static u16 admin_get_features(struct nvmev_dev *dev,
			       const struct nvme_command *cmd, u32 *result)
{
	const struct feature *f = feature_find(dev, nvmev_cdw(cmd, 10) & 0xff);
	struct nvmev_features defaults;

	if (!f)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	switch (NVME_FEAT_SEL(nvmev_cdw(cmd, 10))) {
	case NVME_FEAT_SEL_SAVED:
		/* Saved = current for the saveable, default for the rest. */
		if (f->caps & NVME_FEAT_CAP_SAVEABLE)
			return feature_get(f, dev, &dev->feat, cmd, result);
		fallthrough;
	case NVME_FEAT_SEL_DEFAULT:
		features_default(&defaults);
		return feature_get(f, dev, &defaults, cmd, result);
	case NVME_FEAT_SEL_CURRENT:
		return feature_get(f, dev, &dev->feat, cmd, result);
	case NVME_FEAT_SEL_SUPPORTED:
		*result = NVME_FEAT_CAP_CHANGEABLE | f->caps;
		return NVME_SC_SUCCESS;
	default:
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	}
}

static u16 admin_set_features(struct nvmev_dev *dev,
			      const struct nvme_command *cmd, u32 *result)
{
	const struct feature *f = feature_find(dev, nvmev_cdw(cmd, 10) & 0xff);

	if (!f)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	if ((nvmev_cdw(cmd, 10) & NVME_FEAT_SV) && !(f->caps & NVME_FEAT_CAP_SAVEABLE))
		return NVME_SC_FEATURE_NOT_SAVEABLE | NVMEV_DNR;
	return feature_set(f, dev, cmd, result);
}

/* ---- Log pages ---- */

static size_t log_error(struct nvmev_dev *dev, const struct nvme_command *cmd,
			void *buf)
{
	struct nvme_error_log_entry *out = buf;
	u64 i, n;

	spin_lock(&dev->error_lock);
	n = min_t(u64, dev->error_count, NVME_ERROR_LOG_ENTRIES);
	/* Newest first. */
	for (i = 0; i < n; i++)
		out[i] = dev->errors[(dev->error_count - 1 - i) %
				     NVME_ERROR_LOG_ENTRIES];
	spin_unlock(&dev->error_lock);
	return NVME_ERROR_LOG_ENTRIES * sizeof(*out);
}

/* SMART data units: thousands of 512-byte units, rounded up. */
static u64 data_units(u64 sectors)
{
	return DIV_ROUND_UP_ULL(sectors, NVMEV_DATA_UNIT_SECTORS);
}

static size_t log_smart(struct nvmev_dev *dev, const struct nvme_command *cmd,
			void *buf)
{
	struct nvme_smart_log *log = buf;
	u16 temp = composite_temperature();
	u64 hours = div64_u64(ktime_get_ns() - dev->load_ns,
			      NSEC_PER_SEC * NVMEV_SECS_PER_HOUR);

	if (temperature_critical(dev))
		log->critical_warning |= NVME_SMART_CRIT_TEMPERATURE;
	log->temperature[0] = temp & 0xff;
	log->temperature[1] = temp >> 8;
	log->avail_spare = NVMEV_SMART_SPARE;
	log->spare_thresh = NVMEV_SMART_SPARE_THRESH;
	put_u128(log->data_units_read, data_units(dev->smart.sectors_read));
	put_u128(log->data_units_written,
		 data_units(dev->smart.sectors_written));
	put_u128(log->host_reads, dev->smart.read_cmds);
	put_u128(log->host_writes, dev->smart.write_cmds);
	put_u128(log->power_cycles, 1);
	put_u128(log->power_on_hours, hours);
	put_u128(log->num_err_log_entries, READ_ONCE(dev->error_count));
	return sizeof(*log);
}

/*
 * Endurance Group Information (09h): endurance group 1, which exists with
 * FDP, is the FDP namespace's flash.  Media units count what the FTL
 * programmed, host data and GC copies; there is no wear model, so
 * percentage used and the endurance estimate stay 0 (not reported).
 */
static size_t log_endurance(struct nvmev_dev *dev,
			    const struct nvme_command *cmd, void *buf)
{
	struct nvmev_ns *ns = nvmev_ns_slot(dev, nvmev_fdp_nsid(dev));
	struct nvmev_endurance_log *log = buf;
	struct ftl_stats s = { 0 };
	u64 capacity = nvmev_lba_to_bytes(ns, ns->nr_lbas);

	if (ns->ftl_ops->stats)
		ns->ftl_ops->stats(ns->ftl, &s);
	log->avail_spare = NVMEV_SMART_SPARE;
	log->avail_spare_thresh = NVMEV_SMART_SPARE_THRESH;
	put_u128(log->data_units_read, data_units(dev->smart.sectors_read));
	put_u128(log->data_units_written,
		 data_units(dev->smart.sectors_written));
	put_u128(log->media_units_written,
		 data_units(s.nand_write_units <<
			    (SSD_MAP_UNIT_SHIFT - NVMEV_SMART_SECTOR_SHIFT)));
	put_u128(log->host_read_cmds, dev->smart.read_cmds);
	put_u128(log->host_write_cmds, dev->smart.write_cmds);
	put_u128(log->error_log_entries, READ_ONCE(dev->error_count));
	put_u128(log->total_capacity, capacity);
	return sizeof(*log);
}

static size_t log_fw_slot(struct nvmev_dev *dev, const struct nvme_command *cmd,
			  void *buf)
{
	struct nvme_fw_slot_info_log *log = buf;

	log->afi = 1;		/* slot 1 is active */
	id_string((char *)&log->frs[0], sizeof(log->frs[0]),
		  NVMEV_FIRMWARE_REV);
	return sizeof(*log);
}

/* Changed Namespace List (04h): the NSIDs attached or detached since. */
static size_t log_changed_ns(struct nvmev_dev *dev,
			     const struct nvme_command *cmd, void *buf)
{
	__le32 *list = buf;
	u32 nsid;

	BUILD_BUG_ON(NVMEV_MAX_NAMESPACES > NVMEV_CHANGED_NS_MAX);
	for_each_set_bit(nsid, dev->changed_nsids, NVMEV_MAX_NAMESPACES + 1)
		*list++ = cpu_to_le32(nsid);
	return NVMEV_CHANGED_NS_MAX * sizeof(*list);
}

/* ... since the last read, which empties it and, RAE clear, re-arms. */
static void log_changed_ns_read(struct nvmev_dev *dev,
				const struct nvme_command *cmd)
{
	bitmap_zero(dev->changed_nsids, NVMEV_MAX_NAMESPACES + 1);
	if (!(nvmev_cdw(cmd, 10) & NVME_LOG_RAE))
		dev->aen_ns_masked = false;
}

/* Reading the SMART log re-arms its events unless RAE says keep. */
static void log_smart_read(struct nvmev_dev *dev,
			   const struct nvme_command *cmd)
{
	if (nvmev_cdw(cmd, 10) & NVME_LOG_RAE)
		return;
	dev->aen_smart_masked = false;
	aen_check_temperature(dev);
}

static const struct admin_cmd admin_cmds[256];

static bool admin_cmd_supported(struct nvmev_dev *dev, u8 opcode)
{
	return admin_cmds[opcode].fn &&
	       (!admin_cmds[opcode].needs_fdp || dev->fdp);
}

/*
 * An I/O opcode's effects in Command Set @csi: what it does in any
 * namespace of that set that takes it.
 */
static u32 io_effects(struct nvmev_dev *dev, u8 csi, u8 op)
{
	struct nvmev_ns *ns;
	u32 effects = 0;

	nvmev_for_each_ns(dev, ns) {
		if (!ns->attached || ns->csi != csi ||
		    !nvmev_io_opcode_supported(dev, ns, op))
			continue;
		effects |= NVME_CMD_EFFECTS_CSUPP;
		if (nvmev_io_opcode_changes_data(ns, op))
			effects |= NVME_CMD_EFFECTS_LBCC;
	}
	return effects;
}

/* The I/O opcodes are those of the Command Set CSI names. */
static size_t log_cmd_effects(struct nvmev_dev *dev,
			      const struct nvme_command *cmd, void *buf)
{
	struct nvme_effects_log *log = buf;
	int op;

	for (op = 0; op < 256; op++) {
		if (admin_cmd_supported(dev, op))
			log->acs[op] = cpu_to_le32(NVME_CMD_EFFECTS_CSUPP |
						   admin_cmds[op].effects);
		log->iocs[op] = cpu_to_le32(io_effects(dev,
						       cmd->get_log_page.csi,
						       op));
	}
	return sizeof(*log);
}

static u16 log_cmd_effects_check(struct nvmev_dev *dev,
				 const struct nvme_command *cmd)
{
	if (!csi_supported(dev, cmd->get_log_page.csi))
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	return NVME_SC_SUCCESS;
}

/*
 * A log page's builder fills @buf (zeroed, NVMEV_ADMIN_PAGE bytes) and
 * returns the log's size; @check, if any, first says whether the command
 * may read it at all; @read, if any, is what a read that reached the host
 * does to it.
 */
struct log_page {
	u8 lid;
	size_t (*build)(struct nvmev_dev *dev, const struct nvme_command *cmd,
			void *buf);
	u16 (*check)(struct nvmev_dev *dev, const struct nvme_command *cmd);
	void (*read)(struct nvmev_dev *dev, const struct nvme_command *cmd);
};

static const struct log_page log_pages[] = {
	{ NVME_LOG_ERROR, log_error },
	{ NVME_LOG_SMART, log_smart, .read = log_smart_read },
	{ NVME_LOG_FW_SLOT, log_fw_slot },
	{ NVME_LOG_CHANGED_NS, log_changed_ns, .read = log_changed_ns_read },
	{ NVME_LOG_CMD_EFFECTS, log_cmd_effects, log_cmd_effects_check },
	/* Endurance groups exist with FDP: the same check of LSI. */
	{ NVME_LOG_ENDURANCE_GROUP, log_endurance, nvmev_fdp_log_check },
	{ NVMEV_LOG_LBA_STATUS, nvmev_lba_status_log },
	{ NVMEV_LOG_FDP_CONFIGS, nvmev_fdp_log_configs, nvmev_fdp_log_check },
	{ NVMEV_LOG_FDP_RUH_USAGE, nvmev_fdp_log_ruh_usage,
	  nvmev_fdp_log_check },
	{ NVMEV_LOG_FDP_STATS, nvmev_fdp_log_stats, nvmev_fdp_log_check },
	{ NVMEV_LOG_FDP_EVENTS, nvmev_fdp_log_events, nvmev_fdp_log_check },
};

static u16 admin_get_log_page(struct nvmev_dev *dev,
			      const struct nvme_command *cmd, u32 *result)
{
	u32 dw10 = nvmev_cdw(cmd, 10), dw11 = nvmev_cdw(cmd, 11);
	u64 numd = ((u64)NVME_LOG_NUMDU(dw11) << 16 | NVME_LOG_NUMDL(dw10)) + 1;
	u64 offset = le64_to_cpu(cmd->get_log_page.lpo);
	u64 len = numd * sizeof(u32);
	const struct log_page *page = NULL;
	size_t i, size;
	u16 status;

	for (i = 0; i < ARRAY_SIZE(log_pages); i++)
		if (log_pages[i].lid == NVME_LOG_LID(dw10))
			page = &log_pages[i];
	if (!page)
		return NVME_SC_INVALID_LOG_PAGE | NVMEV_DNR;
	status = page->check ? page->check(dev, cmd) : NVME_SC_SUCCESS;
	if (status)
		return status;
	if (len > NVMEV_MAX_XFER_BYTES || offset % sizeof(u32))
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;

	memset(dev->admin_buf, 0, NVMEV_ADMIN_PAGE);
	size = page->build(dev, cmd, dev->admin_buf);
	if (offset >= size)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	status = nvmev_copy_to_host(dev, cmd, dev->admin_buf + offset,
				    size - offset, len);
	if (!status && page->read)
		page->read(dev, cmd);
	return status;
}

/* ---- Queues ---- */

static u16 admin_create_cq(struct nvmev_dev *dev, const struct nvme_command *cmd,
			   u32 *result)
{
	u16 qid = le16_to_cpu(cmd->create_cq.cqid);
	u32 size = (u32)le16_to_cpu(cmd->create_cq.qsize) + 1;
	u16 flags = le16_to_cpu(cmd->create_cq.cq_flags);
	u16 vector = le16_to_cpu(cmd->create_cq.irq_vector);
	struct nvmev_cq *cq = &dev->cqs[qid];
	void *entries;

	if (!qid || qid > dev->feat.nr_io_cqs || cq->valid)
		return NVME_SC_QID_INVALID | NVMEV_DNR;
	if (size < 2 || size > NVMEV_MAX_QUEUE_ENTRIES)
		return NVME_SC_QUEUE_SIZE | NVMEV_DNR;
	if (!(flags & NVME_QUEUE_PHYS_CONTIG))
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	if (vector >= NVMEV_MSIX_VECTORS)
		return NVME_SC_INVALID_VECTOR | NVMEV_DNR;
	entries = nvmev_host_queue_map(le64_to_cpu(cmd->create_cq.prp1), size,
				       sizeof(struct nvme_completion));
	if (!entries)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;

	WRITE_ONCE(*nvmev_doorbell(dev, qid, true), 0);
	spin_lock(&cq->lock);
	cq->entries = entries;
	cq->size = size;
	cq->tail = 0;
	cq->phase = 1;
	cq->vector = vector;
	cq->irq_enabled = flags & NVME_CQ_IRQ_ENABLED;
	cq->nr_sqs = 0;
	cq->valid = true;
	spin_unlock(&cq->lock);
	return NVME_SC_SUCCESS;
}

static u16 admin_create_sq(struct nvmev_dev *dev, const struct nvme_command *cmd,
			   u32 *result)
{
	u16 qid = le16_to_cpu(cmd->create_sq.sqid);
	u32 size = (u32)le16_to_cpu(cmd->create_sq.qsize) + 1;
	u16 flags = le16_to_cpu(cmd->create_sq.sq_flags);
	u16 cqid = le16_to_cpu(cmd->create_sq.cqid);
	struct nvmev_sq *sq = &dev->sqs[qid];
	void *entries;

	if (!qid || qid > dev->feat.nr_io_sqs || sq->valid)
		return NVME_SC_QID_INVALID | NVMEV_DNR;
	if (!cqid || cqid >= NVMEV_NR_QUEUES || !dev->cqs[cqid].valid)
		return NVME_SC_CQ_INVALID | NVMEV_DNR;
	if (size < 2 || size > NVMEV_MAX_QUEUE_ENTRIES)
		return NVME_SC_QUEUE_SIZE | NVMEV_DNR;
	if (!(flags & NVME_QUEUE_PHYS_CONTIG))
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	entries = nvmev_host_queue_map(le64_to_cpu(cmd->create_sq.prp1), size,
				       sizeof(struct nvme_command));
	if (!entries)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;

	WRITE_ONCE(*nvmev_doorbell(dev, qid, false), 0);
	sq->entries = entries;
	sq->size = size;
	sq->head = 0;
	sq->cq = &dev->cqs[cqid];
	sq->cq->nr_sqs++;
	sq->worker = (qid - 1) % dev->cfg.nr_workers;
	WRITE_ONCE(sq->valid, true);
	return NVME_SC_SUCCESS;
}

/*
 * The SQ's commands still queued in workers are dropped (the epoch no
 * longer matches): the host has given them up.
 */
static u16 admin_delete_sq(struct nvmev_dev *dev, const struct nvme_command *cmd,
			   u32 *result)
{
	u16 qid = le16_to_cpu(cmd->delete_queue.qid);
	struct nvmev_sq *sq = &dev->sqs[qid];

	if (!qid || qid >= NVMEV_NR_QUEUES || !sq->valid)
		return NVME_SC_QID_INVALID | NVMEV_DNR;
	WRITE_ONCE(sq->valid, false);
	WRITE_ONCE(sq->epoch, sq->epoch + 1);
	/* Its commands must be over before the host reuses their buffers. */
	nvmev_workers_sync(dev);
	sq->cq->nr_sqs--;
	memunmap(sq->entries);
	sq->entries = NULL;
	return NVME_SC_SUCCESS;
}

static u16 admin_delete_cq(struct nvmev_dev *dev, const struct nvme_command *cmd,
			   u32 *result)
{
	u16 qid = le16_to_cpu(cmd->delete_queue.qid);
	struct nvmev_cq *cq = &dev->cqs[qid];
	void *entries;

	if (!qid || qid >= NVMEV_NR_QUEUES || !cq->valid)
		return NVME_SC_QID_INVALID | NVMEV_DNR;
	if (cq->nr_sqs)
		return NVME_SC_INVALID_QUEUE | NVMEV_DNR;
	spin_lock(&cq->lock);
	cq->valid = false;
	entries = cq->entries;
	cq->entries = NULL;
	spin_unlock(&cq->lock);
	memunmap(entries);
	return NVME_SC_SUCCESS;
}

/* ---- The rest ---- */

/* Commands are fetched as soon as they arrive: there is none to abort. */
static u16 admin_abort(struct nvmev_dev *dev, const struct nvme_command *cmd,
		       u32 *result)
{
	*result = NVME_ABORT_NOT_ABORTED;
	return NVME_SC_SUCCESS;
}

/*
 * Format NVM of one attached namespace, or of all of them (FFFFFFFFh);
 * each is formatted alone (FNA 0).  With no protection information or
 * metadata, MSET, PI and PIL must be 0; SES 1 (user data erase) is what
 * every format does anyway; there is no cryptographic erase.
 */
static u16 admin_format_nvm(struct nvmev_dev *dev,
			    const struct nvme_command *cmd, u32 *result)
{
	u32 nsid = le32_to_cpu(cmd->format.nsid);
	u32 dw10 = le32_to_cpu(cmd->format.cdw10);
	u8 lbaf = NVME_FORMAT_LBAF(dw10);
	struct nvmev_ns *ns;
	u16 status;

	if (!nvmev_ns_active(dev, nsid) && nsid != NVME_NSID_ALL)
		return nvmev_nsid_inactive_status(dev, nsid);
	if (lbaf >= NVMEV_NR_LBAFS)
		return NVME_SC_INVALID_FORMAT | NVMEV_DNR;
	if ((dw10 & NVME_FORMAT_MSET_PI_PIL) ||
	    NVME_FORMAT_SES(dw10) > NVME_FORMAT_SES_USER_DATA)
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

/* ---- Namespace Management and Attachment ---- */

/*
 * The FTL of a namespace Namespace Management makes in Command Set @csi:
 * ftl='s for NVM, kv for KV (kv_layout=nvme).  NULL if none can be.
 */
static const struct ftl_ops *ns_mgmt_ftl(struct nvmev_dev *dev, u8 csi)
{
	const struct ftl_ops *ops = dev->cfg.ftl_ops;
	bool kv_set = dev->cfg.kv_layout == NVMEV_KV_NVME;

	if (csi == KV_NVME_CSI)
		return kv_set ? &kv_ftl_ops : NULL;
	if (csi != NVME_CSI_NVM || (ops == &kv_ftl_ops && kv_set))
		return NULL;
	return ops;
}

/*
 * Create: the host's Identify Namespace data, of the new namespace's
 * Command Set, gives its size.  NVM: NSZE in LBAs of format FLBAS, NCAP
 * the same (no thin provisioning), DPS 0 (no protection information).
 * KV: NSZE in bytes.  Either way NMIC 0: there is one controller to share
 * with.  The new namespace is not attached; dword 0 is its NSID.
 */
static u16 ns_mgmt_create(struct nvmev_dev *dev, const struct nvme_command *cmd,
			  u32 *result)
{
	struct nvme_id_ns *id = dev->admin_buf;
	u8 csi = NVMEV_NS_MGMT_CSI(nvmev_cdw(cmd, 11));
	const struct ftl_ops *ops = ns_mgmt_ftl(dev, csi);
	u64 nsze, ncap;
	u8 lbaf = NVMEV_LBAF_512, shift = 0;
	u16 status;

	if (!ops)
		return NVMEV_SC_IOCS_NOT_SUPPORTED | NVMEV_DNR;
	status = nvmev_copy_from_host(dev, cmd, id, sizeof(*id));
	if (status)
		return status;
	if (csi == KV_NVME_CSI) {
		if (!nvmev_kv_create_data(id, &nsze))
			return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	} else {
		nsze = le64_to_cpu(id->nsze);
		ncap = le64_to_cpu(id->ncap);
		lbaf = nvme_lbaf_index(id->flbas);
		shift = NVMEV_LBAF_SHIFT(lbaf);
		if (lbaf >= NVMEV_NR_LBAFS)
			return NVME_SC_INVALID_FORMAT | NVMEV_DNR;
		if (id->dps || id->nmic || ncap > nsze)
			return NVME_SC_INVALID_FIELD | NVMEV_DNR;
		if (ncap < nsze)
			return NVME_SC_THIN_PROV_NOT_SUPP | NVMEV_DNR;
	}
	if (!nsze)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	if (nsze > dev->storage_size >> shift)
		return NVME_SC_NS_INSUFFICIENT_CAP | NVMEV_DNR;
	return nvmev_ns_create(dev, ops, dev->cfg.ftl_params.profile,
			       nsze << shift, lbaf, csi, result);
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

static u16 admin_ns_mgmt(struct nvmev_dev *dev, const struct nvme_command *cmd,
			 u32 *result)
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
static u16 admin_ns_attach(struct nvmev_dev *dev, const struct nvme_command *cmd,
			   u32 *result)
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

static u16 admin_get_lba_status(struct nvmev_dev *dev,
				const struct nvme_command *cmd, u32 *result)
{
	return nvmev_get_lba_status(dev, cmd);
}

/* Directives exist for Data Placement: only with FDP (fdp.c). */
static u16 admin_directive_send(struct nvmev_dev *dev,
				const struct nvme_command *cmd, u32 *result)
{
	return nvmev_fdp_directive_send(dev, cmd);
}

static u16 admin_directive_recv(struct nvmev_dev *dev,
				const struct nvme_command *cmd, u32 *result)
{
	return nvmev_fdp_directive_recv(dev, cmd);
}

/* Format changes data and capacity, and excludes other I/O meanwhile. */
#define NVME_CMD_EFFECTS_CSE_NS	(1 << 16)
#define FORMAT_EFFECTS	(NVME_CMD_EFFECTS_LBCC | NVME_CMD_EFFECTS_NCC | \
			 NVME_CMD_EFFECTS_CSE_NS)
/* Namespaces come and go: the host rescans when the command is done. */
#define NS_INVENTORY_EFFECTS	(NVME_CMD_EFFECTS_NIC | NVME_CMD_EFFECTS_NCC)

static const struct admin_cmd admin_cmds[256] = {
	[nvme_admin_delete_sq] = { admin_delete_sq },
	[nvme_admin_create_sq] = { admin_create_sq },
	[nvme_admin_get_log_page] = { admin_get_log_page },
	[nvme_admin_delete_cq] = { admin_delete_cq },
	[nvme_admin_create_cq] = { admin_create_cq },
	[nvme_admin_identify] = { admin_identify },
	[nvme_admin_abort_cmd] = { admin_abort },
	[nvme_admin_set_features] = { admin_set_features },
	[nvme_admin_get_features] = { admin_get_features },
	[nvme_admin_async_event] = { admin_async_event },
	[nvme_admin_format_nvm] = { admin_format_nvm, FORMAT_EFFECTS },
	[nvme_admin_ns_mgmt] = { admin_ns_mgmt, NS_INVENTORY_EFFECTS },
	[nvme_admin_ns_attach] = { admin_ns_attach, NS_INVENTORY_EFFECTS },
	[nvme_admin_get_lba_status] = { admin_get_lba_status },
	[nvme_admin_directive_send] = { .fn = admin_directive_send,
					.needs_fdp = true },
	[nvme_admin_directive_recv] = { .fn = admin_directive_recv,
					.needs_fdp = true },
};

void nvmev_admin_run(struct nvmev_dev *dev, struct nvme_command *cmd)
{
	const struct admin_cmd *handler = &admin_cmds[cmd->common.opcode];
	u16 status;
	u32 result = 0;

	if (!admin_cmd_supported(dev, cmd->common.opcode))
		status = NVME_SC_INVALID_OPCODE | NVMEV_DNR;
	else if (cmd->common.flags & (NVME_CMD_FUSE_MASK | NVME_CMD_PSDT_MASK))
		status = NVME_SC_INVALID_FIELD | NVMEV_DNR;
	else
		status = handler->fn(dev, cmd, &result);
	if (status == NVMEV_STATUS_DEFERRED)
		return;
	trace_nvmev_admin(cmd->common.command_id, cmd->common.opcode, status,
			  result);
	if (status)
		nvmev_record_error(dev, 0, cmd->common.command_id, status, 0,
				   le32_to_cpu(cmd->common.nsid));
	nvmev_cq_post(dev, &dev->cqs[0], 0, cmd->common.command_id, status,
		      result);
	nvmev_signal_irq(dev, dev->cqs[0].vector);
}
