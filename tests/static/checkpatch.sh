#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# checkpatch --strict on every module source, with the script from the
# kernel tree the debug kernel is built from (Debian's linux-source-6.1).
set -euo pipefail
. "$(dirname "$0")/../vm/lib.sh"
kdir=$(debug_kernel_dir)
cp=$kdir/src/scripts/checkpatch.pl
[ -x "$cp" ] || die "no checkpatch.pl in $kdir (run: make kernels)"
cd "$HAVS_TOP"
# Out-of-tree module: no MAINTAINERS and no in-tree paths, so --no-tree.
# Two files get one exception each, for what they exist to do:
#  compat.h compares kernel versions (checkpatch reads that as comparing
#  constants the wrong way round); portable.h defines u8.. for userspace
#  builds of the parsers from the C99 types.
rc=0
run() { "$cp" --no-tree --strict --terse --show-types --quiet "$@" || rc=1; }
for f in kmod/*.c kmod/*.h kmod/uapi/linux/*.h; do
	case "$f" in
	kmod/compat.h) run --ignore LINUX_VERSION_CODE,CONSTANT_COMPARISON -f "$f" ;;
	kmod/portable.h) run --ignore PREFER_KERNEL_TYPES -f "$f" ;;
	*) run -f "$f" ;;
	esac
done
exit $rc
