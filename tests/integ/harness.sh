# SPDX-License-Identifier: BSD-3-Clause
# harness.sh - sourced by every integration test (t-NNN-*.sh).
#
# A test re-executes itself as root in private mount and network
# namespaces (unshare -m -n) with a tmpfs on /run, so the daemon under
# test, its /run/rpcbind.sock, /run/rpcbind.lock and port 111, and every
# namespace the test adds with `ip netns add` (named rbt-PID-*) are the
# test's own and vanish with it.  Nothing touches the machine's port 111
# or /run.  Cleanup runs on every exit path; a watchdog bounds the run.
#
# Tests print "ok: ..." / "FAIL: ..." lines and end with
# "N passed, N failed".  Exit 77 (skip) only outside CI when the machine
# cannot make namespaces; under CI=true that is a failure.

set -u

builddir=$PWD
srcdir=${srcdir:-$(dirname "$0")/../..}
RPCBINDNS=${RPCBINDNS:-$builddir/rpcbindns/rpcbindns}
INTEG=$builddir/tests/integ
PASSES=0
FAILS=0
DAEMON_PID=
STARTED_PIDS=
NS_PREFIX=rbt-$$-

skip_or_fail() {
	echo "cannot run: $*"
	if [ "${CI:-}" = true ]; then
		exit 1
	fi
	exit 77
}

integ_enter() {
	if [ -z "${RBT_INNER:-}" ]; then
		[ "$(id -u)" = 0 ] || skip_or_fail "needs root"
		unshare -m -n true 2>/dev/null || skip_or_fail "no unshare"
		export RBT_INNER=1
		# RBT_PIDNS=1: a PID namespace too, so that /proc shows the
		# test's processes only.
		exec timeout --kill-after=10 "${RBT_TIMEOUT:-300}" \
			unshare -m -n ${RBT_PIDNS:+-p -f --mount-proc} \
			--propagation private bash "$0" "$@"
	fi
	mount -t tmpfs -o mode=1777 tmpfs /run || skip_or_fail "tmpfs"
	ip link set lo up
	TMP=$(mktemp -d "/tmp/${NS_PREFIX}XXXXXX")
	trap integ_cleanup EXIT
	trap 'exit 143' TERM INT HUP
}

integ_cleanup() {
	local pid ns

	for pid in $STARTED_PIDS $DAEMON_PID; do
		kill -KILL "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	done
	for ns in $(ip netns list 2>/dev/null | awk '{print $1}'); do
		case $ns in "$NS_PREFIX"*) ip netns del "$ns" ;; esac
	done
	rm -rf "$TMP"
}

ok() {
	PASSES=$((PASSES + 1))
	echo "ok: $*"
}

not_ok() {
	FAILS=$((FAILS + 1))
	echo "FAIL: $*"
}

# expect_eq DESCRIPTION EXPECTED ACTUAL
expect_eq() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1"
		printf '  expected: %s\n  actual:   %s\n' "$2" "$3"
	fi
}

# expect_match DESCRIPTION EXTENDED-REGEX TEXT
expect_match() {
	if printf '%s\n' "$3" | grep -Eq -- "$2"; then
		ok "$1"
	else
		not_ok "$1"
		printf '  wanted /%s/ in:\n%s\n' "$2" "$3"
	fi
}

expect_no_match() {
	if printf '%s\n' "$3" | grep -Eq -- "$2"; then
		not_ok "$1"
		printf '  did not want /%s/ in:\n%s\n' "$2" "$3"
	else
		ok "$1"
	fi
}

# expect_cmd DESCRIPTION COMMAND... : succeeds
expect_cmd() {
	local what=$1 out

	shift
	if out=$("$@" 2>&1); then
		ok "$what"
	else
		not_ok "$what"
		printf '  %s\n' "$out"
	fi
}

# expect_fail DESCRIPTION COMMAND... : fails
expect_fail() {
	local what=$1 out

	shift
	if out=$("$@" 2>&1); then
		not_ok "$what"
		printf '  unexpectedly succeeded: %s\n' "$out"
	else
		ok "$what"
	fi
}

# wait_for SECONDS COMMAND... : until the command succeeds
wait_for() {
	local deadline=$(($(date +%s) + $1))

	shift
	until "$@" >/dev/null 2>&1; do
		[ "$(date +%s)" -lt "$deadline" ] || return 1
		sleep 0.05
	done
}

# start_daemon [FLAGS...]: rpcbindns -f in this namespace, ready to serve.
# DAEMON_WRAPPER, if set, is a command prefix the daemon runs under (such
# as valgrind and its options, which keep the daemon's PID), and
# DAEMON_START_SECS how long it may take to come up (default 5).
start_daemon() {
	${DAEMON_WRAPPER:-} "$RPCBINDNS" -f "$@" >>"$TMP/daemon.log" 2>&1 &
	DAEMON_PID=$!
	if ! wait_for "${DAEMON_START_SECS:-5}" rpcinfo -p 127.0.0.1; then
		echo "daemon did not come up:"
		cat "$TMP/daemon.log"
		return 1
	fi
}

