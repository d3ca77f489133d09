#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Two directors that agree on the servers, their weights and their health
# send every flow to the same server, whatever order each learnt the
# servers in and whatever happened before: havs_mh's table and havs_sh's
# choice depend on nothing else. `service show` prints a digest of what
# picks a flow's server; the directors compare it.
#
#   namespace a: servers 10.1.0.1 .. 10.1.0.24 added in order
#   namespace b: the same servers added in reverse order
#   each: tcp 10.0.0.100:80 havs_mh and tcp 10.0.0.100:81 havs_sh,
#   health set by hand (check type external)
# flavors: stock
. "$HAVS_TOP/tests/lib/netns.sh"

ns_add a
ns_add b
havs_load
N=24
# one batch a director: check settings, services, servers (weights 1-4)
setup() {	# NS ORDER...
	local ns=$1 i port
	shift
	{
		for port in 80 81; do
			echo "check set tcp 10.0.0.100:$port type external"
		done
		echo "service add tcp 10.0.0.100:80 scheduler havs_mh"
		echo "service add tcp 10.0.0.100:81 scheduler havs_sh"
		for i in "$@"; do
			for port in 80 81; do
				echo "server add tcp 10.0.0.100:$port 10.1.0.$i:$port method dr weight $(( i % 4 + 1 ))"
			done
		done
	} | n "$ns" "$HAVSADM" -b -
}
setup a $(seq 1 $N)
setup b $(seq $N -1 1)
digest() {	# NS PORT
	n "$1" "$HAVSADM" -j service show | jq -r ".[] | select(.service == \"tcp 10.0.0.100:$2\") | .digest"
}
health() {	# NS PORT SERVER up|down
	n "$1" "$HAVSADM" server set tcp 10.0.0.100:$2 10.1.0.$3:$2 health "$4"
}
same() {	# PORT WHAT
	local da db
	da=$(digest a "$1")
	db=$(digest b "$1")
	[[ $da =~ ^[0-9a-f]{16}$ ]] || fail "$2: no digest for port $1 ('$da')"
	[ "$da" = "$db" ] || fail "$2: port $1: a $da, b $db"
	echo "ok: $2: port $1: both $da"
}

say "the same servers in another order: the same digest"
same 80 "mh, added in reverse order"
same 81 "sh, added in reverse order"
mh0=$(digest a 80)
sh0=$(digest a 81)

say "a server down on a only: the directors disagree, and the digest says so"
for port in 80 81; do health a $port 7 down; done
wait_for 10 eval '[ "$(digest a 80)" != "$mh0" ] && [ "$(digest a 81)" != "$sh0" ]'
[ "$(digest b 80)" = "$mh0" ] || fail "b's mh digest moved without a change on b"
echo "ok: a's digests moved, b's did not"

say "the same server down on b: they agree again"
for port in 80 81; do health b $port 7 down; done
wait_for 10 eval '[ "$(digest b 80)" = "$(digest a 80)" ]'
same 80 "mh, one server down on both"
same 81 "sh, one server down on both"

say "history does not count: back up, a server deleted and added again on a"
for port in 80 81; do health a $port 7 up; health b $port 7 up; done
printf '%s\n' "server del tcp 10.0.0.100:80 10.1.0.3:80" \
	"server add tcp 10.0.0.100:80 10.1.0.3:80 method dr weight 4" |
	n a "$HAVSADM" -b -
wait_for 10 eval '[ "$(digest a 80)" = "$mh0" ] && [ "$(digest b 80)" = "$mh0" ]'
echo "ok: mh: both back to $mh0"
wait_for 10 eval '[ "$(digest a 81)" = "$sh0" ] && [ "$(digest b 81)" = "$sh0" ]'
echo "ok: sh: both back to $sh0"

say "a weight that differs: the digests differ"
n a "$HAVSADM" server set tcp 10.0.0.100:80 10.1.0.5:80 weight 9
wait_for 10 eval '[ "$(digest a 80)" != "$mh0" ]'
echo "ok: mh digest follows the weight"
n a ipvsadm -C
n b ipvsadm -C
