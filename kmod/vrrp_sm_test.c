// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for vrrp_sm.c: timer arithmetic against the RFC formulas and
 * the state machine driven with a fake clock.
 */

#include <kunit/test.h>

#include "vrrp_pkt.h"
#include "vrrp_sm.h"

#define MS 1000000ULL
#define SEC 1000000000ULL

static void havs_vrrp_sm_arithmetic(struct kunit *test)
{
	/* v3, priority 100, 1 s: skew = 156/256 s = 609.375 ms. */
	KUNIT_EXPECT_EQ(test, vrrp_skew_ns(3, 100, 100), 609375000ULL);
	KUNIT_EXPECT_EQ(test, vrrp_master_down_ns(3, 100, 100),
			3 * SEC + 609375000ULL);
	/* v3, 10 ms adverts, priority 254: skew = 2/256 * 10 ms = 78.125 us. */
	KUNIT_EXPECT_EQ(test, vrrp_skew_ns(3, 254, 1), 78125ULL);
	KUNIT_EXPECT_EQ(test, vrrp_master_down_ns(3, 254, 1), 30 * MS + 78125ULL);
	/* Owner: skew 1/256 of the interval; maximum interval 40.95 s. */
	KUNIT_EXPECT_EQ(test, vrrp_skew_ns(3, 255, 4095), 4095 * 10 * MS / 256);
	KUNIT_EXPECT_EQ(test, vrrp_master_down_ns(3, 1, 4095),
			3 * 40950 * MS + 255 * 40950 * MS / 256);
	/* v2: skew is (256 - prio)/256 s whatever the interval. */
	KUNIT_EXPECT_EQ(test, vrrp_skew_ns(2, 100, 100), 609375000ULL);
	KUNIT_EXPECT_EQ(test, vrrp_skew_ns(2, 100, 300), 609375000ULL);
	KUNIT_EXPECT_EQ(test, vrrp_master_down_ns(2, 100, 300),
			9 * SEC + 609375000ULL);
	/* Higher priority: shorter wait, so it wins the race to master. */
	KUNIT_EXPECT_LT(test, vrrp_master_down_ns(3, 200, 100),
			vrrp_master_down_ns(3, 100, 100));
}

static const struct vrrp_sm_cfg cfg_v3 = {
	.version = 3, .adver_int_cs = 100, .preempt = true,
};

static struct vrrp_sm new_sm(u8 prio)
{
	return (struct vrrp_sm){ .state = VRRP_STATE_INIT, .priority = prio };
}

static struct vrrp_sm_advert adv(u8 prio, u16 int_cs, int addr_cmp)
{
	return (struct vrrp_sm_advert){
		.priority = prio, .interval_cs = int_cs, .addr_cmp = addr_cmp,
	};
}

static void havs_vrrp_sm_startup(struct kunit *test)
{
	struct vrrp_sm sm = new_sm(100), owner = new_sm(255);
	u64 down = vrrp_master_down_ns(3, 100, 100);
	struct vrrp_sm_out out;

	vrrp_sm_start(&sm, &cfg_v3, 0, VRRP_R_STARTUP, &out);
	KUNIT_EXPECT_EQ(test, sm.state, VRRP_STATE_BACKUP);
	KUNIT_EXPECT_EQ(test, out.actions, (unsigned int)VRRP_ACT_STATE);
	KUNIT_EXPECT_EQ(test, out.old, VRRP_STATE_INIT);
	KUNIT_EXPECT_EQ(test, out.reason, VRRP_R_STARTUP);
	KUNIT_EXPECT_EQ(test, vrrp_sm_next_deadline(&sm), down);

	/* Nothing happens a nanosecond early; at the deadline it is master. */
	vrrp_sm_timer(&sm, &cfg_v3, down - 1, &out);
	KUNIT_EXPECT_EQ(test, sm.state, VRRP_STATE_BACKUP);
	KUNIT_EXPECT_EQ(test, out.actions, 0U);
	vrrp_sm_timer(&sm, &cfg_v3, down, &out);
	KUNIT_EXPECT_EQ(test, sm.state, VRRP_STATE_MASTER);
	KUNIT_EXPECT_EQ(test, out.actions,
			(unsigned int)(VRRP_ACT_SEND | VRRP_ACT_STATE));
	KUNIT_EXPECT_EQ(test, out.reason, VRRP_R_MASTER_DOWN);
	KUNIT_EXPECT_EQ(test, vrrp_sm_next_deadline(&sm), down + SEC);

	/* The owner does not wait. */
	vrrp_sm_start(&owner, &cfg_v3, 5, VRRP_R_STARTUP, &out);
	KUNIT_EXPECT_EQ(test, owner.state, VRRP_STATE_MASTER);
	KUNIT_EXPECT_EQ(test, out.reason, VRRP_R_OWNER);
	KUNIT_EXPECT_TRUE(test, out.actions & VRRP_ACT_SEND);
	KUNIT_EXPECT_EQ(test, vrrp_sm_next_deadline(&owner), 5 + SEC);
}

