#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Craft and send hostile VRRP packets, and check a router accounted for them.

  vrrpattack.py send IFNAME [--v3 VRID] [--v2 VRID:SECS]
      [--v6 VRID] [--peer VRID] [--free VRID] [--below PRIO] [--each N]
      [--random N] [--seed S] > expected.json
  vrrpattack.py check BEFORE.json AFTER.json EXPECTED.json

send: from a packet socket on IFNAME, frames to the VRRP multicast groups
(224.0.0.18, ff02::12) aimed at a router whose instances are given:
  --v3 VRID       VRRPv3 over IPv4, multicast
  --v2 VRID:SECS  VRRPv2 over IPv4, advertising every SECS seconds
  --v6 VRID       VRRPv3 over IPv6
  --peer VRID     VRRPv3 over IPv4 with unicast peers (we are not one)
  --free VRID     a VRID the router has no instance for
Every crafted packet has one defect (or none, with a priority below
--below, so the router must keep its state) and an expected counter: the
instance's drop reason, its "adverts_received", or the namespace's
vrrp_rx_short / vrrp_rx_no_instance (havsadm stats). --each N packets per
class (64 distinct ones, sent round and round); then --random N mutations
of valid adverts (4096 distinct; flipped bytes, cut or grown, checksum
redone or not), whose counter is not known in advance
but must be one of the above: send them on their own (--each 0) to check
that every one was counted. Prints what it sent, as JSON.

