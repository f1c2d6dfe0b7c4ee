// SPDX-License-Identifier: GPL-2.0
/*
 * The NVM Command Set: one handler per I/O opcode, in a table.  A handler
 * checks its command and describes it to the FTL (prepare), or carries it
 * out in the dispatcher (execute); io.c does what every command shares.
 */
#define pr_fmt(fmt) "nvmev: " fmt

#include <linux/blk_types.h>
#include "nvmev.h"

static u16 lba_range_check(const struct nvmev_ns *ns, u64 slba, u64 nlb)
{
	if (slba >= ns->nr_lbas || nlb > ns->nr_lbas - slba)
		return NVME_SC_LBA_RANGE | NVMEV_DNR;
	return NVME_SC_SUCCESS;
}

/*
 * A media error found while preparing a command: it still takes the time
 * the FTL gives it (the media was tried), moves no data, and fails.
 */
static void io_media_error(struct nvmev_dev *dev, struct nvmev_io_req *req,
			   u16 status, u64 lba)
{
	req->status = status;
	req->xfer = NVMEV_XFER_NONE;
	nvmev_record_error(dev, req->sqid, req->cid, status, lba, req->nsid);
}

/*
 * The first LBA of [@slba, @slba + @nlb) a read fails at (a Write
 * Uncorrectable mark, or an error injected), or @slba + @nlb.  Injection
 * is asked only about the LBAs before the first mark.
 */
static u64 io_first_unreadable(struct nvmev_ns *ns, u64 slba, u64 nlb)
{
	const struct inject_cfg *cfg;
	u64 bad = nvmev_uncor_find(ns, slba, nlb);

	if (bad == slba)
		return bad;
	rcu_read_lock();
	cfg = rcu_dereference(ns->inject);
	if (cfg)
		bad = inject_read_error(cfg, &ns->inject_state, slba,
					bad - slba);
	rcu_read_unlock();
	return bad;
}

/* The first LBA of [@slba, @slba + @nlb) a write fails at, or @slba + @nlb. */
static u64 io_first_unwritable(struct nvmev_ns *ns, u64 slba, u64 nlb)
{
	const struct inject_cfg *cfg;
	u64 bad = slba + nlb;

	rcu_read_lock();
	cfg = rcu_dereference(ns->inject);
	if (cfg)
		bad = inject_write_error(cfg, &ns->inject_state, slba, nlb);
	rcu_read_unlock();
	return bad;
}

/*
 * Whether a range that ends at @end can be read or written, given the
 * first LBA in it that cannot, @bad; if @bad is in it, the request fails
 * there with @status: Unrecovered Read Error or Write Fault.
 */
static bool io_media_ok(struct nvmev_dev *dev, struct nvmev_io_req *req,
			u64 bad, u64 end, u16 status)
{
	if (bad == end)
		return true;
	io_media_error(dev, req, status | NVMEV_DNR, bad);
	return false;
}

static bool io_check_readable(struct nvmev_dev *dev, struct nvmev_ns *ns,
			      struct nvmev_io_req *req, u64 slba, u64 nlb)
{
	return io_media_ok(dev, req, io_first_unreadable(ns, slba, nlb),
			   slba + nlb, NVME_SC_READ_ERROR);
}

static bool io_check_writable(struct nvmev_dev *dev, struct nvmev_ns *ns,
			      struct nvmev_io_req *req, u64 slba, u64 nlb)
{
	return io_media_ok(dev, req, io_first_unwritable(ns, slba, nlb),
			   slba + nlb, NVME_SC_WRITE_FAULT);
}

/*
 * The LBAs of a command that names a range (SLBA in CDW10-11, NLB in CDW12
 * bits 15:0, 0's based), checked against @ns, and where they are in bytes
 * for the request and for the FTL.
 */
u16 nvmev_io_lba_range(const struct nvmev_ns *ns,
		       const struct nvme_command *cmd, struct nvmev_io_req *req,
		       struct ftl_io *fio, u64 *slba, u64 *nlb)
{
	u16 status;

	*slba = le64_to_cpu(cmd->rw.slba);
	*nlb = (u64)le16_to_cpu(cmd->rw.length) + 1;
	status = lba_range_check(ns, *slba, *nlb);
	if (status)
		return status;
	req->offset = nvmev_lba_to_bytes(ns, *slba);
	req->length = nvmev_lba_to_bytes(ns, *nlb);
	fio->offset = req->offset;
	fio->length = req->length;
	return NVME_SC_SUCCESS;
}

