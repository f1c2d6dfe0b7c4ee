// SPDX-License-Identifier: GPL-2.0
/*
 * Potentially unrecoverable LBAs (NVM Command Set 1.0, 3.2.7, 4.2.1 and
 * 5.8.1): the marks Write Uncorrectable leaves, which fail reads with
 * Unrecovered Read Error until the LBAs are written again, and the bad
 * LBAs error injection adds; Get LBA Status and the LBA Status Information
 * log report both.
 *
 * A namespace keeps its marks in a bitmap of one bit per LBA, allocated
 * the first time anything is marked, so a namespace that never uses
 * Write Uncorrectable costs nothing.  Only the dispatcher thread reads or
 * changes it (admin commands run there too): commands see the marks in
 * submission order, and no lock is needed.
 *
 * The controller knows every such LBA the moment it appears, so both
 * action types of Get LBA Status return the same: there are no untracked
 * LBAs for a scan to find.
 */
#define pr_fmt(fmt) "nvmev: " fmt

#include <linux/bitmap.h>
#include <linux/ktime.h>
#include <linux/vmalloc.h>
#include "nvmev.h"

/* Set bits of @map in [@start, @end), a run at a time. */
static u64 marks_in(const unsigned long *map, u64 start, u64 end)
{
	u64 n = 0, run_end;

	for (start = find_next_bit(map, end, start); start < end;
	     start = find_next_bit(map, end, run_end)) {
		run_end = find_next_zero_bit(map, end, start);
		n += run_end - start;
	}
	return n;
}

/* Marks [@slba, @slba + @nlb), which the caller checked; or -ENOMEM. */
int nvmev_uncor_mark(struct nvmev_ns *ns, u64 slba, u64 nlb)
{
	u64 end = slba + nlb;

	if (!ns->uncorrectable) {
		ns->uncorrectable = vzalloc(BITS_TO_LONGS(ns->nr_lbas) *
					    sizeof(unsigned long));
		if (!ns->uncorrectable)
			return -ENOMEM;
	}
	ns->nr_uncorrectable += nlb - marks_in(ns->uncorrectable, slba, end);
	ns->uncorrectable_gen++;
	bitmap_set(ns->uncorrectable, slba, nlb);
	return 0;
}

/* A write of [@slba, @slba + @nlb) makes those LBAs readable again. */
void nvmev_uncor_clear(struct nvmev_ns *ns, u64 slba, u64 nlb)
{
	if (!ns->nr_uncorrectable || !nlb)
		return;
	ns->nr_uncorrectable -= marks_in(ns->uncorrectable, slba, slba + nlb);
	bitmap_clear(ns->uncorrectable, slba, nlb);
}

/* The first marked LBA in [@slba, @slba + @nlb), or that end if none is. */
u64 nvmev_uncor_find(const struct nvmev_ns *ns, u64 slba, u64 nlb)
{
	if (!ns->nr_uncorrectable)
		return slba + nlb;
	return find_next_bit(ns->uncorrectable, slba + nlb, slba);
}

/* Format, or the namespace going away: every mark goes. */
void nvmev_uncor_free(struct nvmev_ns *ns)
{
	vfree(ns->uncorrectable);
	ns->uncorrectable = NULL;
	ns->nr_uncorrectable = 0;
}

/* ---- reporting them ---- */

/* The namespace's injection settings: under rcu_read_lock(). */
static const struct inject_cfg *lbas_inject(struct nvmev_ns *ns)
{
	return rcu_dereference(ns->inject);
}

/*
 * The first run at or after @from, before @end, of potentially
 * unrecoverable LBAs of one status: [*@start, *@stop), at most
 * NVMEV_LBAS_MAX_NLB long.  False when there is none.
 */
static bool lbas_next(struct nvmev_ns *ns, const struct inject_cfg *cfg,
		      u64 from, u64 end, u64 *start, u64 *stop, u8 *status)
{
	u64 mark = nvmev_uncor_find(ns, from, end - from);
	u64 bad = cfg ? inject_find_bad(cfg, from, end - from) : end;

	if (mark == end && bad == end)
		return false;
	if (mark <= bad) {
		*start = mark;
		*stop = find_next_zero_bit(ns->uncorrectable, end, mark);
		*status = NVMEV_LBAS_UNRECOVERABLE | NVMEV_LBAS_WRITE_UNCOR;
	} else {
		*start = bad;
		*stop = min3(inject_bad_end(cfg, bad), end, mark);
		*status = NVMEV_LBAS_UNRECOVERABLE;
	}
	*stop = min(*stop, *start + NVMEV_LBAS_MAX_NLB);
	return true;
}

/* Whether any LBA of @ns is potentially unrecoverable. */
static bool lbas_any(struct nvmev_ns *ns)
{
	const struct inject_cfg *cfg;
	bool any = ns->nr_uncorrectable;

	rcu_read_lock();
	cfg = lbas_inject(ns);
	if (cfg)
		any |= cfg->bad.nr;
	rcu_read_unlock();
	return any;
}

