#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# havsadm import-keepalived on every keepalived.conf of tests/unit/import/:
# standard output must equal NAME.out, standard error and the exit status
# ("exit N", last line) NAME.err. NAME.args, if there, holds more arguments
# (--config-id ID). The directory of the fixtures is written @PWD@ in both,
# so that ${_PWD} does not depend on where the tree is. One ok/not ok line
# per case. With --update, write the expected files instead (review the
# diff!).
set -u
HAVSADM=${1:?usage: import.sh HAVSADM [--update]}
HAVSADM=$(cd "$(dirname "$HAVSADM")" && pwd)/$(basename "$HAVSADM")
update=${2:-}
cd "$(dirname "$0")/import" || exit 2
here=$(pwd -P)
res() { echo "$1 unit: import-keepalived: $2"; }

# import NAME OUT ERR [ARGS...]
import() {
	local conf=$1.conf out=$2 err=$3
	shift 3
	"$HAVSADM" import-keepalived "$@" "$conf" > "$out" 2> "$err"
	echo "exit $?" >> "$err"
	sed -i "s|$here|@PWD@|g" "$out" "$err"
}

for conf in *.conf; do
	name=${conf%.conf}
	out=$(mktemp) err=$(mktemp)
	args=()
	[ -f "$name.args" ] && read -r -a args < "$name.args"
	import "$name" "$out" "$err" "${args[@]}"
	if [ "$update" = --update ]; then
		cp "$out" "$name.out"
		cp "$err" "$name.err"
	fi
	if ! d=$(diff -u "$name.out" "$out" 2>&1); then
		res "not ok" "$name # standard output differs: $(echo "$d" | head -c 400)"
	elif ! d=$(diff -u "$name.err" "$err" 2>&1); then
		res "not ok" "$name # standard error differs: $(echo "$d" | head -c 400)"
	else
		res ok "$name"
	fi
	rm -f "$out" "$err"
done

# Without --config-id, @ lines are read for keepalived's default config id:
# the host name up to its first dot.
id=$(uname -n)
id=${id%%.*}
o1=$(mktemp) e1=$(mktemp) o2=$(mktemp) e2=$(mktemp)
import conditional "$o1" "$e1"
import conditional "$o2" "$e2" --config-id "$id"
sed -i "s|this host's name up to its first dot, keepalived's default|--config-id $id|" "$e1"
if ! cmp -s "$o1" "$o2" || ! cmp -s "$e1" "$e2"; then
	res "not ok" "default config id # not the host name's first label ($id): $(diff "$e1" "$e2" | head -c 300)"
elif ! grep -qF "'keepalived -i $id' reads" "$e1"; then
	res "not ok" "default config id # no note of config id $id: $(head -c 300 "$e1")"
else
	res ok "default config id ($id)"
fi
rm -f "$o1" "$e1" "$o2" "$e2"

# The command line: errors name the word, exit 2.
while IFS='|' read -r want args; do
	read -r -a argv <<< "$args"
	e=$("$HAVSADM" import-keepalived "${argv[@]}" 2>&1 > /dev/null)
	rc=$?
	if [ "$rc" = 2 ] && [[ $e == "havsadm: import-keepalived: "*"$want"* ]]; then
		res ok "usage: import-keepalived $args"
	else
		res "not ok" "usage: import-keepalived $args # exit $rc: $e"
	fi
done <<'CASES'
"--config-id" needs|conditional.conf --config-id
unknown option "--bogus"|--bogus conditional.conf
not "b.conf"|a.conf b.conf
expected one file|--config-id main
CASES
