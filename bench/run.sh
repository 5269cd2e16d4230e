#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# run.sh - the figures of the performance issue in one table: a row per
# figure with rpcbindns, the system rpcbind (one per namespace, each in a
# private mount namespace with its own /run, as it is run today), the
# trivial reference servers where the row has them, the ratio, the target
# and PASS or FAIL.  See bench/README ("run.sh") for what each row does.
#
# Usage (as root):  bench/run.sh
# Environment:      ROWS="1 2 3 4 5 6 7 8 9 10"  ROUNDS=3  DURATION=5 (s)
#                   NS=1000 (rows 5, 6, 8)  SAMPLES=100 (row 7)
#                   START_NS=10000 (row 9)  CG_REQUESTS=5000 (row 4)
#                   RPCBINDNS=build/rpcbindns/rpcbindns RPCBIND=/usr/sbin/rpcbind
#                   SMOKE=1: every row, tiny counts, 1 round of 1 s; checks
#                   only that every row printed its numbers (exit 1 if not)
#
# Everything runs inside private mount+network+pid namespaces with a tmpfs
# on /run: the host's port 111, /run and /run/netns are never touched.
# Servers are killed by PID; the pid namespaces reap what a trap missed.

set -eu
unset LISTEN_FDS LISTEN_PID LISTEN_FDNAMES NOTIFY_SOCKET
export LC_ALL=C

SELF=$(readlink -f "$0")
BENCH_DIR=$(dirname "$SELF")
BENCH=run.sh
. "$BENCH_DIR/lib.sh"
SMOKE=${SMOKE:-0}
if [ "$SMOKE" = 1 ]; then
	ROUNDS=1 DURATION=1 NS=20 SAMPLES=5 START_NS=20 CG_REQUESTS=200
fi
ROWS=${ROWS:-1 2 3 4 5 6 7 8 9 10}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5}
NS=${NS:-1000}
SAMPLES=${SAMPLES:-100}
START_NS=${START_NS:-10000}
CG_REQUESTS=${CG_REQUESTS:-5000}
RPCBINDNS=$(readlink -f "${RPCBINDNS:-$BENCH_DIR/../build/rpcbindns/rpcbindns}")
RPCBIND=${RPCBIND:-/usr/sbin/rpcbind}
SERVER_CPU=0
LOAD_CPU=1
FD_RESERVE=100			# if the daemon does not say its reserve
CHURN_NS=100			# row 7: namespaces added and deleted meanwhile

row() { case " $ROWS " in *" $1 "*) return 0 ;; esac; return 1; }
now_us() { echo "${EPOCHREALTIME/./}"; }
# "field N of /proc/PID/stat" without the "pid (comm)" part: 12 utime, 13 stime
ticks() {
	local p t=0

	for p in "$@"; do
		t=$((t + $(sed 's/.*) //' "/proc/$p/stat" |
			awk '{ print $12 + $13 }')))
	done
	echo "$t"
}
# the pids of $1's children ("children" ends in a space)
children() { echo $(cat "/proc/$1/task/$1/children" 2>/dev/null); }
# the broker's child that is its engine (it may have other helpers)
engine_of() {
	local p

	for p in $(children "$1"); do
		tr '\0' ' ' <"/proc/$p/cmdline" | grep -q -- '--engine' &&
			echo "$p"
	done
	return 0
}
# (no fork: row 6 asks about a thousand processes, again and again)
nfds() {
	local f=("/proc/$1/fd/"[0-9]*)

	if [ "${f[0]}" = "/proc/$1/fd/[0-9]*" ]; then echo 0; else echo ${#f[@]}; fi
}
pss() { awk '/^Pss:/ { print $2 }' "/proc/$1/smaps_rollup"; }
# the value after KEY in a getport-load/churn-load line
field() { awk -v k="$1" '{ for (i = 1; i < NF; i++) if ($i == k) {
	v = $(i + 1); sub("/s", "", v); print v } }'; }
# median of 7 (3 with SMOKE) samples of Slab, 0.2 s apart (kB)
slab() {
	local i n=7

	[ "$SMOKE" = 1 ] && n=3
	for i in $(seq $n); do
		awk '/^Slab:/ { print $2 }' /proc/meminfo
		sleep 0.2
	done | median
}

# KiB of Slab in /proc inodes and their dentries.  Not a server's: on
# these machines an agent looks up /proc/PID/fd of processes that have
# sockets (a process with 3,000 UDP sockets and nothing else gets 3,000
# proc inodes within a second; one with 3,000 files of /dev/null none),
# and so do this script's descriptor counts.  Row 6 counts Slab without
# them, and shows them apart.
proc_slab() {
	awk '$1 == "proc_inode_cache" { n = $2; isz = $4 }
	     $1 == "dentry" { dsz = $4 }
	     END { printf "%d\n", n * (isz + dsz) / 1024 }' /proc/slabinfo
}

# ---- a server of rows 1-2, in namespaces of its own ------------------------

if [ "${1:-}" = --serve ]; then
	log=$2
	shift 2
	private_run
	exec taskset -c "$SERVER_CPU" "$@" 2>"$log"
fi

# ---- rows 5-9: one rpcbindns and many namespaces ---------------------------

