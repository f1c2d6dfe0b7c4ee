// SPDX-License-Identifier: GPL-2.0
/*
 * The controller core: registers and the enable/disable/shutdown
 * handshake, the dispatcher thread that polls doorbells, completion
 * posting, access to host memory through PRPs, and asynchronous events.
 */
#define pr_fmt(fmt) "nvmev: " fmt

#include <linux/kthread.h>
#include <linux/delay.h>
#include <linux/highmem.h>
#include <linux/io.h>
#include <linux/hrtimer.h>
#include <linux/ktime.h>
#include <linux/sched/clock.h>
#include <linux/sched/task.h>
#include "nvmev.h"
#include "prp.h"
#include "trace.h"

/* Round-robin arbitration: up to this many commands per SQ per pass. */
#define NVMEV_SQ_BURST			(1U << NVMEV_RAB)
/* Idle polling backs off from the first to the second value. */
#define NVMEV_IDLE_SLEEP_MIN_US		10
#define NVMEV_IDLE_SLEEP_MAX_US		1000

/*
 * Doorbells reset to 0 with the controller.  Stale values would make the
 * re-enabled controller fetch old entries whose buffers the host has freed.
 */
static void doorbells_clear(struct nvmev_dev *dev)
{
	memset(nvmev_doorbell(dev, 0, false), 0,
	       (void *)nvmev_doorbell(dev, NVMEV_NR_QUEUES, false) -
	       (void *)nvmev_doorbell(dev, 0, false));
}

/*
 * A namespace of a command set other than NVM (at load or created later)
 * needs the host to enable every command set (CC.CSS 110b), which CAP.CSS
 * bit 6 offers when the controller offers such a set.
 */
static u64 cap_css(struct nvmev_dev *dev)
{
	u64 css = NVME_CAP_CSS_NVM;

	if (nvmev_csi_mask(dev) & ~BIT_ULL(NVME_CSI_NVM))
		css |= NVME_CAP_CSS_CSI;
	return css;
}

void nvmev_regs_init(struct nvmev_dev *dev)
{
	dev->cap = (u64)(NVMEV_MAX_QUEUE_ENTRIES - 1) << NVMEV_CAP_MQES_SHIFT |
		   NVMEV_CAP_CQR |
		   (u64)NVMEV_CAP_TIMEOUT << NVMEV_CAP_TO_SHIFT |
		   (u64)NVMEV_DOORBELL_STRIDE_SHIFT << NVMEV_CAP_DSTRD_SHIFT |
		   cap_css(dev) << NVMEV_CAP_CSS_SHIFT |
		   (u64)(NVMEV_MPS_SHIFT - NVMEV_MPS_BASE_SHIFT)
			<< NVMEV_CAP_MPSMIN_SHIFT |
		   (u64)(NVMEV_MPS_SHIFT - NVMEV_MPS_BASE_SHIFT)
			<< NVMEV_CAP_MPSMAX_SHIFT;
	memset(dev->bar, 0, NVME_REG_DBS);
	doorbells_clear(dev);
	memcpy(dev->bar + NVME_REG_CAP, &dev->cap, sizeof(dev->cap));
	nvmev_reg_write32(dev, NVME_REG_VS, NVMEV_VS_1_4);
}

/* ---- Host memory ---- */

/* Submission and completion queues: physically contiguous (CAP.CQR). */
void *nvmev_host_queue_map(u64 addr, u32 entries, size_t entry_size)
{
	size_t len = (size_t)entries * entry_size;

	if (!addr || !PAGE_ALIGNED(addr) ||
	    region_intersects(addr, len, IORESOURCE_SYSTEM_RAM,
			      IORES_DESC_NONE) != REGION_INTERSECTS)
		return NULL;
	return memremap(addr, len, MEMREMAP_WB);
}

/*
 * Whether @pfn is RAM in the kernel's direct map.  pfn_valid() alone also
 * accepts firmware holes and reserved ranges (ours included) that share a
 * memory section with RAM, and these are not mapped.
 */
