// SPDX-License-Identifier: GPL-2.0
/*
 * The havs_* IPVS schedulers: rr, wrr, lc, wlc, sh and mh that never pick
 * a server whose health probe says it is down, and ramp a recovered
 * server's weight up over the service's slow-start time.
 *
 * IPVS calls init_service, add_dest, del_dest, upd_dest and done_service
 * in process context under its own mutex; each rebuilds the service's
 * array of servers (struct havs_sdests) from svc->destinations, takes the
 * health targets of the new array before it drops those of the old one,
 * and publishes it under RCU. schedule() runs under RCU (softirq or
 * process context) and reads health from the targets without a lock.
 *
 * sh and mh hash to a table built from the configured weights of the
 * servers that are up (mh: Maglev); when health changes, a work item
 * rebuilds the table, and until it has, a lookup that lands on a server
 * that went down falls back to hashing among those that are up.
 */

#include <linux/jhash.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <net/ip_vs.h>

#include "havs.h"
#include "sched_algo.h"

static void sched_sdests_free(struct havs_sdests *sd)
{
	if (!sd)
		return;
	kfree(sd->wrr_cur);
	kfree(sd->slots);
	kvfree(sd->mh_tab);
	kfree(sd);
}

static void sched_sdests_free_rcu(struct rcu_head *head)
{
	sched_sdests_free(container_of(head, struct havs_sdests, rcu));
}

/*
 * An array that is no longer published (health lock): its targets and
 * IPVS destinations are let go now, its memory after a grace period.
 * Dropping the destination references before the grace period is safe
 * for readers still on the array: IPVS frees a destination from its trash
 * only through call_rcu() (ip_vs_dest_free()), as ip_vs_mh relies on.
 */
static void sched_sdests_put_refs(struct havs_sdests *sd)
{
	unsigned int i;

	for (i = 0; i < sd->n; i++) {
		havs_target_put(sd->d[i].t);
		ip_vs_dest_put(sd->d[i].dest);
	}
}

static void sched_sdests_release(struct havs_sdests *sd)
{
	if (!sd)
		return;
	sched_sdests_put_refs(sd);
	call_rcu(&sd->rcu, sched_sdests_free_rcu);
}

/*
 * What the Maglev table was built from: the sum of the health sequence
 * numbers of its targets, which only grow (health lock, or the rebuild).
 */
static u32 sched_health_sig(const struct havs_sdests *sd)
{
	unsigned int i;
	u32 sig = 0;

	for (i = 0; i < sd->n; i++)
		if (sd->d[i].t)
			sig += READ_ONCE(sd->d[i].t->health_seq);
	return sig;
}

static bool sched_dest_usable(const struct ip_vs_dest *dest)
{
	return havs_dest_available(dest) &&
	       !(dest->flags & IP_VS_DEST_F_OVERLOAD) &&
	       atomic_read(&dest->weight) > 0;
}

static u32 sched_sdest_weight(const struct havs_svc *hs, const struct havs_sdest *d,
			      unsigned long now)
{
	if (!sched_dest_usable(d->dest))
		return 0;
	return havs_target_eff_weight(d->t, atomic_read(&d->dest->weight),
				      READ_ONCE(hs->slow_start_ms), now);
}

static void sched_fill_slots(const struct havs_svc *hs, struct havs_sdests *sd)
{
	unsigned long now = jiffies;
	unsigned int i;

	for (i = 0; i < sd->n; i++) {
		struct havs_slot *s = &sd->slots[i];
		struct ip_vs_dest *dest = sd->d[i].dest;

		/* a sorry server is never a candidate: see sched_schedule() */
		s->weight = sd->d[i].sorry ? 0 : sched_sdest_weight(hs, &sd->d[i], now);
		s->base_weight = sd->d[i].sorry ? 0 :
				 max(atomic_read(&dest->weight), 0);
		s->overhead = ip_vs_dest_conn_overhead(dest);
		s->id = sd->d[i].id;
		s->id2 = sd->d[i].id2;
	}
}

