#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# netns-scale.sh - rpcbindns at N (default 1,000) network namespaces:
# attach time, end-to-end latency of a new namespace, memory (daemon RSS
# and the kernel memory of its sockets), start-up and let-go times.
#
# Usage (as root):  bench/netns-scale.sh
# Environment:      RPCBINDNS=path NS=1000 SAMPLES=50 SMALL_SAMPLES=10
#                   HUPS=5 CYCLES=3 DAEMON_CPU=0 TOOL_CPU=1 KEEP=1 (keep the logs)
#
# Everything runs inside `unshare -m -n --propagation private` with a tmpfs
# on /run, so /run/netns, /run/rpcbind.sock and port 111 are private and
# the host's are never touched.  Namespaces are named rbb-<pid>-*; the trap
# deletes them and kills the daemon (by PID) on every exit path; should the
# inner shell die without its trap, the outer one kills the daemon by the
# PID it wrote down, and the namespaces go with the private mount table.
# See bench/netns-scale.README for what is measured and how.

set -eu
unset LISTEN_FDS LISTEN_PID LISTEN_FDNAMES NOTIFY_SOCKET
export LC_ALL=C

SELF=$(readlink -f "$0")
BENCH_DIR=$(dirname "$SELF")
RPCBINDNS=${RPCBINDNS:-$BENCH_DIR/../build/rpcbindns/rpcbindns}
NS=${NS:-1000}
SAMPLES=${SAMPLES:-50}
SMALL_SAMPLES=${SMALL_SAMPLES:-10}
HUPS=${HUPS:-5}
CYCLES=${CYCLES:-3}
DAEMON_CPU=${DAEMON_CPU:-0}
TOOL_CPU=${TOOL_CPU:-1}
KEEP=${KEEP:-0}
INNER_TIMEOUT=${INNER_TIMEOUT:-900}

die() {
	echo "netns-scale.sh: $*" >&2
	exit 1
}

now_us() {
	echo "${EPOCHREALTIME/./}"
}

# "median p99 min max n" of the numbers on stdin (nearest-rank p99, so
# with 50 samples p99 is the largest one).
stats() {
	sort -n | awk '{ v[NR] = $1 } END {
		if (NR == 0) { print "- - - - 0"; exit }
		m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		r = int(0.99 * NR); if (r < 0.99 * NR) r++
		printf "%g %g %g %g %d\n", m, v[r], v[1], v[NR], NR }'
}

# ---- inside the private mount + network namespace ------------------------

PREFIX=rbb-$$
DPID=
TMP=
LOG=

inner_cleanup() {
	local i

	if [ -n "$DPID" ]; then
		kill "$DPID" 2>/dev/null || true
		for i in $(seq 100); do
			kill -0 "$DPID" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$DPID" 2>/dev/null || true
		wait "$DPID" 2>/dev/null || true
		DPID=
	fi
	if [ -d /run/netns ]; then
		for i in /run/netns/"$PREFIX"-*; do
			[ -e "$i" ] && echo "netns del ${i##*/}"
		done >"$TMP/cleanup.batch"
		ip -force -batch "$TMP/cleanup.batch" 2>/dev/null || true
		for i in /run/netns/"$PREFIX"-*; do
			[ -e "$i" ] && ip netns del "${i##*/}" 2>/dev/null
		done
	fi
	return 0
}

# Start the daemon pinned to DAEMON_CPU; every line of its stderr is
# stamped with the time it arrived ("seconds.micro line") into $LOG.
start_daemon() {
	LOG=$1
	T_START=$(now_us)
	taskset -c "$DAEMON_CPU" "$RPCBINDNS" -f \
		2> >(taskset -c "$TOOL_CPU" perl -MTime::HiRes=time -ne \
			'BEGIN { $| = 1; open(F, ">", "$ENV{TMP}/logger.pid")
				and print F "$$\n"; close F } printf "%.6f %s", time, $_' \
			>"$LOG") &
	DPID=$!
	echo "$DPID" >"$TMP/daemon.pid"	# for the outer trap, if we die
}

stop_daemon() {
	kill "$DPID"
	wait "$DPID" 2>/dev/null || true
	DPID=
	: >"$TMP/daemon.pid"
	sleep 0.2		# let the log writer drain
}

