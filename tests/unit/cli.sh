#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# havsadm's behaviour that needs no kernel module, on the host: exit codes,
# help for every command, and the message when havs.ko is not loaded (this
# host's kernel has no module support, so the family never exists here).
set -u
HAVSADM=${1:?usage: cli.sh HAVSADM}
res() { echo "$1 unit: havsadm cli: $2"; }

# shellcheck source=tests/unit/check.sh
. "$(dirname "$0")/check.sh"

ver=$(sed -n 's/^#define HAVS_VERSION "\(.*\)"/\1/p' "$(dirname "$0")/../../kmod/version.h")
check "-V prints the version" 0 "^havsadm $ver\$" "$HAVSADM" -V
check "--help lists commands" 0 '^  version +print the versions' "$HAVSADM" --help
check "no command is a usage error" 2 'Usage:' "$HAVSADM"
check "unknown command is a usage error" 2 'unknown or ambiguous command "bogus"' "$HAVSADM" bogus
check "unknown option is a usage error" 2 'Usage:' "$HAVSADM" --bogus
for c in $("$HAVSADM" --help | awk '/^Commands:/ { on = 1; next } on && !NF { exit } on { print $1 }'); do
	check "$c --help" 0 "^Usage: havsadm $c" "$HAVSADM" "$c" --help
done
check "help COMMAND" 0 '^Usage: havsadm version' "$HAVSADM" help version
check "help of an unknown command" 2 'unknown command' "$HAVSADM" help bogus
check "version with an extra argument" 2 'unexpected argument "x"' "$HAVSADM" version x
check "monitor --help shows the event types and -t" 0 '^Usage: havsadm monitor \[vrrp\|health\|track\|announce\|all\] \[-t\|--timestamp\]' \
	"$HAVSADM" monitor --help
check "monitor -t --help" 0 '^Usage: havsadm monitor ' "$HAVSADM" monitor -t --help
check "monitor of an unknown event type" 2 'monitor: unknown event type "bogus"' \
	"$HAVSADM" monitor bogus
check "monitor with an extra argument" 2 'monitor: unexpected argument "all"' \
	"$HAVSADM" monitor vrrp all
check "monitor, module not loaded: exit 3" 3 'not loaded.*modprobe havs' \
	"$HAVSADM" -j monitor -t
batch=$(mktemp)
printf '# comments and blank lines are skipped\n\nhelp version\nbogus x\nversion\n' > "$batch"
check "batch: stops at the failing line and names it" 2 \
	"batch $batch:4: stopped here \\(exit 2\\)" \
	"$HAVSADM" -b "$batch"
check "batch --force: goes on, names the line, exits with the first failure" 2 \
	"batch $batch:4: failed \\(exit 2\\), going on"$'\n'"havsadm $ver" \
	"$HAVSADM" --force -b "$batch"
check "--force without -b" 2 '--force goes with -b' "$HAVSADM" --force version
check "batch from stdin" 0 '^Usage: havsadm version' sh -c "echo 'help version' | $HAVSADM -b -"
check "batch and a command line" 2 '-b takes the commands from a file' "$HAVSADM" -b "$batch" version
check "batch of a missing file: exit 7" 7 'batch: cannot open /nonexistent' "$HAVSADM" -b /nonexistent
# the lexer of havs.conf(5): quotes, comments, indented continuation lines
printf '"help"   # a comment\n\t"version"\n' > "$batch"
check "batch: quotes, comments and a continuation line" 0 '^Usage: havsadm version' \
	"$HAVSADM" -b "$batch"
printf 'help version\nhelp "version\n' > "$batch"
out=$("$HAVSADM" -b "$batch" 2>&1)
rc=$?
if [ $rc = 2 ] && ! printf '%s' "$out" | grep -q '^Usage' &&
	printf '%s\n' "$out" | grep -q "^$batch:2:6: error: unterminated quote\$" &&
	printf '%s\n' "$out" | grep -q "no command run"; then
	res ok "batch with a mistake: no command run, the mistake named"
else
	res "not ok" "batch with a mistake: no command run, the mistake named # exit $rc: $out"
fi
rm -f "$batch"

# apply --check: the file alone, offline. This host has no havs family, so
# a netlink request would exit 3, as apply without --check does.
conf=$(mktemp -d)
printf '%s\n' 'define VIP = 10.0.0.100' 'include "conf.d/*.conf"' \
	'vrrp dev nosuchif0 vrid 51 address $VIP track-object web' \
	'service tcp $VIP:80 scheduler havs_wrr' \
	'	check type http path /health track web sorry 10.1.0.9:80' \
	'	server 10.1.0.2:80' '	server 10.1.0.9:80' > "$conf/havs.conf"
mkdir "$conf/conf.d"
echo 'track maint down' > "$conf/conf.d/10-maint.conf"
# check_quiet NAME CMD...: exit 0 and not a word said
check_quiet() {
	local name=$1 out rc=0
	shift
	out=$("$@" 2>&1) || rc=$?
	if [ "$rc" = 0 ] && [ -z "$out" ]; then
		res ok "$name"
	else
		res "not ok" "$name # exit $rc, output: $(printf '%s' "$out" | head -c 300)"
	fi
}
check_quiet "apply --check of a valid file: exit 0, no module, no interface" \
	"$HAVSADM" apply --check -f "$conf/havs.conf"
