#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make check`: every test of havs.
#   1. debug kernel VMs (KASAN, lockdep, kmemleak): KUnit + scenarios, in
#      two guests started first (the debug module's W=1 build before them)
#   2. meanwhile on the host: havsadm unit tests and CLI behaviour, parser
#      fuzz targets, make install/uninstall, the systemd unit, the example
#      config, the bash completion
#   3. static: W=1 builds for every kernel Debian ships headers for
#      (tests/dkms/kernels.sh: 6.1, 6.1 rt, 6.12, 6.12 rt), checkpatch
#      --strict, packaging
#   4. dkms: add/build in a scratch tree for each of those kernels
#   5. stock Debian kernel VM, with the DKMS-built module: scenarios; then,
#      in the same slot, Debian's 6.12 kernel: the scenarios that reach
#      kernel APIs that differ between 6.1 and 6.12
# One line per test, then "N passed, N failed, N skipped"; exit 1 on any
# failure. HAVS_ONLY=host|debug|stock limits the run (for development).
# build/timing.txt has the wall time of every step, slowest first, and of
# every guest; the end of the output shows the ten slowest steps, the total
# and the budget (HAVS_BUDGET seconds, 2400 by default). Over the budget is
# reported, never a failure.
set -uo pipefail
. "$(dirname "$0")/vm/lib.sh"
cd "$HAVS_TOP"

RESULTS=$HAVS_BUILD/results.txt
mkdir -p "$HAVS_BUILD"
: > "$RESULTS"
rm -f "$HAVS_BUILD/summary.txt"
t_start=$(date +%s)
TIMING=$HAVS_BUILD/timing.raw	# "SECONDS<TAB>WHAT", for timing.txt
: > "$TIMING"
rm -f "$HAVS_BUILD/timing.txt"
HAVS_BUDGET=${HAVS_BUDGET:-2400}	# 40 minutes on the 2-core machine
declare -A PREDICTED=()	# guest label: seconds its work should take

emit() { echo "$*" | tee -a "$RESULTS"; }
only() { [ -z "${HAVS_ONLY:-}" ] || [[ ",$HAVS_ONLY," == *",$1,"* ]]; }
# clock WHAT T0: WHAT took the wall time from T0 (date +%s.%N) until now.
clock() {
	printf '%.1f\t%s\n' "$(echo "$(date +%s.%N) - $2" | bc)" "$1" >> "$TIMING"
}
# timed WHAT CMD...: CMD prints result lines; add them and clock CMD.
timed() {
	local what=$1 t0
	shift
	t0=$(date +%s.%N)
	"$@" | tee -a "$RESULTS"
	clock "$what" "$t0"
}

