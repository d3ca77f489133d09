#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Connections that survive failover and failback: havs (havsadm sync, the
# preempt delay it derives) against keepalived 2.2.7 (lvs_sync_daemon, its
# defaults), same topology, same run. Scenario 35's topology:
#
#   client 10.0.0.10 (connhold client: BENCH_CONNSYNC_CONNS connections)
#      |
#   br0 --- eth0 10.0.0.1 [d1] prio 200  VRID 51, VIP 10.0.0.100, 1 s
#       |-- eth0 10.0.0.2 [d2] prio 100  adverts; tcp 10.0.0.100:80 (dr)
#       |-- eth0 10.0.0.21 [rs1]  VIP on lo, connhold echo server :80
#       \-- eth0 10.0.0.22 [rs2]
#
# Each round: half the connections open through d1 (and reach d2 by
# sync); d1's link cut; the other half open through d2 while d1 is away;
# d1's link back, d1 takes the VIP back (havs: after the derived delay;
# keepalived: as soon as it preempts). Counted once the new master has the
# VIP: the connections that exchange data again (every
# BENCH_CONNSYNC_PERIOD, 1 s), not reset, within 60 s.
# The last column is havs / keepalived.
. "$HAVS_TOP/tests/lib/netns.sh"

CONNS=${BENCH_CONNSYNC_CONNS:-2000}
PERIOD=${BENCH_CONNSYNC_PERIOD:-1}
HALF=$((CONNS / 2))
VIP=10.0.0.100
command -v keepalived > /dev/null || fail "keepalived is missing"
ulimit -n $((CONNS * 2 + 1024))
scratch_dir W
KA_PIDS=()
scenario_cleanup() {
	local p
	for p in "${KA_PIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	return 0
}

lan_create
lan_host client 10.0.0.10
lan_host d1 10.0.0.1
lan_host d2 10.0.0.2
for i in 1 2; do
	lan_host "rs$i" "10.0.0.2$i"
	n "rs$i" ip addr add "$VIP/32" dev lo
	n "rs$i" sysctl -qw net.ipv4.conf.all.arp_ignore=1 \
		net.ipv4.conf.all.arp_announce=2
	n "rs$i" python3 "$HAVS_TOP/tests/lib/connhold.py" serve 0.0.0.0 80 > /dev/null &
	PIDS+=($!)
done
modprobe havs

