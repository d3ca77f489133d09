// SPDX-License-Identifier: GPL-2.0
/*
 * Tracked objects: named up/down states of a network namespace that VRRP
 * instances follow with a weight (or fault on), as they follow interfaces.
 * Userspace sets them (havsadm track set NAME up|down) for checks that
 * live outside the kernel; health checks of the module will drive them
 * too. An instance that names an object that does not exist creates it, up.
 *
 * Objects live on a list of the namespace, changed and read under rtnl
 * like every other configuration; there are few of them and they change
 * rarely. Every change of state is multicast (HAVS_CMD_TRACK_NTF).
 *
 * A state set from userspace can come with a lease: unless set again in
 * time, the object goes down by itself. A daemon that drives an object
 * from a script (havsadm agent) renews it with every result, so its death
 * or a freeze takes the object to its fail-safe state without a process
 * in the loop. One delayed work per namespace, armed for the earliest
 * lease, does it under rtnl; the namespace's exit cancels it first.
 *
 * An instance's tracks (interfaces and objects, each with a weight) are
 * evaluated here too, under rtnl: the priority in effect and FAULT follow.
 */

#include <linux/ctype.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "havs.h"
#include "vrrp_priv.h"

struct havs_track_obj *havs_track_find(struct havs_net *hn, const char *name)
{
	struct havs_track_obj *o;

	ASSERT_RTNL();
	list_for_each_entry(o, &hn->track_objs, node)
		if (!strcmp(o->name, name))
			return o;
	return NULL;
}

static void track_event(struct havs_net *hn, const struct havs_track_obj *o);

static struct havs_track_obj *track_new(struct havs_net *hn, const char *name,
					bool up, u8 reason)
{
	struct havs_track_obj *o;

	o = kzalloc(sizeof(*o), GFP_KERNEL_ACCOUNT);
	if (!o)
		return NULL;
	strscpy(o->name, name, sizeof(o->name));
	o->up = up;
	o->reason = reason;
	list_add_tail(&o->node, &hn->track_objs);
	hn->track_count++;
	havs_nl_dump_changed(hn->net);
	return o;
}

/*
 * The list is rtnl's, but an instance's dump and events read the name of
 * the objects it tracks under RCU alone (vrrp_fill_tracks()): an object
 * is freed after a grace period.
 */
static void track_free(struct havs_net *hn, struct havs_track_obj *o)
{
	list_del(&o->node);
	hn->track_count--;
	havs_nl_dump_changed(hn->net);
	kfree_rcu(o, rcu);
}

/**
 * havs_track_get() - the object @name, created up if missing, for an
 *	instance that tracks it (rtnl)
 * @hn: namespace
 * @name: a valid name (see havs_track_name_ok())
 *
 * Return: the object, with one more user, or NULL without memory.
 */
struct havs_track_obj *havs_track_get(struct havs_net *hn, const char *name)
{
	struct havs_track_obj *o = havs_track_find(hn, name);

	if (!o)
		o = track_new(hn, name, true, HAVS_TRACK_R_CREATED);
	if (o)
		o->users++;
	return o;
}

/* An instance lets go; an object nobody set or uses goes away (rtnl). */
void havs_track_put(struct havs_net *hn, struct havs_track_obj *o)
{
	ASSERT_RTNL();
	if (!--o->users && !o->set_by_user)
		track_free(hn, o);
}

/* Names are 1..31 of [A-Za-z0-9_.:-]: safe in logs, files and JSON. */
bool havs_track_name_ok(const char *name)
{
	size_t i, len = strlen(name);

	if (!len || len >= HAVS_TRACK_NAME_LEN)
		return false;
	for (i = 0; i < len; i++)
		if (!isalnum(name[i]) && !strchr("_.:-", name[i]))
			return false;
	return true;
}

static struct netlink_range_validation track_lease_range = {
	.max = HAVS_TRACK_LEASE_MAX_MS,
};