# Wait (up to $2 s) for a log line matching the ERE $1 (the Nth with $3);
# print its arrival time in us.
wait_log() {
	local re=$1 limit=$2 nth=${3:-1} i t

	for i in $(seq $((limit * 200))); do
		t=$(grep -E -- "$re" "$LOG" 2>/dev/null | sed -n "${nth}p" |
			awk '{ sub(/\./, "", $1); print $1 }')
		[ -n "$t" ] && { echo "$t"; return 0; }
		kill -0 "$DPID" 2>/dev/null || return 1
		sleep 0.005
	done
	return 1
}

nfds() {
	local f n=0

	for f in /proc/"$DPID"/fd/*; do
		n=$((n + 1))
	done
	echo "$n"
}

nsockets() {
	ls -l /proc/"$DPID"/fd 2>/dev/null | grep -c 'socket:' || true
}

wait_fds() {
	local want=$1 limit=$2 i

	for i in $(seq $((limit * 100))); do
		[ "$(nfds)" = "$want" ] && return 0
		sleep 0.01
	done
	return 1
}

# MemAvailable, Slab and SUnreclaim (kB): the median of 15 samples 0.2 s
# apart (MemAvailable moves by MBs on a shared machine).
meminfo() {
	local i c

	for i in $(seq 15); do
		awk '{ m[$1] = $2 } END {
			print m["MemAvailable:"], m["Slab:"], m["SUnreclaim:"] }' \
			/proc/meminfo
		sleep 0.2
	done >"$TMP/meminfo"
	for c in 1 2 3; do
		cut -d' ' -f$c "$TMP/meminfo" | sort -n | sed -n 8p
	done | paste -sd' '
}

# "cache bytes" of every slab cache (all slabs, used or not).
slabinfo() {
	awk 'NR > 2 { print $1, $15 * $6 * 4096 }' /proc/slabinfo
}

# End-to-end: `ip netns add` returns -> UDP port 111 (0x006F) is bound in
# it.  A bash inside the new namespace (entered once, pinned to TOOL_CPU)
# re-reads its /proc/net/udp with builtins only; prints latency in us.
POLL='end=$(( ${EPOCHREALTIME/./} + 10000000 ))
while :; do
	while read -r _ a _ st _; do
		[[ $a == *:006F && $st == 07 ]] && { echo "${EPOCHREALTIME/./}"; exit 0; }
	done </proc/net/udp
	(( ${EPOCHREALTIME/./} > end )) && { echo timeout; exit 1; }
done'

# The poll's own start (nsenter, bash) is in that figure; the broker's
# "serving" line, stamped as it arrives, is not: its delay goes to
# $TMP/e2e_log.
e2e_one() {
	local name=$1 t0 t1 t2

	ip netns add "$name"
	t0=$(now_us)
	t1=$(taskset -c "$TOOL_CPU" nsenter --net=/run/netns/"$name" \
		bash -c "$POLL") || { echo timeout; return 0; }
	t2=$(wait_log "ns '$name' \\(cookie [0-9]+\\): serving" 10) &&
		echo $((t2 - t0)) >>"$TMP/e2e_log"
	echo $((t1 - t0))
}

# Time $HUPS SIGHUPs (a full rescan each): signal -> "reloaded:" logged.
hup_times() {
	local i t0 t1 n

	for i in $(seq "$HUPS"); do
		n=$(grep -c 'reloaded:' "$LOG" || true)
		t0=$(now_us)
		kill -HUP "$DPID"
		t1=$(wait_log 'reloaded:' 60 $((n + 1))) || die "no reload"
		echo $((t1 - t0))
		sleep 0.3
	done
}

# While the daemon lets go: a NULL call to 127.0.0.1:111 (host namespace)
# after another, each "start_us duration_us ok|fail"; shows how long the
# event loop stalls (rpcinfo's own fork+exec cost is the floor).
probe() {
	local t0 r

	while [ ! -e "$TMP/probe.stop" ]; do
		t0=$(now_us)
		if taskset -c "$TOOL_CPU" rpcinfo -T udp 127.0.0.1 100000 2 \
			>/dev/null 2>&1; then r=ok; else r=fail; fi
		echo "$t0 $(($(now_us) - t0)) $r"
	done >"$TMP/probe"
}

us2ms() {
	awk -v u="$1" 'BEGIN { printf "%.1f", u / 1000 }'
}

inner() {
	local i t0 t1 base_fds fds socks n
	local small_e2e big_e2e att_start att_new hup_small hup_big
	local rss logger_anon t_create

	TMP=$1
	export TMP
	trap inner_cleanup EXIT
	trap 'exit 1' INT TERM HUP
	mount -t tmpfs -o mode=0755 tmpfs /run
	ip link set lo up
	mkdir -p /run/rpcbind
	chown _rpc /run/rpcbind 2>/dev/null || true

	# -- phase 0: the daemon alone, then a few namespaces at small scale
	echo "phase 0: daemon with no other namespace, $SMALL_SAMPLES samples"
	start_daemon "$TMP/small.log"
	wait_log 'serving [0-9]+ namespace' 10 >/dev/null ||
		die "daemon did not start: $(tail -3 "$LOG")"
	sleep 0.3
	base_fds=$(nfds)
	small_e2e=$(for i in $(seq "$SMALL_SAMPLES"); do
		e2e_one "$PREFIX-s$i"; sleep 0.05; done)
	hup_small=$(hup_times | stats)
	stop_daemon
	for i in $(seq "$SMALL_SAMPLES"); do
		ip netns del "$PREFIX-s$i"
	done

	# -- phase 1: NS namespaces, no daemon: the baseline
	for i in $(seq "$NS"); do
		echo "netns add $PREFIX-$i"
	done >"$TMP/add.batch"
	t0=$(now_us)
	ip -batch "$TMP/add.batch" || die "cannot create $NS namespaces"
	t_create=$(($(now_us) - t0))
	echo "phase 1: $NS namespaces made in $(us2ms $t_create) ms" \
		"(ip -batch); settling 5 s"
	sleep 5

	# -- phase 2: CYCLES x (memory without the daemon, start it on the NS
	# namespaces, settle, memory with it, stop it); the last start stays.
	local c ready readys= firsts= mem_without= mem_with= served
	local cpu_ns wait_ns oncpu= waits=
	for c in $(seq "$CYCLES"); do
		echo "phase 2.$c: memory without the daemon, start, memory with"
		slabinfo >"$TMP/slab0.$c"
		mem_without="$mem_without$(meminfo),"
		start_daemon "$TMP/big$c.log"
		ready=$(wait_log "serving [0-9]+ namespace" 300) ||
			die "daemon did not start: $(tail -3 "$LOG")"
		readys="$readys $((ready - T_START))"
		# on CPU and runnable-but-waiting, in us, up to now (it idles)
		read -r cpu_ns wait_ns _ <"/proc/$DPID/schedstat"
		oncpu="$oncpu $((cpu_ns / 1000))"
		waits="$waits $((wait_ns / 1000))"
		firsts="$firsts $(($(awk '/attached in/ { sub(/\./, "", $1);
			print $1; exit }' "$LOG") - T_START))"
		n=$(grep -oE 'serving [0-9]+ namespace' "$LOG" |
			awk '{ print $2 }')
		[ "$n" = $((NS + 1)) ] || echo "WARNING: the daemon serves" \
			"$n namespaces, expected $((NS + 1))"
		grep -oE 'attached in [0-9]+ us' "$LOG" | awk '{ print $3 }' \
			>>"$TMP/attach_start"
		sleep 5
		mem_with="$mem_with$(meminfo),"
		slabinfo >"$TMP/slab1.$c"
		if [ "$c" = 1 ]; then
			fds=$(nfds)
			socks=$(nsockets)
			rss=$(awk '/^VmRSS:/ { r = $2 } /^RssAnon:/ { a = $2 }
				   /^VmHWM:/ { h = $2 } END { print r, a, h }' \
				/proc/"$DPID"/status)
			logger_anon=$(awk '/^RssAnon:/ { print $2 }' \
				/proc/"$(cat "$TMP/logger.pid")"/status)
		fi
		[ "$c" = "$CYCLES" ] && break
		stop_daemon
		sleep 5
	done
	att_start=$(stats <"$TMP/attach_start")
	served=$n

	# -- phase 3: one namespace at a time while the daemon serves NS
	echo "phase 3: $SAMPLES namespaces one at a time, HUP rescans"
	: >"$TMP/e2e_log"
	big_e2e=$(for i in $(seq "$SAMPLES"); do
		e2e_one "$PREFIX-e$i"; sleep 0.05; done)
	att_new=$(grep -E "'$PREFIX-e[0-9]+'.*attached in" "$LOG" |
		grep -oE 'attached in [0-9]+ us' | awk '{ print $3 }' | stats)
	hup_big=$(hup_times | stats)

	# -- phase 4: delete them all, wait for the daemon to let go
	for i in /run/netns/"$PREFIX"-*; do
		echo "netns del ${i##*/}"
	done >"$TMP/del.batch"
	n=$(wc -l <"$TMP/del.batch")
	echo "phase 4: deleting $n namespaces"
	local t_del0 t_del1 t_free probe_pid=
	if command -v rpcinfo >/dev/null; then
		probe &
		probe_pid=$!
		sleep 1
	fi
	t_del0=$(now_us)
	ip -batch "$TMP/del.batch" || die "cannot delete the namespaces"
	t_del1=$(now_us)
	wait_fds "$base_fds" 300 || die "fds did not return to $base_fds: $(nfds)"
	t_free=$(now_us)
	if [ -n "$probe_pid" ]; then
		sleep 0.5
		touch "$TMP/probe.stop"
		wait "$probe_pid" || true
	fi
	local detached
	detached=$(grep -c 'no longer in use, detached' "$LOG" || true)
	stop_daemon

	# -- report
	local timeouts
	timeouts=$(printf '%s\n' "$small_e2e" "$big_e2e" | grep -c timeout ||
		true)
	{
		echo "base_fds $base_fds"
		echo "create_us $t_create"
		echo "ready_us$readys"
		echo "first_attach_us$firsts"
		echo "oncpu_us$oncpu"
		echo "waitcpu_us$waits"
		if [ -s "$TMP/probe" ]; then
			echo "probe_before $(awk -v t="$t_del0" '$1 < t { print $2 }' \
				"$TMP/probe" | stats)"
			echo "probe_during $(awk -v t="$t_del0" -v e="$t_free" \
				'$1 >= t && $1 <= e { print $2 }' "$TMP/probe" | stats)"
			echo "probe_fail $(grep -c fail "$TMP/probe" || true)"
		fi
		echo "served $served"
		echo "att_start $att_start"
		echo "att_new $att_new"
		echo "e2e_small $(printf '%s\n' "$small_e2e" | grep -v timeout | stats)"
		echo "e2e_big $(printf '%s\n' "$big_e2e" | grep -v timeout | stats)"
		echo "e2e_log $(stats <"$TMP/e2e_log")"
		echo "e2e_timeouts $timeouts"
		echo "hup_small $hup_small"
		echo "hup_big $hup_big"
		echo "fds $fds"
		echo "sockets $socks"
		echo "rss $rss"
		echo "logger_anon $logger_anon"
		echo "mem_without $mem_without"
		echo "mem_with $mem_with"
		echo "deleted $n"
		echo "del_us $((t_del1 - t_del0))"
		echo "free_after_del_us $((t_free - t_del1))"
		echo "free_total_us $((t_free - t_del0))"
		echo "detached $detached"
	} >"$TMP/result"
	# The slab caches that grew most while the daemon attached: per cache
	# the median over the cycles of (with - without).
	for c in $(seq "$CYCLES"); do
		awk 'NR == FNR { b[$1] = $2; next } { print $1, $2 - b[$1] }' \
			"$TMP/slab0.$c" "$TMP/slab1.$c"
	done | sort -k1,1 -k2,2n | awk -v n="$CYCLES" '
		$1 != k { if (k != "") out(); k = $1; i = 0 }
		{ v[++i] = $2 }
		END { out() }
		function out() { m = v[int((n + 1) / 2)]
			printf "%s %d\n", k, m / 1024 }' |
		sort -k2,2nr >"$TMP/slabmed"
	head -8 "$TMP/slabmed" >"$TMP/slabtop"
	echo "proc_inode_kb $(awk '$1 == "proc_inode_cache" { print $2 }' \
		"$TMP/slabmed")" >>"$TMP/result"
}

