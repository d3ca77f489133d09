#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The family's YNL spec, kmod/uapi/havs.yaml, drives the module through
# the kernel's own YNL code: cli.py and its library from linux-source-6.12
# (tests/static/ynl.sh stages them in build/ynl). Every reply, dump and
# event the spec decodes must say what havsadm -j says about the same
# object, so an attribute of the wrong type, number, nest, byte order or
# enum in the spec fails here. Where the two differ by design they are
# mapped: YNL names an enum's value (reason master-down), havsadm says it
# in words (tools/reason.c); YNL shows an event's time as the kernel keeps
# it (CLOCK_BOOTTIME, ns), havsadm as wall-clock time. Most requests go through one tests/lib/ynl_serve.py process
# (the library cli.py is a front end of); cli.py itself runs three times.
#
#   namespace a: eth0 (dummy, 10.0.0.1/24, fe80::/64), vr51 and vr51v6
#   (macvlans, the IPv4 and IPv6 virtual MACs of VRID 51)
#   IPVS tcp 10.0.0.100:80 (havs_rr) -> 10.0.0.2:8080, made with ipvsadm
# The spec and the library are the same on every kernel, and the requests
# are those of other scenarios: the stock guest runs it, the debug one not.
# flavors: stock
# shellcheck disable=SC2016,SC2119 # jq programs in single quotes; havs_load
. "$HAVS_TOP/tests/lib/netns.sh"
. "$HAVS_TOP/tests/lib/ynl.sh"

ns_add a
n a ip link add eth0 type dummy
n a ip addr add 10.0.0.1/24 dev eth0
n a ip link set eth0 up
n a ip link add vr51 link eth0 address 00:00:5e:00:01:33 type macvlan mode bridge
n a ip link set vr51 up
n a ip link add vr51v6 link eth0 address 00:00:5e:00:02:33 type macvlan mode bridge
n a ip link set vr51v6 addrgenmode none
n a ip link set vr51v6 up
IFX=$(n a ip -j link show eth0 | jq '.[0].ifindex')
VDX=$(n a ip -j link show vr51 | jq '.[0].ifindex')
VDX6=$(n a ip -j link show vr51v6 | jq '.[0].ifindex')
# interface names by ifindex, as havsadm shows them
LINKS=$(n a ip -j link show | jq -c 'map({key: (.ifindex | tostring), value: .ifname}) | from_entries')

