#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Failover time, havs against keepalived, same topology, same run.
#
#      d1 (prio 200)          d2 (prio 100)          client
#      eth0 10.0.0.1          eth0 10.0.0.2          eth0 10.0.0.10
#          |                      |                     |
#          +----------------- br0 (netns lan) ----------+
#
# One trial: the client pings the VIP every millisecond; d1 (master) loses
# its link; the failover time is the client's outage: from the last reply
# through d1 to the first reply through d2. Then d1 comes back and preempts. Reported: p50/p95/max and
# the p95 overhead above Master_Down_Interval (3 x interval + skew for
# priority 100). Not a pass/fail test: it prints what it measured.
# BENCH_TRIALS (default 20) and BENCH_INTERVALS (default "1 0.1 0.01", s).
. "$HAVS_TOP/tests/lib/netns.sh"

[ -z "${BENCH_TRACE:-}" ] || set -x
TRIALS=${BENCH_TRIALS:-20}
INTERVALS=${BENCH_INTERVALS:-1 0.1 0.01}
lan_create
lan_host d1 10.0.0.1
lan_host d2 10.0.0.2
lan_host client 10.0.0.10
modprobe havs

WORK=$(mktemp -d)
KA_PIDS=()
PING_PID=
scenario_cleanup() {
	[ -n "$PING_PID" ] && kill "$PING_PID" 2>/dev/null
	for p in "${KA_PIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	rm -rf "$WORK"
}

now_ns() { date +%s%N; }
ms() { awk -v s="$1" 'BEGIN { printf "%d", s * 1000 }'; }

# --- havs ---------------------------------------------------------------
havs_up() {	# interval_s
	local iv=$(ms "$1")ms
	n d1 "$HAVSADM" vrrp add dev eth0 vrid 51 priority 200 interval "$iv" address 10.0.0.100
	n d2 "$HAVSADM" vrrp add dev eth0 vrid 51 priority 100 interval "$iv" address 10.0.0.100
}
havs_down() {
	n d1 "$HAVSADM" vrrp del dev eth0 vrid 51
	n d2 "$HAVSADM" vrrp del dev eth0 vrid 51
}
havs_state() { n "$1" "$HAVSADM" -j vrrp show | json_get 0.state; }
havs_settled() { [ "$(havs_state d1)" = MASTER ] && [ "$(havs_state d2)" = BACKUP ]; }
havs_took_over() { [ "$(havs_state d2)" = MASTER ]; }

# --- keepalived (VIP on eth0, its default) ------------------------------
ka_up() {	# interval_s
	local i
	for i in 1 2; do
		cat > "$WORK/ka$i.conf" <<-CONF
		global_defs {
		    router_id d$i
		    vrrp_version 3
		    vrrp_garp_master_delay 0
		}
		vrrp_instance VI_51 {
		    state BACKUP
		    interface eth0
		    virtual_router_id 51
		    priority $([ $i = 1 ] && echo 200 || echo 100)
		    advert_int $1
		    virtual_ipaddress {
		        10.0.0.100/32
		    }
		}
		CONF
		ip netns exec "$NS_PREFIX-d$i" keepalived -n -l --vrrp -f "$WORK/ka$i.conf" \
			-p "$WORK/ka$i.pid" -r "$WORK/vrrp$i.pid" > "$WORK/ka$i.log" 2>&1 &
		KA_PIDS+=($!)
	done
}
ka_down() {
	for p in "${KA_PIDS[@]}"; do kill "$p"; wait "$p" 2>/dev/null || true; done
	KA_PIDS=()
}
has_vip() { n "$1" ip -4 addr show eth0 | grep -q 10.0.0.100; }
ka_settled() { has_vip d1 && ! has_vip d2; }
ka_took_over() { has_vip d2; }

ping_ok() { n client ping -c 1 -W 1 10.0.0.100 > /dev/null 2>&1; }

# outage_end T0 GAP_MS: the outage that follows T0 ends with the first reply
# after T0 that comes more than GAP_MS after the reply before it, and began
# with that previous reply (the last one through the old master: within one
# ping interval of the link going down, and free of the time `ip` takes to
# start). Prints its length in ms, or fails if it has not ended yet.
outage_end() {
	awk -v t0="$1" -v gap="$2" -F'[][]' '/bytes from/ {
		t = $2 * 1e9
		if (t > t0 && prev && t - prev > gap * 1e6) { printf "%.1f\n", (t - prev) / 1e6; f = 1; exit }
		prev = t
	} END { exit !f }' "$WORK/ping.log"
}

# trial IMPL GAP_MS: one failover; prints the failover time in ms
trial() {
	local impl=$1 gap=$2 t0 t1
	wait_for 60 "${impl}_settled"
	wait_for 10 ping_ok
	n client ip neigh flush dev eth0 > /dev/null 2>&1 || true
	wait_for 10 ping_ok
	ip netns exec "$NS_PREFIX-client" ping -n -D -i 0.001 -W 1 10.0.0.100 \
		> "$WORK/ping.log" 2>&1 &
	PING_PID=$!
	sleep 0.5
	t0=$(now_ns)
	n d1 ip link set eth0 down
	wait_for 60 "${impl}_took_over"
	t1=$(( t0 + 20 * 1000000000 ))
	while [ "$(now_ns)" -lt "$t1" ] && ! outage_end "$t0" "$gap" > /dev/null; do
		sleep 0.05
	done
	kill "$PING_PID"; wait "$PING_PID" 2>/dev/null || true; PING_PID=
	n d1 ip link set eth0 up
	outage_end "$t0" "$gap"
}

stats() {	# file mdi_ms -> "p50 p95 max over"
	sort -n "$1" | awk -v mdi="$2" '{ v[NR] = $1 } END {
		if (!NR) { print "- - - -"; exit }
		p50 = v[int((NR - 1) * 0.50) + 1]; p95 = v[int((NR - 1) * 0.95) + 1]
		printf "%.1f %.1f %.1f %.1f", p50, p95, v[NR], p95 - mdi }'
}

RESULTS=$WORK/results
: > "$RESULTS"
for iv in $INTERVALS; do
	mdi=$(awk -v i="$iv" 'BEGIN { printf "%.2f", (3 * i + (256 - 100) / 256 * i) * 1000 }')
	for impl in havs ka; do
		"${impl}_up" "$iv"
		: > "$WORK/t"
		for _ in $(seq "$TRIALS"); do
			trial "$impl" "$(awk -v m="$mdi" 'BEGIN { print m / 2 }')" >> "$WORK/t"
		done
		"${impl}_down"
		echo "$([ $impl = ka ] && echo keepalived || echo havs) ${iv}s $mdi $(stats "$WORK/t" "$mdi") $(wc -l < "$WORK/t")" >> "$RESULTS"
	done
done

echo
echo "Failover time (ms): client outage, last reply via the old master -> first reply via the new one"
echo "kernel $(uname -r), QEMU/TCG guest, $(nproc) vCPUs, $(date -u +%Y-%m-%d)"
printf '%-11s %-7s %9s %9s %9s %9s %12s %7s\n' impl advert MDI p50 p95 max "p95-MDI" trials
while read -r impl iv mdi p50 p95 max over nt; do
	printf '%-11s %-7s %9s %9s %9s %9s %12s %7s\n' "$impl" "$iv" "$mdi" "$p50" "$p95" "$max" "$over" "$nt"
done < "$RESULTS"
rmmod havs
