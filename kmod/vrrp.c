// SPDX-License-Identifier: GPL-2.0
/*
 * VRRP instances in the kernel: configuration (generic netlink), receive
 * (protocol 112 handler), timers and transmission. The protocol rules are
 * in vrrp_pkt.c and vrrp_sm.c; this file connects them to the network.
 * See DESIGN.md for how virtual addresses are owned.
 *
 * Locking: configuration under rtnl; instance lookup from the receive path
 * under RCU; each instance's state under its spinlock (softirq and BH-off
 * process context). Packets are built under the lock and sent after it.
 */

#include <linux/if_macvlan.h>
#include <linux/igmp.h>
#include <net/arp.h>
#include <linux/inetdevice.h>
#include <linux/ip.h>
#include <linux/pkt_sched.h>
#include <linux/stringify.h>
#include <linux/rtnetlink.h>
#include <linux/timekeeping.h>
#include <net/genetlink.h>
#include <net/ip.h>
#include <net/protocol.h>

#include "havs.h"

#define VRRP_MCAST4 htonl(0xe0000012)	/* 224.0.0.18 */

static const u8 vrrp_vmac_prefix[5] = { 0x00, 0x00, 0x5e, 0x00, 0x01 };

static u32 vrrp_hash_key(int ifindex, u8 vrid, u8 family)
{
	return (u32)ifindex ^ (u32)vrid << 20 ^ (u32)family << 28;
}

static struct havs_vrrp *vrrp_find(struct havs_net *hn, int ifindex, u8 vrid,
				   u8 family)
{
	struct havs_vrrp *v;

	hash_for_each_possible_rcu(hn->vrrp_hash, v, node,
				   vrrp_hash_key(ifindex, vrid, family),
				   lockdep_rtnl_is_held()) {
		if (v->ifindex == ifindex && v->vrid == vrid &&
		    v->family == family)
			return v;
	}
	return NULL;
}

/* Build an advertisement with @priority; NULL (counted) when impossible. */
static struct sk_buff *vrrp_build(struct havs_vrrp *v, u8 priority)
{
	struct net_device *vdev = v->vdev;
	unsigned int plen, hlen = LL_RESERVED_SPACE(vdev);
	u8 mac[ETH_ALEN], vips[HAVS_VRRP_MAX_VIPS * 4];
	struct vrrp_ip ip = { .family = AF_INET, .ttl = VRRP_TTL };
	__be32 saddr, daddr = VRRP_MCAST4;
	struct vrrp_pkt p;
	struct sk_buff *skb;
	struct iphdr *iph;
	unsigned int i;

	saddr = havs_primary4(v->dev);
	if (!saddr) {
		if (__ratelimit(&v->log_rs))
			pr_warn("vrrp %s/%u: cannot advertise: %s has no IPv4 address\n",
				v->dev->name, v->vrid, v->dev->name);
		goto err;
	}
	for (i = 0; i < v->nvips; i++)
		memcpy(&vips[i * 4], v->vips[i], 4);
	p = (struct vrrp_pkt){
		.version = v->cfg.version, .vrid = v->vrid,
		.priority = priority, .naddr = v->nvips,
		.interval_cs = v->cfg.adver_int_cs, .family = AF_INET,
		.addrs = vips,
	};
	ip.saddr = (const u8 *)&saddr;
	ip.daddr = (const u8 *)&daddr;
	plen = vrrp_pkt_len(p.version, AF_INET, p.naddr);

	skb = alloc_skb(hlen + sizeof(*iph) + plen + vdev->needed_tailroom,
			GFP_ATOMIC);
	if (!skb)
		goto err;
	skb_reserve(skb, hlen);
	skb_reset_network_header(skb);
	iph = skb_put(skb, sizeof(*iph));
	if (vrrp_encode(skb_put(skb, plen), plen, &p, &ip, v->csum_mode) < 0)
		goto err_free;

