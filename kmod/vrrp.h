/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VRRP instances: the in-kernel virtual routers (vrrp.c).
 */
#ifndef _HAVS_VRRP_INST_H
#define _HAVS_VRRP_INST_H

#include <linux/hashtable.h>
#include <linux/hrtimer.h>
#include <linux/netdevice.h>
#include <linux/ratelimit.h>
#include <linux/spinlock.h>
#include <net/netlink.h>

#include "uapi/linux/havs.h"
#include "vrrp_pkt.h"
#include "vrrp_sm.h"

#define HAVS_VRRP_HASH_BITS 8

struct havs_vrrp;

/**
 * struct havs_vip - an address of an instance, in the namespace's VIP hash
 * @node: hash node (RCU readers: the netfilter gate)
 * @addr: the address
 * @v: its instance
 */
struct havs_vip {
	struct hlist_node node;
	__be32 addr;
	struct havs_vrrp *v;
};

/**
 * struct havs_vrrp - one virtual router (interface, VRID, family)
 * @node: in the namespace's hash, RCU readers (receive path)
 * @net: namespace
 * @dev: the interface it runs on (reference held)
 * @vdev: the macvlan with the virtual MAC and addresses (reference held)
 * @dev_tracker: tracks the @dev reference
 * @vdev_tracker: tracks the @vdev reference
 * @ifindex: @dev's ifindex (hash key, stable while referenced)
 * @vrid: virtual router id
 * @family: AF_INET
 * @csum_mode: VRRPv3 IPv4 checksum variant
 * @cfg_priority: configured priority
 * @nvips: number of addresses
 * @vips: the addresses, network order
 * @vipn: the addresses' entries in the namespace's VIP hash
 * @lock: protects @sm, @cfg, the counters and the master fields; taken
 *	in softirq (receive, timer) and with BHs off elsewhere
 * @cfg: state machine configuration
 * @sm: state machine
 * @dead: being deleted: no more timers, no more transmissions
 * @timer: the one timer: next advert (master) or master down (backup)
 * @stats: counters, &enum havs_vrrp_stat
 * @master_addr: current master's primary address, if known
 * @have_master: @master_addr is valid
 * @prev_state: state before the last transition
 * @last_reason: reason of the last transition
 * @gated: packets the gate dropped (counted locklessly)
 * @garp_timer: paces the gratuitous ARP rounds after becoming master
 * @garp_left: rounds still to send
 * @log_rs: ratelimits this instance's warnings about received packets
 * @trans_rs: ratelimits its transition lines (20 per 5 s)
 * @rcu: deferred free
 */
struct havs_vrrp {
	struct hlist_node node;
	struct net *net;
	struct net_device *dev;
	struct net_device *vdev;
	netdevice_tracker dev_tracker;
	netdevice_tracker vdev_tracker;
	int ifindex;
	u8 vrid;
	u8 family;
	u8 csum_mode;
	u8 cfg_priority;
	u8 nvips;
	u8 vips[HAVS_VRRP_MAX_VIPS][16];
	struct havs_vip vipn[HAVS_VRRP_MAX_VIPS];

	spinlock_t lock; /* see @lock above */
	struct vrrp_sm_cfg cfg;
	struct vrrp_sm sm;
	bool dead;
	struct hrtimer timer;
	u64 stats[__HAVS_VRRP_S_MAX];
	u8 master_addr[16];
	bool have_master;
	enum vrrp_state prev_state;
	enum vrrp_reason last_reason;
	atomic64_t gated;
	struct hrtimer garp_timer;
	unsigned int garp_left;
	struct ratelimit_state log_rs;
	struct ratelimit_state trans_rs;
	struct rcu_head rcu;
};

struct havs_net;
struct genl_info;
struct netlink_callback;

/* vrrp_gate.c: only the master answers for and accepts the addresses */
struct havs_vrrp *havs_vip_find(struct havs_net *hn, __be32 addr);
int havs_gate_add(struct havs_net *hn, struct havs_vrrp *v,
		  struct netlink_ext_ack *extack);
void havs_gate_del(struct havs_net *hn, struct havs_vrrp *v);
__be32 havs_primary4(struct net_device *dev);

int havs_vrrp_init(void);
void havs_vrrp_exit(void);
void havs_vrrp_net_init(struct havs_net *hn);
void havs_vrrp_net_exit(struct havs_net *hn);

int havs_vrrp_nl_new(struct sk_buff *skb, struct genl_info *info);
int havs_vrrp_nl_del(struct sk_buff *skb, struct genl_info *info);
int havs_vrrp_nl_get(struct sk_buff *skb, struct genl_info *info);
int havs_vrrp_nl_dump(struct sk_buff *skb, struct netlink_callback *cb);
extern const struct nla_policy havs_nl_vrrp_policy[HAVS_A_MAX + 1];

#endif /* _HAVS_VRRP_INST_H */
