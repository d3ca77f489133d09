#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Two directors elect a master for VRID 51, hand over, preempt, and fail
# over on link loss: all in the kernel, from adverts and hrtimers. A
# master whose namespace is deleted still says goodbye (priority 0).
#
#      d1 (prio 200)          d2 (prio 100)
#      eth0 10.0.0.1          eth0 10.0.0.2
#       vr51.eth0 VIP          vr51.eth0 VIP      VIP 10.0.0.100
#          |                      |
#          +--------- br0 --------+               (netns "lan")
#
. "$HAVS_TOP/tests/lib/netns.sh"

lan_create
lan_host d1 10.0.0.1
lan_host d2 10.0.0.2

havs_load
state() { n "$1" "$HAVSADM" -j vrrp show | json_get 0.state; }
is_state() { [ "$(state "$1")" = "$2" ]; }
add() { n "$1" "$HAVSADM" vrrp add dev eth0 vrid 51 interval 100ms address 10.0.0.100 "${@:2}"; }

say "election: the higher priority wins"
add d1 priority 200
add d2 priority 100
wait_for 30 is_state d1 MASTER
wait_for 30 is_state d2 BACKUP
expect_match "$(dmesg_new)" 'havs: vrrp eth0/51 v3 BACKUP -> MASTER \(master down timer expired; prio 200\)' \
	"d1's transition in dmesg"
json=$(n d2 "$HAVSADM" -j vrrp show)
expect_eq "$(echo "$json" | json_get 0.master)" 10.0.0.1 "d2 knows its master"
expect_eq "$(echo "$json" | json_get 0.vdev)" vr51.eth0 "macvlan name"
received() { [ "$(n d2 "$HAVSADM" -j vrrp show | json_get 0.stats.adverts_received)" -ge "$1" ]; }
wait_for 15 received 5
expect_eq "$(n d1 ip -br link show vr51.eth0 | awk '{print $3}')" 00:00:5e:00:01:33 "virtual MAC"
expect_match "$(n d1 ip -4 -o addr show dev vr51.eth0)" 'inet 10.0.0.100/32' "VIP on the macvlan"
n d1 "$HAVSADM" vrrp show
n d2 "$HAVSADM" vrrp show

say "handover: deleting the master sends priority 0, the backup takes over at once"
dmesg_mark
n d1 "$HAVSADM" vrrp del dev eth0 vrid 51
wait_for 10 is_state d2 MASTER
expect_match "$(dmesg_new)" 'vrrp eth0/51 v3 BACKUP -> MASTER \(master sent priority 0; prio 100\)' "d2 took over on priority 0"
! n d1 ip link show vr51.eth0 > /dev/null 2>&1 || fail "the macvlan outlived its instance"
expect_eq "$(n d1 "$HAVSADM" -j vrrp show)" "[]" "no instance left on d1"

say "preemption: d1 comes back with the higher priority and takes over"
dmesg_mark
add d1 priority 200
wait_for 30 is_state d1 MASTER
wait_for 15 is_state d2 BACKUP
expect_match "$(dmesg_new)" 'vrrp eth0/51 v3 MASTER -> BACKUP \(advert with higher priority; prio 100\)' "d2 yielded"

say "failover: d1 loses its link (carrier: the cable is pulled), d2 takes over after Master_Down_Interval"
dmesg_mark
n lan ip link set p-d1 down
wait_for 15 is_state d1 FAULT
wait_for 15 is_state d2 MASTER
expect_match "$(dmesg_new)" 'vrrp eth0/51 v3 BACKUP -> MASTER \(master down timer expired; prio 100\)' "d2 took over on timeout"
n lan ip link set p-d1 up
wait_for 30 is_state d1 MASTER
wait_for 15 is_state d2 BACKUP

say "vrrp set: d2's priority raised in place; it preempts, with no transition of its own"
dmesg_mark
n d2 "$HAVSADM" vrrp set dev eth0 vrid 51 priority 250
wait_for 15 is_state d2 MASTER
wait_for 15 is_state d1 BACKUP
expect_eq "$(n d2 "$HAVSADM" -j vrrp show | json_get 0.priority)" 250 "configured priority changed"
expect_match "$(dmesg_new)" 'vrrp eth0/51: configured priority 100 -> 250' "logged"
n d2 "$HAVSADM" vrrp set dev eth0 vrid 51 priority 100 interval 200ms
wait_for 30 is_state d1 MASTER
expect_eq "$(n d2 "$HAVSADM" -j vrrp show | json_get 0.interval_ms)" 200 "interval changed"
expect_rc 2 "set refuses what it cannot change" n d2 "$HAVSADM" vrrp set dev eth0 vrid 51 address 10.0.0.9
expect_rc 2 "set with nothing to change" n d2 "$HAVSADM" vrrp set dev eth0 vrid 51
expect_rc 1 "set of a missing instance" n d2 "$HAVSADM" vrrp set dev eth0 vrid 99 priority 9

say "bad input changes nothing"
expect_rc 1 "duplicate VRID" add d1 priority 150 name vr51b
expect_match "$OUTPUT" 'VRID 51 already runs on eth0' "duplicate message"
! n d1 ip link show vr51b > /dev/null 2>&1 || fail "a refused add left its macvlan behind"
expect_rc 2 "priority 0" add d2 priority 0
expect_rc 2 "interval 0" n d2 "$HAVSADM" vrrp add dev eth0 vrid 52 interval 0ms address 10.0.0.101
expect_rc 1 "unknown interface" n d2 "$HAVSADM" vrrp add dev nope vrid 52 address 10.0.0.101

say "the master's namespace is deleted: it bows out with priority 0, the backup takes over at once"
wait_for 15 is_state d1 MASTER
dmesg_mark
ns_del d1
wait_for 15 is_state d2 MASTER
wait_for 15 eval 'dmesg_new | grep -q "vrrp eth0/51 deleted"'
expect_match "$(dmesg_new)" 'vrrp eth0/51 v3 BACKUP -> MASTER \(master sent priority 0; prio 100\)' \
	"d2 took over on priority 0, not on timeout"

say "cleanup: deleting the namespace's instances leaves no interface behind"
n d2 "$HAVSADM" vrrp del dev eth0 vrid 51
[ "$(n d2 ip -o link show | grep -c vr51)" = 0 ] || fail "d2 kept a macvlan"
havs_unload
