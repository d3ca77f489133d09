/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between kernels, kept in one place so the rest of the module
 * is written against one API. Tested (built W=1 and run in make check):
 * Debian's 6.1 and 6.12, and their rt flavours (built). The branches for
 * 6.13 and later follow the upstream API changes that are known to break
 * the build (namespaces as strings, hrtimer_init() gone in 6.15) but no
 * kernel of that range is built here: they are not a support claim.
 */
#ifndef _HAVS_COMPAT_H
#define _HAVS_COMPAT_H

#include <linux/version.h>
#include <linux/export.h>
#include <linux/module.h>

/*
 * EXPORT_SYMBOL_IF_KUNIT (6.2): internal functions the KUnit module
 * (havs_test.ko) calls are exported, into their own namespace, only on
 * kernels built with KUnit. Older kernels get the same macro from here.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
#include <kunit/visibility.h>
#elif IS_ENABLED(CONFIG_KUNIT)
#define EXPORT_SYMBOL_IF_KUNIT(sym) \
	EXPORT_SYMBOL_NS(sym, EXPORTED_FOR_KUNIT_TESTING)
#else
#define EXPORT_SYMBOL_IF_KUNIT(sym)
#endif

/* Symbol namespaces are string literals from 6.13 on. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
#define HAVS_IMPORT_KUNIT_NS() MODULE_IMPORT_NS("EXPORTED_FOR_KUNIT_TESTING")
#else
#define HAVS_IMPORT_KUNIT_NS() MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING)
#endif

/*
 * hrtimer_setup() (6.13) sets the callback with the mode; hrtimer_init()
 * is gone in 6.15.
 */
#include <linux/hrtimer.h>
static inline void havs_hrtimer_setup(struct hrtimer *timer,
				      enum hrtimer_restart (*fn)(struct hrtimer *),
				      clockid_t clock, enum hrtimer_mode mode)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
	hrtimer_setup(timer, fn, clock, mode);
#else
	hrtimer_init(timer, clock, mode);
	timer->function = fn;
#endif
}

/*
 * A device that never changes namespace: NETIF_F_NETNS_LOCAL up to 6.11,
 * a flag of the device from 6.12 (netns_local, renamed netns_immutable
 * in 6.15 and in Debian's 6.12.118, the 6.12 tested here).
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#define havs_dev_set_netns_local(dev) ((dev)->netns_immutable = true)
#else
#define havs_dev_set_netns_local(dev) ((dev)->features |= NETIF_F_NETNS_LOCAL)
#endif

#endif /* _HAVS_COMPAT_H */
