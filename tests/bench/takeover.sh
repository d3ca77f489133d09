#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Takeover overhead at the wire: how long after Master_Down_Interval a
# backup sends its first packet as master, havs against keepalived 2.2.7,
# timed by kernel timestamps of the packets themselves.
# Two guests (tests/vm/run-pair.sh; takeover.pair marks this benchmark for
# tests/bench.sh), one vCPU each, one virtio-net link, one VRRP router in
# each (VRRPv3, IPv4, VRID 51, VIP 10.9.0.100):
#
#   director 10.9.0.1 ----------------------- farm 10.9.0.2
#   the backup, priority 100                  the master, priority 200,
#   packet capture on its link                preempt on; control on
#   (takeover.py record)                      10.9.0.2:7000 (takeover.py
#                                             serve), clsact on its link
#
# Both guests run the same implementation at a time, havs<->havs or
# keepalived<->keepalived; the director drives everything over the link
# (no relay on the host). One trial: the master has been master and the
# backup has heard its adverts for BENCH_TAKEOVER_SETTLE s plus 10
# intervals; the farm silences its router by dropping its own outgoing VRRP
# packets (tc egress filter on its link: IPv4 protocol 112, drop; the
# router itself is untouched and keeps running as master, no priority 0 is
# sent); the director becomes master; the filter goes; the farm preempts
# back. On the director's capture (one packet socket on its link, kernel
# timestamps, receive and transmit on the same clock): L = the last advert
# received from the farm, F = the first advert (priority > 0) or gratuitous
# ARP for the VIP the director sent after the farm was told to go silent.
# Overhead = F - L - Master_Down_Interval, with MDI = 3 x interval +
# Skew_Time and Skew_Time = (256 - 100) x interval / 256 (RFC 9568).
# Extra, labelled rows (BENCH_TAKEOVER_PRIO0 trials per case, 0 = none):
# the farm deletes its router instead (havsadm vrrp del; keepalived
# stopped), which sends priority 0: overhead = F - (the priority-0 advert)
# - Skew_Time.
# Trials run in blocks of BENCH_TAKEOVER_BLOCK, havs and keepalived
# alternating block by block (the order flips every block), so load on
# the host falls on both alike. A trial without a takeover, whose
# capture lacks L or F, or in which the director was master already when
# the farm was told (its adverts had stopped for MDI before), is counted
# as failed, never dropped. Between
# trials: the gaps between the farm's adverts at the director, and every
# time the director advertised as master while the farm was not silenced,
# told apart by the farm's last advert (at least MDI before: the master's
# adverts had stopped; within MDI: a false takeover), and whether the
# farm's adverts arrived while it did (dual master), see takeover.py.
# BENCH_TAKEOVER_TRIALS (20) per case, BENCH_TAKEOVER_INTERVALS ("0.01
# 0.1", s), BENCH_TAKEOVER_BLOCK (5), BENCH_TAKEOVER_SETTLE (1 s),
# BENCH_TAKEOVER_PRIO0 (5), BENCH_TAKEOVER_NOTE (host conditions, printed
# in the header).
# The farm guest runs the same script; HAVS_LABEL (run-pair.sh) says which,
# and its control port runs "takeover.sh farm-cmd VERB ARGS" for each
# request.
set -euo pipefail

VRID=51
VIP=10.9.0.100
DIRECTOR=10.9.0.1
FARM=10.9.0.2
CTL_PORT=7000
PRIO_MASTER=200
PRIO_BACKUP=100
HAVSADM=${HAVSADM:-$HAVS_TOP/build/tools/havsadm}
TK_PY=$HAVS_TOP/tests/bench/takeover.py
PY=$(command -v /usr/bin/python3 || command -v python3)

