#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Running scripts: havsadm agent against keepalived 2.2.7's vrrp process,
# BENCH_AGENT_SCRIPTS (100) scripts every second for BENCH_AGENT_SECS (60)
# seconds each, one after the other in the same guest.
#
#   dh: havs        havsadm agent: BENCH_AGENT_SCRIPTS script statements
#                   (each run sets its tracked object with a lease)
#   dk: keepalived  keepalived -P: as many vrrp_scripts, tracked by one
#                   instance on a dummy interface (keepalived runs only
#                   tracked scripts)
#
# Both run the same command, /bin/busybox sh RUN.sh SIDE (static: no
# dynamic linking), which appends a line to
# a file per side: its lines are the runs that happened. CPU from
# /proc/PID/stat after BENCH_AGENT_WARM (5) s of warm-up: the daemon's own
# (utime + stime; keepalived: its parent and its vrrp child) and its
# reaped children's (cutime + cstime: the scripts), in seconds, and per
# run in milliseconds; the last column is havs / keepalived.
. "$HAVS_TOP/tests/lib/netns.sh"

N=${BENCH_AGENT_SCRIPTS:-100}
SECS=${BENCH_AGENT_SECS:-60}
WARM=${BENCH_AGENT_WARM:-5}
command -v keepalived > /dev/null || fail "keepalived is missing"
ns_add dh
ns_add dk
modprobe havs
scratch_dir W
KA=
AG=
scenario_cleanup() {
	[ -z "$AG" ] || kill "$AG" 2>/dev/null
	[ -z "$KA" ] || kill "$KA" 2>/dev/null
	wait 2>/dev/null
}
HZ=$(getconf CLK_TCK)

cat > "$W/run.sh" <<EOF
echo >> "$W/runs.\$1"
EOF
{
	echo "agent max-children $N"
	for i in $(seq "$N"); do
		echo "script s$i command \"/bin/busybox sh $W/run.sh agent\" interval 1s timeout 1s"
	done
} > "$W/havs.conf"
{
	echo "global_defs {"
	echo "    script_user root"
	echo "}"
	for i in $(seq "$N"); do
		printf 'vrrp_script s%d {\n    script "/bin/busybox sh %s/run.sh ka"\n    interval 1\n    timeout 1\n}\n' \
			"$i" "$W"
	done
	echo "vrrp_instance VI_1 {"
	echo "    interface d0"
	echo "    virtual_router_id 1"
	echo "    priority 100"
	echo "    advert_int 1"
	echo "    virtual_ipaddress {"
	echo "        10.9.9.9"
	echo "    }"
	echo "    track_script {"
	for i in $(seq "$N"); do echo "        s$i"; done
	echo "    }"
	echo "}"
} > "$W/keepalived.conf"
n dk ip link add d0 type dummy
n dk ip addr add 10.9.9.1/24 dev d0
n dk ip link set d0 up

# jiffies of PIDS: self (utime + stime), children (cutime + cstime)
cpu() {
	local p s=0 c=0 f

	for p in "$@"; do
		read -ra f < "/proc/$p/stat"
		# fields 14-17, after the comm field (which has no blanks here)
		s=$(( s + f[13] + f[14] ))
		c=$(( c + f[15] + f[16] ))
	done
	echo "$s $c"
}
runs() { [ -f "$W/runs.$1" ] && wc -l < "$W/runs.$1" || echo 0; }

# measure SIDE PIDS...: sets R_RUNS R_SELF R_CHILD (jiffies) over SECS
measure() {
	local side=$1 a b r0
	shift
	sleep "$WARM"
	read -ra a <<< "$(cpu "$@")"
	r0=$(runs "$side")
	sleep "$SECS"
	read -ra b <<< "$(cpu "$@")"
	R_RUNS=$(( $(runs "$side") - r0 ))
	R_SELF=$(( b[0] - a[0] ))
	R_CHILD=$(( b[1] - a[1] ))
}

say "havsadm agent: $N scripts every 1 s, ${SECS} s"
"$HAVSADM" -n "$NS_PREFIX-dh" agent -f "$W/havs.conf" 2> "$W/agent.log" &
AG=$!
wait_for 10 grep -q "$N scripts and checks" "$W/agent.log"
measure agent "$AG"
H_RUNS=$R_RUNS H_SELF=$R_SELF H_CHILD=$R_CHILD
kill "$AG"
wait "$AG" || fail "the agent did not exit 0: $(tail -n 3 "$W/agent.log")"
AG=
grep -q "lease" "$W/agent.log" && fail "the agent set no lease: $(grep lease "$W/agent.log")"

say "keepalived -P: the same $N scripts as vrrp_scripts, ${SECS} s"
ip netns exec "$NS_PREFIX-dk" keepalived -n -l -P -f "$W/keepalived.conf" \
	-p "$W/ka.pid" -r "$W/vrrp.pid" > "$W/ka.log" 2>&1 &
KA=$!
wait_for 10 test -s "$W/vrrp.pid"
measure ka "$KA" "$(cat "$W/vrrp.pid")"
K_RUNS=$R_RUNS K_SELF=$R_SELF K_CHILD=$R_CHILD
kill "$KA"
wait "$KA" || true
KA=

# table
s() { awk -v j="$1" -v hz="$HZ" 'BEGIN { printf "%.2f", j / hz }'; }
per() { awk -v j="$1" -v r="$2" -v hz="$HZ" 'BEGIN { printf "%.3f", r ? j / hz * 1000 / r : 0 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b ? a / b : 0 }'; }
row() { printf '| %s | %s | %s | %s |\n' "$1" "$2" "$3" "$(ratio "$2" "$3")"; }
echo
echo "Scripts: $N every 1 s, ${SECS} s after ${WARM} s warm-up, each a static busybox sh running a one-line script;"
echo "$(nproc) vCPUs, kernel $(uname -r), $(keepalived -v 2>&1 | head -n 1)."
echo
echo "| | havsadm agent | keepalived | havs / keepalived |"
echo "| --- | --- | --- | --- |"
row "script runs" "$H_RUNS" "$K_RUNS"
row "daemon CPU, s" "$(s "$H_SELF")" "$(s "$K_SELF")"
row "children CPU (the scripts), s" "$(s "$H_CHILD")" "$(s "$K_CHILD")"
row "total CPU, s" "$(s $((H_SELF + H_CHILD)))" "$(s $((K_SELF + K_CHILD)))"
row "daemon CPU per run, ms" "$(per "$H_SELF" "$H_RUNS")" "$(per "$K_SELF" "$K_RUNS")"
row "total CPU per run, ms" "$(per $((H_SELF + H_CHILD)) "$H_RUNS")" \
	"$(per $((K_SELF + K_CHILD)) "$K_RUNS")"
for side in "havsadm agent:$((H_SELF + H_CHILD))" "keepalived:$((K_SELF + K_CHILD))"; do
	# CPU-bound: the runs that did not happen are the guest's, not the daemon's
	awk -v j="${side##*:}" -v hz="$HZ" -v c="$(nproc)" -v t="$SECS" -v who="${side%%:*}" \
		-v want=$((N * SECS)) 'BEGIN { if (j / hz > 0.9 * c * t)
		printf "%s: the guest'"'"'s %d vCPUs were busy (%.0f of %d CPU s): of the %d runs due, those that did not happen waited for a CPU\n",
			who, c, j / hz, c * t, want }' < /dev/null
done
modprobe -r havs 2>/dev/null || true
