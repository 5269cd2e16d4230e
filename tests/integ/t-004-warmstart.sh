#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# -w: registrations survive a hand-over from Debian's rpcbind to rpcbindns
# and back, a restart, and a SIGKILL.
. "$(dirname "$0")/harness.sh"
integ_enter "$@"

client=$INTEG/tirpc-client
mkdir -p /run/rpcbind
chown _rpc /run/rpcbind

start_rpcbind() {
	/usr/sbin/rpcbind -w -f & RPCBIND_PID=$!
	STARTED_PIDS="$STARTED_PIDS $RPCBIND_PID"
	wait_for 5 rpcinfo -p 127.0.0.1
}

stop_rpcbind() {
	kill -TERM "$RPCBIND_PID"
	wait "$RPCBIND_PID"
	# rpcbind runs as _rpc and cannot remove these from /run itself.
	rm -f /run/rpcbind.lock /run/rpcbind.sock
}

ours() {
	rpcinfo 2>&1 | awk '$1 ~ /^30000/ { print $1, $2, $3, $4, $6 }' | sort
}

start_rpcbind
$client set 300001 1 udp 0.0.0.0.8.1 >/dev/null
$client pmap_set 300002 1 6 2050 >/dev/null
as_user 1000 $client set 300003 1 tcp 0.0.0.0.8.3 >/dev/null
before=$(ours)
expect_eq "three registrations with Debian's rpcbind" 3 \
	"$(echo "$before" | wc -l)"
stop_rpcbind
expect_cmd "rpcbind wrote rpcbind.xdr" test -s /run/rpcbind/rpcbind.xdr

start_daemon -w || exit 1
expect_eq "rpcbindns -w took them over, owners included" "$before" "$(ours)"
expect_match "the uid 1000 entry keeps its owner" "300003 1 tcp 0.0.0.0.8.3 1000" \
	"$(ours)"
expect_eq "rpcbind -w is served again over v2" 2050 \
	"$($client getport 127.0.0.1 300002 1 6)"
$client set 300004 1 udp6 ::.8.4 >/dev/null
after=$(ours)
stop_daemon TERM
expect_cmd "rpcbindns wrote rpcbind.xdr" test -s /run/rpcbind/rpcbind.xdr
expect_cmd "and portmap.xdr" test -s /run/rpcbind/portmap.xdr
expect_eq "the files are 0600 _rpc" "600 _rpc" \
	"$(stat -c '%a %U' /run/rpcbind/rpcbind.xdr)"

start_rpcbind
expect_eq "and Debian's rpcbind -w takes them back" "$after" "$(ours)"
# A change made under rpcbind is newer than rpcbindns' own state.
$client unset 300004 1 >/dev/null
after=$(ours)
stop_rpcbind

start_daemon -w || exit 1
expect_eq "a restart of rpcbindns -w keeps rpcbind's, changes included" \
	"$after" "$(ours)"
$client set 300005 1 tcp 0.0.0.0.8.5 >/dev/null
$client unset 300001 1 >/dev/null
expected=$(ours)
stop_daemon KILL
start_daemon -w || exit 1
expect_eq "after SIGKILL too: every change was kept before its answer" \
	"$expected" "$(ours)"
stop_daemon TERM

rm -f /run/rpcbindns/state/*	# our own state would restore them all
start_daemon || exit 1
expect_eq "without -w rpcbind's files are not read" "" "$(ours)"
stop_daemon TERM

finish
