/* SPDX-License-Identifier: GPL-2.0 */
/*
 * havs: what a probe's result does to a server's health, and when the
 * next probe is due; the weight in effect during slow start; the bucket
 * of a probe's round-trip time in the histogram havsadm shows. Pure
 * functions of their arguments (time included), for KUnit with a fake
 * clock.
 */
#ifndef _HAVS_PROBE_SM_H
#define _HAVS_PROBE_SM_H

#include <linux/types.h>

/**
 * struct havs_probe_sm - health of one server as its probes decide it
 * @up: the server is up
 * @ok_run: successes in a row (saturates at 255)
 * @fail_run: failures in a row (saturates at 255)
 */
struct havs_probe_sm {
	bool up;
	u8 ok_run;
	u8 fail_run;
};

/**
 * struct havs_probe_sm_cfg - the settings that matter here
 * @rise: successes in a row that bring a server up (1..255)
 * @fall: failures in a row that bring it down (1..255)
 * @interval_ms: time between probes
 * @retry_ms: time before the next probe after a failure while still up
 */
struct havs_probe_sm_cfg {
	u8 rise;
	u8 fall;
	u32 interval_ms;
	u32 retry_ms;
};

bool havs_probe_sm_result(struct havs_probe_sm *sm,
			  const struct havs_probe_sm_cfg *cfg, bool ok,
			  u32 *next_ms);
u32 havs_slow_start_weight(u32 weight, bool up, unsigned long up_since,
			   u32 slow_start_ms, unsigned long now);
unsigned int havs_rtt_bucket(u32 us);
u32 havs_probe_wait_us(s64 deadline_ns, s64 now_ns);

#endif /* _HAVS_PROBE_SM_H */