static const struct nla_policy havs_track_obj_policy[HAVS_TRACK_A_MAX + 1] = {
	[HAVS_TRACK_A_NAME] = { .type = NLA_NUL_STRING, .len = HAVS_TRACK_NAME_LEN - 1 },
	[HAVS_TRACK_A_UP] = NLA_POLICY_MAX(NLA_U8, 1),
	[HAVS_TRACK_A_USERS] = { .type = NLA_REJECT },
	[HAVS_TRACK_A_IFINDEX] = { .type = NLA_REJECT },
	[HAVS_TRACK_A_WEIGHT] = { .type = NLA_REJECT },
	[HAVS_TRACK_A_PINNED] = { .type = NLA_REJECT },
	[HAVS_TRACK_A_LEASE] = NLA_POLICY_FULL_RANGE(NLA_U32, &track_lease_range),
	[HAVS_TRACK_A_LEASE_LEFT] = { .type = NLA_REJECT },
	[HAVS_TRACK_A_REASON] = { .type = NLA_REJECT },
};

const struct nla_policy havs_nl_track_policy[HAVS_A_MAX + 1] = {
	[HAVS_A_TRACK] = NLA_POLICY_NESTED(havs_track_obj_policy),
};

/* The HAVS_A_TRACK nest and the object's name, which every op needs. */
static int track_nl_parse(struct genl_info *info, struct nlattr **tb,
			  const char **name)
{
	struct netlink_ext_ack *extack = info->extack;
	int err;

	if (!info->attrs[HAVS_A_TRACK]) {
		NL_SET_ERR_ATTR_MISS(extack, NULL, HAVS_A_TRACK);
		NL_SET_ERR_MSG(extack, "missing the tracked object (HAVS_A_TRACK nest)");
		return -EINVAL;
	}
	err = nla_parse_nested(tb, HAVS_TRACK_A_MAX, info->attrs[HAVS_A_TRACK],
			       havs_track_obj_policy, extack);
	if (err)
		return err;
	if (!tb[HAVS_TRACK_A_NAME]) {
		NL_SET_ERR_MSG(extack, "a tracked object is named (HAVS_TRACK_A_NAME)");
		return -EINVAL;
	}
	if (tb[HAVS_TRACK_A_LEASE] && info->genlhdr->cmd != HAVS_CMD_TRACK_SET) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HAVS_TRACK_A_LEASE],
				    "a lease comes with a state (HAVS_CMD_TRACK_SET)");
		return -EINVAL;
	}
	*name = nla_data(tb[HAVS_TRACK_A_NAME]);
	if (!havs_track_name_ok(*name)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HAVS_TRACK_A_NAME],
				    "names are 1 to 31 characters of A-Z a-z 0-9 _ . : -");
		return -EINVAL;
	}
	return 0;
}

/* Set @o's state; instances and listeners follow a change (rtnl). */
static void track_set_state(struct havs_net *hn, struct havs_track_obj *o,
			    bool up, u8 reason, const char *why)
{
	o->set_by_user = true;
	if (o->up == up)
		return;
	o->up = up;
	o->reason = reason;
	havs_info(hn, HAVS_V_INFO, "tracked object %s is %s (%s; %u instances follow it)\n",
		  o->name, up ? "up" : "down", why, o->users);
	havs_vrrp_track_changed(hn, o);
	havs_announce_track_changed(hn, o);
	track_event(hn, o);
}

/**
 * havs_track_set() - create the object @name or set its state (rtnl)
 * @hn: namespace
 * @name: a valid name
 * @up: the new state
 * @reason: enum havs_track_reason, for events
 * @why: for the log, e.g. "set from userspace"
 *
 * Instances that track the object follow at once. An object set this way
 * stays when no instance uses it, until deleted.
 *
 * Return: the object, ERR_PTR(-ENOSPC) (too many objects) or
 * ERR_PTR(-ENOMEM).
 */
struct havs_track_obj *havs_track_set(struct havs_net *hn, const char *name,
				      bool up, u8 reason, const char *why)
{
	struct havs_track_obj *o;

	ASSERT_RTNL();
	o = havs_track_find(hn, name);
	if (!o) {
		if (hn->track_count >= READ_ONCE(havs_max_track_objects))
			return ERR_PTR(-ENOSPC);
		/* a new object is up: only one set down is news */
		o = track_new(hn, name, true, reason);
		if (!o)
			return ERR_PTR(-ENOMEM);
	}
	track_set_state(hn, o, up, reason, why);
	return o;
}

/*
 * Arm the namespace's lease work for @at, unless it is armed for earlier
 * already (rtnl): a renewal costs no walk of the objects. At most a
 * second ahead: the timer wheel lets a timeout run late by up to an eighth
 * of it (minutes for a 24 h lease), a second by at most 64 jiffies; the
 * work then walks the objects and arms itself for the next lease.
 */
