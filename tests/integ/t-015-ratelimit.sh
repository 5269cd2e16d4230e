#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Response rate limiting: a non-local UDP source gets at most
# --udp-rate-limit reply bytes per second, so a forged source cannot turn
# a 40-byte DUMP into kilobytes a hundred times a second; the excess is
# counted; local callers are never limited; rpcinfo from the peer still
# works.
. "$(dirname "$0")/harness.sh"
integ_enter "$@"

peer=${NS_PREFIX}peer
LIMIT=9000

make_peer "$peer" rbr0 10.9.6.1/24 10.9.6.2/24

start_daemon --udp-rate-limit $LIMIT || exit 1
for p in $(seq 300100 300149); do
	$INTEG/tirpc-client set "$p" 1 udp 0.0.0.0.8.1 >/dev/null
done

# flood HOST N: N RPCBIND v3 DUMPs as fast as they go, then what came
# back within a second of the first: "REPLIES BYTES SECONDS".
cat >"$TMP/flood.py" <<'PY'
import socket, struct, sys, time
host, n = sys.argv[1], int(sys.argv[2])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, getattr(socket, "SO_RCVBUFFORCE", 33), 1 << 22)
start = time.monotonic()
for xid in range(n):
    s.sendto(struct.pack(">10I", xid, 0, 2, 100000, 3, 4, 0, 0, 0, 0),
             (host, 111))
replies = size = 0
s.settimeout(0.2)
while time.monotonic() - start < 1:
    try:
        size += len(s.recv(65536))
        replies += 1
    except socket.timeout:
        pass
print(replies, size, "%.3f" % (time.monotonic() - start))
PY

read -r replies bytes secs < <(ip netns exec "$peer" python3 "$TMP/flood.py" 10.9.6.1 100)
echo "non-local: 100 DUMPs (4000 bytes) -> $replies replies, $bytes bytes in ${secs} s"
expect_cmd "a non-local source got some answers" test "$replies" -gt 0
expect_cmd "and no more than its budget for the time" \
	awk -v b="$bytes" -v s="$secs" -v l=$LIMIT 'BEGIN { exit !(b > 0 && b <= l * (1 + s)) }'
expect_cmd "the replies not sent were counted" \
	test "$(ns_counter rate_limited)" -ge $((100 - replies))

read -r replies bytes secs < <(python3 "$TMP/flood.py" 127.0.0.1 100)
echo "local: 100 DUMPs -> $replies replies, $bytes bytes"
expect_eq "a local caller is never limited" 100 "$replies"

# A second later the budget is back: rpcinfo from the peer works.
sleep 1
expect_match "rpcinfo -p from the peer" "300149 +1 +udp" \
	"$(ip netns exec "$peer" rpcinfo -p 10.9.6.1 2>&1)"
expect_match "rpcinfo (v3/v4 DUMP) from the peer" "300149 +1 +udp" \
	"$(ip netns exec "$peer" rpcinfo 10.9.6.1 2>&1)"
expect_match "rpcinfo -T udp from the peer" "ready and waiting" \
	"$(ip netns exec "$peer" rpcinfo -T udp 10.9.6.1 100000 3 2>&1)"
stop_daemon

finish
