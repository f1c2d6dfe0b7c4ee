/* SPDX-License-Identifier: GPL-2.0 */
/*
 * NVMe definitions the emulated controller needs beyond <linux/nvme.h>:
 * register fields the host driver never has to build, the layout of our
 * BAR, and the values the controller advertises.
 */
#ifndef NVMEV_NVME_H
#define NVMEV_NVME_H

#include <linux/nvme.h>
#include <linux/sizes.h>
#include <linux/bits.h>
#include <linux/build_bug.h>

/* Controller Capabilities (CAP) fields, NVMe base spec 3.1.1 */
#define NVMEV_CAP_MQES_SHIFT	0
#define NVMEV_CAP_CQR		BIT_ULL(16)
#define NVMEV_CAP_TO_SHIFT	24
#define NVMEV_CAP_DSTRD_SHIFT	32
#define NVMEV_CAP_CSS_SHIFT	37
#define NVMEV_CAP_MPSMIN_SHIFT	48
#define NVMEV_CAP_MPSMAX_SHIFT	52

/* AQA fields (0's based sizes) */
#define NVMEV_AQA_ASQS(aqa)	((aqa) & 0xfff)
#define NVMEV_AQA_ACQS(aqa)	(((aqa) >> 16) & 0xfff)

#define NVMEV_CC_MPS(cc)		(((cc) >> NVME_CC_MPS_SHIFT) & 0xf)
#define NVMEV_MPS_BASE_SHIFT	12	/* memory page size = 2^(12 + MPS) */

#define NVMEV_VS_1_4		NVME_VS(1, 4, 0)

/* Command Dword 0: fused operation and PRP or SGL selection */
#define NVMEV_CMD_FUSE_MASK	0x03
#define NVMEV_CMD_PSDT_MASK	0xc0

/*
 * Do Not Retry, in the 15-bit status field (without the phase bit).
 * <linux/nvme.h> calls it NVME_SC_DNR before 6.10 and NVME_STATUS_DNR after.
 */
#define NVMEV_DNR		0x4000

/* Abort: Dword 0 bit 0 set means the command was not aborted. */
#define NVMEV_ABORT_NOT_ABORTED	1

/* Get/Set Features */
#define NVMEV_FEAT_SEL(cdw10)	(((cdw10) >> 8) & 0x7)
#define NVMEV_FEAT_SV		BIT(31)
enum nvmev_feat_sel {
	NVMEV_FEAT_SEL_CURRENT = 0,
	NVMEV_FEAT_SEL_DEFAULT = 1,
	NVMEV_FEAT_SEL_SAVED = 2,
	NVMEV_FEAT_SEL_SUPPORTED = 3,
};
#define NVMEV_FEAT_CAP_SAVEABLE		BIT(0)
#define NVMEV_FEAT_CAP_NS_SPECIFIC	BIT(1)
#define NVMEV_FEAT_CAP_CHANGEABLE	BIT(2)
#define NVMEV_FEAT_TEMP_TMPSEL(cdw11)	(((cdw11) >> 16) & 0xf)
#define NVMEV_FEAT_TEMP_THSEL(cdw11)	(((cdw11) >> 20) & 0x3)
#define NVMEV_FEAT_TEMP_THSEL_OVER	0
#define NVMEV_FEAT_TEMP_THSEL_UNDER	1
#define NVMEV_FEAT_TEMP_COMPOSITE	0
#define NVMEV_FEAT_PM_PS_MASK		0x1f
#define NVMEV_FEAT_VWC_WCE		BIT(0)
#define NVMEV_FEAT_ERR_TLER_MASK		0xffff
#define NVMEV_FEAT_ERR_DULBE		BIT(16)
#define NVMEV_FEAT_IRQ_CONFIG_IV_MASK	0xffff
#define NVMEV_FEAT_IRQ_CONFIG_CD		BIT(16)
#define NVMEV_FEAT_WRITE_ATOMIC_DN	BIT(0)
#define NVMEV_FEAT_IRQ_COALESCE_MASK	0xffff	/* THR and TIME */
#define NVMEV_FEAT_IRQ_COALESCE_THR_MASK	0xff	/* entries, 0's based */
#define NVMEV_FEAT_IRQ_COALESCE_TIME_SHIFT	8
#define NVMEV_FEAT_IRQ_COALESCE_TIME_MASK	0xff
#define NVMEV_FEAT_IRQ_COALESCE_TIME_NS	100000ULL	/* TIME's unit */
#define NVMEV_FEAT_QUEUES_MAX		0xffff	/* a value the spec forbids */
#define NVMEV_TIMESTAMP_BYTES		8
#define NVMEV_TIMESTAMP_MS_MASK		GENMASK_ULL(47, 0)
#define NVMEV_TIMESTAMP_ORIGIN_HOST	BIT_ULL(49)	/* set by Set Features */

