#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""
Fails when the TA's sources include each other in a cycle.

A module is a .c file and its .h (ta/core/sign.c and ta/core/sign.h are one
module, core/sign). Module A depends on B when a file of A includes B's
header with #include "...". Any cycle among the modules of ta/ (the entry
files, core/, policy/, crypto/, include/) is reported with its edges, and
the check fails: each module then has one place in the layering, so a
newcomer can read core/ and policy/ bottom up.

Usage: check-includes.py [TA_DIR]   (default: the ta/ beside this script)
It first checks itself on a small tree with a known cycle, then TA_DIR, and
prints "1 passed, 0 failed" or "0 passed, 1 failed" as its last line, the
count line `make test-all` adds up (target test-includes).
"""
import os
import re
import sys
import tempfile

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
# Where a quoted include is looked for after the including file's own folder:
# the -I list of the Makefile and of ta/sub.mk.
SEARCH = ["include", "crypto", "policy", "core", "."]


def sources(ta):
    for folder, _, names in os.walk(ta):
        for name in names:
            if name.endswith((".c", ".h")):
                yield os.path.relpath(os.path.join(folder, name), ta)


def module(path):
    return os.path.splitext(path)[0]


def resolve(ta, including, header):
    for folder in [os.path.dirname(including)] + SEARCH:
        candidate = os.path.normpath(os.path.join(folder, header))
        if os.path.isfile(os.path.join(ta, candidate)):
            return candidate
    return None  # not ours (a system or libsodium header, a generated file)


def graph(ta):
    edges = {}
    for path in sources(ta):
        if path.startswith("sodium" + os.sep):
            continue  # the libsodium glue: third-party code, not a TA module
        with open(os.path.join(ta, path), encoding="utf-8") as f:
            text = f.read()
        src = module(path)
        edges.setdefault(src, {})
        for header in INCLUDE.findall(text):
            target = resolve(ta, path, header)
            if target and module(target) != src:
                edges[src].setdefault(module(target), path)
                edges.setdefault(module(target), {})
    return edges


def cycles(edges):
    """Every strongly connected component with more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(10000)
    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def finds_a_known_cycle():
    """The check itself, on a small tree: a.c -> b.h, b.c -> a.h is a cycle."""
    files = {
        "core/a.h": "",
        "core/a.c": '#include "a.h"\n#include "b.h"\n',
        "core/b.h": '#include <stdint.h>\n',
        "core/b.c": '#include "b.h"\n#include "a.h"\n',
        "policy/c.c": '#include "a.h"\n',
    }
    with tempfile.TemporaryDirectory() as ta:
        for path, text in files.items():
            os.makedirs(os.path.join(ta, os.path.dirname(path)), exist_ok=True)
            with open(os.path.join(ta, path), "w", encoding="utf-8") as f:
                f.write(text)
        return cycles(graph(ta)) == [["core/a", "core/b"]]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ta = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "ta")
    if not finds_a_known_cycle():
        print("check-includes: the check misses a known cycle")
        print("0 passed, 1 failed")
        return 1
    edges = graph(ta)
    found = cycles(edges)
    n_edges = sum(len(targets) for targets in edges.values())
    if not found:
        print(f"check-includes: {len(edges)} modules, {n_edges} include edges, no cycle")
        print("1 passed, 0 failed")
        return 0
    for component in found:
        print("check-includes: include cycle among " + ", ".join(component))
        members = set(component)
        for src in component:
            for dst, via in sorted(edges[src].items()):
                if dst in members:
                    print(f"  {via} includes {dst}.h")
    print("0 passed, 1 failed")
    return 1


if __name__ == "__main__":
    sys.exit(main())
