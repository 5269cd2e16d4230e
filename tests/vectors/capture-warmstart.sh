#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Capture rpcbind's warm-start files (rpcbind.xdr, portmap.xdr) after four
# registrations, for tests/unit/warmstart.h.  Run as root; it re-executes
# itself in private network and mount namespaces, so the host's /run and
# port 111 are untouched.  Needs tests/vectors/rawclient built as
# /tmp/rawclient (gcc -o /tmp/rawclient rawclient.c $(pkg-config --cflags
# --libs libtirpc)).  Output: OUT/rpcbind.xdr and OUT/portmap.xdr.
set -euo pipefail
out=${1:-/tmp}
if [ -z "${RPCBINDNS_CAPTURE_INNER:-}" ]; then
	RPCBINDNS_CAPTURE_INNER=1 exec unshare -m -n --propagation private "$0" "$out"
fi
mount -t tmpfs tmpfs /run
mkdir -p /run/rpcbind && chown _rpc /run/rpcbind
ip link set lo up
/usr/sbin/rpcbind -w -f & pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
sleep 1
/tmp/rawclient -p 700 udp 3 1 bool rpcb 200000 1 tcp 0.0.0.0.39.16 x
/tmp/rawclient udp 4 1 bool rpcb 200002 2 tcp6 ::.39.21 x
/tmp/rawclient -p 701 udp 2 1 bool pmap 200001 1 17 10001
/tmp/rawclient udp 4 1 bool rpcb 200003 1 udp 0.0.0.0.39.19 x
kill -TERM $pid; wait $pid || true
ls -la /run/rpcbind
cp /run/rpcbind/rpcbind.xdr /run/rpcbind/portmap.xdr "$out"/