static void track_lease_arm(struct havs_net *hn, unsigned long at)
{
	unsigned long now = jiffies;

	ASSERT_RTNL();
	if (time_after(at, now + HZ))
		at = now + HZ;
	if (hn->track_lease_armed && !time_before(at, hn->track_lease_next))
		return;
	hn->track_lease_armed = true;
	hn->track_lease_next = at;
	mod_delayed_work(system_wq, &hn->track_lease_work,
			 time_after(at, now) ? at - now : 0);
}

static void track_lease_work(struct work_struct *work)
{
	struct havs_net *hn = container_of(to_delayed_work(work),
					   struct havs_net, track_lease_work);
	unsigned long first = 0;
	struct havs_track_obj *o;
	bool any = false;
	char why[64];

	rtnl_lock();
	hn->track_lease_armed = false;
	list_for_each_entry(o, &hn->track_objs, node) {
		if (!o->lease_ms)
			continue;
		if (time_before(jiffies, o->lease_until)) {
			if (!any || time_before(o->lease_until, first))
				first = o->lease_until;
			any = true;
			continue;
		}
		scnprintf(why, sizeof(why),
			  "its lease of %u ms ran out: nobody set it again",
			  o->lease_ms);
		o->lease_ms = 0;
		track_set_state(hn, o, false, HAVS_TRACK_R_LEASE, why);
	}
	if (any)
		track_lease_arm(hn, first);
	rtnl_unlock();
}

int havs_track_nl_set(struct sk_buff *skb, struct genl_info *info)
{
	struct havs_net *hn = havs_pernet(genl_info_net(info));
	struct nlattr *tb[HAVS_TRACK_A_MAX + 1];
	struct havs_track_obj *o;
	const char *name;
	u32 lease = 0;
	int err;

	err = track_nl_parse(info, tb, &name);
	if (err)
		return err;
	if (!tb[HAVS_TRACK_A_UP]) {
		NL_SET_ERR_ATTR_MISS(info->extack, info->attrs[HAVS_A_TRACK],
				     HAVS_TRACK_A_UP);
		NL_SET_ERR_MSG(info->extack, "the object's state (HAVS_TRACK_A_UP) is missing");
		return -EINVAL;
	}
	if (tb[HAVS_TRACK_A_LEASE])
		lease = nla_get_u32(tb[HAVS_TRACK_A_LEASE]);
	if (lease && lease < HAVS_TRACK_LEASE_MIN_MS) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[HAVS_TRACK_A_LEASE],
				    "a lease is at least 100 ms (0 ends it)");
		return -ERANGE;
	}
	rtnl_lock();
	o = havs_track_set(hn, name, nla_get_u8(tb[HAVS_TRACK_A_UP]),
			   HAVS_TRACK_R_SET, "set from userspace");
	if (IS_ERR(o)) {
		err = PTR_ERR(o);
	} else {
		o->lease_ms = lease;
		if (lease) {
			o->lease_until = jiffies + msecs_to_jiffies(lease);
			track_lease_arm(hn, o->lease_until);
		}
	}
	rtnl_unlock();
	if (err == -ENOSPC)
		NL_SET_ERR_MSG(info->extack,
			       "this namespace is at max_track_objects (module parameter)");
	else if (err == -ENOMEM)
		NL_SET_ERR_MSG(info->extack, "out of memory for the tracked object");
	return err;
}

int havs_track_nl_del(struct sk_buff *skb, struct genl_info *info)
{
	struct havs_net *hn = havs_pernet(genl_info_net(info));
	struct nlattr *tb[HAVS_TRACK_A_MAX + 1];
	struct havs_track_obj *o;
	const char *name;
	int err;

	err = track_nl_parse(info, tb, &name);
	if (err)
		return err;
	rtnl_lock();
	o = havs_track_find(hn, name);
	if (!o) {
		err = -ENOENT;
		NL_SET_ERR_MSG(info->extack, "no such tracked object");
	} else if (o->users) {
		err = -EBUSY;
		NL_SET_ERR_MSG(info->extack,
			       "VRRP instances track this object, or announcements do: remove it from them first");
	} else {
		track_free(hn, o);
	}
	rtnl_unlock();
	return err;
}

