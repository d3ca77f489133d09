#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""HTTP/1.0 GET requests to ADDR:PORT one after the other, until killed.

usage: httploop.py ADDR PORT FILE [PER_SECOND]

PER_SECOND: at most that many requests a second (default: as fast as
answers come). Every second (and after each failure) FILE is replaced by one line:
"OK FAILED" (requests answered 200, requests that failed), so a test can
read the counts at any time and compare them before and after an event.
"""
import os
import socket
import sys
import time


def request(addr, port):
    s = socket.create_connection((addr, port), timeout=2)
    try:
        s.settimeout(2)
        s.sendall(b"GET / HTTP/1.0\r\n\r\n")
        data = b""
        while True:
            c = s.recv(4096)
            if not c:
                break
            data += c
    finally:
        s.close()
    status = data.split(b"\r\n", 1)[0]
    return status.startswith(b"HTTP/1.") and b" 200 " in status + b" "


def main(addr, port, path, rate=0):
    ok = bad = 0
    last = 0.0
    gap = 1.0 / float(rate) if float(rate) > 0 else 0.0
    while True:
        if gap:
            time.sleep(gap)
        failed = False
        try:
            if request(addr, int(port)):
                ok += 1
            else:
                bad += 1
                failed = True
        except OSError:
            bad += 1
            failed = True
            time.sleep(0.05)
        if failed or time.monotonic() - last >= 1:
            last = time.monotonic()
            try:
                with open(path + ".tmp", "w") as f:
                    f.write("%d %d\n" % (ok, bad))
                os.replace(path + ".tmp", path)
            except FileNotFoundError:
                return  # the test is over: its directory is gone


if __name__ == "__main__":
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    main(*sys.argv[1:])
