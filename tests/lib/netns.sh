# SPDX-License-Identifier: GPL-2.0
# Helpers for havs scenarios (sourced). Scenarios run as root inside the
# test guest; each builds its own topology with unique names and tears it
# down on exit, pass or fail.
#
#   ns_add NAME        create network namespace "$NS_PREFIX-NAME"
#   n NAME CMD...      run CMD inside it (ip netns exec)
#   lan_create         a bridge br0 in namespace "lan"
#   lan_host NAME ADDR namespace NAME whose eth0 (ADDR/24) is on that bridge
#   bridge_add BR      another bridge BR in namespace "lan" (a back end)
#   veth_on NAME DEV BR ADDR  NAME's new interface DEV (ADDR/24) on bridge BR
#   server_host NAME ADDR BR [GW]  namespace NAME, its eth0 (ADDR/24) on BR,
#                      default route via GW
#   ll_ready NAME      NAME's eth0 has a link-local IPv6 address out of DAD
#   arp_answers NAME SIP TIP [MS]  who answers an ARP request for TIP sent
#                      from NAME's eth0: "reply MAC IP" lines
#   own_arp_ok NAME ADDR  asked from namespace client (10.0.0.10), NAME's
#                      eth0 address ADDR is answered once, with NAME's real
#                      MAC (never a virtual MAC from a macvlan)
#   havs_load [ARGS]   modprobe havs, remember the dmesg position
#   havs_unload        rmmod havs and check every "created" has a "destroyed"
#   wait_for SECS CMD  poll CMD every 50 ms until it succeeds
#   expect_eq / expect_rc / expect_match   assertions that say what failed
#   nl_subscribed PID  PID has joined a netlink multicast group

set -euo pipefail

NS_PREFIX=havs$$
NAMESPACES=()
# Background processes of the scenario (PIDS+=($!)) are killed and
# scratch directories (scratch_dir) removed when it exits, pass or fail.
PIDS=()
SCRATCH=()
HAVSADM=${HAVSADM:-$HAVS_TOP/build/tools/havsadm}

# say WHAT: a step of the scenario, with the seconds since it began (its
# log shows where the time goes; EPOCHREALTIME costs no process).
SAY_T0=${EPOCHREALTIME/./}
say() {
	local t=$(( (${EPOCHREALTIME/./} - SAY_T0) / 100000 ))
	echo "# [$((t / 10)).$((t % 10))s] $*"
}
FAIL_MSG=
fail() { FAIL_MSG=$*; echo "FAIL: $*" >&2; exit 1; }

ns_add() {
	ip netns add "$NS_PREFIX-$1"
	NAMESPACES+=("$NS_PREFIX-$1")
	ip -n "$NS_PREFIX-$1" link set lo up
}
ns_del() {
	local name=$NS_PREFIX-$1 i

	ip netns del "$name"
	for i in "${!NAMESPACES[@]}"; do
		[ "${NAMESPACES[$i]}" = "$name" ] && unset 'NAMESPACES[i]'
	done
	return 0
}
# havsadm and ip enter the namespace themselves (-n): one exec instead of
# two, and for havsadm no private mount namespace and sysfs mount (under
# the debug kernel and emulation, 0.35 s per call). Anything else goes
# through ip netns exec, whose /sys shows the namespace's interfaces.
n() {
	local ns=$NS_PREFIX-$1
	shift
	case $1 in
	"$HAVSADM") "$HAVSADM" -n "$ns" "${@:2}" ;;
	ip) ip -n "$ns" "${@:2}" ;;
	*) ip netns exec "$ns" "$@" ;;
	esac
}

