// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for sched_algo.c: who gets chosen, how often, how smoothly,
 * and how little moves when a server fails.
 */

#include <kunit/test.h>
#include <linux/errno.h>
#include <linux/jhash.h>
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/slab.h>

#include "sched_algo.h"

#define M HAVS_MH_TAB_SIZE

static void set_weights(struct havs_slot *s, unsigned int n, const u32 *w)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		s[i].weight = w[i];
		s[i].base_weight = w[i];
		s[i].overhead = 0;
		s[i].id = jhash_1word(i, 0x5eed);
	}
}

static void havs_sched_empty(struct kunit *test)
{
	unsigned int cursor = 0;
	u16 tab[1] = { 0x5a5a };

	KUNIT_EXPECT_EQ(test, havs_rr_pick(NULL, 0, &cursor), -ENOENT);
	KUNIT_EXPECT_EQ(test, cursor, 0U);
	KUNIT_EXPECT_EQ(test, havs_wrr_pick(NULL, 0, NULL), -ENOENT);
	KUNIT_EXPECT_EQ(test, havs_lc_pick(NULL, 0), -ENOENT);
	KUNIT_EXPECT_EQ(test, havs_wlc_pick(NULL, 0), -ENOENT);
	KUNIT_EXPECT_EQ(test, havs_sh_pick(NULL, 0, 42), -ENOENT);
	KUNIT_EXPECT_EQ(test, havs_mh_build(tab, NULL, 0, NULL), -ENOENT);
	KUNIT_EXPECT_EQ(test, tab[0], 0x5a5a);
}

static void havs_sched_all_ineligible(struct kunit *test)
{
	static const u32 w[4] = { 0, 0, 0, 0 };
	struct havs_slot s[4];
	struct havs_mh_setup scratch[4];
	unsigned int cursor = 2;
	s64 cur[4] = { 5, -5, 7, 0 };
	u16 tab[4] = { 1, 2, 3, 4 };
	unsigned int i;

	set_weights(s, 4, w);
	KUNIT_EXPECT_EQ(test, havs_rr_pick(s, 4, &cursor), -ENOENT);
	KUNIT_EXPECT_EQ(test, cursor, 2U);
	KUNIT_EXPECT_EQ(test, havs_wrr_pick(s, 4, cur), -ENOENT);
	for (i = 0; i < 4; i++)
		KUNIT_EXPECT_EQ(test, cur[i], 0);
	KUNIT_EXPECT_EQ(test, havs_lc_pick(s, 4), -ENOENT);
	KUNIT_EXPECT_EQ(test, havs_wlc_pick(s, 4), -ENOENT);
	KUNIT_EXPECT_EQ(test, havs_sh_pick(s, 4, 42), -ENOENT);
	/* -ENOENT leaves the table alone (it is tab[M] in real use) */
	KUNIT_EXPECT_EQ(test, havs_mh_build(tab, s, 4, scratch), -ENOENT);
	for (i = 0; i < 4; i++)
		KUNIT_EXPECT_EQ(test, tab[i], i + 1);

	/* base_weight 0: nothing to hash on, even when weight is not 0 */
	for (i = 0; i < 4; i++)
		s[i].weight = 1;
	KUNIT_EXPECT_EQ(test, havs_sh_pick(s, 4, 42), -ENOENT);
	KUNIT_EXPECT_EQ(test, havs_mh_build(tab, s, 4, scratch), -ENOENT);
	KUNIT_EXPECT_EQ(test, tab[0], 1);
}

static void havs_sched_rr_cycles(struct kunit *test)
{
	static const u32 w[6] = { 1, 0, 3, 0, 0, 2 };
	static const int seq[3] = { 0, 2, 5 };
	struct havs_slot s[6];
	unsigned int cursor = 5, k;

	set_weights(s, 6, w);
	for (k = 0; k < 12; k++) {
		KUNIT_EXPECT_EQ(test, havs_rr_pick(s, 6, &cursor), seq[k % 3]);
		KUNIT_EXPECT_EQ(test, cursor, (unsigned int)seq[k % 3]);
	}
	/* starts after the cursor */
	cursor = 2;
	KUNIT_EXPECT_EQ(test, havs_rr_pick(s, 6, &cursor), 5);
	/* a cursor from a bigger set starts over */
	cursor = 100;
	KUNIT_EXPECT_EQ(test, havs_rr_pick(s, 6, &cursor), 0);
	/* the only eligible slot, again and again, also as the cursor */
	s[0].weight = 0;
	s[5].weight = 0;
	cursor = 2;
	KUNIT_EXPECT_EQ(test, havs_rr_pick(s, 6, &cursor), 2);
	KUNIT_EXPECT_EQ(test, havs_rr_pick(s, 6, &cursor), 2);
}

