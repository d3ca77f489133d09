// SPDX-License-Identifier: GPL-2.0
/*
 * havs: selection algorithms of the havs_* IPVS schedulers. See
 * sched_algo.h. Pure functions over arrays of slots: no allocation, no
 * sleeping, no floating point, bounded loops, no recursion.
 */

#include <linux/bitops.h>
#include <linux/errno.h>
#include <linux/gcd.h>
#include <linux/jhash.h>
#include <linux/math64.h>
#include <linux/sort.h>

#include "compat.h"
#include "sched_algo.h"

static bool eligible(const struct havs_slot *s)
{
	return s->weight != 0;
}

/* sh and mh: a share needs a configured weight too. */
static bool hashable(const struct havs_slot *s)
{
	return s->weight != 0 && s->base_weight != 0;
}

int havs_rr_pick(const struct havs_slot *s, unsigned int n,
		 unsigned int *cursor)
{
	unsigned int i, k;

	if (!n)
		return -ENOENT;
	i = *cursor < n ? *cursor : n - 1;
	for (k = 0; k < n; k++) {
		if (++i >= n)
			i = 0;
		if (eligible(&s[i])) {
			*cursor = i;
			return i;
		}
	}
	return -ENOENT;
}
EXPORT_SYMBOL_IF_KUNIT(havs_rr_pick);

/*
 * nginx's smooth weighted round robin. Each eligible slot earns its weight,
 * the richest (the first of them) is chosen and pays the total. With a
 * stable set the credits sum to 0, and every full round (total picks)
 * brings them back to where they were. Resetting an ineligible slot's
 * credit to 0, so that it comes back with no stale credit or debt, breaks
 * the sum: the chosen slot then also pays, or gets back, what the eligible
 * credits summed to before this pick. The sum is 0 again after every pick,
 * whatever flapped or the caller left in cur[].
 */
int havs_wrr_pick(const struct havs_slot *s, unsigned int n, s64 *cur)
{
	s64 total = 0, sum = 0;
	int best = -ENOENT;
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (!eligible(&s[i])) {
			cur[i] = 0;
			continue;
		}
		sum += cur[i];
		cur[i] += s[i].weight;
		total += s[i].weight;
		if (best < 0 || cur[i] > cur[best])
			best = i;
	}
	if (best >= 0)
		cur[best] -= total + sum;
	return best;
}
EXPORT_SYMBOL_IF_KUNIT(havs_wrr_pick);

/* IPVS's lc: the first slot with the least overhead. */
int havs_lc_pick(const struct havs_slot *s, unsigned int n)
{
	int best = -ENOENT;
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (!eligible(&s[i]))
			continue;
		if (best < 0 || s[i].overhead < s[best].overhead)
			best = i;
	}
	return best;
}
EXPORT_SYMBOL_IF_KUNIT(havs_lc_pick);

/*
 * IPVS's wlc: the first slot with the least overhead / weight, compared as
 * overhead_i * weight_best < overhead_best * weight_i (u32 * u32: no
 * overflow in u64). Like wlc (not sed), no +1: idle slots all tie at 0
 * and the first one is chosen; its overhead then grows.
 */
int havs_wlc_pick(const struct havs_slot *s, unsigned int n)
{
	int best = -ENOENT;
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (!eligible(&s[i]))
			continue;
		if (best < 0 ||
		    (u64)s[i].overhead * s[best].weight <
		    (u64)s[best].overhead * s[i].weight)
			best = i;
	}
	return best;
}
EXPORT_SYMBOL_IF_KUNIT(havs_wlc_pick);

/*
 * log2(1 + i / 256) * 2^31, rounded, i = 0..256: python3 -c
 * 'import math; print([round(math.log2(1 + i / 256) * 2**31) for i in range(257)])'
 */
