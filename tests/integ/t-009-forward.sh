#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Remote-call forwarding (-r) that cannot be abused: forwarded xids are
# unpredictable, only the target's address may answer, and a reload that
# closes the transport a call came in on drops the call instead of
# answering through a freed endpoint (the sanitizers would catch that).
. "$(dirname "$0")/harness.sh"
integ_enter "$@"

RPCCALL="python3 $srcdir/tests/integ/rpccall.py"
PROG=536871065		# 0x20000099
PORT=40123

# A target on 127.0.0.1:$PORT.  It logs each call's xid; "forge" answers
# first from another port (a forger who knows the xid) with 0xbad, then
# from its own with 0x600d; "slow" answers 0x600d once the file
# $TMP/release exists (the test makes it when it is ready for them).
cat >"$TMP/target.py" <<'PY'
import os, socket, struct, sys, threading, time
mode, port, log = sys.argv[1], int(sys.argv[2]), sys.argv[3]
release = os.path.join(os.path.dirname(log), "release")
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", port))
forger = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
forger.bind(("127.0.0.1", 0))
def reply(xid, result):
    return struct.pack(">7I", xid, 1, 0, 0, 0, 0, result)
def later(xid, peer):
    while not os.path.exists(release):
        time.sleep(0.05)
    s.sendto(reply(xid, 0x600d), peer)
    with open(log, "a") as f:
        f.write("answered %d\n" % xid)
while True:
    msg, peer = s.recvfrom(9000)
    xid, = struct.unpack(">I", msg[:4])
    with open(log, "a") as f:
        f.write("call %d\n" % xid)
    if mode == "forge":
        forger.sendto(reply(xid, 0xbad), peer)
        time.sleep(0.3)
        s.sendto(reply(xid, 0x600d), peer)
    else:
        threading.Thread(target=later, args=(xid, peer)).start()
PY

callit() {
	$RPCCALL --timeout 5 127.0.0.1 2 5 u:$PROG u:1 u:0 u:0
}

calls() {
	grep -c '^call' "$TMP/target.log" 2>/dev/null
}

dropped_since() {
	[ "$(ns_counter dropped)" -ge $(($1 + $2)) ]
}

start_daemon -r || exit 1
expect_match "the target is registered" SUCCESS \
	"$($RPCCALL --sport 700 127.0.0.1 2 1 u:$PROG u:1 u:17 u:$PORT)"

forged=$(ns_counter dropped)
start_bg python3 "$TMP/target.py" forge $PORT "$TMP/target.log"
wait_for 20 sh -c "ss -lnu | grep -q 127.0.0.1:$PORT"
expect_match "CALLIT gets the target's answer, not the forger's" \
	"^SUCCESS [0-9a-f]{8}000000040000600d$" "$(callit)"
for i in 1 2 3 4 5; do
	callit >/dev/null
done
xids=$(sed -n 's/^call //p' "$TMP/target.log")
expect_eq "six calls forwarded, six distinct xids" "6 6" \
	"$(echo "$xids" | wc -l) $(echo "$xids" | sort -u | wc -l)"
expect_eq "no xid follows from the one before" 0 "$(echo "$xids" |
	awk 'NR > 1 && ($1 - prev + 4294967296) % 4294967296 < 65536 { n++ }
	     { prev = $1 } END { print n + 0 }')"
expect_cmd "the six forged answers were counted as dropped" \
	dropped_since "$forged" 6
kill "$LAST_PID"

# Calls in flight over udp when a reload closes udp: their answers come
# after the endpoint is gone.
: >"$TMP/target.log"
start_bg python3 "$TMP/target.py" slow $PORT "$TMP/target.log"
wait_for 20 sh -c "ss -lnu | grep -q 127.0.0.1:$PORT"
before=$(ns_counter dropped)
for i in 1 2 3 4; do
	start_bg sh -c "$RPCCALL --timeout 30 127.0.0.1 2 5 u:$PROG u:1 u:0 u:0 >/dev/null"
done
expect_cmd "four calls forwarded" wait_for 20 sh -c \
	"[ \$(grep -c '^call' $TMP/target.log) -eq 4 ]"
grep -v -E '^udp[[:space:]]' /etc/netconfig >"$TMP/netconfig"
mount --bind "$TMP/netconfig" /etc/netconfig
kill -HUP "$DAEMON_PID"
# The dual-stack socket gives way to an IPv6-only one.
expect_cmd "the reload closed udp" wait_for 20 sh -c \
	'ss -lnu | grep -q "\[::\]:111" && ! ss -lnu | grep -q "\*:111"'
touch "$TMP/release"
expect_cmd "the target answered all four" wait_for 20 sh -c \
	"[ \$(grep -c '^answered' $TMP/target.log) -eq 4 ]"
# The daemon has read the four answers once they count as dropped.
expect_cmd "the answers to dropped calls were discarded" \
	wait_for 20 dropped_since "$before" 4
expect_cmd "the daemon still serves" kill -0 "$DAEMON_PID"
expect_match "and answers over tcp" "ready and waiting" \
	"$(rpcinfo -T tcp 127.0.0.1 100000 2 2>&1)"
expect_no_match "no use after free" "AddressSanitizer" \
	"$(cat "$TMP/daemon.log")"
umount /etc/netconfig
stop_daemon

finish