/*
 * Smoothness bound. With fixed weights and cur[] starting at 0, after k
 * picks cur_i = k * w_i - W * count_i exactly (each pick adds w_i, each
 * win takes W), so count_i = (k * w_i - cur_i) / W. The test asks
 * floor(k * w_i / W) - 1 <= count_i <= ceil(k * w_i / W) + 1, i.e. that no
 * credit or debt ever exceeds about one round's total W: a slot is never
 * more than one pick ahead of or behind its exact share.
 */
static void expect_smooth(struct kunit *test, const struct havs_slot *s,
			  unsigned int n, const unsigned int *count,
			  unsigned int k, u64 total)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		u64 exact = (u64)k * s[i].weight;
		u64 lo = div64_u64(exact, total);
		u64 hi = div64_u64(exact + total - 1, total) + 1;

		KUNIT_EXPECT_LE_MSG(test, (u64)count[i], hi,
				    "slot %u after %u picks", i, k);
		KUNIT_EXPECT_GE_MSG(test, (u64)count[i] + 1, lo,
				    "slot %u after %u picks", i, k);
	}
}

static void havs_sched_wrr_cycle(struct kunit *test)
{
	static const u32 w[6] = { 5, 0, 1, 1, 3, 7 };
	static const u32 w3[3] = { 5, 1, 1 };
	/* nginx's documented sequence for 5, 1, 1 */
	static const int seq[7] = { 0, 0, 1, 0, 2, 0, 0 };
	struct havs_slot s[6];
	unsigned int count[6] = { 0 };
	s64 cur[6] = { 0 };
	unsigned int i, k;
	int p;

	set_weights(s, 3, w3);
	for (k = 0; k < 14; k++)
		KUNIT_EXPECT_EQ(test, havs_wrr_pick(s, 3, cur), seq[k % 7]);

	memset(cur, 0, sizeof(cur));
	set_weights(s, 6, w);
	for (k = 1; k <= 4 * 17; k++) {
		p = havs_wrr_pick(s, 6, cur);
		KUNIT_ASSERT_GE(test, p, 0);
		KUNIT_ASSERT_LT(test, p, 6);
		count[p]++;
		expect_smooth(test, s, 6, count, k, 17);
		if (k % 17)
			continue;
		/* a full cycle: exact shares, and back to the start */
		for (i = 0; i < 6; i++) {
			KUNIT_EXPECT_EQ(test, count[i], k / 17 * w[i]);
			KUNIT_EXPECT_EQ(test, cur[i], 0);
		}
	}

	/* IPVS's largest weights: no overflow, still exact */
	s[0].weight = INT_MAX;
	s[2].weight = INT_MAX;
	s[3].weight = 0;
	s[4].weight = 0;
	s[5].weight = 1;
	memset(cur, 0, sizeof(cur));
	memset(count, 0, sizeof(count));
	for (k = 0; k < 1000; k++)
		count[havs_wrr_pick(s, 6, cur)]++;
	KUNIT_EXPECT_EQ(test, count[0], 500U);
	KUNIT_EXPECT_EQ(test, count[2], 500U);
	KUNIT_EXPECT_EQ(test, count[5], 0U);
}

/*
 * Credit stays within a few rounds' totals, whatever happens, and sums to 0
 * after every pick (ineligible slots hold 0).
 */
static void expect_bounded(struct kunit *test, const s64 *cur, unsigned int n,
			   s64 bound)
{
	unsigned int i;
	s64 sum = 0;

	for (i = 0; i < n; i++) {
		KUNIT_EXPECT_LE(test, cur[i], bound);
		KUNIT_EXPECT_GE(test, cur[i], -bound);
		sum += cur[i];
	}
	KUNIT_EXPECT_EQ(test, sum, 0);
}

