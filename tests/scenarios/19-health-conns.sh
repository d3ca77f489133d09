#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What happens to the open connections of a server that goes down:
# "conns keep" (the default) leaves them alone; "conns expire" ends them at
# their next packet, as IPVS's expire_nodest_conn does for deleted servers.
#
#   client 10.0.0.10 -- br0 -- eth0 10.0.0.1 [d1] eth1 10.1.0.1 -- br1 -- rs1 10.1.0.2:81
#                               VIP 10.0.0.100:81 (NAT, havs_rr)          rs2 10.1.0.3:81
#
# The servers echo lines back (socat); the health is set from userspace
# (check type external) so the test decides when a server is down.
. "$HAVS_TOP/tests/lib/netns.sh"

lan_create
lan_host client 10.0.0.10
lan_host d1 10.0.0.1
n d1 ip addr add 10.0.0.100/32 dev eth0
n d1 sysctl -qw net.ipv4.ip_forward=1
bridge_add br1
veth_on d1 eth1 br1 10.1.0.1
for i in 1 2; do
	server_host "rs$i" "10.1.0.$(( i + 1 ))" br1 10.1.0.1
	# an echo server, threads not processes (forks are slow on the debug kernel)
	ip netns exec "$NS_PREFIX-rs$i" python3 -c 'import socketserver
class Echo(socketserver.StreamRequestHandler):
    def handle(self):
        for line in self.rfile:
            self.wfile.write(line)
socketserver.ThreadingTCPServer.allow_reuse_address = True
socketserver.ThreadingTCPServer(("0.0.0.0", 81), Echo).serve_forever()' &
	PIDS+=($!)
done
for i in 1 2; do wait_for 60 eval "n rs$i ss -tln | grep -q ':81 '"; done

havs_load
HA() { n d1 "$HAVSADM" "$@"; }
n d1 ipvsadm -A -t 10.0.0.100:81 -s havs_rr
n d1 ipvsadm -a -t 10.0.0.100:81 -r 10.1.0.2:81 -m
n d1 ipvsadm -a -t 10.0.0.100:81 -r 10.1.0.3:81 -m

# open CONN: a client connection kept open by a coprocess; its server
open_conn() {
	coproc CL { exec ip netns exec "$NS_PREFIX-client" socat - TCP:10.0.0.100:81 2>&1; }
	# bash unsets CL_PID when the coprocess ends: keep our own copy
	CLIENT=$CL_PID
	PIDS+=("$CLIENT")
	echo hello >&"${CL[1]}"
	read -r -t 60 line <&"${CL[0]}" || fail "no echo on the new connection"
	expect_eq "$line" hello "echo through the VIP"
	SERVER=$(n d1 ipvsadm -Lnc | awk '$3 == "ESTABLISHED" && $4 ~ /^10.0.0.10:/ { print $6 }')
	[ -n "$SERVER" ] || fail "no established connection in ipvsadm -Lnc"
	echo "ok: the connection goes to $SERVER"
}
established() { n d1 ipvsadm -Lnc | grep -q "ESTABLISHED.*$SERVER"; }

say "conns keep (the default): a connection outlives its server's health"
HA check set tcp 10.0.0.100:81 type external
open_conn
HA server set tcp 10.0.0.100:81 "$SERVER" health down
echo again >&"${CL[1]}"
read -r -t 60 line <&"${CL[0]}" || fail "the kept connection does not echo"
expect_eq "$line" again "the connection still works"
established || fail "the connection left the IPVS table"
kill "$CLIENT" 2>/dev/null; wait "$CLIENT" 2>/dev/null || true
HA server set tcp 10.0.0.100:81 "$SERVER" health up

say "conns expire: the next packet ends it, new connections go elsewhere"
HA check set tcp 10.0.0.100:81 type external conns expire
expect_match "$(HA check settings)" "conns expire" "settings show it"
open_conn
old=$SERVER
HA server set tcp 10.0.0.100:81 "$old" health down
echo again >&"${CL[1]}"
wait_for 60 eval '! kill -0 "$CLIENT"'
echo "ok: the client's connection was reset"
wait_for 60 eval '! established'
echo "ok: the connection left the IPVS table"
open_conn
[ "$SERVER" != "$old" ] || fail "a new connection went to $old, which is down"
kill "$CLIENT" 2>/dev/null; wait "$CLIENT" 2>/dev/null || true

say "back to keep: nothing is expired any more"
HA check set tcp 10.0.0.100:81 type external
HA server set tcp 10.0.0.100:81 "$old" health up
n d1 ipvsadm -C
HA check del tcp 10.0.0.100:81
havs_unload
