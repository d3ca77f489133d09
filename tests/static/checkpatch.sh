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
# compat.h alone compares kernel versions, which checkpatch cannot tell
# from comparing constants the wrong way round.
rc=0
run() { "$cp" --no-tree --strict --terse --show-types --quiet "$@" || rc=1; }
run --ignore LINUX_VERSION_CODE,CONSTANT_COMPARISON -f kmod/compat.h
for f in kmod/*.c kmod/*.h kmod/uapi/linux/*.h; do
	[ "$f" = kmod/compat.h ] || run -f "$f"
done
exit $rc
