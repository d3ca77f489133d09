// SPDX-License-Identifier: GPL-2.0
/*
 * Health probes of real servers: the registry of targets, settings and
 * health.
 *
 * A target is one server (address, port) probed with one set of settings,
 * in the network namespace of the services that have it: every service
 * that has the same server with the same settings shares the target, so a
 * server is probed once however many services use it.
 *
 * Each target has one delayed work item that runs its probe (probe.c).
 *
 * A target no service uses any more lives on, still probed, for
 * HAVS_TARGET_LINGER: a service that changes scheduler (IPVS unbinds the
 * old one before it binds the new) or that is deleted and added again
 * finds its servers' health as it was, instead of starting over from the
 * initial state. Its health changes meanwhile are not reported (no dmesg
 * line, no event): they belong to no service.
 *
 * Targets, service settings and the services on havs schedulers of a
 * namespace are changed under its health lock (a mutex); the work items
 * never take it, so the lock may be held while a target is torn down.
 */

#include <linux/inet.h>
#include <linux/jhash.h>
#include <linux/random.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/sock.h>

#include "havs.h"
#include "sched_algo.h"

#define HAVS_TARGET_LINGER (10 * HZ)

struct workqueue_struct *havs_probe_wq;
static struct havs_check *havs_default_check;

void havs_svc_key_of(const struct ip_vs_service *svc, struct havs_svc_key *k)
{
	memset(k, 0, sizeof(*k));
	k->af = svc->af;
	if (svc->fwmark) {
		k->fwmark = svc->fwmark;
		return;
	}
	k->protocol = svc->protocol;
	k->port = svc->port;
	k->addr = svc->addr;
}

static const char *health_proto_name(u16 protocol)
{
	switch (protocol) {
	case IPPROTO_TCP:
		return "TCP";
	case IPPROTO_UDP:
		return "UDP";
	case IPPROTO_SCTP:
		return "SCTP";
	}
	return "?";
}

int havs_svc_key_fmt(char *buf, size_t len, const struct havs_svc_key *k)
{
	if (k->fwmark)
		return scnprintf(buf, len, "FWM %u%s", k->fwmark,
				 k->af == AF_INET6 ? " IPv6" : "");
	if (k->af == AF_INET6)
		return scnprintf(buf, len, "%s [%pI6c]:%u", health_proto_name(k->protocol),
				 &k->addr.in6, ntohs(k->port));
	return scnprintf(buf, len, "%s %pI4:%u", health_proto_name(k->protocol),
			 &k->addr.ip, ntohs(k->port));
}

int havs_addr_fmt(char *buf, size_t len, u16 af,
		  const union nf_inet_addr *a, __be16 port)
{
	if (af == AF_INET6)
		return scnprintf(buf, len, "[%pI6c]:%u", &a->in6, ntohs(port));
	return scnprintf(buf, len, "%pI4:%u", &a->ip, ntohs(port));
}

/* --- settings ----------------------------------------------------------- */

static bool check_equal(const struct havs_check *a, const struct havs_check *b)
{
	size_t off = offsetof(struct havs_check, type);

	return !memcmp((const u8 *)a + off, (const u8 *)b + off,
		       sizeof(*a) - off);
}

static void check_put(struct havs_check *c)
{
	if (c && refcount_dec_and_test(&c->ref))
		kfree_rcu(c, rcu);
}

static struct havs_check *check_get(struct havs_check *c)
{
	refcount_inc(&c->ref);
	return c;
}

/**
 * havs_check_alloc() - settings with every field at its default
 *
 * Return: the settings (one reference), or NULL
 */
struct havs_check *havs_check_alloc(void)
{
	struct havs_check *c = kzalloc(sizeof(*c), GFP_KERNEL_ACCOUNT);

	if (!c)
		return NULL;
	refcount_set(&c->ref, 1);
	c->type = HAVS_CHECK_TCP;
	c->rise = 2;
	c->fall = 3;
	c->initial_up = 1;
	c->interval_ms = 5000;
	c->timeout_ms = 2000;
	c->retry_ms = 1000;
	strscpy(c->path, "/", sizeof(c->path));
	strscpy(c->codes, "200-299", sizeof(c->codes));
	c->dns_qtype = 1;	/* A */
	havs_http_expect_init(&c->expect);
	if (havs_http_expect_parse_codes(&c->expect, c->codes,
					 strlen(c->codes))) {
		kfree(c);
		return NULL;
	}
	return c;
}

