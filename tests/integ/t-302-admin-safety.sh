#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The admin socket cannot be turned against the daemon or root: attaching
# a FIFO, a regular file, a directory or a device is refused at once and
# the daemon keeps serving every namespace.
. "$(dirname "$0")/harness.sh"
integ_enter "$@"

R=$builddir/rpcbindns/rpcinfo-ns
a=${NS_PREFIX}a
ip netns add "$a"
ip -n "$a" link set lo up

start_daemon || exit 1
wait_for 5 sh -c "ip netns exec $a ss -lnu | grep -q ':111 '"

# serves_all: the host and $a both answer, now
serves_all() {
	timeout 5 rpcinfo -p 127.0.0.1 >/dev/null &&
	timeout 5 ip netns exec "$a" rpcinfo -p 127.0.0.1 >/dev/null
}

# The daemon opens what an admin names as the user it runs as: specs in
# a directory that user can read.
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
refused "$spec/fifo"
# A daemon stuck in open() waits for a writer: let it go, so that a
# failing run goes on.
python3 -c 'import os, sys; os.open(sys.argv[1], os.O_WRONLY | os.O_NONBLOCK)' \
	"$spec/fifo" 2>/dev/null
for f in "$spec/file" "$spec" /dev/null; do
	refused "$f"
done

stop_daemon

finish
