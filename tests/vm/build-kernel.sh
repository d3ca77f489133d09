#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build-kernel.sh [VARIANT]
# Build the debug test kernel (KUnit, KASAN, lockdep, kmemleak) from Debian's
# linux-source-6.1, once per (source version, config, this script). Prints the
# cache directory holding bzImage, the module tree and the build tree that
# out-of-tree modules are compiled against. VARIANT kcsan: the lines of
# tests/vm/kernel-kcsan.config replace the same symbols' lines of
# kernel.config (KCSAN instead of KASAN; make soak).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

variant=${1:-}
out=$(debug_kernel_dir "$variant")
if [ -f "$out/.done" ]; then
	echo "$out"
	exit 0
fi

log "building debug kernel into $out (one-off, several minutes)"
# Built in place: the tree keeps absolute paths, and .done marks completion.
rm -rf "$out"
mkdir -p "$out"
tar -C "$out" -xf /usr/src/linux-source-6.1.tar.xz
mv "$out"/linux-source-6.1 "$out/src"
src=$out/src
frag=$HAVS_TOP/tests/vm/kernel.config
if [ -n "$variant" ]; then
	over=$HAVS_TOP/tests/vm/kernel-$variant.config
	[ -f "$over" ] || die "no $over"
	frag=$out/kernel.config
	syms=$(sed -n 's/^\(CONFIG_[A-Za-z0-9_]*\)=.*/\1/p' "$over" | paste -sd'|')
	{ grep -Ev "^($syms)=" "$HAVS_TOP/tests/vm/kernel.config"; cat "$over"; } > "$frag"
fi

make -C "$src" -s KCONFIG_ALLCONFIG="$frag" allnoconfig
make -C "$src" -s olddefconfig

# Fail loudly if a requested symbol did not survive dependency resolution.
bad=0
while IFS= read -r line; do
	case "$line" in
	CONFIG_*=n) sym=${line%=n}
		if grep -q "^$sym=" "$src/.config"; then
			log "config: $sym is set, wanted off"; bad=1
		fi ;;
	CONFIG_*) grep -qx "$line" "$src/.config" ||
		{ log "config: wanted $line, got: $(grep "^${line%%=*}=" "$src/.config" || echo unset)"; bad=1; } ;;
	esac
done < "$frag"
[ "$bad" = 0 ] || die "kernel.config does not resolve as written"

make -C "$src" -s -j"$JOBS" bzImage modules
make -C "$src" -s INSTALL_MOD_PATH="$out/mods" modules_install
cp "$src/arch/x86/boot/bzImage" "$out/bzImage"
make -C "$src" -s kernelrelease > "$out/kernelrelease"
touch "$out/.done"
echo "$out"
