// SPDX-License-Identifier: GPL-2.0
/*
 * VRRP instances over generic netlink: policies, parsing, VRRP_NEW,
 * VRRP_SET, VRRP_DEL, VRRP_GET and dumps, and the message that describes
 * an instance (replies and HAVS_CMD_VRRP_NTF). Configuration runs under
 * rtnl; dumps and events read an instance under RCU.
 */

#include <linux/etherdevice.h>
#include <linux/if_macvlan.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/stringify.h>
#include <net/genetlink.h>
#include <net/ipv6.h>
#include <net/sock.h>

#include "havs.h"
#include "vrrp_priv.h"

/* HAVS_VRRP_A_REASON carries the state machine's reason as it is */
#define VRRP_NL_SAME_REASON(x) static_assert((int)VRRP_R_##x == (int)HAVS_VRRP_R_##x)
VRRP_NL_SAME_REASON(NONE);
VRRP_NL_SAME_REASON(STARTUP);
VRRP_NL_SAME_REASON(OWNER);
VRRP_NL_SAME_REASON(MASTER_DOWN);
VRRP_NL_SAME_REASON(PRIO0);
VRRP_NL_SAME_REASON(HIGHER_PRIO);
VRRP_NL_SAME_REASON(HIGHER_ADDR);
VRRP_NL_SAME_REASON(SHUTDOWN);
VRRP_NL_SAME_REASON(FAULT);
VRRP_NL_SAME_REASON(RECOVERED);
VRRP_NL_SAME_REASON(SYNC_MASTER);
VRRP_NL_SAME_REASON(SYNC_BACKUP);
VRRP_NL_SAME_REASON(SYNC_FAULT);
static_assert((int)__VRRP_R_MAX == (int)__HAVS_VRRP_R_MAX);

/*
 * The tracked entries. Their identity is configuration (rtnl); dumps and
 * the event path read it under RCU alone. An instance's tracks never
 * change while it is in the hash; once it is deleted, havs_vrrp_destroy() lets
 * its objects go, and an object nobody uses any more is freed after a
 * grace period (track_free()), so a reader that still sees the instance
 * may read the names of its objects.
 */
