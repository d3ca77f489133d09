#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Failover that keeps connections. 200 TCP connections through the VIP
# (direct routing) exchange 8 bytes every 100 ms, held by one process
# (tests/lib/connhold.py) that reports resets and stalls on demand.
#
#   client 10.0.0.10 (connhold client, 200 connections to 10.0.0.100:80)
#      |
#   br0 --- eth0 10.0.0.1 [d1] prio 200 -+- VRID 51, VIP 10.0.0.100, 1 s
#       |-- eth0 10.0.0.2 [d2] prio 100 -+  adverts; tcp 10.0.0.100:80,
#       |                                   method dr, to rs1 and rs2;
#       |                                   IPVS sync on eth0, id 51
#       |-- eth0 10.0.0.21 [rs1]  VIP on lo (arp_ignore 1, arp_announce 2),
#       \-- eth0 10.0.0.22 [rs2]  connhold echo server on :80
#
# 1. bad input: every sync misconfiguration IPVS would take silently, and
#    consistent mode with havs_wrr, refused with its message (one batch);
# 2. sync on (d2 by apply; show config round-trips), 100 connections;
#    d1's link cut: d2 takes over and every connection carries on; 100
#    more open through d2;
# 3. d1's link back: d1 waits the preempt delay derived from the sync
#    settings (vrrp show says so), takes the VIP back, and every one of
#    the 200 connections carries on (the 100 new ones reached d1 by sync);
# 4. sync off, havs_wrr: the same cut breaks every connection (counted);
# 5. sync off, havs_mh with consistent mode: the same cut keeps them all.
# flavors: stock stock612
# shellcheck disable=SC2119 # havs_load takes no arguments here
. "$HAVS_TOP/tests/lib/netns.sh"

VIP=10.0.0.100
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
# an interface without an IPv4 address, for the bad input
n d1 ip link add nov4 type dummy
n d1 ip link set nov4 up

havs_load
HA() { local d=$1; shift; n "$d" "$HAVSADM" "$@"; }
state() { HA "$1" -j vrrp show dev eth0 vrid 51 | jq -r '.[0].state'; }
is_state() { [ "$(state "$1")" = "$2" ]; }
for d in d1 d2; do
	prio=$([ $d = d1 ] && echo 200 || echo 100)
	HA $d -b - <<EOF
vrrp add dev eth0 vrid 51 address $VIP priority $prio interval 1s name vip51
service add tcp $VIP:80 scheduler havs_wrr
server add tcp $VIP:80 10.0.0.21:80 method dr
server add tcp $VIP:80 10.0.0.22:80 method dr
EOF
done
wait_for 20 is_state d1 MASTER
wait_for 20 is_state d2 BACKUP
say "directors up"

# --- 1. bad input -----------------------------------------------------------
HA d1 sync add dev eth0 id 51 instance vip51
rc=0
OUT=$(HA d1 --force -b - 2>&1 <<EOF
sync add dev nosuch id 7
sync add dev nov4 id 7
sync add dev eth0 id 7 maxlen 1480
sync add dev eth0 id 7 group 10.0.0.5
sync add dev eth0 id 7 group 2001:db8::1
sync add dev eth0 id 51
sync add dev eth0 id 7
sync add dev eth0 id 7 instance nosuch
service set tcp $VIP:80 consistent
EOF
) || rc=$?
echo "$OUT"
expect_eq "$rc" 1 "the batch of refusals fails"
expect_match "$OUT" "sync add: dev \"nosuch\": no such interface" "missing interface"
expect_match "$OUT" "sync add: dev \"nov4\" has no IPv4 address" "interface without an address of the family"
expect_match "$OUT" "sync add: maxlen \"1480\": dev eth0 has MTU 1500, which holds at most 1472" "MTU too small for maxlen"
expect_match "$OUT" "group \"10.0.0.5\": not a multicast address" "IPv4 group not multicast"
expect_match "$OUT" "group \"2001:db8::1\": not a multicast address" "IPv6 group not multicast"
expect_match "$OUT" "sync add: id \"51\": connection sync with that id runs already" "the same sync id twice"
expect_match "$OUT" "sync add: id \"7\": connection sync with id 51 runs in this namespace" "a second sync"
expect_match "$OUT" "consistent: scheduler \"havs_wrr\" picks a server from its own state" "consistent with havs_wrr"
expect_match "$OUT" "sync add: instance \"nosuch\": no VRRP instance has that name" "an instance that does not exist"
expect_eq "$(printf '%s\n' "$OUT" | grep -c 'going on$')" 9 "every line refused"
# what was refused changed nothing: one sync, IPVS's view
expect_eq "$(HA d1 -j sync show | jq -c '[.daemons[] | [.state, .dev, .id]]')" \
	'[["master","eth0",51],["backup","eth0",51]]' "d1's daemons as IPVS reports them"
say "bad input refused"

# --- 2. sync on, hard failover ------------------------------------------------
# d2's through its configuration file: apply adds the sync statement
scratch_dir W
HA d2 show config > "$W/d2.conf"
echo "sync dev eth0 id 51 instance vip51" >> "$W/d2.conf"
expect_eq "$(HA d2 diff -f "$W/d2.conf")" "sync add dev eth0 id 51 instance vip51" \
	"diff: the sync statement is what is new"
HA d2 apply -f "$W/d2.conf"
HA d1 show config > "$W/d1.conf"
expect_match "$(cat "$W/d1.conf")" "^sync dev eth0 id 51 instance vip51$" "show config has the sync"
! grep -q preempt-delay "$W/d1.conf" || fail "show config printed the derived delay as a setting"
expect_eq "$(HA d1 diff -f "$W/d1.conf")" "" "show config applies as a no-op"
expect_eq "$(HA d1 -j vrrp show dev eth0 vrid 51 | jq -c '.[0] | [.conn_sync, .preempt_delay_ms]')" \
	'["derived",10000]' "d1: preempt delay derived from sync"
