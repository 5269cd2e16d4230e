#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Virtual servers through their life: defined in the config file for a
# namespace the daemon serves, their sockets carry their marks; each
# answers from its own view; a reload that changes a mark keeps the
# registrations; an engine killed with SIGKILL comes back with every VS
# and its registrations; a VS added and removed at run time
# (rpcinfo-ns) gets and loses its view and nothing else; a VS taken out
# of the file goes at the next reload; with -r, remote calls that came
# to a VS are forwarded under its mark.  The routing side (replies under
# the mark reach only their VS's clients) is t-027's.
. "$(dirname "$0")/harness.sh"
integ_enter "$@"

S=${NS_PREFIX}s
PROG=300001
R=$builddir/rpcbindns/rpcinfo-ns

in_s() {
	ip netns exec "$S" "$@"
}
# marks NS ADDR: the fwmark of ADDR's port-111 sockets in NS, one a line
marks() {
	ip netns exec "$1" ss -lnute "src $2:111" 2>/dev/null |
		grep -o 'fwmark:0x[0-9a-f]*' | sort -u
}
# dump ADDR: the portmapper's DUMP as asked of ADDR, from inside S
dump() {
	in_s rpcinfo -p "$1" 2>&1
}
has_reg() {	# ADDR PORT
	dump "$1" | grep -Eq "^ +$PROG +1 +udp +$2( |$)"
}

ip netns add "$S"
ip -n "$S" link set lo up
ip -n "$S" addr add 10.9.0.1/32 dev lo
ip -n "$S" addr add 10.9.0.2/32 dev lo
ip -n "$S" addr add 10.9.0.3/32 dev lo

# Lines the daemon refuses, and does not start with.
for line in "vs A mark 0 address 10.9.0.1" "vs A mark 1" \
	"vs A mark 1 address 10.9.0.300" "vs .A mark 1 address 10.9.0.1" \
	"vs A mark 1 address 10.9.0.1 10.9.0.1" \
	"vs A mark 1 address 10.9.0.1
vs B mark 2 address 10.9.0.1" "vs A mark 1 address 10.9.0.1
vs A mark 2 address 10.9.0.2"; do
	printf '%s\n' "$line" >"$TMP/bad.conf"
	timeout 5 "$RPCBINDNS" -f --config "$TMP/bad.conf" >"$TMP/bad.log" 2>&1
	status=$?
	expect_eq "refused: $(echo $line)" "1 1" \
		"$status $(grep -c 'not understood' "$TMP/bad.log")"
done

cat >"$TMP/conf" <<CONF
vs A netns $S mark 0x1 address 10.9.0.1
vs B netns $S mark 2 address 10.9.0.2
CONF
start_daemon --config "$TMP/conf" || exit 1
wait_for 20 in_s rpcinfo -p 10.9.0.2 >/dev/null || not_ok "S is served"

expect_eq "A's sockets carry its mark" "fwmark:0x1" "$(marks "$S" 10.9.0.1)"
expect_eq "B's sockets carry its mark" "fwmark:0x2" "$(marks "$S" 10.9.0.2)"

expect_cmd "register in A" $R -N "$S" --vs A --set 10.9.0.1.3.233 \
	-T udp "$PROG" 1
expect_cmd "register in B" $R -N "$S" --vs B --set 10.9.0.2.3.234 \
	-T udp "$PROG" 1
expect_cmd "A answers from its view" has_reg 10.9.0.1 1001
expect_cmd "B answers from its view" has_reg 10.9.0.2 1002
expect_fail "A never sees B's" has_reg 10.9.0.1 1002
expect_fail "B never sees A's" has_reg 10.9.0.2 1001
expect_cmd "the namespace-wide DUMP lists A's" has_reg 127.0.0.1 1001
expect_cmd "and B's" has_reg 127.0.0.1 1002

# A reload that changes A's mark: new sockets, the same view.
sed -i 's/mark 0x1/mark 0x11/' "$TMP/conf"
reload_daemon || not_ok "the daemon reloads"
expect_cmd "A's sockets carry its new mark" wait_for 5 \
	sh -c "[ \"\$(ip netns exec $S ss -lnute 'src 10.9.0.1:111' 2>/dev/null | grep -o 'fwmark:0x[0-9a-f]*' | sort -u)\" = fwmark:0x11 ]"
