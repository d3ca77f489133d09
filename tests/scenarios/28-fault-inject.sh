#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every allocation a command makes in the kernel, failed in turn: the
# kernel's per-task fail-nth (failslab and fail_page_alloc, sleeping
# allocations included), armed on one request of a real client by
# tests/lib/failnth.c (LD_PRELOAD). For each command, each request it
# sends (M) and each allocation of that request (K = 1, 2, ... until the
# request makes fewer than K): the command either fails with a message and
# leaves the state exactly as it was (no partial object: instances,
# macvlans, tracked objects, sync groups, services, servers, settings), or
# absorbs the failure and leaves exactly what a clean run leaves. Module
# load is swept too (its own allocations, counted back from the end of
# the load). make check sweeps vrrp add in a sync group; make soak every
# command, module load and a whole havsadm apply.
# Debug kernel only: KASAN, lockdep and kmemleak watch every error path;
# the guest fails on any report, and on a netdevice whose unregister waits
# for a leaked reference.
# flavors: debug
#
#      d 10.0.0.1 (eth0) --- br0 (netns lan)
#      VRRP VRID 51 (v4, sync group g, tracks "web") and 52 (v6)
#      service tcp 10.0.0.100:80 havs_mh, servers 10.1.0.2-4:80
. "$HAVS_TOP/tests/lib/netns.sh"

SHIM=$HAVS_TOP/build/tests/failnth.so
[ -f "$SHIM" ] || fail "tests/lib/failnth.c is not built ($SHIM): make testbins"
[ -w /proc/self/fail-nth ] || fail "this kernel has no fault injection (CONFIG_FAULT_INJECTION)"

FI=/sys/kernel/debug
for f in failslab fail_page_alloc; do
	echo N > "$FI/$f/ignore-gfp-wait"
	echo 0 > "$FI/$f/verbose"
	echo -1 > "$FI/$f/times"
done
echo 0 > "$FI/fail_page_alloc/min-order"
scenario_cleanup() {
	for f in failslab fail_page_alloc; do
		echo Y > "$FI/$f/ignore-gfp-wait"
		echo 2 > "$FI/$f/verbose"
	done
}

scratch_dir W
REP=$W/report
lan_create
lan_host d 10.0.0.1
lan_host e 10.0.0.2
for h in d e; do
	n $h ip link add dummy1 type dummy
	n $h ip addr add 10.1.0.1/24 dev dummy1
	n $h ip link set dummy1 up
done
wait_for 10 ll_ready d
havs_load

# havsadm enters the namespace itself (-n): one exec a command, which
# matters on the debug kernel, where every exec costs most of a second.
D() { "$HAVSADM" -n "$NS_PREFIX-d" "$@"; }

