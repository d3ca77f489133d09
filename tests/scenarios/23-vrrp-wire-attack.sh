#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# havs's own validation, on the debug kernel only (KASAN watches it; the
# stock guest is the run's longest and gains nothing from the same code
# on the same kernel source without the checks).
# flavors: debug
#
# A host on the LAN floods the router with crafted and random VRRP packets:
# the router stays master of every instance, each packet is counted where
# the operator can see it (a drop reason of the instance it names, or the
# namespace's counters in 'havsadm stats'), and the kernel log stays
# bounded however many packets come.
#
#   attacker 10.0.0.66         d1: havs, master of             d2 10.0.0.2
#   packet socket on eth0      51  v3 IPv4, 100 ms             (the unicast
#     |                        52  v3 IPv6                      peer of 54)
#     |                        53  v2, 1 s                         |
#     |                        54  v3 IPv4, peer 10.0.0.2          |
#     |                        eth0 10.0.0.1                       |
#     +--------------------------- br0 (netns lan) ----------------+
#
# Crafted packets first, EACH of each class (one defect each:
# TTL, truncation, CARP, version, type, address count, checksum, checksum
# variant, interval, v2 authentication, IPv6 link-local, a spoofed higher
# priority from a non-peer, VRIDs d1 has no instance for, valid adverts
# with a lower priority); each class must land in its own counter exactly.
# Then RANDOM_N mutated adverts (below), every one of which must be
# counted somewhere. VRID 99 has no instance.
#
# The packets come from tests/lib/vrrpattack (C, built on the host by
# `make testbins`), the counters are compared by tests/lib/vrrpattack.jq.
. "$HAVS_TOP/tests/lib/netns.sh"

# Over 100,000 packets on the debug kernel (KASAN and lockdep watching);
# fewer on the stock one, which runs the same code without them.
if [ "${HAVS_FLAVOR:-}" = debug ]; then
	EACH=${HAVS_ATTACK_EACH:-1000}
	RANDOM_N=${HAVS_ATTACK_RANDOM:-75000}
else
	EACH=${HAVS_ATTACK_EACH:-300}
	RANDOM_N=${HAVS_ATTACK_RANDOM:-20000}
fi
ATTACK=${HAVS_BUILD:-$HAVS_TOP/build}/tests/vrrpattack
[ -x "$ATTACK" ] || fail "$ATTACK missing: run 'make testbins' on the host"
[ "$ATTACK" -nt "$HAVS_TOP/tests/lib/vrrpattack.c" ] ||
	fail "$ATTACK is older than its source: run 'make testbins' on the host"
