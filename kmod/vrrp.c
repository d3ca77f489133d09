// SPDX-License-Identifier: GPL-2.0
/*
 * VRRP instances in the kernel: their lifetime (setup, publication,
 * deletion, flush), the timers of the state machine and what its
 * transitions do, the links they run on (device notifier), and module
 * init/exit. Configuration is in vrrp_nl.c, receive in vrrp_rx.c,
 * transmission in vrrp_tx.c, sync groups in vrrp_sync.c and tracking in
 * vrrp_track.c. The protocol rules are in vrrp_pkt.c and vrrp_sm.c; these
 * files connect them to the network. See DESIGN.md for how virtual
 * addresses are owned.
 *
 * Locking: configuration under rtnl; instance lookup from the receive path
 * under RCU; each instance's state under its spinlock (softirq and BH-off
 * process context). Packets are built under the lock and sent after it.
 */

#include <linux/if_macvlan.h>
#include <linux/igmp.h>
#include <linux/inetdevice.h>
#include <linux/rtnetlink.h>
#include <linux/timekeeping.h>
#include <net/addrconf.h>
#include <net/ipv6.h>

#include "havs.h"
#include "vrrp_priv.h"

static const u8 vrrp_vmac_prefix[5] = { 0x00, 0x00, 0x5e, 0x00, 0x01 };

/* The virtual MAC of a router: 00:00:5e:00:01:VRID (IPv4), :02: (IPv6). */
void havs_vrrp_vmac(u8 family, u8 vrid, u8 *mac)
{
	memcpy(mac, vrrp_vmac_prefix, sizeof(vrrp_vmac_prefix));
	mac[4] = family == AF_INET6 ? 0x02 : 0x01;
	mac[5] = vrid;
}

static u32 vrrp_hash_key(int ifindex, u8 vrid, u8 family)
{
	return (u32)ifindex ^ (u32)vrid << 20 ^ (u32)family << 28;
}

