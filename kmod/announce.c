// SPDX-License-Identifier: GPL-2.0
/*
 * Announcements: health-gated VIPs for directors that all run active behind
 * ECMP routers, which learn the VIPs over BGP from a routing daemon (FRR's
 * "redistribute connected", BIRD's "protocol direct" with "check link").
 *
 * An announcement is a network device of link kind "havs" (dummy-like: no
 * ARP, every packet sent to it is dropped) that holds the VIPs as
 * addresses. Its carrier is on only while every tracked object it names is
 * up and no operator drain is set; routing daemons announce a device's
 * addresses while it is operationally up and withdraw them when the carrier
 * drops. The module is in the loop, no process of ours is: tracked objects
 * (vrrp_track.c) are driven by services' health in the kernel, and
 * unloading the module deletes the devices, which withdraws the routes.
 *
 * The device is created from userspace (rtnetlink, "ip link add vip0 type
 * havs", havsadm does it); HAVS_CMD_ANNOUNCE_NEW makes it an announcement.
 * Until then, and after HAVS_CMD_ANNOUNCE_DEL, its carrier is off. Every
 * change of carrier is logged and multicast (HAVS_CMD_ANNOUNCE_NTF) with
 * its reason.
 *
 * Everything here runs under rtnl: configuration, the tracked objects'
 * changes, dumps, the device's creation and teardown. Nothing is read
 * under RCU alone; transmit reads no state.
 */

#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/timekeeping.h>
#include <net/genetlink.h>
#include <net/rtnetlink.h>
#include <net/sock.h>

#include "uapi/linux/havs.h"
#include "havs.h"

/**
 * struct havs_announce - the private part of a device of kind "havs"
 * @dev: the device
 * @node: on the namespace's list (&havs_net.announce_list, rtnl)
 * @configured: an announcement (ANNOUNCE_NEW and no DEL since)
 * @drain: the operator withdrew it
 * @carrier: the carrier set last
 * @reason: why it changed last (enum havs_announce_reason)
 * @cause: the tracked object behind the last change, if one was
 * @changes: carrier changes
 * @last_change: CLOCK_BOOTTIME of the last, ns
 * @nvips: addresses in @vips
 * @vips: the addresses, with their family
 * @ntracks: objects in @tracks
 * @tracks: the tracked objects, each holding one of its users
 */
struct havs_announce {
	struct net_device *dev;
	struct list_head node;
	bool configured;
	bool drain;
	bool carrier;
	u8 reason;
	char cause[HAVS_TRACK_NAME_LEN];
	u32 changes;
	u64 last_change;
	unsigned int nvips;
	struct {
		u16 family;
		u8 addr[16];
	} vips[HAVS_ANNOUNCE_MAX_VIPS];
	unsigned int ntracks;
	struct havs_track_obj *tracks[HAVS_ANNOUNCE_MAX_TRACKS];
};

static struct rtnl_link_ops announce_link_ops;

static void announce_event(struct havs_announce *a);

/* Drop what the announcement tracks (rtnl). */
static void announce_tracks_put(struct havs_net *hn, struct havs_announce *a)
{
	while (a->ntracks)
		havs_track_put(hn, a->tracks[--a->ntracks]);
}

/*
 * Set the carrier the announcement's state asks for (rtnl). @reason and
 * @cause say why, for the log and the event, if it changes.
 */
static void announce_eval(struct havs_announce *a, u8 reason,
			  const char *cause)
{
	bool want = a->configured && !a->drain;
	unsigned int i;

	for (i = 0; want && i < a->ntracks; i++)
		want = a->tracks[i]->up;
	if (want == a->carrier)
		return;
	a->carrier = want;
	a->reason = reason;
	strscpy(a->cause, cause ? cause : "", sizeof(a->cause));
	a->changes++;
	a->last_change = ktime_get_boottime_ns();
	if (want)
		netif_carrier_on(a->dev);
	else
		netif_carrier_off(a->dev);
	havs_info(havs_pernet(dev_net(a->dev)), HAVS_V_INFO,
		  "announce %s: %s (%s%s%s)\n", a->dev->name,
		  want ? "announced" : "withdrawn",
		  havs_announce_reason_str(reason), cause ? " " : "",
		  cause ? cause : "");
	announce_event(a);
}

