#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The havs family validates strictly: anything it does not expect is
# refused with an extended ACK message, never ignored.
# havs's own validation, on the debug kernel only (KASAN watches it; the
# stock guest is the run's longest and gains nothing from the same code
# on the same kernel source without the checks).
# flavors: debug
. "$HAVS_TOP/tests/lib/netns.sh"

. "$HAVS_TOP/tests/lib/genl.sh"
havs_load
genl_start

expect_match "$(genl 1)" '^reply 1=' "GET_VERSION without attributes"

# Attributes GET_VERSION does not take, known or unknown to the family.
expect_match "$(genl 1 1:302e3100)" '^error EINVAL: .+' "known attribute refused with a message"
expect_match "$(genl 1 2:01000000)" '^error EINVAL: .+' "u32 attribute refused with a message"
expect_match "$(genl 1 200:00)" '^error EINVAL: .+' "unknown attribute type refused with a message"
expect_match "$(genl 1 0:00)" '^error EINVAL: .+' "attribute type 0 refused"
# Commands the family does not have.
expect_match "$(genl 0)" '^error (EOPNOTSUPP|ENOTSUP)' "command 0 (UNSPEC)"
expect_match "$(genl 99)" '^error (EOPNOTSUPP|ENOTSUP)' "unknown command 99"
expect_match "$(genl 255)" '^error (EOPNOTSUPP|ENOTSUP)' "unknown command 255"

# Random attributes (types, lengths, payloads): every request refused with
# a message, none accepted, nothing crashes.
out=$(genl --random 300 1)
echo "$out"
! echo "$out" | grep -q accepted || fail "a random request was accepted"
! echo "$out" | grep -Eqv '^[0-9]+ error EINVAL: .+' || fail "a refusal without EINVAL and a message"
expect_match "$(genl 1)" '^reply 1=' "still answering after garbage"

# VRRP commands (2 NEW, 3 DEL, 4 GET): HAVS_A_VRRP is attribute 7, nested
# (0x8000 | 7 = 32775). Inside: IFINDEX 1 (u32), VRID 2 (u8), FAMILY 3 (u16),
# STATE 13 (read only). Attributes are little-endian len, type, padded value.
lo=$(printf '%08x' "$(cat /sys/class/net/lo/ifindex)" | sed 's/\(..\)\(..\)\(..\)\(..\)/\4\3\2\1/')
IFX=08000100$lo
VRID0=0500020000000000 VRID51=0500020033000000
INET=0600030002000000 INET6=060003000a000000 STATE=05000d0001000000
nest() { printf '32775:%s' "$1"; }
expect_match "$(genl 2)" '^error EINVAL: missing the instance' "VRRP_NEW without an instance"
expect_match "$(genl 4)" '^error EINVAL: missing the instance' "VRRP_GET without an instance"
expect_match "$(genl 2 "$(nest "${IFX}0500")")" '^error EINVAL: .+' "VRRP_NEW with a truncated attribute"
expect_match "$(genl 2 "$(nest "$IFX$VRID0$INET")")" '^error ERANGE: integer out of range' "VRRP_NEW with VRID 0"
expect_match "$(genl 2 "$(nest "$IFX$VRID51$INET6")")" \
	'^error EINVAL: a new instance needs its macvlan and addresses' "VRRP_NEW for IPv6 without macvlan"
expect_match "$(genl 2 "$(nest "${IFX}${VRID51}0600030007000000")")" \
	'^error EINVAL: family must be AF_INET or AF_INET6' "VRRP_NEW with family 7"
expect_match "$(genl 2 "$(nest "${IFX}${VRID51}050003000a000000")")" \
	'^error EINVAL: .+' "VRRP_NEW with a family of one byte"

