// SPDX-License-Identifier: GPL-2.0
/*
 * The controller side of Flexible Data Placement (NVMe Base 2.x 8.1.12,
 * TP4146), for an FTL that places data by reclaim unit handle (ftl=fdp):
 * one endurance group with FDP enabled in its one configuration, the Data
 * Placement directive, the placement of writes, the four FDP log pages,
 * the FDP and FDP Events features, and I/O Management Receive and Send.
 *
 * The namespace's placement handle list is the identity: placement handle
 * i is reclaim unit handle i.  Everything here runs in the dispatcher
 * thread, as the FTL does, so none of it needs a lock.
 */
#define pr_fmt(fmt) "nvmev: " fmt

#include <linux/log2.h>
#include <linux/slab.h>
#include "nvmev.h"

/* The event types reported, ascending as Get Features lists them. */
static const u8 fdp_event_types[] = {
	NVMEV_FDP_EVT_RU_NOT_WRITTEN,
	NVMEV_FDP_EVT_INVALID_PID,
	NVMEV_FDP_EVT_MEDIA_REALLOC,
};

/* Every type above: what a handle reports until the host says otherwise. */
#define FDP_ALL_EVENTS	((u8)GENMASK(ARRAY_SIZE(fdp_event_types) - 1, 0))

/* The last NVMEV_FDP_MAX_EVENTS events of one kind; older ones are dropped. */
struct fdp_event_ring {
	struct nvmev_fdp_event events[NVMEV_FDP_MAX_EVENTS];
	u32 next;			/* where the next one goes */
	u32 len;
};

struct nvmev_fdp {
	struct nvmev_ns *ns;		/* the namespace whose FTL has FDP */
	struct ftl_fdp_config cfg;
	u32 rgif;			/* PID bits naming the reclaim group */
	u32 max_pids;			/* most PIDs one Update takes */
	bool placement_enabled;		/* the Data Placement directive */
	/* Per handle: bit i set when fdp_event_types[i] is reported. */
	u8 *ruh_events;
	struct fdp_event_ring host_events;
	struct fdp_event_ring ctrl_events;
	__le16 update_pids[NVMEV_FDP_MAX_UPDATE_PIDS];
	/* The Reclaim Unit Handle Status reply, one descriptor per PID. */
	struct nvmev_fdp_ruh_status *ruh_status;
	size_t ruh_status_bytes;
};

static u32 fdp_nr_pids(const struct nvmev_fdp *fdp)
{
	return fdp->cfg.nr_rgs * fdp->cfg.nr_ruhs;
}

/* The PID of placement handle @ruh in reclaim group @rg. */
static u16 fdp_pid(const struct nvmev_fdp *fdp, u32 rg, u32 ruh)
{
	return rg << (NVMEV_FDP_PID_BITS - fdp->rgif) | ruh;
}

/* Splits @pid into group and handle; false if either does not exist. */
static bool fdp_pid_decode(const struct nvmev_fdp *fdp, u16 pid, u32 *rg,
			   u32 *ruh)
{
	u32 handle_bits = NVMEV_FDP_PID_BITS - fdp->rgif;

	*rg = (u32)pid >> handle_bits;
	*ruh = pid & (BIT(handle_bits) - 1);
	return *rg < fdp->cfg.nr_rgs && *ruh < fdp->cfg.nr_ruhs;
}

/* The bit of @type in a handle's event mask; 0 for a type not reported. */
static u8 fdp_event_bit(u8 type)
{
	u32 i;

	for (i = 0; i < ARRAY_SIZE(fdp_event_types); i++)
		if (fdp_event_types[i] == type)
			return BIT(i);
	return 0;
}

/* Configuration descriptor of @nr_ruhs handles, padded as the spec asks. */
static size_t fdp_config_desc_bytes(u32 nr_ruhs)
{
	return ALIGN(sizeof(struct nvmev_fdp_config_desc) +
		     nr_ruhs * sizeof(struct nvmev_fdp_ruh_desc),
		     NVMEV_FDP_DESC_ALIGN);
}

/* Frees the FDP state if it is @ns's. */
void nvmev_fdp_free(struct nvmev_dev *dev, struct nvmev_ns *ns)
{
	struct nvmev_fdp *fdp = dev->fdp;

	if (!fdp || fdp->ns != ns)
		return;
	kvfree(fdp->ruh_status);
	kfree(fdp->ruh_events);
	kfree(fdp);
	dev->fdp = NULL;
}

