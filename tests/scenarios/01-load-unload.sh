#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Module load and unload with namespaces alive on both sides of each.
#
#   init_net   a   b          (exist before load)
#                        c    (created while loaded)
#              a deleted      (while loaded)
#
# Every per-netns state havs creates must be destroyed, by netns exit or by
# module unload, and the module must unload with a zero reference count.
. "$HAVS_TOP/tests/lib/netns.sh"

ns_add a
ns_add b
havs_load verbose=2
expect_match "$(dmesg_new)" 'havs: loaded version [0-9.]+ \(netlink api 2, built for ' "load line"
expect_eq "$(dmesg_new | grep -c 'state created')" "$(ip netns list | wc -l | awk '{print $1 + 1}')" \
	"states created at load (one per netns, init_net included)"

ns_add c
wait_for 5 eval '[ "$(dmesg_new | grep -c "state created")" = 4 ]'
ns_del a
wait_for 10 eval 'dmesg_new | grep -q "state destroyed"'

havs_unload

# A second cycle in the same boot works the same way.
havs_load
expect_eq "$(cat /sys/module/havs/parameters/verbose)" 1 "verbose back to its default"
havs_unload