static void havs_sched_wrr_flap(struct kunit *test)
{
	static const u32 w[3] = { 3, 2, 1 };
	struct havs_slot s[3];
	unsigned int count[3], k, round;
	s64 cur[3] = { 0 };

	set_weights(s, 3, w);
	for (round = 0; round < 5; round++) {
		/* a few picks, leaving credit and debt behind */
		for (k = 0; k < 2 + round; k++)
			havs_wrr_pick(s, 3, cur);

		/* slot 0 fails: never chosen, its credit is dropped */
		s[0].weight = 0;
		memset(count, 0, sizeof(count));
		for (k = 0; k < 30; k++) {
			count[havs_wrr_pick(s, 3, cur)]++;
			KUNIT_EXPECT_EQ(test, cur[0], 0);
			expect_bounded(test, cur, 3, 2 * 6);
		}
		KUNIT_EXPECT_EQ(test, count[0], 0U);
		KUNIT_EXPECT_GE(test, count[1], 19U);
		KUNIT_EXPECT_LE(test, count[1], 21U);

		/* and comes back: no burst, shares within a pick of 3:2:1 */
		s[0].weight = 3;
		memset(count, 0, sizeof(count));
		for (k = 1; k <= 60; k++) {
			count[havs_wrr_pick(s, 3, cur)]++;
			expect_bounded(test, cur, 3, 2 * 6);
			if (k == 6)
				KUNIT_EXPECT_LE(test, count[0], 4U);
		}
		KUNIT_EXPECT_GE(test, count[0], 29U);
		KUNIT_EXPECT_LE(test, count[0], 31U);
		KUNIT_EXPECT_GE(test, count[1], 19U);
		KUNIT_EXPECT_LE(test, count[1], 21U);
	}

	/*
	 * Slot 0 fails each time right after it was chosen, in debt: dropping
	 * the debt must not leave the others a credit that grows each time.
	 */
	memset(cur, 0, sizeof(cur));
	for (round = 0; round < 100; round++) {
		for (k = 0; k < 6 && havs_wrr_pick(s, 3, cur) != 0; k++)
			;
		KUNIT_EXPECT_LT(test, k, 6U);
		s[0].weight = 0;
		havs_wrr_pick(s, 3, cur);
		s[0].weight = 3;
		expect_bounded(test, cur, 3, 2 * 6);
	}

	/* stale credit left in cur[] by the caller is not honoured */
	cur[0] = 1000000;
	s[0].weight = 0;
	havs_wrr_pick(s, 3, cur);
	s[0].weight = 3;
	memset(count, 0, sizeof(count));
	for (k = 0; k < 6; k++)
		count[havs_wrr_pick(s, 3, cur)]++;
	KUNIT_EXPECT_LE(test, count[0], 4U);
}

/* slow start: slot 0 ramps from 1 to 10 next to a slot of weight 10 */
static void havs_sched_wrr_ramp(struct kunit *test)
{
	static const u32 w[2] = { 1, 10 };
	struct havs_slot s[2];
	unsigned int count[2], k, step, exp0;
	s64 cur[2] = { 0 };

	set_weights(s, 2, w);
	for (step = 1; step <= 10; step++) {
		s[0].weight = step;
		memset(count, 0, sizeof(count));
		for (k = 0; k < 10 + step; k++) {
			count[havs_wrr_pick(s, 2, cur)]++;
			expect_bounded(test, cur, 2, 2 * 20);
		}
		/* one round of the current weights: step picks, give or take */
		exp0 = step;
		KUNIT_EXPECT_LE_MSG(test, count[0], exp0 + 1, "step %u", step);
		KUNIT_EXPECT_GE_MSG(test, count[0] + 1, exp0, "step %u", step);
	}
	memset(count, 0, sizeof(count));
	for (k = 0; k < 20; k++)
		count[havs_wrr_pick(s, 2, cur)]++;
	KUNIT_EXPECT_EQ(test, count[0], 10U);
	KUNIT_EXPECT_EQ(test, count[1], 10U);
}

