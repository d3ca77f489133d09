# SPDX-License-Identifier: GPL-2.0
# Sourced by the benchmarks that charge a prober for its CPU.
# cpu_of PGREP-ARGS...: jiffies (utime + stime) of the processes pgrep
# matches, summed.
cpu_of() {
	local p t=0
	for p in $(pgrep "$@"); do
		t=$(( t + $(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0) ))
	done
	echo "$t"
}
