#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Unicast VRRP with a source filter: d1 and d2 advertise to each other only
# (no multicast group joined); adverts from anyone else, here a third
# host d3 sending to d1 with a higher priority, are dropped and counted.
#
#      d1 (prio 200)        d2 (prio 100)        d3 (prio 254)       client
#      eth0 10.0.0.1        eth0 10.0.0.2        eth0 10.0.0.3       eth0 10.0.0.10
#      peer 10.0.0.2        peer 10.0.0.1        sends to 10.0.0.1
#          |                    |                    |                  |
#          +--------------------------- br0 (netns lan) ----------------+
#
# VRID 53, VIP 10.0.0.100. d3 runs no instance (it would fight over the
# virtual MAC): it sends valid VRID 53 adverts to d1 from a raw socket.
. "$HAVS_TOP/tests/lib/netns.sh"

lan_create
for h in d1:1 d2:2 d3:3 client:10; do lan_host "${h%%:*}" "10.0.0.${h##*:}"; done

havs_load
show() { n "$1" "$HAVSADM" -j vrrp show dev eth0 vrid 53; }
state() { show "$1" | json_get 0.state; }
is_state() { [ "$(state "$1")" = "$2" ]; }
stat() { show "$1" | json_get "0.stats.$2"; }
ping_vip() { n client ping -c 1 -W 1 10.0.0.100 > /dev/null; }

n d1 "$HAVSADM" vrrp add dev eth0 vrid 53 priority 200 interval 100ms address 10.0.0.100 peer 10.0.0.2
n d2 "$HAVSADM" vrrp add dev eth0 vrid 53 priority 100 interval 100ms address 10.0.0.100 peer 10.0.0.1
wait_for 30 is_state d1 MASTER
wait_for 30 is_state d2 BACKUP

say "the peers are shown; no multicast group is joined"
expect_eq "$(show d1 | json_get 0.peers.0)" 10.0.0.2 "d1's peer"
expect_match "$(n d1 "$HAVSADM" vrrp show)" "unicast peers 10.0.0.2" "text output names the peers"
n d1 ip maddr show dev eth0 | grep -q 224.0.0.18 && fail "d1 joined 224.0.0.18 in unicast mode"
rx_ok() { [ "$(stat d2 adverts_received)" -ge 5 ]; }
wait_for 15 rx_ok
expect_eq "$(show d2 | json_get 0.master)" 10.0.0.1 "d2 hears d1"
# Unicast adverts go to the peer's real MAC: had d1 learned 10.0.0.2 at the
# virtual MAC (its own, as master), they would never reach d2.
expect_match "$(n d1 ip neigh show 10.0.0.2)" \
	"lladdr $(n d2 cat /sys/class/net/eth0/address)" "d1's entry for its peer"
own_arp_ok d2 10.0.0.2

say "an advert from a host that is not a peer is dropped, whatever its priority"
# A valid VRRPv3 advert for VRID 53, priority 254, from d3, sent to d1.
n d3 python3 - <<'PY'
import socket, struct
def csum(b):
    if len(b) % 2: b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16: s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff
src, dst = socket.inet_aton("10.0.0.3"), socket.inet_aton("10.0.0.1")
body = bytes([0x31, 53, 254, 1]) + struct.pack("!H", 10) + b"\0\0" + socket.inet_aton("10.0.0.100")
c = csum(src + dst + struct.pack("!BBH", 0, 112, len(body)) + body)
body = body[:6] + struct.pack("!H", c) + body[8:]
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, 112)
s.setsockopt(socket.IPPROTO_IP, socket.IP_TTL, 255)
for _ in range(5):
    s.sendto(body, ("10.0.0.1", 0))
PY
dropped() { [ "$(stat d1 peer)" -ge 5 ]; }
wait_for 10 dropped
expect_eq "$(state d1)" MASTER "d1 ignored the non-peer's priority 254"
expect_eq "$(stat d1 checksum)" 0 "the injected adverts were otherwise valid"

say "failover and return over unicast; the client follows"
wait_for 15 ping_vip
n d1 ip link set eth0 down
wait_for 15 is_state d2 MASTER
wait_for 15 ping_vip
n d1 ip link set eth0 up
wait_for 30 is_state d1 MASTER
wait_for 15 is_state d2 BACKUP
wait_for 15 ping_vip

say "deleting the master hands over with priority 0, by unicast"
dmesg_mark
n d1 "$HAVSADM" vrrp del dev eth0 vrid 53
wait_for 15 is_state d2 MASTER
expect_match "$(dmesg_new)" "vrrp eth0/53 v3 BACKUP -> MASTER \\(master sent priority 0; prio 100\\)" \
	"d2 took over on d1's priority 0"
n d2 "$HAVSADM" vrrp del dev eth0 vrid 53
havs_unload
