#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Tracking: an interface with a weight, a named object that faults the
# instance (set from userspace with havsadm track), an object's lease
# running out when nothing renews it, and the objects' life.
#
#      d1 (prio 200)                      d2 (prio 100)         client
#      eth0 10.0.0.1                      eth0 10.0.0.2         eth0 10.0.0.10
#      up1 <-veth-> up1p (uplink, tracked weight -150)
#      object "web" (tracked, weight 0: fault while down)
#          |                                  |                     |
#          +----------------------- br0 (netns lan) ----------------+
#
# VRID 55, VIP 10.0.0.100.
. "$HAVS_TOP/tests/lib/netns.sh"

lan_create
for h in d1:1 d2:2 client:10; do lan_host "${h%%:*}" "10.0.0.${h##*:}"; done
n d1 ip link add up1 type veth peer name up1p
n d1 ip link set up1 up
n d1 ip link set up1p up

havs_load
show() { n "$1" "$HAVSADM" -j vrrp show dev eth0 vrid 55; }
field() { show "$1" | json_get "0.$2"; }
is_state() { [ "$(field "$1" state)" = "$2" ]; }
ping_vip() { n client ping -c 1 -W 1 10.0.0.100 > /dev/null; }

n d1 "$HAVSADM" vrrp add dev eth0 vrid 55 priority 200 interval 100ms address 10.0.0.100 \
	track-dev up1 weight -150 track-object web
n d2 "$HAVSADM" vrrp add dev eth0 vrid 55 priority 100 interval 100ms address 10.0.0.100
wait_for 30 is_state d1 MASTER
wait_for 30 is_state d2 BACKUP
expect_eq "$(field d1 tracks.0.interface)" up1 "tracked interface shown"
expect_eq "$(field d1 tracks.1.object)" web "tracked object shown"
expect_eq "$(n d1 "$HAVSADM" track show)" "web up instances 1" "the object was created, up"

say "the uplink loses carrier: d1's priority drops by 150, d2 preempts"
dmesg_mark
n d1 ip link set up1p down
wait_for 15 is_state d2 MASTER
wait_for 15 is_state d1 BACKUP
expect_eq "$(field d1 effective_priority)" 50 "d1's priority in effect"
expect_eq "$(field d1 tracks.0.up)" False "up1 shown down"
expect_match "$(dmesg_new)" "vrrp eth0/55: tracked interface up1 is down \\(weight applies\\)" "log line"
wait_for 15 ping_vip

say "the uplink returns: d1 preempts back"
n d1 ip link set up1p up
wait_for 15 is_state d1 MASTER
expect_eq "$(field d1 effective_priority)" 200 "priority restored"

say "userspace sets the object down: d1 faults and hands over at once"
dmesg_mark
n d1 "$HAVSADM" track set web down
wait_for 15 is_state d1 FAULT
wait_for 15 is_state d2 MASTER
expect_match "$(dmesg_new)" "vrrp eth0/55 v3 BACKUP -> MASTER \\(master sent priority 0; prio 100\\)" \
	"d2 took over on d1's priority 0"
expect_eq "$(n d1 "$HAVSADM" -j track show web | json_get 0.up)" False "object down"
wait_for 15 ping_vip
n d1 "$HAVSADM" track set web up
wait_for 15 is_state d1 MASTER

say "a lease: renewed, the object stays up; not renewed, it goes down by itself"
scratch_dir MON
ip netns exec "$NS_PREFIX-d1" "$HAVSADM" monitor track > "$MON/track" 2>&1 &
PIDS+=($!)
wait_for 10 nl_subscribed "$!"
dmesg_mark
# The lease is long next to a command's run time in a busy debug guest
# (seconds, when the host is loaded): only the gaps between sets must fit.
for _ in 1 2 3; do
	n d1 "$HAVSADM" track set web up lease 8s
	sleep 1	# the driver's cadence, well inside the lease
done
expect_eq "$(dmesg_new | grep -c 'ran out')" 0 "no lease ran out while it was renewed"
expect_match "$(printf 'track set web up lease 8s\ntrack show web\n' | n d1 "$HAVSADM" -b -)" \
	"^web up instances 1 lease 8000ms left [0-9]+ms$" "the lease and what is left of it are shown"
wait_for 30 is_state d1 FAULT
wait_for 15 is_state d2 MASTER
expect_eq "$(n d1 "$HAVSADM" track show)" "web down instances 1 (lease ran out)" \
	"the object went down when its lease ran out"
expect_match "$(dmesg_new)" \
	"tracked object web is down \\(its lease of 8000 ms ran out: nobody set it again; 1 instances follow it\\)" \
	"the kernel says why"
wait_for 5 grep -q "^track web -> DOWN (lease ran out)$" "$MON/track"
n d1 "$HAVSADM" track set web up
wait_for 15 is_state d1 MASTER
expect_eq "$(n d1 "$HAVSADM" track show)" "web up instances 1" "set without a lease: none runs"
expect_rc 2 "a lease under 100 ms" n d1 "$HAVSADM" track set web up lease 50ms
expect_match "$OUTPUT" 'lease "50ms": expected a duration from 100ms to 24h' "the refusal names the word"

say "an object in use cannot be deleted; once unused, it can"
expect_rc 1 "del of an object in use" n d1 "$HAVSADM" track del web
expect_match "$OUTPUT" "VRRP instances track this object" "the refusal says why"
n d1 "$HAVSADM" vrrp del dev eth0 vrid 55
expect_eq "$(n d1 "$HAVSADM" track show)" "web up instances 0" "set by the user: it stays"
n d1 "$HAVSADM" track del web
expect_eq "$(n d1 "$HAVSADM" track show)" "" "deleted"

say "an object only an instance named goes away with it"
n d1 "$HAVSADM" vrrp add dev eth0 vrid 55 priority 200 interval 100ms address 10.0.0.100 \
	track-object implicit weight -10
expect_eq "$(n d1 "$HAVSADM" track show)" "implicit up instances 1" "created by the instance"
n d1 "$HAVSADM" vrrp del dev eth0 vrid 55
expect_eq "$(n d1 "$HAVSADM" track show)" "" "gone with it"

say "bad input: refused, nothing created"
expect_rc 1 "tracking a missing interface" \
	n d1 "$HAVSADM" vrrp add dev eth0 vrid 55 address 10.0.0.100 track-dev nosuch0
expect_rc 2 "weight out of range" \
	n d1 "$HAVSADM" vrrp add dev eth0 vrid 55 address 10.0.0.100 track-dev up1 weight 300
expect_rc 2 "object name with a slash" n d1 "$HAVSADM" track set a/b down
n d1 ip link show vr55.eth0 > /dev/null 2>&1 && fail "a refused instance left its macvlan"
expect_eq "$(n d1 "$HAVSADM" -j vrrp show)" "[]" "no instance"
n d2 "$HAVSADM" vrrp del dev eth0 vrid 55

say "a namespace goes with leases running (its work is cancelled, not run)"
# Were the work left armed, it would run on the freed namespace state
# when the 2 s lease ends: KASAN on the debug kernel reports that.
printf 'track set orphan up lease 1h\ntrack set soon up lease 2s\n' | n d2 "$HAVSADM" -b -
ns_del d2
sleep 3	# past the short lease: the time a stray work item would need
havs_unload