void havs_check_free(struct havs_check *c)
{
	check_put(c);
}

static u32 health_conf_hash(const struct havs_svc_key *key)
{
	BUILD_BUG_ON(sizeof(*key) % sizeof(u32));
	return jhash2((const u32 *)key, sizeof(*key) / sizeof(u32), 0);
}

struct havs_svc_conf *havs_svc_conf_find(struct havs_net *hn,
					 const struct havs_svc_key *key)
{
	struct havs_svc_conf *sc;

	lockdep_assert_held(&hn->health.lock);
	hash_for_each_possible(hn->health.conf_hash, sc, hnode, health_conf_hash(key))
		if (!memcmp(&sc->key, key, sizeof(*key)))
			return sc;
	return NULL;
}

/* a service's new settings: listed in order (dumps), hashed (lookups) */
void havs_svc_conf_add(struct havs_net *hn, struct havs_svc_conf *sc)
{
	lockdep_assert_held(&hn->health.lock);
	list_add_tail(&sc->node, &hn->health.confs);
	hash_add(hn->health.conf_hash, &sc->hnode, health_conf_hash(&sc->key));
	hn->health.conf_count++;
	havs_nl_dump_changed(hn->net);
}

void havs_svc_conf_del(struct havs_net *hn, struct havs_svc_conf *sc)
{
	lockdep_assert_held(&hn->health.lock);
	list_del(&sc->node);
	hash_del(&sc->hnode);
	hn->health.conf_count--;
	havs_nl_dump_changed(hn->net);
}

/* --- health ------------------------------------------------------------- */

u32 havs_target_eff_weight(const struct havs_target *t, u32 weight,
			   u32 slow_start_ms, unsigned long now)
{
	if (!t)
		return weight;
	return havs_slow_start_weight(weight, READ_ONCE(t->up),
				      READ_ONCE(t->up_since), slow_start_ms,
				      now);
}

static void health_event(struct havs_target *t, u8 reason, u8 run)
{
	struct sk_buff *msg;
	void *hdr;

	msg = havs_nl_event_new(t->hn->net, HAVS_CMD_SERVER_NTF, GFP_KERNEL,
				&hdr);
	if (!msg)
		return;
	if (havs_health_fill_event(msg, t, reason, run)) {
		nlmsg_free(msg);
		havs_nl_event_lost(t->hn->net);
		return;
	}
	havs_nl_event_send(t->hn->net, msg, hdr, GFP_KERNEL);
}

/*
 * havs_target_set_health() - the one place a target's health changes:
 * dmesg (@why), event (@reason, an enum havs_health_reason, and @run, the
 * probes in a row behind it), the schedulers (process context, no health
 * lock needed)
 */
void havs_target_set_health(struct havs_target *t, bool up, u8 reason, u8 run,
			    const char *why)
{
	char svc[80], srv[64];
	unsigned int users;

	if (READ_ONCE(t->up) == up)
		return;
	WRITE_ONCE(t->up_since, up ? (jiffies | 1) : 0);
	WRITE_ONCE(t->up, up);
	WRITE_ONCE(t->health_seq, t->health_seq + 1);
	spin_lock_bh(&t->lock);
	t->transitions++;
	t->last_change = ktime_get_boottime_ns();
	users = t->users;
	spin_unlock_bh(&t->lock);
	/* the new health before the generation: see sched_retable() */
	smp_mb__before_atomic();
	atomic_inc(&t->hn->health.gen);

	havs_svc_key_fmt(svc, sizeof(svc), &t->first_svc);
	havs_addr_fmt(srv, sizeof(srv), t->af, &t->addr, t->port);
	if (!users) {
		/* lingering: no service has this server with these settings */
		pr_debug("%s -> %s %s (%s) [unused probe, not reported]\n",
			 svc, srv, up ? "UP" : "DOWN", why);
		return;
	}
	/*
	 * A namespace's servers can flap at will: its lines are limited per
	 * namespace and module-wide; the event below always goes out.
	 */
	if (__ratelimit(&t->hn->health.log_rs) && havs_log_allowed())
		pr_info("%s -> %s %s (%s)%s\n", svc, srv, up ? "UP" : "DOWN", why,
			users > 1 ? " [probe shared by other services]" : "");
	health_event(t, reason, run);
	havs_health_track_kick(&t->hn->health);
}