/* Whether LBAs became potentially unrecoverable since @seen; notes them. */
static bool lbas_news(struct nvmev_ns *ns, struct nvmev_lbas_seen *seen)
{
	const struct inject_cfg *cfg;
	struct nvmev_lbas_seen now = {
		.uncorrectable_gen = ns->uncorrectable_gen,
	};
	bool news;

	rcu_read_lock();
	cfg = lbas_inject(ns);
	if (cfg)
		now.bad_gen = cfg->bad_gen;
	rcu_read_unlock();
	/* Settings cleared (bad_gen 0) took LBAs away: no news. */
	news = now.uncorrectable_gen != seen->uncorrectable_gen ||
	       (now.bad_gen && now.bad_gen != seen->bad_gen);
	*seen = now;
	return news;
}

/*
 * Get LBA Status: descriptors of the potentially unrecoverable LBAs from
 * SLBA on, for RL LBAs (0: to the end), as many as MNDW dwords hold.
 */
u16 nvmev_get_lba_status(struct nvmev_dev *dev, const struct nvme_command *cmd)
{
	u32 nsid = le32_to_cpu(cmd->common.nsid);
	struct nvmev_ns *ns = nvmev_ns_active(dev, nsid);
	struct nvmev_lbas_list *list = dev->admin_buf;
	struct nvmev_lbas_desc *desc = (void *)(list + 1);
	u64 slba = (u64)nvmev_cdw(cmd, 11) << 32 |
		   nvmev_cdw(cmd, 10);
	u64 mndw = nvmev_cdw(cmd, 12);
	u32 cdw13 = nvmev_cdw(cmd, 13);
	u8 atype = NVMEV_LBAS_ATYPE(cdw13);
	const struct inject_cfg *cfg;
	u64 end, lba, start, stop, xfer_len;
	u32 room, n = 0;
	u8 status;

	if (!ns)
		return nvmev_nsid_inactive_status(dev, nsid);
	if (atype != NVMEV_LBAS_ATYPE_SCAN && atype != NVMEV_LBAS_ATYPE_TRACKED)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	if (slba >= ns->nr_lbas)
		return NVME_SC_LBA_RANGE | NVMEV_DNR;
	end = NVMEV_LBAS_RL(cdw13) ?
	      min(slba + NVMEV_LBAS_RL(cdw13), ns->nr_lbas) : ns->nr_lbas;
	/* MNDW is 0's based; what does not fit a page is not sent. */
	xfer_len = min_t(u64, (mndw + 1) * sizeof(u32), NVMEV_ADMIN_PAGE);
	room = xfer_len > sizeof(*list) ?
	       (xfer_len - sizeof(*list)) / sizeof(*desc) : 0;

	memset(dev->admin_buf, 0, NVMEV_ADMIN_PAGE);
	list->cmpc = NVMEV_LBAS_CMPC_DONE;
	rcu_read_lock();
	cfg = lbas_inject(ns);
	for (lba = slba; lbas_next(ns, cfg, lba, end, &start, &stop, &status);
	     lba = stop) {
		if (n == room) {
			list->cmpc = NVMEV_LBAS_CMPC_MNDW;
			break;
		}
		desc[n].dslba = cpu_to_le64(start);
		desc[n].nlb = cpu_to_le32(stop - start - 1);
		desc[n].status = status;
		n++;
	}
	rcu_read_unlock();
	list->nlsd = cpu_to_le32(n);
	return nvmev_copy_to_host(dev, cmd, dev->admin_buf,
				  sizeof(*list) + n * sizeof(*desc), xfer_len);
}

/*
 * Appends @ns's element to the log at @elem, if it has anything to
 * report, its ranges saying where to look, merged where they touch; more
 * ranges than fit before @end make it say "look everywhere" instead.
 * Returns where the next element goes; *@total is its LBAs to report.
 */
static void *lbas_log_ns(struct nvmev_ns *ns,
			 struct nvmev_lbas_ns_element *elem, void *end,
			 u64 *total)
{
	struct nvmev_lba_range_desc *range = (void *)(elem + 1);
	u32 room = (void *)range <= end ?
		   (end - (void *)range) / sizeof(*range) : 0;
	u64 lba, start, stop, range_start = 0, range_end = 0;
	const struct inject_cfg *cfg;
	bool overflow = false;
	u32 n = 0;
	u8 status;

	*total = 0;
	rcu_read_lock();
	cfg = lbas_inject(ns);
	for (lba = 0; lbas_next(ns, cfg, lba, ns->nr_lbas, &start, &stop,
				&status); lba = stop) {
		*total += stop - start;
		if (n && start == range_end &&
		    stop - range_start <= NVMEV_LBAS_MAX_NLB) {
			range_end = stop;
			range[n - 1].rnlb = cpu_to_le32(stop - range_start - 1);
			continue;
		}
		if (n == room) {
			overflow = true;
			continue;
		}
		range[n].rslba = cpu_to_le64(start);
		range[n].rnlb = cpu_to_le32(stop - start - 1);
		range_start = start;
		range_end = stop;
		n++;
	}
	rcu_read_unlock();
	if (!*total || (void *)range > end)
		return elem;
	if (overflow) {
		memset(range, 0, n * sizeof(*range));
		n = 0;
	}
	elem->neid = cpu_to_le32(ns->nsid);
	elem->ratype = NVMEV_LBAS_ATYPE_TRACKED;
	elem->nlrd = cpu_to_le32(overflow ? NVMEV_LBAS_NLRD_UNKNOWN : n);
	return range + n;
}

