#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mkinitramfs.sh KERNEL_DIR OUTPUT: a busybox initramfs with tests/vm/init
# and, for kernels that build them as modules, the virtio/9p modules needed
# to mount the host root (found with modprobe --show-depends, in order).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

kdir=$1
output=$2
kver=$(cat "$kdir/kernelrelease")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mkdir -p "$tmp"/{bin,proc,sys,dev,newroot,mods}
cp /bin/busybox "$tmp/bin/busybox"
ln -s busybox "$tmp/bin/sh"
install -m 0755 "$HAVS_TOP/tests/vm/init" "$tmp/init"

moddir=$kdir/mods/lib/modules/$kver
if [ -f "$moddir/modules.dep" ]; then
	: > "$tmp/modules.list"
	for m in virtio_pci 9pnet_virtio 9p; do
		modprobe -d "$kdir/mods" -S "$kver" --show-depends "$m"
	done | awk '$1 == "insmod" { print $2 }' | awk '!seen[$0]++' |
	while read -r ko; do
		cp "$ko" "$tmp/mods/"
		echo "/mods/$(basename "$ko")" >> "$tmp/modules.list"
	done
	[ -s "$tmp/modules.list" ] || rm "$tmp/modules.list"
fi

(cd "$tmp" && find . | cpio -o -H newc --quiet | gzip -1) > "$output.tmp"
mv "$output.tmp" "$output"
