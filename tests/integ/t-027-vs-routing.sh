#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Two virtual servers (VS) in one namespace, told apart by policy routing
# alone: their addresses share a subnet, their clients share an address,
# and the way back to a client exists only in the routing table its VS's
# firewall mark selects.  Each client sees its own VS's view and reaches
# its own VS's server; every reply leaves through that VS's interface.
#
#   CA 10.8.0.1 -- 10.8.0.254 RA 10.9.0.254 -- a0 10.9.0.1 (VS A, mark 1) \
#                                                              S
#   CB 10.8.0.1 -- 10.8.0.254 RB 10.9.0.254 -- b0 10.9.0.2 (VS B, mark 2) /
#
# S's main table has no route to 10.8.0.0/24; tables 101 (via a0) and 102
# (via b0) have one each, chosen by `ip rule fwmark 1|2`.  The test first
# proves this without a daemon: an unmarked datagram to 10.8.0.1 gets
# ENETUNREACH, mark 1 reaches CA through a0, mark 2 CB through b0.
#
# The negative control, not run: rpcbind in S would serve both VS from
# one table (CB's `rpcinfo -p 10.9.0.2` would list A's registrations,
# and one program could not be registered differently in A and B), and
# its sockets carry no mark, so each of its replies would meet
# ENETUNREACH in S and no client would get any answer at all.  The daemon
# shows that failure itself below, once VS B is deleted: 10.9.0.2 is then
# served by the namespace's wildcard socket, unmarked, and CB hears
# nothing.
. "$(dirname "$0")/harness.sh"
integ_enter "$@"

R=$builddir/rpcbindns/rpcinfo-ns
client=$INTEG/tirpc-client
echo_client=$INTEG/vs-echo-client	# rpcgen's: GETADDR, then the call
S=${NS_PREFIX}s RA=${NS_PREFIX}ra RB=${NS_PREFIX}rb
CA=${NS_PREFIX}ca CB=${NS_PREFIX}cb
ECHO_PROG=536871065
NSWIDE_PROG=300100		# registered namespace-wide
A_ONLY_PROG=300200		# registered in VS A only
PORT_A=4001 PORT_B=4002 PORT_NS=4003	# the echo servers of A, B, S
UA_A=10.9.0.1.15.161 UA_B=10.9.0.2.15.162 UA_NS=0.0.0.0.15.163
PROBE_PORT=5000

# ---- the topology --------------------------------------------------------

# veth LEFT_NS LEFT_IF RIGHT_NS RIGHT_IF N: a pair with fixed MAC addresses
# (02:00:00:00:N:0 left, :1 right), no IPv6, both ends up.  No IPv6 and the
# static neighbours below keep S's interfaces silent but for the traffic
# the test makes, so their tx counters count replies.
veth() {
	ip link add "$2" netns "$1" address "02:00:00:00:$5:00" type veth \
		peer name "$4" netns "$3" address "02:00:00:00:$5:01" &&
	ip netns exec "$1" sysctl -qw "net.ipv6.conf.$2.disable_ipv6=1" &&
	ip netns exec "$3" sysctl -qw "net.ipv6.conf.$4.disable_ipv6=1" &&
	ip -n "$1" link set "$2" up &&
	ip -n "$3" link set "$4" up
}

# neigh NS IF ADDR MAC: a permanent neighbour, so that nobody ARPs
neigh() {
	ip -n "$1" neigh replace "$3" lladdr "$4" dev "$2" nud permanent
}

# router R R_IF_S R_IF_C CLIENT N S_IF S_ADDR: router R forwards between
# S (its R_IF_S faces S's S_IF, pair N) and CLIENT (behind R_IF_C, pair
# N + 2)
router() {
	local r=$1 sif=$2 rif=$3 cns=$4 n=$5 s_if=$6 s_addr=$7

	ip netns exec "$r" sysctl -qw net.ipv4.ip_forward=1
	ip -n "$r" addr add 10.9.0.254/24 dev "$sif"
	ip -n "$r" addr add 10.8.0.254/24 dev "$rif"
	ip -n "$cns" addr add 10.8.0.1/24 dev c0
	ip -n "$cns" route add default via 10.8.0.254
	neigh "$r" "$sif" "$s_addr" "02:00:00:00:$n:00"
	neigh "$r" "$rif" 10.8.0.1 "02:00:00:00:$((n + 2)):00"
	neigh "$cns" c0 10.8.0.254 "02:00:00:00:$((n + 2)):01"
	neigh "$S" "$s_if" 10.9.0.254 "02:00:00:00:$n:01"
}