	iph->version = 4;
	iph->ihl = 5;
	iph->tos = IPTOS_PREC_INTERNETCONTROL;
	iph->tot_len = htons(sizeof(*iph) + plen);
	iph->id = 0;
	iph->frag_off = htons(IP_DF);
	iph->ttl = VRRP_TTL;
	iph->protocol = VRRP_PROTO;
	iph->saddr = saddr;
	iph->daddr = daddr;
	ip_send_check(iph);

	skb->protocol = htons(ETH_P_IP);
	skb->dev = vdev;
	skb->priority = TC_PRIO_CONTROL;
	ip_eth_mc_map(daddr, mac);
	if (dev_hard_header(skb, vdev, ETH_P_IP, mac, NULL, skb->len) < 0)
		goto err_free;
	v->stats[HAVS_VRRP_S_ADV_TX]++;
	return skb;

err_free:
	kfree_skb(skb);
err:
	v->stats[HAVS_VRRP_S_TX_ERRORS]++;
	return NULL;
}

/**
 * struct vrrp_effects - what to do once the instance lock is released
 * @skb: advertisement to send
 * @changed: the state changed
 * @old: previous state
 * @now: new state
 * @reason: why
 * @priority: priority in effect
 * @garp: send the first round of gratuitous ARP
 */
struct vrrp_effects {
	struct sk_buff *skb;
	bool garp;
	bool changed;
	enum vrrp_state old;
	enum vrrp_state now;
	enum vrrp_reason reason;
	u8 priority;
};

/* Under v->lock: turn the state machine's output into effects, rearm. */
static void vrrp_apply(struct havs_vrrp *v, const struct vrrp_sm_out *out,
		       struct vrrp_effects *fx)
{
	u64 deadline;

	if (out->actions & VRRP_ACT_SEND)
		fx->skb = vrrp_build(v, v->sm.priority);
	else if (out->actions & VRRP_ACT_SEND_PRIO0)
		fx->skb = vrrp_build(v, VRRP_PRIO_STOP);

	if (out->actions & VRRP_ACT_STATE) {
		fx->changed = true;
		fx->old = out->old;
		fx->now = v->sm.state;
		fx->reason = out->reason;
		fx->priority = v->sm.priority;
		v->prev_state = out->old;
		v->last_reason = out->reason;
		v->stats[HAVS_VRRP_S_TRANSITIONS]++;
		v->stats[HAVS_VRRP_S_LAST_TRANSITION] = ktime_get_real_ns();
		if (v->sm.state == VRRP_STATE_MASTER) {
			__be32 self = havs_primary4(v->dev);

			memcpy(v->master_addr, &self, 4);
			v->have_master = true;
			/* Tell switches and hosts; more rounds follow. */
			fx->garp = true;
			v->stats[HAVS_VRRP_S_GARP] += v->nvips;
			v->garp_left = READ_ONCE(havs_garp_count) - 1;
			if (v->garp_left && !v->dead)
				hrtimer_start(&v->garp_timer,
					      ms_to_ktime(READ_ONCE(havs_garp_interval_ms)),
					      HRTIMER_MODE_REL_SOFT);
		} else if (v->sm.state != VRRP_STATE_BACKUP) {
			v->have_master = false;
		}
	}

	if (v->dead)
		return;
	deadline = vrrp_sm_next_deadline(&v->sm);
	if (deadline)
		hrtimer_start(&v->timer, ns_to_ktime(deadline),
			      HRTIMER_MODE_ABS_SOFT);
	else
		hrtimer_try_to_cancel(&v->timer);
}

static void vrrp_event(struct havs_vrrp *v, const struct vrrp_effects *fx);

/* One gratuitous ARP request per address, from the macvlan (virtual MAC). */
static void vrrp_garp_round(struct havs_vrrp *v)
{
	__be32 addr;
	int i;

	for (i = 0; i < v->nvips; i++) {
		memcpy(&addr, v->vips[i], 4);
		arp_send(ARPOP_REQUEST, ETH_P_ARP, addr, v->vdev, addr, NULL,
			 v->vdev->dev_addr, NULL);
	}
}

