#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Starvation: do the master's adverts keep flowing, and does the backup keep
# quiet, when userspace cannot run? havs against keepalived, same run.
#
#      d1 (prio 200)     d2 (prio 100)     client            mon
#      eth0 10.0.0.1     eth0 10.0.0.2     eth0 10.0.0.10    eth0 10.0.0.20
#          |                 |                 |                 |
#          +-------------------- br0 (netns lan) ----------------+
#
# mon records every advert on the bridge (vrrpmon.py: raw socket, kernel
# receive timestamps, 32 MB buffer, never SCHED_FIFO). Cases, for each
# implementation and advert interval (BENCH_STARVE_CASES picks them):
#   idle        nothing in the way (reference)
#   freeze      d1's userspace frozen for D s (cgroup v2 freezer, else
#               SIGSTOP), BENCH_STARVE_REPS times per D. keepalived: both of
#               its processes. havs has no daemon: d1 runs a stand-in agent
#               (polls `havsadm -j vrrp show` every second), frozen the same way.
#   fifo        one SCHED_FIFO 50 busy loop per vCPU for BENCH_STARVE_SECS
#               (RT throttling leaves others 5 %; `timeout` at FIFO 99 ends
#               the hogs, so the guest always recovers)
#   fifo+ksirq  the same with the ksoftirqd threads at SCHED_FIFO 51: shows
#               how much of what havs suffers under `fifo` is softirqs
#               deferred to a starved ksoftirqd (Linux 6.1 runs no softirq
#               on interrupt exit while ksoftirqd is runnable, see
#               ksoftirqd_running() in kernel/softirq.c)
#   fifo+flood  `fifo` while the client floods the VIP with UDP (socat,
#               SCHED_OTHER, one per vCPU): softirq pressure on top
# Reported from the kernel timestamps: jitter |gap - interval| of d1's
# adverts (p50/p99/max) and its longest silence; false takeovers: groups of
# adverts from d2 (d2 advertises only as master), dual-master when d1
# advertised during one too; for havs also d2's transitions counter delta.
# The driver polls nothing inside a window (it settles the routers between).
# BENCH_STARVE_INTERVALS (default "0.01 0.1", s), BENCH_STARVE_REPS (5),
# BENCH_STARVE_SECS (60), BENCH_STARVE_FREEZE ("0.2 0.5 1.0 1.5", s),
# BENCH_STARVE_IDLE_SECS (10), BENCH_STARVE_CASES ("idle freeze fifo
# fifo+ksirq fifo+flood"), BENCH_STARVE_IMPLS ("havs ka"; "ka-rt" adds
# keepalived with vrrp_rt_priority 99 in its global_defs).
. "$HAVS_TOP/tests/lib/netns.sh"

[ -z "${BENCH_TRACE:-}" ] || set -x
INTERVALS=${BENCH_STARVE_INTERVALS:-0.01 0.1}
REPS=${BENCH_STARVE_REPS:-5}
SECS=${BENCH_STARVE_SECS:-60}
FREEZE=${BENCH_STARVE_FREEZE:-0.2 0.5 1.0 1.5}
IDLE=${BENCH_STARVE_IDLE_SECS:-10}
IMPLS=${BENCH_STARVE_IMPLS:-havs ka}
CASES=${BENCH_STARVE_CASES:-idle freeze fifo fifo+ksirq fifo+flood}
MON=$HAVS_TOP/tests/bench/vrrpmon.py
NCPU=$(nproc)

command -v chrt > /dev/null || fail "chrt (util-linux) is missing"
command -v socat > /dev/null || fail "socat is missing"
[ "$(cat /proc/sys/kernel/sched_rt_runtime_us)" -ge 0 ] ||
	fail "RT throttling is off (sched_rt_runtime_us = -1): the hogs would hang the guest"

lan_create
lan_host d1 10.0.0.1
lan_host d2 10.0.0.2
lan_host client 10.0.0.10
lan_host mon 10.0.0.20
modprobe havs

WORK=$(mktemp -d)
D1_PIDS=() D2_PIDS=() BG_PIDS=() MON_PID= TXMON_PID=
CG=
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
	CG=/sys/fs/cgroup/havs-bench-$$
	mkdir "$CG"
	FREEZER="cgroup v2 freezer"
else
	FREEZER="SIGSTOP/SIGCONT"
