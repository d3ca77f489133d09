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
LABEL=${HAVS_LABEL:-$FLAVOR}
# A filter too long for the kernel command line comes in a file (run-vm.sh).
case "$FILTER" in
@*) FILTER=$(cat "$OUT/${FILTER#@}") ;;
esac
export HAVS_TOP HAVS_OUT HAVS_FLAVOR
export PATH=$TOP/build/tools:$PATH

res() { echo "$*" >> "$OUT/results"; }
# stamp PART.start|PART.end [NOTE]: a new file in OUT/stamps, which the
# host's clock dates; run-vm.sh turns them into OUT/timing. (The guest's
# own clock is no measure: under a loaded host it ran at half speed.)
mkdir -p "$OUT/stamps"
stamp() { echo "${2:-}" > "$OUT/stamps/$1"; }

# First write of the guest: its date on the host ends the boot.
echo "$(uname -r)" > "$OUT/kernel"
[ -w /sys/kernel/debug/kmemleak ] && echo clear > /sys/kernel/debug/kmemleak

# KUnit: load havs and havs_test; the suites run at load and print KTAP to
# the kernel log. That log is parsed (debugfs keeps only a truncated copy
# per case): every case is a result line, any "not ok" fails, and a suite
# that reports fewer cases than it planned, or none, fails too.
run_kunit() {
	local mark nsuites
	mark=$(dmesg | wc -l)
	modprobe havs || { res "not ok kunit: modprobe havs"; return; }
	if ! modprobe havs_test; then
		res "not ok kunit: modprobe havs_test"
		rmmod havs
		return
	fi
	dmesg --notime | tail -n +$((mark + 1)) > "$OUT/kunit.ktap"
	awk '
	function close_suite(how) {
		if (!suite) return
		if (n != plan)
			print "not ok kunit " suite ": " n " of " plan " cases reported" how
		else if (how != "" )
			print "not ok kunit " suite how
		suite = ""
	}
	/^    # Subtest: havs_/ { close_suite(": no suite result (crashed?)"); suite = $3; n = 0; plan = -1; failed = 0; next }
	suite && /^    1\.\.[0-9]+$/ { plan = substr($1, 4) + 0; next }
	suite && /^    (not )?ok [0-9]+ / {
		line = $0; sub(/^    /, "", line)
		st = (line ~ /^not ok/) ? "not ok" : "ok"
		if (st == "not ok") failed = 1
		sub(/^(not )?ok [0-9]+ (- )?/, "", line)
		if (line ~ /# SKIP/) { sub(/ *# SKIP */, " # ", line); st = "skip" }
		print st " kunit " suite "." line; n++; next
	}
	suite && /^(not )?ok [0-9]+ / {
		close_suite(($1 == "not" && !failed) ? ": suite failed" : ""); next
	}
	END { close_suite(": no suite result (crashed?)") }
	' "$OUT/kunit.ktap" >> "$OUT/results"
	nsuites=$(ls -d /sys/kernel/debug/kunit/havs_* 2>/dev/null | wc -l)
	[ "$nsuites" -gt 0 ] || res "not ok kunit: no havs_* suites registered"
	[ "$(grep -c '^    # Subtest: havs_' "$OUT/kunit.ktap")" = "$nsuites" ] ||
		res "not ok kunit: $nsuites suites registered, KTAP of $(grep -c '^    # Subtest: havs_' "$OUT/kunit.ktap") in the log"
	rmmod havs_test && rmmod havs || res "not ok kunit: unload test modules"
}

# KUnit runs unfiltered or when the filter names it (a list may, see
# tests/vm/shards.sh).
if [ "$FLAVOR" = debug ]; then
	case ",$FILTER," in
	,,|*,kunit,*) stamp kunit.start; run_kunit; stamp kunit.end ;;
	esac
fi