check: BEFORE and AFTER are {"vrrp": [havsadm -j vrrp show], "stats":
{havsadm -j stats}}; every packet of EXPECTED must be accounted for: each
crafted class by its counter exactly, the random ones by the remaining
increase, no counter may grow that nothing sent could explain, and no
instance may have changed state.
"""
import ipaddress
import json
import random
import socket
import struct
import sys
import time

PROTO = 112
MCAST4, MCAST6 = "224.0.0.18", "ff02::12"
MAC4, MAC6 = b"\x01\x00\x5e\x00\x00\x12", b"\x33\x33\x00\x00\x00\x12"
SRC4, SRC6 = "10.0.0.66", "fe80::66"
SRC_MAC = b"\x02\x00\x00\x00\x00\x66"
POOL = 64		# distinct packets per crafted class
RANDOM_POOL = 4096	# distinct random packets
DROPS = ["ttl", "truncated", "carp", "version", "type", "length", "checksum",
         "checksum_variant", "interval", "auth", "linklocal", "peer"]


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def pseudo(fam, src, dst, length):
    if fam == 4:
        return socket.inet_aton(src) + socket.inet_aton(dst) + \
            struct.pack("!BBH", 0, PROTO, length)
    return socket.inet_pton(socket.AF_INET6, src) + \
        socket.inet_pton(socket.AF_INET6, dst) + \
        struct.pack("!IxxxB", length, PROTO)


def vrrp(fam, vrid, prio, addrs, version=3, vtype=1, interval=10,
         auth=0, count=None, csum_mode="good", src=None):
    """An advertisement; csum_mode: good, bad, v2style (v3 sum without the
    pseudo-header), raw (leave 0)."""
    af = socket.AF_INET if fam == 4 else socket.AF_INET6
    body = b"".join(socket.inet_pton(af, a) for a in addrs)
    n = len(addrs) if count is None else count
    if version == 2:
        hdr = struct.pack("!BBBBBBH", (2 << 4) | vtype, vrid, prio, n, auth,
                          interval, 0)
        msg = hdr + body + b"\0" * 8
    else:
        hdr = struct.pack("!BBBBHH", (version << 4) | vtype, vrid, prio, n,
                          interval & 0xFFF, 0)
        msg = hdr + body
    if csum_mode == "raw":
        return msg
    if version == 2 or csum_mode == "v2style":
        c = csum(msg)
    else:
        c = csum(pseudo(fam, src or (SRC4 if fam == 4 else SRC6),
                        MCAST4 if fam == 4 else MCAST6, len(msg)) + msg)
    if csum_mode == "bad":
        c ^= 0x5A5A
    return msg[:6] + struct.pack("!H", c) + msg[8:]


def frame(fam, payload, ttl=255, src=None):
    if fam == 4:
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0xC0, 20 + len(payload), 0,
                         0x4000, ttl, PROTO, 0,
                         socket.inet_aton(src or SRC4),
                         socket.inet_aton(MCAST4))
        ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
        return MAC4 + SRC_MAC + b"\x08\x00" + ip + payload
    ip = struct.pack("!IHBB16s16s", 0x60000000, len(payload), PROTO, ttl,
                     socket.inet_pton(socket.AF_INET6, src or SRC6),
                     socket.inet_pton(socket.AF_INET6, MCAST6))
    return MAC6 + SRC_MAC + b"\x86\xdd" + ip + payload


class Plan:
    """The crafted classes: (name, family, target key, counter, builder)."""

    def __init__(self, args, rnd):
        self.rnd = rnd
        self.classes = []
        below = args["below"]
        r = rnd

        def low():
            return r.randrange(1, below)

        def add(name, key, counter, build):
            self.classes.append((name, key, counter, build))

        for vrid in args["v3"]:
            k = "inet/%d" % vrid
            a4 = ["10.0.0.%d" % vrid]
            add("v3 ttl below 255", k, "ttl", lambda v=vrid: frame(
                4, vrrp(4, v, low(), a4), ttl=r.randrange(0, 255)))
            add("v3 carp", k, "carp", lambda v=vrid: frame(
                4, bytes([0x21, v, 0, 7]) + bytes(r.randrange(256)
                                                  for _ in range(32))))
            add("v3 bad version", k, "version", lambda v=vrid: frame(
                4, vrrp(4, v, low(), a4, version=r.choice([0, 1, 4, 7, 15]))))
            add("v2 advert to a v3 instance", k, "version", lambda v=vrid:
                frame(4, vrrp(4, v, low(), a4, version=2, interval=1)))
            add("v3 bad type", k, "type", lambda v=vrid: frame(
                4, vrrp(4, v, low(), a4, vtype=r.choice([0, 2, 3, 9, 15]))))
            add("v3 count beyond the packet", k, "length", lambda v=vrid:
                frame(4, vrrp(4, v, low(), a4, count=r.randrange(2, 256))))
            add("v3 bad checksum", k, "checksum", lambda v=vrid: frame(
                4, vrrp(4, v, low(), a4, csum_mode="bad")))
            add("v3 checksum of the other variant", k, "checksum_variant",
                lambda v=vrid: frame(4, vrrp(4, v, low(), a4,
                                             csum_mode="v2style")))
            add("v3 interval 0", k, "interval", lambda v=vrid: frame(
                4, vrrp(4, v, low(), a4, interval=0)))
            add("v3 collision, lower priority", k, "adverts_received",
                lambda v=vrid: frame(4, vrrp(4, v, low(), a4,
                                             interval=r.randrange(1, 4096))))
            add("v3 collision, 255 addresses", k, "adverts_received",
                lambda v=vrid: frame(4, vrrp(4, v, low(), [
                    "10.1.%d.%d" % (i // 250, i % 250) for i in range(255)])))
            add("IPv4 VRRP shorter than a header", None, "vrrp_rx_short",
                lambda v=vrid: frame(4, bytes([0x31, v]) + bytes(
                    r.randrange(256) for _ in range(r.randrange(0, 6)))))
        for spec in args["v2"]:
            vrid, secs = spec
            k = "inet/%d" % vrid
            a4 = ["10.0.0.%d" % vrid]
            add("v2 authentication", k, "auth", lambda v=vrid, s=secs: frame(
                4, vrrp(4, v, low(), a4, version=2, interval=s,
                        auth=r.choice([1, 2, 254]))))
            add("v2 other interval", k, "interval", lambda v=vrid, s=secs:
                frame(4, vrrp(4, v, low(), a4, version=2,
                              interval=r.choice([x for x in (0, 2, 3, 255)
                                                 if x != s]))))
            add("v2 bad checksum", k, "checksum", lambda v=vrid, s=secs:
                frame(4, vrrp(4, v, low(), a4, version=2, interval=s,
                              csum_mode="bad")))
            add("v3 advert to a v2 instance", k, "version", lambda v=vrid:
                frame(4, vrrp(4, v, low(), a4)))
            add("v2 collision, lower priority", k, "adverts_received",
                lambda v=vrid, s=secs: frame(4, vrrp(4, v, low(), a4,
                                                     version=2, interval=s)))
        for vrid in args["v6"]:
            k = "inet6/%d" % vrid
            a6 = ["fe80::%x" % vrid]
            add("v6 hop limit below 255", k, "ttl", lambda v=vrid: frame(
                6, vrrp(6, v, low(), a6), ttl=r.randrange(0, 255)))
            add("v6 first address not link-local", k, "linklocal",
                lambda v=vrid: frame(6, vrrp(6, v, low(), ["2001:db8::1"])))
            add("v6 bad checksum", k, "checksum", lambda v=vrid: frame(
                6, vrrp(6, v, low(), a6, csum_mode="bad")))
            add("v6 count beyond the packet", k, "length", lambda v=vrid:
                frame(6, vrrp(6, v, low(), a6, count=r.randrange(2, 256))))
            add("v2 over IPv6", k, "version", lambda v=vrid: frame(
                6, vrrp(6, v, low(), a6, version=2, interval=1)))
            add("v6 collision, lower priority", k, "adverts_received",
                lambda v=vrid: frame(6, vrrp(6, v, low(), a6)))
        for vrid in args["peer"]:
            k = "inet/%d" % vrid
            add("spoofed priority 254 from a non-peer", k, "peer",
                lambda v=vrid: frame(4, vrrp(4, v, 254, ["10.0.0.%d" % v])))
            add("spoofed priority 0 from a non-peer", k, "peer",
                lambda v=vrid: frame(4, vrrp(4, v, 0, ["10.0.0.%d" % v])))
        for vrid in args["free"]:
            add("valid advert for a VRID without instance", None,
                "vrrp_rx_no_instance", lambda v=vrid: frame(
                    4, vrrp(4, v, 254, ["10.0.0.%d" % v])))
            add("valid IPv6 advert for a VRID without instance", None,
                "vrrp_rx_no_instance", lambda v=vrid: frame(
                    6, vrrp(6, v, 254, ["fe80::%x" % v])))
        self.targets = [(4, 3, v, None) for v in args["v3"]] + \
            [(4, 2, v, s) for v, s in args["v2"]] + \
            [(6, 3, v, None) for v in args["v6"]] + \
            [(4, 3, v, None) for v in args["peer"]]

    def random_packet(self, below):
        """A valid advert for one of the instances, then damaged. The
        priority byte stays below @below so that no mutation can be a
        legitimate takeover (which would be right, not a bug)."""
        r = self.rnd
        fam, ver, vrid, secs = r.choice(self.targets)
        addrs = ["10.0.0.%d" % vrid] if fam == 4 else ["fe80::%x" % vrid]
        msg = bytearray(vrrp(fam, vrid, r.randrange(1, below), addrs,
                             version=ver, interval=secs or 10))
        for _ in range(r.randrange(1, 6)):
            op = r.randrange(4)
            if op == 0 and msg:
                msg[r.randrange(len(msg))] = r.randrange(256)
            elif op == 1:
                del msg[r.randrange(len(msg) + 1):]
            elif op == 2:
                msg += bytes(r.randrange(256) for _ in range(r.randrange(64)))
            elif msg:
                msg[r.randrange(len(msg))] ^= 1 << r.randrange(8)
        if len(msg) > 2:
            msg[2] = min(msg[2], below - 1)
        if len(msg) >= 8 and r.random() < 0.5:
            msg[6:8] = b"\0\0"
            c = csum(bytes(msg)) if ver == 2 or r.random() < 0.2 else \
                csum(pseudo(fam, SRC4 if fam == 4 else SRC6,
                            MCAST4 if fam == 4 else MCAST6, len(msg)) +
                     bytes(msg))
            msg[6:8] = struct.pack("!H", c)
        return frame(fam, bytes(msg))


def send(argv):
    ifname = argv[0]
    args = {"v3": [], "v2": [], "v6": [], "peer": [], "free": [],
            "below": 100, "each": 1000, "random": 0, "seed": 1}
    i = 1
    while i < len(argv):
        opt, val = argv[i][2:], argv[i + 1]
        if opt == "v2":
            v, s = val.split(":")
            args["v2"].append((int(v), int(s)))
        elif opt in ("v3", "v6", "peer", "free"):
            args[opt].append(int(val))
        elif opt in ("below", "each", "random", "seed"):
            args[opt] = int(val)
        else:
            sys.exit("vrrpattack: unknown option --%s" % opt)
        i += 2
    rnd = random.Random(args["seed"])
    plan = Plan(args, rnd)
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((ifname, 0))
    out = {"classes": [], "random": args["random"], "sent": 0}
    # Python is slow in an emulated guest: build a pool of distinct packets
    # per class (the defect and the counter are the same for all), then
    # send the pool round and round.
    t0 = time.monotonic()
    for name, key, counter, build in plan.classes:
        if not args["each"]:
            break
        pool = [build() for _ in range(min(args["each"], POOL))]
        for i in range(args["each"]):
            s.send(pool[i % len(pool)])
        out["classes"].append({"name": name, "instance": key,
                               "counter": counter, "count": args["each"],
                               "distinct": len(pool)})
        out["sent"] += args["each"]
    pool = [plan.random_packet(args["below"])
            for _ in range(min(args["random"], RANDOM_POOL))]
    for i in range(args["random"]):
        s.send(pool[i % len(pool)])
    out["random_distinct"] = len(pool)
    out["sent"] += args["random"]
    out["seconds"] = round(time.monotonic() - t0, 2)
    print(json.dumps(out))


def counters(snap):
    """{(instance key, counter): value} of a snapshot, and the states."""
    c, states = {}, {}
    for inst in snap["vrrp"]:
        key = "%s/%d" % (inst["family"], inst["vrid"])
        states[key] = inst["state"]
        for name in DROPS + ["adverts_received", "transitions"]:
            c[(key, name)] = inst["stats"][name]
    for name in ("vrrp_rx_short", "vrrp_rx_no_instance"):
        c[(None, name)] = snap["stats"][name]
    return c, states


def check(argv):
    before, after, exp = (json.load(open(p)) for p in argv[:3])
    c0, s0 = counters(before)
    c1, s1 = counters(after)
    ok = True
    for key in s0:
        if s1.get(key) != s0[key]:
            print("FAIL: instance %s went from %s to %s" %
                  (key, s0[key], s1.get(key)))
            ok = False
        if c1[(key, "transitions")] != c0[(key, "transitions")]:
            print("FAIL: instance %s made %d transitions" %
                  (key, c1[(key, "transitions")] - c0[(key, "transitions")]))
            ok = False
    delta = {k: c1[k] - c0[k] for k in c0 if k[1] != "transitions"}
    want = {}
    for cl in exp["classes"]:
        k = (cl["instance"], cl["counter"])
        want[k] = want.get(k, 0) + cl["count"]
    rest = 0
    for k in sorted(delta, key=str):
        extra = delta[k] - want.get(k, 0)
        name = "%s %s" % (k[0] or "namespace", k[1])
        if extra < 0:
            print("FAIL: %s grew by %d, the crafted packets alone should "
                  "make it %d" % (name, delta[k], want.get(k, 0)))
            ok = False
        if delta[k]:
            print("  %-28s +%d (crafted %d, random %d)" %
                  (name, delta[k], want.get(k, 0), max(extra, 0)))
        rest += max(extra, 0)
    if rest != exp["random"]:
        print("FAIL: %d random packets sent, %d counted beyond the crafted "
              "ones" % (exp["random"], rest))
        ok = False
    total = sum(delta.values())
    print("%d packets sent in %.1f s (%d/s), %d counted" %
          (exp["sent"], exp["seconds"], exp["sent"] / max(exp["seconds"], 0.01),
           total))
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] not in ("send", "check"):
        sys.exit(__doc__)
    if sys.argv[1] == "send":
        send(sys.argv[2:])
    else:
        sys.exit(check(sys.argv[2:]))
