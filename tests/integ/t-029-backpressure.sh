#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# A client that pipelines calls and reads no replies: the daemon stops
# reading its connection once its queued replies pass the high mark, so
# its memory stays bounded while it keeps serving everyone else; once
# the client reads, every call is answered, in order, including those
# the daemon had read but held back.  A client that never reads is
# closed at the idle timeout.
. "$(dirname "$0")/harness.sh"
integ_enter "$@"

bad="python3 $srcdir/tests/integ/badclient.py"
CALLS=200000		# ~4 KB of DUMP reply each: 800 MB if unbounded
RSS_GROWTH_MAX=32768	# KiB
IDLE=3

rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

start_daemon || exit 1
engine=$(engine_pid)
rss_before=$(rss "$engine")

start_bg $bad dump-flood $CALLS "$TMP/stalled" "$TMP/go" >"$TMP/flood.out"
flood=$LAST_PID
expect_cmd "the daemon stops taking the client's calls" \
	wait_for 60 test -e "$TMP/stalled"
cat "$TMP/flood.out"
calls=$(sed -n 's/^stalled after \([0-9]*\) calls/\1/p' "$TMP/flood.out")
growth=$(($(rss "$engine") - rss_before))
echo "# $calls calls taken, engine RSS grew by $growth KiB"
expect_cmd "it had taken many calls (more than its queue holds)" \
	test "$calls" -gt 1000
expect_cmd "its memory grew by less than $RSS_GROWTH_MAX KiB" \
	test "$growth" -lt "$RSS_GROWTH_MAX"
expect_match "it serves others meanwhile" "100000 +4 +tcp" \
	"$(rpcinfo -p 127.0.0.1 2>&1)"

touch "$TMP/go"
wait "$flood"
expect_eq "once the client reads, every call is answered, in order" 0 $?
cat "$TMP/flood.out"
expect_match "(the client's count)" "dump-flood ok: calls=$calls replies=$calls in_order=1" \
	"$(cat "$TMP/flood.out")"
stop_daemon TERM
expect_eq "the daemon stops cleanly" 0 "$DAEMON_STATUS"

rm -f "$TMP/stalled" "$TMP/go"
start_daemon -d --idle-timeout $IDLE || exit 1
start_bg $bad dump-flood $CALLS "$TMP/stalled" "$TMP/go" hold \
	>"$TMP/hold.out"
hold=$LAST_PID
expect_cmd "a second client stalls the same way" \
	wait_for 60 test -e "$TMP/stalled"
wait "$hold"
expect_eq "and, reading nothing, is closed at the idle timeout" 0 $?
cat "$TMP/hold.out"
expect_match "logged" "closing (an idle tcp connection|a tcp connection whose client reads no replies)" \
	"$(cat "$TMP/daemon.log")"
stop_daemon TERM
expect_eq "the daemon stops cleanly" 0 "$DAEMON_STATUS"

finish