static int vrrp_nl_fill_tracks(struct sk_buff *skb, struct havs_vrrp *v)
{
	unsigned int i, ntracks = READ_ONCE(v->ntracks);
	struct nlattr *tracks, *nest;

	tracks = nla_nest_start(skb, HAVS_VRRP_A_TRACKS);
	if (!tracks)
		return -EMSGSIZE;
	for (i = 0; i < ntracks; i++) {
		const struct havs_vrrp_track *t = &v->tracks[i];

		nest = nla_nest_start(skb, HAVS_VRRP_A_TRACK);
		if (!nest ||
		    (t->obj ? nla_put_string(skb, HAVS_TRACK_A_NAME, t->obj->name) :
		     nla_put_u32(skb, HAVS_TRACK_A_IFINDEX, t->ifindex)) ||
		    nla_put_s32(skb, HAVS_TRACK_A_WEIGHT, t->weight) ||
		    nla_put_u8(skb, HAVS_TRACK_A_UP, READ_ONCE(t->up)))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	nla_nest_end(skb, tracks);
	return 0;
}

static int vrrp_nl_fill(struct sk_buff *skb, struct havs_vrrp *v)
{
	struct nlattr *nest, *vips, *peers, *stats;
	u64 counters[__HAVS_VRRP_S_MAX];
	u8 master[16], state, prev, prio, cfg_prio, csum, conn_sync;
	enum vrrp_reason reason;
	struct vrrp_sm_cfg cfg;
	u16 master_int;
	bool have, accept;
	int i;

	spin_lock_bh(&v->lock);
	cfg = v->cfg;	/* settings change under the lock (VRRP_SET) */
	cfg_prio = v->cfg_priority;
	accept = v->accept;
	csum = v->csum_mode;
	conn_sync = v->conn_sync;
	memcpy(counters, v->stats, sizeof(counters));
	counters[HAVS_VRRP_S_GATED] = atomic64_read(&v->gated);
	memcpy(master, v->master_addr, sizeof(master));
	have = v->have_master;
	state = v->sm.state;
	prev = v->prev_state;
	reason = v->last_reason;
	prio = v->sm.priority;
	master_int = v->sm.master_adver_int_cs;
	spin_unlock_bh(&v->lock);

	nest = nla_nest_start(skb, HAVS_A_VRRP);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, HAVS_VRRP_A_IFINDEX, v->ifindex) ||
	    nla_put_u8(skb, HAVS_VRRP_A_VRID, v->vrid) ||
	    nla_put_u16(skb, HAVS_VRRP_A_FAMILY, v->family) ||
	    nla_put_u32(skb, HAVS_VRRP_A_VDEV, v->vdev->ifindex) ||
	    nla_put_u8(skb, HAVS_VRRP_A_VERSION, cfg.version) ||
	    nla_put_u8(skb, HAVS_VRRP_A_PRIORITY, cfg_prio) ||
	    nla_put_u16(skb, HAVS_VRRP_A_INTERVAL, cfg.adver_int_cs) ||
	    nla_put_u8(skb, HAVS_VRRP_A_PREEMPT, cfg.preempt) ||
	    nla_put_u32(skb, HAVS_VRRP_A_PREEMPT_DELAY, cfg.preempt_delay_cs) ||
	    nla_put_u8(skb, HAVS_VRRP_A_CSUM_NO_PSEUDO, csum) ||
	    nla_put_u8(skb, HAVS_VRRP_A_ACCEPT, accept) ||
	    nla_put_u8(skb, HAVS_VRRP_A_CONN_SYNC, conn_sync) ||
	    nla_put_u8(skb, HAVS_VRRP_A_STATE, state) ||
	    nla_put_u8(skb, HAVS_VRRP_A_PREV_STATE, prev) ||
	    nla_put_u8(skb, HAVS_VRRP_A_REASON, reason) ||
	    nla_put_u8(skb, HAVS_VRRP_A_EFF_PRIORITY, prio) ||
	    nla_put_u16(skb, HAVS_VRRP_A_MASTER_INTERVAL, master_int))
		goto err;
	if (have && havs_nl_put_addr(skb, HAVS_VRRP_A_MASTER_ADDR4,
				     HAVS_VRRP_A_MASTER_ADDR6, v->family, master))
		goto err;
	vips = nla_nest_start(skb, HAVS_VRRP_A_VIPS);
	if (!vips)
		goto err;
	for (i = 0; i < v->nvips; i++)
		if (havs_nl_put_addr(skb, HAVS_VRRP_A_VIP4, HAVS_VRRP_A_VIP6,
				     v->family, v->vips[i]))
			goto err;
	nla_nest_end(skb, vips);
	if (v->npeers) {
		peers = nla_nest_start(skb, HAVS_VRRP_A_PEERS);
		if (!peers)
			goto err;
		for (i = 0; i < v->npeers; i++)
			if (havs_nl_put_addr(skb, HAVS_VRRP_A_PEER4,
					     HAVS_VRRP_A_PEER6, v->family,
					     v->peers[i]))
				goto err;
		nla_nest_end(skb, peers);
	}
	if (v->ntracks && vrrp_nl_fill_tracks(skb, v))
		goto err;
	if (v->group && nla_put_string(skb, HAVS_VRRP_A_SYNC_GROUP, v->group->name))
		goto err;
	stats = nla_nest_start(skb, HAVS_VRRP_A_STATS);
	if (!stats)
		goto err;
	for (i = HAVS_VRRP_S_ADV_TX; i < HAVS_VRRP_S_PAD; i++)
		if (nla_put_u64_64bit(skb, i, counters[i], HAVS_VRRP_S_PAD))
			goto err;
	nla_nest_end(skb, stats);
	nla_nest_end(skb, nest);
	return 0;
err:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

void havs_vrrp_event(struct havs_vrrp *v, const struct vrrp_effects *fx)
{
	struct sk_buff *msg;
	void *hdr;

	msg = havs_nl_event_new(v->net, HAVS_CMD_VRRP_NTF, GFP_ATOMIC, &hdr);
	if (!msg)
		return;
	if (vrrp_nl_fill(msg, v)) {
		nlmsg_free(msg);
		havs_nl_event_lost(v->net);
		return;
	}
	havs_nl_event_send(v->net, msg, hdr, GFP_ATOMIC);
}

