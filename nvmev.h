/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The emulated controller: its state and the functions the kernel-facing
 * files (main, pci, ctrl, admin, io) offer each other.
 */
#ifndef NVMEV_H
#define NVMEV_H

#include <linux/types.h>
#include <linux/spinlock.h>
#include <linux/pci.h>
#include <linux/ioport.h>
#include <linux/sched.h>
#include <linux/ktime.h>
#include <linux/mutex.h>
#include "nvme.h"
#include "ftl.h"
#include "inject.h"
#include "ssd_config.h"
#include "store.h"

#define NVMEV_NR_QUEUES		(NVMEV_MAX_IO_QUEUES + 1)	/* + admin */
#define NVMEV_MAX_CPUS		32

struct nvmev_dev;
struct nvmev_fdp;
struct nvmev_ns;

/* How ftl=kv lays its commands out (nvme_kv.h). */
enum nvmev_kv_layout {
	NVMEV_KV_SAMSUNG,	/* vendor opcodes on an NVM namespace */
	NVMEV_KV_NVME,		/* NVMe KV Command Set 1.0, CSI 01h */
};

/* The name of a profile (ssd_config.h), kept with its namespace. */
#define NVMEV_PROFILE_NAME_LEN	16

/* One namespace of namespaces=, validated. */
struct nvmev_ns_spec {
	const struct ftl_ops *ftl_ops;
	u64 bytes;			/* insmod shares what is left among 0s */
	char profile[NVMEV_PROFILE_NAME_LEN];
	enum nvmev_store_kind store;
};

/* What insmod asked for, validated. */
struct nvmev_config {
	phys_addr_t mem_start;
	u64 mem_size;
	unsigned int dispatcher_cpu;
	unsigned int worker_cpus[NVMEV_MAX_CPUS];
	unsigned int nr_workers;
	/* The FTL and tunables of ftl= and co.: of every new namespace */
	const struct ftl_ops *ftl_ops;
	struct ftl_params ftl_params;
	/* namespaces=, or one namespace of ftl= taking all the storage */
	struct nvmev_ns_spec ns_specs[NVMEV_MAX_NAMESPACES];
	unsigned int nr_ns_specs;
	bool busy_poll;			/* threads never sleep */
	unsigned int idle_spin_us;	/* poll this long before sleeping */
	enum nvmev_kv_layout kv_layout;	/* ftl=kv only */
	u32 zasl_bytes;			/* Zone Append's limit; 0: MDTS */
	enum nvmev_store_kind store_default;	/* storage= */
	u64 sparse_max_bytes;
};

struct nvmev_cq {
	spinlock_t lock;		/* workers and dispatcher post here */
	struct nvme_completion *entries;
	u32 size;
	u32 tail;
	u32 head;			/* last valid head doorbell value */
	u16 qid;
	u16 vector;
	u8 phase;
	bool irq_enabled;
	bool valid;			/* under lock: host memory is live */
	unsigned int nr_sqs;		/* SQs completing here */
	/* Interrupt Coalescing, under lock */
	u32 irq_held;			/* entries since the last held interrupt */
	u64 irq_deadline_ns;		/* when the held ones must be signalled */
};

struct nvmev_sq {
	struct nvme_command *entries;
	u32 size;
	u32 head;			/* next entry to fetch */
	u16 qid;
	struct nvmev_cq *cq;
	unsigned int worker;		/* which I/O worker runs its commands */
	u32 epoch;			/* changes when the queue is recreated */
	bool valid;
};

/* A command's list of ranges, as read from the host: DSM's or Copy's. */
union nvmev_ranges {
	struct nvme_dsm_range dsm[NVMEV_DSM_MAX_RANGES];
	struct nvmev_copy_range copy[NVMEV_COPY_MAX_RANGES];
};

/* What the data mover does for a request. */
enum nvmev_xfer {
	NVMEV_XFER_NONE,
	NVMEV_XFER_TO_HOST,		/* read */
	NVMEV_XFER_FROM_HOST,		/* write */
	NVMEV_XFER_ZERO,		/* write zeroes */
	NVMEV_XFER_DEALLOCATE,		/* DSM ranges at prp1/prp2 */
	NVMEV_XFER_COMPARE,		/* host data against the storage */
	NVMEV_XFER_COPY,		/* Copy's source ranges at prp1/prp2 */
	NVMEV_XFER_ZONED_READ,		/* a zoned namespace's read (zns.c) */
};