fi
scenario_cleanup() {
	[ -z "$CG" ] || echo 0 > "$CG/cgroup.freeze" 2>/dev/null
	for p in "${BG_PIDS[@]}" "${D1_PIDS[@]}" "${D2_PIDS[@]}" $MON_PID $TXMON_PID; do
		kill -CONT "$p" 2>/dev/null; kill "$p" 2>/dev/null; wait "$p" 2>/dev/null
	done
	[ -z "$CG" ] || rmdir "$CG" 2>/dev/null
	rm -rf "$WORK"
}

now_ns() { date +%s%N; }
ms() { awk -v s="$1" 'BEGIN { printf "%d", s * 1000 }'; }

# in_d1 CMD... &: run CMD in d1's netns and, if there is one, its cgroup.
# Background only: it execs, so $! is CMD's own process.
in_d1() {
	if [ -n "$CG" ]; then
		exec bash -c 'echo $$ > "$0/cgroup.procs" && exec "$@"' "$CG" \
			ip netns exec "$NS_PREFIX-d1" "$@"
	else
		exec ip netns exec "$NS_PREFIX-d1" "$@"
	fi
}
d1_pids() {
	if [ -n "$CG" ]; then cat "$CG/cgroup.procs"; else ip netns pids "$NS_PREFIX-d1"; fi
}
freeze() {
	if [ -n "$CG" ]; then
		echo 1 > "$CG/cgroup.freeze"
		wait_for 10 grep -qx 'frozen 1' "$CG/cgroup.events"
	else
		kill -STOP $(d1_pids)
	fi
}
thaw() {
	if [ -n "$CG" ]; then echo 0 > "$CG/cgroup.freeze"; else kill -CONT $(d1_pids); fi
}

# --- havs ---------------------------------------------------------------
havs_up() {	# interval_s
	local iv=$(ms "$1")ms
	n d1 "$HAVSADM" vrrp add dev eth0 vrid 51 priority 200 interval "$iv" address 10.0.0.100
	n d2 "$HAVSADM" vrrp add dev eth0 vrid 51 priority 100 interval "$iv" address 10.0.0.100
	# d1's userspace: havs needs none; a management agent stands in.
	in_d1 bash -c 'while :; do havsadm -j vrrp show > /dev/null; sleep 1; done' &
	D1_PIDS+=($!)
}
havs_down() {
	d1_down
	n d1 "$HAVSADM" vrrp del dev eth0 vrid 51
	n d2 "$HAVSADM" vrrp del dev eth0 vrid 51
}
# Light queries (no `ip netns exec`, no python): they run between windows.
havs_json() { "$HAVSADM" -n "$NS_PREFIX-$1" -j vrrp show; }
havs_state() { havs_json "$1" | grep -o '"state":"[A-Z]*"' | cut -d'"' -f4; }
havs_settled() { [ "$(havs_state d1)" = MASTER ] && [ "$(havs_state d2)" = BACKUP ]; }
havs_d2_transitions() { havs_json d2 | grep -o '"transitions":[0-9]*' | cut -d: -f2; }

# --- keepalived (failover.sh's configuration) ---------------------------
ka_conf() {	# i interval_s [extra global_defs line]
	cat <<-CONF
	global_defs {
	    router_id d$1
	    vrrp_version 3
	    vrrp_garp_master_delay 0
	    ${3:-}
	}
	vrrp_instance VI_51 {
	    state BACKUP
	    interface eth0
	    virtual_router_id 51
	    priority $([ "$1" = 1 ] && echo 200 || echo 100)
	    advert_int $2
	    virtual_ipaddress {
	        10.0.0.100/32
	    }
	}
	CONF
}
ka_start() {	# interval_s extra
	local i
	for i in 1 2; do
		ka_conf $i "$1" "${2:-}" > "$WORK/ka$i.conf"
	done
	in_d1 keepalived -n -l -G --vrrp -f "$WORK/ka1.conf" \
		-p "$WORK/ka1.pid" -r "$WORK/vrrp1.pid" > "$WORK/ka1.log" 2>&1 &
	D1_PIDS+=($!)
	ip netns exec "$NS_PREFIX-d2" keepalived -n -l -G --vrrp -f "$WORK/ka2.conf" \
		-p "$WORK/ka2.pid" -r "$WORK/vrrp2.pid" > "$WORK/ka2.log" 2>&1 &
	D2_PIDS+=($!)
}
ka_up() { ka_start "$1"; }
ka_rt_up() { ka_start "$1" "vrrp_rt_priority 99"; }
ka_down() { d1_down; stop_pids D2_PIDS; }
ka_rt_down() { ka_down; }
has_vip() { ip -n "$NS_PREFIX-$1" -4 addr show eth0 | grep -q 10.0.0.100; }
ka_settled() { has_vip d1 && ! has_vip d2; }
ka_rt_settled() { ka_settled; }

