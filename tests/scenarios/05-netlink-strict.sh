#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The havs family validates strictly: anything it does not expect is
# refused with an extended ACK message, never ignored.
. "$HAVS_TOP/tests/lib/netns.sh"

genl() { python3 "$HAVS_TOP/tests/lib/genl.py" "$@"; }
havs_load

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
# (0x8000 | 7 = 32775). Inside: IFINDEX 1 (u32), VRID 2 (u8), FAMILY 3 (u8),
# STATE 13 (read only). Attributes are little-endian len, type, padded value.
lo=$(printf '%08x' "$(cat /sys/class/net/lo/ifindex)" | sed 's/\(..\)\(..\)\(..\)\(..\)/\4\3\2\1/')
IFX=08000100$lo
VRID0=0500020000000000 VRID51=0500020033000000
INET=0500030002000000 INET6=050003000a000000 STATE=05000d0001000000
nest() { printf '32775:%s' "$1"; }
expect_match "$(genl 2)" '^error EINVAL: missing the instance' "VRRP_NEW without an instance"
expect_match "$(genl 4)" '^error EINVAL: missing the instance' "VRRP_GET without an instance"
expect_match "$(genl 2 "$(nest "${IFX}0500")")" '^error EINVAL: .+' "VRRP_NEW with a truncated attribute"
expect_match "$(genl 2 "$(nest "$IFX$VRID0$INET")")" '^error ERANGE: integer out of range' "VRRP_NEW with VRID 0"
expect_match "$(genl 2 "$(nest "$IFX$VRID51$INET6")")" \
	'^error (EOPNOTSUPP|ENOTSUP): IPv6 instances' "VRRP_NEW for IPv6"
expect_match "$(genl 2 "$(nest "$IFX$VRID51$INET")")" \
	'^error EINVAL: a new instance needs its macvlan and addresses' "VRRP_NEW without macvlan"
expect_match "$(genl 2 "$(nest "$IFX$VRID51$INET$STATE")")" '^error EINVAL: .+' \
	"read-only attribute (STATE) refused"
expect_match "$(genl 3 "$(nest "$IFX$VRID51$INET")")" \
	'^error ENOENT: no such VRRP instance' "VRRP_DEL of nothing"
expect_match "$(genl 4 "$(nest "$IFX$VRID51$INET")")" \
	'^error ENOENT: no such VRRP instance' "VRRP_GET of nothing"
havs_unload
