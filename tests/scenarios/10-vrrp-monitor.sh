#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# havsadm monitor: d1's transitions of VRID 51 as two monitors in d1 print
# them (text, JSON Lines with -t) while d1 is elected and then deleted; a
# monitor in d3 sees only d3's own VRID 52; a monitor notices the unload.
#
#      d1 (prio 200)          d2 (prio 100)          d3 (prio 100)
#      eth0 10.0.0.1          eth0 10.0.0.2          eth0 10.0.0.3
#      vr51.eth0 VIP51        vr51.eth0 VIP51        vr52.eth0 VIP52
#      monitor, -j monitor -t                        monitor -t
#          |                      |                      |
#          +------------------- br0 ---------------------+   (netns "lan")
#
#      VIP51 10.0.0.100, VIP52 10.0.0.101
. "$HAVS_TOP/tests/lib/netns.sh"

lan_create
lan_host d1 10.0.0.1
lan_host d2 10.0.0.2
lan_host d3 10.0.0.3

MON_DIR=$(mktemp -d)
declare -A MON_PID=()
scenario_cleanup() {
	local m f

	for m in "${!MON_PID[@]}"; do
		kill "${MON_PID[$m]}" 2>/dev/null && wait "${MON_PID[$m]}" 2>/dev/null
	done
	for f in "$MON_DIR"/*; do
		[ -f "$f" ] && cp "$f" "${HAVS_OUT:-/tmp}/10-monitor-$(basename "$f")"
	done
	rm -rf "$MON_DIR"
}

# mon_start NAME NS ARGS...: havsadm ARGS in NS, in the background, until
# subscribed. Not through n(): $! must be havsadm itself (ip netns exec
# execs it).
mon_start() {
	local name=$1 pid

	ip netns exec "$NS_PREFIX-$2" "$HAVSADM" "${@:3}" > "$MON_DIR/$name.out" \
		2> "$MON_DIR/$name.err" &
	pid=$!
	MON_PID[$name]=$pid
	wait_for 10 nl_subscribed "$pid"
	kill -0 "$pid" 2> /dev/null ||
		fail "monitor $name exited at once: $(cat "$MON_DIR/$name.err")"
}
# mon_stop NAME SIGNAL|- WANT_RC: signal the monitor (- to let it end by
# itself), require its exit status.
mon_stop() {
	local pid=${MON_PID[$1]} rc=0 how="on its own"

	[ "$2" = - ] || { kill -s "$2" "$pid"; how="after SIG$2"; }
	wait "$pid" || rc=$?
	unset "MON_PID[$1]"
	expect_eq "$rc" "$3" "monitor $1: exit status $how"
}
out() { cat "$MON_DIR/$1.out"; }
has_line() { grep -Eq -- "$2" "$MON_DIR/$1.out"; }

havs_load
state() { n "$1" "$HAVSADM" -j vrrp show | json_get 0.state; }
is_state() { [ "$(state "$1")" = "$2" ]; }
add() { n "$1" "$HAVSADM" vrrp add dev eth0 vrid 51 interval 100ms address 10.0.0.100 "${@:2}"; }

say "monitors: text and JSON Lines in d1, text with timestamps in d3"
mon_start text d1 monitor vrrp
mon_start json d1 -j monitor -t
mon_start other d3 monitor -t
expect_eq "$(out text)$(out json)$(out other)" "" "no event before any instance"

say "election: d1's monitors see it start and win"
add d1 priority 200
add d2 priority 100
wait_for 30 is_state d1 MASTER
wait_for 30 is_state d2 BACKUP
wait_for 10 has_line text 'BACKUP -> MASTER'
wait_for 10 has_line json '"state":"MASTER"'

# The kernel stamps with the host's CLOCK_BOOTTIME; in a time namespace
# whose boottime runs a day ahead, havsadm still shows the same wall time.
if [ -e /proc/self/timens_offsets ]; then
	say "in a time namespace, the time of the last transition stays the same"
	t0=$(n d1 "$HAVSADM" -j vrrp show | json_get 0.stats.last_transition_ns)
	t1=$(ip netns exec "$NS_PREFIX-d1" unshare --fork --time --boottime 86400 \
		"$HAVSADM" -j vrrp show | json_get 0.stats.last_transition_ns)
	expect_eq "$(( (t1 - t0) / 1000000000 ))" 0 "the same second, boottime a day ahead or not"
else
	say "skip: this kernel has no time namespaces (CONFIG_TIME_NS)"
fi

say "handover: deleting d1's instance is its last event"
n d1 "$HAVSADM" vrrp del dev eth0 vrid 51
wait_for 10 is_state d2 MASTER
wait_for 10 has_line text 'MASTER -> INIT'
wait_for 10 has_line json '"state":"INIT"'
# d2's takeover (master sent priority 0) happened in d2: not in d1's output.
expect_eq "$(out text)" "vrrp eth0/51 v3 INIT -> BACKUP (instance started; prio 200)
vrrp eth0/51 v3 BACKUP -> MASTER (master down timer expired; prio 200)
vrrp eth0/51 v3 MASTER -> INIT (instance stopped; prio 200)" "d1's text monitor"

out json | python3 -c 'import json,sys; [json.loads(l) for l in sys.stdin]' ||
	fail "JSON lines do not parse: $(out json)"
summary=$(out json | python3 -c 'import datetime, json, re, sys
now = datetime.datetime.now(datetime.timezone.utc)
prev = None
for line in sys.stdin:
	e = json.loads(line)
	t = e.pop("time")
	assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d", t), t
	t = datetime.datetime.fromisoformat(t)
	assert abs((now - t).total_seconds()) < 600, (t, now)
	assert prev is None or t >= prev, (prev, t)
	prev = t
	assert isinstance(e.pop("ifindex"), int)
	print(" ".join(f"{k}={e[k]}" for k in sorted(e)))')
expect_eq "$summary" \
"dev=eth0 event=vrrp family=inet prev_state=INIT priority=200 reason=instance started state=BACKUP version=3 vrid=51
dev=eth0 event=vrrp family=inet master=10.0.0.1 prev_state=BACKUP priority=200 reason=master down timer expired state=MASTER version=3 vrid=51
dev=eth0 event=vrrp family=inet prev_state=MASTER priority=200 reason=instance stopped state=INIT version=3 vrid=51" \
	"d1's JSON monitor (time checked apart)"

say "isolation: d3's monitor saw nothing of VRID 51, and sees its own VRID 52"
n d3 "$HAVSADM" vrrp add dev eth0 vrid 52 interval 100ms address 10.0.0.101
wait_for 30 is_state d3 MASTER
wait_for 10 has_line other 'BACKUP -> MASTER'
ts='[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}[+-][0-9]{2}:[0-9]{2}'
expect_eq "$(out other | grep -Evc "^$ts vrrp ")" 0 "every -t line starts with the time"
expect_eq "$(out other | sed -E "s/^$ts //")" \
"vrrp eth0/52 v3 INIT -> BACKUP (instance started; prio 100)
vrrp eth0/52 v3 BACKUP -> MASTER (master down timer expired; prio 100)" "d3's monitor"

say "two listeners of tracked-object events in d2: each gets every event"
# The copy for the second listener is allocated while the module holds the
# RCU read lock (no sleeping there: the debug kernel reports it).
mon_start t1 d2 monitor track
mon_start t2 d2 -j monitor track
printf 'track set x down\ntrack set x up\ntrack set x down\n' | n d2 "$HAVSADM" -b -
wait_for 10 eval '[ "$(grep -c "" "$MON_DIR/t1.out")" -ge 3 ] && [ "$(grep -c "" "$MON_DIR/t2.out")" -ge 3 ]'
mon_stop t1 INT 0
mon_stop t2 INT 0
n d2 "$HAVSADM" track del x
echo "ok: both listeners got the three events"

say "signals: SIGINT and SIGTERM end a monitor with status 0"
mon_stop text INT 0
mon_stop json TERM 0
mon_stop other TERM 0
expect_eq "$(cat "$MON_DIR/text.err" "$MON_DIR/json.err" "$MON_DIR/other.err")" "" \
	"nothing on the monitors' standard error"

say "unload: a monitor says the module went away and exits 1"
mon_start late d2 monitor
n d2 "$HAVSADM" vrrp del dev eth0 vrid 51
n d3 "$HAVSADM" vrrp del dev eth0 vrid 52
wait_for 10 has_line late 'MASTER -> INIT'
havs_unload
mon_stop late - 1
expect_match "$(cat "$MON_DIR/late.err")" 'monitor: the havs module was unloaded' \
	"the unload message"
expect_eq "$(out late)" "vrrp eth0/51 v3 MASTER -> INIT (instance stopped; prio 100)" \
	"the last monitor saw d2's instance stop"