static const u32 log2_tab[257] = {
	0x00000000, 0x00b84e23, 0x016fe50b, 0x0226c623, 0x02dcf2d1, 0x03926c77,
	0x04473475, 0x04fb4c25, 0x05aeb4dd, 0x06616ff1, 0x07137eae, 0x07c4e261,
	0x08759c50, 0x0925adbf, 0x09d517ef, 0x0a83dc1b, 0x0b31fb7d, 0x0bdf774b,
	0x0c8c50b7, 0x0d3888f0, 0x0de42120, 0x0e8f1a72, 0x0f397609, 0x0fe33508,
	0x108c588d, 0x1134e1b5, 0x11dcd197, 0x1284294b, 0x132ae9e2, 0x13d1146e,
	0x1476a9fa, 0x151bab90, 0x15c01a3a, 0x1663f6fb, 0x170742d5, 0x17a9fec8,
	0x184c2bd0, 0x18edcae8, 0x198edd07, 0x1a2f6323, 0x1acf5e2e, 0x1b6ecf17,
	0x1c0db6ce, 0x1cac163c, 0x1d49ee4c, 0x1de73fe4, 0x1e840be7, 0x1f205339,
	0x1fbc16b9, 0x20575745, 0x20f215b7, 0x218c52eb, 0x22260fb6, 0x22bf4ced,
	0x23580b65, 0x23f04bee, 0x24880f56, 0x251f566b, 0x25b621f9, 0x264c72c7,
	0x26e2499d, 0x2777a741, 0x280c8c76, 0x28a0f9fe, 0x2934f098, 0x29c87102,
	0x2a5b7bf9, 0x2aee1236, 0x2b803474, 0x2c11e368, 0x2ca31fc9, 0x2d33ea49,
	0x2dc4439b, 0x2e542c70, 0x2ee3a575, 0x2f72af59, 0x30014ac6, 0x308f7868,
	0x311d38e6, 0x31aa8ce7, 0x32377512, 0x32c3f20a, 0x33500472, 0x33dbaceb,
	0x3466ec15, 0x34f1c28e, 0x357c30f3, 0x360637e0, 0x368fd7ee, 0x371911b8,
	0x37a1e5d4, 0x382a54d8, 0x38b25f5a, 0x393a05ee, 0x39c14924, 0x3a482990,
	0x3acea7c0, 0x3b54c444, 0x3bda7fa9, 0x3c5fda7a, 0x3ce4d544, 0x3d697090,
	0x3dedace6, 0x3e718acf, 0x3ef50ad2, 0x3f782d72, 0x3ffaf335, 0x407d5c9e,
	0x40ff6a2e, 0x41811c68, 0x420273ca, 0x428370d4, 0x43041403, 0x43845dd5,
	0x44044ec5, 0x4483e74e, 0x450327eb, 0x45821112, 0x4600a33e, 0x467edee4,
	0x46fcc47a, 0x477a5476, 0x47f78f4c, 0x4874756f, 0x48f10751, 0x496d4563,
	0x49e93016, 0x4a64c7da, 0x4ae00d1d, 0x4b5b004d, 0x4bd5a1d8, 0x4c4ff228,
	0x4cc9f1ab, 0x4d43a0c9, 0x4dbcffee, 0x4e360f81, 0x4eaecfeb, 0x4f274192,
	0x4f9f64de, 0x50173a35, 0x508ec1fa, 0x5105fc93, 0x517cea63, 0x51f38bcb,
	0x5269e12f, 0x52dfeaf0, 0x5355a96d, 0x53cb1d07, 0x5440461c, 0x54b5250c,
	0x5529ba33, 0x559e05ee, 0x5612089a, 0x5685c293, 0x56f93433, 0x576c5dd4,
	0x57df3fd0, 0x5851da81, 0x58c42e3d, 0x59363b5e, 0x59a80239, 0x5a198326,
	0x5a8abe79, 0x5afbb489, 0x5b6c65aa, 0x5bdcd22f, 0x5c4cfa6c, 0x5cbcdeb4,
	0x5d2c7f59, 0x5d9bdcad, 0x5e0af6ff, 0x5e79cea2, 0x5ee863e5, 0x5f56b717,
	0x5fc4c886, 0x60329882, 0x60a02757, 0x610d7553, 0x617a82c3, 0x61e74ff2,
	0x6253dd2c, 0x62c02abc, 0x632c38ed, 0x63980809, 0x64039858, 0x646eea24,
	0x64d9fdb7, 0x6544d356, 0x65af6b4b, 0x6619c5db, 0x6683e34f, 0x66edc3eb,
	0x675767f5, 0x67c0cfb3, 0x6829fb69, 0x6892eb5c, 0x68fb9fce, 0x69641904,
	0x69cc5741, 0x6a345ac6, 0x6a9c23d6, 0x6b03b2b2, 0x6b6b079c, 0x6bd222d4,
	0x6c39049b, 0x6c9fad30, 0x6d061cd3, 0x6d6c53c2, 0x6dd2523d, 0x6e381882,
	0x6e9da6ce, 0x6f02fd60, 0x6f681c73, 0x6fcd0445, 0x7031b512, 0x70962f16,
	0x70fa728c, 0x715e7faf, 0x71c256ba, 0x7225f7e8, 0x72896373, 0x72ec9993,
	0x734f9a83, 0x73b2667b, 0x7414fdb5, 0x74776067, 0x74d98eca, 0x753b8916,
	0x759d4f81, 0x75fee242, 0x76604191, 0x76c16da3, 0x772266ad, 0x77832ce6,
	0x77e3c082, 0x784421b7, 0x78a450b8, 0x79044dbb, 0x796418f2, 0x79c3b292,
	0x7a231ace, 0x7a8251d8, 0x7ae157e3, 0x7b402d22, 0x7b9ed1c7, 0x7bfd4603,
	0x7c5b8a07, 0x7cb99e06, 0x7d17822f, 0x7d7536b4, 0x7dd2bbc4, 0x7e30118f,
	0x7e8d3846, 0x7eea3017, 0x7f46f932, 0x7fa393c5, 0x80000000,
};