expect_cmd "A's registration survived the reload" has_reg 10.9.0.1 1001

# SIGKILL the engine: the next one gets every VS and its state back.
starts=$(log_count 'restarted: serving')
kill -KILL "$(engine_pid)"
wait_log_more 20 'restarted: serving' "$starts" || not_ok "engine restarted"
expect_cmd "after SIGKILL, A still answers from its view" \
	wait_for 10 has_reg 10.9.0.1 1001
expect_cmd "and B from its own" has_reg 10.9.0.2 1002
expect_fail "and A still never sees B's" has_reg 10.9.0.1 1002

# At run time: C comes with a view of its own, B goes with its view.
expect_cmd "--vs-add C" $R -N "$S" --vs-add C --mark 0x3 10.9.0.3
expect_eq "C's sockets carry its mark" "fwmark:0x3" "$(marks "$S" 10.9.0.3)"
expect_cmd "register in C" $R -N "$S" --vs C --set 10.9.0.3.3.235 \
	-T udp "$PROG" 1
expect_cmd "C answers from its view" has_reg 10.9.0.3 1003
expect_cmd "--vs-del B" $R -N "$S" --vs-del B
# B's address is now the namespace's wildcard sockets': the
# namespace-wide view, which lists every VS's entries but B's.
expect_cmd "B's address answers namespace-wide" has_reg 10.9.0.2 1003
expect_fail "B's registration went with it" has_reg 127.0.0.1 1002
expect_cmd "A's stays" has_reg 10.9.0.1 1001
expect_eq "B's sockets are closed" "" "$(marks "$S" 10.9.0.2)"

# B out of the file, C added by hand: a reload keeps C, and A.
sed -i '/^vs B/d' "$TMP/conf"
reload_daemon || not_ok "the daemon reloads"
expect_cmd "a reload keeps the VS added by hand" has_reg 10.9.0.3 1003
sed -i '/^vs A/d' "$TMP/conf"
reload_daemon || not_ok "the daemon reloads"
expect_cmd "A out of the file: gone at the reload" wait_for 5 \
	sh -c "! ip netns exec $S ss -lnut 'src 10.9.0.1:111' 2>/dev/null | grep -q 111"
expect_fail "and its registration with it" has_reg 127.0.0.1 1001

# --set without --vs: namespace-wide, shadowed where a VS has its own.
expect_cmd "--set namespace-wide" $R -N "$S" --set 0.0.0.0.3.236 -T udp \
	"$PROG" 1
expect_cmd "the namespace sees it" has_reg 127.0.0.1 1004
expect_cmd "C still sees its own" has_reg 10.9.0.3 1003
expect_fail "and not the namespace's it shadows" has_reg 10.9.0.3 1004
expect_fail "-a keeps rpcinfo's meaning: no view" $R -N "$S" --vs C \
	-a 10.9.0.3.3.235 -T udp "$PROG" 1

stop_daemon
expect_eq "clean exit" 0 "$DAEMON_STATUS"

# -r: a remote call that came to A's address is forwarded under A's mark,
# from a socket of A's (bound on first use, to a port not 111).
printf 'vs A netns %s mark 0x5 address 10.9.0.1\n' "$S" >"$TMP/conf"
start_daemon -r --config "$TMP/conf" || exit 1
wait_for 20 in_s rpcinfo -p 10.9.0.1 >/dev/null || not_ok "S is served"
expect_cmd "register in A" $R -N "$S" --vs A --set 10.9.0.1.3.233 -T udp \
	"$PROG" 1
# no one answers at port 1001: CALLIT stays silent, the call went out
in_s python3 "$srcdir/tests/integ/rpccall.py" --timeout 1 10.9.0.1 2 5 \
	u:"$PROG" u:1 u:0 u:0 >/dev/null
expect_eq "A's remote call left under A's mark" "fwmark:0x5" \
	"$(in_s ss -uane 2>/dev/null | grep -v ':111 ' |
	   grep -o 'fwmark:0x[0-9a-f]*' | sort -u)"
stop_daemon
finish
