/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernels havs supports (5.15 to 6.12), kept in one
 * place so the rest of the module is written against one API.
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
 * get_random_u32_below() (6.2, in 6.1.y): older kernels have the same
 * thing as prandom_u32_max().
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 1, 0)
#include <linux/prandom.h>
#define get_random_u32_below(ceil) prandom_u32_max(ceil)
#endif

#endif /* _HAVS_COMPAT_H */
