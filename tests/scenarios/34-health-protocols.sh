#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# DNS, TLS and SMTP probes against real Debian servers: dnsmasq (its own
# config, in the foreground), openssl s_server with a certificate made
# here, aiosmtpd. Each service is up while its server answers; each goes
# down with the reason havsadm shows (server stopped; a wrong address, an
# unexpected rcode; a TLS port speaking plain text, a TLS alert; a hung
# SMTP server, a greeting of 554), and comes back. A DNS answer too long
# for UDP is read over TCP.
#
#   d1 eth1 10.1.0.1 -- br1 (lan) -- rs1 10.1.0.2  dnsmasq :53,
#                                 s_server :443, aiosmtpd :25, socat :2525
#   udp 10.0.0.100:53  havs_wrr  check type dns name www.test answer 10.9.9.9
#   tcp 10.0.0.100:443 havs_wrr  check type tls sni www.test
#   tcp 10.0.0.100:25  havs_wrr  check type smtp helo-name d1.test
#
# flavors: stock
. "$HAVS_TOP/tests/lib/netns.sh"

PY=/usr/bin/python3
# seconds to wait for a verdict: aiosmtpd and s_server start slowly
# under emulation, ten times slower under KASAN (the debug kernel)
W=30
[ "${HAVS_FLAVOR:-}" != debug ] || W=300
scratch_dir DIR

# one server per port at a time; stop NAME kills it and waits. Nothing
# waits for a server to listen: the probes' verdicts are what is awaited
# (aiosmtpd takes seconds to start under emulation)
declare -A SRV=()
start() {	# NAME CMD...: run CMD in rs1 as server NAME
	local name=$1
	shift
	ip netns exec "$NS_PREFIX-rs1" "$@" > "$DIR/$name.log" 2>&1 &
	SRV[$name]=$!
}
stop() {
	[ -z "${SRV[$1]:-}" ] || {
		kill "${SRV[$1]}" 2> /dev/null || true
		kill -CONT "${SRV[$1]}" 2> /dev/null || true	# if it was paused
		wait "${SRV[$1]}" 2> /dev/null || true
	}
	SRV[$1]=
}
scenario_cleanup() { for s in "${!SRV[@]}"; do stop "$s"; done; }

dns_conf() {	# ADDRESS of www.test
	cat > "$DIR/dns.conf" <<-EOF
	no-resolv
	no-hosts
	listen-address=10.1.0.2
	bind-interfaces
	local=/test/
	address=/www.test/$1
	user=root
	pid-file=
	EOF
	# 40 addresses: 666 bytes, over UDP's 512 without EDNS (TC)
	for i in $(seq 40); do echo "host-record=big.test,10.2.0.$i"; done >> "$DIR/dns.conf"
}
dns_start() {
	dns_conf "$1"
	start dns dnsmasq --keep-in-foreground --conf-file="$DIR/dns.conf" \
		--log-facility=-
}
tls_start() {	# [s_server options]
	start tls openssl s_server -accept 10.1.0.2:443 -cert "$DIR/c.pem" \
		-key "$DIR/k.pem" -quiet "$@"
}
smtp_start() {
	start smtp "$PY" -m aiosmtpd -n -l 10.1.0.2:25 -c aiosmtpd.handlers.Sink
}
# a plain-text server on PORT that sends LINE to every client
plain_start() {	# NAME PORT LINE
	printf '%s\r\n' "$3" > "$DIR/$1.txt"
	start "$1" socat TCP-LISTEN:"$2",bind=10.1.0.2,reuseaddr,fork \
		SYSTEM:"cat $DIR/$1.txt; sleep 1"
}

# rs1 first: aiosmtpd starts while the rest is built
lan_create
bridge_add br1
server_host rs1 10.1.0.2 br1
smtp_start
lan_host d1 10.0.0.1
veth_on d1 eth1 br1 10.1.0.1

say "servers: aiosmtpd (started), dnsmasq, a certificate and s_server"
dns_start 10.9.9.9
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-subj /CN=www.test -days 2 -keyout "$DIR/k.pem" -out "$DIR/c.pem" \
	2> /dev/null
tls_start

havs_load
LOAD_MARK=$DMESG_MARK
# the settings go in as one batch, as a configuration would; s_server
# and aiosmtpd may take over a second to answer under emulation
n d1 "$HAVSADM" -b - <<'EOF'
service add udp 10.0.0.100:53 scheduler havs_wrr
server add udp 10.0.0.100:53 10.1.0.2:53
service add tcp 10.0.0.100:443 scheduler havs_wrr
server add tcp 10.0.0.100:443 10.1.0.2:443
service add tcp 10.0.0.100:25 scheduler havs_wrr
server add tcp 10.0.0.100:25 10.1.0.2:25
check set udp 10.0.0.100:53 type dns name www.test answer 10.9.9.9 interval 1s timeout 500ms rise 1 fall 1 initial down
check set tcp 10.0.0.100:443 type tls sni www.test interval 2s timeout 1500ms rise 1 fall 1 initial down
check set tcp 10.0.0.100:25 type smtp helo-name d1.test interval 2s timeout 1500ms rise 1 fall 1 initial down
EOF
HA() { n d1 "$HAVSADM" "$@"; }
# health of SERVICE and why it is down: "up|" or "down|REASON"
state() {
	HA -j check show "$1" "$2" |
		jq -r '.[0] | "\(.health)|" + (if .health == "up" then "" else .last_error // "" end)'
}
is() { [ "$(state "$1" "$2")" = "$3" ]; }
# wait until SERVICE is up, or down for REASON
up() { wait_for "$W" is "$1" "$2" "up|"; echo "ok: $1 $2 up"; }
down() { wait_for "$W" is "$1" "$2" "down|$3"; echo "ok: $1 $2 down: $3"; }

