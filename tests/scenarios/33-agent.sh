#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# havsadm agent runs what keepalived ran beside VRRP: a pair's
# keepalived.conf with a vrrp_script the instance tracks (weight -150),
# notify scripts and MISC_CHECKs is imported, applied, and d1's agent runs
# it. The script failing moves the VIP to d2 and back; the notify scripts
# see keepalived's arguments, in order; a MISC_CHECK takes a server down
# and up (its notify scripts fire) and, misc_dynamic, sets another's
# weight, run as nobody; a script that hangs (and ignores SIGTERM) is
# killed with its whole process group, reported once and counted; SIGTERM
# stops the agent cleanly (SIGHUP reloads it first, a broken file
# changing nothing); SIGKILL leaves the script's object to its
# lease, which runs out: the object goes down and d2 takes over.
#
#      d1 (prio 200, agent)              d2 (prio 100)
#      eth0 10.0.0.1                      eth0 10.0.0.2
#          |                                  |
#          +------------- br0 (netns lan) ----+
#
# VRID 51, VIP 10.0.0.100, 500 ms adverts (a loaded emulated guest misses
# 100 ms ones); service tcp 10.0.0.100:80 on d1
# with servers 10.1.0.2:80 and 10.1.0.3:80 that only the MISC_CHECKs judge.
# flavors: stock
. "$HAVS_TOP/tests/lib/netns.sh"

lan_create
lan_host d1 10.0.0.1
lan_host d2 10.0.0.2
scratch_dir W
chmod 755 "$W"
havs_load
AGENT=
scenario_cleanup() {
	[ -z "$AGENT" ] || kill -9 "$AGENT" 2>/dev/null
	[ ! -f "$W/agent.log" ] || tail -n 15 "$W/agent.log"
	# what a killed agent's hung script left running
	for p in $(cat "$W/hang.pids" 2>/dev/null); do
		kill -9 -- "-$p" 2>/dev/null
	done
}
state() { n "$1" "$HAVSADM" -j vrrp show dev eth0 vrid 51 | jq -r '.[0].state'; }
health() {
	n d1 "$HAVSADM" -j check show | jq -r ".[] | select(.server == \"$1\") | .health"
}
weight() {
	n d1 ipvsadm -Ln -t 10.0.0.100:80 | awk -v s="$1" '$2 == s { print $4 }'
}
# the script's object: "up" or "down", and its lease (ms) when it has one
obj() {
	n d1 "$HAVSADM" -j track show chk_ok |
		jq -r '.[0] | (if .up then "up" else "down" end) + " " + (.lease_ms // 0 | tostring)'
}
lines() { [ -f "$W/$1.log" ] && wc -l < "$W/$1.log" || echo 0; }
started() { cat "$W/agent.log" 2>/dev/null | grep -c "havs-agent: $W/d1.conf: 4 scripts and checks"; }
start_agent() {
	local before
	before=$(started || true)
	"$HAVSADM" -n "$NS_PREFIX-d1" agent -f "$W/d1.conf" 2>> "$W/agent.log" &
	AGENT=$!
	wait_for 10 eval '[ "$(started)" -gt "$before" ]'
}

# log.sh FILE WORDS: a notify script that appends its arguments to FILE.log
cat > "$W/log.sh" <<EOF
#!/bin/sh
f=\$1
shift
echo "\$*" >> "$W/\$f.log"
EOF
# a script that hangs, with a child, and ignores SIGTERM: only SIGKILL ends it
cat > "$W/hang.sh" <<EOF
trap '' TERM
echo \$\$ >> "$W/hang.pids"
sleep 100 &
sleep 100
EOF
# a MISC_CHECK with misc_dynamic: exit 7 is up with weight 5
cat > "$W/dyn.sh" <<EOF
id -u >> "$W/dyn.uid"
exit 7
EOF
chmod 755 "$W/log.sh"
chmod 644 "$W/hang.sh" "$W/dyn.sh"
: > "$W/dyn.uid"
chmod 666 "$W/dyn.uid"

