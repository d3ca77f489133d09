#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kernels.sh: the kernels make check builds havs.ko for (W=1, DKMS), one
# line each: "METAPACKAGE KVER". Debian's header metapackages name them;
# the ABI name (6.1.0-N-amd64, 6.12.N+debN-rt-amd64) moves with point
# releases, so it is resolved from each metapackage's Depends, as
# tests/vm/lib.sh does for the stock kernel. KVER is "-" when the
# metapackage is not installed (make deps installs all of them).
set -uo pipefail
for meta in linux-headers-amd64 linux-headers-rt-amd64 \
	    linux-headers-6.12-amd64 linux-headers-6.12-rt-amd64; do
	dep=$(dpkg-query -W -f='${Depends}' "$meta" 2>/dev/null) || dep=
	dep=${dep%%,*}
	dep=${dep%% *}
	dep=${dep#linux-headers-}
	echo "$meta ${dep:--}"
done
