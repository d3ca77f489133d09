#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Record VRRP adverts with kernel receive timestamps, and analyse them.

usage: vrrpmon.py record OUTFILE
       vrrpmon.py record --tx IFNAME OUTFILE
       vrrpmon.py gaps ADVERTS CASES INTERVAL_MS MASTER BACKUP
       vrrpmon.py sample ADVERTS T0_NS T1_NS INTERVAL_MS SRC_REGEX

record: a raw IPv4 socket for protocol 112 in the current network namespace,
joined to 224.0.0.18 on every interface but lo, with a 32 MB receive buffer
(SO_RCVBUFFORCE) and SO_TIMESTAMPNS: each advert is stamped by the kernel
when it reaches this namespace's interface, so a receiver that is starved of
CPU and reads late does not distort the times. Until SIGTERM, then writes one
line per advert, "TS_NS SRC VRID PRIO", and "# drops N" (SO_RXQ_OVFL: adverts
the socket had no room for) to OUTFILE. Prints "ready" once it listens.

record --tx IFNAME: the adverts this namespace SENDS on IFNAME, from a
packet socket, stamped when the device transmits them (the taps run in the
transmit path itself): the sender's own timing, whatever delays the
receive side of the emulated wire (a veth peer's backlog, the bridge) adds
when softirqs are starved. Same output.

gaps: for each case of CASES (lines "LABEL REP T0_NS T1_NS [TRANS]"), the
gaps between MASTER's consecutive adverts that overlap [T0, T1] (jitter =
|gap - interval|; a silence crossing an edge of the window counts in full)
and BACKUP's false takeovers that begin in it (counted whole): a takeover is
a group of BACKUP adverts (prio > 0) less than 4 intervals apart (a backup
that was master and falls silent for longer has given up, or is starved
itself); it is dual-master if MASTER advertised between the group's first
and last advert (within an interval of them): both on the wire at once. One
line per LABEL, reps pooled: "LABEL REPS N PCT P50 P99 MAX MAXGAP TAKEOVERS
DUAL BACKUP_MS TRANS" (N: MASTER's adverts in the windows, PCT: N as a
percentage of the adverts due in them; times in ms; TRANS: the sum of the
cases' TRANS fields, "-" if they have none).

