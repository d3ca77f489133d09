#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Send one raw generic netlink request and print the kernel's answer.

Lets scenarios send what havsadm never would: unknown commands, unknown or
malformed attributes, wrong header versions. Prints one line:
  "ack" | "reply ATTR=HEX ..." | "error ERRNO_NAME: EXTACK-MESSAGE"

usage: genl.py [--family havs] [--version N] [--where] CMD [TYPE:HEX ...]
       genl.py [--family havs] --random N CMD
  --random N: send N requests of CMD, each with 1-4 random attributes
  (random types and payloads, seeded from N), and print one line per
  distinct answer: "COUNT error ERRNO: MESSAGE".
  --where: after an error's message, the type of the attribute the kernel
  pointed at, if it did: " [at attribute TYPE]" (nested types are those of
  their own nest).
"""
import errno
import random
import socket
import struct
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


def request(sock, ftype, cmd, payload, version=1, seq=[0]):
    seq[0] += 1
    body = struct.pack("BBH", cmd, version, 0) + payload
    msg = struct.pack("IHHII", 16 + len(body), ftype, NLM_F_REQUEST | NLM_F_ACK,
                      seq[0], 0) + body
    sock.send(msg)
    request.sent = msg
    replies = []
    while True:
        data = sock.recv(65536)
        while data:
            mlen, mtype, mflags, _, _ = struct.unpack("IHHII", data[:16])
            payload = data[16:mlen]
            data = data[(mlen + 3) & ~3:]
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


def main(argv):
    family = "havs"
    if argv[:1] == ["--family"]:
        family, argv = argv[1], argv[2:]
    version = 1
    if argv[:1] == ["--version"]:
        version, argv = int(argv[1]), argv[2:]
    request.where = False
    if argv[:1] == ["--where"]:
        request.where, argv = True, argv[1:]
    nrandom = 0
    if argv[:1] == ["--random"]:
        nrandom, argv = int(argv[1]), argv[2:]
    cmd = int(argv[0])
    payload = b""
    for a in argv[1:]:
        t, h = a.split(":", 1)
        payload += attr(int(t), bytes.fromhex(h))
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
    s.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
    s.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
    s.bind((0, 0))
    err, msg, rep = request(s, GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
                            attr(CTRL_ATTR_FAMILY_NAME, family.encode() + b"\0"))
    if err:
        print("error %s: family %s not found" % (errno.errorcode[err], family))
        return 1
    fid = struct.unpack("H", rep[0][CTRL_ATTR_FAMILY_ID][:2])[0]
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


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
