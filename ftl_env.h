/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one header between the model code (FTLs, flash and PRP logic) and its
 * environment.  The same sources build into the kernel module and, with
 * NVMEV_USERSPACE defined, into the userspace unit tests and simulator, so
 * everything they need from "outside" is named here and nowhere else.
 */
#ifndef NVMEV_FTL_ENV_H
#define NVMEV_FTL_ENV_H

#ifdef NVMEV_USERSPACE

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int64_t s64;

#define env_zalloc(size)	calloc(1, (size))
#define env_free(ptr)		free(ptr)
#define env_err(fmt, ...)	fprintf(stderr, "nvmev: " fmt, ##__VA_ARGS__)
#define env_div_u64(n, d)	((u64)(n) / (u32)(d))

#define ENV_NSEC_PER_USEC	1000ULL
#define env_max(a, b)		((a) > (b) ? (a) : (b))
#define env_min(a, b)		((a) < (b) ? (a) : (b))

#else /* kernel */

#include <linux/types.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/printk.h>
#include <linux/time64.h>

#define env_zalloc(size)	kvzalloc((size), GFP_KERNEL)
#define env_free(ptr)		kvfree(ptr)
#define env_err(fmt, ...)	pr_err("nvmev: " fmt, ##__VA_ARGS__)
#define env_div_u64(n, d)	div_u64((n), (d))

#define ENV_NSEC_PER_USEC	NSEC_PER_USEC
#define env_max(a, b)		max((a), (b))
#define env_min(a, b)		min((a), (b))

#endif /* NVMEV_USERSPACE */

#endif /* NVMEV_FTL_ENV_H */
