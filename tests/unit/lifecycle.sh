#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot and lifecycle, on the host: what `make install` lays down (into a
# DESTDIR), that it never writes or removes /etc/havs/havs.conf, that
# `make uninstall` removes the rest, that systemd-analyze finds nothing to
# say about the unit, that the example configuration's statements parse,
# and the bash completion. One "ok"/"not ok" line per check.
#
# The module is built and installed for the stock Debian kernel (this
# host's own kernel has no headers), into $HAVS_BUILD as `make check` does.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/vm/lib.sh"
cd "$top" || exit 1
kver=$(stock_kver)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

res() { echo "$1 lifecycle: $2"; }
pass() { res ok "$1"; }
fail() { res "not ok" "$1 # $2"; }

mk() {	# LOG TARGET [VAR=VALUE]...: make quietly, output to LOG
	local log=$1
	shift
	make -s "$@" KVER="$kver" KDIR="/usr/src/linux-headers-$kver" \
		BUILD="$HAVS_BUILD" > "$log" 2>&1
}
files() { (cd "$1" && find . -type f -o -type l | sed 's|^\./||' | sort); }

want=$(sort <<EOF
lib/modules/$kver/updates/havs.ko
lib/systemd/system/havs-agent.service
lib/systemd/system/havs.service
usr/sbin/havsadm
usr/share/bash-completion/completions/havsadm
usr/share/doc/havs/havs.conf.example
usr/share/man/man5/havs.conf.5
usr/share/man/man8/havsadm.8
EOF
)

# install, uninstall
d=$tmp/root
name="make install DESTDIR lays down the module, havsadm, 2 man pages, the units, the example config, the completion, and no /etc/havs/havs.conf"
if ! mk "$tmp/install.log" install DESTDIR="$d"; then
	fail "$name" "make install failed: $(tail -n 5 "$tmp/install.log" | tr '\n' ' ')"
elif [ "$(files "$d")" != "$want" ]; then
	fail "$name" "files differ: $(diff <(echo "$want") <(files "$d") | grep '^[<>]' | tr '\n' ' ')"
elif ! cmp -s tools/havs.conf.example "$d/usr/share/doc/havs/havs.conf.example" ||
     ! cmp -s tools/havs.service "$d/lib/systemd/system/havs.service" ||
     ! cmp -s tools/havs-agent.service "$d/lib/systemd/system/havs-agent.service" ||
     [ ! -x "$d/usr/sbin/havsadm" ]; then
	fail "$name" "a file is not what the tree has, or havsadm is not executable"
else
	pass "$name"
fi

name="a second make install leaves the operator's /etc/havs/havs.conf alone"
mkdir -p "$d/etc/havs"
echo "track mine up" > "$d/etc/havs/havs.conf"
if mk "$tmp/install2.log" install DESTDIR="$d" &&
   [ "$(cat "$d/etc/havs/havs.conf")" = "track mine up" ]; then
	pass "$name"
else
	fail "$name" "install failed or the config was replaced"
fi

name="make uninstall leaves only the operator's /etc/havs/havs.conf, and says so"
if mk "$tmp/uninstall.log" uninstall DESTDIR="$d" &&
   [ "$(files "$d")" = etc/havs/havs.conf ] &&
   grep -q "kept $d/etc/havs/havs.conf" "$tmp/uninstall.log"; then
	pass "$name"
else
	fail "$name" "left: $(files "$d" | tr '\n' ' '); log: $(tr '\n' ' ' < "$tmp/uninstall.log")"
fi

name="make uninstall of an install leaves no file"
d=$tmp/root2
if mk "$tmp/install3.log" install DESTDIR="$d" &&
   mk "$tmp/uninstall2.log" uninstall DESTDIR="$d" && [ -z "$(files "$d")" ]; then
	pass "$name"
else
	fail "$name" "left: $(files "$d" | tr '\n' ' ')"
fi

name="install-tools with PREFIX=/usr/local and SYSCONFDIR: the unit names those paths"
d=$tmp/root3
u=$d/lib/systemd/system/havs.service
if mk "$tmp/install4.log" install-tools DESTDIR="$d" PREFIX=/usr/local SYSCONFDIR=/opt/etc &&
   [ -x "$d/usr/local/sbin/havsadm" ] && [ ! -e "$d/opt/etc/havs/havs.conf" ] &&
   [ ! -e "$d/lib/modules" ] &&
   grep -q '^ExecStart=/usr/local/sbin/havsadm apply -f /opt/etc/havs/havs.conf$' "$u" &&
   grep -q '^ConditionPathExists=/opt/etc/havs/havs.conf$' "$u" &&
   ! grep -q '/usr/sbin/havsadm' "$u" &&
   grep -q '^ExecStart=/usr/local/sbin/havsadm agent -f /opt/etc/havs/havs.conf$' "${u%/*}/havs-agent.service" &&
   grep -q '^ExecCondition=/usr/local/sbin/havsadm agent --needed -f /opt/etc/havs/havs.conf$' "${u%/*}/havs-agent.service" &&
   ! grep -q '/usr/sbin/havsadm' "${u%/*}/havs-agent.service"; then
	pass "$name"
