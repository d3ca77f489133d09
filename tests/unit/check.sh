# SPDX-License-Identifier: GPL-2.0
# Sourced by the host CLI tests, after they define res NAME-OK-OR-NOT TEXT.
#
# check NAME WANT_RC PATTERN CMD...: exit code and output (stdout+stderr).
check() {
	local name=$1 want=$2 pat=$3 out rc=0
	shift 3
	out=$("$@" 2>&1) || rc=$?
	if [ "$rc" = "$want" ] && printf '%s' "$out" | grep -Eq -- "$pat"; then
		res ok "$name"
	else
		res "not ok" "$name # exit $rc (want $want), output: $(printf '%s' "$out" | head -c 300)"
	fi
}
