#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What havs puts on the wire dissects cleanly in Wireshark's tshark: every
# kind of advertisement (v3 and v2 over IPv4, v3 over IPv6, unicast) with a
# good checksum, nothing malformed, no expert error; and the unsolicited
# neighbour advertisements of an IPv6 takeover, with a good ICMPv6 checksum.
#
#      d1 (all instances, master)        d2 (unicast peer)
#      eth0 10.0.0.1                     eth0 10.0.0.2
#          |                                 |
#          +------------ br0 (netns lan) ----+   captured on br0
. "$HAVS_TOP/tests/lib/netns.sh"

command -v tshark > /dev/null || fail "tshark is not installed (make deps)"
lan_create
lan_host d1 10.0.0.1
lan_host d2 10.0.0.2
wait_for 30 ll_ready d1

CAP=$(mktemp -d)
CAP_PID=
scenario_cleanup() {
	[ -n "$CAP_PID" ] && kill "$CAP_PID" 2>/dev/null && wait "$CAP_PID" 2>/dev/null
	cp "$CAP/wire.pcapng" "$HAVS_OUT/15-wire.pcapng" 2>/dev/null
	rm -rf "$CAP"
}

havs_load
# Capture first, so the takeovers' neighbour advertisements are in it.
# dumpcap captures without loading dissectors (tshark is slow to start).
# Not through n(): $! must be dumpcap itself, which SIGTERM stops cleanly.
ip netns exec "$NS_PREFIX-lan" dumpcap -q -i br0 -w "$CAP/wire.pcapng" \
	-f "ip proto 112 or ip6 proto 112 or icmp6" > "$CAP/capture.log" 2>&1 &
CAP_PID=$!
wait_for 120 grep -q "Capturing on" "$CAP/capture.log"

add() { n d1 "$HAVSADM" vrrp add dev eth0 priority 200 "$@"; }
add vrid 71 interval 100ms address 10.0.0.71 address 10.0.0.171
add vrid 72 version 2 interval 1s address 10.0.0.72
add vrid 74 interval 100ms address fe80::74 address 2001:db8::74
add vrid 75 interval 100ms address 10.0.0.75 peer 10.0.0.2
is_master() { n d1 "$HAVSADM" -j vrrp show | jq -e 'all(.[]; .state == "MASTER")' > /dev/null; }
wait_for 30 is_master
sleep 2.5	# at least two adverts of the 1 s VRRPv2 instance
kill "$CAP_PID"
wait "$CAP_PID" 2>/dev/null
CAP_PID=

# One dissection pass for the fields, one for the complaints.
tshark -r "$CAP/wire.pcapng" -T fields -E separator=, -E occurrence=f \
	-e vrrp.version -e vrrp.virt_rtr_id -e vrrp.checksum.status -e ip.dst -e ip.ttl \
	-e eth.src -e icmpv6.type -e icmpv6.nd.na.target_address -e icmpv6.checksum.status \
	-e icmpv6.nd.na.flag.r -e icmpv6.nd.na.flag.o > "$CAP/fields.txt" 2> "$CAP/tshark.log" ||
	fail "tshark: $(cat "$CAP/tshark.log")"
bad=$(tshark -r "$CAP/wire.pcapng" -Y '_ws.malformed || _ws.expert.severity == error' \
	-T fields -e frame.number 2>> "$CAP/tshark.log" | wc -l)
cp "$CAP/fields.txt" "$HAVS_OUT/15-wire-fields.txt" 2>/dev/null
check() { python3 - "$CAP/fields.txt" <<'PY'
import sys
rows = [l.rstrip("\n").split(",") for l in open(sys.argv[1]) if l.strip()]
def col(r, i): return r[i] if i < len(r) else ""
ok = True
def need(cond, what):
    global ok
    print(("ok: " if cond else "FAIL: ") + what)
    ok &= bool(cond)
adv = [r for r in rows if col(r, 0)]
for ver, vrid in (("3", "71"), ("2", "72"), ("3", "74"), ("3", "75")):
    mine = [r for r in adv if col(r, 0) == ver and col(r, 1) == vrid]
    need(mine and all(col(r, 2) == "1" for r in mine),
         f"VRRPv{ver} VRID {vrid}: {len(mine)} adverts, every checksum good")
uc = [r for r in adv if col(r, 1) == "75"]
need(uc and {col(r, 3) for r in uc} == {"10.0.0.2"}, "unicast adverts go to the peer")
need(uc and {col(r, 4) for r in uc} == {"255"}, "with TTL 255")
v6 = [r for r in adv if col(r, 1) == "74"]
need(v6 and {col(r, 5) for r in v6} == {"00:00:5e:00:02:4a"}, "IPv6 adverts carry the IPv6 virtual MAC")
na = [r for r in rows if col(r, 6) == "136" and col(r, 5) == "00:00:5e:00:02:4a"]
for target in ("2001:db8::74", "fe80::74"):
    mine = [r for r in na if col(r, 7) == target]
    need(mine and all(col(r, 8) == "1" and col(r, 9) in ("1", "True") and
                      col(r, 10) in ("1", "True") for r in mine),
         f"unsolicited NA for {target}: {len(mine)}, checksum good, R and O set")
sys.exit(0 if ok else 1)
PY
}
say "every kind of advert, and the neighbour advertisements, as tshark reads them"
check || fail "see $HAVS_OUT/15-wire-fields.txt"
expect_eq "$bad" 0 "frames tshark finds malformed or in error"
for vrid in 71 72 74 75; do n d1 "$HAVSADM" vrrp del dev eth0 vrid $vrid; done
havs_unload