lan_create() {
	ns_add lan
	n lan ip link add br0 type bridge
	n lan ip link set br0 up
}
lan_host() {
	ns_add "$1"
	ip link add eth0 netns "$NS_PREFIX-$1" type veth peer name "p-$1" \
		netns "$NS_PREFIX-lan"
	n lan ip link set "p-$1" master br0 up
	n "$1" ip addr add "$2/24" dev eth0
	n "$1" ip link set eth0 up
}
bridge_add() {
	n lan ip link add "$1" type bridge
	n lan ip link set "$1" up
}
veth_on() {
	local peer=${1:0:9}-$2

	ip link add "$2" netns "$NS_PREFIX-$1" type veth peer name "$peer" \
		netns "$NS_PREFIX-lan"
	n lan ip link set "$peer" master "$3" up
	n "$1" ip addr add "$4/24" dev "$2"
	n "$1" ip link set "$2" up
}
server_host() {
	ns_add "$1"
	veth_on "$1" eth0 "$3" "$2"
	[ -z "${4:-}" ] || n "$1" ip route add default via "$4"
}
# web_server NAME ADDR BRIDGE GATEWAY DIR: a host on BRIDGE whose busybox
# httpd serves DIR/NAME on ADDR:80 (index.html says NAME); its PID is
# added to the scenario's PIDS array, for its cleanup to kill.
web_server() {
	server_host "$1" "$2" "$3" "$4"
	mkdir -p "$5/$1"
	echo "$1" > "$5/$1/index.html"
	ip netns exec "$NS_PREFIX-$1" busybox httpd -f -p "$2:80" -h "$5/$1" &
	PIDS+=($!)
}
# scratch_dir VAR: a new temporary directory, its path in VAR.
scratch_dir() {
	local d
	d=$(mktemp -d) || fail "cannot make a temporary directory"
	SCRATCH+=("$d")
	printf -v "$1" '%s' "$d"
}
havsadm() { "$HAVSADM" "$@"; }
arp_answers() {
	n "$1" python3 "$HAVS_TOP/tests/lib/arpprobe.py" eth0 "$2" "$3" "${4:-500}"
}
own_arp_ok() {
	expect_eq "$(arp_answers client 10.0.0.10 "$2")" \
		"reply $(n "$1" cat /sys/class/net/eth0/address) $2" \
		"ARP for $1's own address $2"
}
# ll_ready NAME: NAME's eth0 has a link-local IPv6 address out of DAD.
ll_ready() {
	n "$1" ip -6 addr show dev eth0 scope link | grep -q fe80 &&
		! n "$1" ip -6 addr show dev eth0 tentative | grep -q inet6
}

# On failure, before the namespaces go: one line per VRRP instance and
# check of every namespace, and havs's last kernel lines. CI shows only the
# tail of a failed scenario's log, so this stays short and the verdict
# (with the failed check) is its last line.
failure_state() {
	local ns out

	echo "--- havs state at the failure"
	for ns in "${NAMESPACES[@]}"; do
		out=$( { timeout 5 ip netns exec "$ns" "$HAVSADM" vrrp show
			 timeout 5 ip netns exec "$ns" "$HAVSADM" check show; } 2>/dev/null |
		      grep -v '^ ' | head -n 4)
		[ -z "$out" ] || echo "$out" | sed "s/^/${ns#"$NS_PREFIX"-}: /"
	done
	echo "--- last havs kernel lines"
	dmesg --notime | grep 'havs' | tail -n 8
}

