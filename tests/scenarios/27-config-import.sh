#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Moving from keepalived: a pair's keepalived.conf files (VRRP instance,
# virtual server with HTTP_GET checks), imported with havsadm
# import-keepalived and applied, give exactly the running state a
# hand-written havs.conf gives, and a working pair: the preferred
# director is master, clients reach both servers through the VIP, a dead
# server is taken out, and the backup takes over when the master's link
# goes.
#
#   client 10.0.0.10
#      |
#   br0 --- eth0 10.0.0.1 [d1] eth1 10.1.0.1 --- br1 --- rs1 10.1.0.2:80
#       |   keepalived-d1.conf (prio 200)          |     rs2 10.1.0.3:80
#       \-- eth0 10.0.0.2 [d2] eth1 10.1.0.5 ------/    (gateway 10.1.0.1)
#           keepalived-d2.conf (prio 100)
# The kernel paths it takes are 26's and 08's, which the debug kernel
# runs; the importer is userspace: the stock kernel only.
# flavors: stock
. "$HAVS_TOP/tests/lib/netns.sh"

DATA=$HAVS_TOP/tests/scenarios/data
lan_create
lan_host client 10.0.0.10
lan_host d1 10.0.0.1
lan_host d2 10.0.0.2
n d1 sysctl -qw net.ipv4.ip_forward=1
bridge_add br1
veth_on d1 eth1 br1 10.1.0.1
veth_on d2 eth1 br1 10.1.0.5
scratch_dir W
for i in 1 2; do
	web_server "rs$i" "10.1.0.$((i + 1))" br1 10.1.0.1 "$W"
done
havs_load
HA() { local d=$1; shift; n "$d" "$HAVSADM" "$@"; }
state() { HA "$1" -j vrrp show dev eth0 vrid 51 | jq -r '.[0].state'; }
health() { HA d1 -j check show | jq -r ".[] | select(.server == \"$1\") | .health"; }

say "import: translated, with each directive it could not translate and why"
for d in d1 d2; do
	expect_rc 0 "import keepalived-$d.conf" "$HAVSADM" import-keepalived "$DATA/keepalived-$d.conf"
	"$HAVSADM" import-keepalived "$DATA/keepalived-$d.conf" > "$W/$d.conf" 2> "$W/$d.err"
	expect_match "$(cat "$W/$d.err")" "keepalived-$d.conf:8: not translated: state" "$d: state reported"
	expect_match "$(cat "$W/$d.conf")" 'notify-master "/usr/local/bin/page' "$d: notify script translated for havsadm agent"
done
cat "$W/d1.conf"

say "the hand-written equivalent, applied on d1, then taken away"
cat > "$W/hand.conf" <<'HAND'
vrrp dev eth0 vrid 51 address 10.0.0.100 priority 200 interval 100ms
service tcp 10.0.0.100:80 scheduler havs_wrr
    check type http path / status 200 interval 2s timeout 1s retry 1s rise 1 fall 3
    server 10.1.0.2:80 weight 10
    server 10.1.0.3:80 weight 10
HAND
expect_rc 0 "apply the hand-written file" HA d1 apply -f "$W/hand.conf"
HA d1 show config > "$W/hand.shown"
expect_rc 0 "apply an empty file" HA d1 apply -f /dev/null
expect_eq "$(HA d1 show config)" "" "nothing left"

say "the imported files, applied: the same running state"
expect_rc 0 "apply d1's imported file" HA d1 apply -f "$W/d1.conf"
expect_rc 0 "apply d2's imported file" HA d2 apply -f "$W/d2.conf"
expect_eq "$(HA d1 show config)" "$(cat "$W/hand.shown")" "d1 runs what the hand-written file makes"
expect_eq "$(HA d1 diff -f "$W/hand.conf")" "" "the hand-written file applies as a no-op"

say "and it works: master, traffic to both servers, a dead server out, failover"
wait_for 30 eval '[ "$(state d1)" = MASTER ]'
wait_for 30 eval '[ "$(state d2)" = BACKUP ]'
wait_for 60 eval '[ "$(health 10.1.0.2:80)" = up ] && [ "$(health 10.1.0.3:80)" = up ]'
get() {
	printf 'GET / HTTP/1.0\r\n\r\n' |
		n client socat -t 2 -T 5 - TCP:10.0.0.100:80,connect-timeout=4 | tail -n 1
}
seen=$(for _ in 1 2 3 4; do get; done | sort -u | tr '\n' ' ')
expect_eq "$seen" "rs1 rs2 " "clients reach both servers"
kill "${PIDS[1]}"
wait_for 60 eval '[ "$(health 10.1.0.3:80)" = down ]'
seen=$(for _ in 1 2 3 4; do get; done | sort -u | tr '\n' ' ')
expect_eq "$seen" "rs1 " "the dead server gets no client"
n d1 ip link set eth0 down
wait_for 30 eval '[ "$(state d2)" = MASTER ]'
n d1 ip link set eth0 up
wait_for 30 eval '[ "$(state d1)" = MASTER ]'
HA d1 apply -f /dev/null > /dev/null
HA d2 apply -f /dev/null > /dev/null
havs_unload
