#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Ask who has an IPv4 address and list every answer.

usage: arpprobe.py IFACE SENDER_IP TARGET_IP [WAIT_MS]
Sends one broadcast ARP request from IFACE and prints one line per reply
received within WAIT_MS (default 500): "reply SENDER_MAC SENDER_IP".
Scenarios use it to prove that exactly one director answers for a VIP.
"""
import socket
import struct
import sys
import time

ETH_P_ARP = 0x0806


def main(argv):
    iface, sip, tip = argv[0], argv[1], argv[2]
    wait = int(argv[3]) / 1000 if len(argv) > 3 else 0.5
    with open("/sys/class/net/%s/address" % iface) as f:
        mac = bytes.fromhex(f.read().strip().replace(":", ""))
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ARP))
    s.bind((iface, ETH_P_ARP))
    arp = struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, 1, mac,
                      socket.inet_aton(sip), b"\0" * 6, socket.inet_aton(tip))
    s.send(b"\xff" * 6 + mac + struct.pack("!H", ETH_P_ARP) + arp)
    end = time.time() + wait
    while True:
        left = end - time.time()
        if left <= 0:
            break
        s.settimeout(left)
        try:
            frame = s.recv(2048)
        except socket.timeout:
            break
        op, sha, spa = struct.unpack("!6xH6s4s", frame[14:32])
        if op == 2 and spa == socket.inet_aton(tip):
            print("reply %s %s" % (":".join("%02x" % b for b in sha),
                                   socket.inet_ntoa(spa)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
