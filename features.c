// SPDX-License-Identifier: GPL-2.0
/* Get and Set Features: a table of features, plain values or handlers. */
#define pr_fmt(fmt) "nvmev: " fmt

#include <linux/ktime.h>
#include "nvmev.h"

/*
 * A feature is either a plain value (a dword of struct nvmev_features that
 * Set Features stores, keeping @keep bits and refusing any of @reject) or
 * one with handlers of its own, which give completion dword 0.  The FDP
 * ones exist only with FDP, and are kept across controller resets, so
 * they are saveable: SV is accepted and the saved value is the current one.
 */
struct feature {
	u8 fid;
	size_t offset;
	u32 keep;
	u32 reject;
	bool needs_fdp;
	u32 caps;		/* "supported" beyond changeable */
	/* @f is the current or the default set, as Get Features selected. */
	u16 (*get)(struct nvmev_dev *dev, const struct nvmev_features *f,
		   const struct nvme_command *cmd, u32 *result);
	u16 (*set)(struct nvmev_dev *dev, const struct nvme_command *cmd,
		   u32 *result);
};

#define PLAIN_FEATURE(id, field, keep_bits, reject_bits)		\
	{ .fid = (id), .offset = offsetof(struct nvmev_features, field), \
	  .keep = (keep_bits), .reject = (reject_bits) }

static void features_default(struct nvmev_features *f)
{
	memset(f, 0, sizeof(*f));
	f->temp_over = NVMEV_KELVIN(NVMEV_WCTEMP_C);
	f->write_cache = true;
	f->lsiri = NVMEV_LSIPI;	/* the spec's default: the poll interval */
	f->nr_io_sqs = NVMEV_MAX_IO_QUEUES;
	f->nr_io_cqs = NVMEV_MAX_IO_QUEUES;
}

void nvmev_features_reset(struct nvmev_dev *dev)
{
	features_default(&dev->feat);
}

static u16 get_temp_thresh(struct nvmev_dev *dev, const struct nvmev_features *f,
			   const struct nvme_command *cmd, u32 *result)
{
	u32 dw11 = nvmev_cdw(cmd, 11);

	if (NVMEV_FEAT_TEMP_TMPSEL(dw11) != NVMEV_FEAT_TEMP_COMPOSITE)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	switch (NVMEV_FEAT_TEMP_THSEL(dw11)) {
	case NVMEV_FEAT_TEMP_THSEL_OVER:
		*result = f->temp_over;
		return NVME_SC_SUCCESS;
	case NVMEV_FEAT_TEMP_THSEL_UNDER:
		*result = f->temp_under;
		return NVME_SC_SUCCESS;
	default:
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	}
}

static u16 set_temp_thresh(struct nvmev_dev *dev,
			   const struct nvme_command *cmd, u32 *result)
{
	u32 dw11 = nvmev_cdw(cmd, 11);
	u16 value = dw11 & 0xffff;

	if (NVMEV_FEAT_TEMP_TMPSEL(dw11) != NVMEV_FEAT_TEMP_COMPOSITE)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	switch (NVMEV_FEAT_TEMP_THSEL(dw11)) {
	case NVMEV_FEAT_TEMP_THSEL_OVER:
		dev->feat.temp_over = value;
		break;
	case NVMEV_FEAT_TEMP_THSEL_UNDER:
		dev->feat.temp_under = value;
		break;
	default:
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	}
	nvmev_aen_check_temperature(dev);
	return NVME_SC_SUCCESS;
}

static u16 get_write_cache(struct nvmev_dev *dev, const struct nvmev_features *f,
			   const struct nvme_command *cmd, u32 *result)
{
	*result = f->write_cache ? NVMEV_FEAT_VWC_WCE : 0;
	return NVME_SC_SUCCESS;
}

static u16 set_write_cache(struct nvmev_dev *dev,
			   const struct nvme_command *cmd, u32 *result)
{
	dev->feat.write_cache = nvmev_cdw(cmd, 11) & NVMEV_FEAT_VWC_WCE;
	return NVME_SC_SUCCESS;
}

static u32 queues_result(const struct nvmev_features *f)
{
	return (u32)(f->nr_io_cqs - 1) << 16 | (f->nr_io_sqs - 1);
}

