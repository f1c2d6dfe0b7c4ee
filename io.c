// SPDX-License-Identifier: GPL-2.0
/*
 * The I/O submission path.  The dispatcher checks what every command
 * shares, finds its handler in the namespace's command set, asks the FTL
 * when it completes and queues it to its SQ's worker (worker.c), which
 * moves its data (here) right away and posts the completion at that time.
 */
#define pr_fmt(fmt) "nvmev: " fmt

#include <linux/ktime.h>
#include "nvmev.h"
#include "trace.h"

/*
 * A command that is due at once and moves at most this much data completes
 * in the dispatcher: handing it to a worker costs more than the copy.
 */
#define NVMEV_INLINE_MAX_BYTES		SZ_16K

/*
 * The handler of @opcode in namespace @ns's command set, or in the set it
 * builds on; NULL if neither has one, or it needs FDP the namespace lacks.
 */
const struct nvmev_io_cmd *nvmev_io_cmd(struct nvmev_dev *dev,
					struct nvmev_ns *ns, u8 opcode)
{
	const struct nvmev_cmd_set *set;

	for (set = ns->cmd_set; set; set = set->base) {
		const struct nvmev_io_cmd *handler = &set->io_cmds[opcode];

		if (handler->absent)
			return NULL;
		if (!handler->prepare && !handler->prepare_range &&
		    !handler->execute)
			continue;
		if (handler->needs_fdp && !nvmev_fdp_endgid(dev, ns))
			return NULL;
		return handler;
	}
	return NULL;
}

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
			done = max(done, nvmev_ftl_submit(ns, fio));
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
	if (cmd->common.flags & (NVMEV_CMD_FUSE_MASK | NVMEV_CMD_PSDT_MASK))
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	/* Only Flush may name every namespace at once. */
	if (nsid == NVME_NSID_ALL && cmd->common.opcode == nvme_cmd_flush) {
		req->complete_ns = io_flush_all(dev, fio);
		return NVME_SC_SUCCESS;
	}
	if (!ns)
		return nvmev_nsid_inactive_status(dev, nsid);
	handler = nvmev_io_cmd(dev, ns, cmd->common.opcode);
	if (!handler)
		return NVME_SC_INVALID_OPCODE | NVMEV_DNR;
	if (io_times_out(ns, cmd, handler->prepare_range != NULL))
		return NVMEV_STATUS_HUNG;
	if (handler->execute)
		return handler->execute(dev, cmd, req, fio->now_ns);
	if (handler->prepare_range) {
		u64 slba, nlb;

		status = nvmev_io_lba_range(ns, cmd, req, fio, &slba, &nlb) ?:
			 handler->prepare_range(dev, ns, cmd, req, fio, slba,
						nlb);
	} else {
		status = handler->prepare(dev, cmd, req, fio);
	}
	if (status)
		return status;
	/* Most commands are one FTL operation; a few tell it range by range. */
	req->complete_ns = handler->submit ? handler->submit(dev, req, fio) :
			   nvmev_ftl_submit(ns, fio);
	/* Garbage collection may have moved data of FDP handles. */
	if (dev->fdp)
		nvmev_fdp_take_relocations(dev);
	return NVME_SC_SUCCESS;
}

/* Moves a request's data; @ranges is the caller's scratch for range lists. */
void nvmev_io_move_data(struct nvmev_dev *dev, struct nvmev_io_req *req,
			 union nvmev_ranges *ranges)
{
	u16 status = NVME_SC_SUCCESS;
	u64 error_offset = 0;	/* bytes into the request, for the log */
	struct nvmev_ns *ns;

