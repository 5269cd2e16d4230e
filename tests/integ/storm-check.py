#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""storm-check.py - after a kill and a restart, does each namespace's table
hold exactly what storm-client was told it holds?

usage: storm-check.py STATE DIR

DIR holds, for each namespace N (a name), dump.N (the output of `rpcinfo
HOST` in it) and log.N.* (the logs of the storm-clients that ran in it
this round).
STATE is a JSON file this script keeps between rounds: each namespace's
table as last seen and every program ever asked for there.

Each table must be what the answered calls of the logs made of the table
last seen; only a client's last call without an answer may have landed
or not.  Nothing may appear that no client asked for in that namespace.
Prints a line of counts and exits 0 if all holds, else prints what does
not and exits 1; STATE then holds the tables seen, for the next round.
"""
import glob
import json
import os
import sys

PMAP_PROG = 100000
MAX_ERRORS = 10


def apply(call, cur):
    """The address a program has after @call, from @cur (None: none)."""
    if call[0] == "unset":
        return None
    addr = call[2]
    return addr if cur in (None, addr) else cur


def read_log(path):
    """The lines of a log; a cut last line never counts."""
    with open(path) as f:
        return f.read().split("\n")[:-1]


def replay(path, table, asked, errors):
    """Apply the answered calls of one log to @table; return the call
    left without an answer, or None."""
    pending = None
    for line in read_log(path):
        tag, words = line[:1], line[2:].split()
        if tag == ">":
            if pending:
                errors.append("%s: two calls in flight" % path)
            pending = words
            if words[0] == "set":
                asked.add(words[1])
        elif tag == "=":
            call, answer = words[:-1], words[-1]
            if call != pending:
                errors.append("%s: answer to a call not made: %s"
                              % (path, line))
            check_answer(path, call, answer, table, errors)
            pending = None
    return pending


def check_answer(path, call, answer, table, errors):
    """An answer must agree with the table the earlier answers made."""
    prog, cur = call[1], table.get(call[1])
    want = "false" if call[0] == "set" and cur not in (None, call[2]) \
        else "true"
    if answer != want:
        errors.append("%s: %s answered %s while %s held %s"
                      % (path, " ".join(call), answer, prog, cur or "nothing"))
    if answer == "true":
        new = apply(call, cur)
        if new is None:
            table.pop(prog, None)
        else:
            table[prog] = new


def read_dump(path, errors):
    """{prog: uaddr} of a dump, the portmapper's own entries left out."""
    seen, has_pmap = {}, False
    with open(path) as f:
        for line in f:
            w = line.split()
            if not w or not w[0].isdigit():
                continue
            if int(w[0]) == PMAP_PROG:
                has_pmap = True
            elif w[1:3] != ["1", "udp"] or w[0] in seen:
                errors.append("%s: unexpected entry: %s"
                              % (path, line.strip()))
            else:
                seen[w[0]] = w[3]
    if not has_pmap:
        errors.append("%s: not a portmapper's dump" % path)
    return seen


def check_ns(ns, directory, state, counts, errors):
    """Namespace @ns's table against its logs; @state takes what it has."""
    st = state.setdefault(ns, {"table": {}, "asked": []})
    table, asked = dict(st["table"]), set(st["asked"])
    in_flight = {}
    for log in sorted(glob.glob(os.path.join(directory, "log.%s.*" % ns))):
        call = replay(log, table, asked, errors)
        if call:
            in_flight[call[1]] = call
    seen = read_dump(os.path.join(directory, "dump.%s" % ns), errors)
    for prog in set(table) | set(seen) | set(in_flight):
        before, got = table.get(prog), seen.get(prog)
        allowed = {before}
        if prog in in_flight:
            allowed.add(apply(in_flight[prog], before))
        if got in allowed:
            if prog in in_flight and got != before:
                counts["landed"] += 1
            continue
        if prog not in asked:
            errors.append("ns %s: %s at %s: never asked for" % (ns, prog, got))
        else:
            errors.append("ns %s: %s at %s: the answered calls say %s"
                          % (ns, prog, got or "nothing",
                             " or ".join(a or "nothing" for a in allowed)))
    counts["in_flight"] += len(in_flight)
    st["table"], st["asked"] = seen, sorted(asked)


def count_answers(directory):
    n = 0
    for log in glob.glob(os.path.join(directory, "log.*")):
        n += sum(1 for line in read_log(log) if line.startswith("= "))
    return n


def main():
    state_path, directory = sys.argv[1:]
    try:
        with open(state_path) as f:
            state = json.load(f)
    except FileNotFoundError:
        state = {}
    errors = []
    counts = {"answered": count_answers(directory), "in_flight": 0,
              "landed": 0}
    for dump in sorted(glob.glob(os.path.join(directory, "dump.*"))):
        check_ns(dump.rsplit(".", 1)[1], directory, state, counts, errors)
    with open(state_path, "w") as f:
        json.dump(state, f)
    print(" ".join("%s=%d" % kv for kv in counts.items()))
    for e in errors[:MAX_ERRORS]:
        print(e)
    if len(errors) > MAX_ERRORS:
        print("and %d more" % (len(errors) - MAX_ERRORS))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
