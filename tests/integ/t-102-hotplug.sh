#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Namespaces come and go while the daemon runs: 100 new ones are served
# within a second, and once deleted the kernel really frees them (our
# sockets would keep them alive): NSIDs vanish, a veth inside one takes
# its host-side peer with it, and the daemon's fd count is back where it
# started.
. "$(dirname "$0")/harness.sh"
integ_enter "$@"

N=100
fds() { ls "/proc/$DAEMON_PID/fd" | wc -l; }

# No connection left: start_daemon's TCP rpcinfo is closed on our side
# before the daemon has read its end (CLOSE_WAIT), one fd too many.
no_tcp_on_111() {
	[ -z "$(ss -Htn '( sport = :111 )')" ]
}

start_daemon || exit 1
wait_for 5 no_tcp_on_111
fds_before=$(fds)

for i in $(seq 1 $N); do
	ip netns add "${NS_PREFIX}h$i"
done
# The daemon gives every namespace it serves an NSID.
expect_cmd "$N namespaces served within 1 s of the last one" \
	wait_for 1 sh -c "[ \$(ip netns list-id | wc -l) -eq $N ]"
for i in 1 37 $N; do
	ns=${NS_PREFIX}h$i
	expect_match "$ns: port 111 and the abstract socket" \
		"\*:111.*@/run/rpcbind\.sock|@/run/rpcbind\.sock.*\*:111" \
		"$(ip netns exec "$ns" ss -lnxu | tr '\n' ' ')"
done
ip -n "${NS_PREFIX}h37" link set lo up
expect_match "and answers there" "portmapper" \
	"$(ip netns exec "${NS_PREFIX}h37" rpcinfo -p 127.0.0.1 2>&1)"
ip netns exec "${NS_PREFIX}h37" "$INTEG/tirpc-client" set 300050 1 udp \
	0.0.0.0.8.1 >/dev/null
expect_cmd "a registration there is kept, in the journal" \
	test -s /run/rpcbindns/state/journal
# dual-stack UDP and TCP, the abstract socket (addresses come through
# one shared rtnetlink socket)
expect_eq "3 sockets per namespace" $((fds_before + 3 * N)) "$(fds)"

# A veth inside: its host-side peer dies only with the namespace.
ip link add "${NS_PREFIX}v0" type veth peer name "${NS_PREFIX}v1"
ip link set "${NS_PREFIX}v1" netns "${NS_PREFIX}h5"

for i in $(seq 1 $N); do
	ip netns del "${NS_PREFIX}h$i"
done
expect_cmd "all detached: the kernel destroyed them (no NSID left)" \
	wait_for 5 sh -c '[ -z "$(ip netns list-id)" ]'
expect_cmd "the veth's host side went with its namespace" \
	wait_for 5 sh -c "! ip link show ${NS_PREFIX}v0 >/dev/null 2>&1"
expect_eq "the daemon's fd count is back to its start" "$fds_before" \
	"$(fds)"
expect_eq "every namespace was logged as detached" $N \
	"$(grep -c 'no longer in use, detached' "$TMP/daemon.log")"
expect_eq "and nothing kept of the gone namespace: no file, no record" \
	"0 0" "$(ls /run/rpcbindns/state/*.xdr 2>/dev/null | wc -l) $(stat -c %s /run/rpcbindns/state/journal)"

# A namespace still used by a process is kept until the process goes.
ip netns add "${NS_PREFIX}p"
wait_for 1 sh -c '[ $(ip netns list-id | wc -l) -eq 1 ]'
start_bg ip netns exec "${NS_PREFIX}p" sleep 60
sleeper=$LAST_PID
wait_for 5 sh -c "[ \"\$(ip netns identify $sleeper)\" = ${NS_PREFIX}p ]"
ip netns del "${NS_PREFIX}p"
expect_cmd "a namespace added after the deletion is served" \
	add_marker "${NS_PREFIX}m"
expect_match "so a rescan saw p deleted; a process lives in it: still served" \
	":111 " "$(nsenter -t "$sleeper" -n ss -lnu)"
expect_no_match "and not logged as detached" "ns '${NS_PREFIX}p' .*detached" \
	"$(cat "$TMP/daemon.log")"
ip netns del "${NS_PREFIX}m"
kill "$sleeper"
wait "$sleeper" 2>/dev/null
kill -HUP "$DAEMON_PID"	# a rescan, as the periodic sweep would do
expect_cmd "the process gone, the next rescan lets it go" \
	wait_for 5 sh -c '[ -z "$(ip netns list-id)" ]'

stop_daemon TERM
expect_eq "stops cleanly (with ASan: no leaks)" 0 "$DAEMON_STATUS"

finish
