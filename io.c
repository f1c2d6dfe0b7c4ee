// SPDX-License-Identifier: GPL-2.0
/*
 * I/O commands.  The dispatcher validates each command and asks the FTL
 * when it completes; an I/O worker moves its data right away and posts the
 * completion at that time.  Workers keep their requests in a min-heap on
 * completion time, so a slow command never holds back a fast one.
 */
#define pr_fmt(fmt) "nvmev: " fmt

#include <linux/kthread.h>
#include <linux/delay.h>
#include <linux/log2.h>
#include <linux/ktime.h>
#include <linux/blk_types.h>
#include "nvmev.h"
#include "trace.h"

/* Requests in flight per worker; bounds the ring and the heap. */
#define NVMEV_WORKER_CAPACITY		4096
/* A worker spins rather than sleeps when its next completion is this near. */
#define NVMEV_WORKER_SPIN_NS		(20 * NSEC_PER_USEC)
/*
 * A command that is due at once and moves at most this much data completes
 * in the dispatcher: handing it to a worker costs more than the copy.
 */
#define NVMEV_INLINE_MAX_BYTES		SZ_16K

/*
 * The namespace of a request on its way to a worker: one that moves data
 * names a namespace, which stays until the workers have moved it.
 */
static struct nvmev_ns *io_req_ns(struct nvmev_dev *dev,
				  const struct nvmev_io_req *req)
{
	return nvmev_ns_slot(dev, req->nsid);
}

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
 * Whether [@slba, @slba + @nlb) can be read; if not, the request fails
 * with Unrecovered Read Error at the first LBA that cannot.
 */
static bool io_check_readable(struct nvmev_dev *dev, struct nvmev_ns *ns,
			      struct nvmev_io_req *req, u64 slba, u64 nlb)
{
	u64 bad = io_first_unreadable(ns, slba, nlb);

	if (bad == slba + nlb)
		return true;
	io_media_error(dev, req, NVME_SC_READ_ERROR | NVMEV_DNR, bad);
	return false;
}

/* Likewise for a write, which fails with Write Fault. */
static bool io_check_writable(struct nvmev_dev *dev, struct nvmev_ns *ns,
			      struct nvmev_io_req *req, u64 slba, u64 nlb)
{
	u64 bad = io_first_unwritable(ns, slba, nlb);

	if (bad == slba + nlb)
		return true;
	io_media_error(dev, req, NVME_SC_WRITE_FAULT | NVMEV_DNR, bad);
	return false;
}

/*
 * The LBAs of a command that names a range (SLBA in CDW10-11, NLB in CDW12
 * bits 15:0, 0's based), checked against @ns, and where they are in bytes
 * for the request and for the FTL.
 */
static u16 io_lba_range(const struct nvmev_ns *ns,
			const struct nvme_command *cmd,
			struct nvmev_io_req *req, struct ftl_io *fio,
			u64 *slba, u64 *nlb)
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
static u16 io_prepare_rw(struct nvmev_dev *dev, const struct nvme_command *cmd,
			 struct nvmev_io_req *req, struct ftl_io *fio)
{
	struct nvmev_ns *ns = nvmev_cmd_ns(dev, cmd);
	bool write = cmd->rw.opcode == nvme_cmd_write;
	u64 slba, nlb;
	u16 status = io_lba_range(ns, cmd, req, fio, &slba, &nlb);

	if (status)
		return status;
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
static u16 io_prepare_write_uncor(struct nvmev_dev *dev,
				  const struct nvme_command *cmd,
				  struct nvmev_io_req *req, struct ftl_io *fio)
{
	struct nvmev_ns *ns = nvmev_cmd_ns(dev, cmd);
	u64 slba, nlb;
	u16 status = io_lba_range(ns, cmd, req, fio, &slba, &nlb);

	if (status)
		return status;
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
static u16 io_prepare_verify(struct nvmev_dev *dev,
			     const struct nvme_command *cmd,
			     struct nvmev_io_req *req, struct ftl_io *fio)
{
	struct nvmev_ns *ns = nvmev_cmd_ns(dev, cmd);
	u64 slba, nlb;
	u16 status = io_lba_range(ns, cmd, req, fio, &slba, &nlb);