static int track_fill(struct sk_buff *skb, const struct havs_track_obj *o)
{
	struct nlattr *nest = nla_nest_start(skb, HAVS_A_TRACK);
	unsigned long now = jiffies;
	u32 left = 0;

	if (!nest)
		return -EMSGSIZE;
	if (o->lease_ms && time_after(o->lease_until, now))
		left = jiffies_to_msecs(o->lease_until - now);
	if (nla_put_string(skb, HAVS_TRACK_A_NAME, o->name) ||
	    nla_put_u8(skb, HAVS_TRACK_A_UP, o->up) ||
	    nla_put_u32(skb, HAVS_TRACK_A_USERS, o->users) ||
	    nla_put_u8(skb, HAVS_TRACK_A_PINNED, o->set_by_user) ||
	    nla_put_u8(skb, HAVS_TRACK_A_REASON, o->reason) ||
	    (o->lease_ms &&
	     (nla_put_u32(skb, HAVS_TRACK_A_LEASE, o->lease_ms) ||
	      nla_put_u32(skb, HAVS_TRACK_A_LEASE_LEFT, left)))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* HAVS_CMD_TRACK_NTF to the events group (rtnl, process context) */
static void track_event(struct havs_net *hn, const struct havs_track_obj *o)
{
	struct sk_buff *msg;
	void *hdr;

	msg = havs_nl_event_new(hn->net, HAVS_CMD_TRACK_NTF, GFP_KERNEL, &hdr);
	if (!msg)
		return;
	if (track_fill(msg, o)) {
		nlmsg_free(msg);
		havs_nl_event_lost(hn->net);
		return;
	}
	havs_nl_event_send(hn->net, msg, hdr, GFP_KERNEL);
}

struct track_get {
	struct havs_net *hn;
	const char *name;
};

static int track_get_fill(struct sk_buff *msg, void *arg)
{
	const struct track_get *g = arg;
	struct havs_track_obj *o = havs_track_find(g->hn, g->name);

	return o ? track_fill(msg, o) : -ENOENT;
}

int havs_track_nl_get(struct sk_buff *skb, struct genl_info *info)
{
	struct track_get g = { .hn = havs_pernet(genl_info_net(info)) };
	struct nlattr *tb[HAVS_TRACK_A_MAX + 1];
	int err;

	err = track_nl_parse(info, tb, &g.name);
	if (err)
		return err;
	err = havs_nl_reply(info, HAVS_CMD_TRACK_GET, track_get_fill, &g);
	if (err == -ENOENT)
		NL_SET_ERR_MSG(info->extack, "no such tracked object");
	return err;
}

int havs_track_nl_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct havs_net *hn = havs_pernet(sock_net(skb->sk));
	unsigned int idx = 0, skip = cb->args[0];
	struct havs_track_obj *o;
	void *hdr;

	rtnl_lock();
	havs_nl_dump_begin(cb, sock_net(skb->sk));
	list_for_each_entry(o, &hn->track_objs, node) {
		if (idx++ < skip)
			continue;
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &havs_genl_family,
				  NLM_F_MULTI, HAVS_CMD_TRACK_GET);
		if (hdr)
			genl_dump_check_consistent(cb, hdr);
		if (!hdr || track_fill(skb, o)) {
			if (hdr)
				genlmsg_cancel(skb, hdr);
			idx--;
			break;
		}
		genlmsg_end(skb, hdr);
	}
	rtnl_unlock();
	cb->args[0] = idx;
	return skb->len;
}

void havs_track_net_init(struct havs_net *hn)
{
	INIT_LIST_HEAD(&hn->track_objs);
	hn->track_count = 0;
	INIT_DELAYED_WORK(&hn->track_lease_work, track_lease_work);
	hn->track_lease_armed = false;
}

/* After the instances are gone: the objects they left and user ones. */
void havs_track_net_exit(struct havs_net *hn)
{
	struct havs_track_obj *o, *tmp;

	/* it takes rtnl and re-arms itself: before rtnl, and only here */
	cancel_delayed_work_sync(&hn->track_lease_work);
	rtnl_lock();
	list_for_each_entry_safe(o, tmp, &hn->track_objs, node) {
		WARN_ON_ONCE(o->users);
		track_free(hn, o);
	}
	rtnl_unlock();
}

static bool track_up(struct havs_vrrp *v, const struct havs_vrrp_track *t)
{
	struct net_device *dev;

	if (t->obj)
		return t->obj->up;
	if (t->gone)
		return false;
	dev = __dev_get_by_index(v->net, t->ifindex);
	return dev && netif_running(dev) && netif_carrier_ok(dev);
}

