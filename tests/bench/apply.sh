#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Configuring from a file: `havsadm apply` against keepalived 2.2.7's start
# and reload, for the same N services x M real servers, in one guest run.
#
#   dh: havs        havsadm apply -f havs.conf       (IPVS of netns dh)
#   dk: keepalived  keepalived -C -f keepalived.conf (IPVS of netns dk)
#
# BENCH_APPLY_SERVICES (1000) TCP services of BENCH_APPLY_SERVERS (10) NAT
# servers each, weight 10. No probe traffic on either side: havs's checks
# are of type external, keepalived's real servers have no checker (both
# count their servers up), so what is timed is configuring IPVS.
# BENCH_APPLY_TRIALS (3) trials of each step:
#   from empty   havs: apply's wall time; keepalived: from its start until
#                IPVS has every server (ipvsadm polled every 20 ms)
#   no change    havs: apply of the same file (keepalived logs no end of
#                a reload, and a reload that changes nothing changes no
#                IPVS state to watch: not timed)
#   one weight   one server's weight 10 -> 20 (set back after each trial):
#                havs: apply's wall time; keepalived: SIGHUP until IPVS
#                shows the new weight
# plus `havsadm diff` of a one-line change and `show config`. The IPVS
# state of each side is emptied between "from empty" trials.
. "$HAVS_TOP/tests/lib/netns.sh"

NSVC=${BENCH_APPLY_SERVICES:-1000}
NSRV=${BENCH_APPLY_SERVERS:-10}
TRIALS=${BENCH_APPLY_TRIALS:-3}
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
srv_addr() { echo "10.2.$(( $1 / 250 )).$(( $1 % 250 + 1 ))"; }

# the two files, the same services; $1: weight of the very first server
gen() {
	python3 - "$NSVC" "$NSRV" "$1" "$WORK" <<'PY'
import sys
nsvc, nsrv, w0, work = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
addr = lambda p, i: "%s.%d.%d" % (p, i // 250, i % 250 + 1)
with open(work + "/havs.conf", "w") as h, open(work + "/keepalived.conf", "w") as k:
    k.write("global_defs {\n  router_id bench\n}\n")
    for s in range(nsvc):
        vip = addr("10.4", s)
        h.write("service tcp %s:80 scheduler havs_wrr\n    check type external\n" % vip)
        k.write("virtual_server %s 80 {\n  lb_algo wrr\n  lb_kind NAT\n  protocol TCP\n" % vip)
        for r in range(nsrv):
            rs = addr("10.2", s * nsrv + r)
            w = w0 if s == 0 and r == 0 else "10"
            h.write("    server %s:80 weight %s\n" % (rs, w))
            k.write("  real_server %s 80 {\n    weight %s\n  }\n" % (rs, w))
        k.write("}\n")
PY
}
servers_in() { n "$1" ipvsadm -Ln | grep -c '^  -> 10\.2\.' || true; }
weight0() { n "$1" ipvsadm -Ln -t "$(svc_addr 0):80" | awk '$2 == "10.2.0.1:80" { print $4 }'; }

stats() {	# values... -> "median min max"
	printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END {
		printf "%d %d %d", v[int((NR + 1) / 2)], v[1], v[NR] }'
}

total=$((NSVC * NSRV))
gen 10
declare -a H_EMPTY H_SAME H_ONE H_DIFF K_EMPTY K_ONE
for t in $(seq "$TRIALS"); do
	# from empty
	n dh ipvsadm -C
	n dh "$HAVSADM" apply -f /dev/null > /dev/null
	t0=$(now_ms)
	n dh "$HAVSADM" apply -f "$WORK/havs.conf" > /dev/null || fail "havs apply failed"
	H_EMPTY+=($(( $(now_ms) - t0 )))
	[ "$(servers_in dh)" = "$total" ] || fail "havs: IPVS has $(servers_in dh) of $total servers"

	n dk ipvsadm -C
	t0=$(now_ms)
	ip netns exec "$NS_PREFIX-dk" keepalived -n -l -C -f "$WORK/keepalived.conf" \
		-p "$WORK/ka.pid" -c "$WORK/ka-check.pid" > "$WORK/ka.log" 2>&1 &
	KA_PID=$!
	until [ "$(servers_in dk)" = "$total" ]; do
		[ $(( $(now_ms) - t0 )) -lt 600000 ] || fail "keepalived: not every server in 600 s"
		sleep 0.02
	done
	K_EMPTY+=($(( $(now_ms) - t0 )))

	# no change
	t0=$(now_ms)
	out=$(n dh "$HAVSADM" apply -f "$WORK/havs.conf") || fail "havs re-apply failed"
	H_SAME+=($(( $(now_ms) - t0 )))
	[ -z "$out" ] || fail "a re-apply ran commands: $out"
	# one weight
	w=20
	gen "$w"
	t0=$(now_ms)
	n dh "$HAVSADM" diff -f "$WORK/havs.conf" > "$WORK/diff.out"
	H_DIFF+=($(( $(now_ms) - t0 )))
	[ "$(wc -l < "$WORK/diff.out")" = 1 ] || fail "diff of one weight: $(cat "$WORK/diff.out")"
	t0=$(now_ms)
	n dh "$HAVSADM" apply -f "$WORK/havs.conf" > /dev/null || fail "havs apply of one weight failed"
	H_ONE+=($(( $(now_ms) - t0 )))
	[ "$(weight0 dh)" = "$w" ] || fail "havs: weight $(weight0 dh), not $w"
	t0=$(now_ms)
	kill -HUP "$KA_PID"
	until [ "$(weight0 dk)" = "$w" ]; do
		[ $(( $(now_ms) - t0 )) -lt 120000 ] || fail "keepalived: weight not $w in 120 s"
		sleep 0.02
	done
	K_ONE+=($(( $(now_ms) - t0 )))
	kill "$KA_PID"; wait "$KA_PID" 2>/dev/null; KA_PID=
	gen 10
	n dh "$HAVSADM" apply -f "$WORK/havs.conf" > /dev/null
done
t0=$(now_ms)
n dh "$HAVSADM" show config > /dev/null
show_ms=$(( $(now_ms) - t0 ))

row() {	# LABEL VALUES...: median (min-max), or "-" when any is missing
	local label=$1
	shift
	if printf '%s\n' "$@" | grep -qv '^[0-9][0-9]*$'; then
		printf '%-34s %s\n' "$label" "-"
	else
		read -r med lo hi <<< "$(stats "$@")"
		printf '%-34s %6d ms  (%d-%d)\n' "$label" "$med" "$lo" "$hi"
	fi
}
echo
echo "== applying $NSVC services x $NSRV servers ($total servers), $TRIALS trials: median (min-max)"
echo "kernel $(uname -r), QEMU/TCG guest, $(nproc) vCPUs, $(date -u '+%Y-%m-%d %H:%M UTC'), havs $(cat /sys/module/havs/version), $(keepalived -v 2>&1 | head -1)"
row "havs apply, from empty" "${H_EMPTY[@]}"
row "keepalived start, until IPVS full" "${K_EMPTY[@]}"
row "havs apply, no change" "${H_SAME[@]}"
row "havs diff, one weight" "${H_DIFF[@]}"
row "havs apply, one weight" "${H_ONE[@]}"
row "keepalived reload, one weight" "${K_ONE[@]}"
printf '%-34s %6d ms\n' "havs show config" "$show_ms"
n dh ipvsadm -C
n dh "$HAVSADM" apply -f /dev/null > /dev/null
rmmod havs