cat > "$W/keepalived-d1.conf" <<EOF
global_defs {
    vrrp_version 3
}
vrrp_script chk_ok {
    script "/usr/bin/test ! -e $W/fail"
    interval 1
    timeout 2
    fall 2
    weight -150
}
vrrp_script chk_hang {
    script "/bin/sh $W/hang.sh"
    interval 1
    timeout 1
}
vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 51
    priority 200
    advert_int 0.5
    virtual_ipaddress {
        10.0.0.100
    }
    track_script {
        chk_ok
    }
    notify_master "$W/log.sh vrrp master"
    notify_backup "$W/log.sh vrrp backup"
    notify "$W/log.sh vrrp notify"
}
virtual_server 10.0.0.100 80 {
    delay_loop 2
    lb_algo rr
    lb_kind NAT
    protocol TCP
    real_server 10.1.0.2 80 {
        weight 10
        notify_up "$W/log.sh rs up"
        notify_down "$W/log.sh rs down"
        MISC_CHECK {
            misc_path "/usr/bin/test ! -e $W/rs2.down"
            misc_timeout 1.5
            retry 1
            misc_dynamic
            user nobody
        }
    }
    real_server 10.1.0.3 80 {
        weight 10
        MISC_CHECK {
            misc_path "/bin/sh $W/dyn.sh"
            misc_timeout 1.5
            retry 1
            misc_dynamic
            user nobody
        }
    }
}
EOF
cat > "$W/keepalived-d2.conf" <<EOF
vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 51
    priority 100
    advert_int 0.5
    version 3
    virtual_ipaddress {
        10.0.0.100
    }
}
EOF

say "import: the scripts, the tracking, the notify scripts and the MISC_CHECKs are translated"
for d in d1 d2; do
	"$HAVSADM" import-keepalived "$W/keepalived-$d.conf" > "$W/$d.conf" 2> "$W/$d.err" ||
		fail "import of $d: $(cat "$W/$d.err")"
done
cat "$W/d1.conf" "$W/d1.err"
c=$(tr -s ' \n' ' ' < "$W/d1.conf")
expect_match "$c" "script chk_ok interval 1s timeout 2s fall 2 command \"/usr/bin/test ! -e $W/fail\"" "vrrp_script"
expect_match "$c" "track-object chk_ok weight -150" "track_script, with the script's weight"
expect_match "$c" "instance VI_1 notify-master \"$W/log.sh vrrp master\"" "notify_master"
expect_match "$c" "check type external interval 2s timeout 1500ms rise 1 fall 2 user nobody command \"/usr/bin/test ! -e $W/rs2.down\" dynamic" "MISC_CHECK"
expect_match "$c" "server 10.1.0.3:80 weight 10 method nat command \"/bin/sh $W/dyn.sh\"" "the other server's misc_path"
echo "agent events $W/events.jsonl" >> "$W/d1.conf"
expect_rc 0 "d1's file needs the agent" "$HAVSADM" agent --needed -f "$W/d1.conf"
expect_rc 1 "d2's does not" "$HAVSADM" agent --needed -f "$W/d2.conf"

say "applied: the script's object exists, d1 is master"
expect_rc 0 "apply on d1" n d1 "$HAVSADM" apply -f "$W/d1.conf"
expect_rc 0 "apply on d2" n d2 "$HAVSADM" apply -f "$W/d2.conf"
expect_eq "$(obj)" "up 0" "the script's object, created by apply, without a lease"
wait_for 30 eval '[ "$(state d1)" = MASTER ] && [ "$(state d2)" = BACKUP ]'

say "the agent starts: the notify scripts see the state the instance is in"
start_agent
wait_for 10 eval '[ "$(lines vrrp)" -ge 2 ]'

say "the script fails: the object goes down, d2 takes over; then back"
touch "$W/fail"
wait_for 15 eval '[ "$(state d2)" = MASTER ] && [ "$(state d1)" = BACKUP ]'
expect_eq "$(obj)" "down 5000" "the object follows the script, set with a lease of 3 intervals + the timeout"
wait_for 10 eval '[ "$(lines vrrp)" -ge 4 ]'
rm "$W/fail"
wait_for 15 eval '[ "$(state d1)" = MASTER ] && [ "$(state d2)" = BACKUP ]'
wait_for 10 eval '[ "$(lines vrrp)" -ge 6 ]'
expect_eq "$(cat "$W/vrrp.log")" "master
notify INSTANCE VI_1 MASTER 200
backup
notify INSTANCE VI_1 BACKUP 50
master
notify INSTANCE VI_1 MASTER 200" "notify scripts in order, with keepalived's arguments"
expect_eq "$(grep -c '"event":"vrrp"' "$W/events.jsonl")" 2 "two VRRP events in the sink"
expect_eq "$(jq -sr 'map(select(.event == "vrrp")) | map(.instance + " " + .state) | join(",")' \
	"$W/events.jsonl")" "VI_1 BACKUP,VI_1 MASTER" "the sink's events are JSON"

