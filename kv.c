// SPDX-License-Identifier: GPL-2.0
/*
 * Key-value commands (ftl=kv), the kernel-facing half: each layout of
 * nvme_kv.h read into the kv FTL's terms, its answer turned into an NVMe
 * status and a request for an I/O worker, key lists, and the KV Command
 * Set's Identify Namespace data.
 *
 * The FTL does the index work here, in the dispatcher, because the
 * completion time depends on it: whether the key exists, how long its
 * value is and which dies hold it, whether a store needs compaction.  The
 * worker then copies the value between the host and the reserved memory
 * through the PRPs, and posts the completion at that time.
 */
#define pr_fmt(fmt) "nvmev: " fmt

#include <linux/build_bug.h>
#include "nvmev.h"
#include "kv_ftl.h"

/* Key lists are built in dev->kv_buf, one command's worth (MDTS). */
#define KV_BUF_BYTES		NVMEV_MAX_XFER_BYTES

/* The kv_layout=samsung key dwords, CDW12-CDW15. */
static void kv_samsung_key_dwords(const struct nvme_command *cmd,
				  __le32 dw[4])
{
	dw[0] = cmd->common.cdw12;
	dw[1] = cmd->common.cdw13;
	dw[2] = cmd->common.cdw14;
	dw[3] = cmd->common.cdw15;
}

/* The kv_layout=nvme key dwords, CDW2, CDW3, CDW14 and CDW15. */
static void kv_nvme_key_dwords(const struct nvme_command *cmd, __le32 dw[4])
{
	dw[0] = cmd->common.cdw2[0];
	dw[1] = cmd->common.cdw2[1];
	dw[2] = cmd->common.cdw14;
	dw[3] = cmd->common.cdw15;
}

/*
 * The key of @cmd: CDW11 bits 7:0 bytes of its key dwords, taken in
 * little-endian order; the bytes past its length are not part of it.
 * @empty_ok: a length of 0 is allowed (List from the first key).
 */
static u16 kv_key(struct nvmev_dev *dev, const struct nvme_command *cmd,
		  struct kv_key *key, bool empty_ok)
{
	u32 len = KV_CDW11_KEY_LEN(nvmev_cdw(cmd, 11));
	__le32 dw[KV_MAX_KEY_LEN / sizeof(__le32)];

	if ((!len && !empty_ok) || len > KV_MAX_KEY_LEN)
		return KV_SC_INVALID_KEY_SIZE | NVMEV_DNR;
	if (dev->cfg.kv_layout == NVMEV_KV_SAMSUNG)
		kv_samsung_key_dwords(cmd, dw);
	else
		kv_nvme_key_dwords(cmd, dw);
	memset(key, 0, sizeof(*key));
	memcpy(key->bytes, dw, len);
	key->len = len;
	return NVME_SC_SUCCESS;
}

static u16 kv_status(enum kv_result r)
{
	switch (r) {
	case KV_OK:
		return NVME_SC_SUCCESS;
	case KV_NOT_FOUND:
		return KV_SC_KEY_NOT_FOUND | NVMEV_DNR;
	case KV_EXISTS:
		return KV_SC_KEY_EXISTS | NVMEV_DNR;
	case KV_NO_SPACE:
		return KV_SC_CAPACITY_EXCEEDED | NVMEV_DNR;
	case KV_TOO_BIG:
	default:
		return KV_SC_INVALID_VALUE_SIZE | NVMEV_DNR;
	}
}

/* Runs @io on the FTL; the request completes at its time either way. */
static u16 kv_run(struct nvmev_dev *dev, struct kv_io *io,
		  struct nvmev_io_req *req)
{
	u16 status = kv_status(kv_ftl_exec(nvmev_ns_slot(dev, req->nsid)->ftl,
					   io));

	req->complete_ns = io->done_ns;
	return status;
}

static void kv_data_ptr(struct nvmev_io_req *req,
			const struct nvme_command *cmd)
{
	req->prp1 = le64_to_cpu(cmd->common.dptr.prp1);
	req->prp2 = le64_to_cpu(cmd->common.dptr.prp2);
}

/* Store: CDW10 the value's bytes, CDW11 bits 15:8 the store options. */
static u16 kv_exec_store(struct nvmev_dev *dev, const struct nvme_command *cmd,
			 struct nvmev_io_req *req, u64 now_ns)
{
	u32 options = KV_CDW11_OPTIONS(nvmev_cdw(cmd, 11));
	struct kv_io io = { .op = KV_OP_STORE, .now_ns = now_ns,
			    .length = nvmev_cdw(cmd, 10),
			    .options = options };
	u16 status = kv_key(dev, cmd, &io.key, false);

