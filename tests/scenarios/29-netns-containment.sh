#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A namespace cannot starve another's probes or flood the log. Namespace h
# has 400 real servers that never answer (a dummy interface swallows their
# SYNs, each probe waits out its 3 s timeout); the initial namespace probes
# three healthy servers every 500 ms. With the module's 96 probe slots and
# probe_max_inflight_ns 64, h waits for its own slots and the initial
# namespace's probes stay on time; with the per-namespace budget lifted
# (the control run), h takes every slot and the same probes fall behind,
# which shows that this test sees starvation when there is some. Meanwhile
# h's 400 servers going down cost at most 20 log lines per 5 s, and a
# server of the initial namespace that goes down is still logged; the
# same for configuration lines (300 changes of a tracked object in h).
#
#   initial namespace                         farm
#   hv0 10.78.0.1 ----------- veth ---------- eth0 10.78.0.2
#   service tcp 10.77.0.1:80 havs_rr          servers :8001 :8002 :8003
#
#   h: dummy0 10.66.0.1/16 (nothing answers), service tcp 10.66.255.1:80
#      havs_rr with 400 servers 10.66.1-2.x:80
# flavors: stock
. "$HAVS_TOP/tests/lib/netns.sh"

P=/sys/module/havs/parameters
scenario_cleanup() {
	ipvsadm -D -t 10.77.0.1:80 2>/dev/null
	ip link del hv0 2>/dev/null
}

ns_add farm
ip link add hv0 type veth peer name eth0 netns "$NS_PREFIX-farm"
ip addr add 10.78.0.1/24 dev hv0
ip link set hv0 up
n farm ip addr add 10.78.0.2/24 dev eth0
n farm ip link set eth0 up
declare -A LISTENER
for port in 8001 8002 8003; do
	ip netns exec "$NS_PREFIX-farm" socat -T1 "TCP-LISTEN:$port,fork,reuseaddr" SYSTEM:true &
	LISTENER[$port]=$!
	PIDS+=($!)
done
ns_add h
n h ip link add dummy0 type dummy
n h ip addr add 10.66.0.1/16 dev dummy0
n h ip link set dummy0 up

havs_load
echo 96 > $P/probe_max_inflight
echo 64 > $P/probe_max_inflight_ns

ipvsadm -A -t 10.77.0.1:80 -s havs_rr
for port in 8001 8002 8003; do
	ipvsadm -a -t 10.77.0.1:80 -r "10.78.0.2:$port" -m -w 1
done
"$HAVSADM" check set tcp 10.77.0.1:80 type tcp interval 500ms timeout 400ms rise 1 fall 1
wait_for 20 eval '[ "$("$HAVSADM" -j check show tcp 10.77.0.1:80 | jq "[.[] | select(.last == \"ok\")] | length")" = 3 ]'

# good probes of the initial namespace's servers per second, over WINDOW
# seconds of the guest's clock
probes() { "$HAVSADM" -j check show tcp 10.77.0.1:80 | jq '[.[] | .probes_ok] | add'; }
WINDOW=8
rate() {
	local a b t0 t1
	a=$(probes); t0=$(date +%s%N)
	sleep $WINDOW
	b=$(probes); t1=$(date +%s%N)
	echo $(( (b - a) * 1000000000 * 100 / (t1 - t0) ))	# per 100 s
}
say "the initial namespace alone: its probe rate"
baseline=$(rate)
echo "# baseline: $(printf "%d.%02d" $((baseline / 100)) $((baseline % 100))) good probes/s"
[ "$baseline" -gt 0 ] || fail "no probe succeeded in ${WINDOW}s without any load"

say "h: 400 servers that never answer, probed every 4 s with a 3 s timeout"
dmesg_mark
# from the first server on: they are probed (default settings) as they come
flood_start=$(date +%s)
{
	echo "-A -t 10.66.255.1:80 -s havs_rr"
	for i in $(seq 0 399); do
		echo "-a -t 10.66.255.1:80 -r 10.66.$((1 + i / 200)).$((1 + i % 200)):80 -m -w 1"
	done
} | n h ipvsadm -R
n h "$HAVSADM" check set tcp 10.66.255.1:80 type tcp interval 4s timeout 3s rise 1 fall 1

# h's probes fill their budget first
hfailed() { n h "$HAVSADM" -j check show | jq '[.[] | select(.probes_failed > 0)] | length'; }
wait_for 30 eval '[ "$(hfailed)" -gt 64 ]'

say "with the per-namespace budget: the initial namespace's probes stay on time"
protected=$(rate)
echo "# rate with h at its budget: $(printf "%d.%02d" $((protected / 100)) $((protected % 100)))/s (alone: $(printf "%d.%02d" $((baseline / 100)) $((baseline % 100)))/s)"
[ "$protected" -ge $((baseline * 3 / 4)) ] ||
	fail "the initial namespace's probes fell behind: $protected vs $baseline per 100 s"
echo "ok: on time with h at its budget"

say "a server of the initial namespace goes down: logged despite h's flood"
dmesg_mark
kill "${LISTENER[8002]}"
wait_for 10 eval 'dmesg_new | grep -q "TCP 10.77.0.1:80 -> 10.78.0.2:8002 DOWN"'
echo "ok: the initial namespace's health line got through"

say "h's health lines: at most 20 per 5 s"
elapsed=$(( $(date +%s) - flood_start ))
hlines=$(dmesg | grep -c 'havs: TCP 10.66.255.1:80 -> ' || true)
hdown=$(n h "$HAVSADM" -j check show | jq '[.[] | select(.health == "down")] | length')
echo "# h: $hdown servers down in ${elapsed}s, $hlines lines logged"
[ "$hdown" -gt 100 ] || fail "h's servers did not go down: the flood did not happen ($hdown)"
[ "$hlines" -le $(( 20 * (elapsed / 5 + 2) )) ] ||
	fail "h logged $hlines health lines in ${elapsed}s"
echo "ok: $hlines lines for $hdown transitions"

say "h's configuration lines: at most 20 per 5 s, and the initial namespace's still logged"
dmesg_mark
for i in $(seq 150); do printf 'track set flood down\ntrack set flood up\n'; done |
	n h "$HAVSADM" -b -
"$HAVSADM" track set ours down
wait_for 10 eval 'dmesg_new | grep -q "havs: tracked object ours is down"'
clines=$(dmesg_new | grep -c 'havs: tracked object flood is' || true)
echo "# h: 300 state changes of a tracked object, $clines lines logged"
[ "$clines" -ge 1 ] && [ "$clines" -le 40 ] ||
	fail "h logged $clines configuration lines for 300 changes (20 per 5 s expected)"
"$HAVSADM" track del ours
n h "$HAVSADM" track del flood
echo "ok: the initial namespace's configuration line got through"

say "control: the per-namespace budget lifted, h takes every slot"
echo 65536 > $P/probe_max_inflight_ns
sleep 2
# two servers are left up: compare per server
starved=$(( $(rate) * 3 / 2 ))
echo "# rate without the budget: $(printf "%d.%02d" $((starved / 100)) $((starved % 100)))/s per three servers (with it: $(printf "%d.%02d" $((protected / 100)) $((protected % 100)))/s)"
[ "$starved" -lt $((protected * 2 / 3)) ] ||
	fail "the control shows no starvation ($starved vs $protected per 100 s): this test cannot tell"
echo "ok: without the budget the probes fall behind"
echo 64 > $P/probe_max_inflight_ns

n h ipvsadm -C
ipvsadm -D -t 10.77.0.1:80
echo 256 > $P/probe_max_inflight
