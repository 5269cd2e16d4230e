#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# GETSTAT under a flood of lookups from a non-local peer (another namespace
# behind a veth pair): the peer's keys are not listed, so the peer's own
# GETSTAT does not grow; and GETSTAT still answers locally
# over UDP when local keys outgrow a datagram.
. "$(dirname "$0")/harness.sh"
integ_enter "$@"

peer=${NS_PREFIX}peer

make_peer "$peer" "${NS_PREFIX}v" 192.0.2.1/24 192.0.2.2/24

# flood.py HOST N BASE: N lookups of programs BASE, BASE + 1, ... over
# UDP, a third each by v2 GETPORT, v3 GETADDR and v4 GETADDR, each waiting
# for its answer; prints how many were answered.
cat >"$TMP/flood.py" <<'PY'
import socket, struct, sys
host, n, base = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(2)
def xstr(t):
    b = t.encode()
    return struct.pack(">I", len(b)) + b + b"\0" * (-len(b) % 4)
answered = 0
for i in range(n):
    vers = 2 + i % 3
    if vers == 2:
        args = struct.pack(">4I", base + i, 1, 17, 0)
    else:
        args = struct.pack(">2I", base + i, 1) + xstr("udp") + xstr("") * 2
    s.sendto(struct.pack(">10I", i, 0, 2, 100000, vers, 3, 0, 0, 0, 0) +
             args, (host, 111))
    try:
        if struct.unpack(">I", s.recv(9000)[:4])[0] == i:
            answered += 1
    except socket.timeout:
        pass
print(answered)
PY

# getstat.py HOST: "<accept_stat> <reply bytes>" of a v4 GETSTAT over UDP.
cat >"$TMP/getstat.py" <<'PY'
import socket, struct, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(3)
s.sendto(struct.pack(">10I", 7, 0, 2, 100000, 4, 12, 0, 0, 0, 0),
         (sys.argv[1], 111))
try:
    r = s.recv(65536)
    print(struct.unpack(">I", r[20:24])[0], len(r))
except socket.timeout:
    print("NO_REPLY")
PY

flood="python3 $TMP/flood.py"
getstat="python3 $TMP/getstat.py"
on_peer="ip netns exec $peer"

start_daemon || exit 1

# The bare counters take 228 bytes; the harness's own lookups add a few.
before=$($on_peer $getstat 192.0.2.1)
expect_match "the peer's GETSTAT: SUCCESS, under 300 bytes" "^0 2[0-9]{2}$" \
	"$before"
expect_eq "the peer's 900 lookups of distinct programs are answered" 900 \
	"$($on_peer $flood 192.0.2.1 900 600000)"
expect_eq "the peer's GETSTAT after them: no bigger" "$before" \
	"$($on_peer $getstat 192.0.2.1)"

# Local keys past 9000 bytes, where rpcbind's GETSTAT breaks for good.
expect_eq "600 local lookups of distinct programs are answered" 600 \
	"$($flood 127.0.0.1 600 700000)"
expect_match "local GETSTAT over UDP: SUCCESS, cut to the datagram" \
	"^0 (8[5-9][0-9][0-9]|9000)$" "$($getstat 127.0.0.1)"
out=$(rpcinfo -m 2>&1)
expect_match "rpcinfo -m lists local lookups" "^700002 " "$out"
expect_no_match "rpcinfo -m lists none of the peer's" "^600[0-9]{3} " "$out"

stop_daemon TERM
expect_eq "the daemon stops cleanly" 0 "$DAEMON_STATUS"
finish