# ---------------------------------------------------------------- both sides
# impl_up havs|ka INTERVAL_S PRIORITY: this guest's router on $DEV
impl_up() {
	case $1 in
	havs)
		"$HAVSADM" vrrp add dev "$DEV" vrid $VRID priority "$3" \
			interval "$(awk -v s="$2" 'BEGIN { printf "%d", s * 1000 + 0.5 }')ms" \
			version 3 preempt on address $VIP ;;
	ka)
		cat > "$TK_DIR/ka.conf" <<-CONF
		global_defs {
		    router_id $HAVS_LABEL
		    vrrp_version 3
		    vrrp_garp_master_delay 0
		}
		vrrp_instance VI_$VRID {
		    state BACKUP
		    interface $DEV
		    virtual_router_id $VRID
		    version 3
		    priority $3
		    advert_int $2
		    virtual_ipaddress {
		        $VIP/32
		    }
		}
		CONF
		echo "--- start $(date -u +%T.%N)" >> "$TK_DIR/ka.log"
		setsid keepalived -n -l --vrrp -f "$TK_DIR/ka.conf" -p "$TK_DIR/ka.pid" \
			-r "$TK_DIR/vrrp.pid" >> "$TK_DIR/ka.log" 2>&1 < /dev/null &
		echo $! > "$TK_DIR/ka.main" ;;
	esac
}
# impl_down havs|ka: remove it (a master sends priority 0)
impl_down() {
	local i
	case $1 in
	havs)
		"$HAVSADM" vrrp del dev "$DEV" vrid $VRID ;;
	ka)
		[ -f "$TK_DIR/ka.main" ] || return 0
		kill "$(cat "$TK_DIR/ka.main")" 2>/dev/null || true
		for i in $(seq 200); do
			pgrep -x keepalived > /dev/null || break
			sleep 0.05
		done
		! pgrep -x keepalived > /dev/null || { echo "keepalived did not stop"; return 1; }
		rm -f "$TK_DIR/ka.main" ;;
	esac
}
# impl_state havs|ka: MASTER, BACKUP, ... or NONE
impl_state() {
	local s
	case $1 in
	havs)
		s=$("$HAVSADM" -j vrrp show)
		s=$(grep -o -m 1 '"state":"[A-Z]*"' <<< "$s" | cut -d'"' -f4)
		echo "${s:-NONE}" ;;
	ka)
		# keepalived puts the VIP on the interface as master, and only then
		if ! pgrep -x keepalived > /dev/null; then echo NONE
		elif [[ $(ip -4 -o addr show dev "$DEV") == *" $VIP/"* ]]; then echo MASTER
		else echo BACKUP; fi ;;
	esac
}

# The farm's control port runs this for each request.
if [ "${1:-}" = farm-cmd ]; then
	shift
	case $1 in
	up) impl_up "$2" "$3" "$4" ;;
	down) impl_down "$2" ;;
	zero) impl_down "$2" ;;
	state) impl_state "$2" ;;
	silence) tc filter add dev "$DEV" egress pref 10 protocol ip u32 \
			match ip protocol 112 0xff action drop ;;
	restore) tc filter del dev "$DEV" egress pref 10 ;;
	load) echo "$(cut -d' ' -f1-3 /proc/loadavg) busy=$(awk '/^cpu / { t = 0; for (i = 2; i <= 9; i++) t += $i; print t - $5 - $6 "/" t }' /proc/stat)" ;;
	*) echo "unknown request $1"; exit 2 ;;
	esac
	exit
fi

. "$HAVS_TOP/tests/lib/netns.sh"
. "$HAVS_TOP/tests/lib/bench.sh"
[ -z "${BENCH_TRACE:-}" ] || set -x
TRIALS=${BENCH_TAKEOVER_TRIALS:-20}
INTERVALS=${BENCH_TAKEOVER_INTERVALS:-0.01 0.1}
BLOCK=${BENCH_TAKEOVER_BLOCK:-5}
SETTLE=${BENCH_TAKEOVER_SETTLE:-1}
PRIO0=${BENCH_TAKEOVER_PRIO0:-5}
T_START=$(date +%s)

for c in keepalived tc setsid; do
	command -v "$c" > /dev/null || fail "$c is missing"
done