static void havs_vrrp_sm_master_adverts(struct kunit *test)
{
	struct vrrp_sm sm = new_sm(255);
	struct vrrp_sm_out out;
	unsigned int sent = 0;
	u64 t;

	vrrp_sm_start(&sm, &cfg_v3, 0, VRRP_R_STARTUP, &out);
	/* Fire the timer every 10 ms for 10 s: one advert per second. */
	for (t = 10 * MS; t <= 10 * SEC; t += 10 * MS) {
		vrrp_sm_timer(&sm, &cfg_v3, t, &out);
		if (out.actions & VRRP_ACT_SEND)
			sent++;
	}
	KUNIT_EXPECT_EQ(test, sent, 10U);

	/* A timer 5 s late sends once, not five times. */
	vrrp_sm_timer(&sm, &cfg_v3, 15 * SEC + 300 * MS, &out);
	KUNIT_EXPECT_EQ(test, out.actions, (unsigned int)VRRP_ACT_SEND);
	KUNIT_EXPECT_EQ(test, vrrp_sm_next_deadline(&sm), 16 * SEC + 300 * MS);
	vrrp_sm_timer(&sm, &cfg_v3, 15 * SEC + 400 * MS, &out);
	KUNIT_EXPECT_EQ(test, out.actions, 0U);
}

/* A backup that keeps hearing its master never takes over. */
static void havs_vrrp_sm_backup_holds(struct kunit *test)
{
	struct vrrp_sm sm = new_sm(100);
	struct vrrp_sm_advert a;
	struct vrrp_sm_out out;
	u64 t;

	vrrp_sm_start(&sm, &cfg_v3, 0, VRRP_R_STARTUP, &out);
	for (t = SEC; t <= 60 * SEC; t += SEC) {
		a = adv(t % 2 ? 100 : 150, 100, -1);	/* equal or higher */
		vrrp_sm_advert(&sm, &cfg_v3, t, &a, &out);
		vrrp_sm_timer(&sm, &cfg_v3, t, &out);
		KUNIT_ASSERT_EQ(test, sm.state, VRRP_STATE_BACKUP);
	}
	/* Silence: master after Master_Down_Interval from the last advert. */
	vrrp_sm_timer(&sm, &cfg_v3, 60 * SEC + vrrp_master_down_ns(3, 100, 100) - 1,
		      &out);
	KUNIT_EXPECT_EQ(test, sm.state, VRRP_STATE_BACKUP);
	vrrp_sm_timer(&sm, &cfg_v3, 60 * SEC + vrrp_master_down_ns(3, 100, 100),
		      &out);
	KUNIT_EXPECT_EQ(test, sm.state, VRRP_STATE_MASTER);
}

