#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# SET/UNSET trust a loopback source only on a datagram that came in on
# loopback.  Where an interface has route_localnet=1 (as kube-proxy sets
# it) and accept_local=1, a datagram forged from 127.0.0.1:700 by a peer
# outside is delivered, and rpcbind takes its SET as the superuser's.
. "$(dirname "$0")/harness.sh"
integ_enter "$@"

peer=${NS_PREFIX}peer
PROG=536871066		# 0x2000009a

# The PMAP v2 SET calls the daemon has seen, successful or not.
set_calls() {
	rpcinfo -m 127.0.0.1 2>/dev/null |
		awk '/PORTMAP/ { pm = 1; next }
		     pm && /^NULL/ { getline; split($2, v, "/"); print v[2]; exit }'
}

set_calls_above() {
	[ "$(set_calls)" -gt "$1" ]
}

# Not make_peer: with its lo ever up, the peer's kernel refuses to route
# a packet from 127.0.0.1 out of a veth (EINVAL); a forger's would not.
ip netns add "$peer"
ip link add rbl0 type veth peer name rbl0 netns "$peer"
ip addr add 10.9.5.1/24 dev rbl0
ip link set rbl0 up
ip -n "$peer" addr add 10.9.5.2/24 dev rbl0
ip -n "$peer" link set rbl0 up
for k in route_localnet=1 accept_local=1 rp_filter=0; do
	sysctl -qw "net.ipv4.conf.rbl0.$k"
done
sysctl -qw net.ipv4.conf.all.rp_filter=0

start_daemon || exit 1
before=$(set_calls)

# The forgery: IPv4 from 127.0.0.1:700 to 10.9.5.1:111, a PMAP SET of
# $PROG version 1 over udp on port 4242, UDP checksum 0 (none).
ip netns exec "$peer" python3 - "$PROG" <<'PY'
import socket, struct, sys
call = struct.pack(">14I", 0x5eed, 0, 2, 100000, 2, 1, 0, 0, 0, 0,
                   int(sys.argv[1]), 1, 17, 4242)
udp = struct.pack(">4H", 700, 111, 8 + len(call), 0) + call
ip = struct.pack(">BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 1, 0, 64, 17, 0,
                 socket.inet_aton("127.0.0.1"), socket.inet_aton("10.9.5.1"))
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
s.sendto(ip + udp, ("10.9.5.1", 0))
PY

expect_cmd "the forged SET reached the daemon" wait_for 5 set_calls_above "$before"
expect_no_match "and registered nothing" "^ +$PROG " "$(rpcinfo -p 127.0.0.1)"

# A real loopback caller on a privileged port still may.
expect_match "a SET from 127.0.0.1:700 on loopback is taken" SUCCESS \
	"$(python3 $srcdir/tests/integ/rpccall.py --sport 700 127.0.0.1 2 1 \
		u:$PROG u:1 u:17 u:4242)"
expect_match "and registered" "^ +$PROG +1 +udp +4242" "$(rpcinfo -p 127.0.0.1)"
stop_daemon

finish