/* An I/O command on its way from the dispatcher to a worker. */
struct nvmev_io_req {
	u64 complete_ns;
	u64 prp1;
	u64 prp2;
	u64 offset;			/* bytes into the storage */
	u64 length;			/* bytes */
	u64 buf_len;			/* of the host buffer, if longer */
	u32 nr_ranges;			/* DSM, and Copy's to move */
	u32 nsid;
	u32 sq_epoch;
	u32 gen;			/* controller reset generation */
	u64 result;			/* completion dwords 0-1 */
	u16 sqid;
	u16 cid;
	u16 status;
	u8 xfer;			/* enum nvmev_xfer */
};

/* How the dispatcher handles one I/O opcode. */
struct nvmev_io_cmd {
	/* Checks @cmd and describes it to the FTL, which times it ... */
	u16 (*prepare)(struct nvmev_dev *dev, const struct nvme_command *cmd,
		       struct nvmev_io_req *req, struct ftl_io *fio);
	/*
	 * ... or so, for a command that names a range (SLBA in CDW10-11, NLB
	 * in CDW12 bits 15:0): the range is checked against @ns and set in
	 * @req and @fio first ...
	 */
	u16 (*prepare_range)(struct nvmev_dev *dev, struct nvmev_ns *ns,
			     const struct nvme_command *cmd,
			     struct nvmev_io_req *req, struct ftl_io *fio,
			     u64 slba, u64 nlb);
	/* ... or carries it out itself, setting req->complete_ns too. */
	u16 (*execute)(struct nvmev_dev *dev, const struct nvme_command *cmd,
		       struct nvmev_io_req *req, u64 now_ns);
	/*
	 * Optional: tells the FTL of a prepared command and returns when it
	 * completes; without it the FTL takes @fio as one operation.
	 */
	u64 (*submit)(struct nvmev_dev *dev, const struct nvmev_io_req *req,
		      struct ftl_io *fio);
	bool changes_data;	/* for the Commands Supported and Effects log */
	bool needs_fdp;		/* only a controller with FDP has it */
	/* The set lacks this opcode of its base set: Invalid Opcode */
	bool absent;
};

/*
 * An I/O Command Set as a namespace has it: what makes a KV or a zoned
 * namespace what it is, in one place.  A namespace's set follows from its
 * FTL (nvmev_cmd_set_of()); Namespace Management picks one by CSI.
 */
struct nvmev_cmd_set {
	const char *name;
	u8 csi;
	const struct nvmev_io_cmd *io_cmds;	/* indexed by opcode */
	/* The set whose handlers serve the opcodes @io_cmds lacks, or NULL */
	const struct nvmev_cmd_set *base;
	/* The FTL of its namespaces; NULL: any FTL no other set claims */
	const struct ftl_ops *ftl;
	/* Whether this controller offers it; NULL: always */
	bool (*offered)(const struct nvmev_dev *dev);
	/* Identify Namespace (CNS 00h) describes its namespaces */
	bool nvm_identify;
	/* Optional: its Identify CNS 05h data of @ns, and CNS 06h data */
	void (*identify_ns)(struct nvmev_dev *dev, struct nvmev_ns *ns,
			    void *buf);
	void (*identify_ctrl)(struct nvmev_dev *dev, void *buf);
	/*
	 * Namespace Management's create data, laid out as the set's
	 * Identify Namespace: the size in bytes and the LBA format.
	 */
	u16 (*create_data)(struct nvmev_dev *dev, const void *data,
			   u64 *bytes, u8 *flbas);
	/* Optional: sets a new namespace up, before its FTL is made */
	int (*ns_init)(struct nvmev_dev *dev, struct nvmev_ns *ns);
	/*
	 * Optional: the size in LBAs of @ns, its FTL made; without it, as
	 * many LBAs as its bytes hold.
	 */
	u64 (*nr_lbas)(struct nvmev_ns *ns);
};

/* A zone error injection makes read-only or offline, on its way. */
#define NVMEV_ZONE_CHANGES_MAX	16
struct nvmev_zone_change {
	u32 nsid;
	void *ftl;			/* the namespace's, when asked */
	u32 zone;
	u8 state;			/* enum zns_state */
};

