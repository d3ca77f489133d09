#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Probe cost on a director of its own: havs's in-kernel TCP probes against
# keepalived 2.2.7's TCP_CHECK, the real servers in another guest.
# Two guests (tests/vm/run-pair.sh; probecost.pair marks this benchmark
# for tests/bench.sh), one vCPU each, one virtio-net link:
#
#   director 10.9.0.1 --------- farm 10.9.0.2
#   IPVS, havs | keepalived -C   10.2.0.0/16 AnyIP (ip route add local),
#   route 10.2.0.0/16 via farm   one epoll accept loop on 0.0.0.0:80
#                                (tests/bench/probefarm.py), control on
#                                10.9.0.2:7000
#
# In one guest the farm's side of every probe lands on the same vCPUs as
# the prober's; here the director's CPU is the prober's alone (plus the
# guest's own background, measured as an idle baseline).
#
# The director: an idle window (modules loaded, nothing probing), then
# for each N of BENCH_PROBECOST_N ("1000 10000"): N real servers in
# services of BENCH_PROBECOST_PER_SVC (10), probed every
# BENCH_PROBECOST_INTERVAL (10) s by havs (havsadm check set, type tcp),
# then by keepalived (TCP_CHECK, delay_loop the same), each measured over
# BENCH_PROBECOST_SECS (60) s once every server has been probed; a second
# idle window at the end. Cost = the director's busy jiffies (/proc/stat)
# over the window less the idle baseline (the mean of the two idle
# windows, per second, times the window). Cross-check: the CPU time of the
# director's QEMU process on the host over the same window
# (run-pair.sh answers OUT/hostcpu/*.req), less its idle baseline.
# On time: connect attempts of the director in the window (TcpActiveOpens)
# against N x window / interval; per server, the connections the farm
# accepted for each address in the window: a server reached fewer than
# floor(window / (1.05 x interval)) times (havs spreads probes by +-5 %)
# had a probe late or missing. havs's own counters (probes_ok +
# probes_failed, check show) cover the time between two dumps around the
# window.
# BENCH_PROBECOST_NOTE (host conditions) is printed in the header.
# The farm guest runs the same script; HAVS_LABEL (run-pair.sh) says which.
. "$HAVS_TOP/tests/lib/netns.sh"
. "$HAVS_TOP/tests/lib/bench.sh"

[ -z "${BENCH_TRACE:-}" ] || set -x
COST_N=${BENCH_PROBECOST_N:-1000 10000}
PER_SVC=${BENCH_PROBECOST_PER_SVC:-10}
IVL=${BENCH_PROBECOST_INTERVAL:-10}
SECS=${BENCH_PROBECOST_SECS:-60}
PY=$(command -v /usr/bin/python3 || command -v python3)
FARM=10.9.0.2
CTL_PORT=7000
T_START=$(date +%s)

pair_link_up

if [ "${HAVS_LABEL:-}" = farm ]; then
	ip addr add $FARM/24 dev "$DEV"
	ip route add local 10.2.0.0/16 dev lo
	sysctl -qw net.core.somaxconn=4096
	sysctl -qw net.ipv4.tcp_max_syn_backlog=8192
	say "farm: serving 10.2.0.0/16:80 until the director says done"
	# runs until the director's "done"; the pair's launcher stops this
	# guest if the director dies first
	"$PY" "$HAVS_TOP/tests/bench/probefarm.py" 80 $FARM $CTL_PORT
	listen_drops=$(awk '/^TcpExt:/ { if (!h) { for (i = 1; i <= NF; i++) k[i] = $i; h = 1 }
		else for (i = 1; i <= NF; i++) if (k[i] == "ListenDrops") print $i }' /proc/net/netstat)
	say "farm: done; listen drops over the run: $listen_drops"
	exit 0
fi

# ---------------------------------------------------------------- director
for c in keepalived ipvsadm jq; do
	command -v "$c" > /dev/null || fail "$c is missing"
