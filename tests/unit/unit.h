/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal unit test framework.
 *
 * A test is a `static void name(void)` function; a suite is a NULL-terminated
 * array of UNIT_TEST(name) entries.  Checks record the first failure (with
 * file:line) and return from the function they are in, so use them directly
 * in test functions; a helper that checks things returns bool and the test
 * wraps the call in CHECK() (the helper's own, more precise reason wins).
 *
 * Exactly one translation unit defines UNIT_MAIN before including this
 * header; it gets the runner, unit_run(), which prints one line per test,
 *     PASS unit/<name>
 *     FAIL unit/<name>: <file>:<line>: <reason>
 * then "N passed, N failed", and returns non-zero if anything failed.
 */
#ifndef UNIT_H
#define UNIT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

struct unit_test {
	const char *name;
	void (*fn)(void);
};

#define UNIT_TEST(fn)	{ #fn, fn }
#define UNIT_END	{ NULL, NULL }

/* Records a failure of the running test; only the first one is kept. */
void unit_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Runs every suite in @suites (NULL-terminated); returns the exit status. */
int unit_run(const struct unit_test *const *suites);

#define CHECK(cond)							\
	do {								\
		if (!(cond)) {						\
			unit_fail(__FILE__, __LINE__, "CHECK(%s)", #cond); \
			return;						\
		}							\
	} while (0)

/* Equality of two integers (compared and printed as unsigned 64-bit). */
#define CHECK_EQ(actual, expected)					\
	do {								\
		unsigned long long a_ = (actual), e_ = (expected);	\
		if (a_ != e_) {						\
			unit_fail(__FILE__, __LINE__,			\
				  "%s == %s: got %llu (0x%llx), expected %llu (0x%llx)", \
				  #actual, #expected, a_, a_, e_, e_);	\
			return;						\
		}							\
	} while (0)

#ifdef UNIT_MAIN

static char unit_reason[512];

void unit_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (unit_reason[0])
		return;
	n = snprintf(unit_reason, sizeof(unit_reason), "%s:%d: ", file, line);
	va_start(ap, fmt);
	vsnprintf(unit_reason + n, sizeof(unit_reason) - n, fmt, ap);
	va_end(ap);
}

int unit_run(const struct unit_test *const *suites)
{
	unsigned passed = 0, failed = 0;
	const struct unit_test *t;

	for (; *suites; suites++) {
		for (t = *suites; t->name; t++) {
			unit_reason[0] = '\0';
			t->fn();
			if (unit_reason[0]) {
				printf("FAIL unit/%s: %s\n", t->name, unit_reason);
				failed++;
			} else {
				printf("PASS unit/%s\n", t->name);
				passed++;
			}
			fflush(stdout);
		}
	}
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}

#endif /* UNIT_MAIN */

#endif /* UNIT_H */