if [ "${1:-}" = --inner ]; then
	shift
	inner "$@"
	exit 0
fi

# ---- outside: run the inner part, print the summary ---------------------

TMPD=
CHILD=

cleanup() {
	local pid

	if [ -n "$CHILD" ]; then
		kill "$CHILD" 2>/dev/null || true
		wait "$CHILD" 2>/dev/null || true
	fi
	# The inner trap kills the daemon; this is for when it could not.
	if [ -n "$TMPD" ] && [ -s "$TMPD/daemon.pid" ]; then
		pid=$(cat "$TMPD/daemon.pid")
		if [ "$(readlink /proc/"$pid"/exe 2>/dev/null)" = \
		     "$(readlink -f "$RPCBINDNS")" ]; then
			kill "$pid" 2>/dev/null || true
			sleep 1
			kill -KILL "$pid" 2>/dev/null || true
		fi
	fi
	if [ -n "$TMPD" ]; then
		if [ "$KEEP" = 1 ]; then
			echo "logs kept in $TMPD"
		else
			rm -rf "$TMPD"
		fi
	fi
}

[ "$(id -u)" = 0 ] || die "must run as root"
[ -x "$RPCBINDNS" ] || die "no '$RPCBINDNS' (cd build && make rpcbindns/rpcbindns)"
for c in ip nsenter unshare taskset perl; do
	command -v $c >/dev/null || die "needs $c"
