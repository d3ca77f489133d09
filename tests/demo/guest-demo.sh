#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# What `make demo` shows, run inside the stock Debian kernel guest.
set -u
HAVSADM=$HAVS_TOP/build/tools/havsadm
step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@"; }
title() { printf '\n\033[1;34m== %s ==\033[0m\n' "$*"; }

title "havs on $(uname -r) (Debian's stock kernel), inside a QEMU guest"
step modinfo -F version havs
title "havsadm talks to the module over generic netlink (loads it on demand)"
step "$HAVSADM" version
step "$HAVSADM" -j version
title "every network namespace has its own havs state"
ip netns add demo-a
ip netns add demo-b
step "$HAVSADM" -n demo-a -j version
step "$HAVSADM" -n demo-b -j version
title "tunables under /sys/module/havs/parameters are validated"
step grep -H . /sys/module/havs/parameters/verbose
step bash -c 'echo 7 > /sys/module/havs/parameters/verbose'
step grep -H . /sys/module/havs/parameters/verbose
title "only CAP_NET_ADMIN may talk to it"
cp "$HAVSADM" /tmp/havsadm && chmod 755 /tmp/havsadm
step setpriv --reuid=65534 --regid=65534 --clear-groups /tmp/havsadm version
title "what havs said in dmesg"
ip netns del demo-a
ip netns del demo-b
rmmod havs
step sh -c "dmesg --notime | grep 'havs:'"