struct nvmev_worker {
	struct nvmev_dev *dev;
	struct task_struct *task;	/* NULL: runs in the dispatcher */
	unsigned int id;
	unsigned int cpu;
	/* Single-producer (dispatcher) single-consumer (worker) ring. */
	struct nvmev_io_req *ring;
	u32 ring_head;			/* written by the worker */
	u32 ring_tail;			/* written by the dispatcher */
	/* Requests whose data moved, waiting for their time; a min-heap. */
	struct nvmev_io_req *heap;
	u32 heap_len;
	atomic_t inflight;		/* ring + heap, bounded by capacity */
	union nvmev_ranges *ranges;	/* scratch for deallocate and Copy */
	u32 gen;			/* reset generation last acknowledged */
	u32 synced;			/* sync sequence last acknowledged */
	bool sleeping;
	DECLARE_BITMAP(cq_touched, NVMEV_NR_QUEUES);
};

struct nvmev_features {
	u32 arbitration;
	u32 power_mgmt;
	u16 temp_over;
	u16 temp_under;
	bool write_cache;
	u32 irq_coalesce;
	u32 async_event_config;
	u32 error_recovery;
	u32 write_atomicity;
	DECLARE_BITMAP(irq_coalescing_disabled, NVMEV_MSIX_VECTORS);
	u64 timestamp_ms;		/* as set by the host ... */
	u64 timestamp_set_ns;		/* ... at this time */
	u16 lsiri;			/* LBA Status report interval */
	u16 nr_io_sqs;			/* granted by Number of Queues */
	u16 nr_io_cqs;
	bool nr_queues_set;
};

/* Counters behind the SMART / health log. */
struct nvmev_smart {
	u64 sectors_read;		/* 512-byte units */
	u64 sectors_written;
	u64 read_cmds;
	u64 write_cmds;
};

/* Which potentially unrecoverable LBAs something has seen already. */
struct nvmev_lbas_seen {
	u64 uncorrectable_gen;
	u64 bad_gen;			/* of the injection settings */
};

/*
 * A namespace.  The dispatcher alone creates, attaches, formats and
 * deletes it, after the workers are done with its requests (ns.c).
 */
struct nvmev_ns {
	struct nvmev_dev *dev;
	u32 nsid;
	bool allocated;			/* it exists ... */
	bool attached;			/* ... and the controller shows it */
	u8 flbas;			/* the LBA format in use */
	u8 lba_shift;			/* log2 of the LBA size, LBADS */
	u64 nr_lbas;
	u64 bytes;			/* its capacity, whatever the format */
	struct nvmev_store store;	/* its data */
	/* A reserved store's slice of the region, whole granules; else 0 */
	u64 storage_offset;		/* from dev->storage */
	u64 storage_size;
	const struct ftl_ops *ftl_ops;
	struct ftl_params ftl_params;
	char profile[NVMEV_PROFILE_NAME_LEN];
	void *ftl;
	const struct nvmev_cmd_set *cmd_set;
	/* Write Uncorrectable's marks: NULL until the first (lba_status.c) */
	unsigned long *uncorrectable;
	u64 nr_uncorrectable;
	u64 uncorrectable_gen;		/* bumped by each marking */
	/* Seen by the LBA Status log last built, and by the last alert */
	struct nvmev_lbas_seen lbas_logged;
	struct nvmev_lbas_seen lbas_alerted;
	/*
	 * Error injection (debugfs's inject file): NULL while nothing is
	 * injected.  debugfs publishes new settings under dev->inject_lock;
	 * the dispatcher reads them under RCU and alone keeps the state.
	 */
	struct inject_cfg __rcu *inject;
	struct inject_state inject_state;
	struct dentry *debugfs;		/* its directory, ns<NSID> */
};

/* When the FTL of @ns completes @fio. */
static inline u64 nvmev_ftl_submit(struct nvmev_ns *ns,
				   const struct ftl_io *fio)
{
	return ns->ftl_ops->submit(ns->ftl, fio);
}

/* Every conversion between LBAs and bytes goes through these two. */
static inline u64 nvmev_lba_to_bytes(const struct nvmev_ns *ns, u64 lbas)
{
	return lbas << ns->lba_shift;
}

static inline u64 nvmev_bytes_to_lba(const struct nvmev_ns *ns, u64 bytes)
{
	return bytes >> ns->lba_shift;
}

/* The LBA Status Information log and its alert; the dispatcher's. */
struct nvmev_lba_status {
	u16 lsgc;			/* LBA Status Generation Counter */
	bool alert_outstanding;		/* until a read with RAE clear */
	u64 interval_ns;		/* the report interval started then */
	/* The log as the host began reading it with RAE set, or NULL */
	void *log;
	size_t log_len;
};

struct nvmev_dev {
	struct nvmev_config cfg;

