/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VRRP state machine (RFC 9568 section 6.4, RFC 3768 section 6.4) as
 * pure functions of (state, event, time). No timers, locks or packets
 * here: the caller arms one timer for vrrp_sm_next_deadline(), sends an
 * advertisement when asked, and applies state changes. That keeps every
 * rule testable with a fake clock.
 */
#ifndef _HAVS_VRRP_SM_H
#define _HAVS_VRRP_SM_H

#include "portable.h"

enum vrrp_state {
	VRRP_STATE_INIT = 0,	/* Initialize: not participating */
	VRRP_STATE_BACKUP,
	VRRP_STATE_MASTER,
	VRRP_STATE_FAULT,	/* not participating because something failed */
};

/* Why the state changed: one reason per transition, for logs and events. */
enum vrrp_reason {
	VRRP_R_NONE = 0,
	VRRP_R_STARTUP,		/* instance started (as backup) */
	VRRP_R_OWNER,		/* priority 255: address owner starts as master */
	VRRP_R_MASTER_DOWN,	/* master down timer expired */
	VRRP_R_PRIO0,		/* master sent priority 0 (takeover after skew) */
	VRRP_R_HIGHER_PRIO,	/* an advert with higher priority */
	VRRP_R_HIGHER_ADDR,	/* equal priority, higher primary address */
	VRRP_R_SHUTDOWN,	/* instance stopped or deleted */
	VRRP_R_FAULT,		/* interface or tracked object failed */
	VRRP_R_RECOVERED,	/* fault cleared */
	VRRP_R_SYNC_MASTER,	/* a sync group member became master */
	VRRP_R_SYNC_BACKUP,	/* a sync group member lost an election */
	VRRP_R_SYNC_FAULT,	/* a sync group member is in fault */
	__VRRP_R_MAX,
};

/**
 * struct vrrp_sm_cfg - configuration the state machine needs
 * @version: 2 or 3
 * @adver_int_cs: configured advertisement interval, centiseconds
 * @preempt: a higher-priority backup takes over from a lower master
 * @preempt_delay_cs: after start-up, or after first seeing a lower-priority
 *	master, honour it this long before preempting (0: at once)
 */
struct vrrp_sm_cfg {
	u8 version;
	u16 adver_int_cs;
	bool preempt;
	u32 preempt_delay_cs;
};

/**
 * struct vrrp_sm - state of one virtual router
 * @state: current state
 * @priority: priority in effect (configured priority after tracking)
 * @master_adver_int_cs: interval of the current master (learned, v3)
 * @adver_at: when master: next advertisement (ns, 0: not armed)
 * @master_down_at: when backup: master down deadline (ns, 0: not armed)
 * @preempt_at: preemption is held off until then (ns, 0: not held)
 * @down_reason: reason to report when the master down timer expires
 */
struct vrrp_sm {
	enum vrrp_state state;
	u8 priority;
	u16 master_adver_int_cs;
	u64 adver_at;
	u64 master_down_at;
	u64 preempt_at;
	enum vrrp_reason down_reason;
};

/* What the caller must do after an event. */
enum {
	VRRP_ACT_SEND = 1 << 0,		/* send an advertisement now */
	VRRP_ACT_SEND_PRIO0 = 1 << 1,	/* send one with priority 0 now */
	VRRP_ACT_STATE = 1 << 2,	/* state changed; see the reason */
};

/**
 * struct vrrp_sm_out - result of an event
 * @actions: VRRP_ACT_* bits
 * @old: state before the event
 * @reason: why the state changed (when %VRRP_ACT_STATE)
 */
struct vrrp_sm_out {
	unsigned int actions;
	enum vrrp_state old;
	enum vrrp_reason reason;
};

/**
 * struct vrrp_sm_advert - what the state machine needs of a received advert
 * @priority: its priority
 * @interval_cs: its advertisement interval
 * @addr_cmp: sign of (sender's primary address - ours), compared as
 *	unsigned big-endian numbers (RFC 9568 6.4.3)
 */
struct vrrp_sm_advert {
	u8 priority;
	u16 interval_cs;
	int addr_cmp;
};

/**
 * struct vrrp_track_in - one tracked interface or object, as evaluated
 * @weight: 0: fault while down; < 0: lower the priority while down;
 *	> 0: raise it while up
 * @up: its state
 */
struct vrrp_track_in {
	s16 weight;
	bool up;
};

u8 vrrp_track_priority(u8 cfg_priority, const struct vrrp_track_in *t,
		       unsigned int n, bool *fault);

#define VRRP_NS_PER_CS	10000000ULL

u64 vrrp_skew_ns(u8 version, u8 priority, u16 master_adver_int_cs);
u64 vrrp_master_down_ns(u8 version, u8 priority, u16 master_adver_int_cs);

void vrrp_sm_start(struct vrrp_sm *sm, const struct vrrp_sm_cfg *cfg,
		   u64 now, enum vrrp_reason why, struct vrrp_sm_out *out);
void vrrp_sm_stop(struct vrrp_sm *sm, enum vrrp_reason why,
		  struct vrrp_sm_out *out);
void vrrp_sm_timer(struct vrrp_sm *sm, const struct vrrp_sm_cfg *cfg,
		   u64 now, struct vrrp_sm_out *out);
void vrrp_sm_advert(struct vrrp_sm *sm, const struct vrrp_sm_cfg *cfg,
		    u64 now, const struct vrrp_sm_advert *adv,
		    struct vrrp_sm_out *out);
void vrrp_sm_set_priority(struct vrrp_sm *sm, u8 priority,
			  struct vrrp_sm_out *out);
void vrrp_sm_force_master(struct vrrp_sm *sm, const struct vrrp_sm_cfg *cfg,
			  u64 now, enum vrrp_reason why,
			  struct vrrp_sm_out *out);
void vrrp_sm_step_down(struct vrrp_sm *sm, const struct vrrp_sm_cfg *cfg,
		       u64 now, enum vrrp_reason why, struct vrrp_sm_out *out);
u64 vrrp_sm_next_deadline(const struct vrrp_sm *sm);
const char *vrrp_state_name(enum vrrp_state state);
const char *vrrp_reason_text(enum vrrp_reason reason);

#endif /* _HAVS_VRRP_SM_H */
