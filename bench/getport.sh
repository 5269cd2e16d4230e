#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# getport.sh - UDP PMAP v2 GETPORT throughput: rpcbindns against Debian's
# rpcbind, each in a private mount+network(+pid) namespace of its own.
#
# Usage (as root):  bench/getport.sh
# Environment:      RPCBINDNS=path RPCBIND=path ROUNDS=3 DURATION=10
#                   WINDOW=32 PERF=1 (profile each server's last round)
#
# Per server: unshare -m -n -p, tmpfs on /run, lo up, /run/rpcbind owned by
# _rpc, the server pinned to CPU 0 ("-f"), getport-load pinned to CPU 1
# registers 100003/3/tcp at 2049 (-s) and then runs ROUNDS rounds of
# DURATION seconds with WINDOW calls in flight against 127.0.0.1:111.
# Prints every round, the median rate and the server's VmRSS, then
#   getport udp: rpcbindns R1/s, rpcbind R2/s, ratio R1/R2
# The host's port 111 and /run are never touched; servers are killed by
# PID from a trap, and the pid namespace reaps anything a trap missed.

set -eu
unset LISTEN_FDS LISTEN_PID LISTEN_FDNAMES

SELF=$(readlink -f "$0")
BENCH_DIR=$(dirname "$SELF")
BENCH=getport.sh
. "$BENCH_DIR/lib.sh"
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10}
WINDOW=${WINDOW:-32}
PERF=${PERF:-0}
RPCBINDNS=${RPCBINDNS:-$BENCH_DIR/../build/rpcbindns/rpcbindns}
RPCBIND=${RPCBIND:-/usr/sbin/rpcbind}
SERVER_CPU=0
LOAD_CPU=1
INNER_TIMEOUT=$((ROUNDS * (DURATION + 5) + 60))

# ---- inside the namespace: one server, ROUNDS rounds ----------------------

SPID=

inner_cleanup() {
	if [ -n "$SPID" ]; then
		kill "$SPID" 2>/dev/null || true
		wait "$SPID" 2>/dev/null || true
		SPID=
	fi
}

wait_ready() {
	local i

	for i in $(seq 50); do
		kill -0 "$SPID" 2>/dev/null || return 1
		rpcinfo -u 127.0.0.1 100000 2 >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	return 1
}

profile_round() {
	local name=$1 load=$2 tmp=$3

	perf record -q -g -o "$tmp/$name.perf" -p "$SPID" -- sleep "$DURATION" \
		2>/dev/null &
	local ppid=$!
	taskset -c "$LOAD_CPU" "$load" -d "$DURATION" -w "$WINDOW" >/dev/null
	wait "$ppid" || true
	echo "$name perf (self, top 15):"
	perf report -q -i "$tmp/$name.perf" --no-children --sort symbol \
		--percent-limit 1 -g none 2>/dev/null | head -15
}

inner() {
	local name=$1 server=$2 load=$3 tmp=$4 i out rate rates rss

	trap inner_cleanup EXIT
	trap 'exit 1' INT TERM HUP
	private_run
	taskset -c "$SERVER_CPU" "$server" -f 2>"$tmp/$name.log" &
	SPID=$!
	wait_ready || die "$name did not start: $(tail -3 "$tmp/$name.log")"
	taskset -c "$LOAD_CPU" "$load" -s -d 1 -n 1000 -w "$WINDOW" >/dev/null ||
		die "$name: registration or warm-up failed"
	rates=
	for i in $(seq "$ROUNDS"); do
		out=$(taskset -c "$LOAD_CPU" "$load" -d "$DURATION" -w "$WINDOW") ||
			die "$name round $i failed: $out"
		echo "$name round $i: $out"
		rate=$(echo "$out" | awk '{ for (i = 1; i < NF; i++)
			if ($i == "rate") { sub("/s", "", $(i + 1));
			print $(i + 1) } }')
		rates="$rates$rate
"
		kill -0 "$SPID" 2>/dev/null || die "$name died during round $i"
	done
	rss=$(awk '/^VmRSS:/ { print $2 " " $3 }' "/proc/$SPID/status")
	[ "$PERF" = 1 ] && profile_round "$name" "$load" "$tmp"
	echo "RESULT $name $(printf '%s' "$rates" | median) $rss"
}

if [ "${1:-}" = --inner ]; then
	shift
	inner "$@"
	exit 0
fi

# ---- outside: build the load tool, run both servers, compare -------------

[ -x "$RPCBINDNS" ] || die "no '$RPCBINDNS' (cd build && make rpcbindns/rpcbindns)"
[ -x "$RPCBIND" ] || die "no '$RPCBIND' (apt-get install rpcbind)"
command -v rpcinfo >/dev/null || die "no rpcinfo (apt-get install rpcbind)"
start_outside
LOAD=$(build getport-load)
header "$ROUNDS x ${DURATION}s, window $WINDOW"

declare -A RATE RSS
for name in rpcbindns rpcbind; do
	if [ $name = rpcbindns ]; then server=$RPCBINDNS; else server=$RPCBIND; fi
	timeout -k 5 "$INNER_TIMEOUT" unshare --mount --net --pid --fork \
		--kill-child=SIGTERM --mount-proc --propagation private \
		bash "$SELF" --inner "$name" "$server" "$LOAD" "$TMP" \
		>"$TMP/$name.out" &
	CHILD=$!
	wait "$CHILD" || { cat "$TMP/$name.out"; die "$name run failed"; }
	CHILD=
	grep -v '^RESULT ' "$TMP/$name.out" || true
	read -r _ _ rate rss unit < <(grep '^RESULT ' "$TMP/$name.out")
	RATE[$name]=$rate
	RSS[$name]="$rss $unit"
	echo "$name: median ${rate}/s, VmRSS ${RSS[$name]}"
done

awk -v a="${RATE[rpcbindns]}" -v b="${RATE[rpcbind]}" 'BEGIN {
	r = (b > 0) ? a / b : 0
	printf "getport udp: rpcbindns %d/s, rpcbind %d/s, ratio %.2f\n",
	       a, b, r }'