	if (status)
		return status;
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

static u16 io_prepare_write_zeroes(struct nvmev_dev *dev,
				   const struct nvme_command *cmd,
				   struct nvmev_io_req *req, struct ftl_io *fio)
{
	struct nvmev_ns *ns = nvmev_cmd_ns(dev, cmd);
	u64 slba, nlb;
	u16 status = io_lba_range(ns, cmd, req, fio, &slba, &nlb);

	if (status)
		return status;
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
	u32 nr = NVME_DSM_NR(le32_to_cpu(cmd->dsm.nr));
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
	/* The FTL is told range by range: see io_ftl_submit(). */
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

/* The NVM Command Set: the block namespace of every FTL but kv. */
const struct nvmev_io_cmd nvmev_nvm_io_cmds[256] = {
	[nvme_cmd_flush] = { .prepare = io_prepare_flush },
	[nvme_cmd_write] = { .prepare = io_prepare_rw, .changes_data = true,
			     .lba_range = true },
	[nvme_cmd_read] = { .prepare = io_prepare_rw, .lba_range = true },
	[nvme_cmd_write_uncor] = { .prepare = io_prepare_write_uncor,
				   .changes_data = true, .lba_range = true },
	[nvme_cmd_compare] = { .prepare = io_prepare_rw, .lba_range = true },
	[nvme_cmd_write_zeroes] = { .prepare = io_prepare_write_zeroes,
				    .changes_data = true, .lba_range = true },
	[nvme_cmd_dsm] = { .prepare = io_prepare_dsm, .changes_data = true },
	[nvme_cmd_verify] = { .prepare = io_prepare_verify, .lba_range = true },
	[NVMEV_CMD_COPY] = { .prepare = io_prepare_copy, .changes_data = true },
	[NVMEV_CMD_IO_MGMT_RECV] = { .execute = io_exec_mgmt_recv,
				     .needs_fdp = true },
	[NVMEV_CMD_IO_MGMT_SEND] = { .execute = io_exec_mgmt_send,
				     .needs_fdp = true },
};

/* Whether namespace @ns (attached, allocated) takes @opcode. */
bool nvmev_io_opcode_supported(struct nvmev_dev *dev, struct nvmev_ns *ns,
			       u8 opcode)
{
	const struct nvmev_io_cmd *handler = &ns->io_cmds[opcode];

	return (handler->prepare || handler->execute) &&
	       (!handler->needs_fdp || nvmev_fdp_endgid(dev, ns));
}

bool nvmev_io_opcode_changes_data(struct nvmev_ns *ns, u8 opcode)
{
	return ns->io_cmds[opcode].changes_data;
}

static u64 io_ftl_submit(struct nvmev_dev *dev, u8 opcode,
			 const struct nvmev_io_req *req, struct ftl_io *fio);

/*
 * Whether error injection has @cmd never complete, before it does
 * anything: the host's timeout handling then aborts it, in vain, and
 * resets the controller, which finds nothing of it to clean up.
 */
static bool io_times_out(struct nvmev_ns *ns, const struct nvme_command *cmd,
			 bool lba_range)
{
	const struct inject_cfg *cfg;
	bool hang = false;

	rcu_read_lock();
	cfg = rcu_dereference(ns->inject);
	if (cfg)
		hang = inject_timeout(cfg, &ns->inject_state, lba_range,
				      le64_to_cpu(cmd->rw.slba),
				      (u64)le16_to_cpu(cmd->rw.length) + 1);
	rcu_read_unlock();
	return hang;
}

/* Flush of every namespace at once: done when the slowest one is. */
static u64 io_flush_all(struct nvmev_dev *dev, struct ftl_io *fio)
{
	u64 done = fio->now_ns;
	struct nvmev_ns *ns;

	fio->op = FTL_OP_FLUSH;
	nvmev_for_each_ns(dev, ns)
		if (ns->attached)
			done = max(done, ns->ftl_ops->submit(ns->ftl, fio));
	return done;
}

/*
 * Checks what every command shares, then hands @cmd to its handler;
 * req->complete_ns is when it completes, failed or not.  Returns
 * NVMEV_STATUS_HUNG for a command error injection has never complete.
 */
static u16 io_dispatch(struct nvmev_dev *dev, const struct nvme_command *cmd,
		       struct nvmev_io_req *req, struct ftl_io *fio)
{
	u32 nsid = le32_to_cpu(cmd->common.nsid);
	struct nvmev_ns *ns = nvmev_ns_active(dev, nsid);
	const struct nvmev_io_cmd *handler;
	u16 status;