	if (status)
		return status;
	if ((options & ~KV_STORE_OPTS_KNOWN) ||
	    ((options & KV_STORE_OPT_IF_EXISTS) &&
	     (options & KV_STORE_OPT_IF_ABSENT)))
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	if (io.length > kv_ftl_max_value(nvmev_cmd_ns(dev, cmd)->ftl))
		return KV_SC_INVALID_VALUE_SIZE | NVMEV_DNR;
	status = kv_run(dev, &io, req);
	if (status)
		return status;
	req->xfer = NVMEV_XFER_FROM_HOST;
	req->offset = io.offset;
	req->length = io.length;
	kv_data_ptr(req, cmd);
	dev->smart.sectors_written += DIV_ROUND_UP(io.length,
						   1U << NVMEV_LBA_SHIFT);
	dev->smart.write_cmds++;
	return NVME_SC_SUCCESS;
}

/*
 * Retrieve: CDW10 the host buffer's bytes.  As much of the value as fits
 * is returned; completion dword 0 is the value's whole length.
 */
static u16 kv_exec_retrieve(struct nvmev_dev *dev,
			    const struct nvme_command *cmd,
			    struct nvmev_io_req *req, u64 now_ns)
{
	struct kv_io io = { .op = KV_OP_RETRIEVE, .now_ns = now_ns,
			    .length = nvmev_cdw(cmd, 10) };
	u16 status = kv_key(dev, cmd, &io.key, false);

	if (status)
		return status;
	if (io.length > NVMEV_MAX_XFER_BYTES)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	status = kv_run(dev, &io, req);
	if (status)
		return status;
	req->result = io.value_len;
	req->offset = io.offset;
	req->length = min(io.value_len, io.length);
	/* The host's PRPs describe its whole buffer. */
	req->buf_len = io.length;
	if (req->length)
		req->xfer = NVMEV_XFER_TO_HOST;
	kv_data_ptr(req, cmd);
	dev->smart.sectors_read += DIV_ROUND_UP(req->length,
						1U << NVMEV_LBA_SHIFT);
	dev->smart.read_cmds++;
	return NVME_SC_SUCCESS;
}

static u16 kv_exec_delete(struct nvmev_dev *dev,
			  const struct nvme_command *cmd,
			  struct nvmev_io_req *req, u64 now_ns)
{
	struct kv_io io = { .op = KV_OP_DELETE, .now_ns = now_ns };
	u16 status = kv_key(dev, cmd, &io.key, false);

	return status ?: kv_run(dev, &io, req);
}

static u16 kv_exec_exist(struct nvmev_dev *dev, const struct nvme_command *cmd,
			 struct nvmev_io_req *req, u64 now_ns)
{
	struct kv_io io = { .op = KV_OP_EXIST, .now_ns = now_ns };
	u16 status = kv_key(dev, cmd, &io.key, false);

	return status ?: kv_run(dev, &io, req);
}

/*
 * Sends a key list built in dev->kv_buf to the host buffer of CDW10 bytes;
 * dword 0 is the number of keys.  Lists are rare and small next to
 * values: the dispatcher copies them itself.
 */
static u16 kv_send_list(struct nvmev_dev *dev, const struct nvme_command *cmd,
			struct nvmev_io_req *req, const struct kv_list *l)
{
	req->complete_ns = l->done_ns;
	req->result = l->nr_keys;
	return nvmev_copy_to_host(dev, cmd, l->buf, l->buf_len, l->buf_len);
}

static u16 kv_list_buffer(struct nvmev_dev *dev, const struct nvme_command *cmd,
			  struct kv_list *l, u64 now_ns)
{
	u32 len = nvmev_cdw(cmd, 10);

	if (len > KV_BUF_BYTES)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	l->buf = dev->kv_buf;
	l->buf_len = len;
	l->now_ns = now_ns;
	return NVME_SC_SUCCESS;
}

/*
 * List (kv_layout=nvme): the keys from the given one on (from the first
 * with a key length of 0), in the index's order, as many as fit.
 */
static u16 kv_exec_list(struct nvmev_dev *dev, const struct nvme_command *cmd,
			struct nvmev_io_req *req, u64 now_ns)
{
	struct kv_list l = { };
	struct kv_key key;
	void *ftl;
	u16 status = kv_key(dev, cmd, &key, true) ?:
		     kv_list_buffer(dev, cmd, &l, now_ns);

	if (status)
		return status;
	ftl = nvmev_cmd_ns(dev, cmd)->ftl;
	l.cursor = kv_ftl_list_start(ftl, key.len ? &key : NULL);
	kv_ftl_list(ftl, &l);
	return kv_send_list(dev, cmd, req, &l);
}