done
ip addr add 10.9.0.1/24 dev "$DEV"
ip route add 10.2.0.0/16 via $FARM
sysctl -qw net.ipv4.ip_local_port_range="1024 65000"

WORK=$(mktemp -d)
KA_PID=
FARM_DONE=no
# farm CMD: one line to the farm's control port, its answer on stdout
farm() {
	timeout 10 bash -c 'exec 3<>"/dev/tcp/$0/$1" && echo "$2" >&3 && read -r r <&3 && echo "$r"' \
		$FARM $CTL_PORT "$1"
}
scenario_cleanup() {
	if [ -n "$KA_PID" ]; then
		kill "$KA_PID" 2>/dev/null; wait "$KA_PID" 2>/dev/null
	fi
	ipvsadm -C 2>/dev/null
	# the farm waits for this; tell it even when the run failed
	[ $FARM_DONE = yes ] || farm "done" > /dev/null 2>&1
	rm -rf "$WORK"
}

say "director: waiting for the farm ($(date -u +%T))"
wait_for 600 eval '[ "$(farm ping)" = pong ]'
say "farm answers"

modprobe ip_vs
modprobe havs
HZ=$(getconf CLK_TCK)
now_ns() { date +%s%N; }
# busy and total jiffies of the guest (one vCPU)
cpu_jiffies() { awk '/^cpu / { t = 0; for (i = 2; i <= 9; i++) t += $i; print t - $5 - $6, t }' /proc/stat; }
# TcpActiveOpens: connect attempts of the director
active_opens() { awk '/^Tcp:/ { if (h) print $6; h = 1 }' /proc/net/snmp; }
# hostcpu NAME: "TICKS CLK_TCK NS" of the director's QEMU process from the
# host (run-pair.sh), or "- - -" when nobody answers (a single guest)
hostcpu() {
	local d=$HAVS_OUT/hostcpu i
	mkdir -p "$d"
	: > "$d/$1.req"
	for i in $(seq 50); do
		[ -s "$d/$1" ] && { cat "$d/$1"; return; }
		sleep 0.05
	done
	rm -f "$d/$1.req"
	echo "- - -"
}

