#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# A full state directory: SETs keep being answered and served from memory,
# the failure is logged once, not per request, and a retry timer writes
# the state as soon as there is room again, with no new change to
# trigger it: a SIGKILL and restart after that restores everything.
. "$(dirname "$0")/harness.sh"
integ_enter "$@"

client=$INTEG/tirpc-client
state=/run/rpcbindns/state
a=${NS_PREFIX}a
table() {
	ip netns exec "$1" rpcinfo 2>&1 | awk '$1 ~ /^3000/ { print $1, $2, $3, $4, $6 }'
}

ip netns add "$a"
ip -n "$a" link set lo up
# The state directory is a tiny filesystem of its own, made before the
# daemon starts (the engine's Landlock rules name the directory it
# found: a filesystem mounted over it later is out of its reach).
mkdir -p "$state"
mount -t tmpfs -o size=16k tmpfs "$state"
start_daemon || exit 1
wait_for 5 sh -c "ip netns exec $a ss -lnu | grep -q ':111 '"
expect_eq "the daemon made it its user's" "$(id -u _rpc) 700" \
	"$(stat -c '%u %a' "$state")"
# Full.
dd if=/dev/zero of="$state/filler" bs=4k 2>/dev/null
expect_fail "the state directory is full" \
	sh -c "echo x > $state/probe"

for i in 1 2 3 4 5; do
	ip netns exec "$a" $client set 30002$i 1 udp 0.0.0.0.8.$i >/dev/null
done
$client set 300030 1 tcp 0.0.0.0.8.9 >/dev/null
expect_eq "a answers and serves its five SETs from memory" 5 \
	"$(table "$a" | wc -l)"
expect_match "the host serves its SET" '^300030 1 tcp' \
	"$(rpcinfo | awk '$1 ~ /^3000/ { print $1, $2, $3, $4, $6 }')"
a_table=$(table "$a")
expect_eq "no state file was written" "" "$(ls "$state" | grep xdr)"
expect_eq "the failure is logged once, not per request" 1 \
	"$(log_count 'cannot write .*retrying')"

# Room again: the retry writes both files, without any new change.
rm -f "$state/filler"
if wait_log_more 5 'registrations are written again' 0; then
	ok "the daemon logs that the state is written again"
else
	not_ok "the daemon logs that the state is written again"
fi
expect_eq "both state files are there (a, host)" 2 \
	"$(ls "$state" | grep -c '\.xdr$')"

stop_daemon KILL
start_daemon || exit 1
wait_for 5 sh -c "ip netns exec $a ss -lnu | grep -q ':111 '"
expect_eq "SIGKILL and restart: a's table is back" "$a_table" \
	"$(table "$a")"
expect_match "the host's entry is back" '^300030 1 tcp' \
	"$(rpcinfo | awk '$1 ~ /^3000/ { print $1, $2, $3, $4, $6 }')"
stop_daemon
umount "$state"

finish
