// SPDX-License-Identifier: GPL-2.0
/*
 * Identify: the controller, its namespaces, their lists and descriptors,
 * and the command-set specific data each namespace's command set gives.
 */
#define pr_fmt(fmt) "nvmev: " fmt

#include <linux/string.h>
#include "nvmev.h"

#define NVMEV_MODEL		"nvmev virtual NVMe SSD"
#define NVMEV_NQN_PREFIX	"nqn.2023-02.io.nvmev:"

static void nvmev_serial(struct nvmev_dev *dev, char *buf, size_t len)
{
	snprintf(buf, len, "NVMEV%09llx",
		 (unsigned long long)dev->cfg.mem_start >> PAGE_SHIFT);
}

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

static void identify_ctrl(struct nvmev_dev *dev, struct nvme_id_ctrl *id)
{
	char serial[sizeof(id->sn) + 1];

	nvmev_serial(dev, serial, sizeof(serial));
	id->vid = cpu_to_le16(NVMEV_PCI_VENDOR_ID);
	id->ssvid = cpu_to_le16(NVMEV_PCI_VENDOR_ID);
	nvmev_id_string(id->sn, sizeof(id->sn), serial);
	nvmev_id_string(id->mn, sizeof(id->mn), NVMEV_MODEL);
	nvmev_id_string(id->fr, sizeof(id->fr), NVMEV_FIRMWARE_REV);
	id->rab = NVMEV_RAB;
	id->mdts = NVMEV_MDTS;
	id->cntlid = cpu_to_le16(NVMEV_CNTLID);
	id->ver = cpu_to_le32(NVMEV_VS_1_4);
	id->oaes = cpu_to_le32(NVMEV_AEN_NOTICES);
	id->ctratt = cpu_to_le32(NVME_CTRL_CTRATT_NAMESPACE_GRANULARITY);
	id->cntrltype = NVMEV_CTRL_CNTRLTYPE_IO;
	id->oacs = cpu_to_le16(NVMEV_CTRL_OACS_FORMAT |
			       NVME_CTRL_OACS_NS_MNGT_SUPP |
			       NVMEV_CTRL_OACS_GET_LBA_STATUS);
	id->acl = NVMEV_ACL;
	id->aerl = NVMEV_AERL;
	id->frmw = NVMEV_CTRL_FRMW_SLOT1_RO | 1 << NVMEV_CTRL_FRMW_SLOTS_SHIFT;
	id->lpa = NVME_CTRL_LPA_CMD_EFFECTS_LOG | NVMEV_CTRL_LPA_EXTENDED_DATA;
	id->elpe = NVMEV_ERROR_LOG_ENTRIES - 1;
	id->wctemp = cpu_to_le16(NVMEV_KELVIN(NVMEV_WCTEMP_C));
	id->cctemp = cpu_to_le16(NVMEV_KELVIN(NVMEV_CCTEMP_C));
	id->sqes = NVMEV_QUEUE_ENTRY_SIZES(NVME_NVM_IOSQES, NVME_NVM_IOSQES);
	id->cqes = NVMEV_QUEUE_ENTRY_SIZES(NVME_NVM_IOCQES, NVME_NVM_IOCQES);
	id->nn = cpu_to_le32(NVMEV_MAX_NAMESPACES);
	nvmev_put_u128(id->tnvmcap, dev->total_capacity);
	nvmev_put_u128(id->unvmcap, nvmev_ns_unallocated(dev));
	id->oncs = cpu_to_le16(NVME_CTRL_ONCS_COMPARE |
			       NVME_CTRL_ONCS_WRITE_UNCORRECTABLE |
			       NVME_CTRL_ONCS_DSM |
			       NVME_CTRL_ONCS_WRITE_ZEROES |
			       NVME_CTRL_ONCS_TIMESTAMP |
			       NVMEV_CTRL_ONCS_VERIFY | NVMEV_CTRL_ONCS_COPY);
	id_put_le16(id, NVMEV_ID_CTRL_OCFS, NVMEV_CTRL_OCFS_FORMAT_0);
	id->vwc = NVME_CTRL_VWC_PRESENT | NVMEV_CTRL_VWC_FLUSH_ALL_NS;
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

/*
 * A sparse namespace is thin provisioned: NUSE counts the LBAs it holds
 * pages for.  Every namespace says in the vendor specific bytes where its
 * data lives, as a none one reads zeroes whatever was written.
 */
static void identify_ns_store(struct nvmev_ns *ns, struct nvme_id_ns *id)
{
	u64 used = nvmev_bytes_to_lba(ns, nvmev_store_used_bytes(&ns->store));

	if (ns->store.kind == NVMEV_STORE_SPARSE) {
		id->nsfeat |= NVME_NS_FEAT_THIN;
		id->nuse = cpu_to_le64(min(used, ns->nr_lbas));
	}
	snprintf((char *)id + NVMEV_ID_NS_VS, NVMEV_ID_NS_VS_LEN,
		 "nvmev storage=%s%s", nvmev_store_kind_name(ns->store.kind),
		 ns->store.kind == NVMEV_STORE_NONE ?
		 ": data is not kept, reads return zeroes" : "");
}

static void identify_ns(struct nvmev_dev *dev, struct nvmev_ns *ns,
			struct nvme_id_ns *id)
{
	u64 lbas = ns->nr_lbas;

	id->nsze = cpu_to_le64(lbas);
	id->ncap = cpu_to_le64(lbas);
	id->nuse = cpu_to_le64(lbas);
	identify_ns_store(ns, id);
	nvmev_put_u128(id->nvmcap, nvmev_lba_to_bytes(ns, lbas));
	identify_lba_formats(id);
	id->flbas = ns->flbas;
	id->dlfeat = NVMEV_NS_DLFEAT_READ_ZEROES | NVMEV_NS_DLFEAT_WRITE_ZEROES_DEAC;
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
	u8 csi = ns->cmd_set->csi;

	nvmev_nguid(dev, ns->nsid, nguid);
	buf = ns_desc_add(buf, NVME_NIDT_NGUID, nguid, sizeof(nguid));
	ns_desc_add(buf, NVME_NIDT_CSI, &csi, sizeof(csi));
}

/*
 * The one size and capacity granularity of every LBA format: storage is
 * handed out in granules, so a namespace whose size is not a multiple of
 * one takes the rest of its last granule too (UNVMCAP shows it).
 */
static void identify_ns_granularity(struct nvmev_ns_granularity_list *list)
{
	list->nod = 0;		/* one descriptor */
	list->desc[0].nszeg = cpu_to_le64(NVMEV_NS_GRANULE);
	list->desc[0].ncapg = cpu_to_le64(NVMEV_NS_GRANULE);
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
 * is attached, unless @allocated will do) and its command set has it
 * (NVM and those built on it), else all zeroes.  FFFFFFFFh asks what all
 * namespaces have in common.
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
	    ns->cmd_set->nvm_identify)
		identify_ns(dev, ns, buf);
	return NVME_SC_SUCCESS;
}

