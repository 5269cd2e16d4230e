#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Three virtual servers with the same address: each namespace has its own
# endpoints and its own table, and real servers registering in one never
# show in another.
. "$(dirname "$0")/harness.sh"
integ_enter "$@"

client=$INTEG/tirpc-client
ECHO_PROG=536871065
vs="${NS_PREFIX}a ${NS_PREFIX}b ${NS_PREFIX}c"

# The same 192.0.2.1/24 in each, on a veth whose other end stays here.
i=0
for ns in $vs; do
	ip netns add "$ns"
	ip link add "${NS_PREFIX}h$i" type veth peer name "${NS_PREFIX}n$i"
	ip link set "${NS_PREFIX}n$i" netns "$ns"
	ip -n "$ns" addr add 192.0.2.1/24 dev "${NS_PREFIX}n$i"
	ip -n "$ns" link set "${NS_PREFIX}n$i" up
	ip -n "$ns" link set lo up
	ip link set "${NS_PREFIX}h$i" up
	i=$((i + 1))
done

start_daemon -l || exit 1
for ns in $vs; do
	expect_cmd "$ns is served" wait_for 5 sh -c \
		"ip netns exec $ns ss -lnu | grep -q ':111 '"
done

# A real rpcgen server in each: svc_create() registers it through
# /run/rpcbind.sock, the host's filesystem socket (all share /run).
for ns in $vs; do
	start_bg ip netns exec "$ns" "$INTEG/echo-server"
done
for ns in $vs; do
	expect_cmd "the server in $ns registered" wait_for 5 sh -c \
		"ip netns exec $ns rpcinfo -p 127.0.0.1 | grep -q $ECHO_PROG"
done

ports=
for ns in $vs; do
	mine=$(ip netns exec "$ns" rpcinfo -p 127.0.0.1 |
	       awk -v p=$ECHO_PROG '$1 == p && $3 == "udp" { print $4 }')
	expect_eq "rpcinfo -p in $ns: one echo registration over udp" 1 \
		"$(echo "$mine" | wc -w)"
	expect_eq "pmap_getport in $ns answers its own server's port" \
		"$mine" "$(ip netns exec "$ns" $client getport 127.0.0.1 \
			$ECHO_PROG 1 17)"
	expect_eq "GETADDR in $ns merges with its own 192.0.2.1" \
		"192.0.2.1.$((mine / 256)).$((mine % 256))" \
		"$(ip netns exec "$ns" $client getaddr 192.0.2.1 $ECHO_PROG 1 udp)"
	expect_eq "and the echo call reaches it" "hello from $ns" \
		"$(ip netns exec "$ns" $client echo 192.0.2.1 udp "hello from $ns")"
	ports="$ports $mine"
done
expect_eq "three servers, three different ports" 3 \
	"$(echo $ports | tr ' ' '\n' | sort -u | wc -l)"
expect_no_match "the host's table has none of them" "$ECHO_PROG" \
	"$(rpcinfo 2>&1)"
expect_match "the log names the namespace of each registration" \
	"ns '${NS_PREFIX}b' \(cookie [0-9]+\): v3 SET $ECHO_PROG/1/udp [0-9.]+ from local" \
	"$(cat "$TMP/daemon.log")"

# Unregistering in one namespace leaves the others alone, and GETSTAT
# counts per namespace.
v3stats() {
	ip netns exec "$1" rpcinfo -m 127.0.0.1 2>&1 |
		sed -n '/RPCBIND (version 3)/,/^$/p' | sed -n 3p
}
a=${NS_PREFIX}a
b_before=$(v3stats "${NS_PREFIX}b")
a_before=$(v3stats "$a")
expect_eq "rpcb_unset in $a" true \
	"$(ip netns exec "$a" $client unset $ECHO_PROG 1)"
expect_no_match "gone from $a" "$ECHO_PROG" \
	"$(ip netns exec "$a" rpcinfo -p 127.0.0.1 2>&1)"
expect_match "still in ${NS_PREFIX}c" "$ECHO_PROG" \
	"$(ip netns exec "${NS_PREFIX}c" rpcinfo -p 127.0.0.1 2>&1)"
expect_eq "b's v3 counters did not see a's UNSET" "$b_before" \
	"$(v3stats "${NS_PREFIX}b")"
expect_eq "a's did" \
	"$(echo "$a_before" | awk '{ split($3, u, "/"); print u[1] + 1 }')" \
	"$(v3stats "$a" | awk '{ split($3, u, "/"); print u[1] }')"
stop_daemon

finish
