#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# UDP probes: a server that answers the payload is up; one whose port is
# closed (ICMP port unreachable) is down at once; one that swallows the
# datagram is down when the timeout passes.
#
#   d1 eth1 10.1.0.1 -- br1 (lan) -- rs1 10.1.0.2:53  (socat: echo, or discard, or nothing)
#   service udp 10.0.0.100:53, havs_rr, check type udp payload "ping"
. "$HAVS_TOP/tests/lib/netns.sh"

lan_create
lan_host d1 10.0.0.1
bridge_add br1
veth_on d1 eth1 br1 10.1.0.1
server_host rs1 10.1.0.2 br1
SERVER=
MODE=$(mktemp)
# serve: rs1's port 53 answers per the mode file (echo, or discard), read
# for every datagram, so the mode changes without the port ever closing
# (a closed port would answer with ICMP); one python process, no fork per
# datagram (slow on the debug kernel)
serve() {
	stop_server
	ip netns exec "$NS_PREFIX-rs1" python3 -c 'import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("10.1.0.2", 53))
while True:
    data, peer = s.recvfrom(2048)
    if open(sys.argv[1]).read().strip() == "echo":
        s.sendto(data, peer)' "$MODE" &
	SERVER=$!
	wait_for 60 eval 'n rs1 ss -uln | grep -q 10.1.0.2:53'
}
stop_server() {
	[ -z "$SERVER" ] || { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; }
	SERVER=
}
scenario_cleanup() { stop_server; rm -f "$MODE"; }

havs_load
LOAD_MARK=$DMESG_MARK
HA() { n d1 "$HAVSADM" "$@"; }
show() { HA -j check show udp 10.0.0.100:53 | jq -r ".[0].$1"; }

echo echo > "$MODE"
serve
n d1 ipvsadm -A -u 10.0.0.100:53 -s havs_rr
n d1 ipvsadm -a -u 10.0.0.100:53 -r 10.1.0.2:53 -m
HA check set udp 10.0.0.100:53 type udp payload ping interval 1s timeout 800ms \
	rise 1 fall 2 initial down
expect_match "$(HA check settings)" "type udp .* payload 4 bytes" "settings"
wait_for 60 eval '[ "$(show health)" = up ]'
expect_eq "$(show last)" ok "an echoed datagram is a good probe"
[ "$(show rtt_us)" -gt 0 ] || fail "no round-trip time measured"
echo "ok: round-trip time $(show rtt_us) us"

say "the port closes: ICMP port unreachable brings it down"
dmesg_mark
stop_server
wait_for 60 eval '[ "$(show health)" = down ]'
expect_match "$(dmesg_new)" \
	"havs: UDP 10.0.0.100:53 -> 10.1.0.2:53 DOWN \\(connection refused; 2/2 probes failed\\)" \
	"the reason is the ICMP error"

say "a server that swallows the datagram: down by timeout"
serve
wait_for 60 eval '[ "$(show health)" = up ]'
echo discard > "$MODE"
wait_for 60 eval '[ "$(show health)" = down ]'
expect_eq "$(show last_error)" "no reply in time" "the reason is the timeout"

say "bad settings"
expect_rc 2 "a payload on a tcp check" \
	"$HAVSADM" -n "$NS_PREFIX-d1" check set udp 10.0.0.100:53 type tcp payload x
expect_match "$OUTPUT" "payload is for type udp" "clear refusal"

stop_server
n d1 ipvsadm -C
HA check del udp 10.0.0.100:53
DMESG_MARK=$LOAD_MARK
havs_unload
