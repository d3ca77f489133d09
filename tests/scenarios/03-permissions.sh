#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Who may talk to havs: CAP_NET_ADMIN in the user namespace that owns the
# network namespace, nobody else.
#
#   root in init_net ............................ allowed
#   uid 65534 in init_net ....................... EPERM, exit 4
#   root of a new userns + its own netns ........ allowed (it owns that netns)
#   root of a new userns, init_net .............. EPERM, exit 4
#
# The module is installed in the guest, so the first request loads it on
# demand (genl family alias), as on a host with the DKMS package.
. "$HAVS_TOP/tests/lib/netns.sh"

! grep -q '^havs ' /proc/modules || fail "havs loaded before the test"
dmesg_mark
expect_rc 0 "first request loads the module on demand" havsadm version
grep -q '^havs ' /proc/modules || fail "havs not loaded by the request"
expect_rc 0 "root in init_net" havsadm version

# The checkout may sit below a directory nobody else can enter (/root):
# give the unprivileged runs their own copies.
cp "$HAVSADM" /tmp/havsadm-$$
cp "$HAVS_TOP/tests/lib/genl.py" /tmp/genl-$$.py
chmod 755 /tmp/havsadm-$$ /tmp/genl-$$.py
HAVSADM=/tmp/havsadm-$$
scenario_cleanup() { rm -f /tmp/havsadm-$$ /tmp/genl-$$.py; }

expect_rc 4 "unprivileged user" setpriv --reuid=65534 --regid=65534 --clear-groups \
	"$HAVSADM" version
expect_match "$OUTPUT" 'havsadm: version: permission denied: havs needs CAP_NET_ADMIN' \
	"permission message"

expect_rc 0 "root of a user namespace in its own network namespace" \
	setpriv --reuid=65534 --regid=65534 --clear-groups \
	unshare --user --map-root-user --net "$HAVSADM" version

expect_rc 4 "root of a user namespace, in init_net it does not own" \
	setpriv --reuid=65534 --regid=65534 --clear-groups \
	unshare --user --map-root-user "$HAVSADM" version

# Events describe the instances too: an unprivileged user may not listen.
expect_rc 4 "unprivileged user may not join the events group" \
	setpriv --reuid=65534 --regid=65534 --clear-groups timeout 10 "$HAVSADM" monitor
expect_match "$OUTPUT" 'permission denied' "monitor says why"

# The raw protocol agrees: EPERM, not another error.
expect_eq "$(setpriv --reuid=65534 --regid=65534 --clear-groups \
	python3 /tmp/genl-$$.py 1 | cut -d: -f1)" "error EPERM" \
	"raw request from an unprivileged user"
havs_unload
