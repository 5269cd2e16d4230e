#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The documentation and the service units: every man page passes
# `mandoc -T lint` without a warning and renders with man(1); every
# option of `rpcbindns --help` is in rpcbindns(8); both systemd units pass
# `systemd-analyze verify`.  mandoc, man-db and systemd are needed: a
# missing tool is a failure, not a skip.
. "$(dirname "$0")/harness.sh"
integ_enter "$@"

PAGES="rpcbindns.8 rpcinfo-ns.8 libportmap.3 rpcbindns.conf.5"
UNITS="rpcbindns.service rpcbindns.socket"

# need TOOL PACKAGE: a tool the test cannot do without
need() {
	if command -v "$1" >/dev/null 2>&1; then
		ok "$1 is installed"
		return 0
	fi
	not_ok "$1 is installed (apt-get install $2)"
	return 1
}

if need mandoc mandoc; then
	for page in $PAGES; do
		f=$srcdir/man/$page
		if [ ! -f "$f" ]; then
			not_ok "man/$page exists"
			continue
		fi
		out=$(mandoc -T lint -W warning "$f" 2>&1)
		rc=$?
		expect_eq "mandoc -T lint: no error or warning in $page" \
			"0:" "$rc:$out"
	done

	# Every option of the usage text is documented.
	usage=$("$RPCBINDNS" --help 2>&1)
	mandoc -T ascii "$srcdir/man/rpcbindns.8" 2>/dev/null | sed "s/.\x08//g" \
		>"$TMP/rpcbindns.8.ascii"
	# documented OPTION ERE: an entry of the option list names it
	documented() {
		if grep -Eq -- "$2" "$TMP/rpcbindns.8.ascii"; then
			ok "rpcbindns(8) documents $1"
		else
			not_ok "rpcbindns(8) documents $1 (from --help)"
		fi
	}
	for opt in $(printf '%s\n' "$usage" | grep -oE -- '--[a-z][a-z-]*' |
		     sort -u); do
		documented "$opt" "^ +(-[a-z], )?$opt( |$)"
	done
	for opt in $(printf '%s\n' "$usage" | grep -oE -- '^ +-[a-z]\>' |
		     sort -u); do
		documented "$opt" "^ +$opt( |,|$)"
	done
fi

if need man man-db; then
	for page in $PAGES; do
		f=$srcdir/man/$page
		[ -f "$f" ] || continue
		MANWIDTH=80 man -l "$f" >"$TMP/$page.txt" 2>"$TMP/$page.err"
		rc=$?
		expect_eq "man -l renders $page without a message" \
			"0:" "$rc:$(cat "$TMP/$page.err")"
		expect_match "and the rendering has a NAME section" \
			"^NAME$" "$(cat "$TMP/$page.txt")"
	done
fi

if need systemd-analyze systemd; then
	# verify wants the ExecStart binary: use the one just built.
	mkdir "$TMP/units"
	for unit in $UNITS; do
		cp "$srcdir/systemd/$unit" "$TMP/units/$unit"
	done
	sed -i "s|^ExecStart=/usr/sbin/rpcbindns |ExecStart=$RPCBINDNS |" \
		"$TMP/units/rpcbindns.service"
	expect_match "the service runs the built daemon" \
		"^ExecStart=$RPCBINDNS -f " "$(cat "$TMP/units/rpcbindns.service")"
	out=$(cd "$TMP/units" && SYSTEMD_LOG_LEVEL=warning \
	      systemd-analyze verify --man=no $UNITS 2>&1)
	rc=$?
	expect_eq "systemd-analyze verify passes" 0 "$rc"
	expect_no_match "and says nothing about our units" \
		"rpcbindns\.(service|socket)" "$out"
	[ "$rc" = 0 ] || printf '%s\n' "$out"

	service=$(cat "$srcdir/systemd/rpcbindns.service")
	expect_no_match "the daemon keeps the host's network namespace" \
		"^PrivateNetwork=" "$service"
	expect_no_match "and the host's mounts, for /run/netns" \
		"^PrivateMounts=" "$service"
	# RestrictNamespaces= is allowed only if it lets "net" through.
	restrict=$(printf '%s\n' "$service" | sed -n 's/^RestrictNamespaces=//p')
	case $restrict in
	"" | no | false | off) ok "and may enter network namespaces" ;;
	"~"* | yes | true | on) not_ok "and may enter network namespaces" ;;
	*net*) ok "and may enter network namespaces" ;;
	*) not_ok "and may enter network namespaces" ;;
	esac
	expect_match "it keeps CAP_SYS_ADMIN for setns" \
		"^CapabilityBoundingSet=.*CAP_SYS_ADMIN" "$service"
fi

finish
