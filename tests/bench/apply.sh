#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Configuring from a file: `havsadm apply` against keepalived 2.2.7's start
# and reload, for the same services x real servers, at several sizes in one
# guest run.
#
#   dh: havs        havsadm apply -f havs.conf       (IPVS of netns dh)
#   dk: keepalived  keepalived -C -f keepalived.conf (IPVS of netns dk)
#
# For each size of BENCH_APPLY_SCALE ("100 1000 10000"; BENCH_APPLY_SERVICES,
# the older single-size knob, is used when it alone is set): that many TCP
# services of BENCH_APPLY_SERVERS (10) NAT servers each, weight 10. No probe
# traffic on either side: havs's checks are of type external, keepalived's
# real servers have no checker (both count their servers up), so what is
# timed is configuring IPVS.
#
# Per size, once (it is the set-up of the rest):
#   from empty   havs: apply's wall time; keepalived: from its start until
#                IPVS has every server (polled every 20 ms: the last
#                service's servers with ipvsadm -Ln -t, then the whole count)
# then BENCH_APPLY_TRIALS (3) trials of:
#   one weight   one server's weight changed (10 -> 20 -> 30 ...: one line
#                of each file, each trial from the state the last left):
#                havs: apply's wall time; keepalived: SIGHUP until IPVS
#                shows the new weight
#   no change    havs: apply of the same file (a keepalived reload that
#                changes nothing changes no IPVS state to watch: not timed)
# and, so the reader sees where apply's time goes, havsadm alone:
#   version      `havsadm version`: starting the program
#   parse only   `havsadm diff` of the file with one bad line appended: the
#                file is read and checked whole, refused (exit 5), and the
#                kernel never asked
#   read state   `havsadm diff -f /dev/null`: the kernel's state read and
#                compared with nothing (a "del" line per service printed)
#   show config  reading the kernel's state and printing it whole
#   dumps        the kernel's side of reading the state: its three dumps
#                (IPVS services, havs's servers, havs's probe settings)
#                alone, read by a python process that decodes nothing
#   diff         the file and the kernel's state compared: the one line
# The last lines: time(largest)/time(smallest) of the one-line change per
# implementation, against the goal of 1.5 (the cost follows the change,
# not the size of the configuration). Memory: MemAvailable of the guest
# with both sides loaded, keepalived's peak RSS (parent + checker child).
# A keepalived step that does not end in BENCH_APPLY_KA_TIMEOUT (900) s is
# reported as such, not dropped.
. "$HAVS_TOP/tests/lib/netns.sh"

SIZES=${BENCH_APPLY_SCALE:-${BENCH_APPLY_SERVICES:-100 1000 10000}}
NSRV=${BENCH_APPLY_SERVERS:-10}
TRIALS=${BENCH_APPLY_TRIALS:-3}
KA_TIMEOUT=${BENCH_APPLY_KA_TIMEOUT:-900}
GOAL=1.5
for c in keepalived ipvsadm; do
	command -v "$c" > /dev/null || fail "$c is missing"
done
ns_add dh
ns_add dk
modprobe havs
WORK=$(mktemp -d)
KA_PID=
scenario_cleanup() {
	[ -z "$KA_PID" ] || { kill "$KA_PID" 2>/dev/null; wait "$KA_PID" 2>/dev/null; }
	rm -rf "$WORK"
}
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
svc_addr() { echo "10.4.$(( $1 / 250 )).$(( $1 % 250 + 1 ))"; }