static u16 get_num_queues(struct nvmev_dev *dev, const struct nvmev_features *f,
			  const struct nvme_command *cmd, u32 *result)
{
	*result = queues_result(f);
	return NVME_SC_SUCCESS;
}

static bool io_queues_exist(struct nvmev_dev *dev)
{
	int qid;

	for (qid = 1; qid < NVMEV_NR_QUEUES; qid++)
		if (dev->sqs[qid].valid || dev->cqs[qid].valid)
			return true;
	return false;
}

static u16 set_num_queues(struct nvmev_dev *dev, const struct nvme_command *cmd,
			  u32 *result)
{
	u32 nsqr = nvmev_cdw(cmd, 11) & 0xffff, ncqr = nvmev_cdw(cmd, 11) >> 16;

	if (nsqr == NVMEV_FEAT_QUEUES_MAX || ncqr == NVMEV_FEAT_QUEUES_MAX)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	/* Only before the first I/O queue exists. */
	if (io_queues_exist(dev))
		return NVME_SC_CMD_SEQ_ERROR | NVMEV_DNR;
	dev->feat.nr_io_sqs = min_t(u32, nsqr + 1, NVMEV_MAX_IO_QUEUES);
	dev->feat.nr_io_cqs = min_t(u32, ncqr + 1, NVMEV_MAX_IO_QUEUES);
	*result = queues_result(&dev->feat);
	return NVME_SC_SUCCESS;
}

static u16 get_irq_config(struct nvmev_dev *dev, const struct nvmev_features *f,
			  const struct nvme_command *cmd, u32 *result)
{
	u32 vector = nvmev_cdw(cmd, 11) & NVMEV_FEAT_IRQ_CONFIG_IV_MASK;

	if (vector >= NVMEV_MSIX_VECTORS)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	*result = vector;
	if (test_bit(vector, f->irq_coalescing_disabled))
		*result |= NVMEV_FEAT_IRQ_CONFIG_CD;
	return NVME_SC_SUCCESS;
}

static u16 set_irq_config(struct nvmev_dev *dev, const struct nvme_command *cmd,
			  u32 *result)
{
	u32 vector = nvmev_cdw(cmd, 11) & NVMEV_FEAT_IRQ_CONFIG_IV_MASK;

	if (vector >= NVMEV_MSIX_VECTORS)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	assign_bit(vector, dev->feat.irq_coalescing_disabled,
		   nvmev_cdw(cmd, 11) & NVMEV_FEAT_IRQ_CONFIG_CD);
	nvmev_irq_coalescing_release(dev);
	return NVME_SC_SUCCESS;
}

static u16 set_irq_coalesce(struct nvmev_dev *dev,
			    const struct nvme_command *cmd, u32 *result)
{
	WRITE_ONCE(dev->feat.irq_coalesce,
		   nvmev_cdw(cmd, 11) & NVMEV_FEAT_IRQ_COALESCE_MASK);
	nvmev_irq_coalescing_release(dev);
	return NVME_SC_SUCCESS;
}

static u16 set_async_event(struct nvmev_dev *dev,
			   const struct nvme_command *cmd, u32 *result)
{
	/* SMART / health critical warnings, and the notices OAES names. */
	dev->feat.async_event_config = nvmev_cdw(cmd, 11) &
				       (NVMEV_AEN_SMART_WARNINGS | NVMEV_AEN_NOTICES);
	nvmev_aen_check_temperature(dev);
	return NVME_SC_SUCCESS;
}

static u64 timestamp_value(struct nvmev_dev *dev,
			   const struct nvmev_features *f)
{
	u64 ms = f->timestamp_ms, ts = 0;

	if (f->timestamp_set_ns) {
		ms += div_u64(ktime_get_ns() - f->timestamp_set_ns,
			      NSEC_PER_MSEC);
		ts = NVMEV_TIMESTAMP_ORIGIN_HOST;
	} else {
		ms = div_u64(ktime_get_ns() - dev->load_ns, NSEC_PER_MSEC);
	}
	return ts | (ms & NVMEV_TIMESTAMP_MS_MASK);
}

