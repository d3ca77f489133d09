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
havs_unload
