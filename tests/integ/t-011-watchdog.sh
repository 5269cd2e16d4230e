#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Service manager watchdog: with WATCHDOG_USEC (WatchdogSec=) the daemon
# sends WATCHDOG=1 every half interval, each one for a message from the
# engine's event loop, so a stopped daemon, and a running one whose
# engine's loop is stuck in a callback (here a write to a full log pipe;
# a pinging thread would still ping), sends none; nor does it without
# WATCHDOG_USEC, or when WATCHDOG_PID names another process.
. "$(dirname "$0")/harness.sh"
integ_enter "$@"

WD_USEC=400000		# pings every 200 ms

start_notify_socket || exit 1

now() {
	date +%s.%N
}

# pings_between T1 T2: WATCHDOG=1 messages received after T1, before T2
pings_between() {
	awk -v a="$1" -v b="$2" \
		'$2 ~ /WATCHDOG=1/ && $1 > a && $1 < b { n++ } END { print n + 0 }' \
		"$notify_log"
}

# at_least N T: N pings or more arrived after T
at_least() {
	[ "$(pings_between "$2" 9999999999)" -ge "$1" ]
}

# median_gap T1 T2: the median time between pings in the window, in ms
median_gap() {
	awk -v a="$1" -v b="$2" \
		'$2 ~ /WATCHDOG=1/ && $1 > a && $1 < b {
			if (n++) print int(($1 - last) * 1000); last = $1 }' \
		"$notify_log" | sort -n | awk '{ v[NR] = $1 }
		END { print NR ? v[int((NR + 1) / 2)] : -1 }'
}

# start_wd_daemon [ENV...]: rpcbindns -f $DAEMON_FLAGS with NOTIFY_SOCKET
# and ENV, its output to $DAEMON_OUT; WATCHDOG_PID=self becomes the
# daemon's own pid (the shell's, kept by exec)
DAEMON_FLAGS=
DAEMON_OUT=$TMP/daemon.log
start_wd_daemon() {
	: >"$notify_log"
	: >"$TMP/daemon.log"
	env -u WATCHDOG_USEC -u WATCHDOG_PID NOTIFY_SOCKET="$TMP/notify.sock" \
		"$@" sh -c '[ "${WATCHDOG_PID:-}" != self ] ||
			export WATCHDOG_PID=$$; exec "$0" -f $1' "$RPCBINDNS" \
		"$DAEMON_FLAGS" >>"$DAEMON_OUT" 2>&1 &
	DAEMON_PID=$!
	if ! wait_for 5 grep -q READY=1 "$notify_log"; then
		echo "no READY=1:"
		cat "$TMP/daemon.log"
		return 1
	fi
}

# expect_silent WHAT: READY=1 came, more than three ping intervals later
# the loop still served a request, and no WATCHDOG=1 came meanwhile
expect_silent() {
	local start=$(now)

	while awk -v s="$start" -v t="$(now)" 'BEGIN { exit !(t - s < 1.2) }'
	do
		sleep 0.1
	done
	expect_match "$1: a request served 1.2 s after READY=1" \
		"version 2 ready and waiting" \
		"$(rpcinfo -T udp 127.0.0.1 100000 2 2>&1)"
	expect_no_match "$1: and no WATCHDOG=1 meanwhile" "WATCHDOG=1" \
		"$(cat "$notify_log")"
	expect_no_match "$1: nor a watchdog line in the log" "watchdog" \
		"$(cat "$TMP/daemon.log")"
}

### WatchdogSec= set: pings at half the interval
start_wd_daemon WATCHDOG_USEC=$WD_USEC WATCHDOG_PID=self || exit 1
expect_match "the daemon says it pings" \
	"watchdog: 400 ms, pinging every 200 ms" "$(cat "$TMP/daemon.log")"
t0=$(now)
expect_cmd "WATCHDOG=1 arrives" wait_for 5 at_least 2 "$t0"
expect_eq "READY=1 came first" "READY=1" \
	"$(grep -m1 -oE 'READY=1|WATCHDOG=1' "$notify_log")"
t0=$(now)
sleep 2
t1=$(now)
n=$(pings_between "$t0" "$t1")
expect_cmd "about every 200 ms: $n pings in 2 s" \
	test "$n" -ge 6 -a "$n" -le 14
