/* SPDX-License-Identifier: GPL-2.0 */
/*
 * havs: internal interfaces shared by the module's subsystems.
 */
#ifndef _HAVS_H
#define _HAVS_H

#include <linux/ratelimit.h>
#include <linux/hashtable.h>
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "compat.h"
#include "version.h"

#include "vrrp.h"
#include "health.h"

/**
 * struct havs_net - havs state of one network namespace
 * @net: the namespace this state belongs to
 * @vrrp_hash: VRRP instances by (ifindex, VRID, family); changed under
 *	rtnl, read under RCU
 * @vrrp_count: number of instances
 * @vrrp_short: protocol 112 packets too short to name an instance
 * @vrrp_no_instance: protocol 112 packets for no instance of this namespace
 * @vip_hash: every instance address of the namespace (RCU readers)
 * @gate_on: the netfilter hooks of the gate are registered
 * @track_objs: tracked objects (rtnl)
 * @track_count: how many
 * @track_lease_work: takes down the objects whose lease ran out (rtnl);
 *	cancelled by the namespace's exit before the objects go
 * @track_lease_next: when the work is armed for (rtnl)
 * @track_lease_armed: whether it is (rtnl)
 * @sync_groups: sync groups (rtnl)
 * @announce_list: devices of kind havs, announcements or not (rtnl)
 * @announce_count: how many
 * @health: health targets, services on havs schedulers and their
 *	settings (@health.lock)
 *
 * Configuration of every object in a namespace is serialised by rtnl, which
 * the device notifier holds too.
 */
struct havs_net {
	struct net *net;
	DECLARE_HASHTABLE(vrrp_hash, HAVS_VRRP_HASH_BITS);
	unsigned int vrrp_count;
	atomic64_t vrrp_short;
	atomic64_t vrrp_no_instance;
	DECLARE_HASHTABLE(vip_hash, HAVS_VRRP_HASH_BITS);
	bool gate_on;
	struct list_head track_objs;
	unsigned int track_count;
	struct delayed_work track_lease_work;
	unsigned long track_lease_next;
	bool track_lease_armed;
	struct list_head sync_groups;
	struct list_head announce_list;
	unsigned int announce_count;
	struct havs_health_net health;
	/* bumped when an object is added or removed: NLM_F_DUMP_INTR */
	atomic_t dump_gen;
	/* configuration lines of this namespace (havs_info()) */
	struct ratelimit_state log_rs;
};

extern unsigned int havs_net_id;
/* set once module unload has begun: the pernet exits then delete macvlans */
extern bool havs_unloading;

static inline struct havs_net *havs_pernet(const struct net *net)
{
	return net_generic(net, havs_net_id);
}

/* params.c: module parameters (/sys/module/havs/parameters/) */

/* Verbosity levels of the "verbose" parameter. */
enum havs_verbosity {
	HAVS_V_QUIET = 0,	/* warnings and errors only */
	HAVS_V_INFO = 1,	/* load/unload and configuration changes */
	HAVS_V_DEBUG = 2,	/* plus object lifecycle (namespaces, ...) */
};

extern unsigned int havs_verbose;
extern unsigned int havs_garp_count;
extern unsigned int havs_garp_interval_ms;
extern unsigned int havs_garp_refresh_s;
extern unsigned int havs_probe_max_inflight;
extern unsigned int havs_max_instances;
extern unsigned int havs_max_probed;
extern unsigned int havs_probe_max_inflight_ns;
extern unsigned int havs_max_check_settings;
extern unsigned int havs_max_track_objects;
extern unsigned int havs_max_announce;

/*
 * Lines that configuration, remote peers or servers cause, from any
 * namespace (an unprivileged one included), share one module-wide budget:
 * at most 100 lines per 5 s (params.c). Counters and events stay exact.
 * Each source has a smaller budget of its own in front of it (an
 * instance's transitions, a namespace's health lines, a namespace's
 * configuration lines: HAVS_NS_LOG_BURST), so that one namespace cannot
 * spend all of it.
 */