/*
 * Further gratuitous ARP rounds. Like the main timer, it is only ever
 * (re)armed with hrtimer_start() under v->lock and never restarts itself,
 * so a new transition that rearms it concurrently cannot race with it.
 */
static enum hrtimer_restart vrrp_garp_timer_fn(struct hrtimer *t)
{
	struct havs_vrrp *v = container_of(t, struct havs_vrrp, garp_timer);
	bool send = false;

	spin_lock(&v->lock);
	if (!v->dead && v->sm.state == VRRP_STATE_MASTER && v->garp_left) {
		send = true;
		v->stats[HAVS_VRRP_S_GARP] += v->nvips;
		if (--v->garp_left)
			hrtimer_start(t, ms_to_ktime(READ_ONCE(havs_garp_interval_ms)),
				      HRTIMER_MODE_REL_SOFT);
	}
	spin_unlock(&v->lock);
	if (send)
		vrrp_garp_round(v);
	return HRTIMER_NORESTART;
}

/* After v->lock: send, log, notify. Callers have BHs disabled. */
static void vrrp_commit(struct havs_vrrp *v, struct vrrp_effects *fx)
{
	if (fx->skb)
		dev_queue_xmit(fx->skb);
	if (fx->garp)
		vrrp_garp_round(v);
	if (!fx->changed)
		return;
	/* Remote adverts can cause transitions: bound the lines they cost. */
	if (__ratelimit(&v->trans_rs))
		pr_info("vrrp %s/%u v%u %s -> %s (%s; prio %u)\n",
			v->dev->name, v->vrid, v->cfg.version,
			vrrp_state_name(fx->old), vrrp_state_name(fx->now),
			vrrp_reason_text(fx->reason), fx->priority);
	vrrp_event(v, fx);
}

static enum hrtimer_restart vrrp_timer_fn(struct hrtimer *t)
{
	struct havs_vrrp *v = container_of(t, struct havs_vrrp, timer);
	struct vrrp_effects fx = {};
	struct vrrp_sm_out out;

	spin_lock(&v->lock);
	if (v->dead) {
		spin_unlock(&v->lock);
		return HRTIMER_NORESTART;
	}
	vrrp_sm_timer(&v->sm, &v->cfg, ktime_get_ns(), &out);
	vrrp_apply(v, &out, &fx);
	spin_unlock(&v->lock);
	vrrp_commit(v, &fx);
	return HRTIMER_NORESTART;
}

static bool vrrp_link_ok(const struct havs_vrrp *v)
{
	return netif_running(v->dev) && netif_carrier_ok(v->dev) &&
	       netif_running(v->vdev);
}

/* Start, or park in FAULT, from the links' state. BHs off, lock free. */
static void vrrp_check_links(struct havs_vrrp *v, bool creating)
{
	struct vrrp_effects fx = {};
	struct vrrp_sm_out out = {};
	bool ok = vrrp_link_ok(v);

	spin_lock_bh(&v->lock);
	if (ok && (v->sm.state == VRRP_STATE_INIT ||
		   v->sm.state == VRRP_STATE_FAULT))
		vrrp_sm_start(&v->sm, &v->cfg, ktime_get_ns(),
			      creating ? VRRP_R_STARTUP : VRRP_R_RECOVERED,
			      &out);
	else if (!ok && v->sm.state != VRRP_STATE_FAULT)
		vrrp_sm_stop(&v->sm, VRRP_R_FAULT, &out);
	vrrp_apply(v, &out, &fx);
	spin_unlock_bh(&v->lock);

	local_bh_disable();
	vrrp_commit(v, &fx);
	local_bh_enable();
}

static const char vrrp_csum_hint[] =
	" (the sender uses the other VRRPv3 IPv4 checksum: see 'checksum' in havsadm(8))";

