#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Helpers of tests/bench/takeover.sh (takeover overhead at the wire).

usage: takeover.py serve ADDR PORT CMD...
       takeover.py record IFNAME VIP OUTFILE
       takeover.py analyse CAPTURE TRIALS DIRECTOR FARM VIP PRIO

serve (farm guest): a control port on ADDR:PORT, one line per connection,
one line back. "ping" answers "pong"; "done" answers "bye" and exits 0;
any other line is split into words and run as CMD... WORDS (the farm's
side of takeover.sh), answered "ok FIRST-LINE-OF-OUTPUT" or "err RC ...".

record (director guest): every VRRP advert (IPv4 protocol 112) and every
ARP packet whose sender address is VIP that IFNAME receives or sends, from
one packet socket (ETH_P_ALL, which the transmit taps serve too) with
SO_TIMESTAMPNS: received packets are stamped when the device hands them to
the stack, sent ones when the device transmits them, both on the kernel's
CLOCK_REALTIME. Lines "TS_NS DIR KIND SRC VRID PRIO" (DIR in|out, KIND
vrrp|arp; for ARP, VRID and PRIO are the ARP opcode and 0), flushed at
least every half second; "# drops N" (SO_RXQ_OVFL) at SIGTERM. Prints
"ready" once it listens.

analyse: TRIALS has lines
  block IMPL IV T_START T_SETTLED T_END
  trial KIND IMPL IV N T_SILENCE T_BACK      (KIND silent|zero)