DPID=
EPID=
LOG=
RB_PIDS=
PREFIX=rbr-$$

scale_cleanup() {
	local p i

	for p in $RB_PIDS; do
		kill "$p" 2>/dev/null || true
	done
	[ -n "$DPID" ] && kill "$DPID" 2>/dev/null
	wait 2>/dev/null || true
	if [ -d /run/netns ]; then
		for i in /run/netns/"$PREFIX"-*; do
			[ -e "$i" ] && echo "netns del ${i##*/}"
		done >"$TMP/cleanup.batch"
		ip -force -batch "$TMP/cleanup.batch" 2>/dev/null || true
	fi
	return 0
}

# The daemon pinned to CPU 0 (or to the CPUs $2 lists), every line of its
# log stamped ("s.us line") as it arrives.
start_daemon() {
	LOG=$1
	T_START=$(now_us)
	taskset -c "${2:-$SERVER_CPU}" "$RPCBINDNS" -f \
		2> >(perl -MTime::HiRes=time -ne \
			'BEGIN { $| = 1 } printf "%.6f %s", time, $_' >"$LOG") &
	DPID=$!
}

# wait_log ERE SECONDS: the arrival of the first matching line, in us
wait_log() {
	local i t

	for i in $(seq $(($2 * 100))); do
		t=$(grep -E -m1 -- "$1" "$LOG" 2>/dev/null |
			awk '{ sub(/\./, "", $1); print $1 }')
		[ -n "$t" ] && { echo "$t"; return 0; }
		kill -0 "$DPID" 2>/dev/null || return 1
		sleep 0.01
	done
	return 1
}

# wait until the daemon serves $1 namespaces; sets EPID (the engine)
wait_serving() {
	local t

	t=$(wait_log "serving $1 namespace" "$2") ||
		die "the daemon does not serve $1 namespaces: $(tail -3 "$LOG")"
	EPID=$(engine_of "$DPID")
	[ -n "$EPID" ] || die "no engine"
	echo "$t"
}

stop_daemon() {
	kill "$DPID"
	wait "$DPID" 2>/dev/null || true
	DPID= EPID=
	sleep 0.2
}

make_ns() {
	local i

	for i in $(seq "$2"); do
		echo "netns add $PREFIX-$1$i"
	done >"$TMP/add.batch"
	ip -batch "$TMP/add.batch" >/dev/null || die "cannot add namespaces"
}

del_ns() {
	local i

	for i in /run/netns/"$PREFIX-$1"*; do
		[ -e "$i" ] && echo "netns del ${i##*/}"
	done >"$TMP/del.batch"
	ip -batch "$TMP/del.batch" >/dev/null || die "cannot delete namespaces"
}

# The kernel frees deleted namespaces later, in a worker that holds the
# RTNL lock: a start timed meanwhile spends most of its dumps waiting for
# it.  Wait (up to 60 s) until the count of namespaces stays put for 1 s.
settle_netns() {
	local i n last=

	for i in $(seq 60); do
		n=$(awk '$1 == "net_namespace" { print $2 }' /proc/slabinfo)
		[ -n "$n" ] && [ "$n" = "$last" ] && return
		last=$n
		sleep 1
	done
}

# wait up to $1 s until broker and engine are back to $FD0_B / $FD0_E
wait_let_go() {
	local i

	for i in $(seq $(($1 * 200))); do
		[ "$(nfds "$DPID")" -le "$FD0_B" ] &&
			[ "$(nfds "$EPID")" -le "$FD0_E" ] && return 0
		sleep 0.005
	done
	return 1
}