	req->complete_ns = fio->now_ns;
	if (cmd->common.flags & (NVME_CMD_FUSE_MASK | NVME_CMD_PSDT_MASK))
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	/* Only Flush may name every namespace at once. */
	if (nsid == NVME_NSID_ALL && cmd->common.opcode == nvme_cmd_flush) {
		req->complete_ns = io_flush_all(dev, fio);
		return NVME_SC_SUCCESS;
	}
	if (!ns)
		return nvmev_nsid_inactive_status(dev, nsid);
	if (!nvmev_io_opcode_supported(dev, ns, cmd->common.opcode))
		return NVME_SC_INVALID_OPCODE | NVMEV_DNR;
	handler = &ns->io_cmds[cmd->common.opcode];
	if (io_times_out(ns, cmd, handler->lba_range))
		return NVMEV_STATUS_HUNG;
	if (handler->execute)
		return handler->execute(dev, cmd, req, fio->now_ns);
	status = handler->prepare(dev, cmd, req, fio);
	if (status)
		return status;
	req->complete_ns = io_ftl_submit(dev, cmd->common.opcode, req, fio);
	/* Garbage collection may have moved data of FDP handles. */
	if (dev->fdp)
		nvmev_fdp_take_relocations(dev);
	return NVME_SC_SUCCESS;
}

/* Deallocated blocks read as zeroes (DLFEAT), so deallocate zeroes them. */
static u16 io_deallocate(struct nvmev_dev *dev, struct nvmev_io_req *req,
			 struct nvme_dsm_range *ranges)
{
	struct nvmev_ns *ns = io_req_ns(dev, req);
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
		nvmev_ns_zero(ns, nvmev_lba_to_bytes(ns, slba),
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
static u16 io_copy(struct nvmev_dev *dev, struct nvmev_io_req *req,
		   struct nvmev_copy_range *ranges)
{
	struct nvmev_ns *ns = io_req_ns(dev, req);
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
		memmove(ns->storage + dst,
			ns->storage + nvmev_lba_to_bytes(ns, slba), len);
		dst += len;
		cond_resched();
	}
	return NVME_SC_SUCCESS;
}

/* Moves a request's data; @ranges is the caller's scratch for range lists. */
static void io_move_data(struct nvmev_dev *dev, struct nvmev_io_req *req,
			 union nvmev_ranges *ranges)
{
	u16 status = NVME_SC_SUCCESS;
	u64 error_offset = 0;	/* bytes into the request, for the log */
	struct nvmev_ns *ns;

