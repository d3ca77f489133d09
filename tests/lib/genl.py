#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Send one raw generic netlink request and print the kernel's answer.

Lets scenarios send what havsadm never would: unknown commands, unknown or
malformed attributes, wrong header versions. Prints one line:
  "ack" | "reply ATTR=HEX ..." | "error ERRNO_NAME: EXTACK-MESSAGE"

usage: genl.py [--family havs] [--version N] [--where] CMD [TYPE:HEX ...]
       genl.py [--family havs] --serve
       genl.py [--family havs] --dump-intr CMD [-- COMMAND ARG...]
       genl.py [--family havs] --random N CMD
       genl.py [--family havs] --attack [--seed S] [--random N]
               [--base CMD TYPE:HEX ...]...
  --serve: read such argument lists from stdin, one per line, and answer
  each, then print a line holding "." (tests/lib/genl.sh).
  --random N: send N requests of CMD, each with 1-4 random attributes
  (random types and payloads, seeded from N), and print one line per
  distinct answer: "COUNT error ERRNO: MESSAGE".
  --dump-intr: dump CMD reading 4 KiB at a time; after the first read (the
  kernel has then filled the next part), run COMMAND (which may change the
  set being dumped), then read the rest. Prints "parts P messages M intr
  I": I of the M messages carried NLM_F_DUMP_INTR.
  --where: after an error's message, the type of the attribute the kernel
  pointed at, if it did: " [at attribute TYPE]" (nested types are those of
  their own nest).
  --attack: ask the kernel for the family's per-command policies
  (CTRL_CMD_GETPOLICY) and, for every command, every attribute at every
  nesting level, send what the policy refuses: wrong lengths, values out of
  range, strings too long or unterminated, flat values for nests and nests
  for flat values, types the policy does not list or past its maxtype, the
  attribute twice with one copy malformed (both orders), N seeded random
  byte strings. Each is embedded in the command's --base request (a valid
  request: its nests are entered) if one is given, else sent alone. Then
  each attribute of the base is left out in turn ("missing"), nests are
  sent empty and binary values short: those may be valid, so they only
  must not go unanswered or be refused without a message; what was
  accepted is listed (and the base sent again to undo it, if the base
  itself was accepted). Any malformed request acked or answered, any
  refusal without an extack message, any request the kernel did not answer
  in GENL_TIMEOUT seconds (20) fails: exit status 1.
