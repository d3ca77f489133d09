// SPDX-License-Identifier: GPL-2.0
/*
 * havs_test.ko: the KUnit suites of havs (kmod/ *_test.c), as one module
 * that needs havs.ko. Built only against kernels with CONFIG_KUNIT.
 */

#include <linux/module.h>

#include "havs.h"

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for havs");
HAVS_IMPORT_KUNIT_NS();
