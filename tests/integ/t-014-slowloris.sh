#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Slow senders cannot hold connection slots: TCP connections that fill
# the namespace's cap, each sending a byte of a never-ending record every
# 0.2 s, leave local registration working, and are closed at the partial
# timeout counted from their record's first byte, although they keep
# sending.
. "$(dirname "$0")/harness.sh"
integ_enter "$@"

bad="python3 $srcdir/tests/integ/badclient.py"
CAP=8
PARTIAL=3
INTERVAL=0.2
MARGIN=1.5

# The daemon holds $CAP connections on port 111 and has read all they sent.
all_read() {
	ss -Htn state established '( sport = :111 )' |
		awk -v n=$CAP '$1 == 0 { z++ } END { exit !(NR == n && z == n) }'
}

start_daemon -l --max-connections-per-ns $CAP \
	--partial-timeout $PARTIAL || exit 1
before=$(ns_counter dropped)

start_bg $bad drip $CAP $INTERVAL $((PARTIAL + 5)) "$TMP/ready" \
	>"$TMP/drip.out"
drip=$LAST_PID
expect_cmd "$CAP slow TCP connections have begun their records" \
	wait_for 5 test -e "$TMP/ready"
expect_cmd "the daemon holds all of them, with their first bytes read" \
	wait_for 5 all_read

expect_eq "an AF_LOCAL SET succeeds while they fill the TCP slots" true \
	"$($INTEG/tirpc-client set 300100 1 tcp 0.0.0.0.8.1)"
set_done=$(date +%s.%N)
expect_match "it came over the local transport" \
	"SET 300100/1/tcp 0\.0\.0\.0\.8\.1 from .* over local: done" "$(cat "$TMP/daemon.log")"

wait "$drip"
cat "$TMP/drip.out"
# Each line: closed AFTER SENT AT, or open - SENT -.
expect_eq "the daemon closed all $CAP slow connections" $CAP \
	"$(grep -c '^closed ' "$TMP/drip.out")"
expect_eq "each at the deadline from its first byte" $CAP \
	"$(awk -v p=$PARTIAL -v m=$MARGIN \
		'$2 >= p - 0.1 && $2 <= p + m { n++ } END { print n + 0 }' \
		"$TMP/drip.out")"
expect_eq "although each kept sending until then" $CAP \
	"$(awk -v p=$PARTIAL -v i=$INTERVAL \
		'$3 >= (p / i) - 2 { n++ } END { print n + 0 }' \
		"$TMP/drip.out")"
expect_eq "and all were still open when the SET was answered" $CAP \
	"$(awk -v t="$set_done" '$4 > t { n++ } END { print n + 0 }' \
		"$TMP/drip.out")"
expect_eq "the unfinished records were counted as dropped" \
	$((before + CAP)) "$(ns_counter dropped)"
expect_match "and logged" "record not finished within $PARTIAL s" \
	"$(cat "$TMP/daemon.log")"

expect_match "the registration is there" "300100 +1 +tcp" "$(rpcinfo 2>&1)"
stop_daemon TERM
expect_eq "the daemon stops cleanly" 0 "$DAEMON_STATUS"

finish
