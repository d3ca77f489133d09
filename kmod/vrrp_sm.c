// SPDX-License-Identifier: GPL-2.0
/*
 * VRRP state machine, RFC 9568 section 6.4 (v3) and RFC 3768 section 6.4
 * (v2), plus preemption delay. See vrrp_sm.h. Builds in userspace too.
 */

#include "vrrp_sm.h"
#include "vrrp_pkt.h"

#ifdef __KERNEL__
#include "compat.h"
#else
#define EXPORT_SYMBOL_IF_KUNIT(sym)
#endif

#define NS_PER_SEC 1000000000ULL

/**
 * vrrp_skew_ns() - Skew_Time
 * @version: 2 or 3
 * @priority: local priority
 * @master_adver_int_cs: Master_Adver_Interval (v3) in centiseconds
 *
 * v3: ((256 - Priority) * Master_Adver_Interval) / 256.
 * v2: (256 - Priority) / 256 seconds, whatever the interval.
 *
 * Return: Skew_Time in nanoseconds.
 */
u64 vrrp_skew_ns(u8 version, u8 priority, u16 master_adver_int_cs)
{
	u64 unit = version == 2 ? NS_PER_SEC :
		   master_adver_int_cs * VRRP_NS_PER_CS;

	return ((256 - priority) * unit) >> 8;
}
EXPORT_SYMBOL_IF_KUNIT(vrrp_skew_ns);

/* Master_Down_Interval = 3 * Master_Adver_Interval + Skew_Time. */
u64 vrrp_master_down_ns(u8 version, u8 priority, u16 master_adver_int_cs)
{
	return 3 * master_adver_int_cs * VRRP_NS_PER_CS +
	       vrrp_skew_ns(version, priority, master_adver_int_cs);
}
EXPORT_SYMBOL_IF_KUNIT(vrrp_master_down_ns);

static void set_state(struct vrrp_sm *sm, enum vrrp_state state,
		      enum vrrp_reason why, struct vrrp_sm_out *out)
{
	if (sm->state == state)
		return;
	sm->state = state;
	out->actions |= VRRP_ACT_STATE;
	out->reason = why;
}

static void out_init(const struct vrrp_sm *sm, struct vrrp_sm_out *out)
{
	out->actions = 0;
	out->old = sm->state;
	out->reason = VRRP_R_NONE;
}

static void become_master(struct vrrp_sm *sm, const struct vrrp_sm_cfg *cfg,
			  u64 now, enum vrrp_reason why,
			  struct vrrp_sm_out *out)
{
	set_state(sm, VRRP_STATE_MASTER, why, out);
	out->actions |= VRRP_ACT_SEND;
	sm->adver_at = now + cfg->adver_int_cs * VRRP_NS_PER_CS;
	sm->master_down_at = 0;
	sm->preempt_at = 0;
}

/* Backup: (re)start the master down timer for the current master. */
static void arm_master_down(struct vrrp_sm *sm, const struct vrrp_sm_cfg *cfg,
			    u64 now)
{
	sm->master_down_at = now + vrrp_master_down_ns(cfg->version,
						       sm->priority,
						       sm->master_adver_int_cs);
	sm->down_reason = VRRP_R_MASTER_DOWN;
}

static void become_backup(struct vrrp_sm *sm, const struct vrrp_sm_cfg *cfg,
			  u64 now, enum vrrp_reason why,
			  struct vrrp_sm_out *out)
{
	set_state(sm, VRRP_STATE_BACKUP, why, out);
	sm->adver_at = 0;
	arm_master_down(sm, cfg, now);
}

/**
 * vrrp_sm_start() - leave Initialize (or Fault)
 * @sm: state; @sm->priority must be set
 * @cfg: configuration
 * @now: current time, ns
 * @why: %VRRP_R_STARTUP or %VRRP_R_RECOVERED
 * @out: what to do
 *
 * The address owner (priority 255) becomes master at once; anybody else
 * becomes backup and waits Master_Down_Interval for a master.
 */
void vrrp_sm_start(struct vrrp_sm *sm, const struct vrrp_sm_cfg *cfg,
		   u64 now, enum vrrp_reason why, struct vrrp_sm_out *out)
{
	out_init(sm, out);
	if (sm->state == VRRP_STATE_MASTER || sm->state == VRRP_STATE_BACKUP)
		return;
	sm->master_adver_int_cs = cfg->adver_int_cs;
	sm->preempt_at = cfg->preempt_delay_cs ?
			 now + cfg->preempt_delay_cs * VRRP_NS_PER_CS : 0;
	if (sm->priority == VRRP_PRIO_OWNER)
		become_master(sm, cfg, now, VRRP_R_OWNER, out);
	else
		become_backup(sm, cfg, now, why, out);
}
EXPORT_SYMBOL_IF_KUNIT(vrrp_sm_start);

/**
 * vrrp_sm_stop() - go to Initialize (shutdown) or Fault
 * @sm: state
 * @why: %VRRP_R_SHUTDOWN (to Initialize), %VRRP_R_FAULT or
 *	%VRRP_R_SYNC_FAULT (to Fault)
 * @out: what to do; a master is asked to send priority 0 so that a backup
 *	takes over after Skew_Time instead of Master_Down_Interval
 */
