#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# ci.sh [SECONDS] - build the libFuzzer harnesses with clang in a scratch
# directory and run each for SECONDS (default 20).  Exits non-zero if the
# build fails or any harness crashed.  Needs clang and its libFuzzer
# runtime (Debian 12: clang libclang-rt-14-dev) besides the usual
# build dependencies.
set -eu

secs=${1:-20}
src=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rpcbindns-fuzz.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/src" "$tmp/build"

# Build from a copy: a source tree configured in place would stop an
# out-of-tree build.
if git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
	(cd "$src" && git ls-files -z | xargs -0 cp --parents -t "$tmp/src")
else
	cp -a "$src/." "$tmp/src"
	[ ! -f "$tmp/src/Makefile" ] || make -C "$tmp/src" distclean >/dev/null
fi
# Quiet unless it fails: clang warns about libmnl's macros.
quiet() {
	"$@" >"$tmp/out" 2>&1 || { cat "$tmp/out" >&2; return 1; }
}
(cd "$tmp/src" && quiet autoreconf -fi)
cd "$tmp/build"
quiet "$tmp/src/configure" CC=clang --enable-fuzzing
quiet make -j"$(nproc)"
"$tmp/src/tests/fuzz/run.sh" "$secs"