(times in ns of CLOCK_REALTIME, IV in s). For each trial: F = the first
packet DIRECTOR sent after T_SILENCE as master (an advert with priority >
0, or a gratuitous ARP for VIP), L = the last advert it received from FARM
before F (priority > 0 for silent trials, priority 0 for zero trials).
Overhead = F - L - MDI (silent: Master_Down_Interval, 3 x IV + Skew_Time;
zero: Skew_Time; Skew_Time = (256 - PRIO) x IV / 256, RFC 9568). A trial
fails when there is no F before T_BACK, no L (after the block settled;
zero: after T_SILENCE), the backup was master at T_SILENCE already (see
the code: it sent something after L, or shortly before T_SILENCE and the
master has not advertised since), or (silent) L is more than a second before
T_SILENCE. Steady time: a block's time from T_SETTLED to T_END outside
every trial. Takeovers in it: groups of DIRECTOR adverts (priority > 0,
less than 4 intervals apart) that begin in it; "stalled" when FARM's last
advert before the group came at least MDI earlier (the master's adverts
stopped reaching the backup for MDI: the takeover the protocol asks for),
"premature" otherwise (a false takeover by the backup); dual master when
FARM's adverts arrived during the group (within an interval after its
last advert), for the time from the first such advert to an interval after
the group's last. Also the gaps between FARM's adverts wholly in steady
time (the master's regularity as the backup sees it).
Prints one line per trial "trial KIND IMPL IV N OK|FAIL OVERHEAD_MS F_KIND
F_MINUS_L_MS REASON", then per (IMPL, IV) "steady IMPL IV SECS TAKEOVERS
STALLED PREMATURE DUAL DUAL_MS NGAPS GAP_P50 GAP_P99 GAP_MAX GAPS_OVER_MDI"
(ms).
"""
import bisect
import selectors
import signal
import socket
import struct
import subprocess
import sys
import time

SO_RCVBUFFORCE = 33
SO_TIMESTAMPNS = 35
SO_RXQ_OVFL = 40
ETH_P_ALL = 0x0003
ETH_P_IP = 0x0800
ETH_P_ARP = 0x0806
PACKET_OUTGOING = 4


def serve(addr, port, cmd):
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((addr, port))
    ls.listen(16)
    print("serving", flush=True)
    while True:
        c, _ = ls.accept()
        c.settimeout(30)
        try:
            line = c.makefile().readline().strip()
        except OSError:
            c.close()
            continue
        if line == "ping":
            reply = "pong"
        elif line == "done":
            reply = "bye"
        else:
            r = subprocess.run(cmd + line.split(), stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
            out = " ".join(r.stdout.split("\n")[:1])
            reply = ("ok %s" % out) if r.returncode == 0 else \
                ("err %d %s" % (r.returncode, " ".join(r.stdout.split())[-300:]))
            print("%s -> %s" % (line, reply), flush=True)
        try:
            c.sendall((reply + "\n").encode())
        except OSError:
            pass
        c.close()
        if line == "done":
            return


def record(dev, vip, out):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.bind((dev, ETH_P_ALL))
    s.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, 32 << 20)
    s.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
    s.setsockopt(socket.SOL_SOCKET, SO_RXQ_OVFL, 1)
    s.settimeout(0.5)
    vipb = socket.inet_aton(vip)
    drops = 0
    f = open(out, "w")
    last_flush = time.monotonic()

    def stop(signum, frame):
        raise SystemExit(0)
    signal.signal(signal.SIGTERM, stop)
    print("ready", flush=True)
    try:
        while True:
            try:
                data, anc, _, addr = s.recvmsg(256, 256)
            except socket.timeout:
                f.flush()
                last_flush = time.monotonic()
                continue
            ts = 0
            for level, kind, val in anc:
                if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS:
                    sec, nsec = struct.unpack("qq", val[:16])
                    ts = sec * 1000000000 + nsec
                elif level == socket.SOL_SOCKET and kind == SO_RXQ_OVFL:
                    drops = struct.unpack("I", val[:4])[0]
            d = "out" if addr[2] == PACKET_OUTGOING else "in"
            proto = addr[1]
            p = data[14:]
            if proto == ETH_P_IP and len(p) >= 20 and p[9] == 112:
                ihl = (p[0] & 15) * 4
                if len(p) >= ihl + 4:
                    f.write("%d %s vrrp %s %d %d\n" % (ts, d, socket.inet_ntoa(p[12:16]),
                                                       p[ihl + 1], p[ihl + 2]))
            elif proto == ETH_P_ARP and len(p) >= 28 and p[14:18] == vipb:
                f.write("%d %s arp %s %d 0\n" % (ts, d, vip, p[7]))
            if time.monotonic() - last_flush > 0.5:
                f.flush()
                last_flush = time.monotonic()
    finally:
        f.write("# drops %d\n" % drops)
        f.close()


def analyse(capf, trialf, director, farm, vip, prio):
    tx = []      # director as master: (ts, kind)
    rx = []      # farm's adverts: (ts, prio)
    with open(capf) as f:
        for line in f:
            if line.startswith("#"):
                continue
            w = line.split()
            if len(w) != 6:
                continue
            ts, d, kind, src, a, b = int(w[0]), w[1], w[2], w[3], int(w[4]), int(w[5])
            if d == "out" and kind == "vrrp" and src == director and b > 0:
                tx.append((ts, "advert"))
            elif d == "out" and kind == "arp" and src == vip:
                tx.append((ts, "garp"))
            elif d == "in" and kind == "vrrp" and src == farm:
                rx.append((ts, b))
    tx.sort()
    rx.sort()
    txt = [t for t, _ in tx]
    rxt = [t for t, _ in rx]
    blocks, trials = [], []
    with open(trialf) as f:
        for line in f:
            w = line.split()
            if w and w[0] == "block" and len(w) == 6:
                blocks.append((w[1], w[2], int(w[3]), int(w[4]), int(w[5])))
            elif w and w[0] == "trial" and len(w) == 7:
                trials.append((w[1], w[2], w[3], w[4], int(w[5]), int(w[6])))
    for kind, impl, iv, n, t0, t1 in trials:
        ivn = float(iv) * 1e9
        skew = (256 - prio) * ivn / 256
        mdi = 3 * ivn + skew if kind == "silent" else skew
        settled = max([b[3] for b in blocks if b[0] == impl and b[1] == iv and b[3] <= t0] or [0])
        i = bisect.bisect_left(txt, t0)
        if i >= len(txt) or txt[i] > t1:
            print("trial", kind, impl, iv, n, "FAIL - - - no_takeover_seen")
            continue
        fts, fkind = tx[i]
        j = bisect.bisect_left(rxt, fts) - 1
        while j >= 0 and (rx[j][1] > 0) != (kind == "silent"):
            j -= 1
        if j < 0 or rxt[j] < (settled if kind == "silent" else t0):
            why = "no_advert_from_master_captured"
            if kind == "zero" and any(t0 <= t <= t1 and p == 0 for t, p in rx):
                why = "took_over_before_the_priority_0_advert"
            print("trial", kind, impl, iv, n, "FAIL - %s - %s" % (fkind, why))
            continue
        # Was the backup master already (the master's adverts had stopped
        # for MDI before the request)? Then F may belong to that takeover:
        # it sent something after L and before T_SILENCE; or in the 4
        # intervals before T_SILENCE with no advert of the master since;
        # or F is a gratuitous ARP (a takeover begins with an advert here)
        # that follows an advert of the backup by less than 4 intervals
        # plus 100 ms.
        p = i - 1
        if (bisect.bisect_right(txt, rxt[j]) < i or
                (p >= 0 and txt[p] >= t0 - 4 * ivn and
                 bisect.bisect_right(rxt, txt[p]) > j) or
                (fkind == "garp" and any(fts - 4 * ivn - 1e8 <= t < fts and k == "advert"
                                         for t, k in tx[max(0, i - 20):i]))):
            print("trial", kind, impl, iv, n, "FAIL - %s - backup_master_at_the_request" % fkind)
            continue
        if kind == "silent" and rxt[j] < t0 - 1e9:
            print("trial", kind, impl, iv, n,
                  "FAIL - %s %.3f master_silent_before_trial" % (fkind, (fts - rxt[j]) / 1e6))
            continue
        print("trial", kind, impl, iv, n, "OK %.3f %s %.3f -" %
              ((fts - rxt[j] - mdi) / 1e6, fkind, (fts - rxt[j]) / 1e6))
    # steady time: the blocks' time between trials
    adv = [t for t, k in tx if k == "advert"]
    rxm = [t for t, p in rx if p > 0]
    order, acc = [], {}
    for impl, iv, bs, bset, be in blocks:
        ivn = float(iv) * 1e9
        mdi = 3 * ivn + (256 - prio) * ivn / 256
        tw = [(a, b) for k, im, v, _, a, b in trials if im == impl and v == iv and bs <= a <= be]
        if (impl, iv) not in acc:
            order.append((impl, iv))
            acc[(impl, iv)] = {"secs": 0, "groups": 0, "stalled": 0, "premature": 0,
                               "dual": 0, "dual_ns": 0, "gaps": []}
        a = acc[(impl, iv)]
        edges = sorted([bset] + [y for _, y in tw] + [x for x, _ in tw] + [be])
        a["secs"] += (be - bset - sum(min(y, be) - max(x, bset) for x, y in tw if y > bset)) / 1e9

        def steady(t):
            return bset <= t <= be and not any(x <= t <= y for x, y in tw)
        # the master's adverts as the backup received them: gaps wholly in steady time
        lo = bisect.bisect_left(rxm, bset)
        for i in range(lo, len(rxm) - 1):
            if rxm[i + 1] > be:
                break
            if not any(rxm[i] <= y and x <= rxm[i + 1] for x, y in tw):
                a["gaps"].append(rxm[i + 1] - rxm[i])
        groups = []
        for t in adv:
            if not bset <= t <= be:
                continue
            if groups and t - groups[-1][1] < 4 * ivn:
                groups[-1][1] = t
            else:
                groups.append([t, t])
        for g0, g1 in groups:
            if not steady(g0):
                continue
            a["groups"] += 1
            j = bisect.bisect_left(rxm, g0) - 1
            if j >= 0 and g0 - rxm[j] >= mdi:
                a["stalled"] += 1
            else:
                a["premature"] += 1
            k = bisect.bisect_left(rxm, g0)
            if k < len(rxm) and rxm[k] <= g1 + ivn:
                a["dual"] += 1
                a["dual_ns"] += g1 + ivn - rxm[k]
    for impl, iv in order:
        a = acc[(impl, iv)]
        ivn = float(iv) * 1e9
        mdi = 3 * ivn + (256 - prio) * ivn / 256
        g = sorted(a["gaps"])

        def q(p):
            return "%.1f" % (g[min(len(g) - 1, int((len(g) - 1) * p))] / 1e6) if g else "-"
        print("steady", impl, iv, "%.0f" % a["secs"], a["groups"], a["stalled"], a["premature"],
              a["dual"], "%.1f" % (a["dual_ns"] / 1e6), len(g), q(0.5), q(0.99), q(1.0),
              sum(1 for x in g if x >= mdi))


def main(argv):
    if argv[0] == "serve":
        serve(argv[1], int(argv[2]), argv[3:])
    elif argv[0] == "record":
        record(argv[1], argv[2], argv[3])
    elif argv[0] == "analyse":
        analyse(argv[1], argv[2], argv[3], argv[4], argv[5], int(argv[6]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
