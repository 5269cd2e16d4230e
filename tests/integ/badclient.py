#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""badclient.py - feed malformed input to the portmapper, for the
integration tests.

The daemon must answer nonsense with an RPC error, by dropping it or by
closing the connection, and must keep serving everyone else.  Each
subcommand prints one result line and exits 0 when the daemon behaved,
1 when it did not (2: usage error).

    udp-garbage          garbage datagrams to 127.0.0.1:111
    tcp-oversize         a record mark announcing 1,000,000 bytes
    tcp-bad-xdr          a SET with truncated arguments, then a NULL
    slowloris SECONDS    half a record, then nothing
    drip N INTERVAL SECONDS READY
                         N connections each sending a byte of a record
                         that never ends every INTERVAL s, for at most
                         SECONDS; READY is created once all have begun
    local-garbage [PATH] the udp-garbage probes as records over AF_UNIX
                         (default /run/rpcbind.sock, @NAME: abstract)
    tcp-many N           N idle connections, then a UDP NULL call
    dump-flood N STALLED GO [read|hold]
                         registers DUMP_PROGS programs, then pipelines up
                         to N RPCBIND DUMPs on one TCP connection without
                         reading; STALLED is created once the daemon takes
                         no more; then reads every reply once GO appears
                         (read), or waits to be closed (hold)

