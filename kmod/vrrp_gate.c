// SPDX-License-Identifier: GPL-2.0
/*
 * The gate: every director keeps the virtual addresses configured on its
 * macvlan, and these netfilter hooks decide, per packet and in softirq,
 * from the instance's state, whether this director answers for them:
 *
 *  ARP in:  a request for a VIP is let through only on the instance's
 *           macvlan, and only while master (the kernel then answers with
 *           the virtual MAC); on the parent it is always dropped, since the
 *           kernel would answer there with the real MAC. A request for
 *           any other address (the director's own) is dropped on the
 *           macvlans: the kernel would answer it there with the virtual
 *           MAC, and a peer that learns its peer's address at the virtual
 *           MAC sends its unicast adverts to itself.
 *  ARP out: a VIP is announced only from the master's macvlan; a request
 *           the kernel sends elsewhere with a VIP as sender (it may pick
 *           one as source) gets the interface's primary address instead,
 *           as arp_announce=2 would do, so no host learns a VIP at a real
 *           MAC.
 *  IPv4 pre-routing: packets to a VIP are dropped unless master (and, with
 *           accept mode off, unless the address owner).
 *  IPv6 pre-routing: neighbour solicitations for a VIP pass only on the
 *           master's macvlan; other packets to a VIP as for IPv4.
 *  IPv6 post-routing: packets with a VIP as source leave only a master.
 *
 * Hooks exist only in namespaces that have instances.
 */

#include <linux/if_arp.h>
#include <linux/inetdevice.h>
#include <linux/ip.h>
#include <linux/netfilter.h>
#include <linux/netfilter_arp.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <net/addrconf.h>
#include <net/if_inet6.h>
#include <net/ipv6.h>
#include <net/ndisc.h>

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

/*
 * A link-local address of @dev: one that passed duplicate address
 * detection if there is one, else one still in it. Right after a link
 * comes back, DAD keeps the new link-local tentative for a second or more;
 * a router that could not advertise then would take over as master
 * unheard (it may preempt, or its master down timer may expire) and two
 * masters would coexist until DAD ends. Advertising from the tentative
 * address, as optimistic DAD (RFC 4429) does for other traffic, avoids
 * that. False if none.
 */
bool havs_lladdr6(struct net_device *dev, struct in6_addr *addr)
{
	const struct inet6_ifaddr *ifp;
	struct inet6_dev *idev;
	bool found = false;

	rcu_read_lock();
	idev = __in6_dev_get(dev);
	if (idev) {
		list_for_each_entry_rcu(ifp, &idev->addr_list, if_list) {
			if (ifp->scope != IFA_LINK ||
			    (ifp->flags & IFA_F_DADFAILED))
				continue;
			if (!found || !(ifp->flags & IFA_F_TENTATIVE))
				*addr = ifp->addr;
			found = true;
			if (!(ifp->flags & IFA_F_TENTATIVE))
				break;
		}
	}
	rcu_read_unlock();
	return found;
}

/*
 * This router's own address in @family for elections and the advert's
 * source: the parent's primary IPv4 address, or its link-local IPv6 one.
 */
bool havs_self_addr(const struct havs_vrrp *v, u8 *addr)
{
	__be32 a4;

	if (v->family == AF_INET6)
		return havs_lladdr6(v->dev, (struct in6_addr *)addr);
	a4 = havs_primary4(v->dev);
	memcpy(addr, &a4, 4);
	return a4;
}

static u32 gate_vip_hash(u8 family, const void *addr)
{
	if (family == AF_INET)
		return (__force u32)*(const __be32 *)addr;
	return ipv6_addr_hash(addr);
}

/* The instance an address belongs to (RCU or rtnl), or NULL. */
struct havs_vrrp *havs_vip_find(struct havs_net *hn, u8 family,
				const void *addr)
{
	unsigned int alen = vrrp_addr_len(family);
	struct havs_vip *vip;

	hash_for_each_possible_rcu(hn->vip_hash, vip, node,
				   gate_vip_hash(family, addr),
				   lockdep_rtnl_is_held()) {
		if (vip->v->family == family && !memcmp(vip->addr, addr, alen))
			return vip->v;
	}
	return NULL;
}

static bool gate_is_master(const struct havs_vrrp *v)
{
	return READ_ONCE(v->sm.state) == VRRP_STATE_MASTER;
}

