/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What store.c needs from its environment: the kernel's pages, xarray,
 * locks and the walk over a command's host buffer, or, with
 * NVMEV_USERSPACE defined, the unit tests' stand-ins for them
 * (tests/unit/store_shim.h), so the store is tested as it is built.
 */
#ifndef NVMEV_STORE_ENV_H
#define NVMEV_STORE_ENV_H

#ifdef NVMEV_USERSPACE
#include "tests/unit/store_shim.h"
#else
#include <linux/atomic.h>
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/rwsem.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/types.h>
#include <linux/xarray.h>
#endif

#endif
