# SPDX-License-Identifier: GPL-2.0
#
# genl ARGS...: one raw generic netlink request through tests/lib/genl.py
# (ARGS as its command line), answered by one genl.py process that lives
# as long as the scenario: under TCG a Python start costs seconds, a
# request milliseconds. genl_start [CMD...] starts it, through CMD if
# given (ip netns exec NS, for one namespace).
genl_start() {
	coproc GENL { exec "$@" python3 -u "$HAVS_TOP/tests/lib/genl.py" --serve 2>&1; }
}

genl() {
	local line

	[ -n "${GENL_PID:-}" ] || fail "genl: genl_start was not called"
	echo "$*" >&"${GENL[1]}"
	while IFS= read -r line <&"${GENL[0]}"; do
		[ "$line" = . ] && return 0
		echo "$line"
	done
	fail "genl: genl.py ended (request: $*)"
}