int nvmev_fdp_init(struct nvmev_dev *dev, struct nvmev_ns *ns)
{
	const struct ftl_fdp_ops *ops = ns->ftl_ops->fdp;
	struct nvmev_fdp *fdp;

	/* Logs are built in an admin page; events name a handle in 8 bits. */
	BUILD_BUG_ON(sizeof(struct nvmev_fdp_configs_log) +
		     fdp_config_desc_bytes(FDP_MAX_RUHS) > NVMEV_ADMIN_PAGE);
	BUILD_BUG_ON(sizeof(struct nvmev_fdp_ruhu_log) + FDP_MAX_RUHS *
		     sizeof(struct nvmev_fdp_ruhu_desc) > NVMEV_ADMIN_PAGE);
	BUILD_BUG_ON(sizeof(struct nvmev_fdp_events_log) > NVMEV_ADMIN_PAGE);
	BUILD_BUG_ON(FDP_MAX_RUHS > BIT(BITS_PER_BYTE *
				       sizeof_field(struct nvmev_fdp_event, ruhid)));
	/* Every PID must be able to name every group and handle. */
	BUILD_BUG_ON(order_base_2(FDP_MAX_RGS) + order_base_2(FDP_MAX_RUHS) >
		     NVMEV_FDP_PID_BITS);
	BUILD_BUG_ON(ARRAY_SIZE(fdp_event_types) > BITS_PER_BYTE);

	if (!ops)
		return 0;
	fdp = kzalloc(sizeof(*fdp), GFP_KERNEL);
	if (!fdp)
		return -ENOMEM;
	fdp->ns = ns;
	ops->config(ns->ftl, &fdp->cfg);
	fdp->rgif = order_base_2(fdp->cfg.nr_rgs);
	fdp->max_pids = min_t(u32, fdp_nr_pids(fdp), NVMEV_FDP_MAX_UPDATE_PIDS);
	/* On by default, so a write with DTYPE 2 is placed with no ceremony. */
	fdp->placement_enabled = true;
	fdp->ruh_events = kmalloc(fdp->cfg.nr_ruhs, GFP_KERNEL);
	fdp->ruh_status_bytes = sizeof(*fdp->ruh_status) + fdp_nr_pids(fdp) *
				sizeof(struct nvmev_fdp_ruh_status_desc);
	fdp->ruh_status = kvzalloc(fdp->ruh_status_bytes, GFP_KERNEL);
	dev->fdp = fdp;
	if (!fdp->ruh_events || !fdp->ruh_status) {
		nvmev_fdp_free(dev, ns);
		return -ENOMEM;
	}
	/* Every handle reports every event type until the host says not to. */
	memset(fdp->ruh_events, FDP_ALL_EVENTS, fdp->cfg.nr_ruhs);
	return 0;
}

/* ---- Events ---- */

/*
 * Records an event of @type on handle @ruh of group @rg, if that handle
 * reports the type; returns it for its type specific part, or NULL.
 */
static struct nvmev_fdp_event *fdp_event_record(struct nvmev_dev *dev,
						struct fdp_event_ring *ring,
						u8 type, u16 pid, u32 rg,
						u32 ruh)
{
	struct nvmev_fdp_event *e;

	if (!(dev->fdp->ruh_events[ruh] & fdp_event_bit(type)))
		return NULL;
	e = &ring->events[ring->next];
	ring->next = (ring->next + 1) % NVMEV_FDP_MAX_EVENTS;
	ring->len = min_t(u32, ring->len + 1, NVMEV_FDP_MAX_EVENTS);
	memset(e, 0, sizeof(*e));
	e->type = type;
	e->flags = NVMEV_FDP_EVF_PIV | NVMEV_FDP_EVF_NSIDV | NVMEV_FDP_EVF_LV;
	e->pid = cpu_to_le16(pid);
	e->timestamp = cpu_to_le64(nvmev_timestamp(dev));
	e->nsid = cpu_to_le32(dev->fdp->ns->nsid);
	e->rgid = cpu_to_le16(rg);
	e->ruhid = ruh;
	return e;
}

