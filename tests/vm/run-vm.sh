#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run-vm.sh FLAVOR KO_DIR OUT [FILTER]
#
# FILTER: empty (everything), kunit, scenarios, a comma-separated list of
# scenario names and kunit (tests/vm/shards.sh makes them), demo, bench-NAME.
# HAVS_VM_LABEL names the guest in its own result lines (default FLAVOR).
# HAVS_VM_SMP: vCPUs (default 2). HAVS_VM_QEMU_ARGS: more QEMU arguments,
# split at blanks (tests/vm/run-pair.sh adds a network link with them).
#
# Boot the FLAVOR kernel (debug: KUnit/KASAN/lockdep/kmemleak test kernel;
# stock, stock612: Debian's linux-image, 6.1 or 6.12) under QEMU/TCG with
# the host root shared read-only, the .ko files of KO_DIR installed as
# extra modules, and run tests/vm/guest.sh. Results land in OUT/results
# ("ok NAME", "not ok NAME", "skip NAME # why"); this script adds the
# guest-level verdicts: the guest finished, and its kernel log is free of
# WARN/BUG/KASAN/lockdep/kmemleak.
# OUT/timing: wall seconds of each part ("SECONDS<TAB>LABEL: PART"): its
# preparation, boot, KUnit, scenarios, kmemleak scan, power-off and total,
# all measured by the host's clock.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
t_run=$(date +%s.%N)

flavor=$1
ko_dir=$(cd "$2" && pwd)
out=$3
filter=${4:-}
timeout_s=${HAVS_VM_TIMEOUT:-1500}

case "$flavor" in
debug) kdir=${HAVS_KERNEL_DIR:-$(debug_kernel_dir)}
	extra_append="" ;;
stock|stock612) kdir=${HAVS_KERNEL_DIR:-$(stock_kernel_dir "$flavor")}
	extra_append="" ;;
*) die "unknown flavor $flavor" ;;
esac
[ -f "$kdir/.done" ] || die "$flavor kernel missing in $kdir (run: make kernels)"
kver=$(cat "$kdir/kernelrelease")

rm -rf "$out"
mkdir -p "$out"
out=$(cd "$out" && pwd)
label=${HAVS_VM_LABEL:-$flavor}
work=$(dirname "$out")/work-$(basename "$out")
mkdir -p "$work"

# Module tree the guest sees as /lib/modules: the kernel's own modules
# (hard links into the cache, so staging costs nothing) plus ours.
rm -rf "$work/modroot"
stage=$work/modroot/lib/modules
mkdir -p "$stage"
cp -al "$kdir/mods/lib/modules/$kver" "$stage/" 2>/dev/null ||
	cp -a "$kdir/mods/lib/modules/$kver" "$stage/"