/*
 * Builds the log in @buf (NVMEV_ADMIN_PAGE bytes, zeroed): an element for
 * each attached namespace with anything to report.
 */
static size_t lbas_log_build(struct nvmev_dev *dev, void *buf)
{
	struct nvmev_lbas_log *log = buf;
	void *next = log + 1, *end = buf + NVMEV_ADMIN_PAGE;
	u64 total, all = 0;
	struct nvmev_ns *ns;
	bool news = false;
	u32 elements = 0, later = 0;

	/* Each namespace leaves room for the elements of those after it. */
	nvmev_for_each_ns(dev, ns)
		later += ns->attached;
	nvmev_for_each_ns(dev, ns) {
		void *after;

		if (!ns->attached)
			continue;
		later--;
		news |= lbas_news(ns, &ns->lbas_logged);
		after = lbas_log_ns(ns, next, end - later *
				    sizeof(struct nvmev_lbas_ns_element),
				    &total);
		elements += after != next;
		all += total;
		next = after;
	}
	/* It counts logs that report something new: not an empty one. */
	if (news && all)
		dev->lbas.lsgc++;
	log->lsgc = cpu_to_le16(dev->lbas.lsgc);
	log->estulb = cpu_to_le32(min_t(u64, all,
					NVMEV_LBAS_ESTULB_UNKNOWN - 1));
	log->nlslne = cpu_to_le32(elements);
	log->lslplen = cpu_to_le32(next - buf);
	return next - buf;
}

/*
 * The LBA Status Information log.  Once the host starts reading it with
 * RAE set it stays as it was until a read with RAE clear, which also
 * clears the alert and restarts the report interval.
 */
size_t nvmev_lba_status_log(struct nvmev_dev *dev,
			    const struct nvme_command *cmd, void *buf)
{
	struct nvmev_lba_status *s = &dev->lbas;
	size_t len;

	if (s->log) {
		memcpy(buf, s->log, s->log_len);
		len = s->log_len;
	} else {
		len = lbas_log_build(dev, buf);
	}
	if (nvmev_cdw(cmd, 10) & NVMEV_LOG_RAE) {
		/* Without memory the log may change between reads: no harm. */
		if (!s->log) {
			s->log = kmemdup(buf, len, GFP_KERNEL);
			s->log_len = len;
		}
		return len;
	}
	kfree(s->log);
	s->log = NULL;
	s->alert_outstanding = false;
	s->interval_ns = ktime_get_ns();
	return len;
}

/*
 * Sends an LBA Status Information Alert if the host enabled it, new
 * potentially unrecoverable LBAs appeared since the last one and some are
 * still there, the report interval is over and none is outstanding.
 * Called on every dispatcher pass: nothing to do unless the host asked.
 */
void nvmev_lba_status_poll(struct nvmev_dev *dev)
{
	struct nvmev_lba_status *s = &dev->lbas;
	u64 interval_ns = (u64)dev->feat.lsiri * NVMEV_LBAS_INTERVAL_NS;
	struct nvmev_ns *ns;
	bool alert = false;

	if (!(dev->feat.async_event_config & NVMEV_AEN_LBA_STATUS) ||
	    s->alert_outstanding || dev->aen_pending ||
	    ktime_get_ns() - s->interval_ns < interval_ns)
		return;
	nvmev_for_each_ns(dev, ns) {
		struct nvmev_lbas_seen seen = ns->lbas_alerted;

		if (ns->attached && lbas_news(ns, &seen) && lbas_any(ns))
			alert = true;
	}
	if (!alert)
		return;
	/* The alert covers what every namespace has now. */
	nvmev_for_each_ns(dev, ns)
		if (ns->attached)
			lbas_news(ns, &ns->lbas_alerted);
	s->alert_outstanding = true;
	dev->aen_pending = NVME_AER_NOTICE |
			   NVMEV_AER_NOTICE_LBA_STATUS << NVMEV_AER_INFO_SHIFT |
			   NVMEV_LOG_LBA_STATUS << NVMEV_AER_LOG_PAGE_SHIFT;
}

/* A controller reset ends the alert; the log may change again. */
void nvmev_lba_status_reset(struct nvmev_dev *dev)
{
	struct nvmev_lba_status *s = &dev->lbas;

	kfree(s->log);
	s->log = NULL;
	s->alert_outstanding = false;
	s->interval_ns = ktime_get_ns();
}

void nvmev_lba_status_free(struct nvmev_dev *dev)
{
	kfree(dev->lbas.log);
	dev->lbas.log = NULL;
}
