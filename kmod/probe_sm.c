// SPDX-License-Identifier: GPL-2.0
/*
 * The health state machine of a probed server (see probe_sm.h).
 */

#include <linux/jiffies.h>
#include <linux/math64.h>
#include <linux/minmax.h>

#include "uapi/linux/havs.h"
#include "havs.h"
#include "probe_sm.h"

/**
 * havs_probe_sm_result() - a probe ended
 * @sm: the server's state, updated
 * @cfg: its settings
 * @ok: whether the probe succeeded
 * @next_ms: set to the delay before the next probe: the interval, or the
 *	retry delay (if shorter) after a failure that did not yet bring an up
 *	server down
 *
 * Return: true if @sm->up changed.
 */
bool havs_probe_sm_result(struct havs_probe_sm *sm,
			  const struct havs_probe_sm_cfg *cfg, bool ok,
			  u32 *next_ms)
{
	bool was = sm->up;

	*next_ms = cfg->interval_ms;
	if (ok) {
		sm->fail_run = 0;
		if (sm->ok_run < 255)
			sm->ok_run++;
		if (!sm->up && sm->ok_run >= cfg->rise)
			sm->up = true;
	} else {
		sm->ok_run = 0;
		if (sm->fail_run < 255)
			sm->fail_run++;
		if (sm->up && sm->fail_run >= cfg->fall)
			sm->up = false;
		if (sm->up)
			*next_ms = min(cfg->retry_ms, cfg->interval_ms);
	}
	return sm->up != was;
}
EXPORT_SYMBOL_IF_KUNIT(havs_probe_sm_result);

/**
 * havs_slow_start_weight() - weight in effect of a server
 * @weight: its configured weight
 * @up: its health
 * @up_since: jiffies when it last came up, 0: it did not come back from
 *	down (up from the start), so no ramp
 * @slow_start_ms: the ramp's length, 0: none
 * @now: jiffies now
 *
 * Return: 0 when down; during the ramp, @weight in proportion to the time
 * since it came up, at least 1; @weight after.
 */
u32 havs_slow_start_weight(u32 weight, bool up, unsigned long up_since,
			   u32 slow_start_ms, unsigned long now)
{
	unsigned long span, el;

	if (!up)
		return 0;
	if (!slow_start_ms || !up_since || !weight)
		return weight;
	span = msecs_to_jiffies(slow_start_ms);
	el = now - up_since;
	if (time_before(now, up_since) || el >= span)
		return weight;
	return max_t(u32, 1, div64_u64((u64)weight * el, span));
}
EXPORT_SYMBOL_IF_KUNIT(havs_slow_start_weight);

static const u32 havs_rtt_bounds[] = HAVS_RTT_BUCKETS_US;
static_assert(ARRAY_SIZE(havs_rtt_bounds) == HAVS_RTT_NBUCKETS);

/**
 * havs_rtt_bucket() - bucket of a round-trip time in the histogram
 * @us: the round-trip time of a good probe, in microseconds
 *
 * Return: the index of the first bound of %HAVS_RTT_BUCKETS_US that is
 * >= @us, or %HAVS_RTT_NBUCKETS (the +Inf bucket) when @us is above them
 * all.
 */
unsigned int havs_rtt_bucket(u32 us)
{
	unsigned int i;

	for (i = 0; i < HAVS_RTT_NBUCKETS; i++)
		if (us <= havs_rtt_bounds[i])
			break;
	return i;
}
EXPORT_SYMBOL_IF_KUNIT(havs_rtt_bucket);

/**
 * havs_probe_wait_us() - how long a probe still waits for its reply
 * @deadline_ns: when the probe times out (monotonic clock)
 * @now_ns: the one reading of the same clock the caller decides on
 *
 * Return: the microseconds left, rounded up so that a deadline not yet
 * reached never reads as 0; 0 when the deadline has passed (the probe
 * failed). Never a negative delta turned into a huge wait.
 */
u32 havs_probe_wait_us(s64 deadline_ns, s64 now_ns)
{
	u64 left;

	if (deadline_ns <= now_ns)
		return 0;
	left = (u64)deadline_ns - (u64)now_ns;
	if (left >= (u64)U32_MAX * 1000)
		return U32_MAX;
	return (u32)((left + 999) / 1000);
}
EXPORT_SYMBOL_IF_KUNIT(havs_probe_wait_us);