# Row 7: SAMPLES namespaces one by one; per namespace the time from `ip
# netns add` returning to the daemon's "serving" line arriving, in us (0
# when it came before: the daemon sees the name in /run/netns before ip
# is done), and the same from ip starting.  (The daemon names a namespace
# 'NAME' or '/run/netns/NAME', as it happened to find it first.)  With "churn", CHURN_NS others
# are added and deleted one by one meanwhile.
e2e() {
	local tag=$1 churn=$2 i cpid= name t

	: >"$TMP/adds.$tag"
	rm -f "$TMP/churn.stop"
	if [ "$churn" = churn ]; then
		while [ ! -e "$TMP/churn.stop" ]; do
			for i in $(seq "$CHURN_NS"); do
				ip netns add "$PREFIX-c$i"
			done
			for i in $(seq "$CHURN_NS"); do
				ip netns del "$PREFIX-c$i"
			done
		done &
		cpid=$!
		sleep 0.5
	fi
	for i in $(seq "$SAMPLES"); do
		name=$PREFIX-$tag$i
		t=$(now_us)
		ip netns add "$name"
		echo "$name $t $(now_us)" >>"$TMP/adds.$tag"
		sleep 0.03
	done
	wait_log "ns '$name' \\(cookie [0-9]+\\): serving" 10 >/dev/null || true
	sleep 0.2
	if [ -n "$cpid" ]; then
		touch "$TMP/churn.stop"
		wait "$cpid" || true
	fi
	# a sample never served counts as 10 s
	awk 'NR == FNR { t0[$1] = $2; t1[$1] = $3; next }
	     / serving \(attached in/ { n = $0; sub(/^[^'\'']*'\''/, "", n)
		sub(/'\''.*/, "", n); sub(/^\/run\/netns\//, "", n)
		s = $1; sub(/\./, "", s)
		if ((n in t0) && !(n in got)) got[n] = s }
	     END { for (n in t0) if (n in got)
			print (got[n] > t1[n]) ? got[n] - t1[n] : 0, got[n] - t0[n]
		   else print 10000000, 10000000 }' \
		"$TMP/adds.$tag" "$LOG" >"$TMP/e2e.$tag"
	del_ns "$tag"
	[ -n "$cpid" ] && del_ns c
	wait_let_go 30 || echo "WARNING: the daemon kept fds after row 7" >&2
}

# "p50 p99" (nearest rank) of column $2 of $1, us -> ms
pct_ms() {
	awk -v c="$2" '{ print $c }' "$1" | sort -n |
	awk '{ v[NR] = $1 } END { a = int(0.5 * NR); if (a < 0.5 * NR) a++
		b = int(0.99 * NR); if (b < 0.99 * NR) b++
		printf "%.2f %.2f\n", v[a] / 1000, v[b] / 1000 }'
}

# Row 5: ROUNDS x (1,000 sockets in 1,000 namespaces; 1,000 sockets in one)
spread_load() {
	local load=$1 r out

	ls -d /run/netns/"$PREFIX"-n* >"$TMP/spread.list"
	yes . | head -n "$NS" >"$TMP/single.list"
	taskset -c "$LOAD_CPU" "$load" -N "$TMP/spread.list" -s -d 1 -w 64 \
		-n 64 >/dev/null || die "row 5: registration failed"
	taskset -c "$LOAD_CPU" "$load" -s -d 1 -w 64 -n 64 >/dev/null ||
		die "row 5: registration failed"
	for r in $(seq "$ROUNDS"); do
		for f in spread single; do
			out=$(taskset -c "$LOAD_CPU" "$load" -N "$TMP/$f.list" \
				-d "$DURATION" -w 64) || die "row 5 $f: $out"
			echo "row 5 round $r $f: $out" >&2
			echo "$out" | field rate >>"$TMP/r5.$f"
		done
	done
	echo "r5_spread $(median <"$TMP/r5.spread")"
	echo "r5_single $(median <"$TMP/r5.single")"
}

# Rows 6 and 8 for rpcbind: one per namespace of the $1 first, each in a
# private mount namespace with a tmpfs /run.
rpcbind_per_ns() {
	local n=$1 i s0 s1 p tot=0 ok

	s0=$(slab) p0=$(proc_slab)
	for i in $(seq "$n"); do
		nsenter --net="/run/netns/$PREFIX-n$i" unshare -m \
			--propagation private sh -c 'mount -t tmpfs -o mode=0755 \
			tmpfs /run && mkdir /run/rpcbind && chown _rpc /run/rpcbind &&
			exec "$0" -f' "$RPCBIND" 2>/dev/null &
		RB_PIDS="$RB_PIDS $!"
	done
	# up when every one has its sockets (nsenter, unshare and sh have 3;
	# rpcbind 12)
	for i in $(seq 600); do
		ok=0
		for p in $RB_PIDS; do
			[ "$(nfds "$p")" -ge 8 ] && ok=$((ok + 1))
		done
		[ "$ok" = "$n" ] && break
		sleep 0.1
	done
	[ "$ok" = "$n" ] || die "only $ok of $n rpcbind instances came up"
	sleep 2
	s1=$(slab) p1=$(proc_slab)
	for p in $RB_PIDS; do
		tot=$((tot + $(pss "$p")))
	done
	echo "rb_pss $tot"
	echo "rb_slab $((s1 - s0)) $((p1 - p0))"
	set -- $RB_PIDS
	echo "rb_fds $(nfds "$1")"
	for p in $RB_PIDS; do
		kill "$p"
	done
	for p in $RB_PIDS; do
		wait "$p" 2>/dev/null || true
	done
	RB_PIDS=
}

scale_inner() {
	local load=$1 t s0 s1 pss0 pss1 lim fpn n9 t_ready t0 t1 t2

	trap scale_cleanup EXIT
	trap 'exit 1' INT TERM HUP
	private_run
	exec 3>"$TMP/scale.result"

	# the daemon serving only its own namespace: the base values
	start_daemon "$TMP/base.log"
	wait_serving 1 30 >/dev/null
	sleep 0.5
	FD0_B=$(nfds "$DPID") FD0_E=$(nfds "$EPID")
	pss0=$(($(pss "$DPID") + $(pss "$EPID")))
	if row 7; then
		echo "row 7: $SAMPLES namespaces, alone, then with churn" >&2
		e2e a quiet
		e2e b churn
		echo "r7_quiet $(pct_ms "$TMP/e2e.a" 1) $(pct_ms "$TMP/e2e.a" 2)" >&3
		echo "r7_churn $(pct_ms "$TMP/e2e.b" 1) $(pct_ms "$TMP/e2e.b" 2)" >&3
	fi
	stop_daemon
	row 5 || row 6 || row 8 || row 9 || return 0

	# NS namespaces: memory without and with the daemon, its fds
	echo "rows 5, 6, 8: $NS namespaces" >&2
	make_ns n "$NS"
	settle_netns
	s0=$(slab) p0=$(proc_slab)
	start_daemon "$TMP/ns.log"
	wait_serving $((NS + 1)) 120 >/dev/null
	sleep 2
	s1=$(slab) p1=$(proc_slab)
	pss1=$(($(pss "$DPID") + $(pss "$EPID")))
	echo "r6_pss $((pss1 - pss0))" >&3
	echo "r6_slab $((s1 - s0)) $((p1 - p0))" >&3
	echo "r8_broker $(nfds "$DPID") $FD0_B" >&3
	echo "r8_engine $(nfds "$EPID") $FD0_E" >&3
	fpn=$(awk -v a="$(nfds "$DPID")" -v b="$FD0_B" -v c="$(nfds "$EPID")" \
		-v d="$FD0_E" -v n="$NS" 'BEGIN { x = (a - b) / n; y = (c - d) / n
		x = (y > x) ? y : x; printf "%d\n", (x == int(x)) ? x : int(x) + 1 }')
	lim=$(awk '/^Max open files/ { print $4 }' "/proc/$DPID/limits")
	# the daemon's own reserve for connections and files (rpcbindns(8),
	# Limits), as it reports it
	rsv=$("$(dirname "$RPCBINDNS")/rpcinfo-ns" --status --json |
	      sed -n 's/.*"fd_reserve": \([0-9]*\).*/\1/p')
	row 5 && spread_load "$load" >&3
	stop_daemon
	if row 6 || row 8; then
		echo "rows 6, 8: rpcbind in each namespace" >&2
		if row 6; then rpcbind_per_ns "$NS" >&3; else rpcbind_per_ns 1 >&3; fi
	fi
	del_ns n
	row 9 || return 0

	# start with n9 existing namespaces; delete them all
	n9=$START_NS
	rsv=${rsv:-$FD_RESERVE}
	# N_max: what fits beside the reserve, the host's sockets included
	[ "$fpn" -gt 0 ] && [ $(((lim - rsv) / fpn - 1)) -lt "$n9" ] &&
		n9=$(((lim - rsv) / fpn - 1))
	echo "row 9: $n9 namespaces (fd limit $lim, $rsv reserved," \
		"$fpn per namespace)" >&2
	make_ns s "$n9"
	settle_netns
	start_daemon "$TMP/start.log"
	t_ready=$(wait_serving $((n9 + 1)) 120)
	echo "r9_start $n9 $((t_ready - T_START))" >&3
	# again with every CPU: the broker attaches while the engine serves
	stop_daemon
	start_daemon "$TMP/start-all.log" "0-$(($(nproc) - 1))"
	t_ready=$(wait_serving $((n9 + 1)) 120)
	echo "r9_start_all $n9 $((t_ready - T_START))" >&3
	sleep 1
	t0=$(now_us)
	del_ns s
	t1=$(now_us)
	wait_let_go 60 || die "the daemon still holds fds 60 s after the deletes"
	t2=$(now_us)
	echo "r9_free $((t2 - t1)) $((t1 - t0))" >&3
	stop_daemon
}

# (in a subshell: an expansion error must end it, not fall through to the
# outer part below)
if [ "${1:-}" = --scale ]; then
	TMP=$2
	(scale_inner "$3")
	exit
fi

# ---- row 4: instructions per GETPORT under callgrind ------------------------

# One daemon under callgrind: registrations $1, then $2 GETPORTs one at a
# time (fewer if 30 s are not enough); prints the engine's instruction
# count and the GETPORTs sent (a late reply is still work done).
cg_one() {
	local regs=$1 reqs=$2 load=$3 dir=$TMP/cg.$1.$2 i f out

	mkdir -m 1777 "$dir"
	# no warm start from the state of the run before
	rm -rf /run/rpcbindns
	RPCBINDNS_SANDBOX=log taskset -c "$SERVER_CPU" valgrind -q \
		--tool=callgrind --trace-children=yes \
		--callgrind-out-file="$dir/cg.%p" "$RPCBINDNS" -f \
		2>"$dir/log" &
	DPID=$!
	for i in $(seq 600); do
		rpcinfo -u 127.0.0.1 100000 2 >/dev/null 2>&1 && break
		kill -0 "$DPID" 2>/dev/null || die "callgrind: $(tail -3 "$dir/log")"
		sleep 0.1
	done
	# valgrind made the engine's output file while the engine was still
	# root; the engine writes it at exit as _rpc
	chown _rpc "$dir"/cg.*
	taskset -c "$LOAD_CPU" "$load" -s -r $((regs - 2)) -w 1 -n 1 -d 1 \
		>/dev/null 2>&1 || die "row 4: registrations failed"
	out=$(taskset -c "$LOAD_CPU" "$load" -w 1 -n "$reqs" -d 30) ||
		die "row 4: the GETPORTs failed: $out"
	echo "row 4, $regs registrations: $out" >&2
	kill "$DPID"
	wait "$DPID" || true
	DPID=
	for f in "$dir"/cg.*; do
		grep -q -- '--engine' "$f" || continue
		echo "$(awk '/^(summary|totals):/ { print $2; exit }' "$f")" \
			"$(echo "$out" | field requests)"
		return 0
	done
	die "row 4: no callgrind output of the engine"
}

cg_inner() {
	local load=$1 regs a b

	trap '[ -n "${DPID:-}" ] && kill "$DPID" 2>/dev/null; wait' EXIT
	private_run
	for regs in 20 1000; do
		a=$(cg_one "$regs" "$CG_REQUESTS" "$load") || exit 1
		b=$(cg_one "$regs" $((2 * CG_REQUESTS)) "$load") || exit 1
		echo "r4_$regs $a $b" | awk '{
			printf "%s %.0f\n", $1, ($4 - $2) / ($5 - $3) }'
	done
}