/* --- targets ---------------------------------------------------------------- */

static u32 target_hash(u16 af, const union nf_inet_addr *a, __be16 port)
{
	return jhash2(a->all, 4, (u32)af << 16 | (__force u16)port);
}

static void target_free_rcu(struct rcu_head *head)
{
	struct havs_target *t = container_of(head, struct havs_target, rcu);

	check_put(t->check);
	kfree(t);
}

/**
 * havs_target_get() - the target for @dest of the service @svc, created
 *	if no service has it yet with the same settings (health lock)
 * @hn: namespace
 * @svc: the service (its settings decide how the server is probed)
 * @dest: the real server
 *
 *
 * A target it creates is fresh until an array that has it is published
 * (havs_target_published()): if its last user lets go of it before, it is
 * freed at once rather than left to linger probing with settings that
 * were never used.
 *
 * Return: the target with one more user; NULL if the server is not to be
 * probed (max_probed reached, or the namespace is going away: it then
 * counts as up); ERR_PTR(-ENOMEM) if it should be and cannot.
 */
struct havs_target *havs_target_get(struct havs_net *hn,
				    const struct havs_svc_key *svc,
				    const struct ip_vs_dest *dest)
{
	struct havs_health_net *h = &hn->health;
	const struct havs_svc_conf *sc;
	struct havs_check *c;
	struct havs_target *t;
	__be16 port;
	u32 key;

	lockdep_assert_held(&h->lock);
	if (h->dying)
		return NULL;
	sc = havs_svc_conf_find(hn, svc);
	c = sc ? sc->check : havs_default_check;
	port = c->port ? htons(c->port) : dest->port;
	key = target_hash(dest->af, &dest->addr, port);
	hash_for_each_possible(h->targets, t, hnode, key) {
		if (t->af == dest->af && t->port == port &&
		    nf_inet_addr_cmp(&t->addr, &dest->addr) &&
		    (t->check == c || check_equal(t->check, c))) {
			spin_lock_bh(&t->lock);
			/* a lingering target: the log names its new service */
			if (!t->users++)
				t->first_svc = *svc;
			spin_unlock_bh(&t->lock);
			t->orphaned = 0;
			return t;
		}
	}

	if (h->target_count >= READ_ONCE(havs_max_probed)) {
		char name[80], srv[64];

		havs_svc_key_fmt(name, sizeof(name), svc);
		havs_addr_fmt(srv, sizeof(srv), dest->af, &dest->addr, port);
		pr_warn_ratelimited("%s -> %s not probed: this namespace probes max_probed (%u) servers already; it counts as up\n",
				    name, srv, READ_ONCE(havs_max_probed));
		return NULL;
	}
	t = kzalloc(sizeof(*t), GFP_KERNEL_ACCOUNT);
	if (!t)
		return ERR_PTR(-ENOMEM);
	t->hn = hn;
	t->fresh = true;
	t->check = check_get(c);
	t->users = 1;
	t->af = dest->af;
	t->addr = dest->addr;
	t->port = port;
	t->first_svc = *svc;
	t->up = c->initial_up;
	t->sm.up = c->initial_up;
	t->last_ok = -1;
	spin_lock_init(&t->lock);
	INIT_LIST_HEAD(&t->slot_wait);
	INIT_DELAYED_WORK(&t->work, havs_probe_work);
	hash_add(h->targets, &t->hnode, key);
	h->target_count++;
	/* the first probe at a random point of the interval */
	if (c->type != HAVS_CHECK_EXTERNAL && port)
		queue_delayed_work(havs_probe_wq, &t->work,
				   msecs_to_jiffies(get_random_u32_below(c->interval_ms)));
	return t;
}

static void target_free(struct havs_health_net *h, struct havs_target *t)
{
	hash_del(&t->hnode);
	h->target_count--;
	havs_probe_stop(t);
	call_rcu(&t->rcu, target_free_rcu);
}

/* one more user of a target the caller already holds (health lock) */
void havs_target_hold(struct havs_target *t)
{
	if (!t)
		return;
	lockdep_assert_held(&t->hn->health.lock);
	spin_lock_bh(&t->lock);
	t->users++;
	spin_unlock_bh(&t->lock);
}

