#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Running havs from a configuration file: apply makes the kernel match it;
# applying it again under client traffic changes nothing (no VRRP
# transition, no health reset, no failed request); a one-line change
# touches one server; a file with errors changes nothing; what show config
# prints applies as a no-op; an empty file removes everything.
#
#   client 10.0.0.10: HTTP requests to VIP 10.0.0.100 in a loop
#      |
#   br0 --- eth0 10.0.0.1 [d1] eth1 10.1.0.1 --- br1 --- rs1 10.1.0.2:80
#       |   d1.conf: VRID 51 prio 200,               |     rs2 10.1.0.3:80
#       |   service + check + 2 servers              |     (gateway 10.1.0.1)
#       \-- eth0 10.0.0.2 [d2]  d2.conf: VRID 51 prio 100
. "$HAVS_TOP/tests/lib/netns.sh"

lan_create
lan_host client 10.0.0.10
lan_host d1 10.0.0.1
lan_host d2 10.0.0.2
n d1 sysctl -qw net.ipv4.ip_forward=1
bridge_add br1
veth_on d1 eth1 br1 10.1.0.1
scratch_dir W
for i in 1 2; do
	web_server "rs$i" "10.1.0.$((i + 1))" br1 10.1.0.1 "$W"
done

cat > "$W/d1.conf" <<'EOF'
# director 1: preferred master of the VIP
track maint                         # a userspace check may set it down

vrrp dev eth0 vrid 51 address 10.0.0.100
    priority 200 interval 1s
    track-object web weight -150    # the web farm below drives "web"

service tcp 10.0.0.100:80 scheduler havs_wrr
    check type http path / status 200 interval 3s timeout 2500ms
        rise 1 fall 3 track web track-min 1
    server 10.1.0.2:80 weight 10
    server 10.1.0.3:80 weight 10

service tcp 10.0.0.100:443 scheduler havs_rr    # health set from userspace
    check type external
    server 10.1.0.2:443 weight 3 method dr uthreshold 5 lthreshold 2

service tcp 10.0.0.100:8080 scheduler wrr       # a stock IPVS scheduler
    server 10.1.0.3:80 weight 5
EOF
cat > "$W/d2.conf" <<'EOF'
vrrp dev eth0 vrid 51 address 10.0.0.100 priority 100 interval 1s
EOF

havs_load
HA() { local d=$1; shift; n "$d" "$HAVSADM" "$@"; }
state() { HA "$1" -j vrrp show dev eth0 vrid 51 | jq -r '.[0].state'; }
ups() { HA d1 -j check show tcp 10.0.0.100:80 | jq '[.[] | select(.health == "up")] | length'; }
# what must not move: VRRP transitions of both, and each server's health
# history (transitions and time of the last change)
still() {
	echo "$(HA d1 -j vrrp show | jq -c '[.[] | .stats.transitions]')" \
	     "$(HA d2 -j vrrp show | jq -c '[.[] | .stats.transitions]')" \
	     "$(HA d1 -j check show | jq -c '[.[] | [.server, .health, .transitions, .last_change_ns]]')"
}

say "apply: the kernel matches the file"
expect_rc 0 "apply d1.conf" HA d1 apply -f "$W/d1.conf"
echo "$OUTPUT"
expect_rc 0 "apply d2.conf" HA d2 apply -f "$W/d2.conf"
wait_for 30 eval '[ "$(state d1)" = MASTER ]'
wait_for 30 eval '[ "$(state d2)" = BACKUP ]'
wait_for 30 eval '[ "$(ups)" = 2 ]'
expect_eq "$(n d1 ipvsadm -Ln | grep -c '\-> 10.1.0')" 4 "IPVS has every server"
expect_match "$(n d1 ipvsadm -Ln -t 10.0.0.100:443)" "10.1.0.2:443 +Route +3 " "the DR server as the file says"
expect_match "$(HA d1 show config)" "server 10.1.0.2:443 weight 3 method dr uthreshold 5 lthreshold 2" \
	"show config reads method and thresholds of a havs service's server"
