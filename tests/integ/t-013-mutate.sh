#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# 10,000 mutated requests over UDP, TCP and AF_LOCAL against the running
# daemon, from an unprivileged user: no crash, well-formed replies only,
# every valid call answered throughout and afterwards, and root's
# registrations all still there.
. "$(dirname "$0")/harness.sh"
integ_enter "$@"

start_daemon --max-connections-per-ns 20 || exit 1
for p in 300031 300032 300033; do
	$INTEG/tirpc-client set $p 1 udp 0.0.0.0.8.1 >/dev/null
	$INTEG/tirpc-client set $p 1 tcp 0.0.0.0.8.2 >/dev/null
done
registered=$(rpcinfo -p 127.0.0.1 | grep -c ' 30003[123] ')

summary=$(as_user 65534 /usr/bin/python3 $srcdir/tests/integ/mutate.py \
	--count 10000)
status=$?
echo "$summary"
expect_eq "10,000 mutated requests: the daemon kept answering" 0 "$status"
expect_cmd "the daemon is alive" kill -0 "$DAEMON_PID"
expect_eq "root's registrations are all there" "6 6" \
	"$registered $(rpcinfo -p 127.0.0.1 | grep -c ' 30003[123] ')"
expect_cmd "malformed messages were counted" \
	test "$(ns_counter dropped)" -gt 0
expect_no_match "no sanitizer report" "Sanitizer|runtime error" \
	"$(cat "$TMP/daemon.log")"
stop_daemon TERM
expect_eq "and it stops cleanly" 0 "$DAEMON_STATUS"

finish
