// SPDX-License-Identifier: GPL-2.0
/* The table of FTLs that ftl= can select. */
#include "ftl.h"

static const struct ftl_ops *const ftl_table[] = {
	&conv_ftl_ops,
	&fdp_ftl_ops,
	&simple_ftl_ops,
	&kv_ftl_ops,
	&zns_ftl_ops,
};

#define FTL_TABLE_LEN	(sizeof(ftl_table) / sizeof(ftl_table[0]))

const struct ftl_ops *ftl_at(u32 index)
{
	return index < FTL_TABLE_LEN ? ftl_table[index] : NULL;
}

bool ftl_param_override(u32 *field, int value, const char *param, int min,
			int max)
{
	if (value == FTL_PARAM_DEFAULT)
		return true;
	if (value < min || value > max) {
		env_err("%s=%d: must be %d..%d\n", param, value, min, max);
		return false;
	}
	*field = (u32)value;
	return true;
}

bool ftl_params_without_fdp(const struct ftl_params *p, const char *ftl)
{
	const char *name = p->fdp_rgs != FTL_PARAM_DEFAULT ? "fdp_rgs" :
			   p->fdp_ruhs != FTL_PARAM_DEFAULT ? "fdp_ruhs" :
			   p->fdp_persistent_ruhs != FTL_PARAM_DEFAULT ?
			   "fdp_persistent_ruhs" : NULL;

	if (name)
		env_err("%s: ftl=%s has no reclaim groups or handles (ftl=fdp has)\n",
			name, ftl);
	return !name;
}

const struct ftl_ops *ftl_find(const char *name)
{
	u32 i;

	for (i = 0; i < FTL_TABLE_LEN; i++)
		if (!strcmp(ftl_table[i]->name, name))
			return ftl_table[i];
	return NULL;
}
