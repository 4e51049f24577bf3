#!/usr/bin/env bash
# The Python package next to the C library, the seal command and the official TS SDK, in one
# run: seal-bench seal (the C library in process), bench/python_bench.py (python/seal over
# libseal.so.0 with ctypes, and `seal encrypt` / `seal decrypt` as processes) and
# bench/anchors/sdk.mjs (@mysten/seal 1.4.12 on Node, as bench/compare-sdk.sh runs it), on
# 1 KiB and 64 MiB, AES-256-GCM, 2-of-3. Prints a table and the ratios (above 1: Python faster).
#
#   bench/python.sh [--quick] [--build DIR] [--json] [--out FILE.json]
#
# --json prints one JSON document on stdout (the table goes to stderr); --out writes it to FILE.
# The build directory defaults to $SEAL_BUILD_DIR or ./build (it must contain libseal.so.0,
# seal and bench/seal-bench). bench/anchors/node_modules is installed with `npm ci` on first use.
# A full run takes 2-4 minutes (the 64 MiB rows of the SDK dominate); --quick about a minute.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=${SEAL_BUILD_DIR:-$root/build}
quick=()
json=0
out=
while [[ $# -gt 0 ]]; do
    case "$1" in
    --quick) quick=(--quick) ;;
    --build) build=$2; shift ;;
    --json) json=1 ;;
    --out) out=$2; shift ;;
    -h | --help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "python-bench: unknown option '$1'" >&2; exit 2 ;;
    esac
    shift
done
build=$(cd "$build" && pwd)
for f in libseal.so.0 seal bench/seal-bench; do
    [[ -e $build/$f ]] || { echo "python-bench: $build/$f not found; build first" >&2; exit 1; }
done
py=/usr/bin/python3
[[ -x $py ]] || py=python3
command -v node >/dev/null || { echo "python-bench: node not found" >&2; exit 1; }
if [[ ! -d $here/anchors/node_modules/@mysten/seal ]]; then
    echo "python-bench: installing the anchors (npm ci in bench/anchors)" >&2
    (cd "$here/anchors" && npm ci --no-audit --no-fund >&2)
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "python-bench: seal-bench seal ${quick[*]:-}" >&2
"$build/bench/seal-bench" seal --json "${quick[@]}" >"$tmp/c.json" 2>"$tmp/c.err" ||
    { cat "$tmp/c.err" >&2; exit 1; }
echo "python-bench: python/seal and the seal command ${quick[*]:-}" >&2
SEAL_LIBRARY=$build/libseal.so.0 PYTHONDONTWRITEBYTECODE=1 \
    "$py" "$here/python_bench.py" --cli "$build/seal" --json "${quick[@]}" >"$tmp/py.json"
echo "python-bench: the SDK anchor ${quick[*]:-}" >&2
node "$here/anchors/sdk.mjs" --json "${quick[@]}" >"$tmp/sdk.json" 2>"$tmp/sdk.err" ||
    { cat "$tmp/sdk.err" >&2; exit 1; }
"$py" - "$tmp/c.json" "$tmp/py.json" "$tmp/sdk.json" "$json" >"$tmp/report.json" <<'PY'
import json, sys
c, py, sdk = (json.load(open(p)) for p in sys.argv[1:4])
to_stdout = sys.argv[4] == "1"
def find(d, k):  # seal-bench and the SDK anchor nest their results
    if isinstance(d, dict):
        if k in d and not isinstance(d[k], (dict, list)):
            return d[k]
        for v in d.values():
            r = find(v, k)
            if r is not None:
                return r
    return None
sdk_r = sdk.get("sdk", sdk)
rows = []
out = {"python": py["python"], "cli": py["cli"], "c": {}, "sdk": {}, "ratios": {}}
def ms(v, unit):
    return None if v is None else (v / 1000 if unit == "us" else v)
for label, pk, ck, sk, clik, unit in [
    ("encrypt 1 KiB", "encrypt_1k_2of3_us", "encrypt_1k_2of3_us", "encrypt_1k_2of3_us", "encrypt_1k_ms", "us"),
    ("encrypt 1 KiB, prepared keys", "encrypt_1k_2of3_prepared_us", "encrypt_1k_2of3_prepared_us", None, None, "us"),
    ("decrypt 1 KiB", "decrypt_1k_2of3_us", "decrypt_1k_2of3_us", "decrypt_1k_2of3_us", "decrypt_1k_ms", "us"),
    ("decrypt 1 KiB, checked", "decrypt_1k_2of3_checked_us", "decrypt_1k_2of3_checked_us", "decrypt_1k_2of3_checked_us", None, "us"),
    ("encrypt 64 MiB", "encrypt_64m_ms", "encrypt_64m_ms", "encrypt_64m_ms", "encrypt_64m_ms", "ms"),
    ("decrypt 64 MiB", "decrypt_64m_ms", "decrypt_64m_ms", "decrypt_64m_ms", "decrypt_64m_ms", "ms"),
    ("encrypt 64 MiB, out= buffer", "encrypt_64m_into_ms", "encrypt_64m_ms", "encrypt_64m_ms", None, "ms"),
    ("decrypt 64 MiB, out= buffer", "decrypt_64m_into_ms", "decrypt_64m_ms", "decrypt_64m_ms", None, "ms"),
    ("encrypt 64 MiB file", "encrypt_file_64m_ms", None, None, "encrypt_64m_ms", "ms"),
    ("decrypt 64 MiB file", "decrypt_file_64m_ms", None, None, "decrypt_64m_ms", "ms"),
]:
    p = ms(py["python"].get(pk), unit)
    cv = ms(find(c, ck), unit) if ck else None
    sv = ms(sdk_r.get(sk), unit) if sk else None
    cl = py["cli"].get(clik) if clik else None
    if ck and cv is not None:
        out["c"][ck] = find(c, ck)
    if sk and sv is not None:
        out["sdk"][sk] = sdk_r.get(sk)
    r = {"python_ms": p, "c_ms": cv, "cli_ms": cl, "sdk_ms": sv,
         "sdk_over_python": round(sv / p, 2) if sv and p else None,
         "cli_over_python": round(cl / p, 2) if cl and p else None,
         "python_over_c": round(p / cv, 2) if cv and p else None}
    out["ratios"][label] = r
    rows.append((label, p, cv, cl, sv))
f = lambda v: "-" if v is None else (f"{v:.3f}" if v < 10 else f"{v:.1f}")
lines = [f"{'(ms, median)':30} {'python':>10} {'C lib':>10} {'seal CLI':>10} {'TS SDK':>10}   SDK/py  CLI/py  py/C"]
for label, p, cv, cl, sv in rows:
    r = out["ratios"][label]
    g = lambda v: "-" if v is None else f"{v:.2f}"
    lines.append(f"{label:30} {f(p):>10} {f(cv):>10} {f(cl):>10} {f(sv):>10}   {g(r['sdk_over_python']):>6}  {g(r['cli_over_python']):>6}  {g(r['python_over_c']):>4}")
print("\n".join(lines), file=sys.stderr)
out["versions"] = {"python": py.get("python_version"), "sdk": sdk.get("versions"), "node": sdk.get("node")}
out["quick"] = py.get("quick")
print(json.dumps(out))
PY
if [[ $json == 1 ]]; then
    cat "$tmp/report.json"
fi
if [[ -n $out ]]; then
    cp "$tmp/report.json" "$out"
fi