/* SMART counts data in 512-byte units, whatever the LBA size. */
static u64 smart_sectors(const struct nvmev_ns *ns, u64 nlb)
{
	return nvmev_lba_to_bytes(ns, nlb) >> SECTOR_SHIFT;
}

/* Read, Write and Compare: a data buffer of NLB blocks at SLBA. */
static u16 io_prepare_rw(struct nvmev_dev *dev, struct nvmev_ns *ns,
			 const struct nvme_command *cmd,
			 struct nvmev_io_req *req, struct ftl_io *fio,
			 u64 slba, u64 nlb)
{
	bool write = cmd->rw.opcode == nvme_cmd_write;
	u16 status;

	if (req->length > NVMEV_MAX_XFER_BYTES)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;

	if (write) {
		status = nvmev_fdp_place_write(dev, ns, cmd, fio);
		if (status)
			return status;
	}
	switch (cmd->rw.opcode) {
	case nvme_cmd_write:
		req->xfer = NVMEV_XFER_FROM_HOST;
		break;
	case nvme_cmd_compare:
		req->xfer = NVMEV_XFER_COMPARE;
		break;
	default:
		req->xfer = NVMEV_XFER_TO_HOST;
		break;
	}
	req->prp1 = le64_to_cpu(cmd->rw.dptr.prp1);
	req->prp2 = le64_to_cpu(cmd->rw.dptr.prp2);
	/* Compare reads the media and takes the host's data in, as a read. */
	fio->op = write ? FTL_OP_WRITE : FTL_OP_READ;
	/* Host Read Commands are Read and Compare commands. */
	if (write) {
		dev->smart.sectors_written += smart_sectors(ns, nlb);
		dev->smart.write_cmds++;
		if (io_check_writable(dev, ns, req, slba, nlb))
			nvmev_uncor_clear(ns, slba, nlb);
	} else {
		dev->smart.sectors_read += smart_sectors(ns, nlb);
		dev->smart.read_cmds++;
		io_check_readable(dev, ns, req, slba, nlb);
	}
	return NVME_SC_SUCCESS;
}

/*
 * Write Uncorrectable: reads of the LBAs fail until they are written
 * again.  Their old data is gone, so the FTL may unmap it as it would a
 * deallocated range; the storage keeps it, unreachable.
 */
static u16 io_prepare_write_uncor(struct nvmev_dev *dev, struct nvmev_ns *ns,
				  const struct nvme_command *cmd,
				  struct nvmev_io_req *req, struct ftl_io *fio,
				  u64 slba, u64 nlb)
{
	if (nvmev_uncor_mark(ns, slba, nlb))
		return NVME_SC_INTERNAL;
	fio->op = FTL_OP_TRIM;
	return NVME_SC_SUCCESS;
}

/*
 * Verify: the media is read and checked, nothing crosses the link.  With
 * no protection information there is nothing for PRACT to do: the spec
 * has it cleared.
 */
static u16 io_prepare_verify(struct nvmev_dev *dev, struct nvmev_ns *ns,
			     const struct nvme_command *cmd,
			     struct nvmev_io_req *req, struct ftl_io *fio,
			     u64 slba, u64 nlb)
{
	if (le16_to_cpu(cmd->rw.control) & NVME_RW_PRINFO_PRACT)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	fio->op = FTL_OP_READ;
	fio->internal = true;
	/* Data Units Read counts what Verify checks; Host Read Commands not. */
	dev->smart.sectors_read += smart_sectors(ns, nlb);
	io_check_readable(dev, ns, req, slba, nlb);
	return NVME_SC_SUCCESS;
}

static u16 io_prepare_flush(struct nvmev_dev *dev,
			    const struct nvme_command *cmd,
			    struct nvmev_io_req *req, struct ftl_io *fio)
{
	fio->op = FTL_OP_FLUSH;
	return NVME_SC_SUCCESS;
}

static u16 io_prepare_write_zeroes(struct nvmev_dev *dev, struct nvmev_ns *ns,
				   const struct nvme_command *cmd,
				   struct nvmev_io_req *req, struct ftl_io *fio,
				   u64 slba, u64 nlb)
{
	req->xfer = NVMEV_XFER_ZERO;
	fio->op = FTL_OP_WRITE_ZEROES;
	if (io_check_writable(dev, ns, req, slba, nlb))
		nvmev_uncor_clear(ns, slba, nlb);
	return NVME_SC_SUCCESS;
}