/* v3 backups adopt the master's interval; v2 backups do not. */
static void havs_vrrp_sm_learns_interval(struct kunit *test)
{
	struct vrrp_sm_cfg v2 = { .version = 2, .adver_int_cs = 100, .preempt = true };
	struct vrrp_sm sm = new_sm(100);
	struct vrrp_sm_advert a = adv(200, 5, 1);
	struct vrrp_sm_out out;

	vrrp_sm_start(&sm, &cfg_v3, 0, VRRP_R_STARTUP, &out);
	vrrp_sm_advert(&sm, &cfg_v3, SEC, &a, &out);
	KUNIT_EXPECT_EQ(test, sm.master_adver_int_cs, 5);
	KUNIT_EXPECT_EQ(test, vrrp_sm_next_deadline(&sm),
			SEC + vrrp_master_down_ns(3, 100, 5));

	sm = new_sm(100);
	vrrp_sm_start(&sm, &v2, 0, VRRP_R_STARTUP, &out);
	vrrp_sm_advert(&sm, &v2, SEC, &a, &out);
	KUNIT_EXPECT_EQ(test, sm.master_adver_int_cs, 100);
	KUNIT_EXPECT_EQ(test, vrrp_sm_next_deadline(&sm),
			SEC + vrrp_master_down_ns(2, 100, 100));
}

static void havs_vrrp_sm_preempt(struct kunit *test)
{
	struct vrrp_sm_cfg nopreempt = cfg_v3;
	struct vrrp_sm sm = new_sm(200);
	struct vrrp_sm_advert low = adv(100, 100, 1);
	struct vrrp_sm_out out;
	u64 t;

	/* Preempt: adverts of a lower master are ignored, so it times out. */
	vrrp_sm_start(&sm, &cfg_v3, 0, VRRP_R_STARTUP, &out);
	for (t = SEC; sm.state == VRRP_STATE_BACKUP && t < 10 * SEC; t += SEC) {
		vrrp_sm_advert(&sm, &cfg_v3, t, &low, &out);
		vrrp_sm_timer(&sm, &cfg_v3, t, &out);
	}
	KUNIT_EXPECT_EQ(test, sm.state, VRRP_STATE_MASTER);
	KUNIT_EXPECT_EQ(test, t - SEC, 4 * SEC);	/* down = 3.22 s */

	/* Nopreempt: a lower master is kept for as long as it advertises. */
	nopreempt.preempt = false;
	sm = new_sm(200);
	vrrp_sm_start(&sm, &nopreempt, 0, VRRP_R_STARTUP, &out);
	for (t = SEC; t <= 120 * SEC; t += SEC) {
		vrrp_sm_advert(&sm, &nopreempt, t, &low, &out);
		vrrp_sm_timer(&sm, &nopreempt, t, &out);
		KUNIT_ASSERT_EQ(test, sm.state, VRRP_STATE_BACKUP);
	}
}

static void havs_vrrp_sm_preempt_delay(struct kunit *test)
{
	struct vrrp_sm_cfg cfg = cfg_v3;
	struct vrrp_sm sm = new_sm(200);
	struct vrrp_sm_advert low = adv(100, 100, 1);
	struct vrrp_sm_out out;
	u64 t;

	cfg.preempt_delay_cs = 3000;	/* 30 s after start-up */
	vrrp_sm_start(&sm, &cfg, 0, VRRP_R_STARTUP, &out);
	for (t = SEC; sm.state == VRRP_STATE_BACKUP && t < 120 * SEC; t += SEC) {
		vrrp_sm_advert(&sm, &cfg, t, &low, &out);
		vrrp_sm_timer(&sm, &cfg, t, &out);
	}
	/* Honoured until 30 s, then one Master_Down_Interval (3.22 s) later. */
	KUNIT_EXPECT_EQ(test, sm.state, VRRP_STATE_MASTER);
	KUNIT_EXPECT_EQ(test, t - SEC, 33 * SEC);
}