	/* The reserved region: BAR0 first, then the namespace's storage. */
	struct resource bar_res;
	struct resource busn_res;
	struct resource *storage_res;
	void *bar;
	void *storage;
	u64 storage_size;
	/* What the sparse namespaces' pages may add up to: sparse_max */
	struct nvmev_sparse_pool sparse_pool;
	/* TNVMCAP: the reserved storage, and sparse and none namespaces' */
	u64 total_capacity;

	/* Virtual PCI */
	struct pci_sysdata sysdata;
	struct pci_bus *bus;
	struct pci_dev *pdev;		/* while the bus has it */
	struct notifier_block pci_notifier;
	raw_spinlock_t cfg_lock;	/* config space vs. interrupt delivery */
	u8 pci_cfg[PCI_CFG_SPACE_SIZE];
	u8 pci_wmask[PCI_CFG_SPACE_SIZE];
	int msix_cpu[NVMEV_MSIX_VECTORS];	/* cached destination ... */
	u32 msix_addr[NVMEV_MSIX_VECTORS];	/* ... for this address */
	DECLARE_BITMAP(irq_pending, NVMEV_MSIX_VECTORS);
	spinlock_t irq_pending_lock;

	/* Controller */
	u64 cap;
	bool enabled;
	bool shutdown;
	u32 page_size;
	u32 gen;			/* bumped by each controller reset */
	u32 sync_seq;			/* bumped by each worker barrier */
	struct nvmev_sq sqs[NVMEV_NR_QUEUES];
	/* The valid SQs: the dispatcher polls these doorbells only. */
	DECLARE_BITMAP(sqs_valid, NVMEV_NR_QUEUES);
	struct nvmev_cq cqs[NVMEV_NR_QUEUES];
	struct nvmev_features feat;
	struct nvmev_smart smart;
	u64 load_ns;
	void *admin_buf;		/* NVMEV_ADMIN_PAGE for admin payloads */

	/* Asynchronous events */
	u16 aer_cids[NVMEV_AERL + 1];
	unsigned int nr_aers;
	u32 aen_pending;		/* result dword of the waiting event */
	bool aen_smart_masked;		/* until the host reads the SMART log */
	struct nvmev_lba_status lbas;

	/* Error Information log: a ring, newest last */
	spinlock_t error_lock;
	struct nvmev_error_log_entry errors[NVMEV_ERROR_LOG_ENTRIES];
	u64 error_count;

	/* Namespace n is ns[n - 1]; see nvmev_ns_slot() */
	struct nvmev_ns ns[NVMEV_MAX_NAMESPACES];
	/* NSIDs whose attachment changed, for log 04h; the dispatcher's */
	DECLARE_BITMAP(changed_nsids, NVMEV_MAX_NAMESPACES + 1);
	bool aen_ns_masked;		/* until the host reads log 04h */
	/*
	 * Zones the controller makes read-only or offline (debugfs asks,
	 * the dispatcher does it, zns.c), and their notice: one waiting,
	 * and none more until the host reads a Changed Zone List.
	 */
	spinlock_t zone_changes_lock;
	struct nvmev_zone_change zone_changes[NVMEV_ZONE_CHANGES_MAX];
	unsigned int nr_zone_changes;
	bool aen_zone_notice;
	bool aen_zone_masked;
	/*
	 * Flexible Data Placement state of the one namespace whose FTL has
	 * it, or NULL (fdp.c)
	 */
	struct nvmev_fdp *fdp;
	/*
	 * Only the dispatcher uses an FTL, but Format and Namespace
	 * Management (run there) replace or remove it: they and the
	 * statistics readers in debugfs hold this.
	 */
	struct mutex ftl_lock;
	struct dentry *debugfs;		/* nvmev/ */
	struct dentry *debugfs_dev;	/* nvmev/<PCI device>/ */
	struct mutex debugfs_lock;	/* namespaces' directories */
	void *kv_buf;			/* ftl=kv: key lists, MDTS bytes */
	struct mutex inject_lock;	/* writers of ns[].inject */
	u64 inject_gen;			/* numbers each settings published */

	/* Threads */
	struct task_struct *dispatcher;
	DECLARE_BITMAP(dispatch_cq_touched, NVMEV_NR_QUEUES);
	/* CQs whose interrupt Interrupt Coalescing holds back */
	DECLARE_BITMAP(cqs_irq_held, NVMEV_NR_QUEUES);
	bool irq_hold_started;		/* by a worker, since the last poll */
	union nvmev_ranges dispatch_ranges;	/* of the command it prepares */
	struct nvmev_worker *workers;
	u32 worker_capacity;		/* ring and heap entries per worker */
};

