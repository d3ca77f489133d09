// SPDX-License-Identifier: GPL-2.0
/*
 * VRRP transmission: adverts built under the instance lock and sent after
 * it, to the group from the macvlan, or to each unicast peer (routed from
 * the parent until its MAC address is known); gratuitous ARP requests and
 * unsolicited neighbour advertisements after a takeover, and their timer.
 */

#include <linux/ip.h>
#include <linux/pkt_sched.h>
#include <net/arp.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/ndisc.h>

#include "havs.h"
#include "vrrp_priv.h"

const struct in6_addr havs_vrrp_mcast6 = {
	.s6_addr = { 0xff, 0x02, [15] = 0x12 },	/* ff02::12 */
};

/* An skb for an IP packet of @iplen bytes sent on @dev; NULL if none. */
static struct sk_buff *vrrp_tx_alloc(struct net_device *dev, unsigned int iplen)
{
	unsigned int hlen = LL_RESERVED_SPACE(dev);
	struct sk_buff *skb;

	skb = alloc_skb(hlen + iplen + dev->needed_tailroom, GFP_ATOMIC);
	if (!skb)
		return NULL;
	skb_reserve(skb, hlen);
	skb_reset_network_header(skb);
	skb->dev = dev;
	skb->priority = TC_PRIO_CONTROL;
	return skb;
}

static void vrrp_tx_put_ip4(struct sk_buff *skb, struct iphdr *iph, u8 proto,
			    __be32 saddr, __be32 daddr)
{
	iph->version = 4;
	iph->ihl = 5;
	iph->tos = IPTOS_PREC_INTERNETCONTROL;
	iph->tot_len = htons(skb->len);
	iph->id = 0;
	iph->frag_off = htons(IP_DF);
	iph->ttl = VRRP_TTL;
	iph->protocol = proto;
	iph->saddr = saddr;
	iph->daddr = daddr;
	ip_send_check(iph);
	skb->protocol = htons(ETH_P_IP);
}

static void vrrp_tx_put_ip6(struct sk_buff *skb, struct ipv6hdr *ip6h, u8 proto,
			    const struct in6_addr *saddr,
			 const struct in6_addr *daddr)
{
	ip6_flow_hdr(ip6h, 0xc0, 0);	/* traffic class: network control */
	ip6h->payload_len = htons(skb->len - sizeof(*ip6h));
	ip6h->nexthdr = proto;
	ip6h->hop_limit = VRRP_TTL;
	ip6h->saddr = *saddr;
	ip6h->daddr = *daddr;
	skb->protocol = htons(ETH_P_IPV6);
}

/*
 * Build an advertisement with @priority to @daddr, from the parent's
 * primary IPv4 or link-local IPv6 address. With @mac, it leaves from the
 * macvlan to @mac, so that it carries the virtual MAC (switches learn the
 * master's port from it); without, it is routed from the parent (see
 * havs_vrrp_xmit_unicast()). NULL (counted) when impossible.
 */
static struct sk_buff *vrrp_tx_build(struct havs_vrrp *v, u8 priority,
				     const u8 *daddr, const u8 *mac)
{
	unsigned int alen = vrrp_addr_len(v->family);
	unsigned int iplen = v->family == AF_INET6 ? sizeof(struct ipv6hdr) :
			     sizeof(struct iphdr);
	u8 saddr[16], vips[HAVS_VRRP_MAX_VIPS * 16];
	struct vrrp_ip ip = { .family = v->family, .ttl = VRRP_TTL };
	struct net_device *vdev = v->vdev;
	struct sk_buff *skb;
	struct vrrp_pkt p;
	unsigned int i, plen;
	void *iph;

	if (!havs_self_addr(v, saddr)) {
		/* A link that just went down has lost its addresses: no news. */
		if (netif_running(v->dev) && netif_carrier_ok(v->dev) &&
		    __ratelimit(&v->log_rs))
			pr_warn("vrrp %s/%u: cannot advertise: %s has no %s address\n",
				v->dev->name, v->vrid, v->dev->name,
				v->family == AF_INET6 ? "usable link-local IPv6" : "IPv4");
		goto err;
	}
	for (i = 0; i < v->nvips; i++)
		memcpy(&vips[i * alen], v->vips[i], alen);
	p = (struct vrrp_pkt){
		.version = v->cfg.version, .vrid = v->vrid,
		.priority = priority, .naddr = v->nvips,
		.interval_cs = v->cfg.adver_int_cs, .family = v->family,
		.addrs = vips,
	};
	ip.saddr = saddr;
	ip.daddr = daddr;
	plen = vrrp_pkt_len(p.version, p.family, p.naddr);

	skb = vrrp_tx_alloc(mac ? vdev : v->dev, iplen + plen);
	if (!skb)
		goto err;
	iph = skb_put(skb, iplen);
	if (vrrp_encode(skb_put(skb, plen), plen, &p, &ip, v->csum_mode) < 0)
		goto err_free;
	if (v->family == AF_INET6)
		vrrp_tx_put_ip6(skb, iph, VRRP_PROTO, (struct in6_addr *)saddr,
				(const struct in6_addr *)daddr);
	else
		vrrp_tx_put_ip4(skb, iph, VRRP_PROTO, *(__be32 *)saddr,
				*(const __be32 *)daddr);
	if (!mac)
		return skb;	/* counted once routed: havs_vrrp_xmit_unicast() */
	if (dev_hard_header(skb, vdev, ntohs(skb->protocol), mac, NULL,
			    skb->len) < 0)
		goto err_free;
	v->stats[HAVS_VRRP_S_ADV_TX]++;
	return skb;

err_free:
	kfree_skb(skb);
err:
	v->stats[HAVS_VRRP_S_TX_ERRORS]++;
	return NULL;
}