	if (req->xfer == NVMEV_XFER_NONE)
		return;
	ns = io_req_ns(dev, req);
	switch (req->xfer) {
	case NVMEV_XFER_TO_HOST:
	case NVMEV_XFER_FROM_HOST:
		status = nvmev_storage_xfer(dev, req->prp1, req->prp2,
					    ns->storage + req->offset,
					    req->length, req->buf_len,
					    req->xfer == NVMEV_XFER_TO_HOST);
		break;
	case NVMEV_XFER_ZERO:
		nvmev_ns_zero(ns, req->offset, req->length);
		break;
	case NVMEV_XFER_DEALLOCATE:
		status = io_deallocate(dev, req, ranges->dsm);
		break;
	case NVMEV_XFER_COPY:
		status = io_copy(dev, req, ranges->copy);
		break;
	case NVMEV_XFER_COMPARE:
		status = nvmev_storage_compare(dev, req->prp1, req->prp2,
					       ns->storage + req->offset,
					       req->length, &error_offset);
		break;
	default:
		break;
	}
	req->xfer = NVMEV_XFER_NONE;	/* moved: never again */
	if (status) {
		req->status = status;
		nvmev_record_error(dev, req->sqid, req->cid, status,
				   nvmev_bytes_to_lba(ns, req->offset +
						      error_offset),
				   req->nsid);
	}
}

/* One interrupt per completion queue that got entries in a batch. */
void nvmev_signal_cqs(struct nvmev_dev *dev, unsigned long *cq_touched)
{
	unsigned int qid;

	for_each_set_bit(qid, cq_touched, NVMEV_NR_QUEUES) {
		struct nvmev_cq *cq = &dev->cqs[qid];

		__clear_bit(qid, cq_touched);
		if (cq->irq_enabled)
			nvmev_signal_irq(dev, cq->vector);
	}
}

static u32 ring_mask(struct nvmev_dev *dev)
{
	return dev->worker_capacity - 1;
}

bool nvmev_io_has_room(struct nvmev_dev *dev, struct nvmev_sq *sq)
{
	struct nvmev_worker *w = &dev->workers[sq->worker];

	return atomic_read(&w->inflight) < dev->worker_capacity;
}

/*
 * A deallocate reaches the FTL one range at a time, from the copy
 * io_prepare_dsm() checked, so a mapping FTL unmaps exactly what the host
 * named; the command completes with its last range.
 */
static u64 io_ftl_deallocate(struct nvmev_dev *dev,
			     const struct nvmev_io_req *req, struct ftl_io *fio)
{
	const struct nvme_dsm_range *ranges = dev->dispatch_ranges.dsm;
	struct nvmev_ns *ns = io_req_ns(dev, req);
	const struct ftl_ops *ops = ns->ftl_ops;
	u64 done = fio->now_ns;
	u32 i;

	for (i = 0; i < req->nr_ranges; i++) {
		u64 nlb = le32_to_cpu(ranges[i].nlb);

		if (!nlb)
			continue;
		fio->offset = nvmev_lba_to_bytes(ns,
						 le64_to_cpu(ranges[i].slba));
		fio->length = nvmev_lba_to_bytes(ns, nlb);
		done = max(done, ops->submit(ns->ftl, fio));
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
static u64 io_ftl_copy(struct nvmev_dev *dev, const struct nvmev_io_req *req,
		       struct ftl_io *fio)
{
	const struct nvmev_copy_range *ranges = dev->dispatch_ranges.copy;
	struct nvmev_ns *ns = io_req_ns(dev, req);
	const struct ftl_ops *ops = ns->ftl_ops;
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
		done = max(done, ops->submit(ns->ftl, fio));
	}
	if (req->length) {
		fio->op = FTL_OP_WRITE;
		fio->offset = req->offset;
		fio->length = req->length;
		done = max(done, ops->submit(ns->ftl, fio));
	}
	return done;
}

/* When the FTL completes a prepared command. */
static u64 io_ftl_submit(struct nvmev_dev *dev, u8 opcode,
			 const struct nvmev_io_req *req, struct ftl_io *fio)
{
	struct nvmev_ns *ns = io_req_ns(dev, req);

	if (opcode == nvme_cmd_dsm && fio->op == FTL_OP_TRIM)
		return io_ftl_deallocate(dev, req, fio);
	if (opcode == NVMEV_CMD_COPY)
		return io_ftl_copy(dev, req, fio);
	return ns->ftl_ops->submit(ns->ftl, fio);
}

/* Queues one command to its SQ's worker; the caller checked for room. */
void nvmev_io_submit(struct nvmev_dev *dev, struct nvmev_sq *sq,
		     const struct nvme_command *cmd)
{
	struct nvmev_worker *w = &dev->workers[sq->worker];
	struct nvmev_io_req *req = &w->ring[w->ring_tail & ring_mask(dev)];
	struct ftl_io fio = { .now_ns = ktime_get_ns() };
	u16 status;

	memset(req, 0, sizeof(*req));
	req->sqid = sq->qid;
	req->cid = cmd->common.command_id;
	req->sq_epoch = sq->epoch;
	req->gen = dev->gen;
	req->nsid = le32_to_cpu(cmd->common.nsid);
	status = io_dispatch(dev, cmd, req, &fio);
	if (status == NVMEV_STATUS_HUNG) {
		/* Its ring slot is not taken: it is forgotten here. */
		trace_nvmev_io_submit(sq->qid, req->cid, cmd->common.opcode,
				      0, 0, status, 0);
		return;
	}
	if (status) {
		req->status = status;
		req->xfer = NVMEV_XFER_NONE;
		nvmev_record_error(dev, sq->qid, req->cid, status,
				   le64_to_cpu(cmd->rw.slba),
				   le32_to_cpu(cmd->common.nsid));
	}
	trace_nvmev_io_submit(sq->qid, req->cid, cmd->common.opcode,
			      req->offset, req->length, req->status,
			      req->complete_ns - fio.now_ns);
	if (req->complete_ns <= fio.now_ns &&
	    req->length <= NVMEV_INLINE_MAX_BYTES) {
		io_move_data(dev, req, &dev->dispatch_ranges);
		if (nvmev_cq_post(dev, sq->cq, sq->qid, req->cid, req->status,
				  req->result)) {
			trace_nvmev_io_complete(sq->qid, req->cid, req->status,
						ktime_get_ns() - req->complete_ns);
			__set_bit(sq->cq->qid, dev->dispatch_cq_touched);
			return;
		}
		/* The CQ is full: a worker posts it once there is room. */
	}

	atomic_inc(&w->inflight);
	smp_store_release(&w->ring_tail, w->ring_tail + 1);
	/* Pairs with the barrier in set_current_state() in worker_sleep(). */
	smp_mb();
	if (READ_ONCE(w->sleeping))
		wake_up_process(w->task);
}

/* ---- Workers ---- */

static void heap_swap(struct nvmev_io_req *a, struct nvmev_io_req *b)
{
	struct nvmev_io_req t = *a;

	*a = *b;
	*b = t;
}

static void heap_push(struct nvmev_worker *w, const struct nvmev_io_req *req)
{
	u32 i = w->heap_len++;

	w->heap[i] = *req;
	while (i) {
		u32 parent = (i - 1) / 2;

		if (w->heap[parent].complete_ns <= w->heap[i].complete_ns)
			break;
		heap_swap(&w->heap[parent], &w->heap[i]);
		i = parent;
	}
}

static void heap_pop(struct nvmev_worker *w)
{
	u32 i = 0;

	w->heap[0] = w->heap[--w->heap_len];
	for (;;) {
		u32 l = 2 * i + 1, r = l + 1, min = i;

		if (l < w->heap_len &&
		    w->heap[l].complete_ns < w->heap[min].complete_ns)
			min = l;
		if (r < w->heap_len &&
		    w->heap[r].complete_ns < w->heap[min].complete_ns)
			min = r;
		if (min == i)
			break;
		heap_swap(&w->heap[min], &w->heap[i]);
		i = min;
	}
}


static bool ring_empty(struct nvmev_worker *w)
{
	return w->ring_head == smp_load_acquire(&w->ring_tail);
}

/* Takes new requests off the ring, moves their data, keeps them by time. */
static bool worker_drain_ring(struct nvmev_worker *w, u32 gen)
{
	struct nvmev_dev *dev = w->dev;
	bool progress = false;

	while (!ring_empty(w)) {
		struct nvmev_io_req *req = &w->ring[w->ring_head &
						    ring_mask(dev)];

		/* Cancelled by a reset or by the deletion of its SQ. */
		if (req->gen != gen ||
		    READ_ONCE(dev->sqs[req->sqid].epoch) != req->sq_epoch) {
			atomic_dec(&w->inflight);
		} else {
			io_move_data(dev, req, w->ranges);
			heap_push(w, req);
		}
		smp_store_release(&w->ring_head, w->ring_head + 1);
		progress = true;
		cond_resched();
	}
	return progress;
}

static bool worker_complete_due(struct nvmev_worker *w)
{
	struct nvmev_dev *dev = w->dev;
	u64 now = ktime_get_ns();
	bool progress = false;

	while (w->heap_len && w->heap[0].complete_ns <= now) {
		struct nvmev_io_req *req = &w->heap[0];
		struct nvmev_sq *sq = &dev->sqs[req->sqid];

		/* A deleted queue's commands complete nowhere. */
		if (READ_ONCE(sq->valid) && READ_ONCE(sq->epoch) == req->sq_epoch) {
			if (!nvmev_cq_post(dev, sq->cq, req->sqid, req->cid,
					   req->status, req->result))
				break;
			trace_nvmev_io_complete(req->sqid, req->cid,
						req->status,
						now - req->complete_ns);
			__set_bit(sq->cq->qid, w->cq_touched);
		}
		heap_pop(w);
		atomic_dec(&w->inflight);
		progress = true;
	}
	nvmev_signal_cqs(dev, w->cq_touched);
	return progress;
}

static void worker_drop_all(struct nvmev_worker *w)
{
	while (w->heap_len) {
		heap_pop(w);
		atomic_dec(&w->inflight);
	}
}

/*
 * Sleeps until @until_ns (0: until woken).  The dispatcher wakes a
 * sleeping worker when it queues a request.
 */
static void worker_sleep(struct nvmev_worker *w, u64 until_ns)
{
	WRITE_ONCE(w->sleeping, true);
	set_current_state(TASK_INTERRUPTIBLE);
	if (ring_empty(w) && !kthread_should_stop() &&
	    READ_ONCE(w->dev->sync_seq) == w->synced) {
		if (until_ns) {
			ktime_t t = ns_to_ktime(until_ns);

			schedule_hrtimeout_range(&t, NVMEV_WORKER_SPIN_NS / 4,
						 HRTIMER_MODE_ABS);
		} else {
			schedule();
		}
	}
	__set_current_state(TASK_RUNNING);
	WRITE_ONCE(w->sleeping, false);
}

/* One pass of a worker's job; true when it made progress. */
static bool worker_step(struct nvmev_worker *w)
{
	struct nvmev_dev *dev = w->dev;
	/* Orders the reads of gen and SQ epochs below after the barrier. */
	u32 seq = smp_load_acquire(&dev->sync_seq);
	u32 gen = READ_ONCE(dev->gen);
	bool progress;

	if (gen != w->gen) {
		worker_drop_all(w);
		w->gen = gen;
	}
	/* The previous pass is over: acknowledge the barrier. */
	smp_store_release(&w->synced, seq);
	progress = worker_drain_ring(w, gen);
	progress |= worker_complete_due(w);
	return progress;
}

static int nvmev_worker(void *data)
{
	struct nvmev_worker *w = data;
	struct nvmev_dev *dev = w->dev;
	u64 idle_since = ktime_get_ns();
	u64 spin_ns = (u64)dev->cfg.idle_spin_us * NSEC_PER_USEC;

	while (!kthread_should_stop()) {
		bool progress = worker_step(w);
		u64 now = ktime_get_ns();

		if (progress)
			idle_since = now;
		else if (dev->cfg.busy_poll)
			;
		else if (w->heap_len) {
			if (w->heap[0].complete_ns > now + NVMEV_WORKER_SPIN_NS)
				worker_sleep(w, w->heap[0].complete_ns);
		} else if (now - idle_since > spin_ns) {
			worker_sleep(w, 0);
		}
		cond_resched();
	}
	return 0;
}

/*
 * A worker placed on the dispatcher's own CPU has no thread: the dispatcher
 * runs its passes, so the two never wait for each other's time slice.
 * Returns progress and lowers *next_due to the earliest pending deadline.
 */
bool nvmev_inline_workers_step(struct nvmev_dev *dev, u64 *next_due)
{
	bool progress = false;
	unsigned int i;

	for (i = 0; i < dev->cfg.nr_workers; i++) {
		struct nvmev_worker *w = &dev->workers[i];

		if (w->task)
			continue;
		progress |= worker_step(w);
		if (w->heap_len)
			*next_due = min(*next_due, w->heap[0].complete_ns);
	}
	return progress;
}

/*
 * A barrier: returns once every worker has finished the pass it was in.
 * Passes after it see every change the dispatcher made before it (a
 * deleted SQ's epoch, a reset's generation), so no worker still moves data
 * for commands those changes cancelled.
 */
void nvmev_workers_sync(struct nvmev_dev *dev)
{
	u32 seq = dev->sync_seq + 1;
	unsigned int i;

	smp_store_release(&dev->sync_seq, seq);
	for (i = 0; i < dev->cfg.nr_workers; i++) {
		struct nvmev_worker *w = &dev->workers[i];

		if (!w->task) {
			worker_step(w);
			continue;
		}
		while (smp_load_acquire(&w->synced) != seq) {
			wake_up_process(w->task);
			usleep_range(10, 20);
		}
	}
}

/*
 * Returns once every request queued so far has had its data moved: the kv
 * FTL calls it (from the dispatcher) before it reuses or moves value space
 * that copies still in a worker's ring may touch.
 */
void nvmev_workers_drain(void *ctx)
{
	struct nvmev_dev *dev = ctx;
	unsigned int i;

	for (i = 0; i < dev->cfg.nr_workers; i++) {
		struct nvmev_worker *w = &dev->workers[i];
		u32 tail = w->ring_tail;	/* only the dispatcher moves it */

		if (!w->task) {
			worker_step(w);
			continue;
		}
		while (smp_load_acquire(&w->ring_head) != tail) {
			wake_up_process(w->task);
			cpu_relax();
		}
	}
}

/* Drops every command in flight, as a Controller Level Reset does. */
void nvmev_workers_quiesce(struct nvmev_dev *dev)
{
	WRITE_ONCE(dev->gen, dev->gen + 1);
	nvmev_workers_sync(dev);
}

int nvmev_workers_start(struct nvmev_dev *dev)
{
	unsigned int i;

	dev->worker_capacity = roundup_pow_of_two(NVMEV_WORKER_CAPACITY);
	dev->workers = kcalloc(dev->cfg.nr_workers, sizeof(*dev->workers),
			       GFP_KERNEL);
	if (!dev->workers)
		return -ENOMEM;

	for (i = 0; i < dev->cfg.nr_workers; i++) {
		struct nvmev_worker *w = &dev->workers[i];

		w->dev = dev;
		w->id = i;
		w->cpu = dev->cfg.worker_cpus[i];
		w->ring = kvcalloc(dev->worker_capacity, sizeof(*w->ring),
				   GFP_KERNEL);
		w->heap = kvcalloc(dev->worker_capacity, sizeof(*w->heap),
				   GFP_KERNEL);
		w->ranges = kmalloc(sizeof(*w->ranges), GFP_KERNEL);
		if (!w->ring || !w->heap || !w->ranges)
			goto fail;
		if (w->cpu == dev->cfg.dispatcher_cpu)
			continue;	/* the dispatcher runs it */
		w->task = kthread_create_on_node(nvmev_worker, w,
						 cpu_to_node(w->cpu),
						 "nvmev_io/%u", i);
		if (IS_ERR(w->task)) {
			w->task = NULL;
			goto fail;
		}
		kthread_bind(w->task, w->cpu);
		wake_up_process(w->task);
	}
	return 0;
fail:
	nvmev_workers_stop(dev);
	return -ENOMEM;
}

void nvmev_workers_stop(struct nvmev_dev *dev)
{
	unsigned int i;

	if (!dev->workers)
		return;
	for (i = 0; i < dev->cfg.nr_workers; i++) {
		struct nvmev_worker *w = &dev->workers[i];

		if (w->task)
			kthread_stop(w->task);
		kvfree(w->ring);
		kvfree(w->heap);
		kfree(w->ranges);
	}
	kfree(dev->workers);
	dev->workers = NULL;
}
