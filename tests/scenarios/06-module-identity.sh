#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The module the guest loads is the one this run built (for the stock
# kernel: the one `dkms build` produced), found by modprobe through the
# module tree like any installed module.
. "$HAVS_TOP/tests/lib/netns.sh"

want=$(cat "$HAVS_OUT/expected-srcversion")
expect_eq "$(modinfo -F srcversion havs)" "$want" "modinfo finds the built module"
expect_eq "$(modinfo -F vermagic havs | cut -d' ' -f1)" "$(uname -r)" "vermagic matches the kernel"
expect_eq "$(modinfo -n havs)" "/lib/modules/$(uname -r)/updates/havs.ko" "module path"
havs_load
expect_eq "$(cat /sys/module/havs/srcversion)" "$want" "loaded srcversion"
expect_eq "$(cat /sys/module/havs/version)" \
	"$(sed -n 's/^#define HAVS_VERSION "\(.*\)"/\1/p' "$HAVS_TOP/kmod/version.h")" "module version"
havs_unload