static const struct nla_policy havs_vrrp_track_policy[HAVS_TRACK_A_MAX + 1] = {
	[HAVS_TRACK_A_NAME] = { .type = NLA_NUL_STRING, .len = HAVS_TRACK_NAME_LEN - 1 },
	[HAVS_TRACK_A_UP] = { .type = NLA_REJECT },
	[HAVS_TRACK_A_USERS] = { .type = NLA_REJECT },
	[HAVS_TRACK_A_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[HAVS_TRACK_A_WEIGHT] = NLA_POLICY_RANGE(NLA_S32, -254, 254),
	[HAVS_TRACK_A_PINNED] = { .type = NLA_REJECT },
	[HAVS_TRACK_A_LEASE] = { .type = NLA_REJECT },
	[HAVS_TRACK_A_LEASE_LEFT] = { .type = NLA_REJECT },
	[HAVS_TRACK_A_REASON] = { .type = NLA_REJECT },
};

static const struct nla_policy havs_vrrp_tracks_policy[HAVS_VRRP_A_MAX + 1] = {
	[HAVS_VRRP_A_TRACK] = NLA_POLICY_NESTED(havs_vrrp_track_policy),
};

static const struct nla_policy havs_vrrp_vips_policy[HAVS_VRRP_A_MAX + 1] = {
	[HAVS_VRRP_A_VIP4] = HAVS_NLA_POLICY_ADDR4,
	[HAVS_VRRP_A_VIP6] = HAVS_NLA_POLICY_ADDR6,
};

static const struct nla_policy havs_vrrp_peers_policy[HAVS_VRRP_A_MAX + 1] = {
	[HAVS_VRRP_A_PEER4] = HAVS_NLA_POLICY_ADDR4,
	[HAVS_VRRP_A_PEER6] = HAVS_NLA_POLICY_ADDR6,
};

static struct netlink_range_validation vrrp_preempt_delay_range = {
	.max = 360000,	/* one hour, in centiseconds */
};

static const struct nla_policy havs_vrrp_policy[HAVS_VRRP_A_MAX + 1] = {
	[HAVS_VRRP_A_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[HAVS_VRRP_A_VRID] = NLA_POLICY_MIN(NLA_U8, 1),
	[HAVS_VRRP_A_FAMILY] = NLA_POLICY_RANGE(NLA_U16, AF_INET, AF_INET6),
	[HAVS_VRRP_A_VDEV] = NLA_POLICY_MIN(NLA_U32, 1),
	[HAVS_VRRP_A_VERSION] = NLA_POLICY_RANGE(NLA_U8, 2, 3),
	[HAVS_VRRP_A_PRIORITY] = NLA_POLICY_MIN(NLA_U8, 1),
	[HAVS_VRRP_A_INTERVAL] = NLA_POLICY_RANGE(NLA_U16, 1, VRRP_V3_MAX_INT_CS),
	[HAVS_VRRP_A_PREEMPT] = NLA_POLICY_MAX(NLA_U8, 1),
	[HAVS_VRRP_A_PREEMPT_DELAY] = NLA_POLICY_FULL_RANGE(NLA_U32, &vrrp_preempt_delay_range),
	[HAVS_VRRP_A_CSUM_NO_PSEUDO] = NLA_POLICY_MAX(NLA_U8, 1),
	[HAVS_VRRP_A_ACCEPT] = NLA_POLICY_MAX(NLA_U8, 1),
	[HAVS_VRRP_A_CONN_SYNC] = NLA_POLICY_MAX(NLA_U8, HAVS_VRRP_SYNC_DERIVED),
	[HAVS_VRRP_A_PEERS] = NLA_POLICY_NESTED(havs_vrrp_peers_policy),
	[HAVS_VRRP_A_PEER4] = { .type = NLA_REJECT },
	[HAVS_VRRP_A_PEER6] = { .type = NLA_REJECT },
	[HAVS_VRRP_A_TRACKS] = NLA_POLICY_NESTED(havs_vrrp_tracks_policy),
	[HAVS_VRRP_A_TRACK] = { .type = NLA_REJECT },
	[HAVS_VRRP_A_SYNC_GROUP] = { .type = NLA_NUL_STRING, .len = HAVS_TRACK_NAME_LEN - 1 },
	[HAVS_VRRP_A_VIPS] = NLA_POLICY_NESTED(havs_vrrp_vips_policy),
	[HAVS_VRRP_A_STATE] = { .type = NLA_REJECT },
	[HAVS_VRRP_A_PREV_STATE] = { .type = NLA_REJECT },
	[HAVS_VRRP_A_REASON] = { .type = NLA_REJECT },
	[HAVS_VRRP_A_EFF_PRIORITY] = { .type = NLA_REJECT },
	[HAVS_VRRP_A_MASTER_ADDR4] = { .type = NLA_REJECT },
	[HAVS_VRRP_A_MASTER_ADDR6] = { .type = NLA_REJECT },
	[HAVS_VRRP_A_MASTER_INTERVAL] = { .type = NLA_REJECT },
	[HAVS_VRRP_A_STATS] = { .type = NLA_REJECT },
};

const struct nla_policy havs_nl_vrrp_policy[HAVS_A_MAX + 1] = {
	[HAVS_A_VRRP] = NLA_POLICY_NESTED(havs_vrrp_policy),
};

/* VRRP_DEL and VRRP_GET name an instance: anything else is refused */
static const struct nla_policy havs_vrrp_id_policy[HAVS_VRRP_A_MAX + 1] = {
	[HAVS_VRRP_A_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[HAVS_VRRP_A_VRID] = NLA_POLICY_MIN(NLA_U8, 1),
	[HAVS_VRRP_A_FAMILY] = NLA_POLICY_RANGE(NLA_U16, AF_INET, AF_INET6),
};

const struct nla_policy havs_nl_vrrp_id_policy[HAVS_A_MAX + 1] = {
	[HAVS_A_VRRP] = NLA_POLICY_NESTED(havs_vrrp_id_policy),
};

/* Parse the HAVS_A_VRRP nest and the instance identity every op needs. */
static int vrrp_nl_parse(struct genl_info *info, struct nlattr **tb,
			 int *ifindex, u8 *vrid, u8 *family)
{
	struct netlink_ext_ack *extack = info->extack;
	int err;

	if (!info->attrs[HAVS_A_VRRP]) {
		NL_SET_ERR_ATTR_MISS(extack, NULL, HAVS_A_VRRP);
		NL_SET_ERR_MSG(extack, "missing the instance (HAVS_A_VRRP nest)");
		return -EINVAL;
	}
	err = nla_parse_nested(tb, HAVS_VRRP_A_MAX, info->attrs[HAVS_A_VRRP],
			       havs_vrrp_policy, extack);
	if (err)
		return err;
	if (!tb[HAVS_VRRP_A_IFINDEX] || !tb[HAVS_VRRP_A_VRID] ||
	    !tb[HAVS_VRRP_A_FAMILY]) {
		NL_SET_ERR_MSG(extack, "an instance is named by interface, VRID and family");
		return -EINVAL;
	}
	*ifindex = nla_get_u32(tb[HAVS_VRRP_A_IFINDEX]);
	*vrid = nla_get_u8(tb[HAVS_VRRP_A_VRID]);
	*family = nla_get_u16(tb[HAVS_VRRP_A_FAMILY]);
	if (*family != AF_INET && *family != AF_INET6) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HAVS_VRRP_A_FAMILY],
				    "family must be AF_INET or AF_INET6");
		return -EINVAL;
	}
	return 0;
}