Only the standard library: the tests run it as is.
"""

import argparse
import os
import random
import resource
import select
import socket
import struct
import sys
import time

HOST = '127.0.0.1'
PORT = 111
LOCAL_PATH = '/run/rpcbind.sock'

PMAP_PROG = 100000
PMAPPROC_NULL = 0
PMAPPROC_SET = 1
RPCBPROC_SET = 1
RPCBPROC_DUMP = 4
ECHO_PROG = 0x20000099

CALL, REPLY = 0, 1
MSG_ACCEPTED, MSG_DENIED = 0, 1
SUCCESS, GARBAGE_ARGS = 0, 4
ACCEPT_STAT = {0: 'SUCCESS', 1: 'PROG_UNAVAIL', 2: 'PROG_MISMATCH',
               3: 'PROC_UNAVAIL', 4: 'GARBAGE_ARGS', 5: 'SYSTEM_ERR'}
REJECT_STAT = {0: 'RPC_MISMATCH', 1: 'AUTH_ERROR'}

LAST_FRAGMENT = 0x80000000
REPLY_WAIT = 0.3        # seconds to wait for an answer to one probe
CALL_TIMEOUT = 2.0      # seconds for a call that must be answered
OVERSIZE = 1000000
OVERSIZE_WAIT = 5.0
LONG_NETID = 1000      # fits a datagram, not a netid
BIG_NETID = 10000      # fits neither
MANY_SETTLE = 1.0
DUMP_PROGS = 50
DUMP_PROG_BASE = 0x30290000
STALL = 0.5             # seconds without progress that make a stall


class BadReply(Exception):
    """The daemon sent bytes that are not a well-formed RPC reply."""


# ---------------------------------------------------------------- XDR

def u32(*values):
    return b''.join(struct.pack('>I', v & 0xffffffff) for v in values)


def xdr_string(s):
    pad = -len(s) % 4
    return u32(len(s)) + s + b'\0' * pad


def call(xid, prog, vers, proc, args=b'', rpcvers=2):
    """An RPC call message with AUTH_NONE credentials and verifier."""
    return u32(xid, CALL, rpcvers, prog, vers, proc, 0, 0, 0, 0) + args


def frame(record):
    """One record, as a single last fragment (RFC 5531 section 11)."""
    return u32(LAST_FRAGMENT | len(record)) + record


def parse_reply(data):
    """Return (xid, status, results) of a reply; raise BadReply."""
    if len(data) < 12:
        raise BadReply('%d-byte reply' % len(data))
    xid, mtype, stat = struct.unpack_from('>III', data)
    if mtype != REPLY:
        raise BadReply('msg_type %d in a reply' % mtype)
    if stat == MSG_DENIED:
        return xid, parse_denied(data[12:]), b''
    if stat != MSG_ACCEPTED:
        raise BadReply('reply_stat %d' % stat)
    if len(data) < 20:
        raise BadReply('truncated verifier')
    vlen = struct.unpack_from('>I', data, 16)[0]
    off = 20 + vlen + (-vlen % 4)
    if vlen > 400 or len(data) < off + 4:
        raise BadReply('bad verifier length %d' % vlen)
    astat = struct.unpack_from('>I', data, off)[0]
    if astat not in ACCEPT_STAT:
        raise BadReply('accept_stat %d' % astat)
    return xid, ACCEPT_STAT[astat], data[off + 4:]


def parse_denied(body):
    if len(body) < 4:
        raise BadReply('truncated rejection')
    rstat = struct.unpack_from('>I', body)[0]
    if rstat not in REJECT_STAT:
        raise BadReply('reject_stat %d' % rstat)
    return 'DENIED:' + REJECT_STAT[rstat]


# ------------------------------------------------------------- probes

class Probe:
    """One malformed message.  @xid is None when it has none; a reply
    to it is fine if it carries an error status (or, with
    @false_ok, SUCCESS with the boolean result FALSE); @silent: it must
    not be answered at all."""

    def __init__(self, name, data, xid=None, false_ok=False, silent=False):
        self.name, self.data, self.xid = name, data, xid
        self.false_ok, self.silent = false_ok, silent

    def judge(self, reply):
        """Return (acceptable, description) of @reply to this probe."""
        try:
            xid, status, results = parse_reply(reply)
        except BadReply as e:
            return False, 'malformed reply (%s)' % e
        if self.xid is not None and xid != self.xid:
            return False, 'reply with xid %#x, sent %#x' % (xid, self.xid)
        if self.silent:
            return False, 'answered with %s' % status
        if status != 'SUCCESS':
            return True, status
        if self.false_ok and results == u32(0):
            return True, 'SUCCESS(false)'
        return False, 'SUCCESS to garbage'


def garbage_probes(rng, base):
    """The malformed messages, with xids from @base on."""
    probes = []
    xid = base
    for n in (1, 3, 7, 16, 64, 400, 1400):
        data = bytes(rng.getrandbits(8) for _ in range(n))
        if n >= 4:
            data = u32(xid) + data[4:]
        probes.append(Probe('random-%d' % n, data, xid if n >= 4 else None))
        xid += 1
    null = call(xid, PMAP_PROG, 2, PMAPPROC_NULL)
    for cut in range(4, len(null), 4):
        probes.append(Probe('header-%d' % cut, null[:cut], xid))
    xid += 1
    probes.append(Probe('cred-len-huge', u32(xid, CALL, 2, PMAP_PROG, 2,
                                             PMAPPROC_NULL, 1, 0xffffffff),
                        xid))
    xid += 1
    probes.append(Probe('rpcvers-3', call(xid, PMAP_PROG, 2, PMAPPROC_NULL,
                                          rpcvers=3), xid))
    xid += 1
    probes.append(Probe('reply', u32(xid, REPLY, MSG_ACCEPTED, 0, 0,
                                     SUCCESS), xid, silent=True))
    xid += 1
    probes.append(Probe('set-truncated', call(xid, PMAP_PROG, 2,
                                              PMAPPROC_SET, u32(ECHO_PROG, 1)),
                        xid))
    xid += 1
    for n in (LONG_NETID, BIG_NETID):
        probes.append(Probe('set-netid-%d' % n, rpcb_set_call(xid, n), xid,
                            false_ok=True))
        xid += 1
    return probes


def rpcb_set_call(xid, netid_len):
    """RPCBPROC_SET (v3) of the echo program with an absurd netid."""
    args = (u32(ECHO_PROG, 1) + xdr_string(b'x' * netid_len) +
            xdr_string(b'127.0.0.1.8.1') + xdr_string(b'superuser'))
    return call(xid, PMAP_PROG, 3, RPCBPROC_SET, args)


def new_rng():
    seed = int(os.environ.get('BADCLIENT_SEED', '0')) or \
        random.SystemRandom().getrandbits(32)
    return random.Random(seed), seed


def summary(name, ok, counts, notes):
    line = '%s %s: %s' % (name, 'ok' if ok else 'FAIL',
                          ', '.join('%s=%d' % kv for kv in counts.items()))
    if notes:
        line += ' [' + '; '.join(notes) + ']'
    print(line)
    return 0 if ok else 1


# ----------------------------------------------------------------- UDP

def udp_exchange(sock, data, wait):
    """Send @data, return every datagram that comes back within @wait."""
    sock.sendto(data, (HOST, PORT))
    replies = []
    deadline = time.monotonic() + wait
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([sock], [], [], left)[0]:
            return replies
        replies.append(sock.recv(65536))


def udp_null(xid):
    """Status of a NULL call over UDP, or None when unanswered."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        for reply in udp_exchange(s, call(xid, PMAP_PROG, 2, PMAPPROC_NULL),
                                  CALL_TIMEOUT):
            try:
                rxid, status, _ = parse_reply(reply)
            except BadReply:
                continue
            if rxid == xid:
                return status
    return None


