#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# libportmap.so's ABI is the client API and nothing else: every symbol it
# exports is pm_client_* (version LIBPORTMAP_1, or LIBPORTMAP_1.1 / 1.2
# for those added since, whose old ones keep theirs), none of the core's
# (pm_table_*, pm_proc_*, pm_rmtcall_*, pm_netns_* ...) is; portmap.h,
# copied alone into an empty directory, compiles in a strict C file that
# calls every public function, links against the .so with
# -Wl,--no-undefined, and runs.
. "$(dirname "$0")/harness.sh"
integ_enter "$@"

SO=$builddir/libportmap/.libs/libportmap.so
CC=${CC:-cc}

if [ ! -f "$SO" ]; then
	not_ok "libportmap.so is built ($SO)"
	finish
	exit
fi

nm -D --defined-only "$SO" >"$TMP/nm" 2>&1
syms=$(awk '$2 != "A" { print $3 }' "$TMP/nm" | sort)
expect_eq "the version nodes are LIBPORTMAP_1, 1.1 and 1.2" \
	"LIBPORTMAP_1 LIBPORTMAP_1.1 LIBPORTMAP_1.2" \
	"$(awk '$2 == "A" { print $3 }' "$TMP/nm" | sort | xargs)"
expect_match "libportmap.so exports pm_client_open, as of 1" \
	'^pm_client_open@@LIBPORTMAP_1$' "$syms"
expect_eq "pm_client_limits is the one of 1.1" "pm_client_limits" \
	"$(printf '%s\n' "$syms" | sed -n 's/@@LIBPORTMAP_1\.1$//p')"
expect_eq "the virtual server calls are those of 1.2" \
	"pm_client_entries pm_client_vs_add pm_client_vs_call pm_client_vs_del pm_client_vs_dump pm_client_vs_getaddr pm_client_vs_list pm_client_vs_set pm_client_vs_unset" \
	"$(printf '%s\n' "$syms" | sed -n 's/@@LIBPORTMAP_1\.2$//p' | xargs)"
expect_eq "every exported symbol is pm_client_*@@LIBPORTMAP_1, 1.1 or 1.2" "" \
	"$(printf '%s\n' "$syms" |
	   grep -Ev '^pm_client_[a-z_]+@@LIBPORTMAP_1(\.[12])?$')"
for core in pm_table_new pm_table_add pm_proc_dispatch \
	pm_rmtcall_encode_call pm_netns_id pm_netns_open pm_ns_find \
	pm_codec_ pm_uaddr_ pm_strerror pm_ns_resolve; do
	expect_eq "core or old symbol $core is not exported" "" \
		"$(printf '%s\n' "$syms" | grep "^$core")"
done

# The header alone: nothing else of the source tree is reachable.
mkdir -p "$TMP/include"
cp "$srcdir/libportmap/portmap.h" "$TMP/include/"
expect_eq "portmap.h includes no project header" "" \
	"$(grep '#include "' "$TMP/include/portmap.h")"
expect_eq "portmap.h declares no core type or call" "" \
	"$(grep -E 'pm_(table|caller|ifaddr|policy|limits|rmtcall|proc)' \
		"$TMP/include/portmap.h")"

cat >"$TMP/user.c" <<'EOF'
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <portmap.h>

static int count(const struct pm_client_entry *e, void *data)
{
	(void)e;
	++*(int *)data;
	return 0;
}

int main(int argc, char **argv)
{
	struct pm_client *c = NULL;
	struct pm_client_status st;
	struct pm_client_limits lim;
	struct pm_client_ns_info *v = NULL;
	struct pm_client_vs_info *vs = NULL;
	const char *addrs[] = { "192.0.2.1" };
	char uaddr[PM_CLIENT_UADDR_MAX], reply[64];
	size_t n = 0;
	uint64_t ns = 0;
	int r, seen = 0;

	(void)argc;
	/* Linked, not run: the daemon is not there. */
	if (argc > 2) {
		pm_client_status(c, &st);
		pm_client_limits(c, &lim);
		pm_client_list(c, &v, &n);
		pm_client_attach(c, "x", &ns);
		pm_client_detach(c, "x");
		pm_client_set(c, ns, 1, 1, "tcp", "0.0.0.0.0.1");
		pm_client_unset(c, ns, 1, 1, NULL);
		pm_client_getaddr(c, ns, 1, 1, "tcp", uaddr, sizeof(uaddr));
		pm_client_dump(c, ns, count, &seen);
		pm_client_call(c, ns, "", 0, reply, sizeof(reply));
		pm_client_vs_add(c, ns, "a", 1, addrs, 1);
		pm_client_vs_del(c, ns, "a");
		pm_client_vs_list(c, ns, &vs, &n);
		pm_client_vs_set(c, ns, "a", 1, 1, "tcp", "0.0.0.0.0.1");
		pm_client_vs_unset(c, ns, "a", 1, 1, NULL);
		pm_client_vs_getaddr(c, ns, "a", 1, 1, "tcp", uaddr,
				     sizeof(uaddr));
		pm_client_vs_dump(c, ns, "a", count, &seen);
		pm_client_vs_call(c, ns, "a", "", 0, reply, sizeof(reply));
		pm_client_entries(c, ns, count, &seen);
		free(v);
		free(vs);
	}
	r = pm_client_open(argv[1], &c);
	if (r != -ECONNREFUSED) {
		printf("open: %d\n", r);
		return 1;
	}
	pm_client_close(NULL);
	if (pm_client_resolve("cookie:42", &ns) != 0 || ns != 42)
		return 2;
	if (pm_client_resolve("/proc/self/ns/net", &ns) != 0 || ns == 0)
		return 3;
	r = pm_client_netns_open("/proc/self/ns/net");
	if (r < 0)
		return 4;
	printf("%s\n", pm_client_strerror(-ECONNREFUSED));
	return 0;
}
EOF
expect_cmd "portmap.h alone compiles (C99, -pedantic, -Werror)" \
	"$CC" -std=c99 -pedantic -Wall -Wextra -Werror -I"$TMP/include" \
	-c -o "$TMP/user.o" "$TMP/user.c"
expect_cmd "links against libportmap.so with -Wl,--no-undefined" \
	"$CC" -o "$TMP/user" "$TMP/user.o" -L"$(dirname "$SO")" -lportmap \
	-Wl,--no-undefined
# A sanitized build's .so needs its runtime; the program is not sanitized.
if ldd "$SO" | grep -q libasan; then
	export ASAN_OPTIONS=verify_asan_link_order=0:detect_leaks=0
	export LD_PRELOAD=$(ldd "$SO" | awk '/libasan/ { print $3 }')
fi
out=$(LD_LIBRARY_PATH=$(dirname "$SO") "$TMP/user" "$TMP/no-daemon.sock" 2>&1)
expect_eq "the program runs against the library" \
	"0:rpcbindns is not running (no admin socket)" "$?:$out"
unset LD_PRELOAD

finish
