// SPDX-License-Identifier: GPL-2.0
/*
 * Module parameters, validated when written: a bad value is refused with
 * -EINVAL, logged, and leaves the parameter unchanged.
 */

#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "havs.h"

/*
 * See havs_info(). The kernel's own "callbacks suppressed" line would go
 * out without our prefix (RATELIMIT_MSG_ON_RELEASE, set at load, stops
 * it): havs_log_allowed() says how many lines were held back instead.
 */
DEFINE_RATELIMIT_STATE(havs_log_rs, HAVS_LOG_INTERVAL_S * HZ, HAVS_LOG_BURST);

/**
 * havs_log_allowed() - take one line from the module-wide log budget
 *
 * Lines held back are counted; the first line let through after them is
 * preceded by one that says how many there were, so a reader of dmesg
 * knows the log has a gap and that counters and events are complete.
 *
 * Return: true if the caller may print its line.
 */
bool havs_log_allowed(void)
{
	if (!__ratelimit(&havs_log_rs))
		return false;
	havs_log_flush();
	return true;
}

/**
 * havs_log_flush() - say how many lines the budget held back, if any
 *
 * Called before each line the budget lets through and at unload, so that
 * no gap goes unreported.
 */
void havs_log_flush(void)
{
	unsigned long flags;
	int missed;

	raw_spin_lock_irqsave(&havs_log_rs.lock, flags);
	missed = havs_log_rs.missed;
	havs_log_rs.missed = 0;
	raw_spin_unlock_irqrestore(&havs_log_rs.lock, flags);
	if (missed)
		pr_notice("%d lines suppressed by the log rate limit (%d per %d s); counters and events are complete\n",
			  missed, HAVS_LOG_BURST, HAVS_LOG_INTERVAL_S);
}

/**
 * havs_parse_uint_range() - parse a decimal unsigned integer within bounds
 * @val: text as written to sysfs or given to modprobe (one trailing
 *	newline allowed)
 * @min: smallest accepted value
 * @max: largest accepted value
 * @out: where the value is stored on success; untouched on failure
 *
 * Return: 0, -EINVAL for text that is not a decimal number, or -ERANGE for
 * a number outside [@min, @max].
 */
