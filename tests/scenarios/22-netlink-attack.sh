#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Netlink attacks: every command, every attribute at every nesting level,
# malformed as the kernel's own policy dump says it must not be (genl.py
# --attack), on top of a valid request per command; and namespaces that
# cannot see or touch each other's state.
#
#      a 10.0.0.1 (eth0)                     b 10.0.0.9 (eth0)
#      VRRP VRID 51, VIP 10.0.0.100          nothing of its own; then
#      tracking object "web" (weight -20)    only what it makes itself
#      service tcp 10.0.0.100:80 havs_rr
#        real server 10.0.0.2:80, check external
#          |                                     |
#          +------------- br0 (netns lan) -------+
#
# The state of a is snapshotted (havsadm -j, without counters, timestamps
# and states that move by themselves) before the attack and after each
# step: nothing may be created, deleted or changed, and the kernel log
# must stay clean (the harness fails the run on any splat).
# havs's own validation, on the debug kernel only (KASAN watches it; the
# stock guest is the run's longest and gains nothing from the same code
# on the same kernel source without the checks).
# flavors: debug
. "$HAVS_TOP/tests/lib/netns.sh"

lan_create
lan_host a 10.0.0.1
lan_host b 10.0.0.9
havs_load

A() { n a "$HAVSADM" "$@"; }
B() { n b "$HAVSADM" "$@"; }
. "$HAVS_TOP/tests/lib/genl.sh"
genl_start ip netns exec "$NS_PREFIX-a"

say "state in a: an instance, a tracked object, a service with check settings"
A track set web up
A vrrp add dev eth0 vrid 51 priority 150 interval 100ms address 10.0.0.100 \
	track-object web weight -20
A service add tcp 10.0.0.100:80 scheduler havs_rr
A server add tcp 10.0.0.100:80 10.0.0.2:80 method dr weight 10
A check set tcp 10.0.0.100:80 type external interval 3s timeout 1s rise 3 fall 2 \
	slowstart 2s
A server set tcp 10.0.0.100:80 10.0.0.2:80 health up

# What a holds, as JSON, without what changes by itself.
VOLATILE='^(stats|state|prev_state|previous_state|reason|master.*|last.*|.*_ns|transitions|probes.*|rtt.*|active|inactive|.*conns|adverts.*|drop.*|gated|garp|tx_errors|.*bytes|.*packets|.*rate|.*pps|.*bps|cps)$'
snapshot() {
	local what
	for what in "vrrp show" "track show" "check settings" "service show" "check show"; do
		printf '%s: ' "$what"
		# shellcheck disable=SC2086
		"$@" -j $what | jq -cS --arg v "$VOLATILE" \
			'walk(if type == "object" then with_entries(select(.key | test($v) | not)) else . end)'
	done
}
SNAP=$(snapshot A)
echo "$SNAP"
expect_eq "$(A -j vrrp show | jq length)" 1 "a has one instance"
expect_eq "$(A -j track show | jq length)" 1 "a has one tracked object"
expect_eq "$(A -j check settings | jq length)" 1 "a has one service with settings"
expect_eq "$(A -j service show | jq '.[0].servers | length')" 1 "a's service has one server"
same_state() {
	local now
	now=$(snapshot A)
	[ "$now" = "$SNAP" ] ||
		fail "$1: a's state changed: $(diff <(echo "$SNAP") <(echo "$now"))"
	echo "ok: $1: a's state unchanged"
}

