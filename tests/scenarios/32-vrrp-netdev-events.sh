#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What happens to the interfaces under VRRP instances, as the module's
# device notifier sees it:
#  - the master's link is taken down: it bows out with priority 0 while the
#    link can still send (NETDEV_GOING_DOWN), the backup takes over at once;
#  - the master's macvlan is given another MAC (NETDEV_CHANGEADDR): the
#    instance faults until the virtual MAC is set back;
#  - the backup's IPv6 is torn down and rebuilt by an MTU below 1280 and
#    back (NETDEV_CHANGEMTU): it joins ff02::12 again and keeps hearing the
#    master, no second master;
#  - a tracked interface moves to another namespace and a new interface
#    takes its ifindex: the track stays down, the newcomer is not followed.
#
#      d1 (prio 200)                  d2 (prio 100)
#      eth0 10.0.0.1, 2001:db8::1     eth0 10.0.0.2, 2001:db8::2
#      x0 (dummy, tracked -150)
#      VRID 61 (IPv4, VIP 10.0.0.100), VRID 62 (IPv6, VIP 2001:db8::100)
#          |                              |
#          +--------- br0 (netns lan) ----+
. "$HAVS_TOP/tests/lib/netns.sh"

lan_create
for h in d1:1 d2:2; do
	lan_host "${h%%:*}" "10.0.0.${h##*:}"
	n "${h%%:*}" sysctl -qw net.ipv6.conf.eth0.keep_addr_on_down=1
	n "${h%%:*}" ip -6 addr add "2001:db8::${h##*:}/64" dev eth0 nodad
done
n d1 ip link add x0 type dummy
n d1 ip link set x0 up
wait_for 30 ll_ready d1
wait_for 30 ll_ready d2

havs_load
show() { n "$1" "$HAVSADM" -j vrrp show dev eth0 vrid "$2" "${@:3}"; }
state() { show "$1" "$2" "${@:3}" | json_get 0.state; }
# both instances of NAME in STATE
both() { [ "$(state "$1" 61)" = "$2" ] && [ "$(state "$1" 62 family inet6)" = "$2" ]; }

for h in d1:200 d2:100; do
	n "${h%%:*}" "$HAVSADM" -b - <<EOF
vrrp add dev eth0 vrid 61 priority ${h##*:} interval 100ms address 10.0.0.100 $([ "${h%%:*}" = d1 ] && echo "track-dev x0 weight -150")
vrrp add dev eth0 vrid 62 priority ${h##*:} interval 100ms address fe80::62 address 2001:db8::100
EOF
done
wait_for 30 both d1 MASTER
wait_for 30 both d2 BACKUP

say "d1's eth0 goes down: priority 0 before the link closes, d2 takes over at once"
dmesg_mark
n d1 ip link set eth0 down
wait_for 15 both d2 MASTER
log=$(dmesg_new)
expect_match "$log" 'vrrp eth0/61 v3 BACKUP -> MASTER \(master sent priority 0; prio 100\)' \
	"IPv4: d2 took over on d1's priority 0, not on timeout"
expect_match "$log" 'vrrp eth0/62 v3 BACKUP -> MASTER \(master sent priority 0; prio 100\)' \
	"IPv6: d2 took over on d1's priority 0, not on timeout"
n d1 ip link set eth0 up
wait_for 30 ll_ready d1
wait_for 30 both d1 MASTER
wait_for 30 both d2 BACKUP

say "d1's macvlan gets another MAC: the instance faults until it is set back"
vdev=$(show d1 61 | json_get 0.vdev)
vmac=$(show d1 61 | json_get 0.vmac)
dmesg_mark
n d1 ip link set "$vdev" address 02:00:00:00:00:61
wait_for 15 eval '[ "$(state d1 61)" = FAULT ]'
wait_for 15 eval '[ "$(state d2 61)" = MASTER ]'
expect_match "$(dmesg_new)" "vrrp eth0/61: $vdev's address is 02:00:00:00:00:61, not the virtual MAC $vmac: fault until it is set back" \
	"the fault is logged with both addresses"
expect_eq "$(state d1 62 family inet6)" MASTER "the IPv6 instance on its own macvlan is untouched"
n d1 ip link set "$vdev" address "$vmac"
wait_for 15 eval '[ "$(state d1 61)" = MASTER ]'
wait_for 15 eval '[ "$(state d2 61)" = BACKUP ]'
expect_match "$(dmesg_new)" "vrrp eth0/61: $vdev has the virtual MAC again" "the recovery is logged"

say "d2's IPv6 is torn down (MTU 1200) and rebuilt (MTU 1500): it hears d1 again"
t62=$(show d2 62 family inet6 | json_get 0.stats.transitions)
n d2 ip link set eth0 mtu 1200
n d2 ip link set eth0 mtu 1500
n d2 ip -6 addr replace 2001:db8::2/64 dev eth0 nodad
wait_for 30 ll_ready d2
wait_for 30 eval '[ "$(state d2 62 family inet6)" = BACKUP ]'
# Ten advert intervals: a backup that no longer hears ff02::12 takes over
# after 3 intervals and a skew.
rx0=$(show d2 62 family inet6 | json_get 0.stats.adverts_received)
t0=${EPOCHREALTIME/./}
sleep 1
expect_eq "$(state d2 62 family inet6)" BACKUP "d2 is still backup of the IPv6 instance"
expect_eq "$(state d1 62 family inet6)" MASTER "d1 is still master of the IPv6 instance"
rx1=$(show d2 62 family inet6 | json_get 0.stats.adverts_received)
ms=$(( (${EPOCHREALTIME/./} - t0) / 1000 ))
# one advert per 100 ms; half of them is plenty under emulation
[ "$((rx1 - rx0))" -ge $((ms / 200)) ] ||
	fail "d2 heard $((rx1 - rx0)) adverts of d1 in $ms ms after the rebuild"
echo "ok: d2 heard $((rx1 - rx0)) adverts in $ms ms after the rebuild"
echo "# d2's IPv6 instance made $(( $(show d2 62 family inet6 | json_get 0.stats.transitions) - t62 )) transitions (fault while IPv6 was gone, back to backup)"

say "the tracked x0 moves to another namespace; a newcomer takes its ifindex"
idx=$(n d1 cat /sys/class/net/x0/ifindex)
dmesg_mark
n d1 ip link set x0 netns "$NS_PREFIX-lan"
wait_for 15 eval '[ "$(state d1 61)" = BACKUP ]'
expect_eq "$(show d1 61 | json_get 0.effective_priority)" 50 "the track counts as down (200 - 150)"
expect_match "$(dmesg_new)" "vrrp eth0/61: tracked interface $idx is gone: it counts as down until the instance is set up again" \
	"the loss is logged"
n d1 ip link add x9 index "$idx" type dummy
n d1 ip link set x9 up
expect_eq "$(n d1 cat /sys/class/net/x9/ifindex)" "$idx" "the newcomer has x0's ifindex"
sleep 0.5
expect_eq "$(show d1 61 | json_get 0.effective_priority)" 50 "the newcomer is not tracked in x0's place"
expect_eq "$(state d1 61)" BACKUP "d1 stays backup"

havs_unload
