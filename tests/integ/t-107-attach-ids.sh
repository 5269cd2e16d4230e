#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The daemon learns a namespace's id from a socket it makes inside anyway:
# attaching N namespaces (found by the /run/netns watch, and one by hand
# through the admin socket) costs N getsockopt(SO_NETNS_COOKIE) calls in
# all, no NS_GET_ID ioctl and no new process, on any kernel.  Watched
# with strace attached to the running daemon, broker and engine.  A namespace attached twice
# by hand is served already the second time.
. "$(dirname "$0")/harness.sh"
integ_enter "$@"

N=3
command -v strace >/dev/null || { not_ok "strace is installed"; finish; exit; }

start_daemon || exit 1
start_bg strace -f -qq -p "$DAEMON_PID" -p "$(engine_pid)" -o "$TMP/trace" \
	-e trace=ioctl,getsockopt,clone,clone3,fork,vfork,accept,accept4
STRACE_PID=$LAST_PID
# strace is attached once it sees the daemon accept a TCP client.
wait_for 5 sh -c "rpcinfo -p 127.0.0.1 >/dev/null &&
	grep -q accept '$TMP/trace'" ||
	not_ok "strace attached to the daemon"

for i in $(seq 1 $N); do
	ip netns add "${NS_PREFIX}a$i"
done
# The daemon gives every namespace it serves an NSID.
expect_cmd "$N namespaces served" \
	wait_for 5 sh -c "[ \$(ip netns list-id | wc -l) -eq $N ]"

# One more by hand through the admin socket: a process's namespace, which
# the daemon does not look for by itself.
start_bg unshare -n sleep 300
wait_for 5 sh -c "[ \"\$(readlink /proc/$LAST_PID/ns/net)\" != \
	\"\$(readlink /proc/self/ns/net)\" ]"
out=$("$builddir/rpcbindns/rpcinfo-ns" --attach "pid:$LAST_PID" 2>&1)
expect_match "attached by hand" "^serving 'pid:$LAST_PID' \(cookie [0-9]+\)" \
	"$out"
expect_match "attached again: served already" "already" \
	"$("$builddir/rpcbindns/rpcinfo-ns" --attach "pid:$LAST_PID" 2>&1)"
expect_cmd "$((N + 1)) namespaces served" \
	wait_for 5 sh -c "[ \$(ip netns list-id | wc -l) -eq $((N + 1)) ]"

kill "$STRACE_PID"
wait "$STRACE_PID" 2>/dev/null
trace=$(cat "$TMP/trace")
expect_eq "one SO_NETNS_COOKIE read per namespace attached" $((N + 1)) \
	"$(printf '%s\n' "$trace" | grep -c 'getsockopt(.*SO_NETNS_COOKIE')"
expect_eq "no NS_GET_ID ioctl" "" \
	"$(printf '%s\n' "$trace" | grep -F '_IOC(_IOC_READ, 0xb7, 0xd,')"
expect_eq "no new process (fork, vfork, clone without CLONE_THREAD)" "" \
	"$(printf '%s\n' "$trace" | grep -E 'fork\(|clone3?\(' |
		grep -v CLONE_THREAD)"

finish
