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

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef unsigned long long u64;	/* as in the kernel, for printf */
typedef long long s64;

#define env_zalloc(size)	calloc(1, (size))
#define env_free(ptr)		free(ptr)
#define env_err(fmt, ...)	fprintf(stderr, "nvmev: " fmt, ##__VA_ARGS__)
#define env_div_u64(n, d)	((u64)(n) / (u32)(d))
#define env_div64_u64(n, d)	((u64)(n) / (u64)(d))
#define env_info(fmt, ...)	fprintf(stderr, "nvmev: " fmt, ##__VA_ARGS__)
/* The largest block env_zalloc() takes: calloc's limit is the address space. */
#define ENV_MAX_ALLOC_BYTES	SIZE_MAX

/* Like the kernel's scnprintf(): returns what was really written. */
static inline int env_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static inline int env_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!size)
		return 0;
	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	if (n < 0)
		return 0;
	return (size_t)n < size ? n : (int)size - 1;
}

#define ENV_NSEC_PER_USEC	1000ULL
/* Each argument is evaluated once, as with the kernel's max()/min(). */
#define env_max(a, b)		({ __typeof__(a) a_ = (a); __typeof__(b) b_ = (b); \
				   a_ > b_ ? a_ : b_; })
#define env_min(a, b)		({ __typeof__(a) a_ = (a); __typeof__(b) b_ = (b); \
				   a_ < b_ ? a_ : b_; })

#else /* kernel */

#include <linux/types.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/kernel.h>
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
#define env_div64_u64(n, d)	div64_u64((n), (d))
#define env_info(fmt, ...)	pr_info("nvmev: " fmt, ##__VA_ARGS__)
#define env_snprintf		scnprintf
/* kvmalloc() refuses (and warns about) anything larger. */
#define ENV_MAX_ALLOC_BYTES	INT_MAX

#define ENV_NSEC_PER_USEC	NSEC_PER_USEC
#define env_max(a, b)		max((a), (b))
#define env_min(a, b)		min((a), (b))

#endif /* NVMEV_USERSPACE */

#endif /* NVMEV_FTL_ENV_H */