pair_link_up
modprobe havs
TK_DIR=$(mktemp -d)
export DEV TK_DIR HAVS_TOP HAVS_LABEL HAVSADM

if [ "${HAVS_LABEL:-}" = farm ]; then
	scenario_cleanup() {
		impl_down ka > /dev/null 2>&1 || true
		"$HAVSADM" vrrp del dev "$DEV" vrid $VRID > /dev/null 2>&1 || true
		cp "$TK_DIR/ka.log" "$HAVS_OUT/takeover-farm-keepalived.log" 2>/dev/null || true
		rm -rf "$TK_DIR"
	}
	ip addr add $FARM/24 dev "$DEV"
	tc qdisc add dev "$DEV" clsact
	# load the classifier and action now, not in the first trial
	tc filter add dev "$DEV" egress pref 10 protocol ip u32 match ip protocol 112 0xff action drop
	tc filter del dev "$DEV" egress pref 10
	say "farm: serving control requests until the director says done"
	"$PY" "$TK_PY" serve $FARM $CTL_PORT bash "$0" farm-cmd
	say "farm: done"
	exit 0
fi

# ---------------------------------------------------------------- director
ip addr add $DIRECTOR/24 dev "$DEV"
REC_PID=
FARM_DONE=no
IMPL_UP=
# farm REQUEST: one line to the farm's control port, its answer on stdout
farm() {
	timeout 30 bash -c 'exec 3<>"/dev/tcp/$0/$1" && echo "$2" >&3 && read -r r <&3 && echo "$r"' \
		$FARM $CTL_PORT "$*"
}
# farm_ok REQUEST: the request succeeded; its output (after "ok ") on stdout
farm_ok() {
	local r
	r=$(farm "$@") || { echo "farm: no answer to '$*'" >&2; return 1; }
	case $r in
	ok*) echo "${r#ok }" ;;
	*) echo "farm: '$*' -> $r" >&2; return 1 ;;
	esac
}
scenario_cleanup() {
	if [ -n "$IMPL_UP" ]; then
		impl_down "$IMPL_UP" > /dev/null 2>&1 || true
		farm "down $IMPL_UP" > /dev/null 2>&1 || true
	fi
	if [ -n "$REC_PID" ]; then
		kill "$REC_PID" 2>/dev/null; wait "$REC_PID" 2>/dev/null
	fi
	[ $FARM_DONE = yes ] || farm "done" > /dev/null 2>&1
	cp "$TK_DIR/ka.log" "$HAVS_OUT/takeover-director-keepalived.log" 2>/dev/null || true
	rm -rf "$TK_DIR"
}

now_ns() { echo "${EPOCHREALTIME/./}000"; }
# hostload NAME: the host's /proc/loadavg and QEMU count, from run-pair.sh
# (OUT/hostload/NAME.req), or "-" when nobody answers
hostload() {
	local d=$HAVS_OUT/hostload i
	mkdir -p "$d"
	: > "$d/$1.req"
	for i in $(seq 50); do
		[ -s "$d/$1" ] && { cat "$d/$1"; return; }
		sleep 0.05
	done
	rm -f "$d/$1.req"
	echo "-"
}
guest_load() { echo "$(cut -d' ' -f1-3 /proc/loadavg) busy=$(awk '/^cpu / { t = 0; for (i = 2; i <= 9; i++) t += $i; print t - $5 - $6 "/" t }' /proc/stat)"; }
mdi_ms() { awk -v i="$1" -v p=$PRIO_BACKUP 'BEGIN { printf "%.2f", (3 * i + (256 - p) * i / 256) * 1000 }'; }
skew_ms() { awk -v i="$1" -v p=$PRIO_BACKUP 'BEGIN { printf "%.2f", (256 - p) * i / 256 * 1000 }'; }
# the farm master and this guest backup
settled() { [ "$(impl_state "$1")" = BACKUP ] && [ "$(farm_ok state "$1")" = MASTER ]; }
# wait_state IMPL STATE SECS: poll this guest's state every 0.1 s
wait_state() {
	local end=$(( ${EPOCHREALTIME/./} + $3 * 1000000 ))
	until [ "$(impl_state "$1")" = "$2" ]; do
		[ "${EPOCHREALTIME/./}" -lt "$end" ] || return 1
		sleep 0.1
	done
}