scratch_dir W
# The injector can outrun the receiving side of the emulated wire, whose
# per-CPU backlog (netdev_max_backlog, 1000) would drop packets before
# havs sees them: make room for a whole phase, and check none was lost.
BACKLOG=$(sysctl -n net.core.netdev_max_backlog)
sysctl -qw net.core.netdev_max_backlog=100000
scenario_cleanup() { sysctl -qw net.core.netdev_max_backlog="$BACKLOG"; }
softnet_drops() {	# packets the backlogs dropped, all CPUs
	local d t=0
	for d in $(awk '{ print $2 }' /proc/net/softnet_stat); do t=$((t + 16#$d)); done
	echo "$t"
}
wire_ok() {	# FROM: nothing lost on the way since FROM
	local lost=$(( $(softnet_drops) - $1 ))
	[ "$lost" = 0 ] || fail "the emulated wire dropped $lost packets before havs saw them"
}

lan_create
# A snooping bridge drops IPv6 multicast with an empty payload (it reads
# it as a malformed MLD candidate) before any router sees it: the wire
# here must carry every packet as sent.
n lan ip link set br0 type bridge mcast_snooping 0
lan_host d1 10.0.0.1
lan_host d2 10.0.0.2
lan_host attacker 10.0.0.66
wait_for 30 ll_ready d1
havs_load

add() { n d1 "$HAVSADM" vrrp add dev eth0 priority 200 "$@"; }
add vrid 51 interval 100ms address 10.0.0.51
add vrid 52 interval 100ms address fe80::52 address 2001:db8::52
add vrid 53 version 2 interval 1s address 10.0.0.53
add vrid 54 interval 100ms address 10.0.0.54 peer 10.0.0.2
all_master() { [ "$(n d1 "$HAVSADM" -j vrrp show |
	jq '[.[] | select(.state == "MASTER")] | length')" = 4 ]; }
wait_for 30 all_master

snapshot() {
	printf '{"vrrp":%s,"stats":%s}\n' "$(n d1 "$HAVSADM" -j vrrp show)" \
		"$(n d1 "$HAVSADM" -j stats)" > "$W/$1.json"
}
sent() { n d1 "$HAVSADM" -j vrrp show | jq '[.[].stats.adverts_sent] | add'; }
accounted() {	# BEFORE AFTER EXPECTED: every packet of EXPECTED counted
	jq -nr --slurpfile before "$W/$1.json" --slurpfile after "$W/$2.json" \
		--slurpfile sent "$W/$3.json" -f "$HAVS_TOP/tests/lib/vrrpattack.jq"
}

snapshot s0
adv0=$(sent)
drops0=$(softnet_drops)
dmesg_mark
t0=$(date +%s%N)
n attacker "$ATTACK" eth0 --v3 51 --v6 52 --v2 53:1 --peer 54 --free 99 \
	--below 200 --each "$EACH" > "$W/crafted.json" || fail "injector failed"
# The last packets may still be on their way when the injector exits:
# take the snapshot again until it accounts for all of them (or 20 s pass,
# and the check below says what is missing).
settle() {	# BEFORE AFTER EXPECTED
	local end=$((SECONDS + 20))
	snapshot "$2"
	until accounted "$1" "$2" "$3" > /dev/null 2>&1 ||
		[ $SECONDS -ge $end ]; do
		sleep 0.05
		snapshot "$2"
	done
}
settle s0 s1 crafted
wire_ok "$drops0"
echo "crafted: $(jq -r '"\(.sent) packets in \(.seconds) s, \(.classes | length) classes"' "$W/crafted.json")"
expect_rc 0 "every crafted packet is counted by its reason" \
	accounted s0 s1 crafted
echo "$OUTPUT"

n attacker "$ATTACK" eth0 --v3 51 --v6 52 --v2 53:1 --peer 54 --free 99 \
	--below 200 --each 0 --random "$RANDOM_N" --seed 7 > "$W/random.json" ||
	fail "injector failed"
settle s1 s2 random
# The attack ends when d1 has counted its last packet, not when the
# injector has handed it to the wire.
t1=$(date +%s%N)
wire_ok "$drops0"
expect_rc 0 "every random packet is counted" \
	accounted s1 s2 random
echo "$OUTPUT"

# Master all along, and advertising: the flood did not stop the timers.
secs=$(( (t1 - t0) / 1000000000 + 1 ))
adv=$(( $(sent) - adv0 ))
echo "d1 sent $adv adverts in ${secs} s of attack"
[ "$adv" -ge $(( secs * 5 )) ] || fail "d1 sent only $adv adverts in $secs s"

# The log: drop warnings are limited to 20 per 5 s for the module; the
# transitions of this test add none.
lines=$(dmesg_new | grep -c 'havs: ')
limit=$(( 20 * (secs / 5 + 1) ))
echo "kernel log: $lines havs lines in ${secs} s (limit $limit)"
[ "$lines" -ge 1 ] || fail "no drop warning at all"
[ "$lines" -le "$limit" ] || fail "$lines log lines in $secs s: not rate limited"
dmesg_new | grep 'havs: ' | sort | uniq -c | sort -rn | head -5

# A real router with a higher priority still takes over: d1 is not wedged.
n d2 "$HAVSADM" vrrp add dev eth0 vrid 51 priority 250 interval 100ms \
	address 10.0.0.51 || fail "d2: vrrp add"
d1_backup() { [ "$(n d1 "$HAVSADM" -j vrrp show dev eth0 vrid 51 |
	jq -r '.[0].state')" = BACKUP ]; }
wait_for 10 d1_backup
expect_match "$(n d1 "$HAVSADM" -j vrrp show dev eth0 vrid 51 | jq -r '.[0].master')" \
	'^10\.0\.0\.2$' "d1 follows the real master"
havs_unload