#define NVMEV_FIRMWARE_REV	"1.0"
#define NVMEV_SMART_SPARE	100	/* percent */
#define NVMEV_SMART_SPARE_THRESH 10
#define NVMEV_DATA_UNIT_SECTORS	1000	/* SMART data units: 1000 x 512 B */
#define NVMEV_SMART_SECTOR_SHIFT 9	/* the 512 B those count */

/* SMART and endurance data units: thousands of 512 B, rounded up. */
static inline u64 nvmev_data_units(u64 sectors)
{
	return DIV_ROUND_UP_ULL(sectors, NVMEV_DATA_UNIT_SECTORS);
}

/* A 128-bit little-endian counter or size, from 64 bits. */
static inline void nvmev_put_u128(u8 *dst, u64 value)
{
	__le64 v = cpu_to_le64(value);

	memset(dst, 0, 16);
	memcpy(dst, &v, sizeof(v));
}

/* Identify and log strings are space padded, not NUL terminated. */
static inline void nvmev_id_string(char *dst, size_t len, const char *src)
{
	memset(dst, ' ', len);
	memcpy(dst, src, min(len, strlen(src)));
}

/* Command dword @n (0..15) of @cmd, in CPU byte order. */
static inline u32 nvmev_cdw(const struct nvme_command *cmd, unsigned int n)
{
	return le32_to_cpu(((const __le32 *)cmd)[n]);
}

/*
 * What a command handler returns, beside NVMe statuses, when the command
 * does not complete now.  Neither is a status the spec defines, so
 * neither reaches the host.
 */
enum nvmev_status_internal {
	NVMEV_STATUS_DEFERRED = 0xfffe,	/* completes later (an AER) */
	NVMEV_STATUS_HUNG = 0xffff,	/* never: an injected timeout */
};

/* Namespace @nsid, 1..NVMEV_MAX_NAMESPACES, whether it exists or not. */
static inline struct nvmev_ns *nvmev_ns_slot(struct nvmev_dev *dev, u32 nsid)
{
	if (!nsid || nsid > NVMEV_MAX_NAMESPACES)
		return NULL;
	return &dev->ns[nsid - 1];
}

/* Namespace @nsid if the controller shows it (attached), else NULL. */
static inline struct nvmev_ns *nvmev_ns_active(struct nvmev_dev *dev,
					       u32 nsid)
{
	struct nvmev_ns *ns = nvmev_ns_slot(dev, nsid);

	return ns && ns->attached ? ns : NULL;
}

/*
 * The status for a command naming namespace @nsid that is not active:
 * Invalid Namespace or Format for an NSID out of 1..NN, Invalid Field for
 * a valid NSID whose namespace is not attached (or does not exist).
 */
static inline u16 nvmev_nsid_inactive_status(struct nvmev_dev *dev, u32 nsid)
{
	return (nvmev_ns_slot(dev, nsid) ? NVME_SC_INVALID_FIELD :
		NVME_SC_INVALID_NS) | NVMEV_DNR;
}

/* The namespace slot @cmd's NSID names; NULL if out of 1..NN. */
static inline struct nvmev_ns *nvmev_cmd_ns(struct nvmev_dev *dev,
					    const struct nvme_command *cmd)
{
	return nvmev_ns_slot(dev, le32_to_cpu(cmd->common.nsid));
}

/*
 * The namespace of a request on its way to a worker: one that moves data
 * names a namespace, which stays until the workers have moved it.
 */
static inline struct nvmev_ns *nvmev_req_ns(struct nvmev_dev *dev,
					   const struct nvmev_io_req *req)
{
	return nvmev_ns_slot(dev, req->nsid);
}

/* Worker rings and heaps hold a power of two of requests. */
static inline u32 nvmev_ring_mask(const struct nvmev_dev *dev)
{
	return dev->worker_capacity - 1;
}

#define nvmev_for_each_ns(dev, ns) \
	for ((ns) = (dev)->ns; (ns) < (dev)->ns + NVMEV_MAX_NAMESPACES; (ns)++)

/*
 * An admin command's handler: an NVMe status (or NVMEV_STATUS_DEFERRED),
 * and in *@result the completion's dwords 0-1.
 */
typedef u16 (*nvmev_admin_fn)(struct nvmev_dev *dev,
			      const struct nvme_command *cmd, u64 *result);

