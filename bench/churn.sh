#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# churn.sh - registration churn: RPCBIND v3 SET+UNSET over AF_LOCAL,
# rpcbindns against Debian's rpcbind and against ref-local (a trivial
# server that answers TRUE and keeps nothing: the floor of the machine),
# each in a private mount+network(+pid) namespace of its own.
#
# Usage (as root):  bench/churn.sh
# Environment:      RPCBINDNS=path RPCBIND=path ROUNDS=3 DURATION=5
#                   SMOKE=1 (1 round of 1 s)
#
# Per round and server: unshare -m -n -p, tmpfs on /run, lo up,
# /run/rpcbind owned by _rpc, the server pinned to CPU 0 ("-f"), then
# churn-load pinned to CPU 1 on /run/rpcbind.sock for DURATION seconds in
# each scenario: 1 client x 1 in flight, 4 clients x 4 in flight.  The
# servers alternate round by round; per scenario the median rate and
#   churn C x W: rpcbindns R1/s, rpcbind R2/s, ref-local R3/s, ratio R1/R2,
#   of ref-local R1/R3
# rpcbindns appends each change to its journal (one write(), here on the
# tmpfs /run) before answering it; rpcbind keeps its table in memory only
# (it writes its warm-start file on exit, with -w).
# The host's port 111 and /run are never touched; servers are killed by
# PID from a trap, and the pid namespace reaps anything a trap missed.

set -eu
unset LISTEN_FDS LISTEN_PID LISTEN_FDNAMES

SELF=$(readlink -f "$0")
BENCH_DIR=$(dirname "$SELF")
BENCH=churn.sh
. "$BENCH_DIR/lib.sh"
if [ "${SMOKE:-0}" = 1 ]; then
	ROUNDS=1
	DURATION=1
fi
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5}
RPCBINDNS=${RPCBINDNS:-$BENCH_DIR/../build/rpcbindns/rpcbindns}
RPCBIND=${RPCBIND:-/usr/sbin/rpcbind}
SCENARIOS="1x1 4x4"
SERVER_CPU=0
LOAD_CPU=1
INNER_TIMEOUT=$((2 * (DURATION + 5) + 30))

# ---- inside the namespace: one server, one round of every scenario --------

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
		[ -S /run/rpcbind.sock ] && { [ "$1" = ref-local ] ||
			rpcinfo -u 127.0.0.1 100000 2 >/dev/null 2>&1; } &&
			return 0
		sleep 0.1
	done
	return 1
}

inner() {
	local name=$1 server=$2 load=$3 tmp=$4 sc out

	trap inner_cleanup EXIT
	trap 'exit 1' INT TERM HUP
	private_run
	taskset -c "$SERVER_CPU" "$server" -f 2>"$tmp/$name.log" &
	SPID=$!
	wait_ready "$name" || die "$name did not start: $(tail -3 "$tmp/$name.log")"
	for sc in $SCENARIOS; do
		out=$(taskset -c "$LOAD_CPU" "$load" -c "${sc%x*}" \
			-w "${sc#*x}" -d "$DURATION") ||
			die "$name churn $sc failed: $out"
		echo "RESULT $sc $out"
		kill -0 "$SPID" 2>/dev/null || die "$name died during $sc"
	done
}

if [ "${1:-}" = --inner ]; then
	shift
	inner "$@"
	exit 0
fi

# ---- outside: build the load tool, alternate the servers, compare --------

[ -x "$RPCBINDNS" ] || die "no '$RPCBINDNS' (cd build && make rpcbindns/rpcbindns)"
[ -x "$RPCBIND" ] || die "no '$RPCBIND' (apt-get install rpcbind)"
command -v rpcinfo >/dev/null || die "no rpcinfo (apt-get install rpcbind)"
start_outside
LOAD=$(build churn-load)
REF=$(build ref-local)
header "$ROUNDS x ${DURATION}s per scenario"

for round in $(seq "$ROUNDS"); do
	for name in rpcbindns rpcbind ref-local; do
		case $name in
		rpcbindns) server=$RPCBINDNS ;;
		rpcbind) server=$RPCBIND ;;
		ref-local) server=$REF ;;
		esac
		timeout -k 5 "$INNER_TIMEOUT" unshare --mount --net --pid --fork \
			--kill-child=SIGTERM --mount-proc --propagation private \
			bash "$SELF" --inner "$name" "$server" "$LOAD" "$TMP" \
			>"$TMP/out" &
		CHILD=$!
		wait "$CHILD" || { cat "$TMP/out"; die "$name round $round failed"; }
		CHILD=
		while read -r _ sc out; do
			echo "$name round $round churn $sc: $out"
			echo "$out" | awk '{ for (i = 1; i < NF; i++)
				if ($i == "rate") { sub("/s", "", $(i + 1));
				print $(i + 1) } }' >>"$TMP/$name.$sc"
		done < <(grep '^RESULT ' "$TMP/out")
	done
done

echo "# rpcbindns appends each change to its journal (tmpfs /run here)" \
	"before its reply; rpcbind keeps changes in memory only"
for sc in $SCENARIOS; do
	a=$(median <"$TMP/rpcbindns.$sc")
	b=$(median <"$TMP/rpcbind.$sc")
	f=$(median <"$TMP/ref-local.$sc")
	awk -v c="${sc%x*}" -v w="${sc#*x}" -v a="$a" -v b="$b" -v f="$f" '
	BEGIN {
		printf "churn %d x %d: rpcbindns %d/s, rpcbind %d/s, " \
		       "ref-local %d/s, ratio %.2f, of ref-local %.2f\n",
		       c, w, a, b, f, (b > 0) ? a / b : 0, (f > 0) ? a / f : 0 }'
done
