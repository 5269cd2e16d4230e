#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# flood.sh - fairness under a flood: namespace A gets a UDP flood (junk
# and valid GETPORT calls) and 5,000 idle TCP connections while
# namespace B's GETPORT latency is measured; one daemon serves both.
#
# Usage (as root):  bench/flood.sh
# Environment:      RPCBINDNS=path RPCINFO_NS=path ROUNDS=3 DURATION=5
#                   WINDOW=32 IDLE_CONNS=5000 SMOKE=1 (1 round of 1 s)
#                   PERF=1 (profile the engine in each flood+idle phase)
#
# Inside `unshare --mount --net --pid`: tmpfs on /run, namespaces A and B
# (lo up in each), rpcbindns -f pinned to CPU 0 (the engine inherits the
# affinity), 100003/3/tcp registered in both.  Every round runs three
# phases, each measuring B with getport-load on CPU 1 for DURATION s:
#   quiet       nothing in A
#   flood+idle  flood-send in A, and a holder opening IDLE_CONNS TCP
#               connections to A's 127.0.0.1:111 that never send a byte
#   flood       flood-send in A only
# The flood and the holder share CPU 1 with B's load generator, so that
# CPU 0 is the daemon's, as in getport.sh.  Every phase also prints how
# long the engine was runnable but kept off CPU 0 (/proc/PID/schedstat):
# on a shared machine that, not namespace A, can make B's tail.  Prints
# every phase, the medians over the rounds, then
#   flood: B p99 quiet X us, under flood in A Y us (target <= 10000 us)
# The host's port 111 and /run are never touched; everything started is
# killed by PID from a trap, and the pid namespace reaps what a trap missed.

set -eu
unset LISTEN_FDS LISTEN_PID LISTEN_FDNAMES

SELF=$(readlink -f "$0")
BENCH_DIR=$(dirname "$SELF")
BENCH=flood.sh
. "$BENCH_DIR/lib.sh"
if [ "${SMOKE:-0}" = 1 ]; then
	ROUNDS=1
	DURATION=1
fi
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5}
WINDOW=${WINDOW:-32}
IDLE_CONNS=${IDLE_CONNS:-5000}
PERF=${PERF:-0}
RPCBINDNS=${RPCBINDNS:-$BENCH_DIR/../build/rpcbindns/rpcbindns}
RPCINFO_NS=${RPCINFO_NS:-$(dirname "$RPCBINDNS")/rpcinfo-ns}
SERVER_CPU=0
LOAD_CPU=1
TARGET_US=10000
PHASES="quiet flood+idle flood"
INNER_TIMEOUT=$((ROUNDS * 3 * (DURATION + 10) + 90))

# ---- inside the namespace ---------------------------------------------------

SPID=
HOLDER=
SENDER=
NS_A=
NS_B=

inner_cleanup() {
	local pid

	for pid in $HOLDER $SENDER ${PERF_PID:-} $SPID; do
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	for ns in $NS_A $NS_B; do
		ip netns del "$ns" 2>/dev/null || true
	done
}

served() {
	ip netns exec "$1" rpcinfo -u 127.0.0.1 100000 2 >/dev/null 2>&1
}

wait_served() {
	local i

	for i in $(seq 100); do
		kill -0 "$SPID" 2>/dev/null || return 1
		served "$NS_A" && served "$NS_B" && return 0
		sleep 0.1
	done
	return 1
}

# counter FIELD NS: a number rpcinfo-ns --list --json gives for NS
counter() {
	"$RPCINFO_NS" --list --json | python3 -c '
import json, sys
field, ns = sys.argv[1:]
print(sum(n[field] for n in json.load(sys.stdin) if n["namespace"] == ns))' \
		"$1" "$2"
}

now() {
	date +%s.%N
}

# field NAME LINE: the word after NAME in LINE ("rate" -> without "/s")
field() {
	echo "$2" | awk -v k="$1" '{ for (i = 1; i < NF; i++)
		if ($i == k) { v = $(i + 1); sub("/s$", "", v); print v } }'
}

# The idle connections: opened at once, never written to; on SIGTERM
# prints how many were established, closed by the server, still open.
write_holder() {
	cat >"$1" <<'PY'
import resource, select, signal, socket, sys
n = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_NOFILE, (n + 64, n + 64))
stop = []
signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
socks, poll = {}, select.poll()
for _ in range(n):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setblocking(False)
    s.connect_ex(("127.0.0.1", 111))
    socks[s.fileno()] = s
    poll.register(s, select.POLLOUT)