static int vrrp_nl_vips(struct havs_vrrp *v, const struct nlattr *nest,
			struct netlink_ext_ack *extack)
{
	unsigned int alen = vrrp_addr_len(v->family);
	int own = v->family == AF_INET6 ? HAVS_VRRP_A_VIP6 : HAVS_VRRP_A_VIP4;
	const struct nlattr *a;
	int rem, i;

	/* the policy lets VIP4 (4 bytes) and VIP6 (16) into the nest alone */
	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) != own) {
			if (v->family == AF_INET6)
				NL_SET_ERR_MSG_ATTR(extack, a,
						    "an IPv6 instance's addresses are IPv6 (VIP6)");
			else
				NL_SET_ERR_MSG_ATTR(extack, a,
						    "an IPv4 instance's addresses are IPv4 (VIP4)");
			return -EINVAL;
		}
		if (v->nvips == HAVS_VRRP_MAX_VIPS) {
			NL_SET_ERR_MSG_ATTR(extack, a, "too many addresses (at most "
					    __stringify(HAVS_VRRP_MAX_VIPS) ")");
			return -E2BIG;
		}
		for (i = 0; i < v->nvips; i++) {
			if (!memcmp(v->vips[i], nla_data(a), alen)) {
				NL_SET_ERR_MSG_ATTR(extack, a, "duplicate address");
				return -EINVAL;
			}
		}
		if (v->family == AF_INET6 && !v->nvips &&
		    !(ipv6_addr_type(nla_data(a)) & IPV6_ADDR_LINKLOCAL)) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "the first address of an IPv6 instance must be link-local (RFC 9568 5.2.9)");
			return -EINVAL;
		}
		memcpy(v->vips[v->nvips++], nla_data(a), alen);
	}
	if (!v->nvips) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "at least one address is needed");
		return -EINVAL;
	}
	return 0;
}

static int vrrp_nl_peers(struct havs_vrrp *v, const struct nlattr *nest,
			 struct netlink_ext_ack *extack)
{
	int own = v->family == AF_INET6 ? HAVS_VRRP_A_PEER6 : HAVS_VRRP_A_PEER4;
	unsigned int alen = vrrp_addr_len(v->family);
	const struct nlattr *a;
	int rem;

	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) != own) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "a peer's address is of the instance's family (PEER4 or PEER6)");
			return -EINVAL;
		}
		if (v->npeers == HAVS_VRRP_MAX_PEERS) {
			NL_SET_ERR_MSG_ATTR(extack, a, "too many peers (at most "
					    __stringify(HAVS_VRRP_MAX_PEERS) ")");
			return -E2BIG;
		}
		if (havs_vrrp_is_peer(v, nla_data(a))) {
			NL_SET_ERR_MSG_ATTR(extack, a, "duplicate peer");
			return -EINVAL;
		}
		if (v->family == AF_INET ?
		    ipv4_is_multicast(nla_get_in_addr(a)) ||
		    ipv4_is_zeronet(nla_get_in_addr(a)) ||
		    ipv4_is_lbcast(nla_get_in_addr(a)) :
		    ipv6_addr_type(nla_data(a)) &
		    (IPV6_ADDR_MULTICAST | IPV6_ADDR_ANY)) {
			NL_SET_ERR_MSG_ATTR(extack, a, "a peer is a unicast address");
			return -EINVAL;
		}
		memcpy(v->peers[v->npeers++], nla_data(a), alen);
	}
	return 0;
}