/* The Timestamp feature's value now, for whatever stamps events with it. */
u64 nvmev_timestamp(struct nvmev_dev *dev)
{
	return timestamp_value(dev, &dev->feat);
}

static u16 get_timestamp(struct nvmev_dev *dev, const struct nvmev_features *f,
			 const struct nvme_command *cmd, u32 *result)
{
	__le64 ts = cpu_to_le64(timestamp_value(dev, f));

	return nvmev_copy_to_host(dev, cmd, &ts, sizeof(ts),
				  NVMEV_TIMESTAMP_BYTES);
}

static u16 set_timestamp(struct nvmev_dev *dev, const struct nvme_command *cmd,
			 u32 *result)
{
	__le64 ts;
	u16 status = nvmev_copy_from_host(dev, cmd, &ts, sizeof(ts));

	if (status)
		return status;
	dev->feat.timestamp_ms = le64_to_cpu(ts) & NVMEV_TIMESTAMP_MS_MASK;
	dev->feat.timestamp_set_ns = ktime_get_ns();
	return NVME_SC_SUCCESS;
}

/* LBA Status Information Attributes: the fixed poll interval over LSIRI. */
static u16 get_lba_status_attrs(struct nvmev_dev *dev,
				const struct nvmev_features *f,
				const struct nvme_command *cmd, u32 *result)
{
	*result = NVMEV_LSIPI << NVMEV_FEAT_LSIPI_SHIFT | f->lsiri;
	return NVME_SC_SUCCESS;
}

/* Any report interval is one the controller keeps. */
static u16 set_lba_status_attrs(struct nvmev_dev *dev,
				const struct nvme_command *cmd, u32 *result)
{
	dev->feat.lsiri = nvmev_cdw(cmd, 11) & NVMEV_FEAT_LSIRI_MASK;
	return get_lba_status_attrs(dev, &dev->feat, cmd, result);
}

static u16 get_fdp(struct nvmev_dev *dev, const struct nvmev_features *f,
		   const struct nvme_command *cmd, u32 *result)
{
	return nvmev_fdp_get_feature(dev, cmd, result);
}

/* @f is the default set unless it is the device's own. */
static u16 get_fdp_events(struct nvmev_dev *dev, const struct nvmev_features *f,
			  const struct nvme_command *cmd, u32 *result)
{
	return nvmev_fdp_get_events(dev, cmd, f != &dev->feat, result);
}

static const struct feature features[] = {
	PLAIN_FEATURE(NVME_FEAT_ARBITRATION, arbitration, U32_MAX, 0),
	/* Power state 0 is the only one (NPSS = 0). */
	PLAIN_FEATURE(NVME_FEAT_POWER_MGMT, power_mgmt, U32_MAX,
		      NVMEV_FEAT_PM_PS_MASK),
	{ .fid = NVME_FEAT_TEMP_THRESH, .get = get_temp_thresh,
	  .set = set_temp_thresh },
	/* DULBE needs NSFEAT.DAE, which the namespace does not report. */
	PLAIN_FEATURE(NVME_FEAT_ERR_RECOVERY, error_recovery,
		      NVMEV_FEAT_ERR_TLER_MASK, NVMEV_FEAT_ERR_DULBE),
	{ .fid = NVME_FEAT_VOLATILE_WC, .get = get_write_cache,
	  .set = set_write_cache },
	{ .fid = NVME_FEAT_NUM_QUEUES, .get = get_num_queues,
	  .set = set_num_queues },
	/* Honoured by nvmev_signal_cqs() (io.c). */
	{ .fid = NVME_FEAT_IRQ_COALESCE,
	  .offset = offsetof(struct nvmev_features, irq_coalesce),
	  .set = set_irq_coalesce },
	{ .fid = NVME_FEAT_IRQ_CONFIG, .get = get_irq_config,
	  .set = set_irq_config },
	/* Every write is one copy, so atomic: AWUN and AWUPF both hold. */
	PLAIN_FEATURE(NVME_FEAT_WRITE_ATOMIC, write_atomicity,
		      NVMEV_FEAT_WRITE_ATOMIC_DN, 0),
	{ .fid = NVME_FEAT_ASYNC_EVENT,
	  .offset = offsetof(struct nvmev_features, async_event_config),
	  .set = set_async_event },
	{ .fid = NVME_FEAT_TIMESTAMP, .get = get_timestamp,
	  .set = set_timestamp },
	{ .fid = NVMEV_FEAT_LBA_STATUS, .get = get_lba_status_attrs,
	  .set = set_lba_status_attrs },
	{ .fid = NVMEV_FEAT_FDP, .get = get_fdp, .set = nvmev_fdp_set_feature,
	  .needs_fdp = true, .caps = NVMEV_FEAT_CAP_SAVEABLE },
	{ .fid = NVMEV_FEAT_FDP_EVENTS, .get = get_fdp_events,
	  .set = nvmev_fdp_set_events, .needs_fdp = true,
	  .caps = NVMEV_FEAT_CAP_SAVEABLE | NVMEV_FEAT_CAP_NS_SPECIFIC },
};