/* Sender and target IPv4 of an Ethernet/IPv4 ARP packet, or false. */
static bool gate_arp_addrs(struct sk_buff *skb, u16 *op, __be32 *sip, __be32 *tip,
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

	if (!gate_arp_addrs(skb, &op, &sip, &tip, &off) || op != ARPOP_REQUEST)
		return NF_ACCEPT;
	v = havs_vip_find(hn, AF_INET, &tip);
	if (!v) {
		v = havs_vrrp_of_vdev(hn, state->in);
		return v ? gate_drop(v) : NF_ACCEPT;
	}
	if (state->in == v->vdev && gate_is_master(v))
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

	if (!gate_arp_addrs(skb, &op, &sip, &tip, &off))
		return NF_ACCEPT;
	v = havs_vip_find(hn, AF_INET, &sip);
	if (!v)
		return NF_ACCEPT;
	if (state->out == v->vdev)
		return gate_is_master(v) ? NF_ACCEPT : gate_drop(v);
	primary = havs_primary4(state->out);
	if (op != ARPOP_REQUEST || !primary ||
	    skb_ensure_writable(skb, off + 4))
		return gate_drop(v);
	memcpy((u8 *)arp_hdr(skb) + off, &primary, 4);
	return NF_ACCEPT;
}

/* Accept mode off: a master that is not the owner takes no traffic. */
static bool gate_accepts(const struct havs_vrrp *v)
{
	return gate_is_master(v) &&
	       (READ_ONCE(v->accept) ||
		READ_ONCE(v->cfg_priority) == VRRP_PRIO_OWNER);
}

static unsigned int gate_ip4(void *priv, struct sk_buff *skb,
			     const struct nf_hook_state *state)
{
	struct havs_net *hn = havs_pernet(state->net);
	struct havs_vrrp *v;

	v = havs_vip_find(hn, AF_INET, &ip_hdr(skb)->daddr);
	if (!v || gate_accepts(v))
		return NF_ACCEPT;
	return gate_drop(v);
}

/* The ICMPv6 type of @skb (0 if none) and, for ND, the target address. */
static u8 gate_icmp6_nd(struct sk_buff *skb, struct in6_addr *target)
{
	u8 nexthdr = ipv6_hdr(skb)->nexthdr;
	struct {
		struct icmp6hdr h;
		struct in6_addr target;
	} _nd, *nd;
	__be16 frag_off;
	int off;

	off = ipv6_skip_exthdr(skb, sizeof(struct ipv6hdr), &nexthdr, &frag_off);
	if (off < 0 || nexthdr != IPPROTO_ICMPV6 || frag_off)
		return 0;
	nd = skb_header_pointer(skb, off, sizeof(_nd), &_nd);
	if (!nd)
		return 0;
	if (nd->h.icmp6_type != NDISC_NEIGHBOUR_SOLICITATION &&
	    nd->h.icmp6_type != NDISC_NEIGHBOUR_ADVERTISEMENT)
		return 0;
	*target = nd->target;
	return nd->h.icmp6_type;
}

/*
 * IPv6 in: neighbour solicitations for a VIP reach only the master's
 * macvlan (the kernel answers with the virtual MAC); advertisements for a
 * VIP from elsewhere are not ours to learn; other packets to a VIP need
 * the master (and accept mode, as for IPv4).
 */
static unsigned int gate_ip6_in(void *priv, struct sk_buff *skb,
				const struct nf_hook_state *state)
{
	struct havs_net *hn = havs_pernet(state->net);
	struct in6_addr target;
	struct havs_vrrp *v;
	u8 type;

	type = gate_icmp6_nd(skb, &target);
	if (type) {
		v = havs_vip_find(hn, AF_INET6, &target);
		if (!v)
			return NF_ACCEPT;
		if (type == NDISC_NEIGHBOUR_SOLICITATION &&
		    state->in == v->vdev && gate_is_master(v))
			return NF_ACCEPT;
		return gate_drop(v);
	}
	v = havs_vip_find(hn, AF_INET6, &ipv6_hdr(skb)->daddr);
	if (!v || gate_accepts(v))
		return NF_ACCEPT;
	return gate_drop(v);
}

/*
 * IPv6 out: nothing leaves with a VIP as source unless this router is the
 * master. That silences a backup's macvlan (its MLD reports, router
 * solicitations and answers would otherwise carry the virtual MAC and
 * move it on the switches) and keeps a backup from using a VIP.
 */
static unsigned int gate_ip6_out(void *priv, struct sk_buff *skb,
				 const struct nf_hook_state *state)
{
	struct havs_net *hn = havs_pernet(state->net);
	struct havs_vrrp *v;

	v = havs_vip_find(hn, AF_INET6, &ipv6_hdr(skb)->saddr);
	if (!v || gate_is_master(v))
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
	{
		.hook = gate_ip6_in,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_PRE_ROUTING,
		.priority = NF_IP6_PRI_RAW_BEFORE_DEFRAG,
	},
	{
		.hook = gate_ip6_out,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_POST_ROUTING,
		.priority = NF_IP6_PRI_LAST,
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
		other = havs_vip_find(hn, v->family, v->vips[i]);
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
		v->vipn[i].addr = v->vips[i];
		v->vipn[i].v = v;
		hash_add_rcu(hn->vip_hash, &v->vipn[i].node,
			     gate_vip_hash(v->family, v->vips[i]));
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
