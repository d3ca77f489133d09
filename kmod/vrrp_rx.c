// SPDX-License-Identifier: GPL-2.0
/*
 * VRRP receive: protocol 112 over IPv4 and IPv6, in softirq under RCU.
 * An advert is decoded (vrrp_pkt.c), checked against its instance and fed
 * to the state machine under the instance lock; every packet dropped is
 * counted, by its instance or by the namespace.
 */

#include <linux/if_macvlan.h>
#include <linux/ip.h>
#include <linux/ratelimit.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/protocol.h>

#include "havs.h"
#include "vrrp_priv.h"

/*
 * Drop warnings are limited per instance and, so that a flood aimed at
 * many instances cannot fill the log either, for the whole module: at
 * most 20 lines per 5 s. The counters stay exact.
 */
static DEFINE_RATELIMIT_STATE(vrrp_drop_rs, 5 * HZ, 20);

static const char vrrp_csum_hint[] =
	" (the sender uses the other VRRPv3 IPv4 checksum: see 'checksum' in havsadm(8))";

bool havs_vrrp_is_peer(const struct havs_vrrp *v, const u8 *addr)
{
	unsigned int i;

	for (i = 0; i < v->npeers; i++)
		if (!memcmp(v->peers[i], addr, vrrp_addr_len(v->family)))
			return true;
	return false;
}

/*
 * Receive: protocol 112, in softirq under RCU, for IPv4 and IPv6. @ip
 * describes the IP header; skb->data is the VRRP message.
 */
static int vrrp_rx_rcv(struct sk_buff *skb, const struct vrrp_ip *ip)
{
	struct havs_net *hn = havs_pernet(dev_net(skb->dev));
	unsigned int alen = vrrp_addr_len(ip->family);
	struct vrrp_effects fx = {};
	struct vrrp_sm_advert adv;
	struct vrrp_sm_out out;
	enum vrrp_drop why;
	struct havs_vrrp *v;
	char buf[VRRP_ADDR_STRLEN];
	struct vrrp_sm_cfg cfg;
	struct vrrp_pkt p;
	bool oversize;
	u8 self[16];

	/* Copies delivered to our own macvlans are not for us. */
	if (netif_is_macvlan(skb->dev))
		goto drop;
	/*
	 * The length is bounded before anything is pulled: no valid message
	 * is longer than 255 IPv6 addresses, and a longer one is not made
	 * linear (it is counted as a length error of its instance).
	 */
	oversize = skb->len > VRRP_MAX_LEN;
	if (skb->len < VRRP_HDR_LEN ||
	    !pskb_may_pull(skb, oversize ? VRRP_HDR_LEN : skb->len)) {
		atomic64_inc(&hn->vrrp_short);
		goto drop;
	}
	v = havs_vrrp_find(hn, skb->dev->ifindex, skb->data[1], ip->family);
	if (!v) {
		atomic64_inc(&hn->vrrp_no_instance);
		goto drop;
	}

	spin_lock(&v->lock);
	if (v->dead)
		goto unlock;
	why = oversize ? VRRP_DROP_LENGTH :
	      vrrp_decode(skb->data, skb->len, ip, v->csum_mode, &p);
	if (why == VRRP_OK && p.version != v->cfg.version)
		why = VRRP_DROP_VERSION;
	/* v2 routers must agree on the interval (RFC 3768 7.1). */
	if (why == VRRP_OK && p.version == 2 &&
	    p.interval_cs != v->cfg.adver_int_cs)
		why = VRRP_DROP_INTERVAL;
	if (why == VRRP_OK && v->npeers && !havs_vrrp_is_peer(v, ip->saddr))
		why = VRRP_DROP_PEER;
	if (why != VRRP_OK) {
		v->stats[HAVS_VRRP_S_DROP_TTL + why - VRRP_DROP_TTL]++;
		if (__ratelimit(&v->log_rs) && __ratelimit(&vrrp_drop_rs))
			pr_warn("vrrp %s/%u: dropped advert from %s: %s%s\n",
				v->dev->name, v->vrid,
				havs_vrrp_addr_str(ip->family, ip->saddr, buf),
				vrrp_drop_name(why),
				why == VRRP_DROP_CSUM_VARIANT ? vrrp_csum_hint : "");
		goto unlock;
	}
	v->stats[HAVS_VRRP_S_ADV_RX]++;
	pr_debug("vrrp %s/%u: advert from %s prio %u int %u cs\n",
		 v->dev->name, v->vrid, havs_vrrp_addr_str(ip->family, ip->saddr, buf),
		 p.priority, p.interval_cs);

	if (!havs_self_addr(v, self))
		memset(self, 0, sizeof(self));
	adv.priority = p.priority;
	adv.interval_cs = p.interval_cs;
	adv.addr_cmp = memcmp(ip->saddr, self, alen);
	cfg = v->cfg;
	/* No member of a sync group preempts while another is outranked. */
	if (v->group && cfg.preempt && havs_vrrp_sync_outranked(v))
		cfg.preempt = false;
	vrrp_sm_advert(&v->sm, &cfg, ktime_get_ns(), &adv, &out);
	WRITE_ONCE(v->outranked, v->sm.state == VRRP_STATE_BACKUP &&
		   p.priority && (p.priority > v->sm.priority ||
				  (p.priority == v->sm.priority &&
				   adv.addr_cmp > 0)));
	if (v->sm.state == VRRP_STATE_BACKUP && p.priority) {
		memcpy(v->master_addr, ip->saddr, alen);
		v->have_master = true;
	}
	havs_vrrp_apply(v, &out, &fx);
unlock:
	spin_unlock(&v->lock);
	havs_vrrp_commit(v, &fx);
	consume_skb(skb);
	return 0;

drop:
	kfree_skb(skb);
	return 0;
}