def cmd_udp_garbage(args):
    rng, seed = new_rng()
    counts = {'probes': 0, 'dropped': 0, 'errors': 0, 'bad': 0}
    notes = ['seed %d' % seed]
    probes = garbage_probes(rng, 0x6a000000)
    by_xid = {p.xid: p for p in probes if p.xid is not None}
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        for p in probes:
            counts['probes'] += 1
            replies = udp_exchange(s, p.data, REPLY_WAIT)
            if not replies:
                counts['dropped'] += 1
            for r in replies:
                # A slow answer may arrive while we wait for the next.
                q = by_xid.get(struct.unpack_from('>I', r)[0], p) \
                    if len(r) >= 4 else p
                good, what = q.judge(r)
                counts['errors' if good else 'bad'] += 1
                notes.append('%s: %s' % (q.name, what))
    alive = udp_null(0x6a0000ff)
    notes.append('then NULL: %s' % (alive or 'no answer'))
    return summary('udp-garbage', counts['bad'] == 0 and alive == 'SUCCESS',
                   counts, notes)


# ------------------------------------------------------------- streams

def stream_connect(family=socket.AF_INET, addr=(HOST, PORT)):
    s = socket.socket(family, socket.SOCK_STREAM)
    s.settimeout(CALL_TIMEOUT)
    s.connect(addr)
    return s


def local_addr(path):
    """'@name' is the abstract socket name (leading NUL)."""
    return '\0' + path[1:] if path.startswith('@') else path


def wait_closed(sock, limit):
    """Seconds until the peer closed @sock, or None if it is still open
    after @limit seconds.  Data that arrives meanwhile is read away."""
    start = time.monotonic()
    while True:
        left = start + limit - time.monotonic()
        if left <= 0 or not select.select([sock], [], [], left)[0]:
            return None
        try:
            if not sock.recv(65536):
                return time.monotonic() - start
        except (ConnectionResetError, BrokenPipeError):
            return time.monotonic() - start


def recv_exact(sock, n, deadline):
    buf = b''
    while len(buf) < n:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([sock], [], [], left)[0]:
            raise TimeoutError
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise ConnectionResetError('closed by the server')
        buf += chunk
    return buf


def recv_record(sock, wait):
    """One whole record (fragments joined); raise TimeoutError or
    ConnectionError."""
    deadline = time.monotonic() + wait
    record = b''
    while True:
        mark = struct.unpack('>I', recv_exact(sock, 4, deadline))[0]
        record += recv_exact(sock, mark & ~LAST_FRAGMENT, deadline)
        if mark & LAST_FRAGMENT:
            return record


def stream_call(sock, xid, prog, vers, proc, args=b''):
    """Status of one call on @sock; raise on a bad or missing reply."""
    sock.sendall(frame(call(xid, prog, vers, proc, args)))
    rxid, status, _ = parse_reply(recv_record(sock, CALL_TIMEOUT))
    if rxid != xid:
        raise BadReply('xid %#x, sent %#x' % (rxid, xid))
    return status


def stream_probe(addr, p, data):
    """Outcome of @data on a fresh connection: (acceptable, text)."""
    with stream_connect(socket.AF_UNIX, addr) as s:
        try:
            s.sendall(data)
            reply = recv_record(s, REPLY_WAIT)
        except TimeoutError:
            return True, 'silent'
        except (ConnectionError, OSError):
            return True, 'closed'
    return p.judge(reply)


def cmd_local_garbage(args):
    addr = local_addr(args.path)
    rng, seed = new_rng()
    counts = {'probes': 0, 'closed': 0, 'silent': 0, 'errors': 0, 'bad': 0}
    notes = ['seed %d' % seed]
    probes = [(p, frame(p.data)) for p in garbage_probes(rng, 0x6b000000)]
    raw = Probe('unframed', bytes(rng.getrandbits(8) for _ in range(64)))
    probes.append((raw, raw.data))
    for p, data in probes:
        counts['probes'] += 1
        good, what = stream_probe(addr, p, data)
        if what in ('closed', 'silent'):
            counts[what] += 1
        else:
            counts['errors' if good else 'bad'] += 1
            notes.append('%s: %s' % (p.name, what))
    try:
        with stream_connect(socket.AF_UNIX, addr) as s:
            alive = stream_call(s, 0x6b0000ff, PMAP_PROG, 2, PMAPPROC_NULL)
    except (OSError, BadReply) as e:
        alive = 'failed (%s)' % e
    notes.append('then NULL: %s' % alive)
    return summary('local-garbage', counts['bad'] == 0 and
                   alive == 'SUCCESS', counts, notes)


