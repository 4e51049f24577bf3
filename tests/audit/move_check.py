#!/usr/bin/env python3
"""The Move source of the audit module (move/audit/, not compiled here: no Sui toolchain) against
the native module the embedded ledger runs (src/ledger/audit_log.c) and the formats of
include/seal/audit.h, so that neither drifts from the other unnoticed:
  * abort codes: every Move constant E<Name> equals the C enum SEAL_LEDGER_AUDIT_E<NAME>, and
    the two sets are the same;
  * the AuditLog struct: Move's fields, in order, have the BCS shapes the C decoder reads
    (UID = 32 fixed bytes, vector<u8> = length-prefixed bytes, u64);
  * the entry functions create(public_key) and anchor(log, tree_size, timestamp_ms, root_hash,
    signature), in the native's argument order, and each abort raised by the native in the Move
    function of the same name;
  * the domain strings of the log id and of the signed tree head, as the C library spells them;
  * the empty tree's root: SHA-256 of nothing (RFC 9162).
Usage: move_check.py SOURCE_DIR   (prints one line per check; exit 1 on any failure)
"""
import re
import sys

root = sys.argv[1]
move = open(f"{root}/move/audit/sources/audit_log.move").read()
header = open(f"{root}/include/seal/ledger_audit.h").read()
native = open(f"{root}/src/ledger/audit_log.c").read()
internal = open(f"{root}/src/audit/internal.h").read()
failed = 0


def check(what, ok, detail=""):
    global failed
    print(("ok   " if ok else "FAIL ") + what + ("" if ok else f": {detail}"))
    failed += not ok


def snake_upper(camel):
    return re.sub(r"(?<=[a-z])(?=[A-Z])", "_", camel).upper()


# ---- abort codes ----
move_codes = {f"SEAL_LEDGER_AUDIT_E{snake_upper(n)}": int(v)
              for n, v in re.findall(r"const E(\w+): u64 = (\d+);", move)}
c_codes = {n: int(v) for n, v in re.findall(r"(SEAL_LEDGER_AUDIT_E\w+) = (\d+)", header)}
check("abort codes: at least 4 in Move", len(move_codes) >= 4, str(move_codes))
check("abort codes: the same names and values in Move and C", move_codes == c_codes,
      f"Move {move_codes} C {c_codes}")

# ---- the struct ----
m = re.search(r"public struct AuditLog has key \{(.*?)\}", move, re.S)
fields = re.findall(r"(\w+): ([\w<>]+),", m.group(1)) if m else []
shape = {"UID": "fixed32", "vector<u8>": "bytes", "u64": "u64"}
move_shapes = [shape.get(t, t) for _, t in fields]
dec = native[native.index("seal_ledger_audit_log_decode("):]
dec = dec[:dec.index("seal_bcs_reader_finish")]
c_shapes = [{"read_fixed": "fixed32", "read_bytes": "bytes", "read_u64": "u64"}[c]
            for c in re.findall(r"seal_bcs_(read_fixed|read_bytes|read_u64)\(", dec)]
check("AuditLog fields: id, public_key, log_id, tree_size, timestamp_ms, root_hash, signature",
      [n for n, _ in fields] == ["id", "public_key", "log_id", "tree_size", "timestamp_ms",
                                 "root_hash", "signature"], str(fields))
check("AuditLog: the BCS shapes of the C decoder, in order", move_shapes == c_shapes,
      f"Move {move_shapes} C {c_shapes}")

# ---- entry functions ----
def params(name):
    f = re.search(r"entry fun " + name + r"\((.*?)\)\s*\{", move, re.S)
    return [p.split(":")[0].strip() for p in f.group(1).split(",") if p.strip()] if f else None


check("entry fun create(public_key, ctx)", params("create") == ["public_key", "ctx"],
      str(params("create")))
check("entry fun anchor(log, tree_size, timestamp_ms, root_hash, signature)",
      params("anchor") == ["log", "tree_size", "timestamp_ms", "root_hash", "signature"],
      str(params("anchor")))
anchor_c = re.search(r"seal__ledger_audit_log_anchor\((.*?)\)\s*\{", native, re.S).group(1)
order = [w for w in ("tree_size", "timestamp_ms", "root", "sig") if w in anchor_c]
check("the native anchor takes tree_size, timestamp_ms, root, sig in that order",
      order == ["tree_size", "timestamp_ms", "root", "sig"] and
      [anchor_c.index(w) for w in order] == sorted(anchor_c.index(w) for w in order), anchor_c)


def body(name):
    s = move[move.index("entry fun " + name):]
    return s[:s.index("\n}\n")]


for fn, code in re.findall(r'abort_with\(out, "(\w+)", (SEAL_LEDGER_AUDIT_E\w+)\)', native):
    move_name = next((f"E{n}" for n in re.findall(r"const E(\w+): u64", move)
                      if f"SEAL_LEDGER_AUDIT_E{snake_upper(n)}" == code), None)
    check(f"{fn} aborts with {code} in Move too", move_name is not None and
          move_name in body(fn), f"{move_name} not in Move's {fn}")

# ---- signed bytes ----
for what, macro in (("log id", "SEAL__AUDIT_DOMAIN_LOG_ID"),
                    ("tree head", "SEAL__AUDIT_DOMAIN_TREE_HEAD")):
    dom = re.search(macro + r' "([^"]+)"', internal).group(1)
    check(f"the {what} domain {dom!r} in Move", f'b"{dom}"' in move)
check("tree head message: domain, log_id, tree_size, timestamp_ms, root_hash",
      re.search(r"msg\.append\(log\.log_id\);\s*msg\.append\(bcs::to_bytes\(&tree_size\)\);\s*"
                r"msg\.append\(bcs::to_bytes\(&timestamp_ms\)\);\s*msg\.append\(root_hash\);",
                move) is not None)
check("the empty tree's root: sha2_256 of nothing", "root_hash: sha2_256(vector[])" in move)

print(f"{failed} failed")
sys.exit(1 if failed else 0)
