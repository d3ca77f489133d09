#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The family's YNL spec, kmod/uapi/havs.yaml, drives the module through
# the kernel's own YNL code: cli.py and its library from linux-source-6.12
# (tests/static/ynl.sh stages them in build/ynl). Every reply, dump and
# event the spec decodes must say what havsadm -j says about the same
# object, so an attribute of the wrong type, number or nest in the spec
# fails here. Most requests go through one tests/lib/ynl_serve.py process
# (the library cli.py is a front end of); cli.py itself runs three times.
#
#   namespace a: eth0 (dummy, 10.0.0.1/24), vr51 (macvlan, the VRID 51 MAC)
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
IFX=$(n a ip -j link show eth0 | jq '.[0].ifindex')
VDX=$(n a ip -j link show vr51 | jq '.[0].ifindex')

havs_load
HA() { n a "$HAVSADM" "$@"; }
cli() {
	ip netns exec "$NS_PREFIX-a" python3 "$YNL_DIR/tools/net/ynl/cli.py" \
		--spec "$YNL_SPEC" --no-schema --output-json "$@"
}
ynl_start ip netns exec "$NS_PREFIX-a"
# jq: the reply of a ynl line (a refusal fails the scenario), and IPv4
# addresses from the hex YNL prints binary values in
ok() {
	jq 'if has("reply") then .reply else error("refused: \(.)") end' <<< "$1" ||
		fail "ynl: $1"
}
JQDEFS='def hexbyte: explode | map(if . >= 97 then . - 87 else . - 48 end) | .[0] * 16 + .[1];
def ip4: [range(0; 8; 2) as $i | .[$i:$i + 2] | hexbyte | tostring] | join(".");'
yq() { jq -cS --argjson ifx "$IFX" --argjson vdx "$VDX" "$JQDEFS $1"; }

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
	"vips": {"vip": ["0a000064", "0a000065"]}, "peers": {"peer": ["0a000002"]},
	"tracks": {"track": [{"name": "web", "weight": -50}, {"ifindex": '"$IFX"', "weight": 10}]}}}')" \
	> /dev/null
wait "$SUB" || fail "cli.py --subscribe failed: $(cat "$HAVS_OUT/31-ynl-subscribe.json")"
expect_eq "$(yq '[.[0].name, .[0].msg.vrrp.vrid, .[0].msg.vrrp."prev-state", .[0].msg.vrrp.state]' \
	< "$HAVS_OUT/31-ynl-subscribe.json")" '["vrrp-event",51,"init","backup"]' \
	"cli.py --subscribe: the instance's first event"

say "vrrp-get against havsadm vrrp show"
wait_for 30 eval '[ "$(HA -j vrrp show dev eth0 vrid 51 | json_get 0.state)" = MASTER ]'
ev=$(ok "$(ynl ntf vrrp-event 10)")
while [ "$(jq -r .msg.vrrp.state <<< "$ev")" != master ]; do
	ev=$(ok "$(ynl ntf vrrp-event 10)")
done
expect_eq "$(yq '.msg.vrrp | [.vrid, ."prev-state", .reason, ."eff-priority"]' <<< "$ev")" \
	"$(HA -j vrrp show dev eth0 vrid 51 | yq '.[0] | [.vrid, "backup", .reason, .effective_priority]')" \
	"the vrrp-event of the transition to master"
VRRP_YNL='{dev: (if .ifindex == $ifx then "eth0" else .ifindex end), vrid,
	family: ({"2": "inet", "10": "inet6"}[.family | tostring]), version,
	state: (.state | ascii_upcase), priority, effective_priority: ."eff-priority",
	interval_ms: (.interval * 10), master_interval_ms: (."master-interval" * 10),
	preempt: (.preempt == 1), preempt_delay_ms: (."preempt-delay" * 10),
	accept: (.accept == 1), checksum: (if ."csum-v2" == 1 then "v2" else "rfc" end),
	vdev: (if .vdev == $vdx then "vr51" else .vdev end),
	addresses: [.vips.vip[] | ip4], peers: [(.peers.peer // [])[] | ip4],
	sync_group: ."sync-group",
	tracks: [(.tracks.track // [])[] | (if .name then {object: .name} else
		{interface: (if .ifindex == $ifx then "eth0" else .ifindex end)} end)
		+ {weight, up: (.up == 1)}],
	master: (if ."master-addr" then (."master-addr" | ip4) else null end),
	previous_state: (."prev-state" | ascii_upcase), reason,
	transitions: .stats.transitions, last_transition_ns: .stats."last-transition"}'
VRRP_HA='{dev, vrid, family, version, state, priority, effective_priority, interval_ms,
	master_interval_ms, preempt, preempt_delay_ms, accept, checksum, vdev, addresses,
	peers, sync_group, tracks, master, previous_state, reason,
	transitions: .stats.transitions, last_transition_ns: .stats.last_transition_ns}'