void vrrp_sm_stop(struct vrrp_sm *sm, enum vrrp_reason why,
		  struct vrrp_sm_out *out)
{
	out_init(sm, out);
	if (sm->state == VRRP_STATE_MASTER)
		out->actions |= VRRP_ACT_SEND_PRIO0;
	sm->adver_at = 0;
	sm->master_down_at = 0;
	sm->preempt_at = 0;
	set_state(sm, why == VRRP_R_SHUTDOWN ? VRRP_STATE_INIT : VRRP_STATE_FAULT,
		  why, out);
}
EXPORT_SYMBOL_IF_KUNIT(vrrp_sm_stop);

/**
 * vrrp_sm_timer() - the deadline from vrrp_sm_next_deadline() has come
 * @sm: state
 * @cfg: configuration
 * @now: current time, ns; early calls do nothing
 * @out: what to do
 */
void vrrp_sm_timer(struct vrrp_sm *sm, const struct vrrp_sm_cfg *cfg,
		   u64 now, struct vrrp_sm_out *out)
{
	out_init(sm, out);
	switch (sm->state) {
	case VRRP_STATE_BACKUP:
		if (sm->master_down_at && now >= sm->master_down_at)
			become_master(sm, cfg, now, sm->down_reason, out);
		break;
	case VRRP_STATE_MASTER:
		if (sm->adver_at && now >= sm->adver_at) {
			out->actions |= VRRP_ACT_SEND;
			/* Late timers do not catch up with a burst. */
			sm->adver_at = now + cfg->adver_int_cs * VRRP_NS_PER_CS;
		}
		break;
	default:
		break;
	}
}
EXPORT_SYMBOL_IF_KUNIT(vrrp_sm_timer);

static void backup_advert(struct vrrp_sm *sm, const struct vrrp_sm_cfg *cfg,
			  u64 now, const struct vrrp_sm_advert *adv)
{
	if (!adv->priority) {
		/* The master is leaving: take over after Skew_Time. */
		sm->master_down_at = now + vrrp_skew_ns(cfg->version,
							sm->priority,
							sm->master_adver_int_cs);
		sm->down_reason = VRRP_R_PRIO0;
		return;
	}
	if (cfg->preempt && adv->priority < sm->priority) {
		/* A lower master: preempt, unless preemption is held off. */
		if (!cfg->preempt_delay_cs)
			return;
		if (!sm->preempt_at)
			sm->preempt_at = now + cfg->preempt_delay_cs *
					       VRRP_NS_PER_CS;
		if (now >= sm->preempt_at)
			return;
	}
	if (cfg->version == 3)
		sm->master_adver_int_cs = adv->interval_cs;
	arm_master_down(sm, cfg, now);
}

/**
 * vrrp_sm_advert() - a valid advertisement for this virtual router arrived
 * @sm: state
 * @cfg: configuration
 * @now: current time, ns
 * @adv: the advertisement
 * @out: what to do
 */
void vrrp_sm_advert(struct vrrp_sm *sm, const struct vrrp_sm_cfg *cfg,
		    u64 now, const struct vrrp_sm_advert *adv,
		    struct vrrp_sm_out *out)
{
	out_init(sm, out);
	switch (sm->state) {
	case VRRP_STATE_BACKUP:
		backup_advert(sm, cfg, now, adv);
		break;
	case VRRP_STATE_MASTER:
		if (!adv->priority) {
			/* Another master is leaving: assert ourselves now. */
			out->actions |= VRRP_ACT_SEND;
			sm->adver_at = now + cfg->adver_int_cs * VRRP_NS_PER_CS;
		} else if (adv->priority > sm->priority) {
			if (cfg->version == 3)
				sm->master_adver_int_cs = adv->interval_cs;
			become_backup(sm, cfg, now, VRRP_R_HIGHER_PRIO, out);
		} else if (adv->priority == sm->priority && adv->addr_cmp > 0) {
			if (cfg->version == 3)
				sm->master_adver_int_cs = adv->interval_cs;
			become_backup(sm, cfg, now, VRRP_R_HIGHER_ADDR, out);
		}
		break;
	default:
		break;
	}
}
EXPORT_SYMBOL_IF_KUNIT(vrrp_sm_advert);

/**
 * vrrp_sm_set_priority() - the priority in effect changed (tracking)
 * @sm: state
 * @priority: new priority, 1..255
 * @out: what to do: a master advertises the change at once, so a backup
 *	that now has the higher priority can preempt without waiting
 */
void vrrp_sm_set_priority(struct vrrp_sm *sm, u8 priority,
			  struct vrrp_sm_out *out)
{
	out_init(sm, out);
	if (sm->priority == priority)
		return;
	sm->priority = priority;
	if (sm->state == VRRP_STATE_MASTER)
		out->actions |= VRRP_ACT_SEND;
}
EXPORT_SYMBOL_IF_KUNIT(vrrp_sm_set_priority);