/* The MAC address the parent has resolved for unicast peer @peer. */
static bool vrrp_tx_peer_mac(struct havs_vrrp *v, const u8 *peer, u8 *mac)
{
	struct neighbour *n;
	bool ok = false;

	/* BHs are off here; the table wants plain RCU (lockdep checks it). */
	rcu_read_lock();
	if (v->family == AF_INET6)
		n = __ipv6_neigh_lookup_noref(v->dev, peer);
	else
		n = __ipv4_neigh_lookup_noref(v->dev,
					      (__force u32)*(const __be32 *)peer);
	if (n && (READ_ONCE(n->nud_state) & NUD_VALID)) {
		neigh_ha_snapshot(mac, n, v->dev);
		ok = true;
	}
	rcu_read_unlock();
	return ok;
}

/*
 * Under v->lock: the advertisements to send. To the group; or to each
 * unicast peer, from the macvlan like multicast ones once the parent knows
 * the peer's MAC address, routed from the parent (which resolves it) until
 * then.
 */
void havs_vrrp_queue(struct havs_vrrp *v, u8 priority,
		     struct vrrp_effects *fx)
{
	static const __be32 group4 = VRRP_MCAST4;
	struct sk_buff *skb;
	u8 mac[ETH_ALEN];
	unsigned int i;

	if (!v->npeers) {
		if (v->family == AF_INET6)
			ipv6_eth_mc_map(&havs_vrrp_mcast6, mac);
		else
			ip_eth_mc_map(group4, mac);
		skb = vrrp_tx_build(v, priority, v->family == AF_INET6 ?
				 havs_vrrp_mcast6.s6_addr : (const u8 *)&group4,
				 mac);
		if (skb)
			fx->skbs[fx->nskbs++] = skb;
		return;
	}
	for (i = 0; i < v->npeers; i++) {
		skb = vrrp_tx_build(v, priority, v->peers[i],
				    vrrp_tx_peer_mac(v, v->peers[i], mac) ? mac : NULL);
		if (skb)
			fx->skbs[fx->nskbs++] = skb;
	}
}

/*
 * A unicast advertisement: routed from the parent (an on-link peer needs
 * no route: the lookup is bound to the parent), through LOCAL_OUT like any
 * locally generated packet. BHs off, no lock held.
 */
void havs_vrrp_xmit_unicast(struct havs_vrrp *v, struct sk_buff *skb)
{
	char buf[VRRP_ADDR_STRLEN];
	struct dst_entry *dst;

	if (v->family == AF_INET6) {
		struct ipv6hdr *ip6h = ipv6_hdr(skb);
		struct flowi6 fl6 = {
			.flowi6_oif = v->dev->ifindex,
			.flowi6_proto = VRRP_PROTO,
			.daddr = ip6h->daddr,
			.saddr = ip6h->saddr,
		};

		dst = ip6_route_output(v->net, NULL, &fl6);
		if (dst->error) {
			dst_release(dst);
			goto err;
		}
		skb_dst_set(skb, dst);
		ip6_local_out(v->net, NULL, skb);
	} else {
		struct iphdr *iph = ip_hdr(skb);
		struct flowi4 fl4 = {
			.flowi4_oif = v->dev->ifindex,
			.flowi4_proto = VRRP_PROTO,
			.daddr = iph->daddr,
			.saddr = iph->saddr,
		};
		struct rtable *rt;

		rt = ip_route_output_key(v->net, &fl4);
		if (IS_ERR(rt))
			goto err;
		skb_dst_set(skb, &rt->dst);
		ip_local_out(v->net, NULL, skb);
	}
	spin_lock(&v->lock);
	v->stats[HAVS_VRRP_S_ADV_TX]++;
	spin_unlock(&v->lock);
	return;
err:
	if (__ratelimit(&v->log_rs))
		pr_warn("vrrp %s/%u: no route to unicast peer %s\n",
			v->dev->name, v->vrid,
			havs_vrrp_addr_str(v->family, v->family == AF_INET6 ?
				      (void *)&ipv6_hdr(skb)->daddr :
				      (void *)&ip_hdr(skb)->daddr, buf));
	kfree_skb(skb);
	spin_lock(&v->lock);
	v->stats[HAVS_VRRP_S_TX_ERRORS]++;
	spin_unlock(&v->lock);
}

