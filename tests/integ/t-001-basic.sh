#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The daemon as an administrator meets it: Debian's rpcinfo sees exactly
# what it sees from rpcbind; endpoints, lock, flags, clean shutdown.
. "$(dirname "$0")/harness.sh"
integ_enter "$@"

# What rpcinfo prints against Debian's rpcbind, for comparison.
mkdir -p /run/rpcbind
chown _rpc /run/rpcbind
/usr/sbin/rpcbind -f & rpcbind_pid=$!
STARTED_PIDS="$STARTED_PIDS $rpcbind_pid"
wait_for 5 rpcinfo -p 127.0.0.1
for args in "-p" "" "-s" "-p 127.0.0.1" "-s 127.0.0.1" "127.0.0.1"; do
	rpcinfo $args >"$TMP/rpcbind.$(echo "x$args" | tr -c 'a-z0-9' _)" 2>&1
done
kill "$rpcbind_pid"
wait "$rpcbind_pid"
rm -f /run/rpcbind.lock /run/rpcbind.sock

start_daemon || exit 1
for args in "-p" "" "-s" "-p 127.0.0.1" "-s 127.0.0.1" "127.0.0.1"; do
	out=$(rpcinfo $args 2>&1)
	want=$(cat "$TMP/rpcbind.$(echo "x$args" | tr -c 'a-z0-9' _)")
	expect_eq "rpcinfo $args prints what it prints for rpcbind" \
		"$want" "$out"
done

for t in udp tcp; do
	for v in 2 3 4; do
		expect_eq "rpcinfo -T $t 127.0.0.1 100000 $v" \
			"program 100000 version $v ready and waiting" \
			"$(rpcinfo -T $t 127.0.0.1 100000 $v 2>&1)"
	done
done
expect_match "rpcinfo -T local pings over the local socket" \
	"version 4 ready and waiting" \
	"$(rpcinfo -T local 127.0.0.1 100000 4 2>&1)"
expect_match "rpcinfo -T udp6 ::1" "version 3 ready and waiting" \
	"$(rpcinfo -T udp6 ::1 100000 3 2>&1)"
expect_match "rpcinfo -a 127.0.0.1.0.111 -T udp" \
	"version 2 ready and waiting" \
	"$(rpcinfo -a 127.0.0.1.0.111 -T udp 100000 2 2>&1)"
expect_match "rpcinfo -u" "version 4 ready and waiting" \
	"$(rpcinfo -u 127.0.0.1 100000 2>&1)"
expect_match "rpcinfo -t" "version 2 ready and waiting" \
	"$(rpcinfo -t 127.0.0.1 100000 2>&1)"
expect_match "rpcinfo -l lists the udp address" \
	"inet/udp/clts +127\.0\.0\.1\.0\.111 +portmapper" \
	"$(rpcinfo -l 127.0.0.1 100000 4 2>&1)"
expect_match "rpcinfo -m shows version 4 statistics" \
	"RPCBIND \(version 4\) statistics" "$(rpcinfo -m 2>&1)"

listen=$(ss -lnxut)
# One dual-stack socket per protocol serves IPv4 and IPv6: ss shows *:111.
expect_match "UDP *:111" "udp +UNCONN .* \*:111 " "$listen"
expect_match "TCP *:111" "tcp +LISTEN .* \*:111 " "$listen"
expect_no_match "no separate IPv4 or IPv6-only socket" \
	"(0\.0\.0\.0|\[::\]):111 " "$listen"
expect_match "the filesystem socket" "u_str +LISTEN .* /run/rpcbind\.sock " \
	"$listen"
expect_match "the abstract socket" "u_str +LISTEN .* @/run/rpcbind\.sock " \
	"$listen"
expect_eq "the filesystem socket is srw-rw-rw-" "srw-rw-rw-" \
	"$(stat -c %A /run/rpcbind.sock)"
expect_eq "the broker runs as root" "root" \
	"$(ps -o user= -p "$DAEMON_PID")"
expect_eq "the engine that serves runs as _rpc" "_rpc" \
	"$(ps -o user= -p "$(engine_pid)")"

out=$("$RPCBINDNS" -f 2>&1)
expect_eq "a second rpcbindns exits 1" "1" "$?"
expect_match "and says why" "already running" "$out"
out=$(/usr/sbin/rpcbind -f 2>&1)
expect_match "Debian's rpcbind refuses to start beside it" "already running" \
	"$out"

stop_daemon TERM
expect_eq "SIGTERM: exit status 0" "0" "$DAEMON_STATUS"
expect_fail "SIGTERM: the socket is gone" test -e /run/rpcbind.sock
expect_fail "SIGTERM: the lock is gone" test -e /run/rpcbind.lock

expect_match "--version" "^rpcbindns [0-9]" "$("$RPCBINDNS" --version)"
expect_match "--help lists -w" "-w +warm start" "$("$RPCBINDNS" --help)"
out=$("$RPCBINDNS" -x 2>&1)
expect_eq "an unknown flag exits 1" "1" "$?"
expect_match "with the usage" "^usage: rpcbindns" "$out"

# -h binds UDP and TCP to the given address and loopback only.
ip link add "${NS_PREFIX}v0" type veth peer name "${NS_PREFIX}v1"
ip addr add 192.0.2.1/24 dev "${NS_PREFIX}v0"
ip link set "${NS_PREFIX}v0" up
ip link set "${NS_PREFIX}v1" up
start_daemon -h 192.0.2.1 || exit 1
listen=$(ss -lnut)
expect_match "-h: UDP on the address" "udp .* 192\.0\.2\.1:111 " "$listen"
expect_match "-h: TCP on the address" "tcp .* 192\.0\.2\.1:111 " "$listen"
expect_match "-h: UDP on 127.0.0.1" "udp .* 127\.0\.0\.1:111 " "$listen"
expect_match "-h: TCP on ::1" "tcp .* \[::1\]:111 " "$listen"
expect_no_match "-h: no wildcard" "0\.0\.0\.0:111" "$listen"
expect_match "-h: served there" "version 4 ready and waiting" \
	"$(rpcinfo -T udp 192.0.2.1 100000 4 2>&1)"
stop_daemon

# -h with the loopback address, which is bound anyway, and twice: each
# address once (Debian's rpcbind dies of a double free on -h 127.0.0.1).
start_daemon -h 127.0.0.1 -h 192.0.2.1 -h 192.0.2.1 || exit 1
expect_eq "-h given loopback and twice: each address bound once" 2 \
	"$(ss -lnu | grep -cE ' (127\.0\.0\.1|192\.0\.2\.1):111 ')"
stop_daemon

finish