/* Receive: protocol 112 over IPv4, in softirq under RCU. */
static int vrrp_rcv4(struct sk_buff *skb)
{
	struct havs_net *hn = havs_pernet(dev_net(skb->dev));
	const struct iphdr *iph = ip_hdr(skb);
	struct vrrp_ip ip = {
		.family = AF_INET, .ttl = iph->ttl,
		.saddr = (const u8 *)&iph->saddr,
		.daddr = (const u8 *)&iph->daddr,
	};
	struct vrrp_effects fx = {};
	struct vrrp_sm_advert adv;
	struct vrrp_sm_out out;
	enum vrrp_drop why;
	struct havs_vrrp *v;
	struct vrrp_pkt p;
	__be32 self;

	/* Copies delivered to our own macvlans are not for us. */
	if (netif_is_macvlan(skb->dev))
		goto drop;
	if (!pskb_may_pull(skb, skb->len) || skb->len < VRRP_HDR_LEN)
		goto unknown;
	v = vrrp_find(hn, skb->dev->ifindex, skb->data[1], AF_INET);
	if (!v)
		goto unknown;

	spin_lock(&v->lock);
	if (v->dead)
		goto unlock;
	why = vrrp_decode(skb->data, skb->len, &ip, v->csum_mode, &p);
	if (why == VRRP_OK && p.version != v->cfg.version)
		why = VRRP_DROP_VERSION;
	/* v2 routers must agree on the interval (RFC 3768 7.1). */
	if (why == VRRP_OK && p.version == 2 &&
	    p.interval_cs != v->cfg.adver_int_cs)
		why = VRRP_DROP_INTERVAL;
	if (why != VRRP_OK) {
		v->stats[HAVS_VRRP_S_DROP_TTL + why - VRRP_DROP_TTL]++;
		if (__ratelimit(&v->log_rs))
			pr_warn("vrrp %s/%u: dropped advert from %pI4: %s%s\n",
				v->dev->name, v->vrid, &iph->saddr,
				vrrp_drop_name(why),
				why == VRRP_DROP_CSUM_VARIANT ? vrrp_csum_hint : "");
		goto unlock;
	}
	v->stats[HAVS_VRRP_S_ADV_RX]++;
	pr_debug("vrrp %s/%u: advert from %pI4 prio %u int %u cs\n",
		 v->dev->name, v->vrid, &iph->saddr, p.priority,
		 p.interval_cs);

	self = havs_primary4(v->dev);
	adv.priority = p.priority;
	adv.interval_cs = p.interval_cs;
	adv.addr_cmp = memcmp(&iph->saddr, &self, 4);
	vrrp_sm_advert(&v->sm, &v->cfg, ktime_get_ns(), &adv, &out);
	if (v->sm.state == VRRP_STATE_BACKUP && p.priority) {
		memcpy(v->master_addr, &iph->saddr, 4);
		v->have_master = true;
	}
	vrrp_apply(v, &out, &fx);
unlock:
	spin_unlock(&v->lock);
	vrrp_commit(v, &fx);
	consume_skb(skb);
	return 0;

unknown:
	atomic64_inc(&hn->vrrp_unknown);
drop:
	kfree_skb(skb);
	return 0;
}

static const struct net_protocol vrrp_protocol4 = {
	.handler = vrrp_rcv4,
	.no_policy = 1,
};

