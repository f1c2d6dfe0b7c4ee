/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tracepoints: every command's way through the controller, for timing
 * studies.  Enable with
 *   echo 1 > /sys/kernel/tracing/events/nvmev/enable
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM nvmev

#if !defined(NVMEV_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define NVMEV_TRACE_H

#include <linux/tracepoint.h>

TRACE_EVENT(nvmev_admin,
	TP_PROTO(u16 cid, u8 opcode, u16 status, u64 result),
	TP_ARGS(cid, opcode, status, result),
	TP_STRUCT__entry(
		__field(u16, cid)
		__field(u8, opcode)
		__field(u16, status)
		__field(u64, result)
	),
	TP_fast_assign(
		__entry->cid = cid;
		__entry->opcode = opcode;
		__entry->status = status;
		__entry->result = result;
	),
	TP_printk("cid=%u opcode=%#x status=%#x result=%#llx",
		  __entry->cid, __entry->opcode, __entry->status,
		  __entry->result)
);

/* The dispatcher took an I/O command; it is due after @delay_ns. */
TRACE_EVENT(nvmev_io_submit,
	TP_PROTO(u16 sqid, u16 cid, u8 opcode, u64 offset, u64 length,
		 u16 status, u64 delay_ns),
	TP_ARGS(sqid, cid, opcode, offset, length, status, delay_ns),
	TP_STRUCT__entry(
		__field(u16, sqid)
		__field(u16, cid)
		__field(u8, opcode)
		__field(u64, offset)
		__field(u64, length)
		__field(u16, status)
		__field(u64, delay_ns)
	),
	TP_fast_assign(
		__entry->sqid = sqid;
		__entry->cid = cid;
		__entry->opcode = opcode;
		__entry->offset = offset;
		__entry->length = length;
		__entry->status = status;
		__entry->delay_ns = delay_ns;
	),
	TP_printk("sqid=%u cid=%u opcode=%#x offset=%llu length=%llu status=%#x delay_ns=%llu",
		  __entry->sqid, __entry->cid, __entry->opcode,
		  __entry->offset, __entry->length, __entry->status,
		  __entry->delay_ns)
);

/* Its completion was posted, @late_ns after the time the FTL gave. */
TRACE_EVENT(nvmev_io_complete,
	TP_PROTO(u16 sqid, u16 cid, u16 status, u64 late_ns),
	TP_ARGS(sqid, cid, status, late_ns),
	TP_STRUCT__entry(
		__field(u16, sqid)
		__field(u16, cid)
		__field(u16, status)
		__field(u64, late_ns)
	),
	TP_fast_assign(
		__entry->sqid = sqid;
		__entry->cid = cid;
		__entry->status = status;
		__entry->late_ns = late_ns;
	),
	TP_printk("sqid=%u cid=%u status=%#x late_ns=%llu",
		  __entry->sqid, __entry->cid, __entry->status,
		  __entry->late_ns)
);

#endif /* NVMEV_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