/* ns.c: namespaces' life cycles, Namespace Management, command sets */
int nvmev_ns_init(struct nvmev_dev *dev);
void nvmev_ns_exit(struct nvmev_dev *dev);
u16 nvmev_ns_create(struct nvmev_dev *dev, const struct ftl_ops *ops,
		    const char *profile, enum nvmev_store_kind kind,
		    u64 bytes, u8 flbas, u8 csi, u32 *nsid);
void nvmev_ns_delete(struct nvmev_dev *dev, struct nvmev_ns *ns);
void nvmev_ns_attach(struct nvmev_dev *dev, struct nvmev_ns *ns,
		     bool attach);
u16 nvmev_ns_format(struct nvmev_dev *dev, struct nvmev_ns *ns, u8 flbas);
u64 nvmev_ns_unallocated(struct nvmev_dev *dev);
void nvmev_nguid(struct nvmev_dev *dev, u32 nsid, u8 *nguid);
void nvmev_ns_changed(struct nvmev_dev *dev, u32 nsid);
u16 nvmev_nvm_create_data(struct nvmev_dev *dev, const void *data,
			  u64 *bytes, u8 *flbas);
u16 nvmev_ns_size_check(struct nvmev_dev *dev, u64 nsze, u8 lba_shift,
			u64 *bytes);
const struct nvmev_cmd_set *nvmev_cmd_set_of(const struct nvmev_dev *dev,
					     const struct ftl_ops *ops);
u64 nvmev_csi_mask(const struct nvmev_dev *dev);
const struct nvmev_cmd_set *nvmev_cmd_set_by_csi(const struct nvmev_dev *dev,
						 u8 csi);
u16 nvmev_admin_format_nvm(struct nvmev_dev *dev,
			   const struct nvme_command *cmd, u64 *result);
u16 nvmev_admin_ns_mgmt(struct nvmev_dev *dev, const struct nvme_command *cmd,
			u64 *result);
u16 nvmev_admin_ns_attach(struct nvmev_dev *dev,
			  const struct nvme_command *cmd, u64 *result);

/* debugfs.c */
void nvmev_debugfs_create(struct nvmev_dev *dev);
void nvmev_debugfs_remove(struct nvmev_dev *dev);
void nvmev_debugfs_ns_create(struct nvmev_dev *dev, struct nvmev_ns *ns);
void nvmev_debugfs_ns_remove(struct nvmev_dev *dev, struct nvmev_ns *ns);

/* pci.c */
int nvmev_pci_create(struct nvmev_dev *dev);
void nvmev_pci_remove(struct nvmev_dev *dev);
void nvmev_signal_irq(struct nvmev_dev *dev, u16 vector);
void nvmev_retry_pending_irqs(struct nvmev_dev *dev);

/* ctrl.c: registers, the dispatcher, completions, host memory, events */
int nvmev_ctrl_start(struct nvmev_dev *dev);
void nvmev_ctrl_stop(struct nvmev_dev *dev);
void nvmev_regs_init(struct nvmev_dev *dev);
bool nvmev_cq_post(struct nvmev_dev *dev, struct nvmev_cq *cq, u16 sqid,
		   u16 cid, u16 status, u64 result);
bool nvmev_cq_has_room(struct nvmev_dev *dev, struct nvmev_cq *cq);
void nvmev_record_error(struct nvmev_dev *dev, u16 sqid, u16 cid, u16 status,
			u64 lba, u32 nsid);
void *nvmev_host_queue_map(u64 addr, u32 entries, size_t entry_size);
u16 nvmev_copy_to_host(struct nvmev_dev *dev, const struct nvme_command *cmd,
		       const void *buf, size_t buf_len, u64 xfer_len);
u16 nvmev_copy_from_host(struct nvmev_dev *dev, const struct nvme_command *cmd,
			 void *buf, u64 xfer_len);
u16 nvmev_storage_walk(struct nvmev_dev *dev, u64 prp1, u64 prp2, u64 length,
		       void *ctx,
		       bool (*segment)(void *ctx, u64 addr, u32 len, u64 done));
void *nvmev_host_page_map(u64 addr);
u16 nvmev_admin_async_event(struct nvmev_dev *dev,
			    const struct nvme_command *cmd, u64 *result);
void nvmev_aen_deliver(struct nvmev_dev *dev);
void nvmev_aen_check_temperature(struct nvmev_dev *dev);
void nvmev_events_reset(struct nvmev_dev *dev);
u16 nvmev_temperature(void);
bool nvmev_temperature_critical(struct nvmev_dev *dev);