static u16 io_prepare_dsm(struct nvmev_dev *dev, const struct nvme_command *cmd,
			  struct nvmev_io_req *req, struct ftl_io *fio)
{
	struct nvme_dsm_range *dsm_ranges = dev->dispatch_ranges.dsm;
	struct nvmev_ns *ns = nvmev_cmd_ns(dev, cmd);
	u32 nr = NVMEV_DSM_NR(le32_to_cpu(cmd->dsm.nr));
	u64 total = 0;
	u16 status;
	u32 i;

	status = nvmev_copy_from_host(dev, cmd, dsm_ranges,
				      nr * sizeof(dsm_ranges[0]));
	if (status)
		return status;
	for (i = 0; i < nr; i++) {
		u64 slba = le64_to_cpu(dsm_ranges[i].slba);
		u64 nlb = le32_to_cpu(dsm_ranges[i].nlb);

		if (!nlb)
			continue;
		status = lba_range_check(ns, slba, nlb);
		if (status)
			return status;
		total += nvmev_lba_to_bytes(ns, nlb);
	}
	/* Without the deallocate attribute the ranges are only hints. */
	if (!(le32_to_cpu(cmd->dsm.attributes) & NVME_DSMGMT_AD))
		return NVME_SC_SUCCESS;
	/* Deallocated blocks read as zeroes, marked ones included. */
	for (i = 0; i < nr; i++)
		nvmev_uncor_clear(ns, le64_to_cpu(dsm_ranges[i].slba),
				  le32_to_cpu(dsm_ranges[i].nlb));
	req->xfer = NVMEV_XFER_DEALLOCATE;
	req->nr_ranges = nr;
	req->length = total;
	req->prp1 = le64_to_cpu(cmd->dsm.dptr.prp1);
	req->prp2 = le64_to_cpu(cmd->dsm.dptr.prp2);
	/* The FTL is told range by range: see nvm_ftl_dsm(). */
	fio->op = FTL_OP_TRIM;
	return NVME_SC_SUCCESS;
}

static u64 copy_range_nlb(const struct nvmev_copy_range *range)
{
	return (u64)le16_to_cpu(range->nlb) + 1;
}

/* Copy stops at range @i: Dword 0 names it, the error log @lba. */
static void io_copy_fails(struct nvmev_dev *dev, struct nvmev_io_req *req,
			  u32 i, u16 status, u64 lba)
{
	req->status = status | NVMEV_DNR;
	req->result = i;
	nvmev_record_error(dev, req->sqid, req->cid, req->status, lba,
			   req->nsid);
}

/*
 * Copy, Source Range Entries of format 0.  The limits come first (NR, then
 * each NLB, then their sum), then the ranges.  The copy then goes range by
 * range as the data will move: the first range whose source cannot be
 * read, or whose destination cannot be written, stops it, Dword 0 of the
 * completion naming that range, and what came before is copied.  The
 * destination becomes readable as it is written, so a later range reading
 * from there sees it so.
 */
static u16 io_prepare_copy(struct nvmev_dev *dev,
			   const struct nvme_command *cmd,
			   struct nvmev_io_req *req, struct ftl_io *fio)
{
	struct nvmev_copy_range *ranges = dev->dispatch_ranges.copy;
	struct nvmev_ns *ns = nvmev_cmd_ns(dev, cmd);
	u32 cdw12 = nvmev_cdw(cmd, 12);
	u32 nr = NVMEV_COPY_NR(cdw12), i;
	u64 sdlba = le64_to_cpu(cmd->rw.slba), dlba, total = 0;
	u16 status;

	if (NVMEV_COPY_DESFMT(cdw12) != NVMEV_COPY_DESFMT_0)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	if (nr > NVMEV_COPY_MAX_RANGES)
		return NVMEV_SC_CMD_SIZE_LIMIT | NVMEV_DNR;
	status = nvmev_copy_from_host(dev, cmd, ranges, nr * sizeof(*ranges));
	if (status)
		return status;
	for (i = 0; i < nr; i++) {
		u64 nlb = copy_range_nlb(&ranges[i]);

		if (nvmev_lba_to_bytes(ns, nlb) > NVMEV_COPY_MAX_RANGE_BYTES)
			return NVMEV_SC_CMD_SIZE_LIMIT | NVMEV_DNR;
		total += nlb;
	}
	if (nvmev_lba_to_bytes(ns, total) > NVMEV_COPY_MAX_BYTES)
		return NVMEV_SC_CMD_SIZE_LIMIT | NVMEV_DNR;
	for (i = 0; i < nr; i++) {
		status = lba_range_check(ns, le64_to_cpu(ranges[i].slba),
					 copy_range_nlb(&ranges[i]));
		if (status)
			return status;
	}
	status = lba_range_check(ns, sdlba, total) ?:
		 nvmev_fdp_place_write(dev, ns, cmd, fio);
	if (status)
		return status;

