#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A client reaches the VIP through whichever director is master, and only
# the master answers for it, with the virtual MAC.
#
#      d1 (prio 200)          d2 (prio 100)          client
#      eth0 10.0.0.1          eth0 10.0.0.2          eth0 10.0.0.10
#       vr51.eth0 VIP          vr51.eth0 VIP
#          |                      |                     |
#          +----------------- br0 (netns lan) ----------+
#
# VIP 10.0.0.100, virtual MAC 00:00:5e:00:01:33.
. "$HAVS_TOP/tests/lib/netns.sh"

VMAC=00:00:5e:00:01:33
lan_create
lan_host d1 10.0.0.1
lan_host d2 10.0.0.2
lan_host client 10.0.0.10

havs_load
state() { n "$1" "$HAVSADM" -j vrrp show | json_get 0.state; }
is_state() { [ "$(state "$1")" = "$2" ]; }
stat() { n "$1" "$HAVSADM" -j vrrp show | json_get "0.stats.$2"; }
answers() { arp_answers client 10.0.0.10 10.0.0.100 "$@"; }
ping_vip() { n client ping -c 1 -W 1 10.0.0.100 > /dev/null; }

n d1 "$HAVSADM" vrrp add dev eth0 vrid 51 priority 200 interval 100ms address 10.0.0.100
n d2 "$HAVSADM" vrrp add dev eth0 vrid 51 priority 100 interval 100ms address 10.0.0.100
wait_for 30 is_state d1 MASTER
wait_for 30 is_state d2 BACKUP

say "only the master answers ARP for the VIP, with the virtual MAC"
expect_eq "$(answers)" "reply $VMAC 10.0.0.100" "ARP answers while d1 is master"
[ "$(stat d2 gated)" -ge 1 ] || fail "d2 did not gate the ARP request"
[ "$(stat d1 gated)" -ge 1 ] || fail "d1 did not gate the copy on its parent"
[ "$(stat d1 garp)" -ge 3 ] || fail "d1 sent $(stat d1 garp) gratuitous ARPs, expected 3"

say "the directors' own addresses are answered only from eth0, with the real MAC"
# The kernel answers ARP for any of its addresses on any interface: the
# macvlans would add a second reply with the virtual MAC.
own_arp_ok d1 10.0.0.1
own_arp_ok d2 10.0.0.2

say "garp_refresh_s: a steady master repeats its gratuitous ARP"
echo 1 > /sys/module/havs/parameters/garp_refresh_s
n d1 "$HAVSADM" vrrp del dev eth0 vrid 51	# refreshes start at a takeover
wait_for 15 is_state d2 MASTER
n d1 "$HAVSADM" vrrp add dev eth0 vrid 51 priority 200 interval 100ms address 10.0.0.100
wait_for 30 is_state d1 MASTER
refreshed() { [ "$(stat d1 garp)" -ge 5 ]; }
wait_for 15 refreshed
echo 0 > /sys/module/havs/parameters/garp_refresh_s

say "the client reaches the VIP, and its neighbour entry is the virtual MAC"
wait_for 15 ping_vip
expect_match "$(n client ip neigh show 10.0.0.100)" "lladdr $VMAC" "client's ARP entry"
n client ping -c 1 -W 1 10.0.0.1 > /dev/null || fail "the client cannot reach d1's own address"
expect_eq "$(n client ip neigh show 10.0.0.1 | awk '{print $5}')" \
	"$(n d1 cat /sys/class/net/eth0/address)" "d1's own address keeps its real MAC"

say "failover: d1's link goes down; d2 answers, the client keeps reaching the VIP"
n d1 ip link set eth0 down
wait_for 15 is_state d2 MASTER
expect_eq "$(answers)" "reply $VMAC 10.0.0.100" "ARP answers while d2 is master"
wait_for 15 ping_vip
expect_match "$(n client ip neigh show 10.0.0.100)" "lladdr $VMAC" "client's entry unchanged"

say "d1 returns and preempts; d2 stops answering"
n d1 ip link set eth0 up
wait_for 30 is_state d1 MASTER
wait_for 15 is_state d2 BACKUP
expect_eq "$(answers)" "reply $VMAC 10.0.0.100" "one answer again"
wait_for 15 ping_vip

say "a backup drops packets to the VIP that reach it anyway (sent to its real MAC)"
before=$(stat d2 gated)
n client ip neigh replace 10.0.0.100 lladdr "$(n d2 cat /sys/class/net/eth0/address)" dev eth0 nud permanent
n client ping -c 2 -W 1 10.0.0.100 > /dev/null 2>&1 || true
n client ip neigh del 10.0.0.100 dev eth0
[ "$(stat d2 gated)" -gt "$before" ] || fail "d2's gate did not count the packets"

n d1 "$HAVSADM" vrrp del dev eth0 vrid 51
n d2 "$HAVSADM" vrrp del dev eth0 vrid 51

say "accept mode off: the master answers ARP for the VIP but takes no packet to it"
n d1 "$HAVSADM" vrrp add dev eth0 vrid 51 priority 200 interval 100ms accept off address 10.0.0.100
wait_for 30 is_state d1 MASTER
expect_eq "$(n d1 "$HAVSADM" -j vrrp show | json_get 0.accept)" False "accept shown off"
expect_eq "$(answers)" "reply $VMAC 10.0.0.100" "ARP still answered"
before=$(stat d1 gated)
n client ping -c 2 -W 1 10.0.0.100 > /dev/null 2>&1 && fail "a non-owner master with accept off answered a ping"
[ "$(stat d1 gated)" -ge $((before + 2)) ] || fail "d1's gate did not count the pings"
n d1 "$HAVSADM" vrrp del dev eth0 vrid 51

say "the address owner (priority 255) takes packets even with accept off"
n d1 "$HAVSADM" vrrp add dev eth0 vrid 51 priority 255 interval 100ms accept off address 10.0.0.100
wait_for 30 is_state d1 MASTER
wait_for 15 ping_vip
n d1 "$HAVSADM" vrrp del dev eth0 vrid 51

say "an instance deleted by a bare netlink request takes its macvlan down"
n d1 "$HAVSADM" vrrp add dev eth0 vrid 51 priority 200 interval 100ms address 10.0.0.100
wait_for 30 is_state d1 MASTER
# VRRP_DEL (3) of HAVS_A_VRRP (nested 7): ifindex, VRID 51, AF_INET
ifx=$(printf '%08x' "$(n d1 cat /sys/class/net/eth0/ifindex)" | sed 's/\(..\)\(..\)\(..\)\(..\)/\4\3\2\1/')
expect_eq "$(n d1 python3 "$HAVS_TOP/tests/lib/genl.py" 3 "32775:08000100${ifx}05000200330000000600030002000000")" \
	ack "VRRP_DEL without havsadm"
expect_eq "$(n d1 cat /sys/class/net/vr51.eth0/operstate)" down "the macvlan is down"
n d1 ip link del vr51.eth0

say "unloading the module under a master deletes its macvlan: nothing answers for the VIP"
n d1 "$HAVSADM" vrrp add dev eth0 vrid 51 priority 200 interval 100ms address 10.0.0.100
wait_for 30 is_state d1 MASTER
wait_for 15 ping_vip
havs_unload
expect_eq "$(n d1 ip -o link show type macvlan | wc -l)" 0 "no macvlan left"
expect_eq "$(answers)" "" "no ARP answer for the VIP"
