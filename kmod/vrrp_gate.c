// SPDX-License-Identifier: GPL-2.0
/*
 * The gate: every director keeps the virtual addresses configured on its
 * macvlan, and these netfilter hooks decide, per packet and in softirq,
 * from the instance's state, whether this director answers for them:
 *
 *  ARP in:  a request for a VIP is let through only on the instance's
 *           macvlan, and only while master (the kernel then answers with
 *           the virtual MAC); on the parent it is always dropped, since the
 *           kernel would answer there with the real MAC.
 *  ARP out: a VIP is announced only from the master's macvlan; a request
 *           the kernel sends elsewhere with a VIP as sender (it may pick
 *           one as source) gets the interface's primary address instead,
 *           as arp_announce=2 would do, so no host learns a VIP at a real
 *           MAC.
 *  IPv4 pre-routing: packets to a VIP are dropped unless master.
 *
 * Hooks exist only in namespaces that have instances.
 */

#include <linux/if_arp.h>
#include <linux/inetdevice.h>
#include <linux/ip.h>
#include <linux/netfilter.h>
#include <linux/netfilter_arp.h>
#include <linux/netfilter_ipv4.h>

#include "havs.h"

/* The primary IPv4 address of @dev (0 if none). */
__be32 havs_primary4(struct net_device *dev)
{
	const struct in_ifaddr *ifa;
	struct in_device *in_dev;
	__be32 addr = 0;

	rcu_read_lock();
	in_dev = __in_dev_get_rcu(dev);
	if (in_dev) {
		in_dev_for_each_ifa_rcu(ifa, in_dev) {
			if (!(ifa->ifa_flags & IFA_F_SECONDARY)) {
				addr = ifa->ifa_local;
				break;
			}
		}
	}
	rcu_read_unlock();
	return addr;
}

struct havs_vrrp *havs_vip_find(struct havs_net *hn, __be32 addr)
{
	struct havs_vip *vip;

	hash_for_each_possible_rcu(hn->vip_hash, vip, node, (__force u32)addr,
				   lockdep_rtnl_is_held()) {
		if (vip->addr == addr)
			return vip->v;
	}
	return NULL;
}

static bool is_master(const struct havs_vrrp *v)
{
	return READ_ONCE(v->sm.state) == VRRP_STATE_MASTER;
}

/* Sender and target IPv4 of an Ethernet/IPv4 ARP packet, or false. */
static bool arp_addrs(struct sk_buff *skb, u16 *op, __be32 *sip, __be32 *tip,
		      unsigned int *sip_off)
{
	const struct arphdr *arp;
	unsigned int len;

	if (!pskb_may_pull(skb, sizeof(*arp)))
		return false;
	arp = arp_hdr(skb);
	if (arp->ar_pro != htons(ETH_P_IP) || arp->ar_pln != 4)
		return false;
	len = sizeof(*arp) + 2 * (arp->ar_hln + 4);
	if (!pskb_may_pull(skb, len))
		return false;
	arp = arp_hdr(skb);
	*op = ntohs(arp->ar_op);
	*sip_off = sizeof(*arp) + arp->ar_hln;
	memcpy(sip, (u8 *)arp + *sip_off, 4);
	memcpy(tip, (u8 *)arp + *sip_off + 4 + arp->ar_hln, 4);
	return true;
}

static unsigned int gate_drop(struct havs_vrrp *v)
{
	atomic64_inc(&v->gated);
	return NF_DROP;
}

static unsigned int gate_arp_in(void *priv, struct sk_buff *skb,
				const struct nf_hook_state *state)
{
	struct havs_net *hn = havs_pernet(state->net);
	unsigned int off;
	__be32 sip, tip;
	struct havs_vrrp *v;
	u16 op;

	if (!arp_addrs(skb, &op, &sip, &tip, &off) || op != ARPOP_REQUEST)
		return NF_ACCEPT;
	v = havs_vip_find(hn, tip);
	if (!v || (state->in == v->vdev && is_master(v)))
		return NF_ACCEPT;
	return gate_drop(v);
}

