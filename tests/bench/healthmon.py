#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Helpers of tests/bench/health.sh (run inside a netns with ip netns exec).

  serve PORT [PROCS]       listener on 0.0.0.0:PORT (PROCS processes sharing
                           it): accept, send the local address the client
                           reached ("10.2.0.7\\n"), close. Every address of
                           the netns is a "server".
  ipvswatch ADDR:PORT absent|present
                           poll /proc/net/ip_vs every 2 ms until the real
                           server ADDR:PORT is absent (or present) from every
                           service; print CLOCK_REALTIME in ns, exit 0
  rate SECS PROCS SRC VIP PORT
                           PROCS processes connect to VIP:PORT from SRC in a
                           loop for SECS s, read the reply to EOF, close;
                           print "connections errors seconds"
  map VIP PORT SRCFILE     one connection from each source address of
                           SRCFILE (one a line); print "SRC SERVER" lines
                           (SERVER "-" when the connection failed)
"""
import os
import socket
import sys
import time


def serve(port, procs=1):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("0.0.0.0", port))
    s.listen(4096)
    for _ in range(procs - 1):
        if os.fork() == 0:
            break
    while True:
        try:
            c, _ = s.accept()
        except OSError:
            continue
        try:
            c.send((c.getsockname()[0] + "\n").encode())
        except OSError:
            pass
        c.close()


def hexaddr(spec):
    addr, port = spec.rsplit(":", 1)
    a = socket.inet_aton(addr)
    return "%02X%02X%02X%02X:%04X" % (a[0], a[1], a[2], a[3], int(port))


def ipvswatch(spec, want):
    key = "-> " + hexaddr(spec)
    while True:
        with open("/proc/net/ip_vs") as f:
            present = key in f.read()
        if present == (want == "present"):
            print(time.time_ns(), flush=True)
            return
        time.sleep(0.002)


def rate(secs, procs, src, vip, port):
    r, w = os.pipe()
    kids = []
    t0 = time.monotonic()
    end = t0 + secs
    for _ in range(procs):
        pid = os.fork()
        if pid == 0:
            os.close(r)
            n = err = 0
            while time.monotonic() < end:
                s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                try:
                    s.settimeout(2)
                    s.bind((src, 0))
                    s.connect((vip, port))
                    while s.recv(64):
                        pass
                    n += 1
                except OSError:
                    err += 1
                finally:
                    s.close()
            os.write(w, ("%d %d\n" % (n, err)).encode())
            os._exit(0)
        kids.append(pid)
    os.close(w)
    for pid in kids:
        os.waitpid(pid, 0)
    out = os.read(r, 65536).decode()
    n = sum(int(x.split()[0]) for x in out.split("\n") if x)
    err = sum(int(x.split()[1]) for x in out.split("\n") if x)
    print(n, err, "%.2f" % (time.monotonic() - t0))


def fetch(src, vip, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.settimeout(3)
        s.bind((src, 0))
        s.connect((vip, port))
        data = b""
        while True:
            b = s.recv(64)
            if not b:
                break
            data += b
        return data.decode().strip() or "-"
    except OSError:
        return "-"
    finally:
        s.close()


def mapping(vip, port, srcfile):
    with open(srcfile) as f:
        srcs = [x.strip() for x in f if x.strip()]
    out = []
    for src in srcs:
        srv = fetch(src, vip, port)
        if srv == "-":		# one retry: a lost SYN under emulation
            srv = fetch(src, vip, port)
        out.append("%s %s" % (src, srv))
    print("\n".join(out), flush=True)


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "serve":
        serve(int(args[0]), int(args[1]) if len(args) > 1 else 1)
    elif cmd == "ipvswatch":
        ipvswatch(args[0], args[1])
    elif cmd == "rate":
        rate(float(args[0]), int(args[1]), args[2], args[3], int(args[4]))
    elif cmd == "map":
        mapping(args[0], int(args[1]), args[2])
    else:
        sys.exit("unknown command " + cmd)


if __name__ == "__main__":
    main()
