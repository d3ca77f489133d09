#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# VRRPv3 over IPv6: election, the client reaches the VIP through the master
# and its neighbour entry is the IPv6 virtual MAC, failover on link loss,
# preemption on return; an IPv4 and an IPv6 instance share a VRID.
#
#      d1 (prio 200)            d2 (prio 100)            client
#      eth0 2001:db8::1         eth0 2001:db8::2         eth0 2001:db8::10
#       vr52v6.eth0              vr52v6.eth0
#        fe80::52, 2001:db8::100 (VIPs)
#          |                        |                       |
#          +------------------- br0 (netns lan) ------------+
#
# Virtual MAC 00:00:5e:00:02:34 (VRID 52). Adverts go from each director's
# eth0 link-local address to ff02::12.
. "$HAVS_TOP/tests/lib/netns.sh"

VMAC=00:00:5e:00:02:34
VIP=2001:db8::100
lan_create
for h in d1:1 d2:2 client:10; do
	lan_host "${h%%:*}" "10.0.0.${h##*:}"
	# Keep the global address across the link flaps below (IPv6 drops
	# addresses on link down by default).
	n "${h%%:*}" sysctl -qw net.ipv6.conf.eth0.keep_addr_on_down=1
	n "${h%%:*}" ip -6 addr add "2001:db8::${h##*:}/64" dev eth0 nodad
done
# Adverts need each director's eth0 link-local address out of DAD.
wait_for 30 ll_ready d1
wait_for 30 ll_ready d2

havs_load
show() { n "$1" "$HAVSADM" -j vrrp show dev eth0 vrid 52 family inet6; }
state() { show "$1" | json_get 0.state; }
is_state() { [ "$(state "$1")" = "$2" ]; }
stat() { show "$1" | json_get "0.stats.$2"; }
ping_vip() { n client ping -6 -c 1 -W 1 "$VIP" > /dev/null; }
neigh_vmac() { n client ip -6 neigh show "$VIP" | grep -q "lladdr $VMAC"; }

add() {	# NAME PRIO
	n "$1" "$HAVSADM" vrrp add dev eth0 vrid 52 priority "$2" interval 100ms \
		address fe80::52 address "$VIP"
}
add d1 200
add d2 100
wait_for 30 is_state d1 MASTER
wait_for 30 is_state d2 BACKUP

say "the instance is IPv6, on its own macvlan with the IPv6 virtual MAC"
expect_eq "$(show d1 | json_get 0.family)" inet6 "family"
expect_eq "$(show d1 | json_get 0.vmac)" "$VMAC" "virtual MAC"
expect_eq "$(n d1 cat /sys/class/net/vr52v6.eth0/address)" "$VMAC" "macvlan address"
expect_eq "$(n d1 cat /proc/sys/net/ipv6/conf/vr52v6.eth0/addr_gen_mode)" 1 \
	"no automatic link-local on the macvlan"
d1_ll=$(n d1 ip -6 addr show dev eth0 scope link | awk '/inet6/ { sub("/.*", "", $2); print $2; exit }')
expect_eq "$(show d2 | json_get 0.master)" "$d1_ll" "d2 knows d1 by its link-local address"
[ "$(stat d1 garp)" -ge 3 ] || fail "d1 sent $(stat d1 garp) unsolicited NAs, expected 3"

say "an IPv6 instance's macvlan does not answer ARP for eth0's IPv4 address"
own_arp_ok d1 10.0.0.1
own_arp_ok d2 10.0.0.2

say "the client reaches the VIP through d1; its neighbour entry is the virtual MAC"
wait_for 15 ping_vip
wait_for 5 neigh_vmac
[ "$(stat d2 gated)" -ge 1 ] || fail "d2 did not gate the neighbour solicitation"

say "failover: d1's link goes down; d2 takes over, the client keeps reaching the VIP"
n d1 ip link set eth0 down
wait_for 15 is_state d2 MASTER
[ "$(stat d2 garp)" -ge 1 ] || fail "d2 sent no unsolicited NA"
wait_for 15 ping_vip
neigh_vmac || fail "client's entry is not the virtual MAC: $(n client ip -6 neigh show "$VIP")"

say "d1 returns and preempts, advertising while its link-local is in DAD"
dmesg_mark
n d1 ip link set eth0 up
wait_for 30 is_state d1 MASTER
wait_for 15 is_state d2 BACKUP
wait_for 15 ping_vip
dmesg_new | grep -q "cannot advertise" && fail "d1 could not advertise after the link came back"

say "an IPv4 instance shares VRID 52; 'del' needs the family then"
n d1 "$HAVSADM" vrrp add dev eth0 vrid 52 priority 200 interval 100ms address 10.0.0.100
expect_eq "$(n d1 "$HAVSADM" -j vrrp show dev eth0 vrid 52 | python3 -c \
	'import json,sys; print(sorted(i["family"] for i in json.load(sys.stdin)))')" \
	"['inet', 'inet6']" "both instances listed"
expect_rc 2 "del without the family is ambiguous" n d1 "$HAVSADM" vrrp del dev eth0 vrid 52
expect_match "$OUTPUT" "family inet' or 'family inet6" "the refusal says what to add"
n d1 "$HAVSADM" vrrp del dev eth0 vrid 52 family inet
expect_eq "$(state d1)" MASTER "the IPv6 instance is untouched"

say "bad input: refused with a message, nothing created"
expect_rc 2 "first IPv6 address not link-local" \
	n d1 "$HAVSADM" vrrp add dev eth0 vrid 53 address 2001:db8::53
expect_match "$OUTPUT" "must be link-local" "message"
expect_rc 2 "families mixed" \
	n d1 "$HAVSADM" vrrp add dev eth0 vrid 53 address fe80::53 address 10.0.0.53
expect_rc 2 "VRRPv2 over IPv6" \
	n d1 "$HAVSADM" vrrp add dev eth0 vrid 53 version 2 address fe80::53
n d1 ip link show vr53v6.eth0 > /dev/null 2>&1 && fail "a refused instance left its macvlan"

say "deleting an instance removes its macvlan"
n d1 "$HAVSADM" vrrp del dev eth0 vrid 52
n d2 "$HAVSADM" vrrp del dev eth0 vrid 52
n d1 ip link show vr52v6.eth0 > /dev/null 2>&1 && fail "vr52v6.eth0 left behind on d1"
n d2 ip link show vr52v6.eth0 > /dev/null 2>&1 && fail "vr52v6.eth0 left behind on d2"
havs_unload
