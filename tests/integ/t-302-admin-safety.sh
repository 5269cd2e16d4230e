#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The admin socket cannot be turned against the daemon or root: attaching
# a FIFO, a regular file, a directory or a device is refused at once and
# the daemon keeps serving every namespace; the admin socket's directory
# is root's, so the daemon's own user (_rpc) can neither swap the socket
# for a symlink nor put a socket of its own in its place, and a directory
# an older version left to _rpc is taken over without following links.
. "$(dirname "$0")/harness.sh"
integ_enter "$@"

R=$builddir/rpcbindns/rpcinfo-ns
a=${NS_PREFIX}a
ip netns add "$a"
ip -n "$a" link set lo up

# What an older version left: /run/rpcbindns given to _rpc, and in it a
# symlink to a directory of root's where the state directory goes.
mkdir -m 0755 /run/rbt-victim
mkdir -m 0777 /run/rpcbindns
ln -s /run/rbt-victim /run/rpcbindns/state
chown -h _rpc /run/rpcbindns /run/rpcbindns/state

start_daemon || exit 1
wait_for 5 sh -c "ip netns exec $a ss -lnu | grep -q ':111 '"

# serves_all: the host and $a both answer, now
serves_all() {
	timeout 5 rpcinfo -p 127.0.0.1 >/dev/null &&
	timeout 5 ip netns exec "$a" rpcinfo -p 127.0.0.1 >/dev/null
}

# What an admin names, the broker looks at (as root) before it opens it.
spec=/run/rbt-spec
mkdir -m 0755 "$spec"
mkfifo -m 0644 "$spec/fifo"
echo "not a namespace" >"$spec/file"

# refused F: --attach F fails at once with a clear error, and the daemon
# still serves every namespace and nothing more
refused() {
	local out rc

	out=$(timeout 10 "$R" --attach "$1" 2>&1)
	rc=$?
	expect_eq "--attach $1: refused at once (exit 1, no timeout)" 1 "$rc"
	expect_match "--attach $1: a clear error" \
		"attach '$1': not a network namespace" "$out"
	expect_cmd "after --attach $1: still serving the host and $a" serves_all
	expect_eq "after --attach $1: nothing attached" 2 \
		"$(timeout 5 "$R" --list | grep -c '^[0-9]')"
}
# A writer waits in open() for a reader: the broker must not become one.
start_bg sh -c "echo x >'$spec/fifo'"
writer=$LAST_PID
wait_for 5 sh -c "grep -q '^State:.*S' /proc/$writer/status"
refused "$spec/fifo"
expect_cmd "the writer still waits: nothing opened the FIFO" \
	kill -0 "$writer"
# Let it go.
timeout 5 cat "$spec/fifo" >/dev/null
for f in "$spec/file" "$spec" /dev/null; do
	refused "$f"
done

# The admin socket's directory is root's; the state is _rpc's.
expect_eq "/run/rpcbindns: root's, 0755" "root:root 755" \
	"$(stat -c '%U:%G %a' /run/rpcbindns)"
expect_eq "the admin socket: root's, 0600" "root:root 600 socket" \
	"$(stat -c '%U:%G %a %F' /run/rpcbindns/admin.sock)"
expect_eq "the old symlink was not followed: the victim is still root's" \
	"root 755" "$(stat -c '%U %a' /run/rbt-victim)"

# as_rpc COMMAND...: as the user the daemon runs as
as_rpc() {
	setpriv --reuid=_rpc --regid=65534 --clear-groups "$@"
}
expect_fail "_rpc cannot replace the admin socket with a symlink" \
	as_rpc ln -sf /etc/passwd /run/rpcbindns/admin.sock
expect_fail "_rpc cannot put a socket of its own in its place" \
	as_rpc sh -c 'rm -f /run/rpcbindns/admin.sock &&
		python3 -c "import socket; socket.socket(socket.AF_UNIX).bind(\"/run/rpcbindns/admin.sock\")"'
expect_match "root's rpcinfo-ns still reaches the daemon" "$a" \
	"$(timeout 5 "$R" --list 2>&1)"
stop_daemon

# A fresh start: the state directory is made for _rpc.
rm -f /run/rpcbindns/state
start_daemon --admin-group users || exit 1
expect_eq "the state directory: _rpc's, 0700" "_rpc 700 directory" \
	"$(stat -c '%U %a %F' /run/rpcbindns/state)"
expect_eq "--admin-group: the admin socket is root:users, 0660" \
	"root:users 660" "$(stat -c '%U:%G %a' /run/rpcbindns/admin.sock)"
stop_daemon
expect_eq "stopped: the admin socket is gone" "" \
	"$(ls /run/rpcbindns/admin.sock 2>/dev/null)"

finish