say "director: waiting for the farm ($(date -u +%T))"
wait_for 600 eval '[ "$(farm ping)" = pong ]'
say "farm answers"
HOST0=$(hostload start)
GUEST0=$(guest_load)
FARM0=$(farm_ok load)
"$PY" "$TK_PY" record "$DEV" $VIP "$TK_DIR/capture" > "$TK_DIR/rec.out" 2>&1 &
REC_PID=$!
wait_for 30 grep -q ready "$TK_DIR/rec.out"
: > "$TK_DIR/trials"
: > "$TK_DIR/log"

# trial silent|zero IMPL IV N
trial() {
	local kind=$1 impl=$2 iv=$3 n=$4 t0 t1 note=
	# (no request to the farm here: a backup hears a master)
	wait_state "$impl" BACKUP 60 || fail "$impl: director not backup before trial $n"
	sleep "$(awk -v s="$SETTLE" -v i="$iv" 'BEGIN { print s + 10 * i }')"
	t0=$(now_ns)
	if [ "$kind" = silent ]; then farm_ok silence > /dev/null
	else farm_ok zero "$impl" > /dev/null; fi
	# no polling while the backup's timer runs: the poll would compete
	# with keepalived (or havs's softirq) for the one vCPU
	sleep "$(awk -v m="$(mdi_ms "$iv")" 'BEGIN { print m * 1.5 / 1000 + 0.3 }')"
	wait_state "$impl" MASTER 10 || note="director not master 10 s after the request"
	if [ "$kind" = silent ]; then farm_ok restore > /dev/null
	else farm_ok up "$impl" "$iv" $PRIO_MASTER > /dev/null; fi
	wait_state "$impl" BACKUP 30 || note="$note; director not back to backup 30 s after the restore"
	t1=$(now_ns)
	echo "trial $kind $impl $iv $n $t0 $t1" >> "$TK_DIR/trials"
	[ -z "$note" ] || echo "$kind $impl $iv trial $n: $note" | tee -a "$TK_DIR/log"
}

# block IMPL IV NSILENT NZERO FIRST: both routers up, trials, both down
block() {
	local impl=$1 iv=$2 ns=$3 nz=$4 first=$5 tb ts te i
	tb=$(now_ns)
	farm_ok up "$impl" "$iv" $PRIO_MASTER > /dev/null
	IMPL_UP=$impl
	wait_for 60 eval '[ "$(farm_ok state '"$impl"')" = MASTER ]'
	impl_up "$impl" "$iv" $PRIO_BACKUP
	wait_for 60 settled "$impl"
	sleep "$SETTLE"
	ts=$(now_ns)
	for i in $(seq "$ns"); do trial silent "$impl" "$iv" $((first + i - 1)); done
	for i in $(seq "$nz"); do trial zero "$impl" "$iv" "$i"; done
	te=$(now_ns)
	impl_down "$impl"
	farm_ok down "$impl" > /dev/null
	IMPL_UP=
	echo "block $impl $iv $tb $ts $te" >> "$TK_DIR/trials"
	sleep 0.5
}

for iv in $INTERVALS; do
	done_n=0 b=0
	while [ "$done_n" -lt "$TRIALS" ]; do
		n=$(( TRIALS - done_n < BLOCK ? TRIALS - done_n : BLOCK ))
		# the priority-0 trials come with the last block of each case
		nz=0
		[ $((done_n + n)) -lt "$TRIALS" ] || nz=$PRIO0
		if [ $((b % 2)) = 0 ]; then order="havs ka"; else order="ka havs"; fi
		for impl in $order; do
			say "interval $iv: $impl trials $((done_n + 1))-$((done_n + n)), $nz priority-0 ($(date -u +%T))"
			block "$impl" "$iv" "$n" "$nz" $((done_n + 1))
		done
		done_n=$((done_n + n)) b=$((b + 1))
	done
