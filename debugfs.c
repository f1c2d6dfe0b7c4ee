// SPDX-License-Identifier: GPL-2.0
/*
 * What the FTL reports, and error injection, in debugfs:
 *
 *   /sys/kernel/debug/nvmev/<PCI device, e.g. 10000:00:00.0>/
 *       ns<NSID>/   one directory per namespace, while it exists:
 *           ftl     its FTL's name
 *           storage where its data lives (reserved, sparse, none) and,
 *                   for sparse, the memory it holds
 *           stats   the FTL's report (geometry, counters, die
 *                   utilisation), for FTLs that have one
 *           inject  error injection: text commands in (see inject.h),
 *                   the settings and what was injected out
 *           zones   a zoned namespace's: "read_only ZSLBA" or "offline
 *                   ZSLBA" in makes that zone so (zns.c)
 *       ftl, stats, inject   links to namespace 1's
 *
 * A stats file is rendered once, when it is opened, so a reader sees one
 * consistent moment however it reads.  The dispatcher keeps changing the
 * counters meanwhile; those races are harmless, but Format and Namespace
 * Management replace or remove the whole FTL, so rendering holds
 * dev->ftl_lock.
 */
#define pr_fmt(fmt) "nvmev: " fmt

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/seq_file.h>
#include <linux/uaccess.h>
#include "nvmev.h"

#define NVMEV_DEBUGFS_ROOT	"nvmev"
/* Room for a report: geometry, counters and a figure per die. */
#define NVMEV_STATS_BUF_SIZE	(4 * PAGE_SIZE)

struct stats_snapshot {
	size_t len;
	char text[];
};

static int stats_open(struct inode *inode, struct file *file)
{
	struct nvmev_ns *ns = inode->i_private;
	struct nvmev_dev *dev = ns->dev;
	size_t room = NVMEV_STATS_BUF_SIZE - sizeof(struct stats_snapshot);
	struct stats_snapshot *snap;
	int len = 0;

	snap = kvmalloc(NVMEV_STATS_BUF_SIZE, GFP_KERNEL);
	if (!snap)
		return -ENOMEM;
	mutex_lock(&dev->ftl_lock);
	if (ns->ftl)
		len = ns->ftl_ops->show(ns->ftl, ktime_get_ns(), snap->text,
					room);
	mutex_unlock(&dev->ftl_lock);
	snap->len = clamp_t(int, len, 0, room);
	file->private_data = snap;
	return 0;
}

static ssize_t stats_read(struct file *file, char __user *buf, size_t count,
			  loff_t *ppos)
{
	struct stats_snapshot *snap = file->private_data;

	return simple_read_from_buffer(buf, count, ppos, snap->text,
				       snap->len);
}

static int stats_release(struct inode *inode, struct file *file)
{
	kvfree(file->private_data);
	return 0;
}

static const struct file_operations stats_fops = {
	.owner = THIS_MODULE,
	.open = stats_open,
	.read = stats_read,
	.release = stats_release,
	.llseek = default_llseek,
};