y=$(ok "$(ynl_do vrrp-get '{"vrrp": {'"$ID"'}}')")
h=$(HA -j vrrp show dev eth0 vrid 51)
expect_eq "$(yq ".vrrp | $VRRP_YNL" <<< "$y")" "$(yq ".[0] | $VRRP_HA" <<< "$h")" \
	"vrrp-get decodes what havsadm vrrp show shows"
expect_match "$(yq '[.vrrp.state, .vrrp."eff-priority", .vrrp.stats.transitions]' <<< "$y")" \
	'^\["master",160,2\]$' "master, priority 150 + 10 (eth0 tracked up), two transitions"
# counters that move: advertisements sent or not (no neighbour answers)
sent_y=$(yq '.vrrp.stats | ."adv-tx" + ."tx-errors"' <<< "$y")
sent_h=$(yq '.[0].stats | .adverts_sent + .tx_errors' <<< "$h")
if [ "$sent_y" -eq 0 ] || [ "$sent_y" -gt "$sent_h" ]; then
	fail "advertisements sent or not: $sent_y (ynl, first) vs $sent_h (havsadm, after)"
fi

say "vrrp-set, and what it refuses"
ok "$(ynl_do vrrp-set '{"vrrp": {'"$ID"', "priority": 120, "interval": 100, "preempt": 0,
	"preempt-delay": 0, "accept": 1, "csum-v2": 1}}')" > /dev/null
expect_eq "$(HA -j vrrp show dev eth0 vrid 51 | yq '.[0] | [.priority, .interval_ms,
	.preempt, .preempt_delay_ms, .accept, .checksum]')" '[120,1000,false,0,true,"v2"]' \
	"havsadm shows what vrrp-set changed"
expect_eq "$(ok "$(ynl_do vrrp-get '{"vrrp": {'"$ID"'}}')" | yq ".vrrp | $VRRP_YNL")" \
	"$(HA -j vrrp show dev eth0 vrid 51 | yq ".[0] | $VRRP_HA")" "and vrrp-get decodes the same"
expect_match "$(ynl_do vrrp-set '{"vrrp": {'"$ID"', "vdev": '"$VDX"'}}' | yq '[.error, .msg]')" \
	'^\["(EOPNOTSUPP|ENOTSUP)","this cannot be changed in place: delete and re-create the instance"\]$' \
	"vrrp-set of the macvlan refused, the extack message decoded"

say "vrrp-get dump (cli.py --dump) and vrrp-del"
expect_eq "$(cli --dump vrrp-get | yq "[.[].vrrp | $VRRP_YNL | del(.transitions, .last_transition_ns)]")" \
	"$(HA -j vrrp show | yq "[.[] | $VRRP_HA | del(.transitions, .last_transition_ns)]")" \
	"the dump decodes what havsadm vrrp show shows"
ok "$(ynl_do vrrp-del '{"vrrp": {'"$ID"'}}')" > /dev/null
expect_eq "$(HA -j vrrp show)" "[]" "vrrp-del: no instance left"
expect_eq "$(ynl_do vrrp-get '{"vrrp": {'"$ID"'}}' | yq '[.error, .msg]')" \
	'["ENOENT","no such VRRP instance"]' "vrrp-get of the deleted instance"

say "track-set, track-get (do and dump), track-del"
ok "$(ynl_do track-set '{"track": {"name": "db", "up": 0}}')" > /dev/null
ok "$(ynl_do track-set '{"track": {"name": "app", "up": 1}}')" > /dev/null
TRACK_YNL='{name, up: (.up == 1), instances: .users}'
expect_eq "$(ok "$(ynl_do track-get '{"track": {"name": "db"}}')" | yq ".track | $TRACK_YNL")" \
	"$(HA -j track show db | yq '.[0]')" "track-get decodes what havsadm track show shows"
expect_eq "$(ok "$(ynl_dump track-get)" | yq "[.[].track | $TRACK_YNL] | sort_by(.name)")" \
	"$(HA -j track show | yq 'sort_by(.name)')" "the dump too"
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
SVC='"service": {"af": 2, "protocol": 6, "addr": "0a000064", "port": 80'
ok "$(ynl_do check-set '{'"$SVC"', "slow-start": 2000, "track": "svc", "track-min": 1,
	"sorry-addr": "0a000003", "sorry-port": 80, "expire": 1},
	"check": {"type": "http", "port": 8080, "interval": 30000, "timeout": 1000, "retry": 30000,
	"rise": 3, "fall": 4, "initial-up": 1, "http-path": "/health", "http-host": "example.org",
	"http-codes": "200,301-302", "http-body": "6f6b"}}')" > /dev/null
