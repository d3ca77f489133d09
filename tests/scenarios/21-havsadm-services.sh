#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Services and real servers made with havsadm instead of ipvsadm, with
# direct routing: the real servers answer the client themselves.
#
#   client 10.0.0.10   d1 10.0.0.1 (VIP 10.0.0.100)   rs1 10.0.0.2   rs2 10.0.0.3
#      |                  |                              (VIP on lo, arp_ignore 1,
#      +------------------+---------- br0 (lan) --------- arp_announce 2; httpd :80)
. "$HAVS_TOP/tests/lib/netns.sh"

lan_create
lan_host client 10.0.0.10
lan_host d1 10.0.0.1
n d1 ip addr add 10.0.0.100/32 dev eth0
WWW=$(mktemp -d)
declare -A HTTPD
for i in 1 2; do
	lan_host "rs$i" "10.0.0.$(( i + 1 ))"
	n "rs$i" ip addr add 10.0.0.100/32 dev lo
	n "rs$i" sysctl -qw net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2
	mkdir -p "$WWW/rs$i"
	echo "rs$i" > "$WWW/rs$i/index.html"
	ip netns exec "$NS_PREFIX-rs$i" busybox httpd -f -p 80 -h "$WWW/rs$i" &
	HTTPD[$i]=$!
done
scenario_cleanup() {
	kill "${HTTPD[@]}" 2>/dev/null
	rm -rf "$WWW"
}

havs_load
HA() { n d1 "$HAVSADM" "$@"; }
get() {
	printf 'GET / HTTP/1.0\r\n\r\n' |
		n client socat -t 2 -T 3 - TCP:10.0.0.100:80,connect-timeout=2 | tail -n 1
}
seen() {	# N requests: which servers answered, sorted, unique
	local i
	for i in $(seq "$1"); do get; done | sort -u | tr '\n' ' '
}
health() {
	HA -j check show tcp 10.0.0.100:80 | jq -r ".[] | select(.server == \"$1\") | .health"
}

say "a service and its servers, all with havsadm"
HA service add tcp 10.0.0.100:80 scheduler havs_rr
HA server add tcp 10.0.0.100:80 10.0.0.2:80 method dr weight 10
HA server add tcp 10.0.0.100:80 10.0.0.3:80 method dr weight 10
expect_eq "$(HA service show)" "tcp 10.0.0.100:80 scheduler havs_rr
  10.0.0.2:80 dr weight 10 active 0 inactive 0
  10.0.0.3:80 dr weight 10 active 0 inactive 0" "service show"
expect_eq "$(HA -j service show | jq -c '.[0] | [.scheduler, (.servers | map(.method))]')" \
	'["havs_rr",["dr","dr"]]' "service show -j"
expect_match "$(n d1 ipvsadm -Ln)" "10.0.0.2:80 +Route +10" "ipvsadm sees what havsadm made"
wait_for 20 eval '[ "$(health 10.0.0.2:80)" = up ] && [ "$(health 10.0.0.3:80)" = up ]'
expect_eq "$(seen 6)" "rs1 rs2 " "direct routing to both servers"

say "server set: weight 0 takes rs1 out; set changes only what is given"
HA server set tcp 10.0.0.100:80 10.0.0.2:80 weight 0
expect_match "$(HA service show)" "10.0.0.2:80 dr weight 0" "weight changed, method kept"
expect_eq "$(seen 4)" "rs2 " "only rs2 serves"
HA server set tcp 10.0.0.100:80 10.0.0.2:80 weight 10

say "service set: another scheduler; the probes keep their health"
HA service set tcp 10.0.0.100:80 scheduler havs_wlc
expect_match "$(HA service show)" "scheduler havs_wlc" "scheduler changed"
expect_eq "$(HA -j check show | jq -r '[.[].health] | unique | join(",")')" up "health kept"
kill "${HTTPD[2]}"
wait_for 20 eval '[ "$(health 10.0.0.3:80)" = down ]'
expect_eq "$(seen 4)" "rs1 " "rs2 is down: only rs1"

say "server del and service del"
HA server del tcp 10.0.0.100:80 10.0.0.3:80
expect_eq "$(HA -j service show | jq '.[0].servers | length')" 1 "one server left"
expect_eq "$(HA -j check show | jq length)" 1 "and one probed"
HA service del tcp 10.0.0.100:80
expect_eq "$(HA -j service show)" "[]" "no service left"

say "refusals say why"
expect_rc 1 "an unknown scheduler" "$HAVSADM" -n "$NS_PREFIX-d1" service add tcp 10.0.0.100:80 \
	scheduler nosuch
expect_match "$OUTPUT" "service add: " "IPVS's refusal is reported"
expect_rc 1 "a server of no service" "$HAVSADM" -n "$NS_PREFIX-d1" server add \
	tcp 10.0.0.100:81 10.0.0.2:80
expect_rc 2 "port 0" "$HAVSADM" -n "$NS_PREFIX-d1" service add tcp 10.0.0.100:0
expect_rc 2 "a bad method" "$HAVSADM" -n "$NS_PREFIX-d1" server add tcp 10.0.0.100:80 \
	10.0.0.2:80 method bogus
expect_match "$OUTPUT" "method \"bogus\": nat, dr, tun or local" "clear refusal"
expect_rc 2 "service set with nothing to set" "$HAVSADM" -n "$NS_PREFIX-d1" service set \
	tcp 10.0.0.100:80
havs_unload