"""
import errno
import os
import random
import socket
import struct
import subprocess
import sys

NETLINK_GENERIC = 16
GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_FAMILY_NAME = 2
NLM_F_REQUEST, NLM_F_ACK = 1, 4
NLMSG_ERROR, NLMSG_DONE = 2, 3
NLM_F_CAPPED, NLM_F_ACK_TLVS = 0x100, 0x200
NLMSGERR_ATTR_MSG, NLMSGERR_ATTR_OFFS = 1, 2
SOL_NETLINK, NETLINK_EXT_ACK, NETLINK_CAP_ACK = 270, 11, 10


def attr(atype, payload):
    hdr = struct.pack("HH", 4 + len(payload), atype)
    pad = b"\0" * ((4 - len(payload) % 4) % 4)
    return hdr + payload + pad


def attrs(data):
    out = {}
    while len(data) >= 4:
        alen, atype = struct.unpack("HH", data[:4])
        if alen < 4:
            break
        out[atype & 0x3FFF] = data[4:alen]
        data = data[(alen + 3) & ~3:]
    return out


def request(sock, ftype, cmd, payload, version=1, seq=[0], flags=None):
    seq[0] += 1
    body = struct.pack("BBH", cmd, version, 0) + payload
    if flags is None:
        flags = NLM_F_ACK
    msg = struct.pack("IHHII", 16 + len(body), ftype, NLM_F_REQUEST | flags,
                      seq[0], 0) + body
    sock.send(msg)
    request.sent = msg
    replies = []
    while True:
        data = sock.recv(65536)
        while data:
            mlen, mtype, mflags, mseq, _ = struct.unpack("IHHII", data[:16])
            payload = data[16:mlen]
            data = data[(mlen + 3) & ~3:]
            if mseq != seq[0]:
                continue        # a late answer to an earlier request
            if mtype == NLMSG_DONE and len(payload) >= 4 and \
                    struct.unpack("i", payload[:4])[0]:
                # a dump that failed: the error, and its extack after it
                err = -struct.unpack("i", payload[:4])[0]
                tlv = attrs(payload[4:]) if mflags & NLM_F_ACK_TLVS else {}
                msg = tlv.get(NLMSGERR_ATTR_MSG, b"").rstrip(b"\0").decode()
                return err, msg, replies
            if mtype == NLMSG_ERROR:
                err = -struct.unpack("i", payload[:4])[0]
                msg = ""
                if mflags & NLM_F_ACK_TLVS:
                    off = 20 if mflags & NLM_F_CAPPED else \
                        4 + struct.unpack("I", payload[4:8])[0]
                    tlv = attrs(payload[off:])
                    if NLMSGERR_ATTR_MSG in tlv:
                        msg = tlv[NLMSGERR_ATTR_MSG].rstrip(b"\0").decode()
                    if request.where and NLMSGERR_ATTR_OFFS in tlv:
                        at = struct.unpack("I", tlv[NLMSGERR_ATTR_OFFS][:4])[0]
                        sent = request.sent
                        if at + 4 <= len(sent):
                            atype = struct.unpack("H", sent[at + 2:at + 4])[0]
                            msg += " [at attribute %d]" % (atype & 0x3FFF)
                return err, msg, replies
            if mtype == NLMSG_DONE:
                return 0, "", replies
            replies.append(attrs(payload[4:]))


request.where = False


def main(argv):
    family = "havs"
    if argv[:1] == ["--family"]:
        family, argv = argv[1], argv[2:]
    if argv[:1] == ["--serve"]:
        return serve(family)
    return run(family, argv, open_socket())


def open_socket():
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
    s.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
    s.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
    s.bind((0, 0))
    return s


def serve(family):
    """--serve: one request per line of stdin, written as the arguments of
    one run of this script (without --family); after its answer, a line
    holding "." alone. One process and one socket for a whole scenario."""
    sock = open_socket()
    for line in sys.stdin:
        try:
            run(family, line.split(), sock)
        except Exception as e:     # a bad line is the scenario's bug: say so
            print("genl.py: %s: %r" % (line.strip(), e))
        print(".", flush=True)
    return 0


def run(family, argv, s):
    version = 1
    if argv[:1] == ["--version"]:
        version, argv = int(argv[1]), argv[2:]
    request.where = False
    if argv[:1] == ["--where"]:
        request.where, argv = True, argv[1:]
    nrandom = 0
    if argv[:1] == ["--random"]:
        nrandom, argv = int(argv[1]), argv[2:]
    cmd = int(argv[0]) if argv[:1] not in (["--attack"], ["--dump-intr"]) \
        else None
    payload = b""
    for a in argv[1:] if cmd is not None else []:
        t, h = a.split(":", 1)
        payload += attr(int(t), bytes.fromhex(h))
    err, msg, rep = request(s, GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
                            attr(CTRL_ATTR_FAMILY_NAME, family.encode() + b"\0"))
    if err:
        print("error %s: family %s not found" % (errno.errorcode[err], family))
        return 1
    fid = struct.unpack("H", rep[0][CTRL_ATTR_FAMILY_ID][:2])[0]
    if argv[:1] == ["--dump-intr"]:
        return dump_intr(s, fid, int(argv[1]), argv[3:])
    if argv[:1] == ["--attack"]:
        return attack(s, fid, family, argv[1:])
    if nrandom:
        rnd = random.Random(nrandom)
        seen = {}
        for _ in range(nrandom):
            payload = b"".join(
                attr(rnd.randrange(0, 1 << 14),
                     bytes(rnd.randrange(256)
                           for _ in range(rnd.randrange(0, 64))))
                for _ in range(rnd.randrange(1, 5)))
            err, msg, rep = request(s, fid, cmd, payload, version)
            key = "error %s: %s" % (errno.errorcode.get(err, str(err)), msg) \
                if err else "accepted"
            seen[key] = seen.get(key, 0) + 1
        for k, v in sorted(seen.items()):
            print("%d %s" % (v, k))
        return 0
    err, msg, rep = request(s, fid, cmd, payload, version)
    if err:
        print("error %s: %s" % (errno.errorcode.get(err, str(err)), msg))
    elif rep:
        print("reply " + " ".join("%d=%s" % (k, v.hex())
                                   for k, v in sorted(rep[0].items())))
    else:
        print("ack")
    return 0


# ---------------------------------------------------------------------------
# --attack: a policy-driven generator of malformed requests.
#
# The family's per-operation policies come from the kernel itself
# (CTRL_CMD_GETPOLICY), so every command, attribute and nest the family has
# today or gains later is covered without editing this file.

CTRL_CMD_GETPOLICY = 10
CTRL_ATTR_POLICY, CTRL_ATTR_OP_POLICY = 8, 9
CTRL_ATTR_POLICY_DO, CTRL_ATTR_POLICY_DUMP = 1, 2
NLM_F_DUMP = 0x300
NLA_F_NESTED = 0x8000
# enum netlink_attribute_type and enum netlink_policy_type_attr
NL_TYPES = {1: "flag", 2: "u8", 3: "u16", 4: "u32", 5: "u64", 6: "s8",
            7: "s16", 8: "s32", 9: "s64", 10: "binary", 11: "string",
            12: "nul-string", 13: "nested", 14: "nested-array",
            15: "bitfield32"}
PT_TYPE, PT_MIN_S, PT_MAX_S, PT_MIN_U, PT_MAX_U = 1, 2, 3, 4, 5
PT_MIN_LEN, PT_MAX_LEN, PT_IDX, PT_MAXTYPE, PT_BF32_MASK, PT_MASK = \
    6, 7, 8, 9, 10, 12
INT_SIZE = {"u8": 1, "u16": 2, "u32": 4, "u64": 8,
            "s8": 1, "s16": 2, "s32": 4, "s64": 8}


def dump_intr(_, fid, cmd, change):
    NLM_F_DUMP, NLM_F_DUMP_INTR = 0x300, 0x10
    # a socket of its own: the kernel sizes a dump's parts by the largest
    # read the socket has seen, and a shared one has read 64 KiB at a time
    sock = open_socket()
    msg = struct.pack("IHHII", 20, fid, NLM_F_REQUEST | NLM_F_DUMP, 1, 0) + \
        struct.pack("BBH", cmd, 1, 0)
    sock.send(msg)
    parts = messages = intr = 0
    while True:
        data, _, flags, _ = sock.recvmsg(4096)
        if flags & socket.MSG_TRUNC:
            raise SystemExit("genl.py --dump-intr: a part larger than 4 KiB")
        parts += 1
        if parts == 1 and change:
            subprocess.run(change, check=True, stdout=subprocess.DEVNULL)
        done = False
        while data:
            mlen, mtype, mflags, _, _ = struct.unpack("IHHII", data[:16])
            data = data[(mlen + 3) & ~3:]
            if mtype in (NLMSG_DONE, NLMSG_ERROR):
                done = True
                break
            messages += 1
            intr += bool(mflags & NLM_F_DUMP_INTR)
        if done:
            break
    sock.close()
    print("parts %d messages %d intr %d" % (parts, messages, intr))
    return 0


def getpolicy(sock, family):
    """{cmd: {"do": idx, "dump": idx}}, {idx: {type: {...}}}"""
    seq = request.seq = getattr(request, "seq", 1000) + 1
    body = struct.pack("BBH", CTRL_CMD_GETPOLICY, 1, 0) + \
        attr(CTRL_ATTR_FAMILY_NAME, family.encode() + b"\0")
    sock.send(struct.pack("IHHII", 16 + len(body), GENL_ID_CTRL,
                          NLM_F_REQUEST | NLM_F_DUMP, seq, 0) + body)
    ops, pols = {}, {}
    while True:
        data = sock.recv(1 << 16)
        while data:
            mlen, mtype, _, mseq, _ = struct.unpack("IHHII", data[:16])
            payload, data = data[16:mlen], data[(mlen + 3) & ~3:]
            if mseq != seq:
                continue
            if mtype == NLMSG_ERROR:
                raise OSError(-struct.unpack("i", payload[:4])[0],
                              "CTRL_CMD_GETPOLICY refused")
            if mtype == NLMSG_DONE:
                return ops, pols
            top = attrs(payload[4:])
            for cmd, v in attrs(top.get(CTRL_ATTR_OP_POLICY, b"")).items():
                a = attrs(v)
                ops[cmd] = {k: struct.unpack("I", a[n][:4])[0]
                            for k, n in (("do", CTRL_ATTR_POLICY_DO),
                                         ("dump", CTRL_ATTR_POLICY_DUMP))
                            if n in a}
            for idx, v in attrs(top.get(CTRL_ATTR_POLICY, b"")).items():
                for atype, d in attrs(v).items():
                    pols.setdefault(idx, {})[atype] = policy_attr(attrs(d))


def policy_attr(a):
    def u(n, fmt):
        return struct.unpack(fmt, a[n][:struct.calcsize(fmt)])[0] \
            if n in a else None
    return {"type": NL_TYPES.get(u(PT_TYPE, "I"), "?%s" % u(PT_TYPE, "I")),
            "min": u(PT_MIN_U, "Q") if PT_MIN_U in a else u(PT_MIN_S, "q"),
            "max": u(PT_MAX_U, "Q") if PT_MAX_U in a else u(PT_MAX_S, "q"),
            "minlen": u(PT_MIN_LEN, "I"), "maxlen": u(PT_MAX_LEN, "I"),
            "idx": u(PT_IDX, "I"), "maxtype": u(PT_MAXTYPE, "I"),
            "mask": u(PT_MASK, "Q"), "bf32mask": u(PT_BF32_MASK, "I")}


def int_bounds(t):
    bits = 8 * INT_SIZE[t]
    if t[0] == "s":
        return -(1 << (bits - 1)), (1 << (bits - 1)) - 1
    return 0, (1 << bits) - 1


def pack_int(t, v):
    n = INT_SIZE[t]
    return (v & ((1 << 8 * n) - 1)).to_bytes(n, "little")


class Policy:
    """The family's policies, and what they make valid."""

    def __init__(self, ops, pols):
        self.ops, self.pols = ops, pols
        # The top level's maxtype is not reported: take the highest type any
        # top-level policy of the family lists.
        tops = {i for o in ops.values() for i in o.values()}
        self.top_max = max([t for i in tops for t in pols.get(i, {})] or [0])
        self.maxtype = {i: self.top_max for i in tops}
        for p in pols.values():
            for pa in p.values():
                if pa["idx"] is not None:
                    self.maxtype[pa["idx"]] = pa["maxtype"]

    def valid(self, pa, data, nested):
        """Would the kernel's policy validation accept this payload?"""
        t = pa["type"]
        if nested != (t in ("nested", "nested-array")):
            return False
        if t in INT_SIZE:
            if len(data) != INT_SIZE[t]:
                return False
            v = int.from_bytes(data, "little", signed=t[0] == "s")
            if pa["mask"] is not None:
                return not v & ~pa["mask"]
            return pa["min"] <= v <= pa["max"]
        if t == "flag":
            return not data
        if t == "bitfield32":
            return False        # never judged valid: not generated at random
        if t in ("string", "nul-string", "binary"):
            n = len(data)
            if t == "nul-string":
                lim = n if pa["maxlen"] is None else min(n, pa["maxlen"] + 1)
                if b"\0" not in data[:lim] or not lim:
                    return False
            if t != "binary" and n < 1:
                return False
            if t != "binary" and data[-1:] == b"\0":
                n -= 1
            if pa["maxlen"] is not None and n > pa["maxlen"]:
                return False
            return pa["minlen"] is None or len(data) >= pa["minlen"]
        if t == "nested":
            return self.valid_stream(pa["idx"], data)
        return False

    def valid_stream(self, idx, data):
        while len(data) >= 4:
            alen, atype = struct.unpack("HH", data[:4])
            if alen < 4 or alen > len(data):
                return False
            t = atype & 0x3FFF
            pa = self.pols.get(idx, {}).get(t) if idx is not None else None
            if idx is not None and pa is None:
                return False        # unknown, unspec or reject: refused
            if pa and not self.valid(pa, data[4:alen],
                                     bool(atype & NLA_F_NESTED)):
                return False
            data = data[(alen + 3) & ~3:]
        return not data

    def sample(self, pa):
        """A payload the policy accepts (for the valid twin of a copy)."""
        t = pa["type"]
        if t in INT_SIZE:
            return pack_int(t, pa["min"] if pa["mask"] is None else 0)
        if t == "nul-string" or t == "string":
            return b"a\0"
        if t == "binary":
            return b"\0" * (pa["minlen"] or 4)
        if t == "bitfield32":
            return b"\0" * 8
        return b""


