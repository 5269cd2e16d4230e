#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Capture golden vectors: one conversation between libtirpc clients (our
# rawclient plus the real rpcinfo) and one fresh instance of the system
# rpcbind, recorded with tcpdump.
#
# usage (as root): tests/vectors/capture.sh [OUTDIR]
#   OUTDIR (default: a new /tmp/rpcbind-vectors.XXXXXX) receives
#   rawclient, capture.pcap, capture.log, rpcbind.log and tcpdump.log.
# Then: python3 tests/vectors/pcap2c.py OUTDIR/capture.pcap > tests/unit/vectors.h
#
# Safety: rpcbind only ever runs inside a private network + mount namespace
# (unshare -m -n) with a private tmpfs on /run; only "lo" exists there.  Each
# client runs in a further private mount namespace with an empty /run, so it
# cannot reach /run/rpcbind.sock and every message crosses loopback UDP/TCP.
# rpcbind and tcpdump are killed by PID from an EXIT trap; the namespaces go
# away with their last process.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)

if [ "${RPCB_CAPTURE_INNER:-}" != 1 ]; then
	[ "$(id -u)" = 0 ] || { echo "capture.sh: must run as root" >&2; exit 1; }
	out=${1:-}
	if [ -z "$out" ]; then
		out=$(mktemp -d /tmp/rpcbind-vectors.XXXXXX)
	else
		mkdir -p "$out"
	fi
	out=$(cd "$out" && pwd)
	# shellcheck disable=SC2046 # pkg-config output must be split
	gcc -O2 -Wall -o "$out/rawclient" "$here/rawclient.c" \
		$(pkg-config --cflags --libs libtirpc)
	RPCB_CAPTURE_INNER=1 unshare -m -n --propagation private \
		"$here/capture.sh" "$out"
	echo "pcap: $out/capture.pcap"
	echo "log:  $out/capture.log"
	echo "next: python3 $here/pcap2c.py $out/capture.pcap > $here/../unit/vectors.h"
	exit 0
fi

# ---- inside the private namespaces ----------------------------------------
out=$1
rpcbind_pid=
tcpdump_pid=