stop_pids() {	# array name
	local -n arr=$1
	local p
	for p in "${arr[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
	arr=()
}
# d1_down: stop d1's userspace, and whatever it left in its cgroup
d1_down() {
	local p
	stop_pids D1_PIDS
	[ -z "$CG" ] || for p in $(cat "$CG/cgroup.procs"); do kill "$p" 2>/dev/null || true; done
}

# --- load ---------------------------------------------------------------
# hogs SECS: one SCHED_FIFO 50 busy loop per vCPU, for SECS; returns when
# they are gone. timeout runs at FIFO 99 so it preempts the hogs on time.
hogs() {
	local c pids=()
	for c in $(seq 0 $((NCPU - 1))); do
		chrt -f 99 timeout -s KILL "$1" chrt -f 50 taskset -c "$c" \
			bash -c 'while :; do :; done' &
		pids+=($!)
	done
	wait "${pids[@]}" 2>/dev/null || true
}
flood_start() {
	local c
	for c in $(seq 0 $((NCPU - 1))); do
		ip netns exec "$NS_PREFIX-client" taskset -c "$c" \
			socat -u -b 1200 /dev/zero UDP-SENDTO:10.0.0.100:9 2>/dev/null &
		BG_PIDS+=($!)
	done
}
flood_stop() { stop_pids BG_PIDS; }
rx_packets() { ip -n "$NS_PREFIX-d1" -s -j link show eth0 | grep -o '"rx":{"bytes":[0-9]*,"packets":[0-9]*' | cut -d: -f4; }

# case_done LABEL T0 T1: one window of the cases file, with the rise of
# havs d2's transitions counter since the window began (keepalived: -)
case_done() {
	echo "$1 $REP $2 $3 $([ "$IMPL" = havs ] && echo $(( $(havs_d2_transitions) - TR0 )) || echo -)" \
		>> "$WORK/cases"
}
case_begin() {	# settle outside the windows, then note where one begins
	wait_for 60 "${IMPL}_settled"
	sleep 0.5
	TR0=$([ "$IMPL" = havs ] && havs_d2_transitions || echo 0)
	T0=$(now_ns)
}

# ksoftirqd_fifo PRIO|off: the per-CPU softirq threads' policy
ksoftirqd_fifo() {
	local p
	for p in $(pgrep '^ksoftirqd/'); do
		if [ "$1" = off ]; then chrt -o -p 0 "$p"; else chrt -f -p "$1" "$p"; fi
	done > /dev/null
}