/* Get Log Page */
#define NVMEV_LOG_LID(cdw10)		((cdw10) & 0xff)
#define NVMEV_LOG_RAE			BIT(15)
#define NVMEV_LOG_NUMDL(cdw10)		((cdw10) >> 16)
#define NVMEV_LOG_NUMDU(cdw11)		((cdw11) & 0xffff)
#define NVMEV_CTRL_LPA_EXTENDED_DATA	BIT(2)
#define NVMEV_ERROR_LOG_ENTRIES		64
#define NVMEV_ERROR_LOG_NO_PARAM		0xffff

/* One Error Information log entry (NVMe base spec, Get Log Page 01h) */
struct nvmev_error_log_entry {
	__le64 error_count;
	__le16 sqid;
	__le16 cmdid;
	__le16 status_field;
	__le16 param_error_location;
	__le64 lba;
	__le32 nsid;
	__u8 vs;
	__u8 trtype;
	__u8 rsvd30[2];
	__le64 cs;
	__le16 trtype_spec_info;
	__u8 rsvd42[22];
};

/* Identify CNS 1Ch: the I/O Command Set combinations the controller has */
#define NVMEV_ID_CNS_CS_LIST		0x1c

/*
 * Identify CNS 16h, the Namespace Granularity List (NVMe base spec,
 * reported when CTRATT bit 7 is set): with the Granularity Descriptor
 * Mapping bit of its attributes clear, its first descriptor holds for
 * every LBA format.  Sizes are in bytes; NOD is 0's based.
 */
struct nvmev_ns_granularity_desc {
	__le64 nszeg;			/* NSZE granularity */
	__le64 ncapg;			/* NCAP granularity */
};

struct nvmev_ns_granularity_list {
	__le32 attributes;
	__u8 nod;
	__u8 rsvd5[27];
	struct nvmev_ns_granularity_desc desc[];
};
static_assert(sizeof(struct nvmev_ns_granularity_list) == 32);

/* Identify Controller values */
#define NVMEV_CTRL_OACS_FORMAT		BIT(1)
#define NVMEV_CTRL_FRMW_SLOT1_RO		BIT(0)
#define NVMEV_CTRL_FRMW_SLOTS_SHIFT	1
#define NVMEV_CTRL_VWC_FLUSH_ALL_NS	(0x3 << 1)	/* NSID FFFFFFFFh ok */
#define NVMEV_CTRL_CNTRLTYPE_IO		1
#define NVMEV_QUEUE_ENTRY_SIZES(max, min) (((max) << 4) | (min))
#define NVMEV_KELVIN(celsius)		((celsius) + 273)

/* Identify Namespace: DLFEAT says deallocated blocks read as zeroes. */
#define NVMEV_NS_DLFEAT_READ_ZEROES	0x1
#define NVMEV_NS_DLFEAT_WRITE_ZEROES_DEAC BIT(3)

/* ONCS bits <linux/nvme.h> lacks (NVM Command Set 1.0, Identify Controller) */
#define NVMEV_CTRL_ONCS_VERIFY		BIT(7)
#define NVMEV_CTRL_ONCS_COPY		BIT(8)

/*
 * Copy (NVM Command Set 1.0, 3.2.2), which <linux/nvme.h> of 6.1 and 6.12
 * lacks.  CDW12: Number of Ranges (0's based) and Descriptor Format; the
 * destination (SDLBA) is in CDW10-11, where Read has its SLBA.
 */
#define NVMEV_CMD_COPY			0x19
#define NVMEV_COPY_NR(cdw12)		(((cdw12) & 0xff) + 1)
#define NVMEV_COPY_DESFMT(cdw12)	(((cdw12) >> 8) & 0xf)
#define NVMEV_COPY_DESFMT_0		0	/* the only one supported */
#define NVMEV_CTRL_OCFS_FORMAT_0	BIT(0)
/* Command Size Limit Exceeded: NR, an NLB or their sum over MSRC, MSSRL, MCL */
#define NVMEV_SC_CMD_SIZE_LIMIT		0x183