static void track_name(struct havs_vrrp *v, const struct havs_vrrp_track *t,
		       char *buf, size_t len)
{
	struct net_device *dev;

	if (t->obj) {
		snprintf(buf, len, "object %s", t->obj->name);
		return;
	}
	dev = t->gone ? NULL : __dev_get_by_index(v->net, t->ifindex);
	if (dev)
		snprintf(buf, len, "interface %s", dev->name);
	else
		snprintf(buf, len, "interface %d", t->ifindex);
}

/*
 * Re-evaluate what the instance tracks (rtnl): the priority in effect
 * (a master advertises a change at once) and FAULT. One line per change.
 */
void havs_vrrp_track_eval(struct havs_vrrp *v)
{
	struct vrrp_track_in in[HAVS_VRRP_MAX_TRACKS];
	struct vrrp_effects fx = {};
	struct vrrp_sm_out out = {};
	char name[IFNAMSIZ + 32];
	unsigned int i;
	bool fault;
	u8 prio;

	ASSERT_RTNL();
	for (i = 0; i < v->ntracks; i++) {
		struct havs_vrrp_track *t = &v->tracks[i];
		bool up = track_up(v, t);

		if (up != t->up && __ratelimit(&v->trans_rs) && havs_log_allowed()) {
			track_name(v, t, name, sizeof(name));
			pr_info("vrrp %s/%u: tracked %s is %s (%s)\n",
				v->dev->name, v->vrid, name, up ? "up" : "down",
				t->weight ? "weight applies" : "fault while down");
		}
		WRITE_ONCE(t->up, up);
		in[i].weight = t->weight;
		in[i].up = up;
	}
	prio = vrrp_track_priority(v->cfg_priority, in, v->ntracks, &fault);
	v->track_fault = fault;

	spin_lock_bh(&v->lock);
	if (prio != v->sm.priority && __ratelimit(&v->trans_rs) && havs_log_allowed())
		pr_info("vrrp %s/%u: priority %u -> %u (tracking)\n",
			v->dev->name, v->vrid, v->sm.priority, prio);
	vrrp_sm_set_priority(&v->sm, prio, &out);
	havs_vrrp_apply(v, &out, &fx);
	spin_unlock_bh(&v->lock);
	local_bh_disable();
	havs_vrrp_commit(v, &fx);
	local_bh_enable();
	havs_vrrp_check_links(v);
}

/* A tracked object changed (rtnl): its instances follow. */
void havs_vrrp_track_changed(struct havs_net *hn, struct havs_track_obj *o)
{
	struct havs_vrrp *v;
	unsigned int i;
	int bkt;

	ASSERT_RTNL();
	hash_for_each(hn->vrrp_hash, bkt, v, node) {
		for (i = 0; i < v->ntracks; i++) {
			if (v->tracks[i].obj == o) {
				havs_vrrp_track_eval(v);
				break;
			}
		}
	}
}

void havs_vrrp_tracks_put(struct havs_net *hn, struct havs_vrrp *v)
{
	while (v->ntracks) {
		struct havs_vrrp_track *t = &v->tracks[v->ntracks - 1];

		WRITE_ONCE(v->ntracks, v->ntracks - 1);
		if (t->obj)
			havs_track_put(hn, t->obj);
	}
}

bool havs_vrrp_tracks_dev(const struct havs_vrrp *v, int ifindex)
{
	unsigned int i;

	for (i = 0; i < v->ntracks; i++)
		if (v->tracks[i].ifindex == ifindex && !v->tracks[i].gone)
			return true;
	return false;
}

/*
 * A tracked interface was unregistered (deleted, or moved to another
 * namespace): it stays down for the instance, whatever device is given
 * its ifindex later; reconfigure the instance to track another (rtnl).
 */
void havs_vrrp_tracks_gone(struct havs_vrrp *v, int ifindex)
{
	unsigned int i;

	for (i = 0; i < v->ntracks; i++) {
		if (v->tracks[i].ifindex != ifindex || v->tracks[i].gone)
			continue;
		v->tracks[i].gone = true;
		pr_warn("vrrp %s/%u: tracked interface %d is gone: it counts as down until the instance is set up again\n",
			v->dev->name, v->vrid, ifindex);
	}
}