else
	fail "$name" "$(grep -E '^(Exec|Cond)' "$u" 2>/dev/null | tr '\n' ' ')"
fi

# systemd-analyze verify checks that the commands exist and runs man for
# Documentation=: point it at the installed havsadm and man pages. Its
# warnings (unknown keys, bad values) do not change its exit status, so any
# output is a failure; a unit with a typo shows the check can fail.
name="systemd-analyze verify of the installed unit prints nothing"
if ! command -v systemd-analyze > /dev/null; then
	fail "$name" "no systemd-analyze (make deps installs systemd)"
else
	sed "s|/usr/local/sbin/havsadm|$d/usr/local/sbin/havsadm|g" "$u" > "$tmp/havs.service"
	out=$(MANPATH=$d/usr/local/share/man systemd-analyze verify "$tmp/havs.service" 2>&1)
	rc=$?
	printf '[Service]\nExecStrat=/bin/true\n' >> "$tmp/havs.service"
	bad=$(MANPATH=$d/usr/local/share/man systemd-analyze verify "$tmp/havs.service" 2>&1)
	if [ "$rc" = 0 ] && [ -z "$out" ] && [ -n "$bad" ]; then
		pass "$name"
	else
		fail "$name" "exit $rc: $(echo "$out" | tr '\n' ' ') (with a typo: $(echo "$bad" | head -c 100))"
	fi
fi

name="systemd-analyze verify of the installed agent unit prints nothing"
if ! command -v systemd-analyze > /dev/null; then
	fail "$name" "no systemd-analyze (make deps installs systemd)"
else
	mkdir -p "$tmp/units"
	for f in havs havs-agent; do
		sed "s|/usr/local/sbin/havsadm|$d/usr/local/sbin/havsadm|g" "${u%/*}/$f.service" \
			> "$tmp/units/$f.service"
	done
	out=$(MANPATH=$d/usr/local/share/man systemd-analyze verify \
		"$tmp/units/havs.service" "$tmp/units/havs-agent.service" 2>&1)
	if [ -z "$out" ]; then
		pass "$name"
	else
		fail "$name" "$(echo "$out" | tr '\n' ' ')"
	fi
fi

name="the agent unit runs only for files that need it, after havs, reloads and stops with it"
u=tools/havs-agent.service
if grep -qx 'ExecCondition=/usr/sbin/havsadm agent --needed -f /etc/havs/havs.conf' "$u" &&
   grep -qx 'ExecStart=/usr/sbin/havsadm agent -f /etc/havs/havs.conf' "$u" &&
   grep -qx 'ExecReload=/bin/kill -HUP $MAINPID' "$u" &&
   grep -qx 'After=havs.service' "$u" && grep -qx 'PartOf=havs.service' "$u" &&
   grep -qx 'ReloadPropagatedFrom=havs.service' "$u"; then
	pass "$name"
else
	fail "$name" "see $u"
fi

name="the unit loads the module, applies the config, reloads, stops with an empty config"
u=tools/havs.service
if grep -qx 'Type=oneshot' "$u" && grep -qx 'RemainAfterExit=yes' "$u" &&
   grep -qx 'ExecStartPre=/sbin/modprobe havs' "$u" &&
   grep -qx 'ExecStart=/usr/sbin/havsadm apply -f /etc/havs/havs.conf' "$u" &&
   grep -qx 'ExecReload=/usr/sbin/havsadm apply -f /etc/havs/havs.conf' "$u" &&
   grep -qx 'ExecStop=/usr/sbin/havsadm apply -f /dev/null' "$u" &&
   grep -qx 'After=network-online.target' "$u" &&
   ! grep -Eq '^(PrivateNetwork|ProtectKernelModules|ProtectKernelTunables)=' "$u"; then
	pass "$name"
else
	fail "$name" "see $u"
fi