rm -f "$stage/$kver/build" "$stage/$kver/source"
mkdir -p "$stage/$kver/updates"
cp "$ko_dir"/*.ko "$stage/$kver/updates/"
# depmod writes new index files (it replaces, never edits, the linked ones).
depmod -b "$work/modroot" "$kver"

modinfo -F srcversion "$ko_dir/havs.ko" > "$out/expected-srcversion"

initrd=$work/initramfs.gz
if [ ! -f "$initrd" ] || [ "$HAVS_TOP/tests/vm/init" -nt "$initrd" ] ||
   [ "$HAVS_TOP/tests/vm/mkinitramfs.sh" -nt "$initrd" ]; then
	"$HAVS_TOP/tests/vm/mkinitramfs.sh" "$kdir" "$initrd"
fi

cmdline="console=ttyS0 $extra_append ${HAVS_VM_APPEND:-} panic=-1 oops=panic panic_on_warn=1"
cmdline+=" loglevel=6 rdinit=/init"
cmdline+=" hvm.top=$HAVS_TOP hvm.out=$out hvm.mods=$stage hvm.flavor=$flavor hvm.label=$label"
# The kernel keeps 2048 bytes of command line (x86): a long list of
# scenarios goes to the guest in a file instead.
if [ -n "$filter" ] && [ $(( ${#cmdline} + ${#filter} )) -gt 1500 ]; then
	echo "$filter" > "$out/filter"
	filter=@filter
fi
[ -n "$filter" ] && cmdline+=" hvm.args=$filter"

log "$label: booting $kver (console: $out/console.log)"
start=$(date +%s)
t_qemu=$(date +%s.%N)
rc=0
timeout --foreground -k 10 "$timeout_s" \
	qemu-system-x86_64 -accel tcg,thread=multi -cpu ${HAVS_VM_CPU:-max} -smp ${HAVS_VM_SMP:-2} -m ${HAVS_VM_MEM:-1536M} \
	-nodefaults -no-reboot -display none -monitor none \
	-serial "file:$out/console.log" \
	-kernel "$kdir/bzImage" -initrd "$initrd" -append "$cmdline" \
	-fsdev local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap \
	-device virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot \
	-fsdev local,id=out,path="$out",security_model=none \
	-device virtio-9p-pci,fsdev=out,mount_tag=out ${HAVS_VM_QEMU_ARGS:-} || rc=$?
t_end=$(date +%s.%N)
log "$label: guest ran $(( $(date +%s) - start )) s (qemu exit $rc)"

# secs A B: B - A in seconds, one decimal
secs() { echo "$2 - $1" | bc | xargs printf '%.1f'; }
{
	printf '%s\t%s: prepare (module tree, initramfs)\n' "$(secs "$t_run" "$t_qemu")" "$label"
	# The guest's first write (OUT/kernel) ends its boot; the host's clock
	# stamps it. A guest that never came up booted for its whole run.
	if [ -f "$out/kernel" ]; then
		printf '%s\t%s: boot\n' "$(secs "$t_qemu" "$(stat -c %.3Y "$out/kernel")")" "$label"
	else
		printf '%s\t%s: boot # never came up\n' "$(secs "$t_qemu" "$t_end")" "$label"
	fi
	# the guest's parts, from the stamps guest.sh leaves
	for st in "$out"/stamps/*.start; do
		[ -f "$st" ] || continue
		part=$(basename "$st" .start)
		if [ -f "${st%.start}.end" ]; then
			note=$(cat "${st%.start}.end")
			printf '%s	%s: %s%s
' "$(secs "$(stat -c %.3Y "$st")" 				"$(stat -c %.3Y "${st%.start}.end")")" "$label" "$part" "${note:+ # $note}"
		else
			printf '%s	%s: %s # unfinished
' "$(secs "$(stat -c %.3Y "$st")" "$t_end")" 				"$label" "$part"
		fi
	done
	[ ! -f "$out/finished" ] ||
		printf '%s\t%s: power off\n' "$(secs "$(stat -c %.3Y "$out/finished")" "$t_end")" "$label"
	printf '%s\t%s: total\n' "$(secs "$t_run" "$t_end")" "$label"
} >> "$out/timing" || true

touch "$out/results"
if [ ! -f "$out/finished" ]; then
	echo "not ok $label: guest finished its run # crashed, hung or timed out (qemu exit $rc); see $out/console.log" >> "$out/results"
	tail -n 40 "$out/console.log" >&2 || true
else
	echo "ok $label: guest finished its run" >> "$out/results"
fi

splats='WARNING:|BUG:|Oops|Kernel panic|KASAN|UBSAN|possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU usage|unreferenced object|INFO: task .* blocked|self-detected stall|kmemleak: .* new suspected'
# A KCSAN kernel (make soak: HAVS_VM_KCSAN=1) reports data races of the
# whole kernel: those with a frame of havs fail, the others are counted
# (kcsan.txt has every report); any other splat fails as always.
if [ -n "${HAVS_VM_KCSAN:-}" ]; then
	awk '/BUG: KCSAN:/ { r = $0 "\n"; on = 1; next }
		on && /==========/ { print (r ~ /\[havs\]/ ? "HAVS" : "OTHER") "\t" r; on = 0; next }
		on { r = r $0 "\n" }' "$out/console.log" > "$out/kcsan.txt"
	# the detector is on: its boot self-test passed (dmesg.txt has the
	# info lines the console leaves out)
	if grep -q 'kcsan: selftest: [0-9]*/[0-9]* tests passed' "$out/dmesg.txt" 2>/dev/null &&
	   ! grep -q 'kcsan: selftest: .*fail' "$out/dmesg.txt"; then
		echo "ok $label: KCSAN on ($(grep -o 'kcsan: selftest: [0-9]*/[0-9]* tests passed' "$out/dmesg.txt"))" >> "$out/results"
	else
		echo "not ok $label: KCSAN on # no passing self-test in $out/dmesg.txt" >> "$out/results"
	fi
	nh=$(grep -c '^HAVS' "$out/kcsan.txt" || true)
	no=$(grep -c '^OTHER' "$out/kcsan.txt" || true)
	if [ "$nh" -gt 0 ]; then
		echo "not ok $label: no KCSAN data race with a frame of havs # $nh; see $out/kcsan.txt" >> "$out/results"
	else
		echo "ok $label: no KCSAN data race with a frame of havs ($no elsewhere in the kernel; see $out/kcsan.txt)" >> "$out/results"
	fi
	splats="${splats//BUG:|/BUG: [^K]|}"
fi
if grep -En "$splats" "$out/console.log" > "$out/splats.txt"; then
	echo "not ok $label: kernel log clean # $(head -n 1 "$out/splats.txt")" >> "$out/results"
	cat "$out/splats.txt" >&2
else
	echo "ok $label: kernel log clean (no WARN/BUG/KASAN/lockdep/kmemleak)" >> "$out/results"
fi
