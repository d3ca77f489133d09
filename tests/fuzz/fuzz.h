/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every fuzz target of tests/fuzz/ shares: an invariant that aborts
 * (libFuzzer then saves the input as a crash).
 */
#ifndef HAVS_FUZZ_H
#define HAVS_FUZZ_H

#include <stdio.h>
#include <stdlib.h>

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: invariant failed: %s\n",	\
			__FILE__, __LINE__, #cond);			\
		abort();						\
	}								\
} while (0)

#endif /* HAVS_FUZZ_H */
