// SPDX-License-Identifier: GPL-2.0
/*
 * The I/O workers.  Each takes its requests off a ring the dispatcher
 * fills, moves their data at once and keeps them in a min-heap on
 * completion time, so a slow command never holds back a fast one; it posts
 * each completion when its time comes, spinning when that is near and
 * sleeping on a timer otherwise.  A worker on the dispatcher's CPU has no
 * thread: the dispatcher runs its passes between doorbell polls.
 */
#define pr_fmt(fmt) "nvmev: " fmt

#include <linux/kthread.h>
#include <linux/delay.h>
#include <linux/log2.h>
#include <linux/ktime.h>
#include <linux/sched/clock.h>
#include "nvmev.h"
#include "trace.h"

/* Requests in flight per worker; bounds the ring and the heap. */
#define NVMEV_WORKER_CAPACITY		4096
/* A worker spins rather than sleeps when its next completion is this near. */
#define NVMEV_WORKER_SPIN_NS		(20 * NSEC_PER_USEC)

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
						    nvmev_ring_mask(dev)];

		/* Cancelled by a reset or by the deletion of its SQ. */
		if (req->gen != gen ||
		    READ_ONCE(dev->sqs[req->sqid].epoch) != req->sq_epoch) {
			atomic_dec(&w->inflight);
		} else {
			nvmev_io_move_data(dev, req, w->ranges);
			heap_push(w, req);
		}
		smp_store_release(&w->ring_head, w->ring_head + 1);
		progress = true;
		cond_resched();
	}
	return progress;
}

/* *@now_ns: the pass's clock (nvmev_clock_ns()), read only if one waits. */
static bool worker_complete_due(struct nvmev_worker *w, u64 *now_ns)
{
	struct nvmev_dev *dev = w->dev;
	bool progress = false;
	u64 now;

	if (!w->heap_len)
		return false;
	now = nvmev_clock_ns(now_ns);
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

/*
 * One pass of a worker's job; true when it made progress.  *@now_ns is
 * the pass's clock, 0 until read.
 */
static bool worker_step(struct nvmev_worker *w, u64 *now_ns)
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
	progress |= worker_complete_due(w, now_ns);
	return progress;
}

static int nvmev_worker(void *data)
{
	struct nvmev_worker *w = data;
	struct nvmev_dev *dev = w->dev;
	u64 idle_since = local_clock();
	u64 spin_ns = (u64)dev->cfg.idle_spin_us * NSEC_PER_USEC;

	while (!kthread_should_stop()) {
		u64 now = 0;
		bool progress = worker_step(w, &now);

		/*
		 * Idleness is timed on this CPU's own clock, from the first
		 * pass without progress (0: none yet), so a busy pass reads
		 * no clock for it.
		 */
		if (progress)
			idle_since = 0;
		else if (dev->cfg.busy_poll)
			;
		else if (w->heap_len) {
			if (w->heap[0].complete_ns >
			    nvmev_clock_ns(&now) + NVMEV_WORKER_SPIN_NS)
				worker_sleep(w, w->heap[0].complete_ns);
		} else if (!idle_since) {
			idle_since = local_clock();
		} else if (local_clock() - idle_since > spin_ns) {
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
	u64 now = 0;

	for (i = 0; i < dev->cfg.nr_workers; i++) {
		struct nvmev_worker *w = &dev->workers[i];

		if (w->task)
			continue;
		progress |= worker_step(w, &now);
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
			u64 now = 0;

			worker_step(w, &now);
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
			u64 now = 0;

			worker_step(w, &now);
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
