#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""HTTP servers that misbehave on purpose, to probe a prober with.

usage: hostile_httpd.py ADDR:PORT=BEHAVIOUR ...

One listener per argument, all in one process; each answers every
connection with its behaviour:
  good      200 with body "ok"
  silent    accepts, reads, never answers
  trickle   a valid 200 head announcing a long body, then one byte every
            200 ms, never ending
  flood     a 200 head without length, then body bytes as fast as the
            socket takes them, never ending
  malformed "HTTP/1.1 2x0 OK": a status line that is not one
  bigheader a header line of 1 MiB
  reset     half a status line, then a TCP reset
  garbage   4 KiB of random bytes, then close
Prints "ready" once every listener is bound.
"""
import asyncio
import os
import socket
import struct
import sys


async def serve(behaviour, reader, writer):
    try:
        await asyncio.wait_for(reader.read(4096), 5)
        if behaviour == "good":
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"
                         b"Connection: close\r\n\r\nok")
        elif behaviour == "silent":
            await asyncio.sleep(3600)
        elif behaviour == "trickle":
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n")
            while True:
                await writer.drain()
                writer.write(b"o")
                await asyncio.sleep(0.2)
        elif behaviour == "flood":
            writer.write(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n")
            chunk = b"x" * 65536
            while True:
                writer.write(chunk)
                await writer.drain()
        elif behaviour == "malformed":
            writer.write(b"HTTP/1.1 2x0 OK\r\nContent-Length: 2\r\n\r\nok")
        elif behaviour == "bigheader":
            writer.write(b"HTTP/1.1 200 OK\r\nX-Big: " + b"a" * (1 << 20) +
                         b"\r\nContent-Length: 2\r\n\r\nok")
        elif behaviour == "reset":
            writer.write(b"HTTP/1.1 2")
            await writer.drain()
            sock = writer.get_extra_info("socket")
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                            struct.pack("ii", 1, 0))
        elif behaviour == "garbage":
            writer.write(os.urandom(4096))
        await writer.drain()
    except (ConnectionError, asyncio.TimeoutError):
        pass
    finally:
        writer.close()


async def main(specs):
    servers = []
    for spec in specs:
        addr, behaviour = spec.split("=")
        host, port = addr.rsplit(":", 1)
        servers.append(await asyncio.start_server(
            lambda r, w, b=behaviour: serve(b, r, w), host, int(port),
            reuse_address=True))
    print("ready", flush=True)
    await asyncio.gather(*(s.serve_forever() for s in servers))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    asyncio.run(main(sys.argv[1:]))
