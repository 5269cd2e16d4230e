#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Netlink overruns, real ones: while the daemon is stopped (SIGSTOP), more
# notifications come than its sockets hold, and the kernel drops some
# (ENOBUFS).  The engine's shared rtnetlink socket then has every
# namespace dumped again, so a link whose notification was lost is still
# followed (the udp6 endpoint joins the RPCBIND multicast group on it);
# the NSID socket
# reads on and rescans, so every namespace made meanwhile is served.
. "$(dirname "$0")/harness.sh"
integ_enter "$@"

a=${NS_PREFIX}a
MANY=400
ip netns add "$a"
ip -n "$a" link set lo up
start_daemon -d || exit 1
engine=$(engine_pid)
# The broker reads the NSID events, the engine the shared rtnetlink
# socket: stop both.
wait_for 5 grep -q "ns '$a' (cookie [0-9]*): serving" "$TMP/daemon.log" ||
	not_ok "a is served"

# rtnetlink: thousands of address notifications fill the shared socket
# (4 MiB), then the link's own notification is dropped.
kill -STOP "$DAEMON_PID" "$engine"
for i in $(seq 0 15999); do
	echo "addr add 10.99.$((i / 250)).$((i % 250 + 1))/32 dev lo"
done | ip -n "$a" -batch -
ip -n "$a" link add veth0 type veth peer name veth1
ip -n "$a" link set veth0 up
ip -n "$a" link set veth1 up
n=$(log_count 'rtnetlink: notifications overran')
kill -CONT "$DAEMON_PID" "$engine"
if wait_log_more 10 'rtnetlink: notifications overran' "$n"; then
	ok "the shared rtnetlink socket overran, and the daemon noticed"
else
	not_ok "the shared rtnetlink socket overran, and the daemon noticed"
fi
for link in veth0 veth1; do
	if wait_for 5 sh -c "ip -n $a maddr show dev $link | grep -q ff02::202"
	then
		ok "the udp6 endpoint joined ff02::202 on $link, made meanwhile"
	else
		not_ok "the udp6 endpoint joined ff02::202 on $link, made meanwhile"
		ip -n "$a" maddr show dev "$link"
	fi
done
expect_cmd "a answers" ip netns exec "$a" rpcinfo -p 127.0.0.1

# NSID events: every namespace given an NSID is one, to the host.
kill -STOP "$DAEMON_PID" "$engine"
for i in $(seq 1 $MANY); do
	echo "netns add ${NS_PREFIX}n$i"
	echo "netns set ${NS_PREFIX}n$i auto"
done | ip -batch -
n=$(log_count 'NSID events overran')
kill -CONT "$DAEMON_PID" "$engine"
if wait_log_more 10 'NSID events overran' "$n"; then
	ok "the NSID socket overran, and the daemon noticed"
else
	not_ok "the NSID socket overran, and the daemon noticed"
fi
if wait_for 20 sh -c "[ \$(grep -Ec \"ns '${NS_PREFIX}n[0-9]+' \\(cookie [0-9]+\\): serving\" $TMP/daemon.log) -ge $MANY ]"
then
	ok "all $MANY namespaces made meanwhile are served"
else
	not_ok "all $MANY namespaces made meanwhile are served"
fi
ip -n "${NS_PREFIX}n$MANY" link set lo up
expect_cmd "the last one answers" \
	ip netns exec "${NS_PREFIX}n$MANY" rpcinfo -u 127.0.0.1 100000 2
expect_cmd "the host answers" rpcinfo -p 127.0.0.1
stop_daemon
expect_eq "clean exit" 0 "$DAEMON_STATUS"

finish