/**
 * havs_announce_track_changed() - a tracked object changed state (rtnl)
 * @hn: its namespace
 * @o: the object
 *
 * The announcements that track it follow at once.
 */
void havs_announce_track_changed(struct havs_net *hn, struct havs_track_obj *o)
{
	struct havs_announce *a;
	unsigned int i;

	ASSERT_RTNL();
	list_for_each_entry(a, &hn->announce_list, node) {
		for (i = 0; i < a->ntracks; i++) {
			if (a->tracks[i] == o) {
				announce_eval(a, o->up ? HAVS_ANNOUNCE_R_TRACK_UP :
					      HAVS_ANNOUNCE_R_TRACK_DOWN, o->name);
				break;
			}
		}
	}
}

const char *havs_announce_reason_str(u8 reason)
{
	switch (reason) {
	case HAVS_ANNOUNCE_R_CREATED:
		return "created";
	case HAVS_ANNOUNCE_R_CONFIGURED:
		return "configured";
	case HAVS_ANNOUNCE_R_TRACK_DOWN:
		return "tracked object down:";
	case HAVS_ANNOUNCE_R_TRACK_UP:
		return "tracked object up:";
	case HAVS_ANNOUNCE_R_DRAIN:
		return "drained";
	case HAVS_ANNOUNCE_R_UNDRAIN:
		return "drain lifted";
	case HAVS_ANNOUNCE_R_DELETED:
		return "announcement deleted";
	}
	return "unknown";
}

/* The device */

static netdev_tx_t announce_xmit(struct sk_buff *skb, struct net_device *dev)
{
	/* routes to the VIPs are local: nothing should be sent here */
	DEV_STATS_INC(dev, tx_dropped);
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}

/*
 * Unregistered (deleted, namespace exit, module unload), or a
 * registration that failed after the core's init step: rtnl. Only a
 * device that was registered is on the list.
 */
static void announce_uninit(struct net_device *dev)
{
	struct havs_announce *a = netdev_priv(dev);
	struct havs_net *hn = havs_pernet(dev_net(dev));

	ASSERT_RTNL();
	if (list_empty(&a->node))
		return;
	announce_tracks_put(hn, a);
	list_del_init(&a->node);
	hn->announce_count--;
	havs_nl_dump_changed(hn->net);
	havs_info(hn, HAVS_V_DEBUG, "announce %s: device gone\n", dev->name);
}

static const struct net_device_ops announce_netdev_ops = {
	.ndo_uninit = announce_uninit,
	.ndo_start_xmit = announce_xmit,
	.ndo_validate_addr = eth_validate_addr,
	.ndo_set_mac_address = eth_mac_addr,
};

static void announce_setup(struct net_device *dev)
{
	struct havs_announce *a = netdev_priv(dev);

	INIT_LIST_HEAD(&a->node);
	ether_setup(dev);
	dev->netdev_ops = &announce_netdev_ops;
	dev->needs_free_netdev = true;
	dev->flags |= IFF_NOARP;
	dev->flags &= ~IFF_MULTICAST;
	dev->priv_flags |= IFF_NO_QUEUE;
	dev->min_mtu = 0;
	dev->max_mtu = 0;
	/* the namespace is the announcement's: never moved to another */
	havs_dev_set_netns_local(dev);
	eth_hw_addr_random(dev);
}

static int announce_newlink(struct net *src_net, struct net_device *dev,
			    struct nlattr *tb[], struct nlattr *data[],
			    struct netlink_ext_ack *extack)
{
	struct havs_announce *a = netdev_priv(dev);
	struct havs_net *hn = havs_pernet(dev_net(dev));
	int err;

