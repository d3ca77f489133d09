// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for params.c: the parser behind every validated module
 * parameter.
 */

#include <kunit/test.h>

#include "havs.h"

static void havs_params_accepts_range(struct kunit *test)
{
	unsigned int v = 99;

	KUNIT_EXPECT_EQ(test, havs_parse_uint_range("0", 0, 2, &v), 0);
	KUNIT_EXPECT_EQ(test, v, 0U);
	KUNIT_EXPECT_EQ(test, havs_parse_uint_range("2\n", 0, 2, &v), 0);
	KUNIT_EXPECT_EQ(test, v, 2U);
	KUNIT_EXPECT_EQ(test, havs_parse_uint_range("4294967295", 0,
						    UINT_MAX, &v), 0);
	KUNIT_EXPECT_EQ(test, v, UINT_MAX);
}

static void havs_params_rejects_out_of_range(struct kunit *test)
{
	unsigned int v = 7;

	KUNIT_EXPECT_EQ(test, havs_parse_uint_range("3", 0, 2, &v), -ERANGE);
	KUNIT_EXPECT_EQ(test, havs_parse_uint_range("0", 1, 2, &v), -ERANGE);
	/* A refused value never reaches the output. */
	KUNIT_EXPECT_EQ(test, v, 7U);
}

static void havs_params_rejects_garbage(struct kunit *test)
{
	static const char * const bad[] = {
		"", "\n", "-1", "1.5", "abc", "1a", " 1", "0x1",
		"4294967296", "99999999999999999999", "1\n\n",
	};
	unsigned int v = 7;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		KUNIT_EXPECT_EQ_MSG(test,
				    havs_parse_uint_range(bad[i], 0, UINT_MAX, &v),
				    -EINVAL, "input \"%s\"", bad[i]);
	KUNIT_EXPECT_EQ(test, havs_parse_uint_range(NULL, 0, 1, &v), -EINVAL);
	KUNIT_EXPECT_EQ(test, v, 7U);
}

static struct kunit_case havs_params_cases[] = {
	KUNIT_CASE(havs_params_accepts_range),
	KUNIT_CASE(havs_params_rejects_out_of_range),
	KUNIT_CASE(havs_params_rejects_garbage),
	{}
};

static struct kunit_suite havs_params_suite = {
	.name = "havs_params",
	.test_cases = havs_params_cases,
};

kunit_test_suite(havs_params_suite);
