#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# Regenerate the checked-in seed corpora of tests/fuzz/corpus/: valid and
# near-valid VRRP adverts (checksums computed here, independently of
# kmod/vrrp_pkt.c), HTTP replies with their expectations, status code
# specs, havsadm argument lists and DNS, TLS and SMTP replies.
# Deterministic: running it again gives the same files. Input layouts are described at the top of each
# tests/fuzz/fuzz_*.c.
#
#   tests/fuzz/make-seeds.py [CORPUS_DIR]    (default: tests/fuzz/corpus)
import ipaddress
import os
import shutil
import struct
import sys

PROTO = 112


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def addr(a):
    return ipaddress.ip_address(a).packed


def advert(ver, vrid, prio, interval, addrs, src, dst, pseudo=True,
           auth=b"\0" * 8, csum_ok=True):
    """A VRRP message (RFC 3768 v2, RFC 9568 v3), checksum filled in."""
    body = b"".join(addr(a) for a in addrs)
    if ver == 2:
        hdr = struct.pack("!BBBBBBH", 0x21, vrid, prio, len(addrs), 0,
                          interval // 100, 0)
        msg = hdr + body + auth
        c = csum(msg)
    else:
        hdr = struct.pack("!BBBBHH", 0x31, vrid, prio, len(addrs),
                          interval, 0)
        msg = hdr + body
        s, d = addr(src), addr(dst)
        if len(s) == 16:
            ph = s + d + struct.pack("!IxxxB", len(msg), PROTO)
        elif pseudo:
            ph = s + d + struct.pack("!xBH", PROTO, len(msg))
        else:
            ph = b""
        c = csum(ph + msg)
    if not csum_ok:
        c ^= 0x0101
    return msg[:6] + struct.pack("!H", c) + msg[8:]


def vrrp_input(msg, src, dst, v6=False, no_pseudo=False, ttl=None, ctl=0):
    """fuzz_vrrp's input: control byte, [TTL], addresses, message."""
    ctl |= (0x01 if v6 else 0) | (0x02 if no_pseudo else 0)
    out = bytes([ctl | (0x40 if ttl is not None else 0)])
    if ttl is not None:
        out += bytes([ttl])
    return out + addr(src) + addr(dst) + msg


def vrrp_seeds():
    s4, d4 = "192.0.2.1", "224.0.0.18"
    s6, d6 = "fe80::a", "ff02::12"
    vip4 = ["192.0.2.100", "192.0.2.101"]
    vip6 = ["fe80::1", "2001:db8::100"]
    seeds = {
        "v2-ipv4": vrrp_input(advert(2, 51, 100, 100, vip4[:1], s4, d4),
                              s4, d4),
        "v3-ipv4": vrrp_input(advert(3, 51, 100, 100, vip4, s4, d4), s4, d4),
        "v3-ipv4-no-pseudo": vrrp_input(
            advert(3, 51, 100, 100, vip4, s4, d4, pseudo=False), s4, d4,
            no_pseudo=True),
        # Sent without the pseudo-header, expected with it.
        "v3-ipv4-csum-variant": vrrp_input(
            advert(3, 51, 100, 100, vip4, s4, d4, pseudo=False), s4, d4),
        "v3-ipv6": vrrp_input(advert(3, 7, 200, 100, vip6, s6, d6), s6, d6,
                              v6=True),
        "v3-ipv6-not-linklocal": vrrp_input(
            advert(3, 7, 200, 100, vip6[::-1], s6, d6), s6, d6, v6=True),
        "v3-ipv4-owner-max-interval": vrrp_input(
            advert(3, 255, 255, 4095, vip4[:1], s4, d4), s4, d4),
        "v3-ipv4-prio0-no-addrs": vrrp_input(
            advert(3, 1, 0, 100, [], s4, d4), s4, d4),
        "v2-ipv4-7-addrs": vrrp_input(
            advert(2, 9, 100, 25500, ["10.0.0.%d" % i for i in range(1, 8)],
                   s4, d4), s4, d4),
        "v2-ipv4-auth": vrrp_input(
            advert(2, 51, 100, 100, vip4[:1], s4, d4, auth=b"secret\0\0"),
            s4, d4),
        "v3-ipv4-bad-csum": vrrp_input(
            advert(3, 51, 100, 100, vip4, s4, d4, csum_ok=False), s4, d4),
        "v3-ipv4-ttl64": vrrp_input(advert(3, 51, 100, 100, vip4, s4, d4),
                                    s4, d4, ttl=64),
        # BSD CARP: version 2, 36 bytes, authlen 7.
        "carp": vrrp_input(bytes([0x21, 1, 0, 7]) + bytes(32), s4, d4),
        # Harness fix-ups: version 3, address count and checksum set.
        "fixup-v3-ipv6": vrrp_input(
            bytes([0, 7, 100, 0, 0, 100, 0, 0]) + addr("fe80::99"), s6, d6,
            v6=True, ctl=0x38),
    }
    return seeds


def http_input(reply, flags=0, max_bytes=None, codes=None, needle=None,
               pieces=b"", eof=False):
    """fuzz_http's input: flags, [max], [codes], [needle], pieces, reply."""
    out = b""
    if max_bytes is not None:
        flags |= 0x08
        out += struct.pack("!I", max_bytes)[1:]
    if codes is not None:
        flags |= 0x02
        out += bytes([len(codes)]) + codes
    if needle is not None:
        flags |= 0x04
        out += bytes([len(needle)]) + needle
    if eof:
        flags |= 0x10
    return bytes([flags]) + out + bytes([len(pieces)]) + pieces + reply


def http_seeds():
    ok = b"HTTP/1.1 200 OK\r\n"
    return {
        "200-plain": http_input(ok + b"Server: x\r\n\r\n"),
        "200-content-length": http_input(
            ok + b"Content-Length: 7\r\nContent-Type: text/plain\r\n\r\n"
            b"alive\r\n", needle=b"alive", pieces=b"\x05\x11\x01"),
        "200-chunked": http_input(
            ok + b"Transfer-Encoding: chunked\r\n\r\n"
            b"3\r\nali\r\n2;ext=1\r\nve\r\n0\r\nTrailer: x\r\n\r\n",
            needle=b"alive", pieces=b"\x03\x00\x07"),
        "200-gzip-chunked": http_input(
            ok + b"Transfer-Encoding: gzip, chunked\r\n"
            b"Content-Length: 99\r\n\r\n"
            b"A \r\n0123456789\r\n0\r\n\r\n", needle=b"5678"),
        "200-until-close": http_input(
            b"HTTP/1.0 200 OK\r\n\r\nstatus: ok\n", needle=b"ok", eof=True),
        "503-not-accepted": http_input(
            b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\n\r\n",
            codes=b"200-299"),
        "302-codes": http_input(
            b"HTTP/1.1 302 Found\r\nLocation: /x\r\n\r\n",
            codes=b"200,301-302"),
        "head-no-body": http_input(
            ok + b"Content-Length: 1000\r\n\r\n", flags=0x01,
            needle=b"never"),
        "100-continue": http_input(
            b"HTTP/1.1 100 Continue\r\n\r\n" + ok +
            b"Content-Length: 2\r\n\r\nok", needle=b"ok"),
        "bare-lf": http_input(b"HTTP/1.1 204 No Content\nX: y\n\n",
                              needle=b"x"),
        "too-big": http_input(ok + b"Content-Length: 100\r\n\r\n" +
                              b"x" * 100, max_bytes=64, needle=b"y"),
        "cl-conflict": http_input(ok + b"Content-Length: 2, 3\r\n\r\nok",
                                  needle=b"ok"),
        "truncated": http_input(ok + b"Content-Length: 10\r\n\r\nok",
                                needle=b"zz", eof=True),
        "needle-kmp": http_input(ok + b"Content-Length: 12\r\n\r\n"
                                 b"aabaabaaabaa", needle=b"aabaaab"),
        # One byte over HAVS_HTTP_LINE_MAX (8192, CRLF included).
        "header-line-8193": http_input(
            ok + b"X: " + b"a" * 8188 + b"\r\n\r\n"),
        "chunk-line-8193": http_input(
            ok + b"Transfer-Encoding: chunked\r\n\r\n1;" +
            b"e" * 8189 + b"\r\nx\r\n0\r\n\r\n", needle=b"x"),
    }


def codes_seeds():
    specs = ["200", "200-299", "200,301-302", "404-404", "100-599",
             "100-101,102-103,104-105,106-107,108-109,110-111,112-113,"
             "114-115", "200,201,202,203,204,205,206,207,208", "2000",
             "200,", "299-200"]
    return {"spec-%02d" % i: s.encode() for i, s in enumerate(specs)}


def havsadm_seeds():
    lists = {
        "vrrp-add-ipv4": "dev eth0 vrid 51 address 192.0.2.100 priority 150"
                         " interval 1s",
        "vrrp-add-ipv6": "dev eth0 vrid 7 address fe80::1 address "
                         "2001:db8::100 version 3 checksum rfc interval 100ms",
        "vrrp-add-v2": "dev eth0 vrid 1 version 2 interval 2 address 10.0.0.1"
                       " preempt off preempt-delay 30.5s checksum v2",
        "vrrp-unicast-track": "dev bond0 vrid 9 address 192.0.2.9 peer "
                              "192.0.2.2 peer 192.0.2.3 track-dev eth1 weight "
                              "-50 track-object web:80 weight 20 sync-group "
                              "g1 name vr9 accept off family inet",
        "vrrp-del": "dev eth0 vrid 51 family inet6",
        "check-http": "tcp 10.0.0.100:80 type http path /health host "
                      "www.example.com status 200,301-302 expect ok "
                      "interval 5s timeout 2s rise 2 fall 3",
        "check-udp": "udp [2001:db8::1]:53 type udp payload ping retry "
                     "1.5s slowstart 1m initial down port 5353",
        "check-fwmark": "fwmark 10 inet6 type tcp track web track-min 2 "
                        "conns expire sorry [2001:db8::9]:80",
        "check-sctp": "sctp 192.0.2.10:3868 sorry 192.0.2.11:3868 conns "
                      "keep",
    }
    # One over each limit of tools/havsadm.h.
    lists["vrrp-33-addrs"] = "dev eth0 vrid 1 " + " ".join(
        "address 10.0.0.%d" % i for i in range(1, 34))
    lists["vrrp-17-peers"] = "dev eth0 vrid 1 " + " ".join(
        "peer 10.0.1.%d" % i for i in range(1, 18))
    lists["vrrp-17-tracks"] = "dev eth0 vrid 1 " + " ".join(
        "track-object t%d weight -%d" % (i, i) for i in range(1, 18))
    lists["vrrp-v2-inet6"] = "dev eth0 vrid 1 family inet6 version 2"
    lists["vrrp-peer-family"] = "dev eth0 vrid 1 address 10.0.0.1 peer fe80::2"
    lists["check-payload-513"] = "udp 10.0.0.1:53 type udp payload " + \
        "p" * 513
    return {k: ("\n".join(v.split()) + "\n").encode()
            for k, v in lists.items()}


def dns_name(name):
    out = b""
    for label in name.rstrip(".").split("."):
        out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def dns_reply(qid, name, rcode=0, answers=(), tc=False, qtype=1):
    """A DNS reply (RFC 1035 4.1): the question, then A/AAAA answers
    that point back at it (0xc00c)."""
    flags = 0x8180 | rcode | (0x0200 if tc else 0)
    msg = struct.pack("!HHHHHH", qid, flags, 1, len(answers), 0, 0)
    msg += dns_name(name) + struct.pack("!HH", qtype, 1)
    for a in answers:
        data = addr(a)
        msg += struct.pack("!HHHIH", 0xC00C, 1 if len(data) == 4 else 28, 1,
                           60, len(data)) + data
    return msg


def proto_seeds():
    """Inputs of fuzz_proto.c: dns (byte 0 = 0), tls (1), smtp (2)."""
    s = {}
    a4 = addr("10.0.0.53") + b"\0" * 12
    a6 = addr("2001:db8::53")
    s["dns-ok"] = b"\0\0" + a4 + b"www.example.com\0" + \
        dns_reply(0x1234, "www.example.com")
    s["dns-answer4"] = b"\0\x10" + a4 + b"www.example.com\0" + \
        dns_reply(0x1234, "www.example.com", answers=["10.0.0.53"])
    s["dns-answer6"] = b"\0\x20" + a6 + b"www.example.com\0" + \
        dns_reply(0x1234, "www.example.com", answers=["2001:db8::53"], qtype=28)
    s["dns-nxdomain"] = b"\0\x03" + a4 + b"nx.example\0" + \
        dns_reply(7, "nx.example", rcode=3)
    s["dns-tc"] = b"\0\x10" + a4 + b"a.b\0" + dns_reply(9, "a.b", tc=True)
    s["dns-root"] = b"\0\0" + a4 + b".\0" + \
        struct.pack("!HHHHHH", 5, 0x8180, 1, 0, 0, 0) + b"\0\0\x02\0\x01"
    hello = bytes([22, 3, 3, 0, 0x5a, 2, 0, 0, 0x56, 3, 3]) + b"\0" * 32
    s["tls-server-hello"] = b"\x01example.org\0" + hello
    s["tls-alert"] = b"\x01\0" + bytes([21, 3, 3, 0, 2, 2, 40])
    s["tls-plain"] = b"\x01\0" + b"220 mail ESMTP\r\n"
    smtp = (b"220 mx.example ESMTP\r\n"
            b"250-mx.example\r\n250-PIPELINING\r\n250 8BITMIME\r\n"
            b"221 bye\r\n")
    s["smtp-ehlo"] = b"\x02" + smtp
    s["smtp-helo"] = b"\x02" + (b"220 old\n500 what\n250 ok\n221 bye\n")
    s["smtp-554"] = b"\x02" + b"554 go away\r\n"
    s["smtp-mixed-codes"] = b"\x02" + b"220-a\r\n221 b\r\n"
    return s


def main():
    top = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(top, "corpus")
    for target, seeds in (("fuzz_vrrp", vrrp_seeds()),
                          ("fuzz_http", http_seeds()),
                          ("fuzz_codes", codes_seeds()),
                          ("fuzz_havsadm", havsadm_seeds()),
                          ("fuzz_proto", proto_seeds())):
        d = os.path.join(out, target)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        for name, data in seeds.items():
            with open(os.path.join(d, name), "wb") as f:
                f.write(data)
        print("%s: %d seeds" % (d, len(seeds)))


if __name__ == "__main__":
    main()
