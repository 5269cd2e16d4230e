#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# run.sh SECONDS [TARGET...] - run each libFuzzer harness (all by default)
# for SECONDS and print, per target: executions, exec/s, coverage (cov:
# edges, ft: features), corpus size and crashes.  Exits 1 if any target
# crashed (its input is left in $FUZZ_WORK/artifacts), 2 on usage errors.
#
# Run it from the top of a tree configured with --enable-fuzzing and built.
# $FUZZ_WORK (default tests/fuzz/work) keeps the seeds, written afresh by
# tests/fuzz/seeds, and each target's corpus, which grows from run to run.
# Extra libFuzzer options may come in $FUZZ_FLAGS (e.g. -jobs=2).
set -eu

ALL="fuzz_admin fuzz_dispatch fuzz_ipc fuzz_mountinfo fuzz_recmark fuzz_rtnl fuzz_state"
[ $# -ge 1 ] || { echo "usage: $0 SECONDS [TARGET...]" >&2; exit 2; }
secs=$1
shift
[ $# -ge 1 ] || set -- $ALL
work=${FUZZ_WORK:-tests/fuzz/work}

mkdir -p "$work"
tests/fuzz/seeds "$work/seeds"
mkdir -p "$work/artifacts"
crashed=0
printf '%-16s %12s %8s %7s %7s %12s %s\n' target execs exec/s cov ft \
	corpus crashes
for t in "$@"; do
	bin=tests/fuzz/$t
	[ -x "$bin" ] || { echo "$0: no $bin (--enable-fuzzing?)" >&2; exit 2; }
	mkdir -p "$work/corpus/$t"
	log=$work/$t.log
	rc=0
	# -close_fd_mask=3: the daemon's own logging is noise; libFuzzer and
	# the sanitizers still report on the original stderr (the log).
	# shellcheck disable=SC2086
	"$bin" -max_total_time="$secs" -print_final_stats=1 \
		-close_fd_mask=3 -artifact_prefix="$work/artifacts/$t-" \
		${FUZZ_FLAGS:-} "$work/corpus/$t" "$work/seeds/$t" \
		>"$log" 2>&1 || rc=$?
	last=$(grep -E '^#[0-9]+.*cov:' "$log" | tail -n 1)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
	ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
	corp=$(echo "$last" | sed -n 's/.* corp: \([^ ]*\).*/\1/p')
	crashes=$(find "$work/artifacts" -name "$t-*" | wc -l)
	if [ "$rc" -ne 0 ] || [ "$crashes" -ne 0 ]; then
		crashed=1
		crashes="$crashes (exit $rc, see $log)"
		tail -n 40 "$log" >&2
	fi
	printf '%-16s %12s %8s %7s %7s %12s %s\n' "$t" "${execs:-?}" \
		"${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$crashes"
done
exit $crashed
