#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check a YNL family spec against the UAPI header it describes.

usage: ynl_check.py YNL_TREE SPEC HEADER WORKDIR

YNL_TREE holds tools/net/ynl and Documentation/netlink of a kernel tree.
  1. the spec is validated against the schema its protocol names
     (Documentation/netlink/PROTOCOL.yaml);
  2. ynl-gen-c.py renders the UAPI header from the spec (WORKDIR/gen);
  3. both headers are read: every enum, its enumerators and every define
     must be in both (but for the few the spec cannot express, listed in
     HEADER_ONLY), each enumerator in the enum of the same name; a
     header-only __..._MAX must end its enum, after the enumerators the
     spec renders;
  4. a C program that prints every constant is compiled once against each
     header and run: the outputs must be the same, value for value.
Prints what differs and exits 1 if anything does.
"""

import os
import re
import shutil
import subprocess
import sys

import jsonschema
import yaml

# In the header, not expressible in a YNL spec of Linux 6.12.
HEADER_ONLY = {
    'HAVS_RTT_BUCKETS_US':
        'a brace initializer; YNL constants are single values',
    '__HAVS_CHECK_TYPE_MAX':
        'render-max would name it __HAVS_CHECK_MAX (enum prefix + max) '
        'and add HAVS_CHECK_MAX',
    '__HAVS_VRRP_R_MAX':
        'render-max would add HAVS_VRRP_R_MAX, which the header has not',
    '__HAVS_HEALTH_R_MAX':
        'render-max would add HAVS_HEALTH_R_MAX, which the header has not',
    '__HAVS_TRACK_R_MAX':
        'render-max would add HAVS_TRACK_R_MAX, which the header has not',
    '__HAVS_ANNOUNCE_R_MAX':
        'render-max would add HAVS_ANNOUNCE_R_MAX, which the header has not',
    '__HAVS_PROBE_E_MAX':
        'render-max would add HAVS_PROBE_E_MAX, which the header has not',
}


def read_header(path):
    """{enum name: [enumerators]}, [defines] of a C header (no comments)."""
    text = open(path).read()
    text = re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)
    text = re.sub(r'//[^\n]*', ' ', text)
    enums = {}
    for m in re.finditer(r'\benum\s+(\w*)\s*\{(.*?)\}\s*;', text, re.S):
        names = []
        for item in m.group(2).split(','):
            item = item.strip()
            if item:
                names.append(re.match(r'(\w+)', item).group(1))
        enums[m.group(1) or '(anonymous)'] = names
    defines = []
    for m in re.finditer(r'^\s*#\s*define\s+(\w+)(\(?)', text, re.M):
        name, funclike = m.group(1), m.group(2)
        if funclike or re.fullmatch(r'_UAPI_\w+_H', name):
            continue
        defines.append(name)
    return enums, defines


def main():
    tree, spec_path, header, work = sys.argv[1:5]
    errors = []

    spec = yaml.safe_load(open(spec_path))
    proto = spec.get('protocol', 'genetlink')
    schema_path = os.path.join(tree, 'Documentation/netlink', proto + '.yaml')
    try:
        jsonschema.validate(spec, yaml.safe_load(open(schema_path)))
    except jsonschema.ValidationError as e:
        print(f'schema {proto}: {e.message} at {list(e.absolute_path)}')
        return 1
    print(f'schema {proto}.yaml: valid')

    # ynl-gen-c looks for the schema two directories above the spec, and
    # for the kernel tree's root (a MAINTAINERS file) above it: without
    # one it never returns.
    os.makedirs(os.path.join(work, 'specs'), exist_ok=True)
    open(os.path.join(work, 'MAINTAINERS'), 'w').close()
    os.makedirs(os.path.join(work, 'gen/linux'), exist_ok=True)
    shutil.copy(schema_path, work)
    spec_copy = os.path.join(work, 'specs', os.path.basename(spec_path))
    shutil.copy(spec_path, spec_copy)
    gen = os.path.join(work, 'gen/linux', os.path.basename(header))
    subprocess.run([sys.executable,
                    os.path.join(tree, 'tools/net/ynl/ynl-gen-c.py'),
                    '--mode', 'uapi', '--header', '--spec', spec_copy,
                    '-o', gen], check=True)
    print(f'ynl-gen-c: rendered {gen}')

    h_enums, h_defs = read_header(header)
    g_enums, g_defs = read_header(gen)

    def where(enums):
        return {n: e for e, names in enums.items() for n in names}
    h_where, g_where = where(h_enums), where(g_enums)
    h_names = set(h_where) | set(h_defs)
    g_names = set(g_where) | set(g_defs)

    for e in sorted(set(h_enums) - set(g_enums)):
        errors.append(f'enum {e}: in the header, not rendered from the spec')
    for e in sorted(set(g_enums) - set(h_enums)):
        errors.append(f'enum {e}: rendered from the spec, not in the header')
    for n in sorted(h_names - g_names):
        if n in HEADER_ONLY:
            print(f'{n}: header only ({HEADER_ONLY[n]})')
        else:
            errors.append(f'{n}: in the header, not rendered from the spec')
    # A header-only __..._MAX counts its enum: the last enumerator of it,
    # after exactly the ones the spec renders, in the same order.
    for n in sorted(HEADER_ONLY):
        if not re.fullmatch(r'__\w+_MAX', n):
            continue
        e = h_where.get(n)
        if e is None:
            errors.append(f'{n}: listed as header only, not an enumerator '
                          'of the header')
        elif h_enums[e][-1] != n:
            errors.append(f'{n}: not the last enumerator of enum {e}')
        elif h_enums[e][:-1] != g_enums.get(e):
            errors.append(f'{n}: enum {e} has {h_enums[e][:-1]} before it, '
                          f'the spec renders {g_enums.get(e)}')
    for n in sorted(g_names - h_names):
        errors.append(f'{n}: rendered from the spec, not in the header')
    for n in sorted(set(h_where) & set(g_where)):
        if h_where[n] != g_where[n]:
            errors.append(f'{n}: in enum {h_where[n]} in the header, '
                          f'enum {g_where[n]} from the spec')
    for n in sorted(set(h_where) & set(g_defs) | set(h_defs) & set(g_where)):
        errors.append(f'{n}: an enumerator in one header, a define in the other')

    common = sorted(h_names & g_names)
    src = os.path.join(work, 'values.c')
    with open(src, 'w') as f:
        f.write('#include <stdio.h>\n'
                f'#include <linux/{os.path.basename(header)}>\n'
                'static void ps(const char *n, const char *v)'
                ' { printf("%s \\"%s\\"\\n", n, v); }\n'
                'static void pi(const char *n, long long v)'
                ' { printf("%s %lld\\n", n, v); }\n'
                '#define P(x) _Generic((x), char *: ps, const char *: ps,'
                ' default: pi)(#x, x)\n'
                'int main(void)\n{\n')
        for n in common:
            f.write(f'\tP({n});\n')
        f.write('\treturn 0;\n}\n')
    out = {}
    for label, inc in (('header', os.path.dirname(os.path.dirname(header))),
                       ('spec', os.path.join(work, 'gen'))):
        exe = os.path.join(work, 'values-' + label)
        subprocess.run(['cc', '-std=gnu11', '-Wall', '-Werror', '-I', inc,
                        '-o', exe, src], check=True)
        out[label] = dict(line.split(' ', 1) for line in
                          subprocess.run([exe], check=True, text=True,
                                         stdout=subprocess.PIPE)
                          .stdout.splitlines())
    for n in common:
        if out['header'][n] != out['spec'][n]:
            errors.append(f'{n}: {out["header"][n]} in the header, '
                          f'{out["spec"][n]} from the spec')
    print(f'{len(common)} constants compared by value')

    for e in errors:
        print('MISMATCH ' + e)
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