# step NAME CMD...: one result for a command that must succeed; its output
# goes to build/logs/NAME.log and is shown on failure.
step() {
	local name=$1 log t0
	shift
	log=$HAVS_BUILD/logs/${name//[^A-Za-z0-9_.-]/_}.log
	mkdir -p "$HAVS_BUILD/logs"
	t0=$(date +%s.%N)
	if "$@" > "$log" 2>&1; then
		clock "$name" "$t0"
		emit "ok $name"
	else
		clock "$name" "$t0"
		emit "not ok $name # see $log"
		tail -n 25 "$log" | sed 's/^/    | /'
		return 1
	fi
}

# A W=1 build must not print a single warning.
build_module() {
	local kver=$1 kdir=$2 out
	out=$(make -s -j"$JOBS" module KVER="$kver" KDIR="$kdir" 2>&1) || { echo "$out"; return 1; }
	echo "$out"
	! echo "$out" | grep -Ei 'warning|error'
}

dkms_version_matches() {
	grep -q '^PACKAGE_VERSION="@VERSION@"$' dkms.conf
}

stock_kver=$(stock_kver)
stock612_kver=$(stock_kver stock612)

# The guests run side by side: each spends much of its time waiting on
# timers, so together they finish well before one after the other would.
# A guest that has not finished in 80 minutes has hung: CI stops at 90,
# and make deps and the builds before the first guest take a few.
vm_run() {	# LABEL FLAVOR KO_DIR [FILTER]: one guest, in the foreground
	local label=$1
	HAVS_VM_TIMEOUT=${HAVS_VM_TIMEOUT:-4800} HAVS_VM_LABEL=$label tests/vm/run-vm.sh "$2" "$3" "$HAVS_BUILD/vm-$label/out" "${4:-}" \
		> "$HAVS_BUILD/vm-$label.log" 2>&1
}
vm_start() {	# LABEL FLAVOR KO_DIR [FILTER]
	vm_run "$@" &
	VM_PIDS+=("$!:$1")
}
vm_report() {
	local flavor=$1 out=$HAVS_BUILD/vm-$1/out
	sed 's/^/    /' "$HAVS_BUILD/vm-$flavor.log"
	if [ -f "$out/results" ]; then
		cat "$out/results" | tee -a "$RESULTS"
	else
		emit "not ok $flavor: guest run # no results; see $HAVS_BUILD/vm-$flavor.log"
	fi
	[ -f "$out/failures.txt" ] && cat "$out/failures.txt"
	[ -f "$out/timing" ] && cat "$out/timing" >> "$TIMING"
	return 0
}

# The debug guests start first: the host's own tests, the other builds
# and DKMS run while they wait on their first timers.
if only debug || only stock; then
	step "build: debug kernel (cached in $HAVS_CACHE)" tests/vm/build-kernel.sh
	step "build: stock kernel $stock_kver (cached)" tests/vm/fetch-stock.sh
	step "build: stock kernel ${stock612_kver:-6.12} (cached)" \
		tests/vm/fetch-stock.sh stock612
	make -s tools > /dev/null 2>&1
	step "build: test helpers" make -s testbins
	debug_kver=$(cat "$(debug_kernel_dir)/kernelrelease" 2>/dev/null || echo none)
	step "static: havs.ko + havs_test.ko W=1 for debug $debug_kver, no warnings" \
		build_module "$debug_kver" "$(debug_kernel_dir)/src"
fi

VM_PIDS=()
if only debug; then
	if [ -f "$HAVS_BUILD/$debug_kver/havs_test.ko" ]; then
		# The debug kernel is the slow one: two guests share KUnit and
		# its scenarios, balanced by their cost (tests/vm/costs.txt).
		mapfile -t shards < <(tests/vm/shards.sh debug-a debug-b)
		for s in "${shards[@]}"; do
			read -r label cost list <<< "$s"
			PREDICTED[$label]=$cost
			vm_start "$label" debug "$HAVS_BUILD/$debug_kver" "$list"
		done
	else
		emit "not ok debug: guest run # modules not built"
	fi
fi

if only host; then
	step "build: havsadm" make -s tools
	step "build: host unit tests" \
		cc -std=gnu11 -Wall -Wextra -Werror -o "$HAVS_BUILD/test_parse" \
		tests/unit/test_parse.c tools/parse.c tools/json.c tools/reason.c
	timed "host: unit tests" "$HAVS_BUILD/test_parse"
	step "build: host unit test of the JSON writer (ASan, UBSan)" \
		cc -std=gnu11 -Wall -Wextra -Werror -fsanitize=address,undefined \
		-fno-sanitize-recover=all -o "$HAVS_BUILD/test_json" \
		tests/unit/test_json.c tools/json.c
	timed "host: unit test of the JSON writer" "$HAVS_BUILD/test_json"
	step "build: host unit tests of the configuration file (ASan, UBSan)" \
		cc -std=gnu11 -Wall -Wextra -Werror -fsanitize=address,undefined \
		-fno-sanitize-recover=all -o "$HAVS_BUILD/test_conf" \
		tests/unit/test_conf.c tools/conf.c tools/agent_conf.c tools/parse.c tools/json.c
	timed "host: unit tests of the configuration file" "$HAVS_BUILD/test_conf"
	step "build: host unit tests of the agent's statements (ASan, UBSan)" \
		cc -std=gnu11 -Wall -Wextra -Werror -fsanitize=address,undefined \
		-fno-sanitize-recover=all -o "$HAVS_BUILD/test_agent" \
		tests/unit/test_agent.c tools/agent_conf.c tools/conf.c tools/parse.c tools/json.c
	timed "host: unit tests of the agent's statements" "$HAVS_BUILD/test_agent"
	step "build: host unit test of the Prometheus exposition (ASan, UBSan)" \
		cc -std=gnu11 -Wall -Wextra -Werror -fsanitize=address,undefined \
		-fno-sanitize-recover=all -o "$HAVS_BUILD/test_prom" \
		tests/unit/test_prom.c tools/prom.c
	timed "host: unit test of the Prometheus exposition" "$HAVS_BUILD/test_prom"
	step "build: host test of the module's HTTP parser (ASan, UBSan)" \
		cc -std=gnu11 -Wall -Wextra -Werror -fsanitize=address,undefined \
		-fno-sanitize-recover=all -I kmod -o "$HAVS_BUILD/test_http" \
		tests/unit/test_http.c kmod/http_parse.c
	timed "host: test of the module's HTTP parser" "$HAVS_BUILD/test_http"
	# every parser's fuzz target, briefly, and its regression inputs
	timed "host: fuzz targets, 5 s each" \
		env HAVS_BUILD="$HAVS_BUILD" tests/fuzz/run.sh 5
	timed "host: CLI behaviour" tests/unit/cli.sh "$HAVS_BUILD/tools/havsadm"
	timed "host: CLI consistency" tests/unit/cli_consistency.sh "$HAVS_BUILD/tools/havsadm"
	timed "host: import" tests/unit/import.sh "$HAVS_BUILD/tools/havsadm"
	# make install/uninstall into a DESTDIR, the unit, the example
	# configuration, the bash completion
	timed "host: install, unit, example, completion" \
		env HAVS_BUILD="$HAVS_BUILD" tests/unit/lifecycle.sh
	step "static: man pages, README.md and docs/ match the code; links resolve" \
		tests/static/docs.sh
fi

if only debug || only stock; then
	# Every kernel Debian ships headers for; one line each.
	mapfile -t kernels < <(tests/dkms/kernels.sh)
	for k in "${kernels[@]}"; do
		kver=${k#* }
		if [ "$kver" = - ]; then
			emit "not ok static: havs.ko W=1 for ${k% *} # not installed (run: make deps)"
			continue
		fi
		step "static: havs.ko W=1 for $kver, no warnings" \
			build_module "$kver" "/usr/src/linux-headers-$kver"
	done
	step "static: checkpatch --strict kmod/" tests/static/checkpatch.sh
	step "static: YNL spec kmod/uapi/havs.yaml renders the UAPI header's constants" tests/static/ynl.sh
	step "static: dkms.conf takes its version from kmod/version.h" dkms_version_matches
	# The stock guest loads the stock kernel's build (dkms-ko); the
	# others land in dkms-ko-KVER.
	for k in "${kernels[@]}"; do
		kver=${k#* }
		[ "$kver" != - ] || continue
		ko=$HAVS_BUILD/dkms-ko
		[ "$kver" = "$stock_kver" ] || ko+=-$kver
		step "dkms: add + build for $kver in a scratch tree" \
			tests/dkms/dkms-build.sh "$kver" "$ko"
	done
fi

# The 6.12 guest: what reaches kernel APIs that differ between 6.1 and
# 6.12: load/unload with namespaces, VRRP over IPv4 and IPv6 (hrtimers,
# raw sends), the softirq gate (ARP and IPv6 hooks, GARP/NA), HTTP and UDP
# probes on kernel sockets, the havs schedulers and the conns-expire hook
# in IPVS, config apply, device events under instances, IPVS connection
# sync and sloppy scheduling (35). About 9 minutes.
STOCK612_SCENARIOS=01-load-unload,07-vrrp-election,08-vrrp-vip-takeover,11-vrrp-ipv6,17-health-sched,19-health-conns,20-health-udp,26-config-apply,32-vrrp-netdev-events,35-conn-sync
if only stock; then
	# One slot for both stock guests: the 6.12 one starts when the 6.1
	# one powers off, long before the debug guests end, so no more than
	# three guests ever share the two cores (a fourth one descheduled
	# VRRP masters long enough for a false takeover).
	stock_guests=()
	if [ -f "$HAVS_BUILD/dkms-ko/havs.ko" ]; then
		stock_guests+=(stock)
	else
		emit "not ok stock: guest run # DKMS module not built"
	fi
	# the DKMS build when there is one, as users install it; else W=1's
	ko612=$HAVS_BUILD/dkms-ko-$stock612_kver
	[ -f "$ko612/havs.ko" ] || ko612=$HAVS_BUILD/$stock612_kver
	if [ -n "$stock612_kver" ] && [ -f "$ko612/havs.ko" ]; then
		stock_guests+=(stock612)
	else
		emit "not ok stock612: guest run # havs.ko for ${stock612_kver:-6.12} not built"
	fi
	if [ ${#stock_guests[@]} -gt 0 ]; then
		for g in "${stock_guests[@]}"; do
			case $g in
			stock) vm_run stock stock "$HAVS_BUILD/dkms-ko" ;;
			stock612) vm_run stock612 stock612 "$ko612" "$STOCK612_SCENARIOS" ;;
			esac
		done &
		VM_PIDS+=("$!:${stock_guests[*]}")
	fi
fi
for p in "${VM_PIDS[@]}"; do
	wait "${p%%:*}"
	for label in ${p#*:}; do
		vm_report "$label"
	done
done

# build/timing.txt: the steps, slowest first; then each guest's total, with
# the part costs.txt predicts (KUnit and scenarios) measured and predicted;
# then the total. TOTAL is make check's wall time in seconds.
timing_report() {
	local total=$1 out=$HAVS_BUILD/timing.txt label guests
	guests=$(sed -n 's/^[0-9.]*\t\(.*\): total$/\1/p' "$TIMING")
	{
		echo "# make check: wall seconds of each step, slowest first"
		grep -v ': total$' "$TIMING" | sort -t $'\t' -k1,1gr |
			awk -F '\t' '{ printf "%8.1f  %s\n", $1, $2 }'
		echo "# guests: wall seconds from start to power off; KUnit and scenarios"
		for label in $guests; do
			awk -F '\t' -v l="$label: " -v p="${PREDICTED[$label]:-}" '
			index($2, l) != 1 { next }
			{ part = substr($2, length(l) + 1); sub(/ # .*/, "", part) }
			part == "total" { total = $1; next }
			part !~ /^(prepare|boot|power off|kmemleak scan)/ { work += $1 }
			END {
				printf "%8.1f  %stotal (KUnit and scenarios %.1f s%s)\n", total, l, work,
					p == "" ? "" : ", predicted " p " s by tests/vm/costs.txt"
			}' "$TIMING"
		done
		echo "# make check"
		printf '%8d  total wall time\n' "$total"
	} > "$out"
	echo "slowest steps (all in $out):"
	awk 'NR > 1 && /^#/ { exit } NR > 1' "$out" | head -n 10
	[ -z "$guests" ] || echo "guests:"
	sed -n '/^# guests/,/^# make check$/p' "$out" | grep -v '^#'
}

pass=$(grep -c '^ok ' "$RESULTS")
failn=$(grep -c '^not ok ' "$RESULTS")
skip=$(grep -c '^skip ' "$RESULTS")
t_total=$(( $(date +%s) - t_start ))
echo
timing_report "$t_total"
echo "make check: $t_total s; results in $RESULTS"
echo "budget: $t_total s of $HAVS_BUDGET s ($((HAVS_BUDGET / 60)) min)$(
	[ "$t_total" -le "$HAVS_BUDGET" ] || echo ": over by $((t_total - HAVS_BUDGET)) s")"
if [ "$failn" -gt 0 ]; then
	echo "failed:"
	grep '^not ok ' "$RESULTS" | sed 's/^/  /'
fi
if [ "$skip" -gt 0 ]; then
	summary="$pass passed, $failn failed, $skip skipped"
else
	summary="$pass passed, $failn failed"
fi
echo "$summary" | tee "$HAVS_BUILD/summary.txt"
[ "$failn" = 0 ] && [ "$pass" -gt 0 ]
