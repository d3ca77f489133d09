#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Faults while everything runs at once: VRRP masters advertising, probes in
# flight, a client hammering the VIP. Real servers flap every few hundred
# ms, links flap, an interface with instances on it is deleted, a whole
# director namespace is deleted, and finally the module is unloaded with
# instances still advertising. After each fault the survivors still work;
# the debug kernel's KASAN, lockdep and kmemleak watch throughout.
#
#   client 10.0.0.10: HTTP requests to VIP 10.0.0.100 in a loop
#      |
#   br0 --- eth0 10.0.0.1 [d1] eth1 10.1.0.1 --- br1 --- rs1 10.1.0.2:80
#       |   VRID 51 prio 200 (VIP)                  |     rs2 10.1.0.3:80
#       |   VRID 52 prio 100 (backup of d2)         |     rs3 10.1.0.4:80
#       |   IPVS 10.0.0.100:80 havs_wrr, NAT        |     (gateway 10.1.0.1)
#       |   VRIDs 1-8 on x0 (deleted under load)    |
#       \-- eth0 10.0.0.2 [d2] eth1 10.1.0.5 ------/
#           VRID 51 prio 100, VRID 52 prio 200
#           IPVS service probing the same servers
. "$HAVS_TOP/tests/lib/netns.sh"

lan_create
lan_host client 10.0.0.10
lan_host d1 10.0.0.1
lan_host d2 10.0.0.2
n d1 sysctl -qw net.ipv4.ip_forward=1
bridge_add br1
veth_on d1 eth1 br1 10.1.0.1
veth_on d2 eth1 br1 10.1.0.5
scratch_dir W
for i in 1 2 3; do
	web_server "rs$i" "10.1.0.$((i + 1))" br1 10.1.0.1 "$W"
done

havs_load
HA() { local d=$1; shift; n "$d" "$HAVSADM" "$@"; }
state() { HA "$1" -j vrrp show dev eth0 vrid "$2" | jq -r '.[0].state'; }
is_state() { [ "$(state "$1" "$2")" = "$3" ]; }
ups() { HA "$1" -j check show | jq '[.[] | select(.health == "up")] | length'; }

for d in d1:200:100 d2:100:200; do
	IFS=: read -r name p51 p52 <<< "$d"
	HA "$name" vrrp add dev eth0 vrid 51 priority "$p51" interval 100ms address 10.0.0.100
	HA "$name" vrrp add dev eth0 vrid 52 priority "$p52" interval 100ms address 10.0.0.200
	n "$name" ipvsadm -A -t 10.0.0.100:80 -s havs_wrr
	for i in 1 2 3; do
		n "$name" ipvsadm -a -t 10.0.0.100:80 -r "10.1.0.$((i + 1)):80" -m -w 10
	done
	HA "$name" check set tcp 10.0.0.100:80 type http path / status 200 \
		interval 500ms timeout 400ms rise 1 fall 1
done
wait_for 60 is_state d1 51 MASTER
wait_for 60 is_state d2 52 MASTER
wait_for 60 eval '[ "$(ups d1)" = 3 ]'

# The client: one request after another (counts in $W/client).
n client python3 "$HAVS_TOP/tests/lib/httploop.py" 10.0.0.100 80 "$W/client" &
CLIENT=$!
PIDS+=($CLIENT)
served() { cut -d' ' -f1 "$W/client" 2>/dev/null || echo 0; }
# traffic_flows: the client gets answers (again): N more within 30 s
traffic_flows() {
	local from
	from=$(served)
	wait_for 30 eval "[ \"\$(served)\" -ge $((from + 3)) ]"
}
wait_for 60 test -s "$W/client"
traffic_flows
echo "ok: traffic flows through d1 ($(cat "$W/client") ok/failed so far)"
d1_trans() { HA d1 -j vrrp show dev eth0 vrid 51 | jq '.[0].stats.transitions'; }
t51=$(d1_trans)

say "real servers flap every 300 ms for 8 s"
end=$((SECONDS + 8))
while [ $SECONDS -lt $end ]; do
	for i in 2 3; do
		n "rs$i" ip link set eth0 down
		sleep 0.15
		n "rs$i" ip link set eth0 up
	done
done
wait_for 60 eval '[ "$(ups d1)" = 3 ]'
wait_for 60 eval '[ "$(ups d2)" = 3 ]'
traffic_flows
expect_eq "$(d1_trans)" "$t51" "server flaps move no VRRP instance"
echo "ok: all servers up again, traffic flows ($(cat "$W/client"))"

say "d2's LAN link flaps ten times; d1 stays master of 51 throughout"
for _ in $(seq 10); do
	n d2 ip link set eth0 down
	sleep 0.2
	n d2 ip link set eth0 up
	sleep 0.2
done
wait_for 60 is_state d2 52 MASTER
is_state d1 51 MASTER || fail "d1 lost VRID 51 to d2's link flaps: $(state d1 51)"
expect_eq "$(d1_trans)" "$t51" "no transition of d1's VRID 51"
traffic_flows

say "d1's LAN link flaps: d2 takes over, d1 preempts back"
for _ in 1 2 3; do
	n d1 ip link set eth0 down
	sleep 0.5
	n d1 ip link set eth0 up
	sleep 0.5
done
wait_for 60 is_state d1 51 MASTER
wait_for 60 is_state d2 51 BACKUP
traffic_flows

say "an interface carrying eight advertising instances is deleted"
n d1 ip link add x0 type veth peer name x1
n d1 ip addr add 10.9.0.1/24 dev x0
n d1 ip link set x0 up
n d1 ip link set x1 up
for v in $(seq 1 8); do
	HA d1 vrrp add dev x0 vrid "$v" interval 100ms address "10.9.0.$((v + 100))"
done
wait_for 60 eval '[ "$(HA d1 -j vrrp show dev x0 | jq "[.[] | select(.state == \"MASTER\")] | length")" = 8 ]'
# one instance's macvlan first, then the interface under the rest
vdev=$(HA d1 -j vrrp show dev x0 vrid 3 | jq -r '.[0].vdev')
n d1 ip link del "$vdev"
expect_eq "$(HA d1 -j vrrp show dev x0 | jq length)" 7 "deleting an instance's macvlan deletes the instance"
n d1 ip link del x0
expect_eq "$(HA d1 -j vrrp show | jq length)" 2 "only 51 and 52 remain on d1"
expect_eq "$(n d1 ip -o link show type macvlan | grep -c x0 || true)" 0 "no macvlan of x0 left"
traffic_flows

say "d2's namespace is deleted, its instances advertising and probes in flight"
ns_del d2
wait_for 30 is_state d1 52 MASTER
is_state d1 51 MASTER || fail "d1 lost VRID 51"
traffic_flows

say "a server flaps while d1's service is deleted under traffic"
n rs2 ip link set eth0 down
sleep 0.3
n d1 ipvsadm -D -t 10.0.0.100:80
n rs2 ip link set eth0 up
expect_eq "$(HA d1 -j check show | jq length)" 0 "no server left to probe"

say "the module is unloaded with d1's instances advertising"
kill "$CLIENT" 2>/dev/null
sleep 1
for _ in $(seq 100); do
	[ "$(cat /sys/module/havs/refcnt)" = 0 ] && break
	sleep 0.1
done
havs_unload
expect_eq "$(n d1 ip -o link show type macvlan | wc -l)" 0 "the module deleted its macvlans"
echo "ok: d1 left with $(n d1 ip -o link | wc -l) interfaces, none of havs"