if [ "${1:-}" = --callgrind ]; then
	TMP=$2
	(cg_inner "$3" >"$TMP/cg.result")
	exit
fi

# ---- outside -----------------------------------------------------------------

# The table: one line per figure.  add ID FIGURE RPCBINDNS RPCBIND REF_ONE
# REF_BATCH RATIO CHECKED OP LIMIT TARGET: PASS when CHECKED OP LIMIT; an
# empty OP marks a line that only informs.
add() {
	local mark=

	if [ -n "$9" ]; then
		if [ "$SMOKE" = 1 ]; then
			mark=ok
		elif awk -v v="$8" -v l="${10}" -v op="$9" 'BEGIN {
			if (v !~ /^[0-9.]+$/) exit 1
			exit !((op == ">=") ? v + 0 >= l + 0 : v + 0 <= l + 0) }'; then
			mark=PASS
		else
			mark=FAIL
		fi
	fi
	# SMOKE: every figure must be a number
	if [ "$SMOKE" = 1 ] && ! [[ $3 =~ ^-?[0-9.]+$ ]]; then
		mark=MISSING
	fi
	printf '%s|%s|%s|%s|%s|%s|%s|%s|%s\n' "$1" "$2" "${3:--}" "$4" "$5" \
		"$6" "$7" "${11}" "$mark" >>"$TMP/table"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {
	if (a !~ /^[0-9.]+$/ || b !~ /^[0-9.]+$/ || b == 0) print "-"
	else printf "%.2f\n", a / b }'; }