sample: for a scale run, every (SRC, VRID) whose SRC matches SRC_REGEX and
that advertised inside [T0, T1]: the gaps between its adverts; prints
"INSTANCES N P50 P99 MAX MAXGAP" over all of them pooled (N gaps, ms).
"""
import bisect
import re
import signal
import socket
import struct
import sys

SO_RCVBUFFORCE = 33
SO_TIMESTAMPNS = 35
SO_RXQ_OVFL = 40
IPPROTO_VRRP = 112
ETH_P_ALL = 0x0003
ETH_P_IP = 0x0800
PACKET_OUTGOING = 4


def record(out, tx_dev=None):
    if tx_dev:
        # ETH_P_ALL: transmit taps see only sockets of every protocol
        s = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM,
                          socket.htons(ETH_P_ALL))
        s.bind((tx_dev, ETH_P_ALL))
    else:
        s = socket.socket(socket.AF_INET, socket.SOCK_RAW, IPPROTO_VRRP)
    s.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, 32 << 20)
    s.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
    s.setsockopt(socket.SOL_SOCKET, SO_RXQ_OVFL, 1)
    if not tx_dev:
        group = socket.inet_aton("224.0.0.18")
        for idx, name in socket.if_nameindex():
            if name != "lo":
                s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP,
                             struct.pack("4s4si", group, b"\0" * 4, idx))
    lines = []
    drops = 0

    def stop(signum, frame):
        raise SystemExit(0)
    signal.signal(signal.SIGTERM, stop)
    print("ready", flush=True)
    try:
        while True:
            data, anc, _, addr = s.recvmsg(2048, 256)
            if tx_dev and (addr[1] != ETH_P_IP or addr[2] != PACKET_OUTGOING or
                           len(data) < 20 or data[9] != IPPROTO_VRRP):
                continue
            ts = 0
            for level, kind, val in anc:
                if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS:
                    sec, nsec = struct.unpack("qq", val[:16])
                    ts = sec * 1000000000 + nsec
                elif level == socket.SOL_SOCKET and kind == SO_RXQ_OVFL:
                    drops = struct.unpack("I", val[:4])[0]
            ihl = (data[0] & 15) * 4
            if len(data) < ihl + 4:
                continue
            lines.append("%d %s %d %d\n" % (ts, socket.inet_ntoa(data[12:16]),
                                             data[ihl + 1], data[ihl + 2]))
    finally:
        with open(out, "w") as f:
            f.writelines(lines)
            f.write("# drops %d\n" % drops)


def load(path):
    adv = []
    with open(path) as f:
        for line in f:
            if line.startswith("#"):
                continue
            ts, src, vrid, prio = line.split()
            adv.append((int(ts), src, int(vrid), int(prio)))
    adv.sort()
    return adv


def pct(v, p):
    if not v:
        return float("nan")
    return v[min(len(v) - 1, int((len(v) - 1) * p + 0.5))]


def fmt(x):
    return "-" if x != x else "%.2f" % x


def gaps(advf, casef, iv_ms, master, backup):
    adv = load(advf)
    iv = iv_ms * 1e6
    join = 4 * iv
    cases = {}
    trans = {}
    order = []
    with open(casef) as f:
        for line in f:
            f = line.split()
            label, t0, t1 = f[0], int(f[2]), int(f[3])
            if label not in cases:
                cases[label] = []
                trans[label] = "-"
                order.append(label)
            cases[label].append((t0, t1))
            if len(f) > 4 and f[4] != "-":
                trans[label] = int(f[4]) + (0 if trans[label] == "-" else trans[label])
    # Both streams whole: a silence or a takeover that crosses a window's
    # edge counts in full, for the window it overlaps (or begins in) first.
    m = [a[0] for a in adv if a[1] == master and a[3] > 0]
    groups = []
    for t in (a[0] for a in adv if a[1] == backup and a[3] > 0):
        if groups and t - groups[-1][1] < join:
            groups[-1][1] = t
        else:
            groups.append([t, t])
    seen_gap = set()
    seen_group = set()
    for label in order:
        jit = []
        maxgap = 0.0
        n = takeovers = dual = 0
        backup_ns = span = 0
        for t0, t1 in cases[label]:
            span += t1 - t0
            lo = bisect.bisect_left(m, t0)
            hi = bisect.bisect_right(m, t1)
            n += hi - lo
            # gaps (m[i], m[i + 1]) that overlap [t0, t1]
            for i in range(max(lo - 1, 0), min(hi, len(m) - 1)):
                if i in seen_gap:
                    continue
                seen_gap.add(i)
                jit.append(abs(m[i + 1] - m[i] - iv) / 1e6)
                maxgap = max(maxgap, (m[i + 1] - m[i]) / 1e6)
            for k, (g0, g1) in enumerate(groups):
                if k in seen_group or not t0 <= g0 <= t1:
                    continue
                seen_group.add(k)
                takeovers += 1
                backup_ns += g1 - g0 + iv
                j = bisect.bisect_left(m, g0 - iv)
                if j < len(m) and m[j] <= g1 + iv:
                    dual += 1
        jit.sort()
        print(label, len(cases[label]), n, "%.0f" % (100 * n * iv / span),
              fmt(pct(jit, 0.5)), fmt(pct(jit, 0.99)),
              fmt(jit[-1] if jit else float("nan")), "%.1f" % maxgap,
              takeovers, dual, "%.0f" % (backup_ns / 1e6), trans[label])


def sample(advf, t0, t1, iv_ms, pattern):
    iv = iv_ms * 1e6
    src_re = re.compile(pattern)
    last = {}
    jit = []
    maxgap = 0.0
    for ts, src, vrid, prio in load(advf):
        if not t0 <= ts <= t1 or prio == 0 or not src_re.search(src):
            continue
        k = (src, vrid)
        if k in last:
            jit.append(abs(ts - last[k] - iv) / 1e6)
            maxgap = max(maxgap, (ts - last[k]) / 1e6)
        last[k] = ts
    jit.sort()
    print(len(last), len(jit), fmt(pct(jit, 0.5)), fmt(pct(jit, 0.99)),
          fmt(jit[-1] if jit else float("nan")), "%.1f" % maxgap)


def main(argv):
    if argv[0] == "record" and argv[1] == "--tx":
        record(argv[3], argv[2])
    elif argv[0] == "record":
        record(argv[1])
    elif argv[0] == "gaps":
        gaps(argv[1], argv[2], float(argv[3]), argv[4], argv[5])
    elif argv[0] == "sample":
        sample(argv[1], int(argv[2]), int(argv[3]), float(argv[4]), argv[5])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