static unsigned int gate_arp_out(void *priv, struct sk_buff *skb,
				 const struct nf_hook_state *state)
{
	struct havs_net *hn = havs_pernet(state->net);
	unsigned int off;
	__be32 sip, tip, primary;
	struct havs_vrrp *v;
	u16 op;

	if (!arp_addrs(skb, &op, &sip, &tip, &off))
		return NF_ACCEPT;
	v = havs_vip_find(hn, sip);
	if (!v)
		return NF_ACCEPT;
	if (state->out == v->vdev)
		return is_master(v) ? NF_ACCEPT : gate_drop(v);
	primary = havs_primary4(state->out);
	if (op != ARPOP_REQUEST || !primary ||
	    skb_ensure_writable(skb, off + 4))
		return gate_drop(v);
	memcpy((u8 *)arp_hdr(skb) + off, &primary, 4);
	return NF_ACCEPT;
}

static unsigned int gate_ip4(void *priv, struct sk_buff *skb,
			     const struct nf_hook_state *state)
{
	struct havs_net *hn = havs_pernet(state->net);
	struct havs_vrrp *v;

	v = havs_vip_find(hn, ip_hdr(skb)->daddr);
	if (!v || is_master(v))
		return NF_ACCEPT;
	return gate_drop(v);
}

static const struct nf_hook_ops gate_ops[] = {
	{
		.hook = gate_arp_in,
		.pf = NFPROTO_ARP,
		.hooknum = NF_ARP_IN,
		.priority = 0,
	},
	{
		.hook = gate_arp_out,
		.pf = NFPROTO_ARP,
		.hooknum = NF_ARP_OUT,
		.priority = 0,
	},
	{
		.hook = gate_ip4,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_PRE_ROUTING,
		.priority = NF_IP_PRI_RAW_BEFORE_DEFRAG,
	},
};

/**
 * havs_gate_add() - put an instance's addresses under the gate (rtnl)
 * @hn: namespace
 * @v: instance, not yet visible to the receive path
 * @extack: for refusals
 *
 * Return: 0, -EEXIST if an address belongs to another instance, or the
 * error of registering the hooks.
 */
int havs_gate_add(struct havs_net *hn, struct havs_vrrp *v,
		  struct netlink_ext_ack *extack)
{
	struct havs_vrrp *other;
	int i, err;

	ASSERT_RTNL();
	for (i = 0; i < v->nvips; i++) {
		__be32 addr;

		memcpy(&addr, v->vips[i], 4);
		other = havs_vip_find(hn, addr);
		if (other) {
			NL_SET_ERR_MSG(extack, "an address belongs to another VRRP instance");
			return -EEXIST;
		}
	}
	if (!hn->gate_on) {
		err = nf_register_net_hooks(hn->net, gate_ops,
					    ARRAY_SIZE(gate_ops));
		if (err) {
			NL_SET_ERR_MSG(extack, "cannot register the VIP gate's netfilter hooks");
			return err;
		}
		hn->gate_on = true;
	}
	for (i = 0; i < v->nvips; i++) {
		memcpy(&v->vipn[i].addr, v->vips[i], 4);
		v->vipn[i].v = v;
		hash_add_rcu(hn->vip_hash, &v->vipn[i].node,
			     (__force u32)v->vipn[i].addr);
	}
	return 0;
}

/* Take an instance's addresses out of the gate; last one out unhooks. */
void havs_gate_del(struct havs_net *hn, struct havs_vrrp *v)
{
	int i;

	ASSERT_RTNL();
	for (i = 0; i < v->nvips; i++)
		hash_del_rcu(&v->vipn[i].node);
	if (hn->gate_on && hash_empty(hn->vip_hash)) {
		nf_unregister_net_hooks(hn->net, gate_ops, ARRAY_SIZE(gate_ops));
		hn->gate_on = false;
	}
}