done
perl -MTime::HiRes -e 1 2>/dev/null || die "needs perl Time::HiRes"
[ "$(ulimit -Hn)" = unlimited ] || [ "$(ulimit -Hn)" -gt $((6 * NS + 100)) ] ||
	die "the hard fd limit ($(ulimit -Hn)) is below 6 per namespace"
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
TMPD=$(mktemp -d /tmp/netns-scale.XXXXXX)

echo "# $(date -u '+%F %T UTC'), $(uname -r)," \
	"$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)," \
	"$(nproc) CPUs, $(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' \
	/proc/meminfo); NS=$NS SAMPLES=$SAMPLES"

timeout -k 10 "$INNER_TIMEOUT" unshare -m -n --propagation private \
	bash "$SELF" --inner "$TMPD" &
CHILD=$!
wait "$CHILD" || die "the run failed"
CHILD=

declare -A R
while read -r k v; do
	R[$k]=$v
done <"$TMPD/result"

read -r att_m att_p att_min att_max att_n <<<"${R[att_start]}"
read -r an_m an_p _ an_max an_n <<<"${R[att_new]}"
read -r es_m es_p _ es_max es_n <<<"${R[e2e_small]}"
read -r eb_m eb_p eb_min eb_max eb_n <<<"${R[e2e_big]}"
read -r el_m el_p _ el_max el_n <<<"${R[e2e_log]}"
read -r hs_m hs_p _ _ _ <<<"${R[hup_small]}"
read -r hb_m hb_p _ _ hb_n <<<"${R[hup_big]}"
read -r rss rss_anon hwm <<<"${R[rss]}"