/* Source Range Entries Descriptor Format 0h: 32 bytes each */
struct nvmev_copy_range {
	__u8 rsvd0[8];
	__le64 slba;
	__le16 nlb;			/* 0's based */
	__u8 rsvd18[6];
	__le32 elbst_eilbrt;
	__le16 elbat;
	__le16 elbatm;
} __packed;
#define NVMEV_COPY_RANGE_BYTES		32
static_assert(sizeof(struct nvmev_copy_range) == NVMEV_COPY_RANGE_BYTES);

/*
 * Get LBA Status (NVM Command Set 1.0, 4.2.1), and what a controller that
 * has it must have too (5.8.1): the LBA Status Information log, its
 * Attributes feature and its alert notice.
 */
#define NVMEV_CTRL_OACS_GET_LBA_STATUS	BIT(9)
#define NVMEV_LBAS_ATYPE(cdw13)		((cdw13) >> 24)
#define NVMEV_LBAS_RL(cdw13)		((cdw13) & 0xffff)
#define NVMEV_LBAS_ATYPE_SCAN		0x10	/* scan: untracked, tracked */
#define NVMEV_LBAS_ATYPE_TRACKED	0x11
#define NVMEV_LBAS_CMPC_MNDW		1	/* stopped at MNDW */
#define NVMEV_LBAS_CMPC_DONE		2	/* the range done, all sent */
#define NVMEV_LBAS_UNRECOVERABLE	BIT(0)	/* reads may fail */
#define NVMEV_LBAS_WRITE_UNCOR		BIT(1)	/* by Write Uncorrectable */
/* NLB and RNLB are 32-bit and 0's based: a descriptor holds this many */
#define NVMEV_LBAS_MAX_NLB		(1ULL << 32)

/* The LBA Status Descriptor List */
struct nvmev_lbas_list {
	__le32 nlsd;
	__u8 cmpc;
	__u8 rsvd5[3];
} __packed;

struct nvmev_lbas_desc {
	__le64 dslba;
	__le32 nlb;			/* 0's based */
	__u8 rsvd12;
	__u8 status;
	__u8 rsvd14[2];
} __packed;
#define NVMEV_LBAS_DESC_BYTES		16
static_assert(sizeof(struct nvmev_lbas_desc) == NVMEV_LBAS_DESC_BYTES);

/* The LBA Status Information log (0Eh): a header, then one namespace's */
#define NVMEV_LOG_LBA_STATUS		0x0e
#define NVMEV_LBAS_NLRD_UNKNOWN		0xffffffff	/* examine it all */
#define NVMEV_LBAS_ESTULB_UNKNOWN	0xffffffff

struct nvmev_lbas_log {
	__le32 lslplen;
	__le32 nlslne;
	__le32 estulb;
	__u8 rsvd12[2];
	__le16 lsgc;
} __packed;

struct nvmev_lbas_ns_element {
	__le32 neid;
	__le32 nlrd;
	__u8 ratype;
	__u8 rsvd9[7];
} __packed;

struct nvmev_lba_range_desc {
	__le64 rslba;
	__le32 rnlb;			/* 0's based */
	__u8 rsvd12[4];
} __packed;

/*
 * LBA Status Information Attributes (15h): the poll interval (fixed) over
 * the report interval, both in 100 ms units.  The host may read the log at
 * most once a second.
 */
#define NVMEV_FEAT_LBA_STATUS		0x15
#define NVMEV_FEAT_LSIRI_MASK		0xffff
#define NVMEV_FEAT_LSIPI_SHIFT		16
#define NVMEV_LBAS_INTERVAL_NS		(100 * NSEC_PER_MSEC)
#define NVMEV_LSIPI			10

/* The LBA Status Information Alert notice, enabled by AEC bit 13 */
#define NVMEV_AER_NOTICE_LBA_STATUS	0x05
#define NVMEV_AEN_LBA_STATUS		BIT(13)

/*
 * Zoned namespaces: the Zone Descriptor Changed notice, enabled by AEC bit
 * 27, points at the Changed Zone List log, one per namespace.
 */
