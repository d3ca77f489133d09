// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for probe_sm.c: rise and fall, the retry delay, and slow
 * start against a fake clock (jiffies given as numbers), the buckets of the
 * round-trip-time histogram.
 */

#include <kunit/test.h>
#include <linux/jiffies.h>

#include "uapi/linux/havs.h"
#include "probe_sm.h"

static const struct havs_probe_sm_cfg cfg = {
	.rise = 2, .fall = 3, .interval_ms = 5000, .retry_ms = 1000,
};

static void havs_probe_fall(struct kunit *test)
{
	struct havs_probe_sm sm = { .up = true };
	u32 next;

	/* two failures: still up, probed again after the retry delay */
	KUNIT_EXPECT_FALSE(test, havs_probe_sm_result(&sm, &cfg, false, &next));
	KUNIT_EXPECT_EQ(test, next, 1000U);
	KUNIT_EXPECT_FALSE(test, havs_probe_sm_result(&sm, &cfg, false, &next));
	KUNIT_EXPECT_TRUE(test, sm.up);
	/* the third brings it down; a down server is probed at the interval */
	KUNIT_EXPECT_TRUE(test, havs_probe_sm_result(&sm, &cfg, false, &next));
	KUNIT_EXPECT_FALSE(test, sm.up);
	KUNIT_EXPECT_EQ(test, next, 5000U);
	KUNIT_EXPECT_FALSE(test, havs_probe_sm_result(&sm, &cfg, false, &next));
	KUNIT_EXPECT_EQ(test, next, 5000U);
}

static void havs_probe_rise(struct kunit *test)
{
	struct havs_probe_sm sm = { .up = false };
	u32 next;

	KUNIT_EXPECT_FALSE(test, havs_probe_sm_result(&sm, &cfg, true, &next));
	KUNIT_EXPECT_FALSE(test, sm.up);
	KUNIT_EXPECT_EQ(test, next, 5000U);
	KUNIT_EXPECT_TRUE(test, havs_probe_sm_result(&sm, &cfg, true, &next));
	KUNIT_EXPECT_TRUE(test, sm.up);
	KUNIT_EXPECT_EQ(test, sm.ok_run, 2);
	KUNIT_EXPECT_FALSE(test, havs_probe_sm_result(&sm, &cfg, true, &next));
}

/* a success between failures starts the count again: flapping stays up */
static void havs_probe_flap(struct kunit *test)
{
	struct havs_probe_sm sm = { .up = true };
	u32 next;
	int i;

	for (i = 0; i < 100; i++) {
		KUNIT_EXPECT_FALSE(test, havs_probe_sm_result(&sm, &cfg, false, &next));
		KUNIT_EXPECT_FALSE(test, havs_probe_sm_result(&sm, &cfg, false, &next));
		KUNIT_EXPECT_FALSE(test, havs_probe_sm_result(&sm, &cfg, true, &next));
	}
	KUNIT_EXPECT_TRUE(test, sm.up);
	/* and a down server that fails every other probe never comes up */
	sm = (struct havs_probe_sm){ .up = false };
	for (i = 0; i < 100; i++) {
		havs_probe_sm_result(&sm, &cfg, true, &next);
		havs_probe_sm_result(&sm, &cfg, false, &next);
	}
	KUNIT_EXPECT_FALSE(test, sm.up);
}

/* counters saturate instead of wrapping to 0 after 255 results */
static void havs_probe_saturate(struct kunit *test)
{
	const struct havs_probe_sm_cfg c255 = {
		.rise = 255, .fall = 255, .interval_ms = 100, .retry_ms = 100,
	};
	struct havs_probe_sm sm = { .up = true };
	u32 next;
	int i;

	for (i = 0; i < 254; i++)
		KUNIT_EXPECT_FALSE(test, havs_probe_sm_result(&sm, &c255, false, &next));
	KUNIT_EXPECT_TRUE(test, havs_probe_sm_result(&sm, &c255, false, &next));
	for (i = 0; i < 1000; i++)
		havs_probe_sm_result(&sm, &c255, false, &next);
	KUNIT_EXPECT_EQ(test, sm.fail_run, 255);
	KUNIT_EXPECT_FALSE(test, sm.up);
}