	for (i = 0, dlba = sdlba; i < nr; i++) {
		u64 slba = le64_to_cpu(ranges[i].slba);
		u64 nlb = copy_range_nlb(&ranges[i]);
		u64 bad = io_first_unreadable(ns, slba, nlb);

		if (bad < slba + nlb) {
			io_copy_fails(dev, req, i, NVME_SC_READ_ERROR, bad);
			break;
		}
		bad = io_first_unwritable(ns, dlba, nlb);
		if (bad < dlba + nlb) {
			io_copy_fails(dev, req, i, NVME_SC_WRITE_FAULT, bad);
			break;
		}
		nvmev_uncor_clear(ns, dlba, nlb);
		dlba += nlb;
	}
	req->nr_ranges = i;
	req->offset = nvmev_lba_to_bytes(ns, sdlba);
	req->length = nvmev_lba_to_bytes(ns, dlba - sdlba);
	req->prp1 = le64_to_cpu(cmd->common.dptr.prp1);
	req->prp2 = le64_to_cpu(cmd->common.dptr.prp2);
	if (i)
		req->xfer = NVMEV_XFER_COPY;
	return NVME_SC_SUCCESS;
}

/* Both I/O Management commands are FDP's, and done in the dispatcher. */
static u16 io_exec_mgmt_recv(struct nvmev_dev *dev,
			     const struct nvme_command *cmd,
			     struct nvmev_io_req *req, u64 now_ns)
{
	return nvmev_fdp_io_mgmt_recv(dev, cmd);
}

static u16 io_exec_mgmt_send(struct nvmev_dev *dev,
			     const struct nvme_command *cmd,
			     struct nvmev_io_req *req, u64 now_ns)
{
	return nvmev_fdp_io_mgmt_send(dev, cmd);
}

/* Deallocated blocks read as zeroes (DLFEAT), so deallocate zeroes them. */
u16 nvmev_nvm_deallocate(struct nvmev_dev *dev, struct nvmev_io_req *req,
			 struct nvme_dsm_range *ranges)
{
	struct nvmev_ns *ns = nvmev_req_ns(dev, req);
	struct nvme_command cmd = { };
	u16 status;
	u32 i;

	cmd.dsm.dptr.prp1 = cpu_to_le64(req->prp1);
	cmd.dsm.dptr.prp2 = cpu_to_le64(req->prp2);
	status = nvmev_copy_from_host(dev, &cmd, ranges,
				      req->nr_ranges * sizeof(*ranges));
	if (status)
		return status;
	for (i = 0; i < req->nr_ranges; i++) {
		u64 slba = le64_to_cpu(ranges[i].slba);
		u64 nlb = le32_to_cpu(ranges[i].nlb);

		if (!nlb)
			continue;
		/* The host may have changed the list since it was checked. */
		if (lba_range_check(ns, slba, nlb))
			return NVME_SC_LBA_RANGE | NVMEV_DNR;
		nvmev_store_zero(&ns->store, nvmev_lba_to_bytes(ns, slba),
				 nvmev_lba_to_bytes(ns, nlb));
	}
	return NVME_SC_SUCCESS;
}

/*
 * Moves Copy's data range by range, from the list as the host has it now:
 * one it changed since io_prepare_copy() checked it must still fit the
 * namespace and the destination planned.  Ranges may overlap: each moves
 * as memmove() does.
 */
u16 nvmev_nvm_copy(struct nvmev_dev *dev, struct nvmev_io_req *req,
		   struct nvmev_copy_range *ranges)
{
	struct nvmev_ns *ns = nvmev_req_ns(dev, req);
	u64 dst = req->offset, end = req->offset + req->length;
	struct nvme_command cmd = { };
	u16 status;
	u32 i;

	cmd.common.dptr.prp1 = cpu_to_le64(req->prp1);
	cmd.common.dptr.prp2 = cpu_to_le64(req->prp2);
	status = nvmev_copy_from_host(dev, &cmd, ranges,
				      req->nr_ranges * sizeof(*ranges));
	if (status)
		return status;
	for (i = 0; i < req->nr_ranges; i++) {
		u64 slba = le64_to_cpu(ranges[i].slba);
		u64 nlb = copy_range_nlb(&ranges[i]);
		u64 len = nvmev_lba_to_bytes(ns, nlb);

		if (lba_range_check(ns, slba, nlb) || len > end - dst)
			return NVME_SC_LBA_RANGE | NVMEV_DNR;
		status = nvmev_store_move(&ns->store, dst,
					  nvmev_lba_to_bytes(ns, slba), len);
		if (status)
			return status;
		dst += len;
		cond_resched();
	}
	return NVME_SC_SUCCESS;
}

