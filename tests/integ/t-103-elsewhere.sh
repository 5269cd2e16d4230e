#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# A namespace where Debian's rpcbind already runs is left alone, named in
# the log once, and still tried again later.
. "$(dirname "$0")/harness.sh"
integ_enter "$@"

other=${NS_PREFIX}other
mine=${NS_PREFIX}mine
ip netns add "$other"
ip netns add "$mine"
ip -n "$other" link set lo up
ip -n "$mine" link set lo up
# rpcbind with a /run of its own (its lock), inside $other.
start_bg ip netns exec "$other" unshare -m --propagation private sh -c '
	mount -t tmpfs tmpfs /run
	mkdir /run/rpcbind && chown _rpc /run/rpcbind
	exec /usr/sbin/rpcbind -f'
rpcbind_pid=$LAST_PID
wait_for 5 sh -c "ip netns exec $other ss -lnu | grep -q ':111 '"

start_daemon || exit 1
wait_for 5 sh -c "ip netns exec $mine ss -lnu | grep -q ':111 '"
expect_match "the other portmapper is named in the log" \
	"ns '$other': port 111 is taken by another portmapper, leaving" \
	"$(cat "$TMP/daemon.log")"
expect_eq "nothing of ours opened there (not even the abstract name)" "" \
	"$(ip netns exec "$other" ss -lnxp | grep rpcbindns)"
expect_match "rpcbind keeps answering there" "portmapper" \
	"$(ip netns exec "$other" rpcinfo -p 127.0.0.1 2>&1)"
expect_match "the other namespace is served by us" "rpcbindns" \
	"$(ip netns exec "$mine" ss -lnup)"
expect_cmd "a rescan (SIGHUP) is done" reload_daemon
expect_eq "said once, not on every rescan" 1 \
	"$(grep -c "port 111 is taken" "$TMP/daemon.log")"

# When rpcbind goes away, the next rescan takes the namespace over.
kill "$rpcbind_pid"
wait "$rpcbind_pid" 2>/dev/null
kill -HUP "$DAEMON_PID"
expect_cmd "after rpcbind stopped, the next rescan serves it" \
	wait_for 5 sh -c "ip netns exec $other ss -lnup | grep -q rpcbindns"
stop_daemon

finish
