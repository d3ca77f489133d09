# SPDX-License-Identifier: GPL-2.0
#
# Did a router account for every packet vrrpattack sent?
#
#   jq -nr --slurpfile before BEFORE.json --slurpfile after AFTER.json \
#       --slurpfile sent EXPECTED.json -f vrrpattack.jq
#
# BEFORE and AFTER are {"vrrp": [havsadm -j vrrp show], "stats":
# {havsadm -j stats}}; EXPECTED is what vrrpattack printed. Every packet
# must be accounted for: each crafted class by its counter exactly, the
# random ones by the remaining increase, no counter may grow that nothing
# sent could explain, and no instance may have changed state. Prints one
# line per counter that grew and a summary; on any failure, everything
# goes to stderr with FAIL lines and jq exits 5.
# jq, not python: the scenario polls with it (a python start costs a
# second under KASAN and emulation).

def drops: ["ttl", "truncated", "carp", "version", "type", "length",
	"checksum", "checksum_variant", "interval", "auth", "linklocal", "peer"];

# {"inet/51 ttl": N, ..., "namespace vrrp_rx_short": N, ...}
def counters:
	[(.vrrp[] | "\(.family)/\(.vrid)" as $k | .stats as $s |
	  (drops + ["adverts_received"])[] | {key: "\($k) \(.)", value: $s[.]}),
	 (.stats as $s | ("vrrp_rx_short", "vrrp_rx_no_instance") |
	  {key: "namespace \(.)", value: $s[.]})] | from_entries;

# {"inet/51": {state, transitions}, ...}
def states:
	[.vrrp[] | {key: "\(.family)/\(.vrid)",
		    value: {state, transitions: .stats.transitions}}] | from_entries;

def pad($n): . + (" " * ([$n - length, 0] | max));

$before[0] as $b | $after[0] as $a | $sent[0] as $e |
($b | counters) as $c0 | ($a | counters) as $c1 |
($b | states) as $s0 | ($a | states) as $s1 |
($e.classes | map({key: "\(.instance // "namespace") \(.counter)", value: .count}) |
 group_by(.key) | map({key: .[0].key, value: (map(.value) | add)}) |
 from_entries) as $want |
[$c0 | keys[] | . as $k | {k: $k, d: (($c1[$k] // 0) - $c0[$k]),
			     w: ($want[$k] // 0)} | .x = .d - .w] as $rows |
([$rows[] | [.x, 0] | max] | add // 0) as $rest |
[($s0 | to_entries[] | .key as $k |
  (select($s1[$k].state != .value.state) |
   "FAIL: instance \($k) went from \(.value.state) to \($s1[$k].state)"),
  (select(($s1[$k].transitions // .value.transitions) != .value.transitions) |
   "FAIL: instance \($k) made \($s1[$k].transitions - .value.transitions) transitions")),
 ($want | keys[] | select($c0[.] == null) |
  "FAIL: no counter \(.) for the packets expected there"),
 ($rows[] | select(.x < 0) |
  "FAIL: \(.k) grew by \(.d), the crafted packets alone should make it \(.w)"),
 (select($rest != $e.random) |
  "FAIL: \($e.random) random packets sent, \($rest) counted beyond the crafted ones")
] as $fails |
[($rows[] | select(.d != 0) |
  "  \(.k | pad(28)) +\(.d) (crafted \(.w), random \([.x, 0] | max))"),
 "\($e.sent) packets sent in \($e.seconds) s (\($e.sent / ([$e.seconds, 0.01] | max) | floor)/s), \([$rows[].d] | add // 0) counted"
] as $report |
if $fails == [] then $report[]
else ($fails + $report) | join("\n") + "\n" | halt_error(5) end