havs_load
HA() { n a "$HAVSADM" "$@"; }
cli() {
	ip netns exec "$NS_PREFIX-a" python3 "$YNL_DIR/tools/net/ynl/cli.py" \
		--spec "$YNL_SPEC" --no-schema --output-json "$@"
}
ynl_start ip netns exec "$NS_PREFIX-a"
# jq: the reply of a ynl line (a refusal fails the scenario)
ok() {
	jq 'if has("reply") then .reply else error("refused: \(.)") end' <<< "$1" ||
		fail "ynl: $1"
}
# An IPv4 address as YNL takes a u32 of byte order big-endian: a number
# (it prints it as the address, by the display hint ipv4, but reads no
# string back).
ip4n() {
	local IFS=. a
	read -r -a a <<< "$1"
	echo $(( a[0] << 24 | a[1] << 16 | a[2] << 8 | a[3] ))
}
# havsadm's words for an enum of the spec, by YNL name, from the table of
# tools/reason.c: [HAVS_VRRP_R_MASTER_DOWN] = "master down timer expired"
# becomes "master-down": "master down timer expired".
words() {
	sed -n 's/^[[:space:]]*\['"$1"'\([A-Z0-9_]*\)\] = \("[^"]*"\),$/\1 \2/p' \
		"$HAVS_TOP/tools/reason.c" |
		jq -Rnc '[inputs | capture("^(?<k>[A-Z0-9_]+) (?<v>.*)$") |
			{key: (.k | ascii_downcase | gsub("_"; "-")), value: (.v | fromjson)}] |
			from_entries'
}
VRRP_REASONS=$(words HAVS_VRRP_R_)
PROBE_ERRORS=$(words HAVS_PROBE_E_)
# (tests/static/ynl.sh checks that they name every value of the spec's
# vrrp-reason and probe-error, and nothing else)
# vreason: an instance's reason in havsadm's words; perror: a server's
# probe-error (with http-status, errno) in havsadm's words, or null
JQDEFS='def hexbyte: explode | map(if . >= 97 then . - 87 else . - 48 end) | .[0] * 16 + .[1];
def vreason: $vr[.] // error("no words for reason \(.)");
def perror: if ."probe-error" == null then null
	elif ."probe-error" == "http-status" and ."http-status" then
		"status \(."http-status") not accepted"
	elif ."probe-error" == "socket" or ."probe-error" == "no-socket" then
		error("probe-error \(."probe-error"), errno \(.errno): strerror is havsadm'"'"'s")
	else $pe[."probe-error"] // error("no words for probe-error \(."probe-error")") end;
def ifname: $links[tostring] // .;
def hostport($a; $p): if ($a | contains(":")) then "[\($a)]:\($p)" else "\($a):\($p)" end;'
yq() {
	jq -cS --argjson links "$LINKS" --argjson vr "$VRRP_REASONS" \
		--argjson pe "$PROBE_ERRORS" "$JQDEFS $1"
}
# check_boottime WHAT BOOT_NS REAL_NS: an event's time as YNL shows it
# (CLOCK_BOOTTIME, ns: after boot, not after now) is the one havsadm shows
# as wall-clock time (REAL_NS), give or take a second. The clocks' offset
# is read with bash builtins only (no fork between the two reads);
# /proc/uptime is CLOCK_BOOTTIME in hundredths, rounded down.
check_boottime() {
	local what=$1 boot=$2 real=$3 up _ now off diff
	[[ $boot =~ ^[0-9]+$ && $real =~ ^[0-9]+$ ]] ||
		fail "$what: '$boot' (YNL) and '$real' (havsadm) are not both times in ns"
	read -r up _ < /proc/uptime
	now=${EPOCHREALTIME/./}
	up=$(( 10#${up/./} * 10000000 ))
	off=$(( now * 1000 - up ))
	if [ "$boot" -le 0 ] || [ "$boot" -gt $(( up + 10000000 )) ]; then
		fail "$what: CLOCK_BOOTTIME $boot ns is not within the $up ns since boot"
	fi
	diff=$(( real - (boot + off) ))
	[ "${diff#-}" -le 1000000000 ] ||
		fail "$what: $boot ns after boot is $(( boot + off )) ns wall-clock, havsadm shows $real"
	echo "ok: $what: $boot ns after boot (uptime $up ns), havsadm's wall clock within ${diff#-} ns"
}

say "get-version (cli.py --do) and stats-get"
expect_eq "$(cli --do get-version | yq '[.version, .api, ."built-for", .kernel, ."netns-cookie"]')" \
	"$(HA -j version | yq '.module | [.version, .api, .built_for, .kernel, .netns_cookie]')" \
	"get-version decodes what havsadm version shows"
expect_eq "$(ok "$(ynl_do stats-get)" | yq '.stats | with_entries(.key |= {"vrrp-short": "vrrp_rx_short",
		"vrrp-no-instance": "vrrp_rx_no_instance", "probe-targets": "probe_targets"}[.])')" \
	"$(HA -j stats | yq .)" "stats-get decodes what havsadm stats shows"

say "vrrp-new, with a cli.py --subscribe listening for its event"
ip netns exec "$NS_PREFIX-a" python3 "$YNL_DIR/tools/net/ynl/cli.py" --spec "$YNL_SPEC" \
	--no-schema --output-json --subscribe events --sleep 3 > "$HAVS_OUT/31-ynl-subscribe.json" &
SUB=$!
PIDS+=("$SUB")
wait_for 30 nl_subscribed "$SUB"
ok "$(ynl subscribe events)" > /dev/null
ID='"ifindex": '$IFX', "vrid": 51, "family": 2'
ok "$(ynl_do vrrp-new '{"vrrp": {'"$ID"', "vdev": '"$VDX"', "priority": 150,
	"interval": 50, "preempt-delay": 200, "accept": 0, "sync-group": "g1",
	"vips": {"vip4": ['"$(ip4n 10.0.0.100)"', '"$(ip4n 10.0.0.101)"']},
	"peers": {"peer4": ['"$(ip4n 10.0.0.2)"']},
	"tracks": {"track": [{"name": "web", "weight": -50}, {"ifindex": '"$IFX"', "weight": 10}]}}}')" \
	> /dev/null