/*
 * Under v->lock: arm the next round, garp_interval_ms away while rounds of
 * the takeover are left, else garp_refresh_s away if refreshes are on.
 */
void havs_vrrp_garp_arm(struct havs_vrrp *v)
{
	unsigned int refresh = READ_ONCE(havs_garp_refresh_s);

	if (v->dead)
		return;
	if (v->garp_left)
		hrtimer_start(&v->garp_timer,
			      ms_to_ktime(READ_ONCE(havs_garp_interval_ms)),
			      HRTIMER_MODE_REL_SOFT);
	else if (refresh)
		hrtimer_start(&v->garp_timer, ktime_set(refresh, 0),
			      HRTIMER_MODE_REL_SOFT);
}

/* An unsolicited neighbour advertisement for @target (RFC 9568 6.4.1). */
static void vrrp_tx_send_na(struct havs_vrrp *v, const struct in6_addr *target)
{
	struct net_device *vdev = v->vdev;
	static const struct in6_addr all_nodes = {
		.s6_addr = { 0xff, 0x02, [15] = 0x01 },	/* ff02::1 */
	};
	struct ipv6hdr *ip6h;
	struct sk_buff *skb;
	struct nd_msg *na;
	u8 mac[ETH_ALEN];
	unsigned int len = sizeof(*na) + 8;	/* + target link-layer option */

	skb = vrrp_tx_alloc(vdev, sizeof(*ip6h) + len);
	if (!skb)
		return;
	ip6h = skb_put(skb, sizeof(*ip6h));
	na = skb_put_zero(skb, len);
	na->icmph.icmp6_type = NDISC_NEIGHBOUR_ADVERTISEMENT;
	na->icmph.icmp6_router = 1;
	na->icmph.icmp6_override = 1;
	na->target = *target;
	na->opt[0] = ND_OPT_TARGET_LL_ADDR;
	na->opt[1] = 1;			/* in units of 8 bytes */
	memcpy(&na->opt[2], vdev->dev_addr, ETH_ALEN);
	na->icmph.icmp6_cksum = csum_ipv6_magic(target, &all_nodes, len,
						IPPROTO_ICMPV6,
						csum_partial(na, len, 0));
	vrrp_tx_put_ip6(skb, ip6h, IPPROTO_ICMPV6, target, &all_nodes);
	ipv6_eth_mc_map(&all_nodes, mac);
	if (dev_hard_header(skb, vdev, ETH_P_IPV6, mac, NULL, skb->len) < 0) {
		kfree_skb(skb);
		return;
	}
	dev_queue_xmit(skb);
}

/*
 * Tell the LAN where the addresses are now: one gratuitous ARP request or
 * unsolicited neighbour advertisement per address, from the macvlan.
 */
void havs_vrrp_garp_round(struct havs_vrrp *v)
{
	__be32 addr;
	int i;

	for (i = 0; i < v->nvips; i++) {
		if (v->family == AF_INET6) {
			vrrp_tx_send_na(v, (const struct in6_addr *)v->vips[i]);
			continue;
		}
		memcpy(&addr, v->vips[i], 4);
		arp_send(ARPOP_REQUEST, ETH_P_ARP, addr, v->vdev, addr, NULL,
			 v->vdev->dev_addr, NULL);
	}
}

/*
 * Further gratuitous ARP rounds, and refreshes while master. Like the main
 * timer, it is only ever (re)armed with hrtimer_start() under v->lock and
 * never restarts itself, so a new transition that rearms it concurrently
 * cannot race with it.
 */
enum hrtimer_restart havs_vrrp_garp_timer_fn(struct hrtimer *t)
{
	struct havs_vrrp *v = container_of(t, struct havs_vrrp, garp_timer);
	bool send = false;

	spin_lock(&v->lock);
	if (!v->dead && v->sm.state == VRRP_STATE_MASTER) {
		send = true;
		v->stats[HAVS_VRRP_S_GARP] += v->nvips;
		if (v->garp_left)
			v->garp_left--;
		havs_vrrp_garp_arm(v);
	}
	spin_unlock(&v->lock);
	if (send)
		havs_vrrp_garp_round(v);
	return HRTIMER_NORESTART;
}