# sweep NAME UNDO -- CMD...: sweep every allocation of every request CMD
# sends. UNDO (a string, eval'd) puts back the state CMD changed. A havsadm
# command (D ...) runs in one batch with the state dump after it (--force:
# one exec an attempt); other commands (ipvsadm) are followed by a dump.
# After a refusal the state must be as before, or, when only the reply was
# lost (the request was carried out, the answer could not be allocated),
# as after a clean run: never anything in between.
TOTAL_POINTS=0
SUMMARY=()
STATE_CMDS=$'show config\ntrack show\ncheck show'
# What the namespace holds (state() and links() below): configuration
# (instances, tracked objects, services and servers as IPVS has them,
# check settings), each server's health and the check type in use for it
# (its settings applied, not only stored), each tracked object's state,
# and the macvlans. No counter, no timestamp. NOHEALTH set: not the health
# of servers probed for real (their probes fail as time goes on, and a
# target left over from an earlier attempt lingers with its health).
filter() {
	awk -v nh="${NOHEALTH:-}" '$5 == "up" || $5 == "down" {
		c = ""
		for (i = 6; i < NF; i++) if ($i == "check") c = $(i + 1)
		print $1, $2, $3, $4, nh ? "-" : $5, c; next
	} { print }'
}
links() { ip -n "$NS_PREFIX-d" -o link show type macvlan | awk '{ print $2, $3 }'; }
attempt() {	# M K CMD...: sets rc, out (stderr), now (state), r (hit/miss/none)
	local m=$1 k=$2
	shift 2
	rm -f "$REP"
	rc=0
	if [ "$1" = D ]; then
		shift
		now=$( { printf '%s\n' "$*"; echo "$STATE_CMDS"; } |
			FAILNTH=$m:$k FAILNTH_REPORT=$REP LD_PRELOAD=$SHIM \
			"$HAVSADM" -n "$NS_PREFIX-d" --force -b - 2> "$W/err" | filter) || true
		# the batch's own status: that of the first failure, the command's
		grep -q '^havsadm: batch -:1: failed' "$W/err" && rc=1
		out=$(grep -v '^havsadm: batch -:' "$W/err" || true)
	else
		out=$(FAILNTH=$m:$k FAILNTH_REPORT=$REP LD_PRELOAD=$SHIM "$@" 2>&1) || rc=$?
		now=$(state)
	fi
	[ "$LINKS" = 0 ] || now=$(printf '%s\n' "$now"; links)
	r=$(cat "$REP" 2>/dev/null || echo none)
}
state() { printf '%s\n' "$STATE_CMDS" | D -b - | filter; }
# as attempt() composes it: the dump's lines, then the macvlans
full_state() {
	local st
	st=$(state)
	printf '%s\n' "$st"
	[ "$LINKS" = 0 ] || links
}
same() {	# A B WHAT: fail with the difference
	[ "$1" = "$2" ] && return 0
	printf '%s\n' "$1" > "$W/a"
	printf '%s\n' "$2" > "$W/b"
	fail "$3: $(diff "$W/a" "$W/b" | head -n 12 | tr '\n' '|')"
}
LINKS=0
# the state of a clean run ($after of the sweep) within 10 s
converged() {
	local end=$(( $(date +%s) + 10 ))
	until [ "$(full_state)" = "$after" ]; do
		[ "$(date +%s)" -lt "$end" ] || return 1
		sleep 0.2
	done
}
sweep() {
	local name=$1 undo=$2 before after m k nreq hits=0 refused=0 absorbed=0 lost=0
	shift 3
	ABSORBED=()
	before=$(full_state)
	# a clean run: what success leaves, and how many requests it sends
	rm -f "$W/count"
	if [ "$1" = D ]; then
		FAILNTH_COUNT=$W/count LD_PRELOAD=$SHIM "$HAVSADM" -n "$NS_PREFIX-d" "${@:2}" > /dev/null ||
			fail "$name: the command fails without any fault"
	else
		FAILNTH_COUNT=$W/count LD_PRELOAD=$SHIM "$@" > /dev/null ||
			fail "$name: the command fails without any fault"
	fi
	nreq=$(cat "$W/count")
	after=$(full_state)
	[ "$after" != "$before" ] || fail "$name: the command changes nothing"
	[ "$nreq" -gt 0 ] || fail "$name: sends no generic netlink request"
	eval "$undo"
	same "$before" "$(full_state)" "$name: its undo does not restore the state"
	for m in $(seq 1 "$nreq"); do
		k=1
		while :; do
			attempt "$m" "$k" "$@"
			[ "$r" != none ] || fail "$name: request $m of $nreq was not sent"
			if [ "$r" = miss ]; then
				# request m ran clean: so did the command
				[ "$rc" = 0 ] || fail "$name: request $m made fewer than $k allocations, yet the command failed: $out"
				same "$after" "$now" "$name: request $m ran clean, yet the state is not a clean run's"
				eval "$undo"
				break
			fi
			hits=$((hits + 1))
			# vrrp add/del look again when an answer is lost: the
			# look must work on the same socket (it failed on a
			# sequence mismatch once)
			case $out in *"is not known"*)
				fail "$name: request $m fault $k: looking again failed: $out" ;;
			esac
			if [ "$rc" != 0 ]; then
				refused=$((refused + 1))
				[ -n "$out" ] || fail "$name: request $m fault $k: failed without a word"
				if [ "$now" = "$after" ]; then
					lost=$((lost + 1))
					eval "$undo"
				else
					same "$before" "$now" "$name: request $m fault $k ($out) left a partial state"
				fi
			else
				absorbed=$((absorbed + 1))
				ABSORBED+=("$m:$k")
				# CONVERGE: IPVS goes on when a havs scheduler's
				# rebuild fails; havs keeps its previous array and
				# builds it again a second later: poll for a clean
				# run's state
				if [ -n "${CONVERGE:-}" ] && [ "$now" != "$after" ]; then
					converged ||
						same "$after" "$(full_state)" "$name: request $m fault $k absorbed, and the state did not become a clean run's"
				else
					same "$after" "$now" "$name: request $m fault $k absorbed, but the state is not a clean run's"
				fi
				eval "$undo"
			fi
			k=$((k + 1))
			[ "$k" -le 2000 ] || fail "$name: request $m: more than 2000 allocations?"
		done
	done
	same "$before" "$(full_state)" "$name: after the sweep, the state did not come back"
	[ "$hits" -gt 0 ] || fail "$name: no allocation was failed: the sweep proves nothing"
	TOTAL_POINTS=$((TOTAL_POINTS + hits))
	SUMMARY+=("$(printf '%-34s %3d requests %4d failure points: %3d refused (%d with the reply lost), %3d absorbed' \
		"$name" "$nreq" "$hits" "$refused" "$lost" "$absorbed")")
	echo "ok: $name: $hits failure points over $nreq requests ($refused refused with a message, $lost of them after the request took effect; $absorbed absorbed)"
}

