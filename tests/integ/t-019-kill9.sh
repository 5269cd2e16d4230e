#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# kill -9 in a SET/UNSET storm: 100 rounds, each killing the daemon while
# clients in the host and three namespaces register and unregister over
# AF_LOCAL.  After each restart every answered call is in effect and
# nothing appears that no client asked for; only a client's call in
# flight at the kill may have landed or not (storm-check.py).
#
# The rounds alternate: one kills the broker, which takes its engine
# along, and starts the daemon again ("all"); the next kills the engine
# alone and waits for the broker to start another one ("engine").
#
# 100 restarts take 1.5 to 4 minutes here, more on a machine busy with
# the rest of the suite: a longer watchdog than the harness's 300 s.
export RBT_TIMEOUT=${RBT_TIMEOUT:-900}
. "$(dirname "$0")/harness.sh"
integ_enter "$@"

ROUNDS=${KILL9_ROUNDS:-100}
CLIENTS=2		# per namespace
PROGS=8			# per client, each client its own
PROG_BASE=$((0x30190000))
ANSWERED_FIRST=3	# calls answered per client before a kill
storm_client=$INTEG/storm-client
storm_check=$srcdir/tests/integ/storm-check.py
namespaces=(host "${NS_PREFIX}a" "${NS_PREFIX}b" "${NS_PREFIX}c")

# in_ns INDEX: the command prefix that runs a program in namespace INDEX
in_ns() {
	local ns=${namespaces[$1]}

	[ "$ns" = host ] || echo ip netns exec "$ns"
}

# The host's clients use the path, the others their namespace's
# abstract socket.
local_socket() {
	if [ "$1" = 0 ]; then
		echo /run/rpcbind.sock
	else
		echo @/run/rpcbind.sock
	fi
}

# dump_tables DIR: each namespace's table as it answers on 127.0.0.1,
# in DIR/dump.NAME, once it answers again
dump_tables() {
	local i

	for i in "${!namespaces[@]}"; do
		wait_for 10 sh -c '$1 rpcinfo 127.0.0.1 >"$2"' sh \
			"$(in_ns "$i")" "$1/dump.${namespaces[$i]}" || return 1
	done
}

# kill_round MODE: SIGKILL the broker, see its engine go too, and start
# the daemon again (all); or SIGKILL the engine and wait for the next one
# (engine).  Then dump_tables waits until every namespace answers again.
# A kill -9
# leaves /run/rpcbind.lock (an flock, gone with its holder) and
# /run/rpcbind.sock (unlinked at bind) behind.
kill_round() {
	local engine=$(engine_pid)

	KILLED_ENGINE=$engine
	case $1 in
	all)
		# The broker alone: its engine must not outlive it.
		kill -KILL "$DAEMON_PID"
		stop_daemon KILL 2>/dev/null	# to reap it
		wait_for 5 sh -c '! kill -0 "$1" 2>/dev/null ||
			grep -q "^State:.*Z" "/proc/$1/status"' sh "$engine" ||
			{ echo "the engine outlived its broker"; return 1; }
		start_daemon || return 1
		;;
	engine)
		kill -KILL "$engine"
		wait_for 10 sh -c 'pgrep -P "$1" -x rpcbindns | grep -qvx "$2"' \
			sh "$DAEMON_PID" "$engine" || return 1
		;;
	esac
}