/* What the instance tracks (rtnl); on error nothing is held. */
static int vrrp_nl_tracks(struct havs_net *hn, struct havs_vrrp *v,
			  const struct nlattr *nest, struct netlink_ext_ack *extack)
{
	struct nlattr *tb[HAVS_TRACK_A_MAX + 1];
	struct havs_vrrp_track *t;
	const struct nlattr *a;
	unsigned int i;
	int rem, err;

	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) != HAVS_VRRP_A_TRACK)
			continue;
		err = nla_parse_nested(tb, HAVS_TRACK_A_MAX, a,
				       havs_vrrp_track_policy, extack);
		if (err)
			goto err;
		err = -EINVAL;
		if (!tb[HAVS_TRACK_A_IFINDEX] == !tb[HAVS_TRACK_A_NAME]) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "a tracked entry is an interface or an object, not both");
			goto err;
		}
		if (v->ntracks == HAVS_VRRP_MAX_TRACKS) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "too many tracked interfaces and objects (at most "
					    __stringify(HAVS_VRRP_MAX_TRACKS) ")");
			err = -E2BIG;
			goto err;
		}
		t = &v->tracks[v->ntracks];
		*t = (struct havs_vrrp_track){};
		if (tb[HAVS_TRACK_A_WEIGHT])
			t->weight = nla_get_s32(tb[HAVS_TRACK_A_WEIGHT]);
		if (tb[HAVS_TRACK_A_IFINDEX]) {
			t->ifindex = nla_get_u32(tb[HAVS_TRACK_A_IFINDEX]);
			if (!__dev_get_by_index(v->net, t->ifindex)) {
				NL_SET_ERR_MSG_ATTR(extack, tb[HAVS_TRACK_A_IFINDEX],
						    "no such interface to track");
				err = -ENODEV;
				goto err;
			}
		} else {
			const char *name = nla_data(tb[HAVS_TRACK_A_NAME]);

			if (!havs_track_name_ok(name)) {
				NL_SET_ERR_MSG_ATTR(extack, tb[HAVS_TRACK_A_NAME],
						    "names are 1 to 31 characters of A-Z a-z 0-9 _ . : -");
				goto err;
			}
			if (!havs_track_find(hn, name) &&
			    hn->track_count >= READ_ONCE(havs_max_track_objects)) {
				NL_SET_ERR_MSG_ATTR(extack, tb[HAVS_TRACK_A_NAME],
						    "this namespace is at max_track_objects (module parameter)");
				err = -ENOSPC;
				goto err;
			}
		}
		for (i = 0; i < v->ntracks; i++) {
			if (t->ifindex ? v->tracks[i].ifindex == t->ifindex :
			    v->tracks[i].obj &&
			    !strcmp(v->tracks[i].obj->name,
				    nla_data(tb[HAVS_TRACK_A_NAME]))) {
				NL_SET_ERR_MSG_ATTR(extack, a, "tracked twice");
				goto err;
			}
		}
		if (!t->ifindex) {
			t->obj = havs_track_get(hn, nla_data(tb[HAVS_TRACK_A_NAME]));
			if (!t->obj) {
				err = -ENOMEM;
				goto err;
			}
		}
		t->up = true;
		v->ntracks++;
	}
	return 0;
err:
	havs_vrrp_tracks_put(hn, v);
	return err;
}