cleanup() {
	set +e
	if [ -n "$rpcbind_pid" ]; then
		kill "$rpcbind_pid" 2>/dev/null
		wait "$rpcbind_pid" 2>/dev/null
	fi
	if [ -n "$tcpdump_pid" ]; then
		sleep 0.5
		kill -INT "$tcpdump_pid" 2>/dev/null
		wait "$tcpdump_pid" 2>/dev/null
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mount -t tmpfs -o mode=0755 rpcb-run /run
install -d -o _rpc -m 0755 /run/rpcbind
ip link set lo up

# tcpdump first.  --immediate-mode and -U: every packet reaches the file at
# once (with the default TPACKET_V3 buffering the last packets were lost on
# SIGINT); -Z root keeps the output file writable (Debian's tcpdump
# otherwise drops to user "tcpdump").
: >"$out/tcpdump.log"
tcpdump -i lo -w "$out/capture.pcap" -s 0 --immediate-mode -U -Z root \
	>"$out/tcpdump.log" 2>&1 &
tcpdump_pid=$!
for _ in $(seq 100); do
	grep -q "listening on" "$out/tcpdump.log" && break
	sleep 0.1
done
grep -q "listening on" "$out/tcpdump.log" || { echo "tcpdump not ready" >&2; exit 1; }

/usr/sbin/rpcbind -f >"$out/rpcbind.log" 2>&1 &
rpcbind_pid=$!
# ready when port 111 is bound for udp, tcp, udp6 and tcp6 (read /proc,
# so that no probe traffic enters the capture)
ready() {
	local f
	for f in udp tcp udp6 tcp6; do
		grep -q '^ *[0-9]*: [0-9A-F]*:006F ' "/proc/net/$f" || return 1
	done
}
for _ in $(seq 100); do
	ready && break
	sleep 0.1
done
ready || { echo "rpcbind not ready" >&2; exit 1; }
sleep 0.3

log="$out/capture.log"
: >"$log"
{
	echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
	echo "rpcbind: $(dpkg-query -W -f='${Version}' rpcbind 2>/dev/null || echo '?') (/usr/sbin/rpcbind -f)"
	echo "libtirpc: $(dpkg-query -W -f='${Version}' libtirpc3 2>/dev/null || echo '?')"
	echo "kernel: $(uname -srm)"
	echo "tcpdump: $(tcpdump --version 2>&1 | head -n1)"
	echo "command: tests/vectors/capture.sh (unshare -m -n, tcpdump -i lo -w capture.pcap -s 0)"
} >"$out/capture.info"

# A step marker: one UDP datagram "MARK <text>" to 127.0.0.1 port 9
# (discard; nobody listens, the kernel answers ICMP port unreachable).
# pcap2c.py uses markers to label the vectors that follow.
mark() {
	echo "=== $*" >>"$log"
	printf 'MARK %s' "$*" >/dev/udp/127.0.0.1/9
	sleep 0.05
}

# Run a client in its own mount namespace with an empty /run, so that
# libtirpc cannot fall back to /run/rpcbind.sock.
isolated() {
	unshare -m --propagation private sh -c \
		'mount -t tmpfs -o mode=0755 none /run && exec "$@"' client "$@"
}

rc() {
	echo "\$ rawclient $*" >>"$log"
	isolated "$out/rawclient" "$@" >>"$log" 2>&1 || echo "(exit $?)" >>"$log"
	sleep 0.05
}

ri() {
	echo "\$ rpcinfo $*" >>"$log"
	isolated /usr/sbin/rpcinfo "$@" >>"$log" 2>&1 || echo "(exit $?)" >>"$log"
	sleep 0.05
}

A=127.0.0.1

mark "1 initial dumps"
rc udp 2 4 pmaplist void
rc tcp 4 4 rpcblist void
rc udp 3 4 rpcblist void
mark "1 rpcinfo -p"
ri -p $A
mark "1 rpcinfo"
ri $A
mark "1 rpcinfo -s"
ri -s $A

mark "2 NULL"
rc udp 2 0 void void
rc udp 3 0 void void
rc udp 4 0 void void
mark "2 rpcinfo -T udp 100000 3"
ri -T udp $A 100000 3
mark "2 rpcinfo -u 100000"
ri -u $A 100000
mark "2 rpcinfo -t 100000 4"
ri -t $A 100000 4

mark "3 v3 SET ephemeral"
rc udp 3 1 bool rpcb 200000 1 tcp 0.0.0.0.39.16 x
rc udp 3 1 bool rpcb 200000 1 tcp 0.0.0.0.39.16 x
rc udp 3 1 bool rpcb 200000 1 tcp 0.0.0.0.39.17 x

mark "4 SET from privileged ports"
rc -p 700 udp 2 1 bool pmap 200001 1 17 10001
rc -p 702 udp 3 1 bool rpcb 200003 1 udp 0.0.0.0.39.19 x

mark "5 v4 SET tcp"
rc tcp 4 1 bool rpcb 200002 2 tcp6 ::.39.21 x
rc tcp 4 1 bool rpcb 200000 2 udp 0.0.0.0.39.18 x
mark "5 table after SETs"
rc udp 3 4 rpcblist void
rc udp 2 4 pmaplist void

mark "6 v2 GETPORT"
rc udp 2 3 u32 pmap 200001 1 17 0
rc udp 2 3 u32 pmap 200000 1 6 0
rc tcp 2 3 u32 pmap 200000 1 6 0
rc udp 2 3 u32 pmap 200000 9 6 0
rc udp 2 3 u32 pmap 200002 2 6 0
rc udp 2 3 u32 pmap 299999 1 17 0

mark "7 v3 GETADDR"
rc udp 3 3 string rpcb 200000 1 tcp "" ""
rc tcp 3 3 string rpcb 200000 1 tcp "" ""
rc tcp 3 3 string rpcb 200000 1 tcp 127.0.0.1.0.111 ""
rc tcp 3 3 string rpcb 200000 9 tcp "" ""
rc udp 3 3 string rpcb 200000 2 udp "" ""
rc udp 3 3 string rpcb 200002 2 tcp6 "" ""
mark "7 v4 GETADDR / GETVERSADDR"
rc tcp 4 3 string rpcb 200000 1 tcp "" ""
rc tcp 4 3 string rpcb 200000 9 tcp "" ""
rc tcp 4 9 string rpcb 200000 9 tcp "" ""
rc tcp 4 9 string rpcb 200000 1 tcp "" ""
mark "7 GETADDR over IPv6"
rc udp6 3 3 string rpcb 200002 2 tcp6 "" ""
rc tcp6 3 3 string rpcb 200002 2 tcp6 "" ""
rc tcp6 4 3 string rpcb 200002 2 tcp6 "" ""
rc tcp6 3 3 string rpcb 299999 1 tcp6 "" ""

mark "8 v4 GETADDRLIST"
rc udp 4 11 entrylist rpcb 200000 1 "" "" ""
rc tcp 4 11 entrylist rpcb 200000 1 "" "" ""
rc tcp6 4 11 entrylist rpcb 200002 2 "" "" ""
rc udp 4 11 entrylist rpcb 299999 1 "" "" ""
mark "8 rpcinfo -l 100000 4"
ri -l $A 100000 4

mark "9 GETTIME / address conversion"
rc udp 3 6 u32 void
rc udp 3 7 netbuf string 127.0.0.1.0.111
rc udp 3 8 string sin 127.0.0.1 111
rc udp 3 7 netbuf string x.y
rc udp6 4 7 netbuf string ::1.0.111
rc udp6 4 8 string sin 127.0.0.1 111

mark "10 error shapes"
rc udp 3 9 void void
rc udp 5 0 void void
rc -P 100001 udp 1 0 void void
rc udp 3 1 bool u32 200003 1
rc tcp 4 1 bool u32 200003 1 3
rc -t 2 udp 2 5 void u32 299999 1 0 0
rc -t 2 udp 4 5 void u32 299999 1 0 0
rc -t 2 udp 4 10 void u32 299999 1 0 0

mark "11 UNSET"
rc udp 3 2 bool rpcb 200000 1 "" "" x
rc udp 3 2 bool rpcb 299999 1 "" "" x
rc udp 3 2 bool rpcb 200003 1 "" "" x
rc udp 2 2 bool pmap 200001 1 0 0
mark "11 table after ephemeral UNSETs"
rc udp 3 4 rpcblist void
mark "11 UNSET from privileged port 701"
rc -p 701 udp 2 2 bool pmap 200001 1 0 0

mark "12 final dumps"
rc udp 2 4 pmaplist void
rc tcp 4 4 rpcblist void
rc udp 3 4 rpcblist void
mark "12 GETSTAT"
rc udp 4 12 stat void
mark "12 rpcinfo -m"
ri -m $A
mark "end of capture"
# stop only once the last marker is in the file: nothing is lost
for _ in $(seq 50); do
	grep -qa "MARK end of capture" "$out/capture.pcap" && break
	sleep 0.1
done
grep -qa "MARK end of capture" "$out/capture.pcap" ||
	{ echo "capture.sh: capture incomplete (no end marker)" >&2; exit 1; }