for ns in $S $RA $RB $CA $CB; do
	ip netns add "$ns"
	ip -n "$ns" link set lo up
done
veth "$S" a0 "$RA" a1 10
veth "$S" b0 "$RB" b1 11
veth "$CA" c0 "$RA" c1 12
veth "$CB" c0 "$RB" c1 13
ip -n "$S" addr add 10.9.0.1/24 dev a0
ip -n "$S" addr add 10.9.0.2/24 dev b0
router "$RA" a1 c1 "$CA" 10 a0 10.9.0.1
router "$RB" b1 c1 "$CB" 11 b0 10.9.0.2
# Requests from 10.8.0.1 arrive on a0 and b0 with no route back in the
# main table: only rp_filter 0 lets them in.
for k in all default a0 b0; do
	ip netns exec "$S" sysctl -qw "net.ipv4.conf.$k.rp_filter=0"
done
ip -n "$S" route add 10.8.0.0/24 via 10.9.0.254 dev a0 table 101
ip -n "$S" route add 10.8.0.0/24 via 10.9.0.254 dev b0 table 102
ip -n "$S" rule add fwmark 1 lookup 101
ip -n "$S" rule add fwmark 2 lookup 102
# The echo servers are ordinary programs that set no mark: their replies
# find the way by their source address and port.  The rules name the port
# so that they never match port 111, whose replies must find the way by
# their mark alone (a rule "from 10.9.0.1" would route the portmapper's
# unmarked replies too, and hide a missing mark).
for p in $PORT_A $PORT_NS; do
	ip -n "$S" rule add from 10.9.0.1 sport "$p" lookup 101
done
for p in $PORT_B $PORT_NS; do
	ip -n "$S" rule add from 10.9.0.2 sport "$p" lookup 102
done

in_s() { ip netns exec "$S" "$@"; }
# a client command, bounded: a reply that cannot come back makes TCP
# retry for minutes
in_ca() { timeout -s KILL 10 ip netns exec "$CA" "$@"; }
in_cb() { timeout -s KILL 10 ip netns exec "$CB" "$@"; }

tx() { in_s cat "/sys/class/net/$1/statistics/tx_packets"; }
# tx_idle: "A B", the tx counters of a0 and b0 once two readings 0.2 s
# apart agree (a TCP connection's last FIN may leave after its client is
# done)
tx_idle() {
	local a b

	a="$(tx a0) $(tx b0)"
	for _ in $(seq 50); do
		sleep 0.2
		b="$(tx a0) $(tx b0)"
		[ "$a" = "$b" ] && break
		a=$b
	done
	echo "$a"
}
# tx_check WHAT BEFORE: the packets sent since BEFORE ("A B") went out
# through WHAT's interface (a0 or b0), and none through the other.  Called
# after a reply was received, so that the packets it counts have left.
tx_check() {
	local what=$1 a0 b0 da db

	read -r a0 b0 <<<"$2"
	read -r da db <<<"$(tx_idle)"
	da=$((da - a0)) db=$((db - b0))
	if [ "$what" = a0 ]; then
		expect_eq "$3: replies left through a0 ($da), none through b0" \
			"yes 0" "$([ "$da" -gt 0 ] && echo yes) $db"
	else
		expect_eq "$3: replies left through b0 ($db), none through a0" \
			"yes 0" "$([ "$db" -gt 0 ] && echo yes) $da"
	fi
}

# ---- without a daemon: the routing itself ----------------------------------

# send_marked MARK PAYLOAD: a datagram from S to 10.8.0.1 with SO_MARK MARK
# (0: none); prints "sent" or the errno's name
send_marked() {
	in_s python3 -c '
import errno, socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
if int(sys.argv[1]):
    s.setsockopt(socket.SOL_SOCKET, socket.SO_MARK, int(sys.argv[1]))
try:
    s.sendto(sys.argv[2].encode(), ("10.8.0.1", int(sys.argv[3])))
    print("sent")
except OSError as e:
    print(errno.errorcode[e.errno])' "$1" "$2" "$PROBE_PORT"
}