static void havs_sched_lc(struct kunit *test)
{
	static const u32 w[5] = { 0, 1, 1, 1, 1 };
	struct havs_slot s[5];

	set_weights(s, 5, w);
	s[0].overhead = 1;
	s[1].overhead = 700;
	s[2].overhead = 300;
	s[3].overhead = 300;
	s[4].overhead = 900;
	/* slot 0 has the least but weight 0; 2 and 3 tie: the lower index */
	KUNIT_EXPECT_EQ(test, havs_lc_pick(s, 5), 2);
	s[2].weight = 0;
	KUNIT_EXPECT_EQ(test, havs_lc_pick(s, 5), 3);
	/* lc ignores the weight's value */
	s[1].weight = 1000;
	KUNIT_EXPECT_EQ(test, havs_lc_pick(s, 5), 3);
	s[3].overhead = U32_MAX;
	s[4].overhead = U32_MAX;
	KUNIT_EXPECT_EQ(test, havs_lc_pick(s, 5), 1);
	s[1].overhead = U32_MAX;
	KUNIT_EXPECT_EQ(test, havs_lc_pick(s, 5), 1);
}

static void havs_sched_wlc(struct kunit *test)
{
	static const u32 w[4] = { 2, 1, 4, 0 };
	struct havs_slot s[4];

	set_weights(s, 4, w);
	s[0].overhead = 512;	/* 256 per weight */
	s[1].overhead = 300;	/* 300 */
	s[2].overhead = 1000;	/* 250 */
	s[3].overhead = 0;	/* weight 0 */
	KUNIT_EXPECT_EQ(test, havs_wlc_pick(s, 4), 2);
	/* 256 per weight each: the lower index */
	s[1].overhead = 256;
	s[2].overhead = 1024;
	KUNIT_EXPECT_EQ(test, havs_wlc_pick(s, 4), 0);
	/* 3 / 2 against 1 / 1: integer division would call it a tie */
	s[0].overhead = 3;
	s[1].overhead = 1;
	s[2].overhead = 100;
	KUNIT_EXPECT_EQ(test, havs_wlc_pick(s, 4), 1);
	/* idle: all 0, the first eligible */
	s[0].overhead = 0;
	s[1].overhead = 0;
	s[2].overhead = 0;
	KUNIT_EXPECT_EQ(test, havs_wlc_pick(s, 4), 0);
	/*
	 * Extremes do not overflow: (2^32 - 1) / INT_MAX is more than
	 * (2^32 - 2) / INT_MAX, which is 2 exactly.
	 */
	s[0].weight = INT_MAX;
	s[0].overhead = U32_MAX;
	s[1].weight = INT_MAX;
	s[1].overhead = U32_MAX - 1;
	s[2].weight = 1;
	s[2].overhead = 3;
	KUNIT_EXPECT_EQ(test, havs_wlc_pick(s, 4), 1);
	s[2].overhead = 2;	/* a tie */
	KUNIT_EXPECT_EQ(test, havs_wlc_pick(s, 4), 1);
	s[2].overhead = 1;
	KUNIT_EXPECT_EQ(test, havs_wlc_pick(s, 4), 2);
}

#define SH_N 8
#define SH_KEYS 20000U

static u32 key_of(unsigned int k)
{
	return jhash_1word(k, 0x600d);
}

static const u32 sh_w[SH_N] = { 10, 20, 30, 40, 10, 20, 30, 40 };

static void havs_sched_sh_sticky(struct kunit *test)
{
	struct havs_slot s[SH_N];
	u8 *was;
	unsigned int k, i;
	int p;

	was = kunit_kmalloc(test, SH_KEYS, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, was);
	set_weights(s, SH_N, sh_w);
	for (k = 0; k < SH_KEYS; k++) {
		p = havs_sh_pick(s, SH_N, key_of(k));
		KUNIT_ASSERT_GE(test, p, 0);
		KUNIT_ASSERT_LT(test, p, SH_N);
		was[k] = p;
	}
	/* the same again; and while weights ramp (slow start): base counts */
	for (i = 0; i < SH_N; i++)
		s[i].weight = 1 + i;
	for (k = 0; k < SH_KEYS; k++)
		KUNIT_EXPECT_EQ(test, havs_sh_pick(s, SH_N, key_of(k)), was[k]);
}