/* admin.c: the admin command table, queues */
void nvmev_admin_run(struct nvmev_dev *dev, struct nvme_command *cmd);
u32 nvmev_admin_effects(struct nvmev_dev *dev, u8 opcode);

/* identify.c */
u16 nvmev_admin_identify(struct nvmev_dev *dev, const struct nvme_command *cmd,
			 u64 *result);

/* features.c */
u16 nvmev_admin_get_features(struct nvmev_dev *dev,
			     const struct nvme_command *cmd, u64 *result);
u16 nvmev_admin_set_features(struct nvmev_dev *dev,
			     const struct nvme_command *cmd, u64 *result);
void nvmev_features_reset(struct nvmev_dev *dev);
u64 nvmev_timestamp(struct nvmev_dev *dev);

/* log.c */
u16 nvmev_admin_get_log_page(struct nvmev_dev *dev,
			     const struct nvme_command *cmd, u64 *result);

/* kv.c: the KV command sets (kv_layout=samsung and nvme) */
void nvmev_kv_exit(struct nvmev_dev *dev);
extern const struct nvmev_cmd_set nvmev_kv_samsung_cmd_set;
extern const struct nvmev_cmd_set nvmev_kv_nvme_cmd_set;

/* zns.c: the Zoned Namespace Command Set */
extern const struct nvmev_cmd_set nvmev_zns_cmd_set;
u16 nvmev_zns_read(struct nvmev_dev *dev, const struct nvmev_io_req *req);
size_t nvmev_zns_changed_log(struct nvmev_dev *dev,
			     const struct nvme_command *cmd, void *buf);
u16 nvmev_zns_changed_log_check(struct nvmev_dev *dev,
				const struct nvme_command *cmd);
void nvmev_zns_changed_log_read(struct nvmev_dev *dev,
				const struct nvme_command *cmd);
void nvmev_zns_poll(struct nvmev_dev *dev);
void nvmev_zns_debugfs_create(struct nvmev_ns *ns);

/* nvm.c: the NVM command set */
extern const struct nvmev_cmd_set nvmev_nvm_cmd_set;
u16 nvmev_io_lba_range(const struct nvmev_ns *ns,
		       const struct nvme_command *cmd, struct nvmev_io_req *req,
		       struct ftl_io *fio, u64 *slba, u64 *nlb);
u16 nvmev_nvm_deallocate(struct nvmev_dev *dev, struct nvmev_io_req *req,
			 struct nvme_dsm_range *ranges);
u16 nvmev_nvm_copy(struct nvmev_dev *dev, struct nvmev_io_req *req,
		   struct nvmev_copy_range *ranges);

/*
 * The clock that times commands, read once per pass of a thread and only
 * when a command needs it (*@now is 0 until then): with the HPET as the
 * clocksource, as in a VM whose TSC the guest distrusts, every read is an
 * emulated device access.  Threads time their own idleness with
 * local_clock(), which stays on the CPU's cycle counter.
 */
static inline u64 nvmev_clock_ns(u64 *now)
{
	if (!*now)
		*now = ktime_get_ns();
	return *now;
}

/* Only the dispatcher, or the module once it has stopped, calls this. */
static inline void nvmev_sq_set_valid(struct nvmev_dev *dev,
				      struct nvmev_sq *sq, bool valid)
{
	WRITE_ONCE(sq->valid, valid);
	assign_bit(sq->qid, dev->sqs_valid, valid);
}

/* io.c: the submission path */
bool nvmev_io_has_room(struct nvmev_dev *dev, struct nvmev_sq *sq);
void nvmev_io_submit(struct nvmev_dev *dev, struct nvmev_sq *sq,
		     const struct nvme_command *cmd, u64 now_ns);
void nvmev_io_move_data(struct nvmev_dev *dev, struct nvmev_io_req *req,
			union nvmev_ranges *ranges);
void nvmev_signal_cqs(struct nvmev_dev *dev, unsigned long *cq_touched);
void nvmev_irq_coalescing_poll(struct nvmev_dev *dev, u64 *next_due);
void nvmev_irq_coalescing_release(struct nvmev_dev *dev);
void nvmev_irq_coalescing_end(struct nvmev_dev *dev, struct nvmev_cq *cq);
const struct nvmev_io_cmd *nvmev_io_cmd(struct nvmev_dev *dev,
					struct nvmev_ns *ns, u8 opcode);

