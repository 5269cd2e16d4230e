#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Out of file descriptors (a lower RLIMIT_NOFILE, set at run time): with
# none free, a rescan cannot even look and says so; with a few free, the
# descriptor budget keeps the namespaces that come meanwhile waiting,
# said once; nothing of theirs is kept open; the host and the namespaces
# served before keep answering; once the limit is raised again, the next
# trigger serves the rest, without a restart.
. "$(dirname "$0")/harness.sh"
integ_enter "$@"

serves_udp() {
	ip netns exec "$1" rpcinfo -u 127.0.0.1 100000 2 >/dev/null 2>&1
}
serves() {
	ip netns exec "$1" rpcinfo -p 127.0.0.1 >/dev/null 2>&1
}
fd_list() {
	idle_fds "$DAEMON_PID"
}
nfds() {
	fd_list | wc -l
}
# free_fd N: the daemon's Nth lowest free fd number (from 1), in a gap
# of its table or past its highest fd; as its RLIMIT_NOFILE, it leaves
# N - 1 descriptors free.
free_fd() {
	fd_list | awk -v want="$1" '
		{ while (next_fd < $1) { if (++n == want) { print next_fd; exit }
					 next_fd++ }
		  next_fd = $1 + 1 }
		END { if (n < want) print next_fd + want - n - 1 }'
}
# As the daemon's own user: the test may lack CAP_SYS_RESOURCE.
daemon_prlimit() {
	setpriv --reuid="$(stat -c %u "/proc/$DAEMON_PID")" \
		--regid="$(stat -c %g "/proc/$DAEMON_PID")" --clear-groups \
		prlimit --pid "$DAEMON_PID" "$@"
}
add_ns() {
	ip netns add "$1" && ip -n "$1" link set lo up
}

add_ns "${NS_PREFIX}a"
start_daemon || exit 1
wait_for 20 serves "${NS_PREFIX}a" || not_ok "a is served"
before=$(nfds)
add_ns "${NS_PREFIX}b"
wait_for 20 serves "${NS_PREFIX}b" || not_ok "b is served"
per_ns=$(($(nfds) - before))
expect_cmd "b answers" serves "${NS_PREFIX}b"

# Not one more descriptor: the daemon cannot even look at /run/netns.
# It says so, and keeps serving all it served.
hard=$(daemon_prlimit --nofile --noheadings --output HARD)
before=$(nfds)
daemon_prlimit --nofile="$(free_fd 1):$hard"
add_ns "${NS_PREFIX}c"
add_ns "${NS_PREFIX}d"
if wait_log_more 20 'cannot look for namespaces: Too many open files, will retry' 0
then
	ok "a rescan without descriptors is logged"
else
	not_ok "a rescan without descriptors is logged"
fi
expect_cmd "the host answers (UDP)" rpcinfo -u 127.0.0.1 100000 2
for n in a b; do
	expect_cmd "$n answers (UDP)" serves_udp "${NS_PREFIX}$n"
done

# Two descriptors free: enough to look, but under the budget, which keeps
# room for the engine's connections.  c, d and e wait, in one line.
daemon_prlimit --nofile="$(free_fd 3):$hard"
add_ns "${NS_PREFIX}e"
# The rescan a reload includes starts after e exists: it saw c, d and e.
reload_daemon || not_ok "the daemon reloads"
expect_eq "the budget is logged, once for all" 1 \
	"$(log_count 'descriptor limit [0-9]+ reached: serving 3 namespace\(s\) .* more wait')"
for n in c d e; do
	expect_fail "$n is not served" serves_udp "${NS_PREFIX}$n"
done
expect_eq "nothing of c, d or e is kept open" "$before" "$(nfds)"
for n in a b; do
	expect_cmd "$n answers (UDP)" serves_udp "${NS_PREFIX}$n"
done

# The limit is back: the next trigger serves c, d and e.
daemon_prlimit --nofile="$hard:$hard"
add_marker "${NS_PREFIX}m" || not_ok "the marker namespace is served"
expect_eq "and says no namespace waits" 1 \
	"$(log_count 'descriptors free again: no namespace waits')"
for n in c d e; do
	expect_cmd "then $n answers" serves "${NS_PREFIX}$n"
done
expect_eq "c, d, e and m hold their sockets only" $((before + 4 * per_ns)) \
	"$(nfds)"
for n in a b; do
	expect_cmd "$n answers" serves "${NS_PREFIX}$n"
done
stop_daemon
expect_eq "clean exit" 0 "$DAEMON_STATUS"

finish