# The example configuration through havsadm's own reader of the file
# (tools/conf.c, as apply reads it; what it cannot check without the
# module and the host's interfaces, `havsadm diff -f` does).
name="havs.conf.example reads without an error, as apply reads it"
if ! cc -std=gnu11 -Wall -Wextra -Werror -o "$tmp/test_conf" tests/unit/test_conf.c \
	tools/conf.c tools/agent_conf.c tools/parse.c tools/json.c 2> "$tmp/cc.log"; then
	fail "$name" "build: $(head -c 300 "$tmp/cc.log")"
elif out=$("$tmp/test_conf" tools/havs.conf.example 2>&1); then
	pass "$name"
else
	fail "$name" "$(echo "$out" | tr '\n' ' ')"
fi
name="the reader refuses a bad statement of each kind, each with its line"
printf 'vrrp dev eth0 vrid 51\n\tpriority 300 address 10.0.0.1\nservice tcp 10.0.0.1:80\n\tcheck type htp\n\tserver 10.1.0.2 weight 1\nservice tcp 10.0.0.1:81 scheduler x/y\ntrack "a b" up\nvip 10.0.0.1\n' \
	> "$tmp/bad.conf"
out=$("$tmp/test_conf" "$tmp/bad.conf" 2>&1)
if [ "$(echo "$out" | grep -c "^$tmp/bad.conf:[0-9]*:[0-9]*: error: ")" = 6 ]; then
	pass "$name"
else
	fail "$name" "$(echo "$out" | tr '\n' ' ')"
fi
for kind in track vrrp service check server; do
	name="havs.conf.example has a $kind statement"
	if grep -Eq "^[[:blank:]]*$kind " tools/havs.conf.example; then
		pass "$name"
	else
		fail "$name" "none"
	fi
done

