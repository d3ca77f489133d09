#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make demo`: build what is needed, boot Debian's stock kernel in QEMU and
# show havs working (tests/demo/guest-demo.sh), live.
set -euo pipefail
. "$(dirname "$0")/vm/lib.sh"
cd "$HAVS_TOP"
kodir=$(build_for_stock)
out=$HAVS_BUILD/vm-demo/out
mkdir -p "$out"
rm -f "$out/demo.log"
tests/vm/run-vm.sh stock "$kodir" "$out" demo &
vm=$!
while [ ! -f "$out/demo.log" ] && kill -0 $vm 2>/dev/null; do sleep 0.5; done
tail -n +1 -F --pid=$vm "$out/demo.log" 2>/dev/null || true
wait $vm
grep -q '^ok stock: guest finished' "$out/results" || { echo "demo guest failed; see $out/console.log"; exit 1; }
