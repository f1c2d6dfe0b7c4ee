/* SPDX-License-Identifier: GPL-2.0 */
/*
 * White-box access to the conv FTL for the userspace unit tests and the
 * simulator; the module itself only uses conv_ftl_ops.
 */
#ifndef NVMEV_CONV_FTL_H
#define NVMEV_CONV_FTL_H

#include "ssd.h"

/* GC relocations of host-handle data kept until take_relocation(). */
#define CONV_RELOCATIONS_KEPT	64

#ifdef NVMEV_USERSPACE
/* The physical unit logical unit @lpn maps to, or SSD_INVALID_PPN. */
u32 conv_ftl_lookup(void *ftl, u32 lpn);
/* The flash model under the FTL. */
struct ssd *conv_ftl_ssd(void *ftl);

/* A GC stream that mixes the initially isolated handles of a group. */
#define CONV_SHARED_GC	0xffffU

/* The stream that filled a line: host or GC, its group and handle. */
struct conv_stream {
	bool host;
	u32 rg;
	u32 ruh;		/* CONV_SHARED_GC: GC's shared stream */
};

/* Which stream filled @line; false if the line is free. */
bool conv_ftl_line_stream(void *ftl, u32 line, struct conv_stream *stream);
/*
 * Checks every invariant of the mapping, the lines and the victim heap;
 * false with the first violation described in @why.
 */
bool conv_ftl_audit(void *ftl, char *why, size_t size);
#endif

#endif /* NVMEV_CONV_FTL_H */
