#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# rtnetlink NSID events are noticed: moving a veth into a namespace that
# only a process holds makes the kernel give it an NSID, and that event
# (the only trigger: no mount, no name) makes the daemon find and serve
# it (--netns-processes); `ip netns set NAME auto` is noticed too.
RBT_PIDNS=1	# --netns-processes must see this test's processes only
. "$(dirname "$0")/harness.sh"
integ_enter "$@"

# Made before the daemon runs: `ip netns add` lives in the namespace it
# makes for a moment, and with --netns-processes a rescan then may adopt
# it as pid:N (until the policy sees its name) and give it an NSID, after
# which `ip netns set NAME auto` below fails.
ip netns add "${NS_PREFIX}denied1"
start_daemon -d --netns-processes --netns-deny "${NS_PREFIX}denied*" ||
	exit 1

start_bg unshare -n sleep 60
holder=$LAST_PID
wait_for 5 sh -c "[ \$(readlink /proc/$holder/ns/net) != \$(readlink /proc/self/ns/net) ]"

# Nothing tells us of a namespace a process makes; the NSID event is what
# must make us serve it: its log line comes first.
before=$(log_count '')
ip link add "${NS_PREFIX}v0" type veth peer name "${NS_PREFIX}v1"
ip link set "${NS_PREFIX}v1" netns "$holder"
expect_cmd "a veth moved in: the NSID event makes us serve it" \
	wait_for 2 sh -c "nsenter -t $holder -n ss -lnu | grep -q ':111 '"
expect_match "served under its process" "ns 'pid:$holder' \(cookie [0-9]+\): serving" \
	"$(cat "$TMP/daemon.log")"
expect_cmd "served only after the veth moved in, and after its NSID event" \
	awk -v before="$before" -v serving="ns 'pid:$holder' (" '
		index($0, serving) && /: serving/ { s = NR; exit }
		/new nsid/ { n = NR }
		END { exit !(s && n > before) }' "$TMP/daemon.log"

nsids=$(log_count 'new nsid')
ip netns set "${NS_PREFIX}denied1" auto
expect_cmd "ip netns set NAME auto is noticed" \
	wait_log_more 2 'new nsid' "$nsids"
expect_cmd "a namespace added after it is served" \
	add_marker "${NS_PREFIX}marker"
expect_eq "so a rescan saw it, and the policy still keeps it out" "" \
	"$(ip netns exec "${NS_PREFIX}denied1" ss -lnu | grep ':111 ')"

kill "$holder"
wait "$holder" 2>/dev/null
expect_cmd "the process gone (pidfd), the namespace is let go" wait_for 2 \
	grep -q "ns 'pid:$holder' (cookie [0-9]*): no longer in use" \
	"$TMP/daemon.log"
stop_daemon

finish
