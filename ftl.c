// SPDX-License-Identifier: GPL-2.0
/* The table of FTLs that ftl= can select. */
#include "ftl.h"

static const struct ftl_ops *const ftl_table[] = {
	&simple_ftl_ops,
};

const struct ftl_ops *ftl_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(ftl_table) / sizeof(ftl_table[0]); i++)
		if (!strcmp(ftl_table[i]->name, name))
			return ftl_table[i];
	return NULL;
}
