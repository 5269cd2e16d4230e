# SPDX-License-Identifier: BSD-3-Clause
#
# lib.sh - what the benchmarks share.  getport.sh, churn.sh and flood.sh
# set BENCH (their name) and BENCH_DIR, then source this.

die() {
	echo "$BENCH: $*" >&2
	exit 1
}

median() {
	sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# ---- inside the private namespace ------------------------------------------

# A /run of its own, lo up, and rpcbind's state directory as its user
# wants it.
private_run() {
	mount -t tmpfs -o mode=0755 tmpfs /run
	ip link set lo up
	mkdir -p /run/rpcbind
	chown _rpc /run/rpcbind
}

# ---- outside ----------------------------------------------------------------

TMP=
CHILD=

# The inner run (CHILD) and the temporary directory go at exit.
cleanup() {
	if [ -n "$CHILD" ]; then
		kill "$CHILD" 2>/dev/null || true
		wait "$CHILD" 2>/dev/null || true
	fi
	[ -n "$TMP" ] && rm -rf "$TMP"
}

# start_outside: root, two CPUs and DURATION in range, or die; then the
# traps and $TMP.
start_outside() {
	[ "$(id -u)" = 0 ] || die "must run as root"
	[ "$(nproc)" -ge 2 ] || die "needs two CPUs"
	[ "$DURATION" -ge 1 ] && [ "$DURATION" -le 30 ] || die "DURATION: 1..30"
	trap cleanup EXIT
	trap 'exit 1' INT TERM HUP
	TMP=$(mktemp -d "/tmp/$BENCH-bench.XXXXXX")
	chmod 0755 "$TMP"
}

# build NAME: bench/NAME if built and up to date, else compiled into $TMP
build() {
	local bin=$BENCH_DIR/$1

	if [ ! -x "$bin" ] || [ "$BENCH_DIR/$1.c" -nt "$bin" ]; then
		bin=$TMP/$1
		gcc -std=c11 -O2 -Wall -Wextra -o "$bin" "$BENCH_DIR/$1.c" ||
			die "cannot build $1"
	fi
	echo "$bin"
}

# header TEXT...: the first line of a run, the machine and TEXT
header() {
	echo "# $(date -u '+%F %T UTC'), $(uname -r)," \
		"$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)," \
		"$(nproc) CPUs; $*"
}
