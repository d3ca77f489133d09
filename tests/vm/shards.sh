#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# shards.sh LABEL...: split KUnit and the scenarios of tests/scenarios
# between one debug guest per LABEL by their measured cost
# (tests/vm/costs.txt). One line per LABEL:
#   LABEL PREDICTED_SECONDS kunit,NN-name,...
# KUnit goes to the first guest; then each scenario, longest first, to the
# guest with the least work so far. A scenario missing from the table costs
# the median of the table's scenarios (HAVS_DEFAULT_COST overrides it).
# The list goes to run-vm.sh as its FILTER.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
costs=${HAVS_COSTS:-$top/tests/vm/costs.txt}
[ $# -gt 0 ] || { echo "usage: $0 LABEL..." >&2; exit 2; }

for s in "$top"/tests/scenarios/*.sh; do
	basename "$s" .sh
done | awk -v costs="$costs" -v dflt="${HAVS_DEFAULT_COST:-}" -v labels="$*" '
function isort(a, n,   i, j, t) {	# a[1..n] by cost, longest first, then by name
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && (c[a[j]] > c[a[j-1]] ||
		     (c[a[j]] == c[a[j-1]] && a[j] < a[j-1])); j--) {
			t = a[j]; a[j] = a[j-1]; a[j-1] = t
		}
}
BEGIN {
	while ((getline line < costs) > 0) {
		if (line ~ /^[ \t]*(#|$)/) continue
		split(line, f, /[ \t]+/)
		cost[f[1]] = f[2] + 0
		if (f[1] != "kunit") meas[++m] = f[2] + 0
	}
	if (dflt == "") {	# median of the measured scenarios
		for (i = 2; i <= m; i++)
			for (j = i; j > 1 && meas[j] < meas[j-1]; j--) {
				t = meas[j]; meas[j] = meas[j-1]; meas[j-1] = t
			}
		dflt = m ? (m % 2 ? meas[(m + 1) / 2] : (meas[m / 2] + meas[m / 2 + 1]) / 2) : 60
	}
	nl = split(labels, lab, " ")
}
{ names[++n] = $1; order[n] = $1; c[$1] = ($1 in cost) ? cost[$1] : dflt }
END {
	for (k = 1; k <= nl; k++) { load[k] = 0; list[k] = "" }
	load[1] = ("kunit" in cost) ? cost["kunit"] : dflt
	list[1] = "kunit"
	isort(names, n)
	for (i = 1; i <= n; i++) {
		best = 1
		for (k = 2; k <= nl; k++) if (load[k] < load[best]) best = k
		load[best] += c[names[i]]
		owner[names[i]] = best
	}
	for (i = 1; i <= n; i++) {	# in the order the guest runs them
		k = owner[order[i]]
		list[k] = list[k] (list[k] == "" ? "" : ",") order[i]
	}
	# An empty list would mean "everything" to the guest.
	for (k = 1; k <= nl; k++)
		printf "%s %.0f %s\n", lab[k], load[k], list[k] == "" ? "none" : list[k]
}'
