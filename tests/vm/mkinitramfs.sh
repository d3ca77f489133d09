#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mkinitramfs.sh KERNEL_DIR OUTPUT: a busybox initramfs with tests/vm/init
# and, for kernels that build them as modules, the virtio/9p modules needed
# to mount the host root (found with modprobe --show-depends, in order,
# so the list follows the kernel: 6.12 has netfs where 6.1 has fscache).
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
		# busybox insmod takes plain .ko files only: decompress
		# what the kernel package ships compressed (6.12: .ko.xz)
		name=$(basename "$ko")
		case $name in
		*.ko) cp "$ko" "$tmp/mods/$name" ;;
		*.ko.xz) xz -dc "$ko" > "$tmp/mods/${name%.xz}" ;;
		*.ko.zst) zstd -qdc "$ko" > "$tmp/mods/${name%.zst}" ;;
		*.ko.gz) gzip -dc "$ko" > "$tmp/mods/${name%.gz}" ;;
		*) die "cannot unpack module $ko" ;;
		esac
		echo "/mods/${name%.ko*}.ko" >> "$tmp/modules.list"
	done
	[ -s "$tmp/modules.list" ] || rm "$tmp/modules.list"
fi

(cd "$tmp" && find . | cpio -o -H newc --quiet | gzip -1) > "$output.tmp"
mv "$output.tmp" "$output"