def tree(pol, idx, data):
    """Parse an attribute stream into [[type, nested?, payload|children]]."""
    out = []
    for t, payload, flags in raw_attrs(data):
        pa = pol.pols.get(idx, {}).get(t) if idx is not None else None
        if pa and pa["type"] == "nested" and flags & NLA_F_NESTED:
            out.append([t, True, tree(pol, pa["idx"], payload)])
        else:
            out.append([t, bool(flags & NLA_F_NESTED), payload])
    return out


def raw_attrs(data):
    while len(data) >= 4:
        alen, atype = struct.unpack("HH", data[:4])
        if alen < 4:
            break
        yield atype & 0x3FFF, data[4:alen], atype & 0xC000
        data = data[(alen + 3) & ~3:]


def encode(nodes):
    return b"".join(attr(t | (NLA_F_NESTED if nest else 0),
                         encode(v) if isinstance(v, list) else v)
                    for t, nest, v in nodes)


def embed(base, path, make):
    """A copy of base whose attribute list at path (a list of nest types,
    created where the base has none) is replaced by make(list)."""
    if not path:
        return make(list(base))
    out, found = [], False
    for node in base:
        if node[0] == path[0] and node[1] and isinstance(node[2], list) \
                and not found:
            out.append([node[0], True, embed(node[2], path[1:], make)])
            found = True
        else:
            out.append(node)
    if not found:
        out.append([path[0], True, embed([], path[1:], make)])
    return out


