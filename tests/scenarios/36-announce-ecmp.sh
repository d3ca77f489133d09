#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# flavors: stock
#
# Active-active directors behind an ECMP router: each director holds the
# VIP on an announcement (a device of kind havs) and a routing daemon of
# its own announces it over BGP, FRR's bgpd on d1, BIRD 2 on d2. The
# router (FRR, maximum-paths, fib_multipath_hash_policy 1) has one
# nexthop per director that should get traffic: a director's tracked
# object going down withdraws its nexthop (its links stay up, its BGP
# session too), a drain withdraws it, up or undrain brings it back, each
# change is an event havsadm monitor decodes. Long-lived connections from
# a client through the router, forwarded by the directors (havs_mh, DR)
# to real servers with the VIP on lo, survive their director's
# withdrawal. Bad requests are refused with their reason; show config
# round-trips; unloading the module withdraws the rest.
#
#   client 10.0.2.10
#      |
#   r (zebra + bgpd, AS 65000) eth1 10.0.2.1, eth0 10.0.1.1
#      |
#   ---+----------- br0 (netns lan) 10.0.1.0/24 -------------+---------+
#      |                              |                      |         |
#   d1 10.0.1.11 (FRR, AS 65001)   d2 10.0.1.12 (BIRD, 65002)  rs1 .21   rs2 .22
#   vip0 (havs) 10.0.0.100         vip0 (havs) 10.0.0.100     lo: 10.0.0.100
#   IPVS tcp 10.0.0.100:80 havs_mh, DR to rs1, rs2 (both directors)
#
# BGP keepalive 3 s, hold 9 s, connect retry 1 s: only the first session
# waits on timers; withdrawals and announcements are updates, sent at once.
# The hold time has room for a guest descheduled by its neighbours (with
# 3 s, a loaded CI machine once reset a session, and the test, which
# requires every session to stay up, failed).
. "$HAVS_TOP/tests/lib/netns.sh"

say "topology"
VIP=10.0.0.100
# nx NAME CMD...: CMD in namespace NAME's network namespace alone: none
# of these reads /sys, and ip netns exec's private mount of it costs up to
# a second a call in a busy guest. bg: the same in the background, killed
# at the end (nsenter execs CMD: $! is CMD's own PID).
nx() { nsenter --net="/run/netns/$NS_PREFIX-$1" "${@:2}"; }
bg() {
	nx "$@" &
	PIDS+=($!)
}
lan_create
lan_host r 10.0.1.1
lan_host d1 10.0.1.11
lan_host d2 10.0.1.12
server_host rs1 10.0.1.21 br0 10.0.1.1
server_host rs2 10.0.1.22 br0 10.0.1.1
ns_add client
ip link add eth0 netns "$NS_PREFIX-client" type veth peer name eth1 \
	netns "$NS_PREFIX-r"
