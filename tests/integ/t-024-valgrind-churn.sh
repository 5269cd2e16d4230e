#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The daemon under valgrind (memcheck) while 50 namespaces come and go, in
# overlapping rounds, each with registrations, queries and a state file;
# then SIGTERM with some still served.  Every process of it (valgrind
# follows the children it executes) ends with no memory error and nothing
# definitely or indirectly lost.
#
# Needs a build without sanitizers, as valgrind cannot run ASan binaries:
# tests/plain/ci.sh runs it, make check does not.
. "$(dirname "$0")/harness.sh"
integ_enter "$@"

command -v valgrind >/dev/null || skip_or_fail "needs valgrind"
if grep -q __asan_init "$RPCBINDNS"; then
	skip_or_fail "$RPCBINDNS is built with ASan: run tests/plain/ci.sh"
fi

ROUNDS=5
PER_ROUND=10
client=$INTEG/tirpc-client
# The engine, running as _rpc, must be able to write its own log.
vgdir=$TMP/valgrind
mkdir -m 1777 "$vgdir"
chmod 755 "$TMP"
# %p: one log per process (children too, as they keep no parent's name).
DAEMON_WRAPPER="valgrind --log-file=$vgdir/%p.log
	--trace-children=yes --leak-check=full --show-leak-kinds=definite,indirect
	--errors-for-leak-kinds=definite,indirect --error-exitcode=99
	--num-callers=30"
DAEMON_START_SECS=60
# valgrind makes syscalls of its own in the engine's process: the filter
# logs what it would refuse instead of killing (t-001 and t-102 in
# tests/plain/ci.sh, and make distcheck, run the real one).
export RPCBINDNS_SANDBOX=log

# wait_log N REGEX: until N lines of the daemon's log match
wait_log() {
	wait_for 60 sh -c '[ "$(grep -Ec -- "$1" "$2")" -ge "$3" ]' sh \
		"$2" "$TMP/daemon.log" "$1"
}

# add_round R: its namespaces, served, with two registrations each
add_round() {
	local i ns

	for i in $(seq $(($1 * PER_ROUND + 1)) $((($1 + 1) * PER_ROUND))); do
		ip netns add "${NS_PREFIX}c$i"
		ip -n "${NS_PREFIX}c$i" link set lo up
	done
	wait_log $((($1 + 1) * PER_ROUND)) "${NS_PREFIX}c[0-9]+' .*serving" ||
		return 1
	for i in $(seq $(($1 * PER_ROUND + 1)) $((($1 + 1) * PER_ROUND))); do
		ns=${NS_PREFIX}c$i
		ip netns exec "$ns" $client set 300100 1 udp 0.0.0.0.8.1 \
			>/dev/null || return 1
		ip netns exec "$ns" $client pmap_set 300101 2 6 2049 \
			>/dev/null || return 1
	done
}

# del_round R: its namespaces deleted, detached
del_round() {
	local i

	for i in $(seq $(($1 * PER_ROUND + 1)) $((($1 + 1) * PER_ROUND))); do
		ip netns del "${NS_PREFIX}c$i"
	done
	wait_log $((($1 + 1) * PER_ROUND)) "no longer in use, detached"
}

# -h and --netns-deny: options that allocate, in both processes.
start_daemon -h 127.0.0.1 --netns-deny 'nomatch-*' || exit 1
expect_cmd "the daemon runs under valgrind" test -s "$vgdir/$DAEMON_PID.log"

for r in $(seq 0 $((ROUNDS - 1))); do
	expect_cmd "round $r: $PER_ROUND namespaces served, registered in" \
		add_round "$r"
	ns=${NS_PREFIX}c$((r * PER_ROUND + 1))
	expect_match "round $r: $ns answers over TCP with its table" \
		"300101 +2 +tcp +2049" \
		"$(ip netns exec "$ns" rpcinfo -p 127.0.0.1 2>&1)"
	[ "$r" -gt 0 ] || continue
	expect_cmd "round $r: round $((r - 1)) deleted, detached" \
		del_round $((r - 1))
	[ "$r" -ne 2 ] || expect_cmd "a reload in the middle" reload_daemon
done
last=${NS_PREFIX}c$((ROUNDS * PER_ROUND))
expect_match "rpcinfo-ns lists the last round's namespaces" "$last" \
	"$("$builddir/rpcbindns/rpcinfo-ns" --list 2>&1)"
expect_cmd "the last round's registrations are kept, in the journal" \
	test -s /run/rpcbindns/state/journal

# The other ways in and out: attached by hand for a process, detached when
# it exits; detached by hand.
start_bg unshare -n sleep 600
sleeper=$LAST_PID
wait_for 5 sh -c "[ \"\$(readlink /proc/$sleeper/ns/net)\" != \
	\"\$(readlink /proc/self/ns/net)\" ]"
expect_cmd "a process's namespace attached by hand" \
	"$builddir/rpcbindns/rpcinfo-ns" --attach "pid:$sleeper"
detached=$(log_count "no longer in use, detached")
kill "$sleeper"
wait "$sleeper" 2>/dev/null
# Valgrind 3.19 has no pidfd_open(): rescan now rather than at the sweep.
reload_daemon
expect_eq "detached once the process exited" $((detached + 1)) \
	"$(log_count "no longer in use, detached")"
expect_cmd "a namespace detached by hand" \
	"$builddir/rpcbindns/rpcinfo-ns" --detach "$last"

# Stopped with namespaces still served: their teardown is checked too.
stop_daemon TERM
expect_eq "stops on SIGTERM with exit status 0 (99: valgrind found errors)" \
	0 "$DAEMON_STATUS"
expect_eq "at exit the journal is folded into the state files" 0 \
	"$(stat -c %s /run/rpcbindns/state/journal)"
logs=$(ls "$vgdir"/*.log)
for log in $logs; do
	expect_match "$(basename "$log"): ERROR SUMMARY: 0 errors" \
		"ERROR SUMMARY: 0 errors" "$(grep "ERROR SUMMARY" "$log")"
	expect_no_match "$(basename "$log"): nothing definitely or indirectly lost" \
		"(definitely|indirectly) lost: [1-9]" "$(grep " lost: " "$log")"
done
if [ "$FAILS" -gt 0 ]; then
	echo "--- valgrind's logs:"
	cat $logs
	echo "--- the daemon's log, its end:"
	tail -n 30 "$TMP/daemon.log"
fi

finish
