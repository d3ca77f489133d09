#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fetch the stock Debian kernel that users run (linux-image-<abi>-amd64, the
# same ABI as the installed linux-headers-amd64) and unpack it into the cache.
# Nothing is installed on the host. Prints the cache directory.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

kver=$(stock_kver)
out=$(stock_kernel_dir)
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
