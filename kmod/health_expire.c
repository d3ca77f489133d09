// SPDX-License-Identifier: GPL-2.0
/*
 * Expiring the connections of a server that went down, for services that
 * ask for it (check set ... conns expire).
 *
 * IPVS expires a connection whose server was deleted when a packet of it
 * arrives (expire_nodest_conn), but a module cannot reach the connection
 * table, nor mark a server unavailable. So havs does the same from a
 * netfilter hook of its own, just before IPVS's on LOCAL_IN: while some
 * server of such a service is down, each packet's connection is looked up
 * (the exported per-protocol lookup IPVS itself uses); if it goes to a
 * server that is down, its timer is made to expire now and the packet is
 * dropped. The client's next packet finds no connection: a new one is
 * scheduled to a server that is up, and a packet of the old one gets a
 * reset from the director.
 *
 * The servers of those services are in a hash by destination, changed
 * under the health lock with the server arrays and read under RCU.
 * Nothing is looked up while none of them is down (expire_active, set by
 * the work item that follows health changes); the hooks are registered
 * with the first such service of the namespace and stay until it goes.
 */

#include <linux/hash.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <net/ip_vs.h>

#include "havs.h"

static u32 expire_dest_key(const struct ip_vs_dest *dest)
{
	return hash_ptr(dest, 8);
}

/*
 * Replace @old's servers in the hash with @sd's (health lock). Readers
 * may see both for a moment: they only read.
 */
void havs_expire_publish(struct havs_health_net *h, struct havs_sdests *old,
			 struct havs_sdests *sd)
{
	unsigned int i;

	lockdep_assert_held(&h->lock);
	for (i = 0; old && i < old->n; i++)
		if (old->d[i].expire)
			hash_del_rcu(&old->d[i].enode);
	for (i = 0; sd && i < sd->n; i++)
		if (sd->d[i].expire)
			hash_add_rcu(h->expire_hash, &sd->d[i].enode,
				     expire_dest_key(sd->d[i].dest));
}

/* Some server of an expiring service is down (health lock). */
bool havs_expire_recount(struct havs_health_net *h)
{
	struct havs_sdest *d;
	unsigned int bkt;
	bool any = false;

	lockdep_assert_held(&h->lock);
	hash_for_each(h->expire_hash, bkt, d, enode)
		if (d->t && !READ_ONCE(d->t->up)) {
			any = true;
			break;
		}
	WRITE_ONCE(h->expire_active, any);
	return any;
}

/* the connection's timer fires now, as ip_vs_conn_expire_now() does */
static void expire_conn_now(struct ip_vs_conn *cp)
{
	if (timer_pending(&cp->timer) && time_after(cp->timer.expires, jiffies))
		mod_timer_pending(&cp->timer, jiffies);
}

static unsigned int expire_hook(void *priv, struct sk_buff *skb,
				const struct nf_hook_state *state)
{
	struct havs_health_net *h = priv;
	int af = state->pf == NFPROTO_IPV6 ? AF_INET6 : AF_INET;
	unsigned int verdict = NF_ACCEPT;
	struct ip_vs_proto_data *pd;
	struct netns_ipvs *ipvs;
	struct ip_vs_iphdr iph;
	struct ip_vs_dest *dest;
	struct ip_vs_conn *cp;
	struct havs_sdest *d;

	if (!READ_ONCE(h->expire_active))
		return NF_ACCEPT;
	ipvs = net_ipvs(state->net);
	if (!ipvs || !ip_vs_fill_iph_skb(af, skb, false, &iph))
		return NF_ACCEPT;
	pd = ip_vs_proto_data_get(ipvs, iph.protocol);
	if (!pd || !pd->pp->conn_in_get)
		return NF_ACCEPT;
	cp = pd->pp->conn_in_get(ipvs, af, skb, &iph);
	if (!cp)
		return NF_ACCEPT;
	dest = cp->dest;
	if (dest) {
		hash_for_each_possible_rcu(h->expire_hash, d, enode,
					   expire_dest_key(dest)) {
			if (d->dest != dest)
				continue;
			if (d->t && !READ_ONCE(d->t->up)) {
				expire_conn_now(cp);
				verdict = NF_DROP;
			}
			break;
		}
	}
	/*
	 * Drop our reference only: ip_vs_conn_put() would also rearm the
	 * timer with the full timeout, undoing the expiry (IPVS does the
	 * same in ip_vs_in()). The table keeps its own reference.
	 */
	__ip_vs_conn_put(cp);
	return verdict;
}

/* Register the hooks of the namespace if not yet (health lock). */
int havs_expire_hooks(struct havs_net *hn)
{
	struct havs_health_net *h = &hn->health;
	int err;

	lockdep_assert_held(&h->lock);
	if (h->expire_hooks)
		return 0;
	h->expire_ops[0] = (struct nf_hook_ops) {
		.hook = expire_hook, .priv = h, .pf = NFPROTO_IPV4,
		.hooknum = NF_INET_LOCAL_IN, .priority = NF_IP_PRI_NAT_SRC - 3,
	};
	h->expire_ops[1] = (struct nf_hook_ops) {
		.hook = expire_hook, .priv = h, .pf = NFPROTO_IPV6,
		.hooknum = NF_INET_LOCAL_IN, .priority = NF_IP6_PRI_NAT_SRC - 3,
	};
	err = nf_register_net_hooks(hn->net, h->expire_ops,
				    ARRAY_SIZE(h->expire_ops));
	if (!err)
		h->expire_hooks = true;
	return err;
}

void havs_expire_net_exit(struct havs_net *hn)
{
	struct havs_health_net *h = &hn->health;

	if (h->expire_hooks)
		nf_unregister_net_hooks(hn->net, h->expire_ops,
					ARRAY_SIZE(h->expire_ops));
	h->expire_hooks = false;
}