def cmd_tcp_oversize(args):
    with stream_connect() as s:
        s.sendall(u32(LAST_FRAGMENT | OVERSIZE))
        took = wait_closed(s, OVERSIZE_WAIT)
    if took is None:
        print('tcp-oversize FAIL: still open after %.0f s' % OVERSIZE_WAIT)
        return 1
    print('tcp-oversize ok: closed after %.2f s' % took)
    return 0


def cmd_tcp_bad_xdr(args):
    try:
        with stream_connect() as s:
            bad = stream_call(s, 0x6c000001, PMAP_PROG, 2, PMAPPROC_SET,
                              u32(ECHO_PROG, 1))
            null = stream_call(s, 0x6c000002, PMAP_PROG, 2, PMAPPROC_NULL)
    except (OSError, BadReply) as e:
        print('tcp-bad-xdr FAIL: %s' % (e or type(e).__name__))
        return 1
    ok = bad == 'GARBAGE_ARGS' and null == 'SUCCESS'
    print('tcp-bad-xdr %s: set=%s null=%s' % ('ok' if ok else 'FAIL', bad,
                                               null))
    return 0 if ok else 1


def cmd_slowloris(args):
    record = call(0x6d000001, PMAP_PROG, 2, PMAPPROC_NULL) + b'\0' * 60
    with stream_connect() as s:
        s.sendall(u32(LAST_FRAGMENT | len(record)) +
                  record[:len(record) // 2])
        took = wait_closed(s, args.seconds)
    if took is None:
        print('slowloris FAIL: still open after %g s' % args.seconds)
        return 1
    print('slowloris ok: closed after %.2f s' % took)
    return 0


def cmd_drip(args):
    """One line per connection: "closed AFTER SENT AT" (seconds from its
    first byte to the daemon closing it, bytes sent, time.time() then),
    or "open - SENT -"."""
    endless = u32(LAST_FRAGMENT | 8000) + b'\0' * 8000
    socks = [stream_connect() for _ in range(args.n)]
    first = []
    for s in socks:
        s.sendall(endless[:1])
        first.append(time.monotonic())
    open(args.ready, 'w').close()
    sent = [1] * args.n
    closed = [None] * args.n
    give_up = time.monotonic() + args.seconds
    while None in closed and time.monotonic() < give_up:
        time.sleep(args.interval)
        for i, s in enumerate(socks):
            if closed[i] is not None:
                continue
            try:
                if not is_open(s):
                    raise ConnectionResetError
                s.send(endless[sent[i]:sent[i] + 1])
                sent[i] += 1
            except OSError:
                closed[i] = (time.monotonic() - first[i], time.time())
    for i, s in enumerate(socks):
        s.close()
        if closed[i] is None:
            print('open - %d -' % sent[i])
        else:
            print('closed %.2f %d %.2f' % (closed[i][0], sent[i],
                                           closed[i][1]))
    return 0


def raise_fd_limit(n):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = n + 64
    if soft < want:
        new = want if hard == resource.RLIM_INFINITY else min(want, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (new, hard))


def is_open(sock):
    if not select.select([sock], [], [], 0)[0]:
        return True
    try:
        return sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) != b''
    except OSError:
        return False


def open_many(n):
    socks, failed = [], 0
    for _ in range(n):
        try:
            socks.append(stream_connect())
        except OSError:
            failed += 1
    return socks, failed


def tcp_null_status():
    try:
        with stream_connect() as s:
            return stream_call(s, 0x6e000002, PMAP_PROG, 2, PMAPPROC_NULL)
    except (OSError, BadReply) as e:
        return 'failed (%s)' % (e or type(e).__name__)


def cmd_tcp_many(args):
    raise_fd_limit(args.n)
    socks, failed = open_many(args.n)
    try:
        udp = udp_null(0x6e000001) or 'no answer'
        time.sleep(MANY_SETTLE)
        still = sum(is_open(s) for s in socks)
        # Information only: whether a newcomer gets in past the cap.
        tcp = tcp_null_status()
    finally:
        for s in socks:
            s.close()
    ok = udp == 'SUCCESS'
    print('tcp-many %s: n=%d connect_failed=%d open_after_1s=%d '
          'udp_null=%s new_tcp_null=%s' % ('ok' if ok else 'FAIL', args.n,
                                           failed, still, udp, tcp))
    return 0 if ok else 1


def register_for_dump():
    """DUMP_PROGS registrations over AF_LOCAL: a DUMP reply of ~4 KB."""
    with stream_connect(socket.AF_UNIX, LOCAL_PATH) as s:
        for i in range(DUMP_PROGS):
            args = (u32(DUMP_PROG_BASE + i, 1) + xdr_string(b'tcp') +
                    xdr_string(b'127.0.0.1.8.1') + xdr_string(b'superuser'))
            if stream_call(s, 0x6f000000 + i, PMAP_PROG, 3, RPCBPROC_SET,
                           args) != 'SUCCESS':
                raise BadReply('SET %d failed' % i)


def send_until_stalled(sock, stream):
    """Bytes of @stream sent before the peer took none for STALL s.  (No
    select(): a socket takes bytes long before it polls as writable.)"""
    sent, last = 0, time.monotonic()
    while sent < len(stream) and time.monotonic() - last < STALL:
        try:
            sent += sock.send(stream[sent:sent + 65536])
            last = time.monotonic()
        except BlockingIOError:
            time.sleep(0.01)
    return sent


def cmd_dump_flood(args):
    """One line: "dump-flood ok: calls=C replies=C in_order=1" (read), or
    "dump-flood ok: closed S s after the stall" (hold)."""
    register_for_dump()
    one = frame(call(0, PMAP_PROG, 3, RPCBPROC_DUMP))
    stream = b''.join(one[:4] + u32(xid) + one[8:]
                      for xid in range(1, args.n + 1))
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # small fixed buffers: the daemon, not the kernel, must hold the rest
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 16384)
    s.connect((HOST, PORT))
    s.setblocking(False)
    sent = send_until_stalled(s, stream)
    whole, cut = divmod(sent, len(one))
    calls = whole + (cut > 0)
    print('stalled after %d calls' % calls, flush=True)
    open(args.stalled, 'w').close()
    if args.mode == 'hold':
        after = wait_closed(s, 60)
        print('dump-flood %s: closed %s s after the stall' %
              ('ok' if after is not None else 'FAIL',
               '%.1f' % after if after is not None else 'not'))
        return 0 if after is not None else 1
    while not os.path.exists(args.go):
        time.sleep(0.05)
    s.setblocking(True)
    replies, in_order = 0, True
    try:
        while replies < calls:
            if replies == whole:        # the daemon has all the rest
                s.sendall(stream[sent:calls * len(one)])
            xid, status, results = parse_reply(recv_record(s, 10))
            replies += 1
            in_order &= xid == replies and status == 'SUCCESS' and \
                len(results) > 40 * DUMP_PROGS
    except (OSError, TimeoutError, BadReply) as e:
        print('reading: %s' % (e or type(e).__name__))
    ok = replies == calls and in_order
    print('dump-flood %s: calls=%d replies=%d in_order=%d' %
          ('ok' if ok else 'FAIL', calls, replies, in_order))
    return 0 if ok else 1