int havs_vrrp_nl_new(struct sk_buff *skb, struct genl_info *info)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr *tb[HAVS_VRRP_A_MAX + 1];
	struct net *net = genl_info_net(info);
	struct havs_net *hn = havs_pernet(net);
	struct havs_sync_group *group = NULL;
	struct net_device *dev, *vdev;
	u8 vrid, family, vmac[ETH_ALEN];
	struct havs_vrrp *v;
	int ifindex, err;

	err = vrrp_nl_parse(info, tb, &ifindex, &vrid, &family);
	if (err)
		return err;
	if (!tb[HAVS_VRRP_A_VDEV] || !tb[HAVS_VRRP_A_VIPS]) {
		NL_SET_ERR_MSG(extack, "a new instance needs its macvlan and addresses");
		return -EINVAL;
	}

	v = kzalloc(sizeof(*v), GFP_KERNEL_ACCOUNT);
	if (!v)
		return -ENOMEM;
	v->net = net;
	v->ifindex = ifindex;
	v->vrid = vrid;
	v->family = family;
	v->cfg.version = 3;
	v->cfg.adver_int_cs = 100;
	v->cfg.preempt = true;
	v->cfg_priority = 100;
	v->accept = true;
	if (tb[HAVS_VRRP_A_VERSION])
		v->cfg.version = nla_get_u8(tb[HAVS_VRRP_A_VERSION]);
	if (tb[HAVS_VRRP_A_INTERVAL])
		v->cfg.adver_int_cs = nla_get_u16(tb[HAVS_VRRP_A_INTERVAL]);
	if (tb[HAVS_VRRP_A_PRIORITY])
		v->cfg_priority = nla_get_u8(tb[HAVS_VRRP_A_PRIORITY]);
	if (tb[HAVS_VRRP_A_PREEMPT])
		v->cfg.preempt = nla_get_u8(tb[HAVS_VRRP_A_PREEMPT]);
	if (tb[HAVS_VRRP_A_PREEMPT_DELAY])
		v->cfg.preempt_delay_cs = nla_get_u32(tb[HAVS_VRRP_A_PREEMPT_DELAY]);
	if (tb[HAVS_VRRP_A_ACCEPT])
		v->accept = nla_get_u8(tb[HAVS_VRRP_A_ACCEPT]);
	if (tb[HAVS_VRRP_A_CONN_SYNC])
		v->conn_sync = nla_get_u8(tb[HAVS_VRRP_A_CONN_SYNC]);
	if (tb[HAVS_VRRP_A_CSUM_NO_PSEUDO])
		v->csum_mode = nla_get_u8(tb[HAVS_VRRP_A_CSUM_NO_PSEUDO]) ?
			       VRRP_CSUM_NO_PSEUDO : VRRP_CSUM_PSEUDO;
	if (v->cfg.version == 2 && family == AF_INET6) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HAVS_VRRP_A_VERSION],
				    "VRRPv2 is IPv4 only: IPv6 needs version 3");
		err = -EINVAL;
		goto err_free;
	}
	if (v->cfg.version == 2 &&
	    (v->cfg.adver_int_cs % 100 || v->cfg.adver_int_cs > 25500)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HAVS_VRRP_A_INTERVAL],
				    "VRRPv2 intervals are whole seconds, 1 to 255");
		err = -EINVAL;
		goto err_free;
	}
	err = vrrp_nl_vips(v, tb[HAVS_VRRP_A_VIPS], extack);
	if (err)
		goto err_free;
	if (tb[HAVS_VRRP_A_PEERS]) {
		err = vrrp_nl_peers(v, tb[HAVS_VRRP_A_PEERS], extack);
		if (err)
			goto err_free;
	}

	rtnl_lock();
	if (hn->vrrp_count >= READ_ONCE(havs_max_instances)) {
		NL_SET_ERR_MSG(extack,
			       "this namespace is at max_instances (module parameter)");
		err = -ENOSPC;
		goto err_unlock;
	}
	if (havs_vrrp_find(hn, ifindex, vrid, family)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HAVS_VRRP_A_VRID],
				    "this VRID already runs on this interface");
		err = -EEXIST;
		goto err_unlock;
	}
	dev = __dev_get_by_index(net, ifindex);
	if (!dev) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HAVS_VRRP_A_IFINDEX], "no such interface");
		err = -ENODEV;
		goto err_unlock;
	}
	vdev = __dev_get_by_index(net, nla_get_u32(tb[HAVS_VRRP_A_VDEV]));
	if (!vdev || !netif_is_macvlan(vdev) ||
	    macvlan_dev_real_dev(vdev) != dev) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HAVS_VRRP_A_VDEV],
				    "not a macvlan on the instance's interface");
		err = -EINVAL;
		goto err_unlock;
	}
	havs_vrrp_vmac(family, vrid, vmac);
	if (!ether_addr_equal(vdev->dev_addr, vmac)) {
		if (family == AF_INET6)
			NL_SET_ERR_MSG_ATTR(extack, tb[HAVS_VRRP_A_VDEV],
					    "the macvlan's address must be the virtual MAC 00:00:5e:00:02:<VRID>");
		else
			NL_SET_ERR_MSG_ATTR(extack, tb[HAVS_VRRP_A_VDEV],
					    "the macvlan's address must be the virtual MAC 00:00:5e:00:01:<VRID>");
		err = -EINVAL;
		goto err_unlock;
	}

	havs_vrrp_setup(v, dev, vdev);
	if (tb[HAVS_VRRP_A_SYNC_GROUP] &&
	    !havs_track_name_ok(nla_data(tb[HAVS_VRRP_A_SYNC_GROUP]))) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HAVS_VRRP_A_SYNC_GROUP],
				    "sync group names are 1 to 31 characters of A-Z a-z 0-9 _ . : -");
		err = -EINVAL;
		goto err_unlock;
	}
	if (tb[HAVS_VRRP_A_TRACKS]) {
		err = vrrp_nl_tracks(hn, v, tb[HAVS_VRRP_A_TRACKS], extack);
		if (err)
			goto err_unlock;
	}
	if (tb[HAVS_VRRP_A_SYNC_GROUP]) {
		group = havs_vrrp_sync_find(hn, nla_data(tb[HAVS_VRRP_A_SYNC_GROUP]));
		if (!group) {
			NL_SET_ERR_MSG(extack, "out of memory for the sync group");
			err = -ENOMEM;
			goto err_tracks;
		}
	}
	err = havs_vrrp_join_group(v, extack);
	if (err)
		goto err_group;
	/*
	 * The gate publishes the addresses to the receive path: from here on
	 * nothing may fail, or the instance would be freed under readers.
	 */
	err = havs_gate_add(hn, v, extack);
	if (err) {
		havs_vrrp_leave_group(v);
		goto err_group;
	}
	havs_vrrp_publish(hn, v, group);
	havs_info(hn, HAVS_V_INFO, "vrrp %s/%u v%u %s%s created (prio %u, interval %u0 ms, %u addresses, on %s)\n",
		  dev->name, vrid, v->cfg.version,
		  family == AF_INET6 ? "IPv6" : "IPv4",
		  v->npeers ? " unicast" : "", v->cfg_priority,
		  v->cfg.adver_int_cs, v->nvips, vdev->name);
	havs_vrrp_track_eval(v);
	rtnl_unlock();
	return 0;