static bool host_page_is_ram(unsigned long pfn)
{
	if (!pfn_valid(pfn))
		return false;
	/* What the page allocator hands out is RAM. */
	if (!PageReserved(pfn_to_page(pfn)))
		return true;
	/*
	 * Reserved RAM can hold buffers too: KFENCE's pool and the swiotlb
	 * bounce buffers come from memblock and stay reserved.  Firmware's
	 * pages (page 0 among them) are not System RAM.
	 */
	return page_is_ram(pfn);
}

/* Maps the host page holding @addr, or NULL when it is not mapped RAM. */
void *nvmev_host_page_map(u64 addr)
{
	unsigned long pfn = PHYS_PFN(addr);

	if (!host_page_is_ram(pfn))
		return NULL;
	return kmap_local_pfn(pfn) + offset_in_page(addr);
}

static bool host_read_entry(void *ctx, u64 addr, u64 *entry)
{
	__le64 *p = nvmev_host_page_map(addr);

	if (!p)
		return false;
	*entry = le64_to_cpu(READ_ONCE(*p));
	kunmap_local(p);
	return true;
}

struct host_copy {
	void *buf;
	size_t buf_len;		/* bytes of @buf; beyond it the host gets 0s */
	bool to_host;
};

static bool host_copy_segment(void *ctx, u64 addr, u32 len, u64 done)
{
	struct host_copy *c = ctx;
	void *p = nvmev_host_page_map(addr);
	size_t have = done < c->buf_len ? min_t(size_t, len,
						 c->buf_len - done) : 0;

	if (!p)
		return false;
	if (c->to_host) {
		memcpy(p, c->buf + done, have);
		memset(p + have, 0, len - have);
	} else {
		memcpy(c->buf + done, p, have);
	}
	kunmap_local(p);
	return true;
}

static u16 prp_status(enum prp_result ret)
{
	switch (ret) {
	case PRP_OK:
		return NVME_SC_SUCCESS;
	case PRP_BAD_OFFSET:
		return NVME_SC_PRP_INVALID_OFFSET | NVMEV_DNR;
	default:
		return NVME_SC_DATA_XFER_ERROR;
	}
}

static u16 host_copy(struct nvmev_dev *dev, const struct nvme_command *cmd,
		     struct host_copy *c, u64 xfer_len)
{
	struct prp_walker w = {
		.prp1 = le64_to_cpu(cmd->common.dptr.prp1),
		.prp2 = le64_to_cpu(cmd->common.dptr.prp2),
		.length = xfer_len,
		.page_size = dev->page_size,
		.ctx = c,
		.read_entry = host_read_entry,
		.segment = host_copy_segment,
	};
	u16 status;

	if (cmd->common.flags & NVMEV_CMD_PSDT_MASK)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	status = prp_status(prp_walk(&w));
	/*
	 * The controller moves what the command says, wherever the PRPs
	 * point; a host that sent no buffer for it (PRP1 0) learns why here.
	 */
	if (status == NVME_SC_DATA_XFER_ERROR)
		pr_warn_ratelimited("opcode %#x: its %llu bytes do not all land in host memory (PRP1 %#llx, PRP2 %#llx): Data Transfer Error\n",
				    cmd->common.opcode, xfer_len, w.prp1,
				    w.prp2);
	return status;
}

/*
 * Copies @buf_len bytes of @buf to the command's data buffer of @xfer_len
 * bytes; the rest of the host buffer is zeroed.
 */
u16 nvmev_copy_to_host(struct nvmev_dev *dev, const struct nvme_command *cmd,
		       const void *buf, size_t buf_len, u64 xfer_len)
{
	struct host_copy c = { .buf = (void *)buf, .buf_len = buf_len,
			       .to_host = true };

	return host_copy(dev, cmd, &c, xfer_len);
}

u16 nvmev_copy_from_host(struct nvmev_dev *dev, const struct nvme_command *cmd,
			 void *buf, u64 xfer_len)
{
	struct host_copy c = { .buf = buf, .buf_len = xfer_len };

	return host_copy(dev, cmd, &c, xfer_len);
}

