#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# ci.sh - build without sanitizers (-O2 -g, as a distribution would) in
# build-plain/ at the top of the source tree, and run against it the tests
# that need such a build: the daemon under valgrind (which cannot run ASan
# binaries), and a few others that see the daemon as shipped; then the
# benchmark's smoke run (bench/run.sh SMOKE=1).  The logs stay in
# build-plain/build/tests/integ/.  Exits non-zero if the build fails or a
# test fails or skips, or a benchmark row prints no number.  Needs root,
# valgrind, rpcbind, perl and the usual build and test dependencies.
set -eu

src=$(cd "$(dirname "$0")/../.." && pwd)
top=$src/build-plain
# t-024 runs the daemon under valgrind; the others run it as shipped, with
# the engine's syscall filter enforced (sanitizer builds and valgrind only
# log what it refuses), t-018 checking the engine's privileges.
TESTS="tests/integ/t-001-basic.sh tests/integ/t-018-privsep.sh
	tests/integ/t-024-valgrind-churn.sh tests/integ/t-102-hotplug.sh"

rm -rf "$top"
mkdir -p "$top/src" "$top/build"
# Build from a copy: a source tree configured in place would stop an
# out-of-tree build.
if git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
	(cd "$src" && git ls-files -z | xargs -0 cp --parents -t "$top/src")
else
	tar -C "$src" --exclude=./build-plain -cf - . | tar -C "$top/src" -xf -
	[ ! -f "$top/src/Makefile" ] || make -C "$top/src" distclean >/dev/null
fi
# Quiet unless it fails.
quiet() {
	"$@" >"$top/out" 2>&1 || { cat "$top/out" >&2; return 1; }
}
(cd "$top/src" && quiet autoreconf -fi)
cd "$top/build"
quiet "$top/src/configure" --enable-werror CFLAGS="-O2 -g"
# An empty TESTS: the test programs built, no test run yet.
quiet make -j"$(nproc)" check TESTS=
# CI=true: a test that cannot run fails instead of skipping.
CI=true make -j1 check TESTS="$TESTS" || {
	cat test-suite.log >&2
	exit 1
}
# The benchmark entry point, every row very briefly (about 80 s), so that
# it does not rot: it fails if a row prints no number.  Targets are not
# checked here; the full run stays out of CI.
quiet env SMOKE=1 RPCBINDNS="$top/build/rpcbindns/rpcbindns" \
	"$src/bench/run.sh"
