#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The descriptor budget: under a low RLIMIT_NOFILE the daemon serves the
# namespaces that fit beside the room it keeps for connections, says
# once that the rest wait, keeps answering, and serves the waiting ones
# as served namespaces go and free their descriptors.
. "$(dirname "$0")/harness.sh"
integ_enter "$@"

N=60
LIMIT=250

# The namespaces the daemon serves, by name, one per line
served() {
	"$builddir/rpcbindns/rpcinfo-ns" --list --json | python3 -c '
import json, sys
for n in json.load(sys.stdin):
    if not n["host"]:
        print(n["namespace"])' | sort
}
count_served() {
	served | wc -l
}

for i in $(seq 1 $N); do
	ip netns add "${NS_PREFIX}b$i"
done
DAEMON_WRAPPER="prlimit --nofile=$LIMIT:$LIMIT" start_daemon || exit 1
line=$(grep -E "descriptor limit $LIMIT reached" "$TMP/daemon.log")
expect_match "the limit is said, with what waits" \
	"serving [0-9]+ namespace\(s\) \([0-9]+ descriptors each, [0-9]+ kept for connections and files\); [0-9]+ more wait" \
	"$line"
read -r nserved per_ns reserve waiting <<<"$(echo "$line" | sed -E \
	's/.*serving ([0-9]+) namespace\(s\) \(([0-9]+) descriptors each, ([0-9]+) kept.*; ([0-9]+) more wait.*/\1 \2 \3 \4/')"
fit=$(count_served)
expect_eq "the host and the namespaces that fit are served, the rest wait" \
	"$N" "$((fit + waiting))"
expect_eq "what it says it serves" "$((fit + 1))" "$nserved"
if [ "$fit" -gt 0 ] && [ "$fit" -lt "$N" ]; then
	ok "some fit ($fit), not all"
else
	not_ok "some fit ($fit), not all"
fi
# The reserve holds BROKER_FD_FIXED (64) for files and channels, the rest
# for the engine's connections: that much stays free in both processes.
for pid in "$DAEMON_PID" "$(engine_pid)"; do
	fds=$(ls "/proc/$pid/fd" | wc -l)
	if [ $((fds + reserve - 64)) -le $LIMIT ]; then
		ok "room for connections kept ($fds open, pid $pid)"
	else
		not_ok "room for connections kept ($fds open, pid $pid, reserve $reserve)"
	fi
done
expect_cmd "the host answers" rpcinfo -p 127.0.0.1
expect_eq "said once" 1 "$(log_count 'descriptor limit [0-9]+ reached')"
status() {
	"$builddir/rpcbindns/rpcinfo-ns" --status --json | python3 -c '
import json, sys
s = json.load(sys.stdin)
print(s["fd_limit"], s["fd_reserve"], s["fds_per_ns"], s["waiting"])'
}
expect_eq "rpcinfo-ns --status says it too" \
	"$LIMIT $reserve $per_ns $waiting" "$(status)"

# Five served namespaces go: five waiting ones take their place, once
# the rescan that follows the deletions has let them go.
gone=$(served | head -n 5)
for ns in $gone; do
	ip netns del "$ns"
done
reload_daemon || not_ok "the daemon reloads"
expect_cmd "as many served as before" \
	wait_for 20 sh -c "[ \$(\"\$1\" --list | grep -c '$NS_PREFIX') -eq $fit ]" \
	sh "$builddir/rpcbindns/rpcinfo-ns"
expect_eq "none of the deleted ones" "" \
	"$(comm -12 <(echo "$gone") <(served))"

# Enough go for all to fit: said once.
for ns in $(served | head -n $((N - fit + 1))); do
	ip netns del "$ns"
done
reload_daemon || not_ok "the daemon reloads"
if wait_log_more 20 'descriptors free again: no namespace waits' 0; then
	ok "no namespace waits any more, said so"
else
	not_ok "no namespace waits any more, said so"
fi
expect_eq "--status: none waits" 0 "$(status | awk '{ print $4 }')"
expect_eq "every namespace left is served" \
	"$(ip netns list | grep -c "^$NS_PREFIX")" "$(count_served)"
stop_daemon
expect_eq "clean exit" 0 "$DAEMON_STATUS"

finish
