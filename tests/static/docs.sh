#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The man page renders without warnings and documents every havsadm command
# and every module parameter; the README keeps its two commands.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
man=$top/tools/havsadm.8
rc=0
for page in "$man" "$top/tools/havs.conf.5"; do
	warn=$(MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null) || true
	[ -z "$warn" ] || { echo "$(basename "$page") warnings: $warn"; rc=1; }
done
cmds=$(sed -n 's/^\t{ \.name = "\([a-z-]*\)".*/\1/p' "$top/tools/havsadm.c")
[ -n "$cmds" ] || { echo "found no commands in tools/havsadm.c"; rc=1; }
for c in $cmds; do
	grep -Eq "^\.BR? $c( |\$)" "$man" || { echo "command $c is not in havsadm.8"; rc=1; }
done
subs=$(sed -n 's/^\t{ \.name = "\([a-z-]*\)", \.run = vrrp_.*/\1/p' "$top/tools/vrrp.c")
[ -n "$subs" ] || { echo "found no vrrp subcommands in tools/vrrp.c"; rc=1; }
for c in $subs; do
	grep -Eq "^\.BR? \"?vrrp $c( |\"|\$)" "$man" || { echo "command vrrp $c is not in havsadm.8"; rc=1; }
done
params=$(sed -n 's/^module_param_cb(\([a-z_]*\),.*/\1/p' "$top"/kmod/*.c)
[ -n "$params" ] || { echo "found no module parameters in kmod/"; rc=1; }
for p in $params; do
	grep -q "^\.BR $p " "$man" || { echo "parameter $p is not in havsadm.8"; rc=1; }
done
grep -q 'make demo' "$top/README.md" && grep -q 'make check' "$top/README.md" ||
	{ echo "README lost its two commands"; rc=1; }
exit $rc
