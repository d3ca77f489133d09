#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Health-checked IPVS: three HTTP real servers behind a NAT director whose
# service uses a havs scheduler; the module probes them, and a server that
# fails its probe gets no new connection until it recovers.
#
#   client 10.0.0.10                       rs1 10.1.0.2   rs2 10.1.0.3   rs3 10.1.0.4
#      |                                      |  (busybox httpd :80, gw 10.1.0.1)
#   br0 (netns lan) -- eth0 10.0.0.1 [d1] eth1 10.1.0.1 -- br1 (netns back)
#                      VIP 10.0.0.100:80 (ipvsadm -m: NAT)
. "$HAVS_TOP/tests/lib/netns.sh"

lan_create
lan_host client 10.0.0.10
lan_host d1 10.0.0.1
n d1 ip addr add 10.0.0.100/32 dev eth0
n d1 sysctl -qw net.ipv4.ip_forward=1
bridge_add br1
veth_on d1 eth1 br1 10.1.0.1

WWW=$(mktemp -d)
declare -A HTTPD
rs_start() {	# i: rs$i serves its name at / and "ok" at /health
	ip netns exec "$NS_PREFIX-rs$1" busybox httpd -f -p "10.1.0.$(( $1 + 1 )):80" \
		-h "$WWW/rs$1" &
	HTTPD[$1]=$!
}
rs_stop() { kill "${HTTPD[$1]}"; wait "${HTTPD[$1]}" 2>/dev/null || true; }
MON_PID=
scenario_cleanup() {
	local i
	for i in "${!HTTPD[@]}"; do kill "${HTTPD[$i]}" 2>/dev/null; done
	[ -z "$MON_PID" ] || kill "$MON_PID" 2>/dev/null
	rm -rf "$WWW"
}
for i in 1 2 3; do
	server_host "rs$i" "10.1.0.$(( i + 1 ))" br1 10.1.0.1
	mkdir -p "$WWW/rs$i"
	echo "rs$i" > "$WWW/rs$i/index.html"
	echo ok > "$WWW/rs$i/health"
	rs_start "$i"
done

havs_load verbose=2
LOAD_MARK=$DMESG_MARK
# a monitor of health events from the start (started directly: $! is
# havsadm), so it listens well before the first change
ip netns exec "$NS_PREFIX-d1" "$HAVSADM" -j monitor health > "$WWW/mon.out" &
MON_PID=$!
wait_for 30 nl_subscribed "$MON_PID"
HA() { n d1 "$HAVSADM" "$@"; }
# one HTTP/1.0 request from the client; prints the body (busybox wget
# crashes inside ip netns exec; socat is always there)
get() {
	printf 'GET / HTTP/1.0\r\n\r\n' |
		n client socat -t 2 -T 3 - TCP:10.0.0.100:80,connect-timeout=2 | tail -n 1
}
health() {	# server -> up|down
	HA -j check show tcp 10.0.0.100:80 |
		jq -r ".[] | select(.server == \"$1\") | .health"
}
all_up() {
	[ "$(HA -j check show tcp 10.0.0.100:80 | jq '[.[] | select(.health == "up")] | length')" = 3 ]
}
# hits N: N requests in one client process (cheap under the debug kernel);
# prints "rs1=a rs2=b rs3=c", plus "other=N" for anything else
hits() {
	n client python3 - "$1" <<'PY'
import collections, socket, sys
seen = collections.Counter()
for _ in range(int(sys.argv[1])):
    s = socket.create_connection(("10.0.0.100", 80), timeout=5)
    s.sendall(b"GET / HTTP/1.0\r\n\r\n")
    data = b""
    while True:
        chunk = s.recv(4096)
        if not chunk:
            break
        data += chunk
    s.close()
    body = data.decode(errors="replace").rstrip("\n").split("\n")[-1]
    seen[body if body in ("rs1", "rs2", "rs3") else "other"] += 1
out = ["%s=%d" % (k, seen[k]) for k in ("rs1", "rs2", "rs3")]
if seen["other"]:
    out.append("other=%d" % seen["other"])
print(" ".join(out))
PY
}

say "a service on havs_rr; the servers get the default TCP probe at once"
n d1 ipvsadm -A -t 10.0.0.100:80 -s havs_rr
for i in 1 2 3; do n d1 ipvsadm -a -t 10.0.0.100:80 -r "10.1.0.$((i + 1)):80" -m -w 1; done
expect_match "$(n d1 ipvsadm -Ln)" "TCP  10.0.0.100:80 havs_rr" "ipvsadm shows the havs scheduler"
expect_eq "$(HA -j check show | jq length)" 3 "three servers listed"
expect_eq "$(HA -j check show | jq -r '.[0].check')" tcp "default check type"
expect_rc 1 "rmmod while a service uses a havs scheduler" rmmod havs
expect_match "$OUTPUT" "in use" "the kernel refuses the unload"

say "HTTP probe of /health every second; rise 1, fall 2"
HA check set tcp 10.0.0.100:80 type http path /health status 200 expect ok \
	interval 1s timeout 800ms rise 1 fall 2