# the two files, the same NSVC services, every weight 10; bad.conf: havs.conf
# and one line havsadm refuses
gen() {
	python3 - "$NSVC" "$NSRV" "$WORK" <<'PY'
import sys
nsvc, nsrv, work = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
svc = lambda i: "10.4.%d.%d" % (i // 250, i % 250 + 1)
srv = lambda i: "10.%d.%d.%d" % (64 + i // 62500, i // 250 % 250, i % 250 + 1)
with open(work + "/havs.conf", "w") as h, open(work + "/keepalived.conf", "w") as k:
    k.write("global_defs {\n  router_id bench\n}\n")
    for s in range(nsvc):
        vip = svc(s)
        h.write("service tcp %s:80 scheduler havs_wrr\n    check type external\n" % vip)
        k.write("virtual_server %s 80 {\n  lb_algo wrr\n  lb_kind NAT\n  protocol TCP\n" % vip)
        for r in range(nsrv):
            rs = srv(s * nsrv + r)
            h.write("    server %s:80 weight 10\n" % rs)
            k.write("  real_server %s 80 {\n    weight 10\n  }\n" % rs)
        k.write("}\n")
PY
	{ cat "$WORK/havs.conf"; echo "bogus"; } > "$WORK/bad.conf"
}
# set_w0 W: the first server's weight in both files (one line each)
set_w0() {
	sed -i "0,/ weight [0-9]*/s// weight $1/" "$WORK/havs.conf" "$WORK/keepalived.conf"
}
servers_in() { n "$1" ipvsadm -Ln | grep -c '^  -> 10\.' || true; }
servers_of() {	# NS SERVICE-INDEX: servers IPVS has in that service
	n "$1" ipvsadm -Ln -t "$(svc_addr "$2"):80" 2>/dev/null | grep -c '^  -> 10\.' || true
}
weight0() { n "$1" ipvsadm -Ln -t "$(svc_addr 0):80" | awk '$2 == "10.64.0.1:80" { print $4 }'; }
# timed NAME CMD...: CMD's wall time in ms appended to array NAME; CMD's
# exit status kept in $rc, its standard output in $WORK/out, its errors
# in $WORK/err
timed() {
	local -n arr=$1
	local t0
	shift
	t0=$(now_ms)
	rc=0
	"$@" > "$WORK/out" 2> "$WORK/err" || rc=$?
	arr+=($(( $(now_ms) - t0 )))
}
# keepalived's peak RSS in MB, its parent and checker child together
ka_hwm() {
	local kb=0 p v
	for p in "$KA_PID" $(cat "$WORK/ka-check.pid" 2>/dev/null); do
		v=$(awk '/^VmHWM:/ { print $2 }' "/proc/$p/status" 2>/dev/null) || v=0
		kb=$(( kb + ${v:-0} ))
	done
	echo $(( kb / 1024 ))
}
# the kernel's side of reading the state: the three dumps havsadm asks for
# (IPVS services; havs's servers, one dump of every server with its IPVS
# settings; havs's probe settings), each on its own, timed in one python
# process that reads into a 32 KiB buffer (as havsadm does) and decodes
# nothing: "IPVS_MS SERVERS_MS CHECKS_MS SERVER_RECVS"
dumps() {
	n dh python3 - "$HAVS_TOP" <<'PY'
import re, struct, sys, time
top = sys.argv[1]
sys.path.insert(0, top + "/tests/lib")
import genl
hdr = open(top + "/kmod/uapi/linux/havs.h").read()
ver = int(re.search(r"#define HAVS_GENL_VERSION\s+(\d+)", hdr).group(1))
cmds, v = {}, -1
for m in re.finditer(r"^\s*(\w+)(?:\s*=\s*(\w+))?\s*,",
                     re.search(r"enum havs_cmd \{(.*?)\}", hdr, re.S).group(1), re.M):
    v = int(m.group(2), 0) if m.group(2) else v + 1
    cmds[m.group(1)] = v
s = genl.open_socket()
def family(name):
    err, msg, rep = genl.request(s, genl.GENL_ID_CTRL, genl.CTRL_CMD_GETFAMILY,
                                 genl.attr(genl.CTRL_ATTR_FAMILY_NAME, name.encode() + b"\0"))
    if err:
        sys.exit("no family " + name)
    return struct.unpack("H", rep[0][genl.CTRL_ATTR_FAMILY_ID][:2])[0]
def dump(fid, cmd, version):
    body = struct.pack("BBH", cmd, version, 0)
    t0 = time.monotonic()
    s.send(struct.pack("IHHII", 16 + len(body), fid, 0x301, 1, 0) + body)
    recvs = 0
    while True:
        d = s.recv(32768)
        recvs += 1
        if struct.unpack_from("H", d, 4)[0] == genl.NLMSG_ERROR:
            sys.exit("dump %d: error" % cmd)
        # the dump's end: NLMSG_DONE, the last 20 bytes of the last read
        if len(d) >= 20 and struct.unpack_from("IH", d, len(d) - 20) == (20, genl.NLMSG_DONE):
            return (time.monotonic() - t0) * 1000, recvs
ipvs, havs = family("IPVS"), family("havs")
a, _ = dump(ipvs, 4, 1)		# IPVS_CMD_GET_SERVICE
b, r = dump(havs, cmds["HAVS_CMD_SERVER_GET"], ver)
c, _ = dump(havs, cmds["HAVS_CMD_CHECK_GET"], ver)
print("%d %d %d %d" % (a, b, c, r))
PY
}
mem_avail() { awk '/^MemAvailable:/ { print int($2 / 1024) }' /proc/meminfo; }

stats() {	# values... -> "median min max"
	printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END {
		printf "%d %d %d", v[int((NR + 1) / 2)], v[1], v[NR] }'
}
num() { printf '%s\n' "$@" | grep -qv '^[0-9][0-9]*$' && return 1; [ $# -gt 0 ]; }
# cell VALUES...: "median (min-max)" in ms, "timeout" when a trial timed out
cell() {
	if [ $# = 0 ]; then echo "-"
	elif printf '%s\n' "$@" | grep -q '^T'; then echo "over ${KA_TIMEOUT} s"
	elif ! num "$@"; then echo "-"
	else
		read -r med lo hi <<< "$(stats "$@")"
		if [ $# = 1 ]; then printf '%d ms' "$med"
		else printf '%d ms (%d-%d)' "$med" "$lo" "$hi"; fi
	fi
}
median() { num "$@" && stats "$@" | cut -d' ' -f1 || echo -; }
ratio() {	# A B: A/B with two decimals, "-" unless both are numbers
	num "$1" "$2" && [ "$2" -gt 0 ] && awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }' || echo -
}

# wait_ka CMD...: poll CMD every 20 ms until it succeeds; "T" on timeout
wait_ka() {
	local t0=$1
	shift
	until "$@"; do
		[ $(( $(now_ms) - t0 )) -lt $(( KA_TIMEOUT * 1000 )) ] || { echo T; return; }
		sleep 0.02
	done
	echo $(( $(now_ms) - t0 ))
}
ka_full() {
	[ "$(servers_of dk $(( NSVC - 1 )))" = "$NSRV" ] && [ "$(servers_in dk)" = "$total" ]
}
ka_has_w() { [ "$(weight0 dk)" = "$1" ]; }

declare -A R	# R[size,what]="values..."
for NSVC in $SIZES; do
	total=$((NSVC * NSRV))
	say "$NSVC services x $NSRV servers: generating the files"
	gen
	declare -a H_EMPTY=() K_EMPTY=() H_ONE=() K_ONE=() H_SAME=() H_DIFF=() \
		H_VER=() H_PARSE=() H_SHOW=() H_STATE=() D_IPVS=() D_SRV=() D_CHK=()
	n dh ipvsadm -C
	n dh "$HAVSADM" apply -f /dev/null > /dev/null
	say "$NSVC: havs from empty"
	timed H_EMPTY n dh "$HAVSADM" apply -f "$WORK/havs.conf"
	[ "$rc" = 0 ] || fail "havs apply failed ($rc): $(head -3 "$WORK/err")"
	[ "$(servers_in dh)" = "$total" ] || fail "havs: IPVS has $(servers_in dh) of $total servers"

	say "$NSVC: keepalived from empty"
	n dk ipvsadm -C
	rm -f "$WORK/ka.pid" "$WORK/ka-check.pid"
	t0=$(now_ms)
	ip netns exec "$NS_PREFIX-dk" keepalived -n -l -C -f "$WORK/keepalived.conf" \
		-p "$WORK/ka.pid" -c "$WORK/ka-check.pid" > "$WORK/ka.log" 2>&1 &
	KA_PID=$!
	K_EMPTY+=("$(wait_ka "$t0" ka_full)")
	say "$NSVC: keepalived took ${K_EMPTY[0]} ms; MemAvailable $(mem_avail) MB"
	R[$NSVC,mem]=$(mem_avail)

	w=10
	for t in $(seq "$TRIALS"); do
		timed H_VER n dh "$HAVSADM" version
		timed H_PARSE n dh "$HAVSADM" diff -f "$WORK/bad.conf"
		[ "$rc" = 5 ] || fail "diff of a bad file: exit $rc, not 5"
		timed H_STATE n dh "$HAVSADM" diff -f /dev/null
		[ "$rc" = 0 ] || fail "diff with an empty file failed ($rc)"
		timed H_SHOW n dh "$HAVSADM" show config
		[ "$rc" = 0 ] || fail "show config failed ($rc)"
		# not this benchmark's verdict: a dump refused leaves "-" cells
		read -r a b c r <<< "$(dumps 2> "$WORK/dumps.err" || echo - - - -)"
		D_IPVS+=("$a"); D_SRV+=("$b"); D_CHK+=("$c"); D_RECVS=$r
		timed H_SAME n dh "$HAVSADM" apply -f "$WORK/havs.conf"
		[ "$rc" = 0 ] && [ ! -s "$WORK/out" ] || fail "a re-apply ran commands: $(head -3 "$WORK/out")"

		w=$((w + 10))
		set_w0 "$w"
		timed H_DIFF n dh "$HAVSADM" diff -f "$WORK/havs.conf"
		[ "$(wc -l < "$WORK/out")" = 1 ] || fail "diff of one weight: $(head -3 "$WORK/out")"
		timed H_ONE n dh "$HAVSADM" apply -f "$WORK/havs.conf"
		[ "$rc" = 0 ] || fail "havs apply of one weight failed ($rc): $(head -3 "$WORK/err")"
		[ "$(weight0 dh)" = "$w" ] || fail "havs: weight $(weight0 dh), not $w"
		t0=$(now_ms)
		kill -HUP "$KA_PID"
		v=$(wait_ka "$t0" ka_has_w "$w")
		K_ONE+=("$v")
		say "$NSVC: trial $t: havs apply ${H_ONE[-1]} ms, keepalived reload $v ms"
		[ "$v" != T ] || break	# keepalived's state is unknown now
	done
	R[$NSVC,kahwm]=$(ka_hwm)
	R[$NSVC,recvs]=$D_RECVS
	for a in H_EMPTY K_EMPTY H_ONE K_ONE H_SAME H_DIFF H_VER H_PARSE H_SHOW \
		H_STATE D_IPVS D_SRV D_CHK; do
		declare -n arr=$a
		R[$NSVC,$a]="${arr[*]}"
		unset -n arr
	done
	say "$NSVC: cleaning up"
	kill "$KA_PID"; wait "$KA_PID" 2>/dev/null; KA_PID=
	n dk ipvsadm -C
	n dh ipvsadm -C
	n dh "$HAVSADM" apply -f /dev/null > /dev/null
done

# ${R[...]} unquoted: the values of a row, one word each
cellof() { cell ${R[$1,$2]}; }
echo
echo "== applying a configuration: N services x $NSRV servers, $TRIALS trial(s) of each change: median (min-max)"
echo "kernel $(uname -r), QEMU/TCG guest, $(nproc) vCPUs, $(awk '/^MemTotal:/ { print int($2 / 1024) }' /proc/meminfo) MB, $(date -u '+%Y-%m-%d %H:%M UTC'), havs $(cat /sys/module/havs/version), $(keepalived -v 2>&1 | head -1)"
echo
echo "-- one server's weight changed (havs: apply; keepalived: SIGHUP until IPVS has it)"
printf '%9s %9s  %-24s %-24s %s\n' services servers "havs apply" "keepalived reload" havs/keepalived
for s in $SIZES; do
	printf '%9d %9d  %-24s %-24s %s\n' "$s" $((s * NSRV)) "$(cellof "$s" H_ONE)" \
		"$(cellof "$s" K_ONE)" "$(ratio "$(median ${R[$s,H_ONE]})" "$(median ${R[$s,K_ONE]})")"
done
first=${SIZES%% *}
last=${SIZES##* }
for impl in "havs H_ONE" "keepalived K_ONE"; do
	set -- $impl
	r=$(ratio "$(median ${R[$last,$2]})" "$(median ${R[$first,$2]})")
	verdict="goal <= $GOAL: not measured"
	[ "$r" = - ] || verdict=$(awk -v r="$r" -v g="$GOAL" 'BEGIN {
		print "goal <= " g ": " (r <= g ? "met" : "not met") }')
	printf '%-10s time(%d)/time(%d) = %s (%s)\n' "$1" "$last" "$first" "$r" "$verdict"
done
echo
echo "-- from empty, once per size (havs: apply; keepalived: start until IPVS has every server)"
printf '%9s %9s  %-24s %-24s %s\n' services servers "havs apply" "keepalived start" havs/keepalived
for s in $SIZES; do
	printf '%9d %9d  %-24s %-24s %s\n' "$s" $((s * NSRV)) "$(cellof "$s" H_EMPTY)" \
		"$(cellof "$s" K_EMPTY)" "$(ratio "$(median ${R[$s,H_EMPTY]})" "$(median ${R[$s,K_EMPTY]})")"
done
echo
echo "-- havsadm alone: where a one-line change's time goes"
printf '%9s  %-20s %-20s %-20s %-20s %-20s %-20s %s\n' services version "parse only" \
	"read state" "show config" "diff (one line)" "apply, no change" "apply, one weight"
for s in $SIZES; do
	printf '%9d  %-20s %-20s %-20s %-20s %-20s %-20s %s\n' "$s" "$(cellof "$s" H_VER)" \
		"$(cellof "$s" H_PARSE)" "$(cellof "$s" H_STATE)" "$(cellof "$s" H_SHOW)" "$(cellof "$s" H_DIFF)" \
		"$(cellof "$s" H_SAME)" "$(cellof "$s" H_ONE)"
done
echo
echo "-- the kernel's side of reading the state: each dump alone, nothing decoded"
printf '%9s  %-20s %-28s %s\n' services "IPVS services" "havs servers (32 KiB reads)" "havs probe settings"
for s in $SIZES; do
	printf '%9d  %-20s %-28s %s\n' "$s" "$(cellof "$s" D_IPVS)" \
		"$(cellof "$s" D_SRV) [${R[$s,recvs]}]" "$(cellof "$s" D_CHK)"
done
echo
echo "-- memory with both sides loaded"
for s in $SIZES; do
	printf '%9d services: guest MemAvailable %s MB, keepalived peak RSS %s MB (parent + checker)\n' \
		"$s" "${R[$s,mem]}" "${R[$s,kahwm]}"
done
rmmod havs