# run_cases IMPL IV: every case for one implementation and interval;
# appends table rows to $RESULTS and notes to $NOTES.
run_cases() {
	local iv=$2 t1 c d rx0 name
	name=$(case $1 in havs) echo havs ;; ka) echo keepalived ;; ka-rt) echo keepalived-rt ;; esac)
	IMPL=${1//-/_}
	: > "$WORK/cases"
	rm -f "$WORK/adverts"
	ip netns exec "$NS_PREFIX-mon" python3 "$MON" record "$WORK/adverts" > "$WORK/mon.out" &
	MON_PID=$!
	# and d1's own transmissions, stamped as its eth0 sends them
	rm -f "$WORK/tx-adverts"
	ip netns exec "$NS_PREFIX-d1" python3 "$MON" record --tx eth0 "$WORK/tx-adverts" > "$WORK/txmon.out" &
	TXMON_PID=$!
	wait_for 10 grep -q ready "$WORK/mon.out"
	wait_for 10 grep -q ready "$WORK/txmon.out"
	"${IMPL}_up" "$iv"
	wait_for 60 "${IMPL}_settled"
	sleep 2	# the first adverts after start-up are not steady state

	for c in $CASES; do
		REP=1
		case $c in
		idle)
			case_begin; sleep "$IDLE"; case_done idle "$T0" "$(now_ns)" ;;
		freeze)
			for d in $FREEZE; do
				for REP in $(seq "$REPS"); do
					case_begin
					freeze; sleep "$d"; thaw
					# no polling inside the window: the driver's own
					# processes would load the CPUs being measured
					sleep "$(awk -v i="$iv" 'BEGIN { print 1 + 5 * i }')"
					case_done "freeze-${d}s" "$T0" "$(now_ns)"
				done
			done ;;
		fifo)
			case_begin; hogs "$SECS"; case_done fifo "$T0" "$(now_ns)" ;;
		fifo+ksirq)
			ksoftirqd_fifo 51
			case_begin; hogs "$SECS"; t1=$(now_ns)
			ksoftirqd_fifo off
			case_done fifo+ksirq "$T0" "$t1" ;;
		fifo+flood)
			flood_start
			sleep 1
			rx0=$(rx_packets)
			case_begin; hogs "$SECS"; t1=$(now_ns)
			echo "$name ${iv}s fifo+flood: d1 received $(( ($(rx_packets) - rx0) * 1000000000 / (t1 - T0) )) packets/s during the hogs" >> "$NOTES"
			flood_stop
			case_done fifo+flood "$T0" "$t1" ;;
		*) fail "unknown case $c" ;;
		esac
	done
	wait_for 60 "${IMPL}_settled"

	"${IMPL}_down"
	kill "$MON_PID" "$TXMON_PID"; wait "$MON_PID" "$TXMON_PID" 2>/dev/null || true; MON_PID= TXMON_PID=
	echo "$name ${iv}s: monitor socket drops $(sed -n 's/^# drops //p' "$WORK/adverts"), d1 transmit monitor drops $(sed -n 's/^# drops //p' "$WORK/tx-adverts")" >> "$NOTES"
	# The raw data stays with the run's output, for a closer look.
	if [ -n "${HAVS_OUT:-}" ]; then
		cp "$WORK/adverts" "$HAVS_OUT/starvation-$name-${iv}s.adverts"
		cp "$WORK/cases" "$HAVS_OUT/starvation-$name-${iv}s.cases"
		cp "$WORK/tx-adverts" "$HAVS_OUT/starvation-$name-${iv}s.tx-adverts"
	fi
	python3 "$MON" gaps "$WORK/adverts" "$WORK/cases" "$(ms "$iv")" 10.0.0.1 10.0.0.2 |
		sed "s/^/$name ${iv}s /" >> "$RESULTS"
	# send jitter: the same analysis of what d1 transmitted (no backup)
	python3 "$MON" gaps "$WORK/tx-adverts" "$WORK/cases" "$(ms "$iv")" 10.0.0.1 none |
		sed "s/^/$name ${iv}s /" >> "$TXRESULTS"
}

RESULTS=$WORK/results TXRESULTS=$WORK/txresults NOTES=$WORK/notes
: > "$RESULTS"; : > "$TXRESULTS"; : > "$NOTES"
for iv in $INTERVALS; do
	for impl in $IMPLS; do
		run_cases "$impl" "$iv"
	done
done

echo
echo "Starvation: adverts of the master (d1) seen on the bridge, and false takeovers by the backup (d2)"
echo "kernel $(uname -r), QEMU/TCG guest, $NCPU vCPUs, $(date -u +%Y-%m-%d); freeze: $FREEZER; fifo: $NCPU x SCHED_FIFO 50 hogs for ${SECS}s, sched_rt_runtime_us $(cat /proc/sys/kernel/sched_rt_runtime_us)"
echo "adverts = d1's adverts seen, due% = as a percentage of those due in the case's time;"
echo "jitter = |gap - interval| between consecutive d1 adverts as seen on the bridge (ms); gap = longest d1 silence (ms);"
echo "tx p99/tx max = the same jitter of d1's adverts as its eth0 transmitted them (send jitter: the sender's own timing, without the emulated wire's receive-side delays);"
echo "takeovers = groups of d2 adverts less than 4 intervals apart; dual = of those, with d1 advertising too; d2 ms = time d2 advertised;"
echo "d2 tr = rise of havs d2's transitions counter (2 per takeover and back)"
printf '%-13s %-6s %-12s %4s %7s %5s %8s %8s %9s %9s %5s %5s %8s %5s %8s %8s\n' impl advert case \
	reps adverts "due%" "jit p50" "jit p99" "jit max" gap takeo dual "d2 ms" "d2 tr" "tx p99" "tx max"
while read -r impl iv label reps nadv due p50 p99 max gap to dual bms tr; do
	read -r tx99 txmax <<< "$(awk -v i="$impl" -v v="$iv" -v l="$label" \
		'$1 == i && $2 == v && $3 == l { print $8, $9; f = 1 } END { if (!f) print "- -" }' "$TXRESULTS")"
	printf '%-13s %-6s %-12s %4s %7s %5s %8s %8s %9s %9s %5s %5s %8s %5s %8s %8s\n' "$impl" "$iv" \
		"$label" "$reps" "$nadv" "$due" "$p50" "$p99" "$max" "$gap" "$to" "$dual" "$bms" "$tr" "$tx99" "$txmax"
done < "$RESULTS"
sed 's/^/note: /' "$NOTES"
rmmod havs
