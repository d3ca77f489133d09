#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The YNL spec kmod/uapi/havs.yaml against kmod/uapi/linux/havs.h, with
# the schemas and ynl-gen-c.py of Debian's linux-source-6.12: the spec is
# valid, and the header ynl-gen-c renders from it has every enum and
# constant of ours, with the same values (tests/lib/ynl_check.py); and
# havsadm's words for the values of the enums vrrp-reason and probe-error
# (the tables of tools/reason.c) name every value of the spec's, and
# nothing else: scenario 31 compares YNL's names with havsadm's words
# through those tables. Also stages the YNL tools in build/ynl for
# scenario 31 (the guest runs cli.py from there).
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
python3 - kmod/uapi/havs.yaml tools/reason.c <<'EOF'
import re
import sys

import yaml

spec = yaml.safe_load(open(sys.argv[1]))
src = open(sys.argv[2]).read()
enums = {d['name']: d for d in spec['definitions'] if d['type'] == 'enum'}
rc = 0
# the table lines scenario 31 reads: [HAVS_VRRP_R_NONE] = "no change",
for enum, prefix in (('vrrp-reason', 'HAVS_VRRP_R_'),
                     ('probe-error', 'HAVS_PROBE_E_')):
    names = [e if isinstance(e, str) else e['name']
             for e in enums[enum]['entries']]
    words = [m.lower().replace('_', '-') for m in
             re.findall(r'^\s*\[' + prefix + r'([A-Z0-9_]*)\] = "[^"]*",$',
                        src, re.M)]
    if sorted(names) != sorted(words) or len(set(words)) != len(words):
        print(f'MISMATCH {enum}: the spec has {sorted(names)}, '
              f'{sys.argv[2]} words for {sorted(words)}')
        rc = 1
    else:
        print(f'{enum}: {sys.argv[2]} has words for its {len(names)} values')
sys.exit(rc)
EOF