/**
 * vrrp_track_priority() - the priority in effect, from what is tracked
 * @cfg_priority: configured priority, 1..255
 * @t: the tracked interfaces and objects
 * @n: how many
 * @fault: set when one with weight 0 is down
 *
 * As keepalived's track_interface/track_script weights: the sum of the
 * weights that apply is added to the configured priority, and the result
 * kept within 1..254, so tracking can neither make a router the address
 * owner nor make it send priority 0. The owner (255) keeps 255.
 *
 * Return: the priority in effect.
 */
u8 vrrp_track_priority(u8 cfg_priority, const struct vrrp_track_in *t,
		       unsigned int n, bool *fault)
{
	int prio = cfg_priority;
	unsigned int i;

	*fault = false;
	for (i = 0; i < n; i++) {
		if (!t[i].weight)
			*fault |= !t[i].up;
		else if ((t[i].weight > 0) == t[i].up)
			prio += t[i].weight;
	}
	if (cfg_priority == VRRP_PRIO_OWNER)
		return VRRP_PRIO_OWNER;
	if (prio < 1)
		return 1;
	return prio > VRRP_PRIO_OWNER - 1 ? VRRP_PRIO_OWNER - 1 : prio;
}
EXPORT_SYMBOL_IF_KUNIT(vrrp_track_priority);

/**
 * vrrp_sm_force_master() - a backup takes over now (sync groups)
 * @sm: state
 * @cfg: configuration
 * @now: current time, ns
 * @why: reason to report
 * @out: what to do; nothing unless @sm is a backup
 */
void vrrp_sm_force_master(struct vrrp_sm *sm, const struct vrrp_sm_cfg *cfg,
			  u64 now, enum vrrp_reason why,
			  struct vrrp_sm_out *out)
{
	out_init(sm, out);
	if (sm->state == VRRP_STATE_BACKUP)
		become_master(sm, cfg, now, why, out);
}
EXPORT_SYMBOL_IF_KUNIT(vrrp_sm_force_master);

/**
 * vrrp_sm_step_down() - a master becomes backup now (sync groups)
 * @sm: state
 * @cfg: configuration
 * @now: current time, ns
 * @why: reason to report
 * @out: what to do; nothing unless @sm is master. It sends priority 0, so
 *	the other routers take over after Skew_Time rather than wait for
 *	Master_Down_Interval.
 */
void vrrp_sm_step_down(struct vrrp_sm *sm, const struct vrrp_sm_cfg *cfg,
		       u64 now, enum vrrp_reason why, struct vrrp_sm_out *out)
{
	out_init(sm, out);
	if (sm->state != VRRP_STATE_MASTER)
		return;
	out->actions |= VRRP_ACT_SEND_PRIO0;
	sm->master_adver_int_cs = cfg->adver_int_cs;
	become_backup(sm, cfg, now, why, out);
}
EXPORT_SYMBOL_IF_KUNIT(vrrp_sm_step_down);

/* When vrrp_sm_timer() must run next, in ns; 0 when no timer is needed. */
u64 vrrp_sm_next_deadline(const struct vrrp_sm *sm)
{
	switch (sm->state) {
	case VRRP_STATE_MASTER:
		return sm->adver_at;
	case VRRP_STATE_BACKUP:
		return sm->master_down_at;
	default:
		return 0;
	}
}
EXPORT_SYMBOL_IF_KUNIT(vrrp_sm_next_deadline);

const char *vrrp_state_name(enum vrrp_state state)
{
	switch (state) {
	case VRRP_STATE_INIT:
		return "INIT";
	case VRRP_STATE_BACKUP:
		return "BACKUP";
	case VRRP_STATE_MASTER:
		return "MASTER";
	case VRRP_STATE_FAULT:
		return "FAULT";
	}
	return "UNKNOWN";
}
EXPORT_SYMBOL_IF_KUNIT(vrrp_state_name);

/* The words a dmesg line and an event use for a transition's reason. */
const char *vrrp_reason_text(enum vrrp_reason reason)
{
	static const char * const text[__VRRP_R_MAX] = {
		[VRRP_R_NONE] = "no change",
		[VRRP_R_STARTUP] = "instance started",
		[VRRP_R_OWNER] = "address owner (priority 255)",
		[VRRP_R_MASTER_DOWN] = "master down timer expired",
		[VRRP_R_PRIO0] = "master sent priority 0",
		[VRRP_R_HIGHER_PRIO] = "advert with higher priority",
		[VRRP_R_HIGHER_ADDR] = "advert with equal priority from a higher address",
		[VRRP_R_SHUTDOWN] = "instance stopped",
		[VRRP_R_FAULT] = "fault",
		[VRRP_R_RECOVERED] = "fault cleared",
		[VRRP_R_SYNC_MASTER] = "a sync group member became master",
		[VRRP_R_SYNC_BACKUP] = "a sync group member lost an election",
		[VRRP_R_SYNC_FAULT] = "a sync group member is in fault",
	};

	if ((unsigned int)reason >= __VRRP_R_MAX)
		return "unknown";
	return text[reason];
}
EXPORT_SYMBOL_IF_KUNIT(vrrp_reason_text);