u16 nvmev_admin_identify(struct nvmev_dev *dev, const struct nvme_command *cmd,
			 u64 *result)
{
	u32 nsid = le32_to_cpu(cmd->identify.nsid);
	struct nvmev_ns *ns = nvmev_ns_active(dev, nsid), *slot;
	u16 cntid = le16_to_cpu(cmd->identify.ctrlid);
	void *buf = dev->admin_buf;
	const struct nvmev_cmd_set *set;
	u16 status = NVME_SC_SUCCESS;

	memset(buf, 0, NVMEV_ADMIN_PAGE);
	switch (cmd->identify.cns) {
	case NVME_ID_CNS_CTRL:
		identify_ctrl(dev, buf);
		break;
	case NVME_ID_CNS_CS_CTRL:
		set = nvmev_cmd_set_by_csi(dev, cmd->identify.csi);
		if (!set)
			return NVME_SC_INVALID_FIELD | NVMEV_DNR;
		/* Without limits of its own a set's data is all zeroes. */
		if (set->identify_ctrl)
			set->identify_ctrl(dev, buf);
		break;
	case NVME_ID_CNS_NS_GRANULARITY:
		identify_ns_granularity(buf);
		break;
	case NVMEV_ID_CNS_CS_LIST:
		/* One combination of command sets: all of them. */
		*(__le64 *)buf = cpu_to_le64(nvmev_csi_mask(dev));
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
		if (cmd->identify.csi != ns->cmd_set->csi)
			return NVME_SC_INVALID_FIELD | NVMEV_DNR;
		/* NVM: nothing beyond CNS 00h, all zeroes. */
		if (ns->cmd_set->identify_ns)
			ns->cmd_set->identify_ns(dev, ns, buf);
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