static void havs_vrrp_sm_priority_zero(struct kunit *test)
{
	struct vrrp_sm sm = new_sm(100), m = new_sm(255);
	struct vrrp_sm_advert zero = adv(0, 100, 1);
	struct vrrp_sm_out out;
	u64 skew = vrrp_skew_ns(3, 100, 100);

	/* Backup: takeover after Skew_Time, reported as priority 0. */
	vrrp_sm_start(&sm, &cfg_v3, 0, VRRP_R_STARTUP, &out);
	vrrp_sm_advert(&sm, &cfg_v3, SEC, &zero, &out);
	KUNIT_EXPECT_EQ(test, vrrp_sm_next_deadline(&sm), SEC + skew);
	vrrp_sm_timer(&sm, &cfg_v3, SEC + skew, &out);
	KUNIT_EXPECT_EQ(test, sm.state, VRRP_STATE_MASTER);
	KUNIT_EXPECT_EQ(test, out.reason, VRRP_R_PRIO0);

	/* Master: answers at once and stays master. */
	vrrp_sm_start(&m, &cfg_v3, 0, VRRP_R_STARTUP, &out);
	vrrp_sm_advert(&m, &cfg_v3, 300 * MS, &zero, &out);
	KUNIT_EXPECT_EQ(test, out.actions, (unsigned int)VRRP_ACT_SEND);
	KUNIT_EXPECT_EQ(test, m.state, VRRP_STATE_MASTER);
	KUNIT_EXPECT_EQ(test, vrrp_sm_next_deadline(&m), 1300 * MS);
}

static void havs_vrrp_sm_master_yields(struct kunit *test)
{
	static const struct {
		u8 prio;
		int addr_cmp;
		bool yields;
		enum vrrp_reason reason;
	} cases[] = {
		{ 150, -1, true, VRRP_R_HIGHER_PRIO },
		{ 101, 0, true, VRRP_R_HIGHER_PRIO },
		{ 100, 1, true, VRRP_R_HIGHER_ADDR },
		{ 100, -1, false, VRRP_R_NONE },
		{ 100, 0, false, VRRP_R_NONE },	/* our own advert looped back */
		{ 99, 1, false, VRRP_R_NONE },
		{ 1, 1, false, VRRP_R_NONE },
	};
	struct vrrp_sm_advert a;
	enum vrrp_state want;
	struct vrrp_sm_out out;
	struct vrrp_sm sm;
	unsigned int i;
	u64 down;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		sm = new_sm(100);
		vrrp_sm_start(&sm, &cfg_v3, 0, VRRP_R_STARTUP, &out);
		vrrp_sm_timer(&sm, &cfg_v3, 10 * SEC, &out);
		KUNIT_ASSERT_EQ(test, sm.state, VRRP_STATE_MASTER);

		a = adv(cases[i].prio, 20, cases[i].addr_cmp);
		vrrp_sm_advert(&sm, &cfg_v3, 11 * SEC, &a, &out);
		want = VRRP_STATE_MASTER;
		if (cases[i].yields)
			want = VRRP_STATE_BACKUP;
		KUNIT_EXPECT_EQ_MSG(test, sm.state, want, "case %u", i);
		KUNIT_EXPECT_EQ_MSG(test, out.reason, cases[i].reason, "case %u", i);
		KUNIT_EXPECT_FALSE(test, out.actions & VRRP_ACT_SEND);
		if (!cases[i].yields)
			continue;
		/* Now a backup of the new master, with its interval. */
		down = vrrp_master_down_ns(3, 100, 20);
		KUNIT_EXPECT_EQ(test, vrrp_sm_next_deadline(&sm), 11 * SEC + down);
	}
}