print_table() {
	printf '%-3s %-44s %10s %10s %9s %9s %7s  %-20s %s\n' row figure \
		rpcbindns rpcbind ref-one ref-batch ratio target mark
	awk -F'|' '{ printf "%-3s %-44s %10s %10s %9s %9s %7s  %-20s %s\n",
		$1, $2, $3, $4, $5, $6, $7, $8, $9 }' "$TMP/table"
}

# ---- rows 1 and 2 ----------------------------------------------------------

UNSHARE="unshare --mount --net --pid --fork --kill-child --mount-proc
	--propagation private"
declare -A UPID SPID

start_server() {
	local name=$1 exe i

	shift
	exe=$(readlink -f "$1")
	$UNSHARE bash "$SELF" --serve "$TMP/$name.log" "$@" &
	UPID[$name]=$!
	# the server: unshare's child, once it has exec'd
	for i in $(seq 100); do
		SPID[$name]=$(children "${UPID[$name]}")
		[ -n "${SPID[$name]}" ] &&
			[ "$(readlink "/proc/${SPID[$name]}/exe")" = "$exe" ] && break
		sleep 0.05
	done
	# the first contact registers 100003/3 (tcp, udp) at 2049
	for i in $(seq 50); do
		in_server "$name" "$LOAD" -s -d 1 -n 64 -w 1 >/dev/null 2>&1 &&
			return 0
		sleep 0.1
	done
	die "$name did not answer: $(tail -3 "$TMP/$name.log")"
}

in_server() {
	local name=$1

	shift
	taskset -c "$LOAD_CPU" nsenter --net="/proc/${SPID[$name]}/ns/net" "$@"
}

stop_servers() {
	local name

	# unshare ignores SIGTERM while its child runs: stop the server
	for name in "${!UPID[@]}"; do
		kill "${SPID[$name]}" 2>/dev/null || true
		wait "${UPID[$name]}" 2>/dev/null || true
	done
	UPID=()
}

# one load round: rate and server CPU per reply (ns) appended to files
load_round() {
	load_round_in "/proc/${SPID[$1]}/ns/net" "$@"
}

# the same with the load generator in network namespace NETNS (a path)
load_round_in() {
	local netns=$1 name=$2 fig=$3 pids c0 c1 out replies

	shift 3
	pids="${SPID[$name]} $(children "${SPID[$name]}")"
	c0=$(ticks $pids)
	out=$(taskset -c "$LOAD_CPU" nsenter --net="$netns" "$LOAD" "$@" \
		-d "$DURATION") || die "$name $fig: $out"
	c1=$(ticks $pids)
	replies=$(echo "$out" | field replies)
	echo "$name $fig: $out cpu_ticks $((c1 - c0))" >&2
	echo "$out" | field rate >>"$TMP/r.$fig.$name"
	awk -v c=$((c1 - c0)) -v r="$replies" -v hz="$(getconf CLK_TCK)" \
		'BEGIN { printf "%.0f\n", r ? c * 1e9 / hz / r : 0 }' \
		>>"$TMP/c.$fig.$name"
}

