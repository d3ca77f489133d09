#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Module parameters under /sys/module/havs/parameters are validated when
# written: a bad value fails with EINVAL, is logged, and changes nothing.
. "$HAVS_TOP/tests/lib/netns.sh"

P=/sys/module/havs/parameters

# A bad value at load time refuses the load.
expect_rc 1 "modprobe with verbose=9" modprobe havs verbose=9
! grep -q '^havs ' /proc/modules || fail "havs loaded with an invalid parameter"
expect_match "$(dmesg --notime | tail -n 5)" 'havs: parameter verbose: refused "9"' \
	"load-time refusal logged"

havs_load verbose=0
expect_eq "$(cat $P/verbose)" 0 "verbose from modprobe"
expect_eq "$(stat -c %a $P/verbose)" 644 "verbose mode"

for v in 2 1 0; do
	echo "$v" > $P/verbose || fail "writing $v failed"
	expect_eq "$(cat $P/verbose)" "$v" "verbose after writing $v"
done

for bad in 3 -1 abc " " 1x 0x1 99999999999; do
	dmesg_mark
	rc=0
	printf '%s' "$bad" > $P/verbose 2> /dev/null || rc=$?
	[ "$rc" != 0 ] || fail "writing '$bad' succeeded"
	expect_eq "$(cat $P/verbose)" 0 "verbose unchanged after writing '$bad'"
	expect_match "$(dmesg_new)" "parameter verbose: refused \"$bad\": expected a whole number from 0 to 2; value stays 0" \
		"refusal of '$bad' logged"
done

# The other parameters are checked the same way (their ranges).
for p in garp_count:1:20 garp_interval_ms:10:10000 garp_refresh_s:0:3600 \
	probe_max_inflight:1:65536 max_instances:1:65536 max_probed:1:1048576 \
	probe_max_inflight_ns:1:65536 max_check_settings:1:1048576 max_track_objects:1:65536 \
	max_announce:1:65536; do
	IFS=: read -r name min max <<< "$p"
	old=$(cat $P/$name)
	for bad in $((min - 1)) $((max + 1)); do
		[ "$bad" -ge 0 ] || continue
		printf '%s' "$bad" > $P/$name 2> /dev/null && fail "$name accepted $bad"
		expect_eq "$(cat $P/$name)" "$old" "$name unchanged after writing $bad"
	done
	echo "$max" > $P/$name || fail "$name refused its maximum $max"
	echo "$old" > $P/$name
done

# Writers get EINVAL specifically.
err=$(python3 -c 'import os,sys
try:
    fd = os.open(sys.argv[1], os.O_WRONLY); os.write(fd, b"7")
except OSError as e:
    print(e.errno)' $P/verbose)
expect_eq "$err" 22 "errno of a bad write"

# Caps: max_instances refuses with a reason and leaves nothing behind;
# beyond max_probed, servers are listed unprobed and the log says why.
lan_create
lan_host c1 10.9.0.1
echo 1 > $P/max_instances
n c1 "$HAVSADM" vrrp add dev eth0 vrid 1 address 10.9.0.100
expect_rc 1 "a second instance beyond max_instances 1" \
	n c1 "$HAVSADM" vrrp add dev eth0 vrid 2 address 10.9.0.101
expect_match "$OUTPUT" "max_instances" "the refusal names the parameter"
expect_eq "$(n c1 "$HAVSADM" -j vrrp show | jq length)" 1 "instances"
expect_eq "$(n c1 ip -o link show | grep -c '@eth0')" 1 "macvlans (the refused one's is gone)"
n c1 "$HAVSADM" vrrp del dev eth0 vrid 1
echo 4096 > $P/max_instances
echo 1 > $P/max_probed
dmesg_mark
n c1 ipvsadm -A -t 10.9.0.100:80 -s havs_rr
n c1 ipvsadm -a -t 10.9.0.100:80 -r 10.9.0.2:80 -m
n c1 ipvsadm -a -t 10.9.0.100:80 -r 10.9.0.3:80 -m
expect_eq "$(n c1 "$HAVSADM" -j check show | jq -c '[.[] | .check] | sort')" '[null,"tcp"]' \
	"one server probed, one not"
expect_match "$(dmesg_new)" "10.9.0.3:80 not probed: this namespace probes max_probed \(1\) servers already; it counts as up" \
	"the log says which server and why"
n c1 ipvsadm -C
echo 65536 > $P/max_probed
# max_track_objects and max_check_settings: refused with the parameter's
# name, nothing half made
echo 1 > $P/max_track_objects
n c1 "$HAVSADM" track set a up
expect_rc 1 "a second tracked object beyond max_track_objects 1" n c1 "$HAVSADM" track set b up
expect_match "$OUTPUT" "max_track_objects" "the refusal names the parameter"
expect_rc 1 "an instance naming a new object beyond max_track_objects 1" \
	n c1 "$HAVSADM" vrrp add dev eth0 vrid 3 address 10.9.0.103 track-object c
expect_match "$OUTPUT" "max_track_objects" "the instance's refusal names the parameter"
expect_eq "$(n c1 "$HAVSADM" -j track show | jq -c '[.[] | .name]')" '["a"]' "tracked objects"
expect_eq "$(n c1 "$HAVSADM" -j vrrp show | jq length)" 0 "no instance was made"
expect_eq "$(n c1 ip -o link show | grep -c '@eth0' || true)" 0 "no macvlan was left"
n c1 "$HAVSADM" track del a
echo 4096 > $P/max_track_objects
echo 1 > $P/max_check_settings
n c1 "$HAVSADM" check set tcp 10.9.0.100:80 type tcp
expect_rc 1 "settings of a second service beyond max_check_settings 1" \
	n c1 "$HAVSADM" check set tcp 10.9.0.100:81 type tcp
expect_match "$OUTPUT" "max_check_settings" "the refusal names the parameter"
n c1 "$HAVSADM" check set tcp 10.9.0.100:80 type http
expect_eq "$(n c1 "$HAVSADM" -j check settings | jq length)" 1 "settings: the existing ones may change"
n c1 "$HAVSADM" check del tcp 10.9.0.100:80
echo 65536 > $P/max_check_settings
ns_del c1
ns_del lan

# verbose=2 shows namespace lifecycle; 0 hides even load/unload lines.
echo 2 > $P/verbose
dmesg_mark
ns_add x
wait_for 10 eval 'dmesg_new | grep -q "havs: netns [0-9]*: state created"'
echo 0 > $P/verbose
dmesg_mark
rmmod havs
[ -z "$(dmesg_new | grep 'havs: unloaded')" ] || fail "verbose=0 still logged the unload"
echo "ok: verbose=0 keeps dmesg quiet"