/*
 * -log2(u) in Q26 fixed point for u = (h + 1/2) / 2^32, in (0, 1): an
 * exponentially distributed draw (up to the constant ln 2) for a uniform
 * h. The mantissa's log comes from log2_tab with linear interpolation:
 * absolute error < 3e-6, and relative error < 0.1% near u = 1, where the
 * winners of havs_sh_pick are. The result is in [1, 33 * 2^26] < 2^31.05.
 */
static u32 neglog2_q26(u32 h)
{
	u64 x = 2 * (u64)h + 1;		/* u * 2^33, in [1, 2^33) */
	unsigned int k = fls64(x) - 1;	/* integer part of log2(x) */
	u64 m = x << (63 - k);		/* mantissa, leading 1 at bit 63 */
	unsigned int i = (m >> 55) & 0xff;
	u64 frac = (m >> 23) & 0xffffffffULL;
	u64 lg;

	lg = ((u64)k << 31) + log2_tab[i] +
	     (((u64)(log2_tab[i + 1] - log2_tab[i]) * frac) >> 32);
	lg = ((33ULL << 31) - lg) >> 5;
	return lg ? lg : 1;
}

#define HAVS_SH_SEED 0x9e3779b9U

/*
 * Weighted rendezvous hashing (as Ceph's straw2): slot i draws
 * d_i = -ln(u_i) / base_weight_i with u_i a uniform hash of (key, id); the
 * smallest draw wins. min of exponentials of rates w_i is i with
 * probability w_i / sum(w). Compared by cross multiplication in u64:
 * neglog2 < 2^31.05, base_weight < 2^32. A slot's draw does not depend on
 * the others, so removing one moves only the keys it won. Ties (never seen
 * in practice) go to the lower (id, id2): the order of the slots never
 * counts.
 */
int havs_sh_pick(const struct havs_slot *s, unsigned int n, u32 key)
{
	u32 best_l = 0, best_w = 0;
	int best = -ENOENT;
	unsigned int i;

	for (i = 0; i < n; i++) {
		u32 draw;

		if (!hashable(&s[i]))
			continue;
		draw = neglog2_q26(jhash_2words(key, s[i].id, HAVS_SH_SEED));
		/* a tie goes to the lower (id, id2), not to the first slot */
		if (best < 0 ||
		    (u64)draw * best_w < (u64)best_l * s[i].base_weight ||
		    ((u64)draw * best_w == (u64)best_l * s[i].base_weight &&
		     (s[i].id < s[best].id ||
		      (s[i].id == s[best].id && s[i].id2 < s[best].id2)))) {
			best = i;
			best_l = draw;
			best_w = s[i].base_weight;
		}
	}
	return best;
}
EXPORT_SYMBOL_IF_KUNIT(havs_sh_pick);

#define HAVS_MH_EMPTY 0xffffU
#define HAVS_MH_SEED1 0x2545f491U
#define HAVS_MH_SEED2 0x9d2c5680U
/* Entries one round of the fill claims at most (beyond one per slot). */
#define HAVS_MH_ROUND_MAX 512U

/*
 * Claim for slot setup @d the next free entry of its permutation. A free
 * entry exists (the caller has entries left to hand out) and the
 * permutation visits every entry (M prime, skip in [1, M - 1]): at most M
 * steps.
 */
static void mh_claim(u16 *tab, struct havs_mh_setup *d)
{
	u32 pos = d->pos;

	while (tab[pos] != HAVS_MH_EMPTY) {
		pos += d->skip;
		if (pos >= HAVS_MH_TAB_SIZE)
			pos -= HAVS_MH_TAB_SIZE;
	}
	tab[pos] = d->idx;
	d->pos = pos;
}

/* by id, id2, then weight: see mh_fill() */
static int mh_setup_cmp(const void *a, const void *b)
{
	const struct havs_mh_setup *x = a, *y = b;

	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	if (x->id2 != y->id2)
		return x->id2 < y->id2 ? -1 : 1;
	if (x->weight != y->weight)
		return x->weight < y->weight ? -1 : 1;
	return 0;
}

static bool mh_configured(const struct havs_slot *s)
{
	return s->base_weight != 0;
}

