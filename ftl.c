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

bool ftl_param_take(u32 *field, int value, const char *param, int min,
		    int max, bool report)
{
	if (value == FTL_PARAM_DEFAULT)
		return true;
	if (value < min || value > max) {
		if (report)
			env_err("%s=%d: must be %d..%d\n", param, value, min,
				max);
		return false;
	}
	*field = (u32)value;
	return true;
}

bool ftl_param_override(u32 *field, int value, const char *param, int min,
			int max)
{
	return ftl_param_take(field, value, param, min, max, true);
}

/* Expands to the name of @param if it is set, else to what follows. */
#define FTL_NAME_IF_SET(param, description)				\
	p->param != FTL_PARAM_DEFAULT ? #param :

bool ftl_params_without_fdp(const struct ftl_params *p, const char *ftl)
{
	const char *name = FTL_FDP_PARAMS(FTL_NAME_IF_SET) NULL;

	if (name)
		env_err("%s: ftl=%s has no reclaim groups or handles (ftl=fdp has)\n",
			name, ftl);
	return !name;
}

#define FTL_RESET_PARAM(param, description)	p->param = FTL_PARAM_DEFAULT;

void ftl_params_reset_fdp(struct ftl_params *p)
{
	FTL_FDP_PARAMS(FTL_RESET_PARAM)
}

const struct ftl_ops *ftl_find(const char *name)
{
	u32 i;

	for (i = 0; i < FTL_TABLE_LEN; i++)
		if (!strcmp(ftl_table[i]->name, name))
			return ftl_table[i];
	return NULL;
}
