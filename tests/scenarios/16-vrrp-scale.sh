#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Many instances at once: d1 masters N virtual routers, d2 backs up the same
# N, at 1 s adverts, for 10 s. Every master keeps advertising, no backup
# takes over, nothing fails to send; then everything is deleted and no
# interface is left. N = 1000 on the stock kernel; 100 on the debug kernel
# (KASAN, lockdep and kmemleak make it ~20 times slower), where lockdep
# watches the timers and locks.
#
#      d1 (prio 200)               d2 (prio 100)
#      eth0..eth3 10.K.0.1         eth0..eth3 10.K.0.2      (K = 0..3)
#          |                           |
#          +------ br0..br3 (netns lan), VRIDs 1..250 on each
. "$HAVS_TOP/tests/lib/netns.sh"

N=1000
[ -e /sys/kernel/debug/kmemleak ] && N=100
say "$N instances on each director"
ns_add lan
for k in 0 1 2 3; do
	n lan ip link add "br$k" type bridge
	n lan ip link set "br$k" up
done
for h in d1:1 d2:2; do
	d=${h%%:*}
	ns_add "$d"
	for k in 0 1 2 3; do
		ip link add "eth$k" netns "$NS_PREFIX-$d" type veth peer name "p$k-$d" netns "$NS_PREFIX-lan"
		n lan ip link set "p$k-$d" master "br$k" up
		n "$d" ip addr add "10.$k.0.${h##*:}/24" dev "eth$k"
		n "$d" ip link set "eth$k" up
	done
done

havs_load
WORK=$(mktemp -d)
scenario_cleanup() { rm -rf "$WORK"; }
# batch NS TAG CMD [ARGS]: "CMD dev ethK vrid V ARGS" for the N instances
# (250 per interface; @VIP@ in ARGS is 10.K.1.V) through one havsadm -b.
batch() {
	local i line

	for ((i = 0; i < N; i++)); do
		line="$3 dev eth$((i / 250)) vrid $((i % 250 + 1)) ${4:-}"
		echo "${line//@VIP@/10.$((i / 250)).1.$((i % 250 + 1))}"
	done > "$WORK/$1.$2"
	local t0=$(date +%s%N)
	n "$1" "$HAVSADM" -b "$WORK/$1.$2" || fail "$3 on $1"
	echo "$1: $N x '$3' in $((($(date +%s%N) - t0) / 1000000)) ms"
}
add() { batch "$1" add "vrrp add" "priority $2 interval 1s address @VIP@"; }
summary() {	# NS: "COUNT STATE ..." per state, then sums of counters
	n "$1" "$HAVSADM" -j vrrp show | jq -r '[(group_by(.state) | map("\(length) \(.[0].state)") | join(" ")),
		([.[].stats.adverts_sent] | add // 0), ([.[].stats.tx_errors] | add // 0),
		([.[].stats.transitions] | add // 0)] | join(" ")'
}
# kernel memory an instance costs (its macvlan, address and the havs
# instance): Slab and Percpu of /proc/meminfo, before and after (kB)
mem() { awk '/^(Slab|Percpu):/ { s += $2 } END { print s }' /proc/meminfo; }
mem0=$(mem)
add d1 200
add d2 100
all_settled() {
	[ "$(summary d1 | cut -d' ' -f1-2)" = "$N MASTER" ] &&
	[ "$(summary d2 | cut -d' ' -f1-2)" = "$N BACKUP" ]
}
wait_for 120 all_settled
echo "kernel memory (Slab + Percpu) per instance, macvlan included: $(( ($(mem) - mem0) / (2 * N) )) kB"
read -r _ _ sent0 _ trans0 <<< "$(summary d1)"
t0=$(date +%s%N)
read -r _ _ _ _ trans2 <<< "$(summary d2)"
sleep 10	# steady state: every master advertises once a second
read -r c1 s1 sent1 err1 trans1 <<< "$(summary d1)"
ms=$((($(date +%s%N) - t0) / 1000000))
read -r c2 s2 _ _ trans3 <<< "$(summary d2)"
expect_eq "$c1 $s1" "$N MASTER" "d1 still masters all"
expect_eq "$c2 $s2" "$N BACKUP" "d2 still backs up all"
expect_eq "$((trans1 - trans0)) $((trans3 - trans2))" "0 0" "transitions in steady state"
expect_eq "$err1" 0 "adverts that could not be sent"
rate=$(((sent1 - sent0) * 1000 / ms))
echo "d1: $((sent1 - sent0)) adverts in $ms ms: $rate per second from $N masters at 1 s"
[ "$rate" -ge $((N * 9 / 10)) ] || fail "masters fell behind: $rate adverts per second, want about $N"

t0=$(date +%s%N)
n d1 "$HAVSADM" vrrp show > /dev/null
echo "d1: vrrp show of $N instances in $((($(date +%s%N) - t0) / 1000000)) ms"
say "deleting everything leaves no interface"
for d in d1 d2; do
	batch "$d" del "vrrp del"
	expect_eq "$(n "$d" ip -o link show | grep -c '@eth')" 0 "macvlans left on $d"
done
havs_unload
