#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Service health drives VRRP: each director's service sets a tracked
# object from its real servers' health, and its VRRP instance follows the
# object. The master loses its back-end link: its probes fail, its object
# goes down, its priority drops and the backup takes over, with no
# userspace involved.
#
#      client 10.0.0.10
#         |
#   br0 (lan) --- eth0 10.0.0.1 [d1 prio 200] eth1 10.1.0.1 --- br1 (back) --- rs1 10.1.0.2:80
#             \-- eth0 10.0.0.2 [d2 prio 100] eth1 10.1.0.3 ---/                rs2 10.1.0.4:80
#
# VRID 60, VIP 10.0.0.100; on each director: IPVS tcp 10.0.0.100:80
# (havs_wrr) -> rs1, rs2 with `check set ... track web track-min 1`, and
# the instance tracks "web" with weight -150.
. "$HAVS_TOP/tests/lib/netns.sh"

lan_create
lan_host client 10.0.0.10
lan_host d1 10.0.0.1
lan_host d2 10.0.0.2
bridge_add br1
veth_on d1 eth1 br1 10.1.0.1
veth_on d2 eth1 br1 10.1.0.3
declare -A LISTENER
for r in rs1:10.1.0.2 rs2:10.1.0.4; do
	server_host "${r%%:*}" "${r#*:}" br1
	# accept and close, in one process (no fork per probe: the debug
	# kernel is slow enough)
	ip netns exec "$NS_PREFIX-${r%%:*}" python3 -c 'import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], 80))
s.listen(128)
while True:
    s.accept()[0].close()' "${r#*:}" &
	LISTENER[${r%%:*}]=$!
done
for r in rs1 rs2; do
	wait_for 60 eval "n $r ss -Hltn 'sport = :80' | grep -q LISTEN"
done
scenario_cleanup() {
	local p
	for p in "${LISTENER[@]}"; do kill "$p" 2>/dev/null; done
}

havs_load
LOAD_MARK=$DMESG_MARK
state() { n "$1" "$HAVSADM" -j vrrp show dev eth0 vrid 60 | json_get 0.state; }
is_state() { [ "$(state "$1")" = "$2" ]; }
obj() { n "$1" "$HAVSADM" -j track show web | json_get 0.up; }

for d in d1:200 d2:100; do
	n "${d%%:*}" ipvsadm -A -t 10.0.0.100:80 -s havs_wrr
	n "${d%%:*}" ipvsadm -a -t 10.0.0.100:80 -r 10.1.0.2:80 -m -w 10
	n "${d%%:*}" ipvsadm -a -t 10.0.0.100:80 -r 10.1.0.4:80 -m -w 10
	# timeouts generous enough for a debug guest sharing the host's two
	# cores with other guests: a lost link fails at once (no route), not
	# by timeout, so the scenario is no slower
	n "${d%%:*}" "$HAVSADM" check set tcp 10.0.0.100:80 type tcp interval 2s \
		timeout 1500ms rise 1 fall 2 track web track-min 1
	n "${d%%:*}" "$HAVSADM" vrrp add dev eth0 vrid 60 priority "${d#*:}" interval 200ms \
		address 10.0.0.100 track-object web weight -150
done
expect_match "$(n d1 "$HAVSADM" check settings)" "track web track-min 1" "settings show the object"
wait_for 30 is_state d1 MASTER
wait_for 30 is_state d2 BACKUP
wait_for 15 eval '[ "$(obj d1)" = True ]'

say "servers that accept and close at once are up, and stay up"
# a probe whose work item ran after the server's FIN (CLOSE_WAIT) or
# reset used to time out on a live server ("connect timed out"); four
# probe rounds of both directors must not see a single failure
dmesg_mark
sleep 8
expect_eq "$(dmesg_new | grep -c 'DOWN (')" 0 "health changes to DOWN"
for d in d1 d2; do
	expect_eq "$(n "$d" "$HAVSADM" -j check show | jq '[.[] | .probes_failed] | add')" 0 \
		"$d: failed probes"
done

say "d1 loses its back end: its servers go down, then its object, then its priority"
dmesg_mark
n d1 ip link set eth1 down
wait_for 30 eval '[ "$(obj d1)" = False ]'
wait_for 15 is_state d2 MASTER
wait_for 15 is_state d1 BACKUP
expect_eq "$(n d1 "$HAVSADM" -j vrrp show dev eth0 vrid 60 | json_get 0.effective_priority)" 50 \
	"d1's priority in effect"
expect_match "$(dmesg_new)" \
	"tracked object web is down \\(TCP 10.0.0.100:80: 0 of 2 servers up, fewer than 1; 1 instances follow it\\)" \
	"the log says which service and why"
[ "$(obj d2)" = True ] || n d2 "$HAVSADM" check show	# why, if not
expect_eq "$(obj d2)" True "d2's own object stays up"

say "d1's back end returns: servers up, object up, d1 preempts back"
n d1 ip link set eth1 up
wait_for 30 eval '[ "$(obj d1)" = True ]'
wait_for 15 is_state d1 MASTER

say "track-min 2: one server down is enough to step down"
n d1 "$HAVSADM" check set tcp 10.0.0.100:80 type tcp interval 2s timeout 1500ms \
	rise 1 fall 2 track web track-min 2
kill "${LISTENER[rs2]}"; wait "${LISTENER[rs2]}" 2>/dev/null || true
wait_for 30 eval '[ "$(obj d1)" = False ]'
wait_for 15 is_state d2 MASTER
[ "$(obj d2)" = True ] || n d2 "$HAVSADM" check show	# why, if not
expect_eq "$(obj d2)" True "d2 (track-min 1) still has its object up"

say "bad settings are refused"
expect_rc 2 "track-min without track" \
	"$HAVSADM" -n "$NS_PREFIX-d1" check set tcp 10.0.0.100:80 track-min 2
expect_match "$OUTPUT" "track-min needs track NAME" "clear refusal"
expect_rc 2 "a bad object name" \
	"$HAVSADM" -n "$NS_PREFIX-d1" check set tcp 10.0.0.100:80 track 'a b'
expect_match "$OUTPUT" "names are 1 to 31 characters" "clear refusal"

for d in d1 d2; do
	n "$d" "$HAVSADM" vrrp del dev eth0 vrid 60
	n "$d" ipvsadm -C
	n "$d" "$HAVSADM" check del tcp 10.0.0.100:80
	n "$d" "$HAVSADM" track del web
done
DMESG_MARK=$LOAD_MARK
havs_unload