wait "$SUB" || fail "cli.py --subscribe failed: $(cat "$HAVS_OUT/31-ynl-subscribe.json")"
expect_eq "$(yq '.[0] | [.name, (.msg.vrrp | .vrid, .family, ."prev-state", .state, .reason,
	.vips.vip4, .peers.peer4)]' < "$HAVS_OUT/31-ynl-subscribe.json")" \
	'["vrrp-ntf",51,2,"init","backup","startup",["10.0.0.100","10.0.0.101"],["10.0.0.2"]]' \
	"cli.py --subscribe: the instance's first vrrp-ntf, its addresses in order"

say "vrrp-get against havsadm vrrp show"
wait_for 30 eval '[ "$(HA -j vrrp show dev eth0 vrid 51 | json_get 0.state)" = MASTER ]'
ev=$(ok "$(ynl ntf vrrp-ntf 10)")
while [ "$(jq -r .msg.vrrp.state <<< "$ev")" != master ]; do
	ev=$(ok "$(ynl ntf vrrp-ntf 10)")
done
expect_eq "$(yq '.msg.vrrp | [.vrid, ."prev-state", (.reason | vreason), ."eff-priority"]' <<< "$ev")" \
	"$(HA -j vrrp show dev eth0 vrid 51 | yq '.[0] | [.vrid, "backup", .reason, .effective_priority]')" \
	"the vrrp-ntf of the transition to master"
expect_eq "$(yq '.msg.vrrp | [.reason, ."master-addr4"]' <<< "$ev")" '["master-down","10.0.0.1"]' \
	"its reason (an enum) and master (be32, shown as an address): itself"
VRRP_YNL='{dev: (.ifindex | ifname), vrid,
	family: ({"2": "inet", "10": "inet6"}[.family | tostring]), version,
	state: (.state | ascii_upcase), priority, effective_priority: ."eff-priority",
	interval_ms: (.interval * 10), master_interval_ms: (."master-interval" * 10),
	preempt: (.preempt == 1), preempt_delay_ms: (."preempt-delay" * 10),
	accept: (.accept == 1), checksum: (if ."csum-no-pseudo" == 1 then "v2" else "rfc" end),
	vdev: (.vdev | ifname),
	addresses: (.vips | .vip4 // .vip6), peers: (.peers // {} | .peer4 // .peer6 // []),
	sync_group: ."sync-group", conn_sync: ."conn-sync",
	tracks: [(.tracks.track // [])[] | (if .name then {object: .name} else
		{interface: (.ifindex | ifname)} end)
		+ {weight, up: (.up == 1)}],
	master: (."master-addr4" // ."master-addr6"),
	previous_state: (."prev-state" | ascii_upcase), reason: (.reason | vreason),
	transitions: .stats.transitions}'
VRRP_HA='{dev, vrid, family, version, state, priority, effective_priority, interval_ms,
	master_interval_ms, preempt, preempt_delay_ms, accept, checksum, vdev, addresses,
	peers, sync_group, conn_sync, tracks, master, previous_state, reason,
	transitions: .stats.transitions}'
y=$(ok "$(ynl_do vrrp-get '{"vrrp": {'"$ID"'}}')")
h=$(HA -j vrrp show dev eth0 vrid 51)
expect_eq "$(yq ".vrrp | $VRRP_YNL" <<< "$y")" "$(yq ".[0] | $VRRP_HA" <<< "$h")" \
	"vrrp-get decodes what havsadm vrrp show shows"