	if (hn->announce_count >= READ_ONCE(havs_max_announce)) {
		NL_SET_ERR_MSG(extack,
			       "havs: this namespace is at max_announce (module parameter)");
		return -ENOSPC;
	}
	a->dev = dev;
	a->reason = HAVS_ANNOUNCE_R_CREATED;
	/* no carrier, so no route, until configured and healthy */
	netif_carrier_off(dev);
	err = register_netdevice(dev);
	if (err)
		return err;
	list_add_tail(&a->node, &hn->announce_list);
	hn->announce_count++;
	havs_nl_dump_changed(hn->net);
	return 0;
}

static struct rtnl_link_ops announce_link_ops __read_mostly = {
	.kind = HAVS_LINK_KIND,
	.priv_size = sizeof(struct havs_announce),
	.setup = announce_setup,
	.newlink = announce_newlink,
};

/* Netlink */

static const struct nla_policy announce_track_policy[HAVS_TRACK_A_MAX + 1] = {
	[HAVS_TRACK_A_NAME] = { .type = NLA_NUL_STRING, .len = HAVS_TRACK_NAME_LEN - 1 },
	[HAVS_TRACK_A_UP] = { .type = NLA_REJECT },
	[HAVS_TRACK_A_USERS] = { .type = NLA_REJECT },
	[HAVS_TRACK_A_IFINDEX] = { .type = NLA_REJECT },
	[HAVS_TRACK_A_WEIGHT] = { .type = NLA_REJECT },
	[HAVS_TRACK_A_PINNED] = { .type = NLA_REJECT },
	[HAVS_TRACK_A_LEASE] = { .type = NLA_REJECT },
	[HAVS_TRACK_A_LEASE_LEFT] = { .type = NLA_REJECT },
	[HAVS_TRACK_A_REASON] = { .type = NLA_REJECT },
};

static const struct nla_policy announce_tracks_policy[HAVS_ANNOUNCE_A_MAX + 1] = {
	[HAVS_ANNOUNCE_A_TRACK] = NLA_POLICY_NESTED(announce_track_policy),
};

static const struct nla_policy announce_vips_policy[HAVS_ANNOUNCE_A_MAX + 1] = {
	[HAVS_ANNOUNCE_A_VIP4] = HAVS_NLA_POLICY_ADDR4,
	[HAVS_ANNOUNCE_A_VIP6] = HAVS_NLA_POLICY_ADDR6,
};