SVC_NAME='({"6": "tcp", "17": "udp", "132": "sctp"}[.protocol | tostring]) + " " + (.addr | ip4) + ":" + (.port | tostring)'
CHECK_YNL='(.service as $s | .check | {service: ($s | '"$SVC_NAME"'), type, port, interval_ms: .interval,
	timeout_ms: .timeout, retry_ms: .retry, rise, fall,
	initial: (if ."initial-up" == 1 then "up" else "down" end),
	slowstart_ms: $s."slow-start", conns: (if $s.expire == 1 then "expire" else "keep" end),
	track: $s.track, track_min: $s."track-min",
	sorry: (($s."sorry-addr" | ip4) + ":" + ($s."sorry-port" | tostring)),
	path: ."http-path", host: ."http-host", status: ."http-codes",
	expect: (."http-body" | [range(0; length; 2) as $i | .[$i:$i + 2] | hexbyte] | implode)})'
expect_eq "$(ok "$(ynl_dump check-get)" | yq "[.[] | $CHECK_YNL]")" \
	"$(HA -j check settings | yq .)" "check-get decodes what havsadm check settings shows"

say "server-get (a server probed over HTTP)"
SERVER_YNL='(.service as $s | .server | {service: ($s | '"$SVC_NAME"'), scheduler: $s.sched,
	server: ((.addr | ip4) + ":" + (.port | tostring)), weight,
	check: ."check-type", rtt_hist_us: (."rtt-hist" | length), rtt_sum_us: ."rtt-sum"})'
SERVER_HA='{service, scheduler, server, weight, check, rtt_hist_us: (.rtt_hist_us | length), rtt_sum_us}'
expect_eq "$(ok "$(ynl_dump server-get)" | yq "[.[] | $SERVER_YNL]")" \
	"$(HA -j check show | yq "[.[] | $SERVER_HA]")" \
	"server-get decodes what havsadm check show shows (17 histogram buckets)"

say "an external check: server-set, its health-event, server-get"
ok "$(ynl_do check-set '{'"$SVC"'}, "check": {"type": "external"}}')" > /dev/null
ok "$(ynl drain)" > /dev/null
ok "$(ynl_do server-set '{'"$SVC"'}, "server": {"af": 2, "addr": "0a000002", "port": 8080, "up": 0}}')" \
	> /dev/null
expect_eq "$(ok "$(ynl ntf health-event 10)" | yq '.msg | [(.service | '"$SVC_NAME"'),
	(.server | (.addr | ip4) + ":" + (.port | tostring)), .server.up, .server."check-type"]')" \
	'["tcp 10.0.0.100:80","10.0.0.2:8080",0,"external"]' "the health-event of server-set"
SERVER_YNL_ALL='(.service as $s | .server | {service: ($s | '"$SVC_NAME"'), scheduler: $s.sched,
	server: ((.addr | ip4) + ":" + (.port | tostring)),
	health: (if .up == 1 then "up" else "down" end), weight, weight_in_effect: ."eff-weight",
	sorry: (.sorry == 1), check: ."check-type",
	last: (if ."last-ok" == null then null elif ."last-ok" == 1 then "ok" else "failed" end),
	last_error: ."last-error", rtt_us: .rtt, transitions, last_change_ns: ."last-change",
	probes_ok: ."probes-ok", probes_failed: ."probes-failed", shared_by: .shared,
	rtt_hist_us: ."rtt-hist", rtt_sum_us: ."rtt-sum"})'
expect_eq "$(ok "$(ynl_dump server-get)" | yq "[.[] | $SERVER_YNL_ALL]")" \
	"$(HA -j check show | yq .)" "server-get decodes what havsadm check show shows"
expect_eq "$(HA -j check show | yq '[.[] | .health, .check]')" '["down","external"]' \
	"havsadm: down, external"

say "check-del"
ok "$(ynl_do check-del '{'"$SVC"'}}')" > /dev/null
expect_eq "$(HA -j check settings)" "[]" "check-del: no settings left"
expect_eq "$(ok "$(ynl_dump check-get)")" "[]" "check-get dump empty"

n a ipvsadm -C
kill "$YNLP_PID" 2>/dev/null || true
ns_del a
wait_for 10 eval '[ "$(cat /sys/module/havs/refcnt)" = 0 ]'
havs_unload
