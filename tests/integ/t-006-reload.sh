#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# SIGHUP re-reads /etc/netconfig: transports come and go, registrations
# stay.
. "$(dirname "$0")/harness.sh"
integ_enter "$@"

start_daemon || exit 1
python3 $srcdir/tests/integ/rpccall.py --sport 700 127.0.0.1 3 1 u:300040 u:1 s:udp s:0.0.0.0.8.1 s:x >/dev/null

# Only this test's mount namespace sees the edited file.
grep -v -E '^(udp6|tcp6)[[:space:]]' /etc/netconfig >"$TMP/netconfig"
mount --bind "$TMP/netconfig" /etc/netconfig
kill -HUP "$DAEMON_PID"
# The dual-stack sockets give way to IPv4 ones.
wait_for 5 sh -c 'ss -lnu | grep -q "0\.0\.0\.0:111"'
expect_no_match "udp6 closed" "(\[::\]|\*):111" "$(ss -lnut)"
expect_match "udp still served" "version 2 ready and waiting" \
	"$(rpcinfo -T udp 127.0.0.1 100000 2 2>&1)"
expect_match "tcp still served" "version 2 ready and waiting" \
	"$(rpcinfo -T tcp 127.0.0.1 100000 2 2>&1)"
expect_no_match "its self entries gone" "udp6|tcp6" "$(rpcinfo 2>&1)"
expect_match "the registration stayed" "300040 +1 +udp" "$(rpcinfo 2>&1)"

umount /etc/netconfig
kill -HUP "$DAEMON_PID"
wait_for 5 sh -c 'ss -lnu | grep -q "\[::\]:111"'
expect_match "udp6 back" "\[::\]:111" "$(ss -lnu)"
expect_match "tcp6 back" "\[::\]:111" "$(ss -lnt)"
expect_match "served over udp6" "version 4 ready and waiting" \
	"$(rpcinfo -T udp6 ::1 100000 4 2>&1)"
expect_match "the registration is still there" "300040 +1 +udp" \
	"$(rpcinfo 2>&1)"
expect_match "the reload was logged" "reloaded: 13 registrations" \
	"$(cat "$TMP/daemon.log")"
stop_daemon

finish