static void expect_shares(struct kunit *test, const struct havs_slot *s,
			  unsigned int n, const unsigned int *count,
			  unsigned int keys, unsigned int pct)
{
	u64 total = 0, exp, dev, worst = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		if (s[i].weight)
			total += s[i].base_weight;
	for (i = 0; i < n; i++) {
		if (!s[i].weight) {
			KUNIT_EXPECT_EQ(test, count[i], 0U);
			continue;
		}
		exp = div64_u64((u64)keys * s[i].base_weight, total);
		dev = count[i] > exp ? count[i] - exp : exp - count[i];
		KUNIT_EXPECT_LE_MSG(test, dev * 100, exp * pct,
				    "slot %u: %u keys, %llu expected",
				    i, count[i], exp);
		worst = max(worst, div64_u64(dev * 10000, exp));
	}
	kunit_info(test, "sh: worst share deviation %llu.%02llu%%\n",
		   worst / 100, worst % 100);
}

static void havs_sched_sh_failure(struct kunit *test)
{
	unsigned int count[SH_N] = { 0 }, moved = 0, k;
	struct havs_slot s[SH_N];
	u8 *was;
	int p;

	was = kunit_kmalloc(test, SH_KEYS, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, was);
	set_weights(s, SH_N, sh_w);
	for (k = 0; k < SH_KEYS; k++)
		was[k] = havs_sh_pick(s, SH_N, key_of(k));

	/* only the failed server's clients move, and all of them do */
	s[3].weight = 0;
	for (k = 0; k < SH_KEYS; k++) {
		p = havs_sh_pick(s, SH_N, key_of(k));
		KUNIT_ASSERT_GE(test, p, 0);
		KUNIT_ASSERT_LT(test, p, SH_N);
		count[p]++;
		if (was[k] == 3) {
			KUNIT_EXPECT_NE(test, p, 3);
			moved++;
		} else {
			KUNIT_EXPECT_EQ(test, p, was[k]);
		}
	}
	/* its share was 40 / 200 */
	KUNIT_EXPECT_GT(test, moved, SH_KEYS / 5 * 95 / 100);
	KUNIT_EXPECT_LT(test, moved, SH_KEYS / 5 * 105 / 100);
	/*
	 * and they spread over the others by weight: within 10 % (over 20000
	 * keys the smallest share, 1250 keys, has a standard deviation of 2.7 %)
	 */
	expect_shares(test, s, SH_N, count, SH_KEYS, 10);

	/* a second failure moves only that one's clients too */
	s[5].weight = 0;
	for (k = 0; k < SH_KEYS; k++) {
		p = havs_sh_pick(s, SH_N, key_of(k));
		if (was[k] != 3 && was[k] != 5)
			KUNIT_EXPECT_EQ(test, p, was[k]);
		KUNIT_EXPECT_NE(test, p, 3);
		KUNIT_EXPECT_NE(test, p, 5);
	}

	/* back: every client returns to its server */
	s[3].weight = sh_w[3];
	s[5].weight = sh_w[5];
	for (k = 0; k < SH_KEYS; k++)
		KUNIT_EXPECT_EQ(test, havs_sh_pick(s, SH_N, key_of(k)), was[k]);
}

static void havs_sched_sh_shares(struct kunit *test)
{
	static const u32 w[SH_N] = { 1, 2, 3, 4, 5, 6, 7, 100 };
	unsigned int count[SH_N] = { 0 }, k;
	struct havs_slot s[SH_N];

	set_weights(s, SH_N, sh_w);
	for (k = 0; k < 100000; k++)
		count[havs_sh_pick(s, SH_N, key_of(k))]++;
	expect_shares(test, s, SH_N, count, 100000, 5);

	/* uneven, 1 to 100 */
	set_weights(s, SH_N, w);
	memset(count, 0, sizeof(count));
	for (k = 0; k < 100000; k++)
		count[havs_sh_pick(s, SH_N, key_of(k))]++;
	/* slot 0 expects 775 keys: 5 % is 1.4 standard deviations */
	expect_shares(test, s + 1, SH_N - 1, count + 1, 100000 - count[0], 5);
	KUNIT_EXPECT_GT(test, count[0], 775U * 85 / 100);
	KUNIT_EXPECT_LT(test, count[0], 775U * 115 / 100);
}

struct mh_ctx {
	u16 *tab;
	u16 *tab2;
	struct havs_mh_setup *scratch;
	struct havs_slot *s;
	unsigned int *count;
};

#define MH_MAX 100

