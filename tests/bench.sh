#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make bench`: run each benchmark of tests/bench/ in a stock-kernel guest
# and print its table. BENCH=name runs one; BENCH_* variables are passed on
# through the environment file the guest reads. A benchmark with a
# tests/bench/NAME.pair marker runs in two guests (tests/vm/run-pair.sh)
# and its table comes from the director's log.
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
	if [ -f "tests/bench/$b.pair" ]; then
		HAVS_VM_TIMEOUT=${HAVS_VM_TIMEOUT:-5400} \
			tests/vm/run-pair.sh stock "$kodir" "$out" "bench-$b" >&2 || true
		sed -n '/^$/,$p' "$out/director/bench-$b.log" | grep -v '^PASS$' || true
		for g in director farm; do
			grep -q "^ok $g: guest finished" "$out/$g/results" ||
				{ echo "benchmark $b: the $g guest did not finish; see $out/$g/console.log"; exit 1; }
		done
		continue
	fi
	HAVS_VM_TIMEOUT=${HAVS_VM_TIMEOUT:-5400} \
		tests/vm/run-vm.sh stock "$kodir" "$out" "bench-$b" >&2
	# The table: everything after the first blank line, less the PASS line.
	sed -n '/^$/,$p' "$out/bench-$b.log" | grep -v '^PASS$' || true
	grep -q '^ok stock: guest finished' "$out/results" ||
		{ echo "benchmark $b: the guest did not finish; see $out/console.log"; exit 1; }
done
