#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Real servers that misbehave on purpose: the HTTP probe marks each one
# down with the reason an operator can act on, within its timeout, and
# keeps doing so round after round (no socket or memory left behind: the
# debug kernel's kmemleak and KASAN watch); traffic goes to the one good
# server only.
#
#   client 10.0.0.10                    farm (one process, one behaviour per address)
#      |                                  10.1.0.2 good       10.1.0.6 bigheader
#   br0 -- eth0 10.0.0.1 [d1] eth1 ----- br1  10.1.0.3 silent     10.1.0.7 reset
#          VIP 10.0.0.100:80, NAT          10.1.0.4 trickle    10.1.0.8 garbage
#          havs_rr, HTTP probe             10.1.0.5 flood      10.1.0.9 malformed
# havs's own validation, on the debug kernel only (KASAN watches it; the
# stock guest is the run's longest and gains nothing from the same code
# on the same kernel source without the checks).
# flavors: debug
. "$HAVS_TOP/tests/lib/netns.sh"

lan_create
lan_host client 10.0.0.10
lan_host d1 10.0.0.1
n d1 ip addr add 10.0.0.100/32 dev eth0
n d1 sysctl -qw net.ipv4.ip_forward=1
bridge_add br1
veth_on d1 eth1 br1 10.1.0.1
server_host farm 10.1.0.2 br1 10.1.0.1

# Random bytes fail on the first byte or two: a CR not followed by LF
# (1 in 256), a NUL (1 in 256), else the status line. Each probe gets new
# bytes, so any of the three is the right diagnosis.
declare -A WANT=(
	[silent]='^no reply in time$'
	[trickle]='^no reply in time$'
	[flood]='^reply larger than the probe reads$'
	[bigheader]='^header line too long$'
	[reset]='^connection reset$'
	[garbage]='^(malformed status line|CR not followed by LF|NUL byte in a header or chunk line)$'
	[malformed]='^malformed status line$'
)
ORDER=(good silent trickle flood bigheader reset garbage malformed)
declare -A ADDR
specs=()
i=2
for b in "${ORDER[@]}"; do
	ADDR[$b]=10.1.0.$i
	[ "$i" = 2 ] || n farm ip addr add "10.1.0.$i/24" dev eth0
	specs+=("10.1.0.$i:80=$b")
	i=$((i + 1))
done
OUT=$(mktemp)
ip netns exec "$NS_PREFIX-farm" python3 "$HAVS_TOP/tests/lib/hostile_httpd.py" \
	"${specs[@]}" > "$OUT" 2>&1 &
FARM=$!
scenario_cleanup() { kill "$FARM" 2>/dev/null; wait "$FARM" 2>/dev/null; rm -f "$OUT"; }
wait_for 60 grep -q ready "$OUT"

havs_load
HA() { n d1 "$HAVSADM" "$@"; }
n d1 ipvsadm -A -t 10.0.0.100:80 -s havs_rr
for b in "${ORDER[@]}"; do
	n d1 ipvsadm -a -t 10.0.0.100:80 -r "${ADDR[$b]}:80" -m -w 1
done
HA check set tcp 10.0.0.100:80 type http path /health status 200 expect ok \
	interval 2s timeout 1500ms rise 1 fall 1
field() {	# BEHAVIOUR KEY
	HA -j check show tcp 10.0.0.100:80 |
		jq -r ".[] | select(.server == \"${ADDR[$1]}:80\") | .$2"
}
# three probe rounds of every server done
settled() {
	[ "$(HA -j check show tcp 10.0.0.100:80 |
		jq '[.[] | select(.probes_ok + .probes_failed >= 3)] | length')" = 8 ]
}
if ! (wait_for 120 settled); then
	HA check show
	fail "not every server probed three times in 120 s"
fi

for b in "${ORDER[@]}"; do
	if [ "$b" = good ]; then
		expect_eq "$(field "$b" health)" up "$b server is up"
		continue
	fi
	expect_eq "$(field "$b" health)" down "$b server is down"
	expect_match "$(field "$b" last_error)" "${WANT[$b]}" "$b server: the reason"
	expect_eq "$(field "$b" transitions)" 1 "$b server went down once and stayed down"
done

# Only the good server gets clients.
for _ in 1 2 3; do
	expect_match "$(printf 'GET / HTTP/1.0\r\n\r\n' |
		n client socat -t 2 -T 5 - TCP:10.0.0.100:80,connect-timeout=4 | tail -n 1)" \
		'^ok$' "a client request is served by the good server"
done

# Every probe ended: no connection of the prober stays open longer than
# a timeout (the silent, trickle and flood servers would hold one
# forever if the prober forgot it).
sleep 2
open=$(n d1 ss -Htn state established '( dport = :80 )' | wc -l)
[ "$open" -le 7 ] || fail "$open probe connections open at once: probes are left behind"
echo "ok: $open probe connections open now (at most one per server in flight)"

HA check del tcp 10.0.0.100:80
n d1 ipvsadm -C
havs_unload