expect_match "$(HA d1 show config | tr '\n' ' ')" "service tcp 10.0.0.100:8080 scheduler wrr +server 10.1.0.3:80 weight 5 " \
	"and the servers of a service on a stock scheduler"
expect_match "$(HA d1 check settings)" "tcp 10.0.0.100:80 type http interval 3s timeout 2500ms .*rise 1 fall 3" \
	"the check's settings"
expect_eq "$(HA d1 -j track show | jq -r '.[] | select(.name == "maint") | .up')" true \
	"the tracked object of the file exists"
expect_eq "$(HA d1 diff -f "$W/d1.conf")" "" "diff right after apply: nothing"

say "show config prints what runs; applying it changes nothing"
HA d1 show config > "$W/shown.conf"
cat "$W/shown.conf"
expect_eq "$(HA d1 diff -f "$W/shown.conf")" "" "diff of show config's output: nothing"

say "metrics: havsadm stats --prometheus"
cat > "$W/promcheck.py" <<'PY'
import re, sys
sample = re.compile(r'^([a-z_]+)(\{([a-z_]+="(\\.|[^"\\])*"(,[a-z_]+="(\\.|[^"\\])*")*)\})? (-?[0-9.]+(e[-+]?[0-9]+)?|[-+]Inf|NaN)$')
label = re.compile(r'([a-z_]+)="((?:\\.|[^"\\])*)"')
seen, order, vals = set(), [], {}
typed, hist, series = set(), set(), {}
for line in open(sys.argv[1]).read().splitlines():
    if line.startswith("# HELP ") or line.startswith("# TYPE "):
        name = line.split()[2]
        if line.startswith("# TYPE "):
            assert name not in typed, "two TYPE lines for " + name
            typed.add(name)
            if line.split()[3] == "histogram":
                hist.add(name)
        continue
    m = sample.match(line)
    assert m, "not a sample line: " + line
    name = family = m.group(1)
    suffix = None
    for suf in ("_bucket", "_sum", "_count"):
        if name.endswith(suf) and name[:-len(suf)] in hist:
            family, suffix = name[:-len(suf)], suf
    assert family in typed, "no TYPE before " + name
    if not order or order[-1] != family:
        assert family not in seen, family + " is not in one group"
        order.append(family)
        seen.add(family)
    vals[name + (m.group(2) or "")] = float(m.group(7))
    if suffix:
        labels = label.findall(m.group(3) or "")
        key = (family, tuple(l for l in labels if l[0] != "le"))
        h = series.setdefault(key, {"buckets": []})
        assert "count" not in h, "a sample after the _count of " + line
        if suffix == "_bucket":
            h["buckets"].append((float(dict(labels)["le"]), float(m.group(7))))
        else:
            h[suffix[1:]] = float(m.group(7))
want = {
    'havs_vrrp_state{dev="eth0",vrid="51",family="inet",state="MASTER"}': 1,
    'havs_vrrp_state{dev="eth0",vrid="51",family="inet",state="BACKUP"}': 0,
    'havs_vrrp_priority{dev="eth0",vrid="51",family="inet"}': 200,
    'havs_vrrp_dropped_total{dev="eth0",vrid="51",family="inet",reason="checksum"}': 0,
    'havs_server_up{service="tcp 10.0.0.100:80",server="10.1.0.2:80"}': 1,
    'havs_server_weight{service="tcp 10.0.0.100:80",server="10.1.0.3:80"}': 10,
    'havs_probe_targets': 3,
}
for k, v in want.items():
    assert vals.get(k) == v, "%s = %s, not %s" % (k, vals.get(k), v)
assert vals['havs_vrrp_adverts_sent_total{dev="eth0",vrid="51",family="inet"}'] > 0
assert vals['havs_server_probes_total{service="tcp 10.0.0.100:80",server="10.1.0.2:80",result="ok"}'] > 0
# histograms: buckets in order of le up to +Inf, cumulative; _count is the
# +Inf bucket
for (family, labels), h in series.items():
    les = [le for le, _ in h["buckets"]]
    counts = [c for _, c in h["buckets"]]
    assert les == sorted(set(les)) and les[-1] == float("inf"), "le order: %s" % les
    assert counts == sorted(counts), "not cumulative: %s" % counts
    assert h["count"] == counts[-1], "_count %s, +Inf %s" % (h["count"], counts[-1])
    assert h["sum"] >= 0