expect_match "$(yq '[.vrrp.state, .vrrp."eff-priority", .vrrp.stats.transitions]' <<< "$y")" \
	'^\["master",160,2\]$' "master, priority 150 + 10 (eth0 tracked up), two transitions"
check_boottime "vrrp-get: last-transition" "$(yq '.vrrp.stats."last-transition"' <<< "$y")" \
	"$(yq '.[0].stats.last_transition_ns' <<< "$h")"
expect_eq "$(yq '.msg.vrrp.stats."last-transition"' <<< "$ev")" \
	"$(yq '.vrrp.stats."last-transition"' <<< "$y")" \
	"the vrrp-ntf's last-transition is the vrrp-get's (the same transition)"
# counters that move: advertisements sent or not (no neighbour answers)
sent_y=$(yq '.vrrp.stats | ."adv-tx" + ."tx-errors"' <<< "$y")
sent_h=$(yq '.[0].stats | .adverts_sent + .tx_errors' <<< "$h")
if [ "$sent_y" -eq 0 ] || [ "$sent_y" -gt "$sent_h" ]; then
	fail "advertisements sent or not: $sent_y (ynl, first) vs $sent_h (havsadm, after)"
fi

say "vrrp-set, and what it refuses"
ok "$(ynl_do vrrp-set '{"vrrp": {'"$ID"', "priority": 120, "interval": 100, "preempt": 0,
	"preempt-delay": 0, "accept": 1, "csum-no-pseudo": 1, "conn-sync": 2}}')" > /dev/null
expect_eq "$(HA -j vrrp show dev eth0 vrid 51 | yq '.[0] | [.priority, .interval_ms,
	.preempt, .preempt_delay_ms, .accept, .checksum, .conn_sync]')" '[120,1000,false,0,true,"v2","derived"]' \
	"havsadm shows what vrrp-set changed"
expect_eq "$(ok "$(ynl_do vrrp-get '{"vrrp": {'"$ID"'}}')" | yq ".vrrp | $VRRP_YNL")" \
	"$(HA -j vrrp show dev eth0 vrid 51 | yq ".[0] | $VRRP_HA")" "and vrrp-get decodes the same"
expect_match "$(ynl_do vrrp-set '{"vrrp": {'"$ID"', "vdev": '"$VDX"'}}' | yq '[.error, .msg]')" \
	'^\["(EOPNOTSUPP|ENOTSUP)","this cannot be changed in place: delete and re-create the instance"\]$' \
	"vrrp-set of the macvlan refused, the extack message decoded"

say "vrrp-get dump (cli.py --dump) and vrrp-del"
expect_eq "$(cli --dump vrrp-get | yq "[.[].vrrp | $VRRP_YNL | del(.transitions)]")" \
	"$(HA -j vrrp show | yq "[.[] | $VRRP_HA | del(.transitions)]")" \
	"the dump decodes what havsadm vrrp show shows"
ok "$(ynl_do vrrp-del '{"vrrp": {'"$ID"'}}')" > /dev/null
expect_eq "$(HA -j vrrp show)" "[]" "vrrp-del: no instance left"
expect_eq "$(ynl_do vrrp-get '{"vrrp": {'"$ID"'}}' | yq '[.error, .msg]')" \
	'["ENOENT","no such VRRP instance"]' "vrrp-get of the deleted instance"

say "an IPv6 instance: vip6, peer6 and master-addr6 (binary, 16 bytes)"
# eth0's link-local address, out of DAD, is the instance's as master
wait_for 30 ll_ready a
LL=$(n a ip -j -6 addr show dev eth0 scope link | jq -r '.[0].addr_info[0].local')
ID6='"ifindex": '$IFX', "vrid": 51, "family": 10'
# fe80::33, 2001:db8::100; peer 2001:db8::2 (binary: hex)
ok "$(ynl_do vrrp-new '{"vrrp": {'"$ID6"', "vdev": '"$VDX6"', "priority": 150, "interval": 50,
	"vips": {"vip6": ["fe800000000000000000000000000033", "20010db8000000000000000000000100"]},
	"peers": {"peer6": ["20010db8000000000000000000000002"]}}}')" > /dev/null