/* Walks the host buffer at @prp1/@prp2, @length bytes, segment by segment. */
u16 nvmev_storage_walk(struct nvmev_dev *dev, u64 prp1, u64 prp2, u64 length,
		       void *ctx,
		       bool (*segment)(void *ctx, u64 addr, u32 len, u64 done))
{
	struct prp_walker w = {
		.prp1 = prp1,
		.prp2 = prp2,
		.length = length,
		.page_size = dev->page_size,
		.ctx = ctx,
		.read_entry = host_read_entry,
		.segment = segment,
	};

	return prp_status(prp_walk(&w));
}

/* ---- Completions and errors ---- */

/* An out-of-range head doorbell write is ignored: the last valid one holds. */
static u32 cq_head(struct nvmev_dev *dev, struct nvmev_cq *cq)
{
	u32 head = READ_ONCE(*nvmev_doorbell(dev, cq->qid, true));

	if (head < cq->size)
		cq->head = head;
	return cq->head;
}

/* Called with cq->lock held, or by the only thread posting to @cq. */
bool nvmev_cq_has_room(struct nvmev_dev *dev, struct nvmev_cq *cq)
{
	return (cq->tail + 1) % cq->size != cq_head(dev, cq);
}

/*
 * Posts one entry.  Returns false when the queue is full (the caller keeps
 * the completion and tries again); a completion for a queue that has been
 * deleted is dropped.
 */
bool nvmev_cq_post(struct nvmev_dev *dev, struct nvmev_cq *cq, u16 sqid,
		   u16 cid, u16 status, u64 result)
{
	struct nvme_completion *cqe;
	u32 tail_word;

	spin_lock(&cq->lock);
	if (!cq->valid) {
		spin_unlock(&cq->lock);
		return true;
	}
	if (!nvmev_cq_has_room(dev, cq)) {
		spin_unlock(&cq->lock);
		return false;
	}
	cqe = &cq->entries[cq->tail];
	cqe->result.u64 = cpu_to_le64(result);
	cqe->sq_head = cpu_to_le16(READ_ONCE(dev->sqs[sqid].head));
	cqe->sq_id = cpu_to_le16(sqid);
	/* The phase bit must become visible last: the host polls on it. */
	dma_wmb();
	tail_word = cid | (u32)((status << 1) | cq->phase) << 16;
	WRITE_ONCE(*(__le32 *)&cqe->command_id, cpu_to_le32(tail_word));
	if (++cq->tail == cq->size) {
		cq->tail = 0;
		cq->phase ^= 1;
	}
	cq->irq_held++;
	spin_unlock(&cq->lock);
	return true;
}

void nvmev_record_error(struct nvmev_dev *dev, u16 sqid, u16 cid, u16 status,
			u64 lba, u32 nsid)
{
	struct nvmev_error_log_entry *e;

	spin_lock(&dev->error_lock);
	e = &dev->errors[dev->error_count % NVMEV_ERROR_LOG_ENTRIES];
	memset(e, 0, sizeof(*e));
	e->error_count = cpu_to_le64(++dev->error_count);
	e->sqid = cpu_to_le16(sqid);
	e->cmdid = cpu_to_le16(cid);
	e->status_field = cpu_to_le16(status << 1);
	e->param_error_location = cpu_to_le16(NVMEV_ERROR_LOG_NO_PARAM);
	e->lba = cpu_to_le64(lba);
	e->nsid = cpu_to_le32(nsid);
	spin_unlock(&dev->error_lock);
}

/* ---- Enable, disable, shutdown ---- */

static void set_csts(struct nvmev_dev *dev, u32 csts)
{
	nvmev_reg_write32(dev, NVME_REG_CSTS, csts);
}

static void queues_release(struct nvmev_dev *dev)
{
	int qid;

	for (qid = 0; qid < NVMEV_NR_QUEUES; qid++) {
		struct nvmev_sq *sq = &dev->sqs[qid];
		struct nvmev_cq *cq = &dev->cqs[qid];
		void *entries = NULL;

		if (sq->valid) {
			nvmev_sq_set_valid(dev, sq, false);
			sq->epoch++;
			memunmap(sq->entries);
		}
		spin_lock(&cq->lock);
		nvmev_irq_coalescing_end(dev, cq);
		if (cq->valid) {
			cq->valid = false;
			entries = cq->entries;
			cq->entries = NULL;
		}
		spin_unlock(&cq->lock);
		if (entries)
			memunmap(entries);
		cq->nr_sqs = 0;
	}
}