#define HAVS_LOG_BURST		100
#define HAVS_LOG_INTERVAL_S	5
#define HAVS_NS_LOG_BURST	20
extern struct ratelimit_state havs_log_rs;
bool havs_log_allowed(void);
void havs_log_flush(void);

/* a configuration line of namespace @hn (see above) */
#define havs_info(hn, level, fmt, ...)					\
	do {								\
		if (READ_ONCE(havs_verbose) >= (level) &&		\
		    __ratelimit(&(hn)->log_rs) && havs_log_allowed())	\
			pr_info(fmt, ##__VA_ARGS__);			\
	} while (0)

/* a warning of namespace @hn, under the same budgets */
#define havs_warn(hn, fmt, ...)						\
	do {								\
		if (__ratelimit(&(hn)->log_rs) && havs_log_allowed())	\
			pr_warn(fmt, ##__VA_ARGS__);			\
	} while (0)

/*
 * The module's own load and unload lines: once per module lifetime and
 * caused by root alone, never held back by the budget.
 */
#define havs_info_module(fmt, ...)					\
	do {								\
		if (READ_ONCE(havs_verbose) >= HAVS_V_INFO)		\
			pr_info(fmt, ##__VA_ARGS__);			\
	} while (0)

int havs_parse_uint_range(const char *val, unsigned int min,
			  unsigned int max, unsigned int *out);

/*
 * Policies of the attributes that carry network byte order: IPv4
 * addresses in a u32, ports in a u16 (their length is checked, and a
 * port's 0 where 0 is refused). Not NLA_BE32/NLA_BE16: a policy dump of
 * 6.1 does not describe those, and every policy must be dumpable.
 */
#define HAVS_NLA_POLICY_ADDR4	{ .type = NLA_U32 }
#define HAVS_NLA_POLICY_ADDR6	NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr))
#define HAVS_NLA_POLICY_PORT	{ .type = NLA_U16 }
#define HAVS_NLA_POLICY_PORT_SET	NLA_POLICY_MIN(NLA_U16, 1)

/* netlink.c: generic netlink family "havs" */
extern struct genl_family havs_genl_family;
int havs_netlink_init(void);
void havs_netlink_exit(void);
struct sk_buff *havs_nl_event_new(struct net *net, u8 cmd, gfp_t gfp,
				  void **hdr);
void havs_nl_event_send(struct net *net, struct sk_buff *msg, void *hdr,
			gfp_t gfp);
void havs_nl_event_lost(struct net *net);
int havs_nl_put_version(struct sk_buff *skb, const struct net *net);
int havs_nl_reply(struct genl_info *info, u8 cmd,
		  int (*fill)(struct sk_buff *msg, void *arg), void *arg);
int havs_nl_get_addr(const struct nlattr *a4, const struct nlattr *a6,
		     u16 family, void *addr, const struct nlattr *nest,
		     struct netlink_ext_ack *extack);
int havs_nl_put_addr(struct sk_buff *skb, int type4, int type6, u16 family,
		     const void *addr);
void havs_nl_dump_begin(struct netlink_callback *cb, const struct net *net);
void havs_nl_dump_changed(const struct net *net);

/* announce.c: devices of kind havs, whose carrier follows tracked objects */
int havs_announce_init(void);
void havs_announce_exit(void);
void havs_announce_net_init(struct havs_net *hn);
void havs_announce_net_exit(struct havs_net *hn);
void havs_announce_track_changed(struct havs_net *hn, struct havs_track_obj *o);
const char *havs_announce_reason_str(u8 reason);
int havs_announce_nl_new(struct sk_buff *skb, struct genl_info *info);
int havs_announce_nl_set(struct sk_buff *skb, struct genl_info *info);
int havs_announce_nl_del(struct sk_buff *skb, struct genl_info *info);
int havs_announce_nl_get(struct sk_buff *skb, struct genl_info *info);
int havs_announce_nl_dump(struct sk_buff *skb, struct netlink_callback *cb);
extern const struct nla_policy havs_nl_announce_policy[HAVS_A_MAX + 1];

#endif /* _HAVS_H */