expect_match "$(HA check settings)" \
	"^tcp 10.0.0.100:80 type http interval 1s timeout 800ms retry 1s rise 1 fall 2 initial up slowstart 0s conns keep path /health status 200 expect \"ok\"" \
	"settings shown as given"
wait_for 20 all_up
wait_for 20 eval '[ "$(HA -j check show | jq -r ".[0].last")" = ok ]'
expect_eq "$(hits 9)" "rs1=3 rs2=3 rs3=3" "round robin over three healthy servers"

say "rs2's server stops just after a settings change (fall 3): it goes down and gets no new connection"
# the probes with the old settings (fall 2) linger 10 s and would see the
# failure first: they must stay silent, one event comes from the new ones
HA check set tcp 10.0.0.100:80 type http path /health status 200 expect ok \
	interval 1s timeout 800ms rise 1 fall 3
set_at=$SECONDS
dmesg_mark
rs_stop 2
stopped_ns=$(date +%s%N)
wait_for 20 eval '[ "$(health 10.1.0.3:80)" = down ]'
# taken out within interval x fall + timeout (1 s x 3 + 800 ms), by the
# kernel's own time of the change
took=$(( ($(HA -j check show | jq -r '.[] | select(.server == "10.1.0.3:80") | .last_change_ns') - stopped_ns) / 1000000 ))
[ "$took" -le 3800 ] || fail "taken out $took ms after the server stopped, more than interval x fall + timeout (3800 ms)"
echo "ok: taken out $took ms after the server stopped (at most 3800 ms)"
wait_for 10 grep -q 10.1.0.3 "$WWW/mon.out"
# past the linger (10 s): anything the old probes had to say is said
while [ $((SECONDS - set_at)) -le 11 ]; do sleep 1; done
kill "$MON_PID"; wait "$MON_PID" || true; MON_PID=
expect_eq "$(jq -c 'select(.server == "10.1.0.3:80")' "$WWW/mon.out")" \
	'{"event":"health","service":"tcp 10.0.0.100:80","server":"10.1.0.3:80","health":"down","reason":"connection refused; 3 probes failed in a row"}' \
	"havsadm monitor health: one event"
expect_match "$(dmesg_new)" \
	"havs: TCP 10.0.0.100:80 -> 10.1.0.3:80 DOWN \\(connection refused; 3/3 probes failed\\)" \
	"one dmesg line with the reason"
expect_eq "$(HA -j check show | jq -r '.[] | select(.server == "10.1.0.3:80") | .last_error')" \
	"connection refused" "last error shown"
expect_eq "$(HA -j check show | jq -r '.[] | select(.server == "10.1.0.3:80") | .weight_in_effect')" \
	0 "weight in effect of a server that is down"
expect_eq "$(hits 8)" "rs1=4 rs2=0 rs3=4" "traffic continues on rs1 and rs3 only"

say "every havs scheduler skips the server that is down"
for s in havs_wrr havs_lc havs_wlc havs_sh havs_mh; do
	n d1 ipvsadm -E -t 10.0.0.100:80 -s "$s"
	expect_match "$(hits 6)" "rs2=0" "$s never picks rs2"
done

say "rs2 returns: up again, and in the rotation"
dmesg_mark
rs_start 2
wait_for 20 eval '[ "$(health 10.1.0.3:80)" = up ]'
expect_match "$(dmesg_new)" "havs: TCP 10.0.0.100:80 -> 10.1.0.3:80 UP \\(http probe passed 1/1\\)" \
	"recovery logged"
n d1 ipvsadm -E -t 10.0.0.100:80 -s havs_rr
expect_eq "$(hits 9)" "rs1=3 rs2=3 rs3=3" "rs2 back in the rotation"

say "source hashing: one client sticks to one server, and moves only when it fails"
n d1 ipvsadm -E -t 10.0.0.100:80 -s havs_mh
first=$(get)
expect_eq "$(hits 6 | tr ' ' '\n' | grep -c '=6')" 1 "havs_mh: one server gets all six"
rs_stop "${first#rs}"
wait_for 20 eval '[ "$(health 10.1.0.$(( ${first#rs} + 1 )):80)" = down ]'
second=$(get)
[ "$second" != "$first" ] || fail "havs_mh still sends to $first, which is down"
echo "ok: havs_mh moved the client from $first to $second"
rs_start "${first#rs}"
wait_for 20 all_up

say "HTTP status: /health answers 404 on rs3"
dmesg_mark
rm "$WWW/rs3/health"
wait_for 20 eval '[ "$(health 10.1.0.4:80)" = down ]'
expect_match "$(dmesg_new)" "10.1.0.4:80 DOWN \\(status 404 not in 200; 3/3 probes failed\\)" \
	"status mismatch is the reason"
echo ok > "$WWW/rs3/health"
wait_for 20 eval '[ "$(health 10.1.0.4:80)" = up ]'

say "body check: /health says something else"
echo maintenance > "$WWW/rs1/health"
wait_for 20 eval '[ "$(health 10.1.0.2:80)" = down ]'
expect_match "$(HA -j check show | jq -r '.[] | select(.server == "10.1.0.2:80") | .last_error')" \
	"body" "reason names the body"
