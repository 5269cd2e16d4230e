#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""rpccall.py - send one ONC RPC call to the portmapper and print the reply.

usage: rpccall.py [--tcp] [--sport N] [--prog P] HOST VERS PROC [ARG...]

Each ARG is u:N (an unsigned 32-bit integer) or s:TEXT (an XDR string).
Prints one line: "SUCCESS <results as hex>", the accept status name
(e.g. "GARBAGE_ARGS"), "DENIED AUTH_ERROR <stat>", "DENIED RPC_MISMATCH"
or "NO_REPLY", and exits 0 when a reply came.  Used by the integration
tests for calls libtirpc's client API cannot make (from another host, a
chosen source port, malformed arguments).
"""
import argparse
import random
import socket
import struct
import sys

ACCEPT = ["SUCCESS", "PROG_UNAVAIL", "PROG_MISMATCH", "PROC_UNAVAIL",
          "GARBAGE_ARGS", "SYSTEM_ERR"]


def xdr_args(args):
    out = b""
    for a in args:
        kind, _, val = a.partition(":")
        if kind == "u":
            out += struct.pack(">I", int(val, 0))
        elif kind == "s":
            data = val.encode()
            pad = (4 - len(data) % 4) % 4
            out += struct.pack(">I", len(data)) + data + b"\0" * pad
        else:
            raise SystemExit("bad argument %r" % a)
    return out


def describe(reply, xid):
    if len(reply) < 12:
        return "SHORT"
    rxid, mtype, stat = struct.unpack(">III", reply[:12])
    if rxid != xid or mtype != 1:
        return "NOT_OUR_REPLY"
    if stat == 1:
        reject, = struct.unpack(">I", reply[12:16])
        if reject == 1:
            return "DENIED AUTH_ERROR %d" % struct.unpack(">I", reply[16:20])
        return "DENIED RPC_MISMATCH"
    vlen, = struct.unpack(">I", reply[16:20])
    off = 20 + (vlen + 3) // 4 * 4
    astat, = struct.unpack(">I", reply[off:off + 4])
    name = ACCEPT[astat] if astat < len(ACCEPT) else str(astat)
    if astat == 0:
        return "SUCCESS " + reply[off + 4:].hex()
    return name


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--tcp", action="store_true")
    p.add_argument("--sport", type=int, default=0)
    p.add_argument("--prog", type=int, default=100000)
    p.add_argument("--timeout", type=float, default=3.0)
    p.add_argument("host")
    p.add_argument("vers", type=int)
    p.add_argument("proc", type=int)
    p.add_argument("args", nargs="*")
    a = p.parse_args()

    xid = random.getrandbits(32)
    msg = struct.pack(">10I", xid, 0, 2, a.prog, a.vers, a.proc, 0, 0, 0, 0)
    msg += xdr_args(a.args)
    family = socket.AF_INET6 if ":" in a.host else socket.AF_INET
    kind = socket.SOCK_STREAM if a.tcp else socket.SOCK_DGRAM
    s = socket.socket(family, kind)
    s.settimeout(a.timeout)
    if a.sport:
        s.bind(("", a.sport))
    try:
        s.connect((a.host, 111))
        if a.tcp:
            s.sendall(struct.pack(">I", 0x80000000 | len(msg)) + msg)
            hdr = s.recv(4, socket.MSG_WAITALL)
            size = struct.unpack(">I", hdr)[0] & 0x7fffffff
            reply = s.recv(size, socket.MSG_WAITALL)
        else:
            s.send(msg)
            reply = s.recv(65536)
    except (socket.timeout, ConnectionError, struct.error):
        print("NO_REPLY")
        return 1
    print(describe(reply, xid))
    return 0


if __name__ == "__main__":
    sys.exit(main())