# receive NS FILE: a listener on 10.8.0.1 in NS that writes the first
# datagram it gets to FILE as "PAYLOAD from SOURCE"
receive() {
	start_bg ip netns exec "$1" python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("10.8.0.1", int(sys.argv[2])))
data, src = s.recvfrom(100)
with open(sys.argv[1], "w") as f:
    f.write("%s from %s\n" % (data.decode(), src[0]))' "$2" "$PROBE_PORT"
}

receive "$CA" "$TMP/ca.got"
receive "$CB" "$TMP/cb.got"
for ns in $CA $CB; do
	wait_for 5 sh -c "ip netns exec $ns ss -lnu | grep -q ':$PROBE_PORT '"
done
before=$(tx_idle)
expect_eq "no mark: no route from S to the clients" ENETUNREACH \
	"$(send_marked 0 unmarked)"
expect_eq "mark 1: sent" sent "$(send_marked 1 to-A)"
expect_cmd "mark 1: CA received it" wait_for 5 test -s "$TMP/ca.got"
expect_eq "mark 1: from 10.9.0.1, the address of a0" "to-A from 10.9.0.1" \
	"$(cat "$TMP/ca.got")"
tx_check a0 "$before" "mark 1"
before=$(tx_idle)
expect_eq "mark 2: sent" sent "$(send_marked 2 to-B)"
expect_cmd "mark 2: CB received it" wait_for 5 test -s "$TMP/cb.got"
expect_eq "mark 2: from 10.9.0.2, the address of b0" "to-B from 10.9.0.2" \
	"$(cat "$TMP/cb.got")"
tx_check b0 "$before" "mark 2"

# The echo servers: A's and B's on their VS's address, one for the whole
# namespace on the wildcard address (libtirpc answers from the address a
# call came to, so the rules above apply to it too).
start_bg ip netns exec "$S" "$INTEG/vs-echo-server" A 10.9.0.1 $PORT_A
start_bg ip netns exec "$S" "$INTEG/vs-echo-server" B 10.9.0.2 $PORT_B
start_bg ip netns exec "$S" "$INTEG/vs-echo-server" ns 0.0.0.0 $PORT_NS
for p in $PORT_A $PORT_B $PORT_NS; do
	wait_for 5 sh -c "ip netns exec $S ss -lnt | grep -q ':$p '"
done

# echo_direct NS ADDR PORT: an ECHO("hello") call over UDP from NS straight
# to ADDR:PORT, no portmapper asked (rpcinfo -n asks it all the same);
# prints the answer or NO_REPLY
echo_direct() {
	ip netns exec "$1" python3 -c '
import random, socket, struct, sys
xid = random.getrandbits(32)
call = struct.pack(">10I", xid, 0, 2, int(sys.argv[3]), 1, 1, 0, 0, 0, 0)
call += struct.pack(">I", 5) + b"hello\0\0\0"
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(3)
s.sendto(call, (sys.argv[1], int(sys.argv[2])))
try:
    r = s.recv(2000)
except socket.timeout:
    sys.exit(print("NO_REPLY"))
# xid, REPLY, MSG_ACCEPTED, AUTH_NONE verifier, SUCCESS, then the string
ok = r[:4] == call[:4] and struct.unpack(">5I", r[4:24]) == (1, 0, 0, 0, 0)
n = struct.unpack(">I", r[24:28])[0] if ok else 0
print(r[28:28 + n].decode() if ok else "BAD_REPLY")' "$2" "$3" "$ECHO_PROG"
}
before=$(tx_idle)
expect_eq "CA reaches A's server, no portmapper asked" "A: hello" \
	"$(echo_direct "$CA" 10.9.0.1 $PORT_A)"
tx_check a0 "$before" "A's server"
before=$(tx_idle)
expect_eq "CB reaches B's server, no portmapper asked" "B: hello" \
	"$(echo_direct "$CB" 10.9.0.2 $PORT_B)"