err_group:
	havs_vrrp_sync_unfind(group);
err_tracks:
	havs_vrrp_tracks_put(hn, v);
err_unlock:
	rtnl_unlock();
err_free:
	kfree(v);
	return err;
}

/* Attributes VRRP_SET may change; the rest name or shape the instance. */
static const u8 vrrp_settable[] = {
	HAVS_VRRP_A_PRIORITY, HAVS_VRRP_A_INTERVAL, HAVS_VRRP_A_PREEMPT,
	HAVS_VRRP_A_PREEMPT_DELAY, HAVS_VRRP_A_ACCEPT, HAVS_VRRP_A_CSUM_NO_PSEUDO,
	HAVS_VRRP_A_CONN_SYNC,
};

int havs_vrrp_nl_set(struct sk_buff *skb, struct genl_info *info)
{
	struct havs_net *hn = havs_pernet(genl_info_net(info));
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr *tb[HAVS_VRRP_A_MAX + 1];
	struct vrrp_sm_cfg cfg;
	unsigned int i, j;
	struct havs_vrrp *v;
	int ifindex, err;
	u8 vrid, family, prio;
	u8 csum, conn_sync;
	bool accept;

	err = vrrp_nl_parse(info, tb, &ifindex, &vrid, &family);
	if (err)
		return err;
	for (i = HAVS_VRRP_A_IFINDEX; i <= HAVS_VRRP_A_MAX; i++) {
		if (!tb[i] || i == HAVS_VRRP_A_IFINDEX || i == HAVS_VRRP_A_VRID ||
		    i == HAVS_VRRP_A_FAMILY)
			continue;
		for (j = 0; j < ARRAY_SIZE(vrrp_settable); j++)
			if (vrrp_settable[j] == i)
				break;
		if (j == ARRAY_SIZE(vrrp_settable)) {
			NL_SET_ERR_MSG_ATTR(extack, tb[i],
					    "this cannot be changed in place: delete and re-create the instance");
			return -EOPNOTSUPP;
		}
	}

	rtnl_lock();
	v = havs_vrrp_find(hn, ifindex, vrid, family);
	if (!v) {
		rtnl_unlock();
		NL_SET_ERR_MSG(extack, "no such VRRP instance");
		return -ENOENT;
	}
	/* Validate the whole change first: all or nothing. */
	cfg = v->cfg;
	prio = v->cfg_priority;
	accept = v->accept;
	csum = v->csum_mode;
	conn_sync = v->conn_sync;
	if (tb[HAVS_VRRP_A_PRIORITY])
		prio = nla_get_u8(tb[HAVS_VRRP_A_PRIORITY]);
	if (tb[HAVS_VRRP_A_INTERVAL])
		cfg.adver_int_cs = nla_get_u16(tb[HAVS_VRRP_A_INTERVAL]);
	if (tb[HAVS_VRRP_A_PREEMPT])
		cfg.preempt = nla_get_u8(tb[HAVS_VRRP_A_PREEMPT]);
	if (tb[HAVS_VRRP_A_PREEMPT_DELAY])
		cfg.preempt_delay_cs = nla_get_u32(tb[HAVS_VRRP_A_PREEMPT_DELAY]);
	if (tb[HAVS_VRRP_A_ACCEPT])
		accept = nla_get_u8(tb[HAVS_VRRP_A_ACCEPT]);
	if (tb[HAVS_VRRP_A_CSUM_NO_PSEUDO])
		csum = nla_get_u8(tb[HAVS_VRRP_A_CSUM_NO_PSEUDO]) ?
		       VRRP_CSUM_NO_PSEUDO : VRRP_CSUM_PSEUDO;
	if (tb[HAVS_VRRP_A_CONN_SYNC])
		conn_sync = nla_get_u8(tb[HAVS_VRRP_A_CONN_SYNC]);
	if (cfg.version == 2 &&
	    (cfg.adver_int_cs % 100 || cfg.adver_int_cs > 25500)) {
		rtnl_unlock();
		NL_SET_ERR_MSG_ATTR(extack, tb[HAVS_VRRP_A_INTERVAL],
				    "VRRPv2 intervals are whole seconds, 1 to 255");
		return -EINVAL;
	}

	if (prio != v->cfg_priority)
		havs_info(hn, HAVS_V_INFO, "vrrp %s/%u: configured priority %u -> %u\n",
			  v->dev->name, vrid, v->cfg_priority, prio);
	spin_lock_bh(&v->lock);
	if (cfg.adver_int_cs != v->cfg.adver_int_cs &&
	    v->sm.state == VRRP_STATE_MASTER) {
		/* Backups learn the new interval from the next advert. */
		v->sm.master_adver_int_cs = cfg.adver_int_cs;
	}
	v->cfg = cfg;
	WRITE_ONCE(v->accept, accept);
	WRITE_ONCE(v->cfg_priority, prio);
	v->csum_mode = csum;
	v->conn_sync = conn_sync;
	spin_unlock_bh(&v->lock);
	/* The priority in effect follows, through tracking. */
	havs_vrrp_track_eval(v);
	rtnl_unlock();
	return 0;
}

