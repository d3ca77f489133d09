#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# What `make demo` shows, run inside the stock Debian kernel guest.
set -u
HAVSADM=$HAVS_TOP/build/tools/havsadm
step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@"; }
title() { printf '\n\033[1;34m== %s ==\033[0m\n' "$*"; }

title "havs on $(uname -r) (Debian's stock kernel), inside a QEMU guest"
step modinfo -F version havs
title "havsadm talks to the module over generic netlink (loads it on demand)"
step "$HAVSADM" version
step "$HAVSADM" -j version
title "every network namespace has its own havs state"
ip netns add demo-a
ip netns add demo-b
step "$HAVSADM" -n demo-a -j version
step "$HAVSADM" -n demo-b -j version
title "tunables under /sys/module/havs/parameters are validated"
step grep -H . /sys/module/havs/parameters/verbose
step bash -c 'echo 7 > /sys/module/havs/parameters/verbose'
step grep -H . /sys/module/havs/parameters/verbose
title "only CAP_NET_ADMIN may talk to it"
cp "$HAVSADM" /tmp/havsadm && chmod 755 /tmp/havsadm
step setpriv --reuid=65534 --regid=65534 --clear-groups /tmp/havsadm version
title "what havs said in dmesg"
ip netns del demo-a
ip netns del demo-b
rmmod havs
step sh -c "dmesg --notime | grep 'havs:'"

# --- VRRP -----------------------------------------------------------------
. "$HAVS_TOP/tests/lib/netns.sh"
set +e
trap 'for ns in "${NAMESPACES[@]}"; do ip netns del "$ns"; done; rmmod havs 2>/dev/null' EXIT
on() {	# on NS CMD...: show and run a command in a namespace
	local ns=$1
	shift
	printf '\n\033[1m%s# %s\033[0m\n' "$ns" "$*"
	n "$ns" "$@"
}
vstate() { n "$1" havsadm -j vrrp show | json_get 0.state 2>/dev/null; }
until_state() { for _ in $(seq 200); do [ "$(vstate "$1")" = "$2" ] && return; sleep 0.05; done; }

title "VRRP in the kernel: two directors and a client on one LAN"
echo "   d1 10.0.0.1 (prio 200)   d2 10.0.0.2 (prio 100)   client 10.0.0.10   VIP 10.0.0.100"
lan_create
lan_host d1 10.0.0.1
lan_host d2 10.0.0.2
lan_host client 10.0.0.10
on d1 havsadm vrrp add dev eth0 vrid 51 priority 200 interval 100ms address 10.0.0.100 \
	track-object web
on d2 havsadm vrrp add dev eth0 vrid 51 priority 100 interval 100ms address 10.0.0.100
until_state d1 MASTER
until_state d2 BACKUP
on d1 havsadm vrrp show
on d2 havsadm vrrp show

title "the client reaches the VIP at the virtual MAC"
on client ping -c 3 -i 0.2 10.0.0.100
on client ip neigh show 10.0.0.100

title "the master dies (its link goes down); the backup takes over"
n client ping -n -D -i 0.005 -W 1 10.0.0.100 > /tmp/demo-ping.log 2>&1 &
pinger=$!
sleep 1
on d1 ip link set eth0 down
until_state d2 MASTER
sleep 1
kill $pinger
wait $pinger 2>/dev/null
awk -F'[][]' '/bytes from/ { t = $2 * 1000; if (p && t - p > gap) gap = t - p; p = t }
	END { printf "\nclient outage: %.0f ms (Master_Down_Interval for priority 100 at 100 ms adverts: 361 ms)\n", gap }' \
	/tmp/demo-ping.log
on d2 havsadm vrrp show
on client ping -c 2 -i 0.2 10.0.0.100

title "d1 comes back and preempts; a monitor on d2 prints the events"
n d2 havsadm monitor -t > /tmp/demo-monitor.log 2>&1 &
monitor=$!
on d1 ip link set eth0 up
until_state d1 MASTER
until_state d2 BACKUP

title "a userspace health check says d1's web service is sick: d1 hands over at once"
on d1 havsadm track set web down
until_state d2 MASTER
on d1 havsadm vrrp show
on d1 havsadm track show
on d1 havsadm track set web up
until_state d1 MASTER
sleep 0.5
kill $monitor
wait $monitor 2>/dev/null
step cat /tmp/demo-monitor.log

title "what havs said about it"
step sh -c "dmesg --notime | grep 'havs: vrrp'"