static u16 feature_get(const struct feature *f, struct nvmev_dev *dev,
		       const struct nvmev_features *set,
		       const struct nvme_command *cmd, u32 *result)
{
	if (f->get)
		return f->get(dev, set, cmd, result);
	*result = *(const u32 *)((const u8 *)set + f->offset);
	return NVME_SC_SUCCESS;
}

static u16 feature_set(const struct feature *f, struct nvmev_dev *dev,
		       const struct nvme_command *cmd, u32 *result)
{
	if (f->set)
		return f->set(dev, cmd, result);
	if (nvmev_cdw(cmd, 11) & f->reject)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	*(u32 *)((u8 *)&dev->feat + f->offset) = nvmev_cdw(cmd, 11) & f->keep;
	return NVME_SC_SUCCESS;
}

static const struct feature *feature_find(struct nvmev_dev *dev, u8 fid)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(features); i++)
		if (features[i].fid == fid &&
		    (!features[i].needs_fdp || dev->fdp))
			return &features[i];
	return NULL;
}

static u16 get_features(struct nvmev_dev *dev, const struct nvme_command *cmd,
			u32 *result)
{
	const struct feature *f = feature_find(dev, nvmev_cdw(cmd, 10) & 0xff);
	struct nvmev_features defaults;

	if (!f)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	switch (NVMEV_FEAT_SEL(nvmev_cdw(cmd, 10))) {
	case NVMEV_FEAT_SEL_SAVED:
		/* Saved = current for the saveable, default for the rest. */
		if (f->caps & NVMEV_FEAT_CAP_SAVEABLE)
			return feature_get(f, dev, &dev->feat, cmd, result);
		fallthrough;
	case NVMEV_FEAT_SEL_DEFAULT:
		features_default(&defaults);
		return feature_get(f, dev, &defaults, cmd, result);
	case NVMEV_FEAT_SEL_CURRENT:
		return feature_get(f, dev, &dev->feat, cmd, result);
	case NVMEV_FEAT_SEL_SUPPORTED:
		*result = NVMEV_FEAT_CAP_CHANGEABLE | f->caps;
		return NVME_SC_SUCCESS;
	default:
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	}
}

static u16 set_features(struct nvmev_dev *dev, const struct nvme_command *cmd,
			u32 *result)
{
	const struct feature *f = feature_find(dev, nvmev_cdw(cmd, 10) & 0xff);

	if (!f)
		return NVME_SC_INVALID_FIELD | NVMEV_DNR;
	if ((nvmev_cdw(cmd, 10) & NVMEV_FEAT_SV) && !(f->caps & NVMEV_FEAT_CAP_SAVEABLE))
		return NVME_SC_FEATURE_NOT_SAVEABLE | NVMEV_DNR;
	return feature_set(f, dev, cmd, result);
}

u16 nvmev_admin_get_features(struct nvmev_dev *dev,
			     const struct nvme_command *cmd, u64 *result)
{
	u32 dw0 = 0;
	u16 status = get_features(dev, cmd, &dw0);

	*result = dw0;
	return status;
}

u16 nvmev_admin_set_features(struct nvmev_dev *dev,
			     const struct nvme_command *cmd, u64 *result)
{
	u32 dw0 = 0;
	u16 status = set_features(dev, cmd, &dw0);

	*result = dw0;
	return status;
}