say "the settings, as havsadm shows them and as a configuration"
settings=$(HA check settings)
expect_match "$settings" \
	"udp 10.0.0.100:53 type dns .* name www.test qtype A rcode NOERROR answer 10.9.9.9" \
	"dns settings"
expect_match "$settings" "tcp 10.0.0.100:443 type tls .* sni www.test" "tls settings"
expect_match "$settings" "tcp 10.0.0.100:25 type smtp .* helo-name d1.test" "smtp settings"
HA -j check settings | jq -e 'length == 3 and .[0].qtype == "A"' > /dev/null ||
	fail "check settings -j: not the three checks"
conf=$(HA show config)
expect_match "$conf" "check type dns .*name www.test answer 10.9.9.9" "show config: dns"
expect_match "$conf" "check type tls .*sni www.test" "show config: tls"
expect_match "$conf" "check type smtp .*helo-name d1.test" "show config: smtp"
# the configuration applied again changes nothing
printf '%s\n' "$conf" > "$DIR/havs.conf"
expect_eq "$(HA diff -f "$DIR/havs.conf" 2>&1)" "" "show config round-trips"

say "all three up"
up udp 10.0.0.100:53 ""
up tcp 10.0.0.100:443 ""
up tcp 10.0.0.100:25 ""

say "dns: another address, the server stopped, an rcode not expected"
dmesg_mark
stop dns
dns_start 10.9.9.8
down udp 10.0.0.100:53 "expected address not in the DNS answer"
stop dns
down udp 10.0.0.100:53 "connection refused"
# one DOWN line, with the reason of the probe that took it down: the
# restart above may let a probe find the port closed first
expect_match "$(dmesg_new)" \
	"havs: UDP 10.0.0.100:53 -> 10.1.0.2:53 DOWN \\((connection refused|expected address not in the DNS answer)" \
	"dmesg says why"
dns_start 10.9.9.9
up udp 10.0.0.100:53 ""
HA check set udp 10.0.0.100:53 type dns name nx.test qtype AAAA rcode NXDOMAIN \
	interval 1s timeout 500ms rise 1 fall 1
up udp 10.0.0.100:53 ""
HA check set udp 10.0.0.100:53 type dns name www.test rcode NXDOMAIN \
	interval 1s timeout 500ms rise 1 fall 1
down udp 10.0.0.100:53 "DNS rcode NOERROR not expected"
say "dns: a reply too long for UDP (TC) is asked again over TCP"
DNS="type dns name big.test interval 1s timeout 900ms rise 1 fall 1 initial down"
# shellcheck disable=SC2086
HA check set udp 10.0.0.100:53 $DNS answer 10.2.0.40
up udp 10.0.0.100:53 ""
# shellcheck disable=SC2086
HA check set udp 10.0.0.100:53 $DNS answer 10.2.0.41
down udp 10.0.0.100:53 "expected address not in the DNS answer"

say "tls: plain text on the port, an alert, stopped, back"
stop tls
plain_start tls 443 "HTTP/1.0 400 Bad Request"
down tcp 10.0.0.100:443 "not a TLS reply"
stop tls
tls_start -groups ffdhe2048 -tls1_3
down tcp 10.0.0.100:443 "TLS alert 40"
stop tls
down tcp 10.0.0.100:443 "connection refused"
tls_start
up tcp 10.0.0.100:443 ""

# aiosmtpd is paused and resumed, not restarted: it takes ten seconds
# to start under emulation
say "smtp: a hung server, back, a greeting of 554, back"
kill -STOP "${SRV[smtp]}"
down tcp 10.0.0.100:25 "no reply in time"
kill -CONT "${SRV[smtp]}"
up tcp 10.0.0.100:25 ""
plain_start smtp554 2525 "554 5.3.2 not now"
SMTP="type smtp helo-name d1.test interval 2s timeout 1500ms rise 1 fall 1"
# shellcheck disable=SC2086
HA check set tcp 10.0.0.100:25 $SMTP port 2525
down tcp 10.0.0.100:25 "SMTP greeting not 220 (554)"
# shellcheck disable=SC2086
HA check set tcp 10.0.0.100:25 $SMTP
up tcp 10.0.0.100:25 ""

say "refused settings"
expect_rc 2 "a dns check without a name" \
	"$HAVSADM" -n "$NS_PREFIX-d1" check set udp 10.0.0.100:53 type dns
expect_match "$OUTPUT" "type dns needs a name" "clear refusal"
expect_rc 2 "sni on a dns check" \
	"$HAVSADM" -n "$NS_PREFIX-d1" check set udp 10.0.0.100:53 type dns name a sni b
expect_match "$OUTPUT" "sni is for type tls" "clear refusal"
expect_rc 2 "a bad rcode" \
	"$HAVSADM" -n "$NS_PREFIX-d1" check set udp 10.0.0.100:53 type dns name a rcode 16
expect_match "$OUTPUT" "rcode \"16\"" "names the word"

n d1 ipvsadm -C
for s in "udp 10.0.0.100:53" "tcp 10.0.0.100:443" "tcp 10.0.0.100:25"; do
	# shellcheck disable=SC2086
	HA check del $s
done
DMESG_MARK=$LOAD_MARK
havs_unload
say "done"
