#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Descriptors per served namespace: each process, the broker and the
# engine, holds at most FDS_PER_NS of them for every namespace it serves
# (one dual-stack UDP socket, one dual-stack TCP listener, the abstract
# AF_LOCAL listener), and a namespace still answers on every transport.
. "$(dirname "$0")/harness.sh"
integ_enter "$@"

N=20
FDS_PER_NS=3

serves() {
	ip netns exec "$1" rpcinfo -T udp 127.0.0.1 100000 2 >/dev/null 2>&1
}
all_served() {
	local i

	for i in $(seq "$N"); do
		serves "${NS_PREFIX}n$i" || return 1
	done
}
# nfds PID: how many descriptors it holds once idle
nfds() {
	idle_fds "$1" | wc -l
}

ip netns add "${NS_PREFIX}a"
ip -n "${NS_PREFIX}a" link set lo up
start_daemon || exit 1
wait_for 20 serves "${NS_PREFIX}a" || not_ok "a is served"
engine=$(engine_pid)
broker_before=$(nfds "$DAEMON_PID")
engine_before=$(nfds "$engine")

for i in $(seq "$N"); do
	ip netns add "${NS_PREFIX}n$i"
	ip -n "${NS_PREFIX}n$i" link set lo up
done
expect_cmd "$N more namespaces served" wait_for 30 all_served
broker_per_ns=$((($(nfds "$DAEMON_PID") - broker_before) / N))
engine_per_ns=$((($(nfds "$engine") - engine_before) / N))
echo "descriptors per namespace: broker $broker_per_ns, engine $engine_per_ns"
expect_cmd "the broker holds <= $FDS_PER_NS per namespace" \
	test "$broker_per_ns" -le "$FDS_PER_NS"
expect_cmd "the engine holds <= $FDS_PER_NS per namespace" \
	test "$engine_per_ns" -le "$FDS_PER_NS"
expect_eq "the same engine serves them" "$engine" "$(engine_pid)"

ns=${NS_PREFIX}n7
ip -n "$ns" addr add 192.0.2.7/24 dev lo
ip -n "$ns" addr add 2001:db8::7/64 dev lo nodad
in_ns() {
	ip netns exec "$ns" "$@" 2>&1
}
# rpcbind's own entries, as before: one socket serves tcp and tcp6, one
# udp and udp6, and the IPv4 ones say 0.0.0.0.
expect_match "rpcinfo lists tcp6, udp6, tcp, udp and local" \
	"100000 +4 +tcp6 +::\.0\.111 .*100000 +4 +udp6 +::\.0\.111 .*100000 +4 +tcp +0\.0\.0\.0\.0\.111 .*100000 +4 +udp +0\.0\.0\.0\.0\.111 .*100000 +4 +local +/run/rpcbind\.sock" \
	"$(in_ns rpcinfo | tr '\n' ' ')"
expect_match "rpcinfo -p" "100000 +2 +udp +111 +portmapper" \
	"$(in_ns rpcinfo -p 127.0.0.1)"
for t in "udp 127.0.0.1" "tcp 127.0.0.1" "udp 192.0.2.7" "tcp 192.0.2.7" \
	 "udp6 ::1" "tcp6 ::1" "udp6 2001:db8::7" "tcp6 2001:db8::7"; do
	set -- $t
	expect_match "rpcinfo -T $1 $2" "version 4 ready and waiting" \
		"$(in_ns rpcinfo -T "$1" "$2" 100000 4)"
done
# GETADDR over IPv4 on the dual-stack socket answers with the IPv4
# address the request came to, as an AF_INET socket did.
expect_match "rpcinfo -a over udp (IPv4) gives an IPv4 address" \
	"192\.0\.2\.7\.0\.111" "$(in_ns rpcinfo -l 192.0.2.7 100000 4)"
expect_match "rpcinfo -l over udp6 gives an IPv6 address" \
	"2001:db8::7\.0\.111" "$(in_ns rpcinfo -l -T udp6 2001:db8::7 100000 4)"
stop_daemon
expect_eq "clean exit" 0 "$DAEMON_STATUS"

finish
