#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""mutate.py - send mutated portmapper requests to a running daemon over
UDP, TCP and AF_LOCAL, and check that it keeps answering.

usage: mutate.py [--count N] [--seed S] [--local PATH]

Valid calls of every PMAP v2, RPCBIND v3 and v4 procedure are mutated
(bits flipped, words set to boundary values, cut, extended, spliced) and
sent in turn over the three transports; over the streams the record mark
is sometimes damaged too.  Every datagram reply must be a well-formed RPC
reply; a closed stream is reopened.  Every LIVENESS_EVERY requests, and at
the end on each transport, a valid call must be answered.  Prints one
summary line; exits 0 when the daemon behaved, 1 when it did not.
Only the standard library.
"""

import argparse
import random
import socket
import struct
import sys
import time

HOST = '127.0.0.1'
PORT = 111
PROG = 100000
LIVENESS_EVERY = 250
CALL_TIMEOUT = 2.0
LAST_FRAGMENT = 0x80000000
BOUNDARY = [0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0xfffffffc, 9000,
            0x10000]


def u32(*values):
    return b''.join(struct.pack('>I', v & 0xffffffff) for v in values)


def xdr_string(s):
    return u32(len(s)) + s + b'\0' * (-len(s) % 4)


def call(xid, vers, proc, args=b'', cred=u32(0, 0)):
    return u32(xid, 0, 2, PROG, vers, proc) + cred + u32(0, 0) + args


def rpcb(prog, vers, netid, uaddr, owner=b'x'):
    return (u32(prog, vers) + xdr_string(netid) + xdr_string(uaddr) +
            xdr_string(owner))


def seeds():
    """One valid call of every procedure, some with AUTH_SYS."""
    auth_sys = u32(1, 32, 7) + xdr_string(b'host') + u32(0, 0, 2, 1, 2)
    mapping = u32(0x20000123, 1, 17, 4242)
    rb = rpcb(0x20000123, 1, b'udp', b'127.0.0.1.16.146')
    callit = u32(0x20000123, 1, 0) + xdr_string(b'args')
    netbuf = u32(16) + xdr_string(bytes(16))
    out = [call(0, 2, 0), call(0, 2, 1, mapping), call(0, 2, 2, mapping),
           call(0, 2, 3, mapping), call(0, 2, 4), call(0, 2, 5, callit),
           call(0, 2, 3, mapping, auth_sys)]
    for vers in (3, 4):
        out += [call(0, vers, p, rb) for p in (1, 2, 3)]
        out += [call(0, vers, 0), call(0, vers, 4), call(0, vers, 6),
                call(0, vers, 5, callit),
                call(0, vers, 7, xdr_string(b'127.0.0.1.0.111')),
                call(0, vers, 8, netbuf), call(0, vers, 1, rb, auth_sys)]
    out += [call(0, 4, p, rb) for p in (9, 10)]
    out += [call(0, 4, 11), call(0, 4, 12, callit)]
    return out


def mutate(rng, data):
    data = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(7)
        pos = rng.randrange(len(data)) if data else 0
        if op == 0 and data:
            data[pos] ^= 1 << rng.randrange(8)
        elif op == 1 and data:
            data[pos] = rng.randrange(256)
        elif op == 2 and len(data) >= 4:
            pos -= pos % 4
            data[pos:pos + 4] = u32(rng.choice(BOUNDARY))
        elif op == 3:
            del data[rng.randrange(len(data) + 1):]
        elif op == 4:
            data += bytes(rng.randrange(256) for _ in range(rng.randrange(64)))
        elif op == 5 and data:
            end = rng.randrange(pos, len(data) + 1)
            data[pos:pos] = data[pos:end]
        elif op == 6 and data:
            del data[pos:rng.randrange(pos, len(data) + 1)]
    return bytes(data)


def well_formed(reply):
    """An RPC reply: xid, REPLY, then accepted (status 0-5) or denied."""
    if len(reply) < 16:
        return False
    mtype, stat, first = struct.unpack_from('>III', reply, 4)
    if mtype != 1:
        return False
    if stat == 1:
        return first in (0, 1)
    if stat != 0 or len(reply) < 24:
        return False
    vlen = struct.unpack_from('>I', reply, 16)[0]
    off = 20 + vlen + (-vlen % 4)
    return (vlen <= 400 and len(reply) >= off + 4 and
            struct.unpack_from('>I', reply, off)[0] <= 5)


class Stream:
    """A connection that is reopened whenever the daemon closes it."""

    def __init__(self, family, addr):
        self.family, self.addr, self.sock = family, addr, None
        self.closed = self.refused = 0

    def send(self, record):
        if self.sock is None:
            self.sock = socket.socket(self.family, socket.SOCK_STREAM)
            try:
                self.sock.connect(self.addr)
            except OSError:
                self.sock.close()
                self.sock = None
                self.refused += 1       # nobody listens any more
                return
            self.sock.setblocking(False)
        try:
            self.sock.sendall(record)
            while self.sock.recv(65536):
                pass
            self.reset()        # recv() returned b'': closed
        except BlockingIOError:
            pass
        except (ConnectionError, OSError):
            self.reset()

    def reset(self):
        self.sock.close()
        self.sock = None
        self.closed += 1

    def call(self, data):
        """A valid call on a fresh connection: its reply, or None."""
        s = socket.socket(self.family, socket.SOCK_STREAM)
        s.settimeout(CALL_TIMEOUT)
        try:
            s.connect(self.addr)
            s.sendall(u32(LAST_FRAGMENT | len(data)) + data)
            mark = s.recv(4, socket.MSG_WAITALL)
            size = struct.unpack('>I', mark)[0] & 0x7fffffff
            return s.recv(size, socket.MSG_WAITALL)
        except (OSError, struct.error):
            return None
        finally:
            s.close()


def udp_call(data):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(CALL_TIMEOUT)
    try:
        for _ in range(3):
            s.sendto(data, (HOST, PORT))
            try:
                return s.recv(65536)
            except socket.timeout:
                continue
        return None
    finally:
        s.close()


def frame(rng, record):
    """Usually one last fragment; sometimes a damaged record mark."""
    r = rng.randrange(10)
    if r == 0:
        return u32(rng.choice(BOUNDARY)) + record
    if r == 1:
        return u32(len(record)) + record        # never the last fragment
    return u32(LAST_FRAGMENT | len(record)) + record


def answered(reply, xid):
    return reply is not None and well_formed(reply) and reply[:4] == u32(xid)


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--count', type=int, default=10000)
    p.add_argument('--seed', type=int, default=None)
    p.add_argument('--local', default='/run/rpcbind.sock')
    a = p.parse_args()
    seed = a.seed if a.seed is not None else random.randrange(1 << 32)
    rng = random.Random(seed)
    base = seeds()
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.setblocking(False)
    streams = [Stream(socket.AF_INET, (HOST, PORT)),
               Stream(socket.AF_UNIX, a.local)]
    sent = [0, 0, 0]
    replies = bad = dead = 0

    for i in range(a.count):
        data = mutate(rng, rng.choice(base))
        kind = i % 3
        sent[kind] += 1
        if kind == 0:
            try:
                udp.sendto(data, (HOST, PORT))
            except OSError:
                pass            # an empty or oversized datagram
        else:
            streams[kind - 1].send(frame(rng, data))
        while True:
            try:
                reply = udp.recv(65536)
            except BlockingIOError:
                break
            replies += 1
            if not well_formed(reply):
                bad += 1
        if i % LIVENESS_EVERY == LIVENESS_EVERY - 1:
            xid = rng.randrange(1 << 32)
            if not answered(udp_call(call(xid, 2, 0)), xid):
                dead += 1
        if i % 1000 == 999:
            time.sleep(0.05)    # let the daemon's answers drain

    xid = rng.randrange(1 << 32)
    last = [answered(udp_call(call(xid, 3, 0)), xid)]
    last += [answered(s.call(call(xid, 3, 0)), xid) for s in streams]
    refused = sum(s.refused for s in streams)
    ok = bad == 0 and dead == 0 and refused == 0 and all(last)
    print('mutate (seed %d): %d requests (udp %d, tcp %d, local %d), %d '
          'datagram replies, %d malformed, %d connections closed by the '
          'daemon, %d refused, %d liveness checks missed, valid calls at '
          'the end answered over udp/tcp/local: %s' %
          (seed, a.count, sent[0], sent[1], sent[2], replies, bad,
           sum(s.closed for s in streams), refused, dead,
           '/'.join('yes' if x else 'no' for x in last)))
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
