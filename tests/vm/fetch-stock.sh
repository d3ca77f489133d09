#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# fetch-stock.sh [FLAVOR]: fetch a stock Debian kernel that users run and
# unpack it into the cache. FLAVOR (lib.sh: stock_headers_meta) picks the
# series: "stock" (default) is linux-image-<abi>-amd64 of the installed
# linux-headers-amd64, "stock612" that of linux-headers-6.12-amd64; the
# image always has the ABI of the installed headers, so a module built
# against them loads. Nothing is installed on the host. Modules stay as
# Debian ships them (6.12's are .ko.xz: depmod and the host's modprobe read
# them; mkinitramfs.sh decompresses the few busybox insmods). Prints the
# cache directory.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

flavor=${1:-stock}
kver=$(stock_kver "$flavor") || exit 1
out=$(stock_kernel_dir "$flavor") || exit 1
if [ -f "$out/.done" ]; then
	echo "$out"
	exit 0
fi

log "fetching stock kernel linux-image-$kver"
rm -rf "$out"
mkdir -p "$out/deb"
# Debian ships the image signed or unsigned under two names; either works.
(cd "$out/deb" && { apt-get download -q "linux-image-$kver" ||
	apt-get download -q "linux-image-$kver-unsigned"; }) >&2 ||
	die "cannot download linux-image-$kver (apt-get update? network?)"
dpkg -x "$out"/deb/*.deb "$out/root"
rm -rf "$out/deb"
cp "$out/root/boot/vmlinuz-$kver" "$out/bzImage"
echo "$kver" > "$out/kernelrelease"
mkdir -p "$out/mods/lib"
mv "$out/root/lib/modules" "$out/mods/lib/modules"
rm -rf "$out/root"
depmod -b "$out/mods" "$kver"
touch "$out/.done"
echo "$out"
