#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Starting on more namespaces than the 32 from which the broker gives
# NSIDs on a thread while it attaches them: every one is served and has an
# NSID, but the one the policy keeps out has none; a link that comes up in
# the first or the last of them is seen through the shared rtnetlink
# socket (the udp6 socket joins ff02::202 there); and the NSIDs' own
# events start no rescan.
. "$(dirname "$0")/harness.sh"
integ_enter "$@"

N=40
for i in $(seq 1 $N); do
	echo "netns add ${NS_PREFIX}m$i"
done >"$TMP/add"
echo "netns add ${NS_PREFIX}denied" >>"$TMP/add"
ip -batch "$TMP/add" || { not_ok "$N namespaces made"; finish; exit; }

start_daemon -d --netns-deny "${NS_PREFIX}denied" || exit 1
expect_cmd "the host and the $N namespaces served at start" \
	wait_for 10 grep -q "serving $((N + 1)) namespace(s)" "$TMP/daemon.log"

bound=0
for i in $(seq 1 $N); do
	ip netns exec "${NS_PREFIX}m$i" ss -lnu | grep -q ':111 ' &&
		bound=$((bound + 1))
done
expect_eq "port 111 bound in each" "$N" "$bound"
ids=$(ip netns list-id)
expect_eq "an NSID each" "$N" \
	"$(printf '%s\n' "$ids" | grep -c "name: ${NS_PREFIX}m[0-9]*)$")"
expect_eq "none for the namespace the policy keeps out" "" \
	"$(printf '%s\n' "$ids" | grep "name: ${NS_PREFIX}denied")"

for i in 1 $N; do
	ns=${NS_PREFIX}m$i
	ip -n "$ns" link add v0 type veth peer name v1
	ip -n "$ns" link set v0 up
	ip -n "$ns" link set v1 up
	expect_cmd "a link up in $ns: the group joined there" wait_for 5 \
		sh -c "ip -n '$ns' maddr show dev v0 | grep -q ff02::202"
done
# served after a rescan that followed the start's: its events were read
expect_cmd "a namespace added after the start is served" \
	add_marker "${NS_PREFIX}marker"
expect_eq "the NSIDs given at start made no news" 0 \
	"$(log_count 'new nsid')"

stop_daemon
finish
