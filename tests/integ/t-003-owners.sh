#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Who may register and unregister: real uids over the local socket, the
# loopback rule, and a real non-local peer in another namespace.
. "$(dirname "$0")/harness.sh"
integ_enter "$@"

client=$INTEG/tirpc-client
rpccall="python3 $srcdir/tests/integ/rpccall.py"
peer=${NS_PREFIX}peer

owner_of() {
	rpcinfo 2>&1 | awk -v p="$1" -v v="$2" \
		'$1 == p && $2 == v { print $6; exit }'
}

# A real non-local peer: another namespace behind a veth pair.
make_peer "$peer" "${NS_PREFIX}v" 192.0.2.1/24 192.0.2.2/24

start_daemon -l || exit 1

expect_eq "root registers" true "$($client set 300010 1 udp 0.0.0.0.8.1)"
expect_eq "root's entry is owned by superuser" superuser \
	"$(owner_of 300010 1)"
expect_fail "uid 1000 cannot delete root's entry (rpcinfo -d)" \
	as_user 1000 rpcinfo -d 300010 1
expect_eq "and it is still there" superuser "$(owner_of 300010 1)"

expect_eq "uid 1000 registers" true \
	"$(as_user 1000 $client set 300011 1 tcp 0.0.0.0.8.2)"
expect_eq "owned by 1000" 1000 "$(owner_of 300011 1)"
expect_eq "uid 1001 cannot unset it" false \
	"$(as_user 1001 $client unset 300011 1)"
expect_eq "uid 1000 can" true "$(as_user 1000 $client unset 300011 1)"
expect_eq "gone" "" "$(owner_of 300011 1)"
as_user 1000 $client set 300012 1 tcp 0.0.0.0.8.3 >/dev/null
expect_cmd "root deletes uid 1000's entry (rpcinfo -d)" rpcinfo -d 300012 1
expect_eq "gone too" "" "$(owner_of 300012 1)"

# v3 SET 300013/1/udp from a privileged port of 127.0.0.1: superuser.
set_args="u:300013 u:1 s:udp s:0.0.0.0.8.4 s:x"
expect_eq "loopback, privileged port: accepted" "SUCCESS 00000001" \
	"$($rpccall --sport 700 127.0.0.1 3 1 $set_args)"
expect_eq "owned by superuser" superuser "$(owner_of 300013 1)"

remote_set="u:300014 u:1 s:udp s:0.0.0.0.8.5 s:x"
expect_eq "a SET from another host is refused (AUTH_TOOWEAK)" \
	"DENIED AUTH_ERROR 5" \
	"$(ip netns exec "$peer" $rpccall 192.0.2.1 3 1 $remote_set)"
expect_eq "an UNSET from another host is refused" "DENIED AUTH_ERROR 5" \
	"$(ip netns exec "$peer" $rpccall --tcp 192.0.2.1 4 2 \
		u:300010 u:1 s: s: s:)"
expect_eq "nothing was registered" "" "$(owner_of 300014 1)"
expect_match "but the peer may look up" "portmapper" \
	"$(ip netns exec "$peer" rpcinfo -p 192.0.2.1 2>&1)"
# GETADDR 300010/1 from the peer: "192.0.2.1.8.1", the address it reached.
expect_eq "and gets an address it can reach" \
	"SUCCESS 0000000d3139322e302e322e312e382e31000000" \
	"$(ip netns exec "$peer" $rpccall 192.0.2.1 3 3 \
		u:300010 u:1 s:udp s: s:)"
expect_match "-l logged the refused SET" \
	"v3 SET 300014/1/udp 0\.0\.0\.0\.8\.5 from 192\.0\.2\.2 port [0-9]+ over udp: refused" \
	"$(cat "$TMP/daemon.log")"
stop_daemon

start_daemon -i || exit 1
expect_eq "-i: a SET from another host is accepted" "SUCCESS 00000001" \
	"$(ip netns exec "$peer" $rpccall 192.0.2.1 3 1 $remote_set)"
expect_eq "owned by unknown" unknown "$(owner_of 300014 1)"
stop_daemon

finish