int havs_vrrp_nl_del(struct sk_buff *skb, struct genl_info *info)
{
	struct havs_net *hn = havs_pernet(genl_info_net(info));
	struct nlattr *tb[HAVS_VRRP_A_MAX + 1];
	struct havs_vrrp *v;
	int ifindex, err;
	u8 vrid, family;

	err = vrrp_nl_parse(info, tb, &ifindex, &vrid, &family);
	if (err)
		return err;
	rtnl_lock();
	v = havs_vrrp_find(hn, ifindex, vrid, family);
	if (v)
		havs_vrrp_destroy(hn, v, true);
	rtnl_unlock();
	if (!v) {
		NL_SET_ERR_MSG(info->extack, "no such VRRP instance");
		return -ENOENT;
	}
	return 0;
}

struct vrrp_get {
	struct havs_net *hn;
	int ifindex;
	u8 vrid;
	u8 family;
};

static int vrrp_nl_get_fill(struct sk_buff *msg, void *arg)
{
	const struct vrrp_get *g = arg;
	struct havs_vrrp *v = havs_vrrp_find(g->hn, g->ifindex, g->vrid, g->family);

	return v ? vrrp_nl_fill(msg, v) : -ENOENT;
}

int havs_vrrp_nl_get(struct sk_buff *skb, struct genl_info *info)
{
	struct vrrp_get g = { .hn = havs_pernet(genl_info_net(info)) };
	struct nlattr *tb[HAVS_VRRP_A_MAX + 1];
	int err;

	err = vrrp_nl_parse(info, tb, &g.ifindex, &g.vrid, &g.family);
	if (err)
		return err;
	err = havs_nl_reply(info, HAVS_CMD_VRRP_GET, vrrp_nl_get_fill, &g);
	if (err == -ENOENT)
		NL_SET_ERR_MSG(info->extack, "no such VRRP instance");
	return err;
}

int havs_vrrp_nl_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct havs_net *hn = havs_pernet(sock_net(skb->sk));
	unsigned int bkt, idx, skip = cb->args[1];
	struct havs_vrrp *v;
	void *hdr;

	rcu_read_lock();
	havs_nl_dump_begin(cb, sock_net(skb->sk));
	for (bkt = cb->args[0]; bkt < HASH_SIZE(hn->vrrp_hash); bkt++, skip = 0) {
		idx = 0;
		hlist_for_each_entry_rcu(v, &hn->vrrp_hash[bkt], node) {
			if (idx++ < skip)
				continue;
			hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
					  cb->nlh->nlmsg_seq, &havs_genl_family,
					  NLM_F_MULTI, HAVS_CMD_VRRP_GET);
			if (hdr)
				genl_dump_check_consistent(cb, hdr);
			if (!hdr || vrrp_nl_fill(skb, v)) {
				if (hdr)
					genlmsg_cancel(skb, hdr);
				cb->args[0] = bkt;
				cb->args[1] = idx - 1;
				goto out;
			}
			genlmsg_end(skb, hdr);
		}
	}
	cb->args[0] = bkt;
	cb->args[1] = 0;
out:
	rcu_read_unlock();
	return skb->len;
}