/*
 * A deallocate reaches the FTL one range at a time, from the copy
 * io_prepare_dsm() checked, so a mapping FTL unmaps exactly what the host
 * named; the command completes with its last range.
 */
static u64 nvm_ftl_dsm(struct nvmev_dev *dev, const struct nvmev_io_req *req,
		       struct ftl_io *fio)
{
	const struct nvme_dsm_range *ranges = dev->dispatch_ranges.dsm;
	struct nvmev_ns *ns = nvmev_req_ns(dev, req);
	u64 done = fio->now_ns;
	u32 i;

	/* Without the deallocate attribute the FTL has nothing to unmap. */
	if (fio->op != FTL_OP_TRIM)
		return nvmev_ftl_submit(ns, fio);
	for (i = 0; i < req->nr_ranges; i++) {
		u64 nlb = le32_to_cpu(ranges[i].nlb);

		if (!nlb)
			continue;
		fio->offset = nvmev_lba_to_bytes(ns,
						 le64_to_cpu(ranges[i].slba));
		fio->length = nvmev_lba_to_bytes(ns, nlb);
		done = max(done, nvmev_ftl_submit(ns, fio));
	}
	return done;
}

/*
 * Copy reads its source ranges and writes them at SDLBA, all inside the
 * device.  The FTL takes the write at submission too, having no way to
 * start it when the reads end: the command completes when the slower of
 * the two does.  A copy that failed read up to the range that failed and
 * wrote the ranges before it.
 */
static u64 nvm_ftl_copy(struct nvmev_dev *dev, const struct nvmev_io_req *req,
			struct ftl_io *fio)
{
	const struct nvmev_copy_range *ranges = dev->dispatch_ranges.copy;
	struct nvmev_ns *ns = nvmev_req_ns(dev, req);
	u32 tried = req->nr_ranges + (req->status ? 1 : 0);
	u64 done = fio->now_ns;
	u32 i;

	fio->internal = true;
	fio->op = FTL_OP_READ;
	for (i = 0; i < tried; i++) {
		u64 slba = le64_to_cpu(ranges[i].slba);

		fio->offset = nvmev_lba_to_bytes(ns, slba);
		fio->length = nvmev_lba_to_bytes(ns,
						 copy_range_nlb(&ranges[i]));
		done = max(done, nvmev_ftl_submit(ns, fio));
	}
	if (req->length) {
		fio->op = FTL_OP_WRITE;
		fio->offset = req->offset;
		fio->length = req->length;
		done = max(done, nvmev_ftl_submit(ns, fio));
	}
	return done;
}

/* The NVM Command Set: the block namespace of every FTL but kv. */
static const struct nvmev_io_cmd nvm_io_cmds[256] = {
	[nvme_cmd_flush] = { .prepare = io_prepare_flush },
	[nvme_cmd_write] = { .prepare_range = io_prepare_rw,
			     .changes_data = true },
	[nvme_cmd_read] = { .prepare_range = io_prepare_rw },
	[nvme_cmd_write_uncor] = { .prepare_range = io_prepare_write_uncor,
				   .changes_data = true },
	[nvme_cmd_compare] = { .prepare_range = io_prepare_rw },
	[nvme_cmd_write_zeroes] = { .prepare_range = io_prepare_write_zeroes,
				    .changes_data = true },
	[nvme_cmd_dsm] = { .prepare = io_prepare_dsm, .submit = nvm_ftl_dsm,
			   .changes_data = true },
	[nvme_cmd_verify] = { .prepare_range = io_prepare_verify },
	[NVMEV_CMD_COPY] = { .prepare = io_prepare_copy,
			     .submit = nvm_ftl_copy, .changes_data = true },
	[NVMEV_CMD_IO_MGMT_RECV] = { .execute = io_exec_mgmt_recv,
				     .needs_fdp = true },
	[NVMEV_CMD_IO_MGMT_SEND] = { .execute = io_exec_mgmt_send,
				     .needs_fdp = true },
};

const struct nvmev_cmd_set nvmev_nvm_cmd_set = {
	.name = "NVM",
	.csi = NVME_CSI_NVM,
	.io_cmds = nvm_io_cmds,
	.nvm_identify = true,
	.create_data = nvmev_nvm_create_data,
};