static void havs_probe_slow_start(struct kunit *test)
{
	unsigned long t0 = 1000000, span = msecs_to_jiffies(10000);

	/* down: 0; no ramp configured, or up from the start: full weight */
	KUNIT_EXPECT_EQ(test, havs_slow_start_weight(100, false, t0, 10000, t0), 0U);
	KUNIT_EXPECT_EQ(test, havs_slow_start_weight(100, true, t0, 0, t0), 100U);
	KUNIT_EXPECT_EQ(test, havs_slow_start_weight(100, true, 0, 10000, t0), 100U);
	/* at once: at least 1; then in proportion; full at the end */
	KUNIT_EXPECT_EQ(test, havs_slow_start_weight(100, true, t0, 10000, t0), 1U);
	KUNIT_EXPECT_EQ(test, havs_slow_start_weight(100, true, t0, 10000, t0 + span / 4), 25U);
	KUNIT_EXPECT_EQ(test, havs_slow_start_weight(100, true, t0, 10000, t0 + span / 2), 50U);
	KUNIT_EXPECT_EQ(test, havs_slow_start_weight(100, true, t0, 10000, t0 + span), 100U);
	KUNIT_EXPECT_EQ(test, havs_slow_start_weight(100, true, t0, 10000, t0 + 10 * span), 100U);
	/* a clock before the start (should not happen): full weight, not garbage */
	KUNIT_EXPECT_EQ(test, havs_slow_start_weight(100, true, t0, 10000, t0 - 5), 100U);
	/* large weights do not overflow */
	KUNIT_EXPECT_EQ(test, havs_slow_start_weight(0x7fffffff, true, t0, 10000, t0 + span / 2),
			0x7fffffffU / 2);
	/* across a jiffies wrap */
	KUNIT_EXPECT_EQ(test, havs_slow_start_weight(100, true, ULONG_MAX - span / 4 + 1, 10000,
						     span / 4), 50U);
}

/* every bound counts in its own bucket, one us more in the next */
static void havs_probe_rtt_bucket(struct kunit *test)
{
	static const u32 bounds[] = HAVS_RTT_BUCKETS_US;
	unsigned int i;

	KUNIT_ASSERT_EQ(test, ARRAY_SIZE(bounds), (size_t)HAVS_RTT_NBUCKETS);
	KUNIT_EXPECT_EQ(test, havs_rtt_bucket(0), 0U);
	KUNIT_EXPECT_EQ(test, havs_rtt_bucket(1), 0U);
	for (i = 0; i < HAVS_RTT_NBUCKETS; i++) {
		if (i)
			KUNIT_EXPECT_GT(test, bounds[i], bounds[i - 1]);
		KUNIT_EXPECT_EQ_MSG(test, havs_rtt_bucket(bounds[i]), i,
				    "bound %u", bounds[i]);
		KUNIT_EXPECT_EQ_MSG(test, havs_rtt_bucket(bounds[i] - 1), i,
				    "bound %u - 1", bounds[i]);
		KUNIT_EXPECT_EQ_MSG(test, havs_rtt_bucket(bounds[i] + 1), i + 1,
				    "bound %u + 1", bounds[i]);
	}
	/* above every bound: +Inf */
	KUNIT_EXPECT_EQ(test, havs_rtt_bucket(U32_MAX), (unsigned int)HAVS_RTT_NBUCKETS);
	KUNIT_EXPECT_EQ(test, havs_rtt_bucket(600000000), (unsigned int)HAVS_RTT_NBUCKETS);
}

/*
 * A probe's wait is decided from one reading of the clock: a deadline
 * already passed is a timeout, never a negative delta that an unsigned
 * conversion turns into a wait of hours (the probe then held its in-flight
 * slot for ~71 minutes).
 */
static void havs_probe_deadline(struct kunit *test)
{
	const s64 d = 5000000000LL;

	KUNIT_EXPECT_EQ(test, havs_probe_wait_us(d, d), 0U);
	KUNIT_EXPECT_EQ(test, havs_probe_wait_us(d, d + 1), 0U);
	KUNIT_EXPECT_EQ(test, havs_probe_wait_us(d, d + 3000000000LL), 0U);
	KUNIT_EXPECT_EQ(test, havs_probe_wait_us(0, S64_MAX), 0U);
	/* not yet: never 0, rounded up */
	KUNIT_EXPECT_EQ(test, havs_probe_wait_us(d, d - 1), 1U);
	KUNIT_EXPECT_EQ(test, havs_probe_wait_us(d, d - 1000), 1U);
	KUNIT_EXPECT_EQ(test, havs_probe_wait_us(d, d - 1001), 2U);
	KUNIT_EXPECT_EQ(test, havs_probe_wait_us(d, d - 2000000000LL), 2000000U);
	/* far away: saturates instead of wrapping */
	KUNIT_EXPECT_EQ(test, havs_probe_wait_us(S64_MAX, 0), U32_MAX);
	KUNIT_EXPECT_EQ(test, havs_probe_wait_us(S64_MAX, S64_MIN + 1), U32_MAX);
}

static struct kunit_case havs_probe_cases[] = {
	KUNIT_CASE(havs_probe_deadline),
	KUNIT_CASE(havs_probe_fall),
	KUNIT_CASE(havs_probe_rise),
	KUNIT_CASE(havs_probe_flap),
	KUNIT_CASE(havs_probe_saturate),
	KUNIT_CASE(havs_probe_slow_start),
	KUNIT_CASE(havs_probe_rtt_bucket),
	{}
};

static struct kunit_suite havs_probe_suite = {
	.name = "havs_probe",
	.test_cases = havs_probe_cases,
};

kunit_test_suite(havs_probe_suite);
