#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dkms-build.sh KVER OUTDIR: package the module the way `make dkms-install`
# does (make dkms-src), then `dkms add` and `dkms build` it for KVER in a
# scratch DKMS tree (nothing on the host changes), and copy the built
# havs.ko to OUTDIR. The stock-kernel guest then loads exactly that file.
# Each KVER has a scratch tree of its own (build/dkms/KVER); a failed
# build shows DKMS's make.log, the compiler's own words.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
kver=$1
outdir=$2
ver=$(sed -n 's/^#define HAVS_VERSION "\(.*\)"/\1/p' "$top/kmod/version.h")
scratch=$top/build/dkms/$kver
rm -rf "$scratch"
mkdir -p "$scratch/source" "$scratch/tree" "$outdir"
make -s -C "$top" dkms-src DKMS_SRC="$scratch/source/havs-$ver"
dk() { dkms --dkmstree "$scratch/tree" --sourcetree "$scratch/source" "$@"; }
dk add -m havs -v "$ver"
dk build -m havs -v "$ver" -k "$kver" || {
	cat "$scratch/tree/havs/$ver/build/make.log" 2>/dev/null
	exit 1
}
dk status -m havs -v "$ver" -k "$kver" | grep -q ': built' ||
	{ echo "dkms status does not say built"; exit 1; }
# DKMS compresses the module as the kernel's own modules are (6.12: xz).
mod=$scratch/tree/havs/$ver/$kver/x86_64/module/havs.ko
if [ -f "$mod" ]; then
	cp "$mod" "$outdir/havs.ko"
elif [ -f "$mod.xz" ]; then
	xz -dc "$mod.xz" > "$outdir/havs.ko"
elif [ -f "$mod.zst" ]; then
	zstd -qdc "$mod.zst" > "$outdir/havs.ko"
elif [ -f "$mod.gz" ]; then
	gzip -dc "$mod.gz" > "$outdir/havs.ko"
else
	echo "dkms built no $mod(.xz|.zst|.gz)"
	exit 1
fi
echo "dkms built havs $ver for $kver: $(modinfo -F srcversion "$outdir/havs.ko")"
