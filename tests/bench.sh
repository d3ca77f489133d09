#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make bench`: run each benchmark of tests/bench/ in a stock-kernel guest
# and print its table. BENCH=name runs one; BENCH_* variables are passed on
# through the environment file the guest reads.
set -euo pipefail
. "$(dirname "$0")/vm/lib.sh"
cd "$HAVS_TOP"
kodir=$(build_for_stock)
mkdir -p "$HAVS_BUILD"
for v in ${!BENCH_*}; do
	printf '%s=%q\n' "$v" "${!v}"
done > "$HAVS_TOP/build/bench.env"
for b in ${BENCH:-$(cd tests/bench && ls *.sh | sed 's/\.sh$//')}; do
	out=$HAVS_BUILD/vm-bench/$b
	HAVS_VM_TIMEOUT=${HAVS_VM_TIMEOUT:-5400} \
		tests/vm/run-vm.sh stock "$kodir" "$out" "bench-$b" >&2
	# The table: everything after the first blank line, less the PASS line.
	sed -n '/^$/,$p' "$out/bench-$b.log" | grep -v '^PASS$' || true
	grep -q '^ok stock: guest finished' "$out/results" ||
		{ echo "benchmark $b: the guest did not finish; see $out/console.log"; exit 1; }
done