	if (req->xfer == NVMEV_XFER_NONE)
		return;
	ns = nvmev_req_ns(dev, req);
	switch (req->xfer) {
	case NVMEV_XFER_TO_HOST:
	case NVMEV_XFER_FROM_HOST:
		status = nvmev_store_xfer(dev, &ns->store, req->offset,
					  req->prp1, req->prp2, req->length,
					  req->buf_len,
					  req->xfer == NVMEV_XFER_TO_HOST);
		break;
	case NVMEV_XFER_ZERO:
		nvmev_store_zero(&ns->store, req->offset, req->length);
		break;
	case NVMEV_XFER_DEALLOCATE:
		status = nvmev_nvm_deallocate(dev, req, ranges->dsm);
		break;
	case NVMEV_XFER_COPY:
		status = nvmev_nvm_copy(dev, req, ranges->copy);
		break;
	case NVMEV_XFER_ZONED_READ:
		status = nvmev_zns_read(dev, req);
		break;
	case NVMEV_XFER_COMPARE:
		status = nvmev_store_compare(dev, &ns->store, req->offset,
					     req->prp1, req->prp2, req->length,
					     &error_offset);
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

/*
 * Interrupt Coalescing (Feature 08h) holds an I/O CQ's interrupt back until
 * THR + 1 entries wait in it or TIME * 100 us have passed since the first
 * of them.  Either field at 0 (the reset value) turns it off, and it never
 * applies to the Admin CQ or to a vector with Coalescing Disable set
 * (Feature 09h).  The entries are counted per CQ rather than per vector:
 * Linux gives each CQ a vector of its own.  The count also grows while
 * coalescing is off, so the first batch after the host turns it on is
 * signalled at once.
 */
static bool cq_coalesces(struct nvmev_dev *dev, const struct nvmev_cq *cq,
			 u32 *threshold, u64 *delay_ns)
{
	u32 coalesce = READ_ONCE(dev->feat.irq_coalesce);
	u32 thr = coalesce & NVMEV_FEAT_IRQ_COALESCE_THR_MASK;
	u32 time = coalesce >> NVMEV_FEAT_IRQ_COALESCE_TIME_SHIFT &
		   NVMEV_FEAT_IRQ_COALESCE_TIME_MASK;

	if (!thr || !time || !cq->qid ||
	    test_bit(cq->vector, dev->feat.irq_coalescing_disabled))
		return false;
	*threshold = thr + 1;
	*delay_ns = time * NVMEV_FEAT_IRQ_COALESCE_TIME_NS;
	return true;
}

/*
 * Ends @cq's hold, under its lock: its interrupt is raised, or the CQ is
 * deleted (a held interrupt would arrive for a vector freed since).
 */
void nvmev_irq_coalescing_end(struct nvmev_dev *dev, struct nvmev_cq *cq)
{
	lockdep_assert_held(&cq->lock);
	cq->irq_held = 0;
	clear_bit(cq->qid, dev->cqs_irq_held);
}

static void signal_cq_coalesced(struct nvmev_dev *dev, struct nvmev_cq *cq,
				u32 threshold, u64 delay_ns)
{
	bool raise = false, wake = false;

	spin_lock(&cq->lock);
	/* A full CQ (or one smaller than THR + 1) cannot wait for more. */
	if (cq->irq_held >= threshold || !nvmev_cq_has_room(dev, cq)) {
		nvmev_irq_coalescing_end(dev, cq);
		raise = true;
	} else if (cq->irq_held && !test_bit(cq->qid, dev->cqs_irq_held)) {
		cq->irq_deadline_ns = ktime_get_ns() + delay_ns;
		set_bit(cq->qid, dev->cqs_irq_held);
		wake = current != dev->dispatcher;
	}
	spin_unlock(&cq->lock);
	if (raise)
		nvmev_signal_irq(dev, cq->vector);
	if (wake) {
		/* A sleeping dispatcher must learn of the deadline. */
		WRITE_ONCE(dev->irq_hold_started, true);
		wake_up_process(dev->dispatcher);
	}
}

/* One interrupt per completion queue that got entries in a batch. */
void nvmev_signal_cqs(struct nvmev_dev *dev, unsigned long *cq_touched)
{
	unsigned int qid;

	for_each_set_bit(qid, cq_touched, NVMEV_NR_QUEUES) {
		struct nvmev_cq *cq = &dev->cqs[qid];
		u32 threshold;
		u64 delay_ns;

		__clear_bit(qid, cq_touched);
		if (!cq->irq_enabled)
			continue;
		if (cq_coalesces(dev, cq, &threshold, &delay_ns))
			signal_cq_coalesced(dev, cq, threshold, delay_ns);
		else
			nvmev_signal_irq(dev, cq->vector);
	}
}

/* Raises the held interrupts due by @now; *@next_due: the first one left. */
static void raise_held_irqs(struct nvmev_dev *dev, u64 now, u64 *next_due)
{
	unsigned int qid;

	for_each_set_bit(qid, dev->cqs_irq_held, NVMEV_NR_QUEUES) {
		struct nvmev_cq *cq = &dev->cqs[qid];
		bool held, raise = false;

		spin_lock(&cq->lock);
		/* A worker may have raised it since the bit was read. */
		held = test_bit(qid, dev->cqs_irq_held);
		if (held && cq->irq_deadline_ns <= now) {
			nvmev_irq_coalescing_end(dev, cq);
			raise = cq->valid && cq->irq_enabled;
		} else if (held) {
			*next_due = min(*next_due, cq->irq_deadline_ns);
		}
		spin_unlock(&cq->lock);
		if (raise)
			nvmev_signal_irq(dev, cq->vector);
	}
}

/*
 * The dispatcher raises held interrupts whose time has come, and lowers
 * *@next_due to the earliest one still held.
 */
void nvmev_irq_coalescing_poll(struct nvmev_dev *dev, u64 *next_due)
{
	/*
	 * Holds begun from now on are in the scan, or keep the dispatcher up.
	 * Only a set flag needs the barrier: the pass stays cheap while no
	 * worker holds anything.
	 */
	if (READ_ONCE(dev->irq_hold_started))
		smp_store_mb(dev->irq_hold_started, false);
	if (bitmap_empty(dev->cqs_irq_held, NVMEV_NR_QUEUES))
		return;
	raise_held_irqs(dev, ktime_get_ns(), next_due);
}

/* The host changed the coalescing settings: nothing waits for the old ones. */
void nvmev_irq_coalescing_release(struct nvmev_dev *dev)
{
	u64 next_due = U64_MAX;

	raise_held_irqs(dev, U64_MAX, &next_due);
}

bool nvmev_io_has_room(struct nvmev_dev *dev, struct nvmev_sq *sq)
{
	struct nvmev_worker *w = &dev->workers[sq->worker];

	return atomic_read(&w->inflight) < dev->worker_capacity;
}

/*
 * Queues one command to its SQ's worker; the caller checked for room.
 * @now_ns: read after the doorbell that brought @cmd.
 */
void nvmev_io_submit(struct nvmev_dev *dev, struct nvmev_sq *sq,
		     const struct nvme_command *cmd, u64 now_ns)
{
	struct nvmev_worker *w = &dev->workers[sq->worker];
	struct nvmev_io_req *req = &w->ring[w->ring_tail & nvmev_ring_mask(dev)];
	struct ftl_io fio = { .now_ns = now_ns };
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
		nvmev_io_move_data(dev, req, &dev->dispatch_ranges);
		if (nvmev_cq_post(dev, sq->cq, sq->qid, req->cid, req->status,
				  req->result)) {
			/* No clock read unless someone traces. */
			if (trace_nvmev_io_complete_enabled())
				trace_nvmev_io_complete(sq->qid, req->cid,
							req->status,
							ktime_get_ns() -
							req->complete_ns);
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