# all_answered DIR: each client's log in DIR has its first answers.  A
# client started in the background may not have made its log yet.
all_answered() {
	local log

	[ "$(ls "$1" | grep -c '^log\.')" -eq \
	  $((${#namespaces[@]} * CLIENTS)) ] || return 1
	for log in "$1"/log.*; do
		[ "$(grep -c '^= ' "$log")" -ge "$ANSWERED_FIRST" ] || return 1
	done
}

# all_ended PID...: none of these processes is still running (or a
# zombie not yet reaped)
all_ended() {
	local pid

	for pid; do
		case $(ps -o stat= -p "$pid") in
		'' | Z*) ;;
		*) return 1 ;;
		esac
	done
}

# run_round N MODE: a storm, a kill, a restart and the check
run_round() {
	local dir=$TMP/round.$1 pids=() i c log out

	mkdir "$dir"
	for i in "${!namespaces[@]}"; do
		for c in $(seq 0 $((CLIENTS - 1))); do
			log=$dir/log.${namespaces[$i]}.$c
			$(in_ns "$i") "$storm_client" "$(local_socket "$i")" \
				$((PROG_BASE + i * 256 + c * 16)) "$PROGS" \
				$(($1 * 100 + i * 10 + c)) \
				>"$log" 2>>"$TMP/err" &
			pids+=($!)
		done
	done
	STARTED_PIDS=${pids[*]}
	wait_for 10 all_answered "$dir" ||
		not_ok "round $1: a client has no answers: $(cat "$TMP/err")"
	sleep "0.0$((RANDOM % 10))"	# to kill at any stage of a call
	kill_round "$2" || return 1
	# Their connections died with the process that served them: every
	# client ends by itself, its last call without an answer.
	if ! wait_for 10 all_ended "${pids[@]}"; then
		not_ok "round $1 ($2): clients still answered after the kill"
		for log in "$dir"/log.*; do
			printf '  %s: %s answers, first %s, last %s\n' \
				"${log##*/}" "$(grep -c '^= ' "$log")" \
				"$(head -n 1 "$log")" "$(tail -n 1 "$log")"
		done
		echo "  killed: $KILLED_ENGINE, now: $(engine_pid | xargs)"
		ps -o pid,stat,wchan:20,args -p "$(echo "${pids[@]}" |
			tr ' ' ,)" | sed 's/^/  /'
		# who holds the other end of a stuck client's connection
		for i in "${!namespaces[@]}"; do
			$(in_ns "$i") ss -xapn | grep -v '^u_dgr' | sed 's/^/  /'
		done
		return 1
	fi
	wait "${pids[@]}"
	STARTED_PIDS=
	dump_tables "$dir" || return 1
	if out=$(python3 "$storm_check" "$TMP/state.json" "$dir"); then
		ok "round $1 ($2): the answered calls, and nothing else ($out)"
	else
		not_ok "round $1 ($2): the answered calls, and nothing else"
		printf '  %s\n' "$out"
	fi
	echo "$out" | head -1 >>"$TMP/counts"
}

for ns in "${namespaces[@]:1}"; do
	ip netns add "$ns"
	ip -n "$ns" link set lo up
done
start_daemon || exit 1
mkdir "$TMP/round.0"
dump_tables "$TMP/round.0" || exit 1
expect_cmd "before the storm: no registrations but the portmapper's" \
	python3 "$storm_check" "$TMP/state.json" "$TMP/round.0"

started=$SECONDS
all_rounds=0 engine_rounds=0
for r in $(seq 1 "$ROUNDS"); do
	mode=all
	[ $((r % 2)) = 0 ] && mode=engine
	if ! run_round "$r" "$mode"; then
		not_ok "round $r ($mode): the daemon did not come back"
		break
	fi
	case $mode in
	all) all_rounds=$((all_rounds + 1)) ;;
	engine) engine_rounds=$((engine_rounds + 1)) ;;
	esac
	rm -rf "$TMP/round.$((r - 1))"
done
echo "rounds: $all_rounds killing the whole daemon, $engine_rounds the" \
	"engine alone, in $((SECONDS - started)) s"
expect_eq "half the rounds killed the engine alone" $((ROUNDS / 2)) \
	"$engine_rounds"
awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); n[kv[1]] += kv[2] } }
	END { printf "calls: %d answered; at the kills %d in flight, %d of " \
		"them landed\n", n["answered"], n["in_flight"], n["landed"] }' \
	"$TMP/counts"
expect_eq "$ROUNDS rounds of kill -9 in all" "$ROUNDS" \
	$((all_rounds + engine_rounds))
stop_daemon

finish
