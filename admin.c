// SPDX-License-Identifier: GPL-2.0
/*
 * Admin commands, one handler each, found through a table indexed by
 * opcode.  The same table answers the Commands Supported and Effects log, so
 * what is advertised is exactly what is implemented.  The handlers of
 * Identify, features, log pages, events and namespaces live with what they
 * serve; the queues' are here.
 */
#define pr_fmt(fmt) "nvmev: " fmt

#include "nvmev.h"
#include "trace.h"

struct admin_cmd {
	nvmev_admin_fn fn;
	u32 effects;		/* beyond CSUPP, for the effects log */
	bool needs_fdp;		/* only a controller with FDP has it */
};

/* ---- Queues ---- */

/* What a new queue of either kind must be: CAP.CQR asks for one piece. */
static u16 queue_check(u32 size, u16 flags)
{
	if (size < 2 || size > NVMEV_MAX_QUEUE_ENTRIES)
		return NVME_SC_QUEUE_SIZE | NVMEV_DNR;
	if (!(flags & NVME_QUEUE_PHYS_CONTIG))
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	return NVME_SC_SUCCESS;
}

static u16 admin_create_cq(struct nvmev_dev *dev, const struct nvme_command *cmd,
			   u64 *result)
{
	u16 qid = le16_to_cpu(cmd->create_cq.cqid);
	u32 size = (u32)le16_to_cpu(cmd->create_cq.qsize) + 1;
	u16 flags = le16_to_cpu(cmd->create_cq.cq_flags);
	u16 vector = le16_to_cpu(cmd->create_cq.irq_vector);
	struct nvmev_cq *cq = &dev->cqs[qid];
	void *entries;
	u16 status;

	if (!qid || qid > dev->feat.nr_io_cqs || cq->valid)
		return NVME_SC_QID_INVALID | NVMEV_DNR;
	status = queue_check(size, flags);
	if (status)
		return status;
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
			   u64 *result)
{
	u16 qid = le16_to_cpu(cmd->create_sq.sqid);
	u32 size = (u32)le16_to_cpu(cmd->create_sq.qsize) + 1;
	u16 flags = le16_to_cpu(cmd->create_sq.sq_flags);
	u16 cqid = le16_to_cpu(cmd->create_sq.cqid);
	struct nvmev_sq *sq = &dev->sqs[qid];
	void *entries;
	u16 status;

	if (!qid || qid > dev->feat.nr_io_sqs || sq->valid)
		return NVME_SC_QID_INVALID | NVMEV_DNR;
	if (!cqid || cqid >= NVMEV_NR_QUEUES || !dev->cqs[cqid].valid)
		return NVME_SC_CQ_INVALID | NVMEV_DNR;
	status = queue_check(size, flags);
	if (status)
		return status;
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
	nvmev_sq_set_valid(dev, sq, true);
	return NVME_SC_SUCCESS;
}

/*
 * The SQ's commands still queued in workers are dropped (the epoch no
 * longer matches): the host has given them up.
 */
static u16 admin_delete_sq(struct nvmev_dev *dev, const struct nvme_command *cmd,
			   u64 *result)
{
	u16 qid = le16_to_cpu(cmd->delete_queue.qid);
	struct nvmev_sq *sq = &dev->sqs[qid];

	if (!qid || qid >= NVMEV_NR_QUEUES || !sq->valid)
		return NVME_SC_QID_INVALID | NVMEV_DNR;
	nvmev_sq_set_valid(dev, sq, false);
	WRITE_ONCE(sq->epoch, sq->epoch + 1);
	/* Its commands must be over before the host reuses their buffers. */
	nvmev_workers_sync(dev);
	sq->cq->nr_sqs--;
	memunmap(sq->entries);
	sq->entries = NULL;
	return NVME_SC_SUCCESS;
}

static u16 admin_delete_cq(struct nvmev_dev *dev, const struct nvme_command *cmd,
			   u64 *result)
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
	nvmev_irq_coalescing_end(dev, cq);
	entries = cq->entries;
	cq->entries = NULL;
	spin_unlock(&cq->lock);
	memunmap(entries);
	return NVME_SC_SUCCESS;
}

/* ---- The rest ---- */

/* Commands are fetched as soon as they arrive: there is none to abort. */
static u16 admin_abort(struct nvmev_dev *dev, const struct nvme_command *cmd,
		       u64 *result)
{
	*result = NVMEV_ABORT_NOT_ABORTED;
	return NVME_SC_SUCCESS;
}

/* ---- Namespace Management and Attachment ---- */

static u16 admin_get_lba_status(struct nvmev_dev *dev,
				const struct nvme_command *cmd, u64 *result)
{
	return nvmev_get_lba_status(dev, cmd);
}

/* Directives exist for Data Placement: only with FDP (fdp.c). */
static u16 admin_directive_send(struct nvmev_dev *dev,
				const struct nvme_command *cmd, u64 *result)
{
	return nvmev_fdp_directive_send(dev, cmd);
}

static u16 admin_directive_recv(struct nvmev_dev *dev,
				const struct nvme_command *cmd, u64 *result)
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
	[nvme_admin_get_log_page] = { nvmev_admin_get_log_page },
	[nvme_admin_delete_cq] = { admin_delete_cq },
	[nvme_admin_create_cq] = { admin_create_cq },
	[nvme_admin_identify] = { nvmev_admin_identify },
	[nvme_admin_abort_cmd] = { admin_abort },
	[nvme_admin_set_features] = { nvmev_admin_set_features },
	[nvme_admin_get_features] = { nvmev_admin_get_features },
	[nvme_admin_async_event] = { nvmev_admin_async_event },
	[nvme_admin_format_nvm] = { nvmev_admin_format_nvm, FORMAT_EFFECTS },
	[nvme_admin_ns_mgmt] = { nvmev_admin_ns_mgmt, NS_INVENTORY_EFFECTS },
	[nvme_admin_ns_attach] = { nvmev_admin_ns_attach, NS_INVENTORY_EFFECTS },
	[nvme_admin_get_lba_status] = { admin_get_lba_status },
	[nvme_admin_directive_send] = { .fn = admin_directive_send,
					.needs_fdp = true },
	[nvme_admin_directive_recv] = { .fn = admin_directive_recv,
					.needs_fdp = true },
};

/* An admin opcode's effects (CSUPP set), or 0 if it is not supported. */
u32 nvmev_admin_effects(struct nvmev_dev *dev, u8 opcode)
{
	const struct admin_cmd *handler = &admin_cmds[opcode];

	if (!handler->fn || (handler->needs_fdp && !dev->fdp))
		return 0;
	return NVME_CMD_EFFECTS_CSUPP | handler->effects;
}

void nvmev_admin_run(struct nvmev_dev *dev, struct nvme_command *cmd)
{
	const struct admin_cmd *handler = &admin_cmds[cmd->common.opcode];
	u16 status;
	u64 result = 0;

	if (!nvmev_admin_effects(dev, cmd->common.opcode))
		status = NVME_SC_INVALID_OPCODE | NVMEV_DNR;
	else if (cmd->common.flags & (NVMEV_CMD_FUSE_MASK | NVMEV_CMD_PSDT_MASK))
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