print("ready", flush=True)
established = closed = 0
while not stop:
    for fd, ev in poll.poll(100):
        s = socks[fd]
        if ev & (select.POLLIN | select.POLLERR | select.POLLHUP):
            try:
                gone = s.recv(1) == b""
            except OSError:
                gone = True
            if gone:
                closed += 1
                poll.unregister(fd)
                s.close()
                del socks[fd]
        elif ev & select.POLLOUT:
            established += 1
            poll.modify(fd, select.POLLIN)
print("opened %d established %d closed %d open %d"
      % (n, established, closed, established - closed), flush=True)
PY
}

# phase NAME ROUND: B's numbers, and what A got, as one line
phase() {
	local name=$1 round=$2 out rc t0 t1 d0 d1 conns=- tcp= send=
	local run0 run1 wait0 wait1 waited
	local holder_out="$TMP/holder.out" send_out="$TMP/send.out"

	d0=$(counter dropped "$NS_A")
	if [ "$name" = flood+idle ]; then
		: >"$holder_out"
		ip netns exec "$NS_A" taskset -c "$LOAD_CPU" \
			python3 "$TMP/holder.py" "$IDLE_CONNS" >"$holder_out" &
		HOLDER=$!
		for _ in $(seq 100); do
			grep -q ready "$holder_out" && break
			sleep 0.1
		done
		grep -q ready "$holder_out" || die "the TCP holder did not start"
	fi
	if [ "$name" != quiet ]; then
		ip netns exec "$NS_A" taskset -c "$LOAD_CPU" \
			"$SEND" $((DURATION + 1)) >"$send_out" &
		SENDER=$!
		sleep 0.2
	fi
	if [ "$PERF" = 1 ] && [ "$name" = flood+idle ]; then
		perf record -q -g -o "$TMP/round$round.perf" -p "$EPID" -- \
			sleep "$DURATION" 2>/dev/null &
		PERF_PID=$!
	fi
	read -r run0 wait0 _ <"/proc/$EPID/schedstat"
	t0=$(now)
	rc=0
	out=$(ip netns exec "$NS_B" taskset -c "$LOAD_CPU" \
		"$LOAD" -d "$DURATION" -w "$WINDOW" 2>&1) || rc=$?
	t1=$(now)
	read -r run1 wait1 _ <"/proc/$EPID/schedstat"
	d1=$(counter dropped "$NS_A")
	[ "$rc" -le 1 ] || die "round $round $name: getport-load: $out"
	if [ -n "$HOLDER" ]; then
		conns=$(counter connections "$NS_A")
		kill "$HOLDER"
		wait "$HOLDER" || true
		HOLDER=
		tcp=$(grep ^opened "$holder_out")
	fi
	if [ -n "$SENDER" ]; then
		wait "$SENDER" || die "flood-send failed: $(cat "$send_out")"
		SENDER=
		send=$(cat "$send_out")
	fi
	kill -0 "$SPID" 2>/dev/null || die "the daemon died in round $round $name"
	[ -n "$(pgrep -P "$SPID" -x rpcbindns)" ] ||
		die "the engine died in round $round $name"
	echo "round $round $name: B $(echo "$out" | head -1)"
	[ "$rc" = 0 ] || echo "  B lost calls: $(echo "$out" | tail -1)"
	waited=$(awk -v w="$((wait1 - wait0))" -v t0="$t0" -v t1="$t1" \
		'BEGIN { printf "%.0f", 100 * w / ((t1 - t0) * 1e9) }')
	awk -v r="$((run1 - run0))" -v t0="$t0" -v t1="$t1" 'BEGIN {
		printf "  engine ran %.0f%% of the time, ", 100 * r / ((t1 - t0) * 1e9) }'
	echo "runnable but waiting for CPU $SERVER_CPU $waited%"
	if [ -n "$send" ]; then
		awk -v s="$send" -v d0="$d0" -v d1="$d1" -v t0="$t0" -v t1="$t1" \
			'BEGIN { split(s, f, " ")
			sec = f[10]
			printf "  A flood sent %.0f/s (getport %.0f/s, junk %.0f/s),"\
			" answered %.0f/s, junk taken %.0f/s\n",
			f[2] / sec, f[4] / sec, f[6] / sec, f[8] / sec,
			(d1 - d0) / (t1 - t0) }'
	fi
	[ -z "$tcp" ] || echo "  A tcp: $tcp; the daemon held $conns"
	printf 'DATA %s %s %s %s %s\n' "$name" "$(field rate "$out")" \
		"$(field p50_us "$out")" "$(field p99_us "$out")" "$waited" \
		>>"$TMP/data"
	if [ "$PERF" = 1 ] && [ "$name" = flood+idle ]; then
		wait "$PERF_PID" || true
		PERF_PID=
		echo "round $round $name perf of the engine (self, top 12):"
		perf report -q -i "$TMP/round$round.perf" --no-children \
			--sort symbol --percent-limit 1 -g none 2>/dev/null |
			head -12
	fi
}