med() { [ -s "$1" ] && median <"$1" || echo -; }

rows_1_2() {
	local r fig name v

	start_server rpcbindns "$RPCBINDNS" -f
	start_server rpcbind "$RPCBIND" -f
	if row 1; then
		start_server ref-one "$REF" -m one
		start_server ref-batch "$REF" -m batch
	fi
	for r in $(seq "$ROUNDS"); do
		echo "rows 1-2: round $r" >&2
		if row 1; then
			for v in 2 3 4; do
				for name in rpcbindns rpcbind ref-one ref-batch; do
					load_round $name udp$v -V $v -w 64
				done
			done
		fi
		if row 2; then
			for name in rpcbindns rpcbind; do
				load_round $name tcp -t -c 16 -w 8
			done
		fi
	done
	stop_servers
	if row 1; then
		for v in 2 3 4; do
			if [ $v = 2 ]; then fig="UDP GETPORT v2"; else fig="UDP GETADDR v$v"; fi
			set -- "$(med "$TMP/r.udp$v.rpcbindns")" \
				"$(med "$TMP/r.udp$v.rpcbind")" \
				"$(med "$TMP/r.udp$v.ref-one")" \
				"$(med "$TMP/r.udp$v.ref-batch")"
			add 1 "$fig, 64 in flight: replies/s" "$@" \
				"$(ratio "$1" "$2")" "$(ratio "$1" "$2")" ">=" 8 \
				">= 8x rpcbind"
			set -- "$(med "$TMP/c.udp$v.rpcbindns")" \
				"$(med "$TMP/c.udp$v.rpcbind")" \
				"$(med "$TMP/c.udp$v.ref-one")" \
				"$(med "$TMP/c.udp$v.ref-batch")"
			add 1 "$fig: server CPU ns/reply" "$@" \
				"$(ratio "$1" "$4")" "$(ratio "$1" "$4")" "<=" 1.1 \
				"<= 1.1x ref-batch"
		done
	fi
	if row 2; then
		set -- "$(med "$TMP/r.tcp.rpcbindns")" "$(med "$TMP/r.tcp.rpcbind")"
		add 2 "TCP GETPORT 16 conns x 8: replies/s" "$1" "$2" - - \
			"$(ratio "$1" "$2")" "$(ratio "$1" "$2")" ">=" 15 \
			">= 15x rpcbind"
	fi
}

# ---- row 3 -------------------------------------------------------------------

# ref-local, the trivial stream server, goes in the ref-one column
row_3() {
	local out line c w a b f

	out=$(ROUNDS=$ROUNDS DURATION=$DURATION RPCBINDNS=$RPCBINDNS \
		RPCBIND=$RPCBIND SMOKE=$SMOKE bash "$BENCH_DIR/churn.sh") ||
		echo "$BENCH: churn.sh failed" >&2
	echo "$out" >&2
	while read -r line; do
		read -r c w a b f < <(echo "$line" | sed -E \
			's/^churn ([0-9]+) x ([0-9]+): rpcbindns ([0-9]+)\/s, rpcbind ([0-9]+)\/s, ref-local ([0-9]+)\/s.*/\1 \2 \3 \4 \5/')
		add 3 "AF_LOCAL SET+UNSET $c client(s) x $w: changes/s" "$a" "$b" \
			"$f" - "$(ratio "$a" "$b")" "$(ratio "$a" "$b")" ">=" 2 \
			">= 2x rpcbind"
		add 3 "  the same, of ref-local's changes/s" "$a" - "$f" - \
			"$(ratio "$a" "$f")" "" "" "" "(the machine's floor)"
	done < <(echo "$out" | grep '^churn ')
}

# ---- row 4 -------------------------------------------------------------------

row_4() {
	local a b

	command -v valgrind >/dev/null || die "row 4 needs valgrind"
	: >"$TMP/cg.result"
	timeout -k 5 900 $UNSHARE bash "$SELF" --callgrind "$TMP" "$LOAD" ||
		echo "$BENCH: row 4 failed" >&2
	a=$(awk '$1 == "r4_20" { print $2 }' "$TMP/cg.result")
	b=$(awk '$1 == "r4_1000" { print $2 }' "$TMP/cg.result")
	add 4 "instructions per GETPORT, 20 registrations" "$a" - - - - "" "" \
		"" ""
	add 4 "instructions per GETPORT, 1,000 registrations" "$b" - - - \
		"$(ratio "$b" "$a")" "$(ratio "$b" "$a")" "<=" 1.05 \
		"<= 1.05x 20 regs"
}

# ---- rows 5-9 ----------------------------------------------------------------