int havs_parse_uint_range(const char *val, unsigned int min,
			  unsigned int max, unsigned int *out)
{
	unsigned int v;

	if (!val || kstrtouint(val, 10, &v))
		return -EINVAL;
	if (v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(havs_parse_uint_range);

/**
 * struct havs_uint_param - an unsigned parameter with an accepted range
 * @value: the parameter's storage
 * @min: smallest accepted value
 * @max: largest accepted value
 */
struct havs_uint_param {
	unsigned int *value;
	unsigned int min;
	unsigned int max;
};

static int havs_param_set_uint(const char *val, const struct kernel_param *kp)
{
	const struct havs_uint_param *p = kp->arg;
	unsigned int v;
	int err;

	err = havs_parse_uint_range(val, p->min, p->max, &v);
	if (err) {
		pr_warn("parameter %s: refused \"%.*s\": expected a whole number from %u to %u; value stays %u\n",
			kp->name, (int)strcspn(val, "\n"), val, p->min,
			p->max, READ_ONCE(*p->value));
		/* sysfs and modprobe report EINVAL for any bad value. */
		return -EINVAL;
	}
	WRITE_ONCE(*p->value, v);
	return 0;
}

static int havs_param_get_uint(char *buf, const struct kernel_param *kp)
{
	const struct havs_uint_param *p = kp->arg;

	return sysfs_emit(buf, "%u\n", READ_ONCE(*p->value));
}

static const struct kernel_param_ops havs_uint_param_ops = {
	.set = havs_param_set_uint,
	.get = havs_param_get_uint,
};

unsigned int havs_verbose = HAVS_V_INFO;
static struct havs_uint_param havs_param_verbose = {
	.value = &havs_verbose, .min = HAVS_V_QUIET, .max = HAVS_V_DEBUG,
};
module_param_cb(verbose, &havs_uint_param_ops, &havs_param_verbose, 0644);
MODULE_PARM_DESC(verbose,
		 "dmesg verbosity: 0 warnings and errors, 1 also load/unload and configuration changes (default), 2 also object lifecycle [0..2]");

unsigned int havs_garp_count = 3;
static struct havs_uint_param havs_param_garp_count = {
	.value = &havs_garp_count, .min = 1, .max = 20,
};
module_param_cb(garp_count, &havs_uint_param_ops, &havs_param_garp_count, 0644);
MODULE_PARM_DESC(garp_count,
		 "gratuitous ARPs / unsolicited NAs per address when becoming master (default 3) [1..20]");

unsigned int havs_garp_interval_ms = 200;
static struct havs_uint_param havs_param_garp_interval = {
	.value = &havs_garp_interval_ms, .min = 10, .max = 10000,
};
module_param_cb(garp_interval_ms, &havs_uint_param_ops,
		&havs_param_garp_interval, 0644);
MODULE_PARM_DESC(garp_interval_ms,
		 "milliseconds between those rounds (default 200) [10..10000]");

unsigned int havs_garp_refresh_s;
static struct havs_uint_param havs_param_garp_refresh = {
	.value = &havs_garp_refresh_s, .min = 0, .max = 3600,
};
module_param_cb(garp_refresh_s, &havs_uint_param_ops,
		&havs_param_garp_refresh, 0644);
MODULE_PARM_DESC(garp_refresh_s,
		 "a master repeats a round every so many seconds, 0: never (default 0) [0..3600]");

unsigned int havs_probe_max_inflight = 256;
static struct havs_uint_param havs_param_probe_max_inflight = {
	.value = &havs_probe_max_inflight, .min = 1, .max = 65536,
};
module_param_cb(probe_max_inflight, &havs_uint_param_ops,
		&havs_param_probe_max_inflight, 0644);
MODULE_PARM_DESC(probe_max_inflight,
		 "health probes in flight at once, all namespaces; more wait their turn (default 256) [1..65536]");

unsigned int havs_max_instances = 4096;
static struct havs_uint_param havs_param_max_instances = {
	.value = &havs_max_instances, .min = 1, .max = 65536,
};
module_param_cb(max_instances, &havs_uint_param_ops,
		&havs_param_max_instances, 0644);
MODULE_PARM_DESC(max_instances,
		 "VRRP instances per network namespace; more are refused (default 4096) [1..65536]");

unsigned int havs_max_probed = 65536;
static struct havs_uint_param havs_param_max_probed = {
	.value = &havs_max_probed, .min = 1, .max = 1048576,
};
module_param_cb(max_probed, &havs_uint_param_ops, &havs_param_max_probed,
		0644);
MODULE_PARM_DESC(max_probed,
		 "probed servers (one per server and settings) per network namespace; beyond, servers are not probed and count as up (default 65536) [1..1048576]");

unsigned int havs_probe_max_inflight_ns = 64;
static struct havs_uint_param havs_param_probe_max_inflight_ns = {
	.value = &havs_probe_max_inflight_ns, .min = 1, .max = 65536,
};
module_param_cb(probe_max_inflight_ns, &havs_uint_param_ops,
		&havs_param_probe_max_inflight_ns, 0644);
MODULE_PARM_DESC(probe_max_inflight_ns,
		 "health probes in flight at once per network namespace, within probe_max_inflight: a namespace with many servers cannot take every slot (default 64) [1..65536]");

unsigned int havs_max_check_settings = 65536;
static struct havs_uint_param havs_param_max_check_settings = {
	.value = &havs_max_check_settings, .min = 1, .max = 1048576,
};
module_param_cb(max_check_settings, &havs_uint_param_ops,
		&havs_param_max_check_settings, 0644);
MODULE_PARM_DESC(max_check_settings,
		 "services with check settings per network namespace; more are refused (default 65536) [1..1048576]");

unsigned int havs_max_track_objects = 4096;
static struct havs_uint_param havs_param_max_track_objects = {
	.value = &havs_max_track_objects, .min = 1, .max = 65536,
};
module_param_cb(max_track_objects, &havs_uint_param_ops,
		&havs_param_max_track_objects, 0644);
MODULE_PARM_DESC(max_track_objects,
		 "tracked objects per network namespace; more are refused (default 4096) [1..65536]");

unsigned int havs_max_announce = 256;
static struct havs_uint_param havs_param_max_announce = {
	.value = &havs_max_announce, .min = 1, .max = 65536,
};
module_param_cb(max_announce, &havs_uint_param_ops,
		&havs_param_max_announce, 0644);
MODULE_PARM_DESC(max_announce,
		 "devices of kind havs (announcements) per network namespace; more are refused (default 256) [1..65536]");