tx_check b0 "$before" "B's server"
expect_eq "CA reaches the namespace's server at 10.9.0.1" "ns: hello" \
	"$(echo_direct "$CA" 10.9.0.1 $PORT_NS)"
expect_eq "CB reaches the namespace's server at 10.9.0.2" "ns: hello" \
	"$(echo_direct "$CB" 10.9.0.2 $PORT_NS)"

# ---- the daemon ----------------------------------------------------------

# VS A and B from the file; B is deleted and added again at run time
# further down.  The daemon runs in the test's namespace and serves S as
# one of the namespaces it finds.
cat >"$TMP/rpcbindns.conf" <<CONF
vs A netns $S mark 1 address 10.9.0.1
vs B netns $S mark 0x2 address 10.9.0.2
CONF
start_daemon --config "$TMP/rpcbindns.conf" || exit 1
for a in 10.9.0.1 10.9.0.2; do
	expect_cmd "S serves $a:111 (udp)" wait_for 5 sh -c \
		"ip netns exec $S ss -lnu | grep -q '$a:111 '"
	expect_cmd "S serves $a:111 (tcp)" wait_for 5 sh -c \
		"ip netns exec $S ss -lnt | grep -q '$a:111 '"
done
out=$($R -N "$S" --vs-list 2>&1)
expect_match "--vs-list: A, from the file" \
	"(^|[[:space:]])A[[:space:]].*10\.9\.0\.1" "$out"
expect_match "--vs-list: B, from the file" \
	"(^|[[:space:]])B[[:space:]].*10\.9\.0\.2" "$out"

# Namespace-wide: a program seen in every view, and the echo service at
# the namespace's server, which each VS's own registration shadows.  (Over
# AF_LOCAL from S: view 0.)
expect_eq "namespace-wide SET of $NSWIDE_PROG" true \
	"$(in_s $client set $NSWIDE_PROG 1 udp 0.0.0.0.8.1)"
for n in udp tcp; do
	expect_eq "namespace-wide SET of echo/$n" true \
		"$(in_s $client set $ECHO_PROG 1 $n $UA_NS)"
done
# register VS UADDR NETID PROG: through the admin interface, in the VS
register() {
	expect_cmd "register $4/$3 at $2 in VS $1" \
		"$R" -N "$S" --vs "$1" --set "$2" -T "$3" "$4" 1
}
for n in udp tcp; do
	register A "${UA_A}" $n $ECHO_PROG
	register B "${UA_B}" $n $ECHO_PROG
done
register A 10.9.0.1.8.2 udp $A_ONLY_PROG