n r ip addr add 10.0.2.1/24 dev eth1
n r ip link set eth1 up
n client ip addr add 10.0.2.10/24 dev eth0
n client ip link set eth0 up
n client ip route add default via 10.0.2.1
nx r sysctl -qw net.ipv4.ip_forward=1
# The debug kernel has no multipath routes (CONFIG_IP_ROUTE_MULTIPATH):
# there the nexthops are read from the router's BGP table instead, and
# how connections spread is not checked (run by hand, see docs/testing.md).
MULTIPATH=yes MAXPATHS=8
[ -e /proc/sys/net/ipv4/fib_multipath_hash_policy ] || MULTIPATH= MAXPATHS=1
[ -z "$MULTIPATH" ] || nx r sysctl -qw net.ipv4.fib_multipath_hash_policy=1
scratch_dir W
chmod 777 "$W"
scenario_cleanup() {
	[ -z "${FAIL_MSG:-}" ] && return
	tail -n 5 "$W"/*.out "$W/d2-bird.log" "$W/events" 2>/dev/null | cut -c 1-160
}

# Real servers: the VIP on lo, never answered for on the wire (DR).
for s in rs1 rs2; do
	nx $s sysctl -qw net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2
	n $s ip addr add $VIP/32 dev lo
	# on every address: the directors' probes come to 10.0.1.2x:80
	bg $s socat TCP-LISTEN:80,fork,reuseaddr EXEC:cat
done

say "routing daemons"
zebra_conf() {
	printf 'hostname %s\nlog file %s/%s-zebra.log\ninterface vip0\n link-detect\n' \
		"$1" "$W" "$1"
}
zebra_conf r > "$W/r-zebra.conf"
cat > "$W/r-bgpd.conf" <<EOF
hostname r
log file $W/r-bgpd.log
router bgp 65000
 bgp router-id 10.0.1.1
 no bgp ebgp-requires-policy
 bgp bestpath as-path multipath-relax
 bgp log-neighbor-changes
 neighbor 10.0.1.11 remote-as 65001
 neighbor 10.0.1.12 remote-as 65002
 neighbor 10.0.1.11 timers 3 9
 neighbor 10.0.1.12 timers 3 9
 neighbor 10.0.1.11 timers connect 1
 neighbor 10.0.1.12 timers connect 1
 address-family ipv4 unicast
  maximum-paths $MAXPATHS
 exit-address-family
EOF
zebra_conf d1 > "$W/d1-zebra.conf"
cat > "$W/d1-bgpd.conf" <<EOF
hostname d1
log file $W/d1-bgpd.log
ip prefix-list VIPS seq 5 permit 10.0.0.0/24 le 32
route-map VIPS permit 10
 match ip address prefix-list VIPS
 set origin igp
router bgp 65001
 bgp router-id 10.0.1.11
 no bgp ebgp-requires-policy
 neighbor 10.0.1.1 remote-as 65000
 neighbor 10.0.1.1 timers 3 9
 neighbor 10.0.1.1 timers connect 1
 address-family ipv4 unicast
  redistribute connected route-map VIPS
 exit-address-family
EOF
cat > "$W/d2-bird.conf" <<EOF
router id 10.0.1.12;
log "$W/d2-bird.log" all;
protocol device { scan time 10; }
protocol direct { ipv4; interface "vip0"; check link yes; }
protocol bgp r {
	local 10.0.1.12 as 65002;
	neighbor 10.0.1.1 as 65000;
	hold time 9; keepalive time 3; connect retry time 1;
	ipv4 { import none; export where source = RTS_DEVICE; };
}
EOF
# FRR drops to its user, which must reach the sockets; frrvty is its group.
for d in r d1; do
	mkdir -m 777 "$W/$d-vty"
	bg $d /usr/lib/frr/zebra -f "$W/$d-zebra.conf" -i "$W/$d-zebra.pid" \
		-z "$W/$d-zserv.api" --vty_socket "$W/$d-vty" -u frr -g frr -P 0 \
		> "$W/$d-zebra.out" 2>&1
done
for d in r d1; do
	wait_for 60 test -S "$W/$d-zserv.api"
	bg $d /usr/lib/frr/bgpd -f "$W/$d-bgpd.conf" -i "$W/$d-bgpd.pid" \
		-z "$W/$d-zserv.api" --vty_socket "$W/$d-vty" -u frr -g frr -P 0 \
		> "$W/$d-bgpd.out" 2>&1
done
bg d2 bird -f -c "$W/d2-bird.conf" -s "$W/d2-bird.ctl" -P "$W/d2-bird.pid" \
	> "$W/d2-bird.out" 2>&1

havs_load
say "announcements"
for d in d1 d2; do
	# the VIP is on vip0: eth0 must not answer ARP for it
	nx $d sysctl -qw net.ipv4.conf.all.arp_ignore=1
	n $d "$HAVSADM" -b - <<-EOF
	track set web up
	announce add dev vip0 address $VIP track-object web
	EOF
done
# The same servers in the same order: havs_mh picks the same server for a
# flow on either director, and with sloppy_tcp a director takes over a
# connection from its next packet.
for d in d1 d2; do
	printf -- '-A -t %s:80 -s havs_mh\n-a -t %s:80 -r 10.0.1.21:80 -g\n-a -t %s:80 -r 10.0.1.22:80 -g\n' \
		$VIP $VIP $VIP | nx $d ipvsadm -R
	nx $d sysctl -qw net.ipv4.vs.sloppy_tcp=1
done
expect_eq "$(n d1 "$HAVSADM" -j announce show | jq -c '.[0] | [.dev, .announced, .addresses, .tracks[0].up]')" \
	"[\"vip0\",true,[\"$VIP\"],true]" "d1's announcement"
expect_eq "$(n d1 ip -j link show vip0 | jq -r '.[0].operstate')" UP "d1 vip0 operstate"

# Events of d1, decoded by one monitor until the config part.
"$HAVSADM" -n "$NS_PREFIX-d1" -j monitor announce > "$W/events" &
MON=$!
PIDS+=($MON)
wait_for 10 nl_subscribed $MON

# the router's nexthops for the VIP: "10.0.1.11 10.0.1.12" (one process
# a poll: the guest is busy enough with three routing daemons)
hops() {
	local out h=
	if [ -z "$MULTIPATH" ]; then
		nx r vtysh --vty_socket "$W/r-vty" -c "show ip bgp $VIP/32 json" |
			jq -r '[.paths[]? | select(.valid) | .nexthops[0].ip] | sort | join(" ")'
		return
	fi
	out=$(ip -n "$NS_PREFIX-r" route show $VIP)
	[[ $out != *"via 10.0.1.11 "* ]] || h=10.0.1.11
	[[ $out != *"via 10.0.1.12 "* ]] || h="${h:+$h }10.0.1.12"
	echo "$h"
}
has_hops() { [ "$(hops)" = "$1" ]; }
# wait_hops WANT WHAT: the router's nexthops become WANT (how long it took)
wait_hops() {
	local t0=${EPOCHREALTIME/./}
	wait_for 60 has_hops "$1"
	echo "ok: $2: nexthops '$1' after $(( (${EPOCHREALTIME/./} - t0) / 1000 )) ms"
}
wait_hops "10.0.1.11 10.0.1.12" "both directors announce (FRR and BIRD)"

# Long-lived connections: 16 from the client, through the router's ECMP
# (their ports spread them over the directors), echoed by the servers.
cat > "$W/conns.py" <<'EOF'
import socket, sys, time
conns = []
for i in range(16):
    s = socket.create_connection((sys.argv[1], 80), timeout=5)
    conns.append(s)
rounds = 0
while True:
    for i, s in enumerate(conns):
        msg = b"c%d r%d\n" % (i, rounds)
        s.sendall(msg)
        got = b""
        while len(got) < len(msg):
            part = s.recv(64)
            if not part:
                raise SystemExit("connection %d closed" % i)
            got += part
        if got != msg:
            raise SystemExit("connection %d: %r" % (i, got))
    rounds += 1
    with open(sys.argv[2] + ".tmp", "w") as f:
        f.write("%d\n" % rounds)
    import os
    os.replace(sys.argv[2] + ".tmp", sys.argv[2])
    time.sleep(0.1)
EOF
bg client python3 "$W/conns.py" $VIP "$W/rounds" 2> "$W/conns.err"
CONNS=$!
rounds() {
	local r=0
	read -r r < "$W/rounds" 2>/dev/null || true
	echo "${r:-0}"
}
rounds_past() { [ "$(rounds)" -ge "$1" ]; }
wait_for 30 rounds_past 3
d1_conns=$(nx d1 ipvsadm -Lnc | grep -c ESTABLISHED || true)
d2_conns=$(nx d2 ipvsadm -Lnc | grep -c ESTABLISHED || true)
if [ -n "$MULTIPATH" ]; then
	[ "$d1_conns" -gt 0 ] && [ "$d2_conns" -gt 0 ] ||
		fail "the connections did not spread over both directors (d1 $d1_conns, d2 $d2_conns)"
	echo "ok: connections through d1: $d1_conns, through d2: $d2_conns"
else
	echo "# not checked (no multipath routes in this kernel): connections through d1: $d1_conns, through d2: $d2_conns"
fi

say "a tracked object goes down"
sessions() { grep -c 'ADJCHANGE.* Up' "$W/r-bgpd.log" || true; }
links_before=$(n d1 ip -j link show eth0 | jq -r '.[0].operstate')
n d1 "$HAVSADM" track set web down
wait_hops "10.0.1.12" "d1's object down: d1 withdrawn"
expect_eq "$(n d1 ip -j link show eth0 | jq -r '.[0].operstate')" "$links_before" "d1 eth0 unchanged"
expect_eq "$(n d1 ip -j link show vip0 | jq -r '.[0].operstate')" DOWN "d1 vip0 operstate (no carrier)"
expect_eq "$(n d1 "$HAVSADM" -j announce show | jq -c '.[0] | [.announced, .reason, .cause]')" \
	'[false,"track-down","web"]' "d1 says why"
r=$(rounds)
wait_for 20 rounds_past $((r + 3))
kill -0 $CONNS 2>/dev/null || fail "connections broke: $(cat "$W/conns.err")"
echo "ok: the 16 connections still echo after d1's withdrawal ($(rounds) rounds)"
n d1 "$HAVSADM" track set web up
wait_hops "10.0.1.11 10.0.1.12" "d1's object up: d1 back"

say "drain"
n d2 "$HAVSADM" announce set dev vip0 drain on
wait_hops "10.0.1.11" "d2 drained (BIRD withdraws)"
r=$(rounds)
wait_for 20 rounds_past $((r + 3))
kill -0 $CONNS 2>/dev/null || fail "connections broke: $(cat "$W/conns.err")"
echo "ok: the 16 connections still echo after d2's withdrawal ($(rounds) rounds)"
n d2 "$HAVSADM" -b - <<EOF
track set web down
announce set dev vip0 drain off
EOF
# the reason is the last change's: the object's going down changed nothing
expect_eq "$(n d2 "$HAVSADM" -j announce show | jq -c '.[0] | [.announced, .drain, .reason, .tracks[0].up]')" \
	'[false,false,"drain",false]' "d2 undrained with its object down stays withdrawn"
n d2 "$HAVSADM" track set web up
wait_hops "10.0.1.11 10.0.1.12" "d2 back"
established=$(sessions)
expect_eq "$established" 2 "BGP sessions established, once each"


say "events"
kill $MON
wait $MON 2>/dev/null || true
jq -e . "$W/events" > /dev/null || fail "monitor -j printed invalid JSON: $(head -c 300 "$W/events")"
expect_eq "$(jq -r '.announcement | "\(.announced) \(.reason) \(.cause // "-")"' "$W/events" | xargs)" \
	"false track-down web true track-up web" "d1's events"
expect_match "$(dmesg | grep 'havs: announce vip0' | tail -n 6)" \
	"announce vip0: withdrawn \(drained\)" "the kernel logs why"

say "refusals"
expect_rc 1 "an interface of another kind" n d1 "$HAVSADM" announce add dev eth0 track-object web
expect_match "$OUTPUT" "not of kind havs" "the refusal says why"
expect_rc 1 "an object that does not exist" n d1 "$HAVSADM" announce add dev vip1 address 10.0.0.101 track-object nosuch
expect_match "$OUTPUT" "no such tracked object" "the refusal says why"
n d1 ip link show vip1 > /dev/null 2>&1 && fail "a refused add left its device vip1"
expect_rc 1 "a VIP another announcement holds" n d1 "$HAVSADM" announce add dev vip1 address $VIP track-object web
expect_match "$OUTPUT" "another announcement of this namespace holds the address" "the refusal says why"
n d1 ip link add vip2 type havs
expect_rc 1 "set on a device that is no announcement" n d1 "$HAVSADM" announce set dev vip2 drain on
expect_match "$OUTPUT" "no announcement" "the refusal says why"
expect_rc 1 "a missing device" n d1 "$HAVSADM" announce set dev nosuch drain on
expect_match "$OUTPUT" "nosuch.*no such interface" "the refusal names the device"
expect_rc 2 "a bad drain word" n d1 "$HAVSADM" announce set dev vip0 drain maybe
expect_match "$OUTPUT" 'drain "maybe"' "the refusal names the word"
expect_rc 1 "track del of an object an announcement uses" n d1 "$HAVSADM" track del web
expect_match "$OUTPUT" "announcements do" "the refusal says why"
expect_rc 2 "moving the device to another namespace" n d1 ip link set vip2 netns "$NS_PREFIX-d2"
echo 1 > /sys/module/havs/parameters/max_announce
expect_rc 2 "a device beyond max_announce" n d1 ip link add vip3 type havs
expect_match "$OUTPUT" "max_announce" "the refusal names the parameter"
echo 256 > /sys/module/havs/parameters/max_announce
n d1 ip link del vip2

say "config"
n d1 "$HAVSADM" show config > "$W/d1.conf"
expect_match "$(cat "$W/d1.conf")" "^announce dev vip0 address $VIP track-object web$" "show config"
expect_eq "$(n d1 "$HAVSADM" diff -f "$W/d1.conf")" "" "the shown config applied changes nothing"
sed -i 's/^announce dev vip0 .*/& drain on/' "$W/d1.conf"
expect_eq "$(n d1 "$HAVSADM" diff -f "$W/d1.conf")" \
	"announce set dev vip0 address $VIP track-object web drain on" "diff of a drain"
n d1 "$HAVSADM" apply -f "$W/d1.conf"
wait_hops "10.0.1.12" "apply drains d1"
expect_match "$(n d1 "$HAVSADM" stats --prometheus | grep '^havs_announce')" \
	'havs_announce_up\{dev="vip0"\} 0' "metrics"
sed -i 's/ drain on$//' "$W/d1.conf"
n d1 "$HAVSADM" apply -f "$W/d1.conf"
wait_hops "10.0.1.11 10.0.1.12" "apply undrains d1"
n d1 "$HAVSADM" announce del dev vip0
wait_hops "10.0.1.12" "announce del withdraws d1"
n d1 ip link show vip0 > /dev/null 2>&1 && fail "announce del left vip0"
expect_eq "$(sessions)" "$established" \
	"no BGP session was re-established meanwhile"

say "namespace exit"
# a namespace deleted with its announcement: the device goes with the
# namespace, its objects after it (havs_unload counts the states)
ns_add x
n x "$HAVSADM" -b - <<EOF
track set t up
announce add dev vip0 address 10.9.9.9 track-object t
EOF
expect_eq "$(n x "$HAVSADM" -j announce show | jq -c '[.[].announced]')" '[true]' "x announces"
ns_del x

say "unload"
kill $CONNS 2>/dev/null || true
for d in d1 d2; do nx $d ipvsadm -C; done
havs_unload
wait_hops "" "the module unloaded: no director announces"
n d2 ip link show vip0 > /dev/null 2>&1 && fail "vip0 outlived the module"
say "done"