# make check sweeps vrrp add in a sync group with a tracked object (the
# VRRP_NEW path that leaked device references); make soak (STRESS_SECONDS
# set) sweeps every command, a server deletion under havs_mh whose failed
# rebuild havs retries, module load and a whole havsadm apply. Each attempt
# costs a few seconds on the debug kernel under emulation.
soak() { [ -n "${STRESS_SECONDS:-}" ]; }
if soak; then
	say "tracked objects"
	sweep "track set" "D track del web" -- D track set web down
fi

say "VRRP: a new IPv4 instance in a sync group, tracking an object"
v4add() {
	D vrrp add dev eth0 vrid 51 priority 150 interval 1s address 10.0.0.100 \
		sync-group g track-object web weight -20 "$@"
}
LINKS=1
sweep "vrrp add (v4, sync group, track)" "D vrrp del dev eth0 vrid 51" -- D vrrp add dev eth0 vrid 51 \
	priority 150 interval 1s address 10.0.0.100 sync-group g track-object web weight -20
if soak; then
	say "VRRP: a new IPv6 instance (the IPv6 gate hooks, ff02::12)"
	sweep "vrrp add (v6)" "D vrrp del dev eth0 vrid 52" -- \
		D vrrp add dev eth0 vrid 52 priority 150 interval 1s address fe80::52 address 2001:db8::52
	v4add
	LINKS=0
	sweep "vrrp set" "D vrrp set dev eth0 vrid 51 priority 150" -- \
		D vrrp set dev eth0 vrid 51 priority 120
	LINKS=1
	sweep "vrrp del" "v4add" -- D vrrp del dev eth0 vrid 51
fi
LINKS=0

