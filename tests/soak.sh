#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make soak`: the long runs that do not fit make check's budget, on the
# debug kernel (KASAN, lockdep, kmemleak): the concurrency stress of
# scenario 30 for STRESS_SECONDS (default 1800) and the fault-injection
# sweep of scenario 28, then the verdict lines of the guest. Record what a
# run printed in the README (date, machine, seconds, rounds).
set -euo pipefail
. "$(dirname "$0")/vm/lib.sh"
cd "$HAVS_TOP"
tests/vm/build-kernel.sh > /dev/null
make -s tools testbins
kdir=$(debug_kernel_dir)
kver=$(cat "$kdir/kernelrelease")
make -s module KVER="$kver" KDIR="$kdir/src"
secs=${STRESS_SECONDS:-1800}
out=$HAVS_BUILD/vm-soak/out
HAVS_VM_TIMEOUT=$((secs + 3600)) HAVS_VM_LABEL=soak \
	HAVS_VM_APPEND="hvm.stress=$secs" \
	tests/vm/run-vm.sh debug "$HAVS_BUILD/$kver" "$out" 30-stress,28-fault-inject
grep -h '^# rounds\|^ok: .* failure points\|^ok: [0-9]* allocation' "$out"/*.log || true
cat "$out/results"
! grep -q '^not ok' "$out/results"