done

HOST1=$(hostload end)
GUEST1=$(guest_load)
FARM1=$(farm_ok load)
farm "done" > /dev/null || true
FARM_DONE=yes
kill "$REC_PID"; wait "$REC_PID" 2>/dev/null || true; REC_PID=
cp "$TK_DIR/capture" "$HAVS_OUT/takeover.capture" 2>/dev/null || true
cp "$TK_DIR/trials" "$HAVS_OUT/takeover.trials" 2>/dev/null || true

# ---------------------------------------------------------------- report
"$PY" "$TK_PY" analyse "$TK_DIR/capture" "$TK_DIR/trials" $DIRECTOR $FARM $VIP $PRIO_BACKUP \
	> "$TK_DIR/results"
cp "$TK_DIR/results" "$HAVS_OUT/takeover.results" 2>/dev/null || true
name() { [ "$1" = ka ] && echo keepalived || echo havs; }
# stats KIND IMPL IV: "OK RUN P50 P95 MAX MIN ADVERT_FIRST GARP_FIRST" (ms)
stats() {
	awk -v k="$1" -v im="$2" -v iv="$3" '$1 == "trial" && $2 == k && $3 == im && $4 == iv {
		run++; if ($6 != "OK") next
		v[++n] = $7; if ($8 == "advert") a++; else g++ }
	END {
		for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
		if (!n) { printf "0 %d - - - - 0 0\n", run; exit }
		printf "%d %d %.2f %.2f %.2f %.2f %d %d\n", n, run, v[int((n - 1) * 0.50) + 1],
			v[int((n - 1) * 0.95) + 1], v[n], v[1], a, g }' "$TK_DIR/results"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b <= 0) print "-"; else printf "%.2f", a / b }'; }

drops=$(sed -n 's/^# drops //p' "$TK_DIR/capture")
echo
echo "== Takeover overhead at the wire: havs vs keepalived, VRRPv3 IPv4, backup priority $PRIO_BACKUP, master $PRIO_MASTER"
echo "kernel $(uname -r), two QEMU/TCG guests of $(nproc) vCPU each (director = backup + capture, farm = master) on one virtio-net link, $(date -u '+%Y-%m-%d %H:%M UTC'), havs $(cat /sys/module/havs/version 2>/dev/null || echo ?), $(keepalived -v 2>&1 | head -1)"
echo "host load (run-pair.sh, /proc/loadavg + QEMU processes on the host, 2 of them this pair): start $HOST0; end $HOST1"
echo "guest load (loadavg 1/5/15 min, busy/total jiffies since boot; TCG shows no steal time): director start $GUEST0, end $GUEST1; farm start $FARM0, end $FARM1"
[ -z "${BENCH_TAKEOVER_NOTE:-}" ] || echo "conditions: $BENCH_TAKEOVER_NOTE"
echo "Measured on the backup's packet capture (packet socket on its link, kernel timestamps, receive and transmit on one clock; capture drops: ${drops:-?}):"
echo "overhead = (first advert or gratuitous ARP the backup sent as master) - (last advert received from the master) - MDI; MDI = 3 x interval + (256 - $PRIO_BACKUP) x interval / 256."
echo "silenced: the master's outgoing VRRP dropped by a tc egress filter in its guest (it keeps running, sends no priority 0); priority 0: the master's router deleted/stopped (a priority-0 advert), overhead over Skew_Time instead of MDI."
echo "Trials interleaved in blocks of $BLOCK, havs and keepalived alternating; settle ${SETTLE} s + 10 intervals before each. trials = ok / run (a failed trial: no takeover seen, a packet missing from the capture, the backup master already before the request (the master's adverts had stopped), or, priority 0, before the priority-0 advert came)."
echo
echo "| case | impl | interval | MDI ms | trials ok / run | p50 ms | p95 ms | max ms | min ms | first packet advert / GARP |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for kind in silent zero; do
	[ "$kind" = silent ] || [ "$PRIO0" -gt 0 ] || continue
	for iv in $INTERVALS; do
		for impl in havs ka; do
			read -r ok run p50 p95 max min a g <<< "$(stats "$kind" "$impl" "$iv")"
			if [ "$kind" = silent ]; then c="master silenced"; m=$(mdi_ms "$iv")
			else c="priority 0 (extra)"; m="skew $(skew_ms "$iv")"; fi
			echo "| $c | $(name "$impl") | $(awk -v i="$iv" 'BEGIN { print i * 1000 }') ms | $m | $ok / $run | $p50 | $p95 | $max | $min | $a / $g |"
		done
	done