static bool ctrl_enable(struct nvmev_dev *dev, u32 cc)
{
	u32 aqa = nvmev_reg_read32(dev, NVME_REG_AQA);
	u32 sq_size = NVMEV_AQA_ASQS(aqa) + 1, cq_size = NVMEV_AQA_ACQS(aqa) + 1;
	struct nvmev_sq *sq = &dev->sqs[0];
	struct nvmev_cq *cq = &dev->cqs[0];
	u32 css = cc & NVME_CC_CSS_MASK;

	if (NVMEV_CC_MPS(cc) != NVMEV_MPS_SHIFT - NVMEV_MPS_BASE_SHIFT ||
	    (css != NVME_CC_CSS_NVM &&
	     !(css == NVME_CC_CSS_CSI && (cap_css(dev) & NVME_CAP_CSS_CSI))) ||
	    sq_size < 2 || cq_size < 2) {
		pr_err("controller enable refused: CC %#x AQA %#x\n", cc, aqa);
		return false;
	}
	dev->page_size = 1U << (NVMEV_MPS_BASE_SHIFT + NVMEV_CC_MPS(cc));
	cq->entries = nvmev_host_queue_map(nvmev_reg_read64(dev, NVME_REG_ACQ),
					   cq_size, sizeof(*cq->entries));
	sq->entries = nvmev_host_queue_map(nvmev_reg_read64(dev, NVME_REG_ASQ),
					   sq_size, sizeof(*sq->entries));
	if (!cq->entries || !sq->entries) {
		pr_err("controller enable refused: admin queues not in memory\n");
		if (cq->entries)
			memunmap(cq->entries);
		if (sq->entries)
			memunmap(sq->entries);
		return false;
	}
	cq->size = cq_size;
	cq->tail = 0;
	cq->head = 0;
	cq->phase = 1;
	cq->vector = 0;
	cq->irq_enabled = true;
	cq->nr_sqs = 1;
	cq->valid = true;
	sq->size = sq_size;
	sq->head = 0;
	sq->cq = cq;
	nvmev_sq_set_valid(dev, sq, true);
	dev->enabled = true;
	return true;
}

/* Controller Level Reset: every queue and outstanding command goes. */
static void ctrl_reset(struct nvmev_dev *dev)
{
	nvmev_workers_quiesce(dev);
	queues_release(dev);
	doorbells_clear(dev);
	nvmev_events_reset(dev);
	nvmev_features_reset(dev);
	dev->enabled = false;
	dev->shutdown = false;
}

/* Follows CC; returns true when something changed. */
static bool ctrl_poll_cc(struct nvmev_dev *dev)
{
	u32 cc = nvmev_reg_read32(dev, NVME_REG_CC);
	u32 csts = nvmev_reg_read32(dev, NVME_REG_CSTS);

	if ((cc & NVME_CC_ENABLE) && !dev->enabled) {
		if (csts & NVME_CSTS_CFS)
			return false;
		set_csts(dev, ctrl_enable(dev, cc) ? NVME_CSTS_RDY :
						      NVME_CSTS_CFS);
		return true;
	}
	if (!(cc & NVME_CC_ENABLE) && (dev->enabled || csts)) {
		if (dev->enabled)
			ctrl_reset(dev);
		set_csts(dev, 0);
		return true;
	}
	if (dev->enabled && (cc & NVME_CC_SHN_MASK) && !dev->shutdown) {
		/*
		 * Nothing is cached outside the storage: once no worker is
		 * still moving data, shutdown is complete.
		 */
		nvmev_workers_sync(dev);
		dev->shutdown = true;
		set_csts(dev, NVME_CSTS_RDY | NVME_CSTS_SHST_CMPLT);
		return true;
	}
	if (dev->enabled && !(cc & NVME_CC_SHN_MASK) && dev->shutdown) {
		dev->shutdown = false;
		set_csts(dev, NVME_CSTS_RDY);
	}
	return false;
}

/* ---- The dispatcher ---- */

