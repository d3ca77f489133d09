#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make soak`: the long runs that do not fit make check's budget.
#  1. debug kernel (KASAN, lockdep, kmemleak): the concurrency stress of
#     scenario 30 for STRESS_SECONDS (default 1800) and the fault-injection
#     sweep of scenario 28;
#  2. the KCSAN variant of the debug kernel (tests/vm/kernel-kcsan.config):
#     scenario 30 for KCSAN_SECONDS (default 600) and the scenarios where
#     timers, packets, probes and netlink meet (VRRP election, sync groups,
#     health and schedulers, faults under load, device events). A data race
#     with a frame of havs fails; races elsewhere in the kernel are counted.
# Then the verdict lines of each guest. SOAK=debug|kcsan runs one part.
# The guests' kernel log buffer is 16 MiB (log_buf_len): the default 128
# KiB wraps within minutes of a long run, and the verdicts read the whole
# log from boot (the KCSAN self-test line is among the first).
# Record what a run printed in docs/testing.md (date, machine, seconds, rounds).
set -euo pipefail
. "$(dirname "$0")/vm/lib.sh"
cd "$HAVS_TOP"
make -s tools testbins
rc=0
part() { [ -z "${SOAK:-}" ] || [ "$SOAK" = "$1" ]; }

if part debug; then
	tests/vm/build-kernel.sh > /dev/null
	kdir=$(debug_kernel_dir)
	kver=$(cat "$kdir/kernelrelease")
	make -s module KVER="$kver" KDIR="$kdir/src"
	secs=${STRESS_SECONDS:-1800}
	out=$HAVS_BUILD/vm-soak/out
	# scenario 28's sweep alone takes hours on the debug kernel
	HAVS_VM_TIMEOUT=$((2 * secs + 5 * 3600)) HAVS_VM_LABEL=soak \
		HAVS_VM_APPEND="hvm.stress=$secs log_buf_len=16M" \
		tests/vm/run-vm.sh debug "$HAVS_BUILD/$kver" "$out" 30-stress,28-fault-inject || rc=1
	grep -h '^# rounds\|^ok: .* failure points\|^ok: [0-9]* allocation' "$out"/*.log || true
	cat "$out/results"
	! grep -q '^not ok' "$out/results" || rc=1
fi

if part kcsan; then
	tests/vm/build-kernel.sh kcsan > /dev/null
	kdir=$(debug_kernel_dir kcsan)
	kver=$(cat "$kdir/kernelrelease")
	# its own build directory: the release string is the debug kernel's
	make -s module KVER="$kver" KDIR="$kdir/src" BUILD="$HAVS_BUILD/kcsan"
	secs=${KCSAN_SECONDS:-600}
	out=$HAVS_BUILD/vm-kcsan/out
	HAVS_KERNEL_DIR=$kdir HAVS_VM_KCSAN=1 HAVS_VM_TIMEOUT=$((secs + 3600)) \
		HAVS_VM_LABEL=kcsan HAVS_VM_APPEND="hvm.stress=$secs log_buf_len=16M" \
		tests/vm/run-vm.sh debug "$HAVS_BUILD/kcsan/$kver" "$out" \
		07-vrrp-election,14-vrrp-sync-group,17-health-sched,25-fault-storm,30-stress,32-vrrp-netdev-events || rc=1
	grep -h '^# rounds' "$out"/*.log || true
	cat "$out/results"
	! grep -q '^not ok' "$out/results" || rc=1
fi
exit $rc
