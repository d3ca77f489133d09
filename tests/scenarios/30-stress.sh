#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Concurrency stress, bounded in time (STRESS_SECONDS, 60 by default;
# make soak runs it longer): every writer at once, dumps without pause,
# probes answered while their targets are stopped, interfaces and a whole
# namespace deleted under running commands, rmmod attempts. Nothing is
# asserted about who wins a race; what counts is that the kernel stays
# clean (KASAN, lockdep, kmemleak, no WARN: the harness fails the guest on
# any report), that no command hangs, and that afterwards havs works.
#
#      d 10.0.0.1 (eth0) --- br0 (netns lan) --- web1..3 (10.0.0.21-23)
#      VRRP VRIDs 1-4 added, changed, deleted; "obj" set up and down;
#      dummy t0 tracked, deleted and made again;
#      service tcp 10.0.0.100:80 havs_mh whose servers come and go and
#      whose check settings change type (every change stops targets whose
#      probes are being answered); namespace x (an instance and a service
#      of its own, probing) deleted and made again
# flavors: debug
. "$HAVS_TOP/tests/lib/netns.sh"

SECS=${STRESS_SECONDS:-60}
scratch_dir W
lan_create
lan_host d 10.0.0.1
for i in 1 2 3; do web_server "web$i" "10.0.0.2$i" br0 "" "$W"; done
havs_load

D() { "$HAVSADM" -n "$NS_PREFIX-d" "$@"; }
IPVS() { ip netns exec "$NS_PREFIX-d" ipvsadm "$@"; }
IPVS -A -t 10.0.0.100:80 -s havs_mh
for i in 1 2 3; do IPVS -a -t 10.0.0.100:80 -r "10.0.0.2$i:80" -g -w 1; done
D check set tcp 10.0.0.100:80 type http path / status 200 interval 200ms timeout 150ms rise 1 fall 1

END=$(( $(date +%s) + SECS ))
running() { [ "$(date +%s)" -lt "$END" ]; }
COUNTS=$W/counts
loop() {	# NAME CMD...: run CMD (a function) until the end, count the rounds
	local name=$1 n=0
	shift
	set +e
	while running; do
		"$@" > /dev/null 2>&1
		n=$((n + 1))
	done
	echo "$name $n" >> "$COUNTS"
}

vrrp_churn() {
	local v
	for v in 1 2 3 4; do
		D vrrp add dev eth0 vrid "$v" priority $((100 + v)) interval 100ms \
			address "10.0.0.$((100 + v))" track-object obj weight -10 \
			track-dev t0 weight -5 sync-group "g$((v % 2))"
	done
	for v in 1 2 3 4; do D vrrp set dev eth0 vrid "$v" priority $((150 + v)); done
	for v in 4 3 2 1; do D vrrp del dev eth0 vrid "$v"; done
}
track_churn() { D track set obj down; D track set obj up; D track del obj; }
iface_churn() {
	ip -n "$NS_PREFIX-d" link add t0 type dummy
	ip -n "$NS_PREFIX-d" link set t0 up
	ip -n "$NS_PREFIX-d" link set t0 down
	ip -n "$NS_PREFIX-d" link del t0
}
server_churn() {
	IPVS -a -t 10.0.0.100:80 -r 10.0.0.24:80 -g -w 2
	IPVS -e -t 10.0.0.100:80 -r 10.0.0.21:80 -g -w 3
	IPVS -d -t 10.0.0.100:80 -r 10.0.0.24:80
	IPVS -e -t 10.0.0.100:80 -r 10.0.0.21:80 -g -w 1
}
check_churn() {
	D check set tcp 10.0.0.100:80 type tcp interval 200ms timeout 150ms rise 1 fall 1
	D check set tcp 10.0.0.100:80 type http path / status 200 interval 200ms timeout 150ms rise 1 fall 1
	D check del tcp 10.0.0.100:80
	D server set tcp 10.0.0.100:80 10.0.0.22:80 health down
}
dumps() {
	printf 'vrrp show\ntrack show\ncheck show\ncheck settings\nservice show\nstats\n' | D -b -
	D -j vrrp show
}
netns_churn() {
	ns_add x
	ip -n "$NS_PREFIX-x" link add dummy0 type dummy
	ip -n "$NS_PREFIX-x" addr add 10.9.0.1/24 dev dummy0
	ip -n "$NS_PREFIX-x" link set dummy0 up
	"$HAVSADM" -n "$NS_PREFIX-x" vrrp add dev dummy0 vrid 9 interval 100ms address 10.9.0.100
	ip netns exec "$NS_PREFIX-x" ipvsadm -A -t 10.9.0.100:80 -s havs_wrr
	ip netns exec "$NS_PREFIX-x" ipvsadm -a -t 10.9.0.100:80 -r 10.9.0.2:80 -g
	"$HAVSADM" -n "$NS_PREFIX-x" check set tcp 10.9.0.100:80 interval 100ms timeout 50ms
	ns_del x
}
rmmod_tries() { rmmod havs 2> /dev/null; sleep 0.2; }

say "stress for ${SECS}s"
: > "$COUNTS"
LOOPS=()
for job in vrrp_churn track_churn iface_churn server_churn check_churn dumps dumps netns_churn rmmod_tries; do
	loop "$job" "$job" &
	LOOPS+=($!)
	PIDS+=($!)
done
# a loop that has not ended 120 s after the end hangs in a command
for pid in "${LOOPS[@]}"; do
	while kill -0 "$pid" 2> /dev/null; do
		[ "$(date +%s)" -lt $((END + 120)) ] ||
			fail "a loop still runs 120 s after the end: a command hangs ($(cat "$COUNTS" | tr '\n' ' '))"
		sleep 0.5
	done
done
sort "$COUNTS" | sed 's/^/# rounds: /'
[ "$(wc -l < "$COUNTS")" = 9 ] || fail "not every loop ran to the end"

say "afterwards: havs works"
grep -q '^havs ' /proc/modules || havs_load
IPVS -C 2>/dev/null || true
D vrrp del dev eth0 vrid 1 2>/dev/null || true
for v in 2 3 4; do D vrrp del dev eth0 vrid "$v" 2>/dev/null || true; done
D vrrp add dev eth0 vrid 7 priority 200 interval 100ms address 10.0.0.107
wait_for 10 eval '[ "$(D -j vrrp show dev eth0 | jq -r ".[0].state")" = MASTER ]'
IPVS -A -t 10.0.0.100:80 -s havs_mh
IPVS -a -t 10.0.0.100:80 -r 10.0.0.21:80 -g -w 1
D check set tcp 10.0.0.100:80 type http path / status 200 interval 200ms timeout 150ms rise 1 fall 1
wait_for 10 eval '[ "$(D -j check show | jq -r ".[0].last")" = ok ]'
echo "ok: an instance is master and a server is probed after the storm"
IPVS -C
D vrrp del dev eth0 vrid 7
