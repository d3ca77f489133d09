#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# havsadm import-keepalived on every keepalived.conf of tests/unit/import/:
# standard output must equal NAME.out, standard error and the exit status
# ("exit N", last line) NAME.err. One ok/not ok line per case. With
# --update, write the expected files instead (review the diff!).
set -u
HAVSADM=${1:?usage: import.sh HAVSADM [--update]}
HAVSADM=$(cd "$(dirname "$HAVSADM")" && pwd)/$(basename "$HAVSADM")
update=${2:-}
cd "$(dirname "$0")/import" || exit 2
res() { echo "$1 unit: import-keepalived: $2"; }

for conf in *.conf; do
	name=${conf%.conf}
	out=$(mktemp) err=$(mktemp)
	"$HAVSADM" import-keepalived "$conf" > "$out" 2> "$err"
	echo "exit $?" >> "$err"
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
