#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Interop with keepalived 2.2.7 (Debian's) in the same virtual router, both
# ways round: VRRPv3 and VRRPv2 over IPv4, VRRPv3 over IPv6. Waits are generous ceilings: keepalived
# starts slowly on the debug kernel under emulation (polling, so a passing
# run does not wait for them).
#
#      d1: havs               d2: keepalived
#      eth0 10.0.0.1          eth0 10.0.0.2
#          |                      |
#          +--------- br0 --------+        VRID 51, VIP 10.0.0.100
#                                          (IPv6: fe80::51, 2001:db8::100)
. "$HAVS_TOP/tests/lib/netns.sh"

lan_create
lan_host d1 10.0.0.1
lan_host d2 10.0.0.2

KA_DIR=$(mktemp -d)
KA_PID=
scenario_cleanup() {
	[ -n "$KA_PID" ] && kill "$KA_PID" 2>/dev/null && wait "$KA_PID" 2>/dev/null
	cp "$KA_DIR/ka.log" "$HAVS_OUT/09-keepalived-daemon.log" 2>/dev/null
	rm -rf "$KA_DIR"
}

# ka_start VERSION INTERVAL PRIORITY: keepalived on d2, in the foreground.
ka_start() {
	local vips="10.0.0.100/32"

	[ "$FAMILY" = inet ] || vips="fe80::51/64
	        2001:db8::100/128"
	cat > "$KA_DIR/ka.conf" <<-CONF
	global_defs {
	    router_id d2
	    vrrp_version $1
	    vrrp_garp_master_delay 0
	}
	vrrp_instance VI_51 {
	    state BACKUP
	    interface eth0
	    virtual_router_id 51
	    priority $3
	    advert_int $2
	    virtual_ipaddress {
	        $vips
	    }
	}
	CONF
	: > "$KA_DIR/ka.log"
	# Not through n(): $! must be keepalived itself (ip netns exec execs it).
	ip netns exec "$NS_PREFIX-d2" keepalived -n -l -D --vrrp -f "$KA_DIR/ka.conf" \
		-p "$KA_DIR/ka.pid" -r "$KA_DIR/vrrp.pid" > "$KA_DIR/ka.log" 2>&1 &
	KA_PID=$!
}
ka_stop() { kill "$KA_PID"; wait "$KA_PID" 2>/dev/null || true; KA_PID=; }
ka_is() { tail -n 20 "$KA_DIR/ka.log" | grep "Entering" | tail -n 1 | grep -q "Entering $1 STATE"; }
ka_has_vip() { ip -n "$NS_PREFIX-d2" addr show eth0 | grep -q "$VIP"; }
state() { n d1 "$HAVSADM" -j vrrp show | json_get 0.state; }
is_state() { [ "$(state)" = "$1" ]; }
stat() { n d1 "$HAVSADM" -j vrrp show | json_get "0.stats.$1"; }
drops() {
	n d1 "$HAVSADM" -j vrrp show | jq '.[0].stats | [.ttl, .truncated, .carp, .version, .type,
		.length, .checksum, .checksum_variant, .interval, .auth, .linklocal] | map(. // 0) | add'
}
wait_for 30 ll_ready d1
wait_for 30 ll_ready d2
# d2's own link-local address, its adverts' source (not keepalived's VIP).
D2_LL=$(n d2 ip -6 addr show dev eth0 scope link | awk '/inet6/ { sub("/.*", "", $2); print $2; exit }')

havs_load

for mode in 3 2 3-ipv6; do
	version=${mode%%-*} FAMILY=inet VIP=10.0.0.100 ADDRS="address 10.0.0.100"
	if [ $version = 3 ]; then int_ka=0.1 int_havs=100ms; else int_ka=1 int_havs=1s; fi
	if [ "$mode" = 3-ipv6 ]; then
		FAMILY=inet6 VIP=2001:db8::100 ADDRS="address fe80::51 address 2001:db8::100"
	fi
	say "VRRPv$version $FAMILY: havs master (200), keepalived backup (100)"
	n d1 "$HAVSADM" vrrp add dev eth0 vrid 51 version $version priority 200 \
		interval $int_havs $ADDRS
	wait_for 30 is_state MASTER
	ka_start $version $int_ka 100
	wait_for 60 ka_is BACKUP
	sleep 1
	ka_is BACKUP || fail "keepalived left BACKUP while havs was master: $(tail -n 5 "$KA_DIR/ka.log")"
	expect_eq "$(state)" MASTER "havs stays master"

	say "VRRPv$version $FAMILY: havs bows out with priority 0, keepalived takes over"
	n d1 "$HAVSADM" vrrp del dev eth0 vrid 51
	wait_for 30 ka_is MASTER
	wait_for 30 ka_has_vip

	say "VRRPv$version $FAMILY: havs (50) joins as backup of keepalived and accepts its adverts"
	n d1 "$HAVSADM" vrrp add dev eth0 vrid 51 version $version priority 50 \
		interval $int_havs $ADDRS
	wait_for 30 is_state BACKUP
	wait_for 30 eval '[ "$(stat adverts_received)" -ge 3 ]'
	d2_addr=10.0.0.2
	[ "$FAMILY" = inet ] || d2_addr=$D2_LL
	expect_eq "$(n d1 "$HAVSADM" -j vrrp show | json_get 0.master)" "$d2_addr" "havs sees keepalived as master"
	expect_eq "$(drops)" 0 "no keepalived advert dropped (checksum, interval, version)"
	expect_eq "$(state)" BACKUP "havs stays backup"

	say "VRRPv$version $FAMILY: keepalived stops (priority 0), havs takes over"
	dmesg_mark
	ka_stop
	wait_for 15 is_state MASTER
	expect_match "$(dmesg_new)" "vrrp eth0/51 v$version BACKUP -> MASTER \\(master sent priority 0; prio 50\\)" \
		"havs took over on keepalived's priority 0"
	n d1 "$HAVSADM" vrrp del dev eth0 vrid 51
done
havs_unload
