#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""amplification.py - what a portmapper sends a non-local UDP source, per
procedure: request bytes, reply bytes, their ratio; and what a burst of
DUMPs brings back in one second.

usage: amplification.py register   (from the server's namespace)
       amplification.py probe HOST (from a peer namespace)

register: 50 registrations (PMAP v2 SET from 127.0.0.1:700), as a
realistic NFS server table would have.
probe: one call of every procedure from a non-local address, then 100
v3 DUMPs at once; prints "NAME REQUEST REPLY" lines (REPLY 0: no answer)
and "burst SENT RECEIVED".  Only the standard library.
"""
import socket
import struct
import sys
import time

PROG = 100000


def u32(*v):
    return b''.join(struct.pack('>I', x & 0xffffffff) for x in v)


def xdr_string(s):
    return u32(len(s)) + s + b'\0' * (-len(s) % 4)


def call(xid, vers, proc, args=b''):
    return u32(xid, 0, 2, PROG, vers, proc, 0, 0, 0, 0) + args


def register():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(('127.0.0.1', 700))
    s.settimeout(2)
    for i in range(50):
        s.sendto(call(i, 2, 1, u32(300000 + i, 1, 17, 20000 + i)),
                 ('127.0.0.1', 111))
        s.recv(1000)


def probes():
    rb = (u32(300001, 1) + xdr_string(b'udp') + xdr_string(b'') +
          xdr_string(b''))
    rmt = u32(300001, 1, 0) + xdr_string(b'')
    return [
        ('v2 NULL', call(1, 2, 0)),
        ('v2 GETPORT', call(2, 2, 3, u32(300001, 1, 17, 0))),
        ('v2 DUMP', call(3, 2, 4)),
        ('v2 CALLIT', call(4, 2, 5, rmt)),
        ('v3 GETADDR', call(5, 3, 3, rb)),
        ('v3 DUMP', call(6, 3, 4)),
        ('v3 CALLIT', call(7, 3, 5, rmt)),
        ('v3 GETTIME', call(8, 3, 6)),
        ('v3 UADDR2TADDR', call(9, 3, 7, xdr_string(b'10.0.0.1.0.111'))),
        ('v4 GETADDR', call(10, 4, 3, rb)),
        ('v4 DUMP', call(11, 4, 4)),
        ('v4 GETVERSADDR', call(12, 4, 9, rb)),
        ('v4 GETADDRLIST', call(13, 4, 11, rb)),
        ('v4 GETSTAT', call(14, 4, 12)),
    ]


def probe(host):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, getattr(socket, 'SO_RCVBUFFORCE', 33),
                 1 << 22)
    s.settimeout(0.5)
    for name, msg in probes():
        s.sendto(msg, (host, 111))
        try:
            reply = len(s.recv(65536))
        except socket.timeout:
            reply = 0
        print('%s %d %d' % (name.replace(' ', '_'), len(msg), reply))
        time.sleep(0.4)     # one call at a time, below any rate limit
    dump = call(0, 3, 4)
    for _ in range(100):
        s.sendto(dump, (host, 111))
    got, start = 0, time.monotonic()
    s.settimeout(0.1)
    while time.monotonic() - start < 1:
        try:
            got += len(s.recv(65536))
        except socket.timeout:
            pass
    print('burst %d %d' % (100 * len(dump), got))


if __name__ == '__main__':
    if sys.argv[1:2] == ['register']:
        register()
    elif sys.argv[1:2] == ['probe'] and len(sys.argv) == 3:
        probe(sys.argv[2])
    else:
        sys.exit(__doc__)