wait_for 30 eval '[ "$(HA -j vrrp show dev eth0 vrid 51 family inet6 | json_get 0.state)" = MASTER ]'
y=$(ok "$(ynl_do vrrp-get '{"vrrp": {'"$ID6"'}}')")
h=$(HA -j vrrp show dev eth0 vrid 51 family inet6)
expect_eq "$(yq ".vrrp | $VRRP_YNL" <<< "$y")" "$(yq ".[0] | $VRRP_HA" <<< "$h")" \
	"vrrp-get of an IPv6 instance decodes what havsadm vrrp show shows"
expect_eq "$(yq '.vrrp | [.family, .vips.vip6, .peers.peer6, ."master-addr6", .reason,
	.vips.vip4, .peers.peer4, ."master-addr4"]' <<< "$y")" \
	'[10,["fe80::33","2001:db8::100"],["2001:db8::2"],"'"$LL"'","master-down",null,null,null]' \
	"its addresses in the attributes of IPv6, the master its link-local address"
check_boottime "vrrp-get (IPv6): last-transition" "$(yq '.vrrp.stats."last-transition"' <<< "$y")" \
	"$(yq '.[0].stats.last_transition_ns' <<< "$h")"
expect_eq "$(ynl_do vrrp-new '{"vrrp": {"ifindex": '"$IFX"', "vrid": 51, "family": 2,
	"vdev": '"$VDX"', "vips": {"vip6": ["20010db8000000000000000000000100"]}}}' | yq '[.error, .msg]')" \
	'["EINVAL","an IPv4 instance'"'"'s addresses are IPv4 (VIP4)"]' \
	"vrrp-new of an IPv4 instance with a vip6 refused"
ok "$(ynl_do vrrp-del '{"vrrp": {'"$ID6"'}}')" > /dev/null
expect_eq "$(HA -j vrrp show)" "[]" "vrrp-del (IPv6): no instance left"

say "track-set, track-get (do and dump), track-del"
ok "$(ynl_do track-set '{"track": {"name": "db", "up": 0}}')" > /dev/null
ok "$(ynl_do track-set '{"track": {"name": "app", "up": 1, "lease": 3600000}}')" > /dev/null
# havsadm's words for the reason enum; the lease left differs between the
# two reads, only its presence is compared
TRACK_YNL='{name, up: (.up == 1), instances: .users,
	reason: ({"created": "created by an instance that tracks it",
		  "set": "set from userspace", "service": "set by a service'"'"'s health",
		  "lease": "lease ran out"}[.reason])}
	+ (if .lease then {lease_ms: .lease, lease_left_ms: true} else {} end)'
TRACK_HA='map(if .lease_ms then .lease_left_ms = true else . end)'
expect_eq "$(ok "$(ynl_do track-get '{"track": {"name": "db"}}')" | yq ".track | $TRACK_YNL")" \
	"$(HA -j track show db | yq ".[0] | [.] | $TRACK_HA | .[0]")" "track-get decodes what havsadm track show shows"
expect_eq "$(ok "$(ynl_dump track-get)" | yq "[.[].track | $TRACK_YNL] | sort_by(.name)")" \
	"$(HA -j track show | yq "$TRACK_HA | sort_by(.name)")" "the dump too, with the lease"
expect_eq "$(ok "$(ynl_dump track-get)" | yq '[.[].track.pinned] | unique')" '[1]' \
	"objects set over netlink are pinned"
ok "$(ynl_do track-del '{"track": {"name": "db"}}')" > /dev/null
ok "$(ynl_do track-del '{"track": {"name": "app"}}')" > /dev/null
expect_eq "$(HA -j track show)" "[]" "track-del: no object left"
expect_eq "$(ynl_do track-get '{"track": {"name": "db"}}' | yq '[.error, .msg]')" \
	'["ENOENT","no such tracked object"]' "track-get of the deleted object"