# --- health-checked IPVS --------------------------------------------------
title "health-checked IPVS: three HTTP servers behind a NAT director, scheduler havs_wrr"
echo "   client 10.0.0.10 -- lb 10.0.0.5 (VIP 10.0.0.200:80) -- rs1 10.2.0.2  rs2 10.2.0.3  rs3 10.2.0.4"
lan_host lb 10.0.0.5
n lb ip addr add 10.0.0.200/32 dev eth0
n lb sysctl -qw net.ipv4.ip_forward=1
bridge_add br2
veth_on lb eth1 br2 10.2.0.1
WWW=$(mktemp -d)
declare -A HTTPD
web_start() {
	ip netns exec "$NS_PREFIX-rs$1" busybox httpd -f -p "10.2.0.$(( $1 + 1 )):80" \
		-h "$WWW/rs$1" &
	HTTPD[$1]=$!
}
for i in 1 2 3; do
	server_host "rs$i" "10.2.0.$(( i + 1 ))" br2 10.2.0.1
	mkdir -p "$WWW/rs$i"
	echo "hello from rs$i" > "$WWW/rs$i/index.html"
	echo ok > "$WWW/rs$i/health"
	web_start "$i"
done
trap 'kill "${HTTPD[@]}" 2>/dev/null; for ns in "${NAMESPACES[@]}"; do ip netns del "$ns"; done; n lb ipvsadm -C 2>/dev/null; rmmod havs 2>/dev/null; rm -rf "$WWW"' EXIT
fetch() {	# N requests from the client, one line each
	for _ in $(seq "$1"); do
		printf 'GET / HTTP/1.0\r\n\r\n' |
			n client socat -t 2 -T 3 - TCP:10.0.0.200:80,connect-timeout=2 2>/dev/null |
			tail -n 1
	done | sort | uniq -c
}
health() { n lb havsadm -j check show | jq -r ".[] | select(.server == \"$1\") | .health"; }
until_health() { for _ in $(seq 400); do [ "$(health "$1")" = "$2" ] && return; sleep 0.05; done; }
on lb ipvsadm -A -t 10.0.0.200:80 -s havs_wrr
for i in 1 2 3; do on lb ipvsadm -a -t 10.0.0.200:80 -r "10.2.0.$(( i + 1 )):80" -m -w 100; done
on lb havsadm check set tcp 10.0.0.200:80 type http path /health status 200 expect ok \
	interval 500ms timeout 400ms rise 2 fall 2 slowstart 10s
sleep 2
on lb havsadm check show
title "30 requests from the client"
fetch 30

title "rs2's web server dies"
kill "${HTTPD[2]}"
until_health 10.2.0.3:80 down
on lb havsadm check show
title "30 requests: none reaches rs2, none fails"
fetch 30

title "rs2 returns: it ramps up over 10 s (slow start)"
web_start 2
until_health 10.2.0.3:80 up
for _ in 1 2 3; do
	n lb havsadm -j check show |
		jq -r '.[] | select(.server == "10.2.0.3:80") | "rs2 weight in effect \(.weight_in_effect) of \(.weight)"'
	sleep 3
done
fetch 30
title "what havs said"
step sh -c "dmesg --notime | grep -E 'havs: TCP'"

# --- the same, from a configuration file ------------------------------------
title "the director as a configuration file (havs.conf(5)): havsadm show config"
n lb havsadm show config > /tmp/lb.conf
step cat /tmp/lb.conf
title "applying it again under client traffic changes nothing: no command runs, no request fails"
n client python3 "$HAVS_TOP/tests/lib/httploop.py" 10.0.0.200 80 /tmp/demo-client &
LOOP=$!
until [ -s /tmp/demo-client ] && [ "$(cut -d' ' -f1 /tmp/demo-client)" -ge 5 ]; do sleep 0.2; done
before=$(cat /tmp/demo-client)
for _ in 1 2 3; do on lb havsadm apply -f /tmp/lb.conf; done
sleep 2
after=$(cat /tmp/demo-client)
kill "$LOOP"
echo "client requests ok/failed: before $before, after $after"
title "one weight changes in the file: diff shows the one command, apply runs only it"
sed -i 's/server 10.2.0.4:80 weight 100/server 10.2.0.4:80 weight 50/' /tmp/lb.conf
on lb havsadm diff -f /tmp/lb.conf
on lb havsadm apply -f /tmp/lb.conf
on lb ipvsadm -Ln
title "metrics for Prometheus (a few of them)"
step sh -c "'$HAVSADM' -n $NS_PREFIX-lb stats --prometheus | grep -E '^havs_server_(up|weight_in_effect)'"
title "an invalid file is refused whole, with its line"
printf 'service tcp 10.0.0.200:80\n    server 10.2.0.2:80 weight lots\n' > /tmp/bad.conf
on lb havsadm apply -f /tmp/bad.conf || echo "(exit $?: nothing applied)"