expect_match "$(HA d1 vrrp show dev eth0 vrid 51)" "delay 10s \(derived from connection sync\)" \
	"vrrp show says where the delay comes from"
expect_match "$(HA d1 sync show)" "follows instance vip51 \(eth0/51\) preempt delay 10.00s derived" \
	"sync show says what it follows"
expect_eq "$(n d1 cat /proc/sys/net/ipv4/vs/sync_refresh_period)" 5 "sync_refresh_period set"

coproc CH { n client python3 "$HAVS_TOP/tests/lib/connhold.py" client $VIP 80; }
PIDS+=("$CH_PID")
declare -A H
# hold CMD: one command to connhold, its answer in HOLD and H[key]=value
hold() {
	local w i
	echo "$*" >&"${CH[1]}"
	read -r -t 90 HOLD <&"${CH[0]}" || fail "connhold: no answer to '$*'"
	echo "# connhold: $* -> $HOLD"
	H=()
	read -ra w <<< "$HOLD"
	for ((i = 0; i + 1 < ${#w[@]}; i += 2)); do H[${w[i]}]=${w[i + 1]}; done
}
# carried_on WHAT: every connection alive, and each has had an echo since
# the mark
# After a move (the new master holds the VIP): every connection exchanges
# data again (none reset, none quiet), and again once all are through (none
# stalled in a second retransmission backoff). The longest wait for an
# echo since the mark before the move says how long the move stalled them.
carried_on() {
	local gap
	hold status
	gap=${H[gap_ms]}
	hold mark
	hold wait 30
	expect_eq "${H[live]}/${H[reset]}/${H[quiet]}" "${H[total]}/0/0" \
		"$1: live/reset/quiet (stalled at most $gap ms by the move)"
	hold mark
	hold wait 15
	expect_eq "${H[live]}/${H[reset]}/${H[quiet]}/${H[stalled]}" "${H[total]}/0/0/0" \
		"$1, then: live/reset/quiet/stalled"
}
conns() { n "$1" ipvsadm -Lnc | grep -c "ESTABLISHED.*$VIP:80" || true; }
has_conns() { [ "$(conns "$1")" -ge "$2" ]; }

hold open 100
expect_eq "${H[failed]}" 0 "100 connections open"
wait_for 20 has_conns d2 100
say "d2 holds the 100 connections by sync"
hold mark
n lan ip link set p-d1 down
wait_for 20 is_state d2 MASTER
say "d1's link cut: d2 master"
carried_on "failover with sync"
say "every connection carried on"
hold open 100
expect_eq "${H[failed]}" 0 "100 more connections open through d2"

# --- 3. failback waits for the connections ----------------------------------
hold mark
n lan ip link set p-d1 up
wait_for 20 is_state d1 BACKUP
t0=${EPOCHREALTIME/./}
say "d1 back, backup"
# the 100 connections opened through d2 reach d1 by sync before it preempts
wait_for 10 has_conns d1 200
expect_eq "$(state d1)" BACKUP "d1 holds all 200 connections, still backup"
say "d1 holds the 200 connections by sync"
wait_for 40 is_state d1 MASTER
waited=$(( (${EPOCHREALTIME/./} - t0) / 1000 ))
echo "# d1 took the VIP back $waited ms after it came back as backup"
[ "$waited" -ge 9000 ] || fail "d1 took the VIP back after $waited ms, before the 10 s delay"
say "failback after the derived delay"
carried_on "failback with sync"
expect_eq "${H[total]}" 200 "connections held"

# --- 4. sync off, havs_wrr: the loss --------------------------------------------
hold close
for d in d1 d2; do HA $d sync del; done
expect_eq "$(HA d1 -j vrrp show dev eth0 vrid 51 | jq -c '.[0] | [.conn_sync, .preempt_delay_ms]')" \
	'["none",0]' "sync del: the derived delay goes with it"
expect_eq "$(HA d1 -j sync show | jq -c '.daemons')" '[]' "no daemon left"
hold open 200
expect_eq "${H[failed]}" 0 "200 connections open"
n lan ip link set p-d1 down
wait_for 20 is_state d2 MASTER
# each connection's next exchange goes through d2 (or it is reset)
hold mark
hold wait 15
echo "# without sync: ${H[reset]} of ${H[total]} connections broken"
expect_eq "${H[reset]}" 200 "without sync, every connection broken at failover"
n lan ip link set p-d1 up
wait_for 30 is_state d1 MASTER
say "without sync: ${H[reset]} connections lost"

# --- 5. sync off, havs_mh + consistent mode --------------------------------------
hold close
for d in d1 d2; do HA $d service set tcp $VIP:80 scheduler havs_mh consistent; done
expect_eq "$(n d2 cat /proc/sys/net/ipv4/vs/sloppy_tcp)" 1 "consistent: sloppy_tcp on"
expect_match "$(HA d2 show config)" "service tcp $VIP:80 scheduler havs_mh consistent on" \
	"show config keeps consistent mode"
hold open 200
expect_eq "${H[failed]}" 0 "200 connections open"
hold mark
n lan ip link set p-d1 down
wait_for 20 is_state d2 MASTER
carried_on "failover without sync, consistent havs_mh"
hold mark
n lan ip link set p-d1 up
wait_for 30 is_state d1 MASTER
carried_on "failback without sync, consistent havs_mh"
say "consistent mode carried every connection on"
hold close
echo quit >&"${CH[1]}"
for d in d1 d2; do HA $d vrrp del dev eth0 vrid 51; HA $d service del tcp $VIP:80; done
