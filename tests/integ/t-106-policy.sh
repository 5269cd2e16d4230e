#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Which namespaces are served: nsfs mounts outside /run/netns (the way
# container engines keep them), --netns for one the policy would skip,
# and the allow/deny patterns of the command line and the config file.
. "$(dirname "$0")/harness.sh"
integ_enter "$@"

serves() {
	nsenter --net="$1" ss -lnup 2>/dev/null | grep -q rpcbindns
}

mkdir -p /run/docker/netns
for n in web1 web2 db1; do
	ip netns add "${NS_PREFIX}$n"
done
# A container engine's namespace: a bind mount of a process's namespace.
start_bg unshare -n sleep 60
holder=$LAST_PID
wait_for 5 sh -c "[ \$(readlink /proc/$holder/ns/net) != \$(readlink /proc/self/ns/net) ]"
touch /run/docker/netns/c0ffee
mount --bind "/proc/$holder/ns/net" /run/docker/netns/c0ffee

cat >"$TMP/rpcbindns.conf" <<CONF
# only the web tier and the containers
netns-allow ${NS_PREFIX}web*
netns-allow c0ffee
netns-deny ${NS_PREFIX}web2   # but not this one
CONF
chmod 755 "$TMP"		# read again as _rpc on SIGHUP
start_daemon --config "$TMP/rpcbindns.conf" \
	--netns "${NS_PREFIX}db1" || exit 1
run=/run/netns/$NS_PREFIX
expect_cmd "allowed by pattern: web1" wait_for 5 serves "${run}web1"
expect_fail "denied (deny wins): web2" serves "${run}web2"
expect_cmd "not allowed, but asked for with --netns: db1" serves "${run}db1"
expect_cmd "a mount outside /run/netns is found: c0ffee" \
	serves /run/docker/netns/c0ffee
expect_match "and named by its path" \
	"ns '/run/docker/netns/c0ffee' \(cookie [0-9]+\): serving" \
	"$(cat "$TMP/daemon.log")"

# A new mount appears while running; a config change takes effect on HUP.
touch /run/docker/netns/beef
start_bg unshare -n sleep 60
holder2=$LAST_PID
wait_for 5 sh -c "[ \$(readlink /proc/$holder2/ns/net) != \$(readlink /proc/self/ns/net) ]"
sed -i 's/^netns-allow c0ffee/netns-allow c0ffee\nnetns-allow beef/' \
	"$TMP/rpcbindns.conf"
mount --bind "/proc/$holder2/ns/net" /run/docker/netns/beef
expect_cmd "a namespace the policy allows, added after the mount, is served" \
	add_marker "${NS_PREFIX}web3"
expect_fail "so a rescan saw the mount; the policy does not allow it yet" \
	serves /run/docker/netns/beef
kill -HUP "$DAEMON_PID"
expect_cmd "after SIGHUP the new config allows it" wait_for 5 \
	serves /run/docker/netns/beef
# The process first: nothing but the unmount triggers the rescan after.
kill "$holder"
wait "$holder" 2>/dev/null
umount /run/docker/netns/c0ffee
expect_cmd "its mount gone and its process too: let go" wait_for 5 \
	grep -q "ns '/run/docker/netns/c0ffee' (cookie [0-9]*): no longer" \
	"$TMP/daemon.log"
sed -i "s/^netns-deny .*/netns-deny ${NS_PREFIX}web*/" "$TMP/rpcbindns.conf"
kill -HUP "$DAEMON_PID"
expect_cmd "a reload whose policy no longer admits web1 lets it go" \
	wait_for 5 sh -c "! nsenter --net=${run}web1 ss -lnup | grep -q rpcbindns"
expect_cmd "but db1 (--netns) stays" serves "${run}db1"
echo "bad line" >>"$TMP/rpcbindns.conf"
expect_cmd "a reload with a bad config line is done" reload_daemon
expect_match "the bad line is reported" \
	"rpcbindns.conf:[0-9]+: not understood" "$(cat "$TMP/daemon.log")"
expect_match "and the policy in force is kept" \
	"keeping the namespace policy in force" "$(cat "$TMP/daemon.log")"
expect_fail "so web2 is still not served" serves "${run}web2"
expect_fail "nor web1" serves "${run}web1"
umount /run/docker/netns/beef
stop_daemon

start_daemon --host-only || exit 1
expect_eq "--host-only: up, serving the host alone" \
	"rpcbindns: serving 1 namespace(s)" \
	"$(grep 'serving [0-9]* namespace(s)' "$TMP/daemon.log" | tail -n 1)"
expect_fail "and nothing else" serves "${run}web1"
stop_daemon

finish