static void havs_vrrp_sm_stop_and_fault(struct kunit *test)
{
	struct vrrp_sm sm = new_sm(255), b = new_sm(100);
	struct vrrp_sm_out out;

	vrrp_sm_start(&sm, &cfg_v3, 0, VRRP_R_STARTUP, &out);
	vrrp_sm_stop(&sm, VRRP_R_SHUTDOWN, &out);
	KUNIT_EXPECT_EQ(test, out.actions,
			(unsigned int)(VRRP_ACT_SEND_PRIO0 | VRRP_ACT_STATE));
	KUNIT_EXPECT_EQ(test, sm.state, VRRP_STATE_INIT);
	KUNIT_EXPECT_EQ(test, vrrp_sm_next_deadline(&sm), 0ULL);

	/* A backup leaves silently; a fault parks it in FAULT. */
	vrrp_sm_start(&b, &cfg_v3, 0, VRRP_R_STARTUP, &out);
	vrrp_sm_stop(&b, VRRP_R_FAULT, &out);
	KUNIT_EXPECT_EQ(test, out.actions, (unsigned int)VRRP_ACT_STATE);
	KUNIT_EXPECT_EQ(test, b.state, VRRP_STATE_FAULT);
	KUNIT_EXPECT_EQ(test, out.reason, VRRP_R_FAULT);
	/* Timers and adverts do nothing in FAULT. */
	vrrp_sm_timer(&b, &cfg_v3, 100 * SEC, &out);
	KUNIT_EXPECT_EQ(test, b.state, VRRP_STATE_FAULT);
	vrrp_sm_start(&b, &cfg_v3, 100 * SEC, VRRP_R_RECOVERED, &out);
	KUNIT_EXPECT_EQ(test, b.state, VRRP_STATE_BACKUP);
	KUNIT_EXPECT_EQ(test, out.reason, VRRP_R_RECOVERED);
	KUNIT_EXPECT_EQ(test, out.old, VRRP_STATE_FAULT);
}

static void havs_vrrp_sm_priority_change(struct kunit *test)
{
	struct vrrp_sm sm = new_sm(255);
	struct vrrp_sm_out out;

	vrrp_sm_start(&sm, &cfg_v3, 0, VRRP_R_STARTUP, &out);
	vrrp_sm_set_priority(&sm, 90, &out);
	KUNIT_EXPECT_EQ(test, out.actions, (unsigned int)VRRP_ACT_SEND);
	KUNIT_EXPECT_EQ(test, sm.priority, 90);
	vrrp_sm_set_priority(&sm, 90, &out);
	KUNIT_EXPECT_EQ(test, out.actions, 0U);
}

static void havs_vrrp_sm_names(struct kunit *test)
{
	unsigned int i;

	KUNIT_EXPECT_STREQ(test, vrrp_state_name(VRRP_STATE_MASTER), "MASTER");
	KUNIT_EXPECT_STREQ(test, vrrp_state_name(VRRP_STATE_BACKUP), "BACKUP");
	for (i = 0; i < __VRRP_R_MAX; i++)
		KUNIT_EXPECT_STRNEQ(test, vrrp_reason_text(i), "unknown");
	KUNIT_EXPECT_STREQ(test, vrrp_reason_text(__VRRP_R_MAX), "unknown");
}

static void havs_vrrp_sm_tracking(struct kunit *test)
{
	struct vrrp_track_in t[3] = {
		{ .weight = -50, .up = true },
		{ .weight = 20, .up = true },
		{ .weight = 0, .up = true },
	};
	bool fault;

	/* Everything up: the positive weight applies, the negative not. */
	KUNIT_EXPECT_EQ(test, vrrp_track_priority(100, t, 3, &fault), 120);
	KUNIT_EXPECT_FALSE(test, fault);
	t[0].up = false;
	KUNIT_EXPECT_EQ(test, vrrp_track_priority(100, t, 3, &fault), 70);
	t[1].up = false;
	KUNIT_EXPECT_EQ(test, vrrp_track_priority(100, t, 3, &fault), 50);
	KUNIT_EXPECT_FALSE(test, fault);
	/* Weight 0 down: fault, the priority arithmetic goes on. */
	t[2].up = false;
	KUNIT_EXPECT_EQ(test, vrrp_track_priority(100, t, 3, &fault), 50);
	KUNIT_EXPECT_TRUE(test, fault);
	/* Clamped to 1..254: never priority 0 (leaving) nor 255 (owner). */
	t[0].weight = -254;
	KUNIT_EXPECT_EQ(test, vrrp_track_priority(100, t, 1, &fault), 1);
	t[1] = (struct vrrp_track_in){ .weight = 254, .up = true };
	KUNIT_EXPECT_EQ(test, vrrp_track_priority(200, &t[1], 1, &fault), 254);
	/* The owner stays the owner, and still faults. */
	KUNIT_EXPECT_EQ(test, vrrp_track_priority(255, t, 3, &fault), 255);
	KUNIT_EXPECT_TRUE(test, fault);
	KUNIT_EXPECT_EQ(test, vrrp_track_priority(100, t, 0, &fault), 100);
	KUNIT_EXPECT_FALSE(test, fault);
}