# check_client NS ADDR TAG PORT OTHER_PORT IF: what the client in NS sees
# at ADDR, its VS's address: its own server (TAG at PORT), never the other
# VS's (OTHER_PORT) nor the shadowed namespace-wide one, and every reply
# through IF.
check_client() {
	local ns=$1 addr=$2 tag=$3 port=$4 other=$5 ifc=$6 who before out
	local run="timeout -s KILL 10 ip netns exec $ns"

	who=${ns#"$NS_PREFIX"}
	before=$(tx_idle)
	out=$($run rpcinfo -p "$addr" 2>&1)
	expect_match "$who: rpcinfo -p $addr lists VS $tag's echo" \
		"^ *$ECHO_PROG +1 +udp +$port( |$)" "$out"
	expect_no_match "$who: and no other echo" \
		"^ *$ECHO_PROG +1 +(udp|tcp) +($other|$PORT_NS)( |$)" "$out"
	expect_match "$who: and the namespace-wide $NSWIDE_PROG" \
		"^ *$NSWIDE_PROG +1 +udp +2049( |$)" "$out"
	expect_match "$who: rpcinfo -T udp $addr: GETADDR, then the server" \
		"program $ECHO_PROG version 1 ready and waiting" \
		"$($run rpcinfo -T udp "$addr" $ECHO_PROG 1 2>&1)"
	expect_eq "$who: GETADDR at $addr" \
		"$addr.$((port / 256)).$((port % 256))" \
		"$($run "$client" getaddr "$addr" $ECHO_PROG 1 udp 2>&1)"
	expect_eq "$who: GETPORT at $addr" "$port" \
		"$($run "$client" getport "$addr" $ECHO_PROG 1 17 2>&1)"
	for n in udp tcp; do
		expect_eq "$who: rpcgen's echo call over $n reaches $tag's server" \
			"$tag: hello" \
			"$($run "$echo_client" "$addr" $n hello 2>&1)"
	done
	tx_check "$ifc" "$before" "$who"
}
check_client "$CA" 10.9.0.1 A $PORT_A $PORT_B a0
check_client "$CB" 10.9.0.2 B $PORT_B $PORT_A b0
expect_no_match "A's own $A_ONLY_PROG is not in B's view" \
	"^ *$A_ONLY_PROG " "$(in_cb rpcinfo -p 10.9.0.2 2>&1)"
expect_match "(it is in A's)" "^ *$A_ONLY_PROG " \
	"$(in_ca rpcinfo -p 10.9.0.1 2>&1)"
expect_eq "rpcinfo-ns --vs A -p: the view CA sees" \
	"$(in_ca rpcinfo -p 10.9.0.1 2>&1)" "$($R -N "$S" --vs A -p 2>&1)"
expect_eq "rpcinfo-ns --vs B -p: the view CB sees" \
	"$(in_cb rpcinfo -p 10.9.0.2 2>&1)" "$($R -N "$S" --vs B -p 2>&1)"

# View 0 in S: loopback and AF_LOCAL callers.  Its DUMP lists every VS's
# entries; its lookups see the namespace-wide ones only.
for how in "rpcinfo -p 127.0.0.1" "rpcinfo"; do
	out=$(in_s $how 2>&1)
	for p in $A_ONLY_PROG $ECHO_PROG $NSWIDE_PROG; do
		expect_match "S, $how: lists $p" "^ *$p " "$out"
	done
done
expect_eq "S, loopback: A's and B's echo in DUMP, and the namespace's" \
	"$PORT_A $PORT_B $PORT_NS" \
	"$(in_s rpcinfo -p 127.0.0.1 | awk -v p=$ECHO_PROG \
		'$1 == p && $3 == "udp" { print $4 }' | sort -n | xargs)"
expect_eq "S, loopback GETPORT: the namespace-wide echo" $PORT_NS \
	"$(in_s $client getport 127.0.0.1 $ECHO_PROG 1 17)"

# Changes in A never show in B.  CA seeing each change is the event that
# CB's check waits for.
register A 10.9.0.1.8.3 udp 300201
register B 10.9.0.2.8.4 udp 300202
expect_match "A's new 300201 shows to CA" "^ *300201 " \
	"$(in_ca rpcinfo -p 10.9.0.1 2>&1)"
expect_no_match "not to CB" "^ *300201 " "$(in_cb rpcinfo -p 10.9.0.2 2>&1)"
expect_cmd "unregister 300202 from B" "$R" -N "$S" --vs B -d 300202 1
expect_no_match "B's 300202 is gone for CB" "^ *300202 " \
	"$(in_cb rpcinfo -p 10.9.0.2 2>&1)"
register B 10.9.0.2.8.4 udp 300201
expect_cmd "unregister 300201 from A" "$R" -N "$S" --vs A -d 300201 1
expect_no_match "A's 300201 is gone for CA" "^ *300201 " \
	"$(in_ca rpcinfo -p 10.9.0.1 2>&1)"
expect_match "B's 300201 stays" "^ *300201 +1 +udp +2052( |$)" \
	"$(in_cb rpcinfo -p 10.9.0.2 2>&1)"
# An UNSET from view 0 removes namespace-wide entries only.
expect_eq "S: rpcb_unset of echo over AF_LOCAL" true \
	"$(in_s $client unset $ECHO_PROG 1)"
expect_eq "S, loopback: only A's and B's echo are left" "$PORT_A $PORT_B" \
	"$(in_s rpcinfo -p 127.0.0.1 | awk -v p=$ECHO_PROG \
		'$1 == p && $3 == "udp" { print $4 }' | sort -n | xargs)"
expect_eq "CA still reaches A's server" "A: hello" \
	"$(in_ca "$echo_client" 10.9.0.1 udp hello 2>&1)"
expect_eq "CB still reaches B's server" "B: hello" \
	"$(in_cb "$echo_client" 10.9.0.2 udp hello 2>&1)"
for n in udp tcp; do
	in_s $client set $ECHO_PROG 1 $n $UA_NS >/dev/null
done

# Deleting B drops B's view and nothing else.  The positive events: the
# admin call's answer, the list and the namespace's DUMP without B.
expect_cmd "--vs-del B" "$R" -N "$S" --vs-del B
expect_no_match "--vs-list: no B" "(^|[[:space:]])B[[:space:]]" \
	"$($R -N "$S" --vs-list 2>&1)"
expect_match "--vs-list: A stays" "(^|[[:space:]])A[[:space:]]" \
	"$($R -N "$S" --vs-list 2>&1)"
out=$(in_s rpcinfo -p 127.0.0.1 2>&1)
expect_no_match "S: B's registrations are gone" \
	"^ *($ECHO_PROG +1 +(udp|tcp) +$PORT_B|300201)( |$)" "$out"
expect_match "S: A's stay" "^ *$ECHO_PROG +1 +udp +$PORT_A( |$)" "$out"
expect_match "S: the namespace-wide echo stays" \
	"^ *$ECHO_PROG +1 +udp +$PORT_NS( |$)" "$out"
expect_match "S: the namespace-wide $NSWIDE_PROG stays" \
	"^ *$NSWIDE_PROG " "$out"
expect_cmd "S: 10.9.0.2:111 is closed" wait_for 5 sh -c \
	"! ip netns exec $S ss -lnu | grep -q '10.9.0.2:111 '"
before=$(tx_idle)
expect_eq "CA still reaches A's server through A's view" "A: hello" \
	"$(in_ca "$echo_client" 10.9.0.1 tcp hello 2>&1)"
tx_check a0 "$before" "CA after B's deletion"
# rpcbind's fate: the wildcard socket answers 10.9.0.2 unmarked, and the
# answer has no way back to CB.
expect_eq "CB's GETPORT at 10.9.0.2 now gets no answer" NO_REPLY \
	"$(in_cb python3 "$srcdir/tests/integ/rpccall.py" --timeout 2 \
		10.9.0.2 2 3 u:$NSWIDE_PROG u:1 u:17 u:0)"

# B again, at run time: an empty view over the namespace-wide entries.
expect_cmd "--vs-add B" "$R" -N "$S" --vs-add B --mark 2 10.9.0.2
expect_cmd "S serves 10.9.0.2:111 again" wait_for 5 sh -c \
	"ip netns exec $S ss -lnu | grep -q '10.9.0.2:111 '"
out=$(in_cb rpcinfo -p 10.9.0.2 2>&1)
expect_match "CB: the namespace-wide echo" \
	"^ *$ECHO_PROG +1 +udp +$PORT_NS( |$)" "$out"
expect_no_match "CB: nothing of the old B, nothing of A" \
	"^ *($ECHO_PROG +1 +(udp|tcp) +($PORT_A|$PORT_B)|$A_ONLY_PROG|300201)( |$)" \
	"$out"
expect_eq "CB: GETADDR merges with B's address" "10.9.0.2.15.163" \
	"$(in_cb "$client" getaddr 10.9.0.2 $ECHO_PROG 1 udp 2>&1)"
expect_eq "CB: the echo call reaches the namespace's server" "ns: hello" \
	"$(in_cb "$echo_client" 10.9.0.2 udp hello 2>&1)"
register B "$UA_B" udp $ECHO_PROG
expect_eq "CB: B's echo shadows it again" "B: hello" \
	"$(in_cb "$echo_client" 10.9.0.2 udp hello 2>&1)"

# A reload keeps A (from the file) and B (added at run time) with their
# registrations.
expect_cmd "SIGHUP" reload_daemon
expect_eq "after the reload CA reaches A's server" "A: hello" \
	"$(in_ca "$echo_client" 10.9.0.1 udp hello 2>&1)"
expect_eq "and CB B's" "B: hello" \
	"$(in_cb "$echo_client" 10.9.0.2 udp hello 2>&1)"
stop_daemon

finish