/*
 * Maglev with weights, over the slots @elig accepts, into the @free empty
 * entries of tab. Each such slot gets a target number of entries,
 * floor(free * w / W) (w = base_weight, W their sum), the remainder (fewer
 * than the slots) going one each to the first slots in the order of their
 * (id, id2), the order of everything below. Then rounds: in each,
 * every slot that has not reached its target claims up to "turns" entries
 * from its permutation, turns being its weight reduced by the gcd (as
 * IPVS's mh) and shifted down, never below 1, so that a round claims at
 * most about HAVS_MH_ROUND_MAX entries: the slots advance at the pace of
 * their weights, which is Maglev's preference order, while the targets
 * make the shares exact. Slots that reached their target leave the list.
 * Each slot in a round claims at least one entry: the fill costs O(M) plus
 * the probes of mh_claim, O(M log M) expected.
 *
 * Returns the number of slots @elig accepted.
 */
static unsigned int mh_fill(u16 *tab, u32 free, const struct havs_slot *s,
			    unsigned int n, struct havs_mh_setup *scratch,
			    bool (*elig)(const struct havs_slot *))
{
	unsigned int i, j, cnt = 0, found, shift;
	u64 total = 0, sum;
	unsigned long g = 0;
	u32 rem;

	for (i = 0; i < n; i++) {
		if (!elig(&s[i]))
			continue;
		total += s[i].base_weight;
		g = g ? gcd(g, s[i].base_weight) : s[i].base_weight;
		scratch[cnt].idx = i;
		scratch[cnt].id = s[i].id;
		scratch[cnt].id2 = s[i].id2;
		scratch[cnt].weight = s[i].base_weight;
		cnt++;
	}
	found = cnt;
	if (!cnt || !free)
		return found;
	/*
	 * The slots in the order of their ids, not of the array: the table is
	 * the same whatever order the servers were added in, on every director
	 * (ids are hashes of address and port).
	 */
	sort(scratch, cnt, sizeof(*scratch), mh_setup_cmp, NULL);

	rem = free;
	for (j = 0; j < cnt; j++) {
		struct havs_mh_setup *d = &scratch[j];
		u32 id = s[d->idx].id;

		d->pos = jhash_1word(id, HAVS_MH_SEED1) % HAVS_MH_TAB_SIZE;
		d->skip = jhash_1word(id, HAVS_MH_SEED2) %
			  (HAVS_MH_TAB_SIZE - 1) + 1;
		d->left = div64_u64((u64)free * s[d->idx].base_weight, total);
		d->turns = s[d->idx].base_weight / g;
		rem -= d->left;
	}
	/* rem < cnt: each target lost less than one entry to the floor */
	for (j = 0; j < rem; j++)
		scratch[j].left++;

	/* turns >> 31 is at most 1: no need to look further */
	for (shift = 0; shift < 31; shift++) {
		sum = 0;
		for (j = 0; j < cnt; j++)
			sum += (scratch[j].turns >> shift) ? : 1;
		if (sum <= HAVS_MH_ROUND_MAX)
			break;
	}
	for (j = 0; j < cnt; j++)
		scratch[j].turns = (scratch[j].turns >> shift) ? : 1;

	while (cnt) {
		unsigned int live = 0;

		for (j = 0; j < cnt; j++) {
			struct havs_mh_setup *d = &scratch[j];
			u32 t = min(d->turns, d->left);

			d->left -= t;
			while (t--)
				mh_claim(tab, d);
			if (d->left)
				scratch[live++] = *d;
		}
		cnt = live;
	}
	return found;
}

/*
 * Two passes, so that health changes move only the flows they must. The
 * first fills the whole table over every configured server (base_weight
 * above 0), health ignored: the table of a fully healthy service, which
 * depends on the configuration only. The second frees the entries of the
 * servers that cannot take traffic now and fills them again, the same way,
 * over the eligible servers alone. A failure then moves exactly the failed
 * server's flows, spread over the others in proportion to their weights; a
 * return moves exactly those flows back; and the table stays a function of
 * the configuration and the set of healthy servers, not of history, so
 * directors that agree on those agree on every flow.
 */
int havs_mh_build(u16 *tab, const struct havs_slot *s, unsigned int n,
		  struct havs_mh_setup *scratch)
{
	unsigned int i;
	bool any = false;
	u32 free = 0;

	if (n > HAVS_MH_EMPTY)
		return -E2BIG;
	for (i = 0; i < n && !any; i++)
		any = hashable(&s[i]);
	if (!any)
		return -ENOENT;

	for (i = 0; i < HAVS_MH_TAB_SIZE; i++)
		tab[i] = HAVS_MH_EMPTY;
	mh_fill(tab, HAVS_MH_TAB_SIZE, s, n, scratch, mh_configured);
	for (i = 0; i < HAVS_MH_TAB_SIZE; i++) {
		if (!hashable(&s[tab[i]])) {
			tab[i] = HAVS_MH_EMPTY;
			free++;
		}
	}
	mh_fill(tab, free, s, n, scratch, hashable);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(havs_mh_build);
