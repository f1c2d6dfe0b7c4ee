/* SPDX-License-Identifier: GPL-2.0 */
/* Walking the table of FTLs that ftl= can select, e.g. to list them. */
#ifndef NVMEV_FTL_TABLE_H
#define NVMEV_FTL_TABLE_H

#include "ftl.h"

/* The FTL at @index of the table; NULL past the last. */
const struct ftl_ops *ftl_at(u32 index);

#endif /* NVMEV_FTL_TABLE_H */