static struct mh_ctx *mh_ctx(struct kunit *test)
{
	struct mh_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, c);
	c->tab = kunit_kmalloc_array(test, M, sizeof(u16), GFP_KERNEL);
	c->tab2 = kunit_kmalloc_array(test, M, sizeof(u16), GFP_KERNEL);
	c->scratch = kunit_kmalloc(test, HAVS_MH_SCRATCH_SIZE(MH_MAX),
				   GFP_KERNEL);
	c->s = kunit_kcalloc(test, MH_MAX, sizeof(*c->s), GFP_KERNEL);
	c->count = kunit_kcalloc(test, MH_MAX, sizeof(*c->count), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c->tab);
	KUNIT_ASSERT_NOT_NULL(test, c->tab2);
	KUNIT_ASSERT_NOT_NULL(test, c->scratch);
	KUNIT_ASSERT_NOT_NULL(test, c->s);
	KUNIT_ASSERT_NOT_NULL(test, c->count);
	return c;
}

static void mh_slots(struct havs_slot *s, unsigned int n, unsigned int seed,
		     u32 span)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		s[i].base_weight = 1 + jhash_2words(i, seed, 0) % span;
		s[i].weight = s[i].base_weight;
		s[i].overhead = 0;
		s[i].id = jhash_2words(i, seed, 1);
		s[i].id2 = jhash_2words(i, seed, 2);
	}
}

/*
 * Every entry a valid, eligible slot; each slot within @tol entries of
 * M * w / W (W: the eligible slots' weights). Returns the worst deviation
 * of the slots expecting 100 entries or more, in 1/10000 of the share.
 */
static u64 mh_check_shares(struct kunit *test, struct mh_ctx *c,
			   const u16 *tab, unsigned int n, unsigned int tol)
{
	u64 total = 0, exact, dev, worst = 0;
	unsigned int i;

	memset(c->count, 0, n * sizeof(*c->count));
	for (i = 0; i < M; i++) {
		KUNIT_ASSERT_LT(test, tab[i], n);
		KUNIT_ASSERT_NE(test, c->s[tab[i]].weight, 0U);
		c->count[tab[i]]++;
	}
	for (i = 0; i < n; i++)
		if (c->s[i].weight)
			total += c->s[i].base_weight;
	for (i = 0; i < n; i++) {
		if (!c->s[i].weight)
			continue;
		/* in units of 1 / total entries */
		exact = (u64)M * c->s[i].base_weight;
		dev = (u64)c->count[i] * total;
		dev = dev > exact ? dev - exact : exact - dev;
		KUNIT_EXPECT_LT_MSG(test, dev, total * tol,
				    "slot %u: %u entries, %llu expected", i,
				    c->count[i], div64_u64(exact, total));
		if (exact >= 100 * total)
			worst = max(worst, div64_u64(dev * 10000, exact));
	}
	return worst;
}

static void havs_sched_mh_shares(struct kunit *test)
{
	static const unsigned int sizes[] = { 10, 50, 100 };
	struct mh_ctx *c = mh_ctx(test);
	unsigned int i, j;
	u64 worst;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		mh_slots(c->s, sizes[i], i, 10);
		KUNIT_ASSERT_EQ(test, havs_mh_build(c->tab, c->s, sizes[i],
						    c->scratch), 0);
		worst = mh_check_shares(test, c, c->tab, sizes[i], 1);
		kunit_info(test, "mh: n=%u weights 1..10: worst share deviation %llu.%02llu%%\n",
			   sizes[i], worst / 100, worst % 100);
		KUNIT_EXPECT_LE(test, worst, 100ULL);
	}

	/* weights 1..100000 (shifted turns) */
	mh_slots(c->s, 100, 7, 100000);
	KUNIT_ASSERT_EQ(test, havs_mh_build(c->tab, c->s, 100, c->scratch), 0);
	worst = mh_check_shares(test, c, c->tab, 100, 1);
	kunit_info(test, "mh: n=100 weights 1..100000: worst share deviation %llu.%02llu%%\n",
		   worst / 100, worst % 100);
	KUNIT_EXPECT_LE(test, worst, 100ULL);

	/*
	 * some slots out: two fills (all, then the holes), each within one
	 * entry, plus the rounding of the holes' count
	 */
	for (j = 0; j < 100; j += 9)
		c->s[j].weight = 0;
	KUNIT_ASSERT_EQ(test, havs_mh_build(c->tab, c->s, 100, c->scratch), 0);
	worst = mh_check_shares(test, c, c->tab, 100, 3);
	kunit_info(test, "mh: n=100 weights 1..100000, 12 out: worst share deviation %llu.%02llu%%\n",
		   worst / 100, worst % 100);
	KUNIT_EXPECT_LE(test, worst, 100ULL);

	/* a single slot takes it all */
	mh_slots(c->s, 3, 8, 10);
	c->s[0].weight = 0;
	c->s[2].weight = 0;
	KUNIT_ASSERT_EQ(test, havs_mh_build(c->tab, c->s, 3, c->scratch), 0);
	for (j = 0; j < M; j++)
		KUNIT_ASSERT_EQ(test, c->tab[j], 1);
}

