#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# rpcinfo-ns and the client library against a daemon serving three
# namespaces: the same output as rpcinfo, every table at once, -N, the
# library registering in a namespace it never enters, attach/detach by
# the CLI, and non-root refused.
. "$(dirname "$0")/harness.sh"
integ_enter "$@"

R=$builddir/rpcbindns/rpcinfo-ns
client=$INTEG/tirpc-client
a=${NS_PREFIX}a b=${NS_PREFIX}b c=${NS_PREFIX}c
for ns in $a $b $c; do
	ip netns add "$ns"
	ip -n "$ns" link set lo up
done
expect_match "no daemon: a clear message" "rpcbindns is not running" \
	"$($R --list 2>&1)"

start_daemon || exit 1
for ns in $a $b $c; do
	wait_for 5 sh -c "ip netns exec $ns ss -lnu | grep -q ':111 '"
done
ip netns exec "$a" $client set 300001 1 udp 0.0.0.0.8.1 >/dev/null
ip netns exec "$b" $client pmap_set 300002 2 6 2002 >/dev/null
$client set 300003 3 tcp6 ::.8.3 >/dev/null

# Same options, same bytes as Debian's rpcinfo, in every namespace.
getstat_masked() {	# GETSTAT counts itself: mask that one cell
	sed '/^VERADDR/{n;s/^\([0-9]*\( *\)\)\{3\}[0-9]*/X/}'
}
for ns in "" $a $b; do
	where=${ns:-host}
	run=${ns:+ip netns exec $ns}
	for o in "-p" "" "-s"; do
		expect_eq "$where: rpcinfo-ns ${ns:+-N $ns }$o = rpcinfo $o" \
			"$($run rpcinfo $o 2>&1)" \
			"$($R ${ns:+-N $ns} $o 2>&1)"
	done
	expect_eq "$where: rpcinfo-ns -m = rpcinfo -m (but GETSTAT's count)" \
		"$($run rpcinfo -m 2>&1 | getstat_masked)" \
		"$($R ${ns:+-N $ns} -m 2>&1 | getstat_masked)"
done
for o in "-p 127.0.0.1" "-l 127.0.0.1 100000 4" "-T udp 127.0.0.1 100000" \
	 "-u 127.0.0.1 100000 2" "-t 127.0.0.1 300002" \
	 "-a 127.0.0.1.0.111 -T tcp 100000 3"; do
	expect_eq "-N $b $o: the same as rpcinfo in $b" \
		"$(ip netns exec "$b" rpcinfo $o 2>&1)" "$($R -N "$b" $o 2>&1)"
done
cookie_a=$($R --list | awk -v n="$a" '$2 == n { print $1 }')
expect_eq "-N cookie:N works like -N name" "$($R -N "$a" -p)" \
	"$($R -N "cookie:$cookie_a" -p)"
expect_eq "also for calls made from inside the namespace" \
	"$($R -N "$a" -T udp 127.0.0.1 100000 4)" \
	"$($R -N "cookie:$cookie_a" -T udp 127.0.0.1 100000 4)"

# --all: exactly each namespace's table, with the namespace in front.
all=$($R --all)
for ns in $a $b; do
	expect_eq "--all shows exactly $ns's table" \
		"$(ip netns exec "$ns" rpcinfo | tail -n +2)" \
		"$(echo "$all" | awk -v n="$ns" '$1 == n' | cut -c25-)"
done
expect_eq "--all: the host and three namespaces" 4 \
	"$(echo "$all" | grep -c '^namespace')"
expect_match "--all --json" "\"namespace\": \"$a\", \"cookie\": $cookie_a, \"program\": 300001" \
	"$($R --all --json)"
expect_match "--list --json" "\"namespace\": \"$c\"" "$($R --list --json)"
expect_match "--list shows each namespace's transports" \
	"^[0-9]+ +$a +udp,tcp,udp6,tcp6,local " "$($R --list)"
expect_match "--status" "namespaces: +4" "$($R --status)"
expect_match "--stats --json" "\"v4\": \{\"calls\"" "$($R --stats -N "$a" --json)"
sum_sets() {	# the v3 SET calls of --stats --json
	sed -n 's/.*"v3": {"calls": \[[0-9]*, \([0-9]*\),.*/\1/p'
}
expect_eq "--stats --all adds every namespace's counts up" \
	"$(( $($R --stats -N "$a" --json | sum_sets) + \
	     $($R --stats -N "$b" --json | sum_sets) + \
	     $($R --stats -N "$c" --json | sum_sets) + \
	     $($R --stats --json | sum_sets) ))" \
	"$($R --stats --all --json | sum_sets)"
expect_match "--stats --all in rpcinfo -m's format" \
	"RPCBIND \(version 3\) statistics" "$($R --stats --all)"

# The library registers in namespaces it does not enter.
expect_match "the example registers 300099 in a and c (and reads it back)" \
	"registered 300099/1 in '$c' \(cookie [0-9]+\) at 0\.0\.0\.0\.15\.163" \
	"$("$INTEG/example-two-ns" "$a" 4001 "$c" 4003)"
expect_match "ip netns exec a rpcinfo -p sees it at 4001" \
	"300099 +1 +tcp +4001" "$(ip netns exec "$a" rpcinfo -p)"
expect_match "and c at 4003" "300099 +1 +tcp +4003" \
	"$(ip netns exec "$c" rpcinfo -p)"
expect_no_match "b and the host do not" "300099" \
	"$(ip netns exec "$b" rpcinfo -p; rpcinfo -p)"
expect_cmd "rpcinfo-ns -N a -d removes it there" $R -N "$a" -d 300099 1
expect_no_match "gone from a" "300099" "$(ip netns exec "$a" rpcinfo -p)"
expect_match "still in c" "300099" "$(ip netns exec "$c" rpcinfo -p)"

# Attach and detach by the CLI.
expect_match "--detach" "no longer serving" "$($R --detach "$c")"
expect_eq "c not served" "" "$(ip netns exec "$c" ss -lnu | grep ':111 ')"
expect_cmd "a rescan (SIGHUP) is done" reload_daemon
expect_eq "and not taken back by it" "" \
	"$(ip netns exec "$c" ss -lnu | grep ':111 ')"
expect_match "--attach" "serving '$c'" "$($R --attach "$c")"
expect_match "c served again" ":111 " "$(ip netns exec "$c" ss -lnu)"
expect_match "the host cannot be detached" "always served" \
	"$($R --detach "cookie:$($R --list | awk '$2 == "(host)" { print $1 }')" 2>&1)"
expect_match "an unknown namespace: a clear error" "attach 'nope'" \
	"$($R --attach nope 2>&1)"

expect_match "non-root is refused" "permission denied" \
	"$(as_user 1000 $R --list 2>&1)"
expect_eq "with exit status 1" 1 "$(as_user 1000 $R --list >/dev/null 2>&1; echo $?)"
stop_daemon

# --admin-group lets a group in (Debian's "users", gid 100).
start_daemon --admin-group users || exit 1
expect_match "--admin-group: a member may list" "namespace" \
	"$(setpriv --reuid=1000 --regid=users --clear-groups $R --list 2>&1)"
expect_match "others still may not" "permission denied" \
	"$(as_user 1000 $R --list 2>&1)"
stop_daemon

finish