say "check-set and check-get on a service made with ipvsadm"
n a ipvsadm -A -t 10.0.0.100:80 -s havs_rr
n a ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2:8080 -m -w 5
# ports are big-endian: the service, the check's port and the server are
# found, and shown, only if the spec says so (80 is 0x0050, 8080 0x1f90)
SVC='"service": {"af": 2, "protocol": 6, "addr4": '"$(ip4n 10.0.0.100)"', "port": 80'
ok "$(ynl_do check-set '{'"$SVC"', "slow-start": 2000, "track": "svc", "track-min": 1,
	"sorry-addr4": '"$(ip4n 10.0.0.3)"', "sorry-port": 80, "expire": 1},
	"check": {"type": "http", "port": 8080, "interval": 30000, "timeout": 1000, "retry": 30000,
	"rise": 3, "fall": 4, "initial-up": 1, "http-path": "/health", "http-host": "example.org",
	"http-codes": "200,301-302", "http-body": "6f6b"}}')" > /dev/null
SVC_NAME='({"6": "tcp", "17": "udp", "132": "sctp"}[.protocol | tostring]) + " " + hostport(.addr4 // .addr6; .port)'
CHECK_YNL='(.service as $s | .check | {service: ($s | '"$SVC_NAME"'), type, port, interval_ms: .interval,
	timeout_ms: .timeout, retry_ms: .retry, rise, fall,
	initial: (if ."initial-up" == 1 then "up" else "down" end),
	slowstart_ms: $s."slow-start", conns: (if $s.expire == 1 then "expire" else "keep" end),
	track: $s.track, track_min: $s."track-min",
	sorry: hostport($s."sorry-addr4" // $s."sorry-addr6"; $s."sorry-port"),
	path: ."http-path", host: ."http-host", status: ."http-codes",
	expect: (."http-body" | [range(0; length; 2) as $i | .[$i:$i + 2] | hexbyte] | implode)})'
expect_eq "$(ok "$(ynl_dump check-get)" | yq "[.[] | $CHECK_YNL]")" \
	"$(HA -j check settings | yq .)" "check-get decodes what havsadm check settings shows"

say "server-get (a server probed over HTTP)"
SERVER_YNL='(.service as $s | .server | {service: ($s | '"$SVC_NAME"'), scheduler: $s.sched,
	server: hostport(.addr4 // .addr6; .port), weight,
	check: ."check-type", rtt_hist_us: (."rtt-hist" | length), rtt_sum_us: ."rtt-sum"})'
SERVER_HA='{service, scheduler, server, weight, check, rtt_hist_us: (.rtt_hist_us | length), rtt_sum_us}'
expect_eq "$(ok "$(ynl_dump server-get)" | yq "[.[] | $SERVER_YNL]")" \
	"$(HA -j check show | yq "[.[] | $SERVER_HA]")" \
	"server-get decodes what havsadm check show shows (17 histogram buckets)"

say "an external check: server-set, its server-ntf, server-get"
ok "$(ynl_do check-set '{'"$SVC"'}, "check": {"type": "external"}}')" > /dev/null
ok "$(ynl drain)" > /dev/null
ok "$(ynl_do server-set '{'"$SVC"'}, "server": {"af": 2, "addr4": '"$(ip4n 10.0.0.2)"',
	"port": 8080, "up": 0}}')" > /dev/null
ntf=$(ok "$(ynl ntf server-ntf 10)")
expect_eq "$(yq '.msg | [(.service | '"$SVC_NAME"'), (.server | hostport(.addr4; .port), .up,
	."check-type", .reason, ."probe-error", .run)]' <<< "$ntf")" \
	'["tcp 10.0.0.100:80","10.0.0.2:8080",0,"external","set-down","set-down",null]' \
	"the server-ntf of server-set: reason set-down (no run), probe-error set-down"
SERVER_YNL_ALL='(.service as $s | .server | {service: ($s | '"$SVC_NAME"'), scheduler: $s.sched,
	server: hostport(.addr4 // .addr6; .port),
	health: (if .up == 1 then "up" else "down" end), weight, weight_in_effect: ."eff-weight",
	sorry: (.sorry == 1), check: ."check-type",
	last: (if ."last-ok" == null then null elif ."last-ok" == 1 then "ok" else "failed" end),
	last_error: perror, rtt_us: .rtt, transitions,
	probes_ok: ."probes-ok", probes_failed: ."probes-failed", shared_by: .shared,
	rtt_hist_us: ."rtt-hist", rtt_sum_us: ."rtt-sum"})'
