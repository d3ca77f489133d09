/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VRRP instances: the in-kernel virtual routers (vrrp.c and vrrp_*.c).
 */
#ifndef _HAVS_VRRP_INST_H
#define _HAVS_VRRP_INST_H

#include <linux/hashtable.h>
#include <linux/hrtimer.h>
#include <linux/interrupt.h>
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
 * struct havs_track_obj - a tracked object of a namespace (vrrp_track.c)
 * @node: in the namespace's list (rtnl)
 * @name: its name
 * @up: its state
 * @set_by_user: created or set over netlink: stays when unused
 * @reason: why it last changed state (enum havs_track_reason)
 * @users: instances that track it
 * @lease_ms: 0, or the lease set with the state: the object goes down at
 *	@lease_until unless set again before (vrrp_track.c, rtnl)
 * @lease_until: jiffies
 */
struct havs_track_obj {
	struct list_head node;
	struct rcu_head rcu;
	char name[HAVS_TRACK_NAME_LEN];
	bool up;
	bool set_by_user;
	u8 reason;
	unsigned int users;
	u32 lease_ms;
	unsigned long lease_until;
};

/**
 * struct havs_sync_group - instances that are master together (vrrp_sync.c)
 * @node: in the namespace's list (rtnl)
 * @name: its name
 * @members: the instances (&havs_vrrp.sync_node); changed under rtnl,
 *	read under RCU
 * @nmembers: how many; the group goes with the last
 * @rcu: deferred free
 */
struct havs_sync_group {
	struct list_head node;
	char name[HAVS_TRACK_NAME_LEN];
	struct list_head members;
	unsigned int nmembers;
	struct rcu_head rcu;
};

/**
 * struct havs_vrrp_track - one thing an instance tracks (rtnl)
 * @ifindex: an interface (0 when @obj)
 * @obj: an object (a user reference)
 * @weight: see %HAVS_TRACK_A_WEIGHT
 * @up: its state when last evaluated
 */
struct havs_vrrp_track {
	int ifindex;
	struct havs_track_obj *obj;
	s16 weight;
	bool up;
	/* the interface was unregistered (deleted or moved away): down for
	 * good, even if another one is given its ifindex later (rtnl)
	 */
	bool gone;
};

/**
 * struct havs_vip - an address of an instance, in the namespace's VIP hash
 * @node: hash node (RCU readers: the netfilter gate)
 * @addr: the address (4 or 16 bytes, the instance's family), in @v->vips
 * @v: its instance
 */
struct havs_vip {
	struct hlist_node node;
	const u8 *addr;
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
 * @family: AF_INET or AF_INET6
 * @accept: accept mode: as master, take packets addressed to the addresses
 *	even when not their owner (default on: a load balancer's VIP must)
 * @csum_mode: VRRPv3 IPv4 checksum variant
 * @conn_sync: &enum havs_vrrp_conn_sync, kept for havsadm (under @lock)
 * @cfg_priority: configured priority
 * @nvips: number of addresses
 * @vips: the addresses, network order
 * @vipn: the addresses' entries in the namespace's VIP hash
 * @npeers: number of unicast peers (0: multicast)
 * @peers: their addresses
 * @ntracks: number of tracked interfaces and objects
 * @tracks: them (rtnl)
 * @track_fault: one with weight 0 is down (rtnl)
 * @group: its sync group, or NULL
 * @sync_node: in @group's members
 * @outranked: backup of a master with a higher priority (or equal and a
 *	higher address); read locklessly by the other members of @group
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
	bool accept;
	u8 csum_mode;
	u8 conn_sync;
	u8 cfg_priority;
	u8 nvips;
	u8 vips[HAVS_VRRP_MAX_VIPS][16];
	u8 npeers;
	u8 peers[HAVS_VRRP_MAX_PEERS][16];
	u8 ntracks;
	struct havs_vrrp_track tracks[HAVS_VRRP_MAX_TRACKS];
	bool track_fault;
	/* rtnl: a link is closing (NETDEV_GOING_DOWN, until it is down) */
	bool going_down;
	/* rtnl: the macvlan does not carry the virtual MAC any more */
	bool vmac_lost;
	/* rtnl: the group address is joined on the parent's current
	 * inet/inet6 device (lost when that device is rebuilt)
	 */
	bool mc_joined;
	struct havs_sync_group *group;
	struct list_head sync_node;
	bool outranked;
	struct havs_vip vipn[HAVS_VRRP_MAX_VIPS];

	spinlock_t lock; /* see @lock above */
	struct vrrp_sm_cfg cfg;
	struct vrrp_sm sm;
	bool dead;
	struct hrtimer timer;
	struct hrtimer adv_timer;
	struct tasklet_struct adv_tasklet;
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

struct havs_vrrp *havs_vrrp_of_vdev(struct havs_net *hn,
				    const struct net_device *dev);

/* vrrp_gate.c: only the master answers for and accepts the addresses */
struct havs_vrrp *havs_vip_find(struct havs_net *hn, u8 family,
				const void *addr);
int havs_gate_add(struct havs_net *hn, struct havs_vrrp *v,
		  struct netlink_ext_ack *extack);
void havs_gate_del(struct havs_net *hn, struct havs_vrrp *v);
__be32 havs_primary4(struct net_device *dev);
bool havs_lladdr6(struct net_device *dev, struct in6_addr *addr);
bool havs_self_addr(const struct havs_vrrp *v, u8 *addr);

/* vrrp_track.c: tracked objects */
struct havs_track_obj *havs_track_find(struct havs_net *hn, const char *name);
struct havs_track_obj *havs_track_get(struct havs_net *hn, const char *name);
void havs_track_put(struct havs_net *hn, struct havs_track_obj *o);
bool havs_track_name_ok(const char *name);
struct havs_track_obj *havs_track_set(struct havs_net *hn, const char *name,
				      bool up, u8 reason, const char *why);
void havs_track_net_init(struct havs_net *hn);
void havs_track_net_exit(struct havs_net *hn);
int havs_track_nl_set(struct sk_buff *skb, struct genl_info *info);
int havs_track_nl_del(struct sk_buff *skb, struct genl_info *info);
int havs_track_nl_get(struct sk_buff *skb, struct genl_info *info);
int havs_track_nl_dump(struct sk_buff *skb, struct netlink_callback *cb);
extern const struct nla_policy havs_nl_track_policy[HAVS_A_MAX + 1];
void havs_vrrp_track_changed(struct havs_net *hn, struct havs_track_obj *o);

int havs_vrrp_init(void);
void havs_vrrp_exit(void);
void havs_vrrp_net_init(struct havs_net *hn);
void havs_vrrp_net_exit(struct havs_net *hn);

int havs_vrrp_nl_new(struct sk_buff *skb, struct genl_info *info);
int havs_vrrp_nl_del(struct sk_buff *skb, struct genl_info *info);
int havs_vrrp_nl_set(struct sk_buff *skb, struct genl_info *info);
int havs_vrrp_nl_get(struct sk_buff *skb, struct genl_info *info);
int havs_vrrp_nl_dump(struct sk_buff *skb, struct netlink_callback *cb);
extern const struct nla_policy havs_nl_vrrp_policy[HAVS_A_MAX + 1];
extern const struct nla_policy havs_nl_vrrp_id_policy[HAVS_A_MAX + 1];

#endif /* _HAVS_VRRP_INST_H */
