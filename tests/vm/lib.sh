# SPDX-License-Identifier: GPL-2.0
# Shared settings for the havs VM harness. Sourced, never run.

HAVS_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# Build products that are expensive (kernels) live outside the checkout so a
# fresh clone reuses them; everything per-checkout lives under build/.
HAVS_CACHE=${HAVS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/havs}
HAVS_BUILD=${HAVS_BUILD:-$HAVS_TOP/build}
JOBS=${JOBS:-$(nproc)}

die() { echo "havs-vm: $*" >&2; exit 1; }
log() { echo "havs-vm: $*" >&2; }

# The stock Debian kernels the guests boot, by flavour: "stock" is the
# distribution's own (linux-headers-amd64, 6.1 on Debian 12), "stock612"
# the 6.12 series Debian 12 carries too (Debian 13's kernel).
stock_headers_meta() {	# [FLAVOR]
	case ${1:-stock} in
	stock) echo linux-headers-amd64 ;;
	stock612) echo linux-headers-6.12-amd64 ;;
	*) die "unknown stock flavour $1" ;;
	esac
}

# The Debian ABI name (6.1.0-N-amd64, 6.12.N+debX-amd64) moves with point
# releases: resolve it from the metapackage instead of hard-coding it.
stock_kver() {	# [FLAVOR]
	local dep meta
	meta=$(stock_headers_meta "${1:-stock}") || exit 1
	dep=$(dpkg-query -W -f='${Depends}' "$meta" 2>/dev/null) ||
		die "$meta is not installed (run: make deps)"
	dep=${dep%%,*}
	dep=${dep%% *}
	echo "${dep#linux-headers-}"
}

linux_source_version() {
	dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null ||
		die "linux-source-6.1 is not installed (run: make deps)"
}

# Cache key of the debug kernel: source package version + config fragment +
# the script that builds it. Any change to these builds a new kernel.
# VARIANT (empty, or kcsan: tests/vm/kernel-kcsan.config on top, KCSAN
# instead of KASAN, for make soak) adds its fragment and names the cache.
debug_kernel_dir() {	# [VARIANT]
	local key variant=${1:-}
	key=$( { linux_source_version; cat "$HAVS_TOP/tests/vm/kernel.config" \
		"$HAVS_TOP/tests/vm/build-kernel.sh"
		[ -z "$variant" ] || cat "$HAVS_TOP/tests/vm/kernel-$variant.config"
	} | sha256sum | cut -c1-16)
	echo "$HAVS_CACHE/kernel-${variant:-debug}-$key"
}

stock_kernel_dir() {	# [FLAVOR]
	local kver
	kver=$(stock_kver "${1:-stock}") || exit 1
	echo "$HAVS_CACHE/kernel-stock-$kver"
}

# Build havsadm and havs.ko for the stock kernel, fetching it if needed;
# prints the directory holding havs.ko. For make demo and make bench.
build_for_stock() {
	local kver
	kver=$(stock_kver)
	"$HAVS_TOP/tests/vm/fetch-stock.sh" > /dev/null
	make -s -C "$HAVS_TOP" tools >&2
	make -s -C "$HAVS_TOP" module KVER="$kver" \
		KDIR="/usr/src/linux-headers-$kver" >&2
	echo "$HAVS_BUILD/$kver"
}