/* Iterate Request (kv_layout=samsung): open or close an iterator. */
static u16 kv_exec_iter_req(struct nvmev_dev *dev,
			    const struct nvme_command *cmd,
			    struct nvmev_io_req *req, u64 now_ns)
{
	u32 dw11 = nvmev_cdw(cmd, 11);
	u32 handle;

	switch (KV_CDW11_OPTIONS(dw11)) {
	case KV_ITER_OPT_OPEN:
		handle = kv_ftl_iter_open(nvmev_cmd_ns(dev, cmd)->ftl, nvmev_cdw(cmd, 12),
					  nvmev_cdw(cmd, 13));
		if (!handle)
			return KV_SC_CAPACITY_EXCEEDED | NVMEV_DNR;
		req->result = handle;
		return NVME_SC_SUCCESS;
	case KV_ITER_OPT_CLOSE:
		if (!kv_ftl_iter_close(nvmev_cmd_ns(dev, cmd)->ftl,
				       KV_CDW11_HANDLE(dw11)))
			return NVME_SC_INVALID_FIELD | NVMEV_DNR;
		return NVME_SC_SUCCESS;
	default:
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	}
}

/* Iterate Read (kv_layout=samsung): the iterator's next keys. */
static u16 kv_exec_iter_read(struct nvmev_dev *dev,
			     const struct nvme_command *cmd,
			     struct nvmev_io_req *req, u64 now_ns)
{
	u32 handle = KV_CDW11_HANDLE(nvmev_cdw(cmd, 11));
	struct kv_list l = { };
	u16 status = kv_list_buffer(dev, cmd, &l, now_ns);

	if (status)
		return status;
	if (!kv_ftl_iter_read(nvmev_cmd_ns(dev, cmd)->ftl, handle, &l))
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	return kv_send_list(dev, cmd, req, &l);
}

static u16 kv_exec_flush(struct nvmev_dev *dev, const struct nvme_command *cmd,
			 struct nvmev_io_req *req, u64 now_ns)
{
	struct ftl_io fio = { .op = FTL_OP_FLUSH, .now_ns = now_ns };
	struct nvmev_ns *ns = nvmev_cmd_ns(dev, cmd);

	req->complete_ns = ns->ftl_ops->submit(ns->ftl, &fio);
	return NVME_SC_SUCCESS;
}

/*
 * Read of the block namespace kv_layout=samsung shows (so that the stock
 * driver makes /dev/nvmeXnY for the vendor commands): it holds no blocks,
 * so every one reads as zeroes, as a deallocated block does.
 */
static u16 kv_exec_block_read(struct nvmev_dev *dev,
			      const struct nvme_command *cmd,
			      struct nvmev_io_req *req, u64 now_ns)
{
	struct nvmev_ns *ns = nvmev_cmd_ns(dev, cmd);
	u64 slba = le64_to_cpu(cmd->rw.slba);
	u64 nlb = (u64)le16_to_cpu(cmd->rw.length) + 1;

	if (slba >= ns->nr_lbas || nlb > ns->nr_lbas - slba)
		return NVME_SC_LBA_RANGE | NVMEV_DNR;
	if (nvmev_lba_to_bytes(ns, nlb) > NVMEV_MAX_XFER_BYTES)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	return nvmev_copy_to_host(dev, cmd, NULL, 0,
				  nvmev_lba_to_bytes(ns, nlb));
}

static const struct nvmev_io_cmd kv_samsung_cmds[256] = {
	[nvme_cmd_flush] = { .execute = kv_exec_flush },
	[nvme_cmd_read] = { .execute = kv_exec_block_read },
	[KV_SAMSUNG_OPC_STORE] = { .execute = kv_exec_store,
				   .changes_data = true },
	[KV_SAMSUNG_OPC_RETRIEVE] = { .execute = kv_exec_retrieve },
	[KV_SAMSUNG_OPC_DELETE] = { .execute = kv_exec_delete,
				    .changes_data = true },
	[KV_SAMSUNG_OPC_EXIST] = { .execute = kv_exec_exist },
	[KV_SAMSUNG_OPC_ITER_REQ] = { .execute = kv_exec_iter_req },
	[KV_SAMSUNG_OPC_ITER_READ] = { .execute = kv_exec_iter_read },
};

static const struct nvmev_io_cmd kv_nvme_cmds[256] = {
	[nvme_cmd_flush] = { .execute = kv_exec_flush },
	[KV_NVME_OPC_STORE] = { .execute = kv_exec_store,
				.changes_data = true },
	[KV_NVME_OPC_RETRIEVE] = { .execute = kv_exec_retrieve },
	[KV_NVME_OPC_LIST] = { .execute = kv_exec_list },
	[KV_NVME_OPC_DELETE] = { .execute = kv_exec_delete,
				 .changes_data = true },
	[KV_NVME_OPC_EXIST] = { .execute = kv_exec_exist },
};