say "IPVS with a havs scheduler: service, servers (init_service, add/del/upd_dest)"
IPVS() { n d ipvsadm "$@"; }
# Health from userspace only (external): the state compared after every
# fault must not move with probes of servers that do not exist.
D check set tcp 10.0.0.100:80 type external
n e "$HAVSADM" check set tcp 10.0.0.100:80 type external
soak && sweep "ipvsadm -A (havs_mh)" "IPVS -D -t 10.0.0.100:80" -- IPVS -A -t 10.0.0.100:80 -s havs_mh
IPVS -A -t 10.0.0.100:80 -s havs_mh
IPVS -a -t 10.0.0.100:80 -r 10.1.0.2:80 -m -w 1
IPVS -a -t 10.0.0.100:80 -r 10.1.0.3:80 -m -w 1
if soak; then
	CONVERGE=1 sweep "ipvsadm -a (havs_mh)" "IPVS -d -t 10.0.0.100:80 -r 10.1.0.4:80" -- \
		IPVS -a -t 10.0.0.100:80 -r 10.1.0.4:80 -m -w 1
	CONVERGE=1 sweep "ipvsadm -e (havs_mh)" "IPVS -e -t 10.0.0.100:80 -r 10.1.0.3:80 -m -w 1" -- \
		IPVS -e -t 10.0.0.100:80 -r 10.1.0.3:80 -m -w 5