static bool sq_fetch(struct nvmev_dev *dev, struct nvmev_sq *sq)
{
	u32 tail = READ_ONCE(*nvmev_doorbell(dev, sq->qid, false));
	unsigned int n = 0;
	u64 now_ns;

	if (tail >= sq->size || tail == sq->head)
		return false;
	/* Entries were written before the doorbell. */
	dma_rmb();
	/*
	 * One clock read for the burst: every command in it was there when
	 * the doorbell was read, so none completes before its time.
	 */
	now_ns = sq->qid ? ktime_get_ns() : 0;
	while (sq->head != tail && n++ < NVMEV_SQ_BURST) {
		struct nvme_command cmd = sq->entries[sq->head];

		if (sq->qid == 0) {
			if (!nvmev_cq_has_room(dev, sq->cq))
				break;
			WRITE_ONCE(sq->head, (sq->head + 1) % sq->size);
			nvmev_admin_run(dev, &cmd);
		} else {
			if (!nvmev_io_has_room(dev, sq))
				break;
			WRITE_ONCE(sq->head, (sq->head + 1) % sq->size);
			nvmev_io_submit(dev, sq, &cmd, now_ns);
		}
	}
	nvmev_signal_cqs(dev, dev->dispatch_cq_touched);
	return n > 0;
}

static bool dispatch_once(struct nvmev_dev *dev)
{
	bool busy = ctrl_poll_cc(dev);
	unsigned int qid;

	if (dev->enabled) {
		for_each_set_bit(qid, dev->sqs_valid, NVMEV_NR_QUEUES)
			busy |= sq_fetch(dev, &dev->sqs[qid]);
	}
	if (dev->enabled) {
		nvmev_lba_status_poll(dev);
		nvmev_zns_poll(dev);
		nvmev_aen_deliver(dev);
	}
	if (!bitmap_empty(dev->irq_pending, NVMEV_MSIX_VECTORS))
		nvmev_retry_pending_irqs(dev);
	return busy;
}

/*
 * Sleeps without counting as "uninterruptible" load.  kthread_stop wakes
 * it, and so does a worker that began to hold an interrupt back after this
 * pass's poll: the sleep was chosen without that deadline.
 */
static void dispatcher_nap(struct nvmev_dev *dev, unsigned int us)
{
	ktime_t t = ns_to_ktime((u64)us * NSEC_PER_USEC);

	set_current_state(TASK_INTERRUPTIBLE);
	if (!kthread_should_stop() && !READ_ONCE(dev->irq_hold_started))
		schedule_hrtimeout_range(&t, t / 4, HRTIMER_MODE_REL);
	__set_current_state(TASK_RUNNING);
}

/*
 * How long the dispatcher may sleep when it has been idle for @idle_ns:
 * 0 while it should keep polling, never past @next_due, the first
 * completion an inline worker holds (U64_MAX: none).
 */
static u64 dispatcher_sleep_us(struct nvmev_dev *dev, u64 idle_ns,
			       u64 next_due, unsigned int sleep_us)
{
	u64 now;

	if (dev->cfg.busy_poll ||
	    idle_ns <= (u64)dev->cfg.idle_spin_us * NSEC_PER_USEC)
		return 0;
	if (next_due == U64_MAX)
		return sleep_us;
	now = ktime_get_ns();
	if (next_due <= now + NVMEV_IDLE_SLEEP_MIN_US * NSEC_PER_USEC)
		return 0;
	return min_t(u64, sleep_us, div_u64(next_due - now, NSEC_PER_USEC));
}

static int nvmev_dispatcher(void *data)
{
	struct nvmev_dev *dev = data;
	unsigned int sleep_us = NVMEV_IDLE_SLEEP_MIN_US;
	u64 idle_since = local_clock();

	while (!kthread_should_stop()) {
		u64 next_due = U64_MAX;
		bool busy = dispatch_once(dev);
		u64 us;

		busy |= nvmev_inline_workers_step(dev, &next_due);
		nvmev_irq_coalescing_poll(dev, &next_due);
		/* A busy pass reads no clock: idleness counts from the next. */
		if (busy) {
			idle_since = 0;
			sleep_us = NVMEV_IDLE_SLEEP_MIN_US;
		} else if (!idle_since) {
			idle_since = local_clock();
		} else {
			us = dispatcher_sleep_us(dev,
						 local_clock() - idle_since,
						 next_due, sleep_us);
			if (us) {
				/*
				 * Doorbells cannot wake us: poll ever more
				 * slowly, but never sleep past a completion
				 * that is due.
				 */
				dispatcher_nap(dev, us);
				sleep_us = min(sleep_us * 2,
					       NVMEV_IDLE_SLEEP_MAX_US);
				continue;
			}
		}
		cond_resched();
	}
	return 0;
}