/*
 * The wrappers copy the addresses: pulling the message into the linear
 * area may move the headers.
 */
static int vrrp_rx_rcv4(struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	__be32 saddr = iph->saddr, daddr = iph->daddr;
	struct vrrp_ip ip = {
		.family = AF_INET, .ttl = iph->ttl,
		.saddr = (const u8 *)&saddr, .daddr = (const u8 *)&daddr,
	};

	return vrrp_rx_rcv(skb, &ip);
}

static int vrrp_rx_rcv6(struct sk_buff *skb)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	struct in6_addr saddr = ip6h->saddr, daddr = ip6h->daddr;
	struct vrrp_ip ip = {
		.family = AF_INET6, .ttl = ip6h->hop_limit,
		.saddr = saddr.s6_addr, .daddr = daddr.s6_addr,
	};

	return vrrp_rx_rcv(skb, &ip);
}

static const struct net_protocol vrrp_protocol4 = {
	.handler = vrrp_rx_rcv4,
	.no_policy = 1,
};

static const struct inet6_protocol vrrp_protocol6 = {
	.handler = vrrp_rx_rcv6,
	.flags = INET6_PROTO_NOPOLICY | INET6_PROTO_FINAL,
};

/* Receive protocol 112 (IPv4 and IPv6); -EBUSY if another module has it. */
int __init havs_vrrp_rx_init(void)
{
	int err;

	BUILD_BUG_ON(HAVS_VRRP_S_DROP_PEER - HAVS_VRRP_S_DROP_TTL !=
		     VRRP_DROP_PEER - VRRP_DROP_TTL);
	BUILD_BUG_ON(VRRP_DROP_PEER + 1 != __VRRP_DROP_MAX);

	/* No "callbacks suppressed" lines without our prefix: see above. */
	ratelimit_set_flags(&vrrp_drop_rs, RATELIMIT_MSG_ON_RELEASE);
	err = inet_add_protocol(&vrrp_protocol4, VRRP_PROTO);
	if (err) {
		pr_err("IP protocol %d (VRRP) is taken by another module\n",
		       VRRP_PROTO);
		return -EBUSY;
	}
	err = inet6_add_protocol(&vrrp_protocol6, VRRP_PROTO);
	if (err) {
		pr_err("IPv6 next header %d (VRRP) is taken by another module\n",
		       VRRP_PROTO);
		inet_del_protocol(&vrrp_protocol4, VRRP_PROTO);
		return -EBUSY;
	}
	return 0;
}

void havs_vrrp_rx_exit(void)
{
	inet6_del_protocol(&vrrp_protocol6, VRRP_PROTO);
	inet_del_protocol(&vrrp_protocol4, VRRP_PROTO);
}
