#!/usr/bin/env python3
"""The system call filter of packaging/seal-server.service lets the key server run its own
sandbox (src/server/server_sandbox.c, docs/SECURITY.md).

usage: check_unit_syscalls.py UNIT SANDBOX_SOURCE

The server installs its own seccomp filter and Landlock rules once it has started; inside the
unit, systemd's filter (SystemCallFilter=) already applies and answers every call it does not
allow with an error. So the unit must allow (1) the calls that install the server's sandbox
(seccomp, landlock_*), and (2) every call the server's own allowlist (`allowed[]` in
SANDBOX_SOURCE, plus the calls it allows with conditions: clone, kill, ioctl, prctl, socket, and clone3,
whose ENOSYS from the server's filter the C library needs to see) allows: a call systemd refuses
would fail with EPERM where the server expects it to work. Groups (@system-service, ...) are
expanded with `systemd-analyze syscall-filter`; names systemd does not know on this
architecture are skipped. Exit 1 with one line per refused call.
"""
import re
import subprocess
import sys

_groups = {}


def expand(group):
    """The calls of a group, nested groups expanded."""
    if group in _groups:
        return _groups[group]
    _groups[group] = set()
    out = subprocess.run(["systemd-analyze", "syscall-filter", group], capture_output=True,
                         text=True, check=True).stdout
    calls = set()
    for line in out.splitlines()[1:]:
        name = line.strip()
        if not name or name.startswith("#"):
            continue
        if name.startswith("@"):
            calls |= expand(name)
        else:
            calls.add(name)
    _groups[group] = calls
    return calls


def unit_filter(unit_text):
    """(allowed, denied) sets from the unit's SystemCallFilter= lines, in systemd's way: the
    first line decides allowlist or denylist; later '~' lines remove from an allowlist."""
    allowed, denied = None, set()
    for m in re.finditer(r"(?m)^SystemCallFilter=(.*)$", unit_text):
        value = m.group(1).strip()
        deny = value.startswith("~")
        names = value.lstrip("~").split()
        calls = set()
        for n in names:
            calls |= expand(n) if n.startswith("@") else {n}
        if deny:
            denied |= calls
        else:
            allowed = (allowed or set()) | calls
    return allowed, denied


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    unit = open(sys.argv[1], encoding="utf-8").read()
    src = open(sys.argv[2], encoding="utf-8").read()
    # allowed[]: one string of space-separated names (or a list of strings), up to its ";"
    m = re.search(r"\ballowed\[\]\s*=(.*?);\s*\n", src, re.S)
    if m is None:
        print("check_unit_syscalls: no allowed[] list in " + sys.argv[2])
        return 1
    # the sanitizer builds' extra calls (#ifdef SANDBOX_SANITIZER) are not the packaged server's
    body = re.sub(r"#ifdef SANDBOX_SANITIZER.*?#endif", "", m.group(1), flags=re.S)
    body = re.sub(r"/\*.*?\*/", "", body, flags=re.S)
    server = set(" ".join(re.findall(r'"([^"]*)"', body)).split())
    if len(server) < 20:
        print(f"check_unit_syscalls: only {len(server)} calls read from allowed[] in "
              f"{sys.argv[2]}: has its syntax changed?")
        return 1
    needed = server | {"seccomp", "landlock_create_ruleset", "landlock_add_rule",
                       "landlock_restrict_self", "clone", "clone3", "kill", "ioctl", "prctl",
                       "socket"}
    known = expand("@known")
    allowed, denied = unit_filter(unit)
    if allowed is None:
        print("check_unit_syscalls: the unit has no SystemCallFilter allowlist")
        return 1
    problems = sorted(c for c in needed if c in known and (c not in allowed or c in denied))
    for c in problems:
        print(f"check_unit_syscalls: the unit refuses {c}, which the server needs "
              f"({'its sandbox allows it' if c in server else 'to install its sandbox'}): "
              "allow it in SystemCallFilter=")
    print(f"check_unit_syscalls: {len(needed & known)} calls the server's sandbox needs, "
          f"{len(problems)} refused by the unit")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
