#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the test guest (chroot of the host root, see tests/vm/init).
# Writes one line per test to $HAVS_OUT/results and "finished" at the end;
# a guest that dies before that fails the run.
set -u
OUT=$HAVS_OUT
TOP=$HAVS_TOP
FLAVOR=$HAVS_FLAVOR
FILTER=${HAVS_ARGS:-}
export HAVS_TOP HAVS_OUT HAVS_FLAVOR
export PATH=$TOP/build/tools:$PATH

res() { echo "$*" >> "$OUT/results"; }

echo "$(uname -r)" > "$OUT/kernel"
[ -w /sys/kernel/debug/kmemleak ] && echo clear > /sys/kernel/debug/kmemleak

# KUnit: load havs and havs_test, read each suite's KTAP from debugfs and
# turn every test case into a result line. Any "not ok" fails.
run_kunit() {
	local suite f name
	modprobe havs || { res "not ok kunit: modprobe havs"; return; }
	if ! modprobe havs_test; then
		res "not ok kunit: modprobe havs_test"
		rmmod havs
		return
	fi
	for suite in /sys/kernel/debug/kunit/havs_*; do
		[ -f "$suite/results" ] || continue
		name=${suite##*/}
		f=$OUT/kunit-$name.ktap
		cat "$suite/results" > "$f"
		awk -v suite="$name" '
		/^    (not )?ok [0-9]+ / {
			line = $0; sub(/^    /, "", line)
			st = (line ~ /^not ok/) ? "not ok" : "ok"
			sub(/^(not )?ok [0-9]+ (- )?/, "", line)
			if (line ~ /# SKIP/) { sub(/ *# SKIP */, " # ", line); st = "skip" }
			print st " kunit " suite "." line; n++
		}
		END { if (!n) print "not ok kunit " suite ": no test cases ran" }
		' "$f" >> "$OUT/results"
	done
	ls -d /sys/kernel/debug/kunit/havs_* > /dev/null 2>&1 ||
		res "not ok kunit: no havs_* suites registered"
	rmmod havs_test && rmmod havs || res "not ok kunit: unload test modules"
}

if [ "$FLAVOR" = debug ] && [ -z "$FILTER" -o "$FILTER" = kunit ]; then
	run_kunit
fi

if [ "$FILTER" = demo ]; then
	bash "$TOP/tests/demo/guest-demo.sh" > "$OUT/demo.log" 2>&1
	touch "$OUT/finished"
	sync
	[ $$ = 1 ] && exec /bin/busybox reboot -f
	exit 0
fi

# Scenarios: each is a script that exits 0 on success; its output is kept.
for s in "$TOP"/tests/scenarios/*.sh; do
	name=$(basename "$s" .sh)
	case "$FILTER" in ""|"$name"|scenarios) ;; *) continue ;; esac
	t0=$(date +%s.%N)
	timeout -k 5 "${HAVS_SCENARIO_TIMEOUT:-300}" bash "$s" > "$OUT/$name.log" 2>&1
	rc=$?
	dt=$(printf '%.1f' "$(echo "$(date +%s.%N) - $t0" | bc)")
	case $rc in
	0) res "ok $FLAVOR: $name (${dt}s)" ;;
	*) res "not ok $FLAVOR: $name # exit $rc; see $OUT/$name.log"
	   sed 's/^/    | /' "$OUT/$name.log" | tail -n 30 >> "$OUT/failures.txt" ;;
	esac
	# Nothing a scenario loads may stay behind for the next one.
	if grep -q '^havs ' /proc/modules; then
		rmmod havs 2>/dev/null
		res "not ok $FLAVOR: $name left havs loaded"
	fi
done

# kmemleak: a full scan after everything is unloaded; any report fails.
if [ -w /sys/kernel/debug/kmemleak ]; then
	# Objects younger than 5 s are never reported: let them age first.
	sleep 6
	echo scan > /sys/kernel/debug/kmemleak
	sleep 1
	echo scan > /sys/kernel/debug/kmemleak
	cat /sys/kernel/debug/kmemleak > "$OUT/kmemleak.txt"
	if [ -s "$OUT/kmemleak.txt" ]; then
		res "not ok $FLAVOR: kmemleak scan # $(grep -c unreferenced "$OUT/kmemleak.txt") objects; see $OUT/kmemleak.txt"
	else
		res "ok $FLAVOR: kmemleak scan"
	fi
fi

dmesg > "$OUT/dmesg.txt"
touch "$OUT/finished"
sync
# PID 1 of the guest (see tests/vm/init): power off; QEMU runs -no-reboot.
[ $$ = 1 ] && exec /bin/busybox reboot -f