gap=$(median_gap "$t0" "$t1")
expect_cmd "median gap $gap ms, about half of 400 ms" \
	test "$gap" -ge 150 -a "$gap" -le 280

### a stopped event loop sends nothing; it resumes with the loop
kill -STOP "$DAEMON_PID"
expect_cmd "SIGSTOP stops the daemon" wait_for 5 \
	sh -c "awk '{ exit \$3 != \"T\" }' /proc/$DAEMON_PID/stat"
t_stop=$(now)
sleep 1.5
t_cont=$(now)
kill -CONT "$DAEMON_PID"
# A ping sent just before the stop may still be read after it.
t_quiet=$(awk -v t="$t_stop" 'BEGIN { printf "%.6f", t + 0.25 }')
expect_eq "no WATCHDOG=1 while stopped for 1.5 s" 0 \
	"$(pings_between "$t_quiet" "$t_cont")"
expect_cmd "pings resume after SIGCONT" wait_for 5 at_least 2 "$t_cont"
expect_match "and the daemon still serves" "version 2 ready and waiting" \
	"$(rpcinfo -T udp 127.0.0.1 100000 2 2>&1)"
stop_daemon TERM
expect_eq "stops cleanly" 0 "$DAEMON_STATUS"

### a loop blocked inside a callback, the process running: no pings
# Its standard error is a pipe nobody reads; malformed datagrams, logged
# with -d, fill it until writing a log line blocks the loop.
mkfifo "$TMP/stderr.fifo"
exec 3<>"$TMP/stderr.fifo"
DAEMON_FLAGS=-d DAEMON_OUT=$TMP/stderr.fifo \
	start_wd_daemon WATCHDOG_USEC=$WD_USEC WATCHDOG_PID=self || exit 1
expect_cmd "WATCHDOG=1 arrives" wait_for 5 at_least 2 "$(now)"
engine=$(engine_pid)
# pipe_write, or anon_pipe_write in newer kernels
in_pipe_write() {
	case $(cat "/proc/$engine/wchan") in *pipe_write) ;; *) false ;; esac
}
# Junk until the daemon sleeps in a pipe write (30 s at most).
expect_cmd "a full log pipe blocks the loop in write()" python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
deadline = time.monotonic() + 30
while time.monotonic() < deadline:
    with open("/proc/%s/wchan" % sys.argv[1]) as f:
        if f.read().endswith("pipe_write"):
            sys.exit(0)
    for i in range(100):
        s.sendto(b"junk", ("127.0.0.1", 111))
    time.sleep(0.01)
sys.exit("the daemon never blocked")
' "$engine"
t_stop=$(now)
sleep 1.5
t_cont=$(now)
expect_cmd "still blocked 1.5 s later" in_pipe_write
start_bg cat "$TMP/stderr.fifo" >/dev/null
exec 3<&-
t_quiet=$(awk -v t="$t_stop" 'BEGIN { printf "%.6f", t + 0.25 }')
expect_eq "no WATCHDOG=1 while the loop is blocked for 1.5 s" 0 \
	"$(pings_between "$t_quiet" "$t_cont")"
expect_cmd "pings resume once the pipe is read" \
	wait_for 5 at_least 2 "$t_cont"
stop_daemon TERM

### no WatchdogSec=: no pings
start_wd_daemon || exit 1
expect_silent "without WATCHDOG_USEC"
stop_daemon TERM

### WATCHDOG_USEC meant for another process (pid 1): no pings
start_wd_daemon WATCHDOG_USEC=$WD_USEC WATCHDOG_PID=1 || exit 1
expect_silent "with WATCHDOG_PID=1"
stop_daemon TERM

### a malformed WATCHDOG_USEC: a warning, and the daemon serves on
start_wd_daemon WATCHDOG_USEC=soon WATCHDOG_PID=self || exit 1
expect_match "a malformed WATCHDOG_USEC is reported" \
	"cannot start the watchdog pings: Invalid argument, ignoring" \
	"$(cat "$TMP/daemon.log")"
expect_match "and the daemon serves" "version 2 ready and waiting" \
	"$(rpcinfo -T udp 127.0.0.1 100000 2 2>&1)"
stop_daemon TERM

finish
