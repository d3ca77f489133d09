# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# The kernel's YNL tools (tools/net/ynl: cli.py, ynl-gen-c.py and their
# library) and netlink schemas (Documentation/netlink) from Debian's
# linux-source-6.12, for the family spec kmod/uapi/havs.yaml. Sourced
# after tests/vm/lib.sh, never run.
#
#   ynl_tree   extract the two directories from the source tarball once
#              into $HAVS_CACHE/ynl-VERSION; prints that directory
#   ynl_stage  ynl_tree, copied to $HAVS_BUILD/ynl, where the test guest
#              finds it ($HAVS_TOP/build/ynl: the guest mounts tmpfs over
#              /root, so it does not see a cache in the host's home);
#              prints that directory
#
# Both print the directory on stdout and their messages on stderr.

YNL_TARBALL=/usr/src/linux-source-6.12.tar.xz

ynl_version() {
	dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null ||
		{ echo "ynl: linux-source-6.12 is not installed (run: make deps)" >&2; return 1; }
}

ynl_tree() {
	local ver dir tmp
	ver=$(ynl_version) || return 1
	dir=$HAVS_CACHE/ynl-$ver
	if [ ! -f "$dir/.complete" ]; then
		[ -f "$YNL_TARBALL" ] ||
			{ echo "ynl: no $YNL_TARBALL (run: make deps)" >&2; return 1; }
		mkdir -p "$HAVS_CACHE"
		tmp=$(mktemp -d "$HAVS_CACHE/ynl-tmp.XXXXXX") || return 1
		echo "ynl: extracting tools/net/ynl and Documentation/netlink of linux-source $ver" >&2
		if ! tar -xJf "$YNL_TARBALL" -C "$tmp" --strip-components=1 \
			linux-source-6.12/tools/net/ynl \
			linux-source-6.12/Documentation/netlink; then
			rm -rf "$tmp"
			return 1
		fi
		echo "$ver" > "$tmp/.complete"
		rm -rf "$dir"
		# a concurrent extraction may have won: either copy is whole
		mv -T "$tmp" "$dir" 2>/dev/null || rm -rf "$tmp"
	fi
	echo "$dir"
}

ynl_stage() {
	local src dst=$HAVS_BUILD/ynl
	src=$(ynl_tree) || return 1
	if ! cmp -s "$src/.complete" "$dst/.complete" 2>/dev/null; then
		rm -rf "$dst"
		mkdir -p "$HAVS_BUILD"
		if ! cp -a "$src" "$dst.tmp.$$" || ! mv -T "$dst.tmp.$$" "$dst"; then
			rm -rf "$dst.tmp.$$"
			return 1
		fi
	fi
	echo "$dst"
}

# In the guest (scenario 31): requests through the kernel's YNL library,
# answered by one tests/lib/ynl_serve.py process for the whole scenario
# (under emulation a Python start costs seconds, a request milliseconds).
# ynl_start [CMD...] starts it, through CMD if given (ip netns exec NS);
# ynl REQUEST prints its JSON answer line (see ynl_serve.py); ynl_do and
# ynl_dump OP [JSON] are ynl do and ynl dump. JSON may span lines.
YNL_DIR=${HAVS_BUILD:-$HAVS_TOP/build}/ynl
YNL_SPEC=$HAVS_TOP/kmod/uapi/havs.yaml

ynl_start() {
	[ -f "$YNL_DIR/tools/net/ynl/lib/ynl.py" ] ||
		fail "no YNL library in $YNL_DIR (tests/static/ynl.sh stages it)"
	coproc YNLP { exec "$@" python3 -u "$HAVS_TOP/tests/lib/ynl_serve.py" \
		"$YNL_DIR" "$YNL_SPEC" 2>&1; }
	# Bash closes a coprocess's descriptors in pipelines; copies it keeps.
	exec {YNL_TO}>&"${YNLP[1]}" {YNL_FROM}<&"${YNLP[0]}"
}

ynl() {
	local line

	[ -n "${YNLP_PID:-}" ] || fail "ynl: ynl_start was not called"
	line=$*
	echo "${line//$'\n'/ }" >&"$YNL_TO"
	IFS= read -r -t 120 line <&"$YNL_FROM" ||
		fail "ynl: no answer from ynl_serve.py (request: $*)"
	echo "$line"
}

ynl_do() { ynl "do" "$@"; }
ynl_dump() { ynl dump "$@"; }