ms() { awk -v u="$1" 'BEGIN { printf "%.1f ms", u / 1000 }'; }
per() { awk -v k="$1" -v n="$NS" 'BEGIN { printf "%.1f", k / n }'; }
# "median / list" of the space-separated us values in $1, as ms
mslist() {
	echo "$1" | tr ' ' '\n' | grep . | awk '{ v[NR] = $1 } END {
		for (i = 1; i <= NR; i++) l = l sprintf("%s%.0f", i > 1 ? ", " : "",
			v[i] / 1000)
		n = asorted(v, NR)
		printf "median %.1f ms (%s ms)", v[int((NR + 1) / 2)] / 1000, l }
		function asorted(x, n,   i, j, t) {
			for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
				if (x[j] < x[i]) { t = x[i]; x[i] = x[j]; x[j] = t }
			return n }'
}

# Memory: per cycle, without -> with (kB); cycle 1 has cold slab caches.
PROBE="  (no rpcinfo: event-loop stall not probed)"
if [ -n "${R[probe_during]:-}" ]; then
	read -r pb_m _ _ pb_max pb_n <<<"${R[probe_before]}"
	read -r pd_m _ _ pd_max pd_n <<<"${R[probe_during]}"
	PROBE="  rpcinfo NULL to 127.0.0.1:111 meanwhile: $pd_n calls, median $(ms "$pd_m"), max $(ms "$pd_max") (before: median $(ms "$pb_m"), max $(ms "$pb_max")), ${R[probe_fail]} failed"