if [ "$FILTER" = demo ] || [ "${FILTER#bench-}" != "$FILTER" ]; then
	if [ "$FILTER" = demo ]; then
		bash "$TOP/tests/demo/guest-demo.sh" > "$OUT/demo.log" 2>&1
	else
		# BENCH_* settings from the host (tests/bench.sh writes them).
		[ -f "$TOP/build/bench.env" ] && . "$TOP/build/bench.env"
		[ -z "${!BENCH_*}" ] || export ${!BENCH_*}
		bash "$TOP/tests/bench/${FILTER#bench-}.sh" > "$OUT/$FILTER.log" 2>&1
	fi
	touch "$OUT/finished"
	sync
	[ $$ = 1 ] && exec /bin/busybox reboot -f
	exit 0
fi

# Processes the guest has started since boot (/proc/stat): what a scenario
# costs in forks and execs, the main cost under the debug kernel, goes to
# the timing report beside its wall time.
guest_processes() {
	local key val
	while read -r key val _; do
		[ "$key" = processes ] && { echo "$val"; return; }
	done < /proc/stat
}

# Scenarios: each is a script that exits 0 on success; its output is kept.
for s in "$TOP"/tests/scenarios/*.sh; do
	name=$(basename "$s" .sh)
	case ",$FILTER," in ,,|*",$name,"*|,scenarios,) ;; *) continue ;; esac
	# "# flavors: debug stock" in a scenario's head: where it runs at all
	flavors=$(sed -n '1,30s/^# flavors: //p' "$s")
	[ -z "$flavors" ] || [[ " $flavors " == *" $FLAVOR "* ]] || continue
	t0=$(date +%s.%N)
	procs0=$(guest_processes)
	stamp "$name.start"
	# a ceiling against hangs; the debug kernel runs 5-10 times slower;
	# make soak (STRESS_SECONDS set) sweeps and stresses for hours
	if [ -n "${STRESS_SECONDS:-}" ]; then
		ceiling=$(( STRESS_SECONDS + 4 * 3600 ))
	elif [ "$FLAVOR" = debug ]; then
		ceiling=1200
	else
		ceiling=600
	fi
	timeout -k 5 "${HAVS_SCENARIO_TIMEOUT:-$ceiling}" \
		bash "$s" > "$OUT/$name.log" 2>&1
	rc=$?
	dt=$(printf '%.1f' "$(echo "$(date +%s.%N) - $t0" | bc)")
	procs=$(( $(guest_processes) - procs0 ))
	case $rc in
	0) res "ok $FLAVOR: $name (${dt}s)"; stamp "$name.end" "$procs processes" ;;
	*) res "not ok $FLAVOR: $name # exit $rc; see $OUT/$name.log"
	   stamp "$name.end" "not ok; $procs processes"
	   sed 's/^/    | /' "$OUT/$name.log" | tail -n 40 >> "$OUT/failures.txt" ;;
	esac
	# Nothing a scenario loads may stay behind for the next one.
	if grep -q '^havs ' /proc/modules; then
		rmmod havs 2>/dev/null
		res "not ok $FLAVOR: $name left havs loaded"
	fi
done

# kmemleak: a full scan after everything is unloaded; any report fails.
if [ -w /sys/kernel/debug/kmemleak ]; then
	stamp "kmemleak scan.start"
	# Objects younger than 5 s are never reported: let them age first.
	sleep 6
	echo scan > /sys/kernel/debug/kmemleak
	sleep 1
	echo scan > /sys/kernel/debug/kmemleak
	cat /sys/kernel/debug/kmemleak > "$OUT/kmemleak.txt"
	if [ -s "$OUT/kmemleak.txt" ]; then
		res "not ok $LABEL: kmemleak scan # $(grep -c unreferenced "$OUT/kmemleak.txt") objects; see $OUT/kmemleak.txt"
	else
		res "ok $LABEL: kmemleak scan"
	fi
	stamp "kmemleak scan.end"
fi

dmesg > "$OUT/dmesg.txt"
touch "$OUT/finished"
sync
# PID 1 of the guest (see tests/vm/init): power off; QEMU runs -no-reboot.
[ $$ = 1 ] && exec /bin/busybox reboot -f
