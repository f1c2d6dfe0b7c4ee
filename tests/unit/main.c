// SPDX-License-Identifier: GPL-2.0
/* The unit test runner: every suite, in order. */
#define UNIT_MAIN
#include "unit.h"

extern const struct unit_test prp_tests[];
extern const struct unit_test simple_ftl_tests[];
extern const struct unit_test channel_model_tests[];
extern const struct unit_test ssd_tests[];
extern const struct unit_test conv_ftl_tests[];
extern const struct unit_test map_unit_tests[];
extern const struct unit_test fdp_ftl_tests[];
extern const struct unit_test kv_ftl_tests[];
extern const struct unit_test regression_tests[];
extern const struct unit_test inject_tests[];
extern const struct unit_test zns_ftl_tests[];
extern const struct unit_test store_tests[];

int main(void)
{
	static const struct unit_test *const suites[] = {
		prp_tests,
		simple_ftl_tests,
		channel_model_tests,
		ssd_tests,
		conv_ftl_tests,
		map_unit_tests,
		fdp_ftl_tests,
		kv_ftl_tests,
		regression_tests,
		inject_tests,
		zns_ftl_tests,
		store_tests,
		NULL,
	};

	return unit_run(suites);
}