fi
MEM=$(awk -v w0="${R[mem_without]}" -v w1="${R[mem_with]}" \
	-v anon="$((rss_anon + R[logger_anon]))" -v n="$NS" 'BEGIN {
	c = split(w0, a, ",") - 1; split(w1, b, ",")
	for (i = 1; i <= c; i++) {
		split(a[i], x, " "); split(b[i], y, " ")
		for (k = 1; k <= 3; k++) {
			d[k, i] = (k == 1) ? x[k] - y[k] : y[k] - x[k]
			l[k] = l[k] sprintf("%s%d", i > 1 ? ", " : "", d[k, i])
		}
	}
	for (k = 1; k <= 3; k++) {
		for (i = 1; i <= c; i++) v[i] = d[k, i]
		sortn(v, c)
		m[k] = v[int((c + 1) / 2)]
	}
	printf "  MemAvailable down by %d kB (median of %d cycles: %s kB); minus the RssAnon of\n", m[1], c, l[1]
	printf "    the daemon and the log stamper (%d kB): %d kB = %.1f kB/namespace\n", anon, m[1] - anon, (m[1] - anon) / n
	printf "  Slab +%d kB = %.1f kB/namespace (median of the cycles: %s kB; SUnreclaim +%d kB)\n", m[2], m[2] / n, l[2], m[3]
	}
	function sortn(x, n,   i, j, t) {
		for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
			if (x[j] < x[i]) { t = x[i]; x[i] = x[j]; x[j] = t } }')

cat <<EOF

==== rpcbindns at $NS namespaces ====================================
attach, in the daemon ($att_n, the starts):  median $att_m us, p99 $att_p us (min $att_min, max $att_max)
attach, one new namespace ($an_n):       median $an_m us, p99 $an_p us (max $an_max)
end-to-end, ip netns add -> port 111 open:
  with $NS served ($eb_n):   median $(ms "$eb_m"), p99 $(ms "$eb_p") (min $(ms "$eb_min"), max $(ms "$eb_max"))
  with none served ($es_n):  median $(ms "$es_m"), p99 $(ms "$es_p")
  to the daemon's "serving" line, with $NS served ($el_n): median $(ms "$el_m"), p99 $(ms "$el_p") (max $(ms "$el_max"))
  timeouts (10 s): ${R[e2e_timeouts]}
full rescan (SIGHUP -> "reloaded"): $hb_n x at $((NS + SAMPLES)) namespaces median $(ms "$hb_m"), max $(ms "$hb_p"); at 1: median $(ms "$hs_m")
start with $NS pre-existing, to "serving ${R[served]} namespace(s)": $(mslist "${R[ready_us]}")
  (first "attached" line after: $(mslist "${R[first_attach_us]}"))
  (the daemon on CPU: $(mslist "${R[oncpu_us]}"); runnable, waiting for it: $(mslist "${R[waitcpu_us]}"))
let go of ${R[deleted]} deleted: fds back to ${R[base_fds]} $(ms "${R[free_after_del_us]}") after ip -batch del returned ($(ms "${R[free_total_us]}") from its start; the deletes took $(ms "${R[del_us]}")), ${R[detached]} "detached" lines
$PROBE
fds at $((NS + 1)) namespaces: ${R[fds]} (${R[sockets]} sockets; ${R[base_fds]} with the host only)
daemon RSS: VmRSS $rss kB (RssAnon $rss_anon kB, VmHWM $hwm kB) = $(per "$rss") kB per namespace
kernel, $NS namespaces without -> with the daemon (each the median of 15 samples):
$MEM
  of it proc_inode_cache: ${R[proc_inode_kb]:-0} kB (inodes of /proc/PID/fd entries: made when
    anything lists the daemon's fds, e.g. ss -p or lsof; not the sockets)
  slab caches that grew most (kB, median): $(awk '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2 }' "$TMPD/slabtop")
namespaces themselves: created in $(ms "${R[create_us]}") with ip -batch (not counted above)
=====================================================================
EOF