#define SCHED_FNV_BASIS	0xcbf29ce484222325ULL
#define SCHED_FNV_PRIME	0x100000001b3ULL
/*
 * The version of what the digests cover (the algorithms and their seeds):
 * directors whose havs pick differently never show equal digests.
 */
#define SCHED_DIGEST_VERSION	1ULL

/* a 64-bit finalizer (splitmix64's): every input bit moves every output bit */
static u64 sched_mix64(u64 x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* the servers' (id, id2) entry by entry (FNV-1a over 32-bit words) */
static u64 sched_mh_digest(const struct havs_sdests *sd)
{
	u64 h = SCHED_FNV_BASIS ^ SCHED_DIGEST_VERSION;
	unsigned int i;

	for (i = 0; i < HAVS_MH_TAB_SIZE; i++) {
		u16 j = sd->mh_tab[i];

		h ^= j < sd->n ? sd->d[j].id : U32_MAX;
		h *= SCHED_FNV_PRIME;
		h ^= j < sd->n ? sd->d[j].id2 : U32_MAX;
		h *= SCHED_FNV_PRIME;
	}
	return sched_mix64(h);
}

/* the Maglev table of @sd from its servers' state now (process context) */
static void sched_mh_build(struct havs_svc *hs, struct havs_sdests *sd)
{
	struct havs_mh_setup *scratch;

	/* the generation first: a change after it is seen by the next packet */
	WRITE_ONCE(sd->mh_gen, atomic_read(&hs->hn->health.gen));
	smp_rmb();	/* pairs with smp_mb__before_atomic() in havs_target_set_health() */
	sd->mh_sig = sched_health_sig(sd);
	sched_fill_slots(hs, sd);
	scratch = kvmalloc(max_t(size_t, HAVS_MH_SCRATCH_SIZE(sd->n), 1),
			   GFP_KERNEL);
	sd->mh_ok = scratch &&
		    !havs_mh_build(sd->mh_tab, sd->slots, sd->n, scratch);
	kvfree(scratch);
	if (sd->mh_ok)
		sd->mh_digest = sched_mh_digest(sd);
}

static u32 sched_dest_id(const struct ip_vs_dest *dest)
{
	return jhash2(dest->addr.all, 4, (u32)dest->af << 16 |
		      (__force u16)dest->port);
}

/* another hash of the same: orders servers whose ids are equal */
#define SCHED_ID2_SEED	0x6a09e667U

static u32 sched_dest_id2(const struct ip_vs_dest *dest)
{
	return jhash2(dest->addr.all, 4, SCHED_ID2_SEED ^
		      ((u32)dest->af << 16 | (__force u16)dest->port));
}

/* the same real servers, in the same order: only settings changed */
static bool sched_same_dests(const struct havs_sdests *a,
			     const struct havs_sdests *b)
{
	unsigned int i;

	if (!a || !b || a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++)
		if (a->d[i].dest != b->d[i].dest)
			return false;
	return true;
}

/*
 * An array that was never published (health lock): its targets (those
 * created for it are freed at once: havs_target_get()) and its
 * destinations let go.
 */
static void sched_sdests_discard(struct havs_sdests *sd)
{
	if (!sd)
		return;
	sched_sdests_put_refs(sd);
	sched_sdests_free(sd);
}

/*
 * Build the service's array again from svc->destinations (health lock
 * held), without publishing it. IPVS's own callbacks come with its mutex
 * held; a change of check settings and the retry of a failed rebuild do
 * not, so the list is walked under RCU. The array holds a reference on
 * each destination (ip_vs_dest_hold(), as ip_vs_mh and ip_vs_sh do): if a
 * rebuild fails, the array in use keeps a destination IPVS has unlinked,
 * and the reference keeps it out of IPVS's trash expiry until an array
 * without it replaces this one. At most one destination can be linked and
 * not yet announced (IPVS changes one at a time, under its mutex, and
 * announces it under the health lock held here): hence the room for one
 * more than num_dests.
 *
 * Return: the array, or ERR_PTR(-ENOMEM), or ERR_PTR(-E2BIG) (havs_mh
 * beyond 65,535 servers). A server whose health target cannot be
 * allocated fails the whole array: published, it would count as up
 * without being probed.
 */
static struct havs_sdests *sched_sdests_build(struct havs_svc *hs)
{
	struct ip_vs_service *svc = hs->svc;
	struct havs_net *hn = hs->hn;
	struct havs_svc_conf *sc;
	struct ip_vs_dest *dest;
	struct havs_svc_key key;
	struct havs_sdests *sd;
	unsigned int n, i;

	lockdep_assert_held(&hn->health.lock);
	havs_svc_key_of(svc, &key);
	sc = havs_svc_conf_find(hn, &key);

	n = READ_ONCE(svc->num_dests) + 1;
	if (hs->sched->kind == HAVS_S_MH && n - 1 > U16_MAX)
		return ERR_PTR(-E2BIG);
	sd = kzalloc(struct_size(sd, d, n), GFP_KERNEL_ACCOUNT);
	if (!sd)
		return ERR_PTR(-ENOMEM);
	sd->wrr_cur = kcalloc(n, sizeof(*sd->wrr_cur), GFP_KERNEL_ACCOUNT);
	sd->slots = kcalloc(n, sizeof(*sd->slots), GFP_KERNEL_ACCOUNT);
	if (hs->sched->kind == HAVS_S_MH)
		sd->mh_tab = kvmalloc_array(HAVS_MH_TAB_SIZE,
					    sizeof(*sd->mh_tab), GFP_KERNEL_ACCOUNT);
	if (!sd->wrr_cur || !sd->slots ||
	    (hs->sched->kind == HAVS_S_MH && !sd->mh_tab)) {
		sched_sdests_free(sd);
		return ERR_PTR(-ENOMEM);
	}
	rcu_read_lock();
	list_for_each_entry_rcu(dest, &svc->destinations, n_list) {
		if (WARN_ON_ONCE(sd->n == n))
			break;
		ip_vs_dest_hold(dest);
		sd->d[sd->n].dest = dest;
		sd->d[sd->n].id = sched_dest_id(dest);
		sd->d[sd->n].id2 = sched_dest_id2(dest);
		sd->d[sd->n].expire = sc && sc->expire;
		sd->d[sd->n].sorry = sc && sc->has_sorry &&
				     dest->af == key.af &&
				     dest->port == sc->sorry_port &&
				     nf_inet_addr_cmp(&dest->addr, &sc->sorry_addr);
		sd->n++;
	}
	rcu_read_unlock();
	for (i = 0; i < sd->n; i++) {
		struct havs_target *t;

		t = havs_target_get(hn, &key, sd->d[i].dest);
		if (IS_ERR(t)) {
			sched_sdests_discard(sd);
			return ERR_CAST(t);
		}
		sd->d[i].t = t;
	}
	if (sd->mh_tab)
		sched_mh_build(hs, sd);
	return sd;
}

/*
 * Put @sd in use (health lock): it follows svc->destinations as they were
 * when it was built, and the settings of the service as they are.
 */
static void sched_sdests_publish(struct havs_svc *hs, struct havs_sdests *sd)
{
	struct havs_net *hn = hs->hn;
	struct havs_svc_conf *sc;
	struct havs_sdests *old;
	struct havs_svc_key key;
	unsigned int i;

	lockdep_assert_held(&hn->health.lock);
	havs_svc_key_of(hs->svc, &key);
	sc = havs_svc_conf_find(hn, &key);
	WRITE_ONCE(hs->slow_start_ms, sc ? sc->slow_start_ms : 0);
	for (i = 0; i < sd->n; i++)
		havs_target_published(sd->d[i].t);
	old = rcu_replace_pointer(hs->sd, sd,
				  lockdep_is_held(&hn->health.lock));
	/* a dump is interrupted by servers that came or went, not by settings */
	if (!sched_same_dests(old, sd))
		havs_nl_dump_changed(hn->net);
	havs_expire_publish(&hn->health, old, sd);
	sched_sdests_release(old);
	hs->stale = false;
	hs->retries = 0;
	/* servers came or went: a tracked object the service drives follows */
	havs_health_track_kick(&hn->health);
}

static int sched_rebuild(struct havs_svc *hs)
{
	struct havs_sdests *sd = sched_sdests_build(hs);

	if (IS_ERR(sd))
		return PTR_ERR(sd);
	sched_sdests_publish(hs, sd);
	return 0;
}

/*
 * The same servers, a new hash table: health changed (health lock held;
 * the array's references keep every server of it). Only a service whose
 * own servers changed health builds a table again: for the others the
 * namespace's generation moved on for someone else's servers, and the
 * table is marked current as it is.
 */
static void sched_retable(struct havs_svc *hs)
{
	struct havs_net *hn = hs->hn;
	struct havs_sdests *sd, *old;
	unsigned int i, gen;

	old = rcu_dereference_protected(hs->sd,
					lockdep_is_held(&hn->health.lock));
	if (!old)
		return;
	gen = atomic_read(&hn->health.gen);
	smp_rmb();	/* pairs with smp_mb__before_atomic() in havs_target_set_health() */
	if (old->mh_ok && sched_health_sig(old) == old->mh_sig) {
		WRITE_ONCE(old->mh_gen, gen);
		return;
	}
	if (IS_ENABLED(CONFIG_DYNAMIC_DEBUG) || IS_ENABLED(DEBUG)) {
		char name[80];
		struct havs_svc_key key;

		havs_svc_key_of(hs->svc, &key);
		havs_svc_key_fmt(name, sizeof(name), &key);
		pr_debug("%s: Maglev table built again: its servers' health changed\n",
			 name);
	}
	sd = kzalloc(struct_size(sd, d, old->n), GFP_KERNEL_ACCOUNT);
	if (!sd)
		goto nomem;
	sd->n = old->n;
	sd->wrr_cur = kcalloc(max(sd->n, 1U), sizeof(*sd->wrr_cur), GFP_KERNEL_ACCOUNT);
	sd->slots = kcalloc(max(sd->n, 1U), sizeof(*sd->slots), GFP_KERNEL_ACCOUNT);
	sd->mh_tab = kvmalloc_array(HAVS_MH_TAB_SIZE, sizeof(*sd->mh_tab),
				    GFP_KERNEL_ACCOUNT);
	if (!sd->wrr_cur || !sd->slots || !sd->mh_tab) {
		sched_sdests_free(sd);
		goto nomem;
	}
	for (i = 0; i < sd->n; i++) {
		sd->d[i] = old->d[i];
		havs_target_hold(sd->d[i].t);
		ip_vs_dest_hold(sd->d[i].dest);
	}
	sched_mh_build(hs, sd);
	rcu_assign_pointer(hs->sd, sd);
	havs_expire_publish(&hn->health, old, sd);
	sched_sdests_release(old);
	return;
nomem:
	pr_warn_ratelimited("scheduler %s: out of memory rebuilding its Maglev table; lookups fall back to hashing among healthy servers\n",
			    hs->sched->ipvs.name);
}

/* the retry of a failed rebuild: 1 s, doubling up to 16 s */
static unsigned long sched_retry_delay(const struct havs_svc *hs)
{
	return HZ << min(hs->retries, 4U);
}

static void sched_svc_name(const struct havs_svc *hs, char *buf, size_t len)
{
	struct havs_svc_key key;

	havs_svc_key_of(hs->svc, &key);
	havs_svc_key_fmt(buf, len, &key);
}

/*
 * IPVS changed the service's servers (its mutex held) and does not look
 * at what this returns: a failed rebuild leaves the previous array in use
 * (IPVS goes on with the change), so it is tried again from the rebuild
 * work item until it succeeds. Only running out of memory is retried: a
 * table too large stays so until the servers change again.
 */
static int sched_dest_changed(struct ip_vs_service *svc, struct ip_vs_dest *dest)
{
	struct havs_svc *hs = svc->sched_data;
	struct havs_net *hn = hs->hn;
	char name[80];
	int err;

	mutex_lock(&hn->health.lock);
	err = sched_rebuild(hs);
	if (err == -ENOMEM) {
		hs->stale = true;
		hs->retries = 0;
		queue_delayed_work(havs_probe_wq, &hs->rebuild,
				   sched_retry_delay(hs));
	}
	mutex_unlock(&hn->health.lock);
	/* IPVS's mutex, held, keeps svc */
	if (err) {
		sched_svc_name(hs, name, sizeof(name));
		havs_warn(hn, "%s: scheduler %s cannot follow the change of its servers (error %d): it keeps the previous ones%s\n",
			  name, hs->sched->ipvs.name, err,
			  err == -ENOMEM ? " and tries again in 1 s" : "");
	}
	return err;
}

/*
 * mh and sh: the health of a server changed, build the table again; or a
 * rebuild failed (@stale), build the whole array again.
 */
static void sched_rebuild_work(struct work_struct *w)
{
	struct havs_svc *hs = container_of(to_delayed_work(w), struct havs_svc,
					   rebuild);
	struct havs_net *hn = hs->hn;
	unsigned int retries = 0;
	char name[80];
	int err = 0;

	WRITE_ONCE(hs->rebuild_queued, false);
	mutex_lock(&hn->health.lock);
	if (list_empty(&hs->node)) {
		/* sched_done_service() took it off: it is being freed */
	} else if (hs->stale) {
		retries = ++hs->retries;
		err = sched_rebuild(hs);
		if (err == -ENOMEM)
			queue_delayed_work(havs_probe_wq, &hs->rebuild,
					   sched_retry_delay(hs));
		else
			hs->stale = false;
		/* under the lock: once it is dropped, svc may go */
		sched_svc_name(hs, name, sizeof(name));
	} else {
		sched_retable(hs);
	}
	mutex_unlock(&hn->health.lock);
	if (!retries)
		return;
	if (err)
		havs_warn(hn, "%s: scheduler %s still cannot follow the change of its servers (error %d, attempt %u)\n",
			  name, hs->sched->ipvs.name, err, retries);
	else
		havs_info(hn, HAVS_V_INFO, "%s: scheduler %s follows its servers again (attempt %u)\n",
			  name, hs->sched->ipvs.name, retries);
}

static void sched_svc_free_work(struct work_struct *w)
{
	struct havs_svc *hs = container_of(to_rcu_work(w), struct havs_svc,
					   free_work);

	cancel_delayed_work_sync(&hs->rebuild);
	kfree(hs);
}

static int sched_init_service(struct ip_vs_service *svc,
			      const struct havs_sched *sched)
{
	struct havs_net *hn = havs_pernet(svc->ipvs->net);
	struct havs_svc *hs;
	int err;

	hs = kzalloc(sizeof(*hs), GFP_KERNEL_ACCOUNT);
	if (!hs)
		return -ENOMEM;
	hs->svc = svc;
	hs->hn = hn;
	hs->sched = sched;
	hs->rr_cursor = UINT_MAX;
	INIT_DELAYED_WORK(&hs->rebuild, sched_rebuild_work);
	mutex_lock(&hn->health.lock);
	err = sched_rebuild(hs);
	if (!err)
		list_add_tail(&hs->node, &hn->health.svcs);
	mutex_unlock(&hn->health.lock);
	if (err) {
		kfree(hs);
		return err;
	}
	svc->sched_data = hs;
	return 0;
}

static void sched_done_service(struct ip_vs_service *svc)
{
	struct havs_svc *hs = svc->sched_data;
	struct havs_net *hn = hs->hn;
	struct havs_sdests *sd;

	mutex_lock(&hn->health.lock);
	list_del_init(&hs->node);
	havs_nl_dump_changed(hn->net);
	sd = rcu_replace_pointer(hs->sd, NULL,
				 lockdep_is_held(&hn->health.lock));
	havs_expire_publish(&hn->health, sd, NULL);
	sched_sdests_release(sd);
	mutex_unlock(&hn->health.lock);
	havs_health_track_kick(&hn->health);
	/*
	 * A schedule() still running may queue the rebuild; after a grace
	 * period none runs (IPVS cleared svc->scheduler), so the rebuild can
	 * be cancelled for good and @hs freed. Both run on havs_probe_wq,
	 * which the namespace's exit flushes (havs_health_net_exit()): the
	 * rebuild reaches the namespace's state through hs->hn.
	 */
	INIT_RCU_WORK(&hs->free_work, sched_svc_free_work);
	queue_rcu_work(havs_probe_wq, &hs->free_work);
}

/* client address hash for sh and mh */
static u32 sched_client_key(const struct ip_vs_service *svc,
			    const struct ip_vs_iphdr *iph)
{
	if (svc->af == AF_INET6)
		return jhash2(iph->saddr.all, 4, 0);
	return jhash_1word((__force u32)iph->saddr.ip, 0);
}

static struct ip_vs_dest *sched_schedule(struct ip_vs_service *svc,
					 const struct sk_buff *skb,
					struct ip_vs_iphdr *iph)
{
	struct havs_svc *hs = svc->sched_data;
	struct havs_sdests *sd = rcu_dereference(hs->sd);
	enum havs_sched_kind kind = hs->sched->kind;
	int i = -ENOENT;
	u32 key = 0;

	if (!sd || !sd->n)
		goto none;
	if (kind == HAVS_S_SH || kind == HAVS_S_MH)
		key = sched_client_key(svc, iph);
	if (kind == HAVS_S_MH) {
		if (READ_ONCE(sd->mh_gen) != atomic_read(&hs->hn->health.gen) &&
		    !READ_ONCE(hs->rebuild_queued)) {
			WRITE_ONCE(hs->rebuild_queued, true);
			/* now, even if a retry is armed for later */
			mod_delayed_work(havs_probe_wq, &hs->rebuild, 0);
		}
		if (sd->mh_ok) {
			i = havs_mh_pick(sd->mh_tab, key);
			if ((unsigned int)i < sd->n &&
			    sched_sdest_weight(hs, &sd->d[i], jiffies))
				return sd->d[i].dest;
		}
		/* the table is behind: hash among the servers up */
		kind = HAVS_S_SH;
	}

	spin_lock_bh(&svc->sched_lock);
	sched_fill_slots(hs, sd);
	switch (kind) {
	case HAVS_S_RR:
		i = havs_rr_pick(sd->slots, sd->n, &hs->rr_cursor);
		break;
	case HAVS_S_WRR:
		i = havs_wrr_pick(sd->slots, sd->n, sd->wrr_cur);
		break;
	case HAVS_S_LC:
		i = havs_lc_pick(sd->slots, sd->n);
		break;
	case HAVS_S_WLC:
		i = havs_wlc_pick(sd->slots, sd->n);
		break;
	case HAVS_S_SH:
	case HAVS_S_MH:
		i = havs_sh_pick(sd->slots, sd->n, key);
		break;
	}
	spin_unlock_bh(&svc->sched_lock);
	if (i >= 0 && (unsigned int)i < sd->n)
		return sd->d[i].dest;
	/* nobody is up: the sorry server, if it is */
	for (i = 0; i < sd->n; i++)
		if (sd->d[i].sorry && sched_dest_usable(sd->d[i].dest) &&
		    (!sd->d[i].t || READ_ONCE(sd->d[i].t->up)))
			return sd->d[i].dest;
none:
	ip_vs_scheduler_err(svc, "no healthy destination available");
	return NULL;
}

#define HAVS_SCHED(_kind, _name)					\
	static int sched_init_##_name(struct ip_vs_service *svc);	\
	MODULE_ALIAS("ip_vs_havs_" #_name)

#define HAVS_SCHED_INIT(_kind, _name)					\
	static int sched_init_##_name(struct ip_vs_service *svc)	\
	{								\
		return sched_init_service(svc, &havs_scheds[_kind]);	\
	}

HAVS_SCHED(HAVS_S_RR, rr);
HAVS_SCHED(HAVS_S_WRR, wrr);
HAVS_SCHED(HAVS_S_LC, lc);
HAVS_SCHED(HAVS_S_WLC, wlc);
HAVS_SCHED(HAVS_S_SH, sh);
HAVS_SCHED(HAVS_S_MH, mh);

/* in the order of enum havs_sched_kind */
#define HAVS_SCHED_ENTRY(_kind, _name) {				\
	.ipvs = {							\
		.name = "havs_" #_name,					\
		.module = THIS_MODULE,					\
		.init_service = sched_init_##_name,			\
		.done_service = sched_done_service,			\
		.add_dest = sched_dest_changed,				\
		.del_dest = sched_dest_changed,				\
		.upd_dest = sched_dest_changed,				\
		.schedule = sched_schedule,				\
	},								\
	.kind = _kind,							\
}

static struct havs_sched havs_scheds[] = {
	HAVS_SCHED_ENTRY(HAVS_S_RR, rr),
	HAVS_SCHED_ENTRY(HAVS_S_WRR, wrr),
	HAVS_SCHED_ENTRY(HAVS_S_LC, lc),
	HAVS_SCHED_ENTRY(HAVS_S_WLC, wlc),
	HAVS_SCHED_ENTRY(HAVS_S_SH, sh),
	HAVS_SCHED_ENTRY(HAVS_S_MH, mh),
};

HAVS_SCHED_INIT(HAVS_S_RR, rr)
HAVS_SCHED_INIT(HAVS_S_WRR, wrr)
HAVS_SCHED_INIT(HAVS_S_LC, lc)
HAVS_SCHED_INIT(HAVS_S_WLC, wlc)
HAVS_SCHED_INIT(HAVS_S_SH, sh)
HAVS_SCHED_INIT(HAVS_S_MH, mh)

/**
 * havs_svc_find() - a service on a havs scheduler whose key is @key
 *	(health lock): the one lookup of the namespace's list of services
 * @hn: namespace
 * @key: the service's key (see havs_svc_key_of())
 * @from: the service found last, or NULL to start from the first
 *
 * Return: the next such service after @from, or NULL when there is none.
 */
struct havs_svc *havs_svc_find(struct havs_net *hn,
			       const struct havs_svc_key *key,
			       struct havs_svc *from)
{
	struct havs_svc_key k;
	struct havs_svc *hs;

	lockdep_assert_held(&hn->health.lock);
	hs = from ? list_next_entry(from, node) :
		    list_first_entry(&hn->health.svcs, struct havs_svc, node);
	list_for_each_entry_from(hs, &hn->health.svcs, node) {
		havs_svc_key_of(hs->svc, &k);
		if (!memcmp(&k, key, sizeof(k)))
			return hs;
	}
	return NULL;
}

/**
 * havs_sched_reresolve() - the settings of the service @key changed:
 *	probe its servers with the new ones (health lock)
 * @hn: namespace
 * @key: the service
 *
 * Every array is built before any is published: on failure none is, and
 * the caller can put the old settings back as if nothing happened.
 *
 * Return: 0, or the error of the first array that could not be built.
 */
int havs_sched_reresolve(struct havs_net *hn, const struct havs_svc_key *key)
{
	struct havs_sdests *sd;
	struct havs_svc *hs;
	int err = 0;

	lockdep_assert_held(&hn->health.lock);
	for (hs = havs_svc_find(hn, key, NULL); hs && !err;
	     hs = havs_svc_find(hn, key, hs)) {
		sd = sched_sdests_build(hs);
		if (IS_ERR(sd))
			err = PTR_ERR(sd);
		else
			hs->next = sd;
	}
	for (hs = havs_svc_find(hn, key, NULL); hs;
	     hs = havs_svc_find(hn, key, hs)) {
		if (!hs->next)
			continue;
		if (err)
			sched_sdests_discard(hs->next);
		else
			sched_sdests_publish(hs, hs->next);
		hs->next = NULL;
	}
	return err;
}

/**
 * havs_sched_catch_up() - build @hs's Maglev table now if health changed
 *	since it was built (health lock), as the next packet would have
 * @hs: the service
 *
 * A dump shows the table the service's traffic will use, not one that
 * waits for a packet to notice it is behind.
 */
void havs_sched_catch_up(struct havs_svc *hs)
{
	struct havs_sdests *sd;

	sd = rcu_dereference_protected(hs->sd,
				       lockdep_is_held(&hs->hn->health.lock));
	if (hs->sched->kind == HAVS_S_MH && sd &&
	    READ_ONCE(sd->mh_gen) != atomic_read(&hs->hn->health.gen))
		sched_retable(hs);
}

/**
 * havs_sched_digest() - what picks a flow's server, as a number directors
 *	can compare (health lock)
 * @hs: the service
 * @digest: set to the digest
 *
 * mh: the table in use, entry by entry; sh: the servers that can take
 * traffic, each with its configured weight (rendezvous hashing depends on
 * nothing else), summed so that their order does not count. Both from
 * addresses, ports and weights only (havs_mh_build() and havs_sh_pick()
 * do not depend on the order of the servers either).
 *
 * Return: false for other schedulers, or an mh table that could not be
 * built (lookups then hash among the servers that are up).
 */
bool havs_sched_digest(struct havs_svc *hs, u64 *digest)
{
	struct havs_sdests *sd;
	unsigned long now = jiffies;
	unsigned int i;
	u64 sum = 0;

	sd = rcu_dereference_protected(hs->sd,
				       lockdep_is_held(&hs->hn->health.lock));
	if (!sd)
		return false;
	switch (hs->sched->kind) {
	case HAVS_S_MH:
		*digest = sd->mh_digest;
		return sd->mh_ok;
	case HAVS_S_SH:
		for (i = 0; i < sd->n; i++) {
			const struct havs_sdest *d = &sd->d[i];
			u32 base = max(atomic_read(&d->dest->weight), 0);

			if (d->sorry || !base || !sched_sdest_weight(hs, d, now))
				continue;
			sum += sched_mix64(sched_mix64((u64)d->id << 32 | d->id2) ^
					   base);
		}
		*digest = sched_mix64(sum ^ SCHED_DIGEST_VERSION);
		return true;
	default:
		return false;
	}
}

int __init havs_sched_init(void)
{
	int i, err;

	for (i = 0; i < ARRAY_SIZE(havs_scheds); i++) {
		WARN_ON(havs_scheds[i].kind != i);
		INIT_LIST_HEAD(&havs_scheds[i].ipvs.n_list);
		err = register_ip_vs_scheduler(&havs_scheds[i].ipvs);
		if (err) {
			pr_err("cannot register IPVS scheduler %s: error %d\n",
			       havs_scheds[i].ipvs.name, err);
			while (--i >= 0)
				unregister_ip_vs_scheduler(&havs_scheds[i].ipvs);
			return err;
		}
	}
	return 0;
}

void havs_sched_exit(void)
{
	int i;

	for (i = ARRAY_SIZE(havs_scheds) - 1; i >= 0; i--)
		unregister_ip_vs_scheduler(&havs_scheds[i].ipvs);
}