def positive(s):
    v = float(s)
    if v <= 0:
        raise argparse.ArgumentTypeError('must be positive')
    return v


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    sub = ap.add_subparsers(dest='cmd', required=True)
    sub.add_parser('udp-garbage').set_defaults(run=cmd_udp_garbage)
    sub.add_parser('tcp-oversize').set_defaults(run=cmd_tcp_oversize)
    sub.add_parser('tcp-bad-xdr').set_defaults(run=cmd_tcp_bad_xdr)
    p = sub.add_parser('slowloris')
    p.add_argument('seconds', type=positive)
    p.set_defaults(run=cmd_slowloris)
    p = sub.add_parser('drip')
    p.add_argument('n', type=int)
    p.add_argument('interval', type=positive)
    p.add_argument('seconds', type=positive)
    p.add_argument('ready')
    p.set_defaults(run=cmd_drip)
    p = sub.add_parser('local-garbage')
    p.add_argument('path', nargs='?', default=LOCAL_PATH)
    p.set_defaults(run=cmd_local_garbage)
    p = sub.add_parser('tcp-many')
    p.add_argument('n', type=int)
    p.set_defaults(run=cmd_tcp_many)
    p = sub.add_parser('dump-flood')
    p.add_argument('n', type=int)
    p.add_argument('stalled')
    p.add_argument('go')
    p.add_argument('mode', nargs='?', choices=('read', 'hold'),
                   default='read')
    p.set_defaults(run=cmd_dump_flood)
    return ap.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    try:
        return args.run(args)
    except OSError as e:
        print('%s FAIL: %s' % (args.cmd, e))
        return 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
