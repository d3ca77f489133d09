#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# havsadm is consistent across its commands, on the host (no module here):
# errors name the offending word in the "havsadm: ..." style, -j and -n
# may follow the command, -j is honoured or refused, fwmark services'
# servers take port 0, keywords are never taken twice, distinct exit
# codes for a missing namespace and a missing file, help within 80
# columns, and the bash completion of stats and vrrp add.
# $S (a service) is two words on purpose:
# shellcheck disable=SC2086
set -u
HAVSADM=${1:?usage: cli_consistency.sh HAVSADM}
top=$(cd "$(dirname "$0")/../.." && pwd)
res() { echo "$1 unit: havsadm cli consistency: $2"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# shellcheck source=tests/unit/check.sh
. "$(dirname "$0")/check.sh"
# word NAME WORD CMD...: a usage error (exit 2) whose one line is
# "havsadm: ..." and names WORD, quoted.
word() {
	local name=$1 w=$2 out rc=0
	shift 2
	out=$("$@" 2>&1) || rc=$?
	if [ "$rc" = 2 ] && [ "$(printf '%s\n' "$out" | wc -l)" = 1 ] &&
	   [[ $out == "havsadm: "* ]] && [[ $out == *"\"$w\""* ]]; then
		res ok "$name names \"$w\""
	else
		res "not ok" "$name names \"$w\" # exit $rc, output: $(printf '%s' "$out" | head -c 300)"
	fi
}

S="tcp 10.0.0.1:80"
R=10.0.0.2:80

# 1. every error names the word it is about (these blamed none, or another)
word "track set, bad name" "bad name" "$HAVSADM" track set "bad name" up
word "track set, bad state" maybe "$HAVSADM" track set web maybe
word "track set, a word after the lease" x "$HAVSADM" track set web up lease 1s x
word "track del, extra word" extra "$HAVSADM" track del web extra
word "track show, extra word" b "$HAVSADM" track show a b
word "check set, fwmark service with a bad family" inet7 "$HAVSADM" check set fwmark 5 inet7
word "check del, extra word" extra "$HAVSADM" check del $S extra
word "check show, extra word" extra "$HAVSADM" check show $S extra
word "check settings, extra word" extra "$HAVSADM" check settings $S extra
word "service add, a lone word" x "$HAVSADM" service add fwmark 1 inet6 x
word "service del, extra word" x "$HAVSADM" service del $S x
word "service show, extra word" x "$HAVSADM" service show $S x
word "server add, server without a port" 10.0.0.2 "$HAVSADM" server add $S 10.0.0.2
word "server set, server without a port" 10.0.0.2 "$HAVSADM" server set $S 10.0.0.2 health up
word "server del, a setting" weight "$HAVSADM" server del $S $R weight 1
word "server del, extra word" x "$HAVSADM" server del $S $R x
word "server set health, another setting" weight "$HAVSADM" server set $S $R health up weight 1
word "server show, extra word" x "$HAVSADM" server show $S x
check "server show's errors say server show, not check show" 2 '^havsadm: server show: ' \
	"$HAVSADM" server show $S x
word "stats --prometheus, extra word" x "$HAVSADM" stats --prometheus x
check "stats --prometheus x does not blame --prometheus" 2 '^havsadm: stats: unexpected argument "x"' \
	"$HAVSADM" stats --prometheus x
word "help COMMAND, extra word" x "$HAVSADM" help version x
word "vrrp help SUBCOMMAND, unknown" bogus "$HAVSADM" vrrp help bogus
check "unknown global option names it" 2 '^havsadm: unknown option "-x"' "$HAVSADM" -jx version
check "unknown long global option names it" 2 '^havsadm: unknown option "--bogus"' \
	"$HAVSADM" --bogus version
check "a global option without its value names it" 2 '^havsadm: -n needs a value' "$HAVSADM" -n
check "import-keepalived of a missing file names it, as havsadm" 7 \
	'^havsadm: import-keepalived: cannot open /nonexistent/keepalived.conf: ' \
	"$HAVSADM" import-keepalived /nonexistent/keepalived.conf
check "vrrp help add prints the usage of vrrp add" 0 '^Usage: havsadm vrrp add dev IFNAME' \
	"$HAVSADM" vrrp help add

# 2. -j and -n after the command, at the start or the end of its arguments
check "vrrp show -j: -j taken (module not loaded: exit 3)" 3 'not loaded' "$HAVSADM" vrrp show -j
check "vrrp -j show" 3 'not loaded' "$HAVSADM" vrrp -j show
check "vrrp show dev eth0 --json" 3 'not loaded' "$HAVSADM" vrrp show dev eth0 --json
check "stats -j" 3 'not loaded' "$HAVSADM" stats -j
check "check show -n NS: the namespace is entered" 6 'cannot open network namespace "nonexistent-ns"' \
	"$HAVSADM" check show -n nonexistent-ns
check "check show --netns=NS" 6 'network namespace "nonexistent-ns"' \
	"$HAVSADM" check show --netns=nonexistent-ns
check "track show -n: a NAME is needed" 2 '^havsadm: -n needs a NAME' "$HAVSADM" track show -n
check "-n twice (before and after) is refused" 2 '^havsadm: -n "b": a network namespace was given already \("a"\)' \
	"$HAVSADM" -n a version -n b
check "-n twice before the command is refused" 2 '^havsadm: -n "b": a network namespace was given already' \
	"$HAVSADM" -n a -n b version
check "-- ends them: payload -j is the payload (reaches the kernel: exit 3)" 3 'not loaded' \
	"$HAVSADM" check set -- $S type udp payload -j
check "without --, a final -j is the option (refused by check set)" 2 '^havsadm: check set: -j' \
	"$HAVSADM" check set $S type udp -j
check "a -j in the middle is not an option (and named)" 2 'unknown keyword "-j"' \
	"$HAVSADM" vrrp show dev eth0 -j vrid 1
printf 'vrrp show -j\n' > "$tmp/b1"
check "batch: a line's -j after its command" 3 'not loaded' "$HAVSADM" -b "$tmp/b1"
printf 'version -n x\n' > "$tmp/b2"
check "batch: -n in a line is refused" 2 '^havsadm: -n in a batch line: give it before -b' \
	"$HAVSADM" -b "$tmp/b2"
printf 'help version\nvrrp add dev eth0 vrid 1 address 10.0.0.9 -j\n' > "$tmp/b3"
name="batch: a line's -j is its own (help before it is not refused)"
out=$("$HAVSADM" -b "$tmp/b3" 2>&1)
rc=$?
if [ "$rc" = 2 ] && grep -q '^Usage: havsadm version' <<< "$out" &&
   grep -q '^havsadm: vrrp add: -j: this prints no JSON$' <<< "$out"; then
	res ok "$name"
else
	res "not ok" "$name # exit $rc, output: $(head -c 300 <<< "$out")"
fi

# 3. -j honoured or refused (exit 2, naming -j), never ignored
while read -r cmd; do
	check "-j refused: $cmd" 2 "^havsadm: [A-Za-z -]+: -j: this prints no JSON\$" \
		"$HAVSADM" -j $cmd
done <<EOF
vrrp add dev eth0 vrid 1 address 10.0.0.9
vrrp set dev eth0 vrid 1 priority 50
vrrp del dev eth0 vrid 1
track set web up
track del web
check set $S
check del $S
service add $S
service set $S scheduler rr
service del $S
server add $S $R
server set $S $R weight 2
server set $S $R health up
server del $S $R
stats --prometheus
apply -f /dev/null
apply --check -f /dev/null
diff -f /dev/null
show config
import-keepalived /dev/null
help
help vrrp
version --help
--help
-V
vrrp --help
vrrp add --help
monitor --help
EOF
while read -r cmd; do
	out=$("$HAVSADM" -j $cmd 2> "$tmp/err")
	rc=$?
	if [ "$rc" = 3 ] && [ -z "$out" ] && grep -q 'not loaded' "$tmp/err"; then
		res ok "-j honoured: $cmd (module not loaded: exit 3, no partial JSON)"
	else
		res "not ok" "-j honoured: $cmd # exit $rc, stdout: $out, stderr: $(head -c 200 "$tmp/err")"
	fi
done <<EOF
version
vrrp
vrrp show
track show
check show
check settings
server show
stats
monitor
EOF

# 4. a fwmark service's servers have port 0, as havsadm.8 says
check "server add fwmark: ADDR without a port (reaches IPVS: not here, exit 3)" 3 'not loaded' \
	"$HAVSADM" server add fwmark 1 10.1.0.2 weight 5
check "server add fwmark: ADDR:0" 3 'not loaded' "$HAVSADM" server add fwmark 1 10.1.0.2:0
check "server add fwmark inet6: [ADDR]:0" 3 'not loaded' "$HAVSADM" server add fwmark 1 inet6 '[2001:db8::2]:0'
check "server add fwmark inet6: ADDR" 3 'not loaded' "$HAVSADM" server add fwmark 1 inet6 2001:db8::2
check "server del fwmark: ADDR" 3 'not loaded' "$HAVSADM" server del fwmark 1 10.1.0.2
check "check set fwmark: sorry ADDR" 3 'not loaded' "$HAVSADM" check set fwmark 1 port 80 sorry 10.1.0.9
check "server add tcp: port 0 is refused" 2 'server "10.1.0.2:0": expected ADDR:PORT' \
	"$HAVSADM" server add $S 10.1.0.2:0
check "server add fwmark: a bad port is refused" 2 'server "10.1.0.2:x"' \
	"$HAVSADM" server add fwmark 1 10.1.0.2:x
cat > "$tmp/fw.conf" <<EOF
service fwmark 7 scheduler havs_rr
	check type tcp port 80 sorry 10.1.0.9
	server 10.1.0.2
	server 10.1.0.3:0 weight 2
	server 10.1.0.9:0
EOF
name="apply --check: a fwmark service's servers without a port, and with port 0 as show config prints them"
if out=$("$HAVSADM" apply --check -f "$tmp/fw.conf" 2>&1); then
	res ok "$name"
else
	res "not ok" "$name # $(head -c 300 <<< "$out")"
fi
check "havsadm.8 says a fwmark service's servers take port 0" 0 'port 0' \
	sed -n '/^\.B server add /,/^\.TP/p' "$top/tools/havsadm.8"

# 5. a keyword given twice is refused, naming it
dup() {
	local name=$1 w=$2
	shift 2
	check "twice: $name" 2 "^havsadm: .*\"$w\" given twice" "$@"
}
dup "service add scheduler" scheduler "$HAVSADM" service add $S scheduler rr scheduler wrr
dup "service set persistent" persistent "$HAVSADM" service set $S persistent 1 persistent 2
dup "server add weight" weight "$HAVSADM" server add $S $R weight 1 weight 2
dup "server add method" method "$HAVSADM" server add $S $R method dr method nat
dup "server set uthreshold" uthreshold "$HAVSADM" server set $S $R uthreshold 1 uthreshold 2
dup "server set health" health "$HAVSADM" server set $S $R health up health down
dup "track set lease" lease "$HAVSADM" track set web up lease 1s lease 2s
dup "monitor -t" -t "$HAVSADM" monitor -t -t
dup "import-keepalived --config-id" --config-id "$HAVSADM" import-keepalived --config-id a --config-id=b f
dup "vrrp add priority" priority "$HAVSADM" vrrp add dev eth0 vrid 1 address 10.0.0.9 priority 100 priority 200
dup "check set interval" interval "$HAVSADM" check set $S interval 1s interval 2s
printf 'service tcp 10.0.0.1:80 scheduler rr scheduler wrr\n' > "$tmp/dup.conf"
check "twice in a file: service scheduler (apply --check: exit 5)" 5 '"scheduler" given twice' \
	"$HAVSADM" apply --check -f "$tmp/dup.conf"
check "twice: stats --prometheus" 2 'unexpected argument "--prometheus"' \
	"$HAVSADM" stats --prometheus --prometheus

# 6. one error style: "havsadm: ...", whatever argv[0] is
as_path() { bash -c 'exec -a /usr/sbin/havsadm "$@"' _ "$HAVSADM" "$@"; }
for args in "--bogus" "-x" "-n" "-b" "bogus" "vrrp bogus" "track set" "import-keepalived /nonexistent"; do
	out=$(as_path $args 2>&1 >/dev/null)
	first=$(printf '%s\n' "$out" | head -n 1)
	if [[ $first == "havsadm: "* ]] && [[ $out != *"/usr/sbin/havsadm"* ]]; then
		res ok "argv[0] /usr/sbin/havsadm, '$args': the error starts with 'havsadm: '"
	else
		res "not ok" "argv[0] /usr/sbin/havsadm, '$args': the error starts with 'havsadm: ' # $out"
	fi
done

# 7. exit codes: 6 no such network namespace, 7 no such file
check "-n of a missing namespace: exit 6" 6 'cannot open network namespace "nonexistent-ns"' \
	"$HAVSADM" -n nonexistent-ns version
check "-n of a file that is no namespace: exit 6" 6 'is not a network namespace' \
	"$HAVSADM" -n /etc/hostname version
check "-b of a missing file: exit 7" 7 'cannot open /nonexistent' "$HAVSADM" -b /nonexistent
check "apply -f of a missing file: exit 7" 7 'cannot open /nonexistent' "$HAVSADM" apply -f /nonexistent
check "apply --check -f of a missing file: exit 7" 7 'cannot open /nonexistent' \
	"$HAVSADM" apply --check -f /nonexistent
check "diff -f of a missing file: exit 7" 7 'cannot open /nonexistent' "$HAVSADM" diff -f /nonexistent
check "import-keepalived of a missing file: exit 7" 7 'cannot open /nonexistent' \
	"$HAVSADM" import-keepalived /nonexistent
sed -n 's/^\tEXIT_[A-Z]* = \([0-9]*\),.*/\1/p' "$top/tools/havsadm.h" > "$tmp/codes"
while read -r code; do
	check "havsadm.8 EXIT STATUS documents $code (tools/havsadm.h)" 0 "^\\.B $code\$" \
		sed -n '/^\.SH EXIT STATUS/,/^\.SH /p' "$top/tools/havsadm.8"
done < "$tmp/codes"

# 8. help within 80 columns
helps() {
	local c s
	"$HAVSADM" help
	for c in $("$HAVSADM" help | awk '/^Commands:/ { on = 1; next } on && !NF { exit } on { print $1 }'); do
		"$HAVSADM" help "$c"
		"$HAVSADM" "$c" --help
		for s in add set del show settings config; do
			"$HAVSADM" "$c" "$s" --help 2> /dev/null
		done
	done
}
long=$(helps 2>&1 | awk 'length > 80' | head -n 3)
if [ -z "$long" ] && [ "$(helps 2>&1 | wc -l)" -gt 100 ]; then
	res ok "every help text is within 80 columns"
else
	res "not ok" "every help text is within 80 columns # $long"
fi
check "help: one line per command (continuation lines are indented)" 0 \
	'^  import-keepalived [a-z]' "$HAVSADM" help

# 9. bash completion: stats options, vrrp add in context
comp() {	# LINE: the candidates, one line, sorted (as tests/unit/lifecycle.sh)
	bash -c '
		. "$2/tools/havsadm.bash-completion"
		COMP_LINE=$1 COMP_POINT=${#1}
		read -ra COMP_WORDS <<< "${1//:/ : }"
		[[ $1 == *[[:blank:]] ]] && COMP_WORDS+=("")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		_havsadm
		printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' _ "$1" "$top" |
		sed 's/ $//'
}
expect_comp() {	# LINE WANT
	local got want
	got=$(comp "$1")
	want=$(tr ' ' '\n' <<< "$2" | sort | tr '\n' ' ' | sed 's/ $//')
	if [ "$got" = "$want" ]; then
		res ok "completion: '$1'"
	else
		res "not ok" "completion: '$1' # got '$got', want '$want'"
	fi
}
expect_comp "havsadm stats -" "--prometheus -j --json"
expect_comp "havsadm stats --p" "--prometheus"
expect_comp "havsadm stats --prometheus " ""
expect_comp "havsadm vrrp add dev lo vrid 51 " \
	"address priority interval version preempt preempt-delay accept checksum peer track-dev track-object sync-group name"
expect_comp "havsadm vrrp add dev lo vrid 51 address 10.0.0.9 priority 150 p" "peer preempt preempt-delay"
expect_comp "havsadm vrrp add dev lo vrid 51 track-object web w" "weight"
expect_comp "havsadm vrrp add dev lo vrid 51 track-object web weight -50 w" ""
expect_comp "havsadm vrrp add dev lo vrid 51 version " "3 2"
expect_comp "havsadm vrrp add dev lo vrid 51 version 2 accept " "on off"
expect_comp "havsadm vrrp add dev lo vrid 51 track-dev l" "lo"
expect_comp "havsadm vrrp add vrid 51 d" "dev"
expect_comp "havsadm vrrp set dev lo vrid 51 priority 5 p" "preempt preempt-delay"
expect_comp "havsadm server add tcp 10.0.0.1:80 10.0.0.2:80 weight 2 " "method uthreshold lthreshold"
expect_comp "havsadm check set tcp 10.0.0.1:80 type http interval 1s t" "timeout track track-min"