static void havs_vrrp_sm_sync(struct kunit *test)
{
	struct vrrp_sm_cfg cfg = { .version = 3, .adver_int_cs = 100, .preempt = true };
	struct vrrp_sm sm = { .state = VRRP_STATE_BACKUP, .priority = 100,
			      .master_adver_int_cs = 100, .master_down_at = 5 };
	struct vrrp_sm_out out;

	/* Only a backup is forced to master; it advertises at once. */
	vrrp_sm_force_master(&sm, &cfg, 1000, VRRP_R_SYNC_MASTER, &out);
	KUNIT_EXPECT_EQ(test, sm.state, VRRP_STATE_MASTER);
	KUNIT_EXPECT_EQ(test, out.reason, VRRP_R_SYNC_MASTER);
	KUNIT_EXPECT_TRUE(test, out.actions & VRRP_ACT_SEND);
	KUNIT_EXPECT_EQ(test, sm.master_down_at, 0);
	KUNIT_EXPECT_EQ(test, sm.adver_at, 1000 + 100 * VRRP_NS_PER_CS);
	vrrp_sm_force_master(&sm, &cfg, 2000, VRRP_R_SYNC_MASTER, &out);
	KUNIT_EXPECT_EQ(test, out.actions, 0);

	/* Stepping down: backup, priority 0 sent, master down armed. */
	vrrp_sm_step_down(&sm, &cfg, 3000, VRRP_R_SYNC_BACKUP, &out);
	KUNIT_EXPECT_EQ(test, sm.state, VRRP_STATE_BACKUP);
	KUNIT_EXPECT_EQ(test, out.reason, VRRP_R_SYNC_BACKUP);
	KUNIT_EXPECT_EQ(test, out.actions, VRRP_ACT_STATE | VRRP_ACT_SEND_PRIO0);
	KUNIT_EXPECT_EQ(test, sm.adver_at, 0);
	KUNIT_EXPECT_EQ(test, sm.master_down_at,
			3000 + vrrp_master_down_ns(3, 100, 100));
	vrrp_sm_step_down(&sm, &cfg, 4000, VRRP_R_SYNC_BACKUP, &out);
	KUNIT_EXPECT_EQ(test, out.actions, 0);

	/* A fault imposed by the group is a fault. */
	vrrp_sm_stop(&sm, VRRP_R_SYNC_FAULT, &out);
	KUNIT_EXPECT_EQ(test, sm.state, VRRP_STATE_FAULT);
	KUNIT_EXPECT_STREQ(test, vrrp_reason_text(out.reason),
			   "a sync group member is in fault");
}

static struct kunit_case havs_vrrp_sm_cases[] = {
	KUNIT_CASE(havs_vrrp_sm_arithmetic),
	KUNIT_CASE(havs_vrrp_sm_startup),
	KUNIT_CASE(havs_vrrp_sm_master_adverts),
	KUNIT_CASE(havs_vrrp_sm_backup_holds),
	KUNIT_CASE(havs_vrrp_sm_learns_interval),
	KUNIT_CASE(havs_vrrp_sm_preempt),
	KUNIT_CASE(havs_vrrp_sm_preempt_delay),
	KUNIT_CASE(havs_vrrp_sm_priority_zero),
	KUNIT_CASE(havs_vrrp_sm_master_yields),
	KUNIT_CASE(havs_vrrp_sm_stop_and_fault),
	KUNIT_CASE(havs_vrrp_sm_priority_change),
	KUNIT_CASE(havs_vrrp_sm_names),
	KUNIT_CASE(havs_vrrp_sm_tracking),
	KUNIT_CASE(havs_vrrp_sm_sync),
	{}
};

static struct kunit_suite havs_vrrp_sm_suite = {
	.name = "havs_vrrp_sm",
	.test_cases = havs_vrrp_sm_cases,
};

kunit_test_suite(havs_vrrp_sm_suite);
