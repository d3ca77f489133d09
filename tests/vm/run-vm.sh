#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run-vm.sh FLAVOR KO_DIR OUT [FILTER]
#
# FILTER: empty (everything), kunit, scenarios, scenario names (comma-separated), shard=I/N
# (scenarios whose index modulo N is I; KUnit in shard 0), demo, bench-NAME.
# HAVS_VM_LABEL names the guest in its own result lines (default FLAVOR).
#
# Boot the FLAVOR kernel (debug: KUnit/KASAN/lockdep/kmemleak test kernel;
# stock, stock612: Debian's linux-image, 6.1 or 6.12) under QEMU/TCG with
# the host root shared read-only, the .ko files of KO_DIR installed as
# extra modules, and run tests/vm/guest.sh. Results land in OUT/results
# ("ok NAME", "not ok NAME", "skip NAME # why"); this script adds the
# guest-level verdicts: the guest finished, and its kernel log is free of
# WARN/BUG/KASAN/lockdep/kmemleak.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

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
[ -n "$filter" ] && cmdline+=" hvm.args=$filter"

log "$label: booting $kver (console: $out/console.log)"
start=$(date +%s)
rc=0
timeout --foreground -k 10 "$timeout_s" \
	qemu-system-x86_64 -accel tcg,thread=multi -cpu ${HAVS_VM_CPU:-max} -smp 2 -m ${HAVS_VM_MEM:-1536M} \
	-nodefaults -no-reboot -display none -monitor none \
	-serial "file:$out/console.log" \
	-kernel "$kdir/bzImage" -initrd "$initrd" -append "$cmdline" \
	-fsdev local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap \
	-device virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot \
	-fsdev local,id=out,path="$out",security_model=none \
	-device virtio-9p-pci,fsdev=out,mount_tag=out || rc=$?
log "$label: guest ran $(( $(date +%s) - start )) s (qemu exit $rc)"

touch "$out/results"
if [ ! -f "$out/finished" ]; then
	echo "not ok $label: guest finished its run # crashed, hung or timed out (qemu exit $rc); see $out/console.log" >> "$out/results"
	tail -n 40 "$out/console.log" >&2 || true
else
	echo "ok $label: guest finished its run" >> "$out/results"
fi

splats='WARNING:|BUG:|Oops|Kernel panic|KASAN|UBSAN|possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU usage|unreferenced object|INFO: task .* blocked|self-detected stall|kmemleak: .* new suspected'
if grep -En "$splats" "$out/console.log" > "$out/splats.txt"; then
	echo "not ok $label: kernel log clean # $(head -n 1 "$out/splats.txt")" >> "$out/results"
	cat "$out/splats.txt" >&2
else
	echo "ok $label: kernel log clean (no WARN/BUG/KASAN/lockdep/kmemleak)" >> "$out/results"
fi