/* Media Reallocated: garbage collection moved data a handle had written. */
void nvmev_fdp_take_relocations(struct nvmev_dev *dev)
{
	const struct ftl_fdp_ops *ops = dev->fdp->ns->ftl_ops->fdp;
	struct nvmev_fdp *fdp = dev->fdp;
	struct ftl_relocation r;

	while (ops->take_relocation(dev->fdp->ns->ftl, &r)) {
		u64 lbas = (u64)r.units <<
			   (SSD_MAP_UNIT_SHIFT - fdp->ns->lba_shift);
		struct nvmev_fdp_event *e;

		e = fdp_event_record(dev, &fdp->ctrl_events,
				     NVMEV_FDP_EVT_MEDIA_REALLOC,
				     fdp_pid(fdp, r.rg, r.ruh), r.rg, r.ruh);
		if (!e)
			continue;
		e->realloc.flags = NVMEV_FDP_REALLOC_LBAV;
		e->realloc.nlbam = cpu_to_le16(min_t(u64, lbas, U16_MAX));
		e->realloc.lba = cpu_to_le64(r.example_offset >>
					     fdp->ns->lba_shift);
	}
}

/* ---- Identify ---- */

void nvmev_fdp_identify_ctrl(const struct nvmev_dev *dev,
			     struct nvme_id_ctrl *id)
{
	__le16 endgidmax = cpu_to_le16(NVMEV_FDP_ENDGID);

	if (!dev->fdp)
		return;
	id->ctratt |= cpu_to_le32(NVMEV_CTRL_CTRATT_FDPS |
				  NVME_CTRL_CTRATT_ENDURANCE_GROUPS);
	id->oacs |= cpu_to_le16(NVME_CTRL_OACS_DIRECTIVES);
	memcpy((u8 *)id + NVMEV_ID_CTRL_ENDGIDMAX, &endgidmax,
	       sizeof(endgidmax));
}

/* The FDP namespace is endurance group 1; the others are in none. */
u16 nvmev_fdp_endgid(const struct nvmev_dev *dev, const struct nvmev_ns *ns)
{
	return dev->fdp && dev->fdp->ns == ns ? NVMEV_FDP_ENDGID : 0;
}

u32 nvmev_fdp_nsid(const struct nvmev_dev *dev)
{
	return dev->fdp ? dev->fdp->ns->nsid : 0;
}

/* ---- Directives ---- */

static void dir_map_set(u8 *map, u8 dtype)
{
	map[dtype / BITS_PER_BYTE] |= BIT(dtype % BITS_PER_BYTE);
}

/* Directive Receive: only Identify's Return Parameters. */
u16 nvmev_fdp_directive_recv(struct nvmev_dev *dev,
			     const struct nvme_command *cmd)
{
	const struct nvme_directive_cmd *d = &cmd->directive;
	u64 len = ((u64)le32_to_cpu(d->numd) + 1) * sizeof(u32);
	u8 *params = dev->admin_buf;

	if (le32_to_cpu(d->nsid) != dev->fdp->ns->nsid)
		return NVME_SC_INVALID_NS | NVMEV_DNR;
	/* Data Placement has no operations of its own. */
	if (d->dtype != NVME_DIR_IDENTIFY ||
	    d->doper != NVME_DIR_RCV_ID_OP_PARAM ||
	    len > NVMEV_MAX_XFER_BYTES)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;

	memset(params, 0, NVMEV_DIR_PARAMS_BYTES);
	dir_map_set(params + NVMEV_DIR_PARAMS_SUPPORTED, NVME_DIR_IDENTIFY);
	dir_map_set(params + NVMEV_DIR_PARAMS_SUPPORTED, NVMEV_DIR_PLACEMENT);
	dir_map_set(params + NVMEV_DIR_PARAMS_ENABLED, NVME_DIR_IDENTIFY);
	if (dev->fdp->placement_enabled)
		dir_map_set(params + NVMEV_DIR_PARAMS_ENABLED,
			    NVMEV_DIR_PLACEMENT);
	/* A controller reset changes neither. */
	dir_map_set(params + NVMEV_DIR_PARAMS_PERSISTENT, NVME_DIR_IDENTIFY);
	dir_map_set(params + NVMEV_DIR_PARAMS_PERSISTENT, NVMEV_DIR_PLACEMENT);
	return nvmev_copy_to_host(dev, cmd, params, NVMEV_DIR_PARAMS_BYTES,
				  len);
}

