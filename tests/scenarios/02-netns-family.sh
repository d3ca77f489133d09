#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The havs family answers in every network namespace, and each namespace
# is answered by its own state.
#
#   init_net          a               b
#   havsadm version   ip netns exec   havsadm -n b
#
# The netns cookie in each reply must be the cookie of the namespace the
# request came from (SO_NETNS_COOKIE), and differ between namespaces.
. "$HAVS_TOP/tests/lib/netns.sh"

ns_add a
ns_add b
havs_load

ver=$(sed -n 's/^#define HAVS_VERSION "\(.*\)"/\1/p' "$HAVS_TOP/kmod/version.h")
expect_rc 0 "havsadm version in init_net" havsadm version
expect_match "$OUTPUT" "^havsadm $ver"$'\n'"havs.ko $ver \\(netlink api 2, built for [^,]+, running $(uname -r | sed 's/[].+*?^$()[]/\\&/g')\\)$" \
	"text output"

cookie_init=$(havsadm -j version | json_get module.netns_cookie)
cookie_a=$(n a "$HAVSADM" -j version | json_get module.netns_cookie)
cookie_b=$(havsadm -n "$NS_PREFIX-b" -j version | json_get module.netns_cookie)
expect_eq "$cookie_init" "$(netns_cookie)" "init_net answered by init_net"
expect_eq "$cookie_a" "$(n a bash -c "$(declare -f netns_cookie); netns_cookie")" \
	"netns a answered by netns a"
expect_eq "$cookie_b" "$(n b bash -c "$(declare -f netns_cookie); netns_cookie")" \
	"havsadm -n b answered by netns b"
[ "$cookie_a" != "$cookie_b" ] && [ "$cookie_a" != "$cookie_init" ] ||
	fail "namespaces share a cookie: $cookie_init $cookie_a $cookie_b"

# JSON is one well-formed object with the expected keys.
json=$(n a "$HAVSADM" -j version)
expect_eq "$(echo "$json" | json_get havsadm)" "$ver" "JSON havsadm version"
expect_eq "$(echo "$json" | json_get module.version)" "$ver" "JSON module version"
expect_eq "$(echo "$json" | json_get module.api)" 2 "JSON api"
expect_eq "$(echo "$json" | json_get module.kernel)" "$(uname -r)" "JSON running kernel"

# A namespace that goes away takes its state with it; the others keep answering.
ns_del a
expect_rc 0 "netns b still answers" havsadm -n "$NS_PREFIX-b" version
havs_unload
