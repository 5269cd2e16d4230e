#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# A flood in one namespace does not starve another: while namespace A
# gets a UDP flood and 5,000 TCP connections that stay idle, namespace B
# keeps answering GETPORT; A's connections beyond the cap are refused or
# evicted, and the idle ones are closed on time.
. "$(dirname "$0")/harness.sh"
integ_enter "$@"

a=${NS_PREFIX}a
b=${NS_PREFIX}b
CAP=64
IDLE=3

for ns in $a $b; do
	ip netns add "$ns"
	ip -n "$ns" link set lo up
done
start_daemon --max-connections-per-ns $CAP --idle-timeout $IDLE || exit 1
for ns in $a $b; do
	expect_cmd "$ns is served" wait_for 5 sh -c \
		"ip netns exec $ns ss -lnu | grep -q ':111 '"
done

cat >"$TMP/flood.py" <<'PY'
import resource, socket, struct, sys, time
seconds = float(sys.argv[1])
resource.setrlimit(resource.RLIMIT_NOFILE, (6000, 6000))
conns = []
for _ in range(5000):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setblocking(False)
    s.connect_ex(("127.0.0.1", 111))
    conns.append(s)
udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
udp.setblocking(False)
msg = struct.pack(">14I", 1, 0, 2, 100000, 2, 3, 0, 0, 0, 0, 100000, 2, 17, 0)
end = time.monotonic() + seconds
while time.monotonic() < end:
    for _ in range(100):
        try:
            udp.sendto(msg, ("127.0.0.1", 111))
        except BlockingIOError:
            time.sleep(0.001)
    try:
        while udp.recv(100):
            pass
    except BlockingIOError:
        pass
time.sleep(3600)    # hold the connections until killed
PY

# B's clients: GETPORT calls one after another, each with a 2 s timeout
# and libtirpc-like retries; prints "ANSWERED ASKED".
cat >"$TMP/client.py" <<'PY'
import socket, struct, sys, time
n, answered = int(sys.argv[1]), 0
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(0.5)
for xid in range(n):
    msg = struct.pack(">14I", xid, 0, 2, 100000, 2, 3, 0, 0, 0, 0,
                      100000, 2, 17, 0)
    for _ in range(4):
        s.sendto(msg, ("127.0.0.1", 111))
        try:
            if s.recv(100)[:4] == msg[:4]:
                answered += 1
                break
        except socket.timeout:
            pass
    time.sleep(0.02)
print(answered, n)
PY

start_bg ip netns exec "$a" python3 "$TMP/flood.py" 8
flood=$LAST_PID
a_at_cap() {
	[ "$(ns_counter connections "$a")" -eq $CAP ]
}
expect_cmd "A's connections reach the cap" wait_for 10 a_at_cap
read -r answered asked < <(ip netns exec "$b" python3 "$TMP/client.py" 100)
expect_eq "B answered every GETPORT during the flood" "100 100" \
	"$answered $asked"
expect_cmd "A holds no more than the cap" \
	test "$(ns_counter connections "$a")" -le $CAP
kill "$flood"
wait "$flood" 2>/dev/null

# Connections that stay idle are closed after the idle timeout.
cat >"$TMP/idle.py" <<'PY'
import socket, sys, time
conns = [socket.create_connection(("127.0.0.1", 111)) for _ in range(20)]
start, last = time.monotonic(), 0
for s in conns:
    s.settimeout(60)
    if s.recv(1) == b"":
        last = time.monotonic() - start
print("%.1f" % last)
PY
idle_secs=$(ip netns exec "$a" python3 "$TMP/idle.py")
echo "20 idle connections closed after $idle_secs s"
expect_cmd "idle connections are closed on time" \
	awk -v t="$idle_secs" -v i=$IDLE 'BEGIN { exit !(t >= i - 0.5 && t <= i + 2) }'
expect_cmd "the daemon is alive" kill -0 "$DAEMON_PID"
expect_match "B still answers" "ready and waiting" \
	"$(ip netns exec "$b" rpcinfo -u 127.0.0.1 100000 2 2>&1)"
stop_daemon

finish