static int vrrp_fill(struct sk_buff *skb, struct havs_vrrp *v)
{
	struct nlattr *nest, *vips, *stats;
	u64 counters[__HAVS_VRRP_S_MAX];
	u8 master[16], state, prev, prio;
	enum vrrp_reason reason;
	u16 master_int;
	bool have;
	int i;

	spin_lock_bh(&v->lock);
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
	    nla_put_u8(skb, HAVS_VRRP_A_FAMILY, v->family) ||
	    nla_put_u32(skb, HAVS_VRRP_A_VDEV, v->vdev->ifindex) ||
	    nla_put_u8(skb, HAVS_VRRP_A_VERSION, v->cfg.version) ||
	    nla_put_u8(skb, HAVS_VRRP_A_PRIORITY, v->cfg_priority) ||
	    nla_put_u16(skb, HAVS_VRRP_A_INTERVAL, v->cfg.adver_int_cs) ||
	    nla_put_u8(skb, HAVS_VRRP_A_PREEMPT, v->cfg.preempt) ||
	    nla_put_u32(skb, HAVS_VRRP_A_PREEMPT_DELAY, v->cfg.preempt_delay_cs) ||
	    nla_put_u8(skb, HAVS_VRRP_A_CSUM_V2, v->csum_mode) ||
	    nla_put_u8(skb, HAVS_VRRP_A_STATE, state) ||
	    nla_put_u8(skb, HAVS_VRRP_A_PREV_STATE, prev) ||
	    nla_put_string(skb, HAVS_VRRP_A_REASON, vrrp_reason_text(reason)) ||
	    nla_put_u8(skb, HAVS_VRRP_A_EFF_PRIORITY, prio) ||
	    nla_put_u16(skb, HAVS_VRRP_A_MASTER_INTERVAL, master_int))
		goto err;
	if (have && nla_put(skb, HAVS_VRRP_A_MASTER_ADDR, 4, master))
		goto err;
	vips = nla_nest_start(skb, HAVS_VRRP_A_VIPS);
	if (!vips)
		goto err;
	for (i = 0; i < v->nvips; i++)
		if (nla_put(skb, HAVS_VRRP_A_VIP, 4, v->vips[i]))
			goto err;
	nla_nest_end(skb, vips);
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

static void vrrp_event(struct havs_vrrp *v, const struct vrrp_effects *fx)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_ATOMIC);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &havs_genl_family, 0, HAVS_CMD_VRRP_EVENT);
	if (!hdr || vrrp_fill(msg, v)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&havs_genl_family, v->net, msg, 0, 0,
				GFP_ATOMIC);
}

/*
 * Delete an instance (rtnl held). A master first sends priority 0, so a
 * backup takes over after Skew_Time, unless its devices are going away.
 */
static void vrrp_destroy(struct havs_net *hn, struct havs_vrrp *v,
			 bool announce)
{
	struct vrrp_effects fx = {};
	struct vrrp_sm_out out;
	struct in_device *in_dev;

	ASSERT_RTNL();
	spin_lock_bh(&v->lock);
	vrrp_sm_stop(&v->sm, VRRP_R_SHUTDOWN, &out);
	if (!announce)
		out.actions &= ~VRRP_ACT_SEND_PRIO0;
	v->dead = true;
	vrrp_apply(v, &out, &fx);
	spin_unlock_bh(&v->lock);
	local_bh_disable();
	vrrp_commit(v, &fx);
	local_bh_enable();

	hrtimer_cancel(&v->timer);
	hrtimer_cancel(&v->garp_timer);
	hash_del_rcu(&v->node);
	havs_gate_del(hn, v);
	hn->vrrp_count--;
	in_dev = __in_dev_get_rtnl(v->dev);
	if (in_dev)
		ip_mc_dec_group(in_dev, VRRP_MCAST4);
	havs_info(HAVS_V_INFO, "vrrp %s/%u deleted\n", v->dev->name, v->vrid);
	netdev_put(v->vdev, &v->vdev_tracker);
	netdev_put(v->dev, &v->dev_tracker);
	kfree_rcu(v, rcu);
}

static void vrrp_flush(struct havs_net *hn, bool announce)
{
	struct hlist_node *tmp;
	struct havs_vrrp *v;
	int bkt;

	hash_for_each_safe(hn->vrrp_hash, bkt, tmp, v, node)
		vrrp_destroy(hn, v, announce);
}

void havs_vrrp_net_init(struct havs_net *hn)
{
	hash_init(hn->vrrp_hash);
	hash_init(hn->vip_hash);
	hn->gate_on = false;
	hn->vrrp_count = 0;
	atomic64_set(&hn->vrrp_unknown, 0);
}

void havs_vrrp_net_exit(struct havs_net *hn)
{
	rtnl_lock();
	vrrp_flush(hn, true);
	rtnl_unlock();
}

static const struct nla_policy havs_vrrp_vips_policy[HAVS_VRRP_A_MAX + 1] = {
	[HAVS_VRRP_A_VIP] = NLA_POLICY_EXACT_LEN(4),
};