coproc CH { CONNHOLD_PERIOD=$PERIOD n client python3 "$HAVS_TOP/tests/lib/connhold.py" client $VIP 80; }
PIDS+=("$CH_PID")
declare -A H
hold() {
	local w i
	echo "$*" >&"${CH[1]}"
	read -r -t 300 HOLD <&"${CH[0]}" || fail "connhold: no answer to '$*'"
	echo "# connhold: $* -> $HOLD" >&2
	H=()
	read -ra w <<< "$HOLD"
	for ((i = 0; i + 1 < ${#w[@]}; i += 2)); do H[${w[i]}]=${w[i + 1]}; done
}

# --- havs ---------------------------------------------------------------------
havs_up() {
	local d prio
	for d in d1 d2; do
		prio=$([ $d = d1 ] && echo 200 || echo 100)
		n $d "$HAVSADM" -b - <<-EOF
		vrrp add dev eth0 vrid 51 address $VIP priority $prio interval 1s name vip51
		service add tcp $VIP:80 scheduler havs_wrr
		server add tcp $VIP:80 10.0.0.21:80 method dr
		server add tcp $VIP:80 10.0.0.22:80 method dr
		sync add dev eth0 id 51 instance vip51
		EOF
	done
}
havs_down() {
	local d
	for d in d1 d2; do
		n $d "$HAVSADM" -b - <<-EOF
		sync del
		vrrp del dev eth0 vrid 51
		service del tcp $VIP:80
		EOF
		# IPVS's defaults again, for keepalived's round
		n $d sysctl -qw net.ipv4.vs.sync_refresh_period=0 \
			net.ipv4.vs.sync_retries=0 "net.ipv4.vs.sync_threshold=3 50"
	done
}
havs_master() { [ "$(n "$1" "$HAVSADM" -j vrrp show | json_get 0.state)" = MASTER ]; }

# --- keepalived: lvs_sync_daemon, VIP on eth0, its defaults --------------------
ka_up() {
	local i
	for i in 1 2; do
		cat > "$W/ka$i.conf" <<-CONF
		global_defs {
		    router_id d$i
		    lvs_sync_daemon eth0 VI_51 id 51
		}
		vrrp_instance VI_51 {
		    state BACKUP
		    interface eth0
		    virtual_router_id 51
		    priority $([ $i = 1 ] && echo 200 || echo 100)
		    advert_int 1
		    virtual_ipaddress {
		        $VIP/32
		    }
		}
		virtual_server $VIP 80 {
		    lb_algo wrr
		    lb_kind DR
		    protocol TCP
		    real_server 10.0.0.21 80 {
		        weight 1
		    }
		    real_server 10.0.0.22 80 {
		        weight 1
		    }
		}
		CONF
		ip netns exec "$NS_PREFIX-d$i" keepalived -n -l -f "$W/ka$i.conf" \
			-p "$W/ka$i.pid" -r "$W/vrrp$i.pid" -c "$W/check$i.pid" \
			> "$W/ka$i.log" 2>&1 &
		KA_PIDS+=($!)
	done
}
ka_down() {
	local p
	for p in "${KA_PIDS[@]}"; do kill "$p"; wait "$p" 2>/dev/null || true; done
	KA_PIDS=()
	for i in 1 2; do n "d$i" ipvsadm -C; done
}
ka_master() { n "$1" ip -4 addr show eth0 | grep -q "$VIP/32"; }

# survivors: once the new master has the VIP, every connection must
# exchange data again; those that do (no reset, no stall of the whole
# wait) survived the move
survivors() {
	hold mark
	hold wait 60
	SURV=$(( H[live] - H[quiet] ))
}
# round IMPL: one line "IMPL conns failover failback failback_ms"
round() {
	local impl=$1 t0 fo fb ms
	"${impl}_up"
	wait_for 60 "${impl}_master" d1
	hold open "$HALF"
	# the first half reaches d2 by sync (a TCP state change is sent at once)
	wait_for 60 has_conns d2 "$HALF"
	n lan ip link set p-d1 down
	wait_for 60 "${impl}_master" d2
	survivors
	fo=$SURV
	hold open "$((CONNS - HALF))"
	n lan ip link set p-d1 up
	t0=${EPOCHREALTIME/./}
	wait_for 120 "${impl}_master" d1
	ms=$(( (${EPOCHREALTIME/./} - t0) / 1000 ))
	survivors
	fb=$SURV
	hold close
	"${impl}_down"
	echo "# $impl: $CONNS connections, $fo of $HALF after failover, $fb after failback ($ms ms)" >&2
	echo "$impl $CONNS $fo $fb $ms"
}
conns() { n "$1" ipvsadm -Lnc | grep -c "ESTABLISHED.*$VIP:80" || true; }
has_conns() { [ "$(conns "$1")" -ge "$2" ]; }

RESULTS=$W/results
round havs >> "$RESULTS"
round ka >> "$RESULTS"
echo quit >&"${CH[1]}"

echo
echo "Connections that survive failover and failback (of $CONNS: $HALF opened before the"
echo "failover, $((CONNS - HALF)) through the backup while the master was away; data every ${PERIOD}s)"
echo "kernel $(uname -r), QEMU/TCG guest, $(nproc) vCPUs, $(date -u +%Y-%m-%d)"
# (no process substitution: the guest has no /dev/fd)
read -r _ _ hfo hfb hms <<< "$(grep '^havs ' "$RESULTS")"
read -r _ _ kfo kfb kms <<< "$(grep '^ka ' "$RESULTS")"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "inf" }'; }
printf '%-34s %10s %12s %8s\n' "" havs keepalived ratio
printf '%-34s %10s %12s %8s\n' "survived the failover (of $HALF)" "$hfo" "$kfo" "$(ratio "$hfo" "$kfo")"
printf '%-34s %10s %12s %8s\n' "survived the failback (of $CONNS)" "$hfb" "$kfb" "$(ratio "$hfb" "$kfb")"
printf '%-34s %10s %12s %8s\n' "failback: link up -> master (ms)" "$hms" "$kms" "$(ratio "$hms" "$kms")"
rmmod havs