median_of() {
	awk -v p="$1" -v col="$2" '$1 == "DATA" && $2 == p { print $col }' \
		"$TMP/data" | sort -n |
		awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

inner() {
	local tag=$1 round name i

	LOAD=$2
	SEND=$3
	TMP=$4
	NS_A=rbflood-$tag-a
	NS_B=rbflood-$tag-b
	trap inner_cleanup EXIT
	trap 'exit 1' INT TERM HUP
	private_run
	for ns in $NS_A $NS_B; do
		ip netns add "$ns"
		ip -n "$ns" link set lo up
	done
	taskset -c "$SERVER_CPU" "$RPCBINDNS" -f 2>"$TMP/daemon.log" &
	SPID=$!
	wait_served || die "A and B not served: $(tail -3 "$TMP/daemon.log")"
	EPID=$(pgrep -P "$SPID" -x rpcbindns) || die "no engine"
	echo "# engine $EPID on CPUs $(taskset -cp "$EPID" | awk '{ print $NF }')"
	for ns in $NS_A $NS_B; do
		ip netns exec "$ns" taskset -c "$LOAD_CPU" "$LOAD" -s -d 1 \
			-n 1000 -w "$WINDOW" >/dev/null ||
			die "$ns: registration or warm-up failed"
	done
	ip netns exec "$NS_B" rpcinfo -p 127.0.0.1 |
		grep -Eq '^ +100003 +3 +tcp +2049 ' ||
		die "100003/3/tcp is not registered in B"
	write_holder "$TMP/holder.py"
	: >"$TMP/data"
	for round in $(seq "$ROUNDS"); do
		for name in $PHASES; do
			phase "$name" "$round"
		done
	done
	grep -c 'connection limit reached' "$TMP/daemon.log" |
		sed 's/^/# daemon log lines "connection limit reached": /'
	for name in $PHASES; do
		echo "RESULT $name $(median_of "$name" 3) $(median_of "$name" 4)" \
			"$(median_of "$name" 5) $(median_of "$name" 6)"
	done
}

if [ "${1:-}" = --inner ]; then
	shift
	inner "$@"
	exit 0
fi

# ---- outside: build the tools, run, summarise ------------------------------

[ -x "$RPCBINDNS" ] || die "no '$RPCBINDNS' (cd build && make rpcbindns/rpcbindns)"
[ -x "$RPCINFO_NS" ] || die "no '$RPCINFO_NS' (cd build && make rpcbindns/rpcinfo-ns)"
command -v rpcinfo >/dev/null || die "no rpcinfo (apt-get install rpcbind)"
command -v python3 >/dev/null || die "no python3"
if [ "$PERF" = 1 ]; then
	command -v perf >/dev/null || die "PERF=1 but no perf"
fi
start_outside
LOAD=$(build getport-load)
SEND=$(build flood-send)
header "$ROUNDS x ${DURATION}s per phase, window $WINDOW," \
	"$IDLE_CONNS idle connections"
timeout -k 5 "$INNER_TIMEOUT" unshare --mount --net --pid --fork \
	--kill-child=SIGTERM --mount-proc --propagation private \
	bash "$SELF" --inner "$$" "$LOAD" "$SEND" "$TMP" >"$TMP/out" &
CHILD=$!
wait "$CHILD" || { cat "$TMP/out"; die "the run failed"; }
CHILD=
grep -v '^RESULT ' "$TMP/out" || true
declare -A P99
while read -r _ name rate p50 p99 waited; do
	echo "B $name: median rate ${rate}/s, p50 ${p50} us, p99 ${p99} us;" \
		"engine kept waiting for its CPU ${waited}%"
	P99[$name]=$p99
done < <(grep '^RESULT ' "$TMP/out")
echo "flood: B p99 quiet ${P99[quiet]} us, under flood in A" \
	"${P99[flood+idle]} us (flood only ${P99[flood]} us)" \
	"(target <= $TARGET_US us)"
