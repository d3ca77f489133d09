/* SPDX-License-Identifier: GPL-2.0 */
/*
 * havs: the selection algorithms of the havs_* IPVS schedulers, free of
 * IPVS structures so KUnit can drive them with plain arrays.
 *
 * sched.c turns a service's real servers into an array of slots (one per
 * destination, in a stable order) and asks these functions for an index.
 * A slot with weight 0 is never chosen: the server is unhealthy, has
 * weight 0 in IPVS, is not available, or is overloaded. Callers serialise
 * calls that take a state pointer (svc->sched_lock).
 */
#ifndef _HAVS_SCHED_ALGO_H
#define _HAVS_SCHED_ALGO_H

#include <linux/types.h>

/**
 * struct havs_slot - one real server, as the algorithms see it
 * @weight: weight in effect (slow start applied); 0: never chosen
 * @base_weight: configured weight, health ignored (hash tables of sh and mh
 *	are built from it so a failure moves only the failed server's flows)
 * @overhead: connection overhead, activeconns * 256 + inactconns (lc, wlc)
 * @id: stable identity of the server (hash of address and port)
 */
struct havs_slot {
	u32 weight;
	u32 base_weight;
	u32 overhead;
	u32 id;
	u32 id2;
};

/*
 * Every pick function returns an index in [0, n), or -ENOENT when no slot
 * is eligible (n may be 0, s is then not read). None of them allocates,
 * sleeps or uses floating point: they run in softirq context, under RCU.
 */

/*
 * Round robin over eligible slots (weight as 0 / non-0 only). *cursor is
 * the last index chosen; the search starts after it and wraps. Any value
 * is accepted (>= n starts from slot 0). O(n).
 */
int havs_rr_pick(const struct havs_slot *s, unsigned int n,
		 unsigned int *cursor);

/*
 * Smooth weighted round robin (nginx): cur[] (n entries, zeroed when the
 * slot set changes) carries each slot's running credit between calls.
 * Weights may change between calls (slow start); an ineligible slot's
 * credit is reset to 0. The sum of all weights must stay below 2^62. O(n).
 */
int havs_wrr_pick(const struct havs_slot *s, unsigned int n, s64 *cur);

/*
 * Least connections: least overhead. Weighted: least overhead / weight,
 * as IPVS's wlc. Ties go to the lowest index. O(n).
 */
int havs_lc_pick(const struct havs_slot *s, unsigned int n);
int havs_wlc_pick(const struct havs_slot *s, unsigned int n);

/*
 * Source hashing, key is the hash of the client address: weighted
 * rendezvous hashing over the slots with weight > 0 and base_weight > 0,
 * shares follow base_weight. A client stays on its server while that
 * server is eligible; when it is not, only its clients move, spread over
 * the others in proportion to their base_weight. O(n): one jhash and one
 * table-driven fixed-point log per eligible slot.
 */
int havs_sh_pick(const struct havs_slot *s, unsigned int n, u32 key);

/* Maglev: the lookup table has a prime number of entries. */
#define HAVS_MH_TAB_SIZE 65521U

/* What havs_mh_build needs per slot; the caller provides it. */
struct havs_mh_setup {
	u32 idx;
	u32 id;
	u32 id2;
	u32 weight;
	u32 pos;
	u32 skip;
	u32 turns;
	u32 left;
};

/* Size in bytes of the scratch buffer havs_mh_build needs for n slots. */
#define HAVS_MH_SCRATCH_SIZE(n) ((size_t)(n) * sizeof(struct havs_mh_setup))

/*
 * Fill tab[HAVS_MH_TAB_SIZE] with slot indexes (Maglev, Eisenbud et al.,
 * NSDI 2016) over the slots with weight > 0 and base_weight > 0, each
 * holding a number of entries proportional to its base_weight (within one
 * entry when all are eligible, three otherwise). An entry whose slot is
 * eligible in the table of all slots with base_weight > 0 never changes
 * with the weights (0 or not) of the others: a slot's weight going to 0
 * moves its entries, and with other slots out already maybe some of
 * theirs again, never an eligible slot's; the table depends only on which
 * slots are eligible, not on the order they changed in. Nor on the order
 * of the slots in @s: entries are handed out in the order of the slots'
 * (id, id2) (a table built from the same slots in another order names the
 * same slot at every entry, as long as no two slots have both the same
 * id, id2 and base_weight). The same holds for havs_sh_pick().
 * scratch: HAVS_MH_SCRATCH_SIZE(n) bytes, no alignment beyond u32.
 * Process context; O(M log M) expected, bounded by O(M * eligible slots).
 * tab must not be visible to readers while it is built.
 *
 * Returns 0; -E2BIG if n > 65535, -ENOENT if no slot is eligible: tab is
 * then not written.
 */
int havs_mh_build(u16 *tab, const struct havs_slot *s, unsigned int n,
		  struct havs_mh_setup *scratch);

/* The slot of key in a table havs_mh_build filled (returned 0). */
static inline int havs_mh_pick(const u16 *tab, u32 key)
{
	return tab[key % HAVS_MH_TAB_SIZE];
}

#endif /* _HAVS_SCHED_ALGO_H */