static struct netlink_range_validation vrrp_preempt_delay_range = {
	.max = 360000,	/* one hour, in centiseconds */
};

static const struct nla_policy havs_vrrp_policy[HAVS_VRRP_A_MAX + 1] = {
	[HAVS_VRRP_A_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[HAVS_VRRP_A_VRID] = NLA_POLICY_MIN(NLA_U8, 1),
	[HAVS_VRRP_A_FAMILY] = { .type = NLA_U8 },
	[HAVS_VRRP_A_VDEV] = NLA_POLICY_MIN(NLA_U32, 1),
	[HAVS_VRRP_A_VERSION] = NLA_POLICY_RANGE(NLA_U8, 2, 3),
	[HAVS_VRRP_A_PRIORITY] = NLA_POLICY_MIN(NLA_U8, 1),
	[HAVS_VRRP_A_INTERVAL] = NLA_POLICY_RANGE(NLA_U16, 1, VRRP_V3_MAX_INT_CS),
	[HAVS_VRRP_A_PREEMPT] = NLA_POLICY_MAX(NLA_U8, 1),
	[HAVS_VRRP_A_PREEMPT_DELAY] = NLA_POLICY_FULL_RANGE(NLA_U32, &vrrp_preempt_delay_range),
	[HAVS_VRRP_A_CSUM_V2] = NLA_POLICY_MAX(NLA_U8, 1),
	[HAVS_VRRP_A_VIPS] = NLA_POLICY_NESTED(havs_vrrp_vips_policy),
	[HAVS_VRRP_A_STATE] = { .type = NLA_REJECT },
	[HAVS_VRRP_A_PREV_STATE] = { .type = NLA_REJECT },
	[HAVS_VRRP_A_REASON] = { .type = NLA_REJECT },
	[HAVS_VRRP_A_EFF_PRIORITY] = { .type = NLA_REJECT },
	[HAVS_VRRP_A_MASTER_ADDR] = { .type = NLA_REJECT },
	[HAVS_VRRP_A_MASTER_INTERVAL] = { .type = NLA_REJECT },
	[HAVS_VRRP_A_STATS] = { .type = NLA_REJECT },
};

const struct nla_policy havs_nl_vrrp_policy[HAVS_A_MAX + 1] = {
	[HAVS_A_VRRP] = NLA_POLICY_NESTED(havs_vrrp_policy),
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
	*family = nla_get_u8(tb[HAVS_VRRP_A_FAMILY]);
	if (*family == AF_INET6) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HAVS_VRRP_A_FAMILY],
				    "IPv6 instances are not supported by this version yet");
		return -EOPNOTSUPP;
	}
	if (*family != AF_INET) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HAVS_VRRP_A_FAMILY],
				    "family must be AF_INET");
		return -EINVAL;
	}
	return 0;
}

static int vrrp_nl_vips(struct havs_vrrp *v, const struct nlattr *nest,
			struct netlink_ext_ack *extack)
{
	const struct nlattr *a;
	int rem, i;

	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) != HAVS_VRRP_A_VIP)
			continue;
		if (v->nvips == HAVS_VRRP_MAX_VIPS) {
			NL_SET_ERR_MSG_ATTR(extack, a, "too many addresses (at most "
					    __stringify(HAVS_VRRP_MAX_VIPS) ")");
			return -E2BIG;
		}
		for (i = 0; i < v->nvips; i++) {
			if (!memcmp(v->vips[i], nla_data(a), 4)) {
				NL_SET_ERR_MSG_ATTR(extack, a, "duplicate address");
				return -EINVAL;
			}
		}
		memcpy(v->vips[v->nvips++], nla_data(a), 4);
	}
	if (!v->nvips) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "at least one address is needed");
		return -EINVAL;
	}
	return 0;
}