/*
 * Entries that differ between the tables @a and @b (*moved), and among them
 * the entries whose server in the healthy table @full is neither @f1 nor
 * @f2 (returned: flows of healthy servers that moved, ideal 0).
 */
static unsigned int mh_diff(const u16 *a, const u16 *b, const u16 *full,
			    u16 f1, u16 f2, unsigned int *moved)
{
	unsigned int i, x = 0;

	*moved = 0;
	for (i = 0; i < M; i++) {
		if (a[i] == b[i])
			continue;
		(*moved)++;
		x += full[i] != f1 && full[i] != f2;
	}
	return x;
}

static unsigned int mh_count(const u16 *tab, u16 slot)
{
	unsigned int i, n = 0;

	for (i = 0; i < M; i++)
		n += tab[i] == slot;
	return n;
}

/*
 * The healthy table is c->tab. A failure moves exactly the failed server's
 * entries; a second one moves its own and may move again some of the
 * first one's (the holes are filled over the union), never a healthy
 * server's; returns restore the earlier tables exactly.
 */
static void havs_sched_mh_disruption(struct kunit *test)
{
	static const unsigned int sizes[] = { 10, 50, 100 };
	static const unsigned int fail[] = { 3, 17, 64 };
	struct mh_ctx *c = mh_ctx(test);
	unsigned int i, own, moved, n;
	u16 f, *t3;

	t3 = kunit_kmalloc_array(test, M, sizeof(u16), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t3);
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		n = sizes[i];
		f = fail[i];
		mh_slots(c->s, n, 20 + i, 10);
		KUNIT_ASSERT_EQ(test, havs_mh_build(c->tab, c->s, n,
						    c->scratch), 0);

		/* slow start or a weight change within health: no change */
		c->s[1].weight = 1;
		KUNIT_ASSERT_EQ(test, havs_mh_build(c->tab2, c->s, n,
						    c->scratch), 0);
		mh_diff(c->tab, c->tab2, c->tab, f, f, &moved);
		KUNIT_EXPECT_EQ(test, moved, 0U);
		c->s[1].weight = c->s[1].base_weight;

		/* a failure: exactly its entries move, shared out by weight */
		c->s[f].weight = 0;
		KUNIT_ASSERT_EQ(test, havs_mh_build(c->tab2, c->s, n,
						    c->scratch), 0);
		own = mh_count(c->tab, f);
		KUNIT_EXPECT_EQ(test, mh_diff(c->tab, c->tab2, c->tab, f, f,
					      &moved), 0U);
		KUNIT_EXPECT_EQ(test, moved, own);
		kunit_info(test, "mh: n=%u, slot %u (%u of %u entries) fails: %u entries change\n",
			   n, f, own, M, moved);
		mh_check_shares(test, c, c->tab2, n, 3);

		/* a second failure: no healthy server's entry moves */
		c->s[0].weight = 0;
		KUNIT_ASSERT_EQ(test, havs_mh_build(t3, c->s, n, c->scratch), 0);
		own = mh_count(c->tab2, 0);
		KUNIT_EXPECT_EQ(test, mh_diff(c->tab2, t3, c->tab, f, 0,
					      &moved), 0U);
		KUNIT_EXPECT_GE(test, moved, own);
		kunit_info(test, "mh: n=%u, slot 0 (%u entries) fails too: %u entries change\n",
			   n, own, moved);
		mh_check_shares(test, c, t3, n, 3);

		/* returns: the earlier tables, whatever the history */
		c->s[0].weight = c->s[0].base_weight;
		KUNIT_ASSERT_EQ(test, havs_mh_build(t3, c->s, n, c->scratch), 0);
		KUNIT_EXPECT_EQ(test, memcmp(t3, c->tab2, M * sizeof(u16)), 0);
		c->s[f].weight = c->s[f].base_weight;
		KUNIT_ASSERT_EQ(test, havs_mh_build(t3, c->s, n, c->scratch), 0);
		KUNIT_EXPECT_EQ(test, memcmp(t3, c->tab, M * sizeof(u16)), 0);
	}
}