rows_5_9() {
	local -A R
	local k v a b c d per pss slab s

	: >"$TMP/scale.result"
	timeout -k 10 1800 $UNSHARE bash "$SELF" --scale "$TMP" "$LOAD" ||
		echo "$BENCH: rows 5-9 failed" >&2
	while read -r k v; do
		R[$k]=$v
	done <"$TMP/scale.result"
	if row 5; then
		a=${R[r5_spread]:--} b=${R[r5_single]:--}
		add 5 "GETPORT, 1 socket in each of $NS ns: replies/s" "$a" - - - \
			"$(ratio "$a" "$b")" "$(ratio "$a" "$b")" ">=" 0.75 \
			">= 0.75x one ns"
		add 5 "GETPORT, the $NS sockets in one ns: replies/s" "$b" - - - \
			- "" "" "" ""
	fi
	if row 6; then
		read -r pss <<<"${R[r6_pss]:--}"
		read -r slab proc <<<"${R[r6_slab]:-- -}"
		read -r rb_slab rb_proc <<<"${R[rb_slab]:-0 0}"
		a=$(awk -v p="$pss" -v s="$slab" -v q="$proc" -v n="$NS" \
			'BEGIN { printf "%.1f\n", (p + s - q) / n }')
		b=$(awk -v p="${R[rb_pss]:-0}" -v s="$rb_slab" -v q="$rb_proc" \
			-v n="$NS" 'BEGIN { printf "%.1f\n", (p + s - q) / n }')
		add 6 "memory per namespace at $NS (KiB)" "$a" "$b" - - \
			"$(ratio "$a" "$b")" "$a" "<=" 16 "<= 16 KiB"
		add 6 "  of it user (PSS, KiB)" \
			"$(awk -v p="$pss" -v n="$NS" 'BEGIN { printf "%.1f\n", p / n }')" \
			"$(awk -v p="${R[rb_pss]:-0}" -v n="$NS" 'BEGIN { printf "%.1f\n", p / n }')" \
			- - - "" "" "" ""
		add 6 "  of it kernel (Slab, KiB)" \
			"$(awk -v p="$slab" -v q="$proc" -v n="$NS" 'BEGIN { printf "%.1f\n", (p - q) / n }')" \
			"$(awk -v p="$rb_slab" -v q="$rb_proc" -v n="$NS" 'BEGIN { printf "%.1f\n", (p - q) / n }')" \
			- - - "" "" "" ""
		add 6 "  not counted: /proc inodes of fd scans (KiB)" \
			"$(awk -v q="$proc" -v n="$NS" 'BEGIN { printf "%.1f\n", q / n }')" \
			"$(awk -v q="$rb_proc" -v n="$NS" 'BEGIN { printf "%.1f\n", q / n }')" \
			- - - "" "" "" ""
	fi
	if row 7; then
		for k in quiet churn; do
			read -r a b c d <<<"${R[r7_$k]:-- - - -}"
			if [ $k = quiet ]; then
				s="ns added -> served"
			else
				s="  while $CHURN_NS others come and go"
			fi
			add 7 "$s, p50 (ms)" "$a" - - - - "$a" "<=" 1 "<= 1 ms"
			add 7 "$s, p99 (ms)" "$b" - - - - "$b" "<=" 5 "<= 5 ms"
			add 7 "  (from ip netns add starting: p50; p99 $d)" "$c" \
				- - - - "" "" "" ""
		done
	fi
	if row 8; then
		for k in broker engine; do
			read -r a b <<<"${R[r8_$k]:-- -}"
			per=$(awk -v a="$a" -v b="$b" -v n="$NS" \
				'BEGIN { printf "%.2f\n", (a - b) / n }')
			add 8 "descriptors per namespace, $k" "$per" \
				"${R[rb_fds]:--}" - - - "$per" "<=" 3 "<= 3"
		done
	fi
	if row 9; then
		# no figure (the run died): FAIL, not a zero that passes
		read -r a b <<<"${R[r9_start]:-- -}"
		s=- v=-
		if [ "$b" != - ]; then
			s=$(awk -v u="$b" 'BEGIN { printf "%.3f\n", u / 1e6 }')
			v=$(awk -v n="$a" 'BEGIN { printf "%.3f\n", 2 * n / 10000 }')
		fi
		add 9 "start with $a ns -> all served (s), 1 CPU" "$s" - - - - \
			"$s" "<=" "$v" "<= $v s (2 s/10,000)"
		read -r a b <<<"${R[r9_start_all]:-- -}"
		s=-
		[ "$b" = - ] ||
			s=$(awk -v u="$b" 'BEGIN { printf "%.3f\n", u / 1e6 }')
		add 9 "  the same, daemon on every CPU (s)" "$s" - - - - "$s" \
			"<=" "$v" "<= $v s (2 s/10,000)"
		read -r a b <<<"${R[r9_free]:-- -}"
		s=-
		[ "$a" = - ] ||
			s=$(awk -v u="$a" 'BEGIN { printf "%.3f\n", u / 1e6 }')
		add 9 "delete them -> nothing held (s)" "$s" - - - - "$s" "<=" 2 \
			"<= 2 s"
	fi
}

# ---- row 10 ------------------------------------------------------------------

# What answering as a virtual server costs.  One rpcbindns whose namespace
# holds VS A (mark 1) at 10.77.0.1 and a plain address 10.77.0.2 on the
# same veth; behind it a client namespace (a sleep's) at 10.77.0.100, with
# no rate limit on it.  The rounds alternate between the two addresses:
# at A a GETPORT arrives on A's own socket, is answered in A's view
# (falling back to the namespace-wide registration of -s) and the reply
# leaves with mark 1, through `ip rule fwmark 1` and table 101; at the
# plain address it arrives on the wildcard socket and leaves unmarked
# through the main table.
VS_ADDR=10.77.0.1
PLAIN_ADDR=10.77.0.2
CLIENT_PID=