SERVER_HA_ALL='del(.last_change_ns)'
y=$(ok "$(ynl_dump server-get)")
h=$(HA -j check show)
expect_eq "$(yq "[.[] | $SERVER_YNL_ALL]" <<< "$y")" "$(yq "[.[] | $SERVER_HA_ALL]" <<< "$h")" \
	"server-get decodes what havsadm check show shows"
expect_eq "$(yq '[.[] | .health, .check, .last_error]' <<< "$h")" \
	'["down","external","set down from userspace"]' "havsadm: down, external, set down"
check_boottime "server-get: last-change" "$(yq '.[0].server."last-change"' <<< "$y")" \
	"$(yq '.[0].last_change_ns' <<< "$h")"
expect_eq "$(yq '.msg.server."last-change"' <<< "$ntf")" "$(yq '.[0].server."last-change"' <<< "$y")" \
	"the server-ntf's last-change is the server-get's (the same change)"

say "a TCP check that fails: its server-ntf (reason failed, run, probe-error)"
# nothing answers 10.0.0.2 on the dummy eth0: each probe's connection is
# not up within its 100 ms
ok "$(ynl drain)" > /dev/null
ok "$(ynl_do check-set '{'"$SVC"'}, "check": {"type": "tcp", "interval": 200, "timeout": 100,
	"retry": 100, "fall": 2}}')" > /dev/null
ntf=$(ok "$(ynl ntf server-ntf 30)")
while [ "$(jq -r .msg.server.reason <<< "$ntf")" != failed ]; do
	ntf=$(ok "$(ynl ntf server-ntf 30)")
done
expect_eq "$(yq '.msg.server | [.up, ."check-type", .reason, .run, ."probe-error", ."last-ok"]' <<< "$ntf")" \
	'[0,"tcp","failed",2,"connect-timeout",0]' \
	"the server-ntf: down, two probes failed in a row (fall 2), the connection not up in time"
# probes go on (the counters move): what stays is compared
SERVER_YNL_DOWN='(.service as $s | .server | {service: ($s | '"$SVC_NAME"'),
	server: hostport(.addr4 // .addr6; .port), health: (if .up == 1 then "up" else "down" end),
	check: ."check-type", last: (if ."last-ok" == 1 then "ok" else "failed" end),
	last_error: perror, transitions})'
SERVER_HA_DOWN='{service, server, health, check, last, last_error, transitions}'
y=$(ok "$(ynl_dump server-get)")
h=$(HA -j check show)
expect_eq "$(yq "[.[] | $SERVER_YNL_DOWN]" <<< "$y")" "$(yq "[.[] | $SERVER_HA_DOWN]" <<< "$h")" \
	"server-get decodes the probe-error as havsadm check show says it"
expect_eq "$(yq '[.[] | .last_error]' <<< "$h")" '["connect timed out"]' "havsadm's words for it"
check_boottime "server-get (TCP): last-change" "$(yq '.[0].server."last-change"' <<< "$y")" \
	"$(yq '.[0].last_change_ns' <<< "$h")"
expect_eq "$(yq '.msg.server."last-change"' <<< "$ntf")" "$(yq '.[0].server."last-change"' <<< "$y")" \
	"the server-ntf's last-change is the server-get's"

say "check-del"
ok "$(ynl_do check-del '{'"$SVC"'}}')" > /dev/null
expect_eq "$(HA -j check settings)" "[]" "check-del: no settings left"
expect_eq "$(ok "$(ynl_dump check-get)")" "[]" "check-get dump empty"

n a ipvsadm -C
kill "$YNLP_PID" 2>/dev/null || true
ns_del a
wait_for 10 eval '[ "$(cat /sys/module/havs/refcnt)" = 0 ]'
havs_unload
