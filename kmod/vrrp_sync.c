// SPDX-License-Identifier: GPL-2.0
/*
 * VRRP sync groups: instances that are master together. Membership and
 * faults are configuration (rtnl); MASTER/BACKUP moves propagate in the
 * softirq that made them, one member locked at a time. See DESIGN.md.
 */

#include <linux/rculist.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>

#include "havs.h"
#include "vrrp_priv.h"

/*
 * Sync group: a member changed state on its own (BHs off, no lock held).
 * Becoming master pulls the other members' backups along, except one that
 * hears a higher-priority master; losing an election makes the other
 * masters step down. Transitions made here carry a sync reason and do not
 * propagate again. Faults are shared in havs_vrrp_check_links().
 */
void havs_vrrp_sync_propagate(struct havs_vrrp *v,
			      const struct vrrp_effects *fx)
{
	bool up = fx->now == VRRP_STATE_MASTER;
	bool down = fx->old == VRRP_STATE_MASTER &&
		    fx->now == VRRP_STATE_BACKUP;
	struct havs_sync_group *g = READ_ONCE(v->group);
	struct havs_vrrp *m;

	if ((!up && !down) || fx->reason == VRRP_R_SYNC_MASTER ||
	    fx->reason == VRRP_R_SYNC_BACKUP)
		return;
	rcu_read_lock();
	list_for_each_entry_rcu(m, &g->members, sync_node) {
		struct vrrp_effects mfx = {};
		struct vrrp_sm_out out = {};

		if (m == v)
			continue;
		spin_lock(&m->lock);
		if (!m->dead && up && !READ_ONCE(m->outranked))
			vrrp_sm_force_master(&m->sm, &m->cfg, ktime_get_ns(),
					     VRRP_R_SYNC_MASTER, &out);
		else if (!m->dead && down)
			vrrp_sm_step_down(&m->sm, &m->cfg, ktime_get_ns(),
					  VRRP_R_SYNC_BACKUP, &out);
		if (out.actions)
			havs_vrrp_apply(m, &out, &mfx);
		spin_unlock(&m->lock);
		havs_vrrp_commit(m, &mfx);
	}
	rcu_read_unlock();
}

/* Another member of @v's group hears a higher-priority master. */
bool havs_vrrp_sync_outranked(const struct havs_vrrp *v)
{
	struct havs_sync_group *g = READ_ONCE(v->group);
	const struct havs_vrrp *m;
	bool ret = false;

	rcu_read_lock();
	list_for_each_entry_rcu(m, &g->members, sync_node) {
		if (m != v && READ_ONCE(m->outranked)) {
			ret = true;
			break;
		}
	}
	rcu_read_unlock();
	return ret;
}

/* A member of @v's sync group other than @v has a fault of its own (rtnl). */
bool havs_vrrp_sync_fault(const struct havs_vrrp *v)
{
	const struct havs_vrrp *m;

	if (!v->group)
		return false;
	list_for_each_entry(m, &v->group->members, sync_node)
		if (m != v && !havs_vrrp_link_ok(m))
			return true;
	return false;
}

/*
 * The sync group @name (rtnl): the namespace's, or a new one that is not
 * listed yet and has no member. Joining is split in two so that the only
 * step that can fail comes before the instance is published.
 */
struct havs_sync_group *havs_vrrp_sync_find(struct havs_net *hn,
					    const char *name)
{
	struct havs_sync_group *g;

	ASSERT_RTNL();
	list_for_each_entry(g, &hn->sync_groups, node)
		if (!strcmp(g->name, name))
			return g;
	g = kzalloc(sizeof(*g), GFP_KERNEL_ACCOUNT);
	if (!g)
		return NULL;
	strscpy(g->name, name, sizeof(g->name));
	INIT_LIST_HEAD(&g->members);
	INIT_LIST_HEAD(&g->node);
	return g;
}

/* A group havs_vrrp_sync_find() made that nobody joined goes (rtnl). */
void havs_vrrp_sync_unfind(struct havs_sync_group *g)
{
	if (g && !g->nmembers)
		kfree(g);
}

/* Join @g, found by havs_vrrp_sync_find(); cannot fail (rtnl). */
void havs_vrrp_sync_join(struct havs_net *hn, struct havs_vrrp *v,
			 struct havs_sync_group *g)
{
	ASSERT_RTNL();
	if (!g->nmembers)
		list_add_tail(&g->node, &hn->sync_groups);
	g->nmembers++;
	list_add_tail_rcu(&v->sync_node, &g->members);
	WRITE_ONCE(v->group, g);
}

/*
 * Leave the sync group (rtnl); the last member takes it along. The others
 * may have been in fault only because of @v: they look again.
 */
void havs_vrrp_sync_leave(struct havs_vrrp *v)
{
	struct havs_sync_group *g = v->group;
	struct havs_vrrp *m;

	if (!g)
		return;
	list_del_rcu(&v->sync_node);
	if (!--g->nmembers) {
		list_del(&g->node);
		kfree_rcu(g, rcu);
		return;
	}
	list_for_each_entry(m, &g->members, sync_node)
		__havs_vrrp_check_links(m);
}