void havs_target_put(struct havs_target *t)
{
	struct havs_health_net *h;
	bool last;

	if (!t)
		return;
	h = &t->hn->health;
	lockdep_assert_held(&h->lock);
	spin_lock_bh(&t->lock);
	last = !--t->users;
	spin_unlock_bh(&t->lock);
	if (!last)
		return;
	if (h->dying || t->fresh) {
		target_free(h, t);
		return;
	}
	/* linger: see the top of this file */
	t->orphaned = jiffies | 1;
	queue_delayed_work(havs_probe_wq, &h->reaper, HAVS_TARGET_LINGER + 1);
}

/* an array that has @t is in use: @t lingers when its last user goes */
void havs_target_published(struct havs_target *t)
{
	if (t)
		t->fresh = false;
}

/* Free the targets no service has used for HAVS_TARGET_LINGER. */
static void health_reaper_work(struct work_struct *w)
{
	struct havs_health_net *h = container_of(to_delayed_work(w),
						 struct havs_health_net, reaper);
	unsigned long next = 0;
	struct hlist_node *tmp;
	struct havs_target *t;
	unsigned int bkt;

	mutex_lock(&h->lock);
	hash_for_each_safe(h->targets, bkt, tmp, t, hnode) {
		if (!t->orphaned)
			continue;
		if (time_after_eq(jiffies, t->orphaned + HAVS_TARGET_LINGER))
			target_free(h, t);
		else if (!next || time_before(t->orphaned, next))
			next = t->orphaned;
	}
	if (next && !h->dying)
		queue_delayed_work(havs_probe_wq, &h->reaper,
				   next + HAVS_TARGET_LINGER - jiffies + 1);
	mutex_unlock(&h->lock);
}

/**
 * havs_target_set_external() - health set from userspace (health lock)
 * @t: a target whose check is of type external
 * @up: the new health
 */
void havs_target_set_external(struct havs_target *t, bool up)
{
	lockdep_assert_held(&t->hn->health.lock);
	spin_lock_bh(&t->lock);
	t->last_ok = up;
	if (up)
		t->probes_ok++;
	else
		t->probes_failed++;
	t->last_error = up ? HAVS_PROBE_E_NONE : HAVS_PROBE_E_SET_DOWN;
	spin_unlock_bh(&t->lock);
	t->sm.up = up;
	if (up)
		havs_target_set_health(t, true, HAVS_HEALTH_R_SET_UP, 0,
				       "set up from userspace");
	else
		havs_target_set_health(t, false, HAVS_HEALTH_R_SET_DOWN, 0,
				       "set down from userspace");
}

/*
 * Count, into the settings of each service that drives a tracked object,
 * its servers up (health and a weight above 0) and its servers: one pass
 * over the services, each settings found by hash, so the work follows the
 * number of services, not services times settings (health lock).
 */
static bool health_track_count(struct havs_net *hn)
{
	struct havs_svc_conf *sc;
	struct havs_svc_key k;
	struct havs_sdests *sd;
	struct havs_svc *hs;
	bool any = false;
	unsigned int i;

	list_for_each_entry(sc, &hn->health.confs, node) {
		sc->scan_up = 0;
		sc->scan_n = 0;
		any |= !!sc->track[0];
	}
	if (!any)
		return false;
	list_for_each_entry(hs, &hn->health.svcs, node) {
		havs_svc_key_of(hs->svc, &k);
		sc = havs_svc_conf_find(hn, &k);
		if (!sc || !sc->track[0])
			continue;
		sd = rcu_dereference_protected(hs->sd,
					       lockdep_is_held(&hn->health.lock));
		for (i = 0; sd && i < sd->n; i++) {
			if (sd->d[i].sorry)
				continue;
			sc->scan_n++;
			if (atomic_read(&sd->d[i].dest->weight) > 0 &&
			    (!sd->d[i].t || READ_ONCE(sd->d[i].t->up)))
				sc->scan_up++;
		}
	}
	return true;
}

/*
 * Services that drive a tracked object set it from their servers' health
 * (rtnl, then the health lock: the order IPVS's device notifier implies).
 */
