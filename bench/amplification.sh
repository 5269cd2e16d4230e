#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# amplification.sh - what Debian's rpcbind and rpcbindns send a non-local
# UDP source: reply/request bytes per procedure with 50 registrations,
# and the bytes 100 DUMPs at once bring back within a second.
#
# Usage (as root):  bench/amplification.sh
# Environment:      RPCBINDNS=path RPCBIND=path
#
# Runs in private mount, network and pid namespaces (unshare -m -n -p),
# with a tmpfs on /run and a peer namespace behind a veth pair: the
# servers take turns on 10.77.0.1:111, the probes come from 10.77.0.2.
# Both servers run with remote calls on (-r), so CALLIT is measured too.
# The host's port 111 and /run are never touched.

set -eu
unset LISTEN_FDS LISTEN_PID LISTEN_FDNAMES

SELF=$(readlink -f "$0")
BENCH_DIR=$(dirname "$SELF")
RPCBINDNS=${RPCBINDNS:-$BENCH_DIR/../rpcbindns/rpcbindns}
RPCBIND=${RPCBIND:-/usr/sbin/rpcbind}
PY=$BENCH_DIR/amplification.py

if [ -z "${AMP_INNER:-}" ]; then
	[ "$(id -u)" = 0 ] || { echo "amplification.sh: needs root" >&2; exit 1; }
	[ -x "$RPCBINDNS" ] || { echo "amplification.sh: no $RPCBINDNS" >&2; exit 1; }
	[ -x "$RPCBIND" ] || { echo "amplification.sh: no $RPCBIND" >&2; exit 1; }
	export AMP_INNER=1 RPCBINDNS RPCBIND
	exec timeout 120 unshare -m -n -p -f --mount-proc \
		--propagation private bash "$SELF"
fi

SPID=
cleanup() {
	[ -z "$SPID" ] || { kill "$SPID" 2>/dev/null; wait "$SPID" 2>/dev/null; }
	ip netns del amp-peer 2>/dev/null || true
	rm -rf "$TMP"
}
mount -t tmpfs tmpfs /run
TMP=$(mktemp -d)
trap cleanup EXIT
mkdir -p /run/rpcbind /run/netns
chown _rpc /run/rpcbind 2>/dev/null || true
ip link set lo up
ip netns add amp-peer
ip link add amp0 type veth peer name amp0 netns amp-peer
ip addr add 10.77.0.1/24 dev amp0
ip link set amp0 up
ip -n amp-peer addr add 10.77.0.2/24 dev amp0
ip -n amp-peer link set amp0 up

# measure NAME COMMAND...: start the server, register, probe, stop
measure() {
	local name=$1 i

	shift
	"$@" >/dev/null 2>&1 &
	SPID=$!
	for i in $(seq 50); do
		rpcinfo -u 127.0.0.1 100000 2 >/dev/null 2>&1 && break
		sleep 0.1
	done
	python3 "$PY" register
	ip netns exec amp-peer python3 "$PY" probe 10.77.0.1 >"$TMP/$name"
	kill "$SPID"
	wait "$SPID" 2>/dev/null || true
	SPID=
}

measure rpcbind "$RPCBIND" -f -r
measure rpcbindns "$RPCBINDNS" -f -r --host-only

printf '%-16s %8s | %-18s | %-18s\n' procedure request \
	"rpcbind reply" "rpcbindns reply"
paste -d' ' "$TMP/rpcbind" "$TMP/rpcbindns" | awk '
	{
		sub("_", " ", $1)
		if ($1 == "burst")
			$1 = "100 DUMPs, 1 s"
		printf "%-16s %8d | %9d %7.1fx | %9d %7.1fx\n",
			$1, $2, $3, $3 / $2, $6, $6 / $2
	}'
