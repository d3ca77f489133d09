/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The harness of the host unit tests, one test program each: a test
 * function returns 1 when it passed; CHECK() reports a condition that does
 * not hold, with its place, and lets the function go on (it clears the
 * function's "ok"). Define UNIT_NAME ("havsadm", "config file", ...)
 * before including this: it names the program in each result line.
 */
#ifndef HAVS_TESTS_UNIT_H
#define HAVS_TESTS_UNIT_H

#include <stdio.h>

static int failed;
static const char *current;

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "  %s:%d: %s: failed: %s\n", __FILE__,	\
			__LINE__, current, #cond);			\
		ok = 0;							\
	}								\
} while (0)

static void run(const char *name, int (*fn)(void))
{
	current = name;
	if (fn()) {
		printf("ok unit: %s %s\n", UNIT_NAME, name);
	} else {
		printf("not ok unit: %s %s\n", UNIT_NAME, name);
		failed++;
	}
}

#endif /* HAVS_TESTS_UNIT_H */
