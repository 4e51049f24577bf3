#!/usr/bin/env python3
"""The API reference of libseal: runs Doxygen over include/seal/ and checks its warnings.

usage: docs_api.py DOXYGEN DOXYFILE [--input DIR] [--output DIR]

Builds the HTML reference (OUTPUT/html/index.html) from the configuration DOXYFILE (the
configured docs/Doxyfile.in; --input and --output override its INPUT and OUTPUT_DIRECTORY, for
the self-test) and fails (exit 1) when

  * a public function has no documentation comment (neither its own nor that of the block of
    declarations it belongs to), or
  * Doxygen reports anything else than a missing comment: a comment or a header it cannot
    read, a bad configuration, an error.

A type, a struct member, an enum value or a macro without a comment of its own is counted and
shown, not an error (many are described by the comment of their struct or block).
Every problem is one line "FILE:LINE: what".
"""
import os
import re
import subprocess
import sys

UNDOC = re.compile(r"^(.*?):(\d+): warning: (?:Member (\S+?)(?:\(.*\))? \(([a-z ]+)\)|Compound (\S+)) "
                   r"(?:of .* )?is not documented\.$")


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    doxygen, doxyfile = args[0], args[1]
    overrides = {}
    rest = args[2:]
    while rest:
        if len(rest) < 2 or rest[0] not in ("--input", "--output"):
            print(__doc__, file=sys.stderr)
            return 2
        overrides["INPUT" if rest[0] == "--input" else "OUTPUT_DIRECTORY"] = rest[1]
        rest = rest[2:]
    with open(doxyfile, encoding="utf-8") as f:
        config = f.read()
    out = overrides.get("OUTPUT_DIRECTORY")
    if out is None:
        m = re.search(r"^OUTPUT_DIRECTORY\s*=\s*(.*)$", config, re.M)
        out = m.group(1).strip() if m else "."
    os.makedirs(out, exist_ok=True)
    log = os.path.join(out, "warnings.log")
    for k, v in overrides.items():
        config += f'\n{k} = "{v}"'
    config += f'\nWARN_LOGFILE = "{log}"\n'
    p = subprocess.run([doxygen, "-"], input=config, text=True, capture_output=True)
    problems = []
    if p.returncode != 0:
        problems.append(f"doxygen exits {p.returncode}: {(p.stderr.strip().splitlines() or [''])[-1]}")
    lines = []
    if os.path.exists(log):
        with open(log, encoding="utf-8", errors="replace") as f:
            lines = [l.rstrip("\n") for l in f if l.strip()]
    counted = {}
    for line in lines:
        m = UNDOC.match(line)
        if m is None:
            if "warning:" in line or "error:" in line:
                problems.append(line)
            continue
        kind = m.group(4) or "type"
        if kind == "function":
            problems.append(f"{m.group(1)}:{m.group(2)}: public function {m.group(3)} has no "
                            "comment: describe it above its declaration")
        else:
            counted[kind] = counted.get(kind, 0) + 1
    for line in problems:
        print("docs-api: " + line)
    index = os.path.join(out, "html", "index.html")
    if not os.path.exists(index):
        problems.append(f"{index} was not written")
        print(f"docs-api: {index} was not written")
    extra = ", ".join(f"{n} {k}s" for k, n in sorted(counted.items()))
    print(f"docs-api: {index}; {len(problems)} problems"
          + (f"; without a comment of their own (not checked): {extra}" if extra else ""))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