cleanup() {
	local rc=$?
	set +e
	if [ $rc != 0 ] && grep -q '^havs ' /proc/modules; then
		failure_state 2>&1 | cut -c 1-200
	fi
	for ns in "${NAMESPACES[@]}"; do
		ip netns del "$ns" 2>/dev/null
	done
	if declare -F scenario_cleanup > /dev/null; then
		scenario_cleanup
	fi
	if [ ${#PIDS[@]} -gt 0 ]; then
		kill "${PIDS[@]}" 2>/dev/null
		wait "${PIDS[@]}" 2>/dev/null
	fi
	[ ${#SCRATCH[@]} = 0 ] || rm -rf "${SCRATCH[@]}"
	# IPVS services of deleted namespaces hold havs until the namespaces
	# are gone (asynchronously): give them a moment before unloading
	if grep -q '^havs ' /proc/modules; then
		for _ in $(seq 100); do
			[ "$(cat /sys/module/havs/refcnt 2>/dev/null)" = 0 ] && break
			sleep 0.1
		done
		rmmod havs 2>/dev/null
	fi
	[ $rc = 0 ] && echo "PASS" || echo "FAILED (exit $rc)${FAIL_MSG:+: $FAIL_MSG}"
	exit $rc
}
trap cleanup EXIT

# dmesg since the last dmesg_mark, without timestamps. The mark is a line
# of its own in the kernel log, not a line count: once the ring buffer is
# full (scenario 16 fills it) counts stop meaning anything. A mark the
# buffer has already dropped means all it holds came after it.
DMESG_MARK=
dmesg_mark() {
	DMESG_MARK="havs-test: mark $$-$RANDOM$RANDOM"
	echo "$DMESG_MARK" > /dev/kmsg
}
dmesg_new() {
	dmesg --notime | awk -v m="$DMESG_MARK" '{ l[NR] = $0 }
		m != "" && index($0, m) { from = NR }
		END { for (i = from + 1; i <= NR; i++) print l[i] }'
}

dmesg_has_mark() {
	[ -n "$DMESG_MARK" ] && dmesg --notime | grep -qF "$DMESG_MARK"
}

HAVS_LOAD_MARK=
havs_load() {
	dmesg_mark
	HAVS_LOAD_MARK=$DMESG_MARK
	modprobe havs "$@"
	grep -q '^havs ' /proc/modules || fail "havs did not load"
}

# Unload and prove nothing was left behind: the module's reference count
# was zero and every per-netns state it created was destroyed.
havs_unload() {
	local created destroyed

	expect_eq "$(cat /sys/module/havs/refcnt)" 0 "havs reference count before unload"
	rmmod havs
	! grep -q '^havs ' /proc/modules || fail "havs still loaded after rmmod"
	# from the load on, whatever marks the scenario set in between
	DMESG_MARK=${HAVS_LOAD_MARK:-$DMESG_MARK}
	dmesg_new | grep -q 'havs: unloaded version' || fail "no unload line in dmesg"
	# The state lines can be counted only when the log kept them all: a
	# scenario that floods it (16) has lines held back by the module's
	# budget or pushed out of the ring buffer.
	if ! dmesg_has_mark; then
		echo "# per-netns state lines not compared: the ring buffer wrapped since the load"
	elif dmesg_new | grep -q 'havs: [0-9]* lines suppressed by the log rate limit'; then
		echo "# per-netns state lines not compared: the log rate limit held some back"
	else
		created=$(dmesg_new | grep -c 'havs: netns [0-9]*: state created' || true)
		destroyed=$(dmesg_new | grep -c 'havs: netns [0-9]*: state destroyed' || true)
		expect_eq "$destroyed" "$created" "per-netns states destroyed vs created"
	fi
}

wait_for() {
	local secs=$1 end
	shift
	end=$(( $(date +%s%N) + secs * 1000000000 ))
	until "$@" > /dev/null 2>&1; do
		[ "$(date +%s%N)" -lt "$end" ] || fail "timed out after ${secs}s waiting for: $*"
		sleep 0.05
	done
}

expect_eq() {
	[ "$1" = "$2" ] || fail "$3: got '$1', expected '$2'"
	echo "ok: $3 = '$2'"
}

expect_match() {
	printf '%s\n' "$1" | grep -Eq -- "$2" || fail "$3: '$1' does not match /$2/"
	echo "ok: $3 ~ /$2/"
}

# expect_rc RC WHAT CMD...: run CMD, require exit status RC; output in $OUTPUT.
expect_rc() {
	local want=$1 what=$2 rc=0
	shift 2
	OUTPUT=$("$@" 2>&1) || rc=$?
	[ "$rc" = "$want" ] || fail "$what: exit $rc, expected $want; output: $OUTPUT"
	echo "ok: $what (exit $rc)"
}

# JSON field extraction for assertions: json_get 0.stats.adverts_sent.
# jq, not python: it starts ten times faster, and scenarios poll with it
# (under KASAN and emulation a python start costs a second). Booleans and
# null print as True, False and None.
json_get() {
	local k f=
	local -a path

	IFS=. read -ra path <<< "$1"
	for k in "${path[@]}"; do
		if [[ $k =~ ^[0-9]+$ ]]; then f+="[$k]"; else f+="[\"$k\"]"; fi
	done
	jq -er ".$f | if type == \"boolean\" then (if . then \"True\" else \"False\" end)
		elif . == null then \"None\" else . end"
}

# nl_subscribed PID: the process has joined a netlink multicast group (or
# is gone): a monitor started in the background is listening.
nl_subscribed() {
	local inodes

	kill -0 "$1" 2> /dev/null || return 0
	inodes=$(find "/proc/$1/fd" -lname 'socket:*' -printf '%l\n' | tr -dc '0-9\n')
	awk -v want="$inodes" 'BEGIN { n = split(want, a, "\n"); for (i = 1; i <= n; i++) ino[a[i]] = 1 }
		NR > 1 && ($NF in ino) && $4 != "00000000" { found = 1 }
		END { exit !found }' "/proc/$1/net/netlink"
}

# The cookie of the current network namespace, as SO_NETNS_COOKIE reports.
netns_cookie() { python3 -c 'import socket,struct
s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
print(struct.unpack("Q", s.getsockopt(socket.SOL_SOCKET, 71, 8))[0])'; }