# window NAME: measure SECS seconds with nothing else run by this script.
# Sets W_BUSY (jiffies), W_SECS (guest clock), W_HOST (QEMU CPU s, or -),
# W_HSECS (host clock s, or -), W_OPENS (connect attempts), W_PROBER
# (jiffies of the prober's own threads: keepalived's processes or the
# kworker/u* threads that run havs's probe work; informative only).
window() {
	local name=$1 pcpu=${2:-} b0 b1 h0 h1 hz0 n0 n1 s0 s1 o0 o1 p0=0 p1=0
	[ -z "$pcpu" ] || p0=$($pcpu)
	read -r h0 hz0 n0 <<< "$(hostcpu "$name-0")"
	read -r b0 _ <<< "$(cpu_jiffies)"
	o0=$(active_opens); s0=$(now_ns)
	sleep "$SECS"
	read -r b1 _ <<< "$(cpu_jiffies)"
	o1=$(active_opens); s1=$(now_ns)
	read -r h1 _ n1 <<< "$(hostcpu "$name-1")"
	[ -z "$pcpu" ] || p1=$($pcpu)
	W_BUSY=$((b1 - b0))
	W_SECS=$(awk -v a="$s0" -v b="$s1" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
	W_OPENS=$((o1 - o0))
	W_PROBER=$((p1 - p0))
	if [ "$h0" = - ] || [ "$h1" = - ]; then
		W_HOST=- W_HSECS=-
	else
		W_HOST=$(awk -v a="$h0" -v b="$h1" -v hz="$hz0" 'BEGIN { printf "%.2f", (b - a) / hz }')
		W_HSECS=$(awk -v a="$n0" -v b="$n1" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
	fi
	echo "$name busy_jiffies=$W_BUSY secs=$W_SECS host_cpu_s=$W_HOST host_secs=$W_HSECS opens=$W_OPENS prober_jiffies=$W_PROBER" >> "$WORK/raw"
}

# gen havs|checks|ka N: the N servers as ipvsadm -R rules, havsadm -b lines or
# a keepalived configuration (tests/lib/bench.sh), direct routing
gen() { probe_farm_config "$1" "$2" "$PER_SVC" "$IVL" 2s 2 -g director; }

# havs's counters from one dump: "probes failed servers_probed up transitions"
havs_counts() {
	"$HAVSADM" -j check show | jq -r '[length,
		([.[] | .probes_ok + .probes_failed] | add // 0),
		([.[] | .probes_failed] | add // 0),
		([.[] | select(.last != null)] | length),
		([.[] | select(.health == "up")] | length),
		([.[] | .transitions] | add // 0)] | @tsv'
}
# per-server probe counts of a dump, "server count" sorted
havs_per_server() { "$HAVSADM" -j check show | jq -r '.[] | "\(.server) \(.probes_ok + .probes_failed)"' | sort; }

# from the farm's histogram "count:servers,...", N and the minimum count:
# servers reached fewer than MIN times (never reached included)
late_servers() {
	awk -v h="$1" -v n="$2" -v min="$3" 'BEGIN {
		k = split(h, e, ","); seen = 0; late = 0
		for (i = 1; i <= k; i++) { if (split(e[i], p, ":") != 2) continue
			seen += p[2]; if (p[1] + 0 < min) late += p[2] }
		print late + (n - seen) }'
}
# the farm's side of a window: counts reset before, its CPU and listen
# drops as deltas; sets F_ACC F_HIST F_CPU (% of its vCPU) F_DROPS
farm_start() {
	[ "$(farm reset)" = ok ] || fail "the farm did not reset its counts"
	read -r _ _ F_B0 F_T0 F_D0 _ <<< "$(farm stats)"
}
farm_end() {
	local b t d
	read -r F_ACC _ b t d F_HIST <<< "$(farm stats)"
	F_CPU=$(awk -v b="$((b - F_B0))" -v t="$((t - F_T0))" 'BEGIN { printf "%.0f", t ? 100 * b / t : 0 }')
	F_DROPS=$((d - F_D0))
}
MIN_PER_SERVER=$(awk -v w="$SECS" -v i="$IVL" 'BEGIN { print int(w / (1.05 * i)) }')

header() {
	echo
	echo "== Probe cost, director alone in its guest: havs vs keepalived's TCP_CHECK"
	echo "kernel $(uname -r), two QEMU/TCG guests of $(nproc) vCPU each (director, farm) on one virtio-net link, $(date -u '+%Y-%m-%d %H:%M UTC'), havs $(cat /sys/module/havs/version 2>/dev/null || echo ?), $(keepalived -v 2>&1 | head -1)"
	[ -z "${BENCH_PROBECOST_NOTE:-}" ] || echo "conditions: $BENCH_PROBECOST_NOTE"
}

# ---------------------------------------------------------------- idle
say "idle window 1 ($(date -u +%T))"
window idle1
I1_BUSY=$W_BUSY I1_SECS=$W_SECS I1_HOST=$W_HOST I1_HSECS=$W_HSECS I1_OPENS=$W_OPENS
printf '' > "$WORK/rows"

for N in $COST_N; do
	expected=$(( N * SECS / IVL ))
	# --- havs
	say "N=$N: havs ($(date -u +%T))"
	gen havs "$N" > "$WORK/ipvs.rules"
	gen checks "$N" > "$WORK/checks"
	t0=$(now_ns)
	ipvsadm -R < "$WORK/ipvs.rules"
	"$HAVSADM" -b "$WORK/checks"
	t1=$(now_ns)
	# every server probed once (the first probe comes at a random point of
	# the first interval), then one more interval of steady state
	all_probed() { [ "$(havs_counts | cut -f 4)" = "$N" ]; }
	wait_for $(( 3 * IVL + 120 )) all_probed
	t2=$(now_ns)
	sleep "$IVL"
	ha=$(now_ns); havs_per_server > "$WORK/hps0"; hb=$(now_ns); hm0=$(( (ha + hb) / 2 ))
	read -r _ hp0 hf0 _ _ _ <<< "$(havs_counts)"
	farm_start
	window "havs-$N" 'cpu_of ^kworker/u'
	H_BUSY=$W_BUSY H_SECS=$W_SECS H_HOST=$W_HOST H_HSECS=$W_HSECS H_OPENS=$W_OPENS H_PROBER=$W_PROBER
	farm_end
	H_FACC=$F_ACC H_FHIST=$F_HIST H_FCPU=$F_CPU H_FDROPS=$F_DROPS
	ha=$(now_ns); havs_per_server > "$WORK/hps1"; hb=$(now_ns); hm1=$(( (ha + hb) / 2 ))
	read -r hn hp1 hf1 hprobed hup htr <<< "$(havs_counts)"
	# per server over the span between the dumps
	hspan=$(awk -v a="$hm0" -v b="$hm1" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
	hmin=$(join "$WORK/hps0" "$WORK/hps1" | awk '{ d = $3 - $2; if (m == "" || d < m) m = d } END { print m + 0 }')
	hmin_exp=$(awk -v w="$hspan" -v i="$IVL" 'BEGIN { print int(w / (1.05 * i)) - 1 }')
	hlate_own=$(join "$WORK/hps0" "$WORK/hps1" | awk -v m="$hmin_exp" '$3 - $2 < m { c++ } END { print c + 0 }')
	H_LATE=$(late_servers "$H_FHIST" "$N" "$MIN_PER_SERVER")
	echo "havs-$N setup_ms=$(( (t1 - t0) / 1000000 )) all_probed_ms=$(( (t2 - t1) / 1000000 )) farm_accepted=$H_FACC farm_hist=$H_FHIST farm_cpu_pct=$H_FCPU farm_listen_drops=$H_FDROPS own_probes=$((hp1 - hp0)) own_failed=$((hf1 - hf0)) span=$hspan min_per_server=$hmin/$hmin_exp servers=$hn probed=$hprobed up=$hup transitions=$htr" >> "$WORK/raw"
	H_NOTE="own counters: $((hp1 - hp0)) probes ($((hf1 - hf0)) failed) in ${hspan} s between dumps, expected $(( N * ${hspan%.*} / IVL )); fewest per server $hmin (servers under $hmin_exp: $hlate_own); $hup/$hn up, $htr health changes"
	ipvsadm -C
	# probes of servers no service uses any more linger 10 s
	sleep 12
	left=$("$HAVSADM" stats | awk '$1 == "probe_targets" { print $2 }')

	# --- keepalived
	say "N=$N: keepalived ($(date -u +%T)); havs probe_targets left: $left"
	gen ka "$N" > "$WORK/ka.conf"
	t0=$(now_ns)
	keepalived -n -l -C -f "$WORK/ka.conf" -p "$WORK/ka.pid" -c "$WORK/ka-check.pid" \
		> "$WORK/ka-$N.log" 2>&1 &
	KA_PID=$!
	ka_count() { grep -c '^  -> [0-9A-F]' /proc/net/ip_vs || true; }
	wait_for $(( 3 * IVL + 300 )) eval '[ "$(ka_count)" -ge '"$N"' ]'
	t1=$(now_ns)
	# keepalived adds every server at once and checks it later: wait an
	# interval for the first round of checks, then another of steady state
	sleep $(( 2 * IVL ))
	farm_start
	kl0=$(wc -l < "$WORK/ka-$N.log")
	window "keepalived-$N" 'cpu_of -x keepalived'
	K_BUSY=$W_BUSY K_SECS=$W_SECS K_HOST=$W_HOST K_HSECS=$W_HSECS K_OPENS=$W_OPENS K_PROBER=$W_PROBER
	kl1=$(wc -l < "$WORK/ka-$N.log")
	farm_end
	K_FACC=$F_ACC K_FHIST=$F_HIST K_FCPU=$F_CPU K_FDROPS=$F_DROPS
	# keepalived's own word on the window: checks that failed, and its
	# "A thread timer expired N seconds ago" (its event loop ran late)
	sed -n "$((kl0 + 1)),${kl1}p" "$WORK/ka-$N.log" > "$WORK/ka-window"
	kwfail=$(grep -c 'TCP_CHECK on service .* failed' "$WORK/ka-window" || true)
	kwlate=$(grep -c 'thread timer expired' "$WORK/ka-window" || true)
	kwlmax=$(awk '/thread timer expired/ { for (i = 1; i < NF; i++) if ($i == "expired" && $(i + 1) + 0 > m) m = $(i + 1) + 0 } END { printf "%.1f", m }' "$WORK/ka-window")
	K_LATE=$(late_servers "$K_FHIST" "$N" "$MIN_PER_SERVER")
	kup=$(ka_count)
	kill "$KA_PID"; wait "$KA_PID" 2>/dev/null || true; KA_PID=
	ipvsadm -C
	kfail=$(grep -c 'TCP_CHECK on service .* failed' "$WORK/ka-$N.log" || true)
	krem=$(grep -c 'Removing service' "$WORK/ka-$N.log" || true)
	echo "keepalived-$N config_loaded_ms=$(( (t1 - t0) / 1000000 )) farm_accepted=$K_FACC farm_hist=$K_FHIST farm_cpu_pct=$K_FCPU farm_listen_drops=$K_FDROPS up=$kup failed_checks=$kfail removals=$krem window_failed_checks=$kwfail window_late_timer_lines=$kwlate window_late_max_s=$kwlmax" >> "$WORK/raw"
	K_NOTE="$kup/$N in IPVS at the end; over its whole run $kfail failed checks, $krem removals; in the window $kwfail failed checks and $kwlate \"thread timer expired\" lines (latest $kwlmax s); config loaded in $(( (t1 - t0) / 1000000 )) ms"
	cp "$WORK/ka-$N.log" "$HAVS_OUT/probecost-keepalived-$N.log" 2>/dev/null || true
	echo "$N $expected $H_BUSY $H_SECS $H_HOST $H_HSECS $H_OPENS $H_FACC $H_LATE $H_PROBER $K_BUSY $K_SECS $K_HOST $K_HSECS $K_OPENS $K_FACC $K_LATE $K_PROBER $H_FCPU $K_FCPU $H_FDROPS $K_FDROPS" >> "$WORK/rows"
	echo "$N havs: $H_NOTE" >> "$WORK/notes"
	echo "$N keepalived: $K_NOTE" >> "$WORK/notes"
done

say "idle window 2 ($(date -u +%T))"
window idle2
I2_BUSY=$W_BUSY I2_SECS=$W_SECS I2_HOST=$W_HOST I2_HSECS=$W_HSECS I2_OPENS=$W_OPENS
farm "done" > /dev/null || true
FARM_DONE=yes

# ---------------------------------------------------------------- report
# idle rates: guest busy jiffies per guest second, QEMU CPU s per host second
BASE=$(awk -v a="$I1_BUSY" -v b="$I2_BUSY" -v s="$I1_SECS" -v t="$I2_SECS" 'BEGIN { printf "%.4f", (a + b) / (s + t) }')
if [ "$I1_HOST" = - ] || [ "$I2_HOST" = - ]; then
	HBASE=-
else
	HBASE=$(awk -v a="$I1_HOST" -v b="$I2_HOST" -v s="$I1_HSECS" -v t="$I2_HSECS" 'BEGIN { printf "%.4f", (a + b) / (s + t) }')
fi
# net BUSY SECS: CPU s less the idle baseline for that long
net() { awk -v b="$1" -v s="$2" -v base="$BASE" -v hz="$HZ" 'BEGIN { printf "%.2f", b / hz - base * s / hz }'; }
hnet() {
	[ "$1" != - ] && [ "$HBASE" != - ] || { echo -; return; }
	awk -v c="$1" -v s="$2" -v base="$HBASE" 'BEGIN { printf "%.2f", c - base * s }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b <= 0) print "-"; else printf "%.2f", a / b }'; }

header
echo "Director: 1 vCPU, IPVS services of $PER_SVC real servers, TCP connect probes every ${IVL} s (havs: type tcp, timeout 2s; keepalived: TCP_CHECK, connect_timeout 2), window ${SECS} s after every server was probed."
echo "CPU s: the director guest's busy time over the window (/proc/stat) less its idle baseline ($(awk -v b="$BASE" -v hz="$HZ" 'BEGIN { printf "%.3f", b / hz }') CPU s per s; idle windows: $(net "$I1_BUSY" 0) s and $(net "$I2_BUSY" 0) s busy in $I1_SECS s and $I2_SECS s, with $I1_OPENS and $I2_OPENS connect attempts)."
echo "host s: the director's QEMU process (utime + stime on the host) over the same window less its idle rate ($HBASE CPU s per s); the cross-check."
echo "probes: connect attempts of the director in the window (TcpActiveOpens) / expected N x ${SECS} / ${IVL}; late: servers the farm saw fewer than $MIN_PER_SERVER times in the window (never reached included)."
echo "CPU ms per probe: CPU s over the probes made: a prober that falls behind (fewer probes than expected) spends less in the window than its schedule needs."
echo
echo "| servers | interval | havs CPU s | keepalived CPU s | ratio havs/keepalived | host: havs s | host: keepalived s | host ratio | havs probes | keepalived probes | late servers havs / keepalived | CPU ms per probe havs / keepalived |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
while read -r N exp hb hs hh hhs ho hfa hl hp kb ks kh khs ko kfa kl kp _; do
	hc=$(net "$hb" "$hs"); kc=$(net "$kb" "$ks")
	hhc=$(hnet "$hh" "$hhs"); khc=$(hnet "$kh" "$khs")
	echo "| $N | ${IVL} s | $hc | $kc | $(ratio "$hc" "$kc") | $hhc | $khc | $(ratio "$hhc" "$khc") | $ho / $exp | $ko / $exp | $hl / $kl | $(awk -v a="$hc" -v b="$ho" -v c="$kc" -v d="$ko" 'BEGIN { printf "%s / %s", b ? sprintf("%.3f", 1000 * a / b) : "-", d ? sprintf("%.3f", 1000 * c / d) : "-" }') |"
done < "$WORK/rows"
echo
echo "Details (farm accepted = connections the farm's loop accepted in the window; prober's own = jiffies of keepalived's processes, or of all kworker/u* threads for havs, not less any baseline):"
while read -r N exp hb hs hh hhs ho hfa hl hp kb ks kh khs ko kfa kl kp hfc kfc hfd kfd; do
	echo "  $N servers: farm accepted havs $hfa, keepalived $kfa; farm CPU havs ${hfc} %, keepalived ${kfc} %, listen drops havs $hfd, keepalived $kfd; prober's own CPU s havs $(awk -v j="$hp" -v hz="$HZ" 'BEGIN { printf "%.2f", j / hz }'), keepalived $(awk -v j="$kp" -v hz="$HZ" 'BEGIN { printf "%.2f", j / hz }'); guest window s havs $hs, keepalived $ks; host window s havs $hhs, keepalived $khs"
done < "$WORK/rows"
sed 's/^/  /' "$WORK/notes"
echo "Raw:"
sed 's/^/  /' "$WORK/raw"
echo "total runtime $(( $(date +%s) - T_START )) s"