rtt = series[("havs_server_probe_rtt_seconds",
              (("service", "tcp 10.0.0.100:80"), ("server", "10.1.0.2:80")))]
assert len(rtt["buckets"]) == 17, "%d buckets" % len(rtt["buckets"])
ok = vals['havs_server_probes_total{service="tcp 10.0.0.100:80",server="10.1.0.2:80",result="ok"}']
assert rtt["count"] == ok > 0, "rtt _count %s, good probes %s" % (rtt["count"], ok)
assert not [k for k in series if ("service", "tcp 10.0.0.100:443") in k[1]], \
    "a round-trip histogram for an external check"
open(sys.argv[2], "w").write("%d\n" % rtt["count"])
print("%d samples of %d metrics; %d good probes in the histogram" % (len(vals), len(order), rtt["count"]))
PY
HA d1 stats --prometheus > "$W/metrics"
expect_rc 0 "the exposition is well formed and has what runs" \
	python3 "$W/promcheck.py" "$W/metrics" "$W/rtt_count"
echo "$OUTPUT"
expect_eq "$(HA d1 -j check show tcp 10.0.0.100:80 | jq '.[] | select(.server == "10.1.0.2:80") |
	([.rtt_hist_us[]] | add) == .probes_ok and .probes_ok > 0')" true \
	"check show -j: the round-trip histogram counts every good probe"
expect_eq "$(HA d1 -j check show tcp 10.0.0.100:443 | jq -c '[.[].rtt_hist_us]')" "[null]" \
	"check show -j: no round-trip histogram for an external check"

say "re-apply five times under client traffic: nothing moves"
# 20 requests a second: traffic throughout, without starving the probes
# of an emulated debug kernel (their failures would be health changes)
n client python3 "$HAVS_TOP/tests/lib/httploop.py" 10.0.0.100 80 "$W/client" 20 &
CLIENT=$!
PIDS+=($CLIENT)
counts() { cat "$W/client" 2>/dev/null || echo "0 0"; }
wait_for 60 eval '[ "$(counts | cut -d" " -f1)" -ge 5 ]'
before=$(still)
c0=$(counts)
# started directly: $! must be havsadm itself
ip netns exec "$NS_PREFIX-d1" "$HAVSADM" -j monitor > "$W/events" &
MON=$!
PIDS+=($MON)
wait_for 30 nl_subscribed "$MON"
for _ in 1 2 3 4 5; do
	expect_rc 0 "re-apply d1.conf" HA d1 apply -f "$W/d1.conf"
	expect_eq "$OUTPUT" "" "re-apply runs no command"
	expect_rc 0 "re-apply d2.conf" HA d2 apply -f "$W/d2.conf"
done
ok0=${c0% *}
wait_for 30 eval '[ "$(counts | cut -d" " -f1)" -ge $((ok0 + 5)) ]'
c1=$(counts)
now=$(still)
[ "$now" = "$before" ] || { cat "$W/events"; fail "a VRRP transition or health change: $before -> $now"; }
echo "ok: no VRRP transition, no health change"
expect_eq "${c1#* }" "${c0#* }" "no client request failed during the re-applies ($c0 -> $c1)"
expect_eq "$(cat "$W/events")" "" "no event on d1"
# the probes went on: the histogram counts the new good ones
rtt_count() {
	HA d1 stats --prometheus |
		awk '/^havs_server_probe_rtt_seconds_count\{service="tcp 10.0.0.100:80",server="10.1.0.2:80"\} / { print $NF }'
}
wait_for 30 eval '[ "$(rtt_count)" -gt "$(cat "$W/rtt_count")" ]'
rtt0=$(cat "$W/rtt_count")
HA d1 stats --prometheus > "$W/metrics"
expect_rc 0 "the exposition is still well formed" \
	python3 "$W/promcheck.py" "$W/metrics" "$W/rtt_count"
