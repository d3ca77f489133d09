#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Hold TCP connections through a VIP and say which ones fail.

  connhold.py serve ADDR PORT
      echo server (one process, every connection): what arrives goes back.
  connhold.py client ADDR PORT
      one long-lived process driven by commands on stdin, one answer line
      each on stdout (a scenario runs it as a coprocess: no exec per step):

      open N        open N more connections; answers once each one has had
                    an echo back: "open N total T"
      mark          start a new observation period
      wait S        wait up to S seconds until every live connection has
                    had an echo since the mark, then answer with status
      status        "total T live L reset R stalled S quiet Q gap_ms G":
                    reset: closed or reset by the network (counted once,
                    never reopened); stalled: live, an echo outstanding
                    for more than 2 s now; quiet: live, no echo since the
                    mark; gap_ms: the longest wait for an echo since the
                    mark
      close         close every connection: "closed T"
      quit

Every live connection sends 8 bytes every 100 ms (CONNHOLD_PERIOD seconds
in the environment; one at a time: the next after the echo of the last)
and checks the echo.
"""
import errno
import os
import selectors
import socket
import struct
import sys
import time

PERIOD = float(os.environ.get("CONNHOLD_PERIOD", "0.1"))
STALL = max(2.0, 2 * PERIOD)


def serve(addr, port):
    sel = selectors.DefaultSelector()
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((addr, port))
    ls.listen(1024)
    ls.setblocking(False)
    sel.register(ls, selectors.EVENT_READ)
    print("listening", flush=True)
    while True:
        for key, _ in sel.select():
            s = key.fileobj
            if s is ls:
                try:
                    c, _ = ls.accept()
                except OSError:
                    continue
                c.setblocking(False)
                sel.register(c, selectors.EVENT_READ)
                continue
            try:
                data = s.recv(4096)
            except OSError:
                data = b""
            if not data:
                sel.unregister(s)
                s.close()
                continue
            try:
                s.send(data)
            except OSError:
                sel.unregister(s)
                s.close()


class Conn:
    __slots__ = ("sock", "seq", "sent_at", "next_at", "got", "dead",
                 "ok_since_mark", "buf")

    def __init__(self, sock):
        self.sock = sock
        self.seq = 0
        self.sent_at = None     # time the outstanding message was sent
        self.next_at = 0.0
        self.got = 0
        self.dead = None
        self.ok_since_mark = False
        self.buf = b""


class Client:
    def __init__(self, addr, port):
        self.addr = (addr, port)
        self.sel = selectors.DefaultSelector()
        self.conns = []
        self.mark_t = time.monotonic()
        self.gap = 0.0
        self.sel.register(sys.stdin, selectors.EVENT_READ, None)
        self.inbuf = b""

    def kill(self, c, why):
        if c.dead:
            return
        c.dead = why
        try:
            self.sel.unregister(c.sock)
        except (KeyError, ValueError):
            pass
        c.sock.close()

    def send(self, c, now):
        c.seq += 1
        try:
            c.sock.send(struct.pack("!Q", c.seq))
        except BlockingIOError:
            pass
        except OSError as e:
            self.kill(c, errno.errorcode.get(e.errno, str(e.errno)))
            return
        c.sent_at = now

    def on_read(self, c, now):
        try:
            data = c.sock.recv(4096)
        except BlockingIOError:
            return
        except OSError as e:
            self.kill(c, errno.errorcode.get(e.errno, str(e.errno)))
            return
        if not data:
            self.kill(c, "EOF")
            return
        c.buf += data
        while len(c.buf) >= 8:
            (seq,) = struct.unpack("!Q", c.buf[:8])
            c.buf = c.buf[8:]
            if seq != c.seq:
                self.kill(c, "bad echo")
                return
            self.gap = max(self.gap, now - c.sent_at)
            c.sent_at = None
            c.got += 1
            c.ok_since_mark = True
            c.next_at = now + PERIOD

    def tick(self, now):
        for c in self.conns:
            if c.dead:
                continue
            if c.sent_at is None and now >= c.next_at:
                self.send(c, now)

    def pump(self, until, done=None):
        """Run the connections until @until (monotonic) or done()."""
        while True:
            now = time.monotonic()
            if done and done():
                return True
            if now >= until:
                return False
            self.tick(now)
            for key, _ in self.sel.select(min(PERIOD / 2, until - now)):
                if key.data is None:
                    self.read_stdin()
                else:
                    self.on_read(key.data, time.monotonic())

    def read_stdin(self):
        chunk = os.read(sys.stdin.fileno(), 4096)
        if not chunk:
            sys.exit(0)
        self.inbuf += chunk

    def status(self):
        now = time.monotonic()
        live = [c for c in self.conns if not c.dead]
        stalled = sum(1 for c in live
                      if c.sent_at is not None and now - c.sent_at > STALL)
        quiet = sum(1 for c in live if not c.ok_since_mark)
        gap = self.gap
        for c in live:
            if c.sent_at is not None:
                gap = max(gap, now - c.sent_at)
        return ("total %d live %d reset %d stalled %d quiet %d gap_ms %d" %
                (len(self.conns), len(live), len(self.conns) - len(live),
                 stalled, quiet, gap * 1000))

    def open(self, n):
        new = []
        for _ in range(n):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            s.setblocking(False)
            try:
                s.connect(self.addr)
            except BlockingIOError:
                pass
            c = Conn(s)
            c.next_at = float("inf")    # first message once connected
            new.append(c)
            self.conns.append(c)
            self.sel.register(s, selectors.EVENT_WRITE, c)
        # connected when writable; then registered for reading
        pending = set(new)
        end = time.monotonic() + 30
        while pending and time.monotonic() < end:
            for key, _ in self.sel.select(0.2):
                c = key.data
                if c is None:
                    self.read_stdin()
                    continue
                if c in pending:
                    err = c.sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                    pending.discard(c)
                    if err:
                        self.kill(c, errno.errorcode.get(err, str(err)))
                        continue
                    self.sel.modify(c.sock, selectors.EVENT_READ, c)
                    c.next_at = 0.0
                else:
                    self.on_read(c, time.monotonic())
            self.tick(time.monotonic())
        for c in pending:
            self.kill(c, "connect timeout")
        self.pump(time.monotonic() + 10,
                  lambda: all(c.dead or c.got for c in new))
        return "open %d total %d failed %d" % (
            n, len(self.conns), sum(1 for c in new if c.dead or not c.got))

    def command(self, line):
        w = line.split()
        if not w:
            return None
        if w[0] == "open":
            return self.open(int(w[1]))
        if w[0] == "mark":
            self.mark_t = time.monotonic()
            self.gap = 0.0
            for c in self.conns:
                c.ok_since_mark = False
            return "marked"
        if w[0] == "wait":
            self.pump(time.monotonic() + float(w[1]),
                      lambda: all(c.dead or c.ok_since_mark
                                  for c in self.conns))
            return self.status()
        if w[0] == "status":
            return self.status()
        if w[0] == "close":
            n = len(self.conns)
            for c in self.conns:
                self.kill(c, "closed")
            self.conns = []
            return "closed %d" % n
        if w[0] == "quit":
            sys.exit(0)
        return "error unknown command " + w[0]

    def run(self):
        while True:
            while b"\n" in self.inbuf:
                line, self.inbuf = self.inbuf.split(b"\n", 1)
                out = self.command(line.decode())
                if out is not None:
                    print(out, flush=True)
            self.pump(time.monotonic() + 3600, lambda: b"\n" in self.inbuf)


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("serve", "client"):
        sys.exit(__doc__)
    if sys.argv[1] == "serve":
        serve(sys.argv[2], int(sys.argv[3]))
    else:
        Client(sys.argv[2], int(sys.argv[3])).run()


if __name__ == "__main__":
    main()