# engine_pid: the daemon's engine, the process that serves (its child)
engine_pid() {
	pgrep -P "$DAEMON_PID" -x rpcbindns
}

# stop_daemon [SIGNAL]: and wait for it; its exit status in DAEMON_STATUS
stop_daemon() {
	local sig=${1:-TERM}

	[ -n "$DAEMON_PID" ] || return 0
	kill "-$sig" "$DAEMON_PID"
	{ wait "$DAEMON_PID"; DAEMON_STATUS=$?; } 2>/dev/null
	DAEMON_PID=
}

# idle_fds PID: PID's descriptor numbers, once two listings 50 ms apart
# agree (a rescan holds a directory open for a moment)
idle_fds() {
	local a b

	a=$(ls "/proc/$1/fd" | sort -n)
	for _ in $(seq 100); do
		sleep 0.05
		b=$(ls "/proc/$1/fd" | sort -n)
		[ "$a" = "$b" ] && break
		a=$b
	done
	echo "$a"
}

# log_count REGEX: how many lines of the daemon's log match
log_count() {
	grep -Ec -- "$1" "$TMP/daemon.log"
}

# wait_log_more SECONDS REGEX N: until more than N lines of the log match
wait_log_more() {
	wait_for "$1" sh -c '[ "$(grep -Ec -- "$1" "$2")" -gt "$3" ]' sh \
		"$2" "$TMP/daemon.log" "$3"
}

# The positive events a negative check ("not served") waits for first:
#
# reload_daemon: SIGHUP, then wait for the daemon to log that the reload is
# done; it logs that after the rescan the reload includes.
reload_daemon() {
	local n

	n=$(log_count 'reloaded: ')
	kill -HUP "$DAEMON_PID"
	wait_log_more 20 'reloaded: ' "$n"
}

# add_marker NAME: ip netns add NAME, then wait until the daemon serves it.
# The rescan that attached it started after NAME existed, so it saw every
# change made before (a deletion, a mount, a process).
add_marker() {
	ip netns add "$1" &&
	wait_for 20 grep -Eq "ns '$1' \(cookie [0-9]+\): serving" \
		"$TMP/daemon.log"
}

# ns_counter FIELD [NS]: a number rpcinfo-ns --list --json gives for
# namespace NS (its name; default the daemon's own), e.g. dropped,
# rate_limited, connections
ns_counter() {
	"$builddir/rpcbindns/rpcinfo-ns" --list --json | python3 -c '
import json, sys
field, ns = sys.argv[1:]
print(sum(n[field] for n in json.load(sys.stdin)
          if (n["namespace"] == ns if ns else n["host"])))' "$1" "${2:-}"
}

# make_peer NS LINK CIDR PEER_CIDR: a non-local peer, namespace NS behind
# a veth pair named LINK on both sides, CIDR here and PEER_CIDR there
make_peer() {
	ip netns add "$1" &&
	ip link add "$2" type veth peer name "$2" netns "$1" &&
	ip addr add "$3" dev "$2" &&
	ip link set "$2" up &&
	ip -n "$1" addr add "$4" dev "$2" &&
	ip -n "$1" link set "$2" up &&
	ip -n "$1" link set lo up
}

# start_bg COMMAND...: a helper process, killed at the end
start_bg() {
	"$@" &
	STARTED_PIDS="$STARTED_PIDS $!"
	LAST_PID=$!
}

# start_notify_socket: a stand-in for the service manager's notification
# socket at $TMP/notify.sock, which the daemon reaches as _rpc, as it
# would systemd's; it logs to $notify_log one line per datagram, "TIME
# MESSAGE", the message's newlines turned into '|'.
start_notify_socket() {
	notify_log=$TMP/notify.log
	start_bg python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
with open(sys.argv[2], "a") as log:
    while True:
        msg = s.recv(4096).decode().replace("\n", "|")
        log.write("%.6f %s\n" % (time.time(), msg))
        log.flush()
' "$TMP/notify.sock" "$notify_log"
	wait_for 5 test -S "$TMP/notify.sock" || return 1
	chmod 755 "$TMP"
	chmod 777 "$TMP/notify.sock"
}

# as_user UID COMMAND...: run as an unprivileged uid
as_user() {
	local uid=$1

	shift
	setpriv --reuid="$uid" --regid="$uid" --clear-groups "$@"
}

# finish: the verdict; on a failure, the end of the daemon's log too, as
# CI shows only the test's output
finish() {
	echo "$PASSES passed, $FAILS failed"
	if [ "$FAILS" -ne 0 ] && [ -s "$TMP/daemon.log" ]; then
		echo "--- the daemon's log, last 40 lines:"
		tail -n 40 "$TMP/daemon.log"
	fi
	[ "$FAILS" -eq 0 ]
}