# Attributes, as in 05: little-endian length and type, padded value.
le16() { printf '%02x%02x' $(($1 & 255)) $(($1 >> 8)); }
le32() { printf '%s%s' "$(le16 $(($1 & 65535)))" "$(le16 $(($1 >> 16)))"; }
attr() {	# TYPE HEXVALUE: one attribute, padded to 4 bytes
	local len=$((4 + ${#2} / 2)) pad=000000
	printf '%s%s%s%s' "$(le16 $len)" "$(le16 "$1")" "$2" "${pad:0:$(((4 - len % 4) % 4 * 2))}"
}
str() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n'; printf 00; }
NEST=$((0x8000))

# A valid request per command that takes input (numbers from
# uapi/linux/havs.h). Requests that would change a's state name what
# does not exist (refused), or restate what a has (idempotent).
ifx=$(n a cat /sys/class/net/eth0/ifindex)
vdev=$(n a ip -o link show type macvlan | cut -d: -f1 | head -n 1)
[ -n "$vdev" ] || fail "no macvlan made by vrrp add"
inst() {	# VRID: HAVS_A_VRRP's identity attributes
	printf '%s%s%s' "$(attr 1 "$(le32 "$ifx")")" "$(attr 2 "$(printf %02x "$1")")" "$(attr 3 0200)"
}
VIPS=$(attr $((NEST | 11)) "$(attr 12 0a000064)")
NEW="$((NEST | 7)):$(inst 51)$(attr 4 "$(le32 "$vdev")")$VIPS"
DEL="$((NEST | 7)):$(inst 52)"
GET="$((NEST | 7)):$(inst 51)"
SET="$((NEST | 7)):$(inst 51)$(attr 6 96)$(attr 7 "$(le16 10)")$(attr 8 01)$(attr 9 00000000)$(attr 10 00)$(attr 21 01)"
TSET="$((NEST | 8)):$(attr 1 "$(str web)")$(attr 2 01)"
TDEL="$((NEST | 8)):$(attr 1 "$(str nothere)")"
TGET="$((NEST | 8)):$(attr 1 "$(str web)")"
svc() {	# PORT: HAVS_A_SERVICE, tcp 10.0.0.100:PORT
	printf '%s%s%s%s' "$(attr 1 0200)" "$(attr 2 0600)" "$(attr 3 0a000064)" "$(attr 4 "$(printf %04x "$1")")"
}
CSET="$((NEST | 9)):$(svc 80)$(attr 7 "$(le32 2000)") $((NEST | 10)):$(attr 1 03)$(attr 3 "$(le32 3000)")$(attr 4 "$(le32 1000)")$(attr 6 03)$(attr 7 02)"
CDEL="$((NEST | 9)):$(svc 81)"
SSET="$((NEST | 9)):$(svc 80) $((NEST | 11)):$(attr 1 0200)$(attr 2 0a000002)$(attr 3 0050)$(attr 4 01)"

say "the valid requests are answered as expected"
expect_match "$(genl 2 "$NEW")" '^error EEXIST: .+' "VRRP_NEW base: the instance exists"
expect_match "$(genl 3 "$DEL")" '^error ENOENT: .+' "VRRP_DEL base: no VRID 52"
expect_match "$(genl 4 "$GET")" '^reply ' "VRRP_GET base"
expect_eq "$(genl 9 "$SET")" ack "VRRP_SET base (restates a's settings)"
expect_eq "$(genl 6 "$TSET")" ack "TRACK_SET base (restates web up)"
expect_match "$(genl 7 "$TDEL")" '^error ENOENT: .+' "TRACK_DEL base: no such object"
expect_match "$(genl 8 "$TGET")" '^reply ' "TRACK_GET base"
# shellcheck disable=SC2086
expect_eq "$(genl 10 $CSET)" ack "CHECK_SET base (restates a's settings)"
expect_match "$(genl 11 "$CDEL")" '^error ENOENT: .+' "CHECK_DEL base: no settings for port 81"
# shellcheck disable=SC2086
expect_eq "$(genl 14 $SSET)" ack "SERVER_SET base (restates health up)"
same_state "after the valid requests"

say "a command refuses nests it does not read, even well-formed ones"
VIP5=$(attr $((NEST | 11)) "$(attr 12 0a00006401)")
SRV=$((NEST | 11)):$(attr 1 0200)$(attr 2 0a000002)$(attr 3 0050)$(attr 4 01)
expect_match "$(genl 4 "$GET$VIP5")" '^error EINVAL: .+' "VRRP_GET with addresses"
expect_match "$(genl 3 "$DEL$VIP5")" '^error EINVAL: .+' "VRRP_DEL with addresses"
# shellcheck disable=SC2086
expect_match "$(genl 10 $CSET "$SRV")" '^error EINVAL: .+' "CHECK_SET with a server"
expect_match "$(genl 11 "$CDEL" "$((NEST | 10)):$(attr 1 03)")" '^error EINVAL: .+' \
	"CHECK_DEL with check settings"
# shellcheck disable=SC2086
expect_match "$(genl 14 $SSET "$((NEST | 10)):$(attr 1 00)")" '^error EINVAL: .+' \
	"SERVER_SET with check settings"
same_state "after requests with nests a command does not read"

say "the attack: every command, every attribute, malformed"
rc=0
# shellcheck disable=SC2086
out=$(n a python3 "$HAVS_TOP/tests/lib/genl.py" --attack --seed 22 --random 4 \
	--base 2 "$NEW" --base 3 "$DEL" --base 4 "$GET" --base 9 "$SET" \
	--base 6 "$TSET" --base 7 "$TDEL" --base 8 "$TGET" \
	--base 10 $CSET --base 11 "$CDEL" --base 14 $SSET) || rc=$?
echo "$out"
[ "$rc" = 0 ] || fail "genl.py --attack: $(echo "$out" | grep -E '^(FAIL|summary)' | head -n 20)"
expect_match "$(echo "$out" | tail -n 1)" '^summary: [0-9]+ requests, [0-9]+ commands, [0-9]+ refused with a message, [0-9]+ accepted where that may be valid, 0 failures$' \
	"every malformed request refused with a message"
for cmd in GET_VERSION VRRP_NEW VRRP_DEL VRRP_GET VRRP_SET TRACK_SET TRACK_DEL TRACK_GET \
	CHECK_SET CHECK_DEL CHECK_GET SERVER_GET SERVER_SET; do
	expect_match "$(echo "$out" | grep '^requests: ')" "[ ,]$cmd (do|dump) [0-9]+" "$cmd attacked"
done
expect_match "$(genl 1)" '^reply 1=' "still answering"
expect_rc 0 "havsadm still works" A vrrp show
same_state "after the attack"
expect_eq "$(A -j vrrp show | jq length)" 1 "no instance created or deleted"
expect_eq "$(A -j track show | jq length)" 1 "no tracked object created or deleted"
expect_eq "$(A -j check settings | jq length)" 1 "no check settings created or deleted"
expect_eq "$(A -j service show | jq length)" 1 "no service created or deleted"

say "namespace b sees nothing of a's and cannot change it"
expect_eq "$(B -j vrrp show)" "[]" "b: no instances"
expect_eq "$(B -j track show)" "[]" "b: no tracked objects"
expect_eq "$(B -j check settings)" "[]" "b: no check settings"
expect_eq "$(B -j service show)" "[]" "b: no services"
expect_eq "$(havsadm -n "$NS_PREFIX-b" -j vrrp show)" "[]" "havsadm -n b: no instances"
refused() {	# WHAT PATTERN CMD...: CMD fails and says PATTERN
	local rc=0
	OUTPUT=$("${@:3}" 2>&1) || rc=$?
	[ "$rc" != 0 ] || fail "$1: succeeded: $OUTPUT"
	expect_match "$OUTPUT" "$2" "$1"
}
NOENT="no such|no service|no instance|not found|No such"
refused "b: vrrp del of a's instance" "$NOENT" B vrrp del dev eth0 vrid 51
refused "b: vrrp set of a's instance" "$NOENT" B vrrp set dev eth0 vrid 51 priority 10
refused "b: track del of a's object" "$NOENT" B track del web
refused "b: check del of a's settings" "$NOENT|no check settings" B check del tcp 10.0.0.100:80
refused "b: server set of a's server" "$NOENT" \
	B server set tcp 10.0.0.100:80 10.0.0.2:80 health down
# the raw requests, with a's ifindex, from b
genlb() { n b python3 "$HAVS_TOP/tests/lib/genl.py" "$@"; }
expect_match "$(genlb 4 "$GET")" '^error ENOENT: no such VRRP instance' "b: VRRP_GET of a's instance"
expect_match "$(genlb 8 "$TGET")" '^error ENOENT: no such tracked object' "b: TRACK_GET of a's object"
# shellcheck disable=SC2086
expect_match "$(genlb 14 $SSET)" '^error ENOENT: ' "b: SERVER_SET of a's server"
# b's own object named like a's is b's alone
B track set web down
expect_eq "$(B -j track show | jq -r '.[0].up')" false "b: its own web is down"
same_state "after b's requests"
B track del web
expect_eq "$(B -j track show)" "[]" "b: its own web deleted"
same_state "after b deleted its own object"

A vrrp del dev eth0 vrid 51
A check del tcp 10.0.0.100:80
A service del tcp 10.0.0.100:80
A track del web
ns_del a
ns_del b
ns_del lan
for _ in $(seq 100); do
	[ "$(cat /sys/module/havs/refcnt)" = 0 ] && break
	sleep 0.1
done
havs_unload
