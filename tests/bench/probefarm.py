#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The farm side of tests/bench/probecost.sh (farm guest, root netns).

  probefarm.py PORT CTL_ADDR CTL_PORT

Accepts and closes every connection to 0.0.0.0:PORT (with AnyIP routes,
each local address is a "server") and counts the accepted connections by
the local address they reached. One process, one epoll loop: the accept
loop and the control socket never block each other.

Control (CTL_ADDR:CTL_PORT, one line per connection, one line back):
  ping     "pong" (the farm is serving)
  reset    forget the per-address counts, "ok"
  stats    "ACCEPTED SEEN BUSY TOTAL DROPS HIST": connections accepted
           since the reset, addresses seen, the farm's busy and total
           jiffies (/proc/stat) and its listen drops (TcpExt ListenDrops)
           now, and HIST "count:servers,..." (how many addresses were
           reached how many times)
  done     "bye", and exit 0
"""
import collections
import selectors
import socket
import sys


def busy_total():
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:9]]
    return sum(v) - v[3] - v[4], sum(v)


def listen_drops():
    with open("/proc/net/netstat") as f:
        lines = [ln.split() for ln in f if ln.startswith("TcpExt:")]
    return int(lines[1][lines[0].index("ListenDrops")])


def main():
    port, ctl_addr, ctl_port = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("0.0.0.0", port))
    ls.listen(4096)
    ls.setblocking(False)
    cs = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    cs.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    cs.bind((ctl_addr, ctl_port))
    cs.listen(16)
    sel = selectors.DefaultSelector()
    sel.register(ls, selectors.EVENT_READ, "probe")
    sel.register(cs, selectors.EVENT_READ, "ctl")
    counts = collections.Counter()
    accepted = 0
    while True:
        for key, _ in sel.select():
            if key.data == "probe":
                # drain the accept queue: one wake-up, many connections
                while True:
                    try:
                        c, _ = ls.accept()
                    except (BlockingIOError, InterruptedError):
                        break
                    except OSError:
                        continue
                    try:
                        # a probe reset before this accept still has the
                        # local address it reached
                        counts[c.getsockname()[0]] += 1
                    except OSError:
                        pass
                    accepted += 1
                    c.close()
                continue
            c, _ = cs.accept()
            c.settimeout(5)
            try:
                cmd = c.makefile().readline().strip()
            except OSError:
                c.close()
                continue
            if cmd == "ping":
                reply = "pong"
            elif cmd == "reset":
                counts.clear()
                accepted = 0
                reply = "ok"
            elif cmd == "stats":
                hist = collections.Counter(counts.values())
                reply = "%d %d %d %d %d %s" % ((accepted, len(counts)) +
                                           busy_total() + (listen_drops(), ",".join(
                    "%d:%d" % (k, hist[k]) for k in sorted(hist)) or "-",))
            elif cmd == "done":
                reply = "bye"
            else:
                reply = "unknown command"
            try:
                c.sendall((reply + "\n").encode())
            except OSError:
                pass
            c.close()
            if cmd == "done":
                return 0


if __name__ == "__main__":
    sys.exit(main())