#define NVMEV_AER_NOTICE_ZONE_CHANGED	0xef
#define NVMEV_AEN_ZONE_CHANGED		BIT(27)
#define NVMEV_LOG_CHANGED_ZONES		0xbf
/*
 * ZNS 1.1's command specific statuses <linux/nvme.h> has no names for:
 * Invalid Zone Operation Request, ZRWA Resources Unavailable
 */
#define NVMEV_SC_ZONE_INVALID_OP	0x1b6
#define NVMEV_SC_ZONE_NO_ZRWA		0x1b7

/* Where the Copy limits sit in Identify; 6.1's structs have them reserved */
#define NVMEV_ID_CTRL_OCFS		534	/* bytes 535:534 */
#define NVMEV_ID_NS_MSSRL		74	/* bytes 75:74 */
#define NVMEV_ID_NS_MCL			76	/* bytes 79:76 */
#define NVMEV_ID_NS_MSRC		80	/* byte 80, 0's based */
/* Identify Namespace's vendor specific bytes 4095:3840: where data lives */
#define NVMEV_ID_NS_VS			3840
#define NVMEV_ID_NS_VS_LEN		256

/*
 * The limits advertised: a page of format 0 entries (MSRC + 1), MDTS worth
 * of data per range (MSSRL) and four times that per command (MCL), which
 * bounds what one worker moves at a time.
 */
#define NVMEV_COPY_MAX_RANGES		(SZ_4K / NVMEV_COPY_RANGE_BYTES)
#define NVMEV_COPY_MAX_RANGE_BYTES	NVMEV_MAX_XFER_BYTES
#define NVMEV_COPY_MAX_BYTES		(4 * NVMEV_MAX_XFER_BYTES)

/* Dataset Management */
#define NVMEV_DSM_NR(cdw10)		(((cdw10) & 0xff) + 1)
#define NVMEV_DSM_MAX_RANGES		256


/* Asynchronous events: SMART / health, temperature threshold */
#define NVMEV_AER_INFO_TEMP_THRESHOLD	0x01
#define NVMEV_AER_LOG_PAGE_SHIFT		16
#define NVMEV_AER_INFO_SHIFT		8
#define NVMEV_AEN_SMART_WARNINGS	0xff	/* AEC bits 7:0 */
/*
 * Notices the controller can send (OAES).  Linux submits AERs only to a
 * controller that advertises one it knows; Get LBA Status brings its
 * alert along.
 */
#define NVMEV_AEN_NOTICES	(NVME_AEN_CFG_NS_ATTR | NVMEV_AEN_LBA_STATUS | \
				 NVMEV_AEN_ZONE_CHANGED)

/* Format NVM */
/* LBAF bits 3:0, and LBAFU (bits 13:12) its bits 5:4 */
#define NVMEV_FORMAT_LBAF(cdw10)		\
	(((cdw10) & 0xf) | (((cdw10) >> 12 & 0x3) << 4))
#define NVMEV_FORMAT_MSET_PI_PIL		(0x1f << 4)
#define NVMEV_FORMAT_SES(cdw10)		(((cdw10) >> 9) & 0x7)
#define NVMEV_FORMAT_SES_USER_DATA	1

/*
 * ---- Flexible Data Placement (NVMe Base 2.x 8.1.12, TP4146) ----
 * <linux/nvme.h> of 6.1 and 6.12 has none of it; later kernels define some
 * of it under NVME_ names, so these are NVMEV_ names throughout.
 */
#define NVMEV_CTRL_CTRATT_FDPS		BIT(19)	/* FDP supported */
/* Identify Controller ENDGIDMAX, bytes 341:340: reserved in 6.1's struct */
#define NVMEV_ID_CTRL_ENDGIDMAX		340
#define NVMEV_FDP_ENDGID		1	/* the one endurance group */
#define NVMEV_FDP_CONFIG_INDEX		0	/* its one configuration */
#define NVMEV_FDP_NAMESPACES		1	/* that may use it */

/* Directives: Identify (NVME_DIR_IDENTIFY) and Data Placement */
#define NVMEV_DIR_PLACEMENT		0x02
/* Identify Return Parameters: three 256-bit maps, one bit per type */
#define NVMEV_DIR_PARAMS_SUPPORTED	0
#define NVMEV_DIR_PARAMS_ENABLED	32
#define NVMEV_DIR_PARAMS_PERSISTENT	64
#define NVMEV_DIR_PARAMS_BYTES		SZ_4K