done
echo
echo "| interval | case | p50 ratio havs/keepalived | p95 ratio havs/keepalived |"
echo "| --- | --- | --- | --- |"
for kind in silent zero; do
	[ "$kind" = silent ] || [ "$PRIO0" -gt 0 ] || continue
	for iv in $INTERVALS; do
		read -r _ _ h50 h95 _ <<< "$(stats "$kind" havs "$iv")"
		read -r _ _ k50 k95 _ <<< "$(stats "$kind" ka "$iv")"
		echo "| $(awk -v i="$iv" 'BEGIN { print i * 1000 }') ms | $([ $kind = silent ] && echo "master silenced" || echo "priority 0 (extra)") | $(ratio "$h50" "$k50") | $(ratio "$h95" "$k95") |"
	done
done
echo
echo "Between trials (steady time: the master running and not silenced): the master's adverts as the backup received them (gaps between consecutive ones, ms), and every time the backup advertised as master anyway: \"master stalled\" when the master's last advert had reached it at least MDI before (its adverts had stopped: the takeover the protocol asks for; under TCG a guest whose vCPU thread the host does not run for that long), \"false\" when it took over within MDI of one; dual master = the master's adverts arriving while the backup still advertised, and for how long in all."
echo
echo "| impl | interval | steady s | master advert gaps p50 / p99 / max ms | gaps >= MDI | backup took over: master stalled / false | dual master: times / ms in all |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
for iv in $INTERVALS; do
	for impl in havs ka; do
		awk -v im="$impl" -v iv="$iv" -v nm="$(name "$impl")" -v ms="$(awk -v i="$iv" 'BEGIN { print i * 1000 }')" '
			$1 == "steady" && $2 == im && $3 == iv {
				printf "| %s | %s ms | %s | %s / %s / %s | %s of %s | %s / %s | %s / %s |\n", nm, ms, $4, $11, $12, $13, $14, $10, $6, $7, $8, $9; f = 1 }
			END { if (!f) printf "| %s | %s ms | - | - | - | - | - |\n", nm, ms }' "$TK_DIR/results"
	done
done
echo
echo "Failed trials:"
grep -E '^trial .* FAIL ' "$TK_DIR/results" | sed 's/^/  /' || echo "  none"
[ ! -s "$TK_DIR/log" ] || { echo "Notes:"; sed 's/^/  /' "$TK_DIR/log"; }
echo "Per trial, in the order run (overhead ms; F - L ms in brackets):"
for kind in silent zero; do
	for iv in $INTERVALS; do
		for impl in havs ka; do
			awk -v k="$kind" -v im="$impl" -v iv="$iv" -v lbl="  $(name "$impl") $(awk -v i="$iv" 'BEGIN { print i * 1000 }') ms $([ $kind = silent ] && echo "master silenced" || echo "priority 0"):" '
				$1 == "trial" && $2 == k && $3 == im && $4 == iv {
					l = l " " ($6 == "OK" ? sprintf("%s(%s)", $7, $9) : "FAIL") }
				END { if (l != "") print lbl l }' "$TK_DIR/results"
		done
	done
done
echo "total runtime $(( $(date +%s) - T_START )) s"