echo "ok: the histogram's _count grew with the good probes: $rtt0 -> $(cat "$W/rtt_count")"

say "one weight changes: one command, one server touched"
sed 's/server 10.1.0.3:80 weight 10/server 10.1.0.3:80 weight 30/' "$W/d1.conf" > "$W/d1b.conf"
expect_eq "$(HA d1 diff -f "$W/d1b.conf")" \
	"server set tcp 10.0.0.100:80 10.1.0.3:80 weight 30 method nat uthreshold 0 lthreshold 0" \
	"diff: the one change"
expect_rc 0 "apply the change" HA d1 apply -f "$W/d1b.conf"
expect_eq "$(n d1 ipvsadm -Ln -t 10.0.0.100:80 | awk '/10.1.0.3:80/ { print $4 }')" 30 "IPVS has the new weight"
expect_eq "$(n d1 ipvsadm -Ln -t 10.0.0.100:80 | awk '/10.1.0.2:80/ { print $4 }')" 10 "the other server's weight is as it was"
expect_eq "$(still)" "$before" "no transition, no health change, the server's health kept"

say "a file with errors: refused whole, nothing changes"
cat > "$W/bad.conf" <<'EOF'
vrrp dev eth0 vrid 51 address 10.0.0.100 priority 250
service tcp 10.0.0.100:80
    server 10.1.0.2:80 weight lots
vrrp dev eth9 vrid 52 address 10.0.0.101
EOF
HA d1 show config > "$W/before.conf"
expect_rc 5 "apply of a bad file" HA d1 apply -f "$W/bad.conf"
expect_match "$OUTPUT" "bad.conf:3:31: error: server: weight \"lots\"" "the error, with its line and word"
HA d1 show config > "$W/after.conf"
expect_eq "$(cat "$W/after.conf")" "$(cat "$W/before.conf")" "nothing changed"
# errors of the host (an interface it lacks) are found before anything runs
sed -i 's/weight lots/weight 10/' "$W/bad.conf"
expect_rc 5 "apply of a file naming a missing interface" HA d1 apply -f "$W/bad.conf"
expect_match "$OUTPUT" "bad.conf:4:10: error: vrrp: no interface eth9" "the missing interface, with its line and word"
expect_eq "$(HA d1 show config)" "$(cat "$W/before.conf")" "still nothing changed"

say "the kernel refuses half way: apply says what was and was not done"
# a macvlan named as an interface the namespace has (eth0): no check of the
# file sees it, creating it fails; instances are applied in the file's order
{ echo "vrrp dev eth0 vrid 60 address 10.0.0.160 name eth0"
  sed 's/priority 200/priority 190/' "$W/d1b.conf"; } > "$W/half.conf"
expect_rc 1 "apply with a macvlan name taken" HA d1 apply -f "$W/half.conf"
expect_match "$OUTPUT" "changes made .*not made:" "the report"
expect_match "$OUTPUT" "  vrrp set dev eth0 vrid 51 priority 190" "the change not made is listed"
expect_match "$(HA d1 diff -f "$W/half.conf")" "vrrp add dev eth0 vrid 60 address 10.0.0.160 name eth0" "diff shows what is left"

say "an empty file removes everything"
kill "$CLIENT" 2>/dev/null
expect_rc 0 "apply /dev/null on d1" HA d1 apply -f /dev/null
expect_eq "$(HA d1 show config)" "" "nothing left in d1"
expect_eq "$(n d1 ip -o link show type macvlan | wc -l)" 0 "no macvlan left"
expect_eq "$(n d1 ipvsadm -Ln | grep -c TCP || true)" 0 "no IPVS service left"
wait_for 10 eval '[ "$(state d2)" = MASTER ]'
expect_rc 0 "apply /dev/null on d2" HA d2 apply -f /dev/null
havs_unload
