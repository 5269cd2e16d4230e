#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Privilege separation: the broker (the daemon's pid) keeps only the
# capabilities it needs; the engine, which parses every request, has none
# at all and cannot gain any.  An engine that dies is replaced by the
# broker with every namespace's sockets and every registration; a broker
# that dies takes its engine along.
. "$(dirname "$0")/harness.sh"
integ_enter "$@"

client=$INTEG/tirpc-client
# CAP_CHOWN, DAC_OVERRIDE, DAC_READ_SEARCH, FOWNER, KILL, SETGID, SETUID,
# NET_BIND_SERVICE, NET_BROADCAST, NET_ADMIN, SYS_PTRACE, SYS_ADMIN
BROKER_CAPS=0000000000281cef

status_field() {	# PID FIELD
	awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"
}
table() {
	ip netns exec "$1" rpcinfo 2>&1 | awk '$1 ~ /^3000/ { print $1, $2, $3, $4, $6 }'
}
serves() {		# NS: the portmapper answers there over UDP and TCP
	ip netns exec "$1" rpcinfo -T udp 127.0.0.1 100000 4 &&
	ip netns exec "$1" rpcinfo -T tcp 127.0.0.1 100000 4
}

for n in a b; do
	ip netns add "${NS_PREFIX}$n"
	ip -n "${NS_PREFIX}$n" link set lo up
done
start_daemon || exit 1
for n in a b; do
	wait_for 5 serves "${NS_PREFIX}$n"
	ip netns exec "${NS_PREFIX}$n" $client set 300061 1 udp 0.0.0.0.8.1 \
		>/dev/null
done
$client set 300062 1 tcp 0.0.0.0.8.2 >/dev/null
a_table=$(table "${NS_PREFIX}a")
host_table=$(rpcinfo | awk '$1 ~ /^3000/ { print $1, $2, $3, $4, $6 }')
expect_eq "a has its registration" 1 "$(echo "$a_table" | grep -c .)"

engine=$(engine_pid)
expect_match "the broker has an engine" '^[0-9]+$' "$engine"
rpc_uid=$(id -u _rpc)
for f in CapInh CapPrm CapEff CapAmb; do
	expect_eq "engine $f: none" 0000000000000000 "$(status_field "$engine" $f)"
done
expect_eq "engine: no new privileges" 1 "$(status_field "$engine" NoNewPrivs)"
expect_eq "engine: a seccomp filter" 2 "$(status_field "$engine" Seccomp)"
expect_eq "broker: no seccomp filter" 0 "$(status_field "$DAEMON_PID" Seccomp)"
expect_eq "engine: every uid is _rpc's" "$rpc_uid $rpc_uid $rpc_uid $rpc_uid" \
	"$(awk '$1 == "Uid:" { print $2, $3, $4, $5 }' "/proc/$engine/status")"
expect_eq "engine: no supplementary groups" "" \
	"$(status_field "$engine" Groups)"
expect_eq "broker: uid 0" 0 "$(status_field "$DAEMON_PID" Uid)"
for f in CapPrm CapEff CapBnd; do
	expect_eq "broker $f: only what it needs" $BROKER_CAPS \
		"$(status_field "$DAEMON_PID" $f)"
done
expect_eq "engine: nothing more in its bounding set" $BROKER_CAPS \
	"$(status_field "$engine" CapBnd)"

# The engine holds its copies of every socket; the broker's stay open
# for the next engine.
expect_cmd "the engine serves a's UDP socket" sh -c \
	"ip netns exec ${NS_PREFIX}a ss -lunp | grep ':111 ' | grep -q 'pid=$engine,'"

### kill -9 the engine: the broker starts another with everything
n=$(log_count 'engine .* restarted')
kill -KILL "$engine"
expect_cmd "the broker says it restarted the engine" \
	wait_log_more 10 'engine [0-9]+ restarted: serving 3 namespace' "$n"
expect_match "and why" "engine killed by signal 9, starting another" \
	"$(cat "$TMP/daemon.log")"
new=$(engine_pid)
expect_cmd "a new engine ($new, was $engine)" test -n "$new" -a "$new" != "$engine"
expect_cmd "a is served again" serves "${NS_PREFIX}a"
expect_cmd "b too" serves "${NS_PREFIX}b"
expect_eq "a's registration is back" "$a_table" "$(table "${NS_PREFIX}a")"
expect_eq "the host's too" "$host_table" \
	"$(rpcinfo | awk '$1 ~ /^3000/ { print $1, $2, $3, $4, $6 }')"
expect_cmd "and the new engine registers" \
	ip netns exec "${NS_PREFIX}b" $client set 300063 1 udp 0.0.0.0.8.3

### SIGTERM to the engine alone is no stop: another one serves
engine=$(engine_pid)
n=$(log_count 'engine .* restarted')
kill -TERM "$engine"
expect_cmd "SIGTERM to the engine: another one" \
	wait_log_more 10 'engine [0-9]+ restarted' "$n"
expect_match "b kept both registrations" "300061.*300063|300063.*300061" \
	"$(table "${NS_PREFIX}b" | tr '\n' ' ')"

### kill -9 the broker: the engine goes with it
engine=$(engine_pid)
kill -KILL "$DAEMON_PID"
wait "$DAEMON_PID" 2>/dev/null
DAEMON_PID=
expect_cmd "the engine exits with its broker" \
	wait_for 5 sh -c "! kill -0 $engine 2>/dev/null ||
		grep -q '^State:.*Z' /proc/$engine/status"
start_daemon || exit 1
expect_cmd "a restarted daemon serves a" wait_for 5 serves "${NS_PREFIX}a"
expect_eq "with its registration" "$a_table" "$(table "${NS_PREFIX}a")"

### --engine is not for people
out=$("$RPCBINDNS" -f --engine=1 2>&1 </dev/null)
expect_match "--engine by hand is refused" "internal" "$out"

stop_daemon TERM
expect_eq "stops cleanly" 0 "$DAEMON_STATUS"
expect_no_match "no engine restart at the stop" "starting another" \
	"$(tail -n 5 "$TMP/daemon.log")"

### an engine that does not heed STOP is killed after the grace period
start_daemon || exit 1
kill -STOP "$(engine_pid)"
t0=$SECONDS
stop_daemon TERM
expect_eq "a stopped engine does not keep the daemon from stopping" 0 \
	"$DAEMON_STATUS"
expect_match "it is killed after 5 s" "did not stop in 5 s, killing it" \
	"$(tail -n 5 "$TMP/daemon.log")"
expect_cmd "within 10 s ($((SECONDS - t0)) s)" test $((SECONDS - t0)) -le 10

finish