int havs_vrrp_nl_new(struct sk_buff *skb, struct genl_info *info)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr *tb[HAVS_VRRP_A_MAX + 1];
	struct net *net = genl_info_net(info);
	struct havs_net *hn = havs_pernet(net);
	struct net_device *dev, *vdev;
	u8 vrid, family, vmac[ETH_ALEN];
	struct in_device *in_dev;
	struct havs_vrrp *v;
	int ifindex, err;

	err = vrrp_nl_parse(info, tb, &ifindex, &vrid, &family);
	if (err)
		return err;
	if (!tb[HAVS_VRRP_A_VDEV] || !tb[HAVS_VRRP_A_VIPS]) {
		NL_SET_ERR_MSG(extack, "a new instance needs its macvlan and addresses");
		return -EINVAL;
	}

	v = kzalloc(sizeof(*v), GFP_KERNEL);
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
	if (tb[HAVS_VRRP_A_CSUM_V2])
		v->csum_mode = nla_get_u8(tb[HAVS_VRRP_A_CSUM_V2]) ?
			       VRRP_CSUM_NO_PSEUDO : VRRP_CSUM_PSEUDO;
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

	rtnl_lock();
	if (vrrp_find(hn, ifindex, vrid, family)) {
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
	memcpy(vmac, vrrp_vmac_prefix, sizeof(vrrp_vmac_prefix));
	vmac[5] = vrid;
	if (!ether_addr_equal(vdev->dev_addr, vmac)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HAVS_VRRP_A_VDEV],
				    "the macvlan's address must be the virtual MAC 00:00:5e:00:01:<VRID>");
		err = -EINVAL;
		goto err_unlock;
	}
	in_dev = __in_dev_get_rtnl(dev);
	if (!in_dev) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HAVS_VRRP_A_IFINDEX],
				    "the interface has IPv4 disabled");
		err = -EINVAL;
		goto err_unlock;
	}

	v->dev = dev;
	v->vdev = vdev;
	spin_lock_init(&v->lock);
	ratelimit_state_init(&v->log_rs, 5 * HZ, 10);
	ratelimit_set_flags(&v->log_rs, RATELIMIT_MSG_ON_RELEASE);
	ratelimit_state_init(&v->trans_rs, 5 * HZ, 20);
	ratelimit_set_flags(&v->trans_rs, RATELIMIT_MSG_ON_RELEASE);
	hrtimer_init(&v->timer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS_SOFT);
	v->timer.function = vrrp_timer_fn;
	hrtimer_init(&v->garp_timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	v->garp_timer.function = vrrp_garp_timer_fn;
	atomic64_set(&v->gated, 0);
	v->sm.state = VRRP_STATE_INIT;
	v->sm.priority = v->cfg_priority;
	err = havs_gate_add(hn, v, extack);
	if (err)
		goto err_unlock;
	netdev_hold(dev, &v->dev_tracker, GFP_KERNEL);
	netdev_hold(vdev, &v->vdev_tracker, GFP_KERNEL);
	ip_mc_inc_group(in_dev, VRRP_MCAST4);
	hash_add_rcu(hn->vrrp_hash, &v->node, vrrp_hash_key(ifindex, vrid, family));
	hn->vrrp_count++;
	havs_info(HAVS_V_INFO, "vrrp %s/%u v%u created (prio %u, interval %u0 ms, %u addresses, on %s)\n",
		  dev->name, vrid, v->cfg.version, v->cfg_priority,
		  v->cfg.adver_int_cs, v->nvips, vdev->name);
	vrrp_check_links(v, true);
	rtnl_unlock();
	return 0;

err_unlock:
	rtnl_unlock();
err_free:
	kfree(v);
	return err;
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
	v = vrrp_find(hn, ifindex, vrid, family);
	if (v)
		vrrp_destroy(hn, v, true);
	rtnl_unlock();
	if (!v) {
		NL_SET_ERR_MSG(info->extack, "no such VRRP instance");
		return -ENOENT;
	}
	return 0;
}

