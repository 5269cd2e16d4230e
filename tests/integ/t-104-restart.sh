#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Restart, clean or not: the tables of namespaces that still exist come
# back, those of namespaces deleted meanwhile do not.
. "$(dirname "$0")/harness.sh"
integ_enter "$@"

client=$INTEG/tirpc-client
table() {
	ip netns exec "$1" rpcinfo 2>&1 | awk '$1 ~ /^3000/ { print $1, $2, $3, $4, $6 }'
}

for n in a b c; do
	ip netns add "${NS_PREFIX}$n"
	ip -n "${NS_PREFIX}$n" link set lo up
done
start_daemon || exit 1
i=1
for n in a b c; do
	ns=${NS_PREFIX}$n
	wait_for 5 sh -c "ip netns exec $ns ss -lnu | grep -q ':111 '"
	ip netns exec "$ns" $client set 30006$i 1 udp 0.0.0.0.8.$i >/dev/null
	ip netns exec "$ns" $client pmap_set 30007$i 1 6 300$i >/dev/null
	i=$((i + 1))
done
$client set 300080 1 tcp 0.0.0.0.8.9 >/dev/null
a_table=$(table "${NS_PREFIX}a")
b_table=$(table "${NS_PREFIX}b")
host_table=$(rpcinfo | awk '$1 ~ /^3000/ { print $1, $2, $3, $4, $6 }')
expect_eq "a has its two" 2 "$(echo "$a_table" | wc -l)"

stop_daemon TERM
start_daemon || exit 1
wait_for 5 sh -c "ip netns exec ${NS_PREFIX}a ss -lnu | grep -q ':111 '"
expect_eq "SIGTERM and restart: a's table is back" "$a_table" \
	"$(table "${NS_PREFIX}a")"
expect_eq "b's too" "$b_table" "$(table "${NS_PREFIX}b")"
expect_eq "the host's too" "$host_table" \
	"$(rpcinfo | awk '$1 ~ /^3000/ { print $1, $2, $3, $4, $6 }')"

stop_daemon KILL
ip netns del "${NS_PREFIX}c"
start_daemon || exit 1
wait_for 5 sh -c "ip netns exec ${NS_PREFIX}b ss -lnu | grep -q ':111 '"
expect_eq "SIGKILL and restart: a's table is back" "$a_table" \
	"$(table "${NS_PREFIX}a")"
expect_eq "b's too" "$b_table" "$(table "${NS_PREFIX}b")"
expect_eq "c was deleted meanwhile: its state is gone (a, b, host left)" 3 \
	"$(ls /run/rpcbindns/state/*.xdr 2>/dev/null | wc -l)"
# c's namespace is gone: a new one gets a new cookie, and an empty table.
ip netns add "${NS_PREFIX}c"
ip -n "${NS_PREFIX}c" link set lo up
wait_for 5 sh -c "ip netns exec ${NS_PREFIX}c ss -lnu | grep -q ':111 '"
expect_eq "a new namespace named c starts empty" "" \
	"$(table "${NS_PREFIX}c")"
stop_daemon

finish