def variants(pol, pa, rnd, nrandom):
    """(class, payload, nested flag) the policy refuses, for one attribute."""
    t, out = pa["type"], []
    if t in INT_SIZE:
        n = INT_SIZE[t]
        lo, hi = int_bounds(t)
        good = pol.sample(pa)
        out.append(("length 0", b"", False))
        if n > 1:
            out.append(("length %d (one short)" % (n - 1), good[:-1], False))
        out.append(("length %d (one long)" % (n + 1), good + b"\0", False))
        if pa["mask"] is not None:
            bad = ~pa["mask"] & hi
            if bad:
                out.append(("bits outside mask",
                            pack_int(t, bad & -bad), False))
        else:
            if pa["min"] is not None and pa["min"] > lo:
                out.append(("min-1 (%d)" % (pa["min"] - 1),
                            pack_int(t, pa["min"] - 1), False))
            if pa["max"] is not None and pa["max"] < hi:
                out.append(("max+1 (%d)" % (pa["max"] + 1),
                            pack_int(t, pa["max"] + 1), False))
        out.append(("nest flag on a %s" % t, good, True))
    elif t == "flag":
        out.append(("flag with a value", b"\x01\0\0\0", False))
        out.append(("nest flag on a flag", b"", True))
    elif t in ("string", "nul-string", "binary"):
        if t != "binary":
            out.append(("empty string", b"", False))
        if t == "nul-string":
            out.append(("not NUL-terminated",
                        b"a" * min(pa["maxlen"] or 3, 3), False))
        if pa["maxlen"] is not None:
            over = b"a" * (pa["maxlen"] + 1)
            out.append(("length max+1 (%d)" % len(over), over, False))
            if t != "binary":
                out.append(("string max+1 with NUL", over + b"\0", False))
        if pa["minlen"]:
            out.append(("length min-1 (%d)" % (pa["minlen"] - 1),
                        b"\0" * (pa["minlen"] - 1), False))
        out.append(("nest flag on a %s" % t, attr(1, b"\0\0\0\0"), True))
    elif t in ("nested", "nested-array"):
        out.append(("flat value where a nest is expected",
                    b"\x01\0\0\0", False))
        out.append(("nest shorter than a header", b"\x01\0", True))
        out.append(("nest of garbage (length past the end)",
                    b"\x40\0\x01\0\0\0\0\0", True))
        out.append(("nest of garbage (trailing bytes)",
                    attr(1, b"\0\0\0\0")[:6] + b"\0\0" + b"\xff\xff", True))
        out.append(("nest holding attribute type 0", attr(0, b"\0" * 4),
                    True))
    elif t == "bitfield32":
        out.append(("bitfield32 of 4 bytes", b"\0" * 4, False))
    # random byte strings the policy refuses (seeded, deterministic)
    nested = t in ("nested", "nested-array")
    for i in range(nrandom):
        for _ in range(50):
            data = bytes(rnd.randrange(256)
                         for _ in range(rnd.randrange(0, 80)))
            if not pol.valid(pa, data, nested):
                out.append(("random bytes", data, nested))
                break
    return out