/* Directive Send: only Identify's Enable Directive, for Data Placement. */
u16 nvmev_fdp_directive_send(struct nvmev_dev *dev,
			     const struct nvme_command *cmd)
{
	const struct nvme_directive_cmd *d = &cmd->directive;

	if (le32_to_cpu(d->nsid) != dev->fdp->ns->nsid)
		return NVME_SC_INVALID_NS | NVMEV_DNR;
	/* Identify cannot be disabled; Streams is not supported. */
	if (d->dtype != NVME_DIR_IDENTIFY ||
	    d->doper != NVME_DIR_SND_ID_OP_ENABLE ||
	    d->tdtype != NVMEV_DIR_PLACEMENT)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	dev->fdp->placement_enabled = d->endir & NVME_DIR_ENDIR;
	return NVME_SC_SUCCESS;
}

/* ---- Writes ---- */

/*
 * Where a write goes.  Without the Data Placement directive enabled, or
 * with DTYPE 0, the directive fields are ignored: handle 0 of group 0.
 * A PID that names no handle does not fail the write (Base 2.x
 * 8.1.12.3): it goes to handle 0 of group 0 and an Invalid Placement
 * Identifier event says so.
 */
u16 nvmev_fdp_place_write(struct nvmev_dev *dev, struct nvmev_ns *ns,
			  const struct nvme_command *cmd, struct ftl_io *fio)
{
	struct nvmev_fdp *fdp = dev->fdp;
	u32 dtype = NVMEV_RW_DTYPE(nvmev_cdw(cmd, 12));
	u16 pid = NVMEV_RW_DSPEC(nvmev_cdw(cmd, 13));
	u32 rg, ruh;

	if (!fdp || fdp->ns != ns || !fdp->placement_enabled ||
	    dtype == NVMEV_RW_DTYPE_NONE)
		return NVME_SC_SUCCESS;
	if (dtype != NVMEV_DIR_PLACEMENT)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	if (fdp_pid_decode(fdp, pid, &rg, &ruh)) {
		fio->rg = rg;
		fio->ruh = ruh;
		return NVME_SC_SUCCESS;
	}
	fdp_event_record(dev, &fdp->host_events, NVMEV_FDP_EVT_INVALID_PID,
			 pid, 0, 0);
	return NVME_SC_SUCCESS;
}

/* ---- Log pages ---- */

/* Every FDP log names the endurance group in LSI; NSID is not used. */
u16 nvmev_fdp_log_check(struct nvmev_dev *dev, const struct nvme_command *cmd)
{
	if (!dev->fdp)
		return NVME_SC_INVALID_LOG_PAGE | NVMEV_DNR;
	if (NVMEV_LOG_LSI(nvmev_cdw(cmd, 11)) != NVMEV_FDP_ENDGID)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	return NVME_SC_SUCCESS;
}

size_t nvmev_fdp_log_configs(struct nvmev_dev *dev,
			     const struct nvme_command *cmd, void *buf)
{
	const struct nvmev_fdp *fdp = dev->fdp;
	struct nvmev_fdp_configs_log *log = buf;
	struct nvmev_fdp_config_desc *desc = (void *)(log + 1);
	struct nvmev_fdp_ruh_desc *ruhs = (void *)(desc + 1);
	size_t desc_bytes = fdp_config_desc_bytes(fdp->cfg.nr_ruhs);
	u32 ruh;

	log->numfdpc = 0;		/* one configuration */
	log->size = cpu_to_le32(sizeof(*log) + desc_bytes);
	desc->size = cpu_to_le16(desc_bytes);
	/* The write buffer is a volatile write cache (VWC is set). */
	desc->fdpa = (fdp->rgif & NVMEV_FDPA_RGIF_MASK) | NVMEV_FDPA_VWC |
		     NVMEV_FDPA_VALID;
	desc->nrg = cpu_to_le32(fdp->cfg.nr_rgs);
	desc->nruh = cpu_to_le16(fdp->cfg.nr_ruhs);
	desc->maxpids = cpu_to_le16(fdp->max_pids - 1);
	desc->nnss = cpu_to_le32(NVMEV_FDP_NAMESPACES);
	desc->runs = cpu_to_le64(fdp->cfg.ru_bytes);
	for (ruh = 0; ruh < fdp->cfg.nr_ruhs; ruh++)
		ruhs[ruh].ruht = ftl_fdp_ruh_persistent(&fdp->cfg, ruh) ?
				 NVMEV_RUHT_PERSISTENTLY_ISOLATED :
				 NVMEV_RUHT_INITIALLY_ISOLATED;
	return sizeof(*log) + desc_bytes;
}