/* ---- Identify Namespace, KV Command Set (CNS 05h, CSI 01h) ---- */

struct kv_id_format {
	__le16 kml;		/* maximum key length */
	__u8 rsvd2;
	__u8 rp;		/* relative performance */
	__le32 vml;		/* maximum value length */
	__le32 mnk;		/* maximum number of keys */
	__u8 rsvd12[4];
};

#define KV_ID_FORMATS		16

struct kv_id_ns {
	__le64 nsze;		/* bytes */
	__u8 rsvd8[8];
	__le64 nuse;		/* bytes in use */
	__u8 nsfeat;
	__u8 nkvf;		/* KV formats */
	__u8 nmic;
	__u8 rescap;
	__u8 fpi;
	__u8 rsvd29[3];
	__le32 novg;
	__le32 anagrpid;
	__u8 rsvd40[3];
	__u8 nsattr;
	__le16 nvmsetid;
	__le16 endgid;
	__u8 nguid[16];
	__u8 eui64[8];
	struct kv_id_format kvf[KV_ID_FORMATS];
};

static void kv_identify_ns(struct nvmev_dev *dev, struct nvmev_ns *ns,
			   void *buf)
{
	struct kv_id_ns *id = buf;
	void *ftl = ns->ftl;

	BUILD_BUG_ON(offsetof(struct kv_id_ns, kvf) != 72);
	id->nsze = cpu_to_le64(kv_ftl_capacity(ftl));
	id->nuse = cpu_to_le64(kv_ftl_used(ftl));
	id->nkvf = 1;
	id->kvf[0].kml = cpu_to_le16(KV_MAX_KEY_LEN);
	id->kvf[0].vml = cpu_to_le32(kv_ftl_max_value(ftl));
	id->kvf[0].mnk = cpu_to_le32(kv_ftl_max_keys(ftl));
	nvmev_nguid(dev, ns->nsid, id->nguid);
	memcpy(id->eui64, id->nguid + sizeof(id->nguid) - sizeof(id->eui64),
	       sizeof(id->eui64));
}

/*
 * Namespace Management's create data for a KV namespace, laid out as its
 * Identify Namespace: the size, NSZE, in bytes; NMIC must be 0 (one
 * controller).
 */
static u16 kv_create_data(struct nvmev_dev *dev, const void *data, u64 *bytes,
			  u8 *flbas)
{
	const struct kv_id_ns *id = data;

	if (id->nmic)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	return nvmev_ns_size_check(dev, le64_to_cpu(id->nsze), 0, bytes);
}

/* ---- life cycle ---- */

/* The first kv namespace brings the key list buffer, which all share. */
static int kv_ns_init(struct nvmev_dev *dev, struct nvmev_ns *ns)
{
	/* Values are up to one command's transfer. */
	BUILD_BUG_ON(KV_MAX_VALUE_BYTES != NVMEV_MAX_XFER_BYTES);
	if (!dev->kv_buf)
		dev->kv_buf = kvzalloc(KV_BUF_BYTES, GFP_KERNEL);
	return dev->kv_buf ? 0 : -ENOMEM;
}

void nvmev_kv_exit(struct nvmev_dev *dev)
{
	kvfree(dev->kv_buf);
	dev->kv_buf = NULL;
}

static bool kv_samsung_offered(const struct nvmev_dev *dev)
{
	return dev->cfg.kv_layout == NVMEV_KV_SAMSUNG;
}

static bool kv_nvme_offered(const struct nvmev_dev *dev)
{
	return dev->cfg.kv_layout == NVMEV_KV_NVME;
}

/*
 * kv_layout=samsung: vendor opcodes on a namespace of the NVM Command Set,
 * so that the stock driver makes a block device for them.
 */
const struct nvmev_cmd_set nvmev_kv_samsung_cmd_set = {
	.name = "KV (Samsung)",
	.csi = NVME_CSI_NVM,
	.io_cmds = kv_samsung_cmds,
	.ftl = &kv_ftl_ops,
	.offered = kv_samsung_offered,
	.nvm_identify = true,
	.create_data = nvmev_nvm_create_data,
	.ns_init = kv_ns_init,
};

/* kv_layout=nvme: the NVMe Key Value Command Set 1.0. */
const struct nvmev_cmd_set nvmev_kv_nvme_cmd_set = {
	.name = "KV",
	.csi = KV_NVME_CSI,
	.io_cmds = kv_nvme_cmds,
	.ftl = &kv_ftl_ops,
	.offered = kv_nvme_offered,
	.identify_ns = kv_identify_ns,
	.create_data = kv_create_data,
	.ns_init = kv_ns_init,
};