static const struct nla_policy announce_policy[HAVS_ANNOUNCE_A_MAX + 1] = {
	[HAVS_ANNOUNCE_A_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[HAVS_ANNOUNCE_A_IFNAME] = { .type = NLA_REJECT },
	[HAVS_ANNOUNCE_A_VIPS] = NLA_POLICY_NESTED(announce_vips_policy),
	[HAVS_ANNOUNCE_A_VIP4] = { .type = NLA_REJECT },
	[HAVS_ANNOUNCE_A_VIP6] = { .type = NLA_REJECT },
	[HAVS_ANNOUNCE_A_TRACKS] = NLA_POLICY_NESTED(announce_tracks_policy),
	[HAVS_ANNOUNCE_A_TRACK] = { .type = NLA_REJECT },
	[HAVS_ANNOUNCE_A_DRAIN] = NLA_POLICY_MAX(NLA_U8, 1),
	[HAVS_ANNOUNCE_A_CARRIER] = { .type = NLA_REJECT },
	[HAVS_ANNOUNCE_A_REASON] = { .type = NLA_REJECT },
	[HAVS_ANNOUNCE_A_CAUSE] = { .type = NLA_REJECT },
	[HAVS_ANNOUNCE_A_CHANGES] = { .type = NLA_REJECT },
	[HAVS_ANNOUNCE_A_LAST_CHANGE] = { .type = NLA_REJECT },
	[HAVS_ANNOUNCE_A_PAD] = { .type = NLA_REJECT },
};

const struct nla_policy havs_nl_announce_policy[HAVS_A_MAX + 1] = {
	[HAVS_A_ANNOUNCE] = NLA_POLICY_NESTED(announce_policy),
};

/* What a request asks for, checked whole before anything changes. */
struct announce_req {
	unsigned int nvips;
	struct {
		u16 family;
		u8 addr[16];
	} vips[HAVS_ANNOUNCE_MAX_VIPS];
	unsigned int ntracks;
	struct havs_track_obj *tracks[HAVS_ANNOUNCE_MAX_TRACKS];
};

/* Is @addr announced by another device of the namespace than @self? */
static struct havs_announce *announce_vip_owner(struct havs_net *hn,
						const struct havs_announce *self,
						u16 family, const u8 *addr)
{
	unsigned int alen = family == AF_INET6 ? 16 : 4;
	struct havs_announce *a;
	unsigned int i;

	list_for_each_entry(a, &hn->announce_list, node) {
		if (a == self || !a->configured)
			continue;
		for (i = 0; i < a->nvips; i++)
			if (a->vips[i].family == family &&
			    !memcmp(a->vips[i].addr, addr, alen))
				return a;
	}
	return NULL;
}

static int announce_parse_vips(struct havs_net *hn, struct havs_announce *self,
			       struct announce_req *r, const struct nlattr *nest,
			       struct netlink_ext_ack *extack)
{
	const struct nlattr *v;
	unsigned int i, alen;
	u16 family;
	int rem;

	/* the policy lets VIP4 (4 bytes) and VIP6 (16) into the nest alone */
	nla_for_each_nested(v, nest, rem) {
		family = nla_type(v) == HAVS_ANNOUNCE_A_VIP6 ? AF_INET6 : AF_INET;
		alen = family == AF_INET6 ? 16 : 4;
		if (r->nvips == HAVS_ANNOUNCE_MAX_VIPS) {
			NL_SET_ERR_MSG_ATTR(extack, v, "too many addresses (at most "
					    __stringify(HAVS_ANNOUNCE_MAX_VIPS) ")");
			return -E2BIG;
		}
		for (i = 0; i < r->nvips; i++) {
			if (r->vips[i].family == family &&
			    !memcmp(r->vips[i].addr, nla_data(v), alen)) {
				NL_SET_ERR_MSG_ATTR(extack, v, "duplicate address");
				return -EINVAL;
			}
		}
		if (announce_vip_owner(hn, self, family, nla_data(v))) {
			NL_SET_ERR_MSG_ATTR(extack, v,
					    "another announcement of this namespace holds the address");
			return -EEXIST;
		}
		r->vips[r->nvips].family = family;
		memset(r->vips[r->nvips].addr, 0, sizeof(r->vips[0].addr));
		memcpy(r->vips[r->nvips].addr, nla_data(v), alen);
		r->nvips++;
	}
	return 0;
}

/* The objects named; they must exist. No reference is taken here. */
static int announce_parse_tracks(struct havs_net *hn, struct announce_req *r,
				 const struct nlattr *nest,
				 struct netlink_ext_ack *extack)
{
	struct nlattr *tb[HAVS_TRACK_A_MAX + 1];
	struct havs_track_obj *o;
	const struct nlattr *t;
	const char *name;
	unsigned int i;
	int rem, err;

	nla_for_each_nested(t, nest, rem) {
		err = nla_parse_nested(tb, HAVS_TRACK_A_MAX, t,
				       announce_track_policy, extack);
		if (err)
			return err;
		if (!tb[HAVS_TRACK_A_NAME]) {
			NL_SET_ERR_ATTR_MISS(extack, t, HAVS_TRACK_A_NAME);
			NL_SET_ERR_MSG(extack, "a tracked object is named (HAVS_TRACK_A_NAME)");
			return -EINVAL;
		}
		name = nla_data(tb[HAVS_TRACK_A_NAME]);
		o = havs_track_name_ok(name) ? havs_track_find(hn, name) : NULL;
		if (!o) {
			NL_SET_ERR_MSG_ATTR(extack, tb[HAVS_TRACK_A_NAME],
					    "no such tracked object (havsadm track set, or a service's check ... track)");
			return -ENOENT;
		}
		if (r->ntracks == HAVS_ANNOUNCE_MAX_TRACKS) {
			NL_SET_ERR_MSG_ATTR(extack, t, "too many tracked objects (at most "
					    __stringify(HAVS_ANNOUNCE_MAX_TRACKS) ")");
			return -E2BIG;
		}
		for (i = 0; i < r->ntracks; i++) {
			if (r->tracks[i] == o) {
				NL_SET_ERR_MSG_ATTR(extack, t, "duplicate tracked object");
				return -EINVAL;
			}
		}
		r->tracks[r->ntracks++] = o;
	}
	return 0;
}

/*
 * The nest and the device it names (rtnl held): a device of kind "havs"
 * of the request's namespace (ifindexes are per namespace).
 */
static int announce_nl_lookup(struct genl_info *info, struct nlattr **tb,
			      struct havs_announce **ap)
{
	struct netlink_ext_ack *extack = info->extack;
	struct net_device *dev;
	int err;

	if (!info->attrs[HAVS_A_ANNOUNCE]) {
		NL_SET_ERR_ATTR_MISS(extack, NULL, HAVS_A_ANNOUNCE);
		NL_SET_ERR_MSG(extack, "missing the announcement (HAVS_A_ANNOUNCE nest)");
		return -EINVAL;
	}
	err = nla_parse_nested(tb, HAVS_ANNOUNCE_A_MAX, info->attrs[HAVS_A_ANNOUNCE],
			       announce_policy, extack);
	if (err)
		return err;
	if (!tb[HAVS_ANNOUNCE_A_IFINDEX]) {
		NL_SET_ERR_ATTR_MISS(extack, info->attrs[HAVS_A_ANNOUNCE],
				     HAVS_ANNOUNCE_A_IFINDEX);
		NL_SET_ERR_MSG(extack, "the device (HAVS_ANNOUNCE_A_IFINDEX) is missing");
		return -EINVAL;
	}
	dev = __dev_get_by_index(genl_info_net(info),
				 nla_get_u32(tb[HAVS_ANNOUNCE_A_IFINDEX]));
	if (!dev) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HAVS_ANNOUNCE_A_IFINDEX],
				    "no such device in this namespace");
		return -ENODEV;
	}
	if (dev->rtnl_link_ops != &announce_link_ops) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HAVS_ANNOUNCE_A_IFINDEX],
				    "the device is not of kind havs (ip link add NAME type havs)");
		return -EOPNOTSUPP;
	}
	*ap = netdev_priv(dev);
	return 0;
}