/* Every handle is in the namespace's placement handle list. */
size_t nvmev_fdp_log_ruh_usage(struct nvmev_dev *dev,
			       const struct nvme_command *cmd, void *buf)
{
	u32 nr_ruhs = dev->fdp->cfg.nr_ruhs, ruh;
	struct nvmev_fdp_ruhu_log *log = buf;
	struct nvmev_fdp_ruhu_desc *desc = (void *)(log + 1);

	log->nruh = cpu_to_le16(nr_ruhs);
	for (ruh = 0; ruh < nr_ruhs; ruh++)
		desc[ruh].ruha = NVMEV_RUHA_HOST_SPECIFIED;
	return sizeof(*log) + nr_ruhs * sizeof(*desc);
}

size_t nvmev_fdp_log_stats(struct nvmev_dev *dev,
			   const struct nvme_command *cmd, void *buf)
{
	struct nvmev_fdp_stats_log *log = buf;
	struct ftl_stats s = { 0 };

	if (dev->fdp->ns->ftl_ops->stats)
		dev->fdp->ns->ftl_ops->stats(dev->fdp->ns->ftl, &s);
	log->hbmw[0] = cpu_to_le64(s.host_write_units << SSD_MAP_UNIT_SHIFT);
	log->mbmw[0] = cpu_to_le64(s.nand_write_units << SSD_MAP_UNIT_SHIFT);
	log->mbe[0] = cpu_to_le64(s.erased_bytes);
	return sizeof(*log);
}

/* LSP bit 0 picks the host's events, else the controller's; oldest first. */
size_t nvmev_fdp_log_events(struct nvmev_dev *dev,
			    const struct nvme_command *cmd, void *buf)
{
	const struct fdp_event_ring *ring =
		nvmev_cdw(cmd, 10) & NVMEV_LOG_FDP_HOST_EVENTS ?
		&dev->fdp->host_events : &dev->fdp->ctrl_events;
	struct nvmev_fdp_events_log *log = buf;
	u32 oldest = (ring->next + NVMEV_FDP_MAX_EVENTS - ring->len) %
		     NVMEV_FDP_MAX_EVENTS;
	u32 i;

	log->nevents = cpu_to_le32(ring->len);
	for (i = 0; i < ring->len; i++)
		log->events[i] = ring->events[(oldest + i) %
					      NVMEV_FDP_MAX_EVENTS];
	return sizeof(*log);
}

/* ---- Features ---- */

static u32 fdp_feature_value(void)
{
	return NVMEV_FEAT_FDP_FDPE |
	       NVMEV_FDP_CONFIG_INDEX << NVMEV_FEAT_FDP_CIDX_SHIFT;
}

/* Flexible Data Placement (1Dh): enabled, configuration 0, for good. */
u16 nvmev_fdp_get_feature(struct nvmev_dev *dev,
			  const struct nvme_command *cmd, u32 *result)
{
	if (NVMEV_FEAT_FDP_ENDGID(nvmev_cdw(cmd, 11)) != NVMEV_FDP_ENDGID)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	*result = fdp_feature_value();
	return NVME_SC_SUCCESS;
}

/*
 * The spec lets the host change it only while the endurance group has no
 * namespace; ours always has one.  Asking for what is there succeeds.
 */
u16 nvmev_fdp_set_feature(struct nvmev_dev *dev,
			  const struct nvme_command *cmd, u32 *result)
{
	if (NVMEV_FEAT_FDP_ENDGID(nvmev_cdw(cmd, 11)) != NVMEV_FDP_ENDGID)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	if ((nvmev_cdw(cmd, 12) & NVMEV_FEAT_FDP_VALUE_MASK) != fdp_feature_value())
		return NVME_SC_CMD_SEQ_ERROR | NVMEV_DNR;
	return NVME_SC_SUCCESS;
}