/* Write: Directive Type in CDW12, Directive Specific in CDW13 */
#define NVMEV_RW_DTYPE(cdw12)		(((cdw12) >> 20) & 0xf)
#define NVMEV_RW_DTYPE_NONE		0
#define NVMEV_RW_DSPEC(cdw13)		((cdw13) >> 16)

/*
 * A Placement Identifier: the reclaim group in its top RGIF bits, the
 * placement handle below them.
 */
#define NVMEV_FDP_PID_BITS		16

/* Get Log Page: Log Specific Identifier, the endurance group */
#define NVMEV_LOG_LSI(cdw11)		((cdw11) >> 16)
#define NVMEV_LOG_FDP_CONFIGS		0x20
#define NVMEV_LOG_FDP_RUH_USAGE		0x21
#define NVMEV_LOG_FDP_STATS		0x22
#define NVMEV_LOG_FDP_EVENTS		0x23
#define NVMEV_LOG_FDP_HOST_EVENTS	BIT(8)	/* LSP bit 0: host events */

/* Endurance Group Information log (09h), NVMe Base 2.x */
struct nvmev_endurance_log {
	__u8 critical_warning;
	__u8 features;
	__u8 rsvd2;
	__u8 avail_spare;		/* percent */
	__u8 avail_spare_thresh;	/* percent */
	__u8 percent_used;
	__le16 domain_id;
	__u8 rsvd8[24];
	__u8 endurance_estimate[16];	/* data units; 0: not reported */
	__u8 data_units_read[16];	/* 1000 x 512 bytes */
	__u8 data_units_written[16];
	__u8 media_units_written[16];
	__u8 host_read_cmds[16];
	__u8 host_write_cmds[16];
	__u8 media_errors[16];
	__u8 error_log_entries[16];
	__u8 total_capacity[16];	/* bytes */
	__u8 unallocated_capacity[16];	/* bytes */
	__u8 rsvd192[320];
} __packed;
#define NVMEV_ENDURANCE_LOG_BYTES	512
static_assert(sizeof(struct nvmev_endurance_log) == NVMEV_ENDURANCE_LOG_BYTES);

/* FDP Configurations log (20h): a header, then one descriptor */
struct nvmev_fdp_configs_log {
	__le16 numfdpc;			/* 0's based */
	__u8 version;
	__u8 rsvd3;
	__le32 size;			/* of the whole log */
	__u8 rsvd8[8];
} __packed;

#define NVMEV_FDPA_RGIF_MASK		0xf
#define NVMEV_FDPA_VWC			BIT(4)	/* a volatile write cache */
#define NVMEV_FDPA_VALID		BIT(7)
#define NVMEV_FDP_DESC_ALIGN		8

struct nvmev_fdp_config_desc {
	__le16 size;			/* with the handle descriptors */
	__u8 fdpa;
	__u8 vss;
	__le32 nrg;
	__le16 nruh;
	__le16 maxpids;			/* 0's based */
	__le32 nnss;
	__le64 runs;			/* reclaim unit nominal size, bytes */
	__le32 erutl;
	__u8 rsvd28[36];
} __packed;
#define NVMEV_FDP_CONFIG_DESC_BYTES	64	/* the spec's sizes, checked */
static_assert(sizeof(struct nvmev_fdp_config_desc) ==
	      NVMEV_FDP_CONFIG_DESC_BYTES);

#define NVMEV_RUHT_INITIALLY_ISOLATED	1
#define NVMEV_RUHT_PERSISTENTLY_ISOLATED 2

struct nvmev_fdp_ruh_desc {
	__u8 ruht;
	__u8 rsvd1[3];
} __packed;

/* Reclaim Unit Handle Usage log (21h) */
struct nvmev_fdp_ruhu_log {
	__le16 nruh;
	__u8 rsvd2[6];
} __packed;

#define NVMEV_RUHA_HOST_SPECIFIED	1

struct nvmev_fdp_ruhu_desc {
	__u8 ruha;
	__u8 rsvd1[7];
} __packed;

/* FDP Statistics log (22h): 128-bit counters, bytes */
struct nvmev_fdp_stats_log {
	__le64 hbmw[2];			/* host bytes with metadata written */
	__le64 mbmw[2];			/* media bytes with metadata written */
	__le64 mbe[2];			/* media bytes erased */
	__u8 rsvd48[16];
} __packed;
#define NVMEV_FDP_STATS_BYTES		64
static_assert(sizeof(struct nvmev_fdp_stats_log) == NVMEV_FDP_STATS_BYTES);