static int announce_nl_change(struct genl_info *info, bool create)
{
	struct havs_net *hn = havs_pernet(genl_info_net(info));
	struct nlattr *tb[HAVS_ANNOUNCE_A_MAX + 1];
	struct netlink_ext_ack *extack = info->extack;
	struct announce_req *r;
	struct havs_announce *a;
	u8 reason = HAVS_ANNOUNCE_R_CONFIGURED;
	unsigned int i;
	int err;

	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	rtnl_lock();
	err = announce_nl_lookup(info, tb, &a);
	if (err)
		goto out;
	if (create && a->configured) {
		NL_SET_ERR_MSG(extack, "the device is an announcement already (set changes it)");
		err = -EEXIST;
		goto out;
	}
	if (!create && !a->configured) {
		NL_SET_ERR_MSG(extack, "the device is no announcement (add makes it one)");
		err = -ENOENT;
		goto out;
	}
	if (tb[HAVS_ANNOUNCE_A_VIPS]) {
		err = announce_parse_vips(hn, a, r, tb[HAVS_ANNOUNCE_A_VIPS], extack);
		if (err)
			goto out;
	}
	if (tb[HAVS_ANNOUNCE_A_TRACKS]) {
		err = announce_parse_tracks(hn, r, tb[HAVS_ANNOUNCE_A_TRACKS], extack);
		if (err)
			goto out;
	}

	/* nothing fails from here on */
	if (create || tb[HAVS_ANNOUNCE_A_TRACKS]) {
		for (i = 0; i < r->ntracks; i++)
			havs_track_get(hn, r->tracks[i]->name);
		announce_tracks_put(hn, a);
		memcpy(a->tracks, r->tracks, sizeof(a->tracks));
		a->ntracks = r->ntracks;
	}
	if (create || tb[HAVS_ANNOUNCE_A_VIPS]) {
		memcpy(a->vips, r->vips, sizeof(a->vips));
		a->nvips = r->nvips;
	}
	if (tb[HAVS_ANNOUNCE_A_DRAIN]) {
		bool drain = nla_get_u8(tb[HAVS_ANNOUNCE_A_DRAIN]);

		if (!create && drain != a->drain)
			reason = drain ? HAVS_ANNOUNCE_R_DRAIN : HAVS_ANNOUNCE_R_UNDRAIN;
		a->drain = drain;
	} else if (create) {
		a->drain = false;
	}
	if (create) {
		a->configured = true;
		havs_nl_dump_changed(hn->net);
	}
	announce_eval(a, reason, NULL);
out:
	rtnl_unlock();
	kfree(r);
	return err;
}