stop_client() {
	[ -n "$CLIENT_PID" ] || return 0
	kill "$CLIENT_PID" 2>/dev/null || true
	wait "$CLIENT_PID" 2>/dev/null || true
	CLIENT_PID=
}

vs_network() {
	local self i

	self=$(readlink /proc/self/ns/net)
	unshare --net sleep 1d &
	CLIENT_PID=$!
	for i in $(seq 100); do
		[ "$(readlink "/proc/$CLIENT_PID/ns/net")" != "$self" ] && break
		sleep 0.05
	done
	ip link add vs0 netns "${SPID[vs]}" type veth \
		peer name vs1 netns "$CLIENT_PID" || return 1
	nsenter --net="/proc/${SPID[vs]}/ns/net" sh -e -c "
		ip addr add $VS_ADDR/24 dev vs0
		ip addr add $PLAIN_ADDR/24 dev vs0
		ip link set vs0 up
		ip route add 10.77.0.0/24 dev vs0 table 101
		ip rule add fwmark 1 lookup 101" || return 1
	nsenter --net="/proc/$CLIENT_PID/ns/net" sh -e -c "
		ip link set lo up
		ip addr add 10.77.0.100/24 dev vs1
		ip link set vs1 up"
}

row_10() {
	local client r a b c d addr ok

	echo "vs A mark 1 address $VS_ADDR" >"$TMP/vs.conf"
	start_server vs "$RPCBINDNS" -f --udp-rate-limit 0 \
		--config "$TMP/vs.conf"
	vs_network || die "row 10: cannot set up the network"
	client=/proc/$CLIENT_PID/ns/net
	# A's own socket, or the row would compare the wildcard with itself
	nsenter --net="/proc/${SPID[vs]}/ns/net" ss -lnu |
		grep -q " $VS_ADDR:111 " || die "row 10: no socket at $VS_ADDR:111"
	# both addresses answer (the first calls also resolve the neighbours)
	for addr in $VS_ADDR $PLAIN_ADDR; do
		ok=
		for r in $(seq 50); do
			nsenter --net="$client" "$LOAD" -a "$addr" -d 1 -n 64 \
				-w 1 >/dev/null 2>&1 && { ok=1; break; }
			sleep 0.1
		done
		[ -n "$ok" ] || die "row 10: no answer at $addr:" \
			"$(tail -3 "$TMP/vs.log")"
	done
	for r in $(seq "$ROUNDS"); do
		echo "row 10: round $r" >&2
		load_round_in "$client" vs vs-marked -a "$VS_ADDR" -w 64
		load_round_in "$client" vs vs-plain -a "$PLAIN_ADDR" -w 64
	done
	stop_servers
	stop_client
	a=$(med "$TMP/r.vs-marked.vs") b=$(med "$TMP/r.vs-plain.vs")
	c=$(med "$TMP/c.vs-marked.vs") d=$(med "$TMP/c.vs-plain.vs")
	add 10 "UDP GETPORT to a VS address (marked): rep/s" "$a" - - - \
		"$(ratio "$a" "$b")" "" "" "" "ratio: / wildcard"
	add 10 "  to the namespace's wildcard address: rep/s" "$b" - - - \
		- "" "" "" ""
	add 10 "  server CPU ns/reply, VS address" "$c" - - - \
		"$(ratio "$c" "$d")" "" "" "" "ratio: / wildcard"
	add 10 "  server CPU ns/reply, wildcard address" "$d" - - - \
		- "" "" "" ""
}

# ---- main ----------------------------------------------------------------------

[ "$DURATION" -ge 1 ] && [ "$DURATION" -le 30 ] || die "DURATION: 1..30"
[ -x "$RPCBINDNS" ] || die "no '$RPCBINDNS' (cd build && make rpcbindns/rpcbindns)"
[ -x "$RPCBIND" ] || die "no '$RPCBIND' (apt-get install rpcbind)"
for c in rpcinfo ip nsenter unshare taskset perl; do
	command -v $c >/dev/null || die "needs $c"
done
start_outside
trap 'stop_servers; stop_client; cleanup' EXIT
LOAD=$(build getport-load)
REF=$(build ref-udp)
: >"$TMP/table"
header "ROWS=\"$ROWS\" ROUNDS=$ROUNDS DURATION=${DURATION}s NS=$NS" \
	"SAMPLES=$SAMPLES START_NS=$START_NS SMOKE=$SMOKE"
T0=$(date +%s)
{ row 1 || row 2; } && rows_1_2
row 3 && row_3
row 4 && row_4
{ row 5 || row 6 || row 7 || row 8 || row 9; } && rows_5_9
row 10 && row_10
echo "# $(($(date +%s) - T0)) s, load average $(cut -d' ' -f1-3 /proc/loadavg)"
print_table
! grep -q '|MISSING$' "$TMP/table"