int nvmev_ctrl_start(struct nvmev_dev *dev)
{
	int qid, ret;

	for (qid = 0; qid < NVMEV_NR_QUEUES; qid++) {
		spin_lock_init(&dev->cqs[qid].lock);
		dev->cqs[qid].qid = qid;
		dev->sqs[qid].qid = qid;
	}
	spin_lock_init(&dev->error_lock);
	spin_lock_init(&dev->zone_changes_lock);
	nvmev_regs_init(dev);
	nvmev_features_reset(dev);
	dev->page_size = 1U << NVMEV_MPS_SHIFT;

	ret = nvmev_workers_start(dev);
	if (ret)
		return ret;
	dev->dispatcher = kthread_create_on_cpu(nvmev_dispatcher, dev,
						dev->cfg.dispatcher_cpu,
						"nvmev_dispatch/%u");
	if (IS_ERR(dev->dispatcher)) {
		ret = PTR_ERR(dev->dispatcher);
		dev->dispatcher = NULL;
		nvmev_workers_stop(dev);
		return ret;
	}
	/* Workers wake it (held interrupts) until they stop, after it. */
	get_task_struct(dev->dispatcher);
	wake_up_process(dev->dispatcher);
	return 0;
}

void nvmev_ctrl_stop(struct nvmev_dev *dev)
{
	if (dev->dispatcher)
		kthread_stop(dev->dispatcher);
	if (dev->enabled)
		ctrl_reset(dev);
	nvmev_workers_stop(dev);
	if (dev->dispatcher) {
		put_task_struct(dev->dispatcher);
		dev->dispatcher = NULL;
	}
}

/* ---- Asynchronous events ---- */

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
			   NVME_AER_NOTICE_NS_CHANGED << NVMEV_AER_INFO_SHIFT |
			   NVME_LOG_CHANGED_NS << NVMEV_AER_LOG_PAGE_SHIFT;
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

u16 nvmev_admin_async_event(struct nvmev_dev *dev,
			    const struct nvme_command *cmd, u64 *result)
{
	if (dev->nr_aers > NVMEV_AERL)
		return NVME_SC_ASYNC_LIMIT | NVMEV_DNR;
	dev->aer_cids[dev->nr_aers++] = cmd->common.command_id;
	return NVMEV_STATUS_DEFERRED;
}

u16 nvmev_temperature(void)
{
	return NVMEV_KELVIN(NVMEV_TEMPERATURE_C);
}

bool nvmev_temperature_critical(struct nvmev_dev *dev)
{
	u16 t = nvmev_temperature();

	return t > dev->feat.temp_over || t < dev->feat.temp_under;
}

/* A threshold the temperature crosses raises a SMART / health event. */
void nvmev_aen_check_temperature(struct nvmev_dev *dev)
{
	if (!nvmev_temperature_critical(dev) || dev->aen_smart_masked ||
	    !(dev->feat.async_event_config & NVME_SMART_CRIT_TEMPERATURE))
		return;
	dev->aen_smart_masked = true;
	dev->aen_pending = NVME_AER_SMART |
			   NVMEV_AER_INFO_TEMP_THRESHOLD << NVMEV_AER_INFO_SHIFT |
			   NVME_LOG_SMART << NVMEV_AER_LOG_PAGE_SHIFT;
}

/* Outstanding AERs end with the controller; the host reissues them. */
void nvmev_events_reset(struct nvmev_dev *dev)
{
	dev->nr_aers = 0;
	dev->aen_pending = 0;
	dev->aen_smart_masked = false;
	dev->aen_ns_masked = false;
	dev->aen_zone_notice = false;
	dev->aen_zone_masked = false;
	nvmev_lba_status_reset(dev);
}