echo ok > "$WWW/rs1/health"
wait_for 20 all_up

say "a second service with the same servers and settings shares the probes"
n d1 ipvsadm -A -t 10.0.0.100:8080 -s havs_wrr
for i in 1 2 3; do n d1 ipvsadm -a -t 10.0.0.100:8080 -r "10.1.0.$((i + 1)):80" -m -w 100; done
HA check set tcp 10.0.0.100:8080 type http path /health status 200 expect ok \
	interval 1s timeout 800ms rise 1 fall 3 slowstart 8s
expect_eq "$(HA -j check show tcp 10.0.0.100:8080 | jq -r '.[0].shared_by')" 2 \
	"same server, same probe settings (slow start is the service's): one probe for two services"

say "slow start: a recovered server's weight ramps up over 8 s"
eff() { HA -j check show tcp 10.0.0.100:8080 | jq -r '.[] | select(.server == "10.1.0.3:80") | .weight_in_effect'; }
rs_stop 2
wait_for 20 eval '[ "$(eff)" = 0 ]'
rs_start 2
wait_for 20 eval '[ "$(eff)" -gt 0 ]'
w=$(eff)
[ "$w" -lt 100 ] || fail "weight in effect $w right after recovery: no ramp"
echo "ok: weight in effect $w of 100 just after recovery"
wait_for 20 eval '[ "$(eff)" = 100 ]'
echo "ok: full weight after the ramp"

say "external checks: userspace sets the health"
HA check set tcp 10.0.0.100:80 type external
expect_eq "$(HA -j check show tcp 10.0.0.100:80 | jq -r '.[0].check')" external "type external"
HA server set tcp 10.0.0.100:80 10.1.0.2:80 health down
expect_eq "$(health 10.1.0.2:80)" down "set down from userspace"
n d1 ipvsadm -E -t 10.0.0.100:80 -s havs_rr
expect_match "$(hits 6)" "rs1=0" "no traffic to a server set down"
HA server set tcp 10.0.0.100:80 10.1.0.2:80 health up
expect_eq "$(health 10.1.0.2:80)" up "set up again"
expect_rc 1 "server set on a probed service" \
	"$HAVSADM" -n "$NS_PREFIX-d1" server set tcp 10.0.0.100:8080 10.1.0.2:80 health down
expect_match "$OUTPUT" "only servers whose check is of type external" "clear refusal"
expect_rc 1 "server set on an unknown server" \
	"$HAVSADM" -n "$NS_PREFIX-d1" server set tcp 10.0.0.100:80 10.1.0.9:80 health down
expect_match "$OUTPUT" "no such real server" "clear refusal"

say "a sorry server: rs3 serves only when no other server is up"
HA check set tcp 10.0.0.100:80 type http path /health status 200 expect ok \
	interval 1s timeout 800ms rise 1 fall 2 sorry 10.1.0.4:80
expect_match "$(HA check settings tcp 10.0.0.100:80)" "conns keep sorry 10.1.0.4:80 path /health" "settings name it"
wait_for 20 all_up
expect_match "$(HA check show tcp 10.0.0.100:80)" "10.1.0.4:80 \\(sorry\\) up weight 0/1" \
	"shown as the sorry server"
expect_eq "$(hits 6)" "rs1=3 rs2=3 rs3=0" "no traffic to the sorry server while others are up"
rs_stop 1
rs_stop 2
wait_for 20 eval '[ "$(health 10.1.0.2:80)" = down ] && [ "$(health 10.1.0.3:80)" = down ]'
expect_eq "$(hits 4)" "rs1=0 rs2=0 rs3=4" "all down: the sorry server answers"
rs_start 1
rs_start 2
wait_for 20 all_up
expect_eq "$(hits 6)" "rs1=3 rs2=3 rs3=0" "back to the real servers"

say "bad settings are refused with a reason, nothing changes"
expect_rc 2 "a timeout as long as the interval" \
	"$HAVSADM" -n "$NS_PREFIX-d1" check set tcp 10.0.0.100:80 type tcp interval 1s timeout 1s
expect_match "$OUTPUT" "the timeout must be shorter than the interval" "clear refusal"
expect_rc 1 "check del of a service without settings" \
	"$HAVSADM" -n "$NS_PREFIX-d1" check del tcp 10.0.0.100:81
expect_match "$OUTPUT" "no check settings" "clear refusal"
expect_eq "$(HA -j check show tcp 10.0.0.100:80 | jq -r '.[0].check')" http "settings unchanged"
expect_rc 2 "a sorry server of another family" \
	"$HAVSADM" -n "$NS_PREFIX-d1" check set tcp 10.0.0.100:80 sorry '[2001:db8::1]:80'
expect_match "$OUTPUT" "the sorry server is of the service's address family" "clear refusal"

say "all gone: services deleted, settings deleted, module unloads clean"
HA check del tcp 10.0.0.100:80
HA check del tcp 10.0.0.100:8080
n d1 ipvsadm -C
expect_eq "$(HA -j check show | jq length)" 0 "no server left"
DMESG_MARK=$LOAD_MARK
havs_unload
