#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Broadcast and multicast requests (-r) get answers from a unicast
# address: IPv4 broadcasts (PMAP CALLIT, RPCBIND BCAST) from the
# receiving interface's address, IPv6 multicasts to ff02::202 from one
# the kernel picks on the arrival link.  The udp6 endpoint is in the
# group on every multicast link, also on one added later; -h endpoints,
# bound to unicast addresses, are not.
. "$(dirname "$0")/harness.sh"
integ_enter "$@"

peer=${NS_PREFIX}peer
group=ff020000000000000000000000000202	# ff02::202 in /proc/net/igmp6

# link_ready LINK [NETNS]: LINK has carrier and a usable link-local
# address (multicasts sent before fail with ENETUNREACH)
link_ready() {
	ip ${2:+-n "$2"} -6 addr show dev "$1" scope link -tentative |
		grep -q inet6
}

# veth LINK N: LINK here (10.9.N.1, fd09:N::1) and in $peer (.2, ::2).
veth() {
	ip link add "$1" type veth peer name "$1" netns "$peer"
	ip addr add "10.9.$2.1/24" brd + dev "$1"
	ip addr add "fd09:$2::1/64" dev "$1" nodad
	ip link set "$1" up
	ip -n "$peer" addr add "10.9.$2.2/24" brd + dev "$1"
	ip -n "$peer" addr add "fd09:$2::2/64" dev "$1" nodad
	ip -n "$peer" link set "$1" up
	wait_for 10 link_ready "$1" && wait_for 10 link_ready "$1" "$peer"
}

# in_group LINK: a socket here is in ff02::202 on LINK
in_group() {
	grep -Eq "^[0-9]+ +$1 +$group " /proc/net/igmp6
}

# our_ipv6 LINK: a regex of our IPv6 addresses on LINK
our_ipv6() {
	ip -6 -o addr show dev "$1" |
		awk '{ sub("/.*", "", $4); printf "%s%s", sep, $4; sep = "|" }'
}

# broadcast NETID VERSION: the responders rpcinfo -b lists in $peer.
# rpcinfo -b ignores -T, but rpc_broadcast() follows NETPATH.  It
# broadcasts until its own timeout; line buffering keeps what it printed.
broadcast() {
	NETPATH=$1 ip netns exec "$peer" timeout 3 stdbuf -oL \
		rpcinfo -b 100000 "$2" 2>&1
}

ip netns add "$peer"
ip -n "$peer" link set lo up
veth rbt1 1
start_daemon -r --host-only || exit 1

expect_match "PMAP CALLIT broadcast answered from the link's address" \
	"^10\.9\.1\.1\.0\.111[[:space:]]" "$(broadcast udp 2)"
expect_match "RPCBIND v3 BCAST broadcast answered" \
	"^10\.9\.1\.1\.0\.111[[:space:]]" "$(broadcast udp 3)"
expect_match "RPCBIND v4 BCAST broadcast answered" \
	"^10\.9\.1\.1\.0\.111[[:space:]]" "$(broadcast udp 4)"

expect_cmd "the udp6 endpoint is in ff02::202 on the link" in_group rbt1
expect_no_match "but not on loopback" "^[0-9]+ +lo +$group " \
	"$(cat /proc/net/igmp6)"
expect_match "RPCBIND v4 BCAST multicast over udp6 answered" \
	"^($(our_ipv6 rbt1))\.0\.111[[:space:]]" "$(broadcast udp6 4)"

# A link that appears while the daemon runs joins too.
veth rbt2 2
expect_cmd "a link added later joins ff02::202" wait_for 5 in_group rbt2
expect_match "a multicast over it is answered" \
	"^($(our_ipv6 rbt2))\.0\.111[[:space:]]" "$(broadcast udp6 4)"

expect_no_match "every reply went out" "Network is unreachable|reply over" \
	"$(cat "$TMP/daemon.log")"
stop_daemon

# -h: sockets bound to unicast addresses, answering from them.
start_daemon -h 10.9.1.1 -h fd09:1::1 --host-only || exit 1
expect_no_match "-h: no socket in ff02::202" " $group " \
	"$(cat /proc/net/igmp6)"
expect_match "-h: unicast udp6 answered" "ready and waiting" \
	"$(ip netns exec "$peer" rpcinfo -T udp6 fd09:1::1 100000 4 2>&1)"
expect_match "-h: unicast udp answered" "ready and waiting" \
	"$(ip netns exec "$peer" rpcinfo -T udp 10.9.1.1 100000 2 2>&1)"
stop_daemon

finish
