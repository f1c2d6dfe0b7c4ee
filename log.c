// SPDX-License-Identifier: GPL-2.0
/*
 * Get Log Page: a table of log pages, each built into the admin buffer
 * and copied out from the offset the host asked for.
 */
#define pr_fmt(fmt) "nvmev: " fmt

#include <linux/ktime.h>
#include "nvmev.h"

#define NVMEV_SECS_PER_HOUR	3600

/*
 * A log page's builder fills @buf (zeroed, NVMEV_ADMIN_PAGE bytes) and
 * returns the log's size; @check, if any, first says whether the command
 * may read it at all; @read, if any, is what a read that reached the host
 * does to it.
 */
struct log_page {
	u8 lid;
	nvmev_log_builder *build;
	u16 (*check)(struct nvmev_dev *dev, const struct nvme_command *cmd);
	void (*read)(struct nvmev_dev *dev, const struct nvme_command *cmd);
};

static size_t log_error(struct nvmev_dev *dev, const struct nvme_command *cmd,
			void *buf)
{
	struct nvmev_error_log_entry *out = buf;
	u64 i, n;

	spin_lock(&dev->error_lock);
	n = min_t(u64, dev->error_count, NVMEV_ERROR_LOG_ENTRIES);
	/* Newest first. */
	for (i = 0; i < n; i++)
		out[i] = dev->errors[(dev->error_count - 1 - i) %
				     NVMEV_ERROR_LOG_ENTRIES];
	spin_unlock(&dev->error_lock);
	return NVMEV_ERROR_LOG_ENTRIES * sizeof(*out);
}

static size_t log_smart(struct nvmev_dev *dev, const struct nvme_command *cmd,
			void *buf)
{
	struct nvme_smart_log *log = buf;
	u16 temp = nvmev_temperature();
	u64 hours = div64_u64(ktime_get_ns() - dev->load_ns,
			      NSEC_PER_SEC * NVMEV_SECS_PER_HOUR);

	if (nvmev_temperature_critical(dev))
		log->critical_warning |= NVME_SMART_CRIT_TEMPERATURE;
	log->temperature[0] = temp & 0xff;
	log->temperature[1] = temp >> 8;
	log->avail_spare = NVMEV_SMART_SPARE;
	log->spare_thresh = NVMEV_SMART_SPARE_THRESH;
	nvmev_put_u128(log->data_units_read, nvmev_data_units(dev->smart.sectors_read));
	nvmev_put_u128(log->data_units_written,
		 nvmev_data_units(dev->smart.sectors_written));
	nvmev_put_u128(log->host_reads, dev->smart.read_cmds);
	nvmev_put_u128(log->host_writes, dev->smart.write_cmds);
	nvmev_put_u128(log->power_cycles, 1);
	nvmev_put_u128(log->power_on_hours, hours);
	nvmev_put_u128(log->num_err_log_entries, READ_ONCE(dev->error_count));
	return sizeof(*log);
}

static size_t log_fw_slot(struct nvmev_dev *dev, const struct nvme_command *cmd,
			  void *buf)
{
	struct nvme_fw_slot_info_log *log = buf;

	log->afi = 1;		/* slot 1 is active */
	nvmev_id_string((char *)&log->frs[0], sizeof(log->frs[0]),
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
	if (!(nvmev_cdw(cmd, 10) & NVMEV_LOG_RAE))
		dev->aen_ns_masked = false;
}

/* Reading the SMART log re-arms its events unless RAE says keep. */
static void log_smart_read(struct nvmev_dev *dev,
			   const struct nvme_command *cmd)
{
	if (nvmev_cdw(cmd, 10) & NVMEV_LOG_RAE)
		return;
	dev->aen_smart_masked = false;
	nvmev_aen_check_temperature(dev);
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
		const struct nvmev_io_cmd *handler;

		if (!ns->attached || ns->cmd_set->csi != csi)
			continue;
		handler = nvmev_io_cmd(dev, ns, op);
		if (!handler)
			continue;
		effects |= NVME_CMD_EFFECTS_CSUPP;
		if (handler->changes_data)
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
		log->acs[op] = cpu_to_le32(nvmev_admin_effects(dev, op));
		log->iocs[op] = cpu_to_le32(io_effects(dev,
						       cmd->get_log_page.csi,
						       op));
	}
	return sizeof(*log);
}

static u16 log_cmd_effects_check(struct nvmev_dev *dev,
				 const struct nvme_command *cmd)
{
	if (!nvmev_cmd_set_by_csi(dev, cmd->get_log_page.csi))
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	return NVME_SC_SUCCESS;
}

static const struct log_page log_pages[] = {
	{ NVME_LOG_ERROR, log_error },
	{ NVME_LOG_SMART, log_smart, .read = log_smart_read },
	{ NVME_LOG_FW_SLOT, log_fw_slot },
	{ NVME_LOG_CHANGED_NS, log_changed_ns, .read = log_changed_ns_read },
	{ NVME_LOG_CMD_EFFECTS, log_cmd_effects, log_cmd_effects_check },
	/* Endurance groups exist with FDP: the same check of LSI. */
	{ NVME_LOG_ENDURANCE_GROUP, nvmev_fdp_log_endurance,
	  nvmev_fdp_log_check },
	{ NVMEV_LOG_LBA_STATUS, nvmev_lba_status_log },
	{ NVMEV_LOG_FDP_CONFIGS, nvmev_fdp_log_configs, nvmev_fdp_log_check },
	{ NVMEV_LOG_FDP_RUH_USAGE, nvmev_fdp_log_ruh_usage,
	  nvmev_fdp_log_check },
	{ NVMEV_LOG_FDP_STATS, nvmev_fdp_log_stats, nvmev_fdp_log_check },
	{ NVMEV_LOG_FDP_EVENTS, nvmev_fdp_log_events, nvmev_fdp_log_check },
	{ NVMEV_LOG_CHANGED_ZONES, nvmev_zns_changed_log,
	  nvmev_zns_changed_log_check, nvmev_zns_changed_log_read },
};

u16 nvmev_admin_get_log_page(struct nvmev_dev *dev,
			     const struct nvme_command *cmd, u64 *result)
{
	u32 dw10 = nvmev_cdw(cmd, 10), dw11 = nvmev_cdw(cmd, 11);
	u64 numd = ((u64)NVMEV_LOG_NUMDU(dw11) << 16 | NVMEV_LOG_NUMDL(dw10)) + 1;
	u64 offset = le64_to_cpu(cmd->get_log_page.lpo);
	u64 len = numd * sizeof(u32);
	const struct log_page *page = NULL;
	size_t i, size;
	u16 status;

	for (i = 0; i < ARRAY_SIZE(log_pages); i++)
		if (log_pages[i].lid == NVMEV_LOG_LID(dw10))
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
