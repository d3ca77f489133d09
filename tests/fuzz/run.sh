#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the libFuzzer targets of tests/fuzz/ and run each for SECS seconds
# (default 10), one after the other:
#
#   tests/fuzz/run.sh [SECS]
#
# Every target is built with clang, libFuzzer, ASan and UBSan into
# $HAVS_BUILD/fuzz (default build/fuzz), replays its regression inputs
# (tests/fuzz/crashes/TARGET/*), then fuzzes from a fresh copy of its seed
# corpus (tests/fuzz/corpus/TARGET/) in $HAVS_BUILD/fuzz/corpus/TARGET, so
# nothing is written into the tree. Prints one line per target:
#
#   ok fuzz: TARGET (EXECS execs, cov N, SECSs)
#   not ok fuzz: TARGET # crash: ARTIFACT
#
# Crash, timeout and OOM inputs go to $HAVS_BUILD/fuzz/artifacts/TARGET/,
# logs to $HAVS_BUILD/fuzz/logs/. Exits 1 if any target failed.
set -uo pipefail

cd "$(dirname "$0")/../.." || exit 2
secs=${1:-10}
if ! [[ $secs =~ ^[0-9]+$ ]] || [ "$secs" -lt 1 ]; then
	echo "usage: $0 [SECONDS >= 1]" >&2
	exit 2
fi

CLANG=${CLANG:-clang}
B=${HAVS_BUILD:-build}/fuzz
if ! mkdir -p "$B/logs" || ! B=$(cd "$B" && pwd); then
	echo "not ok fuzz: setup # cannot create the build directory $B"
	exit 2
fi
# shellcheck disable=SC2054 # the commas are in -fsanitize=
CFLAGS=(-std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined
	-fno-sanitize-recover=all -Wall -Wextra -Werror -DHAVS_FUZZ
	-I kmod -I tools)
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}

# TARGET: sources beyond tests/fuzz/TARGET.c, and -max_len.
declare -A SRCS=(
	[fuzz_vrrp]="kmod/vrrp_pkt.c"
	[fuzz_http]="kmod/http_parse.c"
	[fuzz_proto]="kmod/probe_proto.c"
	[fuzz_codes]="kmod/http_parse.c tools/parse.c"
	[fuzz_havsadm]="tools/parse.c kmod/http_parse.c kmod/vrrp_pkt.c"
	[fuzz_conf]="tools/conf.c tools/agent_conf.c tools/parse.c"
	[fuzz_import]="tools/import_keepalived.c tools/conf.c tools/agent_conf.c tools/parse.c"
)
declare -A MAXLEN=(
	[fuzz_vrrp]=4200	# 255 IPv6 addresses, plus the harness's bytes
	[fuzz_http]=12288	# past HAVS_HTTP_LINE_MAX (8192)
	[fuzz_proto]=4096	# past HAVS_SMTP_LINE_MAX (1000) and a long DNS reply
	[fuzz_codes]=128	# past the 63 characters of the longest spec
	[fuzz_havsadm]=2048	# 33 addresses and then some
	[fuzz_conf]=8192	# a few statements, and one line past 4095
	[fuzz_import]=8192	# a few instances and virtual servers
)
TARGETS=(fuzz_vrrp fuzz_http fuzz_proto fuzz_codes fuzz_havsadm fuzz_conf fuzz_import)
# FUZZ_TARGETS="fuzz_conf fuzz_import": only those
if [ -n "${FUZZ_TARGETS:-}" ]; then
	read -ra TARGETS <<< "$FUZZ_TARGETS"
	for t in "${TARGETS[@]}"; do
		[ -n "${SRCS[$t]:-}" ] || { echo "not ok fuzz: $t # no such target"; exit 2; }
	done
fi

failed=0
fail() {	# TARGET REASON LOG
	echo "not ok fuzz: $1 # $2"
	[ -n "${3:-}" ] && echo "    log: $3" >&2
	failed=1
}

# The input libFuzzer saved, from its log ("Test unit written to PATH").
artifact_of() {
	sed -n 's/^.*Test unit written to \(.*\)$/\1/p' "$1" | tail -n 1
}

for t in "${TARGETS[@]}"; do
	bin=$B/$t
	log=$B/logs/$t.log
	art=$B/artifacts/$t
	corpus=$B/corpus/$t
	# shellcheck disable=SC2086
	if ! "$CLANG" "${CFLAGS[@]}" -o "$bin" "tests/fuzz/$t.c" ${SRCS[$t]} \
		> "$B/logs/$t.build.log" 2>&1; then
		fail "$t" "build failed" "$B/logs/$t.build.log"
		continue
	fi
	mkdir -p "$art"

	# Regression inputs: each must now pass.
	regress=""
	for f in tests/fuzz/crashes/"$t"/*; do
		[ -f "$f" ] || continue
		if ! "$bin" -runs=1 -timeout=10 -rss_limit_mb=1024 "$f" \
			> "$B/logs/$t.replay.log" 2>&1; then
			regress=$f
			break
		fi
	done
	if [ -n "$regress" ]; then
		fail "$t" "crash: $regress" "$B/logs/$t.replay.log"
		continue
	fi

	rm -rf "$corpus"
	mkdir -p "$corpus"
	cp tests/fuzz/corpus/"$t"/* "$corpus"/ 2>/dev/null
	dict=()
	[ -f "tests/fuzz/$t.dict" ] && dict=(-dict="tests/fuzz/$t.dict")
	start=$(date +%s)
	timeout -k 10 $((secs + 120)) "$bin" -max_total_time="$secs" \
		-max_len="${MAXLEN[$t]}" -timeout=10 -rss_limit_mb=1024 \
		-artifact_prefix="$art/" -print_final_stats=1 "${dict[@]}" \
		"$corpus" > "$log" 2>&1
	rc=$?
	took=$(( $(date +%s) - start ))
	if [ "$rc" -ne 0 ]; then
		a=$(artifact_of "$log")
		fail "$t" "crash: ${a:-none saved (exit $rc)}" "$log"
		continue
	fi
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	cov=$(sed -n 's/^#[0-9]*[[:space:]]*DONE[[:space:]]*cov: \([0-9]*\).*/\1/p' "$log" | tail -n 1)
	[ -n "$cov" ] || cov=$(sed -n 's/^#.* cov: \([0-9]*\).*/\1/p' "$log" | tail -n 1)
	echo "ok fuzz: $t (${execs:-?} execs, cov ${cov:-?}, ${took}s)"
done
exit "$failed"