/* FDP Events log (23h): the header, then events oldest first */
#define NVMEV_FDP_MAX_EVENTS		63

#define NVMEV_FDP_EVT_RU_NOT_WRITTEN	0x00	/* host events */
#define NVMEV_FDP_EVT_INVALID_PID	0x03
#define NVMEV_FDP_EVT_MEDIA_REALLOC	0x80	/* controller events */

#define NVMEV_FDP_EVF_PIV		BIT(0)	/* PID valid */
#define NVMEV_FDP_EVF_NSIDV		BIT(1)	/* NSID valid */
#define NVMEV_FDP_EVF_LV		BIT(2)	/* RGID, RUHID valid */

/* Type specific part of Media Reallocated */
#define NVMEV_FDP_REALLOC_LBAV		BIT(0)	/* LBA valid */

struct nvmev_fdp_media_realloc {
	__u8 flags;
	__u8 rsvd1;
	__le16 nlbam;			/* LBAs moved */
	__le64 lba;			/* one of them */
	__u8 rsvd12[4];
} __packed;
#define NVMEV_FDP_EVENT_SPECIFIC_BYTES	16
static_assert(sizeof(struct nvmev_fdp_media_realloc) ==
	      NVMEV_FDP_EVENT_SPECIFIC_BYTES);

struct nvmev_fdp_event {
	__u8 type;
	__u8 flags;
	__le16 pid;
	__le64 timestamp;		/* as the Timestamp feature's */
	__le32 nsid;
	union {
		struct nvmev_fdp_media_realloc realloc;
		__u8 type_specific[NVMEV_FDP_EVENT_SPECIFIC_BYTES];
	};
	__le16 rgid;
	__u8 ruhid;
	__u8 rsvd35[5];
	__u8 vs[24];
} __packed;
#define NVMEV_FDP_EVENT_BYTES		64
static_assert(sizeof(struct nvmev_fdp_event) == NVMEV_FDP_EVENT_BYTES);

struct nvmev_fdp_events_log {
	__le32 nevents;
	__u8 rsvd4[60];
	struct nvmev_fdp_event events[NVMEV_FDP_MAX_EVENTS];
} __packed;

/* Features: Flexible Data Placement (1Dh) and FDP Events (1Eh) */
#define NVMEV_FEAT_FDP			0x1d
#define NVMEV_FEAT_FDP_EVENTS		0x1e
#define NVMEV_FEAT_FDP_ENDGID(cdw11)	((cdw11) & 0xffff)
#define NVMEV_FEAT_FDP_FDPE		BIT(0)
#define NVMEV_FEAT_FDP_CIDX_SHIFT	8
#define NVMEV_FEAT_FDP_VALUE_MASK	0xff01	/* FDPE and FDPCIDX */
#define NVMEV_FEAT_FDPE_PHNDL(cdw11)	((cdw11) & 0xffff)
#define NVMEV_FEAT_FDPE_NOET(cdw11)	(((cdw11) >> 16) & 0xff)
#define NVMEV_FEAT_FDPE_ENABLE		BIT(0)	/* CDW12 of Set */
#define NVMEV_FDP_EVENT_ENABLED		BIT(0)

struct nvmev_fdp_event_desc {
	__u8 type;
	__u8 attributes;
} __packed;

/* I/O Management Receive and Send */
#define NVMEV_CMD_IO_MGMT_RECV		0x12
#define NVMEV_CMD_IO_MGMT_SEND		0x1d
#define NVMEV_IO_MGMT_MO(cdw10)		((cdw10) & 0xff)
#define NVMEV_IO_MGMT_MOS(cdw10)	((cdw10) >> 16)
#define NVMEV_IO_MGMT_RUH_STATUS	0x01	/* Receive */
#define NVMEV_IO_MGMT_RUH_UPDATE	0x01	/* Send; MOS: PIDs, 0's based */
/* Most PIDs one Update takes (MAXPIDS + 1) */
#define NVMEV_FDP_MAX_UPDATE_PIDS	256

struct nvmev_fdp_ruh_status {
	__u8 rsvd0[14];
	__le16 nruhsd;
} __packed;

