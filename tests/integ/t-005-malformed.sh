#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Bad input gets an error or a closed connection, and the daemon keeps
# serving everyone else: garbage datagrams, an oversized record, bad XDR,
# a slow sender, too many connections.
. "$(dirname "$0")/harness.sh"
integ_enter "$@"

bad="python3 $srcdir/tests/integ/badclient.py"

start_daemon --partial-timeout 2 --max-connections-per-ns 20 || exit 1
$INTEG/tirpc-client set 300020 1 udp 0.0.0.0.8.1 >/dev/null

expect_cmd "UDP garbage: errors or silence" $bad udp-garbage
expect_cmd "AF_LOCAL garbage: errors or a closed connection" \
	$bad local-garbage
expect_cmd "a 1,000,000-byte record: connection closed" $bad tcp-oversize
expect_cmd "bad XDR over TCP: GARBAGE_ARGS, connection still usable" \
	$bad tcp-bad-xdr
expect_cmd "a half-sent record: closed after the partial timeout" \
	$bad slowloris 6
expect_cmd "50 idle TCP connections: UDP still served" $bad tcp-many 50

expect_match "still serving" "300020 +1 +udp" "$(rpcinfo 2>&1)"
expect_cmd "the daemon is alive" kill -0 "$DAEMON_PID"
expect_match "the connection cap was logged, rate-limited" \
	"connection limit reached" "$(cat "$TMP/daemon.log")"
stop_daemon TERM
expect_eq "and stops cleanly" 0 "$DAEMON_STATUS"

finish
