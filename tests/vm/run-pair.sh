#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run-pair.sh FLAVOR KO_DIR OUT FILTER
#
# Two guests at once, "director" and "farm", each a run-vm.sh guest with
# one vCPU, joined by one virtio-net link: a QEMU dgram netdev over
# 127.0.0.1 (each guest's frames are UDP datagrams to the other's port).
# Both run the same FILTER; the guest's HAVS_LABEL (director or farm) says
# which side it is. Each has its own output directory, OUT/director and
# OUT/farm; this script relays nothing between them: the guests
# synchronise over the link itself.
#
# For the director it also answers requests for its QEMU process's CPU
# time: a guest file OUT/director/hostcpu/NAME.req is answered with
# OUT/director/hostcpu/NAME, "TICKS CLK_TCK NS": the utime + stime of the
# director's qemu (all its threads, /proc/PID/stat) in host clock ticks,
# and the host's CLOCK_REALTIME when read. A guest measures its CPU with
# its own clock; this is the host's view of the same window, emulation
# and I/O threads included.
# Likewise OUT/director/hostload/NAME.req is answered with
# OUT/director/hostload/NAME: the host's /proc/loadavg and the number of
# QEMU processes on the host (this pair's two included), for a benchmark's
# header (a guest cannot see the host's load).
#
# Exit status 0 when both guests finished their run (see OUT/*/results).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

flavor=$1
ko_dir=$(cd "$2" && pwd)
out=$3
filter=$4
rm -rf "$out"
mkdir -p "$out"
out=$(cd "$out" && pwd)

# Two free UDP ports of 127.0.0.1 (asked of the kernel, then released: a
# race with another program is possible, but QEMU would fail loudly).
read -r p_dir p_farm <<< "$(/usr/bin/python3 -c '
import socket
s = [socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])')"
link() {	# LOCAL_PORT REMOTE_PORT MAC PIDFILE
	echo "-netdev dgram,id=n0,local.type=inet,local.host=127.0.0.1,local.port=$1,remote.type=inet,remote.host=127.0.0.1,remote.port=$2" \
		"-device virtio-net-pci,netdev=n0,mac=$3 -pidfile $4"
}
log "pair: director udp/$p_dir <-> farm udp/$p_farm"

HAVS_VM_SMP=1 HAVS_VM_LABEL=director \
	HAVS_VM_QEMU_ARGS="$(link "$p_dir" "$p_farm" 52:54:00:4a:56:01 "$out/director.pid")" \
	"$HAVS_TOP/tests/vm/run-vm.sh" "$flavor" "$ko_dir" "$out/director" "$filter" &
dir_pid=$!
HAVS_VM_SMP=1 HAVS_VM_LABEL=farm \
	HAVS_VM_QEMU_ARGS="$(link "$p_farm" "$p_dir" 52:54:00:4a:56:02 "$out/farm.pid")" \
	"$HAVS_TOP/tests/vm/run-vm.sh" "$flavor" "$ko_dir" "$out/farm" "$filter" &
farm_pid=$!

# The director's CPU-time requests, until its run-vm.sh ends. The qemu
# pid file appears once QEMU has started (after run-vm.sh's preparation).
qpid=
while kill -0 "$dir_pid" 2>/dev/null; do
	[ -n "$qpid" ] || qpid=$(cat "$out/director.pid" 2>/dev/null || true)
	for req in "$out"/director/hostcpu/*.req; do
		[ -n "$qpid" ] && [ -f "$req" ] || continue
		name=${req%.req}
		# fields 14 and 15 of /proc/PID/stat; the command name (field 2)
		# of qemu-system-x86_64 has no blanks
		if t=$(awk '{ print $14 + $15 }' "/proc/$qpid/stat" 2>/dev/null); then
			echo "$t $(getconf CLK_TCK) $(date +%s%N)" > "$name.tmp"
			mv "$name.tmp" "$name"
		fi
		rm -f "$req"
	done
	for req in "$out"/director/hostload/*.req; do
		[ -f "$req" ] || continue
		name=${req%.req}
		echo "$(cat /proc/loadavg) qemu=$(pgrep -c qemu-system || true)" > "$name.tmp"
		mv "$name.tmp" "$name"
		rm -f "$req"
	done
	sleep 0.1
done
rc=0
wait "$dir_pid" || rc=$?
# The farm ends when the director tells it to; a director that died first
# never will: give the farm a minute, then stop its QEMU.
for _ in $(seq 600); do
	kill -0 "$farm_pid" 2>/dev/null || break
	sleep 0.1
done
if kill -0 "$farm_pid" 2>/dev/null; then
	log "pair: farm still running after the director ended: stopping it"
	kill "$(cat "$out/farm.pid")" 2>/dev/null || true
fi
wait "$farm_pid" || rc=$?
for g in director farm; do
	grep -q '^ok .*: guest finished' "$out/$g/results" 2>/dev/null || rc=1
done
exit "$rc"