# Bash completion: source it and call its function as bash would, with
# COMP_WORDS split at ':' too, as readline does.
comp() {	# LINE: the candidates, one line, sorted
	bash -c '
		. tools/havsadm.bash-completion
		COMP_LINE=$1 COMP_POINT=${#1}
		read -ra COMP_WORDS <<< "${1//:/ : }"
		[[ $1 == *[[:blank:]] ]] && COMP_WORDS+=("")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		_havsadm
		printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' _ "$1" |
		sed 's/ $//'
}
expect_comp() {	# LINE WANT: candidates are exactly WANT (any order)
	local got want
	got=$(comp "$1")
	want=$(tr ' ' '\n' <<< "$2" | sort | tr '\n' ' ' | sed 's/ $//')
	name="completion: '${1//$tmp/TMP}'"
	if [ "$got" = "$want" ]; then
		pass "$name"
	else
		fail "$name" "got '$got', want '$want'"
	fi
}
name="bash -n tools/havsadm.bash-completion"
if bash -n tools/havsadm.bash-completion 2> "$tmp/bashn"; then
	pass "$name"
else
	fail "$name" "$(head -c 200 "$tmp/bashn")"
fi
mkdir -p "$tmp/netns" "$tmp/files"
: > "$tmp/netns/blue"
: > "$tmp/netns/red"
: > "$tmp/files/lb1.conf"
: > "$tmp/files/lb2.conf"
export _HAVSADM_NETNS_DIR=$tmp/netns

name="completion offers every command of tools/havsadm.c"
got=" $(comp "havsadm ") "
missing=
for c in $(sed -n 's/^\t{ \.name = "\([a-z-]*\)".*/\1/p' tools/havsadm.c); do
	[[ $got == *" $c "* ]] || missing="$missing $c"
done
if [ -z "$missing" ]; then pass "$name"; else fail "$name" "missing:$missing"; fi
expect_comp "havsadm " "agent announce apply check diff help import-keepalived monitor server service show stats sync track version vrrp"
expect_comp "havsadm -" "-j --json -n --netns -b --batch --force -V --version -h --help"
expect_comp "havsadm -n " "blue red"
expect_comp "havsadm -j -n blue vr" "vrrp"
expect_comp "havsadm -b $tmp/files/lb" "$tmp/files/lb1.conf $tmp/files/lb2.conf"
expect_comp "havsadm vrrp " "add set del show help"
expect_comp "havsadm vr s" "set show"
expect_comp "havsadm vrrp add dev lo vrid 51 address 10.0.0.100 " \
	"address priority interval version preempt preempt-delay accept checksum peer track-dev track-object sync-group name"
expect_comp "havsadm vrrp add dev lo vrid 51 preempt " "on off"
expect_comp "havsadm vrrp add dev lo vrid 51 checksum " "rfc v2"
expect_comp "havsadm vrrp set dev lo vrid 51 family " "inet inet6"
expect_comp "havsadm track set web " "up down"
expect_comp "havsadm check set " "tcp udp sctp fwmark"
expect_comp "havsadm check set tcp 10.0.0.100:80 " \
	"type port interval timeout retry rise fall initial slowstart track track-min sorry conns path host status expect payload name qtype rcode answer sni helo-name"
expect_comp "havsadm check set tcp 10.0.0.100:80 type " "tcp http udp dns tls smtp external"
expect_comp "havsadm check set udp 10.0.0.100:53 type dns qtype " "A AAAA NS MX TXT SOA CNAME PTR"
expect_comp "havsadm check set udp 10.0.0.100:53 type dns rcode NX" "NXDOMAIN"
expect_comp "havsadm check set fwmark 7 in" "inet6 initial interval"
expect_comp "havsadm server add tcp 10.0.0.100:80 10.1.0.2:80 " "weight method uthreshold lthreshold"
expect_comp "havsadm server add tcp 10.0.0.100:80 10.1.0.2:80 method " "nat dr tun local"
expect_comp "havsadm server add tcp 10.0.0.100:80 " ""
expect_comp "havsadm service add tcp 10.0.0.100:80 " "consistent persistent scheduler"
expect_comp "havsadm service set tcp 10.0.0.100:80 consistent " "on off"
expect_comp "havsadm sync " "add del show help"
expect_comp "havsadm sync add " "dev id group port ttl maxlen instance sync-group"
expect_comp "havsadm sync add dev lo id 5 instance v " "group port ttl maxlen"
expect_comp "havsadm sync del " "id"
expect_comp "havsadm apply " "-f"
expect_comp "havsadm import-keepalived -" "--config-id"
expect_comp "havsadm import-keepalived --config-id " ""
expect_comp "havsadm import-keepalived --config-id lb1 $tmp/files/lb" "$tmp/files/lb1.conf $tmp/files/lb2.conf"
expect_comp "havsadm apply -f $tmp/files/lb1" "$tmp/files/lb1.conf"
expect_comp "havsadm diff -f $tmp/files/lb" "$tmp/files/lb1.conf $tmp/files/lb2.conf"
expect_comp "havsadm show " "config"
expect_comp "havsadm import-keepalived $tmp/files/lb2" "$tmp/files/lb2.conf"
expect_comp "havsadm help v" "version vrrp"
expect_comp "havsadm monitor " "vrrp health track announce all -t --timestamp"
expect_comp "havsadm agent " "-f --needed"
expect_comp "havsadm agent -f $tmp/files/lb1" "$tmp/files/lb1.conf"

# The keywords the completion offers are the ones havsadm takes.
kw() { comp "$1" | tr ' ' '\n'; }
name="completion of vrrp add offers every setting of its synopsis in havsadm.8"
man_kw=$(awk '/^\.B vrrp add$/ { on = 1 } on { print } on && /^\.br$/ { exit }' tools/havsadm.8 |
	sed -n 's/^\.RB \[ \([a-z-]*\).*/\1/p; s/^\.B \([a-z-]*\)$/\1/p' | sort -u)
missing=$(comm -23 <(echo "$man_kw") <({ kw "havsadm vrrp add "; kw "havsadm vrrp add track-dev lo "; } | sort -u) | tr '\n' ' ')
if [ -n "$man_kw" ] && [ -z "$missing" ]; then pass "$name"; else fail "$name" "missing: $missing"; fi
name="completion of check set offers every setting tools/parse.c takes"
src_kw=$(sed -n '/^int check_conf_parse/,/^}/p' tools/parse.c | grep -o 'strcmp(key, "[a-z-]*")' |
	sed 's/.*"\(.*\)".*/\1/' | sort -u)
missing=$(comm -3 <(echo "$src_kw") <(kw "havsadm check set tcp 10.0.0.100:80 " | sort -u) | tr '\n' ' ')
if [ -n "$src_kw" ] && [ -z "$missing" ]; then pass "$name"; else fail "$name" "differ: $missing"; fi
name="completion of server add offers every setting tools/parse.c takes"
src_kw=$(sed -n '/^int srv_conf_parse/,/^}/p' tools/parse.c | grep -o 'strcmp(key, "[a-z]*")' |
	sed 's/.*"\(.*\)".*/\1/' | sort -u)
missing=$(comm -3 <(echo "$src_kw") <(kw "havsadm server add tcp 10.0.0.100:80 10.1.0.2:80 " | sort -u) | tr '\n' ' ')
if [ -n "$src_kw" ] && [ -z "$missing" ]; then pass "$name"; else fail "$name" "differ: $missing"; fi