int havs_vrrp_nl_get(struct sk_buff *skb, struct genl_info *info)
{
	struct havs_net *hn = havs_pernet(genl_info_net(info));
	struct nlattr *tb[HAVS_VRRP_A_MAX + 1];
	struct sk_buff *msg;
	struct havs_vrrp *v;
	int ifindex, err;
	u8 vrid, family;
	void *hdr;

	err = vrrp_nl_parse(info, tb, &ifindex, &vrid, &family);
	if (err)
		return err;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &havs_genl_family, 0,
				HAVS_CMD_VRRP_GET);
	rtnl_lock();
	v = vrrp_find(hn, ifindex, vrid, family);
	err = v ? (hdr ? vrrp_fill(msg, v) : -EMSGSIZE) : -ENOENT;
	rtnl_unlock();
	if (err) {
		nlmsg_free(msg);
		if (err == -ENOENT)
			NL_SET_ERR_MSG(info->extack, "no such VRRP instance");
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

int havs_vrrp_nl_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct havs_net *hn = havs_pernet(sock_net(skb->sk));
	unsigned int bkt, idx, skip = cb->args[1];
	struct havs_vrrp *v;
	void *hdr;

	rcu_read_lock();
	for (bkt = cb->args[0]; bkt < HASH_SIZE(hn->vrrp_hash); bkt++, skip = 0) {
		idx = 0;
		hlist_for_each_entry_rcu(v, &hn->vrrp_hash[bkt], node) {
			if (idx++ < skip)
				continue;
			hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
					  cb->nlh->nlmsg_seq, &havs_genl_family,
					  NLM_F_MULTI, HAVS_CMD_VRRP_GET);
			if (!hdr || vrrp_fill(skb, v)) {
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

/* Device events: follow link state; let go of devices that go away. */
static int vrrp_netdev_event(struct notifier_block *nb, unsigned long event,
			     void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct havs_net *hn = havs_pernet(dev_net(dev));
	struct hlist_node *tmp;
	struct havs_vrrp *v;
	int bkt;

	if (!hn->vrrp_count)
		return NOTIFY_DONE;
	hash_for_each_safe(hn->vrrp_hash, bkt, tmp, v, node) {
		if (v->dev != dev && v->vdev != dev)
			continue;
		switch (event) {
		case NETDEV_UNREGISTER:
			havs_info(HAVS_V_QUIET, "vrrp %s/%u: %s is going away, deleting the instance\n",
				  v->dev->name, v->vrid, dev->name);
			vrrp_destroy(hn, v, false);
			break;
		case NETDEV_UP:
		case NETDEV_DOWN:
		case NETDEV_CHANGE:
			vrrp_check_links(v, false);
			break;
		}
	}
	return NOTIFY_DONE;
}

static struct notifier_block vrrp_netdev_nb = {
	.notifier_call = vrrp_netdev_event,
};

int __init havs_vrrp_init(void)
{
	int err;

	BUILD_BUG_ON(HAVS_VRRP_S_DROP_AUTH - HAVS_VRRP_S_DROP_TTL !=
		     VRRP_DROP_AUTH - VRRP_DROP_TTL);
	BUILD_BUG_ON(VRRP_DROP_AUTH + 1 != __VRRP_DROP_MAX);
	BUILD_BUG_ON((int)HAVS_VRRP_MASTER != (int)VRRP_STATE_MASTER);
	BUILD_BUG_ON((int)HAVS_VRRP_FAULT != (int)VRRP_STATE_FAULT);

	err = register_netdevice_notifier(&vrrp_netdev_nb);
	if (err)
		return err;
	err = inet_add_protocol(&vrrp_protocol4, VRRP_PROTO);
	if (err) {
		pr_err("IP protocol %d (VRRP) is taken by another module\n",
		       VRRP_PROTO);
		unregister_netdevice_notifier(&vrrp_netdev_nb);
		return -EBUSY;
	}
	return 0;
}

void havs_vrrp_exit(void)
{
	struct net *net;

	/* Masters bow out with priority 0 before anything is torn down. */
	rtnl_lock();
	for_each_net(net)
		vrrp_flush(havs_pernet(net), true);
	rtnl_unlock();
	inet_del_protocol(&vrrp_protocol4, VRRP_PROTO);
	unregister_netdevice_notifier(&vrrp_netdev_nb);
}