int havs_announce_nl_new(struct sk_buff *skb, struct genl_info *info)
{
	return announce_nl_change(info, true);
}

int havs_announce_nl_set(struct sk_buff *skb, struct genl_info *info)
{
	return announce_nl_change(info, false);
}

int havs_announce_nl_del(struct sk_buff *skb, struct genl_info *info)
{
	struct havs_net *hn = havs_pernet(genl_info_net(info));
	struct nlattr *tb[HAVS_ANNOUNCE_A_MAX + 1];
	struct havs_announce *a;
	int err;

	rtnl_lock();
	err = announce_nl_lookup(info, tb, &a);
	if (!err && !a->configured) {
		NL_SET_ERR_MSG(info->extack, "the device is no announcement");
		err = -ENOENT;
	}
	if (!err) {
		a->configured = false;
		announce_tracks_put(hn, a);
		a->nvips = 0;
		a->drain = false;
		havs_nl_dump_changed(hn->net);
		announce_eval(a, HAVS_ANNOUNCE_R_DELETED, NULL);
	}
	rtnl_unlock();
	return err;
}

static int announce_fill(struct sk_buff *skb, const struct havs_announce *a)
{
	struct nlattr *nest, *list, *t;
	unsigned int i;

	nest = nla_nest_start(skb, HAVS_A_ANNOUNCE);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, HAVS_ANNOUNCE_A_IFINDEX, a->dev->ifindex) ||
	    nla_put_string(skb, HAVS_ANNOUNCE_A_IFNAME, a->dev->name) ||
	    nla_put_u8(skb, HAVS_ANNOUNCE_A_DRAIN, a->drain) ||
	    nla_put_u8(skb, HAVS_ANNOUNCE_A_CARRIER, a->carrier) ||
	    nla_put_u8(skb, HAVS_ANNOUNCE_A_REASON, a->reason) ||
	    (a->cause[0] && nla_put_string(skb, HAVS_ANNOUNCE_A_CAUSE, a->cause)) ||
	    nla_put_u32(skb, HAVS_ANNOUNCE_A_CHANGES, a->changes) ||
	    nla_put_u64_64bit(skb, HAVS_ANNOUNCE_A_LAST_CHANGE, a->last_change,
			      HAVS_ANNOUNCE_A_PAD))
		goto cancel;
	list = nla_nest_start(skb, HAVS_ANNOUNCE_A_VIPS);
	if (!list)
		goto cancel;
	for (i = 0; i < a->nvips; i++)
		if (havs_nl_put_addr(skb, HAVS_ANNOUNCE_A_VIP4, HAVS_ANNOUNCE_A_VIP6,
				     a->vips[i].family, a->vips[i].addr))
			goto cancel;
	nla_nest_end(skb, list);
	list = nla_nest_start(skb, HAVS_ANNOUNCE_A_TRACKS);
	if (!list)
		goto cancel;
	for (i = 0; i < a->ntracks; i++) {
		t = nla_nest_start(skb, HAVS_ANNOUNCE_A_TRACK);
		if (!t || nla_put_string(skb, HAVS_TRACK_A_NAME, a->tracks[i]->name) ||
		    nla_put_u8(skb, HAVS_TRACK_A_UP, a->tracks[i]->up))
			goto cancel;
		nla_nest_end(skb, t);
	}
	nla_nest_end(skb, list);
	nla_nest_end(skb, nest);
	return 0;
cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

/* HAVS_CMD_ANNOUNCE_NTF to the events group (rtnl, process context) */
static void announce_event(struct havs_announce *a)
{
	struct net *net = dev_net(a->dev);
	struct sk_buff *msg;
	void *hdr;

	msg = havs_nl_event_new(net, HAVS_CMD_ANNOUNCE_NTF, GFP_KERNEL, &hdr);
	if (!msg)
		return;
	if (announce_fill(msg, a)) {
		nlmsg_free(msg);
		havs_nl_event_lost(net);
		return;
	}
	havs_nl_event_send(net, msg, hdr, GFP_KERNEL);
}

static int announce_get_fill(struct sk_buff *msg, void *arg)
{
	return announce_fill(msg, arg);
}

int havs_announce_nl_get(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[HAVS_ANNOUNCE_A_MAX + 1];
	struct havs_announce *a;
	int err;

	/*
	 * havs_nl_reply() takes rtnl again for the fill: hold the device
	 * in between, so it cannot go.
	 */
	rtnl_lock();
	err = announce_nl_lookup(info, tb, &a);
	if (!err && !a->configured) {
		NL_SET_ERR_MSG(info->extack, "the device is no announcement");
		err = -ENOENT;
	}
	if (!err)
		dev_hold(a->dev);
	rtnl_unlock();
	if (err)
		return err;
	err = havs_nl_reply(info, HAVS_CMD_ANNOUNCE_GET, announce_get_fill, a);
	dev_put(a->dev);
	return err;
}

int havs_announce_nl_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct havs_net *hn = havs_pernet(sock_net(skb->sk));
	unsigned int idx = 0, skip = cb->args[0];
	struct havs_announce *a;
	void *hdr;

	rtnl_lock();
	havs_nl_dump_begin(cb, sock_net(skb->sk));
	list_for_each_entry(a, &hn->announce_list, node) {
		if (!a->configured || idx++ < skip)
			continue;
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &havs_genl_family,
				  NLM_F_MULTI, HAVS_CMD_ANNOUNCE_GET);
		if (hdr)
			genl_dump_check_consistent(cb, hdr);
		if (!hdr || announce_fill(skb, a)) {
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

void havs_announce_net_init(struct havs_net *hn)
{
	INIT_LIST_HEAD(&hn->announce_list);
	hn->announce_count = 0;
}

/*
 * The namespace's devices were unregistered before our pernet exit (device
 * exits run first), each announcement with its device.
 */
void havs_announce_net_exit(struct havs_net *hn)
{
	WARN_ON_ONCE(!list_empty(&hn->announce_list));
}

int __init havs_announce_init(void)
{
	return rtnl_link_register(&announce_link_ops);
}

/*
 * Deletes every device of kind havs in every namespace: their routes are
 * withdrawn. Before the pernet state goes (their uninit uses it).
 */
void havs_announce_exit(void)
{
	rtnl_link_unregister(&announce_link_ops);
}

MODULE_ALIAS_RTNL_LINK(HAVS_LINK_KIND);
