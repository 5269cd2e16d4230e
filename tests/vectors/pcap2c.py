#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Convert the capture made by capture.sh into tests/unit/vectors.h.

usage: pcap2c.py [--info FILE] [--check] CAPTURE.pcap > vectors.h

Reads a classic pcap file (link type DLT_EN10MB, as tcpdump writes for
"lo"), decodes IPv4/IPv6 + UDP/TCP, reassembles each TCP direction and strips
RPC record marking, pairs every RPC call to port 111 with its reply by
(connection, xid) and prints a C header with one pm_vector per call, in
capture order.  A call without a reply gets reply = NULL, reply_len = 0.

UDP datagrams "MARK <label>" sent to port 9 by capture.sh label the vectors
that follow ("<step>: <decoded call>"); the capture must end with the
marker "end of capture" (proof that tcpdump lost nothing at the end).  FILE (default: capture.info next to
the pcap) supplies the provenance lines of the header comment.
With --check, only print the decoded conversation (to stdout).
Only the Python standard library is used.
"""
import os
import struct
import sys

PMAP_PORT = 111
MARK_PORT = 9
END_MARK = "end of capture"

PROCS = {
    2: ["NULL", "SET", "UNSET", "GETPORT", "DUMP", "CALLIT"],
    3: ["NULL", "SET", "UNSET", "GETADDR", "DUMP", "CALLIT", "GETTIME",
        "UADDR2TADDR", "TADDR2UADDR"],
    4: ["NULL", "SET", "UNSET", "GETADDR", "DUMP", "BCAST", "GETTIME",
        "UADDR2TADDR", "TADDR2UADDR", "GETVERSADDR", "INDIRECT",
        "GETADDRLIST", "GETSTAT"],
}
ACCEPT = ["SUCCESS", "PROG_UNAVAIL", "PROG_MISMATCH", "PROC_UNAVAIL",
          "GARBAGE_ARGS", "SYSTEM_ERR"]
PROTS = {6: "tcp", 17: "udp"}


def die(msg):
    sys.stderr.write("pcap2c: %s\n" % msg)
    sys.exit(1)


# ---------------------------------------------------------------- pcap ----

def read_pcap(path):
    """Yield (index, ts, ethernet frame)."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        die("%s: too short for a pcap file" % path)
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        endian = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        endian = ">"
    else:
        die("%s: not a classic pcap file (pcapng is not supported)" % path)
    nano = magic in (b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d")
    linktype = struct.unpack(endian + "I", data[20:24])[0] & 0x0fffffff
    if linktype != 1:
        die("link type %d, expected 1 (DLT_EN10MB)" % linktype)
    off, idx = 24, 0
    while off + 16 <= len(data):
        sec, frac, caplen, origlen = struct.unpack(endian + "IIII",
                                                   data[off:off + 16])
        off += 16
        if caplen != origlen:
            die("packet %d truncated by the capture (snaplen)" % idx)
        yield idx, sec + frac / (1e9 if nano else 1e6), data[off:off + caplen]
        off += caplen
        idx += 1


def parse_frame(frame):
    """Return (family, src, dst, proto, l4 bytes) or None."""
    if len(frame) < 14:
        return None
    if frame[0:12] != bytes(12):
        die("unexpected non-zero MAC addresses on lo")
    etype = struct.unpack("!H", frame[12:14])[0]
    ip = frame[14:]
    if etype == 0x0800:
        ihl = (ip[0] & 0x0f) * 4
        total = struct.unpack("!H", ip[2:4])[0]
        frag = struct.unpack("!H", ip[6:8])[0]
        if frag & 0x3fff:
            die("IPv4 fragment seen; not supported")
        return (4, ip[12:16], ip[16:20], ip[9], ip[ihl:total])
    if etype == 0x86DD:
        plen = struct.unpack("!H", ip[4:6])[0]
        return (6, ip[8:24], ip[24:40], ip[6], ip[40:40 + plen])
    return None


# ---------------------------------------------------------- addresses ----

def ip_text(fam, raw):
    if fam == 4:
        return ".".join(str(b) for b in raw)
    words = [struct.unpack("!H", raw[i:i + 2])[0] for i in range(0, 16, 2)]
    # RFC 5952: compress the longest run (>= 2) of zero words
    best, bestlen, i = -1, 0, 0
    while i < 8:
        if words[i] == 0:
            j = i
            while j < 8 and words[j] == 0:
                j += 1
            if j - i > bestlen and j - i >= 2:
                best, bestlen = i, j - i
            i = j
        else:
            i += 1
    if best < 0:
        return ":".join("%x" % w for w in words)
    head = ":".join("%x" % w for w in words[:best])
    tail = ":".join("%x" % w for w in words[best + bestlen:])
    return head + "::" + tail


def uaddr(fam, raw, port):
    return "%s.%d.%d" % (ip_text(fam, raw), port >> 8, port & 0xff)


# ----------------------------------------------------------------- XDR ----

class Short(Exception):
    pass


class Xdr:
    def __init__(self, buf, pos=0):
        self.buf, self.pos = buf, pos

    def u32(self):
        if self.pos + 4 > len(self.buf):
            raise Short()
        v = struct.unpack("!I", self.buf[self.pos:self.pos + 4])[0]
        self.pos += 4
        return v

    def i32(self):
        v = self.u32()
        return v - (1 << 32) if v & 0x80000000 else v

    def opaque(self):
        n = self.u32()
        end = self.pos + n
        if end > len(self.buf):
            raise Short()
        v = self.buf[self.pos:end]
        self.pos = end + (-n % 4)
        if self.pos > len(self.buf):
            raise Short()
        return v

    def string(self):
        return self.opaque().decode("latin-1")

    def done(self):
        return self.pos == len(self.buf)


def q(s):
    return '"%s"' % s


def decode_call(msg):
    """Return dict with xid, prog, vers, proc, desc (raises on non-call)."""
    x = Xdr(msg)
    xid, mtype, rpcvers, prog, vers, proc = (x.u32() for _ in range(6))
    if mtype != 0 or rpcvers != 2:
        raise ValueError("not an RPC call")
    x.u32()
    x.opaque()          # credential
    x.u32()
    x.opaque()          # verifier
    names = PROCS.get(vers, [])
    pname = names[proc] if prog == 100000 and proc < len(names) else \
        "proc %d" % proc
    head = "v%d %s" % (vers, pname) if prog == 100000 else \
        "prog %d v%d proc %d" % (prog, vers, proc)
    args = ""
    start = x.pos
    try:
        if prog != 100000 or vers not in PROCS or proc >= len(names):
            pass
        elif vers == 2 and proc in (1, 2, 3):
            p, v, prot, port = (x.u32() for _ in range(4))
            args = "%d/%d/%s" % (p, v, PROTS.get(prot, "prot %d" % prot))
            if proc == 1:
                args += " port %d" % port
        elif vers in (3, 4) and proc in (1, 2, 3, 9, 11):
            p, v = x.u32(), x.u32()
            netid, addr, owner = x.string(), x.string(), x.string()
            args = "%d/%d/%s" % (p, v, q(netid) if not netid else netid)
            if addr:
                args += " " + addr
            if proc in (1, 2):
                args += " owner " + q(owner)
            elif addr:
                args = args.replace(" " + addr, " hint " + addr)
        elif pname in ("CALLIT", "BCAST", "INDIRECT"):
            p, v, pr = x.u32(), x.u32(), x.u32()
            x.opaque()
            args = "%d/%d proc %d" % (p, v, pr)
        elif pname == "UADDR2TADDR":
            args = q(x.string())
        elif pname == "TADDR2UADDR":
            x.u32()
            args = "netbuf len %d" % len(x.opaque())
        if not x.done():
            args += " (+%d trailing bytes)" % (len(msg) - x.pos)
    except Short:
        args = "truncated args (%d bytes)" % (len(msg) - start)
    return {"xid": xid, "prog": prog, "vers": vers, "proc": proc,
            "pname": pname, "desc": (head + " " + args).strip()}


def decode_result(x, vers, pname):
    if pname in ("NULL",):
        return "void"
    if pname in ("SET", "UNSET"):
        return "TRUE" if x.u32() else "FALSE"
    if pname in ("GETPORT", "GETTIME"):
        return str(x.u32())
    if pname in ("GETADDR", "GETVERSADDR", "TADDR2UADDR"):
        return q(x.string())
    if pname == "DUMP" and vers == 2:
        out = []
        while x.u32():
            p, v, prot, port = (x.u32() for _ in range(4))
            out.append("%d/%d/%s:%d" % (p, v, PROTS.get(prot, prot), port))
        return "[" + ", ".join(out) + "]"
    if pname == "DUMP":
        out = []
        while x.u32():
            p, v = x.u32(), x.u32()
            netid, addr, owner = x.string(), x.string(), x.string()
            out.append("%d/%d/%s %s %s" % (p, v, netid, addr, owner))
        return "[" + ", ".join(out) + "]"
    if pname == "GETADDRLIST":
        out = []
        while x.u32():
            maddr, netid = x.string(), x.string()
            sem = x.u32()
            fam, proto = x.string(), x.string()
            out.append("%s %s %d %s %s" % (maddr, netid, sem, fam, proto))
        return "[" + ", ".join(out) + "]"
    if pname == "UADDR2TADDR":
        maxlen = x.u32()
        buf = x.opaque()
        return "netbuf maxlen %d len %d [%s]" % (maxlen, len(buf), buf.hex())
    if pname == "GETSTAT":
        parts = []
        for v in (2, 3, 4):
            info = [x.i32() for _ in range(13)]
            st, ust = x.i32(), x.i32()
            addrs = []
            while x.u32():
                p, vv, s, f = x.u32(), x.u32(), x.i32(), x.i32()
                addrs.append("%d/%d/%s %d/%d" % (p, vv, x.string(), s, f))
            rmts = []
            while x.u32():
                p, vv, pr, s, f, ind = (x.u32(), x.u32(), x.u32(),
                                        x.i32(), x.i32(), x.i32())
                rmts.append("%d/%d/%d/%s %d/%d/%d" % (p, vv, pr, x.string(),
                                                      s, f, ind))
            parts.append("v%d procs %s set %d unset %d addr [%s] rmt [%s]" % (
                v, info, st, ust, ", ".join(addrs), ", ".join(rmts)))
        return "; ".join(parts)
    return "(%d bytes)" % (len(x.buf) - x.pos)


def decode_reply(msg, call):
    x = Xdr(msg)
    xid, mtype = x.u32(), x.u32()
    if mtype != 1:
        raise ValueError("not an RPC reply")
    rstat = x.u32()
    if rstat == 1:
        why = x.u32()
        if why == 0:
            return "MSG_DENIED RPC_MISMATCH %d..%d" % (x.u32(), x.u32())
        return "MSG_DENIED AUTH_ERROR %d" % x.u32()
    x.u32()
    x.opaque()          # verifier
    ast = x.u32()
    name = ACCEPT[ast] if ast < len(ACCEPT) else "accept_stat %d" % ast
    if ast == 2:
        return "PROG_MISMATCH low %d high %d" % (x.u32(), x.u32())
    if ast != 0:
        return name
    try:
        res = decode_result(x, call["vers"], call["pname"])
    except Short:
        return "SUCCESS (undecodable result)"
    if not x.done():
        res += " (+%d trailing bytes)" % (len(msg) - x.pos)
    return res


# ---------------------------------------------------------- transport ----

class Stream:
    """One direction of a TCP connection: reassembly + record marking."""

    def __init__(self):
        self.next = None      # next expected sequence number
        self.pending = {}     # seq -> payload (out of order)
        self.data = b""
        self.frag = b""

    def feed(self, seq, payload, syn):
        if syn:
            self.next = (seq + 1) & 0xffffffff
            return []
        if self.next is None or not payload:
            return []
        self.pending[seq] = payload
        while True:
            for s, p in list(self.pending.items()):
                off = (s - self.next) & 0xffffffff
                if off >= 0x80000000:          # starts before next
                    over = ((self.next - s) & 0xffffffff)
                    del self.pending[s]
                    if over < len(p):
                        self.pending[self.next] = p[over:]
                    break
                if off == 0:
                    del self.pending[s]
                    self.data += p
                    self.next = (self.next + len(p)) & 0xffffffff
                    break
            else:
                break
        return self.records()

    def records(self):
        out = []
        while len(self.data) >= 4:
            hdr = struct.unpack("!I", self.data[:4])[0]
            n = hdr & 0x7fffffff
            if len(self.data) < 4 + n:
                break
            self.frag += self.data[4:4 + n]
            self.data = self.data[4 + n:]
            if hdr & 0x80000000:
                out.append(self.frag)
                self.frag = b""
        return out


def collect(path):
    """Return (calls, replies, marks, notes) in capture order."""
    msgs = []       # (idx, kind, key, local, msg)
    marks = []      # (idx, label)
    notes = []
    streams = {}
    for idx, ts, frame in read_pcap(path):
        p = parse_frame(frame)
        if p is None:
            continue
        fam, src, dst, proto, l4 = p
        if proto == 17 and len(l4) >= 8:
            sport, dport, ulen = struct.unpack("!HHH", l4[:6])
            payload = l4[8:ulen]
            if dport == MARK_PORT and payload.startswith(b"MARK "):
                marks.append((idx, payload[5:].decode()))
                continue
            net = "udp" if fam == 4 else "udp6"
        elif proto == 6 and len(l4) >= 20:
            sport, dport, seq = struct.unpack("!HHI", l4[:8])
            flags = l4[13]
            payload = l4[(l4[12] >> 4) * 4:]
            net = "tcp" if fam == 4 else "tcp6"
        else:
            continue            # ICMP (answers to the markers) etc.
        if dport == PMAP_PORT:
            kind, client, server = "call", (src, sport), (dst, dport)
        elif sport == PMAP_PORT:
            kind, client, server = "reply", (dst, dport), (src, sport)
        else:
            if payload:
                notes.append("ignored %s packet %d port %d->%d" %
                             (net, idx, sport, dport))
            continue
        key = (net, fam, client[0], client[1])
        local = uaddr(fam, server[0], PMAP_PORT)
        if net.startswith("udp"):
            recs = [payload]
        else:
            st = streams.setdefault((key, kind), Stream())
            recs = st.feed(seq, payload, bool(flags & 0x02))
        for r in recs:
            msgs.append((idx, kind, key, local, r))
    return msgs, marks, notes


def build(path):
    msgs, marks, notes = collect(path)
    if not marks or marks[-1][1] != END_MARK:
        die("no final marker %r: the capture is incomplete" % END_MARK)
    vectors, open_calls = [], {}
    for idx, kind, key, local, msg in msgs:
        xid = struct.unpack("!I", msg[:4])[0] if len(msg) >= 4 else None
        if kind == "call":
            call = decode_call(msg)
            label = ""
            for midx, text in marks:
                if midx < idx:
                    label = text
            net, fam, caddr, cport = key
            v = {"idx": idx, "net": net, "peer": uaddr(fam, caddr, cport),
                 "port": cport, "local": local, "call": msg, "reply": None,
                 "info": call, "label": label}
            vectors.append(v)
            open_calls[(key, xid)] = v
        else:
            v = open_calls.pop((key, xid), None)
            if v is None:
                notes.append("reply xid %08x without call" % xid)
                continue
            if v["local"] != local:
                notes.append("reply from %s, call to %s" % (local, v["local"]))
            v["reply"] = msg
    for v in vectors:
        c = v["info"]
        who = "privileged port %d" % v["port"] if v["port"] < 1024 else \
            "ephemeral port"
        # "3 v3 SET ephemeral" -> "3"; keep rpcinfo labels whole
        step = v["label"] if "rpcinfo" in v["label"] else \
            v["label"].split(" ")[0]
        v["name"] = "%s: %s via %s, %s" % (step, c["desc"], v["net"], who)
        v["result"] = decode_reply(v["reply"], c) if v["reply"] else \
            "no reply"
    return vectors, notes


# ------------------------------------------------------------- output ----

def c_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def c_bytes(name, data):
    out = ["static const unsigned char %s[%d] = {" % (name, len(data))]
    for i in range(0, len(data), 12):
        out.append("\t" + " ".join("0x%02x," % b for b in data[i:i + 12]))
    out.append("};")
    return "\n".join(out)


def comment_text(s):
    return s.replace("*/", "* /")


def emit(vectors, info_lines, pcap):
    o = []
    o.append("/* GENERATED by tests/vectors/pcap2c.py from %s -- do not edit."
             % os.path.basename(pcap))
    o.append(" *")
    o.append(" * Golden vectors: one conversation between libtirpc clients "
             "(tests/vectors/rawclient.c")
    o.append(" * and rpcinfo) and ONE fresh Debian rpcbind, captured on "
             "loopback by")
    o.append(" * tests/vectors/capture.sh inside a private network namespace "
             "(lo only:")
    o.append(" * 127.0.0.1/8, ::1/128).  Vectors are in capture order; replay "
             "them in order.")
    o.append(" * Record marking is stripped from TCP messages.  reply_len 0: "
             "rpcbind sent no reply.")
    o.append(" *")
    for line in info_lines:
        o.append(" * " + comment_text(line))
    o.append(" */")
    o.append("#ifndef RPCBINDNS_TEST_VECTORS_H")
    o.append("#define RPCBINDNS_TEST_VECTORS_H")
    o.append("")
    o.append("#include <stddef.h>")
    o.append("")
    o.append("struct pm_vector {")
    o.append("\tconst char *name;        /* short description */")
    o.append("\tconst char *netid;       /* transport it arrived on: "
             "\"udp\", \"tcp\", \"udp6\", \"tcp6\" */")
    o.append("\tconst char *peer_uaddr;  /* client address as a universal "
             "address */")
    o.append("\tconst char *local_uaddr; /* address the request arrived on */")
    o.append("\tconst unsigned char *call;")
    o.append("\tunsigned int call_len;   /* RPC message only: record marking "
             "stripped */")
    o.append("\tconst unsigned char *reply;")
    o.append("\tunsigned int reply_len;  /* 0: rpcbind sent no reply */")
    o.append("};")
    o.append("")
    for i, v in enumerate(vectors):
        o.append("/* %d. %s" % (i, comment_text(v["name"])))
        o.append(" *    peer %s -> %s" % (v["peer"], v["local"]))
        o.append(" *    reply: %s */" % comment_text(v["result"]))
        o.append(c_bytes("pm_call_%03d" % i, v["call"]))
        if v["reply"]:
            o.append(c_bytes("pm_reply_%03d" % i, v["reply"]))
        o.append("")
    o.append("static const struct pm_vector pm_vectors[] = {")
    for i, v in enumerate(vectors):
        reply = ("pm_reply_%03d, sizeof(pm_reply_%03d)" % (i, i)
                 if v["reply"] else "NULL, 0")
        o.append("\t{ /* %d */ %s," % (i, c_string(v["name"])))
        o.append("\t  %s, %s, %s," % (c_string(v["net"]), c_string(v["peer"]),
                                       c_string(v["local"])))
        o.append("\t  pm_call_%03d, sizeof(pm_call_%03d), %s }," % (i, i,
                                                                     reply))
    o.append("};")
    o.append("")
    o.append("#define PM_NVECTORS (sizeof(pm_vectors) / sizeof(pm_vectors[0]))")
    o.append("")
    o.append("#endif /* RPCBINDNS_TEST_VECTORS_H */")
    return "\n".join(o) + "\n"


def main(argv):
    info, check, args = None, False, []
    i = 0
    while i < len(argv):
        if argv[i] == "--info" and i + 1 < len(argv):
            info = argv[i + 1]
            i += 2
            continue
        if argv[i] == "--check":
            check = True
        else:
            args.append(argv[i])
        i += 1
    if len(args) != 1:
        die("usage: pcap2c.py [--info FILE] [--check] CAPTURE.pcap")
    pcap = args[0]
    if info is None:
        info = os.path.join(os.path.dirname(os.path.abspath(pcap)),
                            "capture.info")
    info_lines = []
    if os.path.exists(info):
        with open(info) as f:
            info_lines = [l.rstrip("\n") for l in f if l.strip()]
    vectors, notes = build(pcap)
    for n in notes:
        sys.stderr.write("pcap2c: note: %s\n" % n)
    if check:
        for i, v in enumerate(vectors):
            print("%3d %s\n    %s -> %s  reply: %s" % (
                i, v["name"], v["peer"], v["local"], v["result"]))
        return
    sys.stdout.write(emit(vectors, info_lines, pcap))


if __name__ == "__main__":
    main(sys.argv[1:])