# Addresses (VIPS 11 nested, VIP4 12 (be32), VIP6 27 (16 bytes)): checked
# before any device lookup.
le16() { printf '%02x%02x' $(($1 & 255)) $(($1 >> 8)); }
attr() {	# TYPE HEXVALUE: one attribute, padded to 4 bytes
	local len=$((4 + ${#2} / 2)) pad=000000
	printf '%s%s%s%s' "$(le16 $len)" "$(le16 "$1")" "$2" "${pad:0:$(((4 - len % 4) % 4 * 2))}"
}
VDEV=$(attr 4 01000000)
vips() { attr $((0x8000 | 11)) "$1"; }
V4=$(attr 12 0a000064) V6LL=$(attr 27 fe800000000000000000000000000001)
V6G=$(attr 27 20010db8000000000000000000000001)
expect_match "$(genl 2 "$(nest "$IFX$VRID51$INET6$VDEV$(vips "$V6G$V6LL")")")" \
	'^error EINVAL: the first address of an IPv6 instance must be link-local' \
	"IPv6 first address not link-local"
expect_match "$(genl 2 "$(nest "$IFX$VRID51$INET$VDEV$(vips "$V6LL")")")" \
	"^error EINVAL: an IPv4 instance's addresses are IPv4" "IPv6 address in an IPv4 instance"
expect_match "$(genl 2 "$(nest "$IFX$VRID51$INET6$VDEV$(vips "$V4")")")" \
	"^error EINVAL: an IPv6 instance's addresses are IPv6" "IPv4 address in an IPv6 instance"
expect_match "$(genl 2 "$(nest "$IFX$VRID51$INET$VDEV$(vips "$(attr 12 0a0000)")")")" \
	'^error EINVAL: invalid attribute length' "a VIP4 of 3 bytes"
expect_match "$(genl 2 "$(nest "$IFX$VRID51$INET$VDEV$(vips "$V4$V4")")")" \
	'^error EINVAL: duplicate address' "an address twice"
many=
for i in $(seq 1 33); do many+=$(attr 12 "0a0000$(printf %02x "$i")"); done
expect_match "$(genl 2 "$(nest "$IFX$VRID51$INET$VDEV$(vips "$many")")")" \
	'^error E2BIG: too many addresses \(at most 32\)' "33 addresses"
expect_match "$(genl 2 "$(nest "$IFX$VRID51$INET6$VDEV$(attr 5 02)$(vips "$V6LL")")")" \
	'^error EINVAL: VRRPv2 is IPv4 only' "VRRPv2 over IPv6"
expect_match "$(genl 2 "$(nest "$IFX$VRID51$INET$VDEV$(attr 21 02)$(vips "$V4")")")" \
	'^error ERANGE: integer out of range' "accept mode 2"
expect_match "$(genl 2 "$(nest "$IFX$VRID51$INET")")" \
	'^error EINVAL: a new instance needs its macvlan and addresses' "VRRP_NEW without macvlan"
expect_match "$(genl 2 "$(nest "$IFX$VRID51$INET$STATE")")" '^error EINVAL: .+' \
	"read-only attribute (STATE) refused"
expect_match "$(genl 3 "$(nest "$IFX$VRID51$INET")")" \
	'^error ENOENT: no such VRRP instance' "VRRP_DEL of nothing"
expect_match "$(genl 4 "$(nest "$IFX$VRID51$INET")")" \
	'^error ENOENT: no such VRRP instance' "VRRP_GET of nothing"
# VRRP_SET (9) changes settings only; and the instance must exist.
expect_match "$(genl 9 "$(nest "$IFX$VRID51$INET$(vips "$V4")")")" \
	'^error (EOPNOTSUPP|ENOTSUP): this cannot be changed in place' "VRRP_SET of the addresses"
expect_match "$(genl 9 "$(nest "$IFX$VRID51$INET$(attr 6 0a)")")" \
	'^error ENOENT: no such VRRP instance' "VRRP_SET of nothing"
# Tracked objects (TRACK_SET 6, TRACK_DEL 7; HAVS_A_TRACK 8: NAME 1, UP 2).
tnest() { printf '32776:%s' "$1"; }
expect_match "$(genl 6)" '^error EINVAL: missing the tracked object' "TRACK_SET without an object"
expect_match "$(genl 6 "$(tnest "$(attr 1 612f6200)$(attr 2 00)")")" \
	'^error EINVAL: names are 1 to 31 characters' "TRACK_SET of a bad name"
expect_match "$(genl 6 "$(tnest "$(attr 1 7700)")")" \
	"^error EINVAL: the object's state" "TRACK_SET without a state"
expect_match "$(genl 6 "$(tnest "$(attr 1 7700)$(attr 2 02)")")" \
	'^error ERANGE: integer out of range' "TRACK_SET with state 2"
expect_match "$(genl 7 "$(tnest "$(attr 1 7700)")")" \
	'^error ENOENT: no such tracked object' "TRACK_DEL of nothing"
# LEASE 7 (u32 ms): 1..99 refused, LEASE_LEFT 8 and REASON 9 read only
expect_match "$(genl 6 "$(tnest "$(attr 1 7700)$(attr 2 01)$(attr 7 32000000)")")" \
	'^error ERANGE: a lease is at least 100 ms' "TRACK_SET with a lease of 50 ms"
expect_match "$(genl 6 "$(tnest "$(attr 1 7700)$(attr 2 01)$(attr 8 e8030000)")")" \
	'^error EINVAL' "TRACK_SET with the lease left (read only)"
expect_match "$(genl 7 "$(tnest "$(attr 1 7700)$(attr 7 e8030000)")")" \
	'^error EINVAL: a lease comes with a state' "TRACK_DEL with a lease"

# Health commands (CHECK_SET 10, CHECK_DEL 11, SERVER_SET 14): SERVICE 9
# (AF 1 u16, PROTOCOL 2 u16, ADDR4 3 be32, PORT 4 be16, ADDR6 13),
# CHECK 10 (TYPE 1 u8: 0 tcp 1 http 2 udp; INTERVAL 3 u32 ms, TIMEOUT 4
# u32 ms, PATH 9, CODES 11, BODY 12, PAYLOAD 13), SERVER 11 (AF 1, ADDR4
# 2, PORT 3 be16, UP 4).
# --where names the attribute the kernel points at.
le32() { printf '%s%s' "$(le16 $(($1 & 65535)))" "$(le16 $(($1 >> 16)))"; }
str() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n'; printf 00; }
SVC=$(attr 1 0200)$(attr 2 0600)$(attr 3 0a000064)$(attr 4 0050)
HTTP=$(attr 1 01)
check_set() { genl --where 10 "32777:$SVC" "32778:$1"; }
expect_match "$(genl 10)" '^error EINVAL: missing the service' "CHECK_SET without a service"
expect_match "$(genl 10 "32777:$(attr 1 0200)$(attr 2 0600)$(attr 13 20010db8000000000000000000000001)$(attr 4 0050)")" \
	'^error EINVAL: an IPv6 address \(ADDR6\) where the family is IPv4' "an IPv6 address in an IPv4 service"
expect_match "$(genl 10 "32777:$(attr 1 0200)$(attr 2 0600)$(attr 3 20010db8000000000000000000000001)$(attr 4 0050)")" \
	'^error EINVAL: invalid attribute length' "16 bytes in ADDR4"
expect_match "$(genl 10 "32777:$(attr 1 0200)$(attr 2 0600)$(attr 3 0a000064)$(attr 4 0000)")" \
	'^error ERANGE: .+' "service port 0"
expect_match "$(check_set "$(attr 3 "$(le32 1000)")$(attr 4 "$(le32 1000)")")" \
	'^error EINVAL: the timeout must be shorter than the interval \[at attribute 4\]$' \
	"a timeout as long as the interval"
expect_match "$(check_set "$(attr 3 "$(le32 1000)")$(attr 4 "$(le32 5000)")")" \
	'^error EINVAL: the timeout must be shorter than the interval \[at attribute 4\]$' \
	"a timeout longer than the interval"
expect_match "$(check_set "$(attr 3 "$(le32 50)")")" '^error ERANGE: .+ \[at attribute 3\]$' \
	"an interval under 100 ms"
expect_match "$(check_set "$HTTP$(attr 9 00)")" \
	'^error EINVAL: the HTTP path starts with / .+ \[at attribute 9\]$' "an empty HTTP path"
for codes in 600 99 200-600 099-200 300-200 2xx '' 200,,201; do
	expect_match "$(check_set "$HTTP$(attr 11 "$(str "$codes")")")" \
		'^error EINVAL: bad status codes: .+ \[at attribute 11\]$' "status codes '$codes'"
done
expect_match "$(check_set "$HTTP$(attr 12 "$(printf '61%.0s' $(seq 129))")")" \
	'^error ERANGE: .+ \[at attribute 12\]$' "an expected body of 129 bytes"
expect_match "$(check_set "$(attr 1 02)$(attr 13 "$(printf '61%.0s' $(seq 513))")")" \
	'^error ERANGE: .+ \[at attribute 13\]$' "a UDP payload of 513 bytes"
expect_match "$(check_set "$(attr 1 00)$(attr 9 "$(str /)")")" \
	'^error EINVAL: HTTP settings are for checks of type http' "a path on a tcp check"
expect_match "$(check_set "$(attr 1 07)")" '^error ERANGE: .+ \[at attribute 1\]$' "check type 7 (one past smtp)"
expect_match "$(genl 11 "32777:$SVC")" '^error ENOENT: that service has no check settings' \
	"CHECK_DEL of a service without settings"
expect_match "$(genl 14 "32777:$SVC" "32779:$(attr 1 0200)$(attr 2 0a010002)$(attr 3 0050)$(attr 4 00)")" \
	'^error ENOENT: no service with that address uses a havs scheduler' "SERVER_SET of an unknown service"
expect_eq "$("$HAVSADM" -j check settings | jq length)" 0 "no settings were stored"

# A dump during which the set changes says so (NLM_F_DUMP_INTR): 600
# tracked objects take several parts of 4 KiB; an object added after the
# first read lands before the third part is filled. Without a change no
# part is marked; havsadm warns when it reads a marked dump, and apply
# reads the state again.
for i in $(seq 1 600); do echo "track set o$i up"; done > "$HAVS_OUT/05-objects.batch"
"$HAVSADM" -b "$HAVS_OUT/05-objects.batch" || fail "600 tracked objects"
out=$(genl --dump-intr 8)
expect_match "$out" '^parts ([3-9]|[1-9][0-9]+) messages 600 intr 0$' "a dump of a stable set: no part marked"
out=$(genl --dump-intr 8 -- "$HAVSADM" track set extra up)
expect_match "$out" '^parts ([3-9]|[1-9][0-9]+) messages 60[01] intr [1-9][0-9]*$' \
	"an object added during the dump: the parts after it are marked NLM_F_DUMP_INTR"
out=$(genl --dump-intr 8 -- "$HAVSADM" track del extra)
expect_match "$out" '^parts ([3-9]|[1-9][0-9]+) messages 60[01] intr [1-9][0-9]*$' \
	"an object removed during the dump: marked too"
expect_eq "$("$HAVSADM" track show 2>&1 >/dev/null)" "" "havsadm: no warning for a stable set"
for i in $(seq 1 600); do echo "track del o$i"; done > "$HAVS_OUT/05-objects.batch"
"$HAVSADM" -b "$HAVS_OUT/05-objects.batch" || fail "deleting the 600 objects"

# Every command that takes input, with random attributes: refused with a
# message each time, never accepted, and nothing is created.
for cmd in 2 3 4 6 7 9 10 11 14; do
	out=$(genl --random 100 "$cmd")
	! echo "$out" | grep -q accepted || fail "command $cmd: a random request was accepted: $out"
	! echo "$out" | grep -Eqv '^[0-9]+ error E[A-Z]+: .+' ||
		fail "command $cmd: a refusal without a message: $out"
	echo "ok: command $cmd refuses 100 random requests with a message ($(echo "$out" | wc -l) distinct answers)"
done
expect_eq "$("$HAVSADM" -j vrrp show | jq length)" 0 "no instance was created"
expect_eq "$("$HAVSADM" -j track show | jq length)" 0 "no tracked object was created"
expect_eq "$("$HAVSADM" -j check settings | jq length)" 0 "no settings were stored"
havs_unload
