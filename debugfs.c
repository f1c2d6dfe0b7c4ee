// SPDX-License-Identifier: GPL-2.0
/*
 * What the FTL reports, in debugfs:
 *
 *   /sys/kernel/debug/nvmev/<PCI device, e.g. 10000:00:00.0>/
 *       ftl     the FTL's name
 *       stats   the FTL's report (geometry, counters, die utilisation),
 *               for FTLs that have one
 *
 * A stats file is rendered once, when it is opened, so a reader sees one
 * consistent moment however it reads.  The dispatcher keeps changing the
 * counters meanwhile; those races are harmless, but Format replaces the
 * whole FTL, so rendering holds dev->ftl_lock.
 */
#define pr_fmt(fmt) "nvmev: " fmt

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/seq_file.h>
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
	struct nvmev_dev *dev = inode->i_private;
	size_t room = NVMEV_STATS_BUF_SIZE - sizeof(struct stats_snapshot);
	struct stats_snapshot *snap;
	int len;

	snap = kvmalloc(NVMEV_STATS_BUF_SIZE, GFP_KERNEL);
	if (!snap)
		return -ENOMEM;
	mutex_lock(&dev->ftl_lock);
	len = dev->cfg.ftl_ops->show(dev->ns.ftl, ktime_get_ns(), snap->text,
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
	struct nvmev_dev *dev = m->private;

	seq_printf(m, "%s\n", dev->cfg.ftl_ops->name);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(ftl_name);

/* Never fails the device: debugfs is a diagnostic, not a feature. */
void nvmev_debugfs_create(struct nvmev_dev *dev)
{
	struct dentry *dir;

	dev->debugfs = debugfs_create_dir(NVMEV_DEBUGFS_ROOT, NULL);
	dir = debugfs_create_dir(pci_name(dev->pdev), dev->debugfs);
	debugfs_create_file("ftl", 0444, dir, dev, &ftl_name_fops);
	if (dev->cfg.ftl_ops->show)
		debugfs_create_file("stats", 0444, dir, dev, &stats_fops);
}

void nvmev_debugfs_remove(struct nvmev_dev *dev)
{
	/* Returns once no file of the tree is being read any more. */
	debugfs_remove(dev->debugfs);
	dev->debugfs = NULL;
}