static void havs_sched_mh_limits(struct kunit *test)
{
	struct havs_slot s[1] = { { .weight = 1, .base_weight = 1 } };
	u16 tab[1] = { 0x5a5a };

	/* refused before s, scratch or tab is touched */
	KUNIT_EXPECT_EQ(test, havs_mh_build(tab, s, 65536, NULL), -E2BIG);
	KUNIT_EXPECT_EQ(test, havs_mh_build(tab, s, UINT_MAX, NULL), -E2BIG);
	KUNIT_EXPECT_EQ(test, tab[0], 0x5a5a);
}

/*
 * The same servers in another order (a director that added them in
 * another order): every entry of the table and every sh pick names the
 * same server, with some servers out and with all in, two of them with
 * the same id.
 */
static void havs_sched_mh_order(struct kunit *test)
{
	struct mh_ctx *c = mh_ctx(test);
	struct havs_slot *p;
	unsigned int n = 37, i, out, key;

	p = kunit_kcalloc(test, MH_MAX, sizeof(*p), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	for (out = 0; out <= 5; out += 5) {
		mh_slots(c->s, n, 40, 10);
		/* two servers whose ids collide, with equal weights: id2 orders them */
		c->s[9].id = c->s[3].id;
		c->s[9].base_weight = c->s[3].base_weight;
		c->s[9].weight = c->s[3].weight;
		for (i = 0; i < out; i++)
			c->s[i * 7].weight = 0;
		/* reversed, then rotated by 11 */
		for (i = 0; i < n; i++)
			p[(n - 1 - i + 11) % n] = c->s[i];
		KUNIT_ASSERT_EQ(test, havs_mh_build(c->tab, c->s, n, c->scratch), 0);
		KUNIT_ASSERT_EQ(test, havs_mh_build(c->tab2, p, n, c->scratch), 0);
		for (i = 0; i < M; i++)
			if (c->s[c->tab[i]].id != p[c->tab2[i]].id ||
			    c->s[c->tab[i]].id2 != p[c->tab2[i]].id2)
				break;
		KUNIT_EXPECT_EQ_MSG(test, i, M,
				    "%u servers out: the tables differ at entry %u", out, i);
		for (key = 0; key < 10000; key++) {
			int a = havs_sh_pick(c->s, n, key), b = havs_sh_pick(p, n, key);

			KUNIT_ASSERT_GE(test, a, 0);
			KUNIT_ASSERT_GE(test, b, 0);
			if (c->s[a].id != p[b].id || c->s[a].id2 != p[b].id2)
				break;
		}
		KUNIT_EXPECT_EQ_MSG(test, key, 10000U,
				    "%u servers out: sh picks differ for key %u", out, key);
	}
}

static struct kunit_case havs_sched_cases[] = {
	KUNIT_CASE(havs_sched_empty),
	KUNIT_CASE(havs_sched_all_ineligible),
	KUNIT_CASE(havs_sched_rr_cycles),
	KUNIT_CASE(havs_sched_wrr_cycle),
	KUNIT_CASE(havs_sched_wrr_flap),
	KUNIT_CASE(havs_sched_wrr_ramp),
	KUNIT_CASE(havs_sched_lc),
	KUNIT_CASE(havs_sched_wlc),
	KUNIT_CASE(havs_sched_sh_sticky),
	KUNIT_CASE(havs_sched_sh_failure),
	KUNIT_CASE(havs_sched_sh_shares),
	KUNIT_CASE(havs_sched_mh_shares),
	KUNIT_CASE(havs_sched_mh_disruption),
	KUNIT_CASE(havs_sched_mh_limits),
	KUNIT_CASE(havs_sched_mh_order),
	{}
};

static struct kunit_suite havs_sched_suite = {
	.name = "havs_sched",
	.test_cases = havs_sched_cases,
};

kunit_test_suite(havs_sched_suite);
