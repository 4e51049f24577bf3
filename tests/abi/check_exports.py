#!/usr/bin/env python3
"""Checks the dynamic symbol table of libseal.so against include/seal/*.h.

usage: check_exports.py LIBSEAL_SO INCLUDE_DIR SOVERSION

Fails (exit 1, one line per problem, saying what to do) when libseal.so
  - exports an internal name (seal__*, SEAL__*);
  - exports a symbol that no public header declares;
  - lacks a function or variable that a public header declares;
  - exports a symbol outside the version node SEAL_<major>, or has another SONAME;
  - include/seal/seal.h (the umbrella header) misses a public header.
Which symbols are exported is decided by the build (CMakeLists.txt: -fvisibility=hidden and
every public header included under `#pragma GCC visibility push(default)`), so adding a
function to a public header exports it, and nothing else needs editing.
"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from public_api import public_api  # noqa: E402


def dynamic_symbols(lib):
    out = subprocess.run(["readelf", "--dyn-syms", "--wide", lib], check=True,
                         capture_output=True, text=True).stdout
    syms = {}
    for line in out.splitlines():
        f = line.split()
        # Num: Value Size Type Bind Vis Ndx Name [(version)]
        if len(f) < 8 or not f[0].endswith(":") or f[6] == "UND":
            continue
        name = f[7]
        version = ""
        if "@" in name:
            name, version = re.split(r"@@?", name, maxsplit=1)
        if f[3] == "OBJECT" and f[6] == "ABS":
            continue  # the version node itself
        if f[4] in ("GLOBAL", "WEAK") and f[5] in ("DEFAULT", "PROTECTED"):
            syms[name] = version
    return syms


def soname(lib):
    out = subprocess.run(["readelf", "--dynamic", "--wide", lib], check=True,
                         capture_output=True, text=True).stdout
    m = re.search(r"\(SONAME\)\s+Library soname: \[(.*?)\]", out)
    return m.group(1) if m else None


def main():
    lib, include_dir, major = sys.argv[1], sys.argv[2], sys.argv[3]
    decls = {d.name: d for d in public_api(include_dir)}
    syms = dynamic_symbols(lib)
    problems = []
    node = "SEAL_" + major
    want_soname = "libseal.so." + major
    if soname(lib) != want_soname:
        problems.append(f"SONAME is {soname(lib)!r}, expected {want_soname!r} (project VERSION "
                        "major in CMakeLists.txt)")
    for name in sorted(syms):
        where = decls[name].header if name in decls else None
        if name.startswith(("seal__", "SEAL__")):
            hint = (f"include/seal/{where} declares it: move the declaration to the module's "
                    "internal header (src/<module>/internal.h); public names are seal_* or "
                    "SEAL_*" if where else "give it a public name, or keep it internal")
            problems.append(f"exports the internal symbol {name}: {hint}")
        elif name not in decls:
            problems.append(
                f"exports {name}, which no header in include/seal/ declares: make it static, or "
                "declare it in an internal header (it is then hidden); a symbol meant to be API "
                "is declared and documented in include/seal/")
        elif syms[name] != node:
            problems.append(f"exports {name} with version {syms[name] or '(none)'!r}, expected "
                            f"{node} (src/libseal.map)")
    for name, d in sorted(decls.items()):
        if name not in syms:
            problems.append(
                f"include/seal/{d.header}:{d.line} declares {name} ({d.kind}), which libseal.so "
                "does not export: define it in a library source (src/util, bls, bcs, seal, sui, "
                "audit, ledger, proto, chain, client, committee), make it static inline, or "
                "remove the declaration (the key server, localnet and aggregator are not in "
                "libseal: their API lives in src/)")
    umbrella = os.path.join(include_dir, "seal.h")
    if os.path.exists(umbrella):
        text = open(umbrella, encoding="utf-8").read()
        for h in sorted(os.listdir(include_dir)):
            if h.endswith(".h") and h != "seal.h" and f'"seal/{h}"' not in text:
                problems.append(f"include/seal/seal.h does not include seal/{h}: add "
                                f'#include "seal/{h}" (the umbrella header has them all)')
    for p in problems:
        print("check_exports: " + p)
    n_fn = sum(1 for d in decls.values() if d.kind == "function")
    n_var = len(decls) - n_fn
    print(f"check_exports: {len(syms)} exported symbols (version {node}, SONAME "
          f"{soname(lib)}); {n_fn} functions and {n_var} variables declared in "
          f"{include_dir}; {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
