# SPDX-License-Identifier: GPL-2.0
# Sourced by the benchmarks that compare havs's probes with keepalived's
# checker (tests/bench/health.sh, tests/bench/probecost.sh) and by the
# two-guest ones (probecost.sh, takeover.sh).

# pair_link_up: bring up the link of a two-guest benchmark
# (tests/vm/run-pair.sh) and set DEV to it. virtio_net is a module in
# Debian's kernel; without udev the interface keeps the kernel's name
# (eth0): take whatever appears.
pair_link_dev() {
	local d
	for d in /sys/class/net/*; do
		[ "${d##*/}" = lo ] || { echo "${d##*/}"; return 0; }
	done
	return 1
}
pair_link_up() {
	modprobe virtio_net
	wait_for 30 pair_link_dev
	DEV=$(pair_link_dev)
	[ -n "$DEV" ] || fail "no network interface after modprobe virtio_net"
	ip link set "$DEV" up
}

# cpu_of PGREP-ARGS...: jiffies (utime + stime) of the processes pgrep
# matches, summed.
cpu_of() {
	local p t=0
	for p in $(pgrep "$@"); do
		t=$(( t + $(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0) ))
	done
	echo "$t"
}

# probe_farm_config havs|checks|ka N PER INTERVAL HAVS_TIMEOUT KA_TIMEOUT
#     METHOD ROUTER_ID
# The same N real servers 10.2.x.y:80, PER to a service 10.4.x.y:80, as
# ipvsadm -R rules (METHOD -g or -m), havsadm -b check lines (TCP probes
# every INTERVAL seconds, timeout HAVS_TIMEOUT) or a keepalived
# configuration (TCP_CHECK, connect_timeout KA_TIMEOUT, lb_kind DR or NAT
# after METHOD). One awk: a fork per line costs milliseconds under TCG.
probe_farm_config() {
	awk -v what="$1" -v n="$2" -v per="$3" -v ivl="$4" -v hto="$5" \
		-v kto="$6" -v method="$7" -v rid="$8" '
	function a(p, i) { return p "." int(i / 250) "." (i % 250 + 1) }
	BEGIN {
		kind = method == "-g" ? "DR" : "NAT"
		if (what == "ka") print "global_defs {\n    router_id " rid "\n}"
		for (s = 0; s * per < n; s++) {
			vs = a("10.4", s)
			if (what == "havs") print "-A -t " vs ":80 -s havs_rr"
			if (what == "checks") print "check set tcp " vs ":80 type tcp interval " ivl "s timeout " hto " retry 1s rise 1 fall 3"
			if (what == "ka") print "virtual_server " vs " 80 {\n    delay_loop " ivl "\n    lb_algo rr\n    lb_kind " kind "\n    protocol TCP"
			for (i = s * per; i < (s + 1) * per && i < n; i++) {
				if (what == "havs") print "-a -t " vs ":80 -r " a("10.2", i) ":80 " method " -w 1"
				if (what == "ka") print "    real_server " a("10.2", i) " 80 {\n        weight 1\n        TCP_CHECK {\n            connect_timeout " kto "\n            retry 2\n            delay_before_retry 1\n        }\n    }"
			}
			if (what == "ka") print "}"
		}
	}'
}