struct nvmev_fdp_ruh_status_desc {
	__le16 pid;
	__le16 ruhid;
	__le32 earutr;
	__le64 ruamw;			/* blocks the RU can still take */
	__u8 rsvd16[16];
} __packed;
#define NVMEV_FDP_RUH_STATUS_DESC_BYTES	32
static_assert(sizeof(struct nvmev_fdp_ruh_status_desc) ==
	      NVMEV_FDP_RUH_STATUS_DESC_BYTES);

/* ---- The layout of BAR0 as this controller implements it. ---- */
#define NVMEV_BAR_SIZE			SZ_16K
#define NVMEV_DOORBELL_STRIDE_SHIFT	0	/* CAP.DSTRD: 4-byte doorbells */
#define NVMEV_MSIX_TABLE_OFFSET		0x2000
#define NVMEV_MSIX_PBA_OFFSET		0x3000
#define NVMEV_MSIX_VECTORS		64

/* Queue limits */
#define NVMEV_MAX_IO_QUEUES		63	/* one vector each, plus admin */
#define NVMEV_MAX_QUEUE_ENTRIES		4096	/* CAP.MQES + 1 */
#define NVMEV_CAP_TIMEOUT		20	/* x 500 ms for CSTS.RDY */

/* 2^MDTS memory pages of 4 KiB: 1 MiB per command. */
#define NVMEV_MDTS			8
#define NVMEV_MPS_SHIFT			12
#define NVMEV_MAX_XFER_BYTES		(1U << (NVMEV_MDTS + NVMEV_MPS_SHIFT))

/* Identify data and the other admin payloads are one 4 KiB page. */
#define NVMEV_ADMIN_PAGE		SZ_4K

/*
 * Namespaces: NN, the one controller's ID, and the reserved region carved
 * in granules of 4 KiB: a namespace's storage is rounded up to one.  That
 * is the largest LBA size and the unit the FTLs map, so every namespace
 * starts and ends on one, and a namespace of TNVMCAP / NN (or any share of
 * it in whole 4 KiB) fits NN times.  Identify CNS 16h advertises it.
 */
#define NVMEV_MAX_NAMESPACES		16
#define NVMEV_CNTLID			1
#define NVMEV_NS_GRANULE		SZ_4K
/* The LBA formats: LBAF 0 is 512 bytes, LBAF 1 is 4 KiB. */
#define NVMEV_LBAF_512			0
#define NVMEV_LBAF_4K			1
#define NVMEV_NR_LBAFS			2
#define NVMEV_LBA_SHIFT_4K		12
#define NVMEV_LBAF_SHIFT(lbaf)		\
	((lbaf) == NVMEV_LBAF_4K ? NVMEV_LBA_SHIFT_4K : NVMEV_LBA_SHIFT)
/* Namespace Management and Attachment: SEL in CDW10 bits 3:0. */
#define NVMEV_NS_SEL(cdw10)		((cdw10) & 0xf)
#define NVMEV_NS_MGMT_CREATE		0
#define NVMEV_NS_MGMT_DELETE		1
#define NVMEV_NS_ATTACH			0
#define NVMEV_NS_DETACH			1
/* Create: the new namespace's Command Set, CDW11 bits 31:24. */
#define NVMEV_NS_MGMT_CSI(cdw11)	((cdw11) >> 24)
/* Command specific: I/O Command Set Not Supported, for a CSI we lack */
#define NVMEV_SC_IOCS_NOT_SUPPORTED	0x129

/* The Changed Namespace List log holds up to 1024 NSIDs. */
#define NVMEV_CHANGED_NS_MAX		1024
#define NVMEV_ACL			3	/* 0's based: 4 Aborts */
#define NVMEV_AERL			3	/* 0's based: 4 AERs outstanding */
#define NVMEV_TEMPERATURE_C		40	/* what the sensor reads */
#define NVMEV_WCTEMP_C			70
#define NVMEV_CCTEMP_C			85
#define NVMEV_MAX_POWER_CW		2500	/* centiwatts, power state 0 */
#define NVMEV_RAB			6	/* recommended arbitration burst */

/* PCI identity.  Not a vendor the nvme driver keeps quirks for. */
#define NVMEV_PCI_VENDOR_ID		0x6e76	/* "nv" */
#define NVMEV_PCI_DEVICE_ID		0x0001
#define NVMEV_PCI_CLASS_NVME		0x010802
#define NVMEV_PCI_DOMAIN_BASE		0x10000	/* above any real domain */

#endif /* NVMEV_NVME_H */