static void health_track_work(struct work_struct *w)
{
	struct havs_health_net *h = container_of(w, struct havs_health_net,
						 track_work);
	struct havs_net *hn = container_of(h, struct havs_net, health);
	struct havs_svc_conf *sc;
	char why[128];
	int len;
	bool want;

	rtnl_lock();
	mutex_lock(&h->lock);
	if (h->dying)
		goto out;
	havs_expire_recount(h);
	if (!health_track_count(hn))
		goto out;
	list_for_each_entry(sc, &h->confs, node) {
		if (!sc->track[0])
			continue;
		want = sc->scan_up >= sc->track_min;
		if (sc->track_state == want)
			continue;
		sc->track_state = want;
		len = havs_svc_key_fmt(why, sizeof(why), &sc->key);
		scnprintf(why + len, sizeof(why) - len,
			  ": %u of %u servers up, %s %u", sc->scan_up,
			  sc->scan_n, want ? "at least" : "fewer than",
			  sc->track_min);
		if (IS_ERR(havs_track_set(hn, sc->track, want,
					  HAVS_TRACK_R_SERVICE, why)))
			pr_warn_ratelimited("%s: cannot set tracked object %s: too many objects or out of memory\n",
					    why, sc->track);
	}
out:
	mutex_unlock(&h->lock);
	rtnl_unlock();
}

/* re-evaluate the tracked objects services drive (any context) */
void havs_health_track_kick(struct havs_health_net *h)
{
	if (!READ_ONCE(h->dying))
		queue_work(havs_probe_wq, &h->track_work);
}

void havs_health_net_init(struct havs_net *hn)
{
	struct havs_health_net *h = &hn->health;

	mutex_init(&h->lock);
	hash_init(h->targets);
	hash_init(h->expire_hash);
	INIT_LIST_HEAD(&h->svcs);
	INIT_LIST_HEAD(&h->confs);
	hash_init(h->conf_hash);
	atomic_set(&h->gen, 0);
	atomic_set(&h->inflight, 0);
	spin_lock_init(&h->slot_lock);
	INIT_LIST_HEAD(&h->slot_waiters);
	ratelimit_state_init(&h->log_rs, HAVS_LOG_INTERVAL_S * HZ, HAVS_NS_LOG_BURST);
	ratelimit_set_flags(&h->log_rs, RATELIMIT_MSG_ON_RELEASE);
	INIT_DELAYED_WORK(&h->reaper, health_reaper_work);
	INIT_WORK(&h->track_work, health_track_work);
}

/*
 * The namespace goes: IPVS may flush its services (and with them our
 * targets) before or after this runs. Stop every probe now; the targets
 * themselves go with the last service that uses them.
 */
void havs_health_net_exit(struct havs_net *hn)
{
	struct havs_health_net *h = &hn->health;
	struct havs_svc_conf *sc, *tmp;
	struct hlist_node *n;
	struct havs_target *t;
	unsigned int bkt;

	mutex_lock(&h->lock);
	WRITE_ONCE(h->dying, true);
	mutex_unlock(&h->lock);
	cancel_delayed_work_sync(&h->reaper);
	mutex_lock(&h->lock);
	hash_for_each_safe(h->targets, bkt, n, t, hnode) {
		if (t->orphaned)
			target_free(h, t);
		else
			havs_probe_stop(t);
	}
	/* no probe runs any more to queue it again */
	mutex_unlock(&h->lock);
	cancel_work_sync(&h->track_work);
	havs_expire_net_exit(hn);
	mutex_lock(&h->lock);
	list_for_each_entry_safe(sc, tmp, &h->confs, node) {
		havs_svc_conf_del(hn, sc);
		check_put(sc->check);
		kfree(sc);
	}
	mutex_unlock(&h->lock);
	/*
	 * IPVS flushed the namespace's services before this ran (its pernet
	 * device exit comes first): each sched_done_service() queued the
	 * freeing of its service as RCU work, which cancels the service's
	 * Maglev rebuild, and the rebuild reaches this namespace's state.
	 * Wait for the callbacks that queue those items, then for the items.
	 */
	rcu_barrier();
	flush_workqueue(havs_probe_wq);
}

int __init havs_health_init(void)
{
	havs_default_check = havs_check_alloc();
	if (!havs_default_check)
		return -ENOMEM;
	havs_probe_wq = alloc_workqueue("havs_probe", WQ_UNBOUND, 0);
	if (!havs_probe_wq) {
		check_put(havs_default_check);
		return -ENOMEM;
	}
	return 0;
}

/* after the pernet exit: no target and no service is left */
void havs_health_exit(void)
{
	/* queue the services' rcu_work freeing, then run it */
	rcu_barrier();
	destroy_workqueue(havs_probe_wq);
	check_put(havs_default_check);
	/* targets, settings, server arrays: freed after a grace period */
	rcu_barrier();
}
