#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Injected faults (rpcbindns/fault.h, --enable-fault-injection): a failed
# setns(), an allocation failure for a namespace or for its portmapper
# entry, each costs only that namespace, and only until the next rescan;
# a connection that cannot be allocated is closed, the next one works.
. "$(dirname "$0")/harness.sh"
integ_enter "$@"

grep -q '^#define ENABLE_FAULT_INJECTION 1' "$builddir/config.h" ||
	skip_or_fail "built without --enable-fault-injection"

serves() {
	ip netns exec "$1" rpcinfo -p 127.0.0.1 >/dev/null 2>&1
}

for n in a b c d; do
	ip netns add "${NS_PREFIX}$n"
	ip -n "${NS_PREFIX}$n" link set lo up
done
# In the first rescan, whatever the order of a to d: the first setns()
# fails, the second namespace's context cannot be allocated (call 1 is
# the host's), and the portmapper entries of the third cannot be added
# (the host adds at most 5, so call 6 is the third's).
RPCBINDNS_FAULTS=setns:1,nsctx_alloc:3,table_add:6 start_daemon -d || exit 1
expect_eq "all three faults fired" 3 "$(log_count 'fault: injected')"
expect_eq "each cost a namespace, with a warning" 3 \
	"$(log_count "ns '${NS_PREFIX}[a-d]': cannot serve it: .*will retry")"
expect_match "one warning says setns failed" 'Operation not permitted' \
	"$(grep 'cannot serve it' "$TMP/daemon.log")"
expect_match "two say out of memory" 'Cannot allocate memory' \
	"$(grep 'cannot serve it' "$TMP/daemon.log")"
# The ones that failed are attached by a later rescan: the marker's.  The
# broker attached the third before its engine failed to serve it: that
# one is attached twice, the others once.
add_marker "${NS_PREFIX}m" || not_ok "the marker namespace is served"
expect_cmd "the host answers" rpcinfo -p 127.0.0.1
attaches=
for n in a b c d; do
	ns=${NS_PREFIX}$n
	expect_cmd "$n answers" serves "$ns"
	attaches="$attaches $(log_count "ns '$ns' \(cookie [0-9]+\): serving")"
	failed=$(grep -n "ns '$ns': cannot serve it" "$TMP/daemon.log" |
		 cut -d: -f1)
	served=$(grep -n "ns '$ns' (cookie [0-9]*): serving" \
		 "$TMP/daemon.log" | tail -n 1 | cut -d: -f1)
	if [ -z "$failed" ] || [ "$failed" -lt "${served:-0}" ]; then
		ok "$n: served${failed:+ after its failure}"
	else
		not_ok "$n: served after its failure"
	fi
done
expect_eq "attached once each, the one the engine failed twice" "1 1 1 2" \
	"$(echo $attaches | tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/ $//')"
expect_eq "no namespace is served twice" 6 \
	"$("$builddir/rpcbindns/rpcinfo-ns" --list --json | python3 -c '
import json, sys
print(len({n["cookie"] for n in json.load(sys.stdin)}))')"
stop_daemon

# Accepted connections: the first two cannot be allocated.  The daemon
# is up once it says how many namespaces it serves (no connection made).
: >"$TMP/daemon.log"
RPCBINDNS_FAULTS=conn_alloc:1-2 "$RPCBINDNS" -f >>"$TMP/daemon.log" 2>&1 &
DAEMON_PID=$!
wait_for 5 grep -q 'serving [0-9]* namespace(s)' "$TMP/daemon.log" ||
	not_ok "the daemon comes up"
expect_eq "first TCP call: closed without a reply" NO_REPLY \
	"$(python3 "$srcdir/tests/integ/rpccall.py" --tcp 127.0.0.1 2 0)"
expect_eq "second TCP call: closed without a reply" NO_REPLY \
	"$(python3 "$srcdir/tests/integ/rpccall.py" --tcp 127.0.0.1 2 0)"
expect_eq "a UDP call meanwhile is answered" SUCCESS \
	"$(python3 "$srcdir/tests/integ/rpccall.py" 127.0.0.1 2 0 | awk '{print $1}')"
expect_eq "third TCP call: answered" SUCCESS \
	"$(python3 "$srcdir/tests/integ/rpccall.py" --tcp 127.0.0.1 2 0 | awk '{print $1}')"
expect_eq "the failures are logged" 2 \
	"$(log_count 'out of memory, closing a new tcp connection')"
expect_eq "no connection is left counted but the admin query's own" 1 \
	"$(ns_counter connections)"
expect_cmd "namespace a answers over TCP" serves "${NS_PREFIX}a"
stop_daemon
expect_eq "clean exit" 0 "$DAEMON_STATUS"

finish
