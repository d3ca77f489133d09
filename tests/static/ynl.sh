#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The YNL spec kmod/uapi/havs.yaml against kmod/uapi/linux/havs.h, with
# the schemas and ynl-gen-c.py of Debian's linux-source-6.12: the spec is
# valid, and the header ynl-gen-c renders from it has every enum and
# constant of ours, with the same values (tests/lib/ynl_check.py). Also
# stages the YNL tools in build/ynl for scenario 31 (the guest runs
# cli.py from there).
set -euo pipefail
. "$(dirname "$0")/../vm/lib.sh"
. "$HAVS_TOP/tests/lib/ynl.sh"
cd "$HAVS_TOP"
python3 -c 'import jsonschema, yaml' 2>/dev/null ||
	die "python3-jsonschema and python3-yaml are needed (run: make deps)"
tree=$(ynl_stage)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 tests/lib/ynl_check.py "$tree" kmod/uapi/havs.yaml \
	kmod/uapi/linux/havs.h "$work"
