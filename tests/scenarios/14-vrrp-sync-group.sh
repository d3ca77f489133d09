#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A sync group: the outside VIP and the inside gateway VIP are on the same
# director, always. A fault on one side moves both; losing an election on
# one side moves both, without flapping back; recovery brings both back.
#
#      d1 (prio 200)                 d2 (prio 100)            client
#      eth0 10.0.0.1 --- br0 ------- eth0 10.0.0.2 --------- eth0 10.0.0.10
#      eth1 10.1.0.1 --- br1 ------- eth1 10.1.0.2
#
#      group "lb": VRID 61 on eth0 (VIP 10.0.0.100), VRID 62 on eth1
#      (VIP 10.1.0.100); both of d1's instances track object "w" (weight
#      -150): in a sync group every member gets the same tracking.
. "$HAVS_TOP/tests/lib/netns.sh"

lan_create
n lan ip link add br1 type bridge
n lan ip link set br1 up
for h in d1:1 d2:2 client:10; do lan_host "${h%%:*}" "10.0.0.${h##*:}"; done
for h in d1:1 d2:2; do
	d=${h%%:*}
	ip link add eth1 netns "$NS_PREFIX-$d" type veth peer name "q-$d" netns "$NS_PREFIX-lan"
	n lan ip link set "q-$d" master br1 up
	n "$d" ip addr add "10.1.0.${h##*:}/24" dev eth1
	n "$d" ip link set eth1 up
done

havs_load
state() { n "$1" "$HAVSADM" -j vrrp show dev "$2" | json_get 0.state; }
both() {	# NAME STATE: both of NAME's instances are in STATE
	[ "$(state "$1" eth0)" = "$2" ] && [ "$(state "$1" eth1)" = "$2" ]
}
transitions() { n "$1" "$HAVSADM" -j vrrp show | jq '[.[].stats.transitions] | add'; }

n d1 "$HAVSADM" vrrp add dev eth0 vrid 61 priority 200 interval 100ms address 10.0.0.100 \
	sync-group lb track-object w weight -150
n d1 "$HAVSADM" vrrp add dev eth1 vrid 62 priority 200 interval 100ms address 10.1.0.100 \
	sync-group lb track-object w weight -150
n d2 "$HAVSADM" vrrp add dev eth0 vrid 61 priority 100 interval 100ms address 10.0.0.100 sync-group lb
n d2 "$HAVSADM" vrrp add dev eth1 vrid 62 priority 100 interval 100ms address 10.1.0.100 sync-group lb
wait_for 30 both d1 MASTER
wait_for 30 both d2 BACKUP
expect_eq "$(n d1 "$HAVSADM" -j vrrp show dev eth1 | json_get 0.sync_group)" lb "group shown"

say "d1's inside link fails: its outside instance follows into FAULT; d2 takes both"
dmesg_mark
n d1 ip link set eth1 down
wait_for 15 both d1 FAULT
wait_for 15 both d2 MASTER
expect_match "$(dmesg_new)" "vrrp eth0/61 v3 MASTER -> FAULT \\(a sync group member is in fault; prio 200\\)" \
	"the outside instance says why"
wait_for 15 n client ping -c 1 -W 1 10.0.0.100

say "the link returns: both recover, d1 preempts both back"
n d1 ip link set eth1 up
wait_for 30 both d1 MASTER
wait_for 15 both d2 BACKUP

say "d1's priority drops (tracking): d2 preempts, the group moves as one, and stays"
dmesg_mark
n d1 "$HAVSADM" track set w down
wait_for 15 both d2 MASTER
wait_for 15 both d1 BACKUP
before=$(transitions d1)
sleep 2	# no flapping meanwhile
expect_eq "$(transitions d1)" "$before" "no transition once moved"

say "the object recovers: d1 preempts both back"
n d1 "$HAVSADM" track set w up
wait_for 15 both d1 MASTER
wait_for 15 both d2 BACKUP

say "one-sided: d2 better on the inside only; nobody moves (all or nothing, as keepalived)"
n d2 "$HAVSADM" vrrp set dev eth1 vrid 62 priority 250
before=$(transitions d1)
sleep 2	# d2's inside (250) must not preempt while its outside is outranked
expect_eq "$(transitions d1)" "$before" "no preemption while a member is outranked"
both d1 MASTER || fail "d1 lost a member: $(n d1 "$HAVSADM" vrrp show)"
n d2 "$HAVSADM" vrrp set dev eth1 vrid 62 priority 100
wait_for 15 n client ping -c 1 -W 1 10.0.0.100

say "d1 loses the inside to an address owner: its outside steps down at once"
n d2 "$HAVSADM" vrrp del dev eth1 vrid 62
dmesg_mark
n d2 "$HAVSADM" vrrp add dev eth1 vrid 62 priority 255 interval 100ms address 10.1.0.100
wait_for 15 both d1 BACKUP
wait_for 15 both d2 MASTER
expect_match "$(dmesg_new)" "vrrp eth0/61 v3 MASTER -> BACKUP \\(a sync group member lost an election; prio 200\\)" \
	"the outside instance says why"
before=$(transitions d1)
sleep 2	# d1's outside (200) must not preempt d2's (100) while its inside is outranked
expect_eq "$(transitions d1)" "$before" "no preemption while a member is outranked"

say "the owner leaves: d1's inside takes over and pulls its outside along"
dmesg_mark
n d2 "$HAVSADM" vrrp del dev eth1 vrid 62
wait_for 15 both d1 MASTER
expect_match "$(dmesg_new)" "vrrp eth0/61 v3 BACKUP -> MASTER \\(a sync group member became master; prio 200\\)" \
	"the outside follows"
n d2 "$HAVSADM" vrrp add dev eth1 vrid 62 priority 100 interval 100ms address 10.1.0.100 sync-group lb
wait_for 15 both d2 BACKUP

say "leaving the group: the last member takes it along"
n d1 "$HAVSADM" vrrp del dev eth0 vrid 61
n d1 "$HAVSADM" vrrp del dev eth1 vrid 62
n d1 "$HAVSADM" track del w
n d2 "$HAVSADM" vrrp del dev eth0 vrid 61
n d2 "$HAVSADM" vrrp del dev eth1 vrid 62
havs_unload
