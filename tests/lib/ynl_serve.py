#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Requests to a generic netlink family through the kernel's YNL library.

usage: ynl_serve.py YNL_TREE SPEC

YNL_TREE holds tools/net/ynl of a kernel tree (its lib is what cli.py
runs on); SPEC is the family's YAML spec. One process answers a whole
scenario (a Python start costs seconds under emulation): it reads one
request per line from stdin and prints one JSON line per request:
  do OP JSON         {"reply": DECODED}        (null: acked, no reply)
  dump OP JSON       {"reply": [DECODED, ...]}
  subscribe GROUP    {"reply": null}           (join the multicast group)
  ntf NAME SECS      {"reply": {"name": NAME, "msg": DECODED}}: the oldest
                     notification NAME received and not yet printed,
                     waiting up to SECS for one
  drain              {"reply": N}: forget the N notifications received
A refused request prints {"error": "ENOENT", "msg": "extack message"}, a
timeout {"error": "timeout"}. Values print as cli.py prints them: binary
ones as hex strings, those with a display hint ipv4 or ipv6 (binary or
big-endian u32) as addresses, enums as names.
"""

import copy
import errno
import json
import os
import select
import socket
import sys
import time


def to_json(obj):
    if isinstance(obj, bytes):
        return obj.hex()
    if isinstance(obj, set):
        return sorted(obj)
    raise TypeError(f'cannot encode {type(obj)}')


def ntf_family(ynl):
    """The family on a socket of its own, for notifications.

    Linux 6.12's YnlFamily cannot take a notification on the socket of a
    request between the request and its answer (_ops() then reads the next
    message with op None), so requests and events get a socket each; the
    copy shares the parsed spec.
    """
    from lib import Netlink
    ntf = copy.copy(ynl)
    ntf.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                             ynl.nlproto.proto_num)
    for opt in (Netlink.NETLINK_CAP_ACK, Netlink.NETLINK_EXT_ACK):
        ntf.sock.setsockopt(Netlink.SOL_NETLINK, opt, 1)
    ntf.async_msg_queue = []
    return ntf


def main():
    tree, spec = sys.argv[1:3]
    sys.path.insert(0, os.path.join(tree, 'tools/net/ynl'))
    from lib import YnlFamily, NlError

    # The spec is validated on the host (tests/static/ynl.sh).
    ynl = YnlFamily(spec, schema='')

    ntf = None

    def take(name):
        for i, m in enumerate(ntf.async_msg_queue):
            if m['name'] == name:
                return ntf.async_msg_queue.pop(i)
        return None

    for line in sys.stdin:
        words = line.split(None, 2)
        if not words:
            continue
        cmd, args = words[0], words[1:]
        try:
            if cmd in ('do', 'dump'):
                vals = json.loads(args[1]) if len(args) > 1 else {}
                if cmd == 'do':
                    out = {'reply': ynl.do(args[0], vals)}
                else:
                    out = {'reply': ynl.dump(args[0], vals)}
            elif cmd == 'subscribe':
                if ntf is None:
                    ntf = ntf_family(ynl)
                ntf.ntf_subscribe(args[0])
                out = {'reply': None}
            elif cmd == 'ntf':
                name, secs = args[0], float(args[1])
                end = time.monotonic() + secs
                ntf.check_ntf()
                msg = take(name)
                while msg is None and time.monotonic() < end:
                    select.select([ntf.sock], [], [], end - time.monotonic())
                    ntf.check_ntf()
                    msg = take(name)
                out = {'reply': msg} if msg else {'error': 'timeout'}
            elif cmd == 'drain':
                ntf.check_ntf()
                out = {'reply': len(ntf.async_msg_queue)}
                ntf.async_msg_queue.clear()
            else:
                out = {'error': 'EINVAL', 'msg': f'ynl_serve: no command {cmd}'}
        except NlError as e:
            ext = e.nl_msg.extack or {}
            out = {'error': errno.errorcode.get(e.error, str(e.error)),
                   'msg': ext.get('msg', '')}
        except Exception as e:  # a spec the reply does not fit, ...
            out = {'error': 'exception', 'msg': f'{type(e).__name__}: {e}'}
        print(json.dumps(out, default=to_json), flush=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