struct havs_vrrp *havs_vrrp_find(struct havs_net *hn, int ifindex, u8 vrid,
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

/*
 * The instance whose macvlan is @dev (RCU or rtnl), or NULL. Its address
 * is the virtual MAC, which names the family and VRID.
 */
struct havs_vrrp *havs_vrrp_of_vdev(struct havs_net *hn,
				    const struct net_device *dev)
{
	const u8 *mac = dev->dev_addr;
	struct havs_vrrp *v;
	u8 family;

	if (!netif_is_macvlan(dev) ||
	    memcmp(mac, vrrp_vmac_prefix, sizeof(vrrp_vmac_prefix) - 1))
		return NULL;
	if (mac[4] == 0x01)
		family = AF_INET;
	else if (mac[4] == 0x02)
		family = AF_INET6;
	else
		return NULL;
	v = havs_vrrp_find(hn, macvlan_dev_real_dev(dev)->ifindex, mac[5], family);
	return v && v->vdev == dev ? v : NULL;
}

/* @addr (4 or 16 bytes) as text, for log lines. */
const char *havs_vrrp_addr_str(u8 family, const void *addr, char *buf)
{
	if (family == AF_INET6)
		snprintf(buf, VRRP_ADDR_STRLEN, "%pI6c", addr);
	else
		snprintf(buf, VRRP_ADDR_STRLEN, "%pI4", addr);
	return buf;
}

/* Under v->lock: turn the state machine's output into effects, rearm. */
void havs_vrrp_apply(struct havs_vrrp *v, const struct vrrp_sm_out *out,
		     struct vrrp_effects *fx)
{
	u64 deadline;

	if (out->actions & VRRP_ACT_SEND)
		havs_vrrp_queue(v, v->sm.priority, fx);
	else if (out->actions & VRRP_ACT_SEND_PRIO0)
		havs_vrrp_queue(v, VRRP_PRIO_STOP, fx);

	if (out->actions & VRRP_ACT_STATE) {
		if (v->sm.state != VRRP_STATE_BACKUP)
			WRITE_ONCE(v->outranked, false);
		fx->changed = true;
		fx->old = out->old;
		fx->now = v->sm.state;
		fx->reason = out->reason;
		fx->priority = v->sm.priority;
		v->prev_state = out->old;
		v->last_reason = out->reason;
		v->stats[HAVS_VRRP_S_TRANSITIONS]++;
		v->stats[HAVS_VRRP_S_LAST_TRANSITION] = ktime_get_boottime_ns();
		if (v->sm.state == VRRP_STATE_MASTER) {
			v->have_master = havs_self_addr(v, v->master_addr);
			/* Tell switches and hosts; more rounds follow. */
			fx->garp = true;
			v->stats[HAVS_VRRP_S_GARP] += v->nvips;
			v->garp_left = READ_ONCE(havs_garp_count) - 1;
			havs_vrrp_garp_arm(v);
		} else if (v->sm.state != VRRP_STATE_BACKUP) {
			v->have_master = false;
		}
	}

	if (v->dead)
		return;
	deadline = vrrp_sm_next_deadline(&v->sm);
	if (deadline && v->sm.state == VRRP_STATE_MASTER) {
		/* a master's adverts: see vrrp_adv_timer_fn() */
		hrtimer_try_to_cancel(&v->timer);
		hrtimer_start(&v->adv_timer, ns_to_ktime(deadline),
			      HRTIMER_MODE_ABS_HARD);
	} else if (deadline) {
		hrtimer_try_to_cancel(&v->adv_timer);
		hrtimer_start(&v->timer, ns_to_ktime(deadline),
			      HRTIMER_MODE_ABS_SOFT);
	} else {
		hrtimer_try_to_cancel(&v->adv_timer);
		hrtimer_try_to_cancel(&v->timer);
	}
}

/* After v->lock: send, log, notify. Callers have BHs disabled. */
void havs_vrrp_commit(struct havs_vrrp *v, struct vrrp_effects *fx)
{
	unsigned int i;

	for (i = 0; i < fx->nskbs; i++) {
		if (fx->skbs[i]->dev == v->vdev)
			dev_queue_xmit(fx->skbs[i]);
		else
			havs_vrrp_xmit_unicast(v, fx->skbs[i]);
	}
	if (fx->garp)
		havs_vrrp_garp_round(v);
	if (!fx->changed)
		return;
	/* Remote adverts can cause transitions: bound the lines they cost. */
	if (__ratelimit(&v->trans_rs) && havs_log_allowed())
		pr_info("vrrp %s/%u v%u %s -> %s (%s; prio %u)\n",
			v->dev->name, v->vrid, v->cfg.version,
			vrrp_state_name(fx->old), vrrp_state_name(fx->now),
			vrrp_reason_text(fx->reason), fx->priority);
	havs_vrrp_event(v, fx);
	if (v->group)
		havs_vrrp_sync_propagate(v, fx);
}

/* The state machine's deadline has come (softirq). */
static void vrrp_timer_expired(struct havs_vrrp *v)
{
	struct vrrp_effects fx = {};
	struct vrrp_sm_out out;

	spin_lock(&v->lock);
	if (v->dead) {
		spin_unlock(&v->lock);
		return;
	}
	vrrp_sm_timer(&v->sm, &v->cfg, ktime_get_ns(), &out);
	havs_vrrp_apply(v, &out, &fx);
	spin_unlock(&v->lock);
	havs_vrrp_commit(v, &fx);
}

/*
 * Backup and every other state: a soft hrtimer. It runs in the same
 * softirq pass as, and after, the receive softirq that carries the
 * master's adverts, so a backup whose softirqs are delayed (ksoftirqd
 * starved by realtime tasks) sees the adverts that wait in its backlog
 * before it decides the master is down.
 */
static enum hrtimer_restart vrrp_timer_fn(struct hrtimer *t)
{
	vrrp_timer_expired(container_of(t, struct havs_vrrp, timer));
	return HRTIMER_NORESTART;
}

/*
 * A master's adverts: a hard hrtimer that only schedules a high-priority
 * tasklet. Linux up to 6.4 runs no softirq at interrupt exit while
 * ksoftirqd is runnable, except HI and TASKLET (ksoftirqd_running()), so
 * a soft hrtimer waits with ksoftirqd when realtime tasks hog the CPUs
 * (measured: adverts up to 950 ms late at 10 ms intervals, and false
 * takeovers; tests/bench/starvation.sh). The HI softirq runs at the exit
 * of the timer interrupt itself.
 */
static enum hrtimer_restart vrrp_adv_timer_fn(struct hrtimer *t)
{
	struct havs_vrrp *v = container_of(t, struct havs_vrrp, adv_timer);

	tasklet_hi_schedule(&v->adv_tasklet);
	return HRTIMER_NORESTART;
}

static void vrrp_adv_tasklet_fn(struct tasklet_struct *t)
{
	vrrp_timer_expired(container_of(t, struct havs_vrrp, adv_tasklet));
}

bool havs_vrrp_link_ok(const struct havs_vrrp *v)
{
	return netif_running(v->dev) && netif_carrier_ok(v->dev) &&
	       netif_running(v->vdev) && !v->track_fault &&
	       !v->going_down && !v->vmac_lost;
}

/*
 * Start, or park in FAULT, from the links' state, what is tracked and the
 * sync group. An instance whose macvlan has never been up yet stays in
 * INIT: havsadm brings the macvlan up only once the instance exists.
 * Lock free; takes it with BHs off.
 */
void __havs_vrrp_check_links(struct havs_vrrp *v)
{
	struct vrrp_effects fx = {};
	struct vrrp_sm_out out = {};
	bool ok = havs_vrrp_link_ok(v), group_ok = !havs_vrrp_sync_fault(v);

	spin_lock_bh(&v->lock);
	if (ok && group_ok && (v->sm.state == VRRP_STATE_INIT ||
			       v->sm.state == VRRP_STATE_FAULT))
		vrrp_sm_start(&v->sm, &v->cfg, ktime_get_ns(),
			      v->sm.state == VRRP_STATE_INIT ? VRRP_R_STARTUP :
			      VRRP_R_RECOVERED, &out);
	else if ((!ok || !group_ok) && v->sm.state != VRRP_STATE_FAULT &&
		 !(v->sm.state == VRRP_STATE_INIT && !netif_running(v->vdev)))
		vrrp_sm_stop(&v->sm, ok ? VRRP_R_SYNC_FAULT : VRRP_R_FAULT, &out);
	havs_vrrp_apply(v, &out, &fx);
	spin_unlock_bh(&v->lock);

	local_bh_disable();
	havs_vrrp_commit(v, &fx);
	local_bh_enable();
}

/* ... and the other members of its sync group, which share faults (rtnl). */
void havs_vrrp_check_links(struct havs_vrrp *v)
{
	struct havs_vrrp *m;

	ASSERT_RTNL();
	__havs_vrrp_check_links(v);
	if (!v->group)
		return;
	list_for_each_entry(m, &v->group->members, sync_node)
		if (m != v)
			__havs_vrrp_check_links(m);
}

/* Join the VRRP group on the parent (rtnl): 224.0.0.18 or ff02::12. */
int havs_vrrp_join_group(struct havs_vrrp *v, struct netlink_ext_ack *extack)
{
	struct in_device *in_dev;
	int err;

	if (v->npeers)
		return 0;
	if (v->family == AF_INET6) {
		if (!__in6_dev_get(v->dev)) {
			NL_SET_ERR_MSG(extack, "the interface has IPv6 disabled");
			return -EINVAL;
		}
		err = ipv6_dev_mc_inc(v->dev, &havs_vrrp_mcast6);
		if (err) {
			NL_SET_ERR_MSG(extack, "cannot join ff02::12 on the interface");
			return err;
		}
		v->mc_joined = true;
		return 0;
	}
	in_dev = __in_dev_get_rtnl(v->dev);
	if (!in_dev) {
		NL_SET_ERR_MSG(extack, "the interface has IPv4 disabled");
		return -EINVAL;
	}
	ip_mc_inc_group(in_dev, VRRP_MCAST4);
	v->mc_joined = true;
	return 0;
}

void havs_vrrp_leave_group(struct havs_vrrp *v)
{
	struct in_device *in_dev;

	if (v->npeers || !v->mc_joined)
		return;
	v->mc_joined = false;
	if (v->family == AF_INET6) {
		ipv6_dev_mc_dec(v->dev, &havs_vrrp_mcast6);
		return;
	}
	in_dev = __in_dev_get_rtnl(v->dev);
	if (in_dev)
		ip_mc_dec_group(in_dev, VRRP_MCAST4);
}

/*
 * The parent's inet or inet6 device can be destroyed and made again while
 * the interface stays (an MTU below IPv4's or IPv6's minimum and back):
 * the group membership goes with the old one. Our notifier runs after
 * IPv4's and IPv6's own (registered later, same priority), so the device
 * seen here is the current one (rtnl).
 */
static void vrrp_mc_resync(struct havs_vrrp *v)
{
	bool have = v->family == AF_INET6 ? !!__in6_dev_get(v->dev) :
		    !!__in_dev_get_rtnl(v->dev);

	if (v->npeers)
		return;
	if (!have) {
		v->mc_joined = false;
		return;
	}
	if (v->mc_joined)
		return;
	if (havs_vrrp_join_group(v, NULL))
		pr_warn_ratelimited("vrrp %s/%u: cannot join the VRRP group again on %s: adverts are not received\n",
				    v->dev->name, v->vrid, v->dev->name);
	else
		havs_info(havs_pernet(v->net), HAVS_V_INFO, "vrrp %s/%u: joined the VRRP group again (the interface's %s settings were rebuilt)\n",
			  v->dev->name, v->vrid,
			  v->family == AF_INET6 ? "IPv6" : "IPv4");
}

/*
 * A new instance's lock, rate limits, timers and state machine, on @dev
 * with the macvlan @vdev; nothing is published yet (rtnl).
 */
void havs_vrrp_setup(struct havs_vrrp *v, struct net_device *dev,
		     struct net_device *vdev)
{
	v->dev = dev;
	v->vdev = vdev;
	spin_lock_init(&v->lock);
	ratelimit_state_init(&v->log_rs, 5 * HZ, 10);
	ratelimit_set_flags(&v->log_rs, RATELIMIT_MSG_ON_RELEASE);
	ratelimit_state_init(&v->trans_rs, 5 * HZ, 20);
	ratelimit_set_flags(&v->trans_rs, RATELIMIT_MSG_ON_RELEASE);
	havs_hrtimer_setup(&v->timer, vrrp_timer_fn, CLOCK_MONOTONIC,
			   HRTIMER_MODE_ABS_SOFT);
	havs_hrtimer_setup(&v->adv_timer, vrrp_adv_timer_fn, CLOCK_MONOTONIC,
			   HRTIMER_MODE_ABS_HARD);
	tasklet_setup(&v->adv_tasklet, vrrp_adv_tasklet_fn);
	havs_hrtimer_setup(&v->garp_timer, havs_vrrp_garp_timer_fn, CLOCK_MONOTONIC,
			   HRTIMER_MODE_REL_SOFT);
	atomic64_set(&v->gated, 0);
	v->sm.state = VRRP_STATE_INIT;
	v->sm.priority = v->cfg_priority;
}

/*
 * Publish a new instance (rtnl): it takes its device references, joins
 * @group (found by havs_vrrp_sync_find(), or NULL) and enters the hash.
 * Nothing here can fail: see havs_vrrp_nl_new().
 */
void havs_vrrp_publish(struct havs_net *hn, struct havs_vrrp *v,
		       struct havs_sync_group *group)
{
	netdev_hold(v->dev, &v->dev_tracker, GFP_KERNEL);
	netdev_hold(v->vdev, &v->vdev_tracker, GFP_KERNEL);
	if (group)
		havs_vrrp_sync_join(hn, v, group);
	hash_add_rcu(hn->vrrp_hash, &v->node, vrrp_hash_key(v->ifindex, v->vrid, v->family));
	hn->vrrp_count++;
	havs_nl_dump_changed(hn->net);
}

/*
 * Delete an instance (rtnl held). A master first sends priority 0, so a
 * backup takes over after Skew_Time, unless its devices are going away.
 */
void havs_vrrp_destroy(struct havs_net *hn, struct havs_vrrp *v,
		       bool announce)
{
	struct vrrp_effects fx = {};
	struct vrrp_sm_out out;

	ASSERT_RTNL();
	spin_lock_bh(&v->lock);
	vrrp_sm_stop(&v->sm, VRRP_R_SHUTDOWN, &out);
	if (!announce)
		out.actions &= ~VRRP_ACT_SEND_PRIO0;
	v->dead = true;
	havs_vrrp_apply(v, &out, &fx);
	spin_unlock_bh(&v->lock);
	local_bh_disable();
	havs_vrrp_commit(v, &fx);
	local_bh_enable();

	hrtimer_cancel(&v->timer);
	hrtimer_cancel(&v->adv_timer);
	tasklet_kill(&v->adv_tasklet);
	hrtimer_cancel(&v->garp_timer);
	hash_del_rcu(&v->node);
	havs_nl_dump_changed(hn->net);
	/*
	 * The macvlan holds the addresses: once the gate below is gone it
	 * would answer for them, beside the new master. Take it down (havsadm
	 * deletes it next; after an unload it stays, down). Not found by the
	 * device notifier any more: the instance is out of the hash.
	 */
	if (v->vdev->flags & IFF_UP)
		dev_close(v->vdev);
	havs_gate_del(hn, v);
	hn->vrrp_count--;
	havs_vrrp_leave_group(v);
	havs_vrrp_tracks_put(hn, v);
	havs_vrrp_sync_leave(v);
	havs_info(hn, HAVS_V_INFO, "vrrp %s/%u deleted\n", v->dev->name, v->vrid);
	netdev_put(v->vdev, &v->vdev_tracker);
	netdev_put(v->dev, &v->dev_tracker);
	kfree_rcu(v, rcu);
}

/*
 * Every instance of the namespace goes (rtnl). When the module is being
 * unloaded, the macvlans made for the instances go with them: a module
 * that is gone leaves no interface holding its addresses. (A namespace
 * that goes takes its devices along by itself.)
 */
static void vrrp_flush(struct havs_net *hn, bool announce)
{
	bool unloading = READ_ONCE(havs_unloading);
	struct hlist_node *tmp;
	struct havs_vrrp *v;
	LIST_HEAD(kill);
	int bkt;

	hash_for_each_safe(hn->vrrp_hash, bkt, tmp, v, node) {
		struct net_device *vdev = v->vdev;

		havs_vrrp_destroy(hn, v, announce);
		/* still registered: rtnl is held, and it was ours */
		if (unloading && netif_is_macvlan(vdev) &&
		    vdev->reg_state == NETREG_REGISTERED &&
		    vdev->rtnl_link_ops && vdev->rtnl_link_ops->dellink) {
			havs_info(hn, HAVS_V_INFO, "deleting %s: its instance went with the module\n",
				  vdev->name);
			vdev->rtnl_link_ops->dellink(vdev, &kill);
		}
	}
	unregister_netdevice_many(&kill);
}

void havs_vrrp_net_init(struct havs_net *hn)
{
	hash_init(hn->vrrp_hash);
	hash_init(hn->vip_hash);
	INIT_LIST_HEAD(&hn->sync_groups);
	hn->gate_on = false;
	hn->vrrp_count = 0;
	atomic64_set(&hn->vrrp_short, 0);
	atomic64_set(&hn->vrrp_no_instance, 0);
}

void havs_vrrp_net_exit(struct havs_net *hn)
{
	rtnl_lock();
	vrrp_flush(hn, true);
	rtnl_unlock();
}

/*
 * The macvlan must carry the virtual MAC: adverts, ARP replies and
 * neighbour advertisements leave with it. An instance whose macvlan was
 * given another address stays in FAULT until the address is back (rtnl).
 */
static void vrrp_vmac_check(struct havs_vrrp *v)
{
	u8 vmac[ETH_ALEN];
	bool lost;

	havs_vrrp_vmac(v->family, v->vrid, vmac);
	lost = !ether_addr_equal(v->vdev->dev_addr, vmac);
	if (lost == v->vmac_lost)
		return;
	v->vmac_lost = lost;
	if (lost)
		pr_warn("vrrp %s/%u: %s's address is %pM, not the virtual MAC %pM: fault until it is set back\n",
			v->dev->name, v->vrid, v->vdev->name, v->vdev->dev_addr, vmac);
	else
		pr_info("vrrp %s/%u: %s has the virtual MAC again\n",
			v->dev->name, v->vrid, v->vdev->name);
}

/*
 * Device events: follow the links' state and tracked interfaces; let go of
 * devices that go away.
 */
static int vrrp_netdev_event(struct notifier_block *nb, unsigned long event,
			     void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct hlist_node *tmp;
	struct havs_net *hn;
	struct havs_vrrp *v;
	int bkt;

	/*
	 * Unload: the pernet exit destroys every instance (and frees the
	 * namespaces' state) before the notifier goes, and unregistering the
	 * notifier replays NETDEV_UNREGISTER for every device: nothing here
	 * may touch a namespace's state from the moment unload begins.
	 */
	if (READ_ONCE(havs_unloading))
		return NOTIFY_DONE;
	hn = havs_pernet(dev_net(dev));
	if (!hn->vrrp_count)
		return NOTIFY_DONE;
	switch (event) {
	case NETDEV_UNREGISTER:
	case NETDEV_UP:
	case NETDEV_GOING_DOWN:
	case NETDEV_DOWN:
	case NETDEV_CHANGE:
	case NETDEV_CHANGEADDR:
	case NETDEV_CHANGEMTU:
	case NETDEV_REGISTER:
		break;
	default:
		return NOTIFY_DONE;
	}
	hash_for_each_safe(hn->vrrp_hash, bkt, tmp, v, node) {
		if (v->dev == dev || v->vdev == dev) {
			if (event == NETDEV_UNREGISTER) {
				havs_info(hn, HAVS_V_QUIET, "vrrp %s/%u: %s is going away, deleting the instance\n",
					  v->dev->name, v->vrid, dev->name);
				havs_vrrp_destroy(hn, v, false);
				continue;
			}
			/*
			 * A link that is closing can still send: a master
			 * bows out with priority 0 now, not at NETDEV_DOWN.
			 */
			v->going_down = event == NETDEV_GOING_DOWN;
			if (v->vdev == dev)
				vrrp_vmac_check(v);
			if (v->dev == dev)
				vrrp_mc_resync(v);
			havs_vrrp_check_links(v);
		}
		if (havs_vrrp_tracks_dev(v, dev->ifindex)) {
			if (event == NETDEV_UNREGISTER)
				havs_vrrp_tracks_gone(v, dev->ifindex);
			havs_vrrp_track_eval(v);
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

	BUILD_BUG_ON((int)HAVS_VRRP_MASTER != (int)VRRP_STATE_MASTER);
	BUILD_BUG_ON((int)HAVS_VRRP_FAULT != (int)VRRP_STATE_FAULT);

	err = register_netdevice_notifier(&vrrp_netdev_nb);
	if (err)
		return err;
	err = havs_vrrp_rx_init();
	if (err)
		unregister_netdevice_notifier(&vrrp_netdev_nb);
	return err;
}

/*
 * After the pernet exit (unregister_pernet_subsys()): every namespace's
 * instances are gone already, masters bowed out with priority 0 and the
 * macvlans were deleted (vrrp_flush()).
 */
void havs_vrrp_exit(void)
{
	havs_vrrp_rx_exit();
	unregister_netdevice_notifier(&vrrp_netdev_nb);
}