def op_name(cmd, names):
    return names.get(cmd, "CMD_%d" % cmd)


def cmd_names():
    """Command names from the UAPI header next to the tests, if found."""
    import os
    import re
    h = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                     "../../kmod/uapi/linux/havs.h")
    try:
        text = open(h).read()
    except OSError:
        return {}
    m = re.search(r"enum havs_cmd \{(.*?)\}", text, re.S)
    names = re.findall(r"HAVS_CMD_(\w+),", m.group(1)) if m else []
    return {i: n for i, n in enumerate(names) if not n.startswith("_")}


def attack(sock, fid, family, argv):
    """--attack [--seed S] [--random N] [--base CMD TYPE:HEX...]..."""
    seed, nrandom, bases = 1, 4, {}
    while argv:
        if argv[0] == "--seed":
            seed, argv = int(argv[1]), argv[2:]
        elif argv[0] == "--random":
            nrandom, argv = int(argv[1]), argv[2:]
        elif argv[0] == "--base":
            cmd, argv, payload = int(argv[1]), argv[2:], b""
            while argv and not argv[0].startswith("--"):
                t, h = argv[0].split(":", 1)
                payload += attr(int(t), bytes.fromhex(h))
                argv = argv[1:]
            bases[cmd] = payload
        else:
            raise SystemExit("genl.py --attack: unknown argument %s" % argv[0])
    sock.settimeout(float(os.environ.get("GENL_TIMEOUT", "20")))
    ops, pols = getpolicy(sock, family)
    pol = Policy(ops, pols)
    names = cmd_names() if family == "havs" else {}
    bad, sent, classes, accepted = [], {}, {}, []

    def send(cmd, kind, payload):
        key = "%s %s" % (op_name(cmd, names), kind)
        sent[key] = sent.get(key, 0) + 1
        try:
            return request(sock, fid, cmd, payload,
                           flags=NLM_F_DUMP if kind == "dump" else None)
        except socket.timeout:
            return None, "", []

    def verdict(cmd, kind, where, what, payload, lenient=False):
        ans = send(cmd, kind, payload)
        err, msg, rep = ans
        label = "%s %s %s: %s" % (op_name(cmd, names), kind, where, what)
        if err is None:
            bad.append("no answer: " + label)
        elif err == 0:
            if lenient:
                accepted.append(label)
                return True
            bad.append("accepted: %s (%s)" % (label, payload.hex()))
        elif not msg:
            bad.append("refused without a message: %s: %s (%s)" % (
                label, errno.errorcode.get(err, str(err)), payload.hex()))
        else:
            k = (op_name(cmd, names), kind, what.split(" (")[0])
            c = classes.setdefault(k, [0, set()])
            c[0] += 1
            c[1].add(errno.errorcode.get(err, str(err)))
        return False

    for cmd in sorted(ops):
        for kind, idx in sorted(ops[cmd].items()):
            base_bytes = bases.get(cmd, b"") if kind == "do" else b""
            base = tree(pol, idx, base_bytes)
            err, msg, _ = send(cmd, kind, base_bytes) if base_bytes or \
                kind == "dump" else (None, "", [])
            base_ok = err == 0
            if base_bytes:
                print("base %s %s: %s" % (op_name(cmd, names), kind,
                      "accepted" if base_ok else "error %s: %s" % (
                          errno.errorcode.get(err, err), msg)))

            def restore(did):
                if did and base_ok:
                    send(cmd, kind, base_bytes)

            # every attribute at every level, reached through its nests
            todo = [([], idx, 0)]
            while todo:
                path, pidx, depth = todo.pop(0)
                maxtype = pol.maxtype.get(pidx, 0)
                where0 = "/".join(map(str, path)) or "top"
                for t, pa in sorted(pols.get(pidx, {}).items()):
                    where = "%s/%d" % (where0, t) if path else str(t)
                    rnd = random.Random("%d %d %s %s" % (seed, cmd, kind,
                                                         where))
                    for what, data, nest in variants(pol, pa, rnd, nrandom):
                        bad_node = [t, nest, data]
                        verdict(cmd, kind, where, what, encode(embed(
                            base, path, lambda l: [n for n in l if
                                                   n[0] != t] + [bad_node])))
                        # duplicated, one copy malformed, both orders
                        have = [n for n in find(base, path) if n[0] == t]
                        good = have[0] if have else \
                            [t, pa["type"] == "nested",
                             [] if pa["type"] == "nested" else pol.sample(pa)]
                        for order, pair in (("first", [bad_node, good]),
                                            ("second", [good, bad_node])):
                            verdict(cmd, kind, where,
                                    "duplicate, malformed %s: %s" % (order,
                                                                     what),
                                    encode(embed(base, path, lambda l: [
                                        n for n in l if n[0] != t] + pair)))
                    if pa["type"] == "nested":
                        restore(verdict(cmd, kind, where, "empty nest",
                                        encode(embed(base, path, lambda l: [
                                            n for n in l if n[0] != t] +
                                            [[t, True, b""]])), True))
                        if pa["idx"] is not None and depth < 4:
                            todo.append((path + [t], pa["idx"], depth + 1))
                    if pa["type"] == "binary":
                        for n in (0, 1, 5):
                            if pol.valid(pa, b"\x01" * n, False):
                                restore(verdict(
                                    cmd, kind, where,
                                    "binary of %d bytes (policy allows)" % n,
                                    encode(embed(base, path, lambda l: [
                                        x for x in l if x[0] != t] +
                                        [[t, False, b"\x01" * n]])), True))
                # types the policy does not list (unspec, reject), type 0,
                # and one past the maxtype
                listed = pols.get(pidx, {})
                for t in [0] + list(range(1, maxtype + 2)):
                    if t in listed:
                        continue
                    what = "type 0" if t == 0 else \
                        "type %d past maxtype %d" % (t, maxtype) \
                        if t > maxtype else "unlisted type %d" % t
                    for nest, data in ((False, b"\0\0\0\0"),
                                       (True, attr(1, b"\0\0\0\0"))):
                        verdict(cmd, kind, "%s/%d" % (where0, t) if path
                                else str(t),
                                what + (" (nested)" if nest else ""),
                                encode(embed(base, path, lambda l:
                                             l + [[t, nest, data]])))
            # missing: each attribute of the base request removed in turn
            for path, t in sorted(set((tuple(p), t) for p, t in walk(base)),
                                  key=str):
                path = list(path)
                where = "/".join(map(str, path + [t]))
                restore(verdict(cmd, kind, where, "missing",
                                encode(embed(base, path, lambda l: [
                                    n for n in l if n[0] != t])), True))
            if base_bytes or kind == "dump":
                err2, msg2, _ = send(cmd, kind, base_bytes)
                if (err2 == 0) != base_ok or (err and err2 != err):
                    bad.append("%s %s: the base request was answered %s "
                               "before and %s after" % (
                                   op_name(cmd, names), kind, err, err2))

    for (name, kind, what), (count, errs) in sorted(classes.items()):
        print("ok %s %s refused with a message: %s x%d (%s)" % (
            name, kind, what, count, " ".join(sorted(errs))))
    for a in accepted:
        print("accepted (may be valid): " + a)
    for b in bad:
        print("FAIL " + b)
    print("requests: " + ", ".join("%s %d" % kv for kv in sorted(sent.items())))
    print("summary: %d requests, %d commands, %d refused with a message, "
          "%d accepted where that may be valid, %d failures" % (
              sum(sent.values()), len(ops), sum(c[0] for c in
                                                 classes.values()),
              len(accepted), len(bad)))
    return 1 if bad else 0


def find(base, path):
    for t in path:
        nxt = [n for n in base if n[0] == t and n[1] and
               isinstance(n[2], list)]
        if not nxt:
            return []
        base = nxt[0][2]
    return base


def walk(nodes, path=()):
    for t, nest, v in nodes:
        yield list(path), t
        if isinstance(v, list):
            yield from walk(v, path + (t,))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