/* FDP Events names a placement handle of the namespace in NSID. */
static u16 fdp_events_handle(struct nvmev_dev *dev,
			     const struct nvme_command *cmd, u32 *ruh)
{
	if (le32_to_cpu(cmd->common.nsid) != dev->fdp->ns->nsid)
		return NVME_SC_INVALID_NS | NVMEV_DNR;
	*ruh = NVMEV_FEAT_FDPE_PHNDL(nvmev_cdw(cmd, 11));
	/* NOET sizes the data buffer: an empty one says nothing. */
	if (*ruh >= dev->fdp->cfg.nr_ruhs || !NVMEV_FEAT_FDPE_NOET(nvmev_cdw(cmd, 11)))
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	return NVME_SC_SUCCESS;
}

/*
 * FDP Events (1Eh), Get: a descriptor per event type the controller
 * reports, ascending, at most NOET of them; DW0 says how many.
 */
u16 nvmev_fdp_get_events(struct nvmev_dev *dev, const struct nvme_command *cmd,
			 bool defaults, u32 *result)
{
	struct nvmev_fdp_event_desc descs[ARRAY_SIZE(fdp_event_types)];
	u32 noet = NVMEV_FEAT_FDPE_NOET(nvmev_cdw(cmd, 11));
	u32 ruh, n, i;
	u8 enabled;
	u16 status;

	status = fdp_events_handle(dev, cmd, &ruh);
	if (status)
		return status;
	enabled = defaults ? FDP_ALL_EVENTS : dev->fdp->ruh_events[ruh];
	n = min_t(u32, noet, ARRAY_SIZE(descs));
	for (i = 0; i < n; i++) {
		descs[i].type = fdp_event_types[i];
		descs[i].attributes = enabled & BIT(i) ?
				      NVMEV_FDP_EVENT_ENABLED : 0;
	}
	*result = n;
	return nvmev_copy_to_host(dev, cmd, descs, n * sizeof(descs[0]),
				  noet * sizeof(descs[0]));
}

/* FDP Events, Set: NOET event types in the data, all enabled or disabled. */
u16 nvmev_fdp_set_events(struct nvmev_dev *dev, const struct nvme_command *cmd,
			 u32 *result)
{
	u32 noet = NVMEV_FEAT_FDPE_NOET(nvmev_cdw(cmd, 11));
	u8 *types = dev->admin_buf;
	u8 mask = 0, bit;
	u32 ruh, i;
	u16 status;

	status = fdp_events_handle(dev, cmd, &ruh);
	if (!status)
		status = nvmev_copy_from_host(dev, cmd, types, noet);
	if (status)
		return status;
	for (i = 0; i < noet; i++) {
		bit = fdp_event_bit(types[i]);
		if (!bit)
			return NVME_SC_INVALID_FIELD | NVMEV_DNR;
		mask |= bit;
	}
	if (nvmev_cdw(cmd, 12) & NVMEV_FEAT_FDPE_ENABLE)
		dev->fdp->ruh_events[ruh] |= mask;
	else
		dev->fdp->ruh_events[ruh] &= ~mask;
	return NVME_SC_SUCCESS;
}

/* ---- I/O Management ---- */

/*
 * Reclaim Unit Handle Status: a descriptor per PID, by handle then group,
 * with what the handle's reclaim unit can still take, in logical blocks.
 */
u16 nvmev_fdp_io_mgmt_recv(struct nvmev_dev *dev,
			   const struct nvme_command *cmd)
{
	const struct ftl_fdp_ops *ops = dev->fdp->ns->ftl_ops->fdp;
	struct nvmev_fdp *fdp = dev->fdp;
	struct nvmev_fdp_ruh_status_desc *desc = (void *)(fdp->ruh_status + 1);
	u64 len = ((u64)nvmev_cdw(cmd, 11) + 1) * sizeof(u32);
	u32 rg, ruh;

	if (le32_to_cpu(cmd->common.nsid) != fdp->ns->nsid)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	if (NVMEV_IO_MGMT_MO(nvmev_cdw(cmd, 10)) != NVMEV_IO_MGMT_RUH_STATUS ||
	    len > NVMEV_MAX_XFER_BYTES)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	fdp->ruh_status->nruhsd = cpu_to_le16(fdp_nr_pids(fdp));
	for (ruh = 0; ruh < fdp->cfg.nr_ruhs; ruh++) {
		for (rg = 0; rg < fdp->cfg.nr_rgs; rg++, desc++) {
			u64 left = ops->ru_available(dev->fdp->ns->ftl, rg, ruh);

			desc->pid = cpu_to_le16(fdp_pid(fdp, rg, ruh));
			desc->ruhid = cpu_to_le16(ruh);
			desc->ruamw = cpu_to_le64(left >> fdp->ns->lba_shift);
		}
	}
	return nvmev_copy_to_host(dev, cmd, fdp->ruh_status,
				  fdp->ruh_status_bytes, len);
}

