/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the files of a VRRP instance share: vrrp.c (lifetime, timers,
 * links), vrrp_rx.c, vrrp_tx.c, vrrp_nl.c, vrrp_sync.c and vrrp_track.c.
 * Nothing outside them includes it.
 */
#ifndef _HAVS_VRRP_PRIV_H
#define _HAVS_VRRP_PRIV_H

#include "havs.h"

#define VRRP_MCAST4 htonl(0xe0000012)	/* 224.0.0.18 */

#define VRRP_ADDR_STRLEN 48

/**
 * struct vrrp_effects - what to do once the instance lock is released
 * @skbs: advertisements to send: one to the group, or one per peer; those
 *	on the parent (not the macvlan) are still to be routed
 * @nskbs: how many
 * @changed: the state changed
 * @old: previous state
 * @now: new state
 * @reason: why
 * @priority: priority in effect
 * @garp: send the first round of gratuitous ARP
 */
struct vrrp_effects {
	struct sk_buff *skbs[HAVS_VRRP_MAX_PEERS];
	unsigned int nskbs;
	bool garp;
	bool changed;
	enum vrrp_state old;
	enum vrrp_state now;
	enum vrrp_reason reason;
	u8 priority;
};

/* vrrp.c: lifetime, the state machine's timers and effects, links */
void havs_vrrp_vmac(u8 family, u8 vrid, u8 *mac);
struct havs_vrrp *havs_vrrp_find(struct havs_net *hn, int ifindex, u8 vrid,
				 u8 family);
const char *havs_vrrp_addr_str(u8 family, const void *addr, char *buf);
void havs_vrrp_apply(struct havs_vrrp *v, const struct vrrp_sm_out *out,
		     struct vrrp_effects *fx);
void havs_vrrp_commit(struct havs_vrrp *v, struct vrrp_effects *fx);
bool havs_vrrp_link_ok(const struct havs_vrrp *v);
void __havs_vrrp_check_links(struct havs_vrrp *v);
void havs_vrrp_check_links(struct havs_vrrp *v);
int havs_vrrp_join_group(struct havs_vrrp *v, struct netlink_ext_ack *extack);
void havs_vrrp_leave_group(struct havs_vrrp *v);
void havs_vrrp_setup(struct havs_vrrp *v, struct net_device *dev,
		     struct net_device *vdev);
void havs_vrrp_publish(struct havs_net *hn, struct havs_vrrp *v,
		       struct havs_sync_group *group);
void havs_vrrp_destroy(struct havs_net *hn, struct havs_vrrp *v,
		       bool announce);

/* vrrp_tx.c: adverts, unicast, gratuitous ARP and NA */
extern const struct in6_addr havs_vrrp_mcast6;
void havs_vrrp_queue(struct havs_vrrp *v, u8 priority,
		     struct vrrp_effects *fx);
void havs_vrrp_xmit_unicast(struct havs_vrrp *v, struct sk_buff *skb);
void havs_vrrp_garp_arm(struct havs_vrrp *v);
void havs_vrrp_garp_round(struct havs_vrrp *v);
enum hrtimer_restart havs_vrrp_garp_timer_fn(struct hrtimer *t);

/* vrrp_rx.c: protocol 112 */
int havs_vrrp_rx_init(void);
void havs_vrrp_rx_exit(void);
bool havs_vrrp_is_peer(const struct havs_vrrp *v, const u8 *addr);

/* vrrp_nl.c: events */
void havs_vrrp_event(struct havs_vrrp *v, const struct vrrp_effects *fx);

/* vrrp_sync.c: sync groups */
struct havs_sync_group *havs_vrrp_sync_find(struct havs_net *hn,
					    const char *name);
void havs_vrrp_sync_unfind(struct havs_sync_group *g);
void havs_vrrp_sync_join(struct havs_net *hn, struct havs_vrrp *v,
			 struct havs_sync_group *g);
void havs_vrrp_sync_leave(struct havs_vrrp *v);
void havs_vrrp_sync_propagate(struct havs_vrrp *v,
			      const struct vrrp_effects *fx);
bool havs_vrrp_sync_outranked(const struct havs_vrrp *v);
bool havs_vrrp_sync_fault(const struct havs_vrrp *v);

/* vrrp_track.c: what instances track */
void havs_vrrp_track_eval(struct havs_vrrp *v);
void havs_vrrp_tracks_put(struct havs_net *hn, struct havs_vrrp *v);
bool havs_vrrp_tracks_dev(const struct havs_vrrp *v, int ifindex);
void havs_vrrp_tracks_gone(struct havs_vrrp *v, int ifindex);

#endif /* _HAVS_VRRP_PRIV_H */
