#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Service manager integration: sd_notify (READY, STATUS, RELOADING,
# STOPPING) and socket activation of the host endpoints.
. "$(dirname "$0")/harness.sh"
integ_enter "$@"

start_notify_socket || exit 1

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

# A passed IPv6 socket without IPV6_V6ONLY (BindIPv6Only=both) serves tcp
# and tcp6: no IPv4 listener is opened beside it.
: >"$TMP/daemon.log"
systemd-socket-activate -l '[::]:111' -l /run/rpcbind.sock \
	"$RPCBINDNS" -f >>"$TMP/daemon.log" 2>&1 &
DAEMON_PID=$!
wait_for 5 sh -c 'ss -lnt | grep -q "\*:111"'
expect_match "a dual-stack socket: IPv4 starts the daemon" \
	"version 4 ready and waiting" \
	"$(rpcinfo -T tcp 127.0.0.1 100000 4 2>&1)"
wait_for 5 grep -q "handed over" "$TMP/daemon.log"
expect_match "and IPv6 reaches it" "version 4 ready and waiting" \
	"$(rpcinfo -T tcp6 ::1 100000 4 2>&1)"
expect_eq "the passed socket is the only TCP listener on 111" 1 \
	"$(ss -lnt | grep -c ':111 ')"
expect_match "tcp is registered as served" "100000 +4 +tcp +0\.0\.0\.0\.0\.111" \
	"$(rpcinfo 2>&1)"
stop_daemon TERM
expect_eq "stops cleanly" 0 "$DAEMON_STATUS"

finish
