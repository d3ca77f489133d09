#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dkms-build.sh KVER OUTDIR: package the module the way `make dkms-install`
# does (make dkms-src), then `dkms add` and `dkms build` it for KVER in a
# scratch DKMS tree (nothing on the host changes), and copy the built
# havs.ko to OUTDIR. The stock-kernel guest then loads exactly that file.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
kver=$1
outdir=$2
ver=$(sed -n 's/^#define HAVS_VERSION "\(.*\)"/\1/p' "$top/kmod/version.h")
scratch=$top/build/dkms
rm -rf "$scratch"
mkdir -p "$scratch/source" "$scratch/tree" "$outdir"
make -s -C "$top" dkms-src DKMS_SRC="$scratch/source/havs-$ver"
dk() { dkms --dkmstree "$scratch/tree" --sourcetree "$scratch/source" "$@"; }
dk add -m havs -v "$ver"
dk build -m havs -v "$ver" -k "$kver"
dk status -m havs -v "$ver" -k "$kver" | grep -q ': built' ||
	{ echo "dkms status does not say built"; exit 1; }
cp "$scratch/tree/havs/$ver/$kver/x86_64/module/havs.ko" "$outdir/havs.ko"
echo "dkms built havs $ver for $kver: $(modinfo -F srcversion "$outdir/havs.ko")"
