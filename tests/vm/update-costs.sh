#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# update-costs.sh [TIMING]: rewrite tests/vm/costs.txt from the timing
# report of a make check that ran the debug guests (default build/timing.txt).
# Each "debug-*: NAME" line of KUnit or a scenario that passed (its
# note, if any, the processes it started) sets NAME's
# cost; a name the run did not measure, or whose scenario failed, keeps its
# old cost; a scenario whose file is gone leaves the table. Review the diff
# and commit it with the run it came from.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
timing=${1:-$top/build/timing.txt}
costs=$top/tests/vm/costs.txt
[ -f "$timing" ] || { echo "no $timing: run make check first" >&2; exit 1; }

{
	sed -n '/^[^#]/q; p' "$costs" 2>/dev/null
	{
		# old costs first, the new measurements override them
		grep -v '^#' "$costs" 2>/dev/null | awk 'NF == 2 { print "old", $1, $2 }'
		sed -n 's/^ *\([0-9.][0-9.]*\)  debug-[^:]*: \(kunit\|[0-9][0-9]-[^ ]*\)\( # [0-9]* processes\)\?$/new \2 \1/p' "$timing"
	} | awk -v top="$top" '
	{ if ($1 == "new" || !($2 in cost)) cost[$2] = $3 }
	END {
		for (n in cost) {
			if (n != "kunit" && system("test -f \"" top "/tests/scenarios/" n ".sh\"") != 0)
				continue
			printf "%s\t%.0f\n", n, cost[n]
		}
	}' | sort
} > "$costs.new" && mv "$costs.new" "$costs"
git -C "$top" diff --stat -- tests/vm/costs.txt
