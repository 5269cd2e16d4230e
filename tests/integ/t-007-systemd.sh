#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Service manager integration: sd_notify (READY, STATUS, RELOADING,
# STOPPING) and socket activation of the host endpoints.
. "$(dirname "$0")/harness.sh"
integ_enter "$@"

# A stand-in for the service manager's notification socket.
notify_log=$TMP/notify.log
start_bg python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
with open(sys.argv[2], "a") as log:
    while True:
        log.write(s.recv(4096).decode() + "\n")
        log.flush()
' "$TMP/notify.sock" "$notify_log"
wait_for 5 test -S "$TMP/notify.sock"
# The daemon sends as _rpc, like to systemd's world-writable socket.
chmod 755 "$TMP"
chmod 777 "$TMP/notify.sock"

NOTIFY_SOCKET=$TMP/notify.sock start_daemon || exit 1
wait_for 5 grep -q READY=1 "$notify_log"
expect_match "READY=1 once serving" "READY=1" "$(cat "$notify_log")"
expect_match "with a STATUS" "STATUS=serving 1 namespace" \
	"$(cat "$notify_log")"
kill -HUP "$DAEMON_PID"
wait_for 5 grep -q RELOADING=1 "$notify_log"
expect_match "RELOADING=1 on SIGHUP" "RELOADING=1" "$(cat "$notify_log")"
stop_daemon TERM
expect_match "STOPPING=1 on SIGTERM" "STOPPING=1" "$(cat "$notify_log")"

# Socket activation: the TCP and filesystem sockets come from the
# service manager (a connection starts the daemon); UDP is its own.
systemd-socket-activate -l 0.0.0.0:111 -l /run/rpcbind.sock \
	"$RPCBINDNS" -f >>"$TMP/daemon.log" 2>&1 &
DAEMON_PID=$!
wait_for 5 sh -c 'ss -lnt | grep -q "0.0.0.0:111"'
expect_match "a client's connection starts the daemon" \
	"version 4 ready and waiting" \
	"$(rpcinfo -T tcp 127.0.0.1 100000 4 2>&1)"
wait_for 5 grep -q "handed over" "$TMP/daemon.log"
expect_match "it adopted both sockets" \
	"2 endpoint\(s\) handed over by the service manager" \
	"$(cat "$TMP/daemon.log")"
expect_match "and serves the local socket" "portmapper" \
	"$(rpcinfo -p 2>&1)"
expect_match "and UDP it opened itself" "version 2 ready and waiting" \
	"$(rpcinfo -T udp 127.0.0.1 100000 2 2>&1)"
expect_eq "tcp6 opened by itself, as no fd was passed for it" 1 \
	"$(ss -lnt | grep -c '\[::\]:111')"
stop_daemon TERM
expect_eq "stops cleanly" 0 "$DAEMON_STATUS"
expect_cmd "and leaves the service manager's socket alone" \
	test -S /run/rpcbind.sock

finish