/*
 * Reclaim Unit Handle Update: each PID's handle moves to an empty reclaim
 * unit.  Any PID that names no handle fails the whole command first.
 */
u16 nvmev_fdp_io_mgmt_send(struct nvmev_dev *dev,
			   const struct nvme_command *cmd)
{
	const struct ftl_fdp_ops *ops = dev->fdp->ns->ftl_ops->fdp;
	struct nvmev_fdp *fdp = dev->fdp;
	u32 npids = NVMEV_IO_MGMT_MOS(nvmev_cdw(cmd, 10)) + 1;
	u32 i, rg, ruh;
	u16 status;

	if (le32_to_cpu(cmd->common.nsid) != fdp->ns->nsid)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	if (NVMEV_IO_MGMT_MO(nvmev_cdw(cmd, 10)) != NVMEV_IO_MGMT_RUH_UPDATE ||
	    npids > fdp->max_pids)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	status = nvmev_copy_from_host(dev, cmd, fdp->update_pids,
				      npids * sizeof(fdp->update_pids[0]));
	if (status)
		return status;
	for (i = 0; i < npids; i++)
		if (!fdp_pid_decode(fdp, le16_to_cpu(fdp->update_pids[i]),
				    &rg, &ruh))
			return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	for (i = 0; i < npids; i++) {
		u16 pid = le16_to_cpu(fdp->update_pids[i]);

		fdp_pid_decode(fdp, pid, &rg, &ruh);
		if (ops->ruh_update(dev->fdp->ns->ftl, rg, ruh))
			fdp_event_record(dev, &fdp->host_events,
					 NVMEV_FDP_EVT_RU_NOT_WRITTEN, pid, rg,
					 ruh);
	}
	return NVME_SC_SUCCESS;
}

/*
 * Endurance Group Information (09h): endurance group 1, which exists with
 * FDP, is the FDP namespace's flash.  Media units count what the FTL
 * programmed, host data and GC copies; there is no wear model, so
 * percentage used and the endurance estimate stay 0 (not reported).
 */
size_t nvmev_fdp_log_endurance(struct nvmev_dev *dev,
			       const struct nvme_command *cmd, void *buf)
{
	struct nvmev_ns *ns = nvmev_ns_slot(dev, nvmev_fdp_nsid(dev));
	struct nvmev_endurance_log *log = buf;
	struct ftl_stats s = { 0 };
	u64 capacity = nvmev_lba_to_bytes(ns, ns->nr_lbas);

	if (ns->ftl_ops->stats)
		ns->ftl_ops->stats(ns->ftl, &s);
	log->avail_spare = NVMEV_SMART_SPARE;
	log->avail_spare_thresh = NVMEV_SMART_SPARE_THRESH;
	nvmev_put_u128(log->data_units_read, nvmev_data_units(dev->smart.sectors_read));
	nvmev_put_u128(log->data_units_written,
		 nvmev_data_units(dev->smart.sectors_written));
	nvmev_put_u128(log->media_units_written,
		 nvmev_data_units(s.nand_write_units <<
			    (SSD_MAP_UNIT_SHIFT - NVMEV_SMART_SECTOR_SHIFT)));
	nvmev_put_u128(log->host_read_cmds, dev->smart.read_cmds);
	nvmev_put_u128(log->host_write_cmds, dev->smart.write_cmds);
	nvmev_put_u128(log->error_log_entries, READ_ONCE(dev->error_count));
	nvmev_put_u128(log->total_capacity, capacity);
	return sizeof(*log);
}