static int ftl_name_show(struct seq_file *m, void *unused)
{
	struct nvmev_ns *ns = m->private;

	seq_printf(m, "%s\n", ns->ftl_ops->name);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(ftl_name);

/* Where the data lives, and the memory a sparse store holds for it. */
static int storage_show(struct seq_file *m, void *unused)
{
	struct nvmev_ns *ns = m->private;
	struct nvmev_sparse_pool *pool = &ns->dev->sparse_pool;

	seq_printf(m, "storage %s\n", nvmev_store_kind_name(ns->store.kind));
	seq_printf(m, "capacity_bytes %llu\n", ns->bytes);
	if (ns->store.kind == NVMEV_STORE_RESERVED)
		seq_printf(m, "reserved_bytes %llu\n", ns->storage_size);
	if (ns->store.kind != NVMEV_STORE_SPARSE)
		return 0;
	seq_printf(m, "used_bytes %llu\n", nvmev_store_used_bytes(&ns->store));
	seq_printf(m, "device_used_bytes %llu\n",
		   (u64)atomic_long_read(&pool->pages) << PAGE_SHIFT);
	seq_printf(m, "sparse_max_bytes %llu\n",
		   (u64)pool->max_pages << PAGE_SHIFT);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(storage);

/* ---- inject ---- */

/* The settings as commands, then the counts as a comment line. */
#define NVMEV_INJECT_COUNTS_MAX	128
#define NVMEV_INJECT_BUF_SIZE	(INJECT_SHOW_MAX + NVMEV_INJECT_COUNTS_MAX)
/* Longest error message a bad command gets. */
#define NVMEV_INJECT_ERR_MAX	160

static int inject_open(struct inode *inode, struct file *file)
{
	struct nvmev_ns *ns = inode->i_private;
	struct nvmev_dev *dev = ns->dev;
	size_t room = NVMEV_INJECT_BUF_SIZE - sizeof(struct stats_snapshot);
	struct stats_snapshot *snap;
	int len;

	snap = kvmalloc(NVMEV_INJECT_BUF_SIZE, GFP_KERNEL);
	if (!snap)
		return -ENOMEM;
	mutex_lock(&dev->inject_lock);
	len = inject_show(rcu_dereference_protected(ns->inject,
				lockdep_is_held(&dev->inject_lock)),
			  snap->text, room);
	mutex_unlock(&dev->inject_lock);
	/* The dispatcher counts on meanwhile; a count a little old is fine. */
	len += scnprintf(snap->text + len, room - len,
			 "# injected: read_errors %llu write_errors %llu timeouts %llu\n",
			 READ_ONCE(ns->inject_state.read_errors),
			 READ_ONCE(ns->inject_state.write_errors),
			 READ_ONCE(ns->inject_state.timeouts));
	snap->len = len;
	file->private_data = snap;
	return 0;
}

/*
 * Applies the commands written, a line (or ';'-separated part) at a time,
 * to a copy of the settings, then publishes it whole: the dispatcher sees
 * all of a write or, if any command is bad, none of it.
 */
static int inject_apply_text(struct nvmev_ns *ns, char *text)
{
	struct nvmev_dev *dev = ns->dev;
	struct inject_cfg *old, *cfg;
	char err[NVMEV_INJECT_ERR_MAX];
	char *line;
	int ret = 0;

	mutex_lock(&dev->inject_lock);
	old = rcu_dereference_protected(ns->inject,
					lockdep_is_held(&dev->inject_lock));
	cfg = inject_cfg_dup(old);
	if (!cfg) {
		ret = -ENOMEM;
		goto out;
	}
	cfg->gen = ++dev->inject_gen;
	while (!ret && (line = strsep(&text, "\n;")))
		ret = inject_apply(cfg, line, err, sizeof(err));
	if (ret) {
		pr_err("inject: %s\n", err);
		inject_cfg_free(cfg);
		goto out;
	}
	if (inject_cfg_idle(cfg)) {
		inject_cfg_free(cfg);
		cfg = NULL;
	}
	rcu_assign_pointer(ns->inject, cfg);
	synchronize_rcu();
	inject_cfg_free(old);
out:
	mutex_unlock(&dev->inject_lock);
	return ret;
}

static ssize_t inject_write(struct file *file, const char __user *buf,
			    size_t count, loff_t *ppos)
{
	struct nvmev_ns *ns = file_inode(file)->i_private;
	char *text;
	int ret;

	if (count >= NVMEV_INJECT_BUF_SIZE)
		return -EFBIG;
	text = kvmalloc(count + 1, GFP_KERNEL);
	if (!text)
		return -ENOMEM;
	if (copy_from_user(text, buf, count)) {
		kvfree(text);
		return -EFAULT;
	}
	text[count] = '\0';
	ret = inject_apply_text(ns, text);
	kvfree(text);
	return ret ? ret : count;
}

static const struct file_operations inject_fops = {
	.owner = THIS_MODULE,
	.open = inject_open,
	.read = stats_read,
	.write = inject_write,
	.release = stats_release,
	.llseek = default_llseek,
};

/*
 * The directory of namespace @ns, once the device's is there.  Never
 * fails the device: debugfs is a diagnostic, not a feature.  Under
 * dev->debugfs_lock: the dispatcher may make or delete a namespace while
 * insmod makes the device's directory.
 */
static void debugfs_ns_create(struct nvmev_dev *dev, struct nvmev_ns *ns)
{
	char name[sizeof("ns") + 10];

	if (!dev->debugfs_dev || ns->debugfs)
		return;
	snprintf(name, sizeof(name), "ns%u", ns->nsid);
	ns->debugfs = debugfs_create_dir(name, dev->debugfs_dev);
	debugfs_create_file("ftl", 0444, ns->debugfs, ns, &ftl_name_fops);
	debugfs_create_file("storage", 0444, ns->debugfs, ns, &storage_fops);
	if (ns->ftl_ops->show)
		debugfs_create_file("stats", 0444, ns->debugfs, ns,
				    &stats_fops);
	debugfs_create_file("inject", 0600, ns->debugfs, ns, &inject_fops);
	if (ns->ftl_ops->zns)
		nvmev_zns_debugfs_create(ns);
}

void nvmev_debugfs_ns_create(struct nvmev_dev *dev, struct nvmev_ns *ns)
{
	mutex_lock(&dev->debugfs_lock);
	debugfs_ns_create(dev, ns);
	mutex_unlock(&dev->debugfs_lock);
}

/* Returns once none of its files is being read or written any more. */
void nvmev_debugfs_ns_remove(struct nvmev_dev *dev, struct nvmev_ns *ns)
{
	mutex_lock(&dev->debugfs_lock);
	debugfs_remove(ns->debugfs);
	ns->debugfs = NULL;
	mutex_unlock(&dev->debugfs_lock);
}

void nvmev_debugfs_create(struct nvmev_dev *dev)
{
	static const char *const ns1_files[] = { "ftl", "stats", "inject" };
	char target[sizeof("ns1/") + sizeof("inject")];
	struct nvmev_ns *ns;
	unsigned int i;

	mutex_lock(&dev->debugfs_lock);
	dev->debugfs = debugfs_create_dir(NVMEV_DEBUGFS_ROOT, NULL);
	dev->debugfs_dev = debugfs_create_dir(pci_name(dev->pdev),
					      dev->debugfs);
	nvmev_for_each_ns(dev, ns)
		if (ns->allocated)
			debugfs_ns_create(dev, ns);
	/* Where they were when there was one namespace. */
	for (i = 0; i < ARRAY_SIZE(ns1_files); i++) {
		snprintf(target, sizeof(target), "ns1/%s", ns1_files[i]);
		debugfs_create_symlink(ns1_files[i], dev->debugfs_dev, target);
	}
	mutex_unlock(&dev->debugfs_lock);
}

/* With the threads stopped: no namespace comes or goes any more. */
void nvmev_debugfs_remove(struct nvmev_dev *dev)
{
	struct nvmev_ns *ns;

	/* Returns once no file of the tree is being read any more. */
	debugfs_remove(dev->debugfs);
	dev->debugfs = NULL;
	dev->debugfs_dev = NULL;
	nvmev_for_each_ns(dev, ns)
		ns->debugfs = NULL;
}