fi
if soak; then
	CONVERGE=1 sweep "ipvsadm -d (havs_mh)" "IPVS -a -t 10.0.0.100:80 -r 10.1.0.3:80 -m -w 1" -- \
		IPVS -d -t 10.0.0.100:80 -r 10.1.0.3:80
	# IPVS ignores a del_dest that fails: the faults the deletion absorbed
	# include those of havs's rebuild. Such a failure leaves the old array,
	# with the unlinked server (referenced), in use, and havs builds it
	# again from its work item a second later. In namespace e: a deletion
	# whose rebuild fails, said in the log; then havs follows by itself.
	[ ${#ABSORBED[@]} -gt 0 ] || fail "no fault of the deletion was absorbed"
	n e ipvsadm -A -t 10.0.0.100:80 -s havs_mh
	n e ipvsadm -a -t 10.0.0.100:80 -r 10.1.0.2:80 -m -w 1
	# Not every fault IPVS absorbs is havs's rebuild (IPVS has allocations
	# of its own it can do without): the first absorbed one that fails the
	# rebuild, as its log line says. The sweep's failed rebuilds used up
	# the warning's rate limit (5 s): wait it out first.
	sleep 6
	rebuild_failed=
	for a in "${ABSORBED[@]}"; do
		n e ipvsadm -a -t 10.0.0.100:80 -r 10.1.0.3:80 -m -w 1
		wait_for 10 eval 'n e "$HAVSADM" check show | grep -q "10.1.0.3:80"'
		dmesg_mark
		FAILNTH=$a FAILNTH_REPORT=$REP LD_PRELOAD=$SHIM n e ipvsadm -d -t 10.0.0.100:80 -r 10.1.0.3:80
		if [ "$(cat "$REP")" = hit ] &&
		   dmesg_new | grep -q "scheduler havs_mh cannot follow the change of its servers (error -12): it keeps the previous ones and tries again in 1 s"; then
			rebuild_failed=$a
			break
		fi
	done
	[ -n "$rebuild_failed" ] ||
		fail "none of the ${#ABSORBED[@]} absorbed faults of the deletion failed havs's rebuild"
	say "e: fault $rebuild_failed failed the deletion's rebuild: havs follows by itself"
	# havs lets the deleted server go, and says so
	wait_for 10 eval '! n e "$HAVSADM" check show | grep -q "10.1.0.3:80"'
	wait_for 5 eval 'dmesg_new | grep -q "scheduler havs_mh follows its servers again (attempt 1)"'
	n e timeout 2 bash -c 'echo > /dev/tcp/10.0.0.100/80' 2>/dev/null || true
	n e ipvsadm -C
fi

if soak; then
	say "check settings and server health"
	NOHEALTH=1 sweep "check set (http)" "D check set tcp 10.0.0.100:80 type external" -- \
		D check set tcp 10.0.0.100:80 type http path /health status 200-299 expect ok \
		interval 2s timeout 1s rise 2 fall 3 slowstart 10s
	NOHEALTH=1 sweep "check del" "D check set tcp 10.0.0.100:80 type external" -- \
		D check del tcp 10.0.0.100:80
	sweep "server set health" "D server set tcp 10.0.0.100:80 10.1.0.2:80 health up" -- \
		D server set tcp 10.0.0.100:80 10.1.0.2:80 health down
fi

say "havsadm apply: every request of a whole configuration"
cat > "$W/d.conf" <<'EOF'
track maint
vrrp dev eth0 vrid 61 address 10.0.0.161 priority 120 interval 1s sync-group h
    track-object maint weight -50
service tcp 10.0.0.161:80 scheduler havs_wrr
    check type tcp interval 2s timeout 1s rise 1 fall 2
    server 10.1.0.5:80 weight 3
    server 10.1.0.6:80 weight 4
EOF
cat > "$W/empty.conf" <<'EOF'
EOF
# apply of the state the earlier sweeps leave, then of the whole file
D vrrp del dev eth0 vrid 51 2>/dev/null || true
D track del web 2>/dev/null || true
IPVS -C
D check del tcp 10.0.0.100:80 2>/dev/null || true
D apply -f "$W/empty.conf"
sweep_apply() {	# a half-applied file: apply again, then it must be whole
	local m k r rc out hits=0 refused=0 absorbed=0 want
	D apply -f "$W/d.conf" > /dev/null
	want=$(state)
	D apply -f "$W/empty.conf" > /dev/null
	m=1
	while :; do
		k=1
		while :; do
			rm -f "$REP"
			rc=0
			out=$(FAILNTH=$m:$k FAILNTH_REPORT=$REP LD_PRELOAD=$SHIM D apply -f "$W/d.conf" 2>&1) || rc=$?
			r=$(cat "$REP" 2>/dev/null || echo none)
			[ "$r" != none ] || break 2
			if [ "$r" = hit ]; then
				hits=$((hits + 1))
				if [ "$rc" != 0 ]; then
					refused=$((refused + 1))
					[ -n "$out" ] || fail "apply: request $m fault $k: failed without a word"
				else
					absorbed=$((absorbed + 1))
				fi
				D apply -f "$W/d.conf" > /dev/null ||
					fail "apply: request $m fault $k left what a clean apply cannot complete"
			fi
			[ "$(state)" = "$want" ] || fail "apply: request $m fault $k: the state is not the file's"
			D apply -f "$W/empty.conf" > /dev/null || fail "apply of an empty file after request $m fault $k"
			[ "$r" = hit ] || break
			k=$((k + 1))
		done
		m=$((m + 1))
	done
	[ "$hits" -gt 0 ] || fail "apply: no allocation was failed"
	TOTAL_POINTS=$((TOTAL_POINTS + hits))
	SUMMARY+=("$(printf '%-34s %3d requests %4d failure points: %3d refused, %3d absorbed' \
		"havsadm apply" $((m - 1)) "$hits" "$refused" "$absorbed")")
	echo "ok: apply: $hits failure points over $((m - 1)) requests"
}
# Three applies an attempt: make soak's (STRESS_SECONDS set) alone. Its
# requests are those of the commands swept above, in another order.
if soak; then
	# the servers are probed for real (type tcp): their health moves with time
	NOHEALTH=1 sweep_apply
else
	echo "# havsadm apply: swept by make soak only"
	D apply -f "$W/d.conf" > /dev/null
	D apply -f "$W/empty.conf" > /dev/null
fi


say "namespaces and devices go: no reference was leaked"
D apply -f "$W/empty.conf"
ns_del d
ns_del e
wait_for 60 eval '[ "$(cat /sys/module/havs/refcnt)" = 0 ]'
! dmesg | grep -q "unregister_netdevice: waiting" || fail "a device's unregister waits for a leaked reference"

if soak; then
say "module load: its own allocations, from the end of the load backwards"
havs_unload
modprobe --show-depends havs | awk '$1 == "insmod" && $2 !~ /havs/ { print $2 }' |
	while read -r ko; do modprobe "$(basename "${ko%%.ko*}")"; done
# One process loads and unloads (finit_module, delete_module) with its own
# fail-nth: the allocations of a clean load are counted first, then failed
# from the last back until one fails before havs_init runs (the module
# loader's own: no line of ours). Each failure of havs_init must say so,
# leave no module behind, and a later clean load must work.
ko=$(modprobe --show-depends havs | awk '$1 == "insmod" && $2 ~ /havs/ { print $2 }')
out=$(python3 - "$ko" <<'PY'
import ctypes, os, sys, time
libc = ctypes.CDLL(None, use_errno=True)
SYS_finit_module, SYS_delete_module = 313, 176
nth = os.open("/proc/thread-self/fail-nth", os.O_RDWR)
kmsg = os.open("/dev/kmsg", os.O_RDONLY | os.O_NONBLOCK)
os.lseek(kmsg, 0, os.SEEK_END)

def log():
    lines = []
    while True:
        try:
            rec = os.read(kmsg, 8192).decode(errors="replace")
        except BlockingIOError:
            return lines
        except OSError:     # EPIPE: overwritten records; go on
            continue
        lines.append(rec.split(";", 1)[-1].strip())

def load(k):
    fd = os.open(sys.argv[1], os.O_RDONLY)
    os.pwrite(nth, str(k).encode(), 0)
    r = libc.syscall(SYS_finit_module, fd, b"", 0)
    left = int(os.pread(nth, 32, 0) or 0)
    os.pwrite(nth, b"0", 0)
    os.close(fd)
    return r, left

def loaded():
    return any(l.startswith("havs ") for l in open("/proc/modules"))

def unload():
    if loaded() and libc.syscall(SYS_delete_module, b"havs", 0) != 0:
        sys.exit("cannot unload havs (errno %d)" % ctypes.get_errno())

BIG = 10000000
r, left = load(BIG)
if r != 0 or not left:
    sys.exit("a clean load failed or was failed")
total = BIG - left
unload()
log()
points = refused = 0
k = total
while k > 0:
    r, left = load(k)
    lines = log()
    hit = left == 0
    failed = any("havs: failed to load" in l for l in lines)
    ok = any("havs: loaded version" in l for l in lines)
    if hit and failed:
        points += 1
        refused += 1
        if r == 0 or loaded():
            sys.exit("fault %d: havs_init failed, yet the module is loaded" % k)
    elif hit and ok:
        points += 1
        if not loaded():
            sys.exit("fault %d: said loaded, is not" % k)
    elif hit:
        break       # the loader's own allocation, before havs_init
    unload()
    k -= 1
time.sleep(0.1)
r, left = load(BIG)
if r != 0 or not loaded():
    sys.exit("a clean load after the sweep fails")
unload()
print(total, points, refused)
PY
) || fail "module load sweep: $out"
read -r total load_points load_refused <<< "$out"
echo "ok: a load makes $total allocations; $load_points of them are havs_init's or after it"
[ "$load_points" -gt 0 ] || fail "load: no allocation of havs_init was failed"
TOTAL_POINTS=$((TOTAL_POINTS + load_points))
SUMMARY+=("$(printf '%-34s %3d requests %4d failure points: %3d refused, %3d absorbed' \
	"module load (havs_init)" 1 "$load_points" "$load_refused" $((load_points - load_refused)))")
fi
havs_load
havsadm version > /dev/null || fail "a clean load after the sweep does not work"

say "failure points per command"
printf '  %s\n' "${SUMMARY[@]}"
echo "ok: $TOTAL_POINTS allocation failures injected, every one refused cleanly or absorbed"