check "apply of it checks the interfaces first: exit 5" 5 \
	'havs.conf:3:10: error: vrrp: no interface nosuchif0 in this namespace' \
	"$HAVSADM" apply -f "$conf/havs.conf"
sed 's/nosuchif0/lo/' "$conf/havs.conf" > "$conf/lo.conf"
check "apply of a file whose interfaces exist needs the module: exit 3" 3 'not loaded' \
	"$HAVSADM" apply -f "$conf/lo.conf"
abs=$(cd "$(dirname "$HAVSADM")" && pwd)/$(basename "$HAVSADM")
check_quiet "apply --check -f - (standard input, includes from the working directory)" \
	sh -c "cd '$conf' && '$abs' apply --check -f - < havs.conf"
check_quiet "apply -f FILE --check" "$HAVSADM" apply -f "$conf/havs.conf" --check
check "apply --check without a file" 2 'apply: expected \[--check\] -f FILE' \
	"$HAVSADM" apply --check
check "diff --check is not an option" 2 'diff: unexpected "--check"' \
	"$HAVSADM" diff --check -f "$conf/havs.conf"
printf 'vrrp dev eth0 vrid 51 address 10.0.0.1\n    priority 300 interval 100ms\n' > "$conf/bad.conf"
printf 'service tcp 10.0.0.1:80 scheduler nope\n' > "$conf/conf.d/20-bad.conf"
printf 'include "conf.d/*.conf"\ninclude "bad.conf"\ntrack $X\n' > "$conf/main.conf"
want="$conf/conf.d/20-bad.conf:1:35: error: service: scheduler \"nope\": neither IPVS (rr, wrr, lc, wlc, lblc, lblcr, dh, sh, sed, nq, fo, ovf, mh, twos) nor havs (havs_rr, havs_wrr, havs_lc, havs_wlc, havs_sh, havs_mh) has it
	service tcp 10.0.0.1:80 scheduler nope
	                                  ^^^^
$conf/bad.conf:2:14: error: vrrp: priority \"300\": expected 1 to 255 (255: address owner)
	    priority 300 interval 100ms
	             ^^^
$conf/main.conf:3:7: error: \$X is not defined (define X = VALUE, before it is used)
	track \$X
	      ^^
havsadm: $conf/main.conf: not valid: 3 errors"
out=$("$HAVSADM" apply --check -f "$conf/main.conf" 2>&1)
rc=$?
if [ $rc = 5 ] && [ "$out" = "$want" ]; then
	res ok "apply --check of a bad file: exit 5, every error in order, with its word"
else
	res "not ok" "apply --check of a bad file: exit 5, every error in order, with its word # exit $rc: $(diff <(echo "$want") <(echo "$out"))"
fi
printf 'include "../main.conf"\n' > "$conf/conf.d/30-loop.conf"
check "apply --check: an include cycle, named" 5 \
	"^$conf/conf.d/30-loop.conf:1:9: error: include cycle: $conf/main.conf -> $conf/conf.d/30-loop.conf -> $conf/conf.d/../main.conf\$" \
	"$HAVSADM" apply --check -f "$conf/main.conf"
rm -rf "$conf"
check "module not loaded: exit 3 and how to fix" 3 \
	"^havsadm $ver"$'\n'"havsadm: the havs kernel module is not loaded and could not be loaded.*modprobe havs" \
	"$HAVSADM" version
check "module not loaded, JSON: nothing on stdout" 3 'not loaded' "$HAVSADM" -j version
out=$("$HAVSADM" -j version 2>/dev/null)
[ -z "$out" ] && res ok "-j prints no partial JSON on failure" ||
	res "not ok" "-j prints no partial JSON on failure # stdout: $out"
check "check set without a service" 2 'check set: expected a service' "$HAVSADM" check set
check "check set, bad setting" 2 'check set: unknown setting "bogus"' \
	"$HAVSADM" check set tcp 10.0.0.1:80 bogus 1
check "check set, timeout longer than interval" 2 'timeout must be shorter than the interval' \
	"$HAVSADM" check set tcp 10.0.0.1:80 interval 1s timeout 2s
check "check set, timeout as long as the interval" 2 'timeout must be shorter than the interval' \
	"$HAVSADM" check set tcp 10.0.0.1:80 interval 1s timeout 1s
check "check show, bad service" 2 'check show: expected a service' \
	"$HAVSADM" check show 10.0.0.1:80
check "service add, port 0" 2 'expected ADDR:PORT' "$HAVSADM" service add tcp 10.0.0.1:0
check "service add, bad setting" 2 'service add: unknown setting "weight"' \
	"$HAVSADM" service add tcp 10.0.0.1:80 weight 1
check "service set, nothing to set" 2 'nothing to change' "$HAVSADM" service set tcp 10.0.0.1:80
check "server add, no server" 2 'expected the server as ADDR:PORT' \
	"$HAVSADM" server add tcp 10.0.0.1:80
check "server add, bad method" 2 'method "x": nat, dr, tun or local' \
	"$HAVSADM" server add tcp 10.0.0.1:80 10.0.0.2:80 method x
check "server set health, bad value" 2 'health up\|down' \
	"$HAVSADM" server set tcp 10.0.0.1:80 10.0.0.2:80 health maybe
check "monitor health --help" 0 '^Usage: havsadm monitor ' "$HAVSADM" monitor health --help
check "missing netns: exit 6" 6 'cannot open network namespace "nonexistent-ns"' \
	"$HAVSADM" -n nonexistent-ns version