/* worker.c */
int nvmev_workers_start(struct nvmev_dev *dev);
void nvmev_workers_stop(struct nvmev_dev *dev);
void nvmev_workers_quiesce(struct nvmev_dev *dev);
void nvmev_workers_sync(struct nvmev_dev *dev);
void nvmev_workers_drain(void *dev);
bool nvmev_inline_workers_step(struct nvmev_dev *dev, u64 *next_due);

/* lba_status.c: potentially unrecoverable LBAs */
int nvmev_uncor_mark(struct nvmev_ns *ns, u64 slba, u64 nlb);
void nvmev_uncor_clear(struct nvmev_ns *ns, u64 slba, u64 nlb);
u64 nvmev_uncor_find(const struct nvmev_ns *ns, u64 slba, u64 nlb);
void nvmev_uncor_free(struct nvmev_ns *ns);
u16 nvmev_get_lba_status(struct nvmev_dev *dev, const struct nvme_command *cmd);
size_t nvmev_lba_status_log(struct nvmev_dev *dev,
			    const struct nvme_command *cmd, void *buf);
void nvmev_lba_status_poll(struct nvmev_dev *dev);
void nvmev_lba_status_reset(struct nvmev_dev *dev);
void nvmev_lba_status_free(struct nvmev_dev *dev);

/* fdp.c: Flexible Data Placement, with an FTL that has it (ftl=fdp) */
int nvmev_fdp_init(struct nvmev_dev *dev, struct nvmev_ns *ns);
void nvmev_fdp_free(struct nvmev_dev *dev, struct nvmev_ns *ns);
u32 nvmev_fdp_nsid(const struct nvmev_dev *dev);
void nvmev_fdp_identify_ctrl(const struct nvmev_dev *dev,
			     struct nvme_id_ctrl *id);
u16 nvmev_fdp_endgid(const struct nvmev_dev *dev, const struct nvmev_ns *ns);
u16 nvmev_fdp_directive_recv(struct nvmev_dev *dev,
			     const struct nvme_command *cmd);
u16 nvmev_fdp_directive_send(struct nvmev_dev *dev,
			     const struct nvme_command *cmd);
u16 nvmev_fdp_place_write(struct nvmev_dev *dev, struct nvmev_ns *ns,
			  const struct nvme_command *cmd, struct ftl_io *fio);
u16 nvmev_fdp_log_check(struct nvmev_dev *dev, const struct nvme_command *cmd);
/* Log page builders: fill @buf, return the log's size (log.c) */
typedef size_t nvmev_log_builder(struct nvmev_dev *dev,
				 const struct nvme_command *cmd, void *buf);
nvmev_log_builder nvmev_fdp_log_endurance, nvmev_fdp_log_configs,
	nvmev_fdp_log_ruh_usage, nvmev_fdp_log_stats, nvmev_fdp_log_events;
u16 nvmev_fdp_get_feature(struct nvmev_dev *dev,
			  const struct nvme_command *cmd, u32 *result);
u16 nvmev_fdp_set_feature(struct nvmev_dev *dev,
			  const struct nvme_command *cmd, u32 *result);
u16 nvmev_fdp_get_events(struct nvmev_dev *dev, const struct nvme_command *cmd,
			 bool defaults, u32 *result);
u16 nvmev_fdp_set_events(struct nvmev_dev *dev, const struct nvme_command *cmd,
			 u32 *result);
u16 nvmev_fdp_io_mgmt_recv(struct nvmev_dev *dev,
			   const struct nvme_command *cmd);
u16 nvmev_fdp_io_mgmt_send(struct nvmev_dev *dev,
			   const struct nvme_command *cmd);
void nvmev_fdp_take_relocations(struct nvmev_dev *dev);

static inline u32 *nvmev_doorbell(struct nvmev_dev *dev, u16 qid, bool cq)
{
	return dev->bar + NVME_REG_DBS +
	       ((2 * qid + cq) << (2 + NVMEV_DOORBELL_STRIDE_SHIFT));
}

static inline u32 nvmev_reg_read32(struct nvmev_dev *dev, u32 reg)
{
	return READ_ONCE(*(u32 *)(dev->bar + reg));
}

static inline void nvmev_reg_write32(struct nvmev_dev *dev, u32 reg, u32 val)
{
	WRITE_ONCE(*(u32 *)(dev->bar + reg), val);
}

static inline u64 nvmev_reg_read64(struct nvmev_dev *dev, u32 reg)
{
	return READ_ONCE(*(u64 *)(dev->bar + reg));
}

#endif /* NVMEV_H */