say "MISC_CHECK: a server down and up with its notify scripts; misc_dynamic sets a weight"
wait_for 15 eval '[ "$(health 10.1.0.2:80)" = up ] && [ "$(weight 10.1.0.3:80)" = 5 ]'
wait_for 10 test -s "$W/dyn.uid"
expect_eq "$(head -n 1 "$W/dyn.uid")" 65534 "the check ran as nobody"
touch "$W/rs2.down"
wait_for 15 eval '[ "$(health 10.1.0.2:80)" = down ]'
rm "$W/rs2.down"
wait_for 15 eval '[ "$(health 10.1.0.2:80)" = up ]'
wait_for 10 eval '[ "$(lines rs)" -ge 2 ]'
expect_eq "$(cat "$W/rs.log")" "down
up" "notify_down, then notify_up"
expect_eq "$(weight 10.1.0.2:80)" 10 "exit 0 keeps the weight"

say "the hung script: killed with its process group (SIGTERM ignored: SIGKILL), reported once, counted"
wait_for 20 eval '[ "$(wc -l < "$W/hang.pids")" -ge 3 ]'
first=$(head -n 1 "$W/hang.pids")
wait_for 5 eval "! pgrep -g $first"
expect_eq "$(grep -c 'script chk_hang failing' "$W/agent.log")" 1 "reported once"
expect_match "$(grep 'script chk_hang failing' "$W/agent.log")" \
	"timed out after 1000 ms, process group killed" "why"
kill -USR1 "$AGENT"
wait_for 5 grep -q "script chk_hang: down, runs" "$W/agent.log"
counts=$(grep "script chk_hang: down, runs" "$W/agent.log" | tail -n 1)
runs=$(echo "$counts" | sed -n 's/.*runs \([0-9]*\),.*/\1/p')
timeouts=$(echo "$counts" | sed -n 's/.*timeouts \([0-9]*\),.*/\1/p')
[ "$runs" -ge 2 ] && [ "$timeouts" = "$runs" ] || fail "counts: $counts"
echo "ok: every run of the hung script timed out: $counts"

say "SIGHUP: a file with an error changes nothing; the file again keeps every state"
cp "$W/d1.conf" "$W/d1.good"
echo "frobnicate" >> "$W/d1.conf"
kill -HUP "$AGENT"
wait_for 10 grep -q "not reloaded: the file has errors" "$W/agent.log"
cp "$W/d1.good" "$W/d1.conf"
kill -HUP "$AGENT"
wait_for 10 grep -q "$W/d1.conf: reloaded: 4 scripts and checks" "$W/agent.log"
sleep 2	# a few runs of the scripts after the reload
expect_eq "$(state d1)" MASTER "d1 still master"
expect_eq "$(lines vrrp)" 6 "no notify script ran again: the instance's state was kept"
kill -0 "$AGENT" || fail "the agent is gone after the reloads"

say "SIGTERM: the children's groups are killed, the agent exits 0"
kill -TERM "$AGENT"
rc=0
wait "$AGENT" || rc=$?
AGENT=
expect_eq "$rc" 0 "exit status"
expect_match "$(tail -n 1 "$W/agent.log")" "havs-agent: stopped" "last line"
wait_for 5 eval "! pgrep -g $(paste -sd, "$W/hang.pids")"
echo "ok: no process of the hung script's groups is left"

say "SIGKILL: the script's object goes down when its lease runs out, d2 takes over"
start_agent
wait_for 10 eval '[ "$(obj)" = "up 5000" ]'
wait_for 30 eval '[ "$(state d1)" = MASTER ]'
kill -9 "$AGENT"
wait "$AGENT" 2>/dev/null || true
AGENT=
t0=$(date +%s%N)
wait_for 15 eval '[ "$(state d2)" = MASTER ]'
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
expect_eq "$(obj)" "down 0" "the object failed safe (its lease ran out and is gone)"
expect_match "$(n d1 "$HAVSADM" -j track show chk_ok | jq -r '.[0].reason')" "lease" "why"
echo "# d2 master ${ms} ms after the agent was killed (lease: 3 x 1s + 2s)"
[ "$ms" -ge 2000 ] || fail "d2 took over ${ms} ms after the kill: before the lease could run out"

n d1 "$HAVSADM" apply -f /dev/null > /dev/null
n d2 "$HAVSADM" apply -f /dev/null > /dev/null
havs_unload
